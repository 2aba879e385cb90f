"""What every lookup provider is: a name, a base URL, polite limits, and `candidates()`."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from ..errors import LookupFailure, answer_shape
from ..model import Kind, Record
from .candidate import Candidate
from .config import LookupConfig
from .http import RETRY_STATUSES, HttpClient, Reply, parse_json

PUBLISHED_KINDS = (Kind.CONFERENCE_PAPER, Kind.JOURNAL_ARTICLE)


def wanted_fields(record: Record) -> set[str]:
    """The fields a lookup may still fill for this record."""
    if not record.kind.is_paper:
        return set()
    wanted = set()
    if not record.ids.doi:
        wanted.add("doi")
    if not record.authors or record.et_al:
        wanted.add("authors")
    if record.kind in PUBLISHED_KINDS or record.ids.doi:
        wanted.update(f for f in ("pages", "volume", "container_title") if not getattr(record, f))
    if record.ids.arxiv and not record.ids.arxiv_class:
        wanted.add("arxiv_class")
    return wanted


class Provider:
    """A metadata service. Subclasses set the class attributes and implement `candidates`."""

    name = ""
    aliases: tuple[str, ...] = ()
    default_url = ""
    rate = 5.0  # requests per second (a polite default; config.rates overrides)
    concurrency = 4  # requests in flight to this host
    fields: tuple[str, ...] = ()  # what its candidates can fill
    retry_statuses = RETRY_STATUSES
    description = ""

    def applies(self, record: Record) -> bool:
        """Whether this provider can say anything about this record."""
        return True

    def wants(self, record: Record) -> bool:
        return bool(wanted_fields(record) & set(self.fields)) and self.applies(record)

    def candidates(self, record: Record, client: HttpClient, config: LookupConfig
                   ) -> list[Candidate]:
        raise NotImplementedError

    def prefetch(self, records: Iterable[Record], client: HttpClient,
                 config: LookupConfig) -> None:
        """Batch providers fill the cache ahead of the per-record chain; others do nothing."""

    def ask(self, record: Record, client: HttpClient, config: LookupConfig) -> list[Candidate]:
        """`candidates`, called the way the chain calls it: a misshapen answer is a LookupFailure."""
        with answer_shape(self.name, LookupFailure):
            return self.candidates(record, client, config)

    def ask_ahead(self, records: Iterable[Record], client: HttpClient,
                  config: LookupConfig) -> None:
        """`prefetch`, with the same guard as `ask`."""
        with answer_shape(self.name, LookupFailure):
            self.prefetch(records, client, config)

    def base(self, config: LookupConfig) -> str:
        return config.url(self.name, self.default_url)

    def get(self, client: HttpClient, config: LookupConfig, url: str,
            params: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None,
            check: Callable[[str], object] | None = None) -> Reply:
        return client.get(url, params, headers, rate=config.rates.get(self.name, self.rate),
                          concurrency=self.concurrency, check=check,
                          retry_statuses=self.retry_statuses)

    def get_json(self, client: HttpClient, config: LookupConfig, url: str,
                 params: Mapping[str, str] | None = None,
                 headers: Mapping[str, str] | None = None) -> Any:
        """Parsed JSON of a 200, or None for a 404."""
        reply = self.get(client, config, url, params, headers,
                         check=lambda text: parse_json(text, url))
        return reply.json() if reply.status == 200 else None
