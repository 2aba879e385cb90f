"""Text normalisation for comparing titles and names across services."""

from __future__ import annotations

import re
from functools import lru_cache

from ..normalize import title_key

_LATEX_COMMAND = re.compile(r"\\[a-zA-Z]+")


@lru_cache(maxsize=8192)
def normalize_title(text: str) -> str:
    """The dataset's `title_key`, after LaTeX commands are dropped and `++` and `&` spelled
    out (so "SNN++" is not "SNN", and "A & B" is "A and B")."""
    text = _LATEX_COMMAND.sub(" ", text.replace("++", " plusplus ")).replace("&", " and ")
    return title_key(text)


def normalize_name(text: str) -> str:
    """A name part as one lower-case ASCII token ("Timothée" -> "timothee")."""
    return normalize_title(text).replace(" ", "")
