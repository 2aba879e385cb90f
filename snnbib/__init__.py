"""snnbib: curated Spiking Neural Network awesome-lists as a clean, deduplicated bibliography.

Public API::

    import snnbib
    dataset = snnbib.load()            # the bundled dataset
    records = dataset.select(["ann2snn"])
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "load"]


def load(data_dir=None):
    """Load the built dataset (records and topics) from `data_dir` or the bundled data."""
    from .dataset import load as _load

    return _load(data_dir)
