"""`zhou-venue-lines`: `### 2023` headings, bold venue lines (`**NeurIPS, CVPR**`, `**Arxiv**`),
bullets `Title [[paper](url)] [[code](url)]`, sometimes `(**NeurIPS 2022**)` after the title."""

from __future__ import annotations

from typing import Iterator

from ..markdown import Document, Heading, ListItem, Paragraph, TableRow, plain_text
from ..model import Claim, Entry, Skip
from .common import (
    Dialect, before_first_link, clean_title, heading_claims, links_of, make_entry, nav_reason,
    skip, split_glued_mark, text_of, venue_line_claim,
)


def read(doc: Document, source: str) -> Iterator[Entry | Skip]:
    year: tuple[Claim, ...] = ()
    venues: tuple[Claim, ...] = ()
    for block in doc.blocks:
        if isinstance(block, Heading):
            year, venues = heading_claims(block.text), ()
        elif isinstance(block, Paragraph) and block.bold_only:
            venues = (venue_line_claim(plain_text(block.inlines)),)
        elif isinstance(block, (ListItem, TableRow)):
            yield _item(block, source, year + venues)


def _item(item: ListItem | TableRow, source: str, context: tuple[Claim, ...]) -> Entry | Skip:
    reason = nav_reason(item)
    if reason or not isinstance(item, ListItem):
        return skip(source, item, reason or "table-row")
    if item.depth:
        return skip(source, item, "sub-item")
    title, inline = split_glued_mark(clean_title(text_of(before_first_link(item.inlines))))
    title = clean_title(title)
    if not title:
        return skip(source, item, "empty")
    if not context:
        return skip(source, item, "preamble")
    return make_entry(source, item, title, links_of(item.inlines, "paper"), (*context, *inline))


def detect(doc: Document) -> bool:
    """Bold venue lines right under year headings, followed by bullets."""
    last_year = False
    hits = 0
    for block in doc.blocks:
        if isinstance(block, Heading):
            last_year = bool(heading_claims(block.text)) and block.text.strip().isdigit()
        elif isinstance(block, Paragraph) and block.bold_only and last_year:
            hits += 1
    return hits >= 2


PLUGIN = Dialect("zhou-venue-lines", __doc__.split(":", 1)[1].strip(), read, detect, ("venue-lines",))
