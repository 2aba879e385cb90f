"""Source lists: a markdown reader plus one parser per list dialect, registered by name.

    parse_file(path, source_name, dialect=None) -> ParsedSource   # dialect None: detect it
    parse_text(text, source_name, dialect, path) -> ParsedSource
    detect_dialect(text) -> name                                  # "generic" when unsure
    DIALECTS.names()                                              # every dialect name

Every list item and table row of a file becomes an Entry or a Skip with a reason.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ParseError
from ..model import Entry, ParsedSource
from ..registry import Registry

# Specific dialects first: detection asks them in this order; `generic` is the fallback.
DIALECTS: Registry = Registry(
    "source dialect",
    "snnbib.dialects",
    (
        "snnbib.sources.venue_lines",
        "snnbib.sources.conference_year",
        "snnbib.sources.notes_by_year",
        "snnbib.sources.numbered_topics",
        "snnbib.sources.bare_titles",
        "snnbib.sources.generic",
    ),
)
FALLBACK = "generic"


def detect_dialect(text: str) -> str:
    """The name of the first dialect whose detector accepts the text, else the generic one."""
    from ..markdown import read_markdown

    return _detect(read_markdown(text))


def _detect(doc) -> str:
    for dialect in DIALECTS.all():
        if dialect.name != FALLBACK and dialect.detect(doc):
            return dialect.name
    return FALLBACK


def parse_text(text: str, source_name: str, dialect: str | None = None, path: str | Path = "<text>") -> ParsedSource:
    """Parse markdown text; ParseError when it holds no entry at all."""
    from ..markdown import read_markdown

    doc = read_markdown(text)
    if doc.too_deep:
        raise ParseError(path, "lists or quotes nested too deeply to read (over 49 levels)", doc.too_deep)
    name = DIALECTS.get(dialect).name if dialect else _detect(doc)
    results = list(DIALECTS.get(name).read(doc, source_name))
    expected = len(doc.items) + len(doc.rows)
    if len(results) != expected:  # a dialect bug, never a user error
        raise AssertionError(f"{name} accounted for {len(results)} of {expected} items in {path}")
    entries = tuple(r for r in results if isinstance(r, Entry))
    skips = tuple(r for r in results if not isinstance(r, Entry))
    if not entries:
        reasons = sorted({s.reason for s in skips})
        detail = f" ({len(skips)} items skipped: {', '.join(reasons)})" if skips else " (no list items or table rows)"
        raise ParseError(path, f"no entries found with dialect {name!r}{detail}")
    return ParsedSource(source_name, name, entries, skips)


def parse_file(path: str | Path, source_name: str, dialect: str | None = None) -> ParsedSource:
    """Read and parse one source list file."""
    from .reading import read_source

    return parse_text(read_source(path), source_name, dialect, path)
