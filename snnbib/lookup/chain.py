"""The ordered provider chain: each record asked of one provider after another while it still
lacks what the next can give; every decision kept as a Result per field."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Sequence

from ..errors import LookupFailure
from ..model import Record
from .base import Provider
from .config import LookupConfig
from .http import HttpClient, Interrupted, NotCached
from .matching import Decision, decide
from .results import SETTERS, Result, apply_offline, apply_one, lacks

RANK = {"accepted": 3, "queued": 2, "rejected": 1}
MAX_FAILURES = 5  # consecutive failures after which a provider is skipped for the run


def now_iso() -> str:
    """Now, in UTC, to the second: 2026-01-01T00:00:00Z."""
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
                self.disabled.setdefault(name, f"{MAX_FAILURES} failures in a row, last: {message}")

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
                candidates = provider.ask(view, self.client, self.config)
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
        stamp, reasons = now_iso(), score.reasons()
        for name, value in values.items():
            if name not in SETTERS or not lacks(view, name):
                continue
            result = Result(view.key, name, to_json_value(name, value), decision.status,
                            candidate.provider, round(score.total, 1), candidate.title,
                            round(decision.runner_up, 1), reasons, stamp)
            held = outcome.results.get(name)
            if held is None or RANK[result.status] > RANK[held.status]:
                outcome.results[name] = result
        if decision.status == "accepted" and more:
            for name, result in outcome.results.items():
                if result.status == "accepted" and result.provider == candidate.provider:
                    view = apply_one(view, name, result.value, result.source)
        return view
