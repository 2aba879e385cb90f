"""`notes-by-year`: a personal notes collection, `#### 2023` headings and bullets
`**Title** [笔记](notes.md)` (bold title, a link to the note file, no paper links)."""

from __future__ import annotations

from typing import Iterator

from ..markdown import TEXT, Document, Heading, Inline, ListItem, TableRow
from ..model import Claim, Entry, Skip
from .common import Dialect, clean_title, heading_claims, links_of, make_entry, nav_reason, skip, text_of


def read(doc: Document, source: str) -> Iterator[Entry | Skip]:
    year: tuple[Claim, ...] = ()
    for block in doc.blocks:
        if isinstance(block, Heading):
            year = tuple(c for c in heading_claims(block.text) if c.field == "year")
        elif isinstance(block, (ListItem, TableRow)):
            yield _item(block, source, year)


def _item(item: ListItem | TableRow, source: str, year: tuple[Claim, ...]) -> Entry | Skip:
    reason = nav_reason(item)
    if reason or not isinstance(item, ListItem):
        return skip(source, item, reason or "table-row")
    bold = _bold(item.inlines)
    if not year or not bold:
        return skip(source, item, "prose")
    return make_entry(source, item, bold, links_of(item.inlines, "notes"), year)


def _bold(inlines: tuple[Inline, ...]) -> str:
    return clean_title(text_of(i for i in inlines if i.kind == TEXT and i.strong))


def detect(doc: Document) -> bool:
    """Most bullets are a bold title followed by a notes link."""
    noted = [
        i for i in doc.items
        if _bold(i.inlines) and any(link.role == "notes" for link in links_of(i.inlines))
    ]
    return len(noted) >= 3 and len(noted) * 2 >= len(doc.items)


PLUGIN = Dialect("notes-by-year", "`#### year` headings, bold titles with links to note files",
                 read, detect, ("notes",))
