"""A value held while one file's suggestions are written (the oldest PHP or Java its project
builds for: ``php_compat.py``, ``java_compat.py``)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")


@contextlib.contextmanager
def holding(var: ContextVar[T], value: T) -> Iterator[T]:
    """``var`` set to ``value`` until the block ends (then what it was)."""
    token = var.set(value)
    try:
        yield value
    finally:
        var.reset(token)
