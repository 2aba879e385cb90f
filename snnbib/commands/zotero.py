"""`snnbib zotero rdf` and `snnbib zotero push`: topic collections for Zotero."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from .dataset import data_dir_option

TOPICS = click.option("--topic", "topics", multiple=True, metavar="SLUG",
                      help="Only these topics (a group selects its children); repeatable. "
                           "Default: every on-topic record; `--topic off-topic` selects the off-topic ones.")


@click.group()
def zotero() -> None:
    """Zotero RDF collections and pushing to a Zotero library."""


@zotero.command()
@TOPICS
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to FILE (atomically) instead of standard output.")
@data_dir_option
def rdf(topics: tuple[str, ...], output: str | None, data_dir: Path | None) -> None:
    """Write a Zotero RDF file: one collection per topic, nested as the taxonomy nests.

    Import it in Zotero with File > Import...; see zotero/README.md.
    """
    import snnbib
    from snnbib.fsutil import atomic_write_bytes
    from snnbib.zotero.rdf import write_rdf
    from snnbib.zotero.tree import build_tree

    dataset = snnbib.load(data_dir)
    data = write_rdf(dataset, topics)
    if output:
        atomic_write_bytes(output, data)
        tree = build_tree(dataset, topics)
        click.echo(f"wrote {output}: {len(tree.records)} items in {len(tree.collections)} collections", err=True)
    else:
        sys.stdout.buffer.write(data)


@zotero.command()
@click.option("--library", required=True, metavar="user:ID|group:ID",
              help="The library to write to: your user id (zotero.org/settings/keys) or a group id.")
@TOPICS
@click.option("--dry-run", is_flag=True, help="Read the library and report what would be written.")
@click.option("--api-url", envvar="ZOTERO_API_URL", default="https://api.zotero.org", show_default=True,
              help="API base URL (also $ZOTERO_API_URL).")
@data_dir_option
def push(library: str, topics: tuple[str, ...], dry_run: bool, api_url: str, data_dir: Path | None) -> None:
    """Create or update the collections and items in a Zotero library (key: $ZOTERO_API_KEY).

    Running it again writes only what changed; an interrupted push resumes without duplicates.
    """
    import snnbib
    from snnbib.zotero.api import Client, Library
    from snnbib.zotero.push import push as run_push

    dataset = snnbib.load(data_dir)
    client = Client(Library.parse(library), os.environ.get("ZOTERO_API_KEY", ""), api_url)
    started = time.monotonic()
    report = run_push(dataset, topics, client, dry_run=dry_run, progress_factory=_progress_bar)
    elapsed = time.monotonic() - started
    verb = "would be " if dry_run else ""
    stats = client.stats
    click.echo(f"library {client.library}: items {verb}created {len(report.created)}, "
               f"{verb}updated {len(report.updated)}, unchanged {len(report.unchanged)}, "
               f"failed {len(report.failed)}; collections {verb}created {len(report.collections_created)}")
    click.echo(f"requests {stats.requests} (retries {stats.retries}), writes {stats.write_requests} "
               f"({stats.written} objects), paused {stats.paused:.1f} s by Backoff/Retry-After, {elapsed:.1f} s")
    for key in report.duplicates:
        click.echo(f"warning: {key}: more than one item carries this snnbib id; updated the oldest", err=True)
    if report.trashed:
        click.echo(f"note: {len(report.trashed)} items are in the library's trash and were left there "
                   "(empty the trash or restore them to have them pushed)", err=True)
    if report.not_selected:
        click.echo(f"note: {report.not_selected} snnbib items in the library are outside this selection "
                   "and were left as they are", err=True)
    for key, reason in report.failed:
        click.echo(f"failed: {key}: {reason}", err=True)
    if report.failed:
        from snnbib.errors import ZoteroError

        raise ZoteroError(f"{len(report.failed)} items were not written (listed above); run the push again "
                          "after fixing them")


def _progress_bar(total: int):
    from tqdm import tqdm

    return tqdm(total=total, unit="obj", desc="zotero push", file=sys.stderr, disable=None, leave=False)
