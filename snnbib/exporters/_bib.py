"""The .bib writer shared by the bibtex and biblatex flavours; each flavour is a set of tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Mapping, Sequence

from ..errors import ExportError
from ..model import Kind, Person, Record
from . import _fields as F
from ._text import clean, latex_container, latex_name, latex_text, latex_title

# what BibTeX and biber accept in a citation key
_KEY = re.compile(r"^[A-Za-z0-9_:.+/\-]+$")
# URLs that \url takes safely even inside another command's argument (biblatex's note)
_URL_SAFE = re.compile(r"^[A-Za-z0-9\-._:/?=+@!*,;()]+$")
# name parts BibTeX would split at, or read as "et al."
_SPLITS = re.compile(r",|\band\b|^others$", re.I)


@dataclass(frozen=True)
class BibType:
    """An entry type, the field its container title goes in, and what styles need to use it.

    `needs` names record facts (authors, container, year, publisher) without which a classic
    .bst style warns; the flavour's `fallback` type is used instead.
    """

    entry: str
    container: str = ""
    needs: tuple[str, ...] = ()
    number: bool = True  # plain.bst warns on a number without a series in books and proceedings


_HAS = {
    "authors": lambda r: bool(r.authors),
    "container": lambda r: bool(r.container_title),
    "year": lambda r: r.year is not None,
    "publisher": lambda r: bool(r.publisher),
}


@dataclass(frozen=True)
class Flavour:
    """One .bib dialect: its type table, its field table and its text encoding."""

    text: str  # "bibtex" or "biblatex": how non-ASCII is written (see _text)
    types: Mapping[Kind, BibType]
    fallback: BibType
    fields: tuple[tuple[str, Callable[[Record, BibType, "Flavour"], str]], ...]

    def entry_type(self, record: Record) -> BibType:
        chosen = self.types[F.kind_of(record)]
        if all(_HAS[need](record) for need in chosen.needs):
            return chosen
        return self.fallback

    def entry(self, record: Record) -> str:
        if not _KEY.match(record.key):
            raise ExportError(f"citation key {record.key!r} has characters BibTeX does not allow in keys")
        bibtype = self.entry_type(record)
        lines = [f"@{bibtype.entry}{{{record.key},"]
        for name, get in self.fields:
            value = get(record, bibtype, self)
            if value:
                lines.append(f"  {bibtype.container if name == 'container' else name} = {{{value}}},")
        lines.append("}\n")
        return "\n".join(lines)

    def dumps(self, records: Sequence[Record]) -> str:
        return "\n".join(self.entry(r) for r in F.in_key_order(records))


def person(p: Person, flavour: str) -> str:
    """`Family, Given` with braces where BibTeX would split a part (commas, "and", corporate)."""
    return _person(p.family, p.given, flavour)


@lru_cache(maxsize=65536)
def _person(family: str, given: str, flavour: str) -> str:
    family, given = clean(family), clean(given)
    if not family:
        family, given = given, ""
    family_tex, given_tex = latex_name(family, flavour), latex_name(given, flavour)
    if _SPLITS.search(family) or (not given and " " in family):
        family_tex = "{" + family_tex + "}"
    if _SPLITS.search(given):
        given_tex = "{" + given_tex + "}"
    return f"{family_tex}, {given_tex}" if given_tex else family_tex


def url_value(url: str) -> str:
    """A URL as a .bib value: characters that would unbalance or split the value percent-encoded."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def url_command(url: str, flavour: str) -> str:
    """\\url{...} when the URL is safe in any context, else the URL as escaped text."""
    return f"\\url{{{url}}}" if _URL_SAFE.match(url) else latex_text(url, flavour)


# Field getters: (record, entry type, flavour) -> the value as LaTeX, '' to leave the field out.

def authors(r: Record, t: BibType, f: Flavour) -> str:
    names = [name for name in (_person(p.family, p.given, f.text) for p in r.authors) if name]
    if names and r.et_al:
        names.append("others")
    return " and ".join(names)


def title(r: Record, t: BibType, f: Flavour) -> str:
    return latex_title(r.title, f.text)


def container(r: Record, t: BibType, f: Flavour) -> str:
    return latex_container(r.container_title, f.text) if t.container and r.container_title else ""


def event(r: Record, t: BibType, f: Flavour) -> str:
    return latex_text(r.event, f.text) if t.entry == "inproceedings" else ""


def howpublished(r: Record, t: BibType, f: Flavour) -> str:
    """For @misc only: arXiv id, else the venue, else the URL (plain.bst prints no url field)."""
    if t.entry != "misc":
        return ""
    if r.ids.arxiv:
        return f"arXiv:{latex_text(r.ids.arxiv, f.text)}"
    venue = r.event or r.venue or r.container_title
    if venue:
        return latex_text(venue, f.text)
    link = F.url(r)
    return url_command(link, f.text) if link else ""


def year(r: Record, t: BibType, f: Flavour) -> str:
    return str(r.year) if r.year is not None else ""


def volume(r: Record, t: BibType, f: Flavour) -> str:
    return latex_text(r.volume, f.text)


def number(r: Record, t: BibType, f: Flavour) -> str:
    return latex_text(r.issue, f.text) if t.number else ""


def pages(r: Record, t: BibType, f: Flavour) -> str:
    """`588--595`: each page escaped on its own, joined by the en-dash ligature BibTeX expects."""
    first, last = F.page_range(r.pages)
    first = latex_text(first, f.text)
    return f"{first}--{latex_text(last, f.text)}" if last else first


def publisher(r: Record, t: BibType, f: Flavour) -> str:
    return latex_text(r.publisher, f.text)


def doi(r: Record, t: BibType, f: Flavour) -> str:
    return url_value(F.doi(r))


def eprint(r: Record, t: BibType, f: Flavour) -> str:
    return latex_text(r.ids.arxiv, f.text)


def eprinttype(r: Record, t: BibType, f: Flavour) -> str:
    return "arxiv" if r.ids.arxiv else ""


def archiveprefix(r: Record, t: BibType, f: Flavour) -> str:
    return "arXiv" if r.ids.arxiv else ""


def arxiv_class(r: Record, t: BibType, f: Flavour) -> str:
    return latex_text(r.ids.arxiv_class, f.text) if r.ids.arxiv else ""


def url(r: Record, t: BibType, f: Flavour) -> str:
    return url_value(F.url(r))


def note(r: Record, t: BibType, f: Flavour) -> str:
    code = F.code_link(r)
    return f"Code: {url_command(code, f.text)}" if code else ""


def keywords(r: Record, t: BibType, f: Flavour) -> str:
    return latex_text(", ".join(F.keywords(r)), f.text)


def sort_key(r: Record, t: BibType, f: Flavour) -> str:
    """plain.bst sorts by author, else by `key`: an author-less entry sorts by its title."""
    return "" if r.authors else latex_text(r.title, f.text)
