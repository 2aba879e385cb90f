"""Property-based fuzzing of every dataset input path: whatever the input, the result is a value
or an SnnbibError naming the file, never another exception, and the text steps stay fast."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from snnbib.errors import ParseError, SnnbibError
from snnbib.facts import fact_from_csl, read_bibliography
from snnbib.normalize import clean_text, clean_title, title_key
from snnbib.overrides import load_overrides
from snnbib.sources import parse_text
from snnbib.sources.common import clean_title as clean_link_title
from snnbib.sources.reading import read_source
from snnbib.taxonomy import load_taxonomy

FUZZ = settings(max_examples=int(os.environ.get("SNNBIB_FUZZ_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# characters that mean something to markdown, TeX, BibTeX, TOML or Unicode layout
SPECIAL = list("[]()<>*_`#-+|!&\\{}@%$~^:;,.'\"=\n\t ") + ["\r\n", "\ufeff", "\u202e", "\u200b", "\u0301", "\xa0", "ﬁ", "Ã©", "Â "]
markdown = st.lists(st.one_of(st.sampled_from(SPECIAL), st.sampled_from(["- ", "1. ", "## ", "| a | b |\n|---|---|\n",
                                                                          "[t](http://x.org/a)", "https://arxiv.org/abs/2101.00001",
                                                                          "spiking", "Smith (2020)", "    "]),
                              st.text(max_size=5)), max_size=60).map("".join)


@FUZZ
@given(text=markdown)
def test_any_markdown_parses_or_is_a_parse_error(text):
    try:
        parsed = parse_text(text, "fuzz")
    except ParseError as exc:
        assert str(exc).startswith("<text>: no entries found")
        return
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.title == entry.title.strip() or entry.title


@FUZZ
@given(data=st.binary(max_size=300) | markdown.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_are_read_or_refused_with_the_file_name(tmp_path, data):
    path = tmp_path / "list.md"
    path.write_bytes(data)
    try:
        text = read_source(path)
    except ParseError as exc:
        assert exc.path == str(path) and exc.problem
        return
    assert text == data.decode("utf-8").removeprefix("\ufeff")
    assert "\x00" not in text and text.strip()


@FUZZ
@given(text=st.text(max_size=200) | markdown)
def test_title_steps_are_total(text):
    for step in (clean_title, clean_text, title_key, clean_link_title):
        assert isinstance(step(text), str)
    cleaned = clean_title(text)
    assert not any(ch in cleaned for ch in "\u202e\u200b\ufeff")


@pytest.mark.parametrize("unit", ["[", "[a(", "*a ", "**a", " ", "(", "](", "_a_", "[[x]](", "\\*"])
def test_title_steps_stay_fast_on_long_runs(unit):
    text = "Spiking " + unit * 20_000 + " end"
    start = time.perf_counter()
    for step in (clean_title, clean_text, title_key, clean_link_title):
        step(text)
    assert time.perf_counter() - start < 3, unit


# runs that once made an exporter's regexes quadratic (`$\\` repeated: 35 s, `'` repeated: 200 s
# for a 100k-character title), and their neighbours
EXPORT_RUNS = ["$\\", "'", "'a", ".", "’", "a.", "$a ", "$", "{", "}", "\\", "$(x)", "A:", "--", "``", "𝒪", "SNN-"]


@pytest.mark.parametrize("unit", EXPORT_RUNS)
def test_every_format_stays_linear_on_a_long_title(unit):
    """A 20k-character title of one repeated piece: a bound a quadratic search overshoots many times."""
    from snnbib.exporters import EXPORTERS
    from snnbib.model import Kind, Person, Record

    record = Record("k", Kind.CONFERENCE_PAPER, (unit * 20_000)[:20_000], authors=(Person(unit * 50, unit * 50),),
                    container_title=unit * 500)
    start = time.perf_counter()
    for exporter in EXPORTERS.all():
        assert exporter.dumps([record])
    assert time.perf_counter() - start < 3, unit


@pytest.mark.parametrize("unit", [" ", "a", "a ,", " ,", " and", "et al", "Doe, J and ", "\t;"])
def test_author_text_stays_linear_on_long_runs(unit):
    """100k characters of author text: 100k spaces took minutes (cubic), 100k letters seconds."""
    from snnbib.names import parse_author_text
    from snnbib.normalize import tidy_punctuation

    text = (unit * 100_000)[:100_000]
    start = time.perf_counter()
    parse_author_text(text)
    tidy_punctuation(text)
    assert time.perf_counter() - start < 3, unit


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
csl_keys = st.sampled_from(["id", "type", "title", "author", "issued", "DOI", "URL", "note", "number", "event",
                            "event-title", "container-title", "publisher", "volume", "issue", "page", "custom"])
csl_items = st.dictionaries(csl_keys, json_values | st.text(max_size=30), max_size=8)


@FUZZ
@given(document=st.lists(csl_items, max_size=5) | json_values)
def test_any_json_is_read_or_refused_then_facts_never_fail(tmp_path, document):
    path = tmp_path / "items.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    try:
        items = read_bibliography(path)
    except ParseError as exc:
        assert exc.path == str(path)
        return
    for item in items:
        fact = fact_from_csl(item, "fuzz")
        assert fact is None or isinstance(fact.title_key, str)


toml_scalars = st.one_of(st.text(max_size=15), st.integers(-5, 3000), st.booleans(),
                         st.lists(st.text(max_size=10), max_size=3), st.lists(st.integers(), max_size=2))
record_keys = st.sampled_from(["target", "title", "venue", "year", "kind", "doi", "arxiv", "url", "pages", "volume",
                               "add_topics", "remove_topics", "off_topic", "key", "reason", "colour"])


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value)  # JSON strings and integers are TOML too


@FUZZ
@given(tables=st.lists(st.tuples(st.sampled_from(["record", "merge", "separate"]),
                                 st.dictionaries(record_keys | st.just("items"), toml_scalars, max_size=6)), max_size=4))
def test_any_overrides_table_loads_or_names_file_and_line(tmp_path, tables):
    text = "".join(f"[[{name}]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in body.items()) + "\n"
                   for name, body in tables)
    (tmp_path / "overrides.toml").write_text(text, encoding="utf-8")
    try:
        overrides = load_overrides(tmp_path, {"ann2snn", "surrogate-gradient"})
    except SnnbibError as exc:
        assert str(exc).startswith(str(tmp_path / "overrides.toml"))
        return
    assert len(overrides.records) + len(overrides.merges) + len(overrides.separates) == len(tables)


topic_keys = st.sampled_from(["slug", "name", "description", "parent", "group", "fallback", "sections", "keywords",
                              "off_topic", "why", "colour"])


@FUZZ
@given(topics=st.lists(st.dictionaries(topic_keys, toml_scalars | st.sampled_from(["con", "../x", "a", "ann2snn", "(x"]),
                                       max_size=5), max_size=4))
def test_any_taxonomy_loads_or_names_the_file(tmp_path, topics):
    text = "".join("[[topic]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in body.items()) + "\n"
                   for body in topics)
    (tmp_path / "topics.toml").write_text(text, encoding="utf-8")
    try:
        taxonomy = load_taxonomy(tmp_path)
    except SnnbibError as exc:
        assert str(exc).startswith(str(tmp_path / "topics.toml"))
        return
    for topic in taxonomy.topics:
        assert topic.slug not in {"con", "prn", "aux", "nul", ".", ".."} and "/" not in topic.slug


def test_the_bundled_files_pass_the_same_checks():
    root = Path(__file__).resolve().parent.parent / "data"
    taxonomy = load_taxonomy(root)
    load_overrides(root, {t.slug for t in taxonomy.topics})


def export_data(capsys, path: Path, format_name: str) -> None:
    """`snnbib export --data PATH` writes the format or fails with one `error: PATH...` line."""
    from snnbib.cli import main

    capsys.readouterr()
    try:
        main(["export", "--data", str(path), "--format", format_name])
        code = 0
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    if code == 0:
        assert out and not err, err
    else:
        assert code == 1 and err.startswith(f"error: {path}") and len(err.strip().splitlines()) == 1, (code, err)


EXPORT_FORMATS = st.sampled_from(["bibtex", "biblatex", "csl-json", "ris"])
csl_export_items = st.dictionaries(csl_keys, json_values | st.text(max_size=30) | st.just([{"family": "A", "given": "B"}]),
                                   max_size=8).map(lambda item: {"id": "k", **item})


@FUZZ
@given(document=st.lists(csl_export_items, max_size=4) | json_values, format_name=EXPORT_FORMATS)
def test_export_of_any_csl_json_writes_or_names_the_file(capsys, tmp_path, document, format_name):
    path = tmp_path / "items.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    export_data(capsys, path, format_name)


bib_pieces = st.sampled_from(["@article{", "@misc{", "@comment{", "@string{", "@preamble{", "k1,", "k2,", "title = ",
                              "author = ", "year = ", "doi = ", "{", "}", "\"", "@", ",", " and ", "#", "=", "\\",
                              "\\'e", "$x$", "\n", "2020", "Spiking", "{SNN}", "%"])
bib_texts = st.lists(bib_pieces | st.text(max_size=4), max_size=40).map("".join)


@FUZZ
@given(text=bib_texts, format_name=EXPORT_FORMATS)
def test_export_of_any_bib_writes_or_names_the_file(capsys, tmp_path, text, format_name):
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    export_data(capsys, path, format_name)
