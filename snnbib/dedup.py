"""Merging list items into one record per work: identifiers first, then titles, never guesses.

Rules, in order (each merge is checked against the curator's `separate` pairs):
1. Items sharing a strong identifier (DOI, arXiv id, OpenReview id, proceedings ids) merge,
   unless their titles disagree: then the identifier is a wrong link and a conflict is reported.
2. Items with the same normalised title merge when their years are within one.
3. Items whose titles are near-identical (arXiv v1/v2 wordings, `exploring`/`exploiting`)
   merge when years are within one, unless the difference is a near miss: one title is the
   other plus more words ("Spike-driven Transformer" vs "... V2"), or numbers differ.
Year checks (rules 2 and 3) compare whole groups, so an item without a year cannot bridge
two works years apart.
Forced merges from the overrides file are applied first.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import combinations
from typing import Iterable, Sequence

from .citekeys import STOPWORDS
from .model import Claim, Entry, Identifiers

STRONG_IDS = ("doi", "arxiv", "openreview", "ijcai", "neurips", "pmlr", "aaai", "cvf", "ecva", "ieee", "pmc")
ID_TITLE_AGREEMENT = 80  # token-sort similarity two titles need to share an identifier
SAME_SPELLING = 92  # character similarity of two title keys: the same title, respelt
SAME_WORDS = 90  # token-sort similarity of a reworded title (arXiv v1 vs v2) ...
MAX_WORD_CHANGE = 0.25  # ... when at most this share of their distinct words differ
RESPELLING = 75  # character similarity of two words that are one word respelt
CANDIDATE_OVERLAP = 0.5  # word Jaccard a title pair needs to be compared at all (the
# reworded rule needs 0.75; a respelt title keeps far more than half its words)
VERSION_TOKEN = re.compile(r"^(v\d+|\d+|ii|iii|iv|plus|\+\+)$")


@dataclass(frozen=True)
class Item:
    """A normalised list entry, ready for merging."""

    entry: Entry
    title: str
    key: str  # normalise.title_key(title)
    ids: Identifiers
    claims: tuple[Claim, ...]

    @property
    def ref(self) -> str:
        return self.entry.origin.ref

    @property
    def years(self) -> set[int]:
        return {int(c.value) for c in self.claims if c.field == "year" and c.value.isdigit()}


@dataclass(frozen=True)
class Conflict:
    """Something the build could not reconcile silently; shown in the build report."""

    kind: str
    subject: str
    detail: str
    identifier: tuple[str, str] = ()  # (name, lower-cased value) of a wrong link


def similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.token_sort_ratio(a, b)


def years_compatible(a: set[int], b: set[int]) -> bool:
    """Unknown years are compatible with anything; known ones must come within one year."""
    if not a or not b:
        return True
    return any(abs(x - y) <= 1 for x in a for y in b)


def respelt_only(a: str, b: str) -> bool:
    """True when every word one title key has and the other lacks is a respelling of a word
    there ("exploring"/"exploiting", "network"/"networks", "timescales"/"time scales") or a
    stop word; a substituted word ("Pruning"/"Growing") makes a different title."""
    from rapidfuzz import fuzz

    words_a, words_b = set(a.split()), set(b.split())
    for mine, theirs, joined in ((words_a - words_b, words_b - words_a, b.replace(" ", "")),
                                 (words_b - words_a, words_a - words_b, a.replace(" ", ""))):
        for word in mine - STOPWORDS:
            if word not in joined and not any(fuzz.ratio(word, other) >= RESPELLING for other in theirs):
                return False
    return True


def same_title(a: str, b: str) -> bool:
    """Two title keys that name the same work under two spellings or wordings."""
    from rapidfuzz import fuzz

    if near_miss(a, b) or not respelt_only(a, b):
        return False
    if fuzz.ratio(a, b) >= SAME_SPELLING:
        return True
    words_a, words_b = set(a.split()), set(b.split())
    changed = len(words_a ^ words_b) / max(len(words_a | words_b), 1)
    return fuzz.token_sort_ratio(a, b) >= SAME_WORDS and changed <= MAX_WORD_CHANGE


def near_miss(a: str, b: str) -> bool:
    """True when two title keys name different works though they look alike."""
    ta, tb = a.split(), b.split()
    sa, sb = set(ta), set(tb)
    if sa == sb:
        return False
    if any(VERSION_TOKEN.match(t) for t in sa ^ sb):
        return True
    shorter, longer = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    # one title is the other with more words appended or inserted: a sequel or a variant
    return set(shorter) <= set(longer) and len(longer) - len(shorter) >= 1 and len(shorter) <= 6


class _Groups:
    """Union-find over item indices that refuses unions joining a `separate` pair."""

    def __init__(self, items: Sequence[Item], separate: Iterable[frozenset[str]]) -> None:
        self.parent = list(range(len(items)))
        self.members: dict[int, set[str]] = {i: {it.ref} for i, it in enumerate(items)}
        self.years: dict[int, set[int]] = {i: set(it.years) for i, it in enumerate(items)}
        self.separate = [set(pair) for pair in separate]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def allowed(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        refs_i, refs_j = self.members[ri], self.members[rj]
        return not any(pair & refs_i and pair & refs_j and not pair <= refs_i and not pair <= refs_j
                       for pair in self.separate)

    def union(self, i: int, j: int, check_years: bool = False) -> bool:
        """Join two groups; with `check_years`, only when their years are compatible."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj or not self.allowed(i, j):
            return False
        if check_years and not years_compatible(self.years[ri], self.years[rj]):
            return False
        low, high = sorted((ri, rj))
        self.parent[high] = low
        self.members[low] |= self.members.pop(high)
        self.years[low] |= self.years.pop(high)
        return True


