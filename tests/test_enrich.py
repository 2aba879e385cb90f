"""`snnbib enrich --from FILE`: exact matching by default, verified fuzzy matching on request."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import DATA
from snnbib.enrich import enrich_from
from snnbib.facts import FACTS_FILE, load_facts
from snnbib.pipeline import build


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    (target / FACTS_FILE).write_text("")
    return target


def _csl(tmp_path: Path, items: list[dict]) -> Path:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def _item(title: str, year: int, family: str = "Chakraborty", **extra) -> dict:
    return {"id": title[:8], "type": "paper-conference", "title": title,
            "author": [{"family": family, "given": "A."}], "issued": {"date-parts": [[year]]},
            "container-title": "International Conference on Learning Representations", **extra}


HETERO = "Sparse Spiking Neural Network: Exploiting Heterogeneity in Timescales for Pruning Recurrent SNN"


def test_exact_title_match_with_year_within_one(tmp_path, data):
    path = _csl(tmp_path, [_item(HETERO.upper(), 2023), _item(HETERO, 2019)])
    summary = enrich_from(path, data)
    assert summary.matched == {"title": 1} and len(summary.unmatched) == 1
    record = next(r for r in build(data).dataset if r.title == HETERO)
    assert record.authors[0].family == "Chakraborty"
    assert "mine.json" in record.source_of("authors")


def test_fuzzy_is_off_by_default_and_verified_when_on(tmp_path, data):
    respelt = "Sparse Spiking Neural Networks: Exploiting Heterogeneity in Time-scales for Pruning Recurrent SNNs"
    path = _csl(tmp_path, [_item(respelt, 2024)])
    assert enrich_from(path, data).matched == {}
    summary = enrich_from(path, data, fuzzy=True)
    assert summary.matched == {"fuzzy": 1}
    fact = load_facts(data)[0]
    assert "fuzzy title score" in fact.source


RESPELT = "Sparse Spiking Neural Networks: Exploiting Heterogeneity in Time-scales for Pruning Recurrent SNNs"


@pytest.mark.parametrize("title, year, family", [
    ("Spike-driven Transformer V3", 2023, "Yao"),  # a sequel: the listed title plus more words
    (HETERO.replace("Pruning", "Growing"), 2024, "Chakraborty"),  # one word substituted
    (RESPELT, 2018, "Chakraborty"),  # years apart
    ("Deep Learning in Spiking Neural Network", 2018, "Somebody"),  # list 003 says Tavanaei et al.
])
def test_fuzzy_never_accepts_a_doubtful_match(tmp_path, data, title, year, family):
    summary = enrich_from(_csl(tmp_path, [_item(title, year, family)]), data, fuzzy=True)
    assert summary.matched.get("fuzzy", 0) == 0


def test_fuzzy_accepts_when_the_first_author_agrees(tmp_path, data):
    item = _item("Deep Learning in Spiking Neural Network", 2018, "Tavanaei")
    assert enrich_from(_csl(tmp_path, [item]), data, fuzzy=True).matched == {"fuzzy": 1}


def test_bibtex_input_matches_by_doi(tmp_path, data):
    bib = tmp_path / "mine.bib"
    bib.write_text("@inproceedings{x,\n  title = {A Totally Different Title},\n  author = {Hao, Zecheng},\n"
                   "  year = {2023},\n  doi = {10.1609/aaai.v37i1.25071},\n  pages = {11--21}\n}\n", encoding="utf-8")
    (data / FACTS_FILE).write_bytes((DATA / FACTS_FILE).read_bytes())
    summary = enrich_from(bib, data)
    assert summary.matched == {"doi": 1}


def test_bad_enrichment_file_fails_with_line(tmp_path, data):
    from snnbib.errors import ParseError

    bad = tmp_path / "bad.json"
    bad.write_text('[{"title": "x"},\n oops]')
    with pytest.raises(ParseError, match=r"bad.json:2: invalid JSON"):
        enrich_from(bad, data)
