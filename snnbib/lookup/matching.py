"""Verified matching: score a candidate against a record; accept only a clear, high winner.

A score starts from the normalised-title similarity (rapidfuzz ratio, 0-100) and loses points
for a year more than one apart, a different first author, a different venue. Titles that differ
only by a version or number ("Spike-driven Transformer" vs "... V2") can never pass; a title
that is the other plus extra words can at most be queued for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from rapidfuzz import fuzz

from ..model import Person, Record
from .candidate import Candidate
from .text import normalize_name, normalize_title
from .venue_match import venue_named, venue_of_doi

ACCEPT = 96.0  # at or above: accepted, if the runner-up is MARGIN behind
REVIEW = 80.0  # at or above (and not accepted): queued for review; below: rejected
MARGIN = 8.0

# penalties, in score points
YEAR_FAR = 40.0  # both years known and more than one apart
YEAR_NEAR = 1.0  # one apart (preprint vs proceedings year): allowed, slightly less good
AUTHOR_DIFFERS = 18.0  # same title by another first author: a human decides
VENUE_DIFFERS = 10.0
VERSION_CAP = 50.0  # titles differing only in a version/number token
EXTRA_WORDS_CAP = ACCEPT - 1.0  # also for titles where a word was replaced by another
WORD_VARIANT = 80.0  # two words this similar are spellings of one (plural, typo, -ise/-ize)

_VERSION = re.compile(r"^(v\d+|\d+(\.\d+)*|ii|iii|iv|vi|vii|viii|ix|plusplus)$")


@dataclass(frozen=True)
class Score:
    """How well a candidate fits a record, and why."""

    total: float
    title: float
    year_delta: int | None = None
    author_agrees: bool | None = None
    venue_agrees: bool | None = None
    near_miss: str = ""  # "", "version", "extra-words" or "other-words"

    def reasons(self) -> str:
        parts = [f"title {self.title:.1f}"]
        if self.year_delta is not None:
            parts.append(f"year \u0394{self.year_delta}")
        if self.author_agrees is not None:
            parts.append("first author " + ("agrees" if self.author_agrees else "differs"))
        if self.venue_agrees is not None:
            parts.append("venue " + ("agrees" if self.venue_agrees else "differs"))
        if self.near_miss:
            parts.append(f"near miss ({self.near_miss})")
        return ", ".join(parts)


@dataclass(frozen=True)
class Decision:
    """The verdict on a record's candidates: accepted, queued or rejected (or none found)."""

    status: str  # accepted | queued | rejected | none
    candidate: Candidate | None = None
    score: Score | None = None
    runner_up: float = 0.0


def near_miss(a: str, b: str) -> str:
    """How two different normalised titles are a near miss: 'version' (a version or number
    differs), 'extra-words' (one is the other plus words), 'other-words' (a word of one has
    no spelling variant in the other, e.g. detection/tracking) or '' (typos, spacing)."""
    if a.replace(" ", "") == b.replace(" ", ""):
        return ""
    ta, tb = a.split(), b.split()
    if sorted(t for t in ta if _VERSION.match(t)) != sorted(t for t in tb if _VERSION.match(t)):
        return "version"
    short, long_ = (ta, tb) if len(ta) < len(tb) else (tb, ta)
    if short and (long_[: len(short)] == short or long_[-len(short):] == short):
        return "extra-words"
    if _unmatched_word(ta, tb) or _unmatched_word(tb, ta):
        return "other-words"
    return ""


def _unmatched_word(words: list[str], others: list[str]) -> bool:
    """Whether some word has no counterpart in `others`, not even with a typo or plural."""
    pool = set(others)
    return any(w not in pool and not any(fuzz.ratio(w, o) >= WORD_VARIANT for o in pool)
               for w in words)


def _venue_agrees(candidate: Candidate, record: Record) -> bool | None:
    """Whether both name the same registered venue; None when either names none."""
    ours = {venue_named(v) for v in (record.venue, record.container_title)} - {""}
    theirs = {venue_named(v) for v in (candidate.venue, candidate.container_title)}
    theirs = (theirs | {venue_of_doi(candidate.doi)}) - {""}
    if not ours or not theirs:
        return None
    return bool(ours & theirs)


def _author_agrees(theirs: Sequence[Person], ours: Sequence[Person]) -> bool | None:
    if not theirs or not ours or not ours[0].family or not theirs[0].family:
        return None
    mine = normalize_name(ours[0].family)
    # names are sometimes given in the other order (family first): accept either part
    parts = {normalize_name(theirs[0].family), normalize_name(theirs[0].given)}
    parts.update(normalize_name(w) for w in theirs[0].given.split())
    return mine in parts or any(mine and mine == normalize_name(w) for w in
                                theirs[0].family.split())


def score(candidate: Candidate, record: Record) -> Score:
    """Score one candidate against what the record knows (see the module docstring)."""
    ours, theirs = normalize_title(record.title), normalize_title(candidate.title)
    title = float(fuzz.ratio(ours, theirs)) if ours and theirs else 0.0
    total = title
    miss = near_miss(ours, theirs)
    if miss == "version":
        total = min(total, VERSION_CAP)
    elif miss:
        total = min(total, EXTRA_WORDS_CAP)
    delta = None
    if record.year and candidate.year:
        delta = abs(record.year - candidate.year)
        # an identifier lookup is the work itself: its preprint year may be years earlier
        if not candidate.by_identifier:
            total -= YEAR_FAR if delta > 1 else YEAR_NEAR * delta
    author = _author_agrees(candidate.authors, record.authors)
    if author is False:
        total -= AUTHOR_DIFFERS
    venue = _venue_agrees(candidate, record)
    if venue is False:
        total -= VENUE_DIFFERS
    return Score(max(total, 0.0), title, delta, author, venue, miss)


def identity(candidate: Candidate) -> str:
    """What makes two candidates the same work: DOI, else DBLP key, else title and year."""
    return candidate.doi or candidate.dblp or f"{normalize_title(candidate.title)}|{candidate.year}"


def decide(record: Record, candidates: Sequence[Candidate]) -> Decision:
    """Accept the best candidate only above ACCEPT and MARGIN ahead of a different runner-up."""
    best_by_work: dict[str, tuple[Score, Candidate]] = {}
    for candidate in candidates:
        scored = (score(candidate, record), candidate)
        key = identity(candidate)
        if key not in best_by_work or scored[0].total > best_by_work[key][0].total:
            best_by_work[key] = scored
    if not best_by_work:
        return Decision("none")
    ranked = sorted(best_by_work.values(), key=lambda sc: -sc[0].total)
    best_score, best = ranked[0]
    runner_up = ranked[1][0].total if len(ranked) > 1 else 0.0
    if best_score.total >= ACCEPT and best_score.total - runner_up >= MARGIN:
        status = "accepted"
    elif best_score.total >= REVIEW:
        status = "queued"
    else:
        status = "rejected"
    return Decision(status, best, best_score, runner_up)
