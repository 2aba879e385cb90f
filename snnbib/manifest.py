"""The sources manifest (data/sources.toml): each list's file, upstream, licence, dialect, capture."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ParseError
from .tomlio import check_types, read_toml, tables

MANIFEST_FILE = "sources.toml"
SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
SAFE_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")  # a plain name inside data/sources/
FIELDS = ("name", "file", "title", "repository", "licence", "dialect", "captured", "sha256", "notes")


@dataclass(frozen=True)
class Source:
    name: str  # short name used in provenance ("003:38")
    file: str  # file name under data/sources/
    title: str
    repository: str
    licence: str
    dialect: str
    captured: str  # ISO date the list was captured
    sha256: str  # of the file as captured: the copy must never change
    notes: str = ""


def load_manifest(data_dir: Path) -> list[Source]:
    path = data_dir / MANIFEST_FILE
    sources = []
    for number, (item, line) in enumerate(tables(path, read_toml(path), "source"), 1):
        check_types(path, line, item, dict.fromkeys(FIELDS, str), f"source #{number}")
        missing = [f for f in FIELDS[:-1] if not item.get(f)]
        if missing:
            raise ParseError(path, f"source #{number}: missing {missing}", line)
        if not SOURCE_NAME.match(item["name"]) or not SAFE_FILE.match(item["file"]):
            raise ParseError(path, f"source #{number}: name {item['name']!r} / file {item['file']!r} is not a safe name", line)
        sources.append(Source(**item))
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise ParseError(path, "duplicate source names")
    return sources


def source_path(data_dir: Path, source: Source) -> Path:
    """The source's file under data/sources/; ParseError if a symlink leads it outside data/."""
    path = data_dir / "sources" / source.file
    if not path.resolve().is_relative_to(data_dir.resolve()):
        raise ParseError(data_dir / MANIFEST_FILE, f"source {source.name!r}: {path} is a symlink to outside the data directory")
    return path


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def render_manifest(sources: list[Source]) -> str:
    """TOML text for the manifest (stable order and quoting)."""
    import json

    out = ["# Source lists of the dataset, copied byte for byte into data/sources/ (never edited;",
           "# corrections go in overrides.toml). `snnbib check` verifies each sha256.", ""]
    for source in sources:
        out.append("[[source]]")
        for name in FIELDS:
            value = getattr(source, name)
            if value:
                # a JSON string is a TOML basic string, once DEL (legal in JSON only) is escaped
                quoted = json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
                out.append(f"{name} = {quoted}")
        out.append("")
    return "\n".join(out)
