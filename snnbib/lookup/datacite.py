"""DataCite: CSL-JSON for an arXiv preprint's DataCite DOI (10.48550/arXiv.<id>)."""

from __future__ import annotations

from dataclasses import replace

from .base import Provider
from .candidate import Candidate, from_csl
from .doi_negotiation import CSL


class DataCite(Provider):
    name = "datacite"
    aliases = ("dc",)
    default_url = "https://api.datacite.org"
    rate = 5.0
    concurrency = 4
    fields = ("authors",)
    description = "DataCite CSL-JSON for arXiv DOIs (preprint authors)"

    def applies(self, record) -> bool:
        return bool(record.ids.arxiv)

    def candidates(self, record, client, config) -> list[Candidate]:
        url = f"{self.base(config)}/{CSL}/{record.ids.arxiv_doi}"
        item = self.get_json(client, config, url)
        if not isinstance(item, dict):
            return []
        # the preprint's DOI is not a published version's DOI: keep only what it says
        return [replace(from_csl(item, self.name, by_identifier=True), doi="", publisher="",
                        container_title="")]


PLUGIN = DataCite()
