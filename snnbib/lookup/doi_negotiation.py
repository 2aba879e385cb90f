"""DOI content negotiation at doi.org: CSL-JSON for any registered DOI (any agency)."""

from __future__ import annotations

from urllib.parse import quote

from .base import Provider
from .candidate import Candidate, from_csl

CSL = "application/vnd.citationstyles.csl+json"


class DoiNegotiation(Provider):
    name = "doi_negotiation"
    aliases = ("doi", "doi.org", "cn")
    default_url = "https://doi.org"
    rate = 5.0
    concurrency = 4
    fields = ("authors", "pages", "volume", "issue", "container_title", "publisher")
    description = "CSL-JSON by content negotiation at doi.org, for a known DOI"

    def applies(self, record) -> bool:
        return bool(record.ids.doi)

    def candidates(self, record, client, config) -> list[Candidate]:
        url = f"{self.base(config)}/{quote(record.ids.doi, safe='/')}"
        item = self.get_json(client, config, url, headers={"Accept": CSL})
        return [from_csl(item, self.name, by_identifier=True)] if isinstance(item, dict) else []


PLUGIN = DoiNegotiation()
