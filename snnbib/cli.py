"""The `snnbib` command line: a thin click layer over the library; commands load lazily."""

from __future__ import annotations

import sys
from importlib import import_module

import click

from . import __version__
from .errors import SnnbibError

# command name -> "module:attribute"; a command's module is imported only when it runs
COMMANDS = {
    "build": "snnbib.commands.dataset:build",
    "check": "snnbib.commands.dataset:check",
    "import": "snnbib.commands.dataset:import_list",
    "enrich": "snnbib.commands.dataset:enrich",
    "topics": "snnbib.commands.browse:topics",
    "search": "snnbib.commands.browse:search",
    "show": "snnbib.commands.browse:show",
    "stats": "snnbib.commands.browse:stats",
    "export": "snnbib.commands.export:export",
    "zotero": "snnbib.commands.zotero:zotero",
    "lookup": "snnbib.commands.lookup:lookup",
}

HELP = {
    "build": "Parse the source lists and write the dataset, with a report.",
    "check": "Validate the committed dataset.",
    "import": "Add a new awesome list as a source (or --dry-run it).",
    "enrich": "Apply verified metadata from a CSL-JSON or BibTeX file.",
    "topics": "List topics with their paper counts.",
    "search": "Search records by words, author, venue, year, topic.",
    "show": "Show every field of a record with its provenance.",
    "stats": "Counts per source, venue, year and topic.",
    "export": "Export records as BibTeX, biblatex, CSL-JSON or RIS.",
    "zotero": "Zotero RDF collections and pushing to a Zotero library.",
    "lookup": "Look up DOIs and metadata from online services.",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attribute = target.split(":")
        return getattr(import_module(module), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List commands from HELP, without importing their modules."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, HELP[name]) for name in self.list_commands(ctx)])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="snnbib")
def cli() -> None:
    """snnbib: the curated Spiking Neural Network bibliography, cleaned and deduplicated."""


def main(argv: list[str] | None = None) -> None:
    """Console entry point: user errors become one message and a non-zero exit."""
    try:
        cli.main(args=argv, prog_name="snnbib", standalone_mode=False)
    except click.exceptions.Abort as exc:  # click turns Ctrl-C into Abort
        click.echo("Interrupted." if isinstance(exc.__cause__, KeyboardInterrupt) else "Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except SnnbibError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
