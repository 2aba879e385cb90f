"""data/lookup.jsonl and `apply`: pure, offline, never overwrites, provenance on every value."""

from __future__ import annotations

import json

import pytest

from snnbib.errors import ParseError
from snnbib.lookup.results import RESULTS_FILE, Result, apply, dumps_results, load_results, \
    write_results
from snnbib.model import Identifiers, Kind, Person, Record

T = "2026-01-01T00:00:00Z"


def result(key, field, value, status="accepted", provider="crossref", score=99.0, **kw):
    return Result(key, field, value, status, provider, score, "Matched", 10.0, "title 99.0",
                  T, **kw)


def test_file_is_sorted_stable_and_round_trips(tmp_path):
    results = [result("b", "doi", "10.1/b"), result("a", "pages", "1-2"),
               result("a", "authors", [{"family": "Zhou", "given": "Z"}], status="queued")]
    write_results(tmp_path, results)
    text = (tmp_path / RESULTS_FILE).read_text()
    lines = text.splitlines()
    assert [json.loads(line)["key"] + "/" + json.loads(line)["field"] for line in lines] == [
        "a/authors", "a/pages", "b/doi"]
    assert list(json.loads(lines[0])) == ["key", "field", "value", "status", "provider", "score",
                                          "matched_title", "runner_up", "reasons", "time",
                                          "decided_by"]
    assert dumps_results(load_results(tmp_path)) == text


def test_a_bad_line_names_the_file_and_line(tmp_path):
    (tmp_path / RESULTS_FILE).write_text(
        dumps_results([result("a", "doi", "10.1/a")]) + '{"key": "b"}\n')
    with pytest.raises(ParseError) as info:
        load_results(tmp_path)
    assert info.value.line == 2 and RESULTS_FILE in str(info.value)


def test_apply_fills_accepted_values_with_provenance(tmp_path):
    write_results(tmp_path, [
        result("a", "doi", "10.1/a"),
        result("a", "pages", "12-20", provider="dblp", score=97.25),
        result("a", "volume", "9", status="queued"),
        result("a", "issue", "3", status="rejected"),
    ])
    record = Record("a", Kind.JOURNAL_ARTICLE, "T")
    [out] = apply([record], tmp_path)
    assert out.ids.doi == "10.1/a" and out.pages == "12-20"
    assert out.volume == "" and out.issue == ""
    assert out.provenance == (("ids.doi", "lookup:crossref score=99.0"),
                              ("pages", "lookup:dblp score=97.2"))
    assert record.ids.doi == "" and record.provenance == ()  # the input is untouched


def test_apply_never_overwrites_a_doi(tmp_path):
    write_results(tmp_path, [result("a", "doi", "10.1/other")])
    record = Record("a", Kind.JOURNAL_ARTICLE, "T", ids=Identifiers(doi="10.1/mine"),
                    provenance=(("ids.doi", "url"),))
    assert apply([record], tmp_path) == [record]


def test_apply_derives_offline_dois_without_a_results_file(tmp_path):
    ijcai = Record("a", Kind.CONFERENCE_PAPER, "T", ids=Identifiers(ijcai="2020/12"))
    [out] = apply([ijcai], tmp_path)
    assert out.ids.doi == "10.24963/ijcai.2020/12"
    assert out.provenance == (("ids.doi", "offline:ijcai"),)


def test_offline_facts_win_over_lookups(tmp_path):
    write_results(tmp_path, [result("a", "doi", "10.9/lookup")])
    ijcai = Record("a", Kind.CONFERENCE_PAPER, "T", ids=Identifiers(ijcai="2020/12"))
    assert apply([ijcai], tmp_path)[0].ids.doi == "10.24963/ijcai.2020/12"


def test_aaai_doi_from_looked_up_volume_and_issue(tmp_path):
    write_results(tmp_path, [result("a", "volume", "35"), result("a", "issue", "2")])
    record = Record("a", Kind.CONFERENCE_PAPER, "T", ids=Identifiers(aaai="16123"))
    assert apply([record], tmp_path)[0].ids.doi == "10.1609/aaai.v35i2.16123"


def test_authors_complete_an_et_al_list_only_when_the_first_author_agrees(tmp_path):
    found = [{"family": "Zhou", "given": "Zhaokun"}, {"family": "Zhu", "given": "Yuesheng"}]
    write_results(tmp_path, [result("a", "authors", found), result("b", "authors", found),
                             result("c", "authors", found)])
    a = Record("a", Kind.PREPRINT, "T", authors=(Person("Zhou", "Z."),), et_al=True)
    b = Record("b", Kind.PREPRINT, "T", authors=(Person("Smith"),), et_al=True)
    c = Record("c", Kind.PREPRINT, "T")
    out = apply([a, b, c], tmp_path)
    assert out[0].authors == (Person("Zhou", "Zhaokun"), Person("Zhu", "Yuesheng"))
    assert not out[0].et_al
    assert out[1] == b
    assert out[2].authors[0] == Person("Zhou", "Zhaokun")


def test_results_follow_a_renamed_key(tmp_path):
    write_results(tmp_path, [result("old2023", "doi", "10.1/a")])
    record = Record("new2023", Kind.JOURNAL_ARTICLE, "T", aliases=("old2023",))
    assert apply([record], tmp_path)[0].ids.doi == "10.1/a"


def test_results_module_imports_no_network_library():
    import subprocess
    import sys

    code = ("import sys, snnbib.lookup.results; "
            "print(sorted(m for m in ('requests', 'rapidfuzz', 'tqdm') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
