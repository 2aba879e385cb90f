"""Crossref REST API: works by DOI, and title search with query.bibliographic."""

from __future__ import annotations

from urllib.parse import quote

from ..model import Record
from .base import Provider
from .candidate import Candidate, from_csl

SELECT = "DOI,title,subtitle,author,issued,published,container-title,short-container-title," \
         "page,volume,issue,publisher,type,score"
# work types that are never a published version's DOI
EXCLUDED_TYPES = frozenset({"posted-content", "peer-review", "component", "dataset", "grant",
                            "journal-issue", "journal", "proceedings", "book-series"})
# venues whose papers Crossref has no DOI for: venue -> first year with DOIs (None: never)
NO_DOI_BEFORE: dict[str, int | None] = {"ICLR": None, "ICML": None, "NeurIPS": 2023}
ROWS = 5


def has_crossref_dois(record: Record) -> bool:
    if record.venue not in NO_DOI_BEFORE:
        return True
    first = NO_DOI_BEFORE[record.venue]
    return first is not None and record.year is not None and record.year >= first


class Crossref(Provider):
    name = "crossref"
    aliases = ("cr",)
    default_url = "https://api.crossref.org"
    rate = 10.0  # adjusted from the X-Rate-Limit-* headers Crossref sends
    concurrency = 3  # the polite pool's limit on concurrent requests
    fields = ("doi", "authors", "pages", "volume", "issue", "container_title", "publisher")
    description = "Crossref works by DOI and by title (query.bibliographic)"

    def applies(self, record: Record) -> bool:
        return bool(record.ids.doi) or has_crossref_dois(record)

    def _params(self, config, extra: dict[str, str]) -> dict[str, str]:
        return {**extra, **({"mailto": config.mailto} if config.mailto else {})}

    def candidates(self, record, client, config) -> list[Candidate]:
        base = self.base(config)
        if record.ids.doi:
            data = self.get_json(client, config, f"{base}/works/{quote(record.ids.doi, safe='/')}",
                                 self._params(config, {}))
            return [from_csl(data["message"], self.name, by_identifier=True)] if data else []
        query = " ".join(filter(None, [record.title, record.authors[0].family
                                       if record.authors else ""]))
        params = {"query.bibliographic": query, "rows": str(ROWS), "select": SELECT}
        if record.year:
            params["filter"] = (f"from-pub-date:{record.year - 1},"
                                f"until-pub-date:{record.year + 1}")
        data = self.get_json(client, config, f"{base}/works", self._params(config, params))
        items = (data or {}).get("message", {}).get("items", [])
        return [from_csl(item, self.name) for item in items
                if item.get("type") not in EXCLUDED_TYPES]


PLUGIN = Crossref()
