"""The texts run-time markers in params hold (``migrate/scan/extract.py``'s ``$dynamic``
markers): a wrapper reads them to tell which of its parameters and locals its params use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from migrate.scan.extract import DYNAMIC


def marker_texts(value: Any) -> Iterator[str]:
    """The texts of the run-time markers in params: their sources, a choice's condition, an
    each's collection."""
    if type(value) is dict:
        for key, item in value.items():
            if type(item) is str and key in (DYNAMIC, "if", "over"):
                yield item
            else:
                yield from marker_texts(item)
    elif type(value) is list:
        for item in value:
            yield from marker_texts(item)
