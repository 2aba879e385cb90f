"""Which registered venue (data/venues.toml) a service's venue string or a DOI names."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Kind
from ..venues import Venue, VenueRegistry, load_venues

_ACRONYM = re.compile(r"\(([A-Za-z][\w -]{1,15})\)\s*$")  # "... Recognition (CVPR)"
_PLACEHOLDER = re.compile(r"\{(?:n|N|year)\}")


@lru_cache(maxsize=1)
def registry() -> VenueRegistry:
    """The venue registry of the data directory in use (loaded once)."""
    from ..paths import data_dir

    return load_venues(data_dir())


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


@lru_cache(maxsize=None)
def _title_pattern(venue: Venue) -> re.Pattern[str]:
    """The venue's full title with its edition ordinal or year left open."""
    pieces = (_fold(p) for p in _PLACEHOLDER.split(venue.title))
    return re.compile("[a-z0-9]*".join(pieces))


@lru_cache(maxsize=8192)
def venue_named(text: str) -> str:
    """The registered venue `text` names (short name, alias, full title, or a trailing
    "(ACRONYM)"); '' if none, and for preprint servers, which are no publication venue."""
    venues = registry()
    found = venues.find(text) if text else None
    acronym = _ACRONYM.search(text)
    if found is None and acronym:
        found = venues.find(acronym.group(1))
    if found is None and text:
        folded = _fold(text)
        found = next((v for v in venues.venues.values()
                      if _title_pattern(v).fullmatch(folded)), None)
    return found.name if found is not None and found.kind is not Kind.PREPRINT else ""


@lru_cache(maxsize=8192)
def venue_of_doi(doi: str) -> str:
    """The registered venue whose DOI prefix `doi` has, or ''."""
    found = registry().by_doi(doi) if doi else None
    return found.name if found is not None and found.kind is not Kind.PREPRINT else ""
