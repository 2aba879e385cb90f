"""The console entry point: kept tiny so a Ctrl-C while the CLI is still importing exits cleanly."""

import signal
import sys


def main() -> None:
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    try:
        run()
    finally:
        # the work is done and its exit status set: a Ctrl-C while the interpreter shuts down
        # (when Python has restored the default handler) would otherwise kill it silently
        signal.signal(signal.SIGINT, signal.SIG_IGN)
