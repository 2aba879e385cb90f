"""`snnbib export`: write records of some topics as BibTeX, biblatex, CSL-JSON or RIS."""

from __future__ import annotations

import re
import sys
import unicodedata
from contextlib import contextmanager
from itertools import chain, count
from pathlib import Path
from typing import Iterator

import click

from ..errors import ExportError, ParseError, UnknownNameError
from ..model import Dataset, Record, Topic

DEFAULT_FORMAT = "bibtex"
INDEX = "README.md"
ALL = "all"  # the file of every record, beside one file per topic


def load_data(path: Path | None) -> Dataset:
    """The bundled dataset, or a dataset directory, a dataset .jsonl, a CSL-JSON array or a .bib."""
    import snnbib

    if path is None or path.is_dir():
        return snnbib.load(path)
    from ..exporters._fields import in_key_order

    base = _bundled_topics()
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        from ..store import load_dataset

        return load_dataset(path, base)
    if suffix == ".json":
        from ..readers.csljson import read_csljson

        records = read_csljson(path)
    elif suffix == ".bib":
        from ..readers.bibtex import read_bibtex

        records = read_bibtex(path)
    else:
        raise ParseError(path, "unknown data file: expected a dataset directory, .jsonl, .json (CSL-JSON) or .bib")
    if not records:
        raise ParseError(path, "no entries: nothing to export")
    try:
        ordered = in_key_order(records)
    except ExportError as exc:  # an empty, spaced or repeated key: the file's problem
        raise ParseError(path, str(exc)) from None
    known = {t.slug for t in base}
    extra = sorted({t.slug for r in records for t in r.topics} - known)
    return Dataset(tuple(ordered), base + tuple(Topic(s, s) for s in extra))


def _bundled_topics() -> tuple[Topic, ...]:
    from ..paths import data_dir
    from ..taxonomy import load_taxonomy

    return load_taxonomy(data_dir()).topics


def select(dataset: Dataset, slugs: tuple[str, ...]) -> list[Record]:
    """Records of the topics; an unknown topic or one without records is an error."""
    valid = [t.slug for t in dataset.topics]
    for slug in slugs:
        if slug not in valid:
            raise UnknownNameError("topic", slug, valid)
        if not dataset.select([slug]):
            raise ExportError(f"topic {slug!r} has no records: nothing to export")
    records = dataset.select(list(slugs))
    if not records:
        raise ExportError("the dataset has no records: nothing to export")
    return records


def exporter_for(format_name: str | None, output: str):
    from ..exporters import EXPORTERS

    if format_name:
        return EXPORTERS.get(format_name)
    suffix = Path(output).suffix
    if output == "-" or not suffix:
        return EXPORTERS.get(DEFAULT_FORMAT)
    return EXPORTERS.for_suffix(suffix)


@contextmanager
def naming(data: Path | None) -> Iterator[None]:
    """A record an exporter cannot write (a key BibTeX does not allow) names the --data file it came from."""
    try:
        yield
    except ExportError as exc:
        if data is None or data.is_dir():
            raise
        raise ParseError(data, str(exc)) from None


def file_stems(slugs: list[str]) -> dict[str, str]:
    """Each topic's file name (without suffix): its slug where that is a safe file name, else a
    slug made from it (a keyword of a --data file: `../x`, `Spiking Networks`); never `all`, and
    never one name for two topics."""
    from ..taxonomy import is_safe_slug

    stems = {slug: slug for slug in slugs if is_safe_slug(slug) and slug != ALL}
    taken = {ALL, *stems.values()}
    for slug in slugs:
        if slug in stems:
            continue
        ascii_text = unicodedata.normalize("NFKD", slug).encode("ascii", "ignore").decode()
        base = "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())) or "topic"
        base = base if is_safe_slug(base) and base != ALL else f"{base}-topic"
        stem = next(s for s in chain([base], (f"{base}-{n}" for n in count(2))) if s not in taken)
        stems[slug] = stem
        taken.add(stem)
    return stems


def export_all(dataset: Dataset, directory: Path, format_name: str | None, data: Path | None = None) -> list[Path]:
    """Every format (or one) for every non-group topic with records, plus all.<ext> and an index.

    Writes `<directory>/<format>/<topic><ext>` (each file atomically); files of that extension
    the dataset no longer produces are removed, so the directory is exactly the dataset's export.
    """
    from ..exporters import EXPORTERS
    from ..fsutil import atomic_write_text

    exporters = [EXPORTERS.get(format_name)] if format_name else EXPORTERS.all()
    groups = {t.parent for t in dataset.topics if t.parent}
    sets = [(t, [r for r in dataset.select([t.slug]) if not r.off_topic])
            for t in dataset.topics if t.slug not in groups]
    sets = [(t, records) for t, records in sets if records]
    everything = dataset.select()
    if not everything:
        raise ExportError("the dataset has no records: nothing to export")
    stems = file_stems([t.slug for t, _ in sets])
    files: dict[Path, str | list[str]] = {}
    for exporter in exporters:
        folder = directory / exporter.name
        suffix = exporter.suffixes[0]
        for stem, records in [(ALL, everything)] + [(stems[t.slug], r) for t, r in sets]:
            with naming(data):
                files[folder / f"{stem}{suffix}"] = exporter.pieces(records, dataset.topics)
    files[directory / INDEX] = index(exporters, sets, stems, len(everything))
    # everything is rendered before the first write: an export error leaves the directory as it was
    for path, text in files.items():
        atomic_write_text(path, text)
    for exporter in exporters:
        for stale in (directory / exporter.name).glob(f"*{exporter.suffixes[0]}"):
            if stale not in files:
                stale.unlink()
    return list(files)


