"""CSL-JSON for Zotero, pandoc and citeproc: plain Unicode, only types Zotero imports.

Zotero rejects a whole file for one type outside its list (`software` among them), so software
and repositories are `document`s. A preprint is `article` + `publisher: arXiv` +
`number: arXiv:<id>` + the arXiv DOI: the one shape Zotero turns into a preprint. Topics go in
`keyword` (citeproc and pandoc read it; Zotero ignores it), the code repository in `note`
(Zotero's Extra). CSL has no "and others": an incomplete author list is written as known.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Sequence

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
    family, given = clean(p.family), clean(p.given)
    if given:
        return {"family": family, "given": given} if family else {"family": given}
    return {"literal": family} if " " in family else {"family": family}


def item(record: Record) -> dict[str, Any]:
    """One CSL item, fields in a fixed order, empty ones left out."""
    kind = F.kind_of(record)
    preprint = kind is Kind.PREPRINT
    code = F.code_link(record)
    fields: list[tuple[str, Any]] = [
        ("id", record.key),
        ("type", TYPES[kind]),
        ("title", plain_text(record.title)),
        ("author", [person(p) for p in record.authors if clean(p.family + p.given)]),
        ("container-title", plain_text(record.container_title)),
        ("event-title", clean(record.event)),
        ("publisher", "arXiv" if preprint and not record.publisher else clean(record.publisher)),
        ("number", f"arXiv:{record.ids.arxiv}" if preprint else ""),
        ("volume", clean(record.volume)),
        ("issue", clean(record.issue)),
        ("page", F.pages_with(clean(record.pages), "-")),
        ("issued", {"date-parts": [[record.year]]} if record.year is not None else None),
        ("DOI", F.doi(record)),
        ("URL", F.url(record)),
        ("note", f"Code: {code}" if code else ""),
        ("keyword", ", ".join(F.keywords(record))),
    ]
    return {name: value for name, value in fields if value}


def dumps(records: Sequence[Record]) -> str:
    items = [item(r) for r in F.in_key_order(records)]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


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
