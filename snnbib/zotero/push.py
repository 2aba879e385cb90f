"""Push a selection to a Zotero library, idempotently.

1. Read the library's collections and items once (paged).
2. Find the collection tree, creating what is missing (collection_sync.py).
3. Match records to items by the `snnbib: <key>` line in Extra (or a superseded alias key).
4. Create new items with their note and code link in one request (locally made item keys, a
   write token per batch); update changed items in place (object versions; a 412 refetches the
   item and retries); leave items whose stored `snnbib-hash` and collections match alone.

Nothing is stored locally: an interrupted push is resumed by running it again. A batch whose
response was lost is retried with the same write token; the API's 412 for a used token then
means "already written", which is checked by reading the keys back.
"""

from __future__ import annotations

import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..errors import ZoteroError, answer_shape
from ..model import Dataset
from .api import MAX_WRITE, Client, PreconditionFailed, WriteResult
from .collection_sync import ensure_collections
from .items import CODE_TITLE, NOTE_HEADING, ZoteroItem, build_item, snnbib_id, stored_digest
from .tree import Tree, build_tree

KEY_ALPHABET = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"  # Zotero object keys: 8 of these


@dataclass
class Report:
    """What a push did (or, in a dry run, would do), by citation key."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (citation key, reason)
    collections_created: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # keys found on more than one item
    trashed: list[str] = field(default_factory=list)  # items the user put in the trash: left there
    not_selected: int = 0  # snnbib items in the library outside this selection (left alone)


CREATE, UPDATE, REPLACE = "create", "update", "replace"


@dataclass
class Write:
    """One record's objects: created, updated (POST with versions) or replaced (its type changed)."""

    citekey: str
    objects: list[dict[str, Any]]
    mode: str


