"""The closing report of a lookup run: DOIs derived, found, queued, rejected, unresolved."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from ..model import Record
from .chain import Outcome
from .offline import derivable_doi, derive


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
            lines.append(f"provider {name} skipped for the rest of the run: {why}")
        if self.demoted:
            lines.append("DOIs queued because another record has them: "
                         + ", ".join(self.demoted))
        lines.append(f"requests: {self.requests} (retries {self.retries})"
                     + ("; interrupted: results so far were kept" if self.interrupted else ""))
        return "\n".join(lines)


def tally_offline(report: Report, records: Sequence[Record]) -> None:
    """Count the DOIs records' identifiers give offline, and any the dataset contradicts."""
    for record in records:
        offline_doi = derivable_doi(record)
        if offline_doi is not None:
            report.derivable[offline_doi.basis] += 1
            if not record.ids.doi:
                report.derived[offline_doi.basis] += 1
            elif record.ids.doi.lower() != offline_doi.value:
                report.disagreeing.append(record.key)
        report.preprint_dois += bool(record.ids.arxiv)


def tally_outcomes(report: Report, outcomes: Sequence[Outcome], targets: Sequence[Record],
                   disabled: dict[str, str]) -> None:
    """Count what the chain concluded per provider, and the records left without a DOI."""
    by_key = {o.key: o for o in outcomes}
    for record in targets:
        outcome = by_key.get(record.key)
        for name, _ in (outcome.errors if outcome else ()):
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
    report.disabled.update(disabled)
