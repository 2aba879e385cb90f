"""A work assembled from its merged list items, facts and overrides, by an explicit precedence.

Field precedence is the table below (strongest first). When claims of different bases
disagree, the strongest wins and the disagreement goes into the build report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from .dedup import Conflict, Item
from .facts import Fact, FactView, combine, matches
from .model import Claim, Identifiers, Kind, Link, Person, TopicAssignment, unique
from .names import parse_author_text
from .normalize import best_title, casing_score, clean_text
from .overrides import RecordOverride
from .venues import VenueRegistry

# strongest first; a basis missing from a row never sets that field
PRECEDENCE = {
    "venue": ("override", "enrichment", "url", "inline", "heading", "venue-line"),
    "year": ("override", "enrichment", "url", "inline", "heading", "arxiv-id"),
}
# claims on these bases are expected to differ from the published year, so no conflict
QUIET_BASES = {"arxiv-id", "venue-line"}
KIND_HINTS = {k.value for k in Kind}
URL_ROLE_ORDER = ("paper", "openreview", "arxiv", "doi", "pdf", "homepage", "video")

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


def id_sets(draft: Draft) -> dict[str, set[str]]:
    """Identifier values a draft is known by: from its items' links and from its facts."""
    out: dict[str, set[str]] = {}
    pairs = [p for item in draft.items for p in item.ids.items()]
    pairs += [p for fact in draft.facts for p in fact.ids.items()]
    for name, value in pairs:
        out.setdefault(name, set()).add(value.lower())
    return out


class FactTargets:
    """Drafts by title key, DOI and arXiv id: the only drafts a fact can match (facts.matches),
    so matching looks at a few drafts instead of all of them."""

    def __init__(self, drafts: Sequence[Draft]) -> None:
        self.order = {id(d): n for n, d in enumerate(drafts)}
        self.by: dict[tuple[str, str], dict[int, Draft]] = {}
        for draft in drafts:
            for key in draft.title_keys:
                self.by.setdefault(("title", key), {})[id(draft)] = draft
            self.add_ids(draft, id_sets(draft))

    def add_ids(self, draft: Draft, ids: dict[str, set[str]]) -> None:
        for name in ("doi", "arxiv"):
            for value in ids.get(name, ()):
                self.by.setdefault((name, value), {})[id(draft)] = draft

    def candidates(self, fact: Fact) -> list[Draft]:
        found = dict(self.by.get(("title", fact.title_key), {}))
        for name in ("doi", "arxiv"):
            if fact.ids.get(name):
                found.update(self.by.get((name, fact.ids[name].lower()), {}))
        return sorted(found.values(), key=lambda d: self.order[id(d)])


def attach_facts(drafts: list[Draft], facts: Sequence[Fact], conflicts: list[Conflict]) -> int:
    """Give each draft the facts that match it; a fact matching two works is a conflict."""
    applied = 0
    targets = FactTargets(drafts)
    for fact in facts:
        hits = [d for d in targets.candidates(fact)
                if matches(fact, d.title_keys, {y for i in d.items for y in i.years}, id_sets(d))]
        if len(hits) > 1:
            conflicts.append(Conflict("fact-matches-several-works", fact.values.get("title", fact.title_key),
                                      f"{fact.source} matches {', '.join(h.refs[0] for h in hits)}; not applied"))
            continue
        if hits:
            hits[0].facts.append(fact)
            targets.add_ids(hits[0], {k: {v.lower()} for k, v in fact.ids.items()})
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


def assemble(draft: Draft, venues: VenueRegistry, bad_ids: set[tuple[str, str]], conflicts: list[Conflict]) -> None:
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

    venue_name, venue_source = resolve_claims(draft, "venue", venues, conflicts)
    year_text, year_source = resolve_claims(draft, "year", venues, conflicts)
    year = int(year_text) if year_text.isdigit() else None
    draft.set("year", year, year_source)
    venue = venues.find_or_guess(venue_name) if venue_name else None
    draft.set("venue", venue.name if venue else venue_name, venue_source)
    if venue is not None:
        registry = "venue registry" if venues.find(venue.name) else venue_source
        draft.set("container_title", venue.container_title(year), registry)
        draft.set("event", venue.event(year), registry)
        draft.set("publisher", venue.publisher, registry)
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