@dataclass
class Pusher:
    """Plans and sends the writes of one push; `report` collects the outcome."""

    client: Client
    progress: Callable[[int], None] = lambda n: None  # called with objects done
    rng: random.Random = field(default_factory=random.Random)
    topic_tags: frozenset[str] = frozenset()  # tags snnbib owns; the user's other tags are kept
    managed: set[str] = field(default_factory=set)  # collection keys snnbib owns (the top and below)
    report: Report = field(default_factory=Report)

    # -- items -----------------------------------------------------------------------------

    def plan(self, tree: Tree, items: Sequence[ZoteroItem], collection_keys: Mapping[str, str],
             managed: set[str], library_items: Iterable[Mapping[str, Any]]) -> list[Write]:
        """The writes that bring the library in line with `items`."""
        self.managed = managed
        tops: dict[str, list[Mapping[str, Any]]] = {}
        children: dict[str, list[Mapping[str, Any]]] = {}
        for obj in library_items:
            data = obj["data"]
            if data.get("parentItem"):
                children.setdefault(data["parentItem"], []).append(data)
            elif snnbib_id(data.get("extra", "")):
                tops.setdefault(snnbib_id(data["extra"]), []).append(data)
        writes: list[Write] = []
        selected = set()
        for item, record in zip(items, tree.records):
            found = [d for k in (record.key, *record.aliases) for d in tops.get(k, [])]
            selected.update((record.key, *record.aliases))
            wanted = sorted({collection_keys[s] for s in record.topic_slugs if s in collection_keys})
            if not found:
                writes.append(self._create(item, wanted))
                continue
            found.sort(key=lambda d: (bool(d.get("deleted")), d.get("dateAdded", ""), d["key"]))
            if len(found) > 1:
                self.report.duplicates.append(record.key)
            current = found[0]
            if current.get("deleted"):
                self.report.trashed.append(record.key)
                continue
            others = [k for k in current.get("collections", []) if k not in managed]
            collections = sorted(set(others) | set(wanted))
            same_content = stored_digest(current.get("extra", "")) == item.digest
            if same_content and sorted(current.get("collections", [])) == collections:
                self.report.unchanged.append(record.key)
                continue
            writes.append(self._update(item, current, collections,
                                       children.get(current["key"], []), same_content))
        self.report.not_selected = sum(len(v) for k, v in tops.items() if k not in selected)
        return writes

    def _create(self, item: ZoteroItem, collections: list[str]) -> Write:
        parent = {**item.data, "key": self.new_key(), "collections": collections}
        objects = [parent, self._note(item, parent["key"])]
        if item.code_url:
            objects.append(self._code(item, parent["key"]))
        return Write(item.citekey, objects, CREATE)

    def _update(self, item: ZoteroItem, current: Mapping[str, Any], collections: list[str],
                kids: list[Mapping[str, Any]], same_content: bool) -> Write:
        ours = {t["tag"] for t in item.data["tags"]}
        kept = [t for t in current.get("tags", []) if t.get("tag") not in ours | self.topic_tags]
        objects: list[dict[str, Any]] = [{
            **item.data, "tags": [*item.data["tags"], *kept],
            "key": current["key"], "version": current["version"], "collections": collections,
        }]
        if not same_content:
            note = next((k for k in kids if k.get("itemType") == "note" and NOTE_HEADING in k.get("note", "")), None)
            code = next((k for k in kids if k.get("itemType") == "attachment"
                         and k.get("linkMode") == "linked_url" and k.get("title") == CODE_TITLE), None)
            if note is None:
                objects.append(self._note(item, current["key"]))
            elif note.get("note") != item.note:
                objects.append({"key": note["key"], "version": note["version"], "note": item.note})
            if item.code_url and code is None:
                objects.append(self._code(item, current["key"]))
            elif item.code_url and code.get("url") != item.code_url:
                objects.append({"key": code["key"], "version": code["version"], "url": item.code_url})
        return Write(item.citekey, objects, REPLACE if current.get("itemType") != item.item_type else UPDATE)

    def _note(self, item: ZoteroItem, parent: str) -> dict[str, Any]:
        return {"itemType": "note", "key": self.new_key(), "parentItem": parent, "note": item.note,
                "tags": [], "relations": {}}  # child items sit in no collection of their own

    def _code(self, item: ZoteroItem, parent: str) -> dict[str, Any]:
        return {"itemType": "attachment", "key": self.new_key(), "parentItem": parent,
                "linkMode": "linked_url", "title": CODE_TITLE, "url": item.code_url,
                "accessDate": "", "contentType": "", "charset": "", "note": "", "tags": [], "relations": {}}

    def new_key(self) -> str:
        return "".join(self.rng.choice(KEY_ALPHABET) for _ in range(8))

    # -- execution -------------------------------------------------------------------------

    def execute(self, writes: Sequence[Write]) -> None:
        """Send the writes in batches of at most 50 objects, at most 4 requests at a time."""
        batches = [*pack([w for w in writes if w.mode == CREATE]), *pack([w for w in writes if w.mode == UPDATE]),
                   *([w] for w in writes if w.mode == REPLACE)]
        with ThreadPoolExecutor(self.client.max_in_flight) as pool:
            for outcome in pool.map(self._send, batches):
                for citekey, status, reason in outcome:
                    if status == "failed":
                        self.report.failed.append((citekey, reason))
                    else:
                        getattr(self.report, status).append(citekey)

    def _send(self, batch: list[Write]) -> list[tuple[str, str, str]]:
        """One request for a batch; a replaced item is a PUT, then one request for its children."""
        if batch[0].mode == REPLACE:
            return [self._send_replace(batch[0])]
        objects = [o for w in batch for o in w.objects]
        result = self._post(objects)
        self.progress(len(objects))
        return list(_outcomes(batch, result, "created" if batch[0].mode == CREATE else "updated"))

    def _send_replace(self, write: Write) -> tuple[str, str, str]:
        try:
            self._replace(write.objects[0])
            failed = self._post(write.objects[1:]).failed if write.objects[1:] else {}
        except ZoteroError as exc:
            failed = {0: (0, str(exc))}
        self.progress(len(write.objects))
        if failed:
            return write.citekey, "failed", "; ".join(f"{code} {message}" if code else message
                                                      for code, message in failed.values())
        return write.citekey, "updated", ""

    def _post(self, objects: list[dict[str, Any]]) -> WriteResult:
        """POST with a write token; a 412 for the token means an earlier attempt was written."""
        try:
            result = self.client.write("/items", objects, uuid.uuid4().hex)
        except PreconditionFailed:
            found = {o["key"] for o in self.client.get_by_keys("/items", [o["key"] for o in objects])}
            missing = {i: (412, "write token already used but the object is absent")
                       for i, o in enumerate(objects) if o["key"] not in found}
            return WriteResult({i: o for i, o in enumerate(objects) if o["key"] in found}, {}, missing)
        return self._retry_stale(objects, result)

    def _replace(self, obj: dict[str, Any]) -> None:
        """PUT a whole item whose type changed (a POST would keep fields the new type lacks)."""
        body = {k: v for k, v in obj.items() if k != "version"}
        try:
            self.client.replace(f"/items/{obj['key']}", body, obj["version"])
        except PreconditionFailed:
            fresh = self.client.get_by_keys("/items", [obj["key"]])
            if not fresh:
                raise ZoteroError(f"item {obj['key']} was deleted from the library during the push") from None
            self.client.replace(f"/items/{obj['key']}", self._rebase(body, fresh[0]["data"]), fresh[0]["version"])

    def _retry_stale(self, objects: list[dict[str, Any]], result: WriteResult) -> WriteResult:
        """Objects that failed with 412 (changed since we read them): refetch, rebase, retry once."""
        stale = [i for i, (code, _) in result.failed.items() if code == 412]
        if not stale:
            return result
        fresh = {o["key"]: o for o in self.client.get_by_keys("/items", [objects[i]["key"] for i in stale])}
        retry = [i for i in stale if objects[i]["key"] in fresh]
        again = self.client.write("/items", [
            {**self._rebase(objects[i], fresh[objects[i]["key"]]["data"]), "version": fresh[objects[i]["key"]]["version"]}
            for i in retry
        ])
        successful, unchanged, failed = dict(result.successful), dict(result.unchanged), dict(result.failed)
        for j, i in enumerate(retry):
            failed.pop(i)
            if j in again.successful:
                successful[i] = again.successful[j]
            elif j in again.unchanged:
                unchanged[i] = again.unchanged[j]
            else:
                failed[i] = again.failed.get(j, (0, "no result for the retried object"))
        return WriteResult(successful, unchanged, failed)

    def _rebase(self, obj: dict[str, Any], fresh: Mapping[str, Any]) -> dict[str, Any]:
        """Our object again, keeping what the user changed meanwhile in collections and tags."""
        out = dict(obj)
        if "collections" in obj:
            theirs = {k for k in fresh.get("collections", []) if k not in self.managed}
            out["collections"] = sorted(theirs | {k for k in obj["collections"] if k in self.managed})
        if "tags" in obj:
            have = {t["tag"] for t in obj["tags"]}
            out["tags"] = [*obj["tags"], *(t for t in fresh.get("tags", [])
                                           if t.get("tag") not in have | self.topic_tags)]
        return out


