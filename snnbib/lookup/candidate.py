"""What a provider found for a record: a Candidate, built from the services' JSON shapes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from ..model import Person, Record

PREPRINT_DOI_PREFIX = "10.48550/"  # arXiv's DataCite DOIs: never a published version's DOI
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "dos"}
_DBLP_HOMONYM = re.compile(r"\s+\d{4}$")  # DBLP disambiguates "Li Yuan 0001"


@dataclass(frozen=True)
class Candidate:
    """One work a provider returned, in snnbib's terms. Empty string or () means unknown."""

    provider: str
    title: str
    authors: tuple[Person, ...] = ()
    year: int | None = None
    venue: str = ""  # short or full venue name as the provider gives it
    container_title: str = ""
    doi: str = ""  # published version's DOI, lower case
    pages: str = ""
    volume: str = ""
    issue: str = ""
    publisher: str = ""
    arxiv_class: str = ""
    dblp: str = ""
    by_identifier: bool = False  # fetched by DOI or arXiv id, not found by a title search

    def values(self) -> dict[str, Any]:
        """The enrichable fields this candidate knows, by lookup field name."""
        out: dict[str, Any] = {
            "doi": self.doi, "authors": self.authors, "pages": self.pages,
            "volume": self.volume, "issue": self.issue,
            "container_title": self.container_title, "publisher": self.publisher,
            "arxiv_class": self.arxiv_class, "dblp": self.dblp,
        }
        return {k: v for k, v in out.items() if v}


def clean_doi(value: object) -> str:
    """A bare lower-case DOI from a DOI, a doi.org URL or '' (preprint DOIs are dropped)."""
    match = _DOI.search(str(value or ""))
    if not match:
        return ""
    doi = match.group(0).rstrip(".,;").lower()
    return "" if doi.startswith(PREPRINT_DOI_PREFIX) else doi


def dblp_key(key: object) -> str:
    """A DBLP record key in the dataset's form, "DBLP:conf/iclr/ZhouZHWY0023"."""
    key = str(key or "").strip()
    return key if not key or key.startswith("DBLP:") else f"DBLP:{key}"


def split_name(full: str) -> Person:
    """'Given Names Family' -> Person; lower-case particles (van, de...) join the family name."""
    words = _DBLP_HOMONYM.sub("", full.strip()).split()
    if not words:
        return Person("")
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return Person(" ".join(words[start:]), " ".join(words[:start]))


def first(value: object) -> str:
    """A CSL/Crossref value that may be a string or a list of strings -> its first string."""
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value or "")


def csl_year(item: Mapping[str, Any]) -> int | None:
    for key in ("issued", "published", "published-print", "published-online", "created"):
        parts = (item.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and parts[0][0]:
            try:
                return int(parts[0][0])
            except (TypeError, ValueError):
                continue
    return None


def csl_authors(items: object) -> tuple[Person, ...]:
    people = []
    for author in items if isinstance(items, list) else []:
        if not isinstance(author, dict):
            continue
        if author.get("family"):
            people.append(Person(str(author["family"]), str(author.get("given", ""))))
        elif author.get("literal") or author.get("name"):
            people.append(split_name(str(author.get("literal") or author.get("name"))))
    return tuple(people)


def from_csl(item: Mapping[str, Any], provider: str, by_identifier: bool = False) -> Candidate:
    """A Candidate from CSL-JSON or a Crossref work (the two share most field names)."""
    title = first(item.get("title"))
    subtitle = first(item.get("subtitle"))
    return Candidate(
        provider=provider,
        title=f"{title}: {subtitle}" if title and subtitle else title,
        authors=csl_authors(item.get("author")),
        year=csl_year(item),
        venue=first(item.get("short-container-title") or item.get("container-title-short")),
        container_title=first(item.get("container-title")),
        doi=clean_doi(item.get("DOI")),
        pages=str(item.get("page") or "").replace("\u2013", "-"),
        volume=str(item.get("volume") or ""),
        issue=str(item.get("issue") or ""),
        publisher=str(item.get("publisher") or ""),
        by_identifier=by_identifier,
    )


def from_record(record: Record, provider: str) -> Candidate:
    """A Candidate from a Record read from elsewhere (a user's own .bib or CSL-JSON), so
    `matching.decide` can verify it before any value is taken (`enrich --fuzzy`)."""
    return Candidate(
        provider=provider, title=record.title, authors=record.authors, year=record.year,
        venue=record.venue, container_title=record.container_title,
        doi=clean_doi(record.ids.doi), pages=record.pages, volume=record.volume,
        issue=record.issue, publisher=record.publisher, arxiv_class=record.ids.arxiv_class,
        dblp=record.ids.dblp,
    )
