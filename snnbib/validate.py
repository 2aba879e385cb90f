"""`snnbib check`: the committed dataset is intact, consistent and up to date."""

from __future__ import annotations

from pathlib import Path

from .citekeys import LOCK_FILE, KeyLock
from .errors import SnnbibError
from .manifest import MANIFEST_FILE, file_digest, load_manifest, source_path
from .store import DATASET_FILE, dumps_records, load_dataset
from .taxonomy import load_taxonomy


def validate(data_dir: Path) -> list[str]:
    """Every problem found, as messages naming the file; an empty list means valid."""
    problems: list[str] = []
    try:
        sources = load_manifest(data_dir)
        taxonomy = load_taxonomy(data_dir)
        dataset = load_dataset(data_dir / DATASET_FILE, taxonomy.topics)
    except SnnbibError as exc:
        return [str(exc)]
    for source in sources:
        try:
            path = source_path(data_dir, source)
        except SnnbibError as exc:
            problems.append(str(exc))
            continue
        if not path.exists():
            problems.append(f"{path}: listed in {MANIFEST_FILE} but missing")
        elif file_digest(path) != source.sha256:
            problems.append(f"{path}: changed since capture (sha256 differs); sources are never edited")
    known = {t.slug for t in taxonomy.topics}
    for record in dataset:
        unknown = sorted(set(record.topic_slugs) - known)
        if unknown:
            problems.append(f"{DATASET_FILE}: {record.key}: unknown topics {unknown}")
        if not record.topics:
            problems.append(f"{DATASET_FILE}: {record.key}: no topic")
        if not record.title:
            problems.append(f"{DATASET_FILE}: {record.key}: no title")
    try:
        from .pipeline import build

        result = build(data_dir)
    except SnnbibError as exc:
        return problems + [str(exc)]
    if (data_dir / DATASET_FILE).read_text(encoding="utf-8") != dumps_records(result.dataset.records):
        problems.append(f"{data_dir / DATASET_FILE}: stale; run `snnbib build`")
    lock_path = data_dir / LOCK_FILE
    if set(KeyLock.read(lock_path).entries) != set(result.lock.entries):
        problems.append(f"{lock_path}: stale; run `snnbib build`")
    return problems
