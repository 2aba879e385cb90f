"""Curator corrections (data/overrides.toml), validated: the sources themselves are never edited.

    [[record]]                      # correct one record
    target = "003:38"               # a source item (file:line) or a citation key
    title = "..."                   # fix a title
    venue = "Frontiers in Neuroscience"; year = 2017; kind = "journal-article"
    doi = "10.3389/..."             # pin a DOI
    add_topics = ["ann2snn"]; remove_topics = ["applications"]
    off_topic = true                # or false to rescue a paper a rule flagged
    key = "newkey"                  # rename; the old key stays as an alias
    reason = "why"                  # required

    [[merge]]     items = ["000:23", "002:35"]; reason = "..."   # force a merge
    [[separate]]  items = ["000:47", "001:297"]; reason = "..."  # forbid one
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import OverrideError
from .model import Kind
from .tomlio import TYPE_NAMES, read_toml, tables

OVERRIDES_FILE = "overrides.toml"
ITEM_REF = re.compile(r"^[\w.-]+:\d+$")
SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")  # keys become BibTeX keys and file names
RECORD_FIELDS = {
    "target": str, "title": str, "venue": str, "year": int, "kind": str, "doi": str,
    "arxiv": str, "url": str, "pages": str, "volume": str, "add_topics": list,
    "remove_topics": list, "off_topic": bool, "key": str, "reason": str,
}
PAIR_FIELDS = {"items": list, "reason": str}


@dataclass(frozen=True)
class RecordOverride:
    target: str
    line: int
    reason: str
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def is_item_ref(self) -> bool:
        return bool(ITEM_REF.match(self.target))


@dataclass(frozen=True)
class Overrides:
    path: Path
    records: tuple[RecordOverride, ...] = ()
    merges: tuple[tuple[frozenset[str], int], ...] = ()
    separates: tuple[tuple[frozenset[str], int], ...] = ()


def _check(path: Path, line: int, table: dict[str, Any], schema: dict[str, type]) -> None:
    for name, value in table.items():
        if name not in schema:
            raise OverrideError(path, f"unknown field {name!r} (valid: {', '.join(schema)})", line)
        if not isinstance(value, schema[name]) or isinstance(value, bool) and schema[name] is int:
            raise OverrideError(path, f"field {name!r} must be {TYPE_NAMES[schema[name]]}", line)
    if not table.get("reason"):
        raise OverrideError(path, "every correction needs a `reason`", line)


def load_overrides(data_dir: Path, topic_slugs: set[str]) -> Overrides:
    """Read and validate the overrides file (missing file: no overrides)."""
    path = data_dir / OVERRIDES_FILE
    if not path.exists():
        return Overrides(path)
    raw = read_toml(path)
    unknown = set(raw) - {"record", "merge", "separate"}
    if unknown:
        raise OverrideError(path, f"unknown table(s) {sorted(unknown)}; use [[record]], [[merge]], [[separate]]")
    records = []
    for table, line in tables(path, raw, "record"):
        _check(path, line, table, RECORD_FIELDS)
        if not table.get("target"):
            raise OverrideError(path, "a [[record]] needs a `target` (citation key or file:line)", line)
        if "key" in table and not SAFE_KEY.match(table["key"]):
            raise OverrideError(path, f"key {table['key']!r} must be ASCII letters, digits, `_` or `-`", line)
        if "kind" in table and table["kind"] not in {k.value for k in Kind}:
            raise OverrideError(path, f"unknown kind {table['kind']!r} (valid: {', '.join(k.value for k in Kind)})", line)
        for slug in table.get("add_topics", []) + table.get("remove_topics", []):
            if slug not in topic_slugs:
                raise OverrideError(path, f"unknown topic {slug!r}", line)
        values = {k: v for k, v in table.items() if k not in ("target", "reason")}
        records.append(RecordOverride(table["target"], line, table["reason"], values))
    pairs: dict[str, list[tuple[frozenset[str], int]]] = {"merge": [], "separate": []}
    for name in pairs:
        for table, line in tables(path, raw, name):
            _check(path, line, table, PAIR_FIELDS)
            items = table.get("items", [])
            if len(items) < 2 or not all(isinstance(i, str) and ITEM_REF.match(i) for i in items):
                raise OverrideError(path, f"[[{name}]] needs `items`: two or more file:line references", line)
            pairs[name].append((frozenset(items), line))
    return Overrides(path, tuple(records), tuple(pairs["merge"]), tuple(pairs["separate"]))
