"""Reading .bib and CSL-JSON files into Records (for `export --data` and `enrich --from`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import require_shared
from export_records import TRICKY
from snnbib.errors import ParseError
from snnbib.exporters import EXPORTERS
from snnbib.exporters._fields import kind_of
from snnbib.exporters._text import plain_text
from snnbib.model import Kind
from snnbib.readers.bibtex import read_bibtex
from snnbib.readers.csljson import read_csljson

READERS = {"bibtex": read_bibtex, "biblatex": read_bibtex, "csl-json": read_csljson}
# what each format cannot carry, so a round trip changes it (documented in the exporters)
LOSSY = {
    "bibtex": {"snntorch": "kind", "lecture2020snn": "kind", "snn-webpage": "kind"},
    "biblatex": {"lecture2020snn": "kind"},
    "csl-json": {"snntorch": "kind", "eshraghian2021training": "et_al"},
}


@pytest.mark.parametrize("name", list(READERS))
def test_round_trip_keeps_the_key_fields(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"refs{EXPORTERS.get(name).suffixes[0]}"
    path.write_text(EXPORTERS.get(name).dumps(TRICKY), encoding="utf-8")
    back = {r.key: r for r in READERS[name](path)}
    assert sorted(back) == sorted(r.key for r in TRICKY)
    for record in TRICKY:
        read = back[record.key]
        assert plain_text(read.title) == plain_text(record.title)
        assert read.authors == record.authors
        assert read.year == record.year
        assert read.container_title == record.container_title
        assert read.ids.doi == record.ids.doi
        # CSL has an arXiv field only in a preprint's `number`
        assert read.ids.arxiv == record.ids.arxiv or (name == "csl-json" and kind_of(record) is not Kind.PREPRINT)
        assert read.topic_slugs == record.topic_slugs
        assert read.pages.replace("–", "-") == record.pages.replace("–", "-")
        for field in ("kind", "et_al"):
            if LOSSY[name].get(record.key) != field:
                assert getattr(read, field) == getattr(record, field), (record.key, field)


def test_bib_reader_keeps_math_and_code_link(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(EXPORTERS.get("bibtex").dumps(TRICKY), encoding="utf-8")
    paper = {r.key: r for r in read_bibtex(path)}["mueller2023efficient"]
    assert paper.title == r"Efficient & Accurate SNN Training: 100% ANN-to-SNN Conversion with $\mathcal{O}(L)$ Time Steps"
    assert paper.ids.repository == "https://github.com/example/ann2snn"
    assert paper.ids.arxiv_class == "cs.NE" and paper.kind is Kind.CONFERENCE_PAPER


@pytest.mark.parametrize("text, line, problem", [
    ("@misc{a, title={x}}\n\n@misc{b, title={unbalanced}\n", 3, "invalid BibTeX"),
    ("@misc{a, title={x}}\n@misc{a, title={y}}\n", 2, "Duplicate entry key 'a'"),
])
def test_bad_bib_is_a_parse_error_with_line(tmp_path: Path, text: str, line: int, problem: str) -> None:
    path = tmp_path / "bad.bib"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        read_bibtex(path)
    assert info.value.line == line and problem in info.value.problem


@pytest.mark.parametrize("text, line, problem", [
    ('[\n  {"id": "a",\n  "title": }\n]', 3, "invalid JSON"),
    ('{"id": "a"}', None, "must be an array"),
    ('[{"type": "book", "title": "x"}]', None, "item 1 has no id"),
    ('[{"id": "a", "title": "x", "author": [{"given": "Jo"}]}]', None, "neither family nor literal"),
])
def test_bad_csl_is_a_parse_error(tmp_path: Path, text: str, line, problem: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        read_csljson(path)
    assert info.value.line == line and problem in info.value.problem


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="file not found"):
        read_csljson(tmp_path / "none.json")
    (tmp_path / "latin1.bib").write_bytes("@misc{a, title={Müller}}".encode("latin-1"))
    with pytest.raises(ParseError, match="invalid UTF-8"):
        read_bibtex(tmp_path / "latin1.bib")


def test_reads_the_shared_enrichment_metadata() -> None:
    path = require_shared("enrichment", "metadata.json")
    records = read_csljson(path)
    assert len(records) == len(json.loads(path.read_text(encoding="utf-8")))
    spikformer = next(r for r in records if r.key == "zhou2023spikformer")
    assert spikformer.kind is Kind.CONFERENCE_PAPER and spikformer.event == "ICLR 2023"
    assert spikformer.authors[0].family == "Zhou" and spikformer.year == 2023
