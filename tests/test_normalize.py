"""Normalisation steps, each alone, and the title key used for merging."""

import pytest

from snnbib.normalize import (
    best_title, clean_title, collapse_whitespace, fix_mojibake, strip_emphasis, tidy_punctuation, title_key,
)


@pytest.mark.parametrize("raw, fixed", [
    ("SpikingÂ\xa0NeuralÂ\xa0Networks", "Spiking\xa0Neural\xa0Networks".replace("\xa0", " ")),
    ("Energy-Efï¬cient 3D Point Cloud Classiï¬cation", "Energy-Efficient 3D Point Cloud Classification"),
    ("GLIF:Â\xa0AÂ\xa0Uniï¬ed", "GLIF: A Unified"),
    ("cafÃ© au lait", "café au lait"),
    ("plain title", "plain title"),
])
def test_fix_mojibake(raw, fixed):
    assert collapse_whitespace(fix_mojibake(raw)) == fixed


def test_strip_emphasis_keeps_inner_text_and_math():
    assert strip_emphasis("**Spike-driven Transformer**") == "Spike-driven Transformer"
    assert strip_emphasis("*Spiking* PointNet") == "Spiking PointNet"
    assert strip_emphasis("a $x*y$ title") == "a $x*y$ title"


def test_tidy_punctuation():
    assert tidy_punctuation("GLIF :A Unified Neuron .") == "GLIF: A Unified Neuron"
    assert tidy_punctuation("Time: 10:30 ratio") == "Time: 10:30 ratio"


def test_clean_title_runs_every_step():
    raw = "  TowardsÂ\xa0Memory-Â\xa0andÂ\xa0Time-EfficientÂ\xa0Backpropagation "
    assert clean_title(raw) == "Towards Memory- and Time-Efficient Backpropagation"


def test_title_key_equates_separators_and_case():
    assert title_key("GLIF, A Unified Gated") == title_key("GLIF: a unified gated")
    assert title_key("Müller's Näive Spikes") == "muller s naive spikes"
    assert title_key("Spike-driven Transformer") != title_key("Spike-driven Transformer V2")


def test_best_title_prefers_proper_case_over_lower_and_shouting():
    variants = [
        "SPIKFORMER: WHEN SPIKING NEURAL NETWORK MEETS TRANSFORMER",
        "Spikformer: when spiking neural network meets transformer",
        "Spikformer: When Spiking Neural Network Meets Transformer",
    ]
    assert best_title(variants) == variants[2]
    assert best_title(["bridging the gap between ANNs and SNNs", "Bridging the Gap between ANNs and SNNs"]) \
        == "Bridging the Gap between ANNs and SNNs"
    assert best_title(["GLIF, A Unified Gated LIF", "GLIF: A Unified Gated LIF"]) == "GLIF: A Unified Gated LIF"
