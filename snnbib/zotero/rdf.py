"""Zotero RDF: the one import format that carries collections, written as Zotero itself writes it.

The element layout follows Zotero's own "Zotero RDF" export (`../shared/formats/zotero-reference/`)
so Zotero's RDF importer reads every field back: containers (`dcterms:isPartOf`) for journal and
proceedings titles, `bib:presentedAt` for the conference, `dc:publisher` organisations, creators
in `rdf:Seq`, tags as `dc:subject`, the URL as a `dcterms:URI`, and Zotero-only fields in the `z:`
namespace (the importer copies any `z:<field>` into that field, so Extra survives intact).
Resources have stable ids (`#item_<key>`, `#collection_<slug>`): same dataset, same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, Iterable, Mapping
from urllib.parse import quote

from ..errors import ExportError
from ..model import Dataset
from .items import CODE_TITLE, ZoteroItem, build_item
from .tree import Tree, build_tree

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "z": "http://www.zotero.org/namespaces/export#",
    "dcterms": "http://purl.org/dc/terms/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "prism": "http://prismstandard.org/namespaces/1.2/basic/",
    "bib": "http://purl.org/net/biblio#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "link": "http://purl.org/rss/1.0/modules/link/",
}

# item type -> RDF class of the item element and of its container, as Zotero's exporter writes them
ITEM_CLASS = {
    "journalArticle": "bib:Article", "book": "bib:Book", "computerProgram": "bib:Data",
    "webpage": "bib:Document", "presentation": "bib:ConferenceProceedings",
}
CONTAINER_CLASS = {"journalArticle": "bib:Journal", "conferencePaper": "bib:Journal", "webpage": "z:Website"}

# Zotero field -> (where it goes, RDF property); "container" falls back to the item without one
FIELD_PLACES: dict[str, tuple[str, str]] = {
    "publicationTitle": ("container", "dc:title"),
    "proceedingsTitle": ("container", "dc:title"),
    "websiteTitle": ("container", "dc:title"),
    "journalAbbreviation": ("container", "dcterms:alternative"),
    "volume": ("container", "prism:volume"),
    "issue": ("container", "prism:number"),
    "DOI": ("container", "dc:identifier"),
    "archiveID": ("item", "prism:number"),
    "pages": ("item", "bib:pages"),
    "presentationType": ("item", "dc:type"),
    "websiteType": ("item", "dc:type"),
    "publisher": ("publisher", "foaf:name"),
    "repository": ("publisher", "foaf:name"),
    "company": ("publisher", "foaf:name"),
    "conferenceName": ("conference", "dc:title"),
    "meetingName": ("conference", "dc:title"),
}
PREFIXES = {"DOI": "DOI "}  # Zotero writes identifiers as "DOI 10.x/y"
CREATOR_LISTS = {"author": "bib:authors", "editor": "bib:editors", "contributor": "bib:contributors"}
LINK_MODE_LINKED_URL = "3"
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # outside XML 1.0 Char


def qname(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def item_ref(key: str) -> str:
    return f"#item_{quote(key, safe='')}"


def _sub(parent: ET.Element, name: str, text: str = "", **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, qname(name), {qname(k.replace("_", ":", 1)): v for k, v in attrs.items()})
    if text:
        element.text = text
    return element


def write_rdf(dataset: Dataset, slugs: Iterable[str] = ()) -> bytes:
    """The Zotero RDF document for the selected topics (none: every on-topic record)."""
    tree = build_tree(dataset, tuple(slugs))
    names = {t.slug: t.name for t in dataset.topics}
    return render(tree, [build_item(r, names) for r in tree.records])


def render(tree: Tree, items: list[ZoteroItem]) -> bytes:
    for prefix, uri in NS.items():
        ET.register_namespace(prefix, uri)
    root = ET.Element(qname("rdf:RDF"))
    for item in sorted(items, key=lambda i: i.citekey):
        _item(root, item)
    for collection in tree.collections:
        _check([collection.name], f"topic {collection.slug}")
        node = _sub(root, "z:Collection", rdf_about=f"#collection_{collection.slug}")
        _sub(node, "dc:title", collection.name)
        for child in tree.children(collection.slug):
            _sub(node, "dcterms:hasPart", rdf_resource=f"#collection_{child.slug}")
        for key in collection.members:
            _sub(node, "dcterms:hasPart", rdf_resource=item_ref(key))
    ET.indent(root, space="    ")
    # a raw CR would reach readers as LF (XML end-of-line handling); only text can hold one
    return ET.tostring(root, encoding="utf-8", xml_declaration=True).replace(b"\r", b"&#13;") + b"\n"


def _item(root: ET.Element, item: ZoteroItem) -> None:
    data = item.data
    _check(_strings([data, item.note, item.code_url]), f"record {item.citekey}")
    node = _sub(root, ITEM_CLASS.get(item.item_type, "rdf:Description"), rdf_about=item_ref(item.citekey))
    _sub(node, "z:itemType", item.item_type)
    places = _places(item.item_type, data)
    if places["container"]:
        part = _sub(_sub(node, "dcterms:isPartOf"), CONTAINER_CLASS[item.item_type])
        for name, value in places["container"]:
            _sub(part, name, value)
    for name, value in places["publisher"]:
        _sub(_sub(_sub(node, "dc:publisher"), "foaf:Organization"), name, value)
    _creators(node, data["creators"])
    for name, value in places["conference"]:
        _sub(_sub(_sub(node, "bib:presentedAt"), "bib:Conference"), name, value)
    if item.note:
        memo = _sub(_sub(node, "dcterms:isReferencedBy"), "bib:Memo", rdf_about=f"#note_{quote(item.citekey, safe='')}")
        _sub(memo, "rdf:value", item.note)
    if item.code_url:
        attachment = _sub(_sub(node, "link:link"), "z:Attachment", rdf_about=f"#code_{quote(item.citekey, safe='')}")
        _sub(attachment, "z:itemType", "attachment")
        _url(attachment, item.code_url)
        _sub(attachment, "dc:title", CODE_TITLE)
        _sub(attachment, "z:linkMode", LINK_MODE_LINKED_URL)
    for tag in data["tags"]:
        _sub(node, "dc:subject", tag["tag"])
    for name, value in places["item"]:
        _sub(node, name, value)
    _sub(node, "dc:title", data["title"])
    if data["date"]:
        _sub(node, "dc:date", data["date"])
    if data["url"]:
        _url(node, data["url"])
    _sub(node, "z:extra", data["extra"])


def _check(texts: Iterable[str], where: str) -> None:
    """Refuse characters XML 1.0 cannot carry (C0 controls, lone surrogates, U+FFFE/FFFF)."""
    for text in texts:
        bad = NOT_XML.search(text)
        if bad:
            raise ExportError(f"{where}: character U+{ord(bad.group()):04X} cannot be written in XML")


def _strings(value: Any) -> Iterable[str]:
    """Every string inside nested lists and mappings."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def _places(item_type: str, data: Mapping[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """Non-empty fields grouped by where they go: item, container, publisher, conference."""
    places: dict[str, list[tuple[str, str]]] = {"item": [], "container": [], "publisher": [], "conference": []}
    for field, value in data.items():
        if field not in FIELD_PLACES or not value:
            continue
        place, name = FIELD_PLACES[field]
        if place == "container" and item_type not in CONTAINER_CLASS:
            place = "item"
        places[place].append((name, PREFIXES.get(field, "") + value))
    return places


def _creators(node: ET.Element, creators: list[Mapping[str, str]]) -> None:
    lists: dict[str, ET.Element] = {}
    for creator in creators:
        kind = creator["creatorType"]
        if kind not in lists:
            lists[kind] = _sub(_sub(node, CREATOR_LISTS.get(kind, f"z:{kind}s")), "rdf:Seq")
        person = _sub(_sub(lists[kind], "rdf:li"), "foaf:Person")
        _sub(person, "foaf:surname", creator.get("lastName") or creator.get("name", ""))
        if creator.get("firstName"):
            _sub(person, "foaf:givenName", creator["firstName"])


def _url(node: ET.Element, url: str) -> None:
    _sub(_sub(_sub(node, "dc:identifier"), "dcterms:URI"), "rdf:value", url)
