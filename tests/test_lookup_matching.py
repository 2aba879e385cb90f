"""Adversarial matching: near-miss titles, wrong years, other authors, close runners-up."""

from __future__ import annotations

import pytest

from snnbib.lookup.candidate import Candidate, from_record, split_name
from snnbib.lookup.matching import ACCEPT, REVIEW, decide, near_miss, score
from snnbib.lookup.text import normalize_title
from snnbib.model import Kind, Person, Record

YAO = (Person("Yao", "Man"), Person("Hu", "Jiakui"))
SDT = Record("yao2023spikedriven", Kind.CONFERENCE_PAPER, "Spike-driven Transformer",
             authors=YAO, et_al=True, year=2023, venue="NeurIPS")


def cand(title: str, year: int | None = 2023, authors=YAO, doi: str = "", venue: str = "",
         **kw) -> Candidate:
    return Candidate("test", title, authors=authors, year=year, doi=doi, venue=venue, **kw)


def test_exact_title_year_and_author_is_accepted():
    decision = decide(SDT, [cand("Spike-Driven Transformer.", doi="10.1/a", venue="NeurIPS")])
    assert decision.status == "accepted"
    assert decision.score.total == 100.0
    assert decision.score.author_agrees and decision.score.venue_agrees


@pytest.mark.parametrize("title", [
    "Spike-driven Transformer V2",
    "Spike-driven Transformer V2: Meta Spiking Neural Network Architecture Inspiring the "
    "Design of Next-generation Neuromorphic Chips",
    "Spike-driven Transformer 2",
    "Spike-driven Transformer II",
    "Spike-driven Transformer++",
])
def test_version_near_misses_are_rejected(title):
    decision = decide(SDT, [cand(title, doi="10.1/v2")])
    assert decision.status == "rejected"
    assert decision.score.near_miss == "version"


def test_extra_words_are_at_most_queued():
    record = Record("k", Kind.CONFERENCE_PAPER, "Spikformer", year=2023)
    decision = decide(record, [cand("Spikformer: When Spiking Neural Network Meets Transformer",
                                    authors=())])
    assert decision.status != "accepted"
    assert decision.score.near_miss == "extra-words"
    # the other way round (the record has the subtitle, the service not) is no better
    record = Record("k", Kind.CONFERENCE_PAPER,
                    "Spikformer: When Spiking Neural Network Meets Transformer", year=2023)
    assert decide(record, [cand("Spikformer", authors=())]).status == "rejected"


def test_a_year_more_than_one_apart_is_rejected_and_one_apart_is_fine():
    assert decide(SDT, [cand("Spike-driven Transformer", year=2019)]).status == "rejected"
    assert decide(SDT, [cand("Spike-driven Transformer", year=2024)]).status == "accepted"


def test_a_different_first_author_is_not_accepted():
    other = (Person("Smith", "Jane"),)
    decision = decide(SDT, [cand("Spike-driven Transformer", authors=other)])
    assert decision.status == "queued"
    assert decision.score.author_agrees is False


def test_first_author_given_family_swap_still_agrees():
    swapped = (Person("Man", "Yao"),)  # a service that put the family name first
    assert score(cand("Spike-driven Transformer", authors=swapped), SDT).author_agrees


def test_a_different_venue_costs_points():
    s = score(cand("Spike-driven Transformer", venue="CVPR"), SDT)
    assert s.venue_agrees is False
    assert s.total < ACCEPT


@pytest.mark.parametrize("venue, container, doi, agrees", [
    ("", "Neural Information Processing Systems", "", True),  # Semantic Scholar's spelling
    ("", "2023 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)", "", False),
    ("", "Proceedings of the 40th International Conference on Machine Learning", "", False),
    ("CoRR", "", "", None),  # a preprint server is no venue
    ("", "", "10.3389/fnins.2023.1", False),  # the DOI prefix names Frontiers in Neuroscience
    ("", "Workshop on Something", "", None),  # unknown: neither agrees nor differs
])
def test_venues_are_read_from_the_venue_registry(venue, container, doi, agrees):
    s = score(cand("Spike-driven Transformer", venue=venue, container_title=container, doi=doi),
              SDT)
    assert s.venue_agrees is agrees


