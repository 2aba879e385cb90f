"""A SQLite response cache (WAL mode) with a TTL and negative caching: reruns stay offline."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import LookupFailure

CACHE_FILE = "lookup-cache.sqlite"
NEGATIVE = (404,)  # statuses cached with the shorter negative TTL

_SCHEMA = """CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY, status INTEGER NOT NULL, body TEXT NOT NULL, stored REAL NOT NULL)"""


def default_cache_dir(explicit: Path | None = None) -> Path:
    """`explicit`, else the platform's user cache directory for snnbib."""
    if explicit:
        return Path(explicit)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("snnbib"))


@dataclass(frozen=True)
class Cached:
    status: int
    body: str


class Cache:
    """Responses by key (method, URL, Accept); entries older than their TTL are misses."""

    def __init__(self, directory: Path, ttl: float, negative_ttl: float) -> None:
        self.path = Path(directory) / CACHE_FILE
        self.ttl = ttl
        self.negative_ttl = negative_ttl
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise LookupFailure(f"{self.path}: cannot open the lookup cache: {exc}") from None

    def get(self, key: str, now: float | None = None) -> Cached | None:
        with self._lock:
            row = self._db.execute(
                "SELECT status, body, stored FROM responses WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        status, body, stored = row
        ttl = self.negative_ttl if status in NEGATIVE else self.ttl
        if (now if now is not None else time.time()) - stored > ttl:
            return None
        return Cached(status, body)

    def put(self, key: str, status: int, body: str, now: float | None = None) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (key, status, body, stored) VALUES (?, ?, ?, ?)",
                (key, status, body, now if now is not None else time.time()))

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()
