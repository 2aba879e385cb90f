"""Verified bibliographic facts (data/enrichment.jsonl) and how they are matched to records.

`snnbib enrich --from FILE` turns a CSL-JSON or BibTeX file into facts: authors in order,
venue, year, pages, volume, DOIs and ids, each with the file it came from. A fact is matched
to a record by DOI, arXiv id, or the exact normalised title with the year within one; never
by fuzzy similarity unless the caller asks for verified fuzzy scoring. The build applies facts
before citation keys are given, so keys are author-based from the start.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from . import jsonio
from .errors import ParseError
from .fsutil import atomic_write_text
from .textfile import check_file, read_text_file
from .normalize import clean_title, title_key

FACTS_FILE = "enrichment.jsonl"
FACT_FIELDS = ("title", "authors", "year", "venue", "container_title", "event", "publisher",
               "volume", "issue", "pages", "url", "kind")
CSL_KIND = {"paper-conference": "conference-paper", "article-journal": "journal-article",
            "article": "preprint", "book": "book", "software": "software"}
DBLP_KEY = re.compile(r"dblp key (\S+?);")
OPENREVIEW_URL = re.compile(r"openreview\.net/(?:forum|pdf)\?id=([\w-]+)")
ARXIV_NUMBER = re.compile(r"(?:arXiv:)?(\d{4}\.\d{4,5})", re.I)
MAX_BIBLIOGRAPHY_BYTES = 64 << 20  # far above any real bibliography; refuses runaway files
CSL_SHAPES = {"author": list, "issued": dict, "custom": dict}
CSL_SCALARS = ("id", "title", "type", "DOI", "URL", "note", "number", "event", "event-title", "container-title",
               "publisher", "volume", "issue", "page")


@dataclass(frozen=True)
class Fact:
    """What one bibliography item says about one work, and where it says it."""

    title_key: str
    source: str
    year: int | None = None
    values: dict[str, Any] = field(default_factory=dict)  # FACT_FIELDS values
    ids: dict[str, str] = field(default_factory=dict)  # doi, arxiv, openreview, dblp, ...

    def to_json(self) -> str:
        data = {"title_key": self.title_key, "year": self.year, "source": self.source,
                "values": self.values, "ids": self.ids}
        return json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Fact":
        fact = cls(data["title_key"], data["source"], data.get("year"), data.get("values", {}), data.get("ids", {}))
        shapes = ((fact.title_key, str), (fact.source, str), (fact.year, (int, type(None))), (fact.values, dict), (fact.ids, dict))
        if not all(isinstance(value, kind) for value, kind in shapes):
            raise TypeError("title_key and source must be strings, year a number, values and ids objects")
        return fact


def fact_from_csl(item: dict[str, Any], source: str) -> Fact | None:
    """A fact from one CSL-JSON item; None when it has no title."""
    title = clean_title(str(item.get("title", "")))
    if not title:
        return None
    year = _csl_year(item)
    values: dict[str, Any] = {"title": title}
    authors = [[a.get("family", a.get("literal", "")), a.get("given", "")] for a in item.get("author", [])]
    if authors:
        values["authors"] = authors
    if year:
        values["year"] = year
    event = str(item.get("event-title") or item.get("event") or "")
    if event:
        values["event"] = event
        values["venue"] = re.sub(r"\s*'?\d{2,4}$", "", event)
    for csl, name in (("container-title", "container_title"), ("publisher", "publisher"),
                      ("volume", "volume"), ("issue", "issue"), ("page", "pages"), ("URL", "url")):
        if item.get(csl):
            values[name] = str(item[csl])
    if item.get("type") in CSL_KIND:
        values["kind"] = CSL_KIND[item["type"]]
    ids: dict[str, str] = {}
    if item.get("DOI"):
        doi = str(item["DOI"])
        ids["arxiv" if doi.lower().startswith("10.48550/arxiv.") else "doi"] = (
            doi[len("10.48550/arXiv."):] if doi.lower().startswith("10.48550/arxiv.") else doi)
    number = ARXIV_NUMBER.search(str(item.get("number", ""))) if item.get("publisher") == "arXiv" else None
    if number:
        ids["arxiv"] = number.group(1)
    custom = item.get("custom") or {}
    openreview = custom.get("openreview_id") or _search(OPENREVIEW_URL, str(item.get("URL", "")))
    if openreview:
        ids["openreview"] = openreview
    dblp = _search(DBLP_KEY, str(item.get("note", "")))
    if dblp:
        ids["dblp"] = dblp
    note = str(item.get("note", ""))
    where = f"{source}#{item.get('id', '')}" if item.get("id") else source
    detail = note.split("; match:")[0].removeprefix("source: ") if note.startswith("source: ") else ""
    return Fact(title_key(title), f"{where} ({detail})" if detail else where, year, values, ids)


@dataclass(frozen=True)
class FactView:
    """Several facts about one work, combined: the first fact to give a field wins it."""

    values: dict[str, Any] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # field, or "ids.<name>" -> fact source

    def source(self, name: str) -> str:
        """Provenance for a field: the fact's file and item (details stay in enrichment.jsonl)."""
        return f"enrichment {self.sources[name].split(' (')[0]}"


