"""Semantic Scholar Graph API: the single best title match (/paper/search/match)."""

from __future__ import annotations

from typing import Any

from .base import Provider
from .candidate import Candidate, clean_doi, dblp_key, split_name

FIELDS = "title,year,authors,venue,externalIds"


def paper_candidate(paper: dict[str, Any], provider: str) -> Candidate:
    ids = paper.get("externalIds") or {}
    year = paper.get("year")
    return Candidate(
        provider=provider,
        title=str(paper.get("title") or ""),
        authors=tuple(split_name(str(a.get("name", ""))) for a in paper.get("authors") or []
                      if isinstance(a, dict) and a.get("name")),
        year=int(year) if isinstance(year, int) else None,
        venue=str(paper.get("venue") or ""),
        doi=clean_doi(ids.get("DOI")),
        dblp=dblp_key(ids.get("DBLP")),
    )


class SemanticScholar(Provider):
    name = "semantic_scholar"
    aliases = ("s2", "semanticscholar")
    default_url = "https://api.semanticscholar.org"
    rate = 1.0  # the shared unauthenticated pool
    concurrency = 1
    fields = ("doi", "authors")
    description = "Semantic Scholar title match"

    def candidates(self, record, client, config) -> list[Candidate]:
        key = config.api_keys.get(self.name)
        data = self.get_json(client, config, f"{self.base(config)}/graph/v1/paper/search/match",
                             {"query": record.title, "fields": FIELDS},
                             {"x-api-key": key} if key else None)
        return [paper_candidate(p, self.name) for p in (data or {}).get("data", [])
                if isinstance(p, dict)]


PLUGIN = SemanticScholar()