NOTES = (
    "## How the files are written",
    "",
    "- Entries are sorted by citation key; topics are in `keywords` (RIS `KW`), which Zotero imports as tags.",
    "- `bibtex`: non-ASCII as LaTeX (`{\\\"u}`) wherever LaTeX has a macro; for plain, ieeetr and",
    "  natbib styles. A type whose required fields are unknown (a conference paper without proceedings",
    "  title) falls back to `@misc`, so bibtex runs without warnings. `howpublished` and",
    "  `note = {Code: \\url{...}}` use `\\url`: load the `url` or `hyperref` package.",
    "- `biblatex`: UTF-8 for accented Latin letters, LaTeX for anything pdflatex cannot take from UTF-8;",
    "  preprints are `@online` with `eprint`/`eprinttype = {arxiv}`, software is `@software`.",
    "- Titles brace acronyms and proper nouns word by word (`{SNN}`, `{ImageNet}`, `{Spikformer}: ...`);",
    "  curator math is one brace group (`{$\\mathcal{O}(L)$}`).",
    "- `csl-json` and `ris` carry plain Unicode (`𝒪(L)`), only item types Zotero imports (software is a",
    "  CSL `document`), preprints in the shape Zotero turns into a preprint; RIS has CRLF line ends.",
    "- A paper's code repository is in `note` (BibTeX; RIS `N1`), which Zotero makes a child note, and",
    "  in CSL-JSON `note`, which Zotero puts in Extra.",
    "",
)


def cell(text: str) -> str:
    """Text for a cell of a markdown table (a keyword of a --data file may hold `|`)."""
    return text.replace("|", "\\|")


def index(exporters, sets: list[tuple[Topic, list[Record]]], stems: dict[str, str], total: int) -> str:
    """The README of an export directory: one row per topic, one link per format."""
    def links(stem: str) -> str:
        return " · ".join(f"[{e.name}]({e.name}/{stem}{e.suffixes[0]})" for e in exporters)

    lines = [
        "# snnbib exports",
        "",
        "Generated by `snnbib export --all -o exports/` from the dataset; do not edit by hand.",
        "",
        "| format | for |",
        "|---|---|",
        *(f"| `{e.name}` | {e.description} |" for e in exporters),
        "",
        "| topic | records | files |",
        "|---|---:|---|",
        f"| everything (`{ALL}`) | {total} | {links(ALL)} |",
        *(f"| {cell(t.name)} (`{cell(t.slug)}`) | {len(records)} | {links(stems[t.slug])} |" for t, records in sets),
        "",
        *NOTES,
    ]
    return "\n".join(lines)


@click.command()
@click.option("--topic", "topics", multiple=True, metavar="SLUG",
              help="Export this topic (repeatable; a group selects its subtopics). Default: everything.")
@click.option("--format", "format_name", metavar="NAME",
              help="bibtex, biblatex, csl-json or ris (default: from -o's suffix, else bibtex).")
@click.option("-o", "--output", default="-", metavar="FILE|-|DIR",
              help="Output file (default: standard output); a directory with --all.")
@click.option("--data", type=click.Path(path_type=Path), metavar="PATH",
              help="A dataset directory or .jsonl, a CSL-JSON array (.json) or a .bib, instead of the bundled dataset.")
@click.option("--all", "all_", is_flag=True,
              help="Write <DIR>/<format>/<topic>.<ext> for every topic and format, all.<ext> and an index.")
def export(topics: tuple[str, ...], format_name: str | None, output: str, data: Path | None, all_: bool) -> None:
    """Export records as BibTeX, biblatex, CSL-JSON or RIS."""
    dataset = load_data(data)
    if all_:
        if output == "-" or topics:
            raise click.UsageError("--all writes a directory: give -o DIR and no --topic")
        written = export_all(dataset, Path(output), format_name, data)
        click.echo(f"wrote {len(written)} files under {output}", err=True)
        return
    exporter = exporter_for(format_name, output)
    records = select(dataset, topics)
    if output != "-" and Path(output).is_dir():
        raise ExportError(f"{output} is a directory: give a file name, or --all to export into it")
    with naming(data):
        pieces = exporter.pieces(records, dataset.topics)
    if output == "-":
        from ..fsutil import write_utf8

        stream = sys.stdout.buffer
        write_utf8(stream, pieces)
        stream.flush()
        return
    from ..fsutil import atomic_write_text

    atomic_write_text(output, pieces)
    click.echo(f"wrote {len(records)} records to {output} ({exporter.name})", err=True)
