"""`conference-year`: `# 2024` and `## ICLR-2024` headings, bullets `Title [[paper](url)]
[[arxiv](url)] [[paper with code](url)] [[code](url)] [[openreview](url)]`; the table of
contents at the top is skipped."""

from __future__ import annotations

from typing import Iterator

from ..markdown import Document, Heading, ListItem, TableRow
from ..model import Claim, Entry, Skip
from .common import (
    titled_bullet,
    Dialect, bracketed_links, real_links, heading_claims,
)


def read(doc: Document, source: str) -> Iterator[Entry | Skip]:
    claims: dict[int, tuple[Claim, ...]] = {}  # heading level -> its claims
    for block in doc.blocks:
        if isinstance(block, Heading):
            claims = {level: c for level, c in claims.items() if level < block.level}
            claims[block.level] = heading_claims(block.text)
        elif isinstance(block, (ListItem, TableRow)):
            context = tuple(dict.fromkeys(c for level in sorted(claims) for c in claims[level]))
            yield titled_bullet(block, source, _newest(context))


def _newest(claims: tuple[Claim, ...]) -> tuple[Claim, ...]:
    """One claim per field, the deepest heading's (`## ICLR-2024` under `# 2024`)."""
    chosen: dict[str, Claim] = {}
    for claim in claims:
        chosen[claim.field] = claim
    return tuple(chosen.values())


def detect(doc: Document) -> bool:
    """At least two `VENUE-year` headings, and most linked bullets are `[[label](url)]` style."""
    venue_headings = [h for h in doc.headings if any(c.field == "venue" for c in heading_claims(h.text))]
    linked = [i for i in doc.items if real_links(i.inlines)]
    bracketed = [i for i in linked if bracketed_links(i)]
    return len(venue_headings) >= 2 and len(bracketed) * 2 > len(linked)


PLUGIN = Dialect("conference-year", "`# year` and `## VENUE-year` headings with [[paper]] [[arxiv]] "
                 "[[code]] [[openreview]] link bullets", read, detect, ("venue-year",))
