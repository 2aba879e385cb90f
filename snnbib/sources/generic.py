"""`generic`: an awesome list in a dialect no specific parser knows (also the detection fallback).

Understands bullets and numbered items, nested bullets (a sub-bullet with links or `Key: value`
belongs to its parent; a parent without links over titled children is a category), tables with
Title/Paper/Venue/Conference/Year/Authors/Link/Code columns, `[Title](url), Authors (Year) - note`,
`**Title** — Authors. *Venue* Year. [pdf](url)`, `Title. Authors. Venue Year. [paper](url)`,
headings and bold lines that are years or `VENUE-year`/`VENUE 2023`/`Venue'23`; badges and
table-of-contents links are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice, takewhile
from typing import Iterator

from ..identifiers import classify_link
from ..markdown import LINK, TEXT, Document, Heading, Inline, ListItem, Paragraph, TableRow, plain_text
from ..model import Claim, Entry, Link, Skip
from .common import (
    _VENUE, _YEAR_MARK, AUTHORS_YEAR, VENUE_YEAR, YEAR, Dialect, before_first_link, clean_authors, clean_title, strip_emoji, mark_year, heading_claims, kind_for_section,
    links_of, make_entry, nav_reason, real_links, refine_kind, section_name, skip, split_glued_mark,
    text_of, venue_line_claim,
)

# Headings whose items are not works: (pattern, skip reason).
NON_WORK_SECTIONS = (
    (re.compile(r"\b(contents|table of contents|toc|index)\b", re.I), "table-of-contents"),
    (re.compile(r"\bto-?do\b", re.I), "todo"),
    (re.compile(r"\b(contribut\w*|licen[cs]e|acknowledg\w*|citation|how to cite|cite this|contact"
                r"|star history|related (awesome )?lists|other awesome lists|changelog|news|updates)\b", re.I),
     "front-matter"),
)
# Headings that name the list's paper part rather than a topic.
GENERIC_SECTIONS = re.compile(r"^(papers?|paper list|publications?|list|the list|awesome .*)$", re.I)
# Link labels that say what a link is, never a title.
LINK_LABELS = re.compile(
    r"^\W*(paper|pdf|code|arxiv|openreview|link|url|project|page|website|github|repo|video|slides|poster"
    r"|doi|bib|bibtex|html|abs|abstract|supp|supplementary|blog|notes?|demo|\d+)\W*$", re.I
)
# `Key: value` lines of sub-bullets, and the Entry field each fills.
FIELD_LINE = re.compile(r"^\s*(?P<key>[A-Za-z][A-Za-z ;./-]{0,24}?)\s*[:：]\s*(?P<value>.*)$", re.S)
FIELD_KEYS = (
    (re.compile(r"^authors?$", re.I), "authors"),
    (re.compile(r"^(venue|conference|conf|journal|published( in)?|publication)$", re.I), "venue"),
    (re.compile(r"^(year|date)$", re.I), "year"),
    (re.compile(r"^(tl;?dr|notes?|summary|abstract|description|keywords?|comment)$", re.I), "description"),
    (re.compile(r"^(code|github|repo|repository|paper|pdf|arxiv|link|links|project|doi|url)$", re.I), "links"),
)
# Table columns by header (case-insensitive), in order of preference.
COLUMNS = {
    "title": ("title", "paper title", "paper", "name", "work", "article", "publication"),
    "authors": ("authors", "author", "author(s)"),
    "venue": ("venue", "conference", "conf", "conf.", "journal", "published", "published in", "source"),
    "year": ("year", "date", "published year"),
    "note": ("note", "notes", "description", "summary", "remarks", "tl;dr", "comment", "keywords", "highlights"),
    "code": ("code", "github", "repo", "repository", "implementation", "official code"),
}
# `Authors. *Venue* Year.` or `Title. Authors. Venue Year.`
CITATION = re.compile(
    r"^(?P<title>.+?)(?<!\b[A-Z])\.\s+(?P<authors>.+?)\.\s+(?P<venue>[^.]+?)[,\s]+['’]?(?P<year>(?:19|20)\d{2})\.?$"
)
# `"Title", Authors, Venue Year.` (also with curly quotes, and with the comma inside the quotes)
QUOTED = re.compile(r"^[\"“](?P<title>[^\"”]+?)[,.]?[\"”][,.]?\s*(?P<rest>.*)$")
AUTHORS_VENUE_YEAR = re.compile(
    r"^(?P<authors>.+?)[,.]\s+(?P<venue>[^,.]*?[A-Za-z][^,.]*?)[,\s]+['’]?(?P<year>(?:19|20)\d{2})\.?$"
)
# `[ICLR 2022] Title`, `(NeurIPS'22) Title`: a venue mark before the title.
OPENING_MARK = re.compile(rf"^\s*[(\[]\s*\**\s*(?P<venue>{_VENUE}?)(?:{_YEAR_MARK})\s*\**\s*[)\]]\s*[-–—:]?\s*")
# `Title, Firstname Lastname et al.`: authors after the last comma, ending in et al.
TRAILING_ET_AL = re.compile(r"^(?P<title>.+?),\s+(?P<authors>[A-Z][^,]*?\bet\.? al\.?)$")
# `Title - Authors - Venue Year -`: fields separated by spaced dashes.
DASHES = re.compile(r"\s+[-–—]\s+")
LEADING_MARK = re.compile(r"^\s*[(\[]\s*\**(?P<mark>[^()\[\]]+?)\**\s*[)\]]\s*[.,;]?")
SEPARATORS = " \t-–—,;:."


Context = dict[int, tuple[tuple[Claim, ...], str]]  # heading level -> (claims, section)
Roles = dict[int, int | str]  # list item index -> "entry", "category" or its entry's index


@dataclass
class _Parsed:
    title: str = ""
    authors: str = ""
    description: str = ""
    claims: list[Claim] = field(default_factory=list)


def read(doc: Document, source: str) -> Iterator[Entry | Skip]:
    roles = _item_roles(doc)
    context: Context = {}
    for block in doc.blocks:
        if isinstance(block, Heading):
            context = {lvl: c for lvl, c in context.items() if lvl < block.level}
            context[block.level] = _heading_context(block, doc)
        elif isinstance(block, Paragraph) and block.bold_only:
            context[7] = _bold_line_context(plain_text(block.inlines))
        elif isinstance(block, TableRow):
            yield _row(block, source, context)
        elif isinstance(block, ListItem):
            yield _item(block, source, context, roles, doc)


def _heading_context(heading: Heading, doc: Document) -> tuple[tuple[Claim, ...], str]:
    claims = heading_claims(heading.text)
    title_heading = heading.level == 1 and heading is doc.headings[0]
    if claims or title_heading or GENERIC_SECTIONS.match(section_name(heading.text)):
        return claims, ""
    return (), section_name(heading.text)


def _bold_line_context(text: str) -> tuple[tuple[Claim, ...], str]:
    claims = heading_claims(text)
    if claims:
        return claims, ""
    parts = [p.strip() for p in re.split(r"[,;/]", text) if p.strip()]
    if len(parts) >= 2 and all(len(p.split()) <= 3 for p in parts):
        return (venue_line_claim(text),), ""
    return (), section_name(text)


def _claims_and_section(context: Context) -> tuple[list[Claim], str]:
    chosen: dict[str, Claim] = {}
    section = ""
    for level in sorted(context):
        claims, name = context[level]
        for claim in claims:
            chosen[claim.field] = claim
        section = name or section
    return list(chosen.values()), section


def _non_work(path: tuple[str, ...]) -> str:
    """The skip reason the nearest heading gives its items (Contents, TODO, Contributing...)."""
    for pattern, reason in NON_WORK_SECTIONS:
        if len(path) > 1 and pattern.search(path[-1]):
            return reason
    return ""


# --- nested bullets ---------------------------------------------------------------------------


def _item_roles(doc: Document) -> Roles:
    """Per list item: "entry", "category" or the index of the entry it is attached to."""
    children: dict[int, list[ListItem]] = {}
    for item in doc.items:
        if item.parent is not None:
            children.setdefault(item.parent, []).append(item)
    roles: Roles = {}
    for item in doc.items:
        parent = roles.get(item.parent) if item.parent is not None else None
        if parent is None or parent == "category":
            kids = children.get(item.index, [])
            roles[item.index] = "category" if _is_category(item, kids) else "entry"
        else:
            roles[item.index] = item.parent if parent == "entry" else parent
    return roles


def _is_category(item: ListItem, kids: list[ListItem]) -> bool:
    """A parent without links whose children are titled works, e.g. `- Transformers` over papers."""
    if not kids or real_links(item.inlines):
        return False
    return any(_is_titled(kid) for kid in kids)


def _is_titled(item: ListItem) -> bool:
    text = clean_title(text_of(before_first_link(item.inlines)))
    first_link = next((i for i in item.inlines if i.kind == LINK), None)
    label = first_link.text if first_link and not text else ""
    words = (text or label).split()
    return len(words) >= 3 and not FIELD_LINE.match(text or label)


# --- list items -------------------------------------------------------------------------------


def _item(item: ListItem, source: str, context: Context, roles: Roles, doc: Document) -> Entry | Skip:
    reason = nav_reason(item) or _non_work(item.path)
    if reason:
        return skip(source, item, reason)
    role = roles[item.index]
    if role == "category":
        return skip(source, item, "category")
    if role != "entry":
        return skip(source, item, "sub-item")
    claims, section = _claims_and_section(context)
    category = _category_of(item, roles, doc)
    section = category or section
    parsed = _parse_inlines(item.inlines)
    if not parsed.title:
        return skip(source, item, "untitled")
    links = list(links_of(item.inlines, "paper"))
    # the items attached to an entry are its descendants: the items right after it
    for kid in takewhile(lambda i: roles.get(i.index) == item.index, islice(doc.items, item.index + 1, None)):
        _attach(kid, parsed, links)
    kind = kind_for_section(section)
    if kind:
        links = [Link("homepage", l.url) if l.role == "paper" else l for l in links]
    kind = refine_kind(kind, links, f"{parsed.title} {parsed.description}")
    return make_entry(
        source, item, parsed.title, tuple(dict.fromkeys(links)), [*claims, *parsed.claims],
        authors=parsed.authors, section=section, kind_hint=kind, description=parsed.description,
    )


def _category_of(item: ListItem, roles: Roles, doc: Document) -> str:
    parent = item.parent
    while parent is not None:
        if roles.get(parent) == "category":
            return section_name(clean_title(text_of(doc.items[parent].inlines)))
        parent = doc.items[parent].parent
    return ""


def _attach(kid: ListItem, parsed: _Parsed, links: list[Link]) -> None:
    """Merge a sub-bullet into its entry: links, `Key: value` fields, or a description line."""
    links.extend(links_of(kid.inlines, "paper"))
    text = text_of(kid.inlines).strip()
    m = FIELD_LINE.match(text)
    target = next((f for p, f in FIELD_KEYS if m and p.match(m.group("key").strip())), "description")
    value = m.group("value").strip() if m and target != "description" else text
    if target == "authors" and not parsed.authors:
        parsed.authors = value
    elif target == "venue":
        parsed.claims.extend(_venue_claims(value))
    elif target == "year" and (y := re.search(r"(?:19|20)\d{2}", value)):
        parsed.claims.append(Claim("year", y.group(), "inline"))
    elif target == "description" and value.strip(SEPARATORS):
        parsed.description = f"{parsed.description} {value}".strip()


def _venue_claims(text: str) -> list[Claim]:
    text = text.strip(SEPARATORS + "*_")
    m = VENUE_YEAR.match(text)
    if m and m.group("venue"):
        return [Claim("venue", m.group("venue"), "inline"), Claim("year", mark_year(m), "inline")]
    return [Claim("venue", text, "inline")] if text and not YEAR.match(text) else []


def _parse_inlines(inlines: tuple[Inline, ...]) -> _Parsed:
    """Title, authors, venue/year and note from one item's inline nodes."""
    nodes = [i for i in inlines if not (i.kind == TEXT and not i.text.strip()) and not i.is_badge]
    parsed = _Parsed()
    first = nodes[0] if nodes else None
    if first is not None and first.kind == LINK and not LINK_LABELS.match(first.text) and first.text.strip():
        parsed.title, rest = first.text, nodes[1:]
    elif first is not None and first.kind == TEXT and first.strong:
        lead = 0
        while lead < len(nodes) and nodes[lead].kind == TEXT and nodes[lead].strong:
            lead += 1
        parsed.title, rest = text_of(nodes[:lead]), nodes[lead:]
    else:
        before = before_first_link(nodes)
        parsed.title, rest = text_of(before), nodes[len(before):]
        opening = OPENING_MARK.match(parsed.title)
        if opening and opening.group("venue"):
            parsed.claims += [Claim("venue", opening.group("venue"), "inline"), Claim("year", mark_year(opening), "inline")]
            parsed.title = parsed.title[opening.end():]
        _split_fields(parsed)
        quoted = QUOTED.match(clean_title(parsed.title))
        m = CITATION.match(clean_title(parsed.title))
        if quoted:
            parsed.title = quoted.group("title")
            tail = AUTHORS_VENUE_YEAR.match(quoted.group("rest").strip())
            if tail:
                parsed.authors = tail.group("authors")
                parsed.claims += _venue_claims(tail.group("venue")) + [Claim("year", tail.group("year"), "inline")]
            else:
                parsed.description = quoted.group("rest").strip(SEPARATORS)
        elif m:
            parsed.title, parsed.authors = m.group("title"), m.group("authors")
            parsed.claims += _venue_claims(m.group("venue")) + [Claim("year", m.group("year"), "inline")]
    title, glued = split_glued_mark(clean_title(strip_emoji(parsed.title)))
    parsed.title = clean_title(title)
    parsed.claims += glued
    _parse_rest([n for n in rest if n.kind != LINK], parsed)
    return parsed


