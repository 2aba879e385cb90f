"""Looking at the dataset: topics, search, show, stats."""

from __future__ import annotations

from pathlib import Path

import click

from .dataset import data_dir_option


def _load(data_dir: Path | None):
    from ..dataset import load

    return load(data_dir)


@click.command()
@data_dir_option
def topics(data_dir: Path | None) -> None:
    """List topic slugs, names and record counts (groups show their children indented)."""
    dataset = _load(data_dir)
    counts = dataset.count_by_topic()
    for topic in dataset.topics:
        if topic.parent:
            continue
        children = [t for t in dataset.topics if t.parent == topic.slug]
        total = len(dataset.select([topic.slug])) if children else counts.get(topic.slug, 0)
        click.echo(f"{topic.slug:<24} {total:>4}  {topic.name}")
        for child in children:
            click.echo(f"  {child.slug:<22} {counts.get(child.slug, 0):>4}  {child.name}")


@click.command()
@click.argument("words", nargs=-1)
@click.option("--author", default="", help="Author family or given name (substring).")
@click.option("--venue", default="", help="Venue short name, e.g. NeurIPS.")
@click.option("--year", "years", default="", help="A year or a range: 2021, 2020-2023, 2022-.")
@click.option("--topic", "topic_slugs", multiple=True, help="Topic slug (repeatable).")
@click.option("--kind", default="", help="Record kind, e.g. preprint.")
@data_dir_option
def search(words: tuple[str, ...], author: str, venue: str, years: str, topic_slugs: tuple[str, ...],
           kind: str, data_dir: Path | None) -> None:
    """Find records by title words, author, venue, year range, topic; prints a table."""
    from ..query import Query, parse_years, run_query

    dataset = _load(data_dir)
    query = Query(tuple(words), author, venue, parse_years(years), topic_slugs, kind)
    hits = run_query(dataset, query)
    for record in hits:
        first = record.authors[0].family if record.authors else "-"
        click.echo(f"{record.key:<28} {record.year or '':<4}  {record.venue or '-':<10} {first:<14} {record.title}")
    click.echo(f"{len(hits)} record(s)", err=True)


@click.command()
@click.argument("key")
@data_dir_option
def show(key: str, data_dir: Path | None) -> None:
    """Every field of a record, with where its value came from."""
    from ..errors import UnknownNameError
    from ..query import describe

    dataset = _load(data_dir)
    record = dataset.get(key)
    if record is None:
        close = [r.key for r in dataset if key.lower() in r.key][:10]
        raise UnknownNameError("citation key", key, close or ["(no similar keys)"])
    click.echo(describe(record))


@click.command()
@data_dir_option
def stats(data_dir: Path | None) -> None:
    """Counts per source, venue, year, kind and topic."""
    from ..query import statistics

    click.echo(statistics(_load(data_dir)))
