"""The committed dataset on disk: one JSON record per line, sorted by key, stable field order."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any, Iterable

from . import jsonio
from .errors import DatasetError, ParseError
from .gcpause import no_gc
from .textfile import read_text_file
from .model import (
    Dataset, Identifiers, Kind, Link, Origin, Person, Record, Topic, TopicAssignment,
)

DATASET_FILE = "dataset.jsonl"


def record_to_dict(record: Record) -> dict[str, Any]:
    """A JSON-ready dict in field-declaration order, with empty values left out."""
    out: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name == "kind":
            value = value.value
        elif f.name == "authors":
            value = [_compact({"family": p.family, "given": p.given}) for p in value]
        elif f.name == "ids":
            value = dict(value.items())
        elif f.name == "links":
            value = [[link.role, link.url] for link in value]
        elif f.name == "topics":
            value = [[t.slug, t.by, t.detail] if t.detail else [t.slug, t.by] for t in value]
        elif f.name == "origins":
            value = [_compact({"source": o.source, "line": o.line,
                               "heading": list(o.heading), "raw": o.raw}) for o in value]
        elif f.name == "provenance":
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        if value:
            out[f.name] = value
    return out


def record_from_dict(data: dict[str, Any]) -> Record:
    """The inverse of record_to_dict."""
    return Record(
        key=data["key"],
        kind=Kind(data["kind"]),
        title=data["title"],
        authors=tuple(Person(a["family"], a.get("given", "")) for a in data.get("authors", [])),
        et_al=bool(data.get("et_al", False)),
        year=data.get("year"),
        venue=data.get("venue", ""),
        container_title=data.get("container_title", ""),
        event=data.get("event", ""),
        publisher=data.get("publisher", ""),
        volume=data.get("volume", ""),
        issue=data.get("issue", ""),
        pages=data.get("pages", ""),
        url=data.get("url", ""),
        ids=Identifiers(**data.get("ids", {})),
        links=tuple(Link(role, url) for role, url in data.get("links", [])),
        topics=tuple(TopicAssignment(*t) for t in data.get("topics", [])),
        off_topic=bool(data.get("off_topic", False)),
        note=data.get("note", ""),
        aliases=tuple(data.get("aliases", [])),
        origins=tuple(
            Origin(o["source"], o["line"], tuple(o.get("heading", [])), o.get("raw", ""))
            for o in data.get("origins", [])
        ),
        provenance=tuple(data.get("provenance", {}).items()),
    )


def dumps_records(records: Iterable[Record]) -> str:
    """The dataset file's text: sorted by key, one compact JSON object per line."""
    lines = [
        json.dumps(record_to_dict(r), ensure_ascii=False, separators=(",", ":"))
        for r in sorted(records, key=lambda r: r.key)
    ]
    return "".join(line + "\n" for line in lines)


@no_gc()
def loads_records(text: str, path: Path | str = DATASET_FILE) -> list[Record]:
    """Parse a dataset file; a bad line is a ParseError naming the line."""
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(record_from_dict(jsonio.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise ParseError(path, f"invalid dataset record: {exc}", number) from None
    return records


def check_unique_keys(records: Iterable[Record], path: Path | str = DATASET_FILE) -> None:
    seen: set[str] = set()
    for record in records:
        for key in (record.key, *record.aliases):
            if key in seen:
                raise DatasetError(f"{path}: duplicate citation key {key!r}")
            seen.add(key)


def load_dataset(path: Path, topics: tuple[Topic, ...] = ()) -> Dataset:
    if not path.exists():
        raise ParseError(path, "dataset file not found (run `snnbib build`)")
    records = loads_records(read_text_file(path, "dataset file"), path)
    check_unique_keys(records, path)
    return Dataset(tuple(sorted(records, key=lambda r: r.key)), topics)



def _compact(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v}
