"""Text normalisation as small ordered pure steps, each testable alone.

`clean_title` runs TITLE_STEPS in order; `title_key` gives the comparison form used for merging.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable, Iterable

# Mojibake that ftfy cannot undo: UTF-8 read as cp1252 where a byte was lost (list 004).
# The ligature U+FB01 is EF AC 81; 0x81 has no cp1252 character, so only "ï¬" survives.
MOJIBAKE = (
    ("ï¬€", "ff"),
    ("ï¬ƒ", "ffi"),
    ("ï¬„", "ffl"),
    ("ï¬‚", "fl"),
    ("ï¬\x81", "fi"),
    ("ï¬", "fi"),
    ("Â\xa0", " "),
    ("Â ", " "),
)
LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
LIGATURE_TABLE = str.maketrans(LIGATURES)


def fix_mojibake(text: str) -> str:
    """Undo double-encoded UTF-8 (ftfy), then the lossy cases ftfy leaves behind."""
    for bad, good in MOJIBAKE:
        text = text.replace(bad, good)
    if any(ch in text for ch in "ÃÂâï"):
        import ftfy

        text = ftfy.fix_text(text, normalization="NFC")
    for bad, good in MOJIBAKE:
        text = text.replace(bad, good)
    return text


def expand_ligatures(text: str) -> str:
    return text.translate(LIGATURE_TABLE)


def strip_emphasis(text: str) -> str:
    """Remove markdown emphasis markers left around words (`**x**`, `*x*`, `__x__`)."""
    # spans are bounded so that a title full of stray `*` cannot make the search quadratic
    text = re.sub(r"(\*\*|__)(.{1,400}?)\1", r"\2", text)
    return re.sub(r"(?<![\w*])\*(?!\s)(.{1,400}?)(?<!\s)\*(?![\w*])", r"\1", text)


def collapse_whitespace(text: str) -> str:
    """One ASCII space between words, including NBSP; zero-width and bidi control characters go."""
    text = re.sub(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", "", text)
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def tidy_punctuation(text: str) -> str:
    """No space before `:`/`,`; a space after `:`; no trailing period or dangling separators."""
    text = re.sub(r"(?<!\s)\s+([:,;?!])", r"\1", text)  # from a run's start: linear on long runs
    text = re.sub(r":(?=[^\s/\d])", ": ", text)
    return text.strip(" .,;-–—")


TITLE_STEPS: tuple[Callable[[str], str], ...] = (
    fix_mojibake,
    expand_ligatures,
    strip_emphasis,
    collapse_whitespace,
    tidy_punctuation,
)


def clean_title(text: str, steps: Iterable[Callable[[str], str]] = TITLE_STEPS) -> str:
    for step in steps:
        text = step(text)
    return text


def clean_text(text: str) -> str:
    """Clean a non-title text field (author text, description)."""
    return collapse_whitespace(strip_emphasis(expand_ligatures(fix_mojibake(text))))


def ascii_fold(text: str) -> str:
    """Accents removed, other non-ASCII dropped: `Müller` -> `Muller`."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=1 << 16)  # the build asks for the key of each title several times
def title_key(title: str) -> str:
    """The comparison form of a title: ASCII-folded, lower case, words only.

    `Title: Subtitle` and `Title, Subtitle` give the same key; so do `Time-Constant`
    and `time constant`.
    """
    folded = ascii_fold(expand_ligatures(fix_mojibake(title))).lower()
    return " ".join(re.findall(r"[a-z0-9]+", folded))


def casing_score(title: str) -> tuple[int, int, int]:
    """How well-cased a title looks; the best-scoring variant is shown.

    Lower-case starts and ALL-CAPS titles lose; colons beat commas as subtitle separators
    (list 002 writes `GLIF, A Unified ...` because its titles are file names).
    """
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", title)
    if not words:
        return (0, 0, 0)
    letters = [c for c in title if c.isalpha()]
    upper_ratio = sum(c.isupper() for c in letters) / max(len(letters), 1)
    shouting = upper_ratio > 0.7 and len(words) > 2
    capitalised = sum(w[0].isupper() for w in words)
    starts_upper = title[:1].isupper()
    return (int(starts_upper and not shouting), capitalised, int(":" in title))


def best_title(variants: Iterable[str]) -> str:
    """The best-cased of several spellings of one title (ties: first seen)."""
    best, best_score = "", None
    for variant in variants:
        score = casing_score(variant)
        if best_score is None or score > best_score:
            best, best_score = variant, score
    return best
