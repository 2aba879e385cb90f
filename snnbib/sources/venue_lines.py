"""`zhou-venue-lines`: `### 2023` headings, bold venue lines (`**NeurIPS, CVPR**`, `**Arxiv**`),
bullets `Title [[paper](url)] [[code](url)]`, sometimes `(**NeurIPS 2022**)` after the title."""

from __future__ import annotations

from typing import Iterator

from ..markdown import Document, Heading, ListItem, Paragraph, TableRow, plain_text
from ..model import Claim, Entry, Skip
from .common import (
    titled_bullet,
    Dialect, heading_claims, venue_line_claim,
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
            yield titled_bullet(block, source, year + venues)


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
