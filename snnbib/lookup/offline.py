"""DOIs that follow from identifiers alone, with no network.

The arXiv preprint DOI (10.48550/arXiv.<id>) is `Identifiers.arxiv_doi` and stays apart from
the published version's DOI (`ids.doi`), which may come from an IJCAI proceedings number, an
AAAI article with known volume and issue, or a DOI inside the record's landing-page URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import unquote

from ..identifiers import identifiers_from_url
from ..model import Record
from .candidate import clean_doi

URL_LINK_ROLES = ("paper", "pdf", "doi")  # link roles whose URL names the work itself


@dataclass(frozen=True)
class Derived:
    """A value derived offline, with its basis (ijcai, aaai, url)."""

    field: str
    value: str
    basis: str


def doi_in_url(url: str) -> str:
    """The DOI a landing-page or PDF URL names (lower case), or '' (preprint DOIs excluded).

    The URL rules are the dataset's own (`identifiers_from_url`); an escaped slash counts.
    """
    return clean_doi(identifiers_from_url(unquote(url))[0].doi)


def url_doi(record: Record) -> str:
    """The one DOI named by the record's URL and paper links; '' when none or several."""
    urls = [record.url, *(link.url for link in record.links if link.role in URL_LINK_ROLES)]
    dois = {doi for doi in map(doi_in_url, filter(None, urls)) if doi}
    return dois.pop() if len(dois) == 1 else ""


def ijcai_doi(record: Record) -> str:
    """IJCAI proceedings "<year>/<number>" -> 10.24963/ijcai.<year>/<number>."""
    match = re.fullmatch(r"(\d{4})/0*(\d+)", record.ids.ijcai)
    return f"10.24963/ijcai.{match.group(1)}/{match.group(2)}" if match else ""


# AAAI-19 (v33) DOIs end in a page-based number (10.1609/aaai.v33i01.33011311) and AAAI-20
# (v34) pads the issue; from v35 on they are v<volume>i<issue>.<OJS article id>, as checked
# against every such DOI in the dataset
AAAI_FIRST_VOLUME = 35


def aaai_doi(record: Record) -> str:
    """AAAI OJS article id with the record's volume and issue -> 10.1609/aaai.v<v>i<i>.<id>."""
    parts = (record.ids.aaai, record.volume, record.issue)
    if all(p.isdigit() for p in parts) and int(record.volume) >= AAAI_FIRST_VOLUME \
            and not record.issue.startswith("0"):
        return f"10.1609/aaai.v{record.volume}i{record.issue}.{record.ids.aaai}"
    return ""


# basis -> deriver, in order of trust
DOI_DERIVERS: tuple[tuple[str, Callable[[Record], str]], ...] = (
    ("ijcai", ijcai_doi),
    ("aaai", aaai_doi),
    ("url", url_doi),
)


def derivable_doi(record: Record) -> Derived | None:
    """The DOI its identifiers or URL give a record, whether or not it already has one."""
    for basis, deriver in DOI_DERIVERS:
        doi = deriver(record)
        if doi:
            return Derived("doi", doi, basis)
    return None


def derive(record: Record) -> list[Derived]:
    """Every value derivable offline that the record lacks (never a DOI it already has)."""
    derived = None if record.ids.doi else derivable_doi(record)
    return [derived] if derived else []
