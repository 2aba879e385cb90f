"""Text for the exporters: curator math, LaTeX escaping, case protection and plain Unicode.

Titles are clean Unicode that may hold `$...$` math exactly as the curator wrote it. The
BibTeX flavours escape TeX specials, turn non-ASCII into LaTeX (all of it for bibtex; for
biblatex only what pdflatex cannot typeset from UTF-8) and brace words whose case must
survive a bibliography style. The Zotero-facing formats get plain Unicode with the math
rendered (`$\\mathcal{O}$(L)` -> `𝒪(L)`). Every conversion is cached: names repeat across
entries and pylatexenc is slow.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# `$...$` as pandoc reads it: no space inside the delimiters, no digit after the closing one;
# an argument list written right after it (`$\mathcal{O}$(L)`) belongs to the math.
_MATH = re.compile(r"\$(?=[^\s$])((?:\\.|[^$\\])*?)(?<=[^\s\\])\$(?!\d)(\([\w ,.+\-*/^']{1,24}\))?")
_MATH_FORBIDDEN = re.compile(r"(?<!\\)[%&#~]")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"(?!\s)[\x00-\x1f\x7f-\x9f]")
# a word for case protection: letters and digits with inner apostrophes and dots; hyphens
# separate words, so `ANN-to-SNN` becomes `{ANN}-to-{SNN}`
_WORD = re.compile(r"\w(?:[\w'’.]*\w)?")
# TeX ligatures (-- ``  '' ?` !` ,,) would turn two typed characters into one: keep them
# apart with an empty group, marked by a noncharacter before the text is escaped
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[?!])(?=`)|(?<=,)(?=,)")
_BREAK = "\uffff"
_LEADING_NAME = re.compile(r"^\s*(\w+)\s*:")

# ASCII characters that LaTeX or BibTeX treat specially, written so that braces stay balanced
# (BibTeX counts `\{` as a brace, so literal braces become \textbraceleft{}).
LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    _BREAK: "{}",
}
# written as TeX's own ligatures, which bibtex, biber, pandoc and Zotero all read
DASHES = {"\u2013": "--", "\u2014": "---"}


def clean(text: str) -> str:
    """NFC text, every run of whitespace (newlines included) one space, no control characters."""
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text)).replace(_BREAK, "")
    return _SPACE.sub(" ", text).strip()


def _balanced(text: str) -> bool:
    """Braces balance for BibTeX (which counts escaped ones too) and for LaTeX (which does not)."""
    return _depth_ok(text) and _depth_ok(text.replace("\\{", "").replace("\\}", ""))


def _depth_ok(text: str) -> bool:
    depth = 0
    for char in text:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return False
    return depth == 0


def split_math(text: str) -> list[tuple[bool, str]]:
    """(is_math, piece) pairs; a math piece is the LaTeX inside `$...$` plus any argument list.

    Dollar signs that do not delimit valid math (unbalanced braces, `%`, `&`, `#`, `~`)
    stay in the text pieces and are escaped like any other character.
    """
    out: list[tuple[bool, str]] = []
    start = 0
    for match in _MATH.finditer(text):
        body = match.group(1) + (match.group(2) or "")
        if not _balanced(body) or _MATH_FORBIDDEN.search(body):
            continue
        if match.start() > start:
            out.append((False, text[start:match.start()]))
        out.append((True, body))
        start = match.end()
    if start < len(text):
        out.append((False, text[start:]))
    return out


class _CharTable(dict):
    """A str.translate table that converts each character once, on first sight."""

    def __init__(self, convert) -> None:
        super().__init__()
        self._convert = convert

    def __missing__(self, code: int) -> str:
        value = self[code] = self._convert(chr(code))
        return value


@lru_cache(maxsize=1)
def _encoder():
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(non_ascii_only=True, unknown_char_warning=False)


def _macro(char: str) -> str:
    """LaTeX for one non-ASCII character, braced; the character itself when LaTeX has none."""
    if char in DASHES:
        return DASHES[char]
    latex = _encoder().unicode_to_latex(char).strip()
    # a macro that does not decode back to the character would change the text: keep UTF-8
    if latex == char or _decoded(latex) != unicodedata.normalize("NFC", char):
        return char
    # pylatexenc writes script letters with \mathscr (mathrsfs); \mathcal is in the LaTeX kernel
    latex = latex.replace("\\mathscr{", "\\mathcal{")
    return latex if latex.startswith("{") and _balanced(latex[1:-1]) else "{" + latex + "}"


def _decoded(latex: str) -> str:
    return unicodedata.normalize("NFC", _latex2text().latex_to_text(latex).strip())


def _accented_latin(char: str) -> bool:
    """A Latin letter with diacritics (é, ü, Å, č...): UTF-8 that biber and pdflatex take."""
    decomposed = unicodedata.normalize("NFD", char)
    return len(decomposed) > 1 and decomposed[0].isascii() and decomposed[0].isalpha() and \
        "\u00c0" <= char <= "\u017f"


def _bibtex_char(char: str, specials: dict[str, str]) -> str:
    return specials.get(char, char) if char.isascii() or char == _BREAK else _macro(char)


def _biblatex_char(char: str, specials: dict[str, str]) -> str:
    if char.isascii() or char == _BREAK:
        return specials.get(char, char)
    return char if _accented_latin(char) else _macro(char)


# In names every escape is its own brace group (`{\_}`, `{\textbraceleft}`): BibTeX treats
# that as one special character, and bibtexparser's name splitter misreads bare `\_ and`.
NAME_SPECIALS = {c: "{" + v.removesuffix("{}") + "}" if v != "{}" else v for c, v in LATEX_SPECIALS.items()}
TABLES = {
    (flavour, braced): _CharTable(lambda c, convert=convert, specials=specials: convert(c, specials))
    for flavour, convert in (("bibtex", _bibtex_char), ("biblatex", _biblatex_char))
    for braced, specials in ((False, LATEX_SPECIALS), (True, NAME_SPECIALS))
}


def latex_escape(text: str, flavour: str, braced: bool = False) -> str:
    """Text as LaTeX for a .bib value: specials escaped, non-ASCII per the flavour, no ligatures."""
    return _LIGATURE.sub(_BREAK, text).translate(TABLES[flavour, braced])


# inside math only non-ASCII needs converting; TeX specials there are the curator's LaTeX
_MATH_TABLE = _CharTable(lambda c: c if c.isascii() else _macro(c))


def _math(body: str) -> str:
    return "{$" + (body if body.isascii() else body.translate(_MATH_TABLE)) + "$}"


def _needs_protection(word: str, names: frozenset[str], sentence_case: bool, first: bool) -> bool:
    """A word whose capitals a style must not lowercase (see `latex_title`)."""
    rest = word[1:]
    if any(c.isupper() for c in rest):  # SNN, ImageNet, ANN-to-SNN, DVS128-Gesture
        return True
    if not word[0].isupper():
        return False
    if len(word) == 1:  # a single capital: keep I, L, X; "A" is an ordinary article
        return word != "A"
    if any(c.isdigit() for c in rest):  # T5, N100
        return True
    return word in names or (sentence_case and not first)


def _is_sentence_case(words: list[str]) -> bool:
    """Most later words start lower-case, so a capitalised one is a proper noun."""
    later = [w for w in words[1:] if w[0].isalpha() and not any(c.isupper() for c in w[1:])]
    return bool(later) and sum(w[0].isupper() for w in later) * 2 < len(later)


@lru_cache(maxsize=65536)
def latex_title(title: str, flavour: str) -> str:
    """A title for .bib files: math as one brace group, protected words braced one by one.

    Protected: words with a capital after the first letter (`{SNN}`, `{ImageNet}`,
    `{ANN}-{SNN}`), capitalised words with digits, single capitals other than "A", the name a
    title introduces before its first colon (`{Spikformer}: When ...`) wherever it recurs,
    and, in a sentence-case title, every capitalised word after the first (proper nouns).
    In a Title Case title ordinary capitalised words are left to the style.
    """
    title = clean(title)
    pieces = split_math(title)
    words = [m.group(0) for math, text in pieces if not math for m in _WORD.finditer(text)]
    leading = _LEADING_NAME.match(title)
    names = frozenset([leading.group(1)] if leading and leading.group(1)[0].isupper() else [])
    sentence_case = _is_sentence_case(words)
    out: list[str] = []
    first = True
    for math, text in pieces:
        if math:
            out.append(_math(text))
            first = False
            continue
        start = 0
        for match in _WORD.finditer(text):
            word = match.group(0)
            out.append(latex_escape(text[start:match.start()], flavour))
            escaped = latex_escape(word, flavour)
            protect = _needs_protection(word, names, sentence_case, first)
            out.append("{" + escaped + "}" if protect else escaped)
            start = match.end()
            first = False
        out.append(latex_escape(text[start:], flavour))
    return "".join(out)


@lru_cache(maxsize=65536)
def latex_container(text: str, flavour: str) -> str:
    """A journal or proceedings title: every word with a capital is braced, as Zotero does."""
    text = clean(text)
    out: list[str] = []
    start = 0
    for match in _WORD.finditer(text):
        word = match.group(0)
        out.append(latex_escape(text[start:match.start()], flavour))
        escaped = latex_escape(word, flavour)
        out.append("{" + escaped + "}" if any(c.isupper() for c in word) else escaped)
        start = match.end()
    out.append(latex_escape(text[start:], flavour))
    return "".join(out)


@lru_cache(maxsize=65536)
def latex_text(text: str, flavour: str) -> str:
    """Any other text field: cleaned and escaped, no case protection."""
    return latex_escape(clean(text), flavour)


@lru_cache(maxsize=65536)
def latex_name(text: str, flavour: str) -> str:
    """A name part: cleaned and escaped with every escape braced."""
    return latex_escape(clean(text), flavour, braced=True)


@lru_cache(maxsize=1)
def _latex2text():
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=True)


@lru_cache(maxsize=65536)
def plain_text(text: str) -> str:
    """Plain Unicode for RIS and CSL-JSON: whitespace cleaned, curator math rendered (𝒪(L))."""
    text = clean(text)
    if "$" not in text:
        return text
    return "".join(_latex2text().latex_to_text(p) if math else p for math, p in split_math(text))
