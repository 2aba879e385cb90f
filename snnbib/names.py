"""Author names: list text such as "Maass W and Markram H" or "Tavanaei et al." -> Persons."""

from __future__ import annotations

import re

from .model import Person

# each pattern starts where a run of spaces (or of word characters) starts, not inside it:
# the same matches, found in linear time on a long run (a list line of 100k spaces or letters)
ET_AL = re.compile(r"(?<!\s)\s*(?:,\s*)?\bet\.?\s*al\b\.?", re.I)
SEPARATORS = re.compile(r"(?<!\s)\s*(?:,|;|\band\b|&)\s*", re.I)
FAMILY_GIVEN_AND = re.compile(r"\b\w+, \w+ and ")  # "Family, Given and Family, Given"
FAMILY_GIVEN_SEPARATORS = re.compile(r"(?<!\s)(?:\s+and\s+|\s*&\s*|\s*;\s*)")
INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,3}$")


def split_initials(initials: str) -> str:
    """"HT" -> "H. T.", "G." -> "G."."""
    letters = re.findall(r"[A-Z]", initials)
    return " ".join(f"{letter}." for letter in letters)


def parse_person(text: str) -> Person | None:
    """One name: "Maass W" (family + initials), "Wolfgang Maass", "Maass, Wolfgang" or "Maass"."""
    text = text.strip().strip(".")
    if not text:
        return None
    if "," in text:
        family, given = (part.strip() for part in text.split(",", 1))
        return Person(family, given)
    words = text.split()
    if len(words) >= 2 and INITIALS.match(words[-1]):
        return Person(" ".join(words[:-1]), split_initials(words[-1]))
    if len(words) >= 2:
        return Person(words[-1], " ".join(words[:-1]))
    return Person(words[0])


def parse_author_text(text: str) -> tuple[tuple[Person, ...], bool]:
    """Persons in order, and whether the list ends in "et al." (known incomplete)."""
    et_al = bool(ET_AL.search(text))
    text = ET_AL.sub("", text).strip()
    if not text:
        return (), et_al
    # "Family, Given and Family, Given" keeps its commas; otherwise commas separate names
    chunks = FAMILY_GIVEN_SEPARATORS.split(text) if FAMILY_GIVEN_AND.search(text) else SEPARATORS.split(text)
    persons = tuple(p for p in (parse_person(c) for c in chunks) if p is not None)
    return persons, et_al
