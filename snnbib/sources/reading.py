"""Read a source list from disk: UTF-8 only, no NUL bytes, not empty; problems name file and line."""

from __future__ import annotations

from pathlib import Path

from ..errors import ParseError

# The largest real awesome lists are well under 1 MiB; 8 MiB is about 36,000 entries, which build
# in about a minute in 350 MB. Bigger files are refused instead of taking many minutes.
MAX_SOURCE_BYTES = 8 << 20


def read_source(path: str | Path) -> str:
    """The text of a source list, or ParseError(path, problem, line)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.exists() and not path.is_file() and not path.is_dir():  # /dev/zero, a pipe: no end
            raise ParseError(path, "not a regular file")
        if size > MAX_SOURCE_BYTES and path.is_file():
            raise ParseError(path, f"{size / 2**20:.0f} MiB is over the {MAX_SOURCE_BYTES >> 20} MiB limit for a source list")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ParseError(path, "no such file") from None
    except IsADirectoryError:
        raise ParseError(path, "is a directory, not a source list") from None
    except OSError as exc:
        raise ParseError(path, f"cannot read: {exc.strerror or exc}") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ParseError(path, f"NUL byte at byte offset {nul}: not a text file", _line_of(data, nul))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        line = _line_of(data, exc.start)
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ParseError(
            path, f"invalid UTF-8 byte 0x{bad} at byte offset {exc.start} (column {column})", line
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ParseError(path, "the file is empty")
    return text


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
