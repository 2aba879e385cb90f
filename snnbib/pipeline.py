"""build(): sources -> entries -> normalised items -> merged works -> facts -> topics -> keys.

Field precedence is the table below (strongest first). When claims of different bases
disagree, the strongest wins and the disagreement goes into the build report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Sequence

from .citekeys import KeyLock, KeyRequest, LOCK_FILE, assign_keys, base_key, identities
from .dedup import Conflict, Item, cluster
from .errors import OverrideError
from .facts import Fact, FactView, combine, load_facts, matches
from .fsutil import atomic_write_text
from .manifest import Source, load_manifest
from .model import (
    Claim, Dataset, Entry, Identifiers, Kind, Link, ParsedSource, Person, Record, TopicAssignment, unique,
)
from .names import parse_author_text
from .normalize import best_title, casing_score, clean_text, clean_title, title_key
from .overrides import Overrides, RecordOverride, load_overrides
from .store import DATASET_FILE, dumps_records
from .taxonomy import Taxonomy, load_taxonomy
from .venues import VenueRegistry, load_venues

# strongest first; a basis missing from a row never sets that field
PRECEDENCE = {
    "venue": ("override", "enrichment", "url", "inline", "heading", "venue-line"),
    "year": ("override", "enrichment", "url", "inline", "heading", "arxiv-id"),
}
# claims on these bases are expected to differ from the published year, so no conflict
QUIET_BASES = {"arxiv-id", "venue-line"}
KIND_HINTS = {k.value for k in Kind}
URL_ROLE_ORDER = ("paper", "openreview", "arxiv", "doi", "pdf", "homepage", "video")
PII = re.compile(r"/pii/(S[\dX]{16})", re.I)


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

    return [parse_file(data_dir / "sources" / s.file, s.name, s.dialect) for s in sources]


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


# --- merging a cluster into a record ------------------------------------------------------------


@dataclass
class Draft:
    """A work being assembled from its items; becomes a Record once it has a key."""

    items: list[Item]
    values: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)
    ids: Identifiers = field(default_factory=Identifiers)
    claims: list[tuple[Claim, str]] = field(default_factory=list)  # (claim, who made it)
    topics: list[TopicAssignment] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    overrides: list[RecordOverride] = field(default_factory=list)

    @property
    def refs(self) -> list[str]:
        return [i.ref for i in self.items]

    @property
    def title_keys(self) -> set[str]:
        return {i.key for i in self.items}

    def set(self, name: str, value: Any, source: str) -> None:
        if value not in (None, "", (), []):
            self.values[name] = value
            self.provenance[name] = source


def _id_sets(draft: Draft) -> dict[str, set[str]]:
    """Identifier values a draft is known by: from its items' links and from its facts."""
    out: dict[str, set[str]] = {}
    pairs = [p for item in draft.items for p in item.ids.items()]
    pairs += [p for fact in draft.facts for p in fact.ids.items()]
    for name, value in pairs:
        out.setdefault(name, set()).add(value.lower())
    return out


def attach_facts(drafts: list[Draft], facts: Sequence[Fact], conflicts: list[Conflict]) -> int:
    """Give each draft the facts that match it; a fact matching two works is a conflict."""
    applied = 0
    for fact in facts:
        hits = [d for d in drafts if matches(fact, d.title_keys, {y for i in d.items for y in i.years}, _id_sets(d))]
        if len(hits) > 1:
            conflicts.append(Conflict("fact-matches-several-works", fact.values.get("title", fact.title_key),
                                      f"{fact.source} matches {', '.join(h.refs[0] for h in hits)}; not applied"))
            continue
        if hits:
            hits[0].facts.append(fact)
            applied += 1
    return applied


def resolve_claims(draft: Draft, name: str, venues: VenueRegistry, conflicts: list[Conflict]) -> tuple[str, str]:
    """The winning value of `name` by PRECEDENCE, and its basis; disagreements are reported."""
    ranked: list[tuple[int, str, str, str]] = []
    candidates: set[str] = set()
    for item in draft.items:
        for claim in item.claims:
            if claim.field != name or claim.basis not in PRECEDENCE[name]:
                continue
            value = claim.value
            if name == "venue":
                if claim.basis == "venue-line":
                    names = [v.name if (v := venues.find(x)) else x.strip() for x in value.split(",")]
                    candidates.update(names)
                    if len(set(names)) != 1:
                        continue
                    value = names[0]
                else:
                    found = venues.find(value)
                    value = found.name if found else value
            ranked.append((PRECEDENCE[name].index(claim.basis), value, claim.basis, item.ref))
    for claim, ref in draft.claims:
        if claim.field == name:
            ranked.append((PRECEDENCE[name].index(claim.basis), claim.value, claim.basis, ref))
    if not ranked:
        return "", ""
    ranked.sort(key=lambda r: (r[0], r[3]))
    _, value, basis, ref = ranked[0]
    disagree = sorted({f"{b} {r} says {v}" for _, v, b, r in ranked[1:] if v != value and b not in QUIET_BASES})
    title = draft.values.get("title", draft.items[0].title)
    if disagree:
        who = "the official record" if basis == "enrichment" else f"{basis} {ref}"
        conflicts.append(Conflict(f"{name}-disagrees", title, f"{who} says {value}; " + "; ".join(disagree)))
    if name == "venue" and candidates and value not in candidates and basis != "venue-line":
        conflicts.append(Conflict("venue-line-lacks-venue", title,
                                  f"the venue line lists {', '.join(sorted(candidates))}; {basis} says {value}"))
    return value, f"{basis} {ref}"


