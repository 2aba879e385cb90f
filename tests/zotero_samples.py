"""Hand-made records for the Zotero tests: every kind, XML specials, math, nesting, off-topic."""

from __future__ import annotations

import json
from pathlib import Path

from snnbib.model import Dataset, Identifiers, Kind, Origin, Person, Record, Topic, TopicAssignment
from snnbib.store import dumps_records

TOPICS = (
    Topic("learning", "Training & learning"),
    Topic("ann2snn", "ANN-to-SNN <conversion>", parent="learning"),
    Topic("surrogate-gradient", 'Surrogate "gradients"', parent="learning"),
    Topic("online-learning", "Online learning", parent="learning"),
    Topic("neuron-models", "Neuron models"),
    Topic("robustness", "Adversarial robustness"),  # no record: no collection
    Topic("software", "Frameworks and code"),
    Topic("books", "Books and lectures"),
    Topic("resources", "Other resources"),
    Topic("general", "Other SNN research"),
    Topic("off-topic", "Not SNN research"),
)

GROUPS = {"learning"}


def _t(*slugs: str) -> tuple[TopicAssignment, ...]:
    return tuple(TopicAssignment(s, "section") for s in slugs)


def _o(line: int, *heading: str) -> tuple[Origin, ...]:
    return (Origin("awesome-snn", line, heading, f"- item {line}"),)


RECORDS = (
    Record(
        key="bu2023optimal", kind=Kind.CONFERENCE_PAPER,
        title="Optimal ANN-SNN Conversion & <Calibration>: 100% \"fast\" with $\\mathcal{O}$(L) steps",
        authors=(Person("Bu", "Tong"), Person("Müller", "Jörg")), year=2023, venue="ICLR",
        container_title="International Conference on Learning Representations", event="ICLR 2023",
        publisher="OpenReview.net", pages="1-12", url="https://openreview.net/forum?id=7B3IJMM1k_M",
        ids=Identifiers(openreview="7B3IJMM1k_M", arxiv="2303.04347",
                        repository="https://github.com/putshua/SNN_conversion_QCFS"),
        topics=_t("ann2snn", "surrogate-gradient"), note="Quantisation & clip-floor-shift <QCFS>.",
        origins=_o(12, "Papers", "ANN to SNN Conversion"),
    ),
    Record(
        key="kheradpisheh2018stdp", kind=Kind.JOURNAL_ARTICLE,
        title="STDP-based spiking deep convolutional neural networks for object recognition",
        authors=(Person("Kheradpisheh", "Saeed Reza"), Person("Masquelier", "Timothée")), et_al=True,
        year=2018, venue="Neural Networks", container_title="Neural Networks", volume="99",
        pages="56-67", url="https://doi.org/10.1016/j.neunet.2017.12.005",
        ids=Identifiers(doi="10.1016/j.neunet.2017.12.005"), topics=_t("neuron-models"),
        origins=_o(40, "Learning") + _o(7, "Vision"),
    ),
    Record(
        key="lee2023dendritic", kind=Kind.JOURNAL_ARTICLE, title="Dendritic spiking neurons",
        authors=(Person("Lee", "Min-Ji"), Person("van der Berg", "Anna")), year=2023,
        venue="Nat. Mach. Intell.", container_title="Nature Machine Intelligence", volume="5",
        issue="7", pages="700-712", ids=Identifiers(doi="10.1038/s42256-023-00000-0"),
        topics=_t("neuron-models"), origins=_o(41, "Learning"),
    ),
    Record(
        key="eshraghian2021training", kind=Kind.PREPRINT,
        title="Training Spiking Neural Networks Using Lessons From Deep Learning",
        authors=(Person("Eshraghian", "Jason K."), Person("Ward", "Max")), year=2021,
        url="https://arxiv.org/abs/2109.12894", ids=Identifiers(arxiv="2109.12894", arxiv_class="cs.NE"),
        topics=_t("surrogate-gradient", "online-learning"), origins=_o(3),
    ),
    Record(
        key="gerstner2014neuronal", kind=Kind.BOOK, title="Neuronal Dynamics",
        authors=(Person("Gerstner", "Wulfram"), Person("Kistler", "Werner M.")), year=2014,
        publisher="Cambridge University Press", url="https://neuronaldynamics.epfl.ch/",
        topics=_t("books"), origins=_o(90, "Books"),
    ),
    Record(
        key="snntorch", kind=Kind.SOFTWARE, title="snnTorch", url="https://snntorch.readthedocs.io/",
        ids=Identifiers(repository="https://github.com/jeshraghian/snntorch"),
        topics=_t("software"), origins=_o(120, "Frameworks"),
    ),
    Record(
        key="zenke2021lecture", kind=Kind.LECTURE, title="SNN lecture series", authors=(Person("Zenke", "Friedemann"),),
        year=2021, event="Cosyne 2021", url="https://example.org/lectures", topics=_t("books"), origins=_o(95, "Books"),
    ),
    Record(
        key="neurobench", kind=Kind.PROJECT, title="NeuroBench", url="https://neurobench.ai/",
        topics=_t("resources"), origins=_o(130, "Others"),
    ),
    Record(
        key="tutorial2022", kind=Kind.WEBPAGE, title="Spiking tutorial", url="https://example.org/tutorial",
        container_title="Example Site", topics=_t("resources"), origins=_o(131, "Others"),
    ),
    Record(
        key="anon2020spiking", kind=Kind.PAPER, title="Spiking networks, venue unknown",
        authors=(Person("Plato"),), year=2020, ids=Identifiers(doi="10.1234/abc.def", arxiv="2001.00001"),
        topics=_t("general"), origins=_o(200),
    ),
    Record(
        key="spiked2019matrix", kind=Kind.PREPRINT, title="Spiked matrix models", year=2019,
        authors=(Person("Doe", "Jane"),), ids=Identifiers(arxiv="1901.00002"),
        topics=(TopicAssignment("off-topic", "rule", "spiked matrix"),), off_topic=True, origins=_o(300),
    ),
)


def sample_dataset() -> Dataset:
    return Dataset(tuple(sorted(RECORDS, key=lambda r: r.key)), TOPICS)


def write_data_dir(directory: Path, records=RECORDS, topics=TOPICS) -> Path:
    """A data dir (dataset.jsonl + topics.toml) that `snnbib --data-dir`/SNNBIB_DATA_DIR can load."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "dataset.jsonl").write_text(dumps_records(records), encoding="utf-8")
    lines = []
    for t in topics:
        lines += ["[[topic]]", f"slug = {json.dumps(t.slug)}", f"name = {json.dumps(t.name)}"]
        if t.parent:
            lines.append(f"parent = {json.dumps(t.parent)}")
        if t.slug in GROUPS:
            lines.append("group = true")
        lines.append("")
    (directory / "topics.toml").write_text("\n".join(lines), encoding="utf-8")
    return directory



def many_records(n: int) -> tuple[Record, ...]:
    """`n` conference papers spread over three topics, each with a code link."""
    slugs = ("ann2snn", "surrogate-gradient", "neuron-models")
    return tuple(
        Record(
            key=f"author{i:04d}paper", kind=Kind.CONFERENCE_PAPER, title=f"Spiking paper number {i}",
            authors=(Person(f"Author{i}", "A."),), year=2000 + i % 24, container_title="Proceedings",
            event="Conf 2020", url=f"https://example.org/p/{i}",
            ids=Identifiers(repository=f"https://github.com/example/p{i}"),
            topics=_t(slugs[i % 3], *(("online-learning",) if i % 5 == 0 else ())), origins=_o(i + 1, "Papers"),
        )
        for i in range(n)
    )
