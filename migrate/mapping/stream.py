"""Every payload in some paths, translated one at a time: the pipeline ``translate``, the report
and ``sessions create`` read payloads with (the readers do the I/O; one bad item is one
``error`` result, never the end of the stream)."""

from __future__ import annotations

import traceback
from collections.abc import Iterator, Sequence
from typing import TextIO

from migrate.mapping.translate import Options, Translation, translate_item
from migrate.readers.base import InputProblem, RawPayload
from migrate.readers.limits import HINT as LIMIT_HINT
from migrate.readers.limits import too_large
from migrate.readers.payloads import iter_inputs

Item = RawPayload | InputProblem


def translate_paths(
    paths: Sequence[str], opts: Options, *, stdin: TextIO | None = None
) -> Iterator[Translation]:
    """Translate every payload found in ``paths`` (files, folders, ``-``), one result each.

    Streams: each payload is read, translated and yielded before the next is read. An item
    that cannot be translated is an ``error`` result (:func:`translate_guarded`).
    """
    for item in iter_inputs(paths, stdin=stdin):
        yield translate_guarded(item, opts)


def translate_guarded(item: Item, opts: Options, *, show_traceback: bool = False) -> Translation:
    """Translate one item; whatever it raises becomes an ``error`` result for that item only,
    so the other items still translate.

    The readers keep items within :mod:`migrate.readers.limits`; should an item still exhaust
    the recursion limit, memory or number sizes (``RecursionError``, ``MemoryError``, a decimal
    or integer-size error), it is unreadable like any item past a limit. Any other exception
    is a bug: an ``internal error`` result (exit 3).
    """
    try:
        return translate_item(item, opts)
    except Exception as exc:
        if show_traceback:
            traceback.print_exc()
        return Translation(item.source, "error", error=error_message(exc))


def error_message(exc: BaseException) -> str:
    """The one-line error of an item whose translation or rendering raised ``exc``."""
    if too_large(exc):
        return f"too large or too deeply nested to translate ({type(exc).__name__}): {LIMIT_HINT}"
    detail = " ".join(str(exc).split())
    if len(detail) > 200:
        detail = detail[:197] + "..."
    return f"internal error: {type(exc).__name__}: {detail} (rerun with --traceback and report it)"
