"""A lookup run: offline derivation, then each record through the ordered provider chain,
results merged into data/lookup.jsonl incrementally (Ctrl-C keeps what was found)."""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from ..errors import LookupFailure
from ..model import Record
from .base import Provider
from .cache import Cache, default_cache_dir
from .config import LookupConfig
from .http import HttpClient, Interrupted, NotCached
from .matching import Decision, decide
from .offline import derivable_doi, derive
from .results import SETTERS, Result, apply_offline, apply_one, lacks, load_results, \
    write_results

RANK = {"accepted": 3, "queued": 2, "rejected": 1}
MAX_FAILURES = 5  # consecutive failures after which a provider is skipped for the run
SAVE_EVERY = 2.0  # seconds between incremental writes of the results file


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def to_json_value(field_name: str, value: Any) -> Any:
    """A candidate's value as the results file holds it (authors as dicts)."""
    if field_name == "authors":
        return [{"family": p.family, "given": p.given} for p in value]
    return value


@dataclass
class Outcome:
    """What the chain concluded for one record."""

    key: str
    results: dict[str, Result] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Report:
    """Counts for the closing report: DOIs derived, found, queued, rejected, unresolved."""

    records: int = 0
    looked_up: int = 0
    skipped_with_doi: int = 0
    derivable: Counter[str] = field(default_factory=Counter)  # offline DOI basis -> records
    derived: Counter[str] = field(default_factory=Counter)  # of those, new to the dataset
    disagreeing: list[str] = field(default_factory=list)  # keys whose DOI differs from it
    preprint_dois: int = 0
    found: Counter[str] = field(default_factory=Counter)  # provider -> accepted DOIs
    queued: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    fields: Counter[str] = field(default_factory=Counter)  # accepted values by field
    filled: Counter[str] = field(default_factory=Counter)  # provider -> accepted non-DOI values
    unresolved: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    disabled: dict[str, str] = field(default_factory=dict)
    demoted: list[str] = field(default_factory=list)  # keys whose DOI another record has
    requests: int = 0
    retries: int = 0
    interrupted: bool = False

    def render(self) -> str:
        lines = [f"records: {self.records} ({self.looked_up} looked up, "
                 f"{self.skipped_with_doi} skipped: they have a published DOI)"]
        bases = ", ".join(f"{k} {v}" for k, v in sorted(self.derivable.items())) or "none"
        lines.append(f"DOIs derivable offline: {sum(self.derivable.values())} ({bases}), "
                     f"{sum(self.derived.values())} of them new to the dataset; "
                     f"arXiv preprint DOIs (kept apart): {self.preprint_dois}")
        if self.disagreeing:
            lines.append("dataset DOI differs from the offline one: " + ", ".join(self.disagreeing))
        providers = sorted(set(self.found) | set(self.queued) | set(self.rejected)
                           | set(self.errors) | set(self.filled))
        lines.append(f"DOIs found: {sum(self.found.values())}, queued: "
                     f"{sum(self.queued.values())}, rejected: {sum(self.rejected.values())}, "
                     f"unresolved: {self.unresolved}")
        for name in providers:
            lines.append(f"  {name:17} DOIs found {self.found[name]:4}  queued "
                         f"{self.queued[name]:4}  rejected {self.rejected[name]:4};  other "
                         f"values {self.filled[name]:4};  errors {self.errors[name]:4}")
        if self.fields:
            lines.append("fields filled: " + ", ".join(
                f"{k} {v}" for k, v in sorted(self.fields.items())))
        for name, why in sorted(self.disabled.items()):
            lines.append(f"provider {name} skipped after {MAX_FAILURES} failures: {why}")
        if self.demoted:
            lines.append("DOIs queued because another record has them: "
                         + ", ".join(self.demoted))
        lines.append(f"requests: {self.requests} (retries {self.retries})"
                     + ("; interrupted: results so far were kept" if self.interrupted else ""))
        return "\n".join(lines)


