"""The Zotero RDF file: parsed back with rdflib, compared with what Zotero itself writes."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from conftest import DATA, ROOT, require_shared
from snnbib.errors import ExportError
from snnbib.model import Dataset
from snnbib.zotero.items import snnbib_id
from snnbib.zotero.rdf import NOT_XML, write_rdf
from snnbib.zotero.tree import ROOT_NAME
from zotero_samples import RECORDS, TOPICS, sample_dataset, write_data_dir

Z = Namespace("http://www.zotero.org/namespaces/export#")
DC = Namespace("http://purl.org/dc/elements/1.1/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
BIB = Namespace("http://purl.org/net/biblio#")
PRISM = Namespace("http://prismstandard.org/namespaces/1.2/basic/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
LINK = Namespace("http://purl.org/rss/1.0/modules/link/")
BASE = "http://snnbib.test/snnbib.rdf"


def parse(data: bytes) -> Graph:
    graph = Graph()
    graph.parse(data=data, format="xml", publicID=BASE)
    return graph


def item(key: str) -> URIRef:
    return URIRef(f"{BASE}#item_{key}")


def one(graph: Graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def seq(graph: Graph, node) -> list:
    """The members of an rdf:Seq, in order."""
    out, i = [], 1
    while (member := graph.value(node, RDF[f"_{i}"])) is not None:
        out.append(member)
        i += 1
    return out


def collections(graph: Graph) -> dict[str, URIRef]:
    """Collection title -> node."""
    return {str(one(graph, c, DC.title)): c for c in graph.subjects(RDF.type, Z.Collection)}


def top_items(graph: Graph) -> set[URIRef]:
    """Resources that are items in their own right (not notes or attachments)."""
    return {s for s, t in graph.subject_objects(Z.itemType) if str(t) != "attachment"}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return parse(write_rdf(sample_dataset()))


def test_every_topic_collection_holds_exactly_its_items(graph):
    by_name = collections(graph)
    names = {t.slug: t.name for t in TOPICS}
    on_topic = [r for r in RECORDS if not r.off_topic]
    for slug, name in names.items():
        expected = {item(r.key) for r in on_topic if slug in r.topic_slugs}
        if not expected:
            assert name not in by_name or slug == "learning"
            continue
        members = {m for m in graph.objects(by_name[name], DCTERMS.hasPart) if (m, RDF.type, Z.Collection) not in graph}
        assert members == expected, slug


def test_nesting_follows_the_taxonomy(graph):
    by_name = collections(graph)
    root = by_name[ROOT_NAME]
    learning = by_name["Training & learning"]
    assert set(graph.objects(learning, DCTERMS.hasPart)) == {
        by_name["ANN-to-SNN <conversion>"], by_name['Surrogate "gradients"'], by_name["Online learning"]}
    under_root = set(graph.objects(root, DCTERMS.hasPart))
    assert learning in under_root and by_name["Neuron models"] in under_root
    assert by_name["ANN-to-SNN <conversion>"] not in under_root
    assert all((m, RDF.type, Z.Collection) in graph for m in under_root)
    # every collection but the top sits in exactly one parent
    for node in by_name.values():
        parents = list(graph.subjects(DCTERMS.hasPart, node))
        assert len(parents) == (0 if node == root else 1)


def test_every_has_part_resolves_and_no_item_is_duplicated(graph):
    items = top_items(graph)
    for _, member in graph.subject_objects(DCTERMS.hasPart):
        assert member in items or (member, RDF.type, Z.Collection) in graph, member
    keys = [snnbib_id(str(extra)) for s in items for extra in graph.objects(s, Z.extra)]
    assert sorted(keys) == sorted(r.key for r in RECORDS if not r.off_topic)  # each once
    assert len(items) == len(keys)
    items_in_file = [e for e in ET.fromstring(write_rdf(sample_dataset())) if e.find(f"{{{Z}}}itemType") is not None]
    assert len(items_in_file) == len(keys)  # one element per item, members only referenced


def test_off_topic_only_when_asked(graph):
    assert item("spiked2019matrix") not in top_items(graph)
    assert "Not SNN research" not in collections(graph)
    chosen = parse(write_rdf(sample_dataset(), ["off-topic"]))
    assert top_items(chosen) == {item("spiked2019matrix")}
    assert set(collections(chosen)) == {ROOT_NAME, "Not SNN research"}


def test_topic_selection_keeps_the_parent_chain():
    graph = parse(write_rdf(sample_dataset(), ["ann2snn"]))
    assert set(collections(graph)) == {ROOT_NAME, "Training & learning", "ANN-to-SNN <conversion>"}
    assert top_items(graph) == {item("bu2023optimal")}
    group = parse(write_rdf(sample_dataset(), ["learning"]))
    assert top_items(group) == {item("bu2023optimal"), item("eshraghian2021training")}


def test_xml_specials_and_math_survive(graph):
    title = one(graph, item("bu2023optimal"), DC.title)
    assert str(title) == 'Optimal ANN-SNN Conversion & <Calibration>: 100% "fast" with 𝒪(L) steps'
    assert {"Training & learning", 'Surrogate "gradients"', "ANN-to-SNN <conversion>"} <= set(collections(graph))
    tags = {str(t) for t in graph.objects(item("bu2023optimal"), DC.subject)}
    assert tags == {"ANN-to-SNN <conversion>", 'Surrogate "gradients"'}


def test_conference_paper_fields(graph):
    node = item("bu2023optimal")
    assert one(graph, node, Z.itemType) == Literal("conferencePaper")
    journal = one(graph, node, DCTERMS.isPartOf)
    assert (journal, RDF.type, BIB.Journal) in graph
    assert one(graph, journal, DC.title) == Literal("International Conference on Learning Representations")
    conference = one(graph, node, BIB.presentedAt)
    assert one(graph, conference, DC.title) == Literal("ICLR 2023")
    publisher = one(graph, node, DC.publisher)
    assert one(graph, publisher, FOAF.name) == Literal("OpenReview.net")
    names = [(str(one(graph, p, FOAF.surname)), str(one(graph, p, FOAF.givenName)))
             for p in seq(graph, one(graph, node, BIB.authors))]
    assert names == [("Bu", "Tong"), ("Müller", "Jörg")]
    extra = str(one(graph, node, Z.extra)).splitlines()
    assert extra[:2] == ["Citation Key: bu2023optimal", "snnbib: bu2023optimal"]
    assert "arXiv: 2303.04347" in extra and extra[-1].startswith("snnbib-hash: ")


def test_code_link_and_provenance_note(graph):
    node = item("bu2023optimal")
    attachment = one(graph, node, LINK.link)
    assert (attachment, RDF.type, Z.Attachment) in graph
    assert one(graph, attachment, Z.linkMode) == Literal("3")
    assert one(graph, one(graph, attachment, DC.identifier), RDF.value) == \
        Literal("https://github.com/putshua/SNN_conversion_QCFS")
    memo = one(graph, node, DCTERMS.isReferencedBy)
    assert (memo, RDF.type, BIB.Memo) in graph
    html = str(one(graph, memo, RDF.value))
    assert "awesome-snn:12 — Papers › ANN to SNN Conversion" in html
    assert "Quantisation &amp; clip-floor-shift &lt;QCFS&gt;." in html  # the note is HTML, escaped once


def test_preprint_and_other_types(graph):
    preprint = item("eshraghian2021training")
    assert one(graph, preprint, Z.itemType) == Literal("preprint")
    assert one(graph, one(graph, preprint, DC.publisher), FOAF.name) == Literal("arXiv")
    assert one(graph, preprint, PRISM.number) == Literal("arXiv:2109.12894")
    assert Literal("DOI 10.48550/arXiv.2109.12894") in set(graph.objects(preprint, DC.identifier))
    types = {key: str(one(graph, item(key), Z.itemType)) for key in
             ("kheradpisheh2018stdp", "gerstner2014neuronal", "snntorch", "zenke2021lecture",
              "neurobench", "tutorial2022", "anon2020spiking")}
    assert types == {"kheradpisheh2018stdp": "journalArticle", "gerstner2014neuronal": "book",
                     "snntorch": "computerProgram", "zenke2021lecture": "presentation",
                     "neurobench": "webpage", "tutorial2022": "webpage", "anon2020spiking": "document"}
    lecturer = seq(graph, one(graph, item("zenke2021lecture"), Z.presenters))[0]
    assert one(graph, lecturer, FOAF.surname) == Literal("Zenke")
    assert "DOI: 10.1234/abc.def" in str(one(graph, item("anon2020spiking"), Z.extra))


def test_journal_article_matches_what_zotero_writes(graph):
    """Our journal article has the shape of Zotero's own export of the same paper."""
    reference = Graph().parse(require_shared("formats", "zotero-reference", "from_csl.rdf_zotero"),
                              format="xml", publicID=BASE)
    theirs, ours = item("1"), item("kheradpisheh2018stdp")

    def shape(g: Graph, node) -> set:
        journal = one(g, node, DCTERMS.isPartOf)
        return {(p, o) for p, o in g.predicate_objects(journal)} | {
            (p, o) for p, o in g.predicate_objects(node) if isinstance(o, Literal) and p in (DC.title, DC.date, BIB.pages, Z.itemType)}

    assert shape(graph, ours) == shape(reference, theirs)
    assert (ours, RDF.type, BIB.Article) in graph and (theirs, RDF.type, BIB.Article) in reference


