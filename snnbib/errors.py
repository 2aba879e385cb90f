"""snnbib's exception hierarchy: every user-facing problem is an SnnbibError with a clear message."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

# what reading a well-formed answer of an unexpected shape raises (a list where a dict was due...)
SHAPE_ERRORS = (AttributeError, KeyError, IndexError, TypeError, ValueError)


class SnnbibError(Exception):
    """Base class; the CLI prints the message and exits non-zero, without a traceback."""

    exit_code = 1


class InputError(SnnbibError):
    """Bad input in a file: carries the file name and, where known, the 1-based line."""

    def __init__(self, path: object, problem: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}")


class ParseError(InputError):
    """A source list or bibliography file that cannot be read."""


class OverrideError(InputError):
    """An overrides entry that is invalid or names an unknown record."""


class DatasetError(SnnbibError):
    """The dataset is inconsistent (duplicate keys, unknown topics, stale files)."""


class UnknownNameError(SnnbibError):
    """An unknown format, provider or topic; the message lists the valid names."""

    def __init__(self, what: str, name: str, valid: list[str]) -> None:
        self.name = name
        self.valid = valid
        super().__init__(f"unknown {what} {name!r}; valid: {', '.join(valid)}")


class ExportError(SnnbibError):
    """An export that cannot be written."""


class LookupFailure(SnnbibError):
    """A metadata lookup that failed for good (after retries)."""


class ZoteroError(SnnbibError):
    """The Zotero Web API refused or failed a request. Never carries the API key."""


@contextmanager
def answer_shape(service: str, error: type[SnnbibError]) -> Iterator[None]:
    """A service's answer that is well-formed JSON or XML but not shaped as documented is `error`."""
    try:
        yield
    except SHAPE_ERRORS as exc:
        raise error(f"{service}: an answer of unexpected shape ({type(exc).__name__}: {str(exc)[:120]})") from None
