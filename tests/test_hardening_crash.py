"""Crash safety: `snnbib build`, `import` and `enrich` killed (SIGKILL) or interrupted (SIGINT) at
random points leave every data file either its old or its new version, never a mix; leftover
atomic-write temp files are never read as data; a rerun finishes the job.

A synthetic data dir (benchmarks/bench_build.py) makes each run last long enough that the signal
lands mid-run; delays are drawn from a seeded generator so a failure can be replayed.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SIZE = 1200  # entries in the synthetic source: a build takes 0.6 to 2 s
RUNS = {signal.SIGKILL: 3, signal.SIGINT: 2}
TEMP = re.compile(r"^\..+\.[^.]+\.tmp$")  # atomic_write's `.NAME.XXXX.tmp`

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _bench():
    spec = importlib.util.spec_from_file_location("bench_build", ROOT / "benchmarks" / "bench_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _bench()


def files(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def snnbib(*args: str) -> list[str]:
    return [sys.executable, "-m", "snnbib", *args]


def run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(snnbib(*args), capture_output=True, text=True, cwd=ROOT, timeout=300)


def interrupted(args: list[str], sig: signal.Signals, delay: float) -> tuple[int, str]:
    """Start the command, send `sig` after `delay` seconds; its exit code and stderr."""
    child = subprocess.Popen(snnbib(*args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    time.sleep(delay)
    if child.poll() is None:
        child.send_signal(sig)
    _, err = child.communicate(timeout=300)
    return child.returncode, err


def check_old_or_new(directory: Path, old: dict[str, bytes], new: dict[str, bytes]) -> list[str]:
    """Every file is byte-identical to its old or new version; returns the temp leftovers."""
    leftovers = []
    for name, data in files(directory).items():
        if TEMP.match(Path(name).name):
            leftovers.append(name)
            continue
        assert name in old or name in new, f"unexpected file {name}"
        assert data in (old.get(name), new.get(name)), f"{name} is neither the old nor the new version"
    for name in old:
        assert name in files(directory) or name not in new, f"{name} vanished"
    return leftovers


def check_signal_outcome(sig: signal.Signals, code: int, err: str) -> None:
    assert "Traceback" not in err, err
    if code == 0:  # the command finished before the signal
        return
    if sig == signal.SIGKILL:
        assert code == -signal.SIGKILL
    else:
        # 130, or death by SIGINT (`python -m` early in a run), which a shell also reports as 130
        assert code in (130, -signal.SIGINT) and err.strip().endswith("Interrupted."), (code, err)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """An old state: the synthetic source built once, then a second list added to the manifest."""
    base = bench.synthetic_data_dir(tmp_path_factory.mktemp("crash") / "data", SIZE)
    assert run(["build", "--data-dir", str(base)]).returncode == 0
    return base


def new_state(old_dir: Path, args: list[str], tmp: Path) -> tuple[dict[str, bytes], float]:
    """The files after running `args` to completion on a copy of `old_dir`, and how long it took."""
    done = tmp / "done"
    shutil.copytree(old_dir, done)
    start = time.perf_counter()
    result = run([a.replace(str(old_dir), str(done)) for a in args])
    assert result.returncode == 0, result.stderr
    return files(done), time.perf_counter() - start


def kill_and_rerun(old_dir: Path, args: list[str], tmp: Path, seed: int, same_rerun: bool = True) -> None:
    old = files(old_dir)
    new, duration = new_state(old_dir, args, tmp)
    assert new != old
    rng = random.Random(seed)
    landed = 0
    for sig, count in RUNS.items():
        for n in range(count):
            work = tmp / f"{sig.name}-{n}"
            shutil.copytree(old_dir, work)
            live = [a.replace(str(old_dir), str(work)) for a in args]
            delay = rng.uniform(0.4, max(0.5, duration * 0.9))  # past interpreter start-up
            code, err = interrupted(live, sig, delay)
            check_signal_outcome(sig, code, err)
            landed += code != 0
            leftovers = check_old_or_new(work, old, new)
            # temp leftovers are ignored by the next run, which finishes the job
            rerun = run(live)
            if same_rerun or rerun.returncode == 0:
                assert rerun.returncode == 0, rerun.stderr
            else:  # an import that already landed: the rerun says so and changes nothing
                assert re.search(r"already a source|a source named '\d+' already exists", rerun.stderr), rerun.stderr
                assert "Traceback" not in rerun.stderr
            after = {k: v for k, v in files(work).items() if k not in leftovers}
            assert after == new, f"{sig.name} after {delay:.2f}s: the rerun did not finish the job"
    if duration > 1.5:  # on a machine this slow, delays up to 0.9 x the run land mid-run
        assert landed >= sum(RUNS.values()) - 1, f"only {landed} signals landed mid-run"


def test_import_killed_at_random_points(synthetic, tmp_path):
    old_dir = tmp_path / "old"
    shutil.copytree(synthetic, old_dir)
    new_list = tmp_path / "new-list.md"
    new_list.write_text(bench.synthetic_list(SIZE * 3, seed=7), encoding="utf-8")
    kill_and_rerun(old_dir, ["import", str(new_list), "--name", "901", "--data-dir", str(old_dir)], tmp_path,
                   seed=2, same_rerun=False)


def test_enrich_killed_at_random_points(synthetic, tmp_path):
    old_dir = tmp_path / "old"
    shutil.copytree(synthetic, old_dir)
    records = [json.loads(line) for line in (old_dir / "dataset.jsonl").read_text(encoding="utf-8").splitlines()]
    items = [{"id": r["key"], "type": "paper-conference", "title": r["title"], "DOI": f"10.9999/synthetic.{n}",
              "author": [{"family": "Verified", "given": "A."}], "issued": {"date-parts": [[r["year"]]]}}
             for n, r in enumerate(records)]
    source = tmp_path / "verified.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    kill_and_rerun(old_dir, ["enrich", "--from", str(source), "--data-dir", str(old_dir)], tmp_path, seed=3)


def test_temp_leftovers_are_never_read_as_data(synthetic, tmp_path):
    """Files named like atomic_write's temp files (a kill between mkstemp and rename) change nothing."""
    work = tmp_path / "work"
    shutil.copytree(synthetic, work)
    before = files(work)
    for name in ("dataset.jsonl", "keys.lock", "sources.toml", "enrichment.jsonl", "overrides.toml"):
        (work / f".{name}.abc123.tmp").write_text("garbage {[\x00", encoding="utf-8")
    (work / "sources" / ".900_synthetic.md.xyz.tmp").write_bytes(b"\xff\xfe half a file")
    assert run(["build", "--data-dir", str(work)]).returncode == 0
    check = run(["check", "--data-dir", str(work)])
    assert check.returncode == 0, check.stderr
    after = files(work)
    assert {k: v for k, v in after.items() if not TEMP.match(Path(k).name)} == before


