"""Reading a bibliography file as text, with the reader's errors."""

from __future__ import annotations

from pathlib import Path

from ..errors import ParseError


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ParseError(path, "file not found") from None
    except IsADirectoryError:
        raise ParseError(path, "is a directory, not a file") from None
    except UnicodeDecodeError as exc:
        raise ParseError(path, f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ParseError(path, f"cannot read: {exc.strerror or exc}") from None
