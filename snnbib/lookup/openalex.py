"""OpenAlex: works by DOI (batched, up to 100 DOIs OR'd in one filter) and title search."""

from __future__ import annotations

import json
from typing import Any

from .base import Provider
from .candidate import Candidate, clean_doi, split_name
from .http import parse_json

BATCH = 100
ROWS = 5
PREPRINT_TYPES = frozenset({"preprint", "posted-content"})


def work_candidate(work: dict[str, Any], provider: str, by_identifier: bool = False) -> Candidate:
    biblio = work.get("biblio") or {}
    pages = "-".join(p for p in (biblio.get("first_page"), biblio.get("last_page")) if p)
    if biblio.get("first_page") == biblio.get("last_page"):
        pages = biblio.get("first_page") or ""
    source = ((work.get("primary_location") or {}).get("source") or {})
    year = work.get("publication_year")
    return Candidate(
        provider=provider,
        title=str(work.get("title") or work.get("display_name") or ""),
        authors=tuple(split_name(str((a.get("author") or {}).get("display_name", "")))
                      for a in work.get("authorships") or [] if a.get("author")),
        year=int(year) if isinstance(year, int) else None,
        container_title=str(source.get("display_name") or ""),
        doi="" if work.get("type") in PREPRINT_TYPES else clean_doi(work.get("doi")),
        pages=pages,
        volume=str(biblio.get("volume") or ""),
        issue=str(biblio.get("issue") or ""),
        by_identifier=by_identifier,
    )


class OpenAlex(Provider):
    name = "openalex"
    aliases = ("oa",)
    default_url = "https://api.openalex.org"
    rate = 10.0
    concurrency = 4
    fields = ("doi", "authors", "pages", "volume", "issue", "container_title")
    # 403 means too fast (retry); 429 means the daily budget is spent (do not retry)
    retry_statuses = frozenset({403, 500, 502, 503, 504})
    description = "OpenAlex works by DOI (batches of 100) and by title"

    def _params(self, config, extra: dict[str, str]) -> dict[str, str]:
        auth = {"api_key": config.api_keys["openalex"]} if "openalex" in config.api_keys else {}
        mail = {"mailto": config.mailto} if config.mailto else {}
        return {**extra, **auth, **mail}

    def _single(self, config, doi: str) -> tuple[str, dict[str, str]]:
        return f"{self.base(config)}/works/doi:{doi}", self._params(config, {})

    def prefetch(self, records, client, config) -> None:
        dois = sorted({r.ids.doi.lower() for r in records if r.ids.doi and self.wants(r)})
        missing = [d for d in dois if not client.is_cached(*self._single(config, d))]
        for start in range(0, len(missing), BATCH):
            chunk = missing[start:start + BATCH]
            params = self._params(config, {"filter": "doi:" + "|".join(chunk),
                                           "per-page": str(BATCH)})
            url = f"{self.base(config)}/works"
            reply = self.get(client, config, url, params, check=lambda t: parse_json(t, url))
            data = reply.json() if reply.status == 200 else {}
            by_doi = {clean_doi(w.get("doi")) or str(w.get("doi", "")).lower(): w
                      for w in data.get("results", []) if isinstance(w, dict)}
            for doi in chunk:
                work = by_doi.get(doi)
                client.remember(*self._single(config, doi), *(
                    (200, json.dumps(work)) if work else (404, "")))

    def candidates(self, record, client, config) -> list[Candidate]:
        if record.ids.doi:
            work = self.get_json(client, config, *self._single(config, record.ids.doi.lower()))
            return [work_candidate(work, self.name, by_identifier=True)] if work else []
        params = self._params(config, {"search": record.title, "per-page": str(ROWS)})
        data = self.get_json(client, config, f"{self.base(config)}/works", params)
        return [work_candidate(w, self.name) for w in (data or {}).get("results", [])
                if isinstance(w, dict)]


PLUGIN = OpenAlex()
