"""The HTTP client against a local fake service: retries, Retry-After, rate limits, faults,
the cache (negative entries, TTL, offline) and the User-Agent."""

from __future__ import annotations

import sqlite3
import time

import pytest

from fake_services import Answer, FakeService, json_answer
from snnbib.errors import LookupFailure
from snnbib.lookup.cache import CACHE_FILE, Cache, default_cache_dir
from snnbib.lookup.config import LookupConfig
from snnbib.lookup.http import HttpClient, NotCached, parse_json, parse_rate_limit, \
    parse_retry_after


def config(tmp_path, **kw) -> LookupConfig:
    settings = dict(mailto="lab@example.org", timeout=0.4, connect_timeout=0.4, retries=3,
                    backoff_base=0.01, backoff_cap=0.05, cache_dir=tmp_path, progress=False)
    settings.update(kw)
    return LookupConfig(**settings)


def client(tmp_path, **kw) -> HttpClient:
    offline = kw.pop("offline", False)
    cfg = config(tmp_path, **kw)
    cache = Cache(tmp_path, 3600, 60)
    return HttpClient(cfg, cache, offline=offline)


def get_json(c: HttpClient, url: str, **kw):
    reply = c.get(url, rate=200, check=lambda t: parse_json(t, url), **kw)
    return reply.status, (reply.json() if reply.status == 200 else None)


@pytest.fixture
def service():
    with FakeService(retry_after="0.2", timeout_delay=1.0) as s:
        s.add("/works", json_answer({"ok": True}))
        yield s


def test_user_agent_names_snnbib_its_version_and_mailto(tmp_path, service):
    get_json(client(tmp_path), service.url + "/works")
    agent = service.requests[0][2]["User-Agent"]
    assert agent.startswith("snnbib/0.1.0 (https://") and agent.endswith("mailto:lab@example.org)")


@pytest.mark.parametrize("fault", ["500", "503", "timeout", "reset", "429"])
def test_transient_faults_are_retried(tmp_path, service, fault):
    service.fail("/works", fault, fault)
    c = client(tmp_path)
    assert get_json(c, service.url + "/works") == (200, {"ok": True})
    assert service.count("/works") == 3
    assert sum(c.retried.values()) == 2


def test_retry_after_is_honoured(tmp_path, service):
    service.fail("/works", "429")
    start = time.monotonic()
    get_json(client(tmp_path), service.url + "/works")
    assert time.monotonic() - start >= 0.2


def test_retries_run_out_with_a_clear_error(tmp_path, service):
    service.fail("/works", *["500"] * 4)
    with pytest.raises(LookupFailure, match=r"/works: HTTP 500 after 4 attempts"):
        get_json(client(tmp_path), service.url + "/works")


@pytest.mark.parametrize("fault, message", [("malformed", "expected JSON"),
                                            ("html", "expected JSON, got '<!DOCTYPE html>")])
def test_bad_bodies_fail_and_are_never_cached(tmp_path, service, fault, message):
    service.fail("/works", fault)
    c = client(tmp_path)
    with pytest.raises(LookupFailure, match=message):
        get_json(c, service.url + "/works")
    assert get_json(c, service.url + "/works") == (200, {"ok": True})
    assert service.count("/works") == 2


def test_a_client_error_is_not_retried(tmp_path, service):
    service.add("/bad", Answer(400, '{"status":"failed"}'))
    with pytest.raises(LookupFailure, match="HTTP 400"):
        get_json(client(tmp_path), service.url + "/bad")
    assert service.count("/bad") == 1


def test_a_404_is_cached_as_a_negative_answer(tmp_path, service):
    c = client(tmp_path)
    assert get_json(c, service.url + "/works/10.1/missing") == (404, None)
    assert get_json(c, service.url + "/works/10.1/missing") == (404, None)
    assert service.count() == 1


def test_a_second_client_on_the_same_cache_makes_no_requests(tmp_path, service):
    get_json(client(tmp_path), service.url + "/works", params={"q": "x"})
    again = client(tmp_path)
    assert get_json(again, service.url + "/works", params={"q": "x"}) == (200, {"ok": True})
    assert service.count() == 1 and again.requests_sent() == 0


def test_offline_serves_the_cache_and_refuses_the_rest(tmp_path, service):
    get_json(client(tmp_path), service.url + "/works")
    off = client(tmp_path, offline=True)
    assert get_json(off, service.url + "/works")[0] == 200
    with pytest.raises(NotCached):
        get_json(off, service.url + "/other")
    assert service.count() == 1


def test_the_accept_header_is_part_of_the_cache_key(tmp_path, service):
    c = client(tmp_path)
    c.get(service.url + "/works", headers={"Accept": "application/json"}, rate=100)
    c.get(service.url + "/works", headers={"Accept": "application/x-bibtex"}, rate=100)
    assert service.count() == 2


def test_per_host_rate_limit_spaces_requests(tmp_path, service):
    c = client(tmp_path)
    start = time.monotonic()
    for i in range(6):
        c.get(service.url + "/works", params={"i": str(i)}, rate=10)
    assert time.monotonic() - start >= 0.45


def test_x_rate_limit_headers_set_the_pace(tmp_path):
    with FakeService(rate_limit=5) as s:
        s.add("/works", json_answer({}))
        c = client(tmp_path)
        for i in range(8):
            c.get(s.url + "/works", params={"i": str(i)}, rate=1000)
        assert c._limiters[s.url.split("//")[1]].rate == pytest.approx(5.0)
        assert s.count() == 8  # paced after the first answer: no 429 was needed


def test_parsers():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("soon") is None
    assert parse_rate_limit({"X-Rate-Limit-Limit": "50", "X-Rate-Limit-Interval": "1s"}) == 50.0
    assert parse_rate_limit({"X-Rate-Limit-Limit": "3", "X-Rate-Limit-Interval": "1m"}) == 0.05
    assert parse_rate_limit({}) is None


def test_cache_ttl_negative_ttl_and_wal(tmp_path):
    cache = Cache(tmp_path, ttl=100, negative_ttl=10)
    cache.put("ok", 200, "{}", now=1000.0)
    cache.put("gone", 404, "", now=1000.0)
    assert cache.get("ok", now=1050.0).body == "{}"
    assert cache.get("gone", now=1050.0) is None
    assert cache.get("ok", now=1101.0) is None
    mode = sqlite3.connect(tmp_path / CACHE_FILE).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_cache_dir_from_env(tmp_path):
    cfg = LookupConfig.from_env({"SNNBIB_CACHE_DIR": str(tmp_path), "SNNBIB_MAILTO": "a@b.c",
                                 "SNNBIB_CROSSREF_URL": "http://127.0.0.1:9/",
                                 "SNNBIB_OPENALEX_API_KEY": "k"})
    assert default_cache_dir(cfg.cache_dir) == tmp_path
    assert cfg.mailto == "a@b.c" and cfg.api_keys == {"openalex": "k"}
    assert cfg.url("crossref", "https://api.crossref.org") == "http://127.0.0.1:9"
    assert cfg.url("dblp", "https://dblp.org") == "https://dblp.org"


def test_bodies_without_a_charset_are_utf8(tmp_path, service):
    body = '{"title": "Timothée Masquelier’s 𝒪(L) spikes"}'
    service.add("/csl", Answer(200, body, "application/vnd.citationstyles.csl+json"))
    service.add("/text", Answer(200, body, "text/plain"))
    c = client(tmp_path)
    assert get_json(c, service.url + "/csl")[1]["title"].startswith("Timothée")
    assert get_json(c, service.url + "/text")[1]["title"].endswith("𝒪(L) spikes")
