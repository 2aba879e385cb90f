"""The collection tree in a library: each collection found again by its name and parent."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..errors import ZoteroError
from ..model import Topic
from .api import MAX_WRITE, Client, PreconditionFailed, WriteResult
from .tree import ROOT_SLUG, Collection, Tree


@dataclass(frozen=True)
class Placement:
    """Where the topics live in the library."""

    keys: dict[str, str]  # topic slug (and the top's) -> collection key
    managed: set[str]  # the top collection and every collection below it: snnbib's own
    created: list[str]  # names of the collections created (in a dry run: to be created)


def ensure_collections(client: Client, tree: Tree, topics: Sequence[Topic], new_key: Callable[[], str],
                       dry_run: bool) -> Placement:
    """Find the tree's collections, creating the missing ones level by level, top first.

    Topics outside the selection are mapped too where their collection already exists, so a
    partial push keeps items in their other topics' collections.
    """
    existing = client.get_all("/collections")
    by_place: dict[tuple[str, str], str] = {}
    for c in sorted(existing, key=lambda c: c["key"]):
        by_place.setdefault((c["data"]["name"], c["data"].get("parentCollection") or ""), c["key"])
    keys: dict[str, str] = {}
    created: list[str] = []
    pending = list(tree.collections)
    while pending:
        level = [c for c in pending if not c.parent or c.parent in keys]
        pending = [c for c in pending if c not in level]
        missing = []
        for c in level:
            place = (c.name, keys[c.parent] if c.parent else "")
            if place in by_place:
                keys[c.slug] = by_place[place]
            else:
                missing.append((c, place[1]))
        for i in range(0, len(missing), MAX_WRITE):
            chunk = missing[i:i + MAX_WRITE]
            if dry_run:
                keys.update({c.slug: f"(new {c.slug})" for c, _ in chunk})
            else:
                keys.update(_create(client, chunk, new_key))
            created += [c.name for c, _ in chunk]
    unresolved = [t for t in topics if t.slug not in keys]
    while unresolved:  # outer topics first, until nothing more is found
        found = {t.slug: by_place[(t.name, keys[t.parent or ROOT_SLUG])] for t in unresolved
                 if (t.parent or ROOT_SLUG) in keys and (t.name, keys[t.parent or ROOT_SLUG]) in by_place}
        keys.update(found)
        unresolved = [t for t in unresolved if t.slug not in found] if found else []
    return Placement(keys, _subtree(existing, keys[ROOT_SLUG]) | set(keys.values()), created)


def _create(client: Client, chunk: list[tuple[Collection, str]], new_key: Callable[[], str]) -> dict[str, str]:
    """Create (collection, parent key) pairs with a write token; slug -> new key."""
    objects = [{"key": new_key(), "name": c.name, "parentCollection": parent or False} for c, parent in chunk]
    try:
        result = client.write("/collections", objects, uuid.uuid4().hex)
    except PreconditionFailed:  # the token was used: our earlier attempt was written
        found = {o["key"] for o in client.get_by_keys("/collections", [o["key"] for o in objects])}
        result = WriteResult({i: o for i, o in enumerate(objects) if o["key"] in found}, {},
                             {i: (412, "write token already used but the collection is absent")
                              for i, o in enumerate(objects) if o["key"] not in found})
    for i, (code, message) in sorted(result.failed.items()):
        raise ZoteroError(f"cannot create collection {chunk[i][0].name!r}: {code} {message}")
    return {c.slug: objects[i]["key"] for i, (c, _) in enumerate(chunk)}


def _subtree(collections: Iterable[Mapping[str, Any]], top: str) -> set[str]:
    """The key of the top collection and of every collection below it."""
    children: dict[str, list[str]] = {}
    for c in collections:
        children.setdefault(c["data"].get("parentCollection") or "", []).append(c["key"])
    found, stack = set(), [top]
    while stack:
        key = stack.pop()
        found.add(key)
        stack.extend(children.get(key, []))
    return found