@settings(max_examples=200, deadline=None)
@given(title=st.text(min_size=1, max_size=60).map(lambda t: t.replace("$", "")).filter(bool),
       name=st.text(min_size=1, max_size=30))
def test_any_text_survives_or_is_refused_clearly(title, name):
    record = dataclasses.replace(RECORDS[0], title=title)
    topics = tuple(dataclasses.replace(t, name=name) if t.slug == "ann2snn" else t for t in TOPICS)
    bad = NOT_XML.search(title) or NOT_XML.search(name)
    try:
        data = write_rdf(Dataset((record,), topics))
    except ExportError as exc:
        assert bad and f"character U+{ord(bad.group()):04X} cannot be written in XML" in str(exc)
        return
    assert not bad
    graph = parse(data)
    assert str(one(graph, item("bu2023optimal"), DC.title)) == record.title
    assert name in collections(graph)


def test_same_dataset_same_bytes():
    dataset = sample_dataset()
    shuffled = Dataset(tuple(reversed(dataset.records)), tuple(reversed(dataset.topics)))
    assert write_rdf(dataset) == write_rdf(dataset) == write_rdf(shuffled)


def test_content_change_changes_only_that_item():
    dataset = sample_dataset()
    changed = Dataset(tuple(dataclasses.replace(r, pages="1-13") if r.key == "bu2023optimal" else r
                            for r in dataset.records), dataset.topics)
    about = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
    before, after = (ET.fromstring(write_rdf(d)) for d in (dataset, changed))
    assert len(before) == len(after)
    diff = {a.get(about) for a, b in zip(before, after) if ET.tostring(a) != ET.tostring(b)}
    assert diff == {"#item_bu2023optimal"}


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "snnbib", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=ROOT, timeout=120)


