"""The five real source lists: every list item and table row is accounted for, and spot checks
of what each dialect reads from them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from snnbib.identifiers import identifiers_from_links
from snnbib.model import Claim, Entry, Link
from snnbib.sources import detect_dialect, parse_file

SOURCES = Path(__file__).resolve().parent.parent / "data" / "sources"
DIALECT = {
    "000": "zhou-venue-lines",
    "001": "conference-year",
    "002": "notes-by-year",
    "003": "numbered-topics",
    "004": "bare-titles",
}
# (entries, skips by reason) per source, read off the files by hand.
EXPECTED = {
    "000": (37, {}),
    "001": (222, {"table-of-contents": 46}),
    "002": (39, {}),
    "003": (54, {"table-of-contents": 5}),
    "004": (135, {"table-of-contents": 17, "todo": 6, "preamble": 2}),
}


def path_of(name: str) -> Path:
    return next(SOURCES.glob(f"{name}_*.txt"))


def markdown_it_count(text: str) -> int:
    """List items + table body rows, counted straight from markdown-it's token stream."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    body = False
    count = 0
    for token in tokens:
        body = {"tbody_open": True, "tbody_close": False}.get(token.type, body)
        count += token.type == "list_item_open" or (body and token.type == "tr_open")
    return count


@pytest.fixture(scope="module")
def parsed():
    return {name: parse_file(path_of(name), name, dialect) for name, dialect in DIALECT.items()}


@pytest.mark.parametrize("name", sorted(DIALECT))
def test_every_item_is_an_entry_or_a_skip(name, parsed):
    result = parsed[name]
    assert len(result.entries) + len(result.skips) == markdown_it_count(path_of(name).read_text("utf-8"))
    entries, skips = EXPECTED[name]
    assert len(result.entries) == entries
    assert dict(Counter(s.reason for s in result.skips)) == skips
    assert all(e.title and e.origin.source == name and e.origin.raw.strip() for e in result.entries)


@pytest.mark.parametrize("name", sorted(DIALECT))
def test_detection_picks_the_dialect(name):
    assert detect_dialect(path_of(name).read_text("utf-8")) == DIALECT[name]
    assert parse_file(path_of(name), name).dialect == DIALECT[name]


def at(parsed, name: str, line: int) -> Entry:
    return next(e for e in parsed[name].entries if e.origin.line == line)


def test_000_venue_lines_inline_marks_and_mislabelled_links(parsed):
    attention = at(parsed, "000", 12)
    assert attention.title == "Attention Spiking Neural Networks"
    assert attention.origin.heading == ("Awesome-Spiking-Neural-Networks", "Papers", "2023")
    assert attention.claims == (Claim("year", "2023", "heading"), Claim("venue", "TPAMI,ICLR,AAAI", "venue-line"))
    assert attention.links[1] == Link("code", "https://github.com/fangwei123456/spikingjelly/pull/329")
    assert identifiers_from_links(attention.links)[0].ieee == "10032591"
    # `[[paper](github...)]`: the URL wins over the label.
    assert at(parsed, "000", 18).links[1] == Link("code", "https://github.com/hzc1208/ANN2SNN_SRP")
    ottt = at(parsed, "000", 46)
    assert ottt.title == "Online Training Through Time for Spiking Neural Networks"
    assert Claim("venue", "NeurIPS", "inline") in ottt.claims and Claim("year", "2022", "inline") in ottt.claims
    assert at(parsed, "000", 58).title == "Spiking Deep Residual Network"
    assert Claim("venue", "Arxiv", "venue-line") in at(parsed, "000", 23).claims
    assert all(e.section == "" for e in parsed["000"].entries)


def test_001_heading_claims_and_links(parsed):
    lmu = at(parsed, "001", 68)
    assert lmu.title == "LMUFormer: Low Complexity Yet Powerful Spiking Model With Legendre Memory Units"
    assert [l.role for l in lmu.links] == ["paper", "arxiv", "paper-with-code", "code", "openreview"]
    assert lmu.claims[:2] == (Claim("year", "2024", "heading"), Claim("venue", "ICLR", "heading"))
    ids, _ = identifiers_from_links(lmu.links)
    assert (ids.arxiv, ids.openreview, ids.repository) == (
        "2402.04882", "oEF7qExD9F", "https://github.com/zeyuliu1037/lmuformer")
    toc = [s for s in parsed["001"].skips if s.origin.line == 5]
    assert toc and toc[0].reason == "table-of-contents"


def test_002_bold_titles_with_note_links(parsed):
    first = parsed["002"].entries[0]
    assert first.title == "SparseProp: Efficient Event-Based Simulation and Training of Sparse Recurrent Spiking Neural Networks"
    assert first.claims == (Claim("year", "2023", "heading"),)
    assert [l.role for l in first.links] == ["notes"]
    assert first.links[0].url.startswith("2023/SparseProp,%20Efficient")


def test_003_authors_years_sections_and_kinds(parsed):
    maass = at(parsed, "003", 29)
    assert (maass.title, maass.authors, maass.section) == (
        "On the computational power of circuits of spiking neurons", "Maass W and Markram H",
        "Fundamental and overview papers")
    assert Claim("year", "2004", "inline") in maass.claims
    assert maass.description.startswith("theoretical work, proving theorems")
    roy = at(parsed, "003", 70)  # `[Title](url) - Authors (Year) - note`
    assert (roy.authors, roy.description[:8]) == ("Roy et al.", "overview")
    assert at(parsed, "003", 38).authors == "Muramatsu N and Yu HT"
    kinds = {e.title: e.kind_hint for e in parsed["003"].entries if e.kind_hint}
    assert kinds["Neuronal Dynamics"] == "book"
    assert kinds["Neuronal Dynamics - Lectures"] == "lecture"
    assert kinds["BindsNET"] == "software"
    assert kinds["SpikingJelly"] == "repository"
    assert kinds["Human Brain Project"] == "project"
    assert kinds["LIF Simulation"] == "webpage"
    assert at(parsed, "003", 43).section == "ANN to SNN Conversion"


def test_004_bare_titles_keep_mojibake_and_lose_glued_marks(parsed):
    by_line = {e.origin.line: e for e in parsed["004"].entries}
    assert by_line[46].title.startswith("Differentiable\u00c2\u00a0hierarchical")  # left to the normaliser
    icml = next(e for e in parsed["004"].entries if e.title.startswith("Efficient and Effective Time-Series"))
    assert icml.title == "Efficient and Effective Time-Series Forecasting with Spiking Neural Networks"
    assert icml.claims == (Claim("venue", "ICML", "inline"), Claim("year", "2024", "inline"))
    assert icml.section == "Spiking Attention Mechanism"
    math = next(e for e in parsed["004"].entries if "mathcal" in e.title)
    assert "$\\mathcal{O}$(L) Training Memory" in math.title
    assert {e.section for e in parsed["004"].entries} >= {"ANN2SNN", "Surrogate Gradient Optimization"}


@pytest.mark.parametrize("name", sorted(DIALECT))
def test_the_generic_importer_reads_the_real_lists_like_their_own_dialects(name, parsed):
    """The fallback is good enough on its own: same titles, at the same lines."""
    generic = parse_file(path_of(name), name, "generic")
    specific = {e.origin.line: e.title for e in parsed[name].entries}
    titles = {e.origin.line: e.title for e in generic.entries}
    assert {line: titles[line] for line in specific} == specific
    # Only list 004's two preamble bullets ("AI-related: AAAI->ICLR->...") are read as extra items.
    assert len(titles) - len(specific) == (2 if name == "004" else 0)