def cluster(
    items: Sequence[Item],
    merge: Iterable[frozenset[str]] = (),
    separate: Iterable[frozenset[str]] = (),
) -> tuple[list[list[Item]], list[Conflict]]:
    """Groups of items that are the same work (in first-seen order), and the conflicts found."""
    groups = _Groups(items, separate)
    conflicts: list[Conflict] = []
    by_ref = {item.ref: i for i, item in enumerate(items)}
    for refs in merge:
        indices = [by_ref[r] for r in sorted(refs) if r in by_ref]
        for other in indices[1:]:
            groups.union(indices[0], other)

    by_id: dict[tuple[str, str], list[int]] = {}
    for i, item in enumerate(items):
        for name in STRONG_IDS:
            value = getattr(item.ids, name)
            if value:
                by_id.setdefault((name, value.lower()), []).append(i)
    for (name, value), indices in sorted(by_id.items()):
        for a, b in combinations(indices, 2):
            if groups.find(a) == groups.find(b):
                continue
            if similarity(items[a].key, items[b].key) < ID_TITLE_AGREEMENT or near_miss(items[a].key, items[b].key):
                conflicts.append(Conflict(
                    "identifier-shared-by-different-titles", items[a].title,
                    f"{name} {value} is given to {items[a].ref} {items[a].title!r} and to "
                    f"{items[b].ref} {items[b].title!r}; not merged (a wrong link)",
                    (name, value),
                ))
            else:
                groups.union(a, b)

    by_key: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        by_key.setdefault(item.key, []).append(i)
    for indices in by_key.values():
        for a, b in combinations(indices, 2):
            groups.union(a, b, check_years=True)

    _fuzzy_merge(items, groups)

    clusters: dict[int, list[Item]] = {}
    for i, item in enumerate(items):
        clusters.setdefault(groups.find(i), []).append(item)
    return [clusters[root] for root in sorted(clusters)], conflicts


def _fuzzy_merge(items: Sequence[Item], groups: _Groups) -> None:
    from rapidfuzz import fuzz, process

    keys = [item.key for item in items]
    sorted_words = [" ".join(sorted(key.split())) for key in keys]  # ratio of these = token_sort_ratio
    for a, later in _candidates(keys):
        for _, _, n in process.extract(sorted_words[a], [sorted_words[b] for b in later], scorer=fuzz.ratio,
                                       score_cutoff=min(SAME_WORDS, SAME_SPELLING) - 10, limit=None):
            b = later[n]
            if keys[b] != keys[a] and groups.find(a) != groups.find(b) and same_title(keys[a], keys[b]):
                groups.union(a, b, check_years=True)


def _candidates(keys: Sequence[str]) -> Iterable[tuple[int, list[int]]]:
    """Per title key, the later keys sharing at least half their distinct words with it (a prefix
    filter: words ordered rarest first, each key indexed by the few rarest words that any key
    with Jaccard >= CANDIDATE_OVERLAP must share); without it the fuzzy pass is quadratic."""
    words = [sorted(set(key.split())) for key in keys]
    frequency: dict[str, int] = {}
    for distinct in words:
        for word in distinct:
            frequency[word] = frequency.get(word, 0) + 1
    postings: dict[str, list[int]] = {}
    prefixes = []
    for index, distinct in enumerate(words):
        distinct.sort(key=lambda w: (frequency[w], w))
        prefix = distinct[: len(distinct) - math.ceil(CANDIDATE_OVERLAP * len(distinct)) + 1]
        prefixes.append(prefix)
        for word in prefix:
            postings.setdefault(word, []).append(index)
    for a, prefix in enumerate(prefixes):
        later: set[int] = set()
        for word in prefix:
            later.update(postings[word])
        yield a, sorted(b for b in later if b > a)
