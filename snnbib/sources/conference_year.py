"""`conference-year`: `# 2024` and `## ICLR-2024` headings, bullets `Title [[paper](url)]
[[arxiv](url)] [[paper with code](url)] [[code](url)] [[openreview](url)]`; the table of
contents at the top is skipped."""

from __future__ import annotations

from typing import Iterator

from ..markdown import Document, Heading, ListItem, TableRow
from ..model import Claim, Entry, Skip
from .common import (
    Dialect, before_first_link, bracketed_links, real_links, clean_title, heading_claims, links_of, make_entry, nav_reason,
    skip, split_glued_mark, text_of,
)


def read(doc: Document, source: str) -> Iterator[Entry | Skip]:
    claims: dict[int, tuple[Claim, ...]] = {}  # heading level -> its claims
    for block in doc.blocks:
        if isinstance(block, Heading):
            claims = {level: c for level, c in claims.items() if level < block.level}
            claims[block.level] = heading_claims(block.text)
        elif isinstance(block, (ListItem, TableRow)):
            context = tuple(dict.fromkeys(c for level in sorted(claims) for c in claims[level]))
            yield _item(block, source, context)


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
    return make_entry(source, item, title, links_of(item.inlines, "paper"), (*_newest(context), *inline))


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
