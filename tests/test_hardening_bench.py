"""The build benchmark at a smoke size: it runs, and its table has every measurement."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_build_benchmark_smoke():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_build.py"), "--size", "60", "--repeat", "1"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = {m.group(1).strip(): (float(m.group(2)), float(m.group(3)))
            for m in re.finditer(r"^(.+?)\s+(\d+\.\d{3})\s+(\d+\.\d)$", done.stdout, re.M)}
    assert set(rows) == {"snnbib --help", "snnbib topics", "build, bundled data",
                         "build, 60 synthetic (first)", "build, 60 synthetic (rebuild)", "enrich --fuzzy, 60 items"}
    assert all(seconds > 0 and peak > 0 for seconds, peak in rows.values())


def test_synthetic_lists_are_deterministic_and_fully_parsed():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_build import synthetic_list
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from snnbib.sources import parse_text

    text = synthetic_list(200, seed=3)
    assert text == synthetic_list(200, seed=3) != synthetic_list(200, seed=4)
    parsed = parse_text(text, "900")
    assert len(parsed.entries) == 200 and not parsed.skips
    assert len({e.title for e in parsed.entries}) == 200