class Chain:
    """The ordered providers, with a breaker that skips a provider that keeps failing."""

    def __init__(self, providers: Sequence[Provider], client: HttpClient,
                 config: LookupConfig) -> None:
        self.providers = providers
        self.client = client
        self.config = config
        self._failures: Counter[str] = Counter()
        self.disabled: dict[str, str] = {}
        self._lock = threading.Lock()

    def _failed(self, name: str, message: str) -> None:
        with self._lock:
            self._failures[name] += 1
            if self._failures[name] >= MAX_FAILURES:
                self.disabled.setdefault(name, message)

    def lookup(self, record: Record) -> Outcome:
        """Ask each provider in turn while the record still lacks what it can give."""
        outcome = Outcome(record.key)
        view = apply_offline(record)
        for position, provider in enumerate(self.providers, 1):
            if self.client.stop.is_set():
                raise Interrupted("interrupted")
            if provider.name in self.disabled or not provider.wants(view):
                continue
            try:
                candidates = provider.candidates(view, self.client, self.config)
            except NotCached:
                continue
            except Interrupted:
                raise
            except LookupFailure as exc:
                outcome.errors.append((provider.name, str(exc)))
                self._failed(provider.name, str(exc))
                continue
            with self._lock:
                self._failures[provider.name] = 0
            more = position < len(self.providers)
            view = self._conclude(view, decide(view, candidates), outcome, more)
        return outcome

    @staticmethod
    def _conclude(view: Record, decision: Decision, outcome: Outcome, more: bool) -> Record:
        """Keep the best result per field; with providers still to ask, return the record
        as they should see it (accepted values applied)."""
        candidate, score = decision.candidate, decision.score
        if candidate is None or score is None:
            return view
        values = candidate.values()
        if decision.status == "rejected":
            values = {k: v for k, v in values.items() if k == "doi"}
        stamp = now_iso()
        for name, value in values.items():
            if name not in SETTERS or not lacks(view, name):
                continue
            result = Result(view.key, name, to_json_value(name, value), decision.status,
                            candidate.provider, round(score.total, 1), candidate.title,
                            round(decision.runner_up, 1), score.reasons(), stamp)
            held = outcome.results.get(name)
            if held is None or RANK[result.status] > RANK[held.status]:
                outcome.results[name] = result
        if decision.status == "accepted" and more:
            for name, result in outcome.results.items():
                if result.status == "accepted" and result.provider == candidate.provider:
                    view = apply_one(view, name, result.value, result.source)
        return view


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
    for record in records:
        offline_doi = derivable_doi(record)
        if offline_doi is not None:
            report.derivable[offline_doi.basis] += 1
            if not record.ids.doi:
                report.derived[offline_doi.basis] += 1
            elif record.ids.doi.lower() != offline_doi.value:
                report.disagreeing.append(record.key)
        report.preprint_dois += bool(record.ids.arxiv)
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
                provider.prefetch(views, client, config)
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
    _count(report, outcomes, targets, chain)
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


def _count(report: Report, outcomes: Sequence[Outcome], targets: Sequence[Record],
           chain: Chain) -> None:
    by_key = {o.key: o for o in outcomes}
    for record in targets:
        outcome = by_key.get(record.key)
        for name, error in (outcome.errors if outcome else ()):
            report.errors[name] += 1
        results = outcome.results if outcome else {}
        doi = results.get("doi")
        if doi is not None:
            status = "queued" if record.key in report.demoted else doi.status
            counter = {"accepted": report.found, "queued": report.queued,
                       "rejected": report.rejected}[status]
            counter[doi.provider] += 1
        for result in results.values():
            if result.status == "accepted":
                report.fields[result.field] += 1
                if result.field != "doi":
                    report.filled[result.provider] += 1
        if not record.ids.doi and not derive(record) and (
                doi is None or doi.status == "rejected"):
            report.unresolved += 1
    report.disabled.update(chain.disabled)
