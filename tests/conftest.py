"""Shared test fixtures: paths to ../shared (skipped outside CI when absent, never skipped in CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SHARED = Path(os.environ.get("SNNBIB_SHARED", ROOT.parent / "shared"))


def require_shared(*parts: str) -> Path:
    """A path under ../shared; skip with a reason where absent, fail under CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing: CI must have ../shared beside the clone")
        pytest.skip(f"{path} not found (../shared is only present in the development workspace)")
    return path


@pytest.fixture
def shared() -> Path:
    return require_shared()
