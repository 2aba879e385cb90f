"""Golden files: the hand-made tricky records in every format, byte for byte.

Refresh after an intended change with `SNNBIB_UPDATE_GOLDEN=1 pytest tests/test_export_golden.py`
and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from export_records import TRICKY
from snnbib.exporters import EXPORTERS

GOLDEN = Path(__file__).parent / "golden" / "export"
FORMATS = ["bibtex", "biblatex", "csl-json", "ris"]


def golden_path(name: str) -> Path:
    return GOLDEN / f"tricky.{name}{EXPORTERS.get(name).suffixes[0]}"


@pytest.mark.parametrize("name", FORMATS)
def test_tricky_records_match_golden_file(name: str) -> None:
    text = EXPORTERS.get(name).dumps(TRICKY)
    path = golden_path(name)
    if os.environ.get("SNNBIB_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.read_bytes() == text.encode("utf-8")


@pytest.mark.parametrize("name", FORMATS)
def test_output_does_not_depend_on_input_order(name: str) -> None:
    exporter = EXPORTERS.get(name)
    assert exporter.dumps(tuple(reversed(TRICKY))) == exporter.dumps(TRICKY)


def test_registry_lists_the_four_formats_with_suffixes() -> None:
    assert EXPORTERS.names() == FORMATS
    assert EXPORTERS.for_suffix(".ris").name == "ris"
    assert EXPORTERS.for_suffix(".json").name == "csl-json"
    assert EXPORTERS.for_suffix(".bib").name == "bibtex"
    assert EXPORTERS.get("biber").name == "biblatex"


def test_a_third_party_format_is_found_through_the_entry_point_group(monkeypatch) -> None:
    """Built-in names resolve without scanning entry points; other names do scan them."""
    import importlib.metadata

    from snnbib.registry import Registry

    class Plugin:
        name, aliases, suffixes = "endnote-xml", ("enw",), (".xml",)

    class EntryPoint:
        def load(self):
            return Plugin

    scans: list[str] = []

    def entry_points(group: str):
        scans.append(group)
        return [EntryPoint()]

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    registry = Registry("format", "snnbib.exporters", ("snnbib.exporters.ris",))
    assert registry.get("ris").name == "ris" and scans == []
    assert registry.get("enw") is Plugin and registry.for_suffix(".xml") is Plugin
    assert registry.names() == ["ris", "endnote-xml"] and scans == ["snnbib.exporters"]
