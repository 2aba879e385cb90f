"""`snnbib enrich --from FILE`: match a bibliography's items to records and keep what they say.

Exact matching (DOI, arXiv id, normalised title with the year within one) by default; with
`fuzzy`, items left unmatched may match by verified scoring: title similarity at or above
FUZZY_ACCEPT, a clear margin over the runner-up, the year within one and the first author's
family name agreeing when both are known, and never a near-miss title (a sequel, a V2).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .dedup import near_miss, respelt_only
from .facts import Fact, fact_from_csl, matches, read_bibliography, write_facts
from .manifest import load_manifest
from .normalize import ascii_fold
from .pipeline import load_context, merge_sources, parse_sources
from .works import Draft, FactTargets, attach_facts, id_sets

FUZZY_ACCEPT = 95.0
FUZZY_MARGIN = 5.0


@dataclass
class EnrichSummary:
    source: str
    items: int = 0
    matched: dict[str, int] = field(default_factory=dict)
    ambiguous: int = 0
    unmatched: list[str] = field(default_factory=list)

    def text(self) -> str:
        by = ", ".join(f"{n} by {how}" for how, n in sorted(self.matched.items())) or "none"
        lines = [f"{self.source}: {self.items} items; matched {sum(self.matched.values())} ({by}); "
                 f"ambiguous {self.ambiguous}; unmatched {len(self.unmatched)}"]
        lines += [f"  unmatched: {t}" for t in self.unmatched[:20]]
        if len(self.unmatched) > 20:
            lines.append(f"  ... and {len(self.unmatched) - 20} more")
        return "\n".join(lines)


def source_label(path: Path) -> str:
    """A machine-independent name for the file: its last three path parts."""
    return "/".join(path.resolve().parts[-3:])


def enrich_from(path: Path, data_dir: Path, fuzzy: bool = False) -> EnrichSummary:
    label = source_label(path)
    facts = [f for f in (fact_from_csl(item, label) for item in read_bibliography(path)) if f]
    ctx = load_context(data_dir)
    drafts, _ = merge_sources(ctx, parse_sources(data_dir, load_manifest(data_dir)))
    previous = [f for f in ctx.facts if not f.source.startswith(label)]
    attach_facts(drafts, previous, [])  # so DOIs learnt before can match
    summary = EnrichSummary(label, items=len(facts))
    kept: list[Fact] = []
    targets = FactTargets(drafts)
    titles = FuzzyTitles(drafts) if fuzzy else None
    for fact in facts:
        hits = [(d, how) for d in targets.candidates(fact) if (how := matches(fact, d.title_keys, _years(d), id_sets(d)))]
        if len(hits) == 1:
            kept.append(fact)
            summary.matched[hits[0][1]] = summary.matched.get(hits[0][1], 0) + 1
            continue
        if len(hits) > 1:
            summary.ambiguous += 1
            continue
        found = titles.match(fact) if titles else None
        if found is None:
            summary.unmatched.append(str(fact.values.get("title", fact.title_key)))
            continue
        draft, score = found
        kept.append(replace(fact, title_key=draft.items[0].key,
                            source=f"{fact.source} [fuzzy title score {score:.1f}]"))
        summary.matched["fuzzy"] = summary.matched.get("fuzzy", 0) + 1
    write_facts(data_dir, previous + kept)
    return summary


def _years(draft: Draft) -> set[int]:
    return {y for item in draft.items for y in item.years}


class FuzzyTitles:
    """Every draft's title keys in one list, so a fact is scored against all of them in one call."""

    def __init__(self, drafts: list[Draft]) -> None:
        self.drafts = drafts
        self.owners = [n for n, draft in enumerate(drafts) for _ in draft.title_keys]
        self.keys = [key for draft in drafts for key in sorted(draft.title_keys)]

    def match(self, fact: Fact) -> tuple[Draft, float] | None:
        """The one draft a fact verifiably names, or None (below the bar, no margin, or a near miss)."""
        from rapidfuzz import fuzz, process

        # below ACCEPT - MARGIN a draft can be neither the match nor a runner-up close enough to matter
        best: dict[int, tuple[float, str]] = {}
        for key, score, index in process.extract(fact.title_key, self.keys, scorer=fuzz.ratio,
                                                 score_cutoff=FUZZY_ACCEPT - FUZZY_MARGIN, limit=None):
            owner = self.owners[index]
            if owner not in best or score > best[owner][0]:
                best[owner] = (score, key)
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda b: (-b[1][0], b[0]))
        owner, (score, key) = ranked[0]
        runner_up = ranked[1][1][0] if len(ranked) > 1 else 0.0
        draft = self.drafts[owner]
        years = _years(draft)
        if score < FUZZY_ACCEPT or score - runner_up < FUZZY_MARGIN or near_miss(fact.title_key, key) \
                or not respelt_only(fact.title_key, key):
            return None
        if fact.year and years and not any(abs(fact.year - y) <= 1 for y in years):
            return None
        if not _first_author_agrees(fact, draft):
            return None
        return draft, score


def _first_author_agrees(fact: Fact, draft: Draft) -> bool:
    from .names import parse_author_text

    fact_authors = fact.values.get("authors") or []
    listed = next((i.entry.authors for i in draft.items if i.entry.authors), "")
    if not fact_authors or not listed:
        return True
    persons, _ = parse_author_text(listed)
    if not persons:
        return True
    return ascii_fold(fact_authors[0][0]).lower() == ascii_fold(persons[0].family).lower()
