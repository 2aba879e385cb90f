"""DOI and metadata lookup: providers in a registry, verified matching, results kept in data/.

Importing this package is cheap: providers (and `requests`) load on first use.
"""

from __future__ import annotations

from ..registry import Registry

# the default chain, in order: who is asked first
BUILTIN_PROVIDERS = (
    "snnbib.lookup.crossref",
    "snnbib.lookup.dblp",
    "snnbib.lookup.arxiv",
    "snnbib.lookup.datacite",
    "snnbib.lookup.doi_negotiation",
    "snnbib.lookup.openalex",
    "snnbib.lookup.semantic_scholar",
)

PROVIDERS: Registry = Registry("lookup provider", "snnbib.lookup_providers", BUILTIN_PROVIDERS)
