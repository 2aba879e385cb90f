"""A local fake of the Zotero Web API v3 (127.0.0.1, in-process thread) for the push tests.

It keeps what the real API keeps and answers as it does (shapes from the recorded pyzotero
responses in ../shared/fixtures/zotero/ and the write-request documentation):
- a library version that every successful write request raises by one; each object carries the
  version it was last written at; `Last-Modified-Version` on reads and writes;
- reads paged by `start`/`limit` (100 at most, 25 by default) with `Total-Results`, or by
  `itemKey`/`collectionKey`; trashed items only with `includeTrashed=1`;
- writes of at most 50 objects (413 beyond), answered per object with `successful`, `success`,
  `unchanged` and `failed` ({"key", "code", "message"}); an object with a key and a stale
  `version` fails with 412, without a version with 428; unknown fields and parents fail with 400;
- PUT of one whole item under `If-Unmodified-Since-Version` (412 when stale, 204 when written);
- `If-Unmodified-Since-Version` on writes (412 when stale) and `Zotero-Write-Token` (a token that
  already succeeded gets 412, and nothing is written again);
- 403 for a wrong key; and, on demand, 429 or 503 with `Retry-After`, a `Backoff` header, seeded
  random 500s, lost responses (written, then the connection is dropped) and held responses
  (written, then the answer waits until released: a client killed meanwhile never learns the
  outcome).

The 412 bodies are written by hand from the dataserver's messages (no recording exists, see
../shared/fixtures/PROVENANCE.md).
"""

from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

KEY_CHARS = set("23456789ABCDEFGHIJKLMNPQRSTUVWXYZ")
COMMON = {"itemType", "key", "version", "creators", "tags", "collections", "relations",
          "dateAdded", "dateModified", "deleted"}
BIB = {"title", "abstractNote", "date", "shortTitle", "url", "accessDate", "language", "rights", "extra"}
CATALOG = {"archive", "archiveLocation", "libraryCatalog", "callNumber"}
# Zotero's schema: the fields of the item types snnbib writes
FIELDS: dict[str, set[str]] = {
    "conferencePaper": BIB | CATALOG | {"proceedingsTitle", "conferenceName", "place", "publisher",
                                        "volume", "pages", "series", "DOI", "ISBN"},
    "journalArticle": BIB | CATALOG | {"publicationTitle", "volume", "issue", "pages", "series",
                                       "seriesTitle", "seriesText", "journalAbbreviation", "DOI", "ISSN"},
    "preprint": BIB | CATALOG | {"genre", "repository", "archiveID", "place", "series", "seriesNumber",
                                 "DOI", "citationKey"},
    "document": BIB | CATALOG | {"publisher"},
    "book": BIB | CATALOG | {"series", "seriesNumber", "volume", "numberOfVolumes", "edition", "place",
                             "publisher", "numPages", "ISBN"},
    "presentation": BIB | {"presentationType", "place", "meetingName"},
    "computerProgram": BIB | CATALOG | {"seriesTitle", "versionNumber", "system", "place", "company",
                                        "programmingLanguage", "ISBN"},
    "webpage": BIB | {"websiteTitle", "websiteType"},
    "note": {"note", "parentItem"},
    "attachment": {"parentItem", "linkMode", "title", "accessDate", "url", "note", "contentType",
                   "charset", "filename", "md5", "mtime"},
}
CREATOR_TYPES = {"computerProgram": {"programmer", "contributor"}, "presentation": {"presenter", "contributor"}}
COLLECTION_FIELDS = {"key", "version", "name", "parentCollection", "relations"}


class Drop(Exception):
    """Close the connection without answering (a lost response)."""


@dataclass
class Logged:
    method: str
    path: str
    status: int
    started: float
    objects: int = 0


