"""Reading a bibliography file as text, with the reader's errors."""

from __future__ import annotations

from pathlib import Path

from ..textfile import read_text_file


def read_text(path: Path) -> str:
    return read_text_file(path, "bibliography file")
