"""Reading exports back with independent parsers and comparing them with the records exported.

bibtexparser v2 and pybtex read .bib, rispy reads .ris, json + jsonschema read CSL-JSON. A
title is compared as text: the .bib value with LaTeX decoded (pylatexenc) against the plain
Unicode the Zotero formats carry, so math, escapes and case-protecting braces must all decode
back to what the curator wrote.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from snnbib.exporters._text import clean, plain_text
from snnbib.exporters.csljson import person as csl_person
from snnbib.exporters.ris import person as ris_person
from snnbib.model import Record

# Zotero's CSL-JSON import rejects a whole file for a type outside this list (FORMATS.md)
ZOTERO_CSL_TYPES = set("""article article-journal article-magazine article-newspaper bill book
broadcast chapter classic collection dataset document entry entry-dictionary entry-encyclopedia
event figure graphic hearing interview legal_case legislation manuscript map motion_picture
musical_score pamphlet paper-conference patent performance personal_communication periodical post
post-weblog regulation report review review-book song speech standard thesis treaty
webpage""".split())


@lru_cache(maxsize=1)
def _latex_decoder():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db().filter_context()
    context.add_context_category("export-test", prepend=True, macros=[
        MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^"), MacroTextSpec("textless", "<"),
        MacroTextSpec("textgreater", ">"), MacroTextSpec("textbar", "|"),
    ])
    return LatexNodes2Text(latex_context=context, math_mode="text")


def latex_as_text(value: str) -> str:
    return clean(_latex_decoder().latex_to_text(value))


def names(record: Record) -> list[tuple[str, str]]:
    """(family, given) as exported: cleaned, empty names dropped, a lone given name as family."""
    out = []
    for p in record.authors:
        family, given = clean(p.family), clean(p.given)
        if family or given:
            out.append((family, given) if family else (given, ""))
    return out


def check_bibtexparser(text: str, records: list[Record]) -> None:
    import bibtexparser
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    entries = {e.key: e for e in library.entries}
    assert sorted(entries) == sorted(r.key for r in records)
    for record in records:
        fields = {f.key: f.value for f in entries[record.key].fields}
        assert latex_as_text(fields.get("title", "")) == plain_text(record.title), record.key
        parsed = [(latex_as_text(" ".join(n.von + n.last)), latex_as_text(" ".join(n.first)))
                  for n in fields.get("author", [])]
        expected = names(record) + ([("others", "")] if record.et_al and names(record) else [])
        assert parsed == expected, record.key


def check_pybtex(text: str, records: list[Record]) -> None:
    from pybtex.database import parse_string

    data = parse_string(text, "bibtex")
    assert sorted(data.entries) == sorted(r.key for r in records)
    for record in records:
        entry = data.entries[record.key]
        assert latex_as_text(entry.fields.get("title", "")) == plain_text(record.title), record.key
        people = entry.persons.get("author", [])
        assert len(people) == len(names(record)) + (1 if record.et_al and names(record) else 0), record.key
        for parsed, (family, given) in zip(people, names(record)):
            assert latex_as_text(" ".join(parsed.prelast_names + parsed.last_names)) == family, record.key
            assert latex_as_text(" ".join(parsed.first_names + parsed.middle_names)) == given, record.key


def check_rispy(text: str, records: list[Record]) -> None:
    import rispy

    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    entries = rispy.loads(text)
    assert [e["id"] for e in entries] == sorted(r.key for r in records)
    by_key = {e["id"]: e for e in entries}
    for record in records:
        entry = by_key[record.key]
        assert entry.get("title", "") == plain_text(record.title), record.key
        assert entry.get("authors", []) == [ris_person(p) for p in record.authors if clean(p.family + p.given)]
        assert entry.get("keywords", []) == list(dict.fromkeys(record.topic_slugs))


def check_csl(text: str, records: list[Record], schema_path: Path) -> None:
    import jsonschema

    items = json.loads(text)
    jsonschema.validate(items, json.loads(schema_path.read_text(encoding="utf-8")))
    assert [i["id"] for i in items] == sorted(r.key for r in records)
    assert {i["type"] for i in items} <= ZOTERO_CSL_TYPES
    by_key = {i["id"]: i for i in items}
    for record in records:
        item = by_key[record.key]
        assert item.get("title", "") == plain_text(record.title), record.key
        assert item.get("author", []) == [csl_person(p) for p in record.authors if clean(p.family + p.given)]
        assert "\\" not in item.get("title", "") or "\\" in record.title
