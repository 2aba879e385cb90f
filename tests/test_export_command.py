"""`snnbib export` end to end: formats, topics, errors, atomic writes and the committed exports."""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from export_records import TRICKY
from snnbib.exporters import EXPORTERS
from snnbib.model import Record
from snnbib.store import dumps_records


def snnbib(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "snnbib", *args], capture_output=True, cwd=cwd, timeout=120)


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """A dataset directory holding the tricky records and the real topic taxonomy."""
    directory = tmp_path / "data"
    directory.mkdir()
    shutil.copy(DATA / "topics.toml", directory / "topics.toml")
    (directory / "dataset.jsonl").write_text(dumps_records(TRICKY), encoding="utf-8")
    return directory


def of_topics(*slugs: str) -> list[Record]:
    return [r for r in TRICKY if set(slugs) & set(r.topic_slugs)]


def test_stdout_bibtex_by_default(dataset: Path) -> None:
    done = snnbib("export", "--data", str(dataset), "--topic", "ann2snn")
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == EXPORTERS.get("bibtex").dumps(of_topics("ann2snn"))


def test_several_topics_and_format_option(dataset: Path) -> None:
    done = snnbib("export", "--data", str(dataset), "--topic", "surveys", "--topic", "books", "--format", "csl")
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == EXPORTERS.get("csl-json").dumps(of_topics("surveys", "books"))


def test_group_topic_selects_its_children(dataset: Path) -> None:
    done = snnbib("export", "--data", str(dataset), "--topic", "learning", "--format", "ris")
    assert done.stdout.decode().count("ER  - ") == len(of_topics("ann2snn", "surrogate-gradient", "learning-rules"))


@pytest.mark.parametrize("suffix, name", [(".ris", "ris"), (".json", "csl-json"), (".bib", "bibtex")])
def test_format_from_output_suffix(dataset: Path, tmp_path: Path, suffix: str, name: str) -> None:
    out = tmp_path / f"out{suffix}"
    done = snnbib("export", "--data", str(dataset), "-o", str(out))
    assert done.returncode == 0 and done.stdout == b""
    everything = [r for r in TRICKY if not r.off_topic]
    assert out.read_bytes() == EXPORTERS.get(name).dumps(everything).encode("utf-8")


@pytest.mark.parametrize("args, message", [
    (["--topic", "nope"], "error: unknown topic 'nope'; valid: learning, ann2snn,"),
    (["--format", "docx"], "error: unknown format 'docx'; valid: bibtex, biblatex, csl-json, ris"),
    (["-o", "x.docx"], "error: unknown format file suffix '.docx'; valid: .bib, .json, .ris"),
    (["--topic", "spiking-gnn", "-o", "gnn.bib"], "error: topic 'spiking-gnn' has no records"),
])
def test_bad_names_are_clear_errors_and_write_nothing(dataset: Path, tmp_path: Path, args, message) -> None:
    done = snnbib("export", "--data", str(dataset), *args, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.decode().startswith(message)
    assert "Traceback" not in done.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_unwritable_output_leaves_nothing_behind(dataset: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    done = snnbib("export", "--data", str(dataset), "-o", str(blocker / "out.bib"))
    assert done.returncode == 1 and b"cannot write" in done.stderr
    assert blocker.read_text() == "not a directory"


def test_output_directory_without_all_is_an_error(dataset: Path, tmp_path: Path) -> None:
    done = snnbib("export", "--data", str(dataset), "-o", str(tmp_path))
    assert done.returncode == 1 and b"is a directory" in done.stderr


def test_duplicate_key_in_bib_data_is_reported_with_its_line(tmp_path: Path) -> None:
    bib = tmp_path / "dup.bib"
    bib.write_text("@misc{a, title={One}}\n\n@misc{a, title={Two}}\n", encoding="utf-8")
    done = snnbib("export", "--data", str(bib))
    assert done.returncode == 1
    assert done.stderr.decode().startswith(f"error: {bib}:3: invalid BibTeX: Duplicate entry key 'a'")


@pytest.mark.parametrize("name", ["csl-json", "biblatex", "bibtex"])
def test_data_from_an_exported_file_exports_the_same_records(dataset: Path, tmp_path: Path, name: str) -> None:
    source = tmp_path / f"in{EXPORTERS.get(name).suffixes[0]}"
    source.write_text(EXPORTERS.get(name).dumps(TRICKY), encoding="utf-8")
    done = snnbib("export", "--data", str(source), "--topic", "ann2snn", "--topic", "books", "--format", "ris")
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode()
    assert text.count("ER  - ") == 2 and "𝒪(L)" in text and "AU  - Müller, Jörg" in text


def test_all_writes_every_topic_and_format_and_is_byte_identical_on_rerun(dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    (out / "ris").mkdir(parents=True)
    (out / "ris" / "gone-topic.ris").write_text("stale")
    assert snnbib("export", "--data", str(dataset), "--all", "-o", str(out)).returncode == 0
    topics = sorted({s for r in TRICKY for s in r.topic_slugs})
    for exporter in EXPORTERS.all():
        names = sorted(p.name for p in (out / exporter.name).iterdir())
        assert names == sorted(f"{s}{exporter.suffixes[0]}" for s in ["all", *topics])
    assert (out / "ris" / "ann2snn.ris").read_bytes().decode().count("ER  - ") == 1
    readme = (out / "README.md").read_text()
    assert f"| everything (`all`) | {len(TRICKY)} |" in readme and "(`resources`) | 2 |" in readme
    copy = tmp_path / "again"
    assert snnbib("export", "--data", str(dataset), "--all", "-o", str(copy)).returncode == 0
    assert same_tree(out, copy)


def same_tree(left: Path, right: Path) -> bool:
    files = sorted(p.relative_to(left) for p in left.rglob("*") if p.is_file())
    if files != sorted(p.relative_to(right) for p in right.rglob("*") if p.is_file()):
        return False
    return all(filecmp.cmp(left / f, right / f, shallow=False) for f in files)


def test_committed_exports_are_up_to_date(tmp_path: Path) -> None:
    """CI fails when the dataset changed without `snnbib export --all -o exports/`."""
    done = snnbib("export", "--all", "-o", str(tmp_path / "exports"))
    assert done.returncode == 0, done.stderr
    assert same_tree(ROOT / "exports", tmp_path / "exports"), \
        "exports/ is stale: run `snnbib export --all -o exports/` and commit the result"


def test_software_is_never_a_csl_software_item(dataset: Path) -> None:
    done = snnbib("export", "--data", str(dataset), "--topic", "software", "--format", "csl-json")
    items = json.loads(done.stdout)
    assert [i["type"] for i in items] == ["document"]


def test_data_jsonl_uses_the_bundled_topics(dataset: Path) -> None:
    done = snnbib("export", "--data", str(dataset / "dataset.jsonl"), "--topic", "books", "--format", "ris")
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().count("ER  - ") == len(of_topics("books"))


def test_unknown_data_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "refs.txt").write_text("x")
    done = snnbib("export", "--data", str(tmp_path / "refs.txt"))
    assert done.returncode == 1 and b"unknown data file" in done.stderr


def test_all_writes_nothing_when_one_file_cannot_be_exported(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text(json.dumps([{"id": "good", "type": "book", "title": "Fine"},
                                  {"id": "has space", "type": "book", "title": "Key not allowed"}]))
    done = snnbib("export", "--data", str(source), "--all", "-o", str(tmp_path / "out"))
    assert done.returncode == 1 and b"citation key 'has space'" in done.stderr
    assert not (tmp_path / "out").exists()
