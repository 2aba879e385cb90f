"""Read a .bib file (bibtexparser v2) into Records: LaTeX decoded to Unicode, math kept as `$...$`."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

from ..errors import ParseError
from ..gcpause import no_gc
from ..model import Identifiers, Kind, Person, Record, TopicAssignment, unique
from ._files import read_text

TYPES = {
    "article": Kind.JOURNAL_ARTICLE,
    "inproceedings": Kind.CONFERENCE_PAPER,
    "conference": Kind.CONFERENCE_PAPER,
    "book": Kind.BOOK,
    "online": Kind.WEBPAGE,
    "www": Kind.WEBPAGE,
    "software": Kind.SOFTWARE,
    "video": Kind.LECTURE,
}
CONTAINER_FIELDS = ("booktitle", "journaltitle", "journal")
_CODE_NOTE = re.compile(r"^Code: (?:\\url\{([^{}]*)\}|(\S+))$")
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)
_PAGE_DASH = re.compile(r"\s*(?:-+|–)\s*")
_YEAR = re.compile(r"\b(\d{4})\b")
# text between entries that looks like `, year = 2021`: what an unbalanced brace leaves behind
_STRAY_FIELD = re.compile(r"^\s*,|\b[A-Za-z]+\s*=\s*[{\"\d]")


@lru_cache(maxsize=1)
def _decoder():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db().filter_context()
    context.add_context_category("snnbib", prepend=True, macros=[
        MacroTextSpec("textbraceleft", "{"),
        MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^"),
        MacroTextSpec("textless", "<"),
        MacroTextSpec("textgreater", ">"),
        MacroTextSpec("textbar", "|"),
        MacroTextSpec("url", "%s"),
    ])
    return LatexNodes2Text(latex_context=context, math_mode="verbatim")


@lru_cache(maxsize=65536)
def decode(value: str) -> str:
    """A .bib value as Unicode: LaTeX decoded, case-protecting braces dropped, math as `$...$`."""
    if not re.search(r"[\\{}$~%-]|``|''", value):
        return " ".join(value.split())
    return " ".join(_decoder().latex_to_text(value).split())


def _person(parts) -> Person:
    family = " ".join(parts.von + parts.last + parts.jr)
    return Person(decode(family), decode(" ".join(parts.first)))


def _record(entry, path: Path) -> Record:
    fields = {f.key.lower(): f.value for f in entry.fields}
    line = entry.start_line + 1
    if not entry.key.strip():
        raise ParseError(path, f"@{entry.entry_type} entry without a citation key", line)

    def text(name: str) -> str:
        value = fields.get(name, "")
        return decode(value) if isinstance(value, str) else ""

    names = fields.get("author", [])
    if isinstance(names, str):
        raise ParseError(path, f"entry {entry.key!r}: cannot split the author field", line)
    et_al = any(" ".join(n.last).lower() == "others" and not n.first for n in names)
    authors = tuple(_person(n) for n in names if not (" ".join(n.last).lower() == "others" and not n.first))
    year_match = _YEAR.search(text("year") or text("date"))
    arxiv = text("eprint") if text("eprinttype").lower() == "arxiv" or text("archiveprefix").lower() == "arxiv" else ""
    doi = text("doi")
    arxiv_doi = _ARXIV_DOI.match(doi)
    if arxiv_doi:
        arxiv, doi = arxiv or arxiv_doi.group(1), ""
    note = text("note")
    code = _CODE_NOTE.match(fields.get("note", "").strip())
    repository = (code.group(1) or code.group(2)) if code else ""
    kind = TYPES.get(entry.entry_type.lower(), Kind.PAPER)
    if arxiv and kind in (Kind.PAPER, Kind.WEBPAGE):
        kind = Kind.PREPRINT
    return Record(
        key=entry.key,
        kind=kind,
        title=text("title"),
        authors=authors,
        et_al=et_al,
        year=int(year_match.group(1)) if year_match else None,
        container_title=next((text(n) for n in CONTAINER_FIELDS if text(n)), ""),
        event=text("eventtitle"),
        publisher=text("publisher"),
        volume=text("volume"),
        issue=text("number") or text("issue"),
        pages=_PAGE_DASH.sub("-", text("pages")),
        url=fields.get("url", "").strip(),
        ids=Identifiers(doi=doi, arxiv=arxiv, arxiv_class=text("primaryclass") or text("eprintclass"),
                        repository=repository),
        topics=tuple(TopicAssignment(k, "import", path.name)
                     for k in unique(k.strip() for k in text("keywords").split(","))),
        note="" if code else note,
    )


@no_gc()
def read_bibtex(path: Path | str) -> list[Record]:
    """Every entry of a .bib file; a syntax error or a duplicate key is a ParseError with its line."""
    import bibtexparser
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
    from bibtexparser.model import ImplicitComment

    path = Path(path)
    logger = logging.getLogger("bibtexparser")  # it logs each problem; we raise it instead
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        library = bibtexparser.parse_string(read_text(path), append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    finally:
        logger.setLevel(level)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        error = block.error
        reason = getattr(error, "abort_reason", "") or str(error) or type(error).__name__
        raise ParseError(path, f"invalid BibTeX: {reason}", block.start_line + 1)
    for block in library.comments:
        if isinstance(block, ImplicitComment) and _STRAY_FIELD.search(block.raw):
            raise ParseError(path, "invalid BibTeX: fields outside any entry (unbalanced braces in the entry before?)",
                             block.start_line + 1)
    return [_record(entry, path) for entry in library.entries]