def stale_copy(synthetic: Path, directory: Path) -> Path:
    """A copy of the synthetic data dir whose build has everything to redo (a stale dataset, no keys)."""
    shutil.copytree(synthetic, directory)
    (directory / "dataset.jsonl").write_text("", encoding="utf-8")
    (directory / "keys.lock").unlink()
    return directory


def test_build_killed_at_random_points(synthetic, tmp_path):
    old_dir = stale_copy(synthetic, tmp_path / "old")
    kill_and_rerun(old_dir, ["build", "--data-dir", str(old_dir)], tmp_path, seed=1)


def test_sigint_prints_interrupted_without_a_traceback(synthetic, tmp_path):
    """Ctrl-C halfway through a build (timed by a full build first, so it lands mid-run on any machine)."""
    work = stale_copy(synthetic, tmp_path / "work")
    _, duration = new_state(work, ["build", "--data-dir", str(work)], tmp_path)
    code, err = interrupted(["build", "--data-dir", str(work)], signal.SIGINT, duration / 2)
    assert code == 130
    assert err.strip() == "Interrupted."


def test_export_killed_at_random_points(synthetic, tmp_path):
    """`export --all` killed mid-run: every export file is the old or the new one; a rerun finishes."""
    old_dir = tmp_path / "old"
    shutil.copytree(synthetic, old_dir / "data")
    dataset = old_dir / "data" / "dataset.jsonl"
    current = dataset.read_text(encoding="utf-8")
    older = [json.loads(line) for line in current.splitlines()]
    for record in older:
        record["title"] += " (first edition)"
    dataset.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in older), encoding="utf-8")
    args = ["export", "--all", "-o", str(old_dir / "out"), "--data", str(old_dir / "data")]
    assert run(args).returncode == 0
    dataset.write_text(current, encoding="utf-8")
    kill_and_rerun(old_dir, args, tmp_path, seed=4)
