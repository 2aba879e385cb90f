"""A small typed view of a markdown document, read with markdown-it-py (CommonMark + tables).

`read_markdown(text)` gives a `Document`: its blocks in source order (headings, paragraphs,
list items, table rows), each with its 1-based line, raw source line and the heading path
above it, and each inline run split into `Inline` nodes (text, link, image, code, break).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterator, Union

# Open blocks (a list and its item are two) markdown-it reads; it silently skips what is deeper,
# so a document reaching this depth is refused (Document.too_deep) rather than read in part.
MAX_NESTING = 100
# Inline node kinds.
TEXT, LINK, IMAGE, CODE, BREAK, HTML = "text", "link", "image", "code", "break", "html"


@dataclass(frozen=True)
class Inline:
    """One inline node. A link's `text` is its label; `src` is the image inside it, if any."""

    kind: str
    text: str = ""
    href: str = ""
    src: str = ""
    strong: bool = False
    emph: bool = False

    @property
    def is_badge(self) -> bool:
        """An image, or a link whose label is an image (its `text` is then the image's alt)."""
        return self.kind == IMAGE or (self.kind == LINK and bool(self.src))


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int
    raw: str
    inlines: tuple[Inline, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    """A top-level paragraph (not inside a list item)."""

    line: int
    raw: str
    inlines: tuple[Inline, ...]
    path: tuple[str, ...] = ()

    @property
    def bold_only(self) -> bool:
        """True for a paragraph that is one bold span, e.g. `**NeurIPS, CVPR**`."""
        words = [i for i in self.inlines if i.kind != BREAK and (i.kind != TEXT or i.text.strip())]
        return bool(words) and all(i.kind == TEXT and i.strong for i in words)


@dataclass(frozen=True)
class ListItem:
    """A list item's own content (nested lists are separate items pointing to their parent)."""

    index: int  # position among the document's list items
    line: int
    raw: str
    depth: int  # 0 for a top-level item
    ordered: bool
    number: str  # "3" for `3.`; "" for bullets
    inlines: tuple[Inline, ...]
    path: tuple[str, ...] = ()
    parent: int | None = None  # index of the enclosing item
    end_line: int = 0  # last source line of the item, nested lists included


@dataclass(frozen=True)
class TableRow:
    """A table body row; `cells` pairs each header text with the cell's inlines."""

    line: int
    raw: str
    cells: tuple[tuple[str, tuple[Inline, ...]], ...]
    path: tuple[str, ...] = ()

    def cell(self, *names: str) -> tuple[Inline, ...] | None:
        """The first cell whose header matches one of `names` (case-insensitive)."""
        wanted = [n.lower() for n in names]
        for name in wanted:
            for header, inlines in self.cells:
                if header.strip().lower() == name:
                    return inlines
        return None


Block = Union[Heading, Paragraph, ListItem, TableRow]


@dataclass(frozen=True)
class Document:
    blocks: tuple[Block, ...]
    lines: tuple[str, ...] = field(repr=False, default=())
    too_deep: int = 0  # the line where nesting reached MAX_NESTING (content below it was skipped)

    def _of(self, kind: type) -> Iterator:
        return (b for b in self.blocks if isinstance(b, kind))

    @cached_property
    def headings(self) -> list[Heading]:
        return list(self._of(Heading))

    @cached_property
    def items(self) -> list[ListItem]:
        return list(self._of(ListItem))

    @cached_property
    def rows(self) -> list[TableRow]:
        return list(self._of(TableRow))

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        return list(self._of(Paragraph))


def plain_text(inlines: tuple[Inline, ...] | list[Inline], links: bool = True) -> str:
    """The visible text: text, code and (optionally) link labels, not badges; breaks are spaces."""
    parts = []
    for node in inlines:
        if node.kind in (TEXT, CODE) or (links and node.kind == LINK and not node.is_badge):
            parts.append(node.text)
        elif node.kind == BREAK:
            parts.append(" ")
    return "".join(parts)


@lru_cache(maxsize=1)
def _parser():
    """CommonMark + tables; hrefs kept as written (no percent-encoding), simple ones read fast."""
    import re
    from types import SimpleNamespace

    from markdown_it import MarkdownIt, helpers

    simple = re.compile(r"[^\x00-\x20\x7f\\()<&]+")
    slow = helpers.parseLinkDestination

    def destination(src: str, pos: int, end: int):
        # Same result as markdown-it's scanner for hrefs without escapes, parens or entities.
        m = simple.match(src, pos, end)
        if m is None or (m.end() < end and src[m.end()] not in " )\n\t"):
            return slow(src, pos, end)
        result = slow(")", 0, 0)  # an empty result object of markdown-it's own type
        result.ok, result.pos, result.str = True, m.end(), m.group()
        return result

    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    md.options["maxNesting"] = MAX_NESTING
    md.normalizeLink = md.normalizeLinkText = lambda url: url
    md.helpers = SimpleNamespace(
        parseLinkLabel=helpers.parseLinkLabel,
        parseLinkDestination=destination,
        parseLinkTitle=helpers.parseLinkTitle,
    )
    return md


def count_items(text: str) -> int:
    """List items plus table body rows, counted from markdown-it's tokens."""
    tokens = _parser().parse(text)
    in_body = False
    count = 0
    for token in tokens:
        if token.type in ("tbody_open", "tbody_close"):
            in_body = token.type == "tbody_open"
        count += token.type == "list_item_open" or (in_body and token.type == "tr_open")
    return count


def read_markdown(text: str) -> Document:
    """Parse markdown text into a Document."""
    return _Builder(text).build()


class _Builder:
    def __init__(self, text: str) -> None:
        self.lines = tuple(text.splitlines())
        self.tokens = _parser().parse(text)
        self.blocks: list[Block] = []
        self.heads: list[Heading] = []
        self.items: list[ListItem] = []

    def raw(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(h.text for h in self.heads)

    def build(self) -> Document:
        tokens = self.tokens
        stack: list[dict] = []  # open list items
        lists: list[bool] = []  # open lists: ordered?
        header: list[str] = []
        row: list[tuple[str, tuple[Inline, ...]]] = []
        row_line = 0
        in_head = False
        i = 0
        while i < len(tokens):
            t = tokens[i]
            kind = t.type
            if kind == "heading_open":
                inlines = _inlines(tokens[i + 1].children or [])
                level = int(t.tag[1])
                line = t.map[0] + 1
                self.heads = [h for h in self.heads if h.level < level]
                heading = Heading(level, plain_text(inlines).strip(), line, self.raw(line), tuple(inlines))
                self.heads.append(heading)
                self.blocks.append(heading)
                i += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                lists.append(kind == "ordered_list_open")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "list_item_open":
                stack.append(
                    {
                        "line": t.map[0] + 1,
                        "end": t.map[1],
                        "ordered": lists[-1],
                        "number": t.info if lists[-1] else "",
                        "inlines": [],
                        "slot": len(self.blocks),
                        "parent": stack[-1]["index"] if stack else None,
                        "index": len(self.items),
                    }
                )
                self.items.append(None)  # type: ignore[arg-type]  # reserved, filled on close
                self.blocks.append(None)  # type: ignore[arg-type]
            elif kind == "list_item_close":
                self._close_item(stack.pop(), len(stack))
            elif kind == "inline" and stack and tokens[i - 1].type == "paragraph_open":
                if stack[-1]["inlines"]:
                    stack[-1]["inlines"].append(Inline(BREAK))
                stack[-1]["inlines"].extend(_inlines(t.children or []))
            elif kind == "paragraph_open" and not stack:
                inlines = tuple(_inlines(tokens[i + 1].children or []))
                line = t.map[0] + 1
                self.blocks.append(Paragraph(line, self.raw(line), inlines, self.path))
                i += 3
                continue
            elif kind in ("thead_open", "thead_close"):
                in_head = kind == "thead_open"
            elif kind == "tr_open":
                row, row_line = [], t.map[0] + 1 if t.map else 0
            elif kind in ("th_open", "td_open"):
                inlines = tuple(_inlines(tokens[i + 1].children or []))
                if in_head:
                    header.append(plain_text(inlines).strip())
                else:
                    name = header[len(row)] if len(row) < len(header) else str(len(row))
                    row.append((name, inlines))
            elif kind == "tr_close" and not in_head:
                self.blocks.append(TableRow(row_line, self.raw(row_line), tuple(row), self.path))
            elif kind == "table_close":
                header = []
            i += 1
        too_deep = next((t.map[0] + 1 for t in tokens if t.level >= MAX_NESTING - 1 and t.map), 0)
        return Document(tuple(self.blocks), self.lines, too_deep)

    def _close_item(self, item: dict, depth: int) -> None:
        line = item["line"]
        built = ListItem(
            index=item["index"],
            line=line,
            raw=self.raw(line),
            depth=depth,
            ordered=item["ordered"],
            number=item["number"],
            inlines=tuple(item["inlines"]),
            path=self.path,
            parent=item["parent"],
            end_line=item["end"],
        )
        self.items[item["index"]] = built
        self.blocks[item["slot"]] = built


def _inlines(children: list) -> list[Inline]:
    """Flatten markdown-it inline tokens into Inline nodes, tracking bold/emphasis and links."""
    out: list[Inline] = []
    strong = emph = 0
    link: dict | None = None
    for c in children:
        kind = c.type
        if kind in ("strong_open", "strong_close"):
            strong += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            emph += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            link = {"href": str(c.attrs.get("href", "")), "text": [], "src": "", "strong": bool(strong)}
        elif kind == "link_close" and link is not None:
            text = "".join(link["text"])
            out.append(Inline(LINK, text, link["href"], link["src"], link["strong"], bool(emph)))
            link = None
        elif link is not None:
            if kind == "image":
                link["src"] = link["src"] or str(c.attrs.get("src", ""))
                link["text"].append(c.content)
            elif kind in ("text", "code_inline"):
                link["text"].append(c.content)
                link["strong"] = link["strong"] or bool(strong)
            elif kind in ("softbreak", "hardbreak"):
                link["text"].append(" ")
        elif kind == "text":
            if c.content:
                out.append(Inline(TEXT, c.content, strong=bool(strong), emph=bool(emph)))
        elif kind == "code_inline":
            out.append(Inline(CODE, c.content, strong=bool(strong), emph=bool(emph)))
        elif kind == "image":
            out.append(Inline(IMAGE, c.content, src=str(c.attrs.get("src", ""))))
        elif kind in ("softbreak", "hardbreak"):
            out.append(Inline(BREAK))
        elif kind == "html_inline":
            out.append(Inline(HTML, c.content))
    return _merge_text(out)


def _merge_text(nodes: list[Inline]) -> list[Inline]:
    """Join adjacent text nodes with the same styling (markdown-it splits at `[`, `*`...)."""
    merged: list[Inline] = []
    for node in nodes:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and node.kind == TEXT == prev.kind
            and (node.strong, node.emph) == (prev.strong, prev.emph)
        ):
            merged[-1] = Inline(TEXT, prev.text + node.text, strong=node.strong, emph=node.emph)
        else:
            merged.append(node)
    return merged
