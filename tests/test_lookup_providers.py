"""Each provider against a local fake service replaying the real recorded responses of
../shared/fixtures/ (or, where none was recorded, responses written in their image)."""

from __future__ import annotations

import json

import pytest

from conftest import require_shared
from fake_services import Answer, FakeService, arxiv_entry, arxiv_feed, cassette_body, \
    dblp_hit, dblp_result, json_answer, openalex_work
from snnbib.errors import LookupFailure
from snnbib.lookup import PROVIDERS
from snnbib.lookup.cache import Cache
from snnbib.lookup.config import LookupConfig
from snnbib.lookup.http import HttpClient
from snnbib.lookup.matching import decide
from snnbib.model import Identifiers, Kind, Person, Record

NAMES = ("crossref", "dblp", "arxiv", "datacite", "doi_negotiation", "openalex",
         "semantic_scholar")


@pytest.fixture
def service():
    with FakeService() as s:
        yield s


@pytest.fixture
def setup(tmp_path, service):
    config = LookupConfig(mailto="lab@example.org", urls={n: service.url for n in NAMES},
                          rates={n: 500.0 for n in NAMES}, retries=1, backoff_base=0.01,
                          cache_dir=tmp_path, progress=False, api_keys={"openalex": "KEY"})
    client = HttpClient(config, Cache(tmp_path, 3600, 60))
    return config, client


def ask(name, record, setup):
    config, client = setup
    return PROVIDERS.get(name).candidates(record, client, config)


def fixture_text(*parts: str) -> str:
    return require_shared("fixtures", *parts).read_text(encoding="utf-8")


def test_registry_lists_the_chain_in_order_with_aliases():
    assert PROVIDERS.names() == list(NAMES)
    assert PROVIDERS.get("s2").name == "semantic_scholar"
    assert PROVIDERS.get("doi.org").name == "doi_negotiation"


# ---- Crossref ------------------------------------------------------------------------------

def test_crossref_work_by_doi(service, setup):
    service.add("/works/10.1371/journal.pone.0033693",
                Answer(body=fixture_text("crossref", "works_10.1371_journal.pone.0033693"
                                                     ".response.json")))
    record = Record("k", Kind.JOURNAL_ARTICLE, "Methylphenidate exposure induces dopamine neuron "
                    "loss and activation of microglia in the basal ganglia of mice",
                    year=2012, ids=Identifiers(doi="10.1371/journal.pone.0033693"))
    [c] = ask("crossref", record, setup)
    assert (c.doi, c.year, c.container_title, c.pages, c.volume, c.issue) == (
        "10.1371/journal.pone.0033693", 2012, "PLoS ONE", "e33693", "7", "3")
    assert c.authors[0] == Person("Sadasivan", "Shankar") and c.by_identifier
    assert service.requests[0][1] == {"mailto": "lab@example.org"}
    assert decide(record, [c]).status == "accepted"


def test_crossref_unknown_doi_is_a_recorded_404(service, setup):
    service.add("/works/10.1371/notarealdoi",
                Answer(404, fixture_text("crossref", "works_10.1371_notarealdoi.404.txt"),
                       "text/plain"))
    record = Record("k", Kind.JOURNAL_ARTICLE, "T", ids=Identifiers(doi="10.1371/notarealdoi"))
    assert ask("crossref", record, setup) == []


def test_crossref_title_search_replays_a_recorded_result_list(service, setup):
    service.add("/works", Answer(body=fixture_text(
        "crossref", "journals_2167-8359_works_query_bibliographic_fish.response.json")))
    record = Record("k", Kind.JOURNAL_ARTICLE,
                    "Fish ontology framework for taxonomy-based fish recognition",
                    authors=(Person("Ali", "Najib M."),), year=2017)
    candidates = ask("crossref", record, setup)
    assert len(candidates) == 20
    query = service.requests[0][1]
    assert query["query.bibliographic"].startswith("Fish ontology framework") and \
        query["query.bibliographic"].endswith(" Ali")
    assert query["filter"] == "from-pub-date:2016,until-pub-date:2018"
    assert query["rows"] == "5" and "DOI" in query["select"]
    decision = decide(record, candidates)
    assert decision.status == "accepted" and decision.candidate.doi == "10.7717/peerj.3811"
    assert decision.runner_up < 80


def test_crossref_recorded_400_is_a_failure(service, setup):
    service.add("/works", Answer(400, fixture_text(
        "crossref", "types_journal-article_query_bibliographic.400.json")))
    with pytest.raises(LookupFailure, match="validation-failure"):
        ask("crossref", Record("k", Kind.JOURNAL_ARTICLE, "T"), setup)


def test_crossref_is_not_asked_for_venues_without_crossref_dois():
    crossref = PROVIDERS.get("crossref")
    assert not crossref.wants(Record("k", Kind.CONFERENCE_PAPER, "T", venue="ICLR", year=2023))
    assert not crossref.wants(Record("k", Kind.CONFERENCE_PAPER, "T", venue="NeurIPS", year=2021))
    assert crossref.wants(Record("k", Kind.CONFERENCE_PAPER, "T", venue="NeurIPS", year=2023))
    assert crossref.wants(Record("k", Kind.CONFERENCE_PAPER, "T", venue="CVPR", year=2021))
    assert not crossref.wants(Record("k", Kind.SOFTWARE, "T"))


