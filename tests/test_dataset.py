"""The dataset built from the five real lists: accounting, merges, conflicts, overrides, keys."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, require_shared
from snnbib.errors import OverrideError
from snnbib.facts import FACTS_FILE
from snnbib.manifest import load_manifest
from snnbib.markdown import count_items
from snnbib.normalize import title_key
from snnbib.pipeline import build, write
from snnbib.store import DATASET_FILE, dumps_records


@pytest.fixture(scope="module")
def result():
    return build(DATA)


def _by_title(dataset, title):
    key = title_key(title)
    hits = [r for r in dataset if title_key(r.title) == key]
    assert len(hits) == 1, f"{title!r}: {len(hits)} records"
    return hits[0]


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


def test_every_item_of_every_source_is_accounted_for(result):
    for source, report in zip(load_manifest(DATA), result.report.sources):
        text = (DATA / "sources" / source.file).read_text(encoding="utf-8")
        assert report.items == count_items(text), source.name
        assert report.records + sum(report.skips.values()) == report.items, source.name
    origins = {o.ref for r in result.dataset for o in r.origins}
    assert len(origins) == sum(s.records for s in result.report.sources)


def test_committed_dataset_is_fresh_and_rebuild_is_byte_identical(result):
    text = dumps_records(result.dataset.records)
    assert (DATA / DATASET_FILE).read_text(encoding="utf-8") == text, "stale: run `snnbib build`"
    assert dumps_records(build(DATA).dataset.records) == text


def test_unique_keys_and_aliases(result):
    keys = [k for r in result.dataset for k in (r.key, *r.aliases)]
    assert len(keys) == len(set(keys))
    assert all(k.isascii() and k.isalnum() and k == k.lower() for k in keys)


@pytest.mark.parametrize("a, b", [
    ("Optimal ANN-SNN Conversion for High-accuracy and Ultra-low-latency Spiking Neural Networks",
     "Optimal ANN-SNN Conversion for Fast and Accurate Inference in Deep Spiking Neural Networks"),
    ("Spike-driven Transformer",
     "Spike-driven Transformer V2: Meta Spiking Neural Network Architecture Inspiring the Design of Next-generation Neuromorphic Chips"),
    ("Training Spiking Neural Networks with Event-driven Backpropagation",
     "Temporal-Coded Spiking Neural Networks with Dynamic Firing Threshold: Learning with Event-Driven Backpropagation"),
    ("Training Spiking Neural Networks with Event-driven Backpropagation",
     "Training Deep Spiking Neural Networks Using Backpropagation"),
    ("Training Spiking Neural Networks with Event-driven Backpropagation",
     "Training Spiking Neural Networks with Local Tandem Learning"),
])
def test_similar_titles_stay_apart(result, a, b):
    assert _by_title(result.dataset, a).key != _by_title(result.dataset, b).key


def test_same_work_under_two_wordings_merges(result):
    hetero = _by_title(result.dataset, "Sparse Spiking Neural Network: Exploiting Heterogeneity in Timescales for Pruning Recurrent SNN")
    assert {o.source for o in hetero.origins} == {"001", "004"}
    parallel = _by_title(result.dataset, "Parallel Spiking Neurons with High Efficiency and Ability to Learn Long-term Dependencies")
    assert {o.source for o in parallel.origins} >= {"000", "002", "004"}
    assert parallel.ids.arxiv == "2304.12760"


def test_wrong_shared_link_is_a_conflict_and_kept_by_neither(result):
    kinds = [c for c in result.report.conflicts if c.kind == "identifier-shared-by-different-titles"]
    assert any("nc8vc8gvgpo" in c.detail for c in kinds)
    event = _by_title(result.dataset, "Training Spiking Neural Networks with Event-driven Backpropagation")
    tandem = _by_title(result.dataset, "Training Spiking Neural Networks with Local Tandem Learning")
    assert event.ids.openreview != "nC8VC8gVGPo" and tandem.ids.openreview != "nC8VC8gVGPo" or \
        event.ids.openreview != tandem.ids.openreview


def test_official_record_wins_over_list_year_and_conflict_is_reported(result):
    yolo = _by_title(result.dataset, "Spiking-YOLO: Spiking Neural Network for Energy-Efficient Object Detection")
    assert (yolo.venue, yolo.year) == ("AAAI", 2020)
    assert any(c.kind == "year-disagrees" and "Spiking-YOLO" in c.subject for c in result.report.conflicts)
    nas = _by_title(result.dataset, "Neural Architecture Search for Spiking Neural Networks")
    assert nas.venue == "ECCV" and nas.kind.value == "conference-paper"
    assert any(c.kind == "venue-line-lacks-venue" and c.subject == nas.title for c in result.report.conflicts)


def test_titles_are_clean(result):
    for record in result.dataset:
        assert not any(bad in record.title for bad in ("Â", "ï¬", "\xa0", "  ", "**")), record.title
        assert record.title == record.title.strip()
    bridging = _by_title(result.dataset, "bridging the gap between ANNs and SNNs by calibrating offset spikes")
    assert bridging.title.startswith("Bridging the Gap")


def test_topics_from_sections_rules_and_off_topic(result):
    dataset = result.dataset
    known = {t.slug for t in dataset.topics}
    for record in dataset:
        assert record.topics and set(record.topic_slugs) <= known
    bridging = _by_title(dataset, "Bridging the Gap between ANNs and SNNs by Calibrating Offset Spikes")
    assert ("ann2snn", "section") in {(t.slug, t.by) for t in bridging.topics}
    slab = _by_title(dataset, "Scalable Spike-and-Slab")
    assert slab.off_topic and slab.topic_slugs == ("off-topic",)
    assert slab not in dataset.select([]) and slab not in dataset.select(["learning"])
    haas = _by_title(dataset, "Mind the spikes: Benign overfitting of kernels and neural networks in fixed dimension")
    assert haas.off_topic and haas.topics[0].by == "override"


def test_enrichment_gives_authors_and_proceedings_titles(result):
    spikformer = result.dataset.get("zhou2023spikformer")
    assert spikformer is not None
    assert [a.family for a in spikformer.authors][:2] == ["Zhou", "Zhu"]
    assert spikformer.container_title == "International Conference on Learning Representations"
    assert spikformer.source_of("authors").startswith("enrichment shared/enrichment/metadata.json")
    icml = _by_title(result.dataset, "State Transition of Dendritic Spines Improves Learning of Sparse Spiking Neural Networks")
    assert icml.container_title == "Proceedings of the 39th International Conference on Machine Learning"


def test_overrides_fix_titles_and_venues(result):
    record = next(r for r in result.dataset if "003:45" in {o.ref for o in r.origins})
    assert record.title.startswith("Conversion of Continuous-Valued Deep Networks to Efficient Event-Driven")
    assert "override 003:45" in record.source_of("title")
    attention = next(r for r in result.dataset if "000:12" in {o.ref for o in r.origins})
    assert (attention.venue, attention.kind.value) == ("TPAMI", "journal-article")


def test_override_naming_unknown_record_fails_with_line(tmp_path):
    data = _copy_data(tmp_path)
    with (data / "overrides.toml").open("a") as handle:
        handle.write('\n[[record]]\ntarget = "nobody2099nothing"\ntitle = "x"\nreason = "test"\n')
    with pytest.raises(OverrideError) as error:
        build(data)
    text = (data / "overrides.toml").read_text().splitlines()
    assert error.value.line == len(text) - 3 and "nobody2099nothing" in str(error.value)


def test_override_with_unknown_field_fails(tmp_path):
    data = _copy_data(tmp_path)
    (data / "overrides.toml").write_text('[[record]]\ntarget = "000:12"\ntitel = "x"\nreason = "typo"\n')
    with pytest.raises(OverrideError, match=r"overrides.toml:1: unknown field 'titel'"):
        build(data)


def test_keys_do_not_change_when_a_record_gains_authors(tmp_path):
    data = _copy_data(tmp_path)
    (data / FACTS_FILE).write_text("")
    (data / "keys.lock").unlink()
    first = build(data)
    write(first, data)
    yolo = _by_title(first.dataset, "Spiking-YOLO: Spiking Neural Network for Energy-Efficient Object Detection")
    assert not any(p.given == "Seijoon" for p in yolo.authors)
    shutil.copy(DATA / FACTS_FILE, data / FACTS_FILE)
    second = build(data)
    again = _by_title(second.dataset, yolo.title)
    assert again.key == yolo.key and again.authors != yolo.authors
    assert {r.key for r in second.dataset} == {r.key for r in first.dataset}


def test_build_command_is_idempotent(tmp_path):
    data = _copy_data(tmp_path)
    run = [sys.executable, "-m", "snnbib", "build", "--data-dir", str(data)]
    out = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert "unique works" in out and "conflicts:" in out
    before = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    subprocess.run(run, capture_output=True, check=True)
    assert before == {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    check = subprocess.run([sys.executable, "-m", "snnbib", "check", "--data-dir", str(data)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_check_reports_an_edited_source(tmp_path):
    data = _copy_data(tmp_path)
    source = next((data / "sources").glob("003_*"))
    source.write_bytes(source.read_bytes() + b"\n")
    check = subprocess.run([sys.executable, "-m", "snnbib", "check", "--data-dir", str(data)],
                           capture_output=True, text=True)
    assert check.returncode == 1 and "changed since capture" in check.stderr


def test_enrichment_facts_come_from_the_shared_metadata(tmp_path):
    metadata = require_shared("enrichment", "metadata.json")
    data = _copy_data(tmp_path)
    (data / FACTS_FILE).unlink()
    out = subprocess.run([sys.executable, "-m", "snnbib", "enrich", "--from", str(metadata), "--data-dir", str(data)],
                         capture_output=True, text=True, check=True).stdout
    assert "232 items; matched 232" in out
    assert (data / FACTS_FILE).read_bytes() == (DATA / FACTS_FILE).read_bytes()
    facts = [json.loads(line) for line in (data / FACTS_FILE).read_text().splitlines()]
    assert all(f["source"].startswith("shared/enrichment/metadata.json#") for f in facts)
