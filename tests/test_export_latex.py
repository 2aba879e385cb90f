"""The real programs accept the exports: pdflatex + bibtex (plain, ieeetr), biblatex + biber, pandoc.

Every committed export is covered: each per-topic file is checked to consist of entries that
appear byte for byte in `all.<ext>` of the same format, and `all.<ext>` is compiled citing every
key, so each entry has been through every program. Allowed log lines: none. (Overfull and
underfull boxes are typography, not warnings, and are not counted.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, require_shared
from export_records import TRICKY
from latex_tools import PLAIN_PREAMBLE, biber_build, bibtex_build, pandoc_references
from snnbib.exporters import EXPORTERS

EXPORTS = ROOT / "exports"
# pdflatex has no glyphs for CJK without CJK packages; that record is checked by the parsers only
LATEX_SAFE = [r for r in TRICKY if r.key != "wang2022survey"]
_ENTRY = re.compile(r"^@\w+\{[^,]+,\n(?:  .*\n)*\}\n", re.M)


def committed(name: str) -> Path:
    path = EXPORTS / name / f"all{EXPORTERS.get(name).suffixes[0]}"
    assert path.exists(), f"{path} is missing: run `snnbib export --all -o exports/`"
    return path


def bib_entries(text: str) -> list[str]:
    entries = _ENTRY.findall(text)
    assert "".join(entries) == text.replace("\n\n", "\n"), "a .bib file holds text outside entries"
    return entries


def bib_keys(text: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,]+),$", text, re.M)


def write(tmp_path: Path, name: str, records) -> Path:
    path = tmp_path / f"refs{EXPORTERS.get(name).suffixes[0]}"
    path.write_text(EXPORTERS.get(name).dumps(records), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["bibtex", "biblatex"])
def test_topic_files_are_made_of_entries_of_all(name: str) -> None:
    entries = set(bib_entries(committed(name).read_text(encoding="utf-8")))
    topic_files = [p for p in committed(name).parent.glob("*.bib") if p.name != "all.bib"]
    assert topic_files
    for path in topic_files:
        topic_entries = bib_entries(path.read_text(encoding="utf-8"))
        assert topic_entries and set(topic_entries) <= entries, path


@pytest.mark.slow
@pytest.mark.parametrize("style", ["plain", "ieeetr"])
def test_bibtex_compiles_every_committed_entry_without_warnings(style: str, tmp_path: Path) -> None:
    bib = committed("bibtex")
    keys = bib_keys(bib.read_text(encoding="utf-8"))
    run = bibtex_build(bib, keys, style, tmp_path)
    assert run.problems() == []
    assert run.references == len(keys)


@pytest.mark.slow
def test_biber_compiles_every_committed_entry_without_warnings(tmp_path: Path) -> None:
    bib = committed("biblatex")
    keys = bib_keys(bib.read_text(encoding="utf-8"))
    run = biber_build(bib, keys, tmp_path)
    assert run.problems() == []
    assert run.references == len(keys)


@pytest.mark.parametrize("style", ["plain", "ieeetr"])
def test_bibtex_compiles_the_tricky_records(style: str, tmp_path: Path) -> None:
    run = bibtex_build(write(tmp_path, "bibtex", LATEX_SAFE), [r.key for r in LATEX_SAFE], style, tmp_path)
    assert run.problems() == []
    assert run.references == len(LATEX_SAFE)


def test_biber_compiles_the_tricky_records(tmp_path: Path) -> None:
    run = biber_build(write(tmp_path, "biblatex", LATEX_SAFE), [r.key for r in LATEX_SAFE], tmp_path)
    assert run.problems() == []
    assert run.references == len(LATEX_SAFE)


def test_the_tricky_records_need_no_font_package(tmp_path: Path) -> None:
    keys = [r.key for r in LATEX_SAFE]
    plain = bibtex_build(write(tmp_path, "bibtex", LATEX_SAFE), keys, "plain", tmp_path / "bibtex", PLAIN_PREAMBLE)
    biber = biber_build(write(tmp_path, "biblatex", LATEX_SAFE), keys, tmp_path / "biber", PLAIN_PREAMBLE)
    assert plain.problems() == [] and biber.problems() == []
    assert plain.references == biber.references == len(LATEX_SAFE)


def test_pdflatex_typesets_the_math_and_the_specials(tmp_path: Path) -> None:
    record = next(r for r in TRICKY if r.key == "mueller2023efficient")
    run = bibtex_build(write(tmp_path, "bibtex", [record]), [record.key], "plain", tmp_path)
    bbl = (tmp_path / "latex" / "doc.bbl").read_text(encoding="utf-8")
    assert "{$\\mathcal{O}(L)$}" in bbl and "100\\%" in bbl and "\\&" in bbl
    assert "{SNN}" in bbl  # plain lowercases the title but not the braced acronym
    assert "training" in bbl.replace("\n", " ")
    assert run.problems() == []


# pandoc reads .bib as biblatex and .bibtex as BibTeX
PANDOC_FILES = {"bibtex": "refs.bibtex", "biblatex": "refs.bib", "csl-json": "refs.json"}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(PANDOC_FILES))
def test_pandoc_renders_every_committed_entry(name: str, tmp_path: Path) -> None:
    source = committed(name)
    target = tmp_path / PANDOC_FILES[name]
    target.write_bytes(source.read_bytes())
    text = source.read_text(encoding="utf-8")
    count = len(bib_keys(text)) if name != "csl-json" else text.count('\n    "id": ')
    references = pandoc_references(target, require_shared("formats", "csl", "ieee.csl"), tmp_path)
    assert len(references) == count


@pytest.mark.parametrize("name", list(PANDOC_FILES))
def test_pandoc_renders_the_tricky_records(name: str, tmp_path: Path) -> None:
    target = tmp_path / PANDOC_FILES[name]
    target.write_text(EXPORTERS.get(name).dumps(TRICKY), encoding="utf-8")
    references = pandoc_references(target, require_shared("formats", "csl", "ieee.csl"), tmp_path)
    assert len(references) == len(TRICKY)
    rendered = "\n".join(references)
    assert "𝒪(L)" in rendered and "Müller" in rendered and "Łukasiewicz" in rendered
    assert "Lecture 7 — Spiking" in rendered or "Lecture 7 — spiking" in rendered
