"""BibTeX for classic .bst styles (plain, ieeetr...): ASCII with LaTeX for every other character.

Types fall back to @misc when a style's required fields are missing, so bibtex runs without
warnings. arXiv ids go in `eprint` + `eprinttype` (what Zotero reads) and `archivePrefix` +
`primaryClass` (what natbib styles print); @misc entries get `howpublished`, the only place
plain.bst prints where to find them. A code repository goes in `note = {Code: \\url{...}}`
(printed by every style, a child note in Zotero; load the url or hyperref package). An
entry without authors gets `key` (its title), which plain.bst needs to sort it.
"""

from __future__ import annotations


from ..model import Kind
from . import _bib as B

MISC = B.BibType("misc")
TYPES = {
    Kind.CONFERENCE_PAPER: B.BibType("inproceedings", "booktitle", ("authors", "container", "year"), number=False),
    Kind.JOURNAL_ARTICLE: B.BibType("article", "journal", ("authors", "container", "year")),
    Kind.PREPRINT: MISC,
    Kind.PAPER: MISC,
    Kind.BOOK: B.BibType("book", "", ("authors", "publisher", "year"), number=False),
    Kind.LECTURE: MISC,
    Kind.SOFTWARE: MISC,
    Kind.REPOSITORY: MISC,
    Kind.PROJECT: MISC,
    Kind.WEBPAGE: MISC,
}

FLAVOUR = B.Flavour(
    text="bibtex",
    types=TYPES,
    fallback=MISC,
    fields=(
        B.Field("author", B.authors),
        B.Field("title", B.title),
        B.Field("container", B.container, B.has_container),
        B.Field("howpublished", B.howpublished, B.is_misc),
        B.Field("year", B.year),
        B.Field("volume", B.volume),
        B.Field("number", B.number, B.has_number),
        B.Field("pages", B.pages),
        B.Field("publisher", B.publisher),
        B.Field("doi", B.doi),
        B.Field("eprint", B.eprint, arxiv=True),
        B.Field("eprinttype", B.eprinttype, arxiv=True),
        B.Field("archiveprefix", B.archiveprefix, arxiv=True),
        B.Field("primaryclass", B.arxiv_class, arxiv=True),
        B.Field("url", B.url),
        B.Field("note", B.note),
        B.Field("keywords", B.keywords),
        B.Field("key", B.sort_key),
    ),
)


PLUGIN = B.BibExporter(
    "bibtex", ("bib",), (".bib",),
    "BibTeX for classic styles (plain, ieeetr, natbib): non-ASCII as LaTeX",
    FLAVOUR,
)
