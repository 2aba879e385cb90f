"""Lookup settings, passed in explicitly; `from_env` reads the SNNBIB_* environment."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

_URL_VAR = re.compile(r"^SNNBIB_([A-Z0-9_]+)_URL$")
_RATE_VAR = re.compile(r"^SNNBIB_([A-Z0-9_]+)_RATE$")  # requests per second for a provider
# provider name -> environment variable holding its API key
API_KEY_VARS = {"openalex": "SNNBIB_OPENALEX_API_KEY",
                "semantic_scholar": "SNNBIB_SEMANTIC_SCHOLAR_API_KEY"}


@dataclass(frozen=True)
class LookupConfig:
    """Everything a lookup run needs to know; no global state."""

    mailto: str = ""
    urls: Mapping[str, str] = field(default_factory=dict)  # provider -> base URL override
    api_keys: Mapping[str, str] = field(default_factory=dict)  # provider -> API key
    rates: Mapping[str, float] = field(default_factory=dict)  # provider -> requests/s override
    timeout: float = 20.0  # seconds to wait for a response
    connect_timeout: float = 5.0
    retries: int = 5  # extra attempts after a 429, 5xx, timeout or connection error
    backoff_base: float = 0.5  # first backoff in seconds; doubles per attempt, plus jitter
    backoff_cap: float = 30.0
    retry_after_cap: float = 120.0  # never wait longer than this for one Retry-After
    workers: int = 8  # records looked up concurrently
    cache_dir: Path | None = None  # None: $SNNBIB_CACHE_DIR or the platform's user cache
    ttl_days: float = 90.0
    negative_ttl_days: float = 14.0  # for 404s (a DOI or paper not found)
    progress: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> "LookupConfig":
        env = os.environ if env is None else env
        urls = {m.group(1).lower(): value for name, value in env.items()
                if (m := _URL_VAR.match(name)) and value}
        rates = {m.group(1).lower(): float(value) for name, value in env.items()
                 if (m := _RATE_VAR.match(name)) and _is_number(value)}
        keys = {provider: env[var] for provider, var in API_KEY_VARS.items() if env.get(var)}
        cache = env.get("SNNBIB_CACHE_DIR")
        settings: dict[str, object] = {
            "mailto": env.get("SNNBIB_MAILTO", ""), "urls": urls, "rates": rates, "api_keys": keys,
            "cache_dir": Path(cache) if cache else None,
        }
        settings.update(overrides)
        return cls(**settings)  # type: ignore[arg-type]

    def url(self, provider: str, default: str) -> str:
        return self.urls.get(provider, default).rstrip("/")


def _is_number(text: str) -> bool:
    try:
        return float(text) > 0
    except ValueError:
        return False
