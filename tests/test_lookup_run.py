"""A whole lookup run against local fake services: the chain, the results file, the report,
reruns from the cache (zero requests), offline runs, faults, Ctrl-C, and the CLI."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

from conftest import DATA
from fake_services import Answer, FakeService, arxiv_entry, arxiv_feed, crossref_list, \
    crossref_work, dblp_hit, dblp_result, json_answer, s2_paper
from snnbib.cli import main
from snnbib.lookup import PROVIDERS
from snnbib.lookup.base import Provider
from snnbib.lookup.config import LookupConfig
from snnbib.lookup.results import RESULTS_FILE, apply, load_results
from snnbib.lookup.runner import run
from snnbib.model import Identifiers, Kind, Person, Record, TopicAssignment
from snnbib.store import dumps_records

NAMES = ("crossref", "dblp", "arxiv", "datacite", "doi_negotiation", "openalex",
         "semantic_scholar")
TEMPLATE = {"publisher": "IEEE", "type": "proceedings-article", "reference-count": 0}
ANN2SNN = (TopicAssignment("ann2snn", "section"),)

SDT = Record("yao2023spikedriven", Kind.CONFERENCE_PAPER, "Spike-driven Transformer",
             authors=(Person("Yao", "Man"),), et_al=True, year=2023, venue="NeurIPS",
             ids=Identifiers(arxiv="2307.01694"), topics=ANN2SNN)
SPIKFORMER = Record("zhou2023spikformer", Kind.CONFERENCE_PAPER,
                    "Spikformer: When Spiking Neural Network Meets Transformer",
                    authors=(Person("Zhou", "Zhaokun"),), et_al=True, year=2023, venue="ICLR",
                    ids=Identifiers(arxiv="2209.15425"), topics=ANN2SNN)
EVENT = Record("kim2022event", Kind.CONFERENCE_PAPER,
               "Spiking Neural Networks for Event-Based Object Detection",
               authors=(Person("Kim", "Youngeun"),), year=2022, venue="CVPR", topics=ANN2SNN)
TWIN = Record("lee2021twin", Kind.JOURNAL_ARTICLE, "Training Deep Spiking Neural Networks",
              authors=(Person("Lee", "Chankyu"),), year=2021, topics=ANN2SNN)
IJCAI = Record("wu2021ijcai", Kind.CONFERENCE_PAPER, "Tandem Learning for SNNs", year=2021,
               venue="IJCAI", ids=Identifiers(ijcai="2021/0321"), topics=ANN2SNN)
HAS_DOI = Record("maass1997networks", Kind.JOURNAL_ARTICLE, "Networks of spiking neurons",
                 year=1997, ids=Identifiers(doi="10.1016/s0893-6080(97)00011-7"), topics=ANN2SNN)
TOOL = Record("snntorch", Kind.SOFTWARE, "snnTorch", topics=ANN2SNN)
RECORDS = [SDT, SPIKFORMER, EVENT, TWIN, IJCAI, HAS_DOI, TOOL]


def world(service: FakeService) -> None:
    """The services' answers for the records above (in the image of the recorded ones)."""
    v2 = ("Spike-driven Transformer V2: Meta Spiking Neural Network Architecture Inspiring the "
          "Design of Next-generation Neuromorphic Chips")
    searches = {
        SDT.title: [crossref_work(TEMPLATE, "10.1000/v2", v2, [("Man", "Yao")], 2024, "ICLR")],
        EVENT.title: [
            crossref_work(TEMPLATE, "10.1109/cvpr52688.2022.00001", EVENT.title,
                          [("Youngeun", "Kim"), ("Priyadarshini", "Panda")], 2022,
                          "2022 IEEE/CVF Conference on Computer Vision and Pattern Recognition "
                          "(CVPR)", page="1-10"),
            crossref_work(TEMPLATE, "10.1000/other", "Event cameras for robots",
                          [("Ann", "Other")], 2022, "IROS")],
        TWIN.title: [
            crossref_work(TEMPLATE, "10.1000/twin-a", TWIN.title, [("Chankyu", "Lee")], 2021,
                          "Frontiers in Neuroscience", kind="journal-article"),
            crossref_work(TEMPLATE, "10.1000/twin-b", TWIN.title + ".", [("Chankyu", "Lee")], 2021,
                          "Neural Networks", kind="journal-article")],
    }

    def crossref(path, query, headers):
        title = next((t for t in searches if query["query.bibliographic"].startswith(t)), "")
        return json_answer(crossref_list(searches.get(title, [])))

    service.add("/crossref/works", crossref)
    service.add("/dblp/search/publ/api", lambda p, q, h: json_answer(dblp_result({
        "spike driven transformer": [dblp_hit("Spike-driven Transformer",
                                              ["Man Yao", "Jiakui Hu", "Guoqi Li"], "NeurIPS",
                                              2023, "conf/nips/YaoHZZXT0L23",
                                              pages="64043-64058")],
        "spikformer when spiking neural network meets transformer": [
            dblp_hit(SPIKFORMER.title, ["Zhaokun Zhou", "Yuesheng Zhu", "Li Yuan 0001"], "ICLR",
                     2023, "conf/iclr/ZhouZHWY0023")],
    }.get(q["q"], []))))
    service.add("/arxiv/query", Answer(body=arxiv_feed([
        arxiv_entry("2307.01694", "Spike-driven Transformer", ["Man Yao", "Jiakui Hu"],
                    "2023-07-04T00:00:00Z", "cs.NE"),
        arxiv_entry("2209.15425", SPIKFORMER.title, ["Zhaokun Zhou", "Yuesheng Zhu"],
                    "2022-09-29T00:00:00Z", "cs.NE")])))
    service.add("/s2/graph/v1/paper/search/match", lambda p, q, h: json_answer(
        {"data": [s2_paper(v2, ["Man Yao"], 2024, "ICLR", doi="10.1000/v2")]})
        if q["query"] == SDT.title else Answer(404, '{"error":"Title match not found"}'))


