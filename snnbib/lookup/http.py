"""HTTP done properly: one session, a descriptive User-Agent, timeouts, retries with
exponential backoff and jitter, Retry-After, Crossref's X-Rate-Limit-* headers, a per-host
rate limiter with bounded concurrency, and the response cache in front of it all."""

from __future__ import annotations

import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping
from urllib.parse import urlencode, urlsplit

import requests

from .. import __version__
from ..errors import LookupFailure
from .cache import Cache
from .config import LookupConfig

HOMEPAGE = "https://github.com/snnbib/snnbib"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CACHED_STATUSES = frozenset({200, 404})


class NotCached(LookupFailure):
    """An offline run asked for a response the cache does not hold."""


class Interrupted(LookupFailure):
    """The run was stopped (Ctrl-C) while a request waited."""


@dataclass(frozen=True)
class Reply:
    """A response (live or cached): status and body text."""

    url: str
    status: int
    text: str
    from_cache: bool = False

    def json(self) -> Any:
        return parse_json(self.text, self.url)


def parse_json(text: str, url: str) -> Any:
    """JSON or a LookupFailure naming the URL (HTML error pages, truncated bodies...)."""
    from .. import jsonio

    try:
        return jsonio.loads(text)
    except ValueError:
        head = " ".join(text[:60].split())
        raise LookupFailure(f"{url}: expected JSON, got {head!r}") from None


def body_text(response: requests.Response) -> str:
    """The body decoded by its declared charset, else UTF-8 (what every service here sends;
    requests would guess, or assume ISO-8859-1 for text/*)."""
    declared = re.search(r"charset=\"?([\w.:-]+)", response.headers.get("Content-Type", ""))
    try:
        return response.content.decode(declared.group(1) if declared else "utf-8", "replace")
    except LookupError:
        return response.content.decode("utf-8", "replace")


def user_agent(mailto: str) -> str:
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"snnbib/{__version__} ({HOMEPAGE}{contact})"


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def parse_rate_limit(headers: Mapping[str, str]) -> float | None:
    """Requests per second from X-Rate-Limit-Limit / X-Rate-Limit-Interval ("50", "1s")."""
    limit, interval = headers.get("X-Rate-Limit-Limit"), headers.get("X-Rate-Limit-Interval")
    if not limit or not interval:
        return None
    units = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
    unit = next((u for u in ("ms", "s", "m", "h") if interval.endswith(u)), "")
    try:
        seconds = float(interval[: len(interval) - len(unit)]) * units.get(unit, 1.0)
        return float(limit) / seconds if seconds > 0 else None
    except ValueError:
        return None


@dataclass
class HostLimiter:
    """Evenly spaced request slots for one host, at most `concurrency` requests in flight."""

    rate: float  # requests per second
    concurrency: int
    _next: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _slots: threading.Semaphore = field(init=False)

    def __post_init__(self) -> None:
        self._slots = threading.BoundedSemaphore(self.concurrency)

    def wait_turn(self, stop: threading.Event) -> None:
        """Block until this caller may send; holds one concurrency slot until `done`."""
        self._slots.acquire()
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next)
            self._next = slot + 1.0 / self.rate
        if slot > now and stop.wait(slot - now):
            self._slots.release()
            raise Interrupted("interrupted")

    def done(self) -> None:
        self._slots.release()

    def pause(self, seconds: float) -> None:
        """No request to this host before `seconds` from now (Retry-After)."""
        with self._lock:
            self._next = max(self._next, time.monotonic() + seconds)

    def set_rate(self, rate: float) -> None:
        with self._lock:
            self.rate = rate


