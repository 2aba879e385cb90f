"""Property tests: arbitrary Unicode titles and names, with TeX specials, braces, `@`, `$` and
newlines, survive export -> parse in every format and never break a parser."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import require_shared
from readback import check_bibtexparser, check_csl, check_pybtex, check_rispy
from snnbib.exporters import EXPORTERS
from snnbib.exporters._text import clean, plain_text
from snnbib.readers.bibtex import read_bibtex
from snnbib.readers.csljson import read_csljson
from snnbib.model import Identifiers, Kind, Person, Record, TopicAssignment

SPECIALS = "&%$#_{}~^\\@\"'`,;:.!?()[]<>|-–—\n\t  "
# printable text of any script, plus the characters that break TeX, BibTeX and RIS
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Co", "Cn")),
        st.sampled_from(SPECIALS),
        st.sampled_from("aAbBsSnN0ÄéøßΩ𝒪中"),
    ),
    max_size=60,
)
MATH = st.sampled_from([r"$\mathcal{O}$(L)", r"$x^2$", r"$\alpha$", "$5 and $6", "$", r"$\{$", "$a%b$"])
TITLE = st.lists(st.one_of(TEXT, MATH), min_size=1, max_size=4).map(" ".join)
NAME = st.builds(Person, TEXT.filter(str.strip), TEXT)
KEY = st.from_regex(r"[a-z][a-z0-9_\-]{0,15}", fullmatch=True)


@st.composite
def records(draw) -> list[Record]:
    keys = draw(st.lists(KEY, min_size=1, max_size=4, unique=True))
    return [
        Record(
            key=key,
            kind=draw(st.sampled_from(list(Kind))),
            title=draw(TITLE),
            authors=tuple(draw(st.lists(NAME, max_size=3))),
            et_al=draw(st.booleans()),
            year=draw(st.one_of(st.none(), st.integers(1900, 2030))),
            container_title=draw(TEXT),
            publisher=draw(TEXT),
            pages=draw(st.sampled_from(["", "1-10", "e123", "5–9"])),
            ids=Identifiers(arxiv=draw(st.sampled_from(["", "2109.12894"])),
                            repository=draw(st.sampled_from(["", "https://github.com/a/b"]))),
            topics=(TopicAssignment("ann2snn", "section"),),
        )
        for key in keys
    ]


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(records())
def test_bibtex_survives_bibtexparser_and_pybtex(batch: list[Record]) -> None:
    text = EXPORTERS.get("bibtex").dumps(batch)
    check_bibtexparser(text, batch)
    check_pybtex(text, batch)


@SETTINGS
@given(records())
def test_biblatex_survives_bibtexparser_and_pybtex(batch: list[Record]) -> None:
    text = EXPORTERS.get("biblatex").dumps(batch)
    check_bibtexparser(text, batch)
    check_pybtex(text, batch)


@SETTINGS
@given(records())
def test_ris_survives_rispy(batch: list[Record]) -> None:
    check_rispy(EXPORTERS.get("ris").dumps(batch), batch)


@SETTINGS
@given(records())
def test_csl_json_is_valid_and_survives(batch: list[Record]) -> None:
    check_csl(EXPORTERS.get("csl-json").dumps(batch), batch, require_shared("formats", "csl", "csl-data.json"))


def _expected_names(record: Record) -> list[tuple[str, str]]:
    return [(f, g) if f else (g, "") for f, g in ((clean(p.family), clean(p.given)) for p in record.authors) if f or g]


@SETTINGS
@given(records(), st.sampled_from(["bibtex", "biblatex", "csl-json"]))
def test_snnbib_readers_read_back_titles_and_names(tmp_path_factory, batch: list[Record], name: str) -> None:
    path = tmp_path_factory.mktemp("readback") / f"refs{EXPORTERS.get(name).suffixes[0]}"
    path.write_text(EXPORTERS.get(name).dumps(batch), encoding="utf-8")
    back = {r.key: r for r in (read_csljson(path) if name == "csl-json" else read_bibtex(path))}
    for record in batch:
        read = back[record.key]
        # CSL-JSON holds the title as plain text already (math rendered): it is read back as it is
        assert (read.title if name == "csl-json" else plain_text(read.title)) == plain_text(record.title)
        assert [(p.family, p.given) for p in read.authors] == _expected_names(record)