@pytest.fixture
def service():
    with FakeService(retry_after="0.1") as s:
        world(s)
        yield s


def make_config(service, tmp_path, **kw) -> LookupConfig:
    prefixes = {"crossref": "/crossref", "dblp": "/dblp", "arxiv": "/arxiv",
                "datacite": "/datacite", "doi_negotiation": "/doi", "openalex": "/openalex",
                "semantic_scholar": "/s2"}
    settings = dict(urls={n: service.url + p for n, p in prefixes.items()},
                    rates={n: 500.0 for n in NAMES}, retries=2, backoff_base=0.01,
                    backoff_cap=0.02, timeout=1.0, cache_dir=tmp_path / "cache", progress=False,
                    workers=4)
    settings.update(kw)
    return LookupConfig(**settings)


def lookup(service, tmp_path, records=RECORDS, **kw):
    providers = kw.pop("providers", PROVIDERS.all())
    config = make_config(service, tmp_path, **kw.pop("config", {}))
    return run(records, tmp_path, providers, config, **kw)


def by_field(tmp_path):
    return {(r.key, r.field): r for r in load_results(tmp_path)}


def test_a_run_finds_verified_values_and_never_a_near_miss(service, tmp_path):
    report = lookup(service, tmp_path)
    got = by_field(tmp_path)
    # the near-miss "V2" from Crossref and Semantic Scholar is rejected, never attached
    assert got[(SDT.key, "doi")].status == "rejected"
    assert got[(SDT.key, "doi")].value == "10.1000/v2"
    # DBLP knows the NeurIPS paper: authors and pages, no DOI
    assert got[(SDT.key, "authors")].status == "accepted"
    assert got[(SDT.key, "authors")].provider == "dblp"
    assert got[(SDT.key, "pages")].value == "64043-64058"
    assert got[(SDT.key, "arxiv_class")].value == "cs.NE"
    assert got[(SPIKFORMER.key, "authors")].value[2] == {"family": "Yuan", "given": "Li"}
    # Crossref finds the CVPR paper's DOI, with a distant runner-up
    event = got[(EVENT.key, "doi")]
    assert (event.value, event.status, event.provider) == (
        "10.1109/cvpr52688.2022.00001", "accepted", "crossref")
    assert event.score == 100.0 and event.runner_up < 50 and event.time.endswith("Z")
    # two works with the same title: a human decides
    assert got[(TWIN.key, "doi")].status == "queued"
    assert not any(k in (HAS_DOI.key, TOOL.key) for k, _ in got)
    assert (report.found["crossref"], report.queued["crossref"]) == (1, 1)
    assert report.rejected["crossref"] == 1 and report.derived["ijcai"] == 1
    assert report.skipped_with_doi == 1 and report.unresolved == 2  # SDT, SPIKFORMER
    assert "DOIs found: 1, queued: 1, rejected: 1, unresolved: 2" in report.render()


