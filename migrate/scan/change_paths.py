"""Where a change a statement makes on a builder or a params object goes: the container at a
path of keys (C#'s ``options.Metadata["k"] = v``, Go's ``params.Metadata["k"] = v``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from migrate.scan.extract import is_dynamic, join
from migrate.scan.flow import is_each


def descend(
    value: Any, keys: list[str | int], path: str, leaf: Callable[[], Any] = dict
) -> tuple[Any, str]:
    """The container at ``keys`` inside ``value`` (dicts made on the way, ``leaf()`` at the
    end when missing; an int key is an index of a list there) and its params path: where a
    builder's or a field assignment's change goes (C#, Go)."""
    into = value
    for i, key in enumerate(keys):
        if isinstance(key, int):
            if type(into) is not list or not 0 <= key < len(into):
                return None, path
            into, path = into[key], f"{path}[{key}]"
            continue
        if type(into) is not dict or is_dynamic(into):
            return None, path
        last = i == len(keys) - 1
        parent, into = into, into.setdefault(key, leaf() if last else {})
        if last and leaf is list and is_each(into):
            into = parent[key] = [into]  # items added to an each: the each, then them
        path = join(path, key)
    return into, path
