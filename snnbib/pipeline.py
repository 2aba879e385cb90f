"""build(): sources -> entries -> normalised items -> merged works -> facts -> topics -> keys.

How a work's fields are chosen is in works.py; the report is in report.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

from .citekeys import LOCK_FILE, KeyLock, KeyRequest, assign_keys, base_key, identities
from .dedup import Conflict, Item, cluster
from .errors import OverrideError
from .facts import Fact, load_facts
from .fsutil import atomic_write_text
from .manifest import Source, load_manifest, source_path
from .model import (
    Claim,
    Dataset,
    Entry,
    Kind,
    ParsedSource,
    Record,
    TopicAssignment,
)
from .normalize import clean_title, title_key
from .overrides import Overrides, RecordOverride, load_overrides
from .report import BuildReport, SourceReport
from .store import DATASET_FILE, dumps_records
from .taxonomy import Taxonomy, load_taxonomy
from .venues import VenueRegistry, load_venues
from .works import Draft, assemble, attach_facts

PII = re.compile(r"/pii/(S[\dX]{16})", re.I)


@dataclass(frozen=True)
class Context:
    """Everything the build reads besides the sources."""

    data_dir: Path
    taxonomy: Taxonomy
    venues: VenueRegistry
    overrides: Overrides
    facts: tuple[Fact, ...]


def load_context(data_dir: Path) -> Context:
    taxonomy = load_taxonomy(data_dir)
    return Context(
        data_dir, taxonomy, load_venues(data_dir),
        load_overrides(data_dir, {t.slug for t in taxonomy.topics}),
        tuple(load_facts(data_dir)),
    )


def parse_sources(data_dir: Path, sources: Sequence[Source]) -> list[ParsedSource]:
    from .sources import parse_file

    return [parse_file(source_path(data_dir, s), s.name, s.dialect) for s in sources]


# --- normalising entries ------------------------------------------------------------------------


def normalise_entry(entry: Entry, venues: VenueRegistry) -> Item:
    """An entry with a clean title, identifiers from its links, and all its claims."""
    from .identifiers import identifiers_from_links

    title = clean_title(entry.title)
    ids, url_claims = identifiers_from_links(entry.links)
    claims = list(entry.claims) + [c for c in url_claims if c not in entry.claims]
    venue = venues.by_doi(ids.doi) if ids.doi else None
    pii = next((PII.search(link.url) for link in entry.links if PII.search(link.url)), None)
    venue = venue or (venues.by_pii(pii.group(1)) if pii else None)
    if venue is not None:
        claims.append(Claim("venue", venue.name, "url"))
    return Item(entry, title, title_key(title), ids, tuple(claims))


# --- overrides, topics, keys ----------------------------------------------------------------------


def find_target(override: RecordOverride, drafts: list[Draft], lock: KeyLock, path: Path) -> Draft:
    if override.is_item_ref:
        for draft in drafts:
            if override.target in draft.refs:
                return draft
        raise OverrideError(path, f"target {override.target!r} names no list item", override.line)
    entry = lock.entries.get(override.target) or next(
        (e for e in lock.entries.values() if override.target in e.aliases), None)
    if entry is not None:
        best = max(drafts, key=lambda d: len(entry.ids & draft_identities(d)))
        if entry.ids & draft_identities(best):
            return best
    raise OverrideError(path, f"target {override.target!r} is not a known citation key", override.line)


def apply_override_values(draft: Draft, override: RecordOverride) -> None:
    why = f"override {override.target} ({override.reason})"
    values = override.values
    for name in ("title", "url", "pages", "volume"):
        if name in values:
            draft.set(name, clean_title(values[name]) if name == "title" else values[name], why)
    if "kind" in values:
        draft.set("kind", Kind(values["kind"]), why)
    if "doi" in values or "arxiv" in values:
        draft.ids = replace(draft.ids, **{k: values[k] for k in ("doi", "arxiv") if k in values})
        draft.provenance.update({k: why for k in ("doi", "arxiv") if k in values})


def assign_topics(draft: Draft, taxonomy: Taxonomy) -> None:
    sections = tuple(s for i in draft.items if (s := taxonomy.section_topic(i.entry.section)))
    title = draft.values["title"]
    off = taxonomy.off_topic(title)
    forced_off = [o for o in draft.overrides if "off_topic" in o.values]
    if forced_off:
        off = TopicAssignment("off-topic", "override", forced_off[-1].reason) if forced_off[-1].values["off_topic"] else None
    topics = [off] if off else list(taxonomy.assign(title, sections))
    for override in draft.overrides:
        topics = [t for t in topics if t.slug not in override.values.get("remove_topics", [])]
        topics += [TopicAssignment(s, "override", override.reason) for s in override.values.get("add_topics", [])
                   if s not in {t.slug for t in topics}]
    draft.topics = topics
    draft.values["off_topic"] = off is not None


def draft_identities(draft: Draft) -> frozenset[str]:
    titles = [i.title for i in draft.items] + [draft.values.get("title", "")]
    return identities(titles, list(draft.ids.items()))


def to_record(draft: Draft, key: str, aliases: tuple[str, ...]) -> Record:
    v = draft.values
    return Record(
        key=key, kind=v["kind"], title=v["title"], authors=v.get("authors", ()), et_al=v.get("et_al", False),
        year=v.get("year"), venue=v.get("venue", ""), container_title=v.get("container_title", ""),
        event=v.get("event", ""), publisher=v.get("publisher", ""), volume=v.get("volume", ""),
        issue=v.get("issue", ""), pages=v.get("pages", ""), url=v.get("url", ""), ids=draft.ids,
        links=v.get("links", ()), topics=tuple(draft.topics), off_topic=v.get("off_topic", False),
        note=v.get("note", ""), aliases=aliases,
        origins=tuple(i.entry.origin for i in draft.items),
        provenance=tuple(sorted(draft.provenance.items())),
    )


# --- the build ------------------------------------------------------------------------------------


@dataclass
class BuildResult:
    dataset: Dataset
    report: BuildReport
    lock: KeyLock


def merge_sources(ctx: Context, parsed: Sequence[ParsedSource]) -> tuple[list[Draft], BuildReport]:
    """Normalise and merge every entry; the drafts come back without facts applied."""
    report = BuildReport([
        SourceReport(p.source, p.dialect, p.items, len(p.entries), _count(s.reason for s in p.skips))
        for p in parsed
    ])
    items = [normalise_entry(e, ctx.venues) for p in parsed for e in p.entries]
    clusters, conflicts = cluster(
        items, [m for m, _ in ctx.overrides.merges], [s for s, _ in ctx.overrides.separates])
    _check_pair_refs(ctx.overrides, {i.ref for i in items})
    report.conflicts.extend(conflicts)
    report.merges = len(items) - len(clusters)
    return [Draft(c) for c in clusters], report


def build(data_dir: Path, parsed: Sequence[ParsedSource] | None = None, *,
          lock: KeyLock | None = None, context: Context | None = None) -> BuildResult:
    """Build the dataset in memory (nothing is written; see `write`)."""
    ctx = context or load_context(data_dir)
    if parsed is None:
        parsed = parse_sources(data_dir, load_manifest(data_dir))
    drafts, report = merge_sources(ctx, parsed)
    report.facts_applied = attach_facts(drafts, ctx.facts, report.conflicts)
    lock = lock if lock is not None else KeyLock.read(data_dir / LOCK_FILE)
    for override in ctx.overrides.records:
        find_target(override, drafts, lock, ctx.overrides.path).overrides.append(override)
    bad_ids = _wrong_links(report.conflicts)
    for draft in drafts:
        assemble(draft, ctx.venues, bad_ids, report.conflicts)
        for override in draft.overrides:
            apply_override_values(draft, override)
        assign_topics(draft, ctx.taxonomy)
    report.off_topic = sum(d.values["off_topic"] for d in drafts)

    requests = [
        KeyRequest(draft_identities(d), _base_key(d), title_key(d.values["title"]) + "|" + d.refs[0])
        for d in drafts
    ]
    keys = assign_keys(requests, lock)
    records = []
    for draft, (key, aliases) in zip(drafts, keys):
        rename = next((o.values["key"] for o in draft.overrides if "key" in o.values), "")
        if rename and rename != key:
            entry = lock.entries.pop(key)
            entry.aliases.append(key)
            entry.key = rename
            lock.entries[rename] = entry
            key, aliases = rename, tuple(sorted(entry.aliases))
        records.append(to_record(draft, key, aliases))
    records = _apply_lookup(records, data_dir)
    records.sort(key=lambda r: r.key)
    dataset = Dataset(tuple(records), ctx.taxonomy.topics)
    report.records = len(records)
    return BuildResult(dataset, report, lock)


def write(result: BuildResult, data_dir: Path) -> None:
    """Write the dataset and the key lock atomically."""
    atomic_write_text(data_dir / DATASET_FILE, dumps_records(result.dataset.records))
    result.lock.write(data_dir / LOCK_FILE)


def _apply_lookup(records: list[Record], data_dir: Path) -> list[Record]:
    try:
        from .lookup.results import apply
    except ImportError:  # lookup results are optional
        return records
    return list(apply(records, data_dir))


def _base_key(draft: Draft) -> str:
    authors = draft.values.get("authors", ())
    return base_key(authors[0].family if authors else "", draft.values.get("year"), draft.values["title"])


def _wrong_links(conflicts: Sequence[Conflict]) -> set[tuple[str, str]]:
    """Identifier values given to two different works: neither keeps them (a fact may restore one)."""
    return {c.identifier for c in conflicts if c.identifier}


def _check_pair_refs(overrides: Overrides, refs: set[str]) -> None:
    for pairs in (overrides.merges, overrides.separates):
        for items, line in pairs:
            missing = sorted(items - refs)
            if missing:
                raise OverrideError(overrides.path, f"{', '.join(missing)} names no list item", line)


def _count(values: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for value in values:
        out[value] = out.get(value, 0) + 1
    return out
