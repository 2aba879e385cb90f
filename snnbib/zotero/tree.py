"""The collection tree for a selection: one top collection, one sub-collection per topic.

Topics nest where the taxonomy nests (a group topic holds its children's collections). A topic
collection holds exactly the selected records that carry the topic; empty collections are left
out. Off-topic records are only selected when asked for (`--topic off-topic`), so by default
there is no off-topic collection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..errors import ExportError, UnknownNameError
from ..model import Dataset, Record

ROOT_SLUG = "snnbib"
ROOT_NAME = "Spiking Neural Networks (snnbib)"


@dataclass(frozen=True)
class Collection:
    """A collection to create: its slug, name, parent slug ('' for the top) and member keys."""

    slug: str
    name: str
    parent: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Tree:
    """A selection: its records and the collections that hold them."""

    records: tuple[Record, ...]  # sorted by key
    collections: tuple[Collection, ...]  # the top first, then parents before their children

    def children(self, slug: str) -> list[Collection]:
        return [c for c in self.collections if c.parent == slug]


def build_tree(dataset: Dataset, slugs: Sequence[str] = ()) -> Tree:
    """The records selected by `slugs` (none: every on-topic record) and their collections."""
    known = {t.slug for t in dataset.topics}
    for slug in slugs:
        if slug not in known:
            raise UnknownNameError("topic", slug, sorted(known))
    records = tuple(sorted(dataset.select(list(slugs)), key=lambda r: r.key))
    if slugs and not records:
        raise ExportError(f"no records in topic {', '.join(slugs)}: nothing to write")
    wanted = set(slugs) | {t.slug for t in dataset.topics if t.parent in slugs} if slugs else known
    members = {
        t.slug: tuple(r.key for r in records if t.slug in r.topic_slugs)
        for t in dataset.topics if t.slug in wanted
    }
    parents = {t.slug: t.parent for t in dataset.topics if t.parent in known}
    keep = {slug for slug, keys in members.items() if keys}
    for slug in list(keep):
        while parents.get(slug):
            slug = parents[slug]
            keep.add(slug)
    topics = {t.slug: t for t in dataset.topics}
    ordered = [Collection(ROOT_SLUG, ROOT_NAME, "", ())]
    level = [ROOT_SLUG]
    while level:
        below = sorted(s for s in keep if (parents.get(s) or ROOT_SLUG) in level)
        ordered += [Collection(s, topics[s].name, parents.get(s) or ROOT_SLUG, members.get(s, ()))
                    for s in below]
        level = below
    return Tree(records, tuple(ordered))
