"""Hand-made records that exercise every tricky case of the exporters (shared by the export tests)."""

from __future__ import annotations

from snnbib.model import Identifiers, Kind, Person, Record, TopicAssignment


def _topics(*slugs: str) -> tuple[TopicAssignment, ...]:
    return tuple(TopicAssignment(s, "section") for s in slugs)


TRICKY = (
    Record(
        key="mueller2023efficient",
        kind=Kind.CONFERENCE_PAPER,
        title=r"Efficient & Accurate SNN Training: 100% ANN-to-SNN Conversion with $\mathcal{O}$(L) Time Steps",
        authors=(Person("Müller", "Jörg"), Person("Bohté", "Sander M."), Person("Zhang", "Wěi")),
        year=2023,
        venue="ICML",
        container_title="Proceedings of the 40th International Conference on Machine Learning",
        event="ICML 2023",
        publisher="PMLR",
        volume="202",
        pages="1-10",
        url="https://proceedings.mlr.press/v202/mueller23a.html",
        ids=Identifiers(arxiv="2301.00001", arxiv_class="cs.NE", pmlr="v202/mueller23a",
                        repository="https://github.com/example/ann2snn"),
        topics=_topics("ann2snn", "surrogate-gradient"),
    ),
    Record(
        key="kheradpisheh2018stdp",
        kind=Kind.JOURNAL_ARTICLE,
        title="STDP-based spiking deep convolutional neural networks for object recognition",
        authors=(Person("Kheradpisheh", "Saeed Reza"), Person("Ganjtabesh", "Mohammad"),
                 Person("Thorpe", "Simon J."), Person("Masquelier", "Timothée")),
        year=2018,
        container_title="Neural Networks",
        volume="99",
        issue="1",
        pages="56–67",
        url="https://doi.org/10.1016/j.neunet.2017.12.005",
        ids=Identifiers(doi="10.1016/j.neunet.2017.12.005"),
        topics=_topics("learning-rules"),
    ),
    Record(
        key="eshraghian2021training",
        kind=Kind.PREPRINT,
        title="Training Spiking Neural Networks Using Lessons From Deep Learning",
        authors=(Person("Eshraghian", "Jason K."), Person("Ward", "Max"), Person("Neftci", "Emre")),
        et_al=True,
        year=2021,
        ids=Identifiers(arxiv="2109.12894", arxiv_class="cs.NE"),
        topics=_topics("surveys"),
    ),
    Record(
        key="zhou2023spikformer",
        kind=Kind.CONFERENCE_PAPER,
        title="Spikformer: When Spiking Neural Network Meets Transformer",
        authors=(Person("Zhou", "Zhaokun"), Person("Zhu", "Yuesheng")),
        year=2023,
        venue="ICLR",
        container_title="International Conference on Learning Representations",
        event="ICLR 2023",
        url="https://openreview.net/forum?id=frE4fUwz_h",
        ids=Identifiers(openreview="frE4fUwz_h", arxiv="2209.15425",
                        repository="https://github.com/ZK-Zhou/spikformer"),
        topics=_topics("spiking-transformers"),
    ),
    Record(
        key="gerstner2014neuronal",
        kind=Kind.BOOK,
        title="Neuronal Dynamics: From Single Neurons to Networks and Models of Cognition",
        authors=(Person("Gerstner", "Wulfram"), Person("Kistler", "Werner M."), Person("Naud", "Richard"),
                 Person("Paninski", "Liam")),
        year=2014,
        publisher="Cambridge University Press",
        url="https://neuronaldynamics.epfl.ch/",
        topics=_topics("books"),
    ),
    Record(
        key="snntorch",
        kind=Kind.SOFTWARE,
        title="snnTorch: deep learning with spiking neural networks in Python_3 {GPU} #1 ~50% faster^",
        url="https://github.com/jeshraghian/snntorch",
        ids=Identifiers(repository="https://github.com/jeshraghian/snntorch"),
        topics=_topics("software"),
    ),
    Record(
        key="wang2022survey",
        kind=Kind.PAPER,
        title="A survey of neuromorphic hardware in China: Tianjic, Darwin and 天机芯",
        authors=(Person("王", "伟"), Person("Łukasiewicz", "Ágnes"), Person("van der Berg", "Jan"),
                 Person("Intel Neuromorphic Lab")),
        year=2022,
        url="https://example.org/paper?id=1&x=%20y",
        topics=_topics("neuromorphic-hardware"),
    ),
    Record(
        key="lecture2020snn",
        kind=Kind.LECTURE,
        title="Lecture 7 — Spiking networks & the brain (α-synapses, Ω-loops)",
        authors=(Person("Zenke", "Friedemann"),),
        year=2020,
        url="https://www.youtube.com/watch?v=abc",
        topics=_topics("resources"),
    ),
    Record(
        key="snn-webpage",
        kind=Kind.WEBPAGE,
        title="Open Neuromorphic: a collection of resources",
        url="https://open-neuromorphic.org/",
        topics=_topics("resources"),
    ),
)
