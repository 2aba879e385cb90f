"""A lookup run: offline derivation, then each record through the ordered provider chain,
results merged into data/lookup.jsonl incrementally (Ctrl-C keeps what was found)."""

from __future__ import annotations

import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..errors import LookupFailure
from ..model import Record
from .base import Provider
from .cache import Cache, default_cache_dir
from .chain import Chain, Outcome
from .config import LookupConfig
from .http import HttpClient, NotCached
from .report import Report, tally_offline, tally_outcomes
from .results import Result, apply_offline, load_results, write_results

SAVE_EVERY = 2.0  # seconds between incremental writes of the results file


def merge(existing: Iterable[Result], fresh: Iterable[Result]) -> list[Result]:
    """Fresh results replace old ones per (key, field), except human review decisions; an
    unchanged result keeps its original time, so reruns leave the file as it was."""
    merged = {(r.key, r.field): r for r in existing}
    for result in fresh:
        old = merged.get((result.key, result.field))
        if old is not None and old.decided_by == "review":
            continue
        if old is not None and (old.value, old.status, old.provider) == (
                result.value, result.status, result.provider):
            result = replace(result, time=old.time)
        merged[(result.key, result.field)] = result
    return list(merged.values())


def demote_shared_dois(results: list[Result], records: Sequence[Record]) -> tuple[list[Result],
                                                                                 list[str]]:
    """An accepted DOI that another record has (or is accepted for) is queued instead."""
    owners: dict[str, set[str]] = {}
    for record in records:
        if record.ids.doi:
            owners.setdefault(record.ids.doi.lower(), set()).add(record.key)
    for r in results:
        if r.field == "doi" and r.status == "accepted":
            owners.setdefault(str(r.value).lower(), set()).add(r.key)
    out, demoted = [], []
    for r in results:
        if (r.field == "doi" and r.status == "accepted" and r.decided_by == "auto"
                and len(owners[str(r.value).lower()]) > 1):
            r = replace(r, status="queued")
            demoted.append(r.key)
        out.append(r)
    return out, sorted(demoted)


def open_client(config: LookupConfig, offline: bool, refresh: bool) -> HttpClient:
    """An HTTP client on the configured (or the user's) response cache."""
    directory = default_cache_dir(config.cache_dir)
    cache = Cache(directory, config.ttl_days * 86400, config.negative_ttl_days * 86400)
    return HttpClient(config, cache, offline=offline, refresh=refresh)


def run(records: Sequence[Record], data_dir: Path, providers: Sequence[Provider],
        config: LookupConfig, *, offline: bool = False, refresh: bool = False,
        limit: int | None = None, client: HttpClient | None = None,
        dataset: Sequence[Record] | None = None) -> Report:
    """Look up `records` and merge the results into data_dir/lookup.jsonl; returns the report.

    `dataset` (default: `records`) is every record, so a DOI found for one record that another
    already has is caught. On Ctrl-C the results obtained so far are written and the report
    says so.
    """
    report = Report(records=len(records))
    tally_offline(report, records)
    papers = [r for r in records if r.kind.is_paper]
    targets = [r for r in papers if refresh or not r.ids.doi]
    report.skipped_with_doi = len(papers) - len(targets)
    targets = targets[:limit] if limit is not None else targets
    report.looked_up = len(targets)
    existing = load_results(data_dir)
    owned = client is None
    client = client or open_client(config, offline, refresh)
    chain = Chain(providers, client, config)
    outcomes: list[Outcome] = []

    def save() -> None:
        fresh = [r for o in outcomes for r in o.results.values()]
        merged, report.demoted = demote_shared_dois(merge(existing, fresh),
                                                    records if dataset is None else dataset)
        write_results(data_dir, merged)

    views = [apply_offline(r) for r in targets]
    try:
        for provider in providers:
            try:
                provider.ask_ahead(views, client, config)
            except NotCached:
                pass
            except LookupFailure:
                report.errors[provider.name] += 1  # the chain asks again, one by one
        _run_chain(chain, targets, outcomes, save, config)
    except KeyboardInterrupt:
        client.stop.set()
        report.interrupted = True
    finally:
        save()
        report.requests, report.retries = client.requests_sent(), sum(client.retried.values())
        if owned:
            client.close()
    tally_outcomes(report, outcomes, targets, chain.disabled)
    return report


def _run_chain(chain: Chain, targets: Sequence[Record], outcomes: list[Outcome],
               save: Callable[[], None], config: LookupConfig) -> None:
    """Records through the chain on a bounded pool, saving every SAVE_EVERY seconds."""
    from tqdm import tqdm

    bar = tqdm(total=len(targets), file=sys.stderr, disable=not config.progress, unit="rec",
               desc="lookup", leave=False)
    pool = ThreadPoolExecutor(max_workers=max(1, config.workers))
    futures: list[Future[Outcome]] = []
    try:
        futures = [pool.submit(chain.lookup, record) for record in targets]
        last_save = time.monotonic()
        for future in as_completed(futures):
            outcomes.append(future.result())
            bar.update(1)
            if time.monotonic() - last_save > SAVE_EVERY:
                save()
                last_save = time.monotonic()
    except BaseException:
        chain.client.stop.set()
        for future in futures:
            future.cancel()
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        bar.close()
