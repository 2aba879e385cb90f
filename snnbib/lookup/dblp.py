"""DBLP publication search: authors, pages and venue, also for NeurIPS, ICLR and ICML, which
have no Crossref DOI. CoRR (arXiv) entries are preprints and never a published version."""

from __future__ import annotations

from typing import Any

from .base import Provider
from .candidate import Candidate, clean_doi, dblp_key, split_name
from .text import normalize_title

HITS = 10
INFORMAL = ("Informal Publications", "Informal and Other Publications")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def hit_candidate(info: dict[str, Any], provider: str) -> Candidate | None:
    """A Candidate from one DBLP `hit.info`; None for CoRR/informal entries."""
    venue = " ".join(str(v) for v in _as_list(info.get("venue")))
    if info.get("type") in INFORMAL or venue == "CoRR":
        return None
    names = [a.get("text", "") if isinstance(a, dict) else str(a)
             for a in _as_list((info.get("authors") or {}).get("author"))]
    year = str(info.get("year", ""))
    return Candidate(
        provider=provider,
        title=str(info.get("title", "")).rstrip("."),
        authors=tuple(split_name(n) for n in names if n),
        year=int(year) if year.isdigit() else None,
        venue=venue,
        doi=clean_doi(info.get("doi")),
        pages=str(info.get("pages", "")),
        volume=str(info.get("volume", "")),
        issue=str(info.get("number", "")),
        dblp=dblp_key(info.get("key")),
    )


class Dblp(Provider):
    name = "dblp"
    default_url = "https://dblp.org"
    rate = 1.0
    concurrency = 2
    fields = ("doi", "authors", "pages", "volume", "issue", "dblp")
    description = "DBLP search: authors, pages, venue (NeurIPS, ICLR, ICML too)"

    def candidates(self, record, client, config) -> list[Candidate]:
        params = {"q": normalize_title(record.title), "format": "json", "h": str(HITS)}
        data = self.get_json(client, config, f"{self.base(config)}/search/publ/api", params)
        hits = _as_list((((data or {}).get("result") or {}).get("hits") or {}).get("hit"))
        found = (hit_candidate(h.get("info") or {}, self.name) for h in hits if isinstance(h, dict))
        return [c for c in found if c is not None]


PLUGIN = Dblp()
