"""Record facts every format derives the same way: order, identifiers, links, pages, tags."""

from __future__ import annotations

import re
from operator import attrgetter
from typing import Iterable

from ..errors import ExportError
from ..model import Kind, Record, unique
from ._text import Memo, clean

_BAD_KEY = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
_KEY_OF = attrgetter("key")
_PAGE_DASH = re.compile(r"\s*[-\u2010-\u2015\u2212]+\s*")


def in_key_order(records: Iterable[Record]) -> list[Record]:
    """Records sorted by citation key; an empty, spaced or repeated key is an ExportError.
    (The keys are checked all at once: one regex search over them joined, one set.)"""
    ordered = sorted(records, key=_KEY_OF)
    keys = [r.key for r in ordered]
    if not all(keys) or _BAD_KEY.search("/".join(keys)):
        bad = next(k for k in keys if not k or _BAD_KEY.search(k))
        raise ExportError(f"citation key {bad!r} is empty or has spaces or control characters")
    if len(set(keys)) < len(keys):
        repeated = next(after for before, after in zip(keys, keys[1:]) if before == after)
        raise ExportError(f"duplicate citation key {repeated!r}: cannot export two records under one key")
    return ordered


def _simple_part(part: str) -> str:
    return part if part and clean(part) == part and '"' not in part and "\\" not in part else NOT_SIMPLE


# a name part -> itself when it is written as it is (non-empty, clean, nothing JSON escapes), else
# NOT_SIMPLE, which no clean text contains: a name list holding it takes the careful path
NOT_SIMPLE = "\x00"
SIMPLE_PARTS = Memo(_simple_part)


def interleave(pieces: list[str], separator: str) -> list[str]:
    """`pieces` with `separator` between each two: what `separator.join` would write, unjoined."""
    out = [separator] * (2 * len(pieces) - 1) if pieces else []
    out[::2] = pieces
    return out


def kind_of(record: Record) -> Kind:
    """The kind exporters map: a paper of unknown venue with an arXiv id is cited as a preprint."""
    if record.kind is Kind.PAPER and record.ids.arxiv:
        return Kind.PREPRINT
    return record.kind


def doi(record: Record) -> str:
    """The published DOI; for a preprint without one, the arXiv DataCite DOI."""
    if record.ids.doi:
        return record.ids.doi
    return record.ids.arxiv_doi if kind_of(record) is Kind.PREPRINT else ""


def url(record: Record) -> str:
    """The landing page: the record's URL, else its arXiv abstract page, else its code."""
    if record.url:
        return record.url
    if record.ids.arxiv:
        return f"https://arxiv.org/abs/{record.ids.arxiv}"
    return record.ids.repository


def code_link(record: Record) -> str:
    """The code repository when it is not already the record's URL (compared case-insensitively)."""
    repository = record.ids.repository
    return repository if repository and _same_url(repository) != _same_url(url(record)) else ""


def _same_url(link: str) -> str:
    return link.lower().rstrip("/").removesuffix(".git")


def keyword_text(record: Record, separator: str = ", ") -> str:
    """Topic slugs, distinct, in the record's order (Zotero makes them tags), joined by `separator`."""
    slugs = [t.slug for t in record.topics]
    if len(set(slugs)) < len(slugs) or not all(slugs):
        slugs = unique(slugs)
    return separator.join(slugs)


def page_range(pages: str) -> tuple[str, str]:
    """(first, last) of a page range written with any dash; last is '' for a single page."""
    first, dash, last = pages.partition("-")
    if first.isalnum() and (not dash or last.isalnum()):  # the common `588-595` or `e1234`
        return first, last
    parts = [p for p in _PAGE_DASH.split(pages.strip(), maxsplit=1) if p]
    if not parts:
        return "", ""
    return parts[0], parts[1] if len(parts) > 1 else ""


def pages_with(pages: str, dash: str) -> str:
    first, last = page_range(pages)
    return f"{first}{dash}{last}" if last else first