def test_results_apply_offline(service, tmp_path):
    lookup(service, tmp_path)
    out = {r.key: r for r in apply(RECORDS, tmp_path)}
    assert out[EVENT.key].ids.doi == "10.1109/cvpr52688.2022.00001"
    assert out[SDT.key].ids.doi == "" and out[TWIN.key].ids.doi == ""
    assert out[SDT.key].authors[2] == Person("Li", "Guoqi") and not out[SDT.key].et_al
    assert out[IJCAI.key].ids.doi == "10.24963/ijcai.2021/321"
    assert dict(out[EVENT.key].provenance)["ids.doi"] == "lookup:crossref score=100.0"


def test_a_rerun_makes_no_requests_and_leaves_the_file_unchanged(service, tmp_path):
    lookup(service, tmp_path)
    first = (tmp_path / RESULTS_FILE).read_bytes()
    sent = service.count()
    report = lookup(service, tmp_path)
    assert service.count() == sent and report.requests == 0
    assert (tmp_path / RESULTS_FILE).read_bytes() == first


def test_offline_uses_only_the_cache(service, tmp_path):
    lookup(service, tmp_path)
    first = [replace(r, time="") for r in load_results(tmp_path)]
    sent = service.count()
    (tmp_path / RESULTS_FILE).unlink()
    lookup(service, tmp_path, offline=True)
    assert service.count() == sent
    assert [replace(r, time="") for r in load_results(tmp_path)] == first


def test_offline_with_an_empty_cache_derives_only(service, tmp_path):
    report = lookup(service, tmp_path, offline=True)
    assert service.count() == 0 and report.derived["ijcai"] == 1
    assert load_results(tmp_path) == []


def test_faults_are_survived_without_losing_a_result(service, tmp_path):
    service.fail("/crossref/works", "500", "429", "timeout", "reset")
    service.fail("/dblp/search/publ/api", "503")
    lookup(service, tmp_path, config={"timeout": 0.3})
    reference = tmp_path / "reference"
    reference.mkdir()
    with FakeService() as clean:
        world(clean)
        lookup(clean, reference)
    strip = [(r.key, r.field, r.value, r.status) for r in load_results(tmp_path)]
    assert strip == [(r.key, r.field, r.value, r.status) for r in load_results(reference)]


@pytest.mark.parametrize("fault", ["malformed", "html"])
def test_a_bad_answer_is_an_error_not_a_match(service, tmp_path, fault):
    service.fail("/dblp/search/publ/api", fault)
    report = lookup(service, tmp_path, providers=[PROVIDERS.get("dblp")], records=[SDT])
    assert report.errors["dblp"] == 1
    assert load_results(tmp_path) == []
    lookup(service, tmp_path, providers=[PROVIDERS.get("dblp")], records=[SDT])
    assert by_field(tmp_path)[(SDT.key, "authors")].status == "accepted"  # not cached: retried


def test_a_provider_that_keeps_failing_is_skipped(service, tmp_path):
    records = [replace(EVENT, key=f"k{i}", title=f"Unknown paper number {i}") for i in range(9)]
    service.add("/crossref/works", Answer(400, '{"status":"failed"}'))
    report = lookup(service, tmp_path, records=records, providers=[PROVIDERS.get("crossref")],
                    config={"workers": 1})
    assert "crossref" in report.disabled and service.count() == 5


def test_an_accepted_doi_that_another_record_has_is_queued(service, tmp_path):
    clash = replace(HAS_DOI, ids=Identifiers(doi="10.1109/CVPR52688.2022.00001"))
    report = lookup(service, tmp_path, records=[EVENT, clash])
    assert by_field(tmp_path)[(EVENT.key, "doi")].status == "queued"
    assert report.demoted == [EVENT.key] and report.found["crossref"] == 0


class Interrupting(Provider):
    """Presses Ctrl-C while looking up one record."""

    name = "interrupting"
    fields = ("doi", "authors", "pages", "volume", "container_title", "arxiv_class")

    def candidates(self, record, client, config):
        if record.key == TWIN.key:
            raise KeyboardInterrupt
        return []


def test_ctrl_c_keeps_the_results_obtained_so_far(service, tmp_path):
    records = [EVENT, TWIN]
    report = lookup(service, tmp_path, records=records, config={"workers": 1},
                    providers=[PROVIDERS.get("crossref"), Interrupting()])
    assert report.interrupted and "interrupted" in report.render()
    assert by_field(tmp_path)[(EVENT.key, "doi")].status == "accepted"