def test_cli_writes_the_file_atomically_and_rejects_unknown_topics(tmp_path):
    data = write_data_dir(tmp_path / "data")
    out = tmp_path / "out" / "lib.rdf"
    done = run_cli("zotero", "rdf", "--data-dir", str(data), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"wrote {out}: 10 items in 10 collections\n"
    assert out.read_bytes() == write_rdf(sample_dataset())
    assert [p.name for p in out.parent.iterdir()] == ["lib.rdf"]
    stdout = run_cli("zotero", "rdf", "--data-dir", str(data), "--topic", "books")
    assert stdout.returncode == 0 and "Neuronal Dynamics" in stdout.stdout
    bad = run_cli("zotero", "rdf", "--data-dir", str(data), "--topic", "nope")
    assert bad.returncode == 1
    assert "unknown topic 'nope'" in bad.stderr and "Traceback" not in bad.stderr
    empty = run_cli("zotero", "rdf", "--data-dir", str(data), "--topic", "robustness")
    assert empty.returncode == 1 and empty.stdout == ""
    assert empty.stderr == "error: no records in topic robustness: nothing to write\n"


def test_committed_rdf_is_current():
    """zotero/snnbib.rdf is what `snnbib zotero rdf` makes of the committed dataset."""
    if not (DATA / "dataset.jsonl").exists():
        pytest.skip("data/dataset.jsonl has not been built yet")
    import snnbib

    committed = ROOT / "zotero" / "snnbib.rdf"
    assert committed.exists(), "run: snnbib zotero rdf -o zotero/snnbib.rdf"
    assert committed.read_bytes() == write_rdf(snnbib.load(DATA)), \
        "zotero/snnbib.rdf is stale: run `snnbib zotero rdf -o zotero/snnbib.rdf`"


def readme_facts(dataset: Dataset) -> list[str]:
    """The lines and phrases of zotero/README.md that depend on the dataset."""
    from snnbib.zotero.tree import ROOT_SLUG, build_tree

    tree = build_tree(dataset)
    lines = []

    def walk(slug: str, depth: int) -> None:
        for c in sorted((c for c in tree.collections if c.parent == slug), key=lambda c: c.name.lower()):
            below = {k for x in tree.collections if x.parent == c.slug for k in x.members}
            count = str(len(c.members)) if c.members else f"{len(below)} (in its sub-collections)"
            lines.append(f"| {'&nbsp;' * 4 * depth}{c.name} | {count} |")
            walk(c.slug, depth + 1)

    walk(ROOT_SLUG, 0)
    records = tree.records
    return lines + [
        f"({len(records)} for the current dataset)",
        f"({sum(len(r.topic_slugs) > 1 for r in records)} papers are in more than one)",
        f"for {sum(bool(r.code_url) for r in records)} items, a **Code repository** link",
        f"the {sum(r.off_topic for r in dataset.records)} \"spike\" papers",
    ]


def test_readme_describes_the_committed_dataset():
    if not (DATA / "dataset.jsonl").exists():
        pytest.skip("data/dataset.jsonl has not been built yet")
    import snnbib

    readme = (ROOT / "zotero" / "README.md").read_text(encoding="utf-8")
    missing = [fact for fact in readme_facts(snnbib.load(DATA)) if fact not in readme]
    assert not missing, "update zotero/README.md:\n" + "\n".join(missing)


# -- reading the file back the way Zotero's RDF importer (translators/RDF.js) does ------------

# base fields the importer sets, and the field each item type keeps them in
BASE_FIELDS = {
    ("conferencePaper", "publicationTitle"): "proceedingsTitle", ("webpage", "publicationTitle"): "websiteTitle",
    ("preprint", "publisher"): "repository", ("preprint", "number"): "archiveID",
    ("computerProgram", "publisher"): "company", ("presentation", "conferenceName"): "meetingName",
    ("presentation", "type"): "presentationType", ("webpage", "type"): "websiteType",
}
CONTAINERS = {"journalArticle": BIB.Journal, "conferencePaper": BIB.Journal, "webpage": Z.Website}


def zotero_import(graph: Graph, node) -> dict:
    """The item Zotero's importer makes of `node`: the rules of RDF.js for the fields snnbib writes."""
    item_type = str(one(graph, node, Z.itemType))
    found: dict = {"itemType": item_type, "title": str(one(graph, node, DC.title))}
    container = next((c for c in graph.objects(node, DCTERMS.isPartOf)
                      if (c, RDF.type, CONTAINERS.get(item_type)) in graph), None)
    sources = [node] + ([container] if container is not None else [])
    if container is not None:
        found["publicationTitle"] = str(one(graph, container, DC.title))
        if graph.value(container, DCTERMS.alternative):
            found["journalAbbreviation"] = str(graph.value(container, DCTERMS.alternative))
    for name, predicate in (("volume", PRISM.volume), ("number", PRISM.number)):
        value = next((graph.value(s, predicate) for s in reversed(sources) if graph.value(s, predicate)), None)
        if value is not None:
            found[name] = str(value)
    if "number" in found and item_type == "journalArticle":
        found["issue"] = found.pop("number")
    for name, predicate in (("pages", BIB.pages), ("date", DC.date), ("type", DC.type)):
        if graph.value(node, predicate) is not None:
            found[name] = str(graph.value(node, predicate))
    publisher = graph.value(node, DC.publisher)
    if publisher is not None:
        found["publisher"] = str(one(graph, publisher, FOAF.name))
    conference = graph.value(node, BIB.presentedAt)
    if conference is not None:
        found["conferenceName"] = str(one(graph, conference, DC.title))
    for source in sources:
        for identifier in graph.objects(source, DC.identifier):
            if isinstance(identifier, Literal) and str(identifier).startswith("DOI "):
                found["DOI"] = str(identifier)[4:]
            elif (identifier, RDF.type, DCTERMS.URI) in graph:
                found["url"] = str(one(graph, identifier, RDF.value))
    creators = []
    for predicate, kind in ((BIB.authors, "author"), (Z.programmers, "programmer"), (Z.presenters, "presenter")):
        for person in seq(graph, graph.value(node, predicate)) if graph.value(node, predicate) else []:
            given = graph.value(person, FOAF.givenName)
            family = str(one(graph, person, FOAF.surname))
            creators.append({"creatorType": kind, "firstName": str(given), "lastName": family} if given
                            else {"creatorType": kind, "name": family})
    found["creators"] = creators
    found["tags"] = sorted(str(t) for t in graph.objects(node, DC.subject))
    found["extra"] = str(one(graph, node, Z.extra))  # the importer copies every z:<field>
    for (kind, base), field in BASE_FIELDS.items():
        if kind == item_type and base in found:
            found[field] = found.pop(base)
    notes = [str(one(graph, m, RDF.value)) for m in graph.objects(node, DCTERMS.isReferencedBy)
             if (m, RDF.type, BIB.Memo) in graph]
    links = [(str(one(graph, a, DC.title)), str(one(graph, one(graph, a, DC.identifier), RDF.value)))
             for a in graph.objects(node, LINK.link) if (a, RDF.type, Z.Attachment) in graph]
    return {"data": found, "notes": notes, "links": links}


def test_zotero_reads_back_exactly_the_item_the_push_sends(graph):
    """RDF and Web API carry the same item: every non-empty field lands where the importer reads it."""
    from snnbib.zotero.items import CODE_TITLE, build_item

    names = {t.slug: t.name for t in TOPICS}
    for record in (r for r in RECORDS if not r.off_topic):
        sent = build_item(record, names)
        expected = {k: v for k, v in sent.data.items() if v and k != "tags"}
        expected["creators"] = list(sent.data["creators"])
        expected["tags"] = sorted(t["tag"] for t in sent.data["tags"])
        imported = zotero_import(graph, item(record.key))
        assert imported["data"] == expected, record.key
        assert imported["notes"] == [sent.note]
        assert imported["links"] == ([(CODE_TITLE, sent.code_url)] if sent.code_url else [])


def test_the_whole_dataset_reads_back_like_the_push():
    if not (DATA / "dataset.jsonl").exists():
        pytest.skip("data/dataset.jsonl has not been built yet")
    import snnbib
    from snnbib.zotero.items import build_item

    dataset = snnbib.load(DATA)
    graph = parse((ROOT / "zotero" / "snnbib.rdf").read_bytes())
    names = {t.slug: t.name for t in dataset.topics}
    for record in dataset.select():
        sent = build_item(record, names).data
        imported = zotero_import(graph, item(record.key))["data"]
        assert imported == {**{k: v for k, v in sent.items() if v and k != "tags"},
                            "creators": list(sent["creators"]),
                            "tags": sorted(t["tag"] for t in sent["tags"])}, record.key
