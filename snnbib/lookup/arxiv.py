"""The arXiv API (Atom): authors, title and primary category by arXiv id, in batches.

arXiv asks for one request every 3 seconds on one connection, so ids are fetched 50 at a
time ahead of the per-record chain, and each entry is cached under its single-id query.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..errors import LookupFailure
from .base import Provider
from .candidate import Candidate, split_name

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
BATCH = 50
_VERSION = re.compile(r"v\d+$")
_EMPTY_FEED = f'<feed xmlns="{ATOM[1:-1]}"></feed>'


def parse_feed(text: str, url: str = "arXiv") -> dict[str, ET.Element]:
    """Entries of an Atom feed by arXiv id (without version); error entries are dropped.
    A feed never has a DTD: one (an entity bomb, an external entity) is refused unexpanded."""
    try:
        root = fromstring(text, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException) as exc:
        raise LookupFailure(f"{url}: expected an Atom feed: {exc}") from None
    entries = {}
    for entry in root.iter(f"{ATOM}entry"):
        ident = (entry.findtext(f"{ATOM}id") or "").strip()
        if "/abs/" not in ident:
            continue  # an error entry (e.g. http://arxiv.org/api/errors#...)
        entries[_VERSION.sub("", ident.split("/abs/", 1)[1])] = entry
    return entries


def entry_candidate(entry: ET.Element, provider: str) -> Candidate:
    published = (entry.findtext(f"{ATOM}published") or "")[:4]
    primary = entry.find(f"{ARXIV}primary_category")
    return Candidate(
        provider=provider,
        title=" ".join((entry.findtext(f"{ATOM}title") or "").split()),
        authors=tuple(split_name(a.findtext(f"{ATOM}name") or "")
                      for a in entry.findall(f"{ATOM}author")),
        year=int(published) if published.isdigit() else None,
        venue="arXiv",
        arxiv_class=primary.get("term", "") if primary is not None else "",
        by_identifier=True,
    )


class Arxiv(Provider):
    name = "arxiv"
    default_url = "https://export.arxiv.org/api"
    rate = 1 / 3
    concurrency = 1
    fields = ("authors", "arxiv_class")
    description = "arXiv API: authors and primary category by arXiv id"

    def applies(self, record) -> bool:
        return bool(record.ids.arxiv)

    def _single(self, config, arxiv_id: str) -> tuple[str, dict[str, str]]:
        return f"{self.base(config)}/query", {"id_list": arxiv_id, "max_results": "1"}

    def prefetch(self, records, client, config) -> None:
        ids = sorted({r.ids.arxiv for r in records if self.wants(r)})
        missing = [i for i in ids if not client.is_cached(*self._single(config, i))]
        for start in range(0, len(missing), BATCH):
            chunk = missing[start:start + BATCH]
            params = {"id_list": ",".join(chunk), "max_results": str(len(chunk))}
            url = f"{self.base(config)}/query"
            reply = self.get(client, config, url, params, check=lambda t: parse_feed(t, url))
            entries = parse_feed(reply.text, url) if reply.status == 200 else {}
            for arxiv_id in chunk:
                entry = entries.get(arxiv_id)
                body = (f'<feed xmlns="{ATOM[1:-1]}">{ET.tostring(entry, encoding="unicode")}'
                        f"</feed>" if entry is not None else _EMPTY_FEED)
                client.remember(*self._single(config, arxiv_id), 200, body)

    def candidates(self, record, client, config) -> list[Candidate]:
        url, params = self._single(config, record.ids.arxiv)
        reply = self.get(client, config, url, params, check=lambda t: parse_feed(t, url))
        entry = parse_feed(reply.text, url).get(record.ids.arxiv) if reply.status == 200 else None
        return [entry_candidate(entry, self.name)] if entry is not None else []


PLUGIN = Arxiv()
