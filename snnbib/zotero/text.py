"""Plain Unicode for Zotero: `$...$` math becomes Unicode (Zotero shows LaTeX as literal text)."""

from __future__ import annotations

import re
from functools import lru_cache

MATH = re.compile(r"\$([^$]+)\$")


@lru_cache(maxsize=1)
def _converter():
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text")


def plain(text: str) -> str:
    """`$\\mathcal{O}$(L)` -> `𝒪(L)`; everything outside `$...$` is left exactly as it is."""
    if "$" not in text:
        return text
    return MATH.sub(lambda m: _converter().latex_to_text(m.group(1)).strip(), text)
