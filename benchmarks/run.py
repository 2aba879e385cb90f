"""The benchmark suite in one run: exporters against the bare writer and pandoc, CLI, build, memory.

    .venv/bin/python benchmarks/run.py            # 10k and 100k entries (several minutes)
    .venv/bin/python benchmarks/run.py --quick    # a smoke run (20 and 200 entries)

1. Export throughput: CPU seconds (best of --repeat, the exporters' caches cleared before each
   run) of each format and of a bare f-string BibTeX writer over the same synthetic records
   (benchmarks/synthetic.py), the ratio to the bare writer and the scaling factor between sizes;
   once rendered in memory (`dumps`), once rendered into a file as `export -o` writes it (the
   bare writer encoding and writing its one string, snnbib its pieces through a buffer).
2. End to end against pandoc: wall time of `snnbib export --data items.json --format bibtex` and
   of `pandoc -f csljson -t bibtex` on the same CSL-JSON file (when pandoc is installed).
3. CLI start-up (`snnbib --help`, `snnbib export --topic ann2snn`) and `snnbib build`, wall time
   in a child process, best of --repeat.
4. Peak memory (maximum resident set) of a child exporting the largest size in each format.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import bench_build  # noqa: E402
from bench_export import bare_bibtex, bare_bibtex_file, best, export_file  # noqa: E402
from synthetic import records as synthetic_records  # noqa: E402

from snnbib.exporters import EXPORTERS  # noqa: E402

# a child that runs a command and prints its peak resident set in KiB (this process's own
# RUSAGE_CHILDREN would keep the largest child so far)
PEAK = ("import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def snnbib(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("snnbib")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "snnbib", *args]


def wall(command: list[str], repeat: int) -> float:
    """Best wall time of `command` over `repeat` runs; a failure stops the benchmark."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode:
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return min(times)


def peak_mb(command: list[str]) -> float:
    out = subprocess.run([sys.executable, "-c", PEAK, *command], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return int(out.split()[-1]) / 1024


def throughput(sizes: list[int], repeat: int, tmp: Path) -> tuple[dict, dict, dict[int, Path]]:
    """{(size, writer): seconds} rendering in memory and rendering into a file, and the
    CSL-JSON file of each size."""
    seconds: dict = {}
    to_file: dict = {}
    files = {}
    out = tmp / "throughput.out"
    for size in sizes:
        records = synthetic_records(size)
        seconds[size, "bare"] = best(bare_bibtex, records, repeat)
        to_file[size, "bare"] = best(bare_bibtex_file, records, repeat, out)
        for exporter in EXPORTERS.all():
            seconds[size, exporter.name] = best(exporter.dumps, records, repeat)
            to_file[size, exporter.name] = best(lambda r, e=exporter: export_file(e, r, out), records, repeat)
        files[size] = tmp / f"synthetic-{size}.json"
        files[size].write_text(EXPORTERS.get("csl-json").dumps(records), encoding="utf-8")
    return seconds, to_file, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke sizes (20 and 200), one run each")
    parser.add_argument("--sizes", type=int, nargs=2, metavar=("SMALL", "LARGE"))
    parser.add_argument("--repeat", type=int, help="runs per measurement, best kept (default 3; 1 with --quick)")
    args = parser.parse_args()
    small, large = args.sizes or ((20, 200) if args.quick else (10_000, 100_000))
    repeat = args.repeat or (1 if args.quick else 3)
    build_size = large if args.quick else small
    names = [e.name for e in EXPORTERS.all()]
    pandoc = shutil.which("pandoc")

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        seconds, to_file, files = throughput([small, large], repeat, tmp)
        out = tmp / "out.bib"
        end_to_end = {size: wall(snnbib("export", "--data", str(path), "--format", "bibtex", "-o", str(out)), repeat)
                      for size, path in files.items()}
        pandoc_wall = {size: wall([pandoc, "-f", "csljson", "-t", "bibtex", str(path), "-o", str(out)], 1)
                       for size, path in files.items()} if pandoc else {}
        startup = [("snnbib --help", wall(snnbib("--help"), repeat)),
                   ("snnbib export --topic ann2snn", wall(snnbib("export", "--topic", "ann2snn"), repeat))]
        bundled = tmp / "bundled"
        shutil.copytree(bench_build.DATA, bundled, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
        synthetic = bench_build.synthetic_data_dir(tmp / "synthetic", build_size)
        builds = [("snnbib build, bundled data", wall(snnbib("build", "--data-dir", str(bundled)), repeat)),
                  (f"snnbib build, {build_size} synthetic list items",
                   wall(snnbib("build", "--data-dir", str(synthetic)), 1))]
        memory = [(name, peak_mb(snnbib("export", "--data", str(files[large]), "--format", name,
                                        "-o", str(tmp / f"out-{name}")))) for name in names]

    for title, table in (("rendered in memory (dumps)", seconds),
                         ("rendered into a file (encoded UTF-8, written)", to_file)):
        print(f"Export throughput, {title}: CPU seconds, best of {repeat}; "
              "x bare = time / bare f-string BibTeX writer")
        print(f"{'writer':<16} {small:>9} s {'x bare':>7} {large:>9} s {'x bare':>7} {'us/entry':>9} "
              f"{f't({large})/t({small})':>16}")
        for name in ["bare", *names]:
            a, b = table[small, name], table[large, name]
            label = "bare f-string" if name == "bare" else name
            print(f"{label:<16} {a:>11.3f} {a / table[small, 'bare']:>7.2f} {b:>11.3f} "
                  f"{b / table[large, 'bare']:>7.2f} {b / large * 1e6:>9.1f} {b / a:>16.2f}")
        print()
    print("CSL-JSON -> BibTeX end to end: wall seconds (one child process each)")
    print(f"{'converter':<32} {small:>9} s {large:>9} s {'x faster than pandoc':>22}")
    for size_row, label in ((end_to_end, "snnbib export --data"), (pandoc_wall, "pandoc -f csljson -t bibtex")):
        if not size_row:
            print(f"{label:<32} {'pandoc is not installed':>23}")
            continue
        speedup = f"{pandoc_wall[large] / end_to_end[large]:.1f}" if pandoc_wall else "-"
        print(f"{label:<32} {size_row[small]:>11.3f} {size_row[large]:>11.3f} "
              f"{speedup if size_row is end_to_end else '1.0':>22}")
    print()
    print(f"{'CLI and build (wall seconds)':<48} {'seconds':>8}")
    for label, value in startup + builds:
        print(f"{label:<48} {value:>8.3f}")
    print()
    print(f"Peak memory: snnbib export --data of {large} entries (maximum resident set of the child)")
    for name, mb in memory:
        print(f"{'peak memory, ' + name:<48} {mb:>7.0f} MB")


if __name__ == "__main__":
    main()
