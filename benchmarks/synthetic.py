"""A deterministic synthetic bibliography for benchmarks: realistic, not uniform.

Unique long titles (sentence case and Title Case) from a real title vocabulary with acronyms,
hyphenated compounds, TeX specials, curator math and Unicode; many authors drawn from tens of
thousands of distinct names (accented, non-Latin, particles); DOIs, arXiv preprints with
classes, code repositories, every kind, several topics per record.
"""

from __future__ import annotations

import random

from snnbib.model import Identifiers, Kind, Person, Record, TopicAssignment

# family names are a stem and an ending, so ~1,300 distinct families times ~60 given names
STEMS = ["Mü", "Bo", "Zh", "Wa", "Ro", "Pa", "Mas", "Łu", "Ger", "Khe", "O'Ne", "Dvo", "Çe", "Nø",
         "Esh", "Nef", "Zen", "Ma", "Bel", "Kai", "Mos", "Fa", "De", "Gar", "Nú", "Sch", "Ya", "Ki",
         "Pap", "Iva", "Ngu", "Øs", "Du", "Sa", "Kow", "Šim", "Hä", "Lé", "Bra", "Tan", "Chu", "Vo",
         "Sø", "Ü"]
ENDINGS = ["ller", "hté", "ang", "ng", "y", "nda", "quelier", "kasiewicz", "stner", "radpisheh", "il",
           "řák", "lik", "rgaard", "raghian", "tci", "ke", "ass", "lec", "ser", "tafa", "ng-Li", "cía",
           "ñez", "midhuber", "mamoto", "m", "padopoulos", "nov", "yễn", "tergaard", "bois", "to",
           "alski", "unović", "kkinen"]
PARTICLES = ["", "", "", "", "", "", "van der ", "de ", "von "]
GIVEN = ["Jörg", "Sander M.", "Wei", "Kaushik", "Timothée", "Ágnes", "Jan", "Emre", "Friedemann",
         "Wolfgang", "Guillaume", "Jacques", "Hesham", "Wei D.", "José", "Sébastien", "Yuki", "J.-P.",
         "Xin", "Yang", "Jun", "Hao", "Li", "Yu", "Zhi-Qin", "Priyadarshini", "Abhronil", "Sen", "Emma",
         "Thomas", "Maria", "Ana", "Jürgen", "Søren", "Øystein", "Mikhail", "Olga", "Hyun-Woo", "Min",
         "Takashi", "Kenji", "Ahmed", "Fatemeh", "Saeed", "Giacomo", "Chiara", "François", "Zoë",
         "Rafael", "Lucía", "Niklas", "Anja", "Dmitrij", "Nikola", "Petr", "Tomáš", "Ewa", "Błażej"]
WORDS = ("spiking neural networks network training efficient deep learning conversion surrogate "
         "gradient temporal coding neuromorphic hardware event-based vision low-latency energy "
         "accurate robust recurrent attention membrane potential threshold plasticity online sparse "
         "spike-based neurons inference optimization classification timing rules weight circuits "
         "recognition backpropagation direct adaptive dynamics leaky integrate-and-fire models "
         "representation self-supervised transformer quantization pruning hybrid "
         "for of with and in the to from via using by through on towards beyond without").split()
SMALL = frozenset("for of with and in the to from via using by through on towards beyond without".split())
SPECIAL = ["SNN", "SNNs", "ANN-to-SNN", "ImageNet", "CIFAR-10", "DVS128", "Spikformer", "LIF", "BPTT",
           "STDP-based", "BindsNET", "Spiking-YOLO", "DS-ResNet", "T5", "$\\mathcal{O}$(L)", "$O(T)$",
           "100%", "R&D", "α-synapses", "#1", "top_k", "—", "“quoted”", "ResNet-18", "Müller’s",
           "{braced}", "50\\,ms", "x^2", "a~b", "Spike–Timing"]
VENUES = [("NeurIPS", "Advances in Neural Information Processing Systems"),
          ("ICLR", "International Conference on Learning Representations"),
          ("AAAI", "Proceedings of the AAAI Conference on Artificial Intelligence"),
          ("ICML", "Proceedings of the 40th International Conference on Machine Learning"),
          ("ECCV", "Computer Vision – ECCV 2022"),
          ("CVPR", "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)")]
JOURNALS = ["Neural Networks", "Nature Communications", "Frontiers in Neuroscience",
            "IEEE Transactions on Neural Networks and Learning Systems", "Neural Computation"]
TOPICS = ["ann2snn", "surrogate-gradient", "learning-rules", "spiking-transformers", "neuron-models",
          "applications", "neuromorphic-hardware", "lightweight-snn"]
KINDS = [Kind.CONFERENCE_PAPER] * 6 + [Kind.JOURNAL_ARTICLE] * 2 + [Kind.PREPRINT] * 3 + \
    [Kind.PAPER, Kind.BOOK, Kind.SOFTWARE, Kind.WEBPAGE, Kind.LECTURE]


def _title(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(7, 18))]
    for _ in range(rng.randint(1, 3)):
        words.insert(rng.randrange(len(words)), rng.choice(SPECIAL))
    if rng.random() < 0.5:  # Title Case
        words = [w if w in SMALL else w[:1].upper() + w[1:] for w in words]
    words[0] = words[0][:1].upper() + words[0][1:]
    if rng.random() < 0.4:
        words.insert(rng.randint(1, 3), ":")
    return " ".join(words).replace(" :", ":")


def _person(rng: random.Random) -> Person:
    family = rng.choice(PARTICLES) + rng.choice(STEMS) + rng.choice(ENDINGS)
    return Person(family, rng.choice(GIVEN))


def record(i: int, rng: random.Random) -> Record:
    kind = rng.choice(KINDS)
    year = rng.randint(1995, 2025)
    venue, proceedings = rng.choice(VENUES)
    arxiv = f"{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(0, 99999):05d}"
    paper = kind in (Kind.CONFERENCE_PAPER, Kind.JOURNAL_ARTICLE)
    authors = rng.randint(1, 15) if rng.random() < 0.98 else rng.randint(30, 80)
    return Record(
        key=f"syn{i:07d}",
        kind=kind,
        title=_title(rng),
        authors=tuple(_person(rng) for _ in range(authors)),
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
