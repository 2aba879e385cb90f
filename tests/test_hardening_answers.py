"""Property-based fuzzing of the HTTP answers snnbib reads: whatever a service sends (the real
recorded answer with one part replaced by any JSON value, any JSON at all, a broken or hostile
Atom feed), a lookup through the chain ends in candidates or a recorded provider error, and a
Zotero push in a report or a ZoteroError; never another exception, and an XML entity is never
expanded."""

from __future__ import annotations

import json
import os
from itertools import count
from dataclasses import asdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import require_shared
from fake_zotero import FakeZotero
from fuzzing import JSON_VALUES, MUTATIONS, mutated, replace_node
from fake_services import Answer, FakeService, arxiv_entry, arxiv_feed, cassette_body, \
    dblp_hit, dblp_result, openalex_work
from snnbib.errors import LookupFailure
from snnbib.lookup import PROVIDERS
from snnbib.lookup.arxiv import parse_feed
from snnbib.lookup.chain import Chain
from snnbib.lookup.config import LookupConfig
from snnbib.lookup.http import HttpClient
from snnbib.model import Identifiers, Kind, Person, Record

EXAMPLES = int(os.environ.get("SNNBIB_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None)
PUSH_FUZZ = settings(max_examples=max(1, EXAMPLES // 3), deadline=None)  # each example is a whole push
NAMES = PROVIDERS.names()
# one record that every provider has something to ask about: a DOI, an arXiv id and a title
RECORD = Record("zhou2023spikformer", Kind.CONFERENCE_PAPER,
                "Spikformer: When Spiking Neural Network Meets Transformer", year=2023, venue="ICLR",
                ids=Identifiers(doi="10.1371/journal.pone.0033693", arxiv="2209.15425"))
def recorded_answers() -> dict[str, object]:
    """A real (or, where none was recorded, a faithfully shaped) 200 answer of each provider to
    RECORD's first question (by DOI where the provider asks by DOI)."""
    fixtures = require_shared("fixtures")
    crossref = json.loads((fixtures / "crossref" / "works_10.1371_journal.pone.0033693.response.json")
                          .read_text(encoding="utf-8"))
    csl = json.loads((fixtures / "doi_content_negotiation" / "10.1126_science.169.3946.635.csl.json")
                     .read_text(encoding="utf-8"))
    datacite = json.loads((fixtures / "datacite" / "manubot_datacite_thesis.csl.raw.json")
                          .read_text(encoding="utf-8"))[0]
    _, s2 = cassette_body(fixtures / "semantic_scholar" / "test_search_paper_match_title.yaml")
    return {
        "crossref": crossref, "doi_negotiation": csl, "datacite": datacite,
        "semantic_scholar": json.loads(s2),
        "dblp": dblp_result([dblp_hit(RECORD.title, ["Zhaokun Zhou", "Yuesheng Zhu"], "ICLR", 2023,
                                      "conf/iclr/ZhouZHWY0023")]),
        "openalex": openalex_work(RECORD.ids.doi, RECORD.title, ["Zhaokun Zhou"], 2023, "ICLR",
                                  first_page="1", last_page="9"),
    }


@pytest.fixture(scope="module")
def service():
    with FakeService() as s:
        yield s


@pytest.fixture(scope="module")
def config(service) -> LookupConfig:
    return LookupConfig(urls={n: service.url for n in NAMES}, rates={n: 1000.0 for n in NAMES},
                        retries=0, progress=False, api_keys={"openalex": "KEY"})


def look_up(service: FakeService, config: LookupConfig, name: str, body: str,
            content_type: str = "application/json") -> None:
    """One record through a one-provider chain, every path answered with `body`: it ends in
    candidates or a provider error, and every value it keeps is plain JSON."""
    service.fallback = Answer(200, body, content_type)
    provider = PROVIDERS.get(name)
    client = HttpClient(config, None)  # no cache: every example is asked afresh
    try:
        outcome = Chain([provider], client, config).lookup(RECORD)
        try:
            provider.ask_ahead([RECORD], client, config)
        except LookupFailure as exc:  # the chain records its provider errors; a batch raises them
            assert str(exc)
    finally:
        client.close()
    json.dumps([asdict(r) for r in outcome.results.values()])
    assert all(isinstance(message, str) and message for _, message in outcome.errors)


JSON_PROVIDERS = [n for n in NAMES if n != "arxiv"]


@pytest.mark.parametrize("name", JSON_PROVIDERS)
def test_recorded_answers_still_give_a_candidate(service, config, name):
    """The unmutated answers are read as candidates, so the fuzzing below starts from real shapes."""
    service.fallback = Answer(200, json.dumps(recorded_answers()[name]))
    client = HttpClient(config, None)
    try:
        found = PROVIDERS.get(name).ask(RECORD, client, config)
    finally:
        client.close()
    assert found and all(c.title for c in found)


@pytest.mark.parametrize("name", JSON_PROVIDERS)
@FUZZ
@given(data=st.data())
def test_a_recorded_answer_with_any_part_replaced(service, config, name, data):
    document = data.draw(mutated(recorded_answers()[name]))
    look_up(service, config, name, json.dumps(document))


@pytest.mark.parametrize("name", JSON_PROVIDERS)
@FUZZ
@given(document=JSON_VALUES)
def test_any_json_answer(service, config, name, document):
    look_up(service, config, name, json.dumps(document))


DEEP = "[" * 100_000 + "]" * 100_000  # past the interpreter's recursion limit


@pytest.mark.parametrize("name", JSON_PROVIDERS)
def test_an_answer_nested_past_the_recursion_limit_is_a_provider_error(service, config, name):
    service.fallback = Answer(200, DEEP)
    client = HttpClient(config, None)
    try:
        outcome = Chain([PROVIDERS.get(name)], client, config).lookup(RECORD)
    finally:
        client.close()
    assert [p for p, _ in outcome.errors] == [name] and "expected JSON" in outcome.errors[0][1]


FEED = arxiv_feed([arxiv_entry("2209.15425", RECORD.title, ["Zhaokun Zhou", "Yuesheng Zhu"],
                               "2022-09-29T00:00:00Z", "cs.NE")])
XML_PIECES = ["<", ">", "</", "/>", "&", "&amp;", "&lol;", "<entry>", "</entry>", "<id>", "</id>",
              "<author>", "<name>", "<published>", "2022", "http://arxiv.org/abs/2209.15425",
              '<arxiv:primary_category term="', '"', "<![CDATA[", "]]>", "<?xml", "\x00", "\ufeff"]


@FUZZ
@given(cut=st.integers(0, len(FEED)), insert=st.lists(st.sampled_from(XML_PIECES) | st.text(max_size=4),
                                                      max_size=6).map("".join))
def test_any_damaged_atom_feed(service, config, cut, insert):
    look_up(service, config, "arxiv", FEED[:cut] + insert + FEED[cut:], "application/atom+xml")


BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE feed [\n<!ENTITY lol "lol">\n'
                  + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
                  .replace("&lol0;", "&lol;")
                  + ']>\n<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/'
                  '2209.15425v1</id><title>&lol9;</title></entry></feed>')
EXTERNAL = ('<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2209.15425v1'
            '</id><title>&x;</title></entry></feed>')
ONE_ENTITY = FEED.replace("<feed", '<!DOCTYPE feed [<!ENTITY t "Spikformer">]>\n<feed', 1) \
    .replace(RECORD.title, "&t;")


@pytest.mark.parametrize("feed", [BILLION_LAUGHS, EXTERNAL, ONE_ENTITY], ids=["billion-laughs", "external", "internal"])
def test_an_arxiv_feed_with_a_dtd_is_refused_unexpanded(service, config, feed):
    with pytest.raises(LookupFailure, match=r"expected an Atom feed: DTDForbidden"):
        parse_feed(feed)
    service.fallback = Answer(200, feed, "application/atom+xml")
    client = HttpClient(config, None)
    try:
        outcome = Chain([PROVIDERS.get("arxiv")], client, config).lookup(RECORD)
    finally:
        client.close()
    assert not outcome.results
    assert [p for p, _ in outcome.errors] == ["arxiv"] and "DTDForbidden" in outcome.errors[0][1]


def test_the_undamaged_feed_gives_the_authors(service, config):
    service.fallback = Answer(200, FEED, "application/atom+xml")
    client = HttpClient(config, None)
    try:
        [candidate] = PROVIDERS.get("arxiv").ask(RECORD, client, config)
    finally:
        client.close()
    assert candidate.authors == (Person("Zhou", "Zhaokun"), Person("Zhu", "Yuesheng"))


# ---- the Zotero Web API -------------------------------------------------------------------------

def zotero_push_survives(distort) -> None:
    """A push to a fake library whose answers pass through `distort`: a report or a ZoteroError."""
    from snnbib.errors import ZoteroError
    from snnbib.zotero.api import Client, Library
    from snnbib.zotero.push import push
    from zotero_samples import sample_dataset

    with FakeZotero(distort=distort) as fake:
        client = Client(Library.parse("user:475425"), fake.api_key, fake.url, retry_delay=0.001, attempts=2,
                        max_pause=0.01)
        try:
            report = push(sample_dataset(), (), client)
        except ZoteroError as exc:
            assert fake.api_key not in str(exc)
            return
    assert report.created or report.updated or report.unchanged or report.failed


@PUSH_FUZZ
@given(mutation=MUTATIONS, answer=st.integers(1, 12))
def test_a_zotero_answer_with_any_part_replaced(mutation, answer):
    """The `answer`-th JSON answer of a push has one node replaced by any JSON value."""
    answers = count(1)

    def distort(method, status, headers, payload):
        if isinstance(payload, str) or next(answers) != answer:
            return status, headers, payload
        return status, headers, replace_node(payload, *mutation)

    zotero_push_survives(distort)


@PUSH_FUZZ
@given(header=st.sampled_from(["Total-Results", "Last-Modified-Version", "Backoff", "Retry-After"]),
       value=st.text(max_size=6) | st.integers(-3, 3000).map(str) | st.sampled_from(["inf", "nan", "1e9"]),
       answer=st.integers(1, 8))
def test_a_zotero_answer_with_any_header_value(header, value, answer):
    answers = count(1)

    def distort(method, status, headers, payload):
        return status, ({**headers, header: value} if next(answers) == answer else headers), payload

    zotero_push_survives(distort)


def test_a_zotero_answer_nested_past_the_recursion_limit_is_a_zotero_error():
    from snnbib.errors import ZoteroError
    from snnbib.zotero.api import Client, Library
    from snnbib.zotero.push import push
    from zotero_samples import sample_dataset

    def distort(method, status, headers, payload):
        return (status, headers, DEEP) if method == "GET" else (status, headers, payload)

    with FakeZotero(distort=distort) as fake:
        client = Client(Library.parse("user:475425"), fake.api_key, fake.url, retry_delay=0.001)
        with pytest.raises(ZoteroError, match="the answer is not JSON"):
            push(sample_dataset(), (), client)
