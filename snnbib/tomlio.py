"""Read TOML data files with errors that name the file and line."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from .errors import ParseError
from .textfile import read_text_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def read_toml(path: Path) -> dict[str, Any]:
    text = read_text_file(path, "TOML file")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ParseError(path, f"invalid TOML: {exc}", int(match.group(1)) if match else None) from None


TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", list: "a list of strings"}


def tables(path: Path, data: dict[str, Any], name: str) -> list[tuple[dict[str, Any], int | None]]:
    """The `[[name]]` tables of a TOML document, each with the line its header is on."""
    found = data.get(name, [])
    if not isinstance(found, list) or not all(isinstance(t, dict) for t in found):
        raise ParseError(path, f"`{name}` must be an array of tables: write each one under a [[{name}]] header")
    header = re.compile(rf"""^\s*\[\[\s*(?:{name}|"{name}"|'{name}')\s*\]\]""")
    text = path.read_text(encoding="utf-8")
    lines = [n for n, line in enumerate(text.splitlines(), 1) if header.match(line)]
    return [(table, lines[n] if n < len(lines) else None) for n, table in enumerate(found)]


def check_types(path: Path, line: int | None, table: dict[str, Any], schema: dict[str, type], what: str) -> None:
    """Every key of `table` is in `schema` with a value of its type (lists hold strings)."""
    for key, value in table.items():
        kind = schema.get(key)
        if kind is None:
            raise ParseError(path, f"{what}: unknown field {key!r} (valid: {', '.join(schema)})", line)
        wrong = not isinstance(value, kind) or (kind is int and isinstance(value, bool))
        if wrong or (kind is list and not all(isinstance(v, str) for v in value)):
            raise ParseError(path, f"{what}: field {key!r} must be {TYPE_NAMES[kind]}", line)
