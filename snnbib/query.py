"""Searching and describing records (used by `search`, `show`, `stats`)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, fields

from .errors import SnnbibError
from .model import Dataset, Record
from .normalize import title_key


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...] = ()
    author: str = ""
    venue: str = ""
    years: tuple[int, int] | None = None
    topics: tuple[str, ...] = ()
    kind: str = ""


def parse_years(text: str) -> tuple[int, int] | None:
    """"2021" -> (2021, 2021); "2020-2023"; "2022-" (open end); "-2019"."""
    if not text:
        return None
    match = re.fullmatch(r"\s*(\d{4})?\s*(-)?\s*(\d{4})?\s*", text)
    if not match or not (match.group(1) or match.group(3)):
        raise SnnbibError(f"--year {text!r}: expected YEAR, FROM-TO, FROM- or -TO")
    low = int(match.group(1)) if match.group(1) else 0
    high = int(match.group(3)) if match.group(3) else (9999 if match.group(2) else low)
    return low, high


def run_query(dataset: Dataset, query: Query) -> list[Record]:
    if query.topics:
        known = {t.slug for t in dataset.topics}
        for slug in query.topics:
            if slug not in known:
                from .errors import UnknownNameError

                raise UnknownNameError("topic", slug, sorted(known))
    pool = dataset.select(list(query.topics)) if query.topics else list(dataset.records)
    words = [title_key(w) for w in query.words]
    out = []
    for record in pool:
        key = title_key(record.title)
        if words and not all(w in key for w in words):
            continue
        if query.author and not any(query.author.lower() in p.display.lower() for p in record.authors):
            continue
        if query.venue and query.venue.lower() != record.venue.lower():
            continue
        if query.years and not (record.year and query.years[0] <= record.year <= query.years[1]):
            continue
        if query.kind and record.kind.value != query.kind:
            continue
        out.append(record)
    return out


def describe(record: Record) -> str:
    """Every non-empty field, with its provenance where known."""
    sources = dict(record.provenance)
    lines = []
    for f in fields(record):
        value = getattr(record, f.name)
        if not value or f.name == "provenance":
            continue
        if f.name == "kind":
            value = value.value
        if f.name == "authors":
            value = "; ".join(p.display for p in value)
        elif f.name == "ids":
            value = "\n    ".join(f"{k}={v}  <- {sources.get('ids.' + k, '?')}" for k, v in value.items())
        elif f.name == "links":
            value = "\n    ".join(f"[{link.role}] {link.url}" for link in value)
        elif f.name == "topics":
            value = "\n    ".join(f"{t.slug} ({t.by}{': ' + t.detail if t.detail else ''})" for t in value)
        elif f.name == "origins":
            value = "\n    ".join(f"{o.ref} under {' > '.join(o.heading) or '-'}: {o.raw}" for o in value)
        elif isinstance(value, tuple):
            value = ", ".join(map(str, value))
        source = sources.get(f.name)
        lines.append(f"{f.name:<16} {value}" + (f"\n{'':<16} <- {source}" if source else ""))
    return "\n".join(lines)


def statistics(dataset: Dataset) -> str:
    records = dataset.records
    sections = [
        ("source", Counter(o.source for r in records for o in {o.source: o for o in r.origins}.values())),
        ("kind", Counter(r.kind.value for r in records)),
        ("venue", Counter(r.venue or "(none)" for r in records)),
        ("year", Counter(str(r.year or "(none)") for r in records)),
        ("topic", Counter(dataset.count_by_topic())),
    ]
    lines = [f"{len(records)} records"]
    for title, counter in sections:
        lines.append(f"\nper {title}:")
        lines += [f"  {name:<28} {count:>4}" for name, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join(lines)