def assemble(draft: Draft, ctx: Context, bad_ids: set[tuple[str, str]], conflicts: list[Conflict]) -> None:
    """Fill a draft's fields from its facts, its overrides and its items, strongest first."""
    fact: FactView = combine(draft.facts)
    fact_values = fact.values
    for override in draft.overrides:
        for name in ("venue", "year"):
            if name in override.values:
                draft.claims.append((Claim(name, str(override.values[name]), "override"),
                                     f"{override.target} ({override.reason})"))
    for name in ("venue", "year"):
        if fact_values.get(name):
            draft.claims.append((Claim(name, str(fact_values[name]), "enrichment"), fact.source(name)))

    titles = [i.title for i in draft.items]
    draft.set("title", best_title(titles), "best-cased list title of " + ", ".join(draft.refs))
    if fact_values.get("title") and official_casing_holds(fact_values["title"], draft.values["title"]):
        draft.set("title", fact_values["title"], fact.source("title"))

    # identifiers: facts first, then list links (minus links known to be wrong)
    ids = Identifiers(**{k: v for k, v in fact.ids.items() if k in Identifiers.__dataclass_fields__})
    for name, _ in ids.items():
        draft.provenance[f"ids.{name}"] = fact.source(f"ids.{name}")
    for item in draft.items:
        clean = {k: v for k, v in item.ids.items() if (k, v.lower()) not in bad_ids}
        for name in clean:
            draft.provenance.setdefault(f"ids.{name}", f"link in {item.ref}")
        ids = ids.merged(Identifiers(**clean))
    draft.ids = ids

    venue_name, venue_source = resolve_claims(draft, "venue", ctx.venues, conflicts)
    year_text, year_source = resolve_claims(draft, "year", ctx.venues, conflicts)
    year = int(year_text) if year_text.isdigit() else None
    draft.set("year", year, year_source)
    venue = ctx.venues.find(venue_name) if venue_name else None
    draft.set("venue", venue.name if venue else venue_name, venue_source)
    if venue is not None:
        draft.set("container_title", venue.container_title(year), "venue registry")
        draft.set("event", venue.event(year), "venue registry")
        draft.set("publisher", venue.publisher, "venue registry")
    for name in ("container_title", "event", "publisher", "volume", "issue", "pages"):
        if fact_values.get(name):
            draft.set(name, fact_values[name], fact.source(name))

    authors: tuple[Person, ...] = ()
    et_al = False
    for item in draft.items:
        if item.entry.authors and not authors:
            authors, et_al = parse_author_text(clean_text(item.entry.authors))
            draft.set("authors", authors, f"list {item.ref}")
    if fact_values.get("authors"):
        authors, et_al = tuple(Person(f, g) for f, g in fact_values["authors"]), False
        draft.set("authors", authors, fact.source("authors"))
    draft.values["et_al"] = et_al

    draft.set("kind", decide_kind(draft, venue, fact_values), draft.provenance.get("venue", "links"))
    links = unique_links(link for item in draft.items for link in item.entry.links)
    draft.values["links"] = links
    draft.set("url", fact_values.get("url") or best_url(links, ids), fact.source("url") if fact_values.get("url") else "links")
    notes = unique(clean_text(i.entry.description) for i in draft.items)
    draft.set("note", " / ".join(notes), "list descriptions")


def official_casing_holds(official: str, listed: str) -> bool:
    """The official title wins unless its casing is clearly worse than the best list title's
    (lower-case or shouting, or fewer than half as many capitalised words)."""
    ours, theirs = casing_score(official), casing_score(listed)
    return ours[0] >= theirs[0] and ours[1] * 2 >= theirs[1]


def decide_kind(draft: Draft, venue: Any, fact_values: dict[str, Any]) -> Kind:
    hints = [i.entry.kind_hint for i in draft.items if i.entry.kind_hint in KIND_HINTS]
    if hints:
        return Kind(hints[0])
    if fact_values.get("kind"):
        return Kind(fact_values["kind"])
    if venue is not None:
        return venue.kind
    if draft.ids.arxiv:
        return Kind.PREPRINT
    return Kind.PAPER


def unique_links(links: Iterable[Link]) -> tuple[Link, ...]:
    """Links in first-seen order; URLs differing only in case or a trailing slash are one."""
    seen: dict[str, Link] = {}
    for link in links:
        seen.setdefault(link.url.lower().rstrip("/"), link)
    return tuple(seen.values())


def best_url(links: Sequence[Link], ids: Identifiers) -> str:
    for role in URL_ROLE_ORDER:
        for link in links:
            if link.role == role:
                return link.url
    if ids.arxiv:
        return f"https://arxiv.org/abs/{ids.arxiv}"
    return links[0].url if links else ""


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
        assemble(draft, ctx, bad_ids, report.conflicts)
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
