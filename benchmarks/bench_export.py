"""Exporter throughput against a bare f-string BibTeX writer, and CLI start-up.

    .venv/bin/python benchmarks/bench_export.py [--sizes 10000 100000] [--repeat 3]

For each size: seconds for the bare writer and each format (best of --repeat, each run in a
fresh process state: the exporters' per-string caches are cleared), the ratio to the bare
writer, and microseconds per entry (linear scaling keeps it flat across sizes). Then the wall
time of `snnbib export --topic ann2snn` on the bundled dataset (target: well under 0.3 s).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import records as synthetic_records  # noqa: E402

from snnbib.exporters import EXPORTERS, _bib, _text  # noqa: E402
from snnbib.model import Record  # noqa: E402


def bare_bibtex(records: list[Record]) -> str:
    """The baseline: every field pasted into an f-string, no escaping or encoding at all."""
    out = []
    for r in records:
        authors = " and ".join(f"{p.family}, {p.given}" for p in r.authors)
        out.append(f"@misc{{{r.key},\n  author = {{{authors}}},\n  title = {{{r.title}}},\n"
                   f"  year = {{{r.year}}},\n  doi = {{{r.ids.doi}}},\n  url = {{{r.url}}},\n}}\n")
    return "\n".join(out)


def clear_caches() -> None:
    for module in (_text, _bib):
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()
    for table in _text.TABLES.values():
        table.clear()


def best(fn, records: list[Record], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        clear_caches()
        start = time.perf_counter()
        fn(records)
        times.append(time.perf_counter() - start)
    return min(times)


def cli_wall(repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "snnbib", "export", "--topic", "ann2snn"],
                       check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    writers = [("bare f-string", bare_bibtex)] + [(e.name, e.dumps) for e in EXPORTERS.all()]
    print(f"{'entries':>8} {'writer':>14} {'seconds':>8} {'x bare':>7} {'us/entry':>9}")
    for size in args.sizes:
        records = synthetic_records(size)
        base = best(bare_bibtex, records, args.repeat)
        for name, fn in writers:
            seconds = base if fn is bare_bibtex else best(fn, records, args.repeat)
            print(f"{size:>8} {name:>14} {seconds:>8.3f} {seconds / base:>7.2f} {seconds / size * 1e6:>9.1f}")
    print(f"snnbib export --topic ann2snn: {cli_wall(args.repeat):.3f} s wall (best of {args.repeat})")


if __name__ == "__main__":
    main()
