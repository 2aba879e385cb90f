"""The console entry point: kept tiny so a Ctrl-C while the CLI is still importing exits cleanly."""

import sys


def main() -> None:
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    run()
