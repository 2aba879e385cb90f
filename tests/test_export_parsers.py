"""Independent parsers read every export back with every entry and its key fields intact."""

from __future__ import annotations


import pytest

import snnbib
from conftest import ROOT, require_shared
from export_records import TRICKY
from readback import check_bibtexparser, check_csl, check_pybtex, check_rispy
from snnbib.exporters import EXPORTERS

EXPORTS = ROOT / "exports"
CHECKS = {
    "bibtex": (check_bibtexparser, check_pybtex),
    "biblatex": (check_bibtexparser, check_pybtex),
    "ris": (check_rispy,),
}


def check(name: str, text: str, records) -> None:
    if name == "csl-json":
        check_csl(text, list(records), require_shared("formats", "csl", "csl-data.json"))
        return
    for check_one in CHECKS[name]:
        check_one(text, list(records))


@pytest.mark.parametrize("name", ["bibtex", "biblatex", "csl-json", "ris"])
def test_tricky_records_read_back(name: str) -> None:
    check(name, EXPORTERS.get(name).dumps(TRICKY), TRICKY)


@pytest.mark.parametrize("name", ["bibtex", "biblatex", "csl-json", "ris"])
def test_every_committed_export_reads_back(name: str) -> None:
    dataset = snnbib.load()
    exporter = EXPORTERS.get(name)
    folder = EXPORTS / name
    files = sorted(folder.glob(f"*{exporter.suffixes[0]}"))
    assert files, f"{folder} is empty: run `snnbib export --all -o exports/`"
    for path in files:
        records = dataset.select() if path.stem == "all" else \
            [r for r in dataset.select([path.stem]) if not r.off_topic]
        check(name, path.read_bytes().decode("utf-8"), records)
