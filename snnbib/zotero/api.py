"""A small Zotero Web API v3 client on requests: the rules a bulk writer must follow.

pyzotero was not used: it makes its own write token per call (a retried batch cannot reuse it),
has no per-object 412 refetch, no shared Backoff pause across threads and no bound on
concurrent requests. This client: at most `max_in_flight` requests at once; `Backoff` pauses
every thread; 429/503 wait `Retry-After`; 500/502/504, 409 (library locked) and dropped
connections are retried with the same body and write token; paged reads with `start`/`limit`
and `Total-Results`. The API key travels in a header only and is scrubbed from every message.
"""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import requests

from .. import __version__, jsonio
from ..errors import ZoteroError

DEFAULT_API_URL = "https://api.zotero.org"
MAX_WRITE = 50  # objects per write request
PAGE = 100  # the API's largest page
LIBRARY = re.compile(r"^(user|group):(\d+)$")
TRANSIENT = {409, 500, 502, 504}  # library locked, server errors: retry after a delay
RATE_LIMITED = {429, 503}  # wait Retry-After


class ZoteroAuthError(ZoteroError):
    """The key is missing or was rejected."""


class PreconditionFailed(ZoteroError):
    """412: a stale If-Unmodified-Since-Version, or a write token that was already used."""


@dataclass(frozen=True)
class Library:
    kind: str  # "user" or "group"
    id: str

    @classmethod
    def parse(cls, text: str) -> "Library":
        found = LIBRARY.match(text.strip())
        if not found:
            raise ZoteroError(f"library {text!r}: expected user:<numeric id> or group:<numeric id>")
        return cls(found.group(1), found.group(2))

    @property
    def prefix(self) -> str:
        return f"/{self.kind}s/{self.id}"

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass
class Stats:
    requests: int = 0
    retries: int = 0
    paused: float = 0.0  # wall-clock seconds every request was held by Backoff / Retry-After
    write_requests: int = 0
    written: int = 0  # objects sent in write requests


@dataclass(frozen=True)
class WriteResult:
    """The per-object outcome of a multi-object write, by index in the request."""

    successful: dict[int, dict[str, Any]]
    unchanged: dict[int, str]
    failed: dict[int, tuple[int, str]]  # index -> (code, message)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> "WriteResult":
        successful = {int(i): obj for i, obj in body.get("successful", {}).items()}
        for i, key in body.get("success", {}).items():  # older servers send only keys
            successful.setdefault(int(i), {"key": key})
        failed = {int(i): (int(f.get("code", 0)), str(f.get("message", "")))
                  for i, f in body.get("failed", {}).items()}
        unchanged = {int(i): key for i, key in body.get("unchanged", {}).items()}
        return cls(successful, unchanged, failed)


