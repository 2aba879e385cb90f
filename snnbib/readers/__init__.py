"""Readers for bibliography files (CSL-JSON, BibTeX) used by `export --data` and `enrich`."""
