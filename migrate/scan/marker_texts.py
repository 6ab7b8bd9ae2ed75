"""The texts run-time markers in params hold (``migrate/scan/extract.py``'s ``$dynamic``
markers): a wrapper reads them to tell which of its parameters and locals its params use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from migrate.scan.extract import DYNAMIC, Dynamic, join


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


def marked(value: Any, path: str = "") -> Iterator[Dynamic]:
    """Each run-time marker in params, at its params path, with all the texts it holds (a
    choice's branches too: a name one writes is in them, not in the choice's own source)."""
    if type(value) is dict:
        if DYNAMIC in value and next(iter(value)) == DYNAMIC:
            yield Dynamic(path, " ".join(marker_texts(value)))
            return
        for key, item in value.items():
            yield from marked(item, join(path, str(key)))
    elif type(value) is list:
        for i, item in enumerate(value):
            yield from marked(item, f"{path}[{i}]")
