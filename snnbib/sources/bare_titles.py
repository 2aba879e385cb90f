"""`bare-titles`: topic sections (`### ANN2SNN`) of bare title bullets without links, sometimes
with a glued mark like `(ICML'2024)`; the Contents and TODO lists are skipped."""

from __future__ import annotations

import re
from typing import Iterator

from ..markdown import Document, ListItem, TableRow
from ..model import Entry, Skip
from .common import (
    Dialect, clean_title, links_of, make_entry, nav_reason, section_name, skip, split_glued_mark, text_of,
)

# Headings whose items are not works: (pattern, skip reason).
NON_WORK_SECTIONS = (
    (re.compile(r"\b(contents|table of contents|toc)\b", re.I), "table-of-contents"),
    (re.compile(r"\btodo\b", re.I), "todo"),
)
TODO_ITEM = re.compile(r"^\s*\[[ xX]?\]")
PAPERS = re.compile(r"\bpapers?\b", re.I)


def read(doc: Document, source: str) -> Iterator[Entry | Skip]:
    for block in doc.blocks:
        if isinstance(block, (ListItem, TableRow)):
            yield _item(block, source)


def _item(item: ListItem | TableRow, source: str) -> Entry | Skip:
    reason = nav_reason(item) or _section_reason(item)
    if reason or not isinstance(item, ListItem):
        return skip(source, item, reason or "table-row")
    title, inline = split_glued_mark(text_of(item.inlines))
    title = clean_title(title)
    if not title:
        return skip(source, item, "empty")
    section = section_name(item.path[-1]) if len(item.path) > 1 else ""
    return make_entry(source, item, title, links_of(item.inlines, "paper"), inline, section=section)


def _section_reason(item: ListItem | TableRow) -> str:
    for heading in reversed(item.path):
        for pattern, reason in NON_WORK_SECTIONS:
            if pattern.search(heading):
                return reason
    if isinstance(item, ListItem) and TODO_ITEM.match(text_of(item.inlines)):
        return "todo"
    if not any(PAPERS.search(h) for h in item.path[1:]):
        return "preamble"
    return ""


def detect(doc: Document) -> bool:
    """Most items under a Papers heading are bare text without links."""
    papers = [i for i in doc.items if any(PAPERS.search(h) for h in i.path[1:])]
    bare = [i for i in papers if not links_of(i.inlines) and text_of(i.inlines).strip()]
    return len(bare) >= 3 and len(bare) * 10 >= len(papers) * 8


PLUGIN = Dialect("bare-titles", "topic sections of bare title bullets without links",
                 read, detect, ("titles",))
