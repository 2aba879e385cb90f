"""The .bib writer shared by the bibtex and biblatex flavours; each flavour is a set of tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Callable, Mapping, NamedTuple, Sequence

from ..errors import ExportError
from ..gcpause import no_gc
from ..model import Kind, Person, Record, Topic
from . import Exporter
from . import _fields as F
from ._text import Memo, clean, latex_container, latex_name, latex_text, latex_title

# what BibTeX and biber accept in a citation key
_KEY = re.compile(r"^[A-Za-z0-9_:.+/\-]+$")
# URLs that \url takes safely even inside another command's argument (biblatex's note)
_URL_SAFE = re.compile(r"^[A-Za-z0-9\-._:/?=+@!*,;()]+$")
# name parts BibTeX would split at, or read as "et al."
_SPLITS = re.compile(r",|\band\b|^others$", re.I)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a table entry
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


class Field(NamedTuple):
    """A .bib field: its name ("container" is the type's container field), how to get its value
    as LaTeX ('' leaves it out), which entry types carry it (None: all), and whether only
    records with an arXiv id do."""

    name: str
    get: Callable[[Record, "Flavour"], str]
    when: Callable[[BibType], bool] | None = None
    arxiv: bool = False  # only records with an arXiv id have it


@dataclass(frozen=True)
class Flavour:
    """One .bib dialect: its type table, its field table and its text encoding."""

    text: str  # "bibtex" or "biblatex": how non-ASCII is written (see _text)
    types: Mapping[Kind, BibType]
    fallback: BibType
    fields: tuple[Field, ...]

    @cached_property
    def _plans(self) -> dict[tuple[BibType, bool], tuple[tuple[str, Callable[[Record, "Flavour"], str]], ...]]:
        """Per entry type and arXiv or not, computed once: ("  name = {", getter) of the fields it carries."""
        return {(t, arxiv): tuple((f"  {t.container if f.name == 'container' else f.name} = {{", f.get)
                                  for f in self.fields if (f.when is None or f.when(t)) and (arxiv or not f.arxiv))
                for t in {*self.types.values(), self.fallback} for arxiv in (False, True)}

    @cached_property
    def _parts(self) -> Memo:
        """A name part -> its LaTeX when it needs no braces (non-empty, clean, nothing BibTeX
        splits at), else F.NOT_SIMPLE."""
        def convert(part: str) -> str:
            if part and clean(part) == part and not _SPLITS.search(part):
                return latex_name(part, self.text)
            return F.NOT_SIMPLE
        return Memo(convert)

    def entry_type(self, record: Record) -> BibType:
        chosen = self.types[F.kind_of(record)]
        for need in chosen.needs:
            if not _HAS[need](record):
                return self.fallback
        return chosen

    def entry(self, record: Record) -> str:
        if not _KEY.match(record.key):
            raise ExportError(f"citation key {record.key!r} has characters BibTeX does not allow in keys")
        bibtype = self.entry_type(record)
        lines = [f"@{bibtype.entry}{{{record.key},"]
        for prefix, get in self._plans[bibtype, bool(record.ids.arxiv)]:
            value = get(record, self)
            if value:
                lines.append(f"{prefix}{value}}},")
        lines.append("}\n")
        return "\n".join(lines)

    def pieces(self, records: Sequence[Record]) -> list[str]:
        """The entries, a blank line between each two."""
        with no_gc():
            return F.interleave([self.entry(r) for r in F.in_key_order(records)], "\n")


def person(p: Person, flavour: str) -> str:
    """`Family, Given` with braces where BibTeX would split a part (commas, "and", corporate)."""
    return _person(p.family, p.given, flavour)


def _person(family: str, given: str, flavour: str) -> str:
    family, given = clean(family), clean(given)
    if not family:
        family, given = given, ""
    family_tex, family_splits = _part(family, flavour)
    given_tex, given_splits = _part(given, flavour)
    if family_splits or (not given and " " in family):
        family_tex = "{" + family_tex + "}"
    if given_splits:
        given_tex = "{" + given_tex + "}"
    return f"{family_tex}, {given_tex}" if given_tex else family_tex


@lru_cache(maxsize=65536)
def _part(text: str, flavour: str) -> tuple[str, bool]:
    """A name part as LaTeX, and whether BibTeX would split it (a comma, "and", "others")."""
    return latex_name(text, flavour), bool(_SPLITS.search(text))


def url_value(url: str) -> str:
    """A URL as a .bib value: characters that would unbalance or split the value percent-encoded."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def url_command(url: str, flavour: str) -> str:
    """\\url{...} when the URL is safe in any context, else the URL as escaped text."""
    return f"\\url{{{url}}}" if _URL_SAFE.match(url) else latex_text(url, flavour)


# Field getters: (record, flavour) -> the value as LaTeX, '' to leave the field out.
# Which entry types carry a field: conditions on the type, evaluated once per type.

def authors(r: Record, f: Flavour) -> str:
    parts = f._parts
    text = " and ".join([f"{parts[p.family]}, {parts[p.given]}" for p in r.authors])
    if F.NOT_SIMPLE in text:
        names = (_person(p.family, p.given, f.text) for p in r.authors)
        text = " and ".join([name for name in names if name])
    return f"{text} and others" if text and r.et_al else text


def title(r: Record, f: Flavour) -> str:
    return latex_title(r.title, f.text)


def container(r: Record, f: Flavour) -> str:
    return latex_container(r.container_title, f.text) if r.container_title else ""


def has_container(t: BibType) -> bool:
    return bool(t.container)


def event(r: Record, f: Flavour) -> str:
    return latex_text(r.event, f.text) if r.event else ""


def is_inproceedings(t: BibType) -> bool:
    return t.entry == "inproceedings"


def howpublished(r: Record, f: Flavour) -> str:
    """For @misc only: arXiv id, else the venue, else the URL (plain.bst prints no url field)."""
    if r.ids.arxiv:
        return f"arXiv:{latex_text(r.ids.arxiv, f.text)}"
    venue = r.event or r.venue or r.container_title
    if venue:
        return latex_text(venue, f.text)
    link = F.url(r)
    return url_command(link, f.text) if link else ""


def is_misc(t: BibType) -> bool:
    return t.entry == "misc"


def year(r: Record, f: Flavour) -> str:
    return str(r.year) if r.year is not None else ""


def volume(r: Record, f: Flavour) -> str:
    return latex_text(r.volume, f.text) if r.volume else ""


def number(r: Record, f: Flavour) -> str:
    return latex_text(r.issue, f.text) if r.issue else ""


def has_number(t: BibType) -> bool:
    return t.number


def pages(r: Record, f: Flavour) -> str:
    """`588--595`: each page escaped on its own, joined by the en-dash ligature BibTeX expects."""
    if not r.pages:
        return ""
    first, last = F.page_range(r.pages)
    first = latex_text(first, f.text)
    return f"{first}--{latex_text(last, f.text)}" if last else first


def publisher(r: Record, f: Flavour) -> str:
    return latex_text(r.publisher, f.text) if r.publisher else ""


def doi(r: Record, f: Flavour) -> str:
    return url_value(F.doi(r))


def eprint(r: Record, f: Flavour) -> str:
    return latex_text(r.ids.arxiv, f.text) if r.ids.arxiv else ""


def eprinttype(r: Record, f: Flavour) -> str:
    return "arxiv" if r.ids.arxiv else ""


def archiveprefix(r: Record, f: Flavour) -> str:
    return "arXiv" if r.ids.arxiv else ""


def arxiv_class(r: Record, f: Flavour) -> str:
    return latex_text(r.ids.arxiv_class, f.text) if r.ids.arxiv and r.ids.arxiv_class else ""


def url(r: Record, f: Flavour) -> str:
    return url_value(F.url(r))


def note(r: Record, f: Flavour) -> str:
    code = F.code_link(r)
    return f"Code: {url_command(code, f.text)}" if code else ""


def keywords(r: Record, f: Flavour) -> str:
    return latex_text(F.keyword_text(r), f.text)


def sort_key(r: Record, f: Flavour) -> str:
    """plain.bst sorts by author, else by `key`: an author-less entry sorts by its title."""
    return "" if r.authors else latex_text(r.title, f.text)


@dataclass(frozen=True)
class BibExporter(Exporter):
    """A .bib exporter: its registry names and the flavour (types and field table) it writes."""

    name: str
    aliases: tuple[str, ...]
    suffixes: tuple[str, ...]
    description: str
    flavour: Flavour

    def pieces(self, records: Sequence[Record], topics: Sequence[Topic] = ()) -> list[str]:
        """The file for `records`; `topics` is unused (these formats have no collections)."""
        return self.flavour.pieces(records)

