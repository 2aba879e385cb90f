"""Where the dataset lives: `--data-dir`, else $SNNBIB_DATA_DIR, else the bundled package data."""

from __future__ import annotations

import os
from pathlib import Path


def bundled_data_dir() -> Path:
    """The `data/` directory shipped inside the package (a checkout's `data/` in development)."""
    from importlib.resources import files

    try:
        return Path(str(files("snnbib.data")))
    except ModuleNotFoundError:  # running from a checkout that was never installed
        return Path(__file__).resolve().parent.parent / "data"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    env = os.environ.get("SNNBIB_DATA_DIR")
    return Path(env) if env else bundled_data_dir()
