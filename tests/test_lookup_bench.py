"""The lookup benchmark at a smoke size (the full 1,000-lookup run is `benchmarks/`)."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_lookup  # noqa: E402


def test_benchmark_smoke(capsys):
    bench_lookup.main(["--size", "12"])
    out = capsys.readouterr().out
    assert "DOIs accepted 12/12" in out
    assert "requests 0" in out.splitlines()[1]  # the rerun, from the cache
    assert "lookups lost 0" in out