@dataclass
class Client:
    """One library on one API server; safe to share between threads."""

    library: Library
    api_key: str = field(repr=False)
    base_url: str = DEFAULT_API_URL
    max_in_flight: int = 4
    attempts: int = 6
    retry_delay: float = 1.0  # first delay after a server error; doubles each time
    max_pause: float = 900.0  # the longest one Backoff or Retry-After is waited for
    timeout: float = 60.0
    stats: Stats = field(default_factory=Stats)

    def __post_init__(self) -> None:
        if not self.api_key:
            raise ZoteroAuthError("ZOTERO_API_KEY is not set: create a key with write access at "
                                  "https://www.zotero.org/settings/keys and export it")
        if not self.base_url.startswith(("https://", "http://")):
            raise ZoteroError(f"API URL {self.base_url!r}: expected an http:// or https:// URL")
        self.base_url = self.base_url.rstrip("/")
        self._slots = threading.BoundedSemaphore(self.max_in_flight)
        self._lock = threading.Lock()
        self._pause_until = 0.0
        self._session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_maxsize=self.max_in_flight)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers.update({
            "Zotero-API-Version": "3",
            "Zotero-API-Key": self.api_key,
            "User-Agent": f"snnbib/{__version__} (Zotero push)",
        })

    # -- transport -------------------------------------------------------------------------

    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                body: Any = None, headers: Mapping[str, str] | None = None) -> requests.Response:
        """Send one request, honouring Backoff and retrying what the API says to retry."""
        url = self.base_url + self.library.prefix + path
        problem, delay = "", 0.0
        for attempt in range(self.attempts):
            if attempt:
                with self._lock:
                    self.stats.retries += 1
                time.sleep(delay)
            self._wait_for_pause()
            delay = self.retry_delay * 2 ** attempt
            try:
                with self._slots:
                    with self._lock:
                        self.stats.requests += 1
                    response = self._session.request(method, url, params=params, json=body,
                                                     headers=dict(headers or {}), timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as exc:
                problem = f"connection failed ({type(exc).__name__})"
                continue
            except requests.RequestException as exc:
                raise ZoteroError(f"cannot send a request to {self.base_url}: {type(exc).__name__}") from None
            self._note_backoff(response)
            status = response.status_code
            if status == 403:
                raise ZoteroAuthError(f"the Zotero API rejected the key for library {self.library} "
                                      f"(403 {self._text(response) or 'Forbidden'}); check ZOTERO_API_KEY "
                                      "and that the key may write to this library")
            if status in RATE_LIMITED:
                self._pause(_seconds(response.headers.get("Retry-After")) or delay)
                problem, delay = f"{status} rate limited", 0.0
                continue
            if status in TRANSIENT:
                problem = f"{status} {self._text(response)}".strip()
                continue
            return response
        raise ZoteroError(f"{method} {self.library.prefix}{path}: gave up after {self.attempts} attempts "
                          f"(last: {problem})")

    def _wait_for_pause(self) -> None:
        while True:
            with self._lock:
                wait = self._pause_until - time.monotonic()
            if wait <= 0:
                return
            time.sleep(wait)

    def _pause(self, seconds: float) -> None:
        """Every thread waits until `seconds` from now (Backoff, Retry-After), `max_pause` at most."""
        with self._lock:
            now = time.monotonic()
            until = now + min(seconds, self.max_pause)
            if until > self._pause_until:
                self.stats.paused += until - max(now, self._pause_until)
                self._pause_until = until

    def _note_backoff(self, response: requests.Response) -> None:
        backoff = _seconds(response.headers.get("Backoff"))
        if backoff:
            self._pause(backoff)

    def _text(self, response: requests.Response) -> str:
        """The response body for a message, short and without the key."""
        text = response.text.strip()[:300]
        return text.replace(self.api_key, "***") if self.api_key else text

    def _json(self, response: requests.Response, what: str) -> Any:
        try:
            return jsonio.loads(response.text)
        except ValueError:
            raise self._fail(response, f"{what}: the answer is not JSON") from None

    def _fail(self, response: requests.Response, what: str) -> ZoteroError:
        return ZoteroError(f"{what}: {response.status_code} {self._text(response)}".rstrip())

    # -- reads -----------------------------------------------------------------------------

    def get_all(self, path: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Every object at `path`, paged; pages after the first are fetched in parallel."""
        for _ in range(3):  # start again if the library changed between pages
            first = self._get_page(path, params, 0)
            total = int(first.headers.get("Total-Results", 0))
            version = int(first.headers.get("Last-Modified-Version", 0))
            starts = range(PAGE, total, PAGE)
            with ThreadPoolExecutor(self.max_in_flight) as pool:
                pages = list(pool.map(lambda start: self._get_page(path, params, start), starts))
            if all(int(p.headers.get("Last-Modified-Version", 0)) == version for p in pages):
                return [obj for page in (first, *pages) for obj in self._json(page, f"reading {path}")]
        raise ZoteroError(f"{self.library.prefix}{path}: the library kept changing while it was read")

    def get_by_keys(self, path: str, keys: Sequence[str]) -> list[dict[str, Any]]:
        """The objects with these keys (at most 50 per request, as the API allows)."""
        out: list[dict[str, Any]] = []
        for i in range(0, len(keys), MAX_WRITE):
            chunk = keys[i:i + MAX_WRITE]
            key_param = "collectionKey" if path == "/collections" else "itemKey"
            response = self.request("GET", path, params={key_param: ",".join(chunk), "limit": PAGE})
            if response.status_code != 200:
                raise self._fail(response, f"reading {path}")
            out.extend(self._json(response, f"reading {path}"))
        return out

    def _get_page(self, path: str, params: Mapping[str, Any] | None, start: int) -> requests.Response:
        response = self.request("GET", path, params={**(params or {}), "start": start, "limit": PAGE})
        if response.status_code != 200:
            raise self._fail(response, f"reading {path}")
        return response

    # -- writes ----------------------------------------------------------------------------

    def write(self, path: str, objects: Sequence[Mapping[str, Any]], write_token: str = "") -> WriteResult:
        """POST up to 50 objects; a write token makes a repeated create a 412 instead of a copy."""
        if len(objects) > MAX_WRITE:
            raise ZoteroError(f"{len(objects)} objects in one write; the API takes at most {MAX_WRITE}")
        headers = {"Zotero-Write-Token": write_token} if write_token else {}
        self._count_write(len(objects))
        response = self.request("POST", path, body=list(objects), headers=headers)
        if response.status_code == 412:
            raise PreconditionFailed(f"{self.library.prefix}{path}: 412 {self._text(response)}")
        if response.status_code != 200:
            raise self._fail(response, f"writing {len(objects)} objects to {path}")
        return WriteResult.from_json(self._json(response, f"writing to {path}"))

    def replace(self, path: str, obj: Mapping[str, Any], version: int) -> None:
        """PUT one whole object if it is still at `version` (412 otherwise)."""
        self._count_write(1)
        response = self.request("PUT", path, body=obj, headers={"If-Unmodified-Since-Version": str(version)})
        if response.status_code == 412:
            raise PreconditionFailed(f"{self.library.prefix}{path}: 412 {self._text(response)}")
        if response.status_code != 204:
            raise self._fail(response, f"replacing {path}")

    def _count_write(self, objects: int) -> None:
        with self._lock:
            self.stats.write_requests += 1
            self.stats.written += objects


def _seconds(value: str | None) -> float:
    try:
        return max(0.0, float(value)) if value else 0.0
    except ValueError:
        return 0.0
