"""Read a CSL-JSON array (Zotero, pandoc, citeproc, snnbib's own export) into Records."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import ParseError
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
    value = item.get(name, "")
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""


def _person(name: Any, where: str) -> Person:
    if not isinstance(name, dict):
        raise ValueError(f"{where}: an author must be an object, got {name!r}")
    family = _text(name, "family") or _text(name, "literal")
    if not family:
        raise ValueError(f"{where}: an author has neither family nor literal name")
    particle = " ".join(filter(None, (_text(name, "non-dropping-particle"), family)))
    return Person(particle, _text(name, "given"))


def _year(item: dict[str, Any]) -> int | None:
    issued = item.get("issued")
    try:
        return int(issued["date-parts"][0][0])
    except (TypeError, KeyError, IndexError, ValueError):
        return None


def _record(item: Any, index: int) -> Record:
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
        authors=tuple(_person(a, where) for a in authors),
        year=_year(item),
        container_title=_text(item, "container-title"),
        event=_text(item, "event-title") or _text(item, "event"),
        publisher=_text(item, "publisher") if not (arxiv and _text(item, "publisher") == "arXiv") else "",
        volume=_text(item, "volume"),
        issue=_text(item, "issue"),
        pages=_text(item, "page"),
        url=_text(item, "URL"),
        ids=Identifiers(doi="" if arxiv_doi else doi, arxiv=arxiv, repository=code.group(1) if code else ""),
        topics=tuple(TopicAssignment(k, "import") for k in unique(k.strip() for k in _text(item, "keyword").split(","))),
        note="" if code else _text(item, "note"),
    )


def read_csljson(path: Path | str) -> list[Record]:
    """Every item of a CSL-JSON array; invalid JSON or an unusable item is a ParseError."""
    path = Path(path)
    try:
        items = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise ParseError(path, f"invalid JSON: {exc.msg}", exc.lineno) from None
    if not isinstance(items, list):
        raise ParseError(path, "CSL-JSON must be an array of items")
    records = []
    for index, item in enumerate(items, 1):
        try:
            records.append(_record(item, index))
        except ValueError as exc:
            raise ParseError(path, str(exc)) from None
    return records
