"""Bad input on every dataset input path: one `error: FILE[:LINE]: problem`, exit 1 (2 for usage),
no traceback, and the data directory byte-identical afterwards.

The nasty inputs are small files under tests/nasty/ (lists, overrides, topics fragments appended
to the real topics.toml, enrich files); big ones (a 50 MB list, 100k-character titles,
pathological markdown) are generated in tmp_path.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from snnbib.cli import main

ROOT = Path(__file__).resolve().parent.parent
NASTY = Path(__file__).resolve().parent / "nasty"
DATA = ROOT / "data"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the bundled data directory."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    return target


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under `directory` (symlinks by their target), by relative path."""
    return {str(p.relative_to(directory)): (str(p.readlink()).encode() if p.is_symlink() else p.read_bytes())
            for p in sorted(directory.rglob("*")) if p.is_file() or p.is_symlink()}


def run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def assert_error(capsys, args: list[str], where: str, problem: str, directory: Path, code: int = 1) -> str:
    """The command fails with `error: <where>: <problem>` and leaves `directory` as it was."""
    before = snapshot(directory)
    exit_code, _, err = run(capsys, *args)
    assert exit_code == code, err
    assert "Traceback" not in err
    assert re.match(rf"error: {where}: {problem}", err), err
    assert len(err.strip().splitlines()) == 1, err
    assert snapshot(directory) == before
    return err


# --- lists: snnbib import ---------------------------------------------------------------------

LIST_ERRORS = {
    "invalid_utf8.md": (4, r"invalid UTF-8 byte 0xff at byte offset 84"),
    "nul_byte.md": (3, r"NUL byte at byte offset 15"),
    "empty.md": (None, r"the file is empty"),
    "no_items.md": (None, r"no entries found with dialect 'generic' \(no list items or table rows\)"),
}


@pytest.mark.parametrize("name", sorted(LIST_ERRORS))
@pytest.mark.parametrize("dry_run", [False, True])
def test_bad_lists_are_refused_with_file_and_line(capsys, data, name, dry_run):
    line, problem = LIST_ERRORS[name]
    path = NASTY / "lists" / name
    where = re.escape(str(path)) + (f":{line}" if line else "")
    args = ["import", str(path), "--data-dir", str(data)] + (["--dry-run"] if dry_run else [])
    assert_error(capsys, args, where, problem, data)


def dry_run_titles(capsys, data: Path, path: Path) -> list[str]:
    before = snapshot(data)
    code, out, err = run(capsys, "import", str(path), "--dry-run", "--data-dir", str(data))
    assert code == 0, err
    assert snapshot(data) == before
    return [item["title"] for item in json.loads(out)]


def test_bom_and_crlf_are_read_as_text(capsys, data):
    assert dry_run_titles(capsys, data, NASTY / "lists" / "bom_crlf.md") == ["Spiking paper with a BOM and CRLF"]


def test_malformed_links_become_titles_not_crashes(capsys, data):
    titles = dry_run_titles(capsys, data, NASTY / "lists" / "malformed_links.md")
    assert "Good spiking paper title" in titles
    assert "Broken link at the end of the item" in titles  # `[text](` keeps its label
    assert len(titles) == 5


def test_tex_specials_and_bibtex_syntax_stay_as_written(capsys, data):
    titles = dry_run_titles(capsys, data, NASTY / "lists" / "tex_specials.md")
    assert "@inproceedings{evil, title={Injected}} spiking net" in titles
    assert any(t.startswith("Title with } @ { % & \\ and ") for t in titles)


def test_bidi_and_zero_width_characters_are_removed(capsys, data):
    titles = dry_run_titles(capsys, data, NASTY / "lists" / "rtl_zero_width.md")
    assert titles[0] == "RTL override zerowidth \u00e9 combining spiking paper"
    assert not any(ch in t for t in titles for ch in "\u202e\u200b\u200d\u200f\u2067")
    assert "شبكة عصبية spiking Arabic title" in titles


