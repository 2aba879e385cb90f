"""JSON from files and services: nesting too deep for Python's parser is bad JSON like any other."""

from __future__ import annotations

import json
from typing import Any


def loads(text: str) -> Any:
    """`json.loads`; `[[[[...` nested past the interpreter's recursion limit raises the
    `json.JSONDecodeError` (a ValueError) a syntax error would, not a RecursionError."""
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None
