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
from operator import itemgetter
from typing import NamedTuple

# `$...$` as pandoc reads it: no space inside the delimiters, no digit after the closing one;
# an argument list written right after it (`$\mathcal{O}$(L)`) belongs to the math. A title's
# math is short: bounding it keeps the search linear (`$\$\$\...` would take quadratic time).
_MATH_MAX = 300
_MATH = re.compile(r"\$(?=[^\s$])((?:\\.|[^$\\]){1,%d}?)(?<=[^\s\\])\$(?!\d)(\([\w ,.+\-*/^']{1,24}\))?" % _MATH_MAX)
_MATH_FORBIDDEN = re.compile(r"(?<!\\)[%&#~]")
# a word for case protection: letters and digits with inner apostrophes and dots; hyphens
# separate words, so `ANN-to-SNN` becomes `{ANN}-to-{SNN}`
_WORD = re.compile(r"\w(?:[\w'’.]*\w)?")
# the words that may need protection: any with a character that is not a lower-case ASCII letter
# within its first 100 (the bound keeps the search linear on runs like `'''...` or `'a'a'a...`)
_CANDIDATE = re.compile(r"(?<!\w)(?=[\w'’.]{0,100}[^\Wa-z])\w(?:[\w'’.]*\w)?")
# TeX ligatures (-- ``  '' ?` !` ,,) would turn two typed characters into one: keep them
# apart with an empty group, marked by a noncharacter before the text is escaped
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[?!])(?=`)|(?<=,)(?=,)")
_LIGATURE_PAIR = re.compile(r"--|``|''|\?`|!`|,,")
_BREAK = "\uffff"
# braces that protect a word's case, marked while the text is still unescaped
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
# what clean() deletes: control characters that are not whitespace, and the markers
_STRIP = {c: None for c in [*range(0x20), *range(0x7f, 0xa0), ord(_BREAK), ord(_OPEN), ord(_CLOSE)]
          if not chr(c).isspace()}
# text that LaTeX typesets as typed: ASCII letters, digits and harmless punctuation, single spaces
_PLAIN_ASCII = re.compile(r"[A-Za-z0-9.:/()+=@*;,-]+(?: [A-Za-z0-9.:/()+=@*;,-]+)*")
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
    _OPEN: "{",
    _CLOSE: "}",
}
# written as TeX's own ligatures, which bibtex, biber, pandoc and Zotero all read
DASHES = {"\u2013": "--", "\u2014": "---"}


def clean(text: str) -> str:
    """NFC text, every run of whitespace (newlines included) one space, no control characters."""
    if not text:
        return text
    if text.isprintable() and (text.isascii() or unicodedata.is_normalized("NFC", text)):
        # printable text has no whitespace but the ASCII space
        if "  " not in text and text[0] != " " and text[-1] != " ":
            return text
    if not text.isprintable():
        text = text.translate(_STRIP)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def _balanced(text: str) -> bool:
    """Braces balance for BibTeX (which counts escaped ones too) and for LaTeX (which does not)."""
    if "{" not in text and "}" not in text:
        return True
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
        if not _balanced(body) or _MATH_FORBIDDEN.search(body) or not _math_characters(body):
            continue
        if match.start() > start:
            out.append((False, text[start:match.start()]))
        out.append((True, body))
        start = match.end()
    if start < len(text):
        out.append((False, text[start:]))
    return out


def _math_characters(body: str) -> bool:
    """Math may hold ASCII, math symbols, Greek and math letters (𝒪); `$¡ ¡$` is not math."""
    return body.isascii() or all(
        c.isascii() or unicodedata.category(c) == "Sm" or "\u0370" <= c <= "\u03ff"
        or "\U0001d400" <= c <= "\U0001d7ff" for c in body)


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
    return specials.get(char, char) if char.isascii() or char in _MARKERS else _macro(char)


def _biblatex_char(char: str, specials: dict[str, str]) -> str:
    if char.isascii() or char in _MARKERS:
        return specials.get(char, char)
    return char if _accented_latin(char) else _macro(char)


# In names every escape is its own brace group (`{\_}`, `{\textbraceleft}`): BibTeX treats
# that as one special character, and bibtexparser's name splitter misreads bare `\_ and`.
_MARKERS = (_BREAK, _OPEN, _CLOSE)
NAME_SPECIALS = {c: v if c in _MARKERS else "{" + v.removesuffix("{}") + "}" for c, v in LATEX_SPECIALS.items()}
TABLES = {
    (flavour, braced): _CharTable(lambda c, convert=convert, specials=specials: convert(c, specials))
    for flavour, convert in (("bibtex", _bibtex_char), ("biblatex", _biblatex_char))
    for braced, specials in ((False, LATEX_SPECIALS), (True, NAME_SPECIALS))
}


def latex_escape(text: str, flavour: str, braced: bool = False) -> str:
    """Text as LaTeX for a .bib value: specials escaped, non-ASCII per the flavour, no ligatures."""
    if _LIGATURE_PAIR.search(text):
        text = _LIGATURE.sub(_BREAK, text)
    return text.translate(TABLES[flavour, braced])


# inside math only non-ASCII needs converting; TeX specials there are the curator's LaTeX
_MATH_TABLE = _CharTable(lambda c: c if c.isascii() else _macro(c))


def _math(body: str) -> str:
    return "{$" + (body if body.isascii() else body.translate(_MATH_TABLE)) + "$}"


# word classes for case protection
ALWAYS, CAPITAL, ARTICLE, LOWER, OTHER = range(5)


@lru_cache(maxsize=65536)
def _word_class(word: str) -> int:
    """ALWAYS: a capital after the first letter (SNN, ImageNet), capitalised with digits (T5) or a
    single capital other than "A"; CAPITAL: capitalised; ARTICLE: "A"; LOWER; OTHER."""
    first, rest = word[0], word[1:]
    if any(c.isupper() for c in rest):
        return ALWAYS
    if first.islower():
        return LOWER
    if not first.isupper():
        return OTHER
    if not rest:
        return ARTICLE if word == "A" else ALWAYS
    return ALWAYS if any(c.isdigit() for c in rest) else CAPITAL


def _protect_words(text: str, protect) -> str:
    """`text` with each word `protect(match)` approves wrapped in case-protection markers."""
    def mark(match: re.Match[str]) -> str:
        return _OPEN + match.group(0) + _CLOSE if protect(match) else match.group(0)
    return _CANDIDATE.sub(mark, text)


def latex_title(title: str, flavour: str) -> str:
    """A title for .bib files: math as one brace group, protected words braced one by one.

    Protected: words with a capital after the first letter (`{SNN}`, `{ImageNet}`,
    `{ANN}-{SNN}`), capitalised words with digits, single capitals other than "A", the name a
    title introduces before its first colon (`{Spikformer}: When ...`) wherever it recurs,
    and, in a sentence-case title, every capitalised word after the first (proper nouns).
    In a Title Case title ordinary capitalised words are left to the style.
    Works token by token (space-separated); each token is converted once for both styles.
    """
    title = clean(title)
    table = TOKENS[flavour]
    if "$" not in title:  # the common case, one run of tokens
        ts = [table[t] for t in title.split(" ")]
        first = ts[0].first
        if first is None:
            first = next((t.first for t in ts if t.first is not None), 0)
        sentence_case = sum(map(_BALANCE, ts)) > first
        texts = list(map(_SENTENCE_CASE if sentence_case else _TITLE_CASE, ts))
        if sentence_case:
            texts[0] = ts[0].opening
        if ":" in title:
            _brace_name(title, ts, texts, flavour, sentence_case, True)
        return " ".join(texts)
    pieces = split_math(title)
    tokens = [(math, text if math else [table[t] for t in text.split(" ")]) for math, text in pieces]
    # lower-case words outnumber capitalised ones, not counting the title's first word
    balance, first = 0, None
    for math, ts in tokens:
        if not math:
            balance += sum(map(_BALANCE, ts))
            if first is None:
                first = next((t.first for t in ts if t.first is not None), None)
    sentence_case = balance > (first or 0)
    pick = _SENTENCE_CASE if sentence_case else _TITLE_CASE
    out: list[str] = []
    for index, (math, ts) in enumerate(tokens):
        if math:
            out.append(_math(ts))
            continue
        texts = list(map(pick, ts))
        # the title's first word keeps its capital anyway; the leading name is braced everywhere
        if index == 0 and sentence_case:
            texts[0] = ts[0].opening
        _brace_name(title, ts, texts, flavour, sentence_case, index == 0)
        out.append(" ".join(texts))
    return "".join(out)


def _brace_name(title: str, ts: list[_Token], texts: list[str], flavour: str, sentence_case: bool,
                opening: bool) -> None:
    """Brace, in `texts`, every token holding the name the title introduces before its colon."""
    leading = _LEADING_NAME.match(title) if ":" in title else None
    name = leading.group(1) if leading and _word_class(leading.group(1)) == CAPITAL else ""
    if name:
        for i, t in enumerate(ts):
            if name in t.text:
                texts[i] = _title_token(t.text, flavour, sentence_case, opening and i == 0, name)


class _Token(NamedTuple):
    """A space-separated title token: its words' classes and its LaTeX for either title style."""

    text: str
    classes: tuple[int, ...]
    balance: int  # words starting lower-case minus capitalised words and "A"
    first: int | None  # this token's first word's share of the balance (None: no words)
    title_case: str
    sentence_case: str
    opening: str  # sentence_case when the token opens the title


_BALANCE, _TITLE_CASE, _SENTENCE_CASE = itemgetter(2), itemgetter(4), itemgetter(5)


def _token(text: str, flavour: str) -> _Token:
    classes = tuple(_word_class(w) for w in _WORD.findall(text))
    lower, capital = classes.count(LOWER), classes.count(CAPITAL) + classes.count(ARTICLE)
    first = ((classes[0] == LOWER) - (classes[0] in (CAPITAL, ARTICLE))) if classes else None
    return _Token(text, classes, lower - capital, first, _title_token(text, flavour, False, False, ""),
                  _title_token(text, flavour, True, False, ""), _title_token(text, flavour, True, True, ""))


class Memo(dict):
    """A dict that computes a missing value with `convert(key)` and keeps it; emptied when large."""

    def __init__(self, convert) -> None:
        super().__init__()
        self._convert = convert

    def __missing__(self, key):
        if len(self) >= 1 << 19:
            self.clear()
        value = self[key] = self._convert(key)
        return value


TOKENS = {flavour: Memo(lambda text, flavour=flavour: _token(text, flavour)) for flavour in ("bibtex", "biblatex")}


@lru_cache(maxsize=65536)
def _title_token(token: str, flavour: str, sentence_case: bool, first: bool, name: str) -> str:
    """One token of a title, escaped, its protected words braced."""
    exempt = _WORD.search(token) if first else None  # a title's first word keeps its capital anyway

    def protect(match: re.Match[str]) -> bool:
        kind = _word_class(match.group(0))
        if kind != CAPITAL:
            return kind == ALWAYS
        if match.group(0) == name:
            return True
        return sentence_case and not (exempt and match.start() == exempt.start())

    return latex_escape(_protect_words(token, protect), flavour)


@lru_cache(maxsize=65536)
def latex_container(text: str, flavour: str) -> str:
    """A journal or proceedings title: every word with a capital is braced, as Zotero does."""
    return latex_escape(_protect_words(clean(text), _has_capital), flavour)


def _has_capital(match: re.Match[str]) -> bool:
    return _word_class(match.group(0)) in (ALWAYS, CAPITAL, ARTICLE)


def latex_text(text: str, flavour: str) -> str:
    """Any other text field: cleaned and escaped, no case protection."""
    if _PLAIN_ASCII.fullmatch(text) and "--" not in text and ",," not in text:
        return text  # clean, nothing to escape, no ligature: as it is (ids, years, venues)
    return _latex_text(text, flavour)


@lru_cache(maxsize=65536)
def _latex_text(text: str, flavour: str) -> str:
    return latex_escape(clean(text), flavour)


@lru_cache(maxsize=65536)
def latex_name(text: str, flavour: str) -> str:
    """A name part: cleaned and escaped with every escape braced."""
    return latex_escape(clean(text), flavour, braced=True)


@lru_cache(maxsize=1)
def _latex2text():
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=True)


def plain_text(text: str) -> str:
    """Plain Unicode for RIS and CSL-JSON: whitespace cleaned, curator math rendered (𝒪(L))."""
    text = clean(text)
    if "$" not in text:
        return text
    # rendering can leave runs of spaces (`$0 {} 0$` -> `0  0`): clean once more
    return clean("".join(_render_math(p) if math else p for math, p in split_math(text)))


@lru_cache(maxsize=4096)
def _render_math(body: str) -> str:
    return _latex2text().latex_to_text(body)