def test_a_50_mb_list_is_refused_quickly(capsys, data, tmp_path):
    big = tmp_path / "big.md"
    line = b"- [A spiking paper about nothing in particular](https://x.org/p), Smith (2020)\n"
    with big.open("wb") as handle:
        handle.write(b"# Big\n\n")
        for _ in range(50 * 2**20 // len(line) + 1):
            handle.write(line)
    start = time.perf_counter()
    assert_error(capsys, ["import", str(big), "--data-dir", str(data)], re.escape(str(big)),
                 r"50 MiB is over the 8 MiB limit for a source list", data)
    assert time.perf_counter() - start < 2


def test_a_list_just_under_the_limit_is_read(tmp_path):
    from snnbib.sources.reading import MAX_SOURCE_BYTES, read_source

    path = tmp_path / "list.md"
    path.write_bytes(b"- x\n" * (MAX_SOURCE_BYTES // 4))
    assert len(read_source(path)) == MAX_SOURCE_BYTES


PATHOLOGICAL = {
    "100k-char title": "- [" + "Spiking " * 12_500 + "](https://x.org/a), Smith (2021)\n",
    "100k-char bare title": "- " + "spike" * 20_000 + "\n",
    "10k nested bullets on one line": "- " * 10_000 + "[deep spiking paper](https://x.org/d)\n",
    "300 nested bullet lines": "".join("  " * i + f"- [Nested spiking paper {i}](https://x.org/{i})\n" for i in range(300)),
    "10k nested quotes": "> " * 10_000 + "- [quoted](https://x.org/q)\n",
    "open brackets": "- " + "[" * 20_000 + "\n",
    "bracket-paren runs": "- " + "[a(" * 20_000 + "x\n",
    "paren run in a link": "- [a paper](" + "(" * 20_000 + ")\n",
    "stray stars": "- " + "*a " * 20_000 + "\n",
    "strong markers": "- " + "**a" * 20_000 + "\n",
    "spaces then text": "- a" + " " * 20_000 + "[x](\n",
    "link title escapes": '- [x](y "' + '\\"' * 20_000 + '")\n',
    "entities": "- " + "&#" * 20_000 + "\n",
    "wide table": "|" + "a|" * 3_000 + "\n|" + "-|" * 3_000 + "\n" + "|x|" * 3_000 + "\n",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_markdown_finishes_quickly(capsys, data, tmp_path, name):
    path = tmp_path / "list.md"
    path.write_text("# Nasty\n\n" + PATHOLOGICAL[name], encoding="utf-8")
    before = snapshot(data)
    start = time.perf_counter()
    code, out, err = run(capsys, "import", str(path), "--dry-run", "--data-dir", str(data))
    assert time.perf_counter() - start < 15, name
    assert "Traceback" not in err
    if code:
        assert code == 1 and re.match(rf"error: {re.escape(str(path))}(:\d+)?: ", err), err
    else:
        assert isinstance(json.loads(out), list)
    assert snapshot(data) == before


def test_a_100k_character_title_is_kept_whole(capsys, data, tmp_path):
    path = tmp_path / "list.md"
    path.write_text("# L\n\n- [" + "Spiking " * 12_500 + "](https://x.org/a), Smith (2021)\n", encoding="utf-8")
    (title,) = dry_run_titles(capsys, data, path)
    assert title == ("Spiking " * 12_500).strip()


@pytest.mark.parametrize("name", ["../../evil", "a/b", "A B", ".hidden", ""])
def test_unsafe_source_names_write_nothing_anywhere(capsys, data, tmp_path, name):
    outside = snapshot(tmp_path)
    args = ["import", str(NASTY / "lists" / "bom_crlf.md"), "--name", name, "--data-dir", str(data)]
    if not name:  # an empty name means "the next number": allowed
        assert run(capsys, *args)[0] == 0
        return
    assert_error(capsys, args, re.escape(str(data / "sources.toml")),
                 re.escape(f"source name {name!r} must be lower-case"), data)
    assert snapshot(tmp_path) == outside


def test_import_writes_only_inside_the_data_dir(capsys, data, tmp_path):
    before = set(snapshot(tmp_path))
    code, out, err = run(capsys, "import", str(NASTY / "lists" / "bom_crlf.md"), "--data-dir", str(data))
    assert code == 0, err
    added = set(snapshot(tmp_path)) - before
    assert len(added) == 1 and next(iter(added)).startswith("data/sources/005_")


@pytest.mark.parametrize("args", [["import"], ["enrich"], ["import", "x.md", "--bogus"], ["nosuchcommand"]])
def test_usage_errors_exit_2(capsys, args):
    code, _, err = run(capsys, *args)
    assert code == 2, err
    assert "Traceback" not in err and ("Usage:" in err or "No such command" in err), err


# --- overrides.toml ---------------------------------------------------------------------------

OVERRIDE_ERRORS = {
    "bad_toml.toml": (1, r"invalid TOML: Expected ']]'"),
    "unknown_field.toml": (1, r"unknown field 'colour' \(valid: target, "),
    "wrong_type.toml": (1, r"field 'year' must be an integer"),
    "unknown_target.toml": (3, r"target 'nosuchkey2020x' is not a known citation key"),
    "dotdot_target.toml": (1, r"target '\.\./\.\./etc/passwd' is not a known citation key"),
    "dotdot_key.toml": (1, r"key '\.\./\.\./evil' must be ASCII letters, digits"),
    "unknown_item.toml": (1, r"target '003:9999' names no list item"),
    "not_an_array.toml": (None, r"`record` must be an array of tables: write each one under a \[\[record\]\] header"),
    "spaced_header.toml": (3, r"field 'off_topic' must be true or false"),
    "unknown_topic.toml": (1, r"unknown topic '\.\./x'"),
    "no_reason.toml": (1, r"every correction needs a `reason`"),
    "merge_one_item.toml": (1, r"\[\[merge\]\] needs `items`: two or more file:line references"),
    "unknown_table.toml": (None, r"unknown table\(s\) \['x'\]"),
    "invalid_utf8.toml": (1, r"invalid UTF-8 byte 0xff at byte offset 0 \(column 1\)"),
}


TARGET_ERRORS = {"unknown_target.toml", "dotdot_target.toml", "unknown_item.toml"}


# a dry run applies no overrides, so their targets are resolved only by build and check
CASES = [(name, command) for name in sorted(OVERRIDE_ERRORS) for command in ("build", "check", "import")
         if not (command == "import" and name in TARGET_ERRORS)]


@pytest.mark.parametrize("name, command", CASES)
def test_bad_overrides(capsys, data, name, command):
    line, problem = OVERRIDE_ERRORS[name]
    shutil.copyfile(NASTY / "overrides" / name, data / "overrides.toml")
    where = re.escape(str(data / "overrides.toml")) + (f":{line}" if line else "")
    if command == "check":  # check lists every problem, each on its own line
        before = snapshot(data)
        code, _, err = run(capsys, "check", "--data-dir", str(data))
        assert code == 1 and "Traceback" not in err
        assert re.search(rf"^error: {where}: {problem}", err, re.M), err
        assert snapshot(data) == before
        return
    args = ["build", "--data-dir", str(data)] if command == "build" else \
        ["import", str(NASTY / "lists" / "bom_crlf.md"), "--dry-run", "--data-dir", str(data)]
    assert_error(capsys, args, where, problem, data)


# --- topics.toml ------------------------------------------------------------------------------

TOPIC_ERRORS = {
    "slug____x.toml": r"topic #\d+: slug '\.\./x' must be lower-case letters",
    "slug_con.toml": r"topic #\d+: slug 'con' is a reserved file name",
    "slug_aux.toml": r"topic #\d+: slug 'aux' is a reserved file name",
    "slug_nul.toml": r"topic #\d+: slug 'nul' is a reserved file name",
    "slug_prn.toml": r"topic #\d+: slug 'prn' is a reserved file name",
    "slug_com1.toml": r"topic #\d+: slug 'com1' is a reserved file name",
    "slug_lpt9.toml": r"topic #\d+: slug 'lpt9' is a reserved file name",
    "slug__.toml": r"topic #\d+: slug '\.' must be lower-case letters",
    "slug___.toml": r"topic #\d+: slug '\.\.' must be lower-case letters",
    "slug_empty.toml": r"topic #\d+: slug '' must be lower-case letters",
    "slug_Upper.toml": r"topic #\d+: slug 'Upper' must be lower-case letters",
    "slug_a_b.toml": r"topic #\d+: slug 'a/b' must be lower-case letters",
    "slug_ann2snn.toml": r"topic #\d+: duplicate slug 'ann2snn'",
    "slug_int.toml": r"topic #\d+: field 'slug' must be a string",
    "keywords_string.toml": r"topic #\d+: field 'keywords' must be a list of strings",
    "bad_regex.toml": r"topic 'xx': bad pattern: missing \)",
    "unknown_field.toml": r"topic #\d+: unknown field 'colour'",
    "unknown_parent.toml": r"topic 'xx': unknown parent 'nosuch'",
}


@pytest.mark.parametrize("name", sorted(TOPIC_ERRORS))
@pytest.mark.parametrize("command", ["build", "topics"])
def test_bad_topics_name_file_and_line(capsys, data, name, command):
    path = data / "topics.toml"
    line = len(path.read_text(encoding="utf-8").splitlines()) + 2  # the fragment starts with a blank line
    with path.open("a", encoding="utf-8") as handle:
        handle.write((NASTY / "topics" / name).read_text(encoding="utf-8"))
    assert_error(capsys, [command, "--data-dir", str(data)], re.escape(str(path)) + f":{line}", TOPIC_ERRORS[name], data)


def test_topics_must_be_an_array_of_tables(capsys, data):
    (data / "topics.toml").write_text('[topic]\nslug = "x"\n', encoding="utf-8")
    assert_error(capsys, ["build", "--data-dir", str(data)], re.escape(str(data / "topics.toml")),
                 r"`topic` must be an array of tables", data)


# --- sources.toml -----------------------------------------------------------------------------


@pytest.mark.parametrize("file", ["../x.md", "/etc/passwd", "..", ".hidden", "a/b.md", "a\\\\b.md", ""])
def test_source_files_must_be_plain_names(capsys, data, file):
    manifest = data / "sources.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(re.sub(r'^file = ".*"$', f'file = "{file}"', text, count=1, flags=re.M), encoding="utf-8")
    problem = r"source #1: missing \['file'\]" if not file else r"source #1: name '000' / file .* is not a safe name"
    assert_error(capsys, ["build", "--data-dir", str(data)], re.escape(str(manifest)) + ":4", problem, data)


def test_a_source_symlinked_outside_the_data_dir_is_refused(capsys, data, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("# L\n\n- [Secret spiking paper](https://x.org/s)\n", encoding="utf-8")
    (data / "sources" / "evil.md").symlink_to(outside)
    manifest = data / "sources.toml"
    manifest.write_text(re.sub(r'^file = ".*"$', 'file = "evil.md"', manifest.read_text(encoding="utf-8"),
                               count=1, flags=re.M), encoding="utf-8")
    assert_error(capsys, ["build", "--data-dir", str(data)], re.escape(str(manifest)),
                 r"source '000': .*evil\.md is a symlink to outside the data directory", data)
    code, _, err = run(capsys, "check", "--data-dir", str(data))
    assert code == 1 and re.search(r"evil\.md is a symlink to outside the data directory", err), err


def test_sources_must_be_an_array_of_tables(capsys, data):
    (data / "sources.toml").write_text('[source]\nname = "x"\n', encoding="utf-8")
    assert_error(capsys, ["build", "--data-dir", str(data)], re.escape(str(data / "sources.toml")),
                 r"`source` must be an array of tables", data)


# --- enrich --from ----------------------------------------------------------------------------

ENRICH_ERRORS = {
    "not_an_array.json": (None, r"expected a CSL-JSON array of items"),
    "array_of_numbers.json": (None, r"expected a CSL-JSON array of items"),
    "invalid_json_line3.json": (3, r"invalid JSON: Expecting value"),
    "invalid_utf8.json": (1, r"invalid UTF-8 byte 0xff at byte offset 30 \(column 31\)"),
    "empty.json": (1, r"invalid JSON"),
    "author_string.json": (None, r"item #1 \(a1\): field 'author' has the wrong type \(str\)"),
    "author_family_int.json": (None, r"item #1 \(a2\): every author must be an object"),
    "issued_string.json": (None, r"item #1 \(a3\): field 'issued' has the wrong type"),
    "title_list.json": (None, r"item #1 \(a4\): field 'title' has the wrong type \(list\)"),
    "doi_object.json": (None, r"item #1 \(a5\): field 'DOI' has the wrong type \(dict\)"),
    "invalid_utf8.bib": (1, r"invalid UTF-8 byte 0xff at byte offset 0 \(column 1\)"),
}


@pytest.mark.parametrize("name", sorted(ENRICH_ERRORS))
def test_bad_enrich_files(capsys, data, name):
    line, problem = ENRICH_ERRORS[name]
    path = NASTY / "enrich" / name
    where = re.escape(str(path)) + (f":{line}" if line else "")
    assert_error(capsys, ["enrich", "--from", str(path), "--data-dir", str(data)], where, problem, data)


@pytest.mark.parametrize("name, problem", [
    ("unbalanced_braces.bib", r"invalid BibTeX: Unexpected block start: `@article`. Was still looking for closing bracket"),
    ("brace_in_title.bib", r"invalid BibTeX: fields outside any entry \(unbalanced braces in the entry before\?\)"),
])
def test_bibtex_tricks_fail_cleanly(capsys, data, name, problem):
    """An `@comment` swallowing an entry, or a `}` closing a title early: the line and the reason."""
    path = NASTY / "enrich" / name
    assert_error(capsys, ["enrich", "--from", str(path), "--data-dir", str(data)],
                 re.escape(str(path)) + ":1", problem, data)


EXPORT_DATA_ERRORS = [
    ("refs.bib", "@article{,\n  title = {Spiking}\n}\n", "bibtex", ":1", r"@article entry without a citation key"),
    ("refs.bib", "@comment{nothing here}\n", "bibtex", "", r"no entries: nothing to export"),
    ("items.json", "[]", "ris", "", r"no entries: nothing to export"),
    ("items.json", '[{"id": "a b", "title": "T"}]', "ris", "", r"citation key 'a b' is empty or has spaces"),
    ("items.json", '[{"id": "k", "title": "T"}, {"id": "k", "title": "U"}]', "csl-json", "",
     r"duplicate citation key 'k'"),
    ("items.json", '[{"id": "zhou{2023}", "title": "T"}]', "bibtex", "",
     r"citation key 'zhou\{2023\}' has characters BibTeX does not allow in keys"),
]


@pytest.mark.parametrize("name, text, format_name, line, problem", EXPORT_DATA_ERRORS)
@pytest.mark.parametrize("every", [False, True], ids=["one", "all"])
def test_bad_export_data_names_the_file(capsys, tmp_path, name, text, format_name, line, problem, every):
    """`export --data FILE`: a record no format can take, or none at all, is the file's error; nothing is written."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    args = ["export", "--data", str(path), "--format", format_name] + (["--all", "-o", str(out)] if every else [])
    assert_error(capsys, args, re.escape(str(path)) + line, problem, tmp_path)


def test_export_all_writes_keyword_topics_only_inside_the_output_directory(capsys, tmp_path):
    """Keywords of a --data file become topic files under safe, distinct names: `../x` stays inside,
    `con` and `all` do not shadow a device or the everything file, `a/b` and `a-b` both get one."""
    work = tmp_path / "work"
    work.mkdir()
    refs = work / "refs.bib"
    refs.write_text("@article{k1,\n  title = {Spiking},\n  author = {Doe, Jane},\n  year = {2020},\n"
                    "  keywords = {../../evil, con, a/b, .hidden, all, Évolution | Spiking, a-b}\n}\n", encoding="utf-8")
    code, _, err = run(capsys, "export", "--all", "-o", str(work / "out"), "--data", str(refs), "--format", "ris")
    assert code == 0, err
    written = sorted(str(p.relative_to(work)) for p in work.rglob("*") if p.is_file())
    assert written == sorted(["out/README.md", "refs.bib", *(f"out/ris/{s}.ris" for s in (
        "a-b", "a-b-2", "all", "all-topic", "con-topic", "evil", "evolution-spiking", "hidden"))])
    assert "Évolution \\| Spiking" in (work / "out" / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["export", "enrich"])
def test_json_nested_past_the_recursion_limit_is_bad_json(capsys, data, tmp_path, command):
    """`[[[[...` 100k deep made Python's parser raise RecursionError (a traceback); now it is bad JSON."""
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    args = ["export", "--data", str(path)] if command == "export" else \
        ["enrich", "--from", str(path), "--data-dir", str(data)]
    assert_error(capsys, args, re.escape(str(path)) + ":1", r"invalid JSON: nested too deeply", data)


def test_enrich_from_a_directory_or_a_missing_file(capsys, data, tmp_path):
    assert_error(capsys, ["enrich", "--from", str(tmp_path), "--data-dir", str(data)], re.escape(str(tmp_path)),
                 "is a directory, not a bibliography file", data)
    missing = tmp_path / "missing.json"
    assert_error(capsys, ["enrich", "--from", str(missing), "--data-dir", str(data)], re.escape(str(missing)),
                 "file not found", data)


def test_huge_csl_items_are_handled(capsys, data, tmp_path):
    """A 100k-character title and a 10,000-author list: read, matched to nothing, no crash."""
    items = [{"id": "huge", "type": "article-journal", "title": "Spiking " * 12_500,
              "author": [{"family": f"Family{i}", "given": "G."} for i in range(10_000)],
              "issued": {"date-parts": [[2020]]}}]
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    start = time.perf_counter()
    code, out, err = run(capsys, "enrich", "--from", str(path), "--data-dir", str(data))
    assert code == 0, err
    assert "1 items; matched 0" in out
    assert time.perf_counter() - start < 30


def test_a_bibliography_over_the_limit_is_refused(capsys, data, tmp_path, monkeypatch):
    from snnbib import facts

    monkeypatch.setattr(facts, "MAX_BIBLIOGRAPHY_BYTES", 1 << 20)
    path = tmp_path / "big.json"
    path.write_text(json.dumps([{"title": "x" * 1000}] * 2000), encoding="utf-8")
    assert_error(capsys, ["enrich", "--from", str(path), "--data-dir", str(data)], re.escape(str(path)),
                 r"2 MiB is over the 1 MiB limit for a bibliography file", data)


# --- the other data files: venues.toml, enrichment.jsonl, keys.lock, dataset.jsonl ------------

VENUE_ERRORS = {
    '[X]\nkind = 5\n': r"venue 'X': field 'kind' must be a string",
    '[X]\nkind = "journal-article"\ntitle = "T"\naliases = "abc"\n': r"venue 'X': field 'aliases' must be a list",
    '[X]\nkind = "journal-articl"\ntitle = "T"\n': r"venue 'X': 'journal-articl' is not a valid Kind",
    '["A B"]\ntitle = "T"\n': r"venue 'A B': missing 'kind'",
    '[X]\nkind = "journal-article"\ntitle = "T"\ncolour = "red"\n': r"venue 'X': unknown field 'colour'",
}


@pytest.mark.parametrize("fragment", sorted(VENUE_ERRORS))
def test_bad_venues_name_file_and_line(capsys, data, fragment):
    path = data / "venues.toml"
    line = len(path.read_text(encoding="utf-8").splitlines()) + 2
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n" + fragment)
    assert_error(capsys, ["build", "--data-dir", str(data)], re.escape(str(path)) + f":{line}", VENUE_ERRORS[fragment], data)


@pytest.mark.parametrize("name, line, problem", [
    ("enrichment.jsonl", "garbage", r"invalid fact: Expecting value"),
    ("enrichment.jsonl", '{"title_key": 5, "source": []}', r"invalid fact: title_key and source must be strings"),
    ("keys.lock", '{"key": 5}', r"invalid key lock line: 'ids'"),
    ("keys.lock", "[" * 100_000 + "]" * 100_000, r"invalid key lock line: nested too deeply"),
    ("enrichment.jsonl", '{"a": ' * 100_000 + "1" + "}" * 100_000, r"invalid fact: nested too deeply"),
])
def test_corrupt_data_lines_are_named(capsys, data, name, line, problem):
    path = data / name
    number = len(path.read_text(encoding="utf-8").splitlines()) + 1
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    assert_error(capsys, ["build", "--data-dir", str(data)], re.escape(str(path)) + f":{number}", problem, data)


@pytest.mark.parametrize("command", [["topics"], ["search", "spiking"], ["show", "x"], ["stats"]])
def test_a_corrupt_dataset_line_is_named_by_every_browse_command(capsys, data, command):
    path = data / "dataset.jsonl"
    number = len(path.read_text(encoding="utf-8").splitlines()) + 1
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"key": "x", "kind": "nope", "title": "t"}\n')
    assert_error(capsys, [*command, "--data-dir", str(data)], re.escape(str(path)) + f":{number}",
                 r"invalid dataset record: 'nope' is not a valid Kind", data)


def test_a_missing_data_dir_names_the_first_missing_file(capsys, tmp_path):
    missing = tmp_path / "nowhere"
    assert_error(capsys, ["build", "--data-dir", str(missing)], re.escape(str(missing / "topics.toml")),
                 "file not found", tmp_path)
    assert not missing.exists()


def test_many_records_wanting_one_key_get_suffixes_past_z():
    """A big list can hold more than 26 `zhang2023spiking`s: after z come aa, ab, ..."""
    from snnbib.citekeys import KeyLock, KeyRequest, assign_keys

    requests = [KeyRequest(frozenset({f"title:paper {n}"}), "zhang2023spiking", f"{n:03d}") for n in range(30)]
    keys = [key for key, _ in assign_keys(requests, KeyLock())]
    assert keys[:3] == ["zhang2023spiking", "zhang2023spikinga", "zhang2023spikingb"]
    assert keys[26:] == ["zhang2023spikingz", "zhang2023spikingaa", "zhang2023spikingab", "zhang2023spikingac"]
    assert len(set(keys)) == 30


@pytest.mark.parametrize("command", ["import", "enrich"])
def test_endless_files_are_refused(capsys, data, tmp_path, command):
    """/dev/zero or a named pipe would be read forever: only regular files are read."""
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in (Path("/dev/zero"), fifo):
        args = ["import", str(path), "--data-dir", str(data)] if command == "import" else \
            ["enrich", "--from", str(path), "--data-dir", str(data)]
        assert_error(capsys, args, re.escape(str(path)), "not a regular file", data)


def test_deep_nesting_is_read_whole_or_refused_never_cut_silently(capsys, data, tmp_path):
    from snnbib.sources import parse_text

    nested = "".join("  " * i + f"- [Nested spiking paper {i}](https://x.org/{i})\n" for i in range(40))
    parsed = parse_text("# L\n\n" + nested, "x")
    assert len(parsed.entries) + len(parsed.skips) == 40  # every level accounted for
    path = tmp_path / "deep.md"
    path.write_text("# L\n\n" + "".join("  " * i + f"- [Paper {i}](https://x.org/{i})\n" for i in range(60)), encoding="utf-8")
    assert_error(capsys, ["import", str(path), "--data-dir", str(data)], re.escape(str(path)) + ":51",
                 r"lists or quotes nested too deeply to read \(over 49 levels\)", data)


def test_a_symlinked_output_file_is_replaced_never_written_through(capsys, data, tmp_path):
    """build writes dataset.jsonl by rename: a symlink planted there is replaced, its target untouched."""
    outside = tmp_path / "precious.txt"
    outside.write_text("do not overwrite\n", encoding="utf-8")
    expected = (data / "dataset.jsonl").read_bytes()
    (data / "dataset.jsonl").unlink()
    (data / "dataset.jsonl").symlink_to(outside)
    code, _, err = run(capsys, "build", "--data-dir", str(data))
    assert code == 0, err
    assert outside.read_text(encoding="utf-8") == "do not overwrite\n"
    assert not (data / "dataset.jsonl").is_symlink()
    assert (data / "dataset.jsonl").read_bytes() == expected


@pytest.mark.parametrize("name, stored", [("list.md~", ".md"), ("my list (v2).markdown", ".markdown"),
                                          ("list.md;rm -rf", ".md"), ("README", ".md"), ("notes.TXT", ".TXT")])
def test_imported_copies_get_safe_names_the_next_build_accepts(capsys, data, tmp_path, name, stored):
    path = tmp_path / name
    shutil.copyfile(NASTY / "lists" / "bom_crlf.md", path)
    code, _, err = run(capsys, "import", str(path), "--data-dir", str(data))
    assert code == 0, err
    (copy,) = [p for p in (data / "sources").iterdir() if p.name.startswith("005_")]
    assert copy.suffix == stored and copy.read_bytes() == path.read_bytes()
    code, out, err = run(capsys, "build", "--data-dir", str(data))
    assert code == 0, err
    assert re.search(r"^005\s+generic\s+1\s+1\s+-$", out, re.M), out


def test_manifest_fields_with_control_characters_round_trip(capsys, data):
    from snnbib.manifest import load_manifest

    title, repository = 'a\x7fb "q" \\ \t\x01 x', "line1\nline2"
    code, _, err = run(capsys, "import", str(NASTY / "lists" / "bom_crlf.md"), "--title", title,
                       "--repository", repository, "--data-dir", str(data))
    assert code == 0, err
    added = load_manifest(data)[-1]
    assert (added.title, added.repository) == (title, repository)
