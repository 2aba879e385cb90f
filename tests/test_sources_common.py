"""Heading claims, glued venue marks, venue lines and title clean-up shared by the dialects."""

from __future__ import annotations

import pytest

from snnbib.model import Claim
from snnbib.sources.common import (
    clean_authors, clean_title, heading_claims, section_name, split_glued_mark, venue_line_claim,
)


@pytest.mark.parametrize(
    "text,claims",
    [
        ("2019", [("year", "2019")]),
        ("ICLR-2024", [("venue", "ICLR"), ("year", "2024")]),
        ("NeurIPS 2023", [("venue", "NeurIPS"), ("year", "2023")]),
        ("CVPR'23", [("venue", "CVPR"), ("year", "2023")]),
        ("ICML'2024", [("venue", "ICML"), ("year", "2024")]),
        ("Venue'98", [("venue", "Venue"), ("year", "1998")]),
        ("Nature Communications 2022", [("venue", "Nature Communications"), ("year", "2022")]),
        ("🔥 NeurIPS 2023", [("venue", "NeurIPS"), ("year", "2023")]),
        ("Top 10", []),
        ("AAAI 2020 Workshop", []),
        ("ANN2SNN", []),
        ("Papers", []),
    ],
)
def test_heading_claims(text, claims):
    assert heading_claims(text) == tuple(Claim(f, v, "heading") for f, v in claims)


@pytest.mark.parametrize(
    "title,clean,mark",
    [
        ("Online Training Through Time (**NeurIPS 2022**).", "Online Training Through Time", ("NeurIPS", "2022")),
        ("Time-Series Forecasting with SNNs (ICML'2024)", "Time-Series Forecasting with SNNs", ("ICML", "2024")),
        ("Central Pattern Generators (NIPS'2024)", "Central Pattern Generators", ("NIPS", "2024")),
        ("Spike camera [CVPR 2023]", "Spike camera", ("CVPR", "2023")),
        ("A model (Version 10)", "A model (Version 10)", None),
        ("$\\mathcal{O}$(L) Training Memory", "$\\mathcal{O}$(L) Training Memory", None),
        ("(NeurIPS 2022)", "(NeurIPS 2022)", None),  # a mark alone is no title
    ],
)
def test_split_glued_mark(title, clean, mark):
    claims = (Claim("venue", mark[0], "inline"), Claim("year", mark[1], "inline")) if mark else ()
    assert split_glued_mark(title) == (clean, claims)


def test_venue_line_is_one_claim_listing_distinct_candidates():
    assert venue_line_claim("TPAMI, ICLR, AAAI, ICLR") == Claim("venue", "TPAMI,ICLR,AAAI", "venue-line")
    assert venue_line_claim("Arxiv") == Claim("venue", "Arxiv", "venue-line")


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("Attention Spiking Neural Networks [", "Attention Spiking Neural Networks"),
        ("Spiking Deep Residual Network[", "Spiking Deep Residual Network"),
        ("Good title [paper](", "Good title"),
        ("[Broken title](https://example.org/x", "Broken title"),
        ("Conversion  of  continuous-valued", "Conversion  of  continuous-valued"),  # inner spacing kept
        ("SpikeConverter:\u00c2\u00a0An", "SpikeConverter:\u00c2\u00a0An"),  # mojibake kept
    ],
)
def test_clean_title(raw, clean):
    assert clean_title(raw) == clean


def test_clean_authors_and_section_names():
    assert clean_authors(", Tavanaei et al. ") == "Tavanaei et al."
    assert clean_authors(" - Zhou, Zhu. ") == "Zhou, Zhu"
    assert section_name("Books :closed_book:") == "Books"
    assert section_name("🚀 Models") == "Models"
