"""Record -> Zotero item: type and field tables shared by the RDF writer and the Web API push.

An item is Zotero's own JSON (the API's editable `data`), plus two children: a provenance note
(child notes survive every Zotero import and sync, and are shown beside the item) and a linked-URL
attachment for the code repository (one click opens it; no file is stored). Every item carries
its citation key in Extra twice: `Citation Key: <key>` (read by Better BibTeX) and
`snnbib: <key>` (how the push finds it again), and `snnbib-hash: <digest>` of its content, so a
second push can tell unchanged items without comparing fields.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from ..model import Kind, Record
from .text import plain

CODE_TITLE = "Code repository"
NOTE_HEADING = "snnbib provenance"
ID_LINE = re.compile(r"^snnbib:\s*(\S+)\s*$", re.M)
HASH_LINE = re.compile(r"^snnbib-hash:\s*(\S+)\s*$", re.M)

ITEM_TYPES: dict[Kind, str] = {
    Kind.CONFERENCE_PAPER: "conferencePaper",
    Kind.JOURNAL_ARTICLE: "journalArticle",
    Kind.PREPRINT: "preprint",
    Kind.PAPER: "document",  # venue unknown: Zotero's generic type, no invented journal
    Kind.BOOK: "book",
    Kind.LECTURE: "presentation",  # lecture series: slides or video, presentationType "Lecture"
    Kind.SOFTWARE: "computerProgram",
    Kind.REPOSITORY: "computerProgram",
    Kind.PROJECT: "webpage",
    Kind.WEBPAGE: "webpage",
}

# the creator type Zotero uses for the people who made an item of each type
PRIMARY_CREATOR = {"computerProgram": "programmer", "presentation": "presenter"}


def _container(r: Record) -> str:
    return plain(r.container_title or r.venue)


def _doi(r: Record) -> str:
    return r.ids.doi


def _arxiv_doi(r: Record) -> str:
    return r.ids.doi or r.ids.arxiv_doi


def _abbreviation(r: Record) -> str:
    return r.venue if r.venue != r.container_title else ""


def _repository(r: Record) -> str:
    return "arXiv" if r.ids.arxiv else r.publisher


def _archive_id(r: Record) -> str:
    return f"arXiv:{r.ids.arxiv}" if r.ids.arxiv else ""


def _field(name: str) -> Callable[[Record], str]:
    return lambda r: plain(str(getattr(r, name)))


def _const(value: str) -> Callable[[Record], str]:
    return lambda r: value


def _project_type(r: Record) -> str:
    return "Project" if r.kind is Kind.PROJECT else ""


# item type -> (Zotero field, value) in Zotero's field order; title, creators, date, url, extra
# and tags are common to every type and set in build_item
FIELDS: dict[str, tuple[tuple[str, Callable[[Record], str]], ...]] = {
    "conferencePaper": (
        ("proceedingsTitle", _container), ("conferenceName", _field("event")),
        ("publisher", _field("publisher")), ("volume", _field("volume")),
        ("pages", _field("pages")), ("DOI", _doi),
    ),
    "journalArticle": (
        ("publicationTitle", _container), ("volume", _field("volume")),
        ("issue", _field("issue")), ("pages", _field("pages")),
        ("journalAbbreviation", _abbreviation), ("DOI", _doi),
    ),
    "preprint": (
        ("repository", _repository), ("archiveID", _archive_id), ("DOI", _arxiv_doi),
    ),
    "document": (("publisher", _field("publisher")),),
    "book": (("publisher", _field("publisher")), ("volume", _field("volume"))),
    "presentation": (("presentationType", _const("Lecture")), ("meetingName", _field("event"))),
    "computerProgram": (("company", _field("publisher")),),
    "webpage": (("websiteTitle", _container), ("websiteType", _project_type)),
}

# Extra lines for identifiers the item type has no field for: (label, value, types that have a field)
EXTRA_IDS: tuple[tuple[str, Callable[[Record], str], frozenset[str]], ...] = (
    ("DOI", _doi, frozenset({"conferencePaper", "journalArticle", "preprint"})),
    ("arXiv", lambda r: r.ids.arxiv, frozenset({"preprint"})),
)


@dataclass(frozen=True)
class ZoteroItem:
    """One record as Zotero data: the item JSON, its provenance note HTML and its code link."""

    citekey: str
    data: Mapping[str, Any]
    note: str
    code_url: str
    digest: str

    @property
    def item_type(self) -> str:
        return self.data["itemType"]


def build_item(record: Record, topic_names: Mapping[str, str]) -> ZoteroItem:
    """The Zotero item for a record; `topic_names` maps topic slugs to the tag text."""
    item_type = ITEM_TYPES[record.kind]
    data: dict[str, Any] = {
        "itemType": item_type,
        "title": plain(record.title),
        "creators": creators(record, PRIMARY_CREATOR.get(item_type, "author")),
    }
    for name, value in FIELDS[item_type]:
        data[name] = value(record)
    data["date"] = str(record.year) if record.year else ""
    data["url"] = record.url
    data["tags"] = [{"tag": topic_names.get(s, s)} for s in dict.fromkeys(record.topic_slugs)]
    note = provenance_note(record)
    lines = [f"Citation Key: {record.key}", f"snnbib: {record.key}"]
    lines += [f"{label}: {value(record)}" for label, value, has_field in EXTRA_IDS
              if item_type not in has_field and value(record)]
    digest = content_digest({**data, "extra": "\n".join(lines)}, note, record.code_url)
    data["extra"] = "\n".join([*lines, f"snnbib-hash: {digest}"])
    return ZoteroItem(record.key, data, note, record.code_url, digest)


def creators(record: Record, creator_type: str) -> list[dict[str, str]]:
    """Zotero creators in order; a name without given names is kept in single-field mode."""
    out = []
    for person in record.authors:
        if person.given:
            out.append({"creatorType": creator_type, "firstName": person.given, "lastName": person.family})
        else:
            out.append({"creatorType": creator_type, "name": person.family})
    return out


def provenance_note(record: Record) -> str:
    """The child note: where the record came from in the source lists, as Zotero note HTML."""
    root = ET.Element("div")
    ET.SubElement(root, "h1").text = NOTE_HEADING
    ET.SubElement(root, "p").text = f"Citation key: {record.key}"
    if record.note:
        ET.SubElement(root, "p").text = f"Curator's note: {plain(record.note)}"
    if record.et_al:
        ET.SubElement(root, "p").text = "The source lists give an incomplete author list (et al.)."
    if record.origins:
        ET.SubElement(root, "p").text = "Listed in:"
        listing = ET.SubElement(root, "ul")
        for origin in record.origins:
            heading = " › ".join(origin.heading)
            ET.SubElement(listing, "li").text = f"{origin.ref} — {heading}" if heading else origin.ref
    return ET.tostring(root, encoding="unicode")


def content_digest(data: Mapping[str, Any], note: str, code_url: str) -> str:
    """A short hash of everything snnbib writes for one item (not its collections)."""
    payload = json.dumps([data, note, code_url], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def snnbib_id(extra: str) -> str:
    """The citation key in an item's Extra field, or ''."""
    found = ID_LINE.search(extra or "")
    return found.group(1) if found else ""


def stored_digest(extra: str) -> str:
    found = HASH_LINE.search(extra or "")
    return found.group(1) if found else ""
