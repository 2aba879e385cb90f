"""The text rules of the exporters: math, escaping, case protection, Unicode, field facts."""

from __future__ import annotations

import pytest

from export_records import TRICKY
from snnbib.errors import ExportError
from snnbib.exporters import _fields as F
from snnbib.exporters._bib import person
from snnbib.exporters._text import latex_container, latex_title, plain_text, split_math
from snnbib.model import Identifiers, Kind, Person, Record


@pytest.mark.parametrize("title, expected", [
    ("Efficient & Accurate SNN Training: 100% ANN-to-SNN Conversion with $\\mathcal{O}$(L) Time Steps",
     "Efficient \\& Accurate {SNN} Training: 100\\% {ANN}-to-{SNN} Conversion with {$\\mathcal{O}(L)$} Time Steps"),
    ("Spikformer: When Spiking Neural Network Meets Transformer",
     "{Spikformer}: When Spiking Neural Network Meets Transformer"),
    ("Spiking neural networks on Loihi with ImageNet", "Spiking neural networks on {Loihi} with {ImageNet}"),
    ("Training Spiking Neural Networks Using Lessons From Deep Learning",
     "Training Spiking Neural Networks Using Lessons From Deep Learning"),
    ("A study of SEW ResNet-18 on DVS128 Gesture", "A study of {SEW} {ResNet}-18 on {DVS128} {Gesture}"),
    ("Costs of $5 and $6 in #1_x", "Costs of \\$5 and \\$6 in \\#1\\_x"),
    ("{braces} ~ ^ \\ < > |", ("\\textbraceleft{}braces\\textbraceright{} \\textasciitilde{} "
                               "\\textasciicircum{} \\textbackslash{} \\textless{} \\textgreater{} \\textbar{}")),
    ("A -- B — C – D ``q''", "A -{}- {B} --- {C} -- {D} `{}`q'{}'"),
    ("Line\nbreaks\tand  spaces", "Line breaks and spaces"),
])
def test_bibtex_title(title: str, expected: str) -> None:
    assert latex_title(title, "bibtex") == expected


def test_flavours_differ_only_in_non_ascii() -> None:
    assert latex_title("Müller’s rule on Łódź data", "bibtex") == \
        "M{\\\"u}ller{\\textquoteright}s rule on {{\\L}{\\'o}d{\\'z}} data"
    assert latex_title("Müller’s rule on Łódź data", "biblatex") == \
        "Müller{\\textquoteright}s rule on {{\\L}ódź} data"


def test_non_bmp_math_letters_become_kernel_latex() -> None:
    assert latex_title("𝒪 and α", "biblatex") == "{{\\ensuremath{\\mathcal{O}}}} and {\\ensuremath{\\alpha}}"


def test_characters_latex_has_no_macro_for_stay_utf8() -> None:
    assert latex_title("天机芯 chip", "bibtex") == "天机芯 chip"


@pytest.mark.parametrize("text, pieces", [
    ("$\\mathcal{O}$(L) steps", [(True, "\\mathcal{O}(L)"), (False, " steps")]),
    ("$5 and $6", [(False, "$5 and $6")]),
    ("$a%b$ and $\\{$", [(False, "$a%b$ and $\\{$")]),
    ("$x^2$-norm", [(True, "x^2"), (False, "-norm")]),
])
def test_split_math(text: str, pieces: list[tuple[bool, str]]) -> None:
    assert split_math(text) == pieces


def test_plain_text_renders_math_as_unicode() -> None:
    assert plain_text("with $\\mathcal{O}$(L)\n steps & 100%") == "with 𝒪(L) steps & 100%"
    assert plain_text("$5 and $6") == "$5 and $6"


def test_container_braces_every_capitalised_word() -> None:
    assert latex_container("Advances in Neural Information Processing Systems", "bibtex") == \
        "{Advances} in {Neural} {Information} {Processing} {Systems}"


@pytest.mark.parametrize("name, expected", [
    (Person("van der Berg", "Jan"), "van der Berg, Jan"),
    (Person("Intel Neuromorphic Lab"), "{Intel Neuromorphic Lab}"),
    (Person("Anderson", "Jack and Jill"), "Anderson, {Jack and Jill}"),
    (Person("Smith, Jr.", "John"), "{Smith, Jr.}, John"),
    (Person("others"), "{others}"),
    (Person("O_Neil", "A&B"), "O{\\_}Neil, A{\\&}B"),
])
def test_bibtex_names(name: Person, expected: str) -> None:
    assert person(name, "bibtex") == expected


def test_preprint_facts() -> None:
    paper = Record("k", Kind.PAPER, "t", ids=Identifiers(arxiv="2101.00001"))
    assert F.kind_of(paper) is Kind.PREPRINT
    assert F.doi(paper) == "10.48550/arXiv.2101.00001"
    assert F.url(paper) == "https://arxiv.org/abs/2101.00001"
    published = Record("k", Kind.CONFERENCE_PAPER, "t", ids=Identifiers(doi="10.1/x", arxiv="2101.00001"))
    assert F.doi(published) == "10.1/x"


def test_code_link_only_when_not_the_url() -> None:
    software = next(r for r in TRICKY if r.key == "snntorch")
    paper = next(r for r in TRICKY if r.key == "zhou2023spikformer")
    assert F.code_link(software) == ""
    assert F.code_link(paper) == "https://github.com/ZK-Zhou/spikformer"


@pytest.mark.parametrize("pages, expected", [("1-10", ("1", "10")), ("56 – 67", ("56", "67")),
                                             ("e123", ("e123", "")), ("", ("", ""))])
def test_page_range(pages: str, expected: tuple[str, str]) -> None:
    assert F.page_range(pages) == expected


@pytest.mark.parametrize("keys", [["a", "a"], ["has space"], [""]])
def test_bad_keys_are_export_errors(keys: list[str]) -> None:
    with pytest.raises(ExportError):
        F.in_key_order([Record(k, Kind.PAPER, "t") for k in keys])


def test_code_link_ignores_case_and_trailing_slash_of_the_url() -> None:
    record = Record("k", Kind.SOFTWARE, "BindsNET", url="https://github.com/BindsNET/bindsnet/",
                    ids=Identifiers(repository="https://github.com/bindsnet/bindsnet"))
    assert F.code_link(record) == ""


@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_bib_pages_use_the_en_dash_ligature(flavour: str) -> None:
    from snnbib.exporters import _bib as B
    from snnbib.exporters.biblatex import FLAVOUR as BIBLATEX
    from snnbib.exporters.bibtex import FLAVOUR as BIBTEX

    flavours = {"bibtex": BIBTEX, "biblatex": BIBLATEX}
    record = Record("k", Kind.JOURNAL_ARTICLE, "t", pages="56–67")
    assert B.pages(record, flavours[flavour]) == "56--67"
    assert B.pages(Record("k", Kind.PAPER, "t", pages="e1_2"), flavours[flavour]) == "e1\\_2"