# ---- the command line --------------------------------------------------------------------

@pytest.fixture
def data_dir(tmp_path, service, monkeypatch):
    directory = tmp_path / "data"
    directory.mkdir()
    (directory / "dataset.jsonl").write_text(dumps_records(RECORDS), encoding="utf-8")
    shutil.copy(DATA / "topics.toml", directory / "topics.toml")
    config = make_config(service, tmp_path)
    for name, url in config.urls.items():
        monkeypatch.setenv(f"SNNBIB_{name.upper()}_URL", url)
        monkeypatch.setenv(f"SNNBIB_{name.upper()}_RATE", "500")
    monkeypatch.setenv("SNNBIB_CACHE_DIR", str(tmp_path / "cache"))
    return directory


def cli(capsys, *args):
    with pytest.raises(SystemExit) as info:
        main([*args])
        raise SystemExit(0)
    out = capsys.readouterr()
    return info.value.code, out.out, out.err


def test_cli_lookup_review_accept_reject(data_dir, capsys, service):
    code, out, _ = cli(capsys, "lookup", "--data-dir", str(data_dir), "--no-progress")
    assert code == 0 and "DOIs found: 1, queued: 1" in out
    code, out, _ = cli(capsys, "lookup", "review", "--data-dir", str(data_dir))
    assert code == 0 and TWIN.key in out and "ours:   Training Deep Spiking" in out
    assert "10.1000/twin-" in out and "why:    title 100.0, year \u03940" in out
    code, out, _ = cli(capsys, "lookup", "accept", TWIN.key, "--data-dir", str(data_dir))
    assert code == 0 and f"{TWIN.key}: 3 results accepted" in out  # doi, container, publisher
    twin = by_field(data_dir)[(TWIN.key, "doi")]
    assert twin.status == "accepted" and twin.decided_by == "review"
    code, out, _ = cli(capsys, "lookup", "reject", EVENT.key, "--field", "doi",
                       "--data-dir", str(data_dir))
    assert code == 0
    # a rerun keeps both human decisions
    cli(capsys, "lookup", "run", "--data-dir", str(data_dir), "--no-progress", "--offline")
    got = by_field(data_dir)
    assert got[(TWIN.key, "doi")].status == "accepted"
    assert got[(EVENT.key, "doi")].status == "rejected"
    code, out, _ = cli(capsys, "lookup", "review", "--data-dir", str(data_dir))
    assert "the review queue is empty" in out


def test_cli_offline_topic_limit_and_provider(data_dir, capsys, service):
    code, out, _ = cli(capsys, "lookup", "--offline", "--topic", "ann2snn", "--limit", "2",
                       "--provider", "dblp", "--data-dir", str(data_dir), "--no-progress")
    assert code == 0 and service.count() == 0
    assert "2 looked up" in out and "ijcai 1" in out


@pytest.mark.parametrize("args, message", [
    (("lookup", "--provider", "nope"), "unknown lookup provider 'nope'; valid: crossref, dblp"),
    (("lookup", "--topic", "nope"), "unknown topic 'nope'"),
    (("lookup", "accept", "nobody"), "no lookup results for 'nobody'"),
])
def test_cli_user_errors(data_dir, capsys, args, message):
    code, _, err = cli(capsys, *args, "--data-dir", str(data_dir))
    assert code == 1 and message in err and "Traceback" not in err


def test_results_file_is_valid_json_lines(service, tmp_path):
    lookup(service, tmp_path)
    for line in (tmp_path / RESULTS_FILE).read_text().splitlines():
        assert json.loads(line)["status"] in ("accepted", "queued", "rejected")