@dataclass
class FakeZotero:
    api_key: str = "fake-key-0123456789abcdef"
    library: str = "/users/475425"
    seed: int = 0
    error_rate: float = 0.0  # share of requests answered 500 before doing anything
    rate_limit: dict[int, int] = field(default_factory=dict)  # request number -> Retry-After seconds
    unavailable: dict[int, int] = field(default_factory=dict)  # request number -> 503 with Retry-After
    backoff: dict[int, int] = field(default_factory=dict)  # request number -> Backoff seconds
    lost: set[int] = field(default_factory=set)  # write numbers whose answer is dropped after writing
    hold_after: int | None = None  # writes after this many are written, then held until release()
    delay: float = 0.0  # seconds each request takes
    # (method, status, headers, payload) -> the same, rewritten: answers distorted for fuzzing
    distort: Callable[[str, int, dict[str, str], Any], tuple[int, dict[str, str], Any]] | None = None

    def __post_init__(self) -> None:
        self.version = 0
        self.items: dict[str, dict[str, Any]] = {}
        self.collections: dict[str, dict[str, Any]] = {}
        self.tokens: set[str] = set()
        self.log: list[Logged] = []
        self.lock = threading.RLock()
        self.random = random.Random(self.seed)
        self.in_flight = 0
        self.max_in_flight = 0
        self.writes = 0
        self.held = 0
        self.released = threading.Event()
        self._keys = random.Random(self.seed + 1)

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> "FakeZotero":
        fake = self

        class Handler(_Handler):
            server_fake = fake

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def release(self) -> None:
        self.released.set()

    # -- inspection ------------------------------------------------------------------------

    def top_items(self) -> list[dict[str, Any]]:
        return [o["data"] for o in self.items.values() if not o["data"].get("parentItem")]

    def children_of(self, key: str) -> list[dict[str, Any]]:
        return [o["data"] for o in self.items.values() if o["data"].get("parentItem") == key]

    def write_requests(self) -> list[Logged]:
        return [entry for entry in self.log if entry.method == "POST"]

    # -- request handling ------------------------------------------------------------------

    def handle(self, method: str, raw_path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], Any]:
        with self.lock:
            number = len(self.log) + 1
            entry = Logged(method, raw_path, 0, time.monotonic())
            self.log.append(entry)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay:
                time.sleep(self.delay)
            status, extra, payload = self._answer(number, method, raw_path, headers, body, entry)
            if self.distort:
                status, extra, payload = self.distort(method, status, extra, payload)
            entry.status = status
            if number in self.backoff:
                extra["Backoff"] = str(self.backoff[number])
            return status, extra, payload
        finally:
            with self.lock:
                self.in_flight -= 1

    def _answer(self, number: int, method: str, raw_path: str, headers: dict[str, str], body: bytes,
                entry: Logged) -> tuple[int, dict[str, str], Any]:
        if headers.get("zotero-api-key") != self.api_key:
            return 403, {}, "Forbidden"
        url = urlsplit(raw_path)
        if not url.path.startswith(self.library + "/"):
            return 403, {}, "Forbidden"
        if number in self.rate_limit:
            return 429, {"Retry-After": str(self.rate_limit[number])}, "Too Many Requests"
        if number in self.unavailable:
            return 503, {"Retry-After": str(self.unavailable[number])}, "Service Unavailable"
        with self.lock:
            if self.error_rate and self.random.random() < self.error_rate:
                return 500, {}, "An error occurred"
        route = url.path[len(self.library):]
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if method == "GET" and route in ("/items", "/collections"):
            return self._read(route, query)
        if method == "POST" and route in ("/items", "/collections"):
            return self._write(route, headers, body, entry)
        if method == "PUT" and route.startswith("/items/"):
            return self._put(route[len("/items/"):], headers, body, entry)
        return 404, {}, "Not found"

    def _read(self, route: str, query: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        with self.lock:
            store = self.items if route == "/items" else self.collections
            objects = sorted(store.values(), key=lambda o: o["key"])
            if query.get("includeTrashed") != "1":
                objects = [o for o in objects if not o["data"].get("deleted")]
            wanted = query.get("itemKey") or query.get("collectionKey")
            if wanted:
                keys = set(wanted.split(","))
                objects = [o for o in objects if o["key"] in keys]
            limit = min(int(query.get("limit", 25)), 100)
            start = int(query.get("start", 0))
            page = [self._envelope(o, route) for o in objects[start:start + limit]]
            return 200, {"Total-Results": str(len(objects)), "Last-Modified-Version": str(self.version)}, page

    def _envelope(self, obj: dict[str, Any], route: str) -> dict[str, Any]:
        kind = route.strip("/")
        return {
            "key": obj["key"], "version": obj["version"],
            "library": {"type": "user", "id": int(self.library.rsplit("/", 1)[1]), "name": "fake",
                        "links": {"alternate": {"href": "https://www.zotero.org/fake", "type": "text/html"}}},
            "links": {"self": {"href": f"https://api.zotero.org{self.library}/{kind}/{obj['key']}",
                               "type": "application/json"}},
            "meta": {"numChildren": len(self.children_of(obj["key"]))} if kind == "items" else {"numItems": 0},
            "data": json.loads(json.dumps(obj["data"])),
        }

    def _write(self, route: str, headers: dict[str, str], body: bytes, entry: Logged) -> tuple[int, dict[str, str], Any]:
        try:
            objects = json.loads(body)
        except ValueError:
            return 400, {}, "Invalid JSON"
        if not isinstance(objects, list):
            return 400, {}, "Uploaded data must be a JSON array"
        entry.objects = len(objects)
        if len(objects) > 50:
            return 413, {}, "Only 50 objects can be saved in a single request"
        with self.lock:
            expected = headers.get("if-unmodified-since-version")
            if expected is not None and int(expected) != self.version:
                return 412, {"Last-Modified-Version": str(self.version)}, (
                    f"Library has been modified since specified version (expected {expected}, found {self.version})")
            token = headers.get("zotero-write-token", "")
            if token and token in self.tokens:
                return 412, {"Last-Modified-Version": str(self.version)}, "Write token already used"
            result = self._apply(route, objects)
            if token:
                self.tokens.add(token)
            self.writes += 1
            write_number = self.writes
        if write_number in self.lost:
            raise Drop()
        if self.hold_after is not None and write_number > self.hold_after:
            with self.lock:
                self.held += 1
            self.released.wait(30)
            raise Drop()
        return 200, {"Last-Modified-Version": str(self.version)}, result

    def _put(self, key: str, headers: dict[str, str], body: bytes, entry: Logged) -> tuple[int, dict[str, str], Any]:
        """Replace one whole item (fields left out are cleared), under a version precondition."""
        obj = json.loads(body)
        entry.objects = 1
        with self.lock:
            current = self.items.get(key)
            if current is None:
                return 404, {}, "Not found"
            expected = headers.get("if-unmodified-since-version", obj.get("version"))
            if expected is None:
                return 428, {}, "If-Unmodified-Since-Version not provided"
            if int(expected) != current["version"]:
                return 412, {"Last-Modified-Version": str(self.version)}, (
                    f"Item has been modified since specified version (expected {expected}, found {current['version']})")
            replacement = {k: v for k, v in obj.items() if k != "version"}
            problem = self._problem("/items", {**replacement, "key": key, "version": current["version"]}, self.items)
            if problem:
                return problem[0], {}, problem[1]
            self.version += 1
            self.writes += 1
            self.items[key] = {"key": key, "version": self.version,
                               "data": {**replacement, "key": key, "version": self.version}}
            return 204, {"Last-Modified-Version": str(self.version)}, ""

    def _apply(self, route: str, objects: list[Any]) -> dict[str, Any]:
        """Validate and store each object; one library version for the whole request."""
        store = self.items if route == "/items" else self.collections
        new_version = self.version + 1
        result: dict[str, dict[str, Any]] = {"successful": {}, "success": {}, "unchanged": {}, "failed": {}}
        for index, obj in enumerate(objects):
            i = str(index)
            problem = self._problem(route, obj, store)
            if problem:
                result["failed"][i] = {"key": obj.get("key", "") if isinstance(obj, dict) else "",
                                       "code": problem[0], "message": problem[1]}
                continue
            key = obj.get("key") or self._new_key()
            current = store.get(key)
            data = dict(current["data"]) if current else self._defaults(route, new_version)
            data.update({k: v for k, v in obj.items() if k != "version"})
            data["key"] = key
            if current and data == current["data"]:
                result["unchanged"][i] = key
                continue
            data["version"] = new_version
            store[key] = {"key": key, "version": new_version, "data": data}
            result["successful"][i] = self._envelope(store[key], route)
            result["success"][i] = key
        if result["successful"]:
            self.version = new_version
        return result

    @staticmethod
    def _defaults(route: str, version: int) -> dict[str, Any]:
        """What the API fills in for a new object (dates advance with the library version)."""
        if route == "/collections":
            return {"parentCollection": False, "relations": {}}
        stamp = f"2026-01-01T00:{version // 60:02d}:{version % 60:02d}Z"
        return {"tags": [], "collections": [], "relations": {}, "dateAdded": stamp, "dateModified": stamp}

    def _problem(self, route: str, obj: Any, store: dict[str, Any]) -> tuple[int, str] | None:
        if not isinstance(obj, dict):
            return 400, "Invalid object"
        key = obj.get("key")
        if key is not None and (len(key) != 8 or not set(key) <= KEY_CHARS):
            return 400, f"Invalid key '{key}'"
        current = store.get(key) if key else None
        if current:
            if "version" not in obj:
                return 428, "Either If-Unmodified-Since-Version or object version property must be provided for key-based writes"
            if obj["version"] != current["version"]:
                kind = "Item" if route == "/items" else "Collection"
                return 412, f"{kind} has been modified since specified version (expected {obj['version']}, found {current['version']})"
        elif obj.get("version"):
            return 404, f"{'Item' if route == '/items' else 'Collection'} {key} not found"
        if route == "/collections":
            return self._collection_problem(obj)
        item_type = obj.get("itemType") or (current["data"]["itemType"] if current else "")
        if item_type not in FIELDS:
            return 400, f"'{item_type}' is not a valid itemType"
        for name in obj:
            if name not in COMMON and name not in FIELDS[item_type]:
                return 400, f"'{name}' is not a valid field for type '{item_type}'"
        allowed = CREATOR_TYPES.get(item_type, {"author", "editor", "contributor"})
        for creator in obj.get("creators", []):
            if creator.get("creatorType") not in allowed:
                return 400, f"'{creator.get('creatorType')}' is not a valid creator type for item type '{item_type}'"
        parent = obj.get("parentItem")
        if parent and parent not in self.items:
            return 400, f"Parent item {parent} doesn't exist"
        if parent and obj.get("collections"):
            return 400, "Child items cannot be assigned to collections"
        for collection in obj.get("collections", []):
            if collection not in self.collections:
                return 409, f"Collection {collection} doesn't exist"
        return None

    def _collection_problem(self, obj: dict[str, Any]) -> tuple[int, str] | None:
        for name in obj:
            if name not in COLLECTION_FIELDS:
                return 400, f"Invalid property '{name}'"
        if not obj.get("name") and obj.get("key") not in self.collections:
            return 400, "Collection name cannot be empty"
        parent = obj.get("parentCollection")
        if parent and parent not in self.collections:
            return 409, f"Parent collection {parent} doesn't exist"
        return None

    def _new_key(self) -> str:
        chars = sorted(KEY_CHARS)
        while True:
            key = "".join(self._keys.choice(chars) for _ in range(8))
            if key not in self.items and key not in self.collections:
                return key


class _Handler(BaseHTTPRequestHandler):
    server_fake: FakeZotero
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            status, extra, payload = self.server_fake.handle(method, self.path, headers, body)
        except Drop:
            self.close_connection = True
            return
        is_json = not isinstance(payload, str)
        data = json.dumps(payload).encode() if is_json else payload.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if is_json else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Zotero-API-Version", "3")
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client was killed meanwhile
            self.close_connection = True

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")
