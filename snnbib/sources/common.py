"""Pieces the dialect parsers share: links, titles, glued venue marks, heading claims, skips."""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator, Sequence

from ..identifiers import classify_link, identifiers_from_links
from ..markdown import BREAK, CODE, LINK, TEXT, Document, Inline, ListItem, TableRow
from ..model import Claim, Entry, Link, Origin, Skip, unique

Item = ListItem | TableRow

YEAR = re.compile(r"^(?:19|20)\d{2}$")
_VENUE = r"[A-Za-z][\w&.\-]*(?: [A-Z][\w&.\-]*){0,3}"
# ` 2023`, `-2023`, `'2023`, `'23` (two-digit years only after an apostrophe: not `Top 10`).
_YEAR_MARK = r"(?:\s*[-–_ ]\s*|\s*['’]\s*)(?P<year>(?:19|20)\d{2})|\s*['’](?P<yy>\d{2})"
# `ICLR-2024`, `NeurIPS 2023`, `CVPR'23`, `ICML'2024`; `AAAI 2020 Workshop` is not a match.
VENUE_YEAR = re.compile(rf"^(?P<venue>{_VENUE}?)(?:{_YEAR_MARK})$")
# A venue mark glued to the end of a title: `(**NeurIPS 2022**).`, `(ICML'2024)`, `[CVPR 2023]`.
GLUED_MARK = re.compile(rf"\s*[(\[]\s*\**\s*(?P<venue>{_VENUE}?)(?:{_YEAR_MARK})\s*\**\s*[)\]]\s*[.,;]?\s*$")
# The text after the title link: `, Authors (Year) - note` or ` - Authors (Year) - note`.
AUTHORS_YEAR = re.compile(
    r"^\s*[,\-–—]?\s*(?P<authors>[^()]*?)\s*\((?P<year>(?:19|20)\d{2})\)\s*(?:[-–—:]\s*(?P<note>.*))?$",
    re.S,
)
EMOJI = re.compile(r":[a-z0-9_+\-]+:|[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]")
LEADING_EMOJI = re.compile(rf"^(\s*({EMOJI.pattern}))+\s*")
# Leftovers of `Title [[paper](url)]` once the links are taken out, and of a broken `[text](`.
TRAILING_BRACKETS = re.compile(r"(?<![\s\[(,;:])[\s\[(,;:]*$")  # lookbehind: one try per run, not per char
BROKEN_LINK = re.compile(r"(?<!\s)\s*\[+(?P<label>[^\]]*)\]*\((?P<url>[^)\s]*)$")
MAX_BRACKETS = 64


def mark_year(m: re.Match[str]) -> str:
    """The four-digit year of a VENUE_YEAR or GLUED_MARK match (`'23` is 2023, `'98` is 1998)."""
    if m.group("year"):
        return m.group("year")
    return ("19" if int(m.group("yy")) >= 70 else "20") + m.group("yy")


def heading_claims(text: str) -> tuple[Claim, ...]:
    """`2023` → year; `ICLR-2024`, `NeurIPS 2023`, `CVPR'23` → venue and year (basis heading)."""
    text = EMOJI.sub("", text).strip()
    if YEAR.match(text):
        return (Claim("year", text, "heading"),)
    m = VENUE_YEAR.match(text)
    if m and m.group("venue") and not YEAR.match(m.group("venue")):
        return (Claim("venue", m.group("venue"), "heading"), Claim("year", mark_year(m), "heading"))
    return ()


def split_glued_mark(title: str) -> tuple[str, tuple[Claim, ...]]:
    """Remove a trailing `(VENUE YEAR)` mark from a title and return it as inline claims."""
    m = GLUED_MARK.search(title)
    if m is None or not m.group("venue") or m.start() == 0:
        return title, ()
    claims = (Claim("venue", m.group("venue"), "inline"), Claim("year", mark_year(m), "inline"))
    return title[: m.start()], claims


def section_name(text: str) -> str:
    """A heading as a section name: emoji and shortcodes like `:closed_book:` removed."""
    return " ".join(EMOJI.sub(" ", text).split())


def clean_authors(text: str) -> str:
    """Author text without surrounding separators; a final `et al.` keeps its dot."""
    text = text.strip(" \t-–—,;:")
    return text if text.endswith("al.") else text.rstrip(". ")


def clean_title(text: str) -> str:
    """Strip link leftovers (`[`, a broken `[text](`) from the ends; inner text is left as written."""
    # the search backtracks cubically over runs of `[` and `(`; a real title has a handful
    m = BROKEN_LINK.search(text) if text.count("[") <= MAX_BRACKETS else None
    if m is not None:
        text = text[: m.start()] if text[: m.start()].strip() else m.group("label")
    return TRAILING_BRACKETS.sub("", text).lstrip(" ]),;:").strip()


def strip_emoji(text: str) -> str:
    """Decorations at the start of a title: `:star:`, `🔥`."""
    return LEADING_EMOJI.sub("", text)


def text_of(inlines: Iterable[Inline]) -> str:
    return "".join(i.text if i.kind in (TEXT, CODE) else " " if i.kind == BREAK else "" for i in inlines)


def real_links(inlines: Iterable[Inline]) -> list[Inline]:
    """Links that point somewhere else: not in-page anchors, not empty (badge links count)."""
    return [i for i in inlines if i.kind == LINK and i.href and not i.href.startswith("#")]


