"""The markdown reader: headings, paths, list items with nesting, tables, bold-only paragraphs."""

from __future__ import annotations

from snnbib.markdown import (
    BREAK, IMAGE, LINK, TEXT, Inline, Paragraph, TableRow, count_items,
    plain_text, read_markdown,
)

DOC = """\
# List [![Awesome](https://badge.svg)](https://github.com/sindresorhus/awesome)

## 2023

**TPAMI, ICLR**
- Title A [[paper](https://arxiv.org/abs/2302.02091)] (**NeurIPS 2022**).
  - [code](https://github.com/a/b)
- Title B

### Tables

| Title | Year |
|-------|------|
| [T](https://x.org/t) *em* | 2020 |

1. [Paper](https://a.b/c.pdf), Maass W (1996) - note
4. Fourth
"""


def test_blocks_in_order_with_lines_paths_and_depths():
    doc = read_markdown(DOC)
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Heading", "Heading", "Paragraph", "ListItem", "ListItem", "ListItem",
                     "Heading", "TableRow", "ListItem", "ListItem"]
    h1 = doc.headings[0]
    assert (h1.level, h1.text, h1.line) == (1, "List", 1)
    assert doc.headings[2].text == "Tables"

    para = doc.paragraphs[0]
    assert isinstance(para, Paragraph) and para.bold_only and para.line == 5
    assert para.path == ("List", "2023")

    a, sub, b, one, four = doc.items
    assert (a.line, a.depth, a.parent, a.ordered) == (6, 0, None, False)
    assert a.raw == "- Title A [[paper](https://arxiv.org/abs/2302.02091)] (**NeurIPS 2022**)."
    assert a.inlines == (
        Inline(TEXT, "Title A ["),
        Inline(LINK, "paper", "https://arxiv.org/abs/2302.02091"),
        Inline(TEXT, "] ("),
        Inline(TEXT, "NeurIPS 2022", strong=True),
        Inline(TEXT, ")."),
    )
    assert (sub.line, sub.depth, sub.parent) == (7, 1, a.index)
    assert (b.line, b.depth, b.parent, plain_text(b.inlines)) == (8, 0, None, "Title B")
    assert a.end_line == 7
    assert (one.ordered, one.number, four.number, four.line) == (True, "1", "4", 17)
    assert one.path == ("List", "2023", "Tables")


def test_table_rows_map_cells_to_headers_case_insensitively():
    row = read_markdown(DOC).rows[0]
    assert isinstance(row, TableRow) and row.line == 14
    assert row.cell("title") == (Inline(LINK, "T", "https://x.org/t"), Inline(TEXT, " "), Inline(TEXT, "em", emph=True))
    assert plain_text(row.cell("YEAR")) == "2020"
    assert row.cell("venue") is None


def test_badges_and_images():
    heading = read_markdown(DOC).headings[0]
    badge = heading.inlines[-1]
    assert badge.kind == LINK and badge.is_badge and badge.src == "https://badge.svg"
    image = read_markdown("![SNN](https://x/y.jpg)\n").paragraphs[0].inlines[0]
    assert image.kind == IMAGE and image.is_badge


def test_hrefs_are_kept_as_written():
    doc = read_markdown("- [n](2023/A%20B,%20C.md) [x](https://e.org/a_(b)) [u](https://e.org/ü)\n")
    assert [i.href for i in doc.items[0].inlines if i.kind == LINK] == [
        "2023/A%20B,%20C.md", "https://e.org/a_(b)", "https://e.org/ü"]


def test_multi_paragraph_item_and_malformed_link_stay_text():
    doc = read_markdown("- first\n\n  second\n- bad [x](\n")
    first, bad = doc.items
    assert [i.kind for i in first.inlines] == [TEXT, BREAK, TEXT]
    assert plain_text(bad.inlines) == "bad [x]("


def test_count_items_counts_list_items_and_body_rows():
    assert count_items(DOC) == 6
    assert count_items("") == 0
