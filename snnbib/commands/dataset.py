"""Dataset commands: build, check, import, enrich."""

from __future__ import annotations

from pathlib import Path

import click

data_dir_option = click.option(
    "--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Dataset directory (default: $SNNBIB_DATA_DIR or the bundled data).",
)


@click.command()
@data_dir_option
@click.option("--check", "check_only", is_flag=True, help="Only report whether the committed dataset is stale.")
def build(data_dir: Path | None, check_only: bool) -> None:
    """Parse the source lists and write data/dataset.jsonl and data/keys.lock, with a report."""
    from ..paths import data_dir as resolve
    from ..pipeline import build as run_build, write
    from ..store import DATASET_FILE, dumps_records

    directory = resolve(data_dir)
    result = run_build(directory)
    if check_only:
        stale = _stale(directory / DATASET_FILE, dumps_records(result.dataset.records))
        click.echo("dataset is stale: run `snnbib build`" if stale else "dataset is up to date")
        raise SystemExit(1 if stale else 0)
    write(result, directory)
    click.echo(result.report.text(result.dataset), nl=False)


def _stale(path: Path, text: str) -> bool:
    return not path.exists() or path.read_text(encoding="utf-8") != text


@click.command()
@data_dir_option
def check(data_dir: Path | None) -> None:
    """Validate the dataset: sources unchanged, schema, unique keys, known topics, overrides, freshness."""
    from ..validate import validate
    from ..paths import data_dir as resolve

    problems = validate(resolve(data_dir))
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if problems:
        raise SystemExit(1)
    click.echo("dataset OK")


@click.command("import")
@click.argument("list_file", type=click.Path(path_type=Path))
@click.option("--dialect", default="", help="Dialect parser to use (default: detected).")
@click.option("--name", default="", help="Short source name used in provenance (default: next number).")
@click.option("--title", default="", help="The list's title (default: its first heading).")
@click.option("--repository", default="unknown", help="Upstream repository URL.")
@click.option("--licence", default="unknown", help="The list's licence, where known.")
@click.option("--dry-run", is_flag=True, help="Print the records it would add as CSL-JSON; change nothing.")
@data_dir_option
def import_list(list_file: Path, dialect: str, name: str, title: str, repository: str,
                licence: str, dry_run: bool, data_dir: Path | None) -> None:
    """Add an awesome list as a new source (copied verbatim, with a manifest entry)."""
    from ..importing import add_source, preview

    if dry_run:
        click.echo(preview(list_file, dialect, data_dir), nl=False)
        return
    source, parsed = add_source(list_file, data_dir, dialect=dialect, name=name, title=title,
                                repository=repository, licence=licence)
    click.echo(f"added source {source.name} ({source.file}, dialect {source.dialect}): "
               f"{len(parsed.entries)} records, {len(parsed.skips)} skipped items. "
               "Run `snnbib build` to merge it into the dataset.")


@click.command()
@click.option("--from", "source", required=True, type=click.Path(path_type=Path),
              help="A CSL-JSON (.json) or BibTeX (.bib) file of verified metadata.")
@click.option("--fuzzy", is_flag=True,
              help="Also match titles by verified fuzzy scoring (high bar, clear margin, year and author agreement).")
@data_dir_option
def enrich(source: Path, fuzzy: bool, data_dir: Path | None) -> None:
    """Store verified facts (authors, venue, year, pages, DOIs) from a bibliography file."""
    from ..enrich import enrich_from
    from ..paths import data_dir as resolve

    summary = enrich_from(source, resolve(data_dir), fuzzy=fuzzy)
    click.echo(summary.text())
