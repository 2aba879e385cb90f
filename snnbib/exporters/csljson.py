"""CSL-JSON for Zotero, pandoc and citeproc: plain Unicode, only types Zotero imports.

Zotero rejects a whole file for one type outside its list (`software` among them), so software
and repositories are `document`s. A preprint is `article` + `publisher: arXiv` +
`number: arXiv:<id>` + the arXiv DOI: the one shape Zotero turns into a preprint. Topics go in
`keyword` (citeproc and pandoc read it; Zotero ignores it), the code repository in `note`
(Zotero's Extra). CSL has no "and others": an incomplete author list is written as known.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Sequence

from ..model import Kind, Person, Record, Topic
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


@lru_cache(maxsize=65536)
def _person_json(family: str, given: str) -> str:
    """The CSL name as one line of JSON; '' for an empty name."""
    if not clean(family + given):
        return ""
    return "{" + ", ".join(f"{encode_basestring(k)}: {encode_basestring(v)}"
                           for k, v in person(Person(family, given)).items()) + "}"


def item(record: Record) -> str:
    """One CSL item as indented JSON: fields in a fixed order, empty ones left out.

    Values are encoded one by one with the C string encoder, an author or the date on one
    line; `json.dumps(indent=...)` would use the pure-Python encoder and dominate the time.
    """
    kind = F.kind_of(record)
    preprint = kind is Kind.PREPRINT
    code = F.code_link(record)
    people = [text for text in (_person_json(p.family, p.given) for p in record.authors) if text]
    fields = [
        ("id", _string(record.key)),
        ("type", _string(TYPES[kind])),
        ("title", _string(plain_text(record.title))),
        ("author", "[\n      " + ",\n      ".join(people) + "\n    ]" if people else ""),
        ("container-title", _string(plain_text(record.container_title))),
        ("event-title", _string(clean(record.event))),
        ("publisher", _string("arXiv" if preprint and not record.publisher else clean(record.publisher))),
        ("number", _string(f"arXiv:{record.ids.arxiv}" if preprint else "")),
        ("volume", _string(clean(record.volume))),
        ("issue", _string(clean(record.issue))),
        ("page", _string(F.pages_with(clean(record.pages), "-"))),
        ("issued", f'{{"date-parts": [[{record.year}]]}}' if record.year is not None else ""),
        ("DOI", _string(F.doi(record))),
        ("URL", _string(F.url(record))),
        ("note", _string(f"Code: {code}" if code else "")),
        ("keyword", _string(", ".join(F.keywords(record)))),
    ]
    return "  {\n" + ",\n".join(f'    "{name}": {value}' for name, value in fields if value) + "\n  }"


def _string(value: str) -> str:
    return encode_basestring(value) if value else ""


def dumps(records: Sequence[Record]) -> str:
    """A JSON array of the items, sorted by id (deterministic, UTF-8, trailing newline)."""
    items = [item(r) for r in F.in_key_order(records)]
    return "[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n"


@dataclass(frozen=True)
class CslJsonExporter:
    name: str = "csl-json"
    aliases: tuple[str, ...] = ("csljson", "csl", "json")
    suffixes: tuple[str, ...] = (".json",)
    description: str = "CSL-JSON for Zotero, pandoc and citeproc: plain Unicode"

    def dumps(self, records: Sequence[Record], topics: Sequence[Topic] = ()) -> str:
        """The file for `records`; `topics` is unused (these formats have no collections)."""
        return dumps(records)


PLUGIN = CslJsonExporter()