def pack(writes: Sequence[Write]) -> list[list[Write]]:
    """Group writes into requests of at most 50 objects, never splitting a record's objects."""
    batches: list[list[Write]] = []
    size = 0
    for write in writes:
        if not batches or size + len(write.objects) > MAX_WRITE:
            batches.append([])
            size = 0
        batches[-1].append(write)
        size += len(write.objects)
    return batches


def _outcomes(batch: list[Write], result: WriteResult, done: str) -> Iterable[tuple[str, str, str]]:
    """One (citation key, status, reason) per record: failed if any of its objects failed."""
    index = 0
    for write in batch:
        span = range(index, index + len(write.objects))
        index += len(write.objects)
        failures = [f"{result.failed[i][0]} {result.failed[i][1]}" for i in span if i in result.failed]
        if failures:
            yield write.citekey, "failed", "; ".join(failures)
        elif all(i in result.unchanged for i in span):
            yield write.citekey, "unchanged", ""
        else:
            yield write.citekey, done, ""


def push(dataset: Dataset, slugs: Sequence[str], client: Client, *, dry_run: bool = False,
         progress_factory: Callable[[int], Any] | None = None) -> Report:
    """Bring the library in line with the selection; return what was done (or would be)."""
    tree = build_tree(dataset, slugs)
    names = {t.slug: t.name for t in dataset.topics}
    items = [build_item(r, names) for r in tree.records]
    pusher = Pusher(client, topic_tags=frozenset(names.values()))
    with answer_shape("the Zotero Web API", ZoteroError):  # everything below reads its answers
        placed = ensure_collections(client, tree, dataset.topics, pusher.new_key, dry_run)
        pusher.report.collections_created = placed.created
        library_items = client.get_all("/items", {"includeTrashed": 1})
        writes = pusher.plan(tree, items, placed.keys, placed.managed, library_items)
        if dry_run:
            for w in writes:
                (pusher.report.created if w.mode == CREATE else pusher.report.updated).append(w.citekey)
            return pusher.report
        total = sum(len(w.objects) for w in writes)
        bar = progress_factory(total) if progress_factory else None
        if bar is not None:
            pusher.progress = bar.update
        try:
            pusher.execute(writes)
        finally:
            if bar is not None:
                bar.close()
    return pusher.report
