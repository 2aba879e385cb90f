"""Reading an input file as text, with one set of clear errors: file, line and problem."""

from __future__ import annotations

from pathlib import Path

from .errors import ParseError


def check_file(path: Path, what: str, max_bytes: int | None = None) -> None:
    """ParseError unless `path` is a regular file of at most `max_bytes` bytes."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ParseError(path, "file not found") from None
    except OSError as exc:
        raise ParseError(path, f"cannot read: {exc.strerror or exc}") from None
    if path.is_dir():
        raise ParseError(path, f"is a directory, not a {what}")
    if not path.is_file():  # /dev/zero, a pipe: no end
        raise ParseError(path, "not a regular file")
    if max_bytes is not None and size > max_bytes:
        raise ParseError(path, f"{size / 2**20:.0f} MiB is over the {max_bytes >> 20} MiB limit for a {what}")


def read_text_file(path: str | Path, what: str = "file", max_bytes: int | None = None) -> str:
    """UTF-8 text without a BOM; NUL bytes and invalid UTF-8 are errors naming line and byte."""
    path = Path(path)
    check_file(path, what, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(path, f"cannot read: {exc.strerror or exc}") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ParseError(path, f"NUL byte at byte offset {nul}: not a text file", _line_of(data, nul))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise ParseError(path, f"invalid UTF-8 byte 0x{bad} at byte offset {exc.start} (column {column})",
                         _line_of(data, exc.start)) from None
    return text.removeprefix("\ufeff")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