def _split_fields(parsed: _Parsed) -> None:
    """`Title - Authors - Venue Year` and `Title, Someone et al.`: split authors and venue off."""
    text = clean_title(parsed.title).strip(SEPARATORS + " ")
    parts = [p for p in DASHES.split(text) if p.strip(SEPARATORS)]
    if len(parts) >= 2:
        venue_parts = [p for p in parts[1:] if _venue_claims(p) and VENUE_YEAR.match(p.strip(SEPARATORS + "*_"))]
        author_parts = [p for p in parts[1:] if p not in venue_parts and (", " in p or " and " in p or "et al" in p)]
        if venue_parts or author_parts:
            parsed.title = parts[0]
            parsed.authors = parsed.authors or clean_authors(author_parts[0]) if author_parts else parsed.authors
            for part in venue_parts:
                parsed.claims += _venue_claims(part)
            return
    tail = TRAILING_ET_AL.match(text)
    if tail:
        parsed.title, parsed.authors = tail.group("title"), tail.group("authors")


def _parse_rest(rest: list[Inline], parsed: _Parsed) -> None:
    """What follows the title: a `(VENUE YEAR)` mark, `Authors (Year) - note`, `Authors. *Venue* Year.`"""
    text = text_of(rest)
    mark = LEADING_MARK.match(text)
    if mark and _venue_claims(mark.group("mark")):
        parsed.claims += _venue_claims(mark.group("mark"))
        text = text[mark.end():]
    venue = next((i.text for i in rest if i.kind == TEXT and i.emph and i.text.strip()), "")
    text = text.strip(SEPARATORS + "[]() ")
    if not text:
        return
    m = AUTHORS_YEAR.match(text)
    if venue:
        authors, _, after = text.partition(venue.strip())
        parsed.authors = parsed.authors or clean_authors(authors)
        parsed.claims += _venue_claims(venue)
        year = re.search(r"(?:19|20)\d{2}", after)
        parsed.claims += [Claim("year", year.group(), "inline")] if year else []
        parsed.description = after[year.end():].strip(SEPARATORS) if year else after.strip(SEPARATORS)
    elif m:
        parsed.authors = parsed.authors or clean_authors(m.group("authors"))
        parsed.claims.append(Claim("year", m.group("year"), "inline"))
        parsed.description = (m.group("note") or "").strip()
    else:
        parsed.description = text