def test_a_close_runner_up_blocks_acceptance():
    # the same title published twice (conference and journal), both plausible
    decision = decide(SDT, [cand("Spike-driven Transformer", doi="10.1/conf"),
                            cand("Spike-driven transformer", year=2024, doi="10.1/journal")])
    assert decision.status == "queued"
    assert decision.runner_up >= ACCEPT - 8


def test_the_same_work_twice_is_not_its_own_runner_up():
    decision = decide(SDT, [cand("Spike-driven Transformer", doi="10.1/a"),
                            cand("Spike-driven Transformer.", doi="10.1/a")])
    assert decision.status == "accepted"
    assert decision.runner_up == 0.0


def test_a_clear_winner_over_a_distant_runner_up_is_accepted():
    decision = decide(SDT, [cand("Spike-driven Transformer", doi="10.1/a"),
                            cand("Masked Spiking Transformer", doi="10.1/b")])
    assert decision.status == "accepted"
    assert decision.candidate.doi == "10.1/a"
    assert decision.runner_up < REVIEW


def test_short_titles_with_one_letter_changed_are_not_accepted():
    record = Record("k", Kind.CONFERENCE_PAPER, "Spikformer", year=2023)
    assert decide(record, [cand("Spikeformer", authors=())]).status != "accepted"


def test_identifier_lookups_ignore_the_preprint_year():
    record = Record("k", Kind.JOURNAL_ARTICLE, "Spike-driven Transformer", authors=YAO, year=2025)
    by_id = cand("Spike-driven Transformer", year=2021, by_identifier=True)
    assert decide(record, [by_id]).status == "accepted"
    assert decide(record, [cand("Spike-driven Transformer", year=2021)]).status == "rejected"


def test_no_candidates_is_none():
    assert decide(SDT, []).status == "none"


@pytest.mark.parametrize("text, expected", [
    ("$\\mathcal{O}$(L) Spiking & Co.", "o l spiking and co"),
    ("Timothée  Masquelier's SNN", "timothee masquelier s snn"),
    ("Spike-driven Transformer.", "spike driven transformer"),
])
def test_normalize_title(text, expected):
    assert normalize_title(text) == expected


def test_near_miss_kinds():
    assert near_miss("a b", "a b") == ""
    assert near_miss("spiking yolo", "spiking yolo v2") == "version"
    assert near_miss("spiking yolo", "spiking yolo for detection") == "extra-words"
    assert near_miss("spiking yolo", "spiking yolk") == "other-words"  # too short to call a typo
    assert near_miss("spiking neural netwroks", "spiking neural networks") == ""
    assert near_miss("spatio temporal backpropagation", "spatiotemporal backpropagation") == ""
    assert near_miss("spiking networks for object detection",
                     "spiking networks for object tracking") == "other-words"
    assert near_miss("p systems with anti spikes", "p systems with anti spike") == ""


def test_a_replaced_word_in_a_long_title_is_not_accepted():
    words = ("Efficient and accurate training of very deep spiking neural networks with "
             "temporal coding and learnable thresholds for event-based object {} tasks")
    record = Record("k", Kind.JOURNAL_ARTICLE, words.format("detection"), year=2021)
    other = cand(words.format("tracking"), year=2021, authors=())
    decision = decide(record, [other])
    assert decision.score.title > ACCEPT and decision.status == "queued"


@pytest.mark.parametrize("full, family, given", [
    ("Zhaokun Zhou", "Zhou", "Zhaokun"),
    ("Li Yuan 0001", "Yuan", "Li"),
    ("Luc Van Gool", "Van Gool", "Luc"),
    ("Ludwig van Beethoven", "van Beethoven", "Ludwig"),
    ("Plato", "Plato", ""),
])
def test_split_name(full, family, given):
    assert split_name(full) == Person(family, given)


def test_a_users_own_record_is_verified_like_any_candidate():
    mine = Record("x", Kind.CONFERENCE_PAPER, "Spike-Driven Transformer", authors=YAO, year=2023,
                  venue="NeurIPS", pages="64043-64058")
    decision = decide(SDT, [from_record(mine, "enrich:my.bib")])
    assert decision.status == "accepted" and decision.candidate.values()["pages"] == "64043-64058"
    wrong = Record("y", Kind.CONFERENCE_PAPER, "Spike-driven Transformer V2", authors=YAO,
                   year=2024)
    assert decide(SDT, [from_record(wrong, "enrich:my.bib")]).status == "rejected"