# ---- DOI content negotiation, DataCite ------------------------------------------------------

def test_doi_negotiation_asks_for_csl_json(service, setup):
    body = fixture_text("doi_content_negotiation", "10.1126_science.169.3946.635.csl.json")

    def answer(path, query, headers):
        ok = headers.get("Accept") == "application/vnd.citationstyles.csl+json"
        return Answer(body=body) if ok else Answer(406, "not acceptable", "text/plain")

    service.add("/10.1126/science.169.3946.635", answer)
    record = Record("k", Kind.JOURNAL_ARTICLE, "The Structure of Ordinary Water", year=1970,
                    ids=Identifiers(doi="10.1126/science.169.3946.635"))
    [c] = ask("doi_negotiation", record, setup)
    assert c.title.startswith("The Structure of Ordinary Water: New data")
    assert (c.pages, c.volume, c.issue, c.container_title) == ("635-641", "169", "3946", "Science")
    # the record's title lacks the subtitle: enough to fill nothing without a human
    assert decide(record, [c]).status != "accepted"


def test_doi_negotiation_html_404(service, setup):
    service.add("/10.1126/foo", Answer(404, fixture_text(
        "doi_content_negotiation", "doi.org_10.1126_foo.404.html"), "text/html"))
    record = Record("k", Kind.JOURNAL_ARTICLE, "T", ids=Identifiers(doi="10.1126/foo"))
    assert ask("doi_negotiation", record, setup) == []


def test_datacite_csl_for_an_arxiv_doi(service, setup):
    item = json.loads(fixture_text("datacite", "manubot_datacite_thesis.csl.raw.json"))[0]
    service.add("/application/vnd.citationstyles.csl+json/10.48550/arXiv.1701.00001",
                json_answer(item))
    record = Record("k", Kind.PREPRINT, item["title"], ids=Identifiers(arxiv="1701.00001"))
    [c] = ask("datacite", record, setup)
    assert c.authors == (Person("Himmelstein", "Daniel"),) and c.year == 2017
    assert c.doi == ""  # a DataCite preprint DOI is never a published version's DOI


# ---- arXiv ----------------------------------------------------------------------------------

def test_arxiv_by_id_replays_the_recorded_feed(service, setup):
    service.add("/query", Answer(body=fixture_text(
        "arxiv", "export.arxiv.org_api_query_id_list_1605.08386.atom.xml"),
        content_type="application/atom+xml"), {"id_list": "1605.08386"})
    record = Record("k", Kind.PREPRINT, "Heat-bath random walks with Markov bases", year=2016,
                    ids=Identifiers(arxiv="1605.08386"))
    [c] = ask("arxiv", record, setup)
    assert c.authors == (Person("Stanley", "Caprice"), Person("Windisch", "Tobias"))
    assert (c.arxiv_class, c.year, c.by_identifier) == ("math.CO", 2016, True)
    assert decide(record, [c]).status == "accepted"


def test_arxiv_invalid_id_feed_has_no_entry(service, setup):
    wrapper = json.loads(fixture_text("arxiv", "arxivpy_id_list_0000.0000_invalid.fixture.json"))
    service.add("/query", Answer(body=wrapper["body"]), {"id_list": "0000.0000"})
    record = Record("k", Kind.PREPRINT, "T", ids=Identifiers(arxiv="0000.0000"))
    assert ask("arxiv", record, setup) == []


def test_arxiv_2016_feed_parses(service, setup):
    service.add("/query", Answer(body=fixture_text("arxiv",
                                                   "arxivpy_2016_id_list_1111.2011v2.atom.xml")))
    record = Record("k", Kind.PREPRINT, "T", ids=Identifiers(arxiv="1111.2011"))
    [c] = ask("arxiv", record, setup)
    assert c.title and c.authors and c.arxiv_class


def test_arxiv_prefetch_batches_ids_and_caches_each(service, setup):
    config, client = setup
    entries = [arxiv_entry("2209.15425", "Spikformer: When Spiking Neural Network Meets "
                           "Transformer", ["Zhaokun Zhou", "Yuesheng Zhu"],
                           "2022-09-29T00:00:00Z", "cs.NE"),
               arxiv_entry("2307.01694", "Spike-driven Transformer", ["Man Yao"],
                           "2023-07-04T00:00:00Z", "cs.NE")]
    service.add("/query", Answer(body=arxiv_feed(entries)))
    records = [Record(f"k{i}", Kind.PREPRINT, "T", ids=Identifiers(arxiv=a))
               for i, a in enumerate(["2209.15425", "2307.01694", "2401.99999"])]
    arxiv = PROVIDERS.get("arxiv")
    arxiv.prefetch(records, client, config)
    assert service.count() == 1
    assert service.requests[0][1]["id_list"] == "2209.15425,2307.01694,2401.99999"
    found = [arxiv.candidates(r, client, config) for r in records]
    assert service.count() == 1
    assert found[0][0].authors[0] == Person("Zhou", "Zhaokun")
    assert found[1][0].title == "Spike-driven Transformer" and found[2] == []


