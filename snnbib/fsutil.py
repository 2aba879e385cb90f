"""File helpers: atomic writes (temp file + rename), so a file is always the old or the new one."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

from .errors import ExportError


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write `data` to `path` atomically; on any failure the old file is left untouched."""
    atomic_write(path, lambda handle: handle.write(data))


def atomic_write_text(path: Path | str, text: str | Iterable[str]) -> None:
    """Write UTF-8 text with Unix newlines atomically: one string, or pieces written in turn."""
    atomic_write(path, lambda handle: write_utf8(handle, (text,) if isinstance(text, str) else text))


def write_utf8(handle: BinaryIO, pieces: Iterable[str]) -> None:
    """Encode and write text pieces through a buffer: a large file is never copied whole."""
    stream = io.TextIOWrapper(handle, encoding="utf-8", newline="", write_through=False)
    stream.writelines(pieces)
    stream.flush()
    stream.detach()


def atomic_write(path: Path | str, write: Callable[[BinaryIO], object]) -> None:
    """`write(handle)` into a temp file beside `path`, then rename it over `path`; on any
    failure (an exception, a kill) `path` is the old file and the temp file is removed."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise ExportError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


def _mode_for(path: Path) -> int:
    """The existing file's permissions, else what a plain open() would give (0666 minus umask)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
