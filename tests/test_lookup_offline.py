"""DOIs derived with no network: IJCAI, AAAI (from facts only), DOIs inside URLs."""

from __future__ import annotations

import pytest

from snnbib.lookup.offline import derive, doi_in_url
from snnbib.model import Identifiers, Kind, Link, Record


@pytest.mark.parametrize("url, doi", [
    ("https://www.frontiersin.org/articles/10.3389/fnins.2017.00682/full",
     "10.3389/fnins.2017.00682"),
    ("https://www.nature.com/articles/s41586-019-1677-2", "10.1038/s41586-019-1677-2"),
    ("https://www.nature.com/articles/s41467-020-17236-y.pdf", "10.1038/s41467-020-17236-y"),
    ("https://www.biorxiv.org/content/10.1101/2020.01.01.123456v2.full.pdf",
     "10.1101/2020.01.01.123456"),
    ("https://link.springer.com/article/10.1007/s11263-020-01343-x",
     "10.1007/s11263-020-01343-x"),
    ("https://link.springer.com/content/pdf/10.1007/978-3-030-58526-6_23.pdf",
     "10.1007/978-3-030-58526-6_23"),
    ("https://onlinelibrary.wiley.com/doi/abs/10.1002/aisy.202000051", "10.1002/aisy.202000051"),
    ("https://dl.acm.org/doi/pdf/10.1145/3503221.3508418", "10.1145/3503221.3508418"),
    ("https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0033693",
     "10.1371/journal.pone.0033693"),
    ("https://doi.org/10.1109%2FTNNLS.2021.3119238", "10.1109/tnnls.2021.3119238"),
    ("https://iopscience.iop.org/article/10.1088/2634-4386/ac4a83/meta",
     "10.1088/2634-4386/ac4a83"),
    ("https://doi.org/10.48550/arXiv.2302.02091", ""),  # a preprint DOI, never ids.doi
    ("https://arxiv.org/abs/2302.02091", ""),
    ("https://proceedings.neurips.cc/paper/2021/hash/abc-Abstract.html", ""),
])
def test_doi_in_url(url, doi):
    assert doi_in_url(url) == doi


def test_ijcai_number_gives_its_doi():
    record = Record("k", Kind.CONFERENCE_PAPER, "T", ids=Identifiers(ijcai="2021/0321"))
    [derived] = derive(record)
    assert (derived.field, derived.value, derived.basis) == ("doi", "10.24963/ijcai.2021/321",
                                                             "ijcai")


def test_aaai_needs_volume_and_issue():
    bare = Record("k", Kind.CONFERENCE_PAPER, "T", ids=Identifiers(aaai="16123"))
    assert derive(bare) == []
    full = Record("k", Kind.CONFERENCE_PAPER, "T", ids=Identifiers(aaai="16123"),
                  volume="35", issue="1")
    assert derive(full)[0].value == "10.1609/aaai.v35i1.16123"


@pytest.mark.parametrize("volume, issue", [("33", "01"), ("34", "1"), ("35", "01")])
def test_aaai_volumes_with_another_doi_pattern_derive_nothing(volume, issue):
    # AAAI-19's real DOI for article 3929 is 10.1609/aaai.v33i01.33011311, not ...v33i01.3929
    record = Record("k", Kind.CONFERENCE_PAPER, "T", ids=Identifiers(aaai="3929"),
                    volume=volume, issue=issue)
    assert derive(record) == []


def test_a_record_with_a_doi_derives_nothing():
    record = Record("k", Kind.CONFERENCE_PAPER, "T", ids=Identifiers(doi="10.1/x", ijcai="2021/1"))
    assert derive(record) == []


def test_two_different_dois_in_links_are_ambiguous():
    record = Record("k", Kind.JOURNAL_ARTICLE, "T",
                    url="https://doi.org/10.1/aaa",
                    links=(Link("paper", "https://doi.org/10.1/bbb"),))
    assert derive(record) == []


def test_code_links_are_not_the_work():
    record = Record("k", Kind.JOURNAL_ARTICLE, "T",
                    links=(Link("code", "https://doi.org/10.5281/zenodo.123"),))
    assert derive(record) == []


def test_the_arxiv_preprint_doi_stays_apart():
    record = Record("k", Kind.PREPRINT, "T", ids=Identifiers(arxiv="2302.02091"),
                    url="https://arxiv.org/abs/2302.02091")
    assert derive(record) == []
    assert record.ids.arxiv_doi == "10.48550/arXiv.2302.02091"
