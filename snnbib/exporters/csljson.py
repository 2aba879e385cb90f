"""CSL-JSON for Zotero, pandoc and citeproc: plain Unicode, only types Zotero imports.

Zotero rejects a whole file for one type outside its list (`software` among them), so software
and repositories are `document`s. A preprint is `article` + `publisher: arXiv` +
`number: arXiv:<id>` + the arXiv DOI: the one shape Zotero turns into a preprint. Topics go in
`keyword` (citeproc and pandoc read it; Zotero ignores it), the code repository in `note`
(Zotero's Extra). CSL has no "and others": an incomplete author list is written as known.
"""

from __future__ import annotations

from dataclasses import dataclass
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Sequence

from ..gcpause import no_gc
from ..model import Kind, Person, Record, Topic
from . import Exporter
from . import _fields as F
from ._text import clean, plain_text

TYPES = {
    Kind.CONFERENCE_PAPER: "paper-conference",
    Kind.JOURNAL_ARTICLE: "article-journal",
    Kind.PREPRINT: "article",
    Kind.PAPER: "document",
    Kind.BOOK: "book",
    Kind.LECTURE: "speech",
    Kind.SOFTWARE: "document",
    Kind.REPOSITORY: "document",
    Kind.PROJECT: "webpage",
    Kind.WEBPAGE: "webpage",
}


def person(p: Person) -> dict[str, str]:
    """A CSL name: family and given; a given-less name with spaces is a literal (an organisation)."""
    family, given = clean(p.family), clean(p.given)
    if given:
        return {"family": family, "given": given} if family else {"family": given}
    return {"literal": family} if " " in family else {"family": family}


def _person_json(family: str, given: str) -> str:
    """The CSL name as one line of JSON; '' for an empty name."""
    if not clean(family + given):
        return ""
    return "{" + ", ".join(f"{encode_basestring(k)}: {encode_basestring(v)}"
                           for k, v in person(Person(family, given)).items()) + "}"


def _authors(record: Record) -> str:
    """The author list, one name per line; names that are empty once cleaned are left out."""
    parts = F.SIMPLE_PARTS
    text = ",\n      ".join([f'{{"family": "{parts[p.family]}", "given": "{parts[p.given]}"}}'
                             for p in record.authors])
    if F.NOT_SIMPLE in text:
        text = ",\n      ".join([text for text in (_person_json(p.family, p.given) for p in record.authors) if text])
    return f"[\n      {text}\n    ]" if text else ""


# members whose value is already JSON (a list or an object); the others are strings to encode
_JSON_VALUED = frozenset({"author", "issued"})


def item(record: Record) -> str:
    """One CSL item as indented JSON: fields in a fixed order, empty ones left out.

    Values are encoded one by one with the C string encoder, an author or the date on one
    line; `json.dumps(indent=...)` would use the pure-Python encoder and dominate the time.
    """
    kind = F.kind_of(record)
    preprint = kind is Kind.PREPRINT
    code = F.code_link(record)
    members = (
        ("id", record.key),
        ("type", TYPES[kind]),
        ("title", plain_text(record.title)),
        ("author", _authors(record)),
        ("container-title", plain_text(record.container_title) if record.container_title else ""),
        ("event-title", clean(record.event)),
        ("publisher", "arXiv" if preprint and not record.publisher else clean(record.publisher)),
        ("number", f"arXiv:{record.ids.arxiv}" if preprint else ""),
        ("volume", clean(record.volume)),
        ("issue", clean(record.issue)),
        ("page", F.pages_with(clean(record.pages), "-") if record.pages else ""),
        ("issued", f'{{"date-parts": [[{record.year}]]}}' if record.year is not None else ""),
        ("DOI", F.doi(record)),
        ("URL", F.url(record)),
        ("note", f"Code: {code}" if code else ""),
        ("keyword", F.keyword_text(record)),
    )
    return "  {\n    " + ",\n    ".join([f'"{name}": {value if name in _JSON_VALUED else encode_basestring(value)}'
                                         for name, value in members if value]) + "\n  }"


def pieces(records: Sequence[Record]) -> list[str]:
    """A JSON array of the items, sorted by id (deterministic, UTF-8, trailing newline)."""
    with no_gc():
        items = [item(r) for r in F.in_key_order(records)]
    return ["[\n", *F.interleave(items, ",\n"), "\n]\n"] if items else ["[]\n"]


@dataclass(frozen=True)
class CslJsonExporter(Exporter):
    name: str = "csl-json"
    aliases: tuple[str, ...] = ("csljson", "csl", "json")
    suffixes: tuple[str, ...] = (".json",)
    description: str = "CSL-JSON for Zotero, pandoc and citeproc: plain Unicode"

    def pieces(self, records: Sequence[Record], topics: Sequence[Topic] = ()) -> list[str]:
        """The file for `records`; `topics` is unused (these formats have no collections)."""
        return pieces(records)


PLUGIN = CslJsonExporter()
