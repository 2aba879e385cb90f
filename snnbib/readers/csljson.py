"""Read a CSL-JSON array (Zotero, pandoc, citeproc, snnbib's own export) into Records."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import jsonio
from ..errors import ParseError
from ..gcpause import no_gc
from ..model import Identifiers, Kind, Person, Record, TopicAssignment, unique
from ._files import read_text

TYPES = {
    "paper-conference": Kind.CONFERENCE_PAPER,
    "article-journal": Kind.JOURNAL_ARTICLE,
    "article": Kind.PREPRINT,
    "book": Kind.BOOK,
    "speech": Kind.LECTURE,
    "software": Kind.SOFTWARE,
    "webpage": Kind.WEBPAGE,
    "post": Kind.WEBPAGE,
    "post-weblog": Kind.WEBPAGE,
}
_ARXIV_NUMBER = re.compile(r"^arxiv:\s*(.+)$", re.I)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)
_CODE_NOTE = re.compile(r"^Code: (\S+)$")


def _text(item: dict[str, Any], name: str) -> str:
    value = item.get(name)
    if value is None:
        return ""
    if type(value) is str and value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " ":
        return value  # already single-spaced (printable text has no whitespace but the space)
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""


def _person(name: Any, where: str, people: dict[tuple[str, str], Person]) -> Person:
    """The author as a Person, shared with earlier items that name the same person."""
    if not isinstance(name, dict):
        raise ValueError(f"{where}: an author must be an object, got {name!r}")
    family = _text(name, "family") or _text(name, "literal")
    if not family:
        raise ValueError(f"{where}: an author has neither family nor literal name")
    particle = _text(name, "non-dropping-particle")
    key = (f"{particle} {family}" if particle else family, _text(name, "given"))
    person = people.get(key)
    if person is None:
        person = people[key] = Person(*key)
    if len(name) == 2 and type(name.get("family")) is str and type(name.get("given")) is str:
        people[name["family"], name["given"]] = person  # the raw pair, as _authors looks it up
    return person


def _authors(names: list[Any], where: str, people: dict[tuple[str, str], Person]) -> tuple[Person, ...]:
    """The authors as Persons; a `{"family", "given"}` pair seen before is found by its raw
    strings in one pass, without a call per name (most names in a bibliography repeat)."""
    get = people.get
    try:
        found = [get((name["family"], name["given"])) if type(name) is dict and len(name) == 2 else None
                 for name in names]
    except (KeyError, TypeError):  # a pair of other fields, or an unhashable value: one by one
        found = [None] * len(names)
    if all(found):
        return tuple(found)
    return tuple([person or _person(name, where, people) for person, name in zip(found, names)])


@lru_cache(maxsize=4096)
def _topics(keywords: str) -> tuple[TopicAssignment, ...]:
    return tuple(TopicAssignment(k, "import") for k in unique(k.strip() for k in keywords.split(",")))


def _year(item: dict[str, Any]) -> int | None:
    issued = item.get("issued")
    try:
        return int(issued["date-parts"][0][0])
    except (TypeError, KeyError, IndexError, ValueError):
        return None


def _record(item: Any, index: int, people: dict[tuple[str, str], Person]) -> Record:
    if not isinstance(item, dict):
        raise ValueError(f"item {index} is not an object")
    key = _text(item, "id")
    where = f"item {index} ({key!r})" if key else f"item {index}"
    if not key:
        raise ValueError(f"{where} has no id")
    number = _ARXIV_NUMBER.match(_text(item, "number"))
    doi = _text(item, "DOI")
    arxiv_doi = _ARXIV_DOI.match(doi)
    arxiv = number.group(1) if number else arxiv_doi.group(1) if arxiv_doi else ""
    kind = TYPES.get(_text(item, "type"), Kind.PAPER)
    if kind is Kind.PREPRINT and not arxiv:
        kind = Kind.PAPER
    code = _CODE_NOTE.match(_text(item, "note"))
    authors = item.get("author", [])
    if not isinstance(authors, list):
        raise ValueError(f"{where}: author must be a list")
    return Record(
        key=key,
        kind=kind,
        title=_text(item, "title"),
        authors=_authors(authors, where, people),
        year=_year(item),
        container_title=_text(item, "container-title"),
        event=_text(item, "event-title") or _text(item, "event"),
        publisher=_text(item, "publisher") if not (arxiv and _text(item, "publisher") == "arXiv") else "",
        volume=_text(item, "volume"),
        issue=_text(item, "issue"),
        pages=_text(item, "page"),
        url=_text(item, "URL"),
        ids=Identifiers(doi="" if arxiv_doi else doi, arxiv=arxiv, repository=code.group(1) if code else ""),
        topics=_topics(_text(item, "keyword")),
        note="" if code else _text(item, "note"),
    )


@no_gc()
def read_csljson(path: Path | str) -> list[Record]:
    """Every item of a CSL-JSON array; invalid JSON or an unusable item is a ParseError."""
    path = Path(path)
    try:
        items = jsonio.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise ParseError(path, f"invalid JSON: {exc.msg}", exc.lineno) from None
    if not isinstance(items, list):
        raise ParseError(path, "CSL-JSON must be an array of items")
    records = []
    people: dict[tuple[str, str], Person] = {}
    for index, item in enumerate(items, 1):
        try:
            records.append(_record(item, index, people))
        except ValueError as exc:
            raise ParseError(path, str(exc)) from None
        items[index - 1] = None  # each item's objects are freed once read: peak memory stays ~1x
    return records
