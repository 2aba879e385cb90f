"""Exporter throughput against a bare f-string BibTeX writer, and CLI start-up.

    .venv/bin/python benchmarks/bench_export.py [--sizes 10000 100000] [--repeat 3]

For each size: CPU seconds (process time: the machine may be shared) for the bare writer and
each format, best of --repeat, each run with the exporters' per-string caches cleared; the
ratio to the bare writer; microseconds per entry (linear scaling keeps it flat across sizes). Then the wall
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

from snnbib.exporters import EXPORTERS, _bib, _fields, _text, biblatex, bibtex, csljson, ris  # noqa: E402
from snnbib.gcpause import no_gc  # noqa: E402
from snnbib.fsutil import write_utf8  # noqa: E402
from snnbib.model import Record  # noqa: E402


def bare_bibtex(records: list[Record]) -> str:
    """The baseline: the same fields pasted into an f-string, no escaping, no type or field logic
    (with the garbage collector paused, as the exporters do)."""
    with no_gc():
        return _bare(records)


def _bare(records: list[Record]) -> str:
    out = []
    for r in records:
        authors = " and ".join(f"{p.family}, {p.given}" for p in r.authors)
        keywords = ", ".join(t.slug for t in r.topics)
        out.append(
            f"@misc{{{r.key},\n  author = {{{authors}}},\n  title = {{{r.title}}},\n"
            f"  booktitle = {{{r.container_title}}},\n  year = {{{r.year}}},\n  volume = {{{r.volume}}},\n"
            f"  number = {{{r.issue}}},\n  pages = {{{r.pages}}},\n  publisher = {{{r.publisher}}},\n"
            f"  doi = {{{r.ids.doi}}},\n  eprint = {{{r.ids.arxiv}}},\n  url = {{{r.url}}},\n"
            f"  note = {{{r.ids.repository}}},\n  keywords = {{{keywords}}},\n}}\n")
    return "\n".join(out)


def bare_bibtex_file(records: list[Record], path: Path) -> None:
    """The baseline writing its file: the bare text, encoded and written at once."""
    path.write_bytes(bare_bibtex(records).encode("utf-8"))


def export_file(exporter, records: list[Record], path: Path) -> None:
    """What `snnbib export -o FILE` does after loading: the pieces, encoded and written in turn."""
    with path.open("wb") as handle:
        write_utf8(handle, exporter.pieces(records))


def clear_caches() -> None:
    """Empty every per-string cache of the exporters, so each run starts cold."""
    for module in (_text, _bib, _fields, csljson, ris):
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()
    for table in [*_text.TABLES.values(), *_text.TOKENS.values(), _text._MATH_TABLE, _fields.SIMPLE_PARTS,
                  biblatex.FLAVOUR._parts, bibtex.FLAVOUR._parts]:
        table.clear()


def best(fn, records: list[Record], repeat: int, *args) -> float:
    """Best CPU seconds of `fn(records, *args)` over `repeat` runs, each with cold caches."""
    times = []
    for _ in range(repeat):
        clear_caches()
        start = time.process_time()
        fn(records, *args)
        times.append(time.process_time() - start)
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
