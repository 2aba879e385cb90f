"""A deterministic synthetic bibliography for benchmarks: realistic, not uniform.

Many authors drawn from a pool (names repeat, as in a real field), long titles from a
vocabulary with acronyms, TeX specials, curator math and Unicode, DOIs, arXiv preprints,
every kind, several topics per record.
"""

from __future__ import annotations

import random

from snnbib.model import Identifiers, Kind, Person, Record, TopicAssignment

FAMILIES = ["Müller", "Bohté", "Zhang", "Wang", "Li", "Roy", "Panda", "Masquelier", "Łukasiewicz",
            "Gerstner", "Kheradpisheh", "van der Berg", "O'Neil", "Dvořák", "Çelik", "Nørgaard",
            "Eshraghian", "Neftci", "Zenke", "Maass", "Bellec", "Kaiser", "Mostafa", "Fang", "Deng",
            "Garcia", "Núñez", "Schmidhuber", "Yamamoto", "Kim", "Park", "Papadopoulos", "Ivanov"]
GIVEN = ["Jörg", "Sander M.", "Wei", "Kaushik", "Timothée", "Ágnes", "Jan", "Emre", "Friedemann",
         "Wolfgang", "Guillaume", "Jacques", "Hesham", "Wei D.", "José", "Sébastien", "Yuki", "J.-P."]
WORDS = ("spiking neural networks training efficient deep learning conversion surrogate gradient "
         "temporal coding neuromorphic hardware event-based vision low-latency energy accurate "
         "robust recurrent attention membrane potential threshold plasticity online sparse").split()
SPECIAL = ["SNN", "ANN-to-SNN", "ImageNet", "CIFAR-10", "DVS128", "Spikformer", "LIF", "BPTT",
           "$\\mathcal{O}$(L)", "100%", "R&D", "α-synapses", "#1", "top_k", "—", "“quoted”", "ResNet-18"]
VENUES = [("NeurIPS", "Advances in Neural Information Processing Systems"),
          ("ICLR", "International Conference on Learning Representations"),
          ("AAAI", "Proceedings of the AAAI Conference on Artificial Intelligence"),
          ("CVPR", "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)")]
JOURNALS = ["Neural Networks", "Nature Communications", "Frontiers in Neuroscience", "IEEE TNNLS"]
TOPICS = ["ann2snn", "surrogate-gradient", "learning-rules", "spiking-transformers", "neuron-models",
          "applications", "neuromorphic-hardware", "lightweight-snn"]
KINDS = [Kind.CONFERENCE_PAPER] * 6 + [Kind.JOURNAL_ARTICLE] * 2 + [Kind.PREPRINT] * 3 + \
    [Kind.PAPER, Kind.BOOK, Kind.SOFTWARE, Kind.WEBPAGE, Kind.LECTURE]


def _title(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
    for _ in range(rng.randint(1, 3)):
        words.insert(rng.randrange(len(words)), rng.choice(SPECIAL))
    words[0] = words[0].capitalize()
    if rng.random() < 0.4:
        words.insert(rng.randint(1, 3), ":")
    return " ".join(words).replace(" :", ":")


def record(i: int, rng: random.Random) -> Record:
    kind = rng.choice(KINDS)
    year = rng.randint(1995, 2025)
    venue, proceedings = rng.choice(VENUES)
    arxiv = f"{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(0, 99999):05d}"
    paper = kind in (Kind.CONFERENCE_PAPER, Kind.JOURNAL_ARTICLE)
    return Record(
        key=f"syn{i:07d}",
        kind=kind,
        title=_title(rng),
        authors=tuple(Person(rng.choice(FAMILIES), rng.choice(GIVEN)) for _ in range(rng.randint(1, 15))),
        et_al=rng.random() < 0.05,
        year=year,
        venue=venue if kind is Kind.CONFERENCE_PAPER else "",
        container_title=proceedings if kind is Kind.CONFERENCE_PAPER else
        rng.choice(JOURNALS) if kind is Kind.JOURNAL_ARTICLE else "",
        event=f"{venue} {year}" if kind is Kind.CONFERENCE_PAPER else "",
        publisher="Springer" if kind is Kind.BOOK else "",
        volume=str(rng.randint(1, 300)) if paper else "",
        issue=str(rng.randint(1, 12)) if kind is Kind.JOURNAL_ARTICLE else "",
        pages=f"{(p := rng.randint(1, 900))}-{p + rng.randint(5, 20)}" if paper else "",
        url=f"https://example.org/paper/{i}",
        ids=Identifiers(
            doi=f"10.{rng.randint(1000, 9999)}/syn.{i}" if paper and rng.random() < 0.7 else "",
            arxiv=arxiv if kind is Kind.PREPRINT or rng.random() < 0.3 else "",
            arxiv_class="cs.NE" if rng.random() < 0.5 else "",
            repository=f"https://github.com/lab{i % 97}/repo{i}" if rng.random() < 0.3 else "",
        ),
        topics=tuple(TopicAssignment(t, "rule") for t in rng.sample(TOPICS, rng.randint(1, 3))),
    )


def records(n: int, seed: int = 42) -> list[Record]:
    """n synthetic records, the same ones for the same (n, seed)."""
    rng = random.Random(seed)
    return [record(i, rng) for i in range(n)]
