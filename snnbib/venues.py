"""The venue registry (data/venues.toml): short names, full titles, publishers, kinds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ParseError
from .model import Kind
from .tomlio import check_types, read_toml

VENUES_FILE = "venues.toml"
VENUE_FIELDS = {"kind": str, "title": str, "publisher": str, "series": str, "first_year": int,
                "aliases": list, "doi": list, "issn_pii": str}
# Words that tell the kind of a venue the registry does not know, first match wins.
KIND_WORDS = (
    (re.compile(r"\b(journal|transactions|magazine|letters|review|annals|nature|science)\b", re.I), Kind.JOURNAL_ARTICLE),
    (re.compile(r"\b(proceedings|conference|workshop|symposium|congress|meeting)\b", re.I), Kind.CONFERENCE_PAPER),
    (re.compile(r"\b(arxiv|biorxiv|preprint|corr)\b", re.I), Kind.PREPRINT),
)
_UNITS = ("", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth")
_TEENS = ("Tenth", "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth",
          "Seventeenth", "Eighteenth", "Nineteenth")
_TENS = ("", "", "Twent", "Thirt", "Fort", "Fift", "Sixt", "Sevent", "Eight", "Ninet")


def ordinal(n: int) -> str:
    """1 -> 1st, 22 -> 22nd, 13 -> 13th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ordinal_words(n: int) -> str:
    """1..99 in words: 33 -> Thirty-Third."""
    if n < 10:
        return _UNITS[n]
    if n < 20:
        return _TEENS[n - 10]
    tens, units = divmod(n, 10)
    return f"{_TENS[tens]}y-{_UNITS[units]}" if units else f"{_TENS[tens]}ieth"


@dataclass(frozen=True)
class Venue:
    name: str
    kind: Kind
    title: str
    publisher: str = ""
    series: str = ""
    first_year: int = 0
    aliases: tuple[str, ...] = ()
    doi_prefixes: tuple[str, ...] = ()
    issn_pii: str = ""

    def container_title(self, year: int | None) -> str:
        """The full title; edition ordinals and the year are filled in when the year is known."""
        if "{" not in self.title:
            return self.title
        edition = year - self.first_year + 1 if year and self.first_year else 0
        if not year or ("{n" in self.title.lower() and edition < 1):
            return " ".join(re.sub(r"\{(n|N|year)\}", "", self.title).split())
        return self.title.format(n=ordinal(edition), N=ordinal_words(edition), year=year)

    def event(self, year: int | None) -> str:
        """The conference name with year ("NeurIPS 2023"); empty for journals and preprints."""
        if self.kind is not Kind.CONFERENCE_PAPER:
            return ""
        return f"{self.name} {year}" if year else self.name


@dataclass(frozen=True)
class VenueRegistry:
    venues: dict[str, Venue]
    _index: dict[str, str]

    def find(self, name: str) -> Venue | None:
        """A venue by short name or alias, case-insensitively ("NIPS" -> NeurIPS)."""
        return self.venues.get(self._index.get(_fold(name), ""))

    def find_or_guess(self, name: str) -> Venue:
        """A registered venue, else one made from the name as written, its kind guessed from
        its words ("IEEE Signal Processing Magazine" is a journal); unknown kind: paper."""
        found = self.find(name)
        if found is not None:
            return found
        kind = next((k for pattern, k in KIND_WORDS if pattern.search(name)), Kind.PAPER)
        return Venue(name=name, kind=kind, title=name)

    def by_doi(self, doi: str) -> Venue | None:
        lowered = doi.lower()
        for venue in self.venues.values():
            if any(lowered.startswith(p.lower()) for p in venue.doi_prefixes):
                return venue
        return None

    def by_pii(self, pii: str) -> Venue | None:
        digits = re.sub(r"\W", "", pii).upper()
        for venue in self.venues.values():
            if venue.issn_pii and digits[1:9] == venue.issn_pii:
                return venue
        return None


def _header_line(path: Path, name: str) -> int | None:
    header = re.compile(rf"""^\s*\[\s*(?:{re.escape(name)}|"{re.escape(name)}")\s*\]""")
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((n for n, line in enumerate(lines, 1) if header.match(line)), None)


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.lower())


def load_venues(data_dir: Path) -> VenueRegistry:
    path = data_dir / VENUES_FILE
    venues: dict[str, Venue] = {}
    index: dict[str, str] = {}
    for name, item in read_toml(path).items():
        if not isinstance(item, dict):
            raise ParseError(path, f"{name!r} must be a [{name}] table")
        check_types(path, _header_line(path, name), item, VENUE_FIELDS, f"venue {name!r}")
        try:
            kind = Kind(item["kind"])
            venue = Venue(
                name=name, kind=kind, title=item["title"], publisher=item.get("publisher", ""),
                series=item.get("series", ""), first_year=int(item.get("first_year", 0)),
                aliases=tuple(item.get("aliases", [])), doi_prefixes=tuple(item.get("doi", [])),
                issn_pii=item.get("issn_pii", ""),
            )
        except (KeyError, ValueError) as exc:
            problem = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
            raise ParseError(path, f"venue {name!r}: {problem}", _header_line(path, name)) from None
        venues[name] = venue
        for alias in (name, *venue.aliases):
            index[_fold(alias)] = name
    return VenueRegistry(venues, index)
