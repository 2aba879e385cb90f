"""Record -> Zotero item: the type and field tables, Extra, the note, plain titles."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from fake_zotero import CREATOR_TYPES, FIELDS as ZOTERO_FIELDS
from snnbib.model import Identifiers, Kind, Person
from snnbib.zotero.items import (
    FIELDS, ITEM_TYPES, PRIMARY_CREATOR, build_item, snnbib_id, stored_digest,
)
from snnbib.zotero.text import plain
from zotero_samples import RECORDS, TOPICS

NAMES = {t.slug: t.name for t in TOPICS}
BY_KEY = {r.key: r for r in RECORDS}


def test_every_kind_has_a_zotero_type_and_only_fields_that_type_has():
    assert set(ITEM_TYPES) == set(Kind)
    for item_type, fields in FIELDS.items():
        assert {name for name, _ in fields} <= ZOTERO_FIELDS[item_type], item_type
        creator = PRIMARY_CREATOR.get(item_type, "author")
        assert creator in CREATOR_TYPES.get(item_type, {"author"}), item_type


def test_conference_paper_item_golden():
    item = build_item(BY_KEY["bu2023optimal"], NAMES)
    assert dict(item.data) == {
        "itemType": "conferencePaper",
        "title": 'Optimal ANN-SNN Conversion & <Calibration>: 100% "fast" with 𝒪(L) steps',
        "creators": [{"creatorType": "author", "firstName": "Tong", "lastName": "Bu"},
                     {"creatorType": "author", "firstName": "Jörg", "lastName": "Müller"}],
        "proceedingsTitle": "International Conference on Learning Representations",
        "conferenceName": "ICLR 2023", "publisher": "OpenReview.net", "volume": "", "pages": "1-12", "DOI": "",
        "date": "2023", "url": "https://openreview.net/forum?id=7B3IJMM1k_M",
        "tags": [{"tag": "ANN-to-SNN <conversion>"}, {"tag": 'Surrogate "gradients"'}],
        "extra": f"Citation Key: bu2023optimal\nsnnbib: bu2023optimal\narXiv: 2303.04347\nsnnbib-hash: {item.digest}",
    }
    assert item.code_url == "https://github.com/putshua/SNN_conversion_QCFS"
    assert (snnbib_id(item.data["extra"]), stored_digest(item.data["extra"])) == ("bu2023optimal", item.digest)


@pytest.mark.parametrize("ids, doi", [
    (Identifiers(arxiv="2109.12894"), "10.48550/arXiv.2109.12894"),
    (Identifiers(arxiv="2109.12894", doi="10.1109/JPROC.2023.3308088"), "10.1109/JPROC.2023.3308088"),
])
def test_preprint_doi_is_the_arxiv_doi_unless_a_published_one_is_known(ids, doi):
    record = dataclasses.replace(BY_KEY["eshraghian2021training"], ids=ids)
    data = build_item(record, NAMES).data
    assert (data["repository"], data["archiveID"], data["DOI"]) == ("arXiv", "arXiv:2109.12894", doi)
    assert data["extra"].splitlines()[:2] == ["Citation Key: eshraghian2021training", "snnbib: eshraghian2021training"]
    assert len(data["extra"].splitlines()) == 3  # no DOI: or arXiv: lines: the fields hold them


def test_identifiers_without_a_field_go_to_extra_and_people_without_given_names_stay_whole():
    data = build_item(BY_KEY["anon2020spiking"], NAMES).data
    assert data["itemType"] == "document"
    assert data["extra"].splitlines()[2:4] == ["DOI: 10.1234/abc.def", "arXiv: 2001.00001"]
    assert data["creators"] == [{"creatorType": "author", "name": "Plato"}]
    software = build_item(dataclasses.replace(BY_KEY["snntorch"], authors=(Person("Eshraghian", "Jason"),)), NAMES)
    assert software.data["creators"][0]["creatorType"] == "programmer"


def test_digest_follows_content_only():
    record = BY_KEY["kheradpisheh2018stdp"]
    base = build_item(record, NAMES)
    assert build_item(record, NAMES) == base
    assert build_item(dataclasses.replace(record, pages="56-68"), NAMES).digest != base.digest
    assert build_item(dataclasses.replace(record, note="new description"), NAMES).digest != base.digest
    assert build_item(dataclasses.replace(record, ids=Identifiers(
        doi=record.ids.doi, repository="https://github.com/x/y")), NAMES).digest != base.digest


def test_provenance_note_is_escaped_html():
    note = build_item(BY_KEY["bu2023optimal"], NAMES).note
    root = ET.fromstring(note)
    texts = [e.text for e in root.iter() if e.text]
    assert texts == ["snnbib provenance", "Citation key: bu2023optimal",
                     "Curator's note: Quantisation & clip-floor-shift <QCFS>.", "Listed in:",
                     "awesome-snn:12 — Papers › ANN to SNN Conversion"]
    et_al = build_item(BY_KEY["kheradpisheh2018stdp"], NAMES).note
    assert "incomplete author list (et al.)" in et_al and "awesome-snn:7 — Vision" in et_al


@pytest.mark.parametrize("text, expected", [
    ("with $\\mathcal{O}(L)$ Training Memory and $\\mathcal{O}(1)$ Inference",
     "with 𝒪(L) Training Memory and 𝒪(1) Inference"),
    ("$\\alpha$-SNN & 100% of snn_toolbox", "α-SNN & 100% of snn_toolbox"),
    ("no math: 5$ and 100%", "no math: 5$ and 100%"),
])
def test_plain_turns_only_math_into_unicode(text, expected):
    assert plain(text) == expected
