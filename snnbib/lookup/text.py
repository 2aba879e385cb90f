"""Text normalisation for comparing titles and names across services."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LATEX_COMMAND = re.compile(r"\\[a-zA-Z]+")


@lru_cache(maxsize=8192)
def normalize_title(text: str) -> str:
    """Lower-case ASCII words: LaTeX, accents, punctuation and spacing removed."""
    text = _LATEX_COMMAND.sub(" ", text.replace("++", " plusplus "))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def normalize_name(text: str) -> str:
    """A name part as one lower-case ASCII token ("Timothée" -> "timothee")."""
    return normalize_title(text).replace(" ", "")
