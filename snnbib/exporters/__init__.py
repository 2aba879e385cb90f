"""Exporters: one module per format, found through a registry (and the `snnbib.exporters`
entry-point group for third-party formats). Each module defines `PLUGIN`."""

from __future__ import annotations

from typing import Protocol, Sequence

from ..model import Record, Topic
from ..registry import Registry


class Exporter(Protocol):
    name: str
    aliases: tuple[str, ...]
    suffixes: tuple[str, ...]  # ".bib", ...; the first is the one `export --all` writes
    description: str

    def pieces(self, records: Sequence[Record], topics: Sequence[Topic] = ()) -> list[str]:
        """The whole file's text for these records, in pieces to write one after another
        (deterministic: same input, same bytes), so a large export is never joined in memory."""
        ...

    def dumps(self, records: Sequence[Record], topics: Sequence[Topic] = ()) -> str:
        """The whole file's text."""
        return "".join(self.pieces(records, topics))


EXPORTERS: Registry[Exporter] = Registry(
    "format",
    "snnbib.exporters",
    (
        "snnbib.exporters.bibtex",
        "snnbib.exporters.biblatex",
        "snnbib.exporters.csljson",
        "snnbib.exporters.ris",
    ),
)
