"""Link roles and identifiers read from URLs: arXiv, DOI, OpenReview, proceedings ids, code repos.

Everything here is a table of (pattern, field, transform) rows; `classify_link` and
`identifiers_from_links` only walk the tables. URL first, label second: a GitHub repository
labelled `[paper]` is still a code link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from .model import Claim, Identifiers, Link

# --- link roles -------------------------------------------------------------------------------

# (URL pattern, role), first match wins; every pattern is anchored at the start of the URL.
URL_ROLES: tuple[tuple[str, str], ...] = (
    (r"^https?://(www\.)?(github\.com|gitlab\.com|bitbucket\.org)/", "code"),
    (r"^https?://(www\.)?paperswithcode\.com/", "paper-with-code"),
    (r"^https?://(export\.)?arxiv\.org/", "arxiv"),
    (r"^https?://(www\.)?openreview\.net/", "openreview"),
    (r"^https?://(dx\.)?doi\.org/", "doi"),
    (r"^https?://(www\.|m\.)?(youtube\.com|youtu\.be|vimeo\.com|bilibili\.com)/", "video"),
    (r"^(?!https?:|mailto:|#)[^?#]*\.md([?#].*)?$", "notes"),
    (r"^[^?#]*\.pdf([?#].*)?$", "pdf"),
    (r"^https?://([a-z0-9-]+\.)*(ieeexplore\.ieee\.org|frontiersin\.org|nature\.com"
     r"|sciencedirect\.com|biorxiv\.org|ncbi\.nlm\.nih\.gov|springer\.com|wiley\.com"
     r"|acm\.org|mlr\.press|neurips\.cc|nips\.cc|thecvf\.com|ecva\.net|ijcai\.org"
     r"|aaai\.org|iclr\.cc|science\.org|pnas\.org|plos\.org|iop\.org|mdpi\.com"
     r"|cell\.com|elifesciences\.org|aclanthology\.org|dblp\.org|semanticscholar\.org)/",
     "paper"),
)
# The table as one regex: alternative `r<n>` is row n (alternation keeps first-match-wins).
_URL_ROLE = re.compile("|".join(f"(?P<r{n}>{p})" for n, (p, _) in enumerate(URL_ROLES)), re.I)

# (label pattern, role) for URLs the table above does not know.
LABEL_ROLES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I), role)
    for p, role in (
        (r"^(paper\s*with\s*code|pwc)$", "paper-with-code"),
        (r"^(code|github|repo|repository|source|implementation|official code)$", "code"),
        (r"^(笔记|notes?|blog)$", "notes"),
        (r"^arxiv$", "arxiv"),
        (r"^openreview$", "openreview"),
        (r"^pdf$", "pdf"),
        (r"^doi$", "doi"),
        (r"^(video|talk|slides|youtube)$", "video"),
        (r"^(home\s*page|homepage|project|project page|website|site|web)$", "homepage"),
        (r"^(paper|article|link|publication|proceedings|abs|abstract)$", "paper"),
    )
)


def classify_link(label: str, url: str, default: str = "homepage") -> Link:
    """The role of a link: by URL first, then by label, else `default`."""
    url = url.strip()
    m = _URL_ROLE.match(url)
    if m is not None:
        row = next(int(name[1:]) for name, value in m.groupdict().items() if value is not None)
        return Link(URL_ROLES[row][1], url)
    wanted = label.strip().strip("[]").strip()
    for pattern, role in LABEL_ROLES:
        if pattern.match(wanted):
            return Link(role, url)
    return Link(default, url)


# --- identifiers ------------------------------------------------------------------------------

# PMLR volumes of the ICML proceedings.
PMLR_ICML = {
    "37": "2015", "48": "2016", "70": "2017", "80": "2018", "97": "2019",
    "119": "2020", "139": "2021", "162": "2022", "202": "2023", "235": "2024", "267": "2025",
}

# DOI suffixes that belong to the landing page, not the DOI: (DOI prefix, suffix pattern).
DOI_PAGE_SUFFIXES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("10.1101/", re.compile(r"v\d+(\.full)?(\.pdf)?(\+html)?$")),  # bioRxiv / medRxiv versions
    ("", re.compile(r"/(full|abstract|abs|pdf|epdf|meta|html|fulltext|summary)$", re.I)),
    ("", re.compile(r"\.(pdf|html?)$", re.I)),
)


def _doi(m: re.Match[str]) -> str:
    doi = m.group("doi").rstrip(".,;")
    for prefix, suffix in DOI_PAGE_SUFFIXES:
        if doi.startswith(prefix):
            doi = suffix.sub("", doi)
    return doi


def _old_arxiv_year(yy: str) -> str:
    return ("19" if int(yy) >= 91 else "20") + yy


@dataclass(frozen=True)
class Rule:
    """A URL pattern that yields one identifier and, optionally, venue/year claims.

    `needles`: lower-case substrings one of which every matching URL contains (a cheap pre-check).
    """

    pattern: re.Pattern[str]
    field: str
    value: Callable[[re.Match[str]], str]
    venue: Callable[[re.Match[str]], str] | None = None
    year: Callable[[re.Match[str]], str] | None = None
    year_basis: str = "url"
    needles: frozenset[str] = frozenset({""})


def _g(name: str) -> Callable[[re.Match[str]], str]:
    return lambda m: m.group(name)


def _const(value: str) -> Callable[[re.Match[str]], str]:
    return lambda m: value


def _rule(needles: str, pattern: str, field: str, value, venue=None, year=None, year_basis="url") -> Rule:
    """A table row; `needles` is a space-separated list of substrings."""
    return Rule(re.compile(pattern, re.I), field, value, venue, year, year_basis, frozenset(needles.split(" ")))


_NEW_ARXIV = r"(?P<id>(?P<yy>\d{2})(?P<mm>\d{2})\.\d{4,5})(v\d+)?"
_OLD_ARXIV = r"(?P<id>(?P<cls>[a-z][a-z-]*(\.[a-z]{2})?)/(?P<yy>\d{2})\d{5})(v\d+)?"

IDENTIFIER_RULES: tuple[Rule, ...] = (
    _rule("arxiv.org", r"arxiv\.org/(abs|pdf|html|format)/(arxiv:)?" + _NEW_ARXIV, "arxiv", _g("id"),
          year=lambda m: "20" + m.group("yy"), year_basis="arxiv-id"),
    _rule("arxiv.org", r"arxiv\.org/(abs|pdf|html|format)/" + _OLD_ARXIV, "arxiv", _g("id"),
          year=lambda m: _old_arxiv_year(m.group("yy")), year_basis="arxiv-id"),
    _rule("arxiv.org", r"arxiv\.org/(abs|pdf|html|format)/" + _OLD_ARXIV, "arxiv_class", _g("cls")),
    _rule("doi.org/10.48550", r"doi\.org/10\.48550/arxiv\." + _NEW_ARXIV, "arxiv", _g("id"),
          year=lambda m: "20" + m.group("yy"), year_basis="arxiv-id"),
    _rule("openreview.net", r"openreview\.net/(forum|pdf|attachment)\?(.*&)?id=(?P<id>[\w-]+)", "openreview", _g("id")),
    _rule("ijcai.org", r"ijcai\.org/proceedings/(?P<y>\d{4})/0*(?P<n>\d+)", "ijcai",
          lambda m: f"{m.group('y')}/{m.group('n')}", _const("IJCAI"), _g("y")),
    _rule("ips.cc", r"(neurips\.cc|nips\.cc)/paper(_files/paper)?/(?P<y>\d{4})/(file|hash)/(?P<h>[0-9a-f]{32})",
          "neurips", lambda m: f"{m.group('y')}/{m.group('h')}", _const("NeurIPS"), _g("y")),
    _rule("mlr.press", r"proceedings\.mlr\.press/(?P<v>v(?P<n>\d+))/(?P<id>[\w-]+?)(/|\.html|\.pdf|$)", "pmlr",
          lambda m: f"{m.group('v')}/{m.group('id')}",
          lambda m: "ICML" if m.group("n") in PMLR_ICML else "",
          lambda m: PMLR_ICML.get(m.group("n"), "")),
    _rule("ojs.aaai.org", r"ojs\.aaai\.org/index\.php/AAAI/article/(view|download)/(?P<id>\d+)", "aaai", _g("id"),
          _const("AAAI")),
    _rule("thecvf.com", r"openaccess\.thecvf\.com/content[/_](?P<c>[a-z]+)_?(?P<y>\d{4})\w*/(html|papers)/"
          r"(?P<s>[^/?#]+?)_paper\.(html|pdf)", "cvf",
          lambda m: f"{m.group('c').upper()}{m.group('y')}/{m.group('s')}",
          lambda m: m.group("c").upper(), _g("y")),
    _rule("ecva.net", r"ecva\.net/papers/eccv_(?P<y>\d{4})/papers_ECCV/(html|papers)/(?P<n>\d+)", "ecva",
          lambda m: f"eccv_{m.group('y')}/{m.group('n')}", _const("ECCV"), _g("y")),
    _rule("ieeexplore.ieee.org", r"ieeexplore\.ieee\.org/(abstract/)?document/(?P<id>\d+)", "ieee", _g("id")),
    _rule("ieeexplore.ieee.org", r"ieeexplore\.ieee\.org/stamp/stamp\.jsp\?(.*&)?arnumber=(?P<id>\d+)", "ieee", _g("id")),
    _rule("ncbi.nlm.nih.gov", r"ncbi\.nlm\.nih\.gov/pmc/articles/(?P<id>PMC\d+)", "pmc", _g("id")),
    _rule("ncbi.nlm.nih.gov", r"pmc\.ncbi\.nlm\.nih\.gov/articles/(?P<id>PMC\d+)", "pmc", _g("id")),
    _rule("dblp.org", r"dblp\.org/rec/(?P<id>[\w/-]+?)(\.html|\.bib)?$", "dblp", _g("id")),
    _rule("iclr.cc", r"iclr\.cc/virtual/(?P<y>\d{4})/(poster|oral|spotlight)/\d+", "", _const(""),
          _const("ICLR"), _g("y")),
    _rule("nature.com", r"nature\.com/articles/(?P<id>[a-z][\w.-]+?)(\.pdf)?([?#/]|$)", "doi",
          lambda m: "10.1038/" + m.group("id")),
    _rule("10.", r"(?<![\w.])(?P<doi>10\.(?!48550/)\d{4,9}/[^\s?#]+)", "doi", _doi),
    _rule("github.com gitlab.com bitbucket.org", r"^https?://(www\.)?(?P<host>github\.com|gitlab\.com|bitbucket\.org)/"
          r"(?P<owner>(?!(orgs|topics|sponsors|features|marketplace|settings)/)[\w.-]+)/"
          r"(?P<repo>[\w.-]+?)(\.git)?(/|[?#]|$)", "repository",
          lambda m: f"https://{m.group('host')}/{m.group('owner')}/{m.group('repo')}".lower()),
)


_NEEDLES = frozenset().union(*(rule.needles for rule in IDENTIFIER_RULES))


def _scan(url: str, found: dict[str, str], claims: list[Claim]) -> None:
    """Add the identifiers (first value per field wins) and claims of one URL."""
    lowered = url.lower()
    present = {needle for needle in _NEEDLES if needle in lowered}
    for rule in IDENTIFIER_RULES:
        if rule.needles.isdisjoint(present):
            continue
        m = rule.pattern.search(url)
        if m is None:
            continue
        value = rule.value(m)
        if rule.field and value:
            found.setdefault(rule.field, value)
        venue = rule.venue(m) if rule.venue else ""
        year = rule.year(m) if rule.year else ""
        claims += [Claim("venue", venue, "url")] if venue else []
        claims += [Claim("year", year, rule.year_basis)] if year else []


def identifiers_from_url(url: str) -> tuple[Identifiers, tuple[Claim, ...]]:
    """Identifiers and URL-derived venue/year claims of one URL."""
    found: dict[str, str] = {}
    claims: list[Claim] = []
    _scan(url, found, claims)
    return Identifiers(**found), tuple(dict.fromkeys(claims))


def identifiers_from_links(links: Iterable[Link]) -> tuple[Identifiers, tuple[Claim, ...]]:
    """Identifiers of a work from all its links (the first link naming a field wins), plus claims.

    A code repository comes only from code links; notes and video links give no identifiers.
    """
    found: dict[str, str] = {}
    claims: list[Claim] = []
    for link in links:
        if link.role in ("notes", "video"):
            continue
        if link.role != "code":
            own: dict[str, str] = {}
            _scan(link.url, own, claims)
            own.pop("repository", None)
            for key, value in own.items():
                found.setdefault(key, value)
        else:
            _scan(link.url, found, claims)
    return Identifiers(**found), tuple(dict.fromkeys(claims))
