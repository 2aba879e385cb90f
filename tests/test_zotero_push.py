"""The Zotero push against the local fake API: idempotence, versions, tokens, waits, the key."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT
from fake_zotero import FakeZotero
from snnbib.errors import ZoteroError
from snnbib.model import Dataset, Kind
from snnbib.zotero.api import Client, Library
from snnbib.zotero.items import CODE_TITLE, NOTE_HEADING, build_item, snnbib_id
from snnbib.zotero.collection_sync import ensure_collections
from snnbib.zotero.push import Pusher, push
from snnbib.zotero.tree import ROOT_NAME, build_tree
from zotero_samples import RECORDS, TOPICS, many_records, sample_dataset, write_data_dir

ON_TOPIC = sorted(r.key for r in RECORDS if not r.off_topic)
SECRET = "sk-THIS-IS-THE-SECRET-KEY-0123456789"


def make_client(fake: FakeZotero, **options) -> Client:
    options.setdefault("retry_delay", 0.01)
    return Client(Library.parse("user:475425"), fake.api_key, fake.url, **options)


def library_state(fake: FakeZotero) -> dict[str, dict]:
    """snnbib id -> item data, asserting that no id occurs twice."""
    ids = Counter(snnbib_id(d.get("extra", "")) for d in fake.top_items())
    assert all(n == 1 for n in ids.values()), ids
    return {snnbib_id(d["extra"]): d for d in fake.top_items()}


def collection_paths(fake: FakeZotero) -> Counter:
    """'Top/Group/Topic' -> how many collections have that path."""
    by_key = {k: c["data"] for k, c in fake.collections.items()}

    def path(data):
        parent = data.get("parentCollection")
        return (path(by_key[parent]) + "/" if parent else "") + data["name"]

    return Counter(path(d) for d in by_key.values())


def test_fresh_push_creates_tree_items_notes_and_links():
    with FakeZotero() as fake:
        client = make_client(fake)
        report = push(sample_dataset(), (), client)
        assert sorted(report.created) == ON_TOPIC and not report.failed
        items = library_state(fake)
        assert sorted(items) == ON_TOPIC
        paths = collection_paths(fake)
        assert set(paths.values()) == {1}
        assert set(paths) == {
            ROOT_NAME, f"{ROOT_NAME}/Training & learning",
            f"{ROOT_NAME}/Training & learning/ANN-to-SNN <conversion>",
            f"{ROOT_NAME}/Training & learning/Surrogate \"gradients\"",
            f"{ROOT_NAME}/Training & learning/Online learning",
            f"{ROOT_NAME}/Neuron models", f"{ROOT_NAME}/Frameworks and code",
            f"{ROOT_NAME}/Books and lectures", f"{ROOT_NAME}/Other resources", f"{ROOT_NAME}/Other SNN research",
        }
        names = {k: c["data"]["name"] for k, c in fake.collections.items()}
        bu = items["bu2023optimal"]
        assert sorted(names[k] for k in bu["collections"]) == ["ANN-to-SNN <conversion>", 'Surrogate "gradients"']
        assert bu["itemType"] == "conferencePaper" and bu["proceedingsTitle"].startswith("International")
        assert [t["tag"] for t in bu["tags"]] == ["ANN-to-SNN <conversion>", 'Surrogate "gradients"']
        kids = fake.children_of(bu["key"])
        assert sorted(k["itemType"] for k in kids) == ["attachment", "note"]
        code = next(k for k in kids if k["itemType"] == "attachment")
        assert (code["linkMode"], code["title"], code["url"]) == (
            "linked_url", CODE_TITLE, "https://github.com/putshua/SNN_conversion_QCFS")
        assert NOTE_HEADING in next(k for k in kids if k["itemType"] == "note")["note"]
        assert [len(fake.children_of(items[k]["key"])) for k in ("snntorch", "neurobench")] == [2, 1]
        assert all(entry.objects <= 50 for entry in fake.write_requests())
        assert fake.max_in_flight <= 4


def test_second_push_writes_nothing():
    with FakeZotero() as fake:
        push(sample_dataset(), (), make_client(fake))
        writes, version = len(fake.write_requests()), fake.version
        report = push(sample_dataset(), (), make_client(fake))
        assert sorted(report.unchanged) == ON_TOPIC
        assert report.created == report.updated == report.collections_created == []
        assert len(fake.write_requests()) == writes and fake.version == version


def test_changed_record_is_updated_in_place_keeping_the_users_additions():
    with FakeZotero() as fake:
        push(sample_dataset(), (), make_client(fake))
        before = library_state(fake)["kheradpisheh2018stdp"]
        # the user tags the item and files it in a collection of their own
        own = make_client(fake).write("/collections", [{"name": "My reading list"}], "t" * 32)
        mine = own.successful[0]["key"]
        fake.items[before["key"]]["data"]["tags"].append({"tag": "to read"})
        fake.items[before["key"]]["data"]["collections"].append(mine)
        dataset = sample_dataset()
        changed = Dataset(tuple(dataclasses.replace(r, pages="56-68", topics=r.topics[:0] + RECORDS[0].topics[:1])
                                if r.key == "kheradpisheh2018stdp" else r for r in dataset.records), dataset.topics)
        report = push(changed, (), make_client(fake))
        assert report.updated == ["kheradpisheh2018stdp"] and not report.created
        after = library_state(fake)["kheradpisheh2018stdp"]
        assert after["key"] == before["key"] and after["version"] > before["version"]
        assert after["pages"] == "56-68"
        names = {k: c["data"]["name"] for k, c in fake.collections.items()}
        assert sorted(names[k] for k in after["collections"]) == ["ANN-to-SNN <conversion>", "My reading list"]
        assert [t["tag"] for t in after["tags"]] == ["ANN-to-SNN <conversion>", "to read"]
        assert len(fake.top_items()) == len(ON_TOPIC)
        assert len(fake.children_of(after["key"])) == 1  # the note, updated, not duplicated
        assert "56-68" not in fake.children_of(after["key"])[0]["note"]
        assert sorted(push(changed, (), make_client(fake)).unchanged) == ON_TOPIC


def test_an_item_in_the_trash_is_left_there():
    with FakeZotero() as fake:
        push(sample_dataset(), (), make_client(fake))
        key = library_state(fake)["snntorch"]["key"]
        fake.items[key]["data"]["deleted"] = 1
        report = push(sample_dataset(), (), make_client(fake))
        assert report.trashed == ["snntorch"] and not report.created and not report.updated
        assert len(fake.top_items()) == len(ON_TOPIC)


def test_a_preprint_that_became_a_conference_paper_is_replaced_in_place():
    with FakeZotero() as fake:
        push(sample_dataset(), (), make_client(fake))
        before = library_state(fake)["eshraghian2021training"]
        assert before["repository"] == "arXiv"
        dataset = sample_dataset()
        published = Dataset(tuple(
            dataclasses.replace(r, kind=Kind.CONFERENCE_PAPER, container_title="Proceedings of the IEEE",
                                event="IEEE 2023", ids=dataclasses.replace(r.ids, doi="10.1109/JPROC.2023.3308088"))
            if r.key == "eshraghian2021training" else r for r in dataset.records), dataset.topics)
        report = push(published, (), make_client(fake))
        assert report.updated == ["eshraghian2021training"] and not report.failed
        after = library_state(fake)["eshraghian2021training"]
        assert after["key"] == before["key"] and after["itemType"] == "conferencePaper"
        assert "repository" not in after and after["DOI"] == "10.1109/JPROC.2023.3308088"
        assert [r.method for r in fake.log if "/items/" in r.path] == ["PUT"]
        assert len(fake.children_of(after["key"])) == 1
        assert sorted(push(published, (), make_client(fake)).unchanged) == ON_TOPIC


def test_a_topic_push_keeps_items_in_their_other_topic_collections():
    with FakeZotero() as fake:
        first = push(sample_dataset(), ("ann2snn",), make_client(fake))
        assert first.created == ["bu2023optimal"]
        assert set(collection_paths(fake)) == {
            ROOT_NAME, f"{ROOT_NAME}/Training & learning", f"{ROOT_NAME}/Training & learning/ANN-to-SNN <conversion>"}
        push(sample_dataset(), (), make_client(fake))
        dataset = sample_dataset()
        changed = Dataset(tuple(dataclasses.replace(r, pages="2-13") if r.key == "bu2023optimal" else r
                                for r in dataset.records), dataset.topics)
        report = push(changed, ("ann2snn",), make_client(fake))
        assert report.updated == ["bu2023optimal"] and report.not_selected == len(ON_TOPIC) - 1
        names = {k: c["data"]["name"] for k, c in fake.collections.items()}
        bu = library_state(fake)["bu2023optimal"]
        assert sorted(names[k] for k in bu["collections"]) == ["ANN-to-SNN <conversion>", 'Surrogate "gradients"']


@pytest.mark.parametrize("change, method", [
    ({"volume": "7"}, "POST"),  # an update: per-object 412 in a 200 answer
    ({"kind": Kind.JOURNAL_ARTICLE, "container_title": "Neural Computation"}, "PUT"),  # a replacement: 412
])
def test_stale_version_gets_412_then_refetch_rebase_and_retry(change, method):
    with FakeZotero() as fake:
        push(sample_dataset(), (), make_client(fake))
        dataset = sample_dataset()
        changed = Dataset(tuple(dataclasses.replace(r, **change) if r.key == "bu2023optimal" else r
                                for r in dataset.records), dataset.topics)
        client = make_client(fake)
        pusher = Pusher(client, topic_tags=frozenset(t.name for t in TOPICS))
        tree = build_tree(changed)
        items = [build_item(r, {t.slug: t.name for t in TOPICS}) for r in tree.records]
        placed = ensure_collections(client, tree, TOPICS, pusher.new_key, dry_run=False)
        writes = pusher.plan(tree, items, placed.keys, placed.managed, client.get_all("/items"))
        # the user edits the item in Zotero between our read and our write
        mine = make_client(fake).write("/collections", [{"name": "Mine"}], "m" * 32).successful[0]["key"]
        target = library_state(fake)["bu2023optimal"]["key"]
        data = fake.items[target]["data"]
        data["tags"].append({"tag": "to read"})
        data["collections"].append(mine)
        fake.version += 1
        fake.items[target]["version"] = data["version"] = fake.version
        seen = len(fake.log)
        pusher.execute(writes)
        assert pusher.report.updated == ["bu2023optimal"] and not pusher.report.failed
        steps = [(r.method, "itemKey=" in r.path, r.status) for r in fake.log[seen:]]
        if method == "PUT":
            assert steps == [("PUT", False, 412), ("GET", True, 200), ("PUT", False, 204)]
        else:  # the 412 is per object, inside a 200 answer
            assert steps == [("POST", False, 200), ("GET", True, 200), ("POST", False, 200)]
        after = fake.items[target]["data"]
        assert after["volume" if method == "POST" else "publicationTitle"] == (
            "7" if method == "POST" else "Neural Computation")
        assert {"tag": "to read"} in after["tags"] and mine in after["collections"]


def test_lost_responses_are_retried_with_the_same_token_without_duplicates():
    with FakeZotero(lost={1, 2}) as fake:
        client = make_client(fake)
        report = push(sample_dataset(), (), client)
        assert sorted(report.created) == ON_TOPIC and not report.failed
        assert sorted(library_state(fake)) == ON_TOPIC
        assert set(collection_paths(fake).values()) == {1}
        assert [r.status for r in fake.write_requests()][:4] == [0, 412, 0, 412]
        assert client.stats.retries >= 2


def item_page_starts(fake: FakeZotero) -> set[int]:
    return {int(r.path.split("start=")[1].split("&")[0]) for r in fake.log
            if r.method == "GET" and r.path.startswith("/users/475425/items?") and "start=" in r.path}


def test_paged_reads_batches_and_per_object_failures():
    dataset = Dataset(many_records(120), TOPICS)
    with FakeZotero() as fake:
        # 230 unrelated items already in the library: reads must page (start=0, 100, 200)
        filler = [{"itemType": "book", "title": f"Other book {i}"} for i in range(230)]
        for i in range(0, 230, 50):
            make_client(fake).write("/items", filler[i:i + 50], f"{i:032d}")
        report = push(dataset, (), make_client(fake))
        assert len(report.created) == 120 and not report.failed
        assert item_page_starts(fake) == {0, 100, 200}
        sizes = [r.objects for r in fake.write_requests() if r.path.endswith("/items")][5:]  # after the filler
        assert max(sizes) <= 50 and sum(sizes) == 120 * 3
        assert len(push(dataset, (), make_client(fake)).unchanged) == 120
        assert item_page_starts(fake) == {0, 100, 200, 300, 400, 500}  # 230 + 360 objects
        # a field the item type does not have is reported per object, with the API's reason
        result = make_client(fake).write("/items", [{"itemType": "preprint", "title": "x", "proceedingsTitle": "y"}])
        assert result.failed == {0: (400, "'proceedingsTitle' is not a valid field for type 'preprint'")}


def test_rate_limit_and_backoff_are_waited_for():
    with FakeZotero(rate_limit={3: 1}, backoff={6: 1}) as fake:
        started = time.monotonic()
        report = push(sample_dataset(), (), make_client(fake))
        elapsed = time.monotonic() - started
        assert sorted(report.created) == ON_TOPIC
        limited = next(r for r in fake.log if r.status == 429)
        later = [r for r in fake.log if r.started > limited.started]
        assert later and min(r.started for r in later) >= limited.started + 1.0
        backed = fake.log[5]
        after_backoff = [r for r in fake.log if r.started > backed.started]
        assert after_backoff and min(r.started for r in after_backoff) >= backed.started + 1.0
        assert elapsed >= 2.0


def test_service_unavailable_waits_retry_after():
    with FakeZotero(unavailable={2: 1}) as fake:
        report = push(sample_dataset(), (), make_client(fake))
        assert sorted(report.created) == ON_TOPIC
        down = fake.log[1]
        assert down.status == 503 and fake.log[2].started >= down.started + 1.0
        assert fake.log[2].path == down.path  # the same request, sent again


def test_server_errors_are_retried():
    with FakeZotero(error_rate=0.25, seed=3) as fake:
        client = make_client(fake)
        report = push(sample_dataset(), (), client)
        assert sorted(report.created) == ON_TOPIC and not report.failed
        assert any(r.status == 500 for r in fake.log) and client.stats.retries > 0
        assert sorted(library_state(fake)) == ON_TOPIC


def test_dry_run_writes_nothing():
    with FakeZotero() as fake:
        report = push(sample_dataset(), ("ann2snn",), make_client(fake), dry_run=True)
        assert report.created == ["bu2023optimal"]
        assert report.collections_created == [ROOT_NAME, "Training & learning", "ANN-to-SNN <conversion>"]
        assert fake.write_requests() == [] and fake.version == 0


def test_a_server_that_keeps_failing_gives_a_clear_error_without_the_key():
    with FakeZotero(error_rate=1.0, api_key=SECRET) as fake:
        client = Client(Library.parse("user:475425"), SECRET, fake.url, retry_delay=0.001, attempts=3)
        with pytest.raises(ZoteroError) as info:
            push(sample_dataset(), (), client)
        assert "gave up after 3 attempts (last: 500 An error occurred)" in str(info.value)
        assert SECRET not in str(info.value) and SECRET not in repr(client)


def run_push(data: Path, fake: FakeZotero, key: str, *extra: str, home: Path | None = None) -> subprocess.Popen:
    """The CLI in a subprocess; with `home`, it runs there with HOME and the XDG dirs inside it."""
    env = {**os.environ, "ZOTERO_API_KEY": key, "ZOTERO_API_URL": fake.url, "SNNBIB_DATA_DIR": str(data)}
    if home:
        env.update({"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
                    "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "share")})
    return subprocess.Popen([sys.executable, "-m", "snnbib", "zotero", "push", "--library", "user:475425", *extra],
                            cwd=home or ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_cli_push_reports_and_second_run_is_a_no_op(tmp_path):
    data = write_data_dir(tmp_path / "data")
    with FakeZotero(api_key=SECRET) as fake:
        first = run_push(data, fake, SECRET)
        out, err = first.communicate(timeout=120)
        assert first.returncode == 0, err
        assert f"items created {len(ON_TOPIC)}, updated 0, unchanged 0, failed 0; collections created 10" in out
        second = run_push(data, fake, SECRET)
        out2, err2 = second.communicate(timeout=120)
        assert second.returncode == 0, err2
        assert f"created 0, updated 0, unchanged {len(ON_TOPIC)}, failed 0" in out2
        assert "writes 0 (0 objects)" in out2
        assert SECRET not in out + err + out2 + err2


def test_bad_or_missing_key_fails_cleanly_and_the_key_appears_nowhere(tmp_path):
    data = write_data_dir(tmp_path / "data")
    with FakeZotero() as fake:
        process = run_push(data, fake, SECRET, home=tmp_path)
        out, err = process.communicate(timeout=120)
        assert process.returncode == 1
        assert "error: the Zotero API rejected the key for library user:475425 (403 Forbidden)" in err
        assert "Traceback" not in err
        assert SECRET not in out and SECRET not in err
        files = [p for p in tmp_path.rglob("*") if p.is_file()]  # the run's cwd, HOME and cache dirs
        assert files and not [p for p in files if SECRET.encode() in p.read_bytes()]
        missing = run_push(data, fake, "")
        out, err = missing.communicate(timeout=120)
        assert missing.returncode == 1 and "error: ZOTERO_API_KEY is not set" in err
        assert fake.write_requests() == []


def test_push_killed_half_way_resumes_without_duplicates(tmp_path):
    records = many_records(90)
    data = write_data_dir(tmp_path / "data", records=records)
    with FakeZotero(hold_after=3) as fake:
        process = run_push(data, fake, fake.api_key)
        deadline = time.monotonic() + 60
        while fake.held == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert fake.held > 0, "the push never reached the held write"
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        fake.release()
        while fake.in_flight and time.monotonic() < deadline:
            time.sleep(0.01)
        written_before = len(fake.top_items())
        assert 0 < written_before < 90
        fake.hold_after = None
        again = run_push(data, fake, fake.api_key)
        out, err = again.communicate(timeout=120)
        assert again.returncode == 0, err
        items = library_state(fake)
        assert sorted(items) == sorted(r.key for r in records)
        for data_ in items.values():
            kinds = sorted(k["itemType"] for k in fake.children_of(data_["key"]))
            assert kinds == ["attachment", "note"], data_["extra"]
        assert set(collection_paths(fake).values()) == {1}
        assert f"unchanged {written_before}" in out


def test_whole_dataset_push_against_the_fake(capsys):
    """The committed dataset, with a 429, a Backoff and 5% server errors on the way."""
    from conftest import DATA

    if not (DATA / "dataset.jsonl").exists():
        pytest.skip("data/dataset.jsonl has not been built yet")
    import snnbib

    dataset = snnbib.load(DATA)
    on_topic = sorted(r.key for r in dataset.records if not r.off_topic)
    with FakeZotero(error_rate=0.05, seed=7, rate_limit={4: 1}, backoff={9: 1}) as fake:
        client = make_client(fake, retry_delay=0.05)
        started = time.monotonic()
        report = push(dataset, (), client)
        elapsed = time.monotonic() - started
        assert sorted(report.created) == on_topic and not report.failed
        assert sorted(library_state(fake)) == on_topic
        assert fake.max_in_flight <= 4 and all(r.objects <= 50 for r in fake.write_requests())
        stats = client.stats
        second = make_client(fake)
        again = push(dataset, (), second)
        assert sorted(again.unchanged) == on_topic and second.stats.write_requests == 0
    with capsys.disabled():
        print(f"\nwhole dataset: {len(on_topic)} items, {len(report.collections_created)} collections; "
              f"{stats.requests} requests ({stats.write_requests} writes of {stats.written} objects, "
              f"{stats.retries} retries, {stats.paused:.2f} s paused by Backoff/Retry-After) in {elapsed:.2f} s; "
              f"second push: {second.stats.requests} requests, 0 writes")


def test_fifty_objects_per_write_at_most():
    import requests

    with FakeZotero() as fake:
        client = make_client(fake)
        too_many = [{"itemType": "book", "title": f"b{i}"} for i in range(51)]
        with pytest.raises(ZoteroError, match="51 objects in one write; the API takes at most 50"):
            client.write("/items", too_many)
        assert fake.log == []
        raw = requests.post(f"{fake.url}/users/475425/items", json=too_many,
                            headers={"Zotero-API-Key": fake.api_key}, timeout=10)
        assert (raw.status_code, raw.text) == (413, "Only 50 objects can be saved in a single request")
        assert fake.items == {}


def test_fake_answers_in_the_shape_of_the_recorded_api():
    """The fake's reads and writes have the structure of the recorded Zotero responses."""
    import json

    import requests

    from conftest import require_shared
    from snnbib.zotero.api import WriteResult

    recorded = require_shared("fixtures", "zotero")
    item = json.loads((recorded / "pyzotero_item_doc.json").read_text())
    collection = json.loads((recorded / "pyzotero_collections_doc.json").read_text())[0]
    creation = json.loads((recorded / "pyzotero_creation_doc.json").read_text())
    with FakeZotero() as fake:
        push(Dataset(many_records(10), TOPICS), (), make_client(fake))  # 30 items with notes and links
        headers = {"Zotero-API-Key": fake.api_key}
        ours = requests.get(f"{fake.url}/users/475425/items", headers=headers, timeout=10)
        ours_collection = requests.get(f"{fake.url}/users/475425/collections", headers=headers, timeout=10).json()[0]
        write = requests.post(f"{fake.url}/users/475425/items", json=[{"itemType": "book", "title": "x"}],
                              headers=headers, timeout=10)
    first = ours.json()[0]
    assert set(first) == set(item) and set(first["library"]) == set(item["library"])
    assert set(first["links"]) <= set(item["links"]) and "numChildren" in first["meta"]
    assert set(ours_collection) == set(collection) and set(ours_collection["data"]) == set(collection["data"])
    assert ours.headers["Total-Results"] == "30" and len(ours.json()) == 25  # the default page
    assert set(creation) <= set(write.json()) and set(write.json()) == {"successful", "success", "unchanged", "failed"}
    assert int(write.headers["Last-Modified-Version"]) == fake.version
    # the client reads the recorded (older, keys-only) answer too
    assert WriteResult.from_json(creation).successful == {0: {"key": "ABC123"}}


