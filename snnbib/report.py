"""The build report: per source items, records and skips; merges, facts, conflicts, counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .dedup import Conflict
from .model import Dataset


@dataclass
class SourceReport:
    source: str
    dialect: str
    items: int
    records: int = 0
    skips: dict[str, int] = field(default_factory=dict)


@dataclass
class BuildReport:
    sources: list[SourceReport]
    records: int = 0
    merges: int = 0  # list items folded into a record that another item started
    conflicts: list[Conflict] = field(default_factory=list)
    facts_applied: int = 0
    off_topic: int = 0

    def text(self, dataset: Dataset) -> str:
        """The human-readable report that `snnbib build` prints."""
        lines = ["source  dialect                  items  records  skips"]
        for s in self.sources:
            skips = ", ".join(f"{n} {reason}" for reason, n in sorted(s.skips.items())) or "-"
            lines.append(f"{s.source:<7} {s.dialect:<24} {s.items:>5}  {s.records:>7}  {skips}")
        total_items = sum(s.items for s in self.sources)
        total_entries = sum(s.records for s in self.sources)
        recs = dataset.records
        lines += [
            "",
            f"items {total_items}, list records {total_entries}, unique works {len(recs)}, "
            f"merges {self.merges}, facts applied {self.facts_applied}, conflicts {len(self.conflicts)}",
            f"off-topic flagged {self.off_topic}; with authors {sum(bool(r.authors) for r in recs)}, "
            f"venue {sum(bool(r.venue) for r in recs)}, year {sum(bool(r.year) for r in recs)}, "
            f"DOI {sum(bool(r.ids.doi) for r in recs)}, arXiv id {sum(bool(r.ids.arxiv) for r in recs)}",
            "",
            "papers per topic:",
        ]
        counts = dataset.count_by_topic()
        lines += [f"  {t.slug:<24} {counts.get(t.slug, 0):>4}  {t.name}" for t in dataset.topics if not _is_group(t, dataset)]
        if self.conflicts:
            lines += ["", "conflicts:"]
            lines += [f"  [{c.kind}] {c.subject}: {c.detail}" for c in self.conflicts]
        return "\n".join(lines) + "\n"


def _is_group(topic: Any, dataset: Dataset) -> bool:
    return any(t.parent == topic.slug for t in dataset.topics)
