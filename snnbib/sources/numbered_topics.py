"""`numbered-topics`: topic sections of numbered items `[Title](url), Authors (Year) - note`
(also `[Title](url) - Authors (Year) - note`), plus Books, Frameworks, Repositories and Others
sections whose items are `[Name](url) - note`."""

from __future__ import annotations

import re
from typing import Iterator

from ..markdown import LINK, Document, ListItem, TableRow
from ..model import Claim, Entry, Skip
from .common import (
    AUTHORS_YEAR, Dialect, clean_title, kind_for_section, links_of, make_entry, nav_reason, refine_kind, section_name, skip,
    split_glued_mark, text_of,
)

NOTE = re.compile(r"^\s*[,\-–—:]\s*(?P<note>.*)$", re.S)

NON_WORK_SECTIONS = re.compile(r"\b(contents|table of contents)\b", re.I)


def read(doc: Document, source: str) -> Iterator[Entry | Skip]:
    for block in doc.blocks:
        if isinstance(block, (ListItem, TableRow)):
            yield _item(block, source)


def _item(item: ListItem | TableRow, source: str) -> Entry | Skip:
    reason = nav_reason(item)
    if not reason and any(NON_WORK_SECTIONS.search(h) for h in item.path):
        reason = "table-of-contents"
    if reason or not isinstance(item, ListItem):
        return skip(source, item, reason or "table-row")
    if item.depth:
        return skip(source, item, "sub-item")
    first = item.inlines[0] if item.inlines else None
    if first is None or first.kind != LINK:
        return skip(source, item, "prose")
    title, inline = split_glued_mark(clean_title(first.text))
    rest = text_of(item.inlines[1:])
    authors, note, claims = "", rest.strip(" -–—,"), list(inline)
    m = AUTHORS_YEAR.match(rest)
    if m:
        authors, note = m.group("authors").strip(), (m.group("note") or "").strip()
        claims.append(Claim("year", m.group("year"), "inline"))
    elif (n := NOTE.match(rest)) is not None:
        note = n.group("note").strip()
    section = section_name(item.path[-1]) if len(item.path) > 1 else ""
    kind = kind_for_section(section)
    links = links_of(item.inlines, "homepage" if kind else "paper")
    kind = refine_kind(kind, links, f"{title} {note}")
    return make_entry(source, item, title, links, claims, authors=authors, section=section,
                      kind_hint=kind, description=note)


def detect(doc: Document) -> bool:
    """Numbered items that start with a link followed by `Authors (Year)`."""
    hits = [
        i for i in doc.items
        if i.ordered and i.inlines and i.inlines[0].kind == LINK and AUTHORS_YEAR.match(text_of(i.inlines[1:]))
    ]
    return len(hits) >= 3


PLUGIN = Dialect("numbered-topics", "topic sections of numbered `[Title](url), Authors (Year) - note` "
                 "items plus books, frameworks, repositories and other resources", read, detect, ("topics",))
