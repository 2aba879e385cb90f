"""The typed core: what a source list yields (Entry) and what the dataset holds (Record)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from enum import Enum
from typing import Iterable, Iterator, Sequence


class Kind(str, Enum):
    """The kind of resource a record describes; exporters map it to their own types."""

    CONFERENCE_PAPER = "conference-paper"
    JOURNAL_ARTICLE = "journal-article"
    PREPRINT = "preprint"
    PAPER = "paper"  # a paper whose venue is unknown
    BOOK = "book"
    LECTURE = "lecture"
    SOFTWARE = "software"  # a framework or library
    REPOSITORY = "repository"  # a code repository that is not a packaged framework
    PROJECT = "project"
    WEBPAGE = "webpage"  # tutorials, web simulators and other online resources

    @property
    def is_paper(self) -> bool:
        return self in _PAPER_KINDS


_PAPER_KINDS = {Kind.CONFERENCE_PAPER, Kind.JOURNAL_ARTICLE, Kind.PREPRINT, Kind.PAPER}


@dataclass(frozen=True)
class Person:
    """An author: family name plus given names (initials allowed)."""

    family: str
    given: str = ""

    @property
    def display(self) -> str:
        return f"{self.given} {self.family}".strip()


@dataclass(frozen=True)
class Link:
    """A link found in a source item, with the role its label or URL gives it.

    Roles: paper, pdf, arxiv, openreview, code, paper-with-code, notes, homepage, doi.
    """

    role: str
    url: str


@dataclass(frozen=True)
class Identifiers:
    """Identifiers of one work. Empty string means unknown."""

    doi: str = ""  # DOI of the published version (never the arXiv DataCite DOI)
    arxiv: str = ""  # arXiv id without version, e.g. 2302.02091
    arxiv_class: str = ""  # arXiv primary category, e.g. cs.NE
    openreview: str = ""  # OpenReview forum id
    ijcai: str = ""  # "<year>/<number>"
    neurips: str = ""  # "<year>/<hash>"
    pmlr: str = ""  # "v<volume>/<id>"
    aaai: str = ""  # AAAI OJS article id
    cvf: str = ""  # "<CONF><year>/<paper page stem>"
    ecva: str = ""  # "eccv_<year>/<number>"
    ieee: str = ""  # IEEE Xplore document number
    pmc: str = ""  # PubMed Central id, "PMC..."
    dblp: str = ""  # DBLP key
    repository: str = ""  # canonical code repository URL

    @property
    def arxiv_doi(self) -> str:
        """The preprint's DataCite DOI, derived from the arXiv id."""
        return f"10.48550/arXiv.{self.arxiv}" if self.arxiv else ""

    def items(self) -> Iterator[tuple[str, str]]:
        """Non-empty (name, value) pairs in declaration order."""
        for f in fields(self):
            value = getattr(self, f.name)
            if value:
                yield f.name, value

    def merged(self, other: "Identifiers") -> "Identifiers":
        """Fill our empty identifiers from `other`; ours win where both are set."""
        return replace(self, **{k: v for k, v in other.items() if not getattr(self, k)})


@dataclass(frozen=True)
class Origin:
    """Where a record came from: source name, 1-based line, heading path and the raw item text."""

    source: str
    line: int
    heading: tuple[str, ...] = ()
    raw: str = ""

    @property
    def ref(self) -> str:
        return f"{self.source}:{self.line}"


@dataclass(frozen=True)
class Claim:
    """One source's statement about a field (venue or year), and what it was based on.

    Bases, strongest first: override, enrichment, url, inline, heading, venue-line, arxiv-id.
    """

    field: str
    value: str
    basis: str


@dataclass(frozen=True)
class Entry:
    """One list item or table row as a dialect parser read it, before normalisation."""

    origin: Origin
    title: str
    links: tuple[Link, ...] = ()
    authors: str = ""  # author text as written, e.g. "Maass W and Markram H"
    claims: tuple[Claim, ...] = ()
    section: str = ""  # the curator's topical section heading, if any
    kind_hint: str = ""  # a Kind value suggested by the section (Books, Frameworks, ...)
    description: str = ""


@dataclass(frozen=True)
class Skip:
    """A list item that is not a record, with the reason (table of contents, badge, TODO...)."""

    origin: Origin
    reason: str


@dataclass(frozen=True)
class ParsedSource:
    """Everything a dialect parser found in one source file."""

    source: str
    dialect: str
    entries: tuple[Entry, ...]
    skips: tuple[Skip, ...]

    @property
    def items(self) -> int:
        return len(self.entries) + len(self.skips)


@dataclass(frozen=True)
class TopicAssignment:
    """A topic given to a record, and what gave it: section, rule, override or enrichment."""

    slug: str
    by: str
    detail: str = ""


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    description: str = ""
    parent: str = ""


@dataclass(frozen=True)
class Record:
    """One work in the dataset, merged across every list item that names it."""

    key: str
    kind: Kind
    title: str
    authors: tuple[Person, ...] = ()
    et_al: bool = False  # the author list is known to be incomplete
    year: int | None = None
    venue: str = ""  # short venue name from the venue registry, e.g. "NeurIPS"
    container_title: str = ""  # full proceedings or journal title
    event: str = ""  # conference name with year, e.g. "NeurIPS 2023"
    publisher: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    url: str = ""
    ids: Identifiers = field(default_factory=Identifiers)
    links: tuple[Link, ...] = ()
    topics: tuple[TopicAssignment, ...] = ()
    off_topic: bool = False  # matched "spike" by keyword only; not an SNN work
    note: str = ""  # the curator's description
    aliases: tuple[str, ...] = ()  # superseded citation keys
    origins: tuple[Origin, ...] = ()
    provenance: tuple[tuple[str, str], ...] = ()  # (field, where its value came from)

    @property
    def topic_slugs(self) -> tuple[str, ...]:
        return tuple(t.slug for t in self.topics)

    @property
    def code_url(self) -> str:
        return self.ids.repository

    def source_of(self, field_name: str) -> str:
        return dict(self.provenance).get(field_name, "")


@dataclass(frozen=True)
class Dataset:
    """The built bibliography: records sorted by key, and the topic taxonomy."""

    records: tuple[Record, ...]
    topics: tuple[Topic, ...] = ()

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def get(self, key: str) -> Record | None:
        """A record by citation key or by one of its superseded aliases."""
        for record in self.records:
            if record.key == key or key in record.aliases:
                return record
        return None

    def topic(self, slug: str) -> Topic | None:
        return next((t for t in self.topics if t.slug == slug), None)

    def select(self, slugs: Sequence[str] = ()) -> list[Record]:
        """Records in any of the topics (a group selects its children); none: every on-topic record."""
        if not slugs:
            return [r for r in self.records if not r.off_topic]
        wanted = set(slugs)
        wanted.update(t.slug for t in self.topics if t.parent in wanted)
        return [r for r in self.records if wanted.intersection(r.topic_slugs)]

    def count_by_topic(self) -> dict[str, int]:
        counts = {t.slug: 0 for t in self.topics}
        for record in self.records:
            for slug in set(record.topic_slugs):
                counts[slug] = counts.get(slug, 0) + 1
        return counts


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """Distinct non-empty values in first-seen order."""
    return tuple(dict.fromkeys(v for v in values if v))
