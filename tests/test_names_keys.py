"""Author text parsing and citation keys that never change once given."""

from snnbib.citekeys import KeyLock, KeyRequest, assign_keys, base_key, identities
from snnbib.model import Person
from snnbib.names import parse_author_text


def test_list_author_styles():
    assert parse_author_text("Maass W and Markram H") == ((Person("Maass", "W."), Person("Markram", "H.")), False)
    assert parse_author_text("Tavanaei et al.") == ((Person("Tavanaei"),), True)
    assert parse_author_text("Muramatsu N and Yu HT")[0][1] == Person("Yu", "H. T.")
    assert parse_author_text("Zhou, Zhaokun and Zhu, Yuesheng")[0] == (Person("Zhou", "Zhaokun"), Person("Zhu", "Yuesheng"))


def test_base_key_shapes():
    assert base_key("Hao", 2023, "Reducing ANN-SNN Conversion Error") == "hao2023reducing"
    assert base_key("Müller", 2023, "A Study of the Spikes") == "muller2023study"
    assert base_key("", None, "Neuronal Dynamics - Lectures") == "neuronaldynamicslectures"
    assert base_key("", 2014, "The Neuronal Dynamics") == "neuronaldynamics2014"


def _request(title, ids=(), base=None):
    return KeyRequest(identities([title], ids), base or base_key("", None, title), title)


def test_keys_stay_when_metadata_improves(tmp_path):
    lock = KeyLock()
    first = assign_keys([_request("Spiking Deep Residual Network", [("arxiv", "1805.01352")])], lock)
    assert first == [("spikingdeepresidual", ())]
    # the record gains an author and a year: its base key would change, its key must not
    later = _request("Spiking Deep Residual Network", [("arxiv", "1805.01352")], base_key("Hu", 2018, "Spiking"))
    assert assign_keys([later], lock) == [("spikingdeepresidual", ())]
    lock.write(tmp_path / "keys.lock")
    reread = KeyLock.read(tmp_path / "keys.lock")
    assert assign_keys([later], reread) == [("spikingdeepresidual", ())]


def test_collisions_get_suffixes_and_keys_are_never_reused():
    lock = KeyLock()
    a = KeyRequest(identities(["Spiking A"], []), "zhang2023spiking", "a")
    b = KeyRequest(identities(["Spiking B"], []), "zhang2023spiking", "b")
    assert [k for k, _ in assign_keys([b, a], lock)] == ["zhang2023spikinga", "zhang2023spiking"]
    c = KeyRequest(identities(["Spiking C"], []), "zhang2023spiking", "c")
    assert assign_keys([c], lock) == [("zhang2023spikingb", ())]


def test_merged_records_keep_one_key_and_alias_the_other():
    lock = KeyLock()
    assign_keys([_request("Alpha Paper", [("arxiv", "1")]), _request("Beta Paper", [("doi", "10.1/x")])], lock)
    merged = KeyRequest(identities(["Alpha Paper", "Beta Paper"], [("arxiv", "1"), ("doi", "10.1/x")]), "x", "m")
    assert assign_keys([merged], lock) == [("alphapaper", ("betapaper",))]


def test_shared_wrong_identifier_does_not_steal_a_key():
    lock = KeyLock()
    assign_keys([_request("Event Driven", [("openreview", "nc8")]), _request("Local Tandem", [])], lock)
    again = assign_keys([_request("Local Tandem", [("openreview", "nc8")]), _request("Event Driven", [("openreview", "nc8")])], lock)
    assert again == [("localtandem", ()), ("eventdriven", ())]
