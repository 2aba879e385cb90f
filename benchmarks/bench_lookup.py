"""Lookup benchmark: title lookups against a local fake Crossref with latency and a rate limit.

    .venv/bin/python benchmarks/bench_lookup.py            # 1,000 lookups (about 2.5 minutes)
    .venv/bin/python benchmarks/bench_lookup.py --size 20  # a smoke run

Three runs over the same records:
1. clean: 50 ms latency, 20 requests/s (the fake answers 429 beyond that and sends Crossref's
   X-Rate-Limit-* headers, from which the client learns the pace); the target is a total time
   within 1.2x of the rate-limit floor (size / 20 s);
2. faulty: the same with 10% of requests answered 429 (Retry-After: 1), 500 or 503, on a fresh
   cache; the target is zero lookups lost;
3. rerun of (1) from its cache; the target is under one second and zero requests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_services import FakeService, crossref_list, crossref_work, json_answer  # noqa: E402
from snnbib.lookup import PROVIDERS  # noqa: E402
from snnbib.lookup.config import LookupConfig  # noqa: E402
from snnbib.lookup.results import load_results  # noqa: E402
from snnbib.lookup.runner import run  # noqa: E402
from snnbib.model import Kind, Person, Record  # noqa: E402

LATENCY = 0.05
RATE = 20.0
WORDS = ("spiking", "neural", "network", "surrogate", "gradient", "conversion", "neuromorphic",
         "event", "temporal", "coding", "plasticity", "transformer", "attention", "membrane",
         "threshold", "sparse", "energy", "efficient", "recurrent", "vision")


def title(i: int) -> str:
    """A distinct title per record: words picked by the digits of i, plus i itself."""
    picked = [WORDS[(i // 20 ** k + k * 7) % len(WORDS)] for k in range(4)]
    return f"{' '.join(picked).capitalize()} study number {i}"


def records(size: int) -> list[Record]:
    return [Record(f"bench{i:04d}", Kind.JOURNAL_ARTICLE, title(i),
                   authors=(Person(f"Author{i}", "A."),), year=2020 + i % 5) for i in range(size)]


def serve(service: FakeService, size: int) -> None:
    by_title = {title(i): i for i in range(size)}
    template = {"publisher": "Bench", "reference-count": 0}

    def answer(path, query, headers):
        text = query["query.bibliographic"]
        i = by_title.get(text.rsplit(" ", 1)[0], -1)
        items = [crossref_work(template, f"10.5555/bench.{i}", title(i), [("A.", f"Author{i}")],
                               2020 + i % 5, "Journal of Benchmarks", kind="journal-article")
                 ] if i >= 0 else []
        return json_answer(crossref_list(items))

    service.add("/works", answer)


def one_run(service: FakeService, data: Path, cache: Path, size: int) -> tuple[float, object]:
    config = LookupConfig(urls={"crossref": service.url}, cache_dir=cache, progress=False,
                          workers=8, timeout=5.0)
    start = time.monotonic()
    report = run(records(size), data, [PROVIDERS.get("crossref")], config)
    return time.monotonic() - start, report


def accepted(data: Path) -> int:
    return sum(1 for r in load_results(data) if r.field == "doi" and r.status == "accepted")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    args = parser.parse_args(argv)
    size, floor = args.size, args.size / RATE
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for name in ("clean", "faulty"):
            (base / name).mkdir()
        with FakeService(latency=LATENCY, rate_limit=RATE) as service:
            serve(service, size)
            elapsed, report = one_run(service, base / "clean", base / "clean-cache", size)
            found = accepted(base / "clean")
            ratio = elapsed / floor
            ok &= found == size and ratio <= 1.2
            print(f"clean:  {size} lookups in {elapsed:.1f} s; floor {floor:.1f} s; "
                  f"ratio {ratio:.2f} (target <= 1.20); DOIs accepted {found}/{size}; "
                  f"requests {report.requests}, 429s from the limit {report.retries}")
            sent = service.count()
            elapsed, report = one_run(service, base / "clean", base / "clean-cache", size)
            ok &= elapsed < 1.0 and service.count() == sent
            print(f"rerun:  {elapsed:.2f} s from the cache (target < 1 s); "
                  f"requests {service.count() - sent}")
        with FakeService(latency=LATENCY, rate_limit=RATE, fault_rate=0.1,
                         faults=("429", "500", "503")) as service:
            serve(service, size)
            elapsed, report = one_run(service, base / "faulty", base / "faulty-cache", size)
            found = accepted(base / "faulty")
            ok &= found == size
            print(f"faulty: {size} lookups in {elapsed:.1f} s with {service.faults_served} "
                  f"injected faults (10%: 429 with Retry-After 1 s, 500, 503); retries "
                  f"{report.retries}; lookups lost {size - found} (target 0)")
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
