"""`snnbib lookup`: find DOIs and metadata online, review the queue, accept or reject."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import click

from ..errors import LookupFailure, UnknownNameError
from .dataset import data_dir_option


def _run_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--topic", "topics", multiple=True, metavar="SLUG",
                     help="Only records in this topic (repeatable; a group selects its children)."),
        click.option("--provider", "providers", multiple=True, metavar="NAME",
                     help="Ask only these providers, in this order (repeatable)."),
        click.option("--limit", type=click.IntRange(min=0), default=None,
                     help="Look up at most N records."),
        click.option("--offline", is_flag=True,
                     help="No network: offline derivation and the cache only."),
        click.option("--refresh", is_flag=True,
                     help="Ask the services again, also for records that have a DOI."),
        click.option("--progress/--no-progress", default=True, help="Progress bar on stderr."),
        data_dir_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _data_dir(explicit: Path | None) -> Path:
    from ..paths import data_dir

    return data_dir(explicit)


@click.group(invoke_without_command=True)
@_run_options
@click.pass_context
def lookup(ctx: click.Context, **options: Any) -> None:
    """Look up DOIs and metadata online (`lookup` alone is `lookup run`)."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(run, **options)


@lookup.command()
@_run_options
def run(topics: tuple[str, ...], providers: tuple[str, ...],
        limit: int | None, offline: bool, refresh: bool, progress: bool,
        data_dir: Path | None) -> None:
    """Query the providers in order and write data/lookup.jsonl, with a report."""
    from .. import load
    from ..lookup import PROVIDERS
    from ..lookup.config import LookupConfig
    from ..lookup.runner import run as run_lookup

    directory = _data_dir(data_dir)
    dataset = load(directory)
    known = [t.slug for t in dataset.topics]
    for slug in topics:
        if slug not in known:
            raise UnknownNameError("topic", slug, known)
    chosen = [PROVIDERS.get(name) for name in providers] or PROVIDERS.all()
    config = LookupConfig.from_env(progress=progress)
    report = run_lookup(dataset.select(topics), directory, chosen, config, offline=offline,
                        refresh=refresh, limit=limit, dataset=dataset.records)
    click.echo(report.render())
    if report.interrupted:
        raise KeyboardInterrupt  # the results are saved; the CLI exits 130


@lookup.command()
def providers() -> None:
    """List the providers in chain order, with base URL and pace."""
    from ..lookup import PROVIDERS
    from ..lookup.config import LookupConfig

    config = LookupConfig.from_env()
    for provider in PROVIDERS.all():
        rate = config.rates.get(provider.name, provider.rate)
        aliases = f" ({', '.join(provider.aliases)})" if provider.aliases else ""
        click.echo(f"{provider.name}{aliases}: {provider.description}\n"
                   f"    {provider.base(config)}  {rate:g} requests/s, "
                   f"{provider.concurrency} at a time")


def _describe(value: Any) -> str:
    if isinstance(value, list):
        names = [f"{a.get('given', '')} {a['family']}".strip() for a in value]
        return "; ".join(names[:6]) + (f"; ... ({len(names)})" if len(names) > 6 else "")
    return str(value)


@lookup.command()
@data_dir_option
def review(data_dir: Path | None) -> None:
    """Show the queued results beside what the record says."""
    from ..lookup.results import load_results

    directory = _data_dir(data_dir)
    queued = [r for r in load_results(directory) if r.status == "queued"]
    if not queued:
        click.echo("the review queue is empty")
        return
    records = _records_by_key(directory)
    for key in sorted({r.key for r in queued}):
        mine = [r for r in queued if r.key == key]
        record = records.get(key)
        click.echo(f"{key}")
        if record is not None:
            first = record.authors[0].family if record.authors else "?"
            click.echo(f"  ours:   {record.title} ({record.year or '?'}; {first})")
        head = mine[0]
        click.echo(f"  found:  {head.matched_title}  [{head.provider}, score {head.score}, "
                   f"runner-up {head.runner_up}]")
        click.echo(f"  why:    {head.reasons}")
        for result in mine:
            click.echo(f"  {result.field:15} {_describe(result.value)}")
    count = len({r.key for r in queued})
    click.echo(f"{count} record{'s' if count != 1 else ''} queued: "
               "`snnbib lookup accept KEY` or `snnbib lookup reject KEY`")


def _records_by_key(directory: Path) -> dict[str, Any]:
    from .. import load
    from ..errors import SnnbibError

    try:
        dataset = load(directory)
    except SnnbibError:
        return {}
    return {k: r for r in dataset for k in (r.key, *r.aliases)}


def _decide(key: str, fields: tuple[str, ...], status: str, data_dir: Path | None) -> None:
    from ..lookup.results import load_results, write_results
    from ..lookup.chain import now_iso

    directory = _data_dir(data_dir)
    results = load_results(directory)
    changed = 0
    out = []
    for result in results:
        if result.key == key and (not fields or result.field in fields) \
                and result.status != status:
            result = replace(result, status=status, decided_by="review", time=now_iso())
            changed += 1
        out.append(result)
    if not changed:
        raise LookupFailure(f"no lookup results for {key!r} that are not already {status}")
    write_results(directory, out)
    click.echo(f"{key}: {changed} result{'s' if changed != 1 else ''} {status}")


@lookup.command()
@click.argument("key")
@click.option("--field", "fields", multiple=True, help="Only this field (repeatable).")
@data_dir_option
def accept(key: str, fields: tuple[str, ...], data_dir: Path | None) -> None:
    """Accept KEY's queued or rejected results (the build applies them)."""
    _decide(key, fields, "accepted", data_dir)


@lookup.command()
@click.argument("key")
@click.option("--field", "fields", multiple=True, help="Only this field (repeatable).")
@data_dir_option
def reject(key: str, fields: tuple[str, ...], data_dir: Path | None) -> None:
    """Reject KEY's results; a rerun keeps this decision."""
    _decide(key, fields, "rejected", data_dir)
