"""Golden tests: each `tests/golden/sources/<dialect>__<case>.md` parses (with the dialect that
detection picks, which must be the one in its name) to `<case>.expected.json` beside it.

Refresh the expected files with `SNNBIB_UPDATE_GOLDEN=1 pytest tests/test_sources_golden.py`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from snnbib.fsutil import atomic_write_text
from snnbib.markdown import count_items
from snnbib.model import ParsedSource
from snnbib.sources import detect_dialect, parse_text

GOLDEN = Path(__file__).parent / "golden" / "sources"
CASES = sorted(GOLDEN.glob("*.md"))


def as_json(parsed: ParsedSource) -> dict:
    """A readable, deterministic dict of a parse result (empty fields left out)."""

    def entry(e) -> dict:
        out = {
            "line": e.origin.line,
            "heading": " > ".join(e.origin.heading),
            "title": e.title,
            "authors": e.authors,
            "claims": [f"{c.field}: {c.value} [{c.basis}]" for c in e.claims],
            "section": e.section,
            "kind_hint": e.kind_hint,
            "description": e.description,
            "links": [f"{link.role}: {link.url}" for link in e.links],
        }
        return {k: v for k, v in out.items() if v or k in ("line", "title")}

    return {
        "dialect": parsed.dialect,
        "entries": [entry(e) for e in parsed.entries],
        "skips": [{"line": s.origin.line, "reason": s.reason} for s in parsed.skips],
    }


def test_there_is_a_case_per_dialect_and_six_generic_ones():
    from snnbib.sources import DIALECTS

    dialects = [case.stem.split("__")[0] for case in CASES]
    assert set(dialects) == set(DIALECTS.names())
    assert dialects.count("generic") >= 6


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden(case: Path):
    text = case.read_text(encoding="utf-8")
    dialect = case.stem.split("__")[0]
    assert detect_dialect(text) == dialect
    parsed = parse_text(text, case.stem, path=case)
    assert parsed.items == count_items(text)
    got = json.dumps(as_json(parsed), ensure_ascii=False, indent=1) + "\n"
    expected = case.with_suffix(".expected.json")
    if os.environ.get("SNNBIB_UPDATE_GOLDEN") == "1":
        atomic_write_text(expected, got)
    assert expected.exists(), f"{expected.name} missing: run with SNNBIB_UPDATE_GOLDEN=1"
    assert got == expected.read_text(encoding="utf-8")