# --- table rows -------------------------------------------------------------------------------


def _row(row: TableRow, source: str, context: Context) -> Entry | Skip:
    reason = nav_reason(row) or _non_work(row.path)
    if reason:
        return skip(source, row, reason)
    claims, section = _claims_and_section(context)
    cells = {name: row.cell(*headers) for name, headers in COLUMNS.items()}
    title_cell = cells["title"] if cells["title"] is not None else (row.cells[0][1] if row.cells else ())
    title_links = [i for i in title_cell if i.kind == LINK and not LINK_LABELS.match(i.text) and not i.is_badge]
    title = clean_title(text_of(title_cell)) or (title_links[0].text if title_links else "")
    title, glued = split_glued_mark(title)
    claims = [*claims, *glued]
    if cells["venue"] is not None:
        claims += _venue_claims(text_of(cells["venue"]))
    if cells["year"] is not None and (y := re.search(r"(?:19|20)\d{2}", text_of(cells["year"]))):
        claims.append(Claim("year", y.group(), "inline"))
    links: list[Link] = []
    code_cells = {id(cells["code"])} if cells["code"] is not None else set()
    for header, inlines in row.cells:
        for node in real_links(inlines):
            is_code = id(inlines) in code_cells
            links.append(classify_link("code" if is_code else node.text, node.href, "code" if is_code else "paper"))
    title = clean_title(title)
    if not title:
        return skip(source, row, "untitled")
    kind = kind_for_section(section)
    return make_entry(
        source, row, title, tuple(dict.fromkeys(links)), claims,
        authors=text_of(cells["authors"]).strip() if cells["authors"] is not None else "",
        section=section, kind_hint=refine_kind(kind, links, title),
        description=text_of(cells["note"]).strip() if cells["note"] is not None else "",
    )


def detect(doc: Document) -> bool:
    """The fallback: accepts anything."""
    return True


PLUGIN = Dialect("generic", "any awesome list: bullets, nested bullets, tables, citation lines",
                 read, detect, ("auto", "awesome"))
