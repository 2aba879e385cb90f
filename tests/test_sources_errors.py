"""Bad input: every problem is a ParseError naming the file (and the line where there is one)."""

from __future__ import annotations

import pytest

from snnbib.errors import ParseError, UnknownNameError
from snnbib.sources import DIALECTS, parse_file, parse_text


def write(tmp_path, data: bytes, name: str = "list.md"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_missing_file(tmp_path):
    with pytest.raises(ParseError) as err:
        parse_file(tmp_path / "nope.md", "x")
    assert err.value.path.endswith("nope.md") and "file not found" in str(err.value)


def test_directory(tmp_path):
    with pytest.raises(ParseError, match="is a directory"):
        parse_file(tmp_path, "x")


def test_invalid_utf8_reports_line_and_byte(tmp_path):
    path = write(tmp_path, "# List\n\n- Good title\n- Bad \xe9 title\n".encode("latin-1"))
    with pytest.raises(ParseError) as err:
        parse_file(path, "x")
    assert err.value.line == 4
    assert err.value.problem == "invalid UTF-8 byte 0xe9 at byte offset 27 (column 7)"
    assert str(err.value) == f"{path}:4: invalid UTF-8 byte 0xe9 at byte offset 27 (column 7)"


def test_nul_bytes(tmp_path):
    path = write(tmp_path, b"# List\n- one\x00two\n")
    with pytest.raises(ParseError) as err:
        parse_file(path, "x")
    assert err.value.line == 2 and "NUL byte at byte offset 12" in err.value.problem


@pytest.mark.parametrize("data", [b"", b"  \n\n\t\n", b"\xef\xbb\xbf\n"])
def test_empty_file(tmp_path, data):
    with pytest.raises(ParseError, match="the file is empty"):
        parse_file(write(tmp_path, data), "x")


def test_a_list_without_entries_names_the_file_and_what_was_skipped(tmp_path):
    path = write(tmp_path, b"# Notes\n\nJust prose, no list.\n")
    with pytest.raises(ParseError) as err:
        parse_file(path, "x")
    assert str(err.value) == f"{path}: no entries found with dialect 'generic' (no list items or table rows)"

    toc = write(tmp_path, b"# List\n\n- [Papers](#papers)\n- [Code](#code)\n", "toc.md")
    with pytest.raises(ParseError, match=r"no entries found with dialect 'generic' \(2 items skipped: table-of-contents\)"):
        parse_file(toc, "x")


def test_a_bom_is_dropped(tmp_path):
    path = write(tmp_path, "\ufeff# List\n\n- A title [[paper](https://arxiv.org/abs/2302.02091)]\n".encode())
    assert parse_file(path, "x").entries[0].title == "A title"


def test_malformed_links_are_read_as_text():
    parsed = parse_text(
        "# L\n\n- [Broken title](https://example.org/x\n- Good title [paper](\n- Title [[code](https://github.com/a/b)]\n",
        "x",
    )
    assert [e.title for e in parsed.entries] == ["Broken title", "Good title", "Title"]
    assert [e.links for e in parsed.entries[:2]] == [(), ()]


def test_unknown_dialect_lists_the_valid_ones():
    with pytest.raises(UnknownNameError) as err:
        parse_text("- a\n", "x", "nonsense")
    assert set(err.value.valid) == set(DIALECTS.names())


def test_dialect_aliases_resolve():
    assert parse_text("# 2023\n\n**NeurIPS**\n- A [[paper](u)]\n", "x", "venue-lines").dialect == "zhou-venue-lines"
