"""Build benchmark: `snnbib build` on the bundled data and on a synthetic list, CLI start-up, memory.

    .venv/bin/python benchmarks/bench_build.py              # bundled data + a 10k-entry list
    .venv/bin/python benchmarks/bench_build.py --size 500   # a smoke run
    .venv/bin/python benchmarks/bench_build.py --profile    # also print a cProfile of the big build

Every timing is a child process's wall time (best of --repeat runs), so import time counts;
peak memory is that child's maximum resident set size (os.wait4's resource usage).
`synthetic_list(n)` is also used by the crash-safety tests to make a data dir big enough that a
kill lands mid-run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CONFIG_FILES = ("topics.toml", "venues.toml")
FALLBACK_WORDS = "spiking neural network surrogate gradient conversion neuromorphic event temporal".split()
FAMILIES = ("Zhang", "Wang", "Li", "Müller", "O'Neil", "Nguyễn", "García-Pérez", "Kim", "Smith",
            "Østergaard", "Dubois", "Ivanov", "Sato", "Rossi", "Schmidt", "Kowalski")
SECTIONS = ("ANN to SNN Conversion", "Surrogate Gradient", "Spiking Transformers", "Neuromorphic Hardware",
            "Event-based Vision", "Learning Rules")


def title_words() -> list[str]:
    """Every word of every bundled title, repeats kept, so sampled titles have a real word mix."""
    import json
    import re

    path = DATA / "dataset.jsonl"
    if not path.exists():
        return FALLBACK_WORDS
    text = " ".join(json.loads(line)["title"] for line in path.read_text(encoding="utf-8").splitlines())
    return re.findall(r"[a-z]{2,}", text.lower()) or FALLBACK_WORDS


def synthetic_list(size: int, seed: int = 0) -> str:
    """A generic-dialect awesome list of `size` distinct papers: links with arXiv ids, authors,
    years, TeX specials and Unicode in titles, under topic headings."""
    rng = random.Random(seed)
    words = title_words()
    lines = ["# Awesome Synthetic Spiking Networks", ""]
    per_section = max(1, size // len(SECTIONS))
    for i in range(size):
        if i % per_section == 0:
            lines += ["", f"## {SECTIONS[(i // per_section) % len(SECTIONS)]}", ""]
        title = " ".join(rng.choice(words) for _ in range(rng.randint(5, 11))).capitalize() + f" {i}" + (": 50% & {}_$x$" if i % 10 == 0 else "")
        authors = ", ".join(f"{rng.choice('ABCDEFGHJKLMNOPRSTVWZ')}. {rng.choice(FAMILIES)}"
                            for _ in range(rng.randint(1, 8)))
        year = 2015 + i % 10
        arxiv = f"{year % 100:02d}{1 + i % 12:02d}.{10000 + i:05d}"
        lines.append(f"- [{title}](https://arxiv.org/abs/{arxiv}), {authors} ({year}) - note number {i}. "
                     f"[[code]](https://github.com/example/repo{i})")
    return "\n".join(lines) + "\n"


def synthetic_data_dir(directory: Path, size: int, seed: int = 0) -> Path:
    """A data dir holding the bundled topics and venues and one synthetic source of `size` items."""
    import hashlib
    import json

    directory.mkdir(parents=True, exist_ok=True)
    for name in CONFIG_FILES:
        shutil.copyfile(DATA / name, directory / name)
    data = synthetic_list(size, seed).encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    (directory / "sources").mkdir(exist_ok=True)
    (directory / "sources" / "900_synthetic.md").write_bytes(data)
    fields = {"name": "900", "file": "900_synthetic.md", "title": "Synthetic", "repository": "none",
              "licence": "none", "dialect": "generic", "captured": "2026-01-01", "sha256": digest}
    (directory / "sources.toml").write_text(
        "[[source]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in fields.items()), encoding="utf-8")
    return directory


def verified_items(data_dir: Path, path: Path) -> Path:
    """CSL-JSON for every built record, every other title respelt so that half need fuzzy matching."""
    import json

    records = [json.loads(line) for line in (data_dir / "dataset.jsonl").read_text(encoding="utf-8").splitlines()]
    items = [{"id": r["key"], "type": "paper-conference", "title": r["title"] + ("s" if n % 2 else ""),
              "author": r.get("authors", []), "issued": {"date-parts": [[r.get("year", 2020)]]}}
             for n, r in enumerate(records)]
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def snnbib(*args: str) -> list[str]:
    return [sys.executable, "-m", "snnbib", *args]


def timed(command: list[str], repeat: int) -> tuple[float, float]:
    """Best wall time over `repeat` runs, and the largest peak RSS of those runs, in MB."""
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        with tempfile.TemporaryFile() as errors:
            start = time.perf_counter()
            child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, cwd=ROOT)
            _, status, usage = os.wait4(child.pid, 0)  # this child's own resource usage
            elapsed = time.perf_counter() - start
            child.returncode = os.waitstatus_to_exitcode(status)
            if child.returncode != 0:
                errors.seek(0)
                raise SystemExit(f"{' '.join(command)} failed:\n{errors.read().decode()}")
        best = min(best, elapsed)
        peak = max(peak, usage.ru_maxrss / 1024)
    return best, peak


def profile_build(directory: Path) -> None:
    import cProfile
    import pstats

    sys.path.insert(0, str(ROOT))
    from snnbib.pipeline import build

    profiler = cProfile.Profile()
    profiler.enable()
    build(directory)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="entries in the synthetic list")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    parser.add_argument("--profile", action="store_true", help="cProfile the synthetic build")
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        bundled = Path(tmp) / "bundled"
        shutil.copytree(DATA, bundled, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
        synthetic = synthetic_data_dir(Path(tmp) / "synthetic", args.size)
        rows.append(("snnbib --help", *timed(snnbib("--help"), args.repeat)))
        rows.append(("snnbib topics", *timed(snnbib("topics", "--data-dir", str(bundled)), args.repeat)))
        rows.append(("build, bundled data", *timed(snnbib("build", "--data-dir", str(bundled)), args.repeat)))
        # the first synthetic build gives every key; later ones find them in the lock
        rows.append((f"build, {args.size} synthetic (first)", *timed(snnbib("build", "--data-dir", str(synthetic)), 1)))
        rows.append((f"build, {args.size} synthetic (rebuild)",
                     *timed(snnbib("build", "--data-dir", str(synthetic)), args.repeat)))
        verified = verified_items(synthetic, Path(tmp) / "verified.json")
        rows.append((f"enrich --fuzzy, {args.size} items", *timed(
            snnbib("enrich", "--from", str(verified), "--fuzzy", "--data-dir", str(synthetic)), 1)))
        if args.profile:
            profile_build(synthetic)
    print(f"{'measurement':<36} {'seconds':>8} {'peak MB':>8}")
    for name, seconds, peak in rows:
        print(f"{name:<36} {seconds:>8.3f} {peak:>8.1f}")


if __name__ == "__main__":
    main()
