"""Read a source list from disk: UTF-8 only, no NUL bytes, not empty; problems name file and line."""

from __future__ import annotations

from pathlib import Path

from ..errors import ParseError
from ..textfile import read_text_file

# The largest real awesome lists are well under 1 MiB; 8 MiB is about 36,000 entries, which build
# in about a minute in 350 MB. Bigger files are refused instead of taking many minutes.
MAX_SOURCE_BYTES = 8 << 20


def read_source(path: str | Path) -> str:
    """The text of a source list, or ParseError(path, problem, line)."""
    text = read_text_file(path, "source list", MAX_SOURCE_BYTES)
    if not text.strip():
        raise ParseError(path, "the file is empty")
    return text
