"""Hypothesis strategies shared by the fuzz tests of the services' answers."""

from __future__ import annotations

from hypothesis import strategies as st

# field names the services use, so that generated objects reach past the first lookup
KEYS = ["message", "items", "title", "subtitle", "author", "family", "given", "literal", "name",
        "issued", "date-parts", "DOI", "doi", "page", "type", "container-title", "results",
        "biblio", "first_page", "authorships", "publication_year", "primary_location", "source",
        "display_name", "result", "hits", "hit", "info", "authors", "text", "year", "venue",
        "data", "externalIds", "DBLP", "key", "version", "successful", "success", "unchanged",
        "failed", "code", "parentItem", "collections", "tags", "tag", "extra", "itemType", "deleted"]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), inner, max_size=4),
    max_leaves=10)


def replace_node(document: object, path: list[int], value: object) -> object:
    """`document` with one node replaced by `value`: `path` picks a child at each level (its
    number modulo the children), and stops early at a 0 or at a leaf."""
    if not path or path[0] == 0 or not isinstance(document, (dict, list)) or not document:
        return value
    step, rest = path[0], path[1:]
    if isinstance(document, dict):
        key = sorted(document)[step % len(document)]
        return {**document, key: replace_node(document[key], rest, value)}
    index = step % len(document)
    return document[:index] + [replace_node(document[index], rest, value)] + document[index + 1:]


# where to replace (see replace_node) and with what: drawn ahead, applied to any answer
MUTATIONS = st.tuples(st.lists(st.integers(0, 3) | st.integers(1, 50), max_size=8), JSON_VALUES)


@st.composite
def mutated(draw, document: object) -> object:
    """`document` with one node, at any depth, replaced by any JSON value."""
    path, value = draw(MUTATIONS)
    return replace_node(document, path, value)