def test_sigint_keeps_the_results_obtained_so_far(tmp_path, monkeypatch):
    import os
    import signal
    import subprocess
    import sys
    import time

    # forty records, forty distinct searches (the first author is part of the query)
    records = [replace(EVENT, key=f"event{i:02d}", authors=(Person(f"Kim{i:02d}"),)) for i in range(40)]
    directory = tmp_path / "data"
    directory.mkdir()
    (directory / "dataset.jsonl").write_text(dumps_records(records), encoding="utf-8")
    shutil.copy(DATA / "topics.toml", directory / "topics.toml")
    with FakeService(latency=0.2) as slow:
        world(slow)
        env = {**os.environ, "SNNBIB_CROSSREF_URL": slow.url + "/crossref",
               "SNNBIB_CROSSREF_RATE": "500", "SNNBIB_CACHE_DIR": str(tmp_path / "cache")}
        process = subprocess.Popen(
            [sys.executable, "-m", "snnbib", "lookup", "--provider", "crossref",
             "--data-dir", str(directory), "--no-progress"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while slow.count() < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # the answers to those first searches (0.2 s latency) have landed
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert "interrupted: results so far were kept" in out
    kept = load_results(directory)
    assert 0 < len({r.key for r in kept}) < 40, out
    # one DOI for forty records: found for each, and queued since they all claim it
    assert {(r.value, r.status) for r in kept if r.field == "doi"} == {
        ("10.1109/cvpr52688.2022.00001", "queued")}


def test_cli_lists_the_providers(capsys, monkeypatch):
    monkeypatch.setenv("SNNBIB_DBLP_URL", "http://127.0.0.1:9")
    code, out, _ = cli(capsys, "lookup", "providers")
    assert code == 0
    assert out.splitlines()[0].startswith("crossref (cr): Crossref works by DOI and by title")
    assert "    http://127.0.0.1:9  1 requests/s, 2 at a time" in out
    assert "arxiv: arXiv API" in out and "0.333333 requests/s, 1 at a time" in out


def test_refresh_asks_again_also_for_records_with_a_doi(service, tmp_path):
    providers = [PROVIDERS.get("crossref")]
    report = lookup(service, tmp_path, records=[EVENT, HAS_DOI], providers=providers)
    assert report.skipped_with_doi == 1 and service.count() == 1
    report = lookup(service, tmp_path, records=[EVENT, HAS_DOI], providers=providers,
                    refresh=True)
    assert report.skipped_with_doi == 0 and report.requests == 2
    assert service.count("/crossref/works/10.1016/s0893-6080(97)00011-7") == 1
    assert by_field(tmp_path)[(EVENT.key, "doi")].status == "accepted"


@pytest.mark.parametrize("answered", [3, 12, 25])
def test_a_lookup_killed_mid_run_leaves_whole_files_and_a_rerun_finishes(tmp_path, answered):
    """SIGKILL after `answered` answers: the results file is absent or whole JSON lines, the
    SQLite cache passes its integrity check, and a rerun ends with a clean run's results while
    asking again only what was not cached."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    records = [replace(EVENT, key=f"event{i:02d}", authors=(Person(f"Kim{i:02d}"),)) for i in range(40)]

    def data_dir(name):
        directory = tmp_path / name
        directory.mkdir()
        (directory / "dataset.jsonl").write_text(dumps_records(records), encoding="utf-8")
        shutil.copy(DATA / "topics.toml", directory / "topics.toml")
        return directory

    def start(service, directory, cache):
        env = {**os.environ, "SNNBIB_CROSSREF_URL": service.url + "/crossref", "SNNBIB_CROSSREF_RATE": "500",
               "SNNBIB_CACHE_DIR": str(cache)}
        return subprocess.Popen([sys.executable, "-m", "snnbib", "lookup", "--provider", "crossref",
                                 "--data-dir", str(directory), "--no-progress"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def outcome(directory):
        return sorted((r.key, r.field, str(r.value), r.status) for r in load_results(directory))

    with FakeService() as fast:
        world(fast)
        clean = data_dir("clean")
        done = start(fast, clean, tmp_path / "clean-cache")
        assert done.wait(timeout=120) == 0, done.stderr.read()
        cold_requests = fast.count()
    killed, cache = data_dir("killed"), tmp_path / "cache"
    with FakeService(latency=0.1) as service:  # one service, one URL: the cache keys stay the same
        world(service)
        process = start(service, killed, cache)
        deadline = time.monotonic() + 30
        while service.count() < answered + 8 and time.monotonic() < deadline:  # 8 workers: answered ones are behind
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL
        results = killed / RESULTS_FILE
        if results.exists():
            assert all(json.loads(line)["status"] in ("accepted", "queued", "rejected")
                       for line in results.read_text(encoding="utf-8").splitlines())
        with sqlite3.connect(cache / "lookup-cache.sqlite") as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            cached = db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
        assert cached >= answered // 2  # each answer is committed as it comes (a few may be in flight)
        service.latency = 0.0
        before = service.count()
        rerun = start(service, killed, cache)
        assert rerun.wait(timeout=120) == 0, rerun.stderr.read()
        assert service.count() - before == cold_requests - cached  # only what was not cached is asked again
    assert outcome(killed) == outcome(clean)
