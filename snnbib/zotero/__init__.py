"""Zotero: the Record -> item tables, the Zotero RDF writer and the idempotent Web API push."""