# ---- DBLP, OpenAlex, Semantic Scholar -------------------------------------------------------

def test_dblp_search_skips_corr_and_reads_both_author_shapes(service, setup):
    hits = [
        dblp_hit("Spikformer: When Spiking Neural Network Meets Transformer",
                 ["Zhaokun Zhou", "Li Yuan 0001"], "ICLR", 2023, "conf/iclr/ZhouZHWY0023"),
        dblp_hit("Spikformer: When Spiking Neural Network Meets Transformer",
                 ["Zhaokun Zhou"], "CoRR", 2022, "journals/corr/abs-2209-15425",
                 kind="Informal and Other Publications"),
    ]
    old_style = {"info": {"authors": {"author": "Irith Pomeranz"}, "title": "Test cubes.",
                          "venue": "DATE", "pages": "1-4", "year": "2014",
                          "type": "Conference and Workshop Papers", "key": "conf/date/P14",
                          "doi": "10.7873/DATE.2014.143"}}
    service.add("/search/publ/api", json_answer(dblp_result(hits + [old_style])))
    record = Record("k", Kind.CONFERENCE_PAPER,
                    "Spikformer: When Spiking Neural Network Meets Transformer",
                    authors=(Person("Zhou", "Zhaokun"),), year=2023, venue="ICLR")
    candidates = ask("dblp", record, setup)
    assert [c.dblp for c in candidates] == ["DBLP:conf/iclr/ZhouZHWY0023", "DBLP:conf/date/P14"]
    assert candidates[0].authors[1] == Person("Yuan", "Li")
    assert candidates[1].authors == (Person("Pomeranz", "Irith"),)
    assert candidates[1].doi == "10.7873/date.2014.143"
    assert service.requests[0][1] == {"q": "spikformer when spiking neural network meets "
                                           "transformer", "format": "json", "h": "10"}
    assert decide(record, candidates).status == "accepted"


def test_dblp_no_hits(service, setup):
    service.add("/search/publ/api", json_answer({"result": {"hits": {"@total": "0"}}}))
    assert ask("dblp", Record("k", Kind.CONFERENCE_PAPER, "Nothing"), setup) == []


def test_openalex_prefetch_batches_dois_with_the_key(service, setup):
    config, client = setup
    works = [openalex_work("10.1000/a", "Alpha", ["Ann Alpha"], 2020, "Neural Networks", "article",
                           "1", "9"),
             openalex_work("10.1000/b", "Beta", ["Bob Beta"], 2021, "Nature")]
    service.add("/works", json_answer({"meta": {"count": 2}, "results": works}))
    records = [Record(k, Kind.JOURNAL_ARTICLE, t, ids=Identifiers(doi=d))
               for k, t, d in [("a", "Alpha", "10.1000/a"), ("b", "Beta", "10.1000/B"),
                               ("c", "Gamma", "10.1000/c")]]
    openalex = PROVIDERS.get("openalex")
    openalex.prefetch(records, client, config)
    query = service.requests[0][1]
    assert query["filter"] == "doi:10.1000/a|10.1000/b|10.1000/c"
    assert query["api_key"] == "KEY" and query["per-page"] == "100"
    found = [openalex.candidates(r, client, config) for r in records]
    assert service.count() == 1
    assert found[0][0].pages == "1-9" and found[0][0].container_title == "Neural Networks"
    assert found[1][0].authors == (Person("Beta", "Bob"),) and found[2] == []


def test_openalex_spent_budget_is_not_retried(service, setup):
    service.add("/works", Answer(429, '{"error":"Rate limit exceeded"}'))
    with pytest.raises(LookupFailure, match="HTTP 429"):
        ask("openalex", Record("k", Kind.JOURNAL_ARTICLE, "Alpha"), setup)
    assert service.count() == 1


def test_semantic_scholar_match_replays_the_recorded_answer(service, setup):
    status, body = cassette_body(require_shared("fixtures", "semantic_scholar",
                                                "test_search_paper_match_title.yaml"))
    service.add("/graph/v1/paper/search/match", Answer(status, body))
    record = Record("k", Kind.CONFERENCE_PAPER,
                    "Mining association rules between sets of items in large databases")
    [c] = ask("semantic_scholar", record, setup)
    assert c.title == "Mining association rules between sets of items in large databases"
    assert decide(record, [c]).status == "accepted"


def test_semantic_scholar_recorded_404(service, setup):
    status, body = cassette_body(require_shared("fixtures", "semantic_scholar",
                                                "test_not_found.yaml"))
    assert status == 404
    service.add("/graph/v1/paper/search/match", Answer(status, body))
    assert ask("semantic_scholar", Record("k", Kind.CONFERENCE_PAPER, "Nothing"), setup) == []