def links_of(inlines: Iterable[Inline], default: str = "homepage") -> tuple[Link, ...]:
    return tuple(dict.fromkeys(classify_link(i.text, i.href, default) for i in real_links(inlines)))


def before_first_link(inlines: Sequence[Inline]) -> list[Inline]:
    for n, node in enumerate(inlines):
        if node.kind == LINK:
            return list(inlines[:n])
    return list(inlines)


def bracketed_links(item: ListItem) -> bool:
    """True for `Title [[paper](url)] [[code](url)]`: a link right after a `[`."""
    nodes = item.inlines
    return any(
        node.kind == LINK and n > 0 and nodes[n - 1].kind == TEXT and nodes[n - 1].text.endswith("[")
        for n, node in enumerate(nodes)
    )


def origin(source: str, item: Item) -> Origin:
    return Origin(source, item.line, item.path, item.raw)


def skip(source: str, item: Item, reason: str) -> Skip:
    return Skip(origin(source, item), reason)


def nav_reason(item: Item) -> str:
    """Why an item is navigation rather than a work, or "" when it may be a work."""
    inlines = item.inlines if isinstance(item, ListItem) else tuple(i for _, c in item.cells for i in c)
    links = [i for i in inlines if i.kind == LINK]
    rest = text_of(i for i in inlines if i.kind != LINK).strip(" -–—|,.;:()[]•")
    if links and all(i.href.startswith("#") for i in links) and not rest:
        return "table-of-contents"
    if links and all(i.is_badge for i in links) and not rest:
        return "badge"
    if not links and not rest and not any(i.text.strip() for i in inlines):
        return "empty"
    return ""


def make_entry(
    source: str,
    item: Item,
    title: str,
    links: tuple[Link, ...] = (),
    claims: Iterable[Claim] = (),
    **fields: str,
) -> Entry:
    """An Entry whose claims are the given ones followed by those its links' URLs make."""
    _, url_claims = identifiers_from_links(links)
    return Entry(
        origin=origin(source, item),
        title=title,
        links=links,
        claims=tuple(dict.fromkeys([*claims, *url_claims])),
        **fields,
    )


def venue_line_claim(text: str) -> Claim:
    """A bold venue line (`**NeurIPS, CVPR, ICLR**`) as ONE claim listing the candidates."""
    names = unique(part.strip() for part in re.split(r"[,;/]", text))
    return Claim("venue", ",".join(names), "venue-line")


# Section heading -> kind hint; papers sections give none (the pipeline decides their kind).
KIND_BY_SECTION = (
    (re.compile(r"\b(papers?|surveys?|reviews?|articles?|publications?)\b", re.I), ""),
    (re.compile(r"\bbooks?\b", re.I), "book"),
    (re.compile(r"\b(lectures?|courses?|videos?|talks?)\b", re.I), "lecture"),
    (re.compile(r"\b(frameworks?|librar(y|ies)|simulators?|software|tools?|toolkits?)\b", re.I), "software"),
    (re.compile(r"\b(repositories|repos|code|implementations?)\b", re.I), "repository"),
    (re.compile(r"\b(others?|resources?|misc|links|tutorials?|blogs?|websites?)\b", re.I), "webpage"),
)
# Refinements from the item itself: (kind hint, link role or word in the text, refined hint).
KIND_REFINEMENTS = (
    ("book", "video", "lecture"),
    ("webpage", "project", "project"),
)


def kind_for_section(section: str) -> str:
    return next((kind for pattern, kind in KIND_BY_SECTION if pattern.search(section)), "")


def refine_kind(kind: str, links: Iterable[Link], text: str) -> str:
    """A YouTube link in Books is a lecture; an `Others` item that says "project" is a project."""
    roles = {link.role for link in links}
    words = set(re.findall(r"\w+", text.lower()))
    for applies, signal, refined in KIND_REFINEMENTS:
        if kind == applies and (signal in roles or signal in words):
            return refined
    return kind


class Dialect:
    """A source-list dialect: `read(doc, source)` yields one Entry or Skip per list item and
    table row, in document order; `detect(doc)` says whether a document looks like it."""

    def __init__(
        self,
        name: str,
        description: str,
        read: Callable[[Document, str], Iterator[Entry | Skip]],
        detect: Callable[[Document], bool],
        aliases: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.description = description
        self.read = read
        self.detect = detect
        self.aliases = aliases

    def __repr__(self) -> str:
        return f"Dialect({self.name!r})"


def titled_bullet(item: ListItem | TableRow, source: str, claims: tuple[Claim, ...]) -> Entry | Skip:
    """A top-level bullet `Title [[label](url)]...` under headings that gave `claims`."""
    reason = nav_reason(item)
    if reason or not isinstance(item, ListItem):
        return skip(source, item, reason or "table-row")
    if item.depth:
        return skip(source, item, "sub-item")
    title, inline = split_glued_mark(clean_title(text_of(before_first_link(item.inlines))))
    title = clean_title(title)
    if not title:
        return skip(source, item, "empty")
    if not claims:
        return skip(source, item, "preamble")
    return make_entry(source, item, title, links_of(item.inlines, "paper"), (*claims, *inline))