def combine(facts: Iterable[Fact]) -> FactView:
    view = FactView()
    for fact in facts:
        for name, value in fact.values.items():
            if name not in view.values:
                view.values[name] = value
                view.sources[name] = fact.source
        for name, value in fact.ids.items():
            if name not in view.ids:
                view.ids[name] = value
                view.sources[f"ids.{name}"] = fact.source
    return view


def _search(pattern: re.Pattern[str], text: str) -> str:
    found = pattern.search(text)
    return found.group(1) if found else ""


def _csl_year(item: dict[str, Any]) -> int | None:
    parts = (item.get("issued") or {}).get("date-parts") or [[None]]
    try:
        return int(parts[0][0]) if parts[0] and parts[0][0] else None
    except (TypeError, ValueError):
        return None


def read_bibliography(path: Path) -> list[dict[str, Any]]:
    """CSL-JSON items from a .json file, or from a .bib via the BibTeX reader."""
    check_file(path, "bibliography file", MAX_BIBLIOGRAPHY_BYTES)
    if path.suffix.lower() == ".bib":
        from .exporters.csljson import item
        from .readers.bibtex import read_bibtex

        return [json.loads(item(record)) for record in read_bibtex(path)]
    try:
        data = jsonio.loads(read_text_file(path, "bibliography file"))
    except json.JSONDecodeError as exc:
        raise ParseError(path, f"invalid JSON: {exc.msg}", exc.lineno) from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
        raise ParseError(path, "expected a CSL-JSON array of items")
    for number, item in enumerate(data, 1):
        _check_item(path, number, item)
    return data


def _check_item(path: Path, number: int, item: dict[str, Any]) -> None:
    """ParseError unless the fields fact_from_csl reads have CSL-JSON's shapes."""
    label = item.get("id") if isinstance(item.get("id"), (str, int)) else ""
    where = f"item #{number}" + (f" ({label})" if label else "")
    for name, value in item.items():
        kind = CSL_SHAPES.get(name, (str, int, float) if name in CSL_SCALARS else None)
        if kind and (not isinstance(value, kind) or isinstance(value, bool)):
            raise ParseError(path, f"{where}: field {name!r} has the wrong type ({type(value).__name__})")
    for person in item.get("author", []):
        if not isinstance(person, dict) or not all(isinstance(person.get(k, ""), str) for k in ("family", "given", "literal")):
            raise ParseError(path, f"{where}: every author must be an object with string family/given/literal")


def load_facts(data_dir: Path) -> list[Fact]:
    path = data_dir / FACTS_FILE
    if not path.exists():
        return []
    facts = []
    for number, line in enumerate(read_text_file(path, "facts file").splitlines(), 1):
        if line.strip():
            try:
                facts.append(Fact.from_dict(jsonio.loads(line)))
            except (ValueError, KeyError, TypeError) as exc:
                raise ParseError(path, f"invalid fact: {exc}", number) from None
    return facts


def write_facts(data_dir: Path, facts: Iterable[Fact]) -> None:
    """Write facts sorted by title key and source, one per line (diff-friendly)."""
    unique = {(f.title_key, f.source): f for f in facts}
    lines = [unique[k].to_json() for k in sorted(unique)]
    atomic_write_text(data_dir / FACTS_FILE, "".join(line + "\n" for line in lines))


def matches(fact: Fact, title_keys: set[str], years: set[int], ids: dict[str, set[str]]) -> str:
    """How a fact matches a record ("doi", "arxiv", "title"), or '' when it does not."""
    for name in ("doi", "arxiv"):
        if fact.ids.get(name) and fact.ids[name].lower() in ids.get(name, set()):
            return name
    if fact.title_key in title_keys:
        if fact.year is None or not years or any(abs(fact.year - y) <= 1 for y in years):
            return "title"
    return ""
