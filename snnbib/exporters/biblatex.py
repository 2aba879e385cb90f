"""biblatex for biber: UTF-8 accented Latin, LaTeX for what pdflatex cannot take from UTF-8.

Preprints are @online with `eprint`, `eprinttype = {arxiv}` and `eprintclass` (biblatex prints
them as "arXiv: id [class]"); software is @software; a conference's name goes in
`eventtitle`. biblatex has no code field: the repository goes in `note = {Code: \\url{...}}`
(printed by the standard styles, a child note in Zotero).
"""

from __future__ import annotations


from ..model import Kind
from . import _bib as B

MISC = B.BibType("misc")
ONLINE = B.BibType("online")
SOFTWARE = B.BibType("software")
TYPES = {
    Kind.CONFERENCE_PAPER: B.BibType("inproceedings", "booktitle"),
    Kind.JOURNAL_ARTICLE: B.BibType("article", "journaltitle"),
    Kind.PREPRINT: ONLINE,
    Kind.PAPER: MISC,
    Kind.BOOK: B.BibType("book"),
    Kind.LECTURE: MISC,
    Kind.SOFTWARE: SOFTWARE,
    Kind.REPOSITORY: SOFTWARE,
    Kind.PROJECT: ONLINE,
    Kind.WEBPAGE: ONLINE,
}

FLAVOUR = B.Flavour(
    text="biblatex",
    types=TYPES,
    fallback=MISC,
    fields=(
        B.Field("author", B.authors),
        B.Field("title", B.title),
        B.Field("container", B.container, B.has_container),
        B.Field("eventtitle", B.event, B.is_inproceedings),
        B.Field("date", B.year),
        B.Field("volume", B.volume),
        B.Field("number", B.number, B.has_number),
        B.Field("pages", B.pages),
        B.Field("publisher", B.publisher),
        B.Field("doi", B.doi),
        B.Field("eprint", B.eprint, arxiv=True),
        B.Field("eprinttype", B.eprinttype, arxiv=True),
        B.Field("eprintclass", B.arxiv_class, arxiv=True),
        B.Field("url", B.url),
        B.Field("note", B.note),
        B.Field("keywords", B.keywords),
    ),
)


PLUGIN = B.BibExporter(
    "biblatex", ("biber",), (".bib",),
    "biblatex for biber: UTF-8, @online preprints, @software",
    FLAVOUR,
)
