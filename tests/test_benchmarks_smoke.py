"""The benchmark suite at a smoke size: it runs and prints every row (no timing assertions)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

ROWS = (
    "bare f-string", "bibtex", "biblatex", "csl-json", "ris",
    "snnbib export --data", "pandoc -f csljson -t bibtex",
    "snnbib --help", "snnbib export --topic ann2snn",
    "snnbib build, bundled data", "snnbib build, 200 synthetic list items",
    "peak memory, bibtex", "peak memory, biblatex", "peak memory, csl-json", "peak memory, ris",
)


def test_benchmark_runs_at_a_smoke_size() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for row in ROWS:
        assert any(line.startswith(row) for line in lines), f"no row {row!r} in:\n{done.stdout}"
    assert "t(200)/t(20)" in done.stdout and "x faster than pandoc" in done.stdout
    assert "rendered in memory" in done.stdout and "rendered into a file" in done.stdout
