"""`snnbib import`: add a list as a new source, or preview its records without touching data/."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from .citekeys import KeyLock
from .errors import ParseError
from .fsutil import atomic_write_bytes, atomic_write_text
from .manifest import MANIFEST_FILE, SOURCE_NAME, Source, file_digest, load_manifest, render_manifest
from .model import ParsedSource
from .paths import data_dir as resolve_data_dir
from .pipeline import build, load_context
from .overrides import Overrides


def preview(path: Path, dialect: str = "", data_dir: Path | None = None) -> str:
    """The records a list would add, as CSL-JSON (provisional keys, no overrides, nothing written)."""
    from .exporters import EXPORTERS
    from .sources import parse_file

    parsed = parse_file(path, Path(path).stem, dialect or None)
    directory = resolve_data_dir(data_dir)
    ctx = replace(load_context(directory), overrides=Overrides(directory / "overrides.toml"))
    result = build(directory, [parsed], lock=KeyLock(), context=ctx)
    return EXPORTERS.get("csl-json").dumps(result.dataset.records, result.dataset.topics)


def add_source(path: Path, data_dir: Path | None, *, dialect: str = "", name: str = "", title: str = "",
               repository: str = "unknown", licence: str = "unknown") -> tuple[Source, ParsedSource]:
    """Copy the list byte for byte into data/sources/ and add it to the manifest."""
    from .sources import parse_file

    directory = resolve_data_dir(data_dir)
    sources = load_manifest(directory)
    name = name or _next_name(sources)
    if not SOURCE_NAME.match(name):
        raise ParseError(directory / MANIFEST_FILE, f"source name {name!r} must be lower-case letters, digits, `_` or `-`")
    if any(s.name == name for s in sources):
        raise ParseError(directory / MANIFEST_FILE, f"a source named {name!r} already exists")
    parsed = parse_file(path, name, dialect or None)
    digest = file_digest(Path(path))
    if any(s.sha256 == digest for s in sources):
        raise ParseError(path, "this exact list is already a source")
    suffix = Path(path).suffix if re.fullmatch(r"\.[A-Za-z0-9]{1,12}", Path(path).suffix) else ".md"
    file_name = f"{name}_{digest[:16]}{suffix}"
    source = Source(
        name=name, file=file_name, title=title or _first_heading(Path(path)) or Path(path).stem,
        repository=repository, licence=licence, dialect=parsed.dialect,
        captured=date.today().isoformat(), sha256=digest,
    )
    atomic_write_bytes(directory / "sources" / file_name, Path(path).read_bytes())
    atomic_write_text(directory / MANIFEST_FILE, render_manifest([*sources, source]))
    return source, parsed


def _next_name(sources: list[Source]) -> str:
    numbers = [int(s.name) for s in sources if s.name.isdigit()]
    return f"{max(numbers, default=-1) + 1:03d}"


def _first_heading(path: Path) -> str:
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = re.match(r"^#{1,6}\s+(.+?)\s*#*\s*$", line)
        if match:
            return re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", match.group(1)).strip()
    return ""
