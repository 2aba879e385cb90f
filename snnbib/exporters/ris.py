"""RIS as Zotero writes and reads it: CRLF lines, UTF-8, plain Unicode, `ER  - ` closing each.

Written by hand rather than with rispy: rispy's writer prefixes every record with a counter
line ("1."), which Zotero does not write, and addresses tags through its own field names
(`C3` is `custom3`), which would hide the per-type tag table below. rispy reads the output back
in the tests. Conference papers carry the proceedings title in `C3` and the conference name in
`T2`; preprints are `GEN` with `PB  - arXiv`, `DO` and `UR`, like Zotero's own export.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..gcpause import no_gc
from ..model import Kind, Person, Record, Topic
from . import Exporter
from . import _fields as F
from ._text import clean, plain_text

# kind -> (TY, tag for the container title, tag for the event name)
TYPES = {
    Kind.CONFERENCE_PAPER: ("CONF", "C3", "T2"),
    Kind.JOURNAL_ARTICLE: ("JOUR", "T2", ""),
    Kind.PREPRINT: ("GEN", "", ""),
    Kind.PAPER: ("GEN", "T2", ""),
    Kind.BOOK: ("BOOK", "", ""),
    Kind.LECTURE: ("GEN", "", ""),
    Kind.SOFTWARE: ("COMP", "", ""),
    Kind.REPOSITORY: ("COMP", "", ""),
    Kind.PROJECT: ("ELEC", "", ""),
    Kind.WEBPAGE: ("ELEC", "", ""),
}
NEWLINE = "\r\n"


def person(p: Person) -> str:
    """`Family, Given`, or whichever of the two is known."""
    return _person(p.family, p.given)


def _person(family: str, given: str) -> str:
    family, given = clean(family), clean(given)
    return f"{family}, {given}" if family and given else family or given


def _authors(record: Record) -> str:
    """One `AU` line per author; names that are empty once cleaned are left out."""
    parts = F.SIMPLE_PARTS
    text = "".join([f"AU  - {parts[p.family]}, {parts[p.given]}{NEWLINE}" for p in record.authors])
    if F.NOT_SIMPLE in text:
        names = (_person(p.family, p.given) for p in record.authors)
        text = "".join([f"AU  - {name}{NEWLINE}" for name in names if name])
    return text


def _lines(pairs: tuple[tuple[str, str], ...]) -> str:
    return "".join([f"{tag}  - {value}{NEWLINE}" for tag, value in pairs if tag and value])


def entry(record: Record) -> str:
    """One record's lines in Zotero's order, empty values left out, `ER` last."""
    kind = F.kind_of(record)
    ty, container_tag, event_tag = TYPES[kind]
    first, last = F.page_range(clean(record.pages)) if record.pages else ("", "")
    code = F.code_link(record)
    publisher = "arXiv" if kind is Kind.PREPRINT and not record.publisher else clean(record.publisher)
    head = (
        ("TY", ty),
        ("TI", plain_text(record.title)),
    )
    body = (
        (container_tag, plain_text(record.container_title) if container_tag else ""),
        (event_tag, clean(record.event) if event_tag else ""),
        ("PY", str(record.year) if record.year is not None else ""),
        ("DO", F.doi(record)),
        ("VL", clean(record.volume)),
        ("IS", clean(record.issue)),
        ("SP", first),
        ("EP", last),
        ("PB", publisher),
        ("UR", F.url(record)),
    )
    keywords = F.keyword_text(record, f"{NEWLINE}KW  - ")
    tail = (
        ("N1", f"Code: {code}" if code else ""),
        ("ID", record.key),
    )
    return "".join((_lines(head), _authors(record), _lines(body),
                    f"KW  - {keywords}{NEWLINE}" if keywords else "", _lines(tail), f"ER  - {NEWLINE}{NEWLINE}"))


def pieces(records: Sequence[Record]) -> list[str]:
    with no_gc():
        return [entry(record) for record in F.in_key_order(records)]


@dataclass(frozen=True)
class RisExporter(Exporter):
    name: str = "ris"
    aliases: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = (".ris",)
    description: str = "RIS for Zotero, EndNote and Mendeley: plain Unicode, CRLF"

    def pieces(self, records: Sequence[Record], topics: Sequence[Topic] = ()) -> list[str]:
        """The file for `records`; `topics` is unused (these formats have no collections)."""
        return pieces(records)


PLUGIN = RisExporter()
