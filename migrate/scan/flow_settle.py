"""A call's params tidied once the flow reader has read them (``migrate/scan/flow.py``): a list
that is one each is that each, and each choice or each is one run-time value at its path."""

from __future__ import annotations

from typing import Any

from migrate.scan.extract import DYNAMIC, Dynamic, is_dynamic


def _is_marker(value: Any, key: str) -> bool:
    """A choice (``$choice``) or an each (``$each``), as ``flow.is_choice`` / ``is_each``."""
    return is_dynamic(value) and key in value


def settle(params: dict[str, Any], dynamic: list[Dynamic]) -> list[Dynamic]:
    """Tidy a call's params once read: a list that is one each is that each, and every choice
    or each is listed once in ``dynamic`` at its path, in place of the run-time values inside
    it (they are part of it)."""
    found: list[tuple[str, str]] = []

    def walk(value: Any, path: str) -> Any:
        if _is_marker(value, "$choice") or _is_marker(value, "$each"):
            found.append((path, str(value[DYNAMIC])))
            return value
        if type(value) is dict and not is_dynamic(value):
            for key, item in list(value.items()):
                value[key] = walk(item, f"{path}.{key}" if path else str(key))
            return value
        if type(value) is list:
            if len(value) == 1 and _is_marker(value[0], "$each"):
                return walk(value[0], path)
            return [walk(item, f"{path}[{i}]") for i, item in enumerate(value)]
        return value

    for key, item in list(params.items()):
        params[key] = walk(item, str(key))
    if not found:
        return dynamic
    out: list[Dynamic] = []
    placed: set[str] = set()
    for record in dynamic:
        owner = next((p for p, _ in found if _under(record.path, p)), None)
        if owner is None:  # recorded before it moved (an each that became a list's first item)
            owner = next((p for p, src in found if src == record.source), None)
        if owner is None:
            out.append(record)
            continue
        if owner not in placed:
            placed.add(owner)
            out.append(Dynamic(owner, next(s for p, s in found if p == owner)))
    for path, source in found:
        if path not in placed:
            placed.add(path)
            out.append(Dynamic(path, source))
    return out


def _under(path: str, owner: str) -> bool:
    """Whether ``path`` is ``owner`` or inside it (an element recorded before its list became
    the each: ``line_items[0].price`` for ``line_items``)."""
    return path == owner or path.startswith((f"{owner}.", f"{owner}["))
