"""Loading the built dataset: records from data/dataset.jsonl, topics from data/topics.toml."""

from __future__ import annotations

from pathlib import Path

from .model import Dataset
from .paths import data_dir as resolve_data_dir
from .store import DATASET_FILE, load_dataset
from .taxonomy import load_taxonomy


def load(data_dir: str | Path | None = None) -> Dataset:
    directory = resolve_data_dir(data_dir)
    taxonomy = load_taxonomy(directory)
    return load_dataset(directory / DATASET_FILE, taxonomy.topics)
