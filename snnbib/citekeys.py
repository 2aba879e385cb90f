"""Citation keys: deterministic, ASCII, and stable forever through a committed lock file.

A key is `firstauthor + year + first significant title word` (`hao2023reducing`), or built from
the title alone when there is no author. `data/keys.lock` remembers every key with the
identities of its record (title keys, DOI, arXiv id, ...): a rebuild finds each record's key
again by those identities, so better metadata never changes a key once given.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from itertools import count, product
from typing import Iterable, Iterator, Sequence

from . import jsonio
from .errors import ParseError
from .fsutil import atomic_write_text
from .textfile import read_text_file
from .normalize import ascii_fold, title_key

LOCK_FILE = "keys.lock"
STOPWORDS = frozenset(
    "a an the on of for in to and with via by from at as is are be do does can we our its into "
    "toward towards using use based when what how why which beyond through under over".split()
)
SUFFIXES = "abcdefghijklmnopqrstuvwxyz"


def significant_words(title: str) -> list[str]:
    return [w for w in title_key(title).split() if w not in STOPWORDS and not w.isdigit()]


def base_key(family: str, year: int | None, title: str) -> str:
    """`hao2023reducing`; without an author, the first three significant title words."""
    words = significant_words(title) or ["untitled"]
    year_part = str(year) if year else ""
    name = re.sub(r"[^a-z]", "", ascii_fold(family).lower())
    if name:
        return f"{name}{year_part}{words[0]}"
    return "".join(words[:3]) + year_part


@dataclass
class LockEntry:
    key: str
    ids: set[str] = field(default_factory=set)
    aliases: list[str] = field(default_factory=list)


@dataclass
class KeyLock:
    """The key lock: every key ever given, with its record's identities and aliases."""

    entries: dict[str, LockEntry] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> "KeyLock":
        lock = cls()
        if not path.exists():
            return lock
        for number, line in enumerate(read_text_file(path, "key lock").splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = jsonio.loads(line)
                lock.entries[data["key"]] = LockEntry(data["key"], set(data["ids"]), list(data.get("aliases", [])))
            except (ValueError, KeyError, TypeError) as exc:
                raise ParseError(path, f"invalid key lock line: {exc}", number) from None
        return lock

    def write(self, path: Path) -> None:
        lines = [
            json.dumps({"key": e.key, "ids": sorted(e.ids), **({"aliases": sorted(e.aliases)} if e.aliases else {})},
                       ensure_ascii=False, separators=(",", ":"))
            for e in sorted(self.entries.values(), key=lambda e: e.key)
        ]
        atomic_write_text(path, "".join(line + "\n" for line in lines))

    def taken(self) -> set[str]:
        return {k for e in self.entries.values() for k in (e.key, *e.aliases)}


@dataclass(frozen=True)
class KeyRequest:
    """What a record offers for key assignment: its identities and its proposed base key."""

    identities: frozenset[str]
    base: str
    sort_key: str  # deterministic order among records proposing the same base


def assign_keys(requests: Sequence[KeyRequest], lock: KeyLock) -> list[tuple[str, tuple[str, ...]]]:
    """(key, aliases) for each request, updating `lock` in place.

    Records found in the lock keep their key; a record that now covers several locked keys
    (a merge) keeps the best-matching one and the others become its aliases; new records get
    their base key, with a letter suffix if it is taken (by any key or alias ever given).
    """
    # an identity shared by two records (a wrong link) or two locked keys identifies nothing
    shared = _repeated(i for r in requests for i in r.identities)
    shared |= _repeated(i for e in lock.entries.values() for i in e.ids)
    owner = {i: e.key for e in lock.entries.values() for i in e.ids if i not in shared}
    result: list[tuple[str, tuple[str, ...]] | None] = [None] * len(requests)
    claimed: set[str] = set()
    # strongest overlap first, so a record that clearly owns a key gets it
    scored = []
    for index, request in enumerate(requests):
        overlap: dict[str, int] = {}
        for identity in request.identities:
            if identity in owner:
                overlap[owner[identity]] = overlap.get(owner[identity], 0) + 1
        scored.append((index, overlap))
    order = sorted(scored, key=lambda s: (-max(s[1].values(), default=0), requests[s[0]].sort_key))
    for index, overlap in order:
        candidates = sorted((k for k in overlap if k not in claimed), key=lambda k: (-overlap[k], k))
        if not candidates:
            continue
        key, merged = candidates[0], candidates[1:]
        claimed.update(candidates)
        entry = lock.entries[key]
        for other in merged:
            absorbed = lock.entries.pop(other)
            entry.aliases.extend([absorbed.key, *absorbed.aliases])
            entry.ids |= absorbed.ids
        entry.ids |= requests[index].identities
        result[index] = (key, tuple(sorted(entry.aliases)))
    taken = lock.taken()
    fresh = sorted((i for i, r in enumerate(result) if r is None), key=lambda i: (requests[i].base, requests[i].sort_key))
    for index in fresh:
        request = requests[index]
        key = request.base
        suffixes = collision_suffixes()
        while key in taken:
            key = request.base + next(suffixes)
        taken.add(key)
        lock.entries[key] = LockEntry(key, set(request.identities))
        result[index] = (key, ())
    return [r for r in result if r is not None]


def collision_suffixes() -> Iterator[str]:
    """a, b, ..., z, then aa, ab, ..., zz, aaa, ...: never runs out."""
    for length in count(1):
        for letters in product(SUFFIXES, repeat=length):
            yield "".join(letters)


def _repeated(values: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    repeated: set[str] = set()
    for value in values:
        (repeated if value in seen else seen).add(value)
    return repeated


def identities(title_variants: Iterable[str], id_pairs: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The identities a record is known by: its title keys and its identifiers."""
    out = {f"title:{title_key(t)}" for t in title_variants if title_key(t)}
    out.update(f"{name}:{value.lower()}" for name, value in id_pairs if value)
    return frozenset(out)