def test_four_requests_in_flight_at_most_and_a_progress_bar():
    class Bar:
        def __init__(self, total: int) -> None:
            self.total, self.done, self.closed = total, 0, False

        def update(self, n: int) -> None:
            self.done += n

        def close(self) -> None:
            self.closed = True

    bars: list[Bar] = []

    def factory(total: int) -> Bar:
        bars.append(Bar(total))
        return bars[-1]

    with FakeZotero(delay=0.05) as fake:
        report = push(Dataset(many_records(200), TOPICS), (), make_client(fake), progress_factory=factory)
        assert len(report.created) == 200
        assert fake.max_in_flight == 4  # parallel, and never more than 4
        assert [(b.total, b.done, b.closed) for b in bars] == [(600, 600, True)]


@pytest.mark.parametrize("value", ["1e9", "inf"])
def test_an_endless_backoff_is_waited_for_max_pause_at_most(value):
    """A server asking for days (or forever) of Backoff is waited for `max_pause`, then the push goes on."""
    def distort(method, status, headers, payload):
        return status, {**headers, "Backoff": value}, payload

    with FakeZotero(distort=distort) as fake:
        client = make_client(fake, max_pause=0.05)
        start = time.monotonic()
        report = push(sample_dataset(), (), client)
        assert time.monotonic() - start < 30
    assert report.created and client.stats.paused > 0
