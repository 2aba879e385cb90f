"""The lookup results file (data/lookup.jsonl) and `apply`, which the offline build calls.

One JSON object per (record key, field), sorted, in a fixed field order, so a diff shows
exactly what a lookup found. Only accepted results are applied; queued ones wait for
`snnbib lookup accept`. Applying never overwrites a value a record already has.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Callable, Iterable

from .. import jsonio
from ..errors import ParseError
from ..fsutil import atomic_write_text
from ..model import Person, Record
from .offline import derive
from .text import normalize_name

RESULTS_FILE = "lookup.jsonl"
STATUSES = ("accepted", "queued", "rejected")


@dataclass(frozen=True)
class Result:
    """What a lookup concluded about one field of one record."""

    key: str
    field: str
    value: Any  # a string, or for authors a list of {"family", "given"}
    status: str  # accepted | queued | rejected
    provider: str
    score: float
    matched_title: str = ""
    runner_up: float = 0.0
    reasons: str = ""  # how the score came about: title, year, first author, venue
    time: str = ""  # ISO 8601 UTC, when the lookup (or the review) happened
    decided_by: str = "auto"  # auto | review

    @property
    def source(self) -> str:
        return f"lookup:{self.provider} score={self.score:.1f}"


def result_from_dict(data: dict[str, Any]) -> Result:
    result = Result(**data)
    if result.status not in STATUSES:
        raise ValueError(f"unknown status {result.status!r}")
    return result


def dumps_results(results: Iterable[Result]) -> str:
    names = [f.name for f in fields(Result)]
    lines = (json.dumps({n: getattr(r, n) for n in names}, ensure_ascii=False,
                        separators=(",", ":"))
             for r in sorted(results, key=lambda r: (r.key, r.field)))
    return "".join(line + "\n" for line in lines)


def load_results(data_dir: Path) -> list[Result]:
    """The results file's entries; a missing file is an empty list."""
    path = Path(data_dir) / RESULTS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    results = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            results.append(result_from_dict(jsonio.loads(line)))
        except (ValueError, TypeError) as exc:
            raise ParseError(path, f"invalid lookup result: {exc}", number) from None
    return results


def write_results(data_dir: Path, results: Iterable[Result]) -> None:
    atomic_write_text(Path(data_dir) / RESULTS_FILE, dumps_results(results))


def people(value: Any) -> tuple[Person, ...]:
    return tuple(Person(a["family"], a.get("given", "")) for a in value)


def _set_ids(name: str) -> Callable[[Record, Any], Record | None]:
    def setter(record: Record, value: Any) -> Record | None:
        if getattr(record.ids, name):
            return None
        return replace(record, ids=replace(record.ids, **{name: value}))
    return setter


def _set_text(name: str) -> Callable[[Record, Any], Record | None]:
    def setter(record: Record, value: Any) -> Record | None:
        return None if getattr(record, name) else replace(record, **{name: value})
    return setter


def _set_authors(record: Record, value: Any) -> Record | None:
    """Fill missing authors, or complete an et-al list whose first author agrees."""
    found = people(value)
    if not found:
        return None
    if not record.authors:
        return replace(record, authors=found, et_al=False)
    same_first = normalize_name(record.authors[0].family) == normalize_name(found[0].family)
    if record.et_al and same_first and len(found) >= len(record.authors):
        return replace(record, authors=found, et_al=False)
    return None


# lookup field -> how it is applied to a record (None: the record already has it)
SETTERS: dict[str, Callable[[Record, Any], Record | None]] = {
    "doi": _set_ids("doi"),
    "authors": _set_authors,
    "pages": _set_text("pages"),
    "volume": _set_text("volume"),
    "issue": _set_text("issue"),
    "container_title": _set_text("container_title"),
    "publisher": _set_text("publisher"),
    "arxiv_class": _set_ids("arxiv_class"),
    "dblp": _set_ids("dblp"),
}


# lookup field -> the record's provenance name for it (the dataset's dotted names for ids)
PROVENANCE_NAMES = {"doi": "ids.doi", "arxiv_class": "ids.arxiv_class", "dblp": "ids.dblp"}


def lacks(record: Record, field: str) -> bool:
    """Whether applying `field` could change the record (authors: none, or et al.)."""
    if field == "authors":
        return not record.authors or record.et_al
    if field in ("doi", "arxiv_class", "dblp"):
        return not getattr(record.ids, field)
    return not getattr(record, field)


def _with_provenance(record: Record, field: str, source: str) -> Record:
    name = PROVENANCE_NAMES.get(field, field)
    provenance = tuple(p for p in record.provenance if p[0] != name) + ((name, source),)
    return replace(record, provenance=provenance)


def apply_one(record: Record, field: str, value: Any, source: str) -> Record:
    """The record with `field` set from `value` if it lacked it, and the provenance noted."""
    updated = SETTERS[field](record, value)
    return record if updated is None else _with_provenance(updated, field, source)


def apply_offline(record: Record) -> Record:
    for derived in derive(record):
        record = apply_one(record, derived.field, derived.value, f"offline:{derived.basis}")
    return record


def apply_results(record: Record, results: Iterable[Result]) -> Record:
    """Offline DOIs first (facts), then accepted lookups, then offline again (AAAI needs
    the volume and issue a lookup may have filled)."""
    record = apply_offline(record)
    for result in results:
        if result.status == "accepted" and result.field in SETTERS:
            record = apply_one(record, result.field, result.value, result.source)
    return apply_offline(record)


def apply(records: list[Record], data_dir: Path) -> list[Record]:
    """Records with offline-derivable DOIs and accepted lookup results applied (pure, offline).

    Results are found by the record's key or one of its superseded aliases.
    """
    by_key: dict[str, list[Result]] = {}
    for result in load_results(Path(data_dir)):
        by_key.setdefault(result.key, []).append(result)
    out = []
    for record in records:
        mine = [r for k in (record.key, *record.aliases) for r in by_key.get(k, ())]
        out.append(apply_results(record, mine))
    return out
