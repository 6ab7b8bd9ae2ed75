"""A list a builder or params object holds, filled in a loop over no collection (JVM, C#, Go).

``builder.addLineItem(...)`` (Java, Kotlin), ``options.LineItems.Add(...)`` (C#) or
``params.LineItems = append(params.LineItems, ...)`` (Go) in an index loop (``for (int i = 0;
i < items.size(); i++)``), a ``while``, or a loop cut short by a ``break`` (also nested in a loop
over a collection, or under an ``if``) is no one line per element of a collection:
``flow.wrapped`` leaves the loop's own text as the list's element, which is no value (written
into the Dodo call as the first line's ``price``, it did not compile). The list is then what the
object holds at run time (``builder.build().getLineItems()``, Kotlin's
``builder.build().lineItems``, C#'s ``options.LineItems``, Go's ``params.LineItems``), each
element read through its own ``price`` and ``quantity`` (RT003) when the name is the call's
function's own; in a helper, where the name is out of scope at the call, the list is blocked
(RT056, ``inline_lines.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from migrate.scan.extract import Dynamic, dynamic_marker, spliced
from migrate.scan.flow import FlowExtractor
from migrate.scan.loop_filters import UNWRITTEN, unmapped_loop

_T = TypeVar("_T")


def carried(
    extractor: FlowExtractor, value: Any, name: str, path: str, statements: Iterable[_T]
) -> Iterator[_T]:
    """``statements`` (the ones on ``name`` that change ``value``, the params at ``path``), then
    each list of ``value`` they add a loop over no collection to made the run-time list."""
    if path or type(value) is not dict:
        yield from statements
        return
    before = {key: _loops(items) for key, items in value.items()}
    yield from statements
    for key, items in list(value.items()):
        if _loops(items) <= before.get(key, 0):
            continue
        camel = "".join(w.title() for w in key.split("_"))
        if extractor.flow.frames:
            source = f"{name}.{key}: {UNWRITTEN}"
            value[key] = [dynamic_marker(source)]
        else:
            if extractor.family == "java":
                source = f"{name}.build().get{camel}()"
            elif extractor.family == "kotlin":
                source = f"{name}.build().{camel[:1].lower()}{camel[1:]}"
            else:  # C#: the options' own list; Go: the params' field
                source = f"{name}.{camel}"
            value[key] = [spliced(source, source, key)]
        kept = [d for d in extractor.dynamic if not _under(d.path, key)]
        extractor.dynamic[:] = [*kept, Dynamic(f"{key}[0]", source)]


def _loops(items: Any) -> int:
    """How many elements of ``items`` are loops over no collection (``unmapped_loop``)."""
    return sum(map(unmapped_loop, items)) if type(items) is list else 0


def _under(path: str, key: str) -> bool:
    return path == key or path.startswith((f"{key}.", f"{key}["))


__all__ = ["carried"]