class HttpClient:
    """GET with cache, per-host limits and retries. Thread-safe; one per lookup run."""

    def __init__(self, config: LookupConfig, cache: Cache | None = None, offline: bool = False,
                 session: requests.Session | None = None, refresh: bool = False) -> None:
        self.config = config
        self.cache = cache
        self.offline = offline
        self.refresh = refresh  # ask the network again (the cache is still written)
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent(config.mailto)
        adapter = requests.adapters.HTTPAdapter(pool_maxsize=max(10, config.workers * 2))
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.stop = threading.Event()
        self.sent: Counter[str] = Counter()  # requests that went to the network, by host
        self.retried: Counter[str] = Counter()
        self._limiters: dict[str, HostLimiter] = {}
        self._lock = threading.Lock()
        self._random = random.Random()

    def limiter(self, host: str, rate: float, concurrency: int) -> HostLimiter:
        with self._lock:
            if host not in self._limiters:
                self._limiters[host] = HostLimiter(rate, concurrency)
            return self._limiters[host]

    def cache_key(self, url: str, params: Mapping[str, str] | None = None,
                  headers: Mapping[str, str] | None = None) -> tuple[str, str]:
        """The prepared URL and the cache key of a GET (method, URL, Accept)."""
        prepared = f"{url}{'&' if '?' in url else '?'}{urlencode(list(params.items()))}" \
            if params else url
        return prepared, f"GET {prepared} {(headers or {}).get('Accept', '')}".rstrip()

    def is_cached(self, url: str, params: Mapping[str, str] | None = None,
                  headers: Mapping[str, str] | None = None) -> bool:
        if self.cache is None or (self.refresh and not self.offline):
            return False
        return self.cache.get(self.cache_key(url, params, headers)[1]) is not None

    def remember(self, url: str, params: Mapping[str, str] | None, status: int, body: str,
                 headers: Mapping[str, str] | None = None) -> None:
        """Store a response a batch request obtained under the key of its single request."""
        if self.cache is not None:
            self.cache.put(self.cache_key(url, params, headers)[1], status, body)

    def get(self, url: str, params: Mapping[str, str] | None = None,
            headers: Mapping[str, str] | None = None, *, rate: float = 5.0,
            concurrency: int = 4, check: Callable[[str], object] | None = None,
            retry_statuses: frozenset[int] = RETRY_STATUSES) -> Reply:
        """A 200 or 404 reply (others raise LookupFailure). `check` validates a 200 body
        before it is cached (e.g. parse_json); a body that fails it is never cached."""
        prepared, key = self.cache_key(url, params, headers)
        if self.cache is not None and not (self.refresh and not self.offline):
            hit = self.cache.get(key)
            if hit is not None:
                return Reply(prepared, hit.status, hit.body, from_cache=True)
        if self.offline:
            raise NotCached(f"{prepared}: not in the cache (offline)")
        reply = self._fetch(prepared, headers or {}, rate, concurrency, retry_statuses)
        if reply.status == 200 and check is not None:
            check(reply.text)
        if self.cache is not None and reply.status in CACHED_STATUSES:
            self.cache.put(key, reply.status, reply.text)
        return reply

    def _fetch(self, url: str, headers: Mapping[str, str], rate: float, concurrency: int,
               retry_statuses: frozenset[int]) -> Reply:
        host = urlsplit(url).netloc
        limiter = self.limiter(host, rate, concurrency)
        timeout = (self.config.connect_timeout, self.config.timeout)
        problem = ""
        for attempt in range(self.config.retries + 1):
            if self.stop.is_set():
                raise Interrupted("interrupted")
            limiter.wait_turn(self.stop)
            with self._lock:
                self.sent[host] += 1
            try:
                response = self.session.get(url, headers=dict(headers), timeout=timeout)
            except (requests.ConnectionError, requests.Timeout,
                    requests.exceptions.ChunkedEncodingError) as exc:
                problem, wait = f"{type(exc).__name__}", self._backoff(attempt)
            else:
                new_rate = parse_rate_limit(response.headers)
                if new_rate:
                    limiter.set_rate(new_rate)
                if response.status_code not in retry_statuses:
                    if response.status_code in CACHED_STATUSES:
                        return Reply(url, response.status_code, body_text(response))
                    raise LookupFailure(f"{url}: HTTP {response.status_code} "
                                        f"{' '.join(body_text(response)[:120].split())}")
                problem = f"HTTP {response.status_code}"
                after = parse_retry_after(response.headers.get("Retry-After"))
                if after is not None:
                    wait = min(after, self.config.retry_after_cap)
                    limiter.pause(wait)
                else:
                    wait = self._backoff(attempt)
            finally:
                limiter.done()
            if attempt < self.config.retries:
                with self._lock:
                    self.retried[host] += 1
                if self.stop.wait(wait):
                    raise Interrupted("interrupted")
        raise LookupFailure(f"{url}: {problem} after {self.config.retries + 1} attempts")

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with full jitter on top: base * 2^attempt + U(0, that)."""
        delay = min(self.config.backoff_cap, self.config.backoff_base * 2 ** attempt)
        with self._lock:
            return delay + self._random.uniform(0, delay)

    def requests_sent(self) -> int:
        return sum(self.sent.values())

    def close(self) -> None:
        """Close the session and the cache (after a run's last request)."""
        self.session.close()
        if self.cache is not None:
            self.cache.close()
