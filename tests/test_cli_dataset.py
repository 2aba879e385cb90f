"""The dataset commands as a user runs them: import, topics, search, show, stats, and bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA
from snnbib.manifest import load_manifest

UNSEEN_LIST = """# Awesome Neuromorphic Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)

## Contents
- [Papers](#papers)

## Papers

### Conversion
| Title | Venue | Year | Code |
|---|---|---|---|
| [Spikformer: When Spiking Neural Network Meets Transformer](https://arxiv.org/abs/2209.15425) | ICLR | 2023 | [code](https://github.com/ZK-Zhou/spikformer) |
| [A Brand-New Spiking Idea & More](https://openreview.net/forum?id=abcDEF123) | NeurIPS | 2099 | |
"""


def snnbib(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "snnbib", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


def test_import_dry_run_prints_csl_json_and_changes_nothing(tmp_path, data):
    listing = tmp_path / "awesome.md"
    listing.write_text(UNSEEN_LIST, encoding="utf-8")
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    out = snnbib("import", str(listing), "--dry-run", "--data-dir", str(data))
    assert out.returncode == 0, out.stderr
    items = json.loads(out.stdout)
    titles = {i["title"] for i in items}
    assert "A Brand-New Spiking Idea & More" in titles
    spikformer = next(i for i in items if i["title"].startswith("Spikformer"))
    assert spikformer["type"] == "paper-conference" and spikformer["issued"]["date-parts"][0][0] == 2023
    assert before == {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}


def test_import_adds_a_verbatim_source_that_the_next_build_merges(tmp_path, data):
    listing = tmp_path / "awesome.md"
    listing.write_bytes(UNSEEN_LIST.encode("utf-8"))
    out = snnbib("import", str(listing), "--data-dir", str(data), "--repository", "https://example.org/awesome")
    assert out.returncode == 0, out.stderr
    added = load_manifest(data)[-1]
    assert added.name == "005" and added.dialect and added.repository == "https://example.org/awesome"
    assert (data / "sources" / added.file).read_bytes() == listing.read_bytes()
    built = snnbib("build", "--data-dir", str(data))
    assert built.returncode == 0, built.stderr
    records = [json.loads(line) for line in (data / "dataset.jsonl").read_text().splitlines()]
    spikformer = next(r for r in records if r["key"] == "zhou2023spikformer")
    assert "005" in {o["source"] for o in spikformer["origins"]}
    assert any(r["title"] == "A Brand-New Spiking Idea & More" for r in records)
    again = snnbib("import", str(listing), "--data-dir", str(data))
    assert again.returncode == 1 and "already a source" in again.stderr


@pytest.mark.parametrize("content, problem", [
    (b"", "empty"),
    (b"# List\n\n- caf\xe9 paper\n", "invalid UTF-8"),
    (b"# List\n\nJust prose, no items at all.\n", "no entries"),
])
def test_import_bad_lists_fail_cleanly(tmp_path, data, content, problem):
    listing = tmp_path / "bad.md"
    listing.write_bytes(content)
    out = snnbib("import", str(listing), "--data-dir", str(data))
    assert out.returncode == 1
    assert out.stderr.startswith(f"error: {listing}") and problem in out.stderr
    assert "Traceback" not in out.stderr
    assert len(load_manifest(data)) == 5


def test_missing_file_names_the_file(tmp_path):
    out = snnbib("import", str(tmp_path / "missing.md"), "--dry-run")
    assert out.returncode == 1 and "missing.md" in out.stderr and "Traceback" not in out.stderr


def test_unsafe_topic_slug_in_taxonomy_is_rejected(data):
    text = (data / "topics.toml").read_text()
    (data / "topics.toml").write_text(text.replace('slug = "ann2snn"', 'slug = "../ann2snn"', 1))
    out = snnbib("topics", "--data-dir", str(data))
    assert out.returncode == 1 and "topics.toml" in out.stderr and "slug" in out.stderr


def test_topics_search_show_stats():
    topics = snnbib("topics")
    assert topics.returncode == 0 and "ann2snn" in topics.stdout
    search = snnbib("search", "spikformer", "--year", "2023")
    assert "zhou2023spikformer" in search.stdout
    by_author = snnbib("search", "--author", "Zhaokun Zhou", "--topic", "spiking-transformers")
    assert "zhou2023spikformer" in by_author.stdout
    show = snnbib("show", "zhou2023spikformer")
    assert "Zhaokun Zhou" in show.stdout and "<- enrichment" in show.stdout and "001:205" in show.stdout
    stats = snnbib("stats")
    assert stats.returncode == 0 and "per venue" in stats.stdout
    unknown = snnbib("search", "--topic", "nope")
    assert unknown.returncode == 1 and "valid:" in unknown.stderr and "ann2snn" in unknown.stderr


def test_help_on_every_command():
    from snnbib.cli import COMMANDS

    for name in COMMANDS:
        out = snnbib(name, "--help")
        assert out.returncode == 0 and "Usage:" in out.stdout, name
