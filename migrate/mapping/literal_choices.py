"""A choice between literals that no rule carries, carried as the same choice on the Dodo side.

A field whose Dodo counterpart is decided when translating (``billing_address_collection`` ->
``minimal_address``, ``phone_number_collection.enabled`` -> a feature flag) cannot take a value
known only at run time, and was left out with RT001. A choice between literals there
(``automaticTax ? "required" : "auto"``) is known in all but which value the code takes: each
value is translated, and when the Dodo calls they give differ only at fields holding a plain
value in each (no blocker, the same products and money), the Dodo call makes the same choice at
those fields (``minimal_address: automaticTax ? false : true``) and RT050 says so; when they
give the same Dodo call, saying the same of it, the choice is immaterial (RT043).

A field that decides what the buyer pays is not read here: its choice is settled only when it
changes nothing (``migrate/mapping/immaterial.py``) and blocks otherwise. Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, Final

from migrate.findings import Level
from migrate.mapping.cart import Translation
from migrate.mapping.expr import Expr, is_choice
from migrate.mapping.immaterial import (
    MAX_CHOICES,
    choices_in,
    with_leaf,
    would_block,
)
from migrate.mapping.runtime import CARRIED_CHOICE, IMMATERIAL
from migrate.mapping.trace import Trace, short

Patch = tuple[tuple[str, ...], Expr]
"""Where in the Dodo body a choice goes (its keys), and the choice between Dodo values."""

_SCALARS: Final = (bool, int, float, str)


def carry_literal_choices(
    doc: dict[str, Any],
    subject: str,
    carried: Callable[[str], bool],
    translate: Callable[[dict[str, Any]], Translation],
    trace: Trace,
) -> tuple[dict[str, Any], list[Patch]]:
    """``doc`` with each choice between literals that no rule carries, that would not block,
    and whose values give Dodo calls differing only at plain fields (or not at all), set to
    its first value; and the choices these become in the Dodo body (:func:`patched` puts
    them there)."""
    patches: list[Patch] = []
    tried = 0
    for path, keys, expr in list(choices_in(doc, "", ())):
        if tried >= MAX_CHOICES:
            break
        if carried(path) or would_block(trace, subject, path):
            continue
        leaves = expr.leaves()
        if any(v is not None and type(v) not in _SCALARS for v in leaves):
            continue
        if len({repr(v) for v in leaves}) < 2:
            continue
        tried += 1
        results = [translate(with_leaf(doc, keys, leaf)) for leaf in leaves]
        fields = _differences_at(results)
        if fields is None:
            continue
        chosen = next(v for v in leaves if v is not None)  # a leaf None leaves the key out
        doc = with_leaf(doc, keys, chosen)
        shown = short(expr.source)
        if not fields:  # each value gives the same Dodo call, and says the same of it
            trace.emit(IMMATERIAL, path, path=path, source=shown, value=repr(chosen))
            continue
        for where in fields:
            values = {repr(v): _at(r.dodo, where) for v, r in zip(leaves, results, strict=True)}
            patches.append((where, _dodo_choice(expr, values, ".".join(where))))
        dodo = ", ".join(f"`{'.'.join(where)}`" for where in fields)
        trace.emit(CARRIED_CHOICE, path, path=path, source=shown, dodo=dodo)
    return doc, patches


def patched(result: Translation, patches: list[Patch]) -> Translation:
    """``result`` with each choice of ``patches`` in its Dodo body."""
    if not patches or result.dodo is None:
        return result
    dodo = result.dodo
    for keys, choice in patches:
        if _at(dodo, keys) is not _MISSING:
            dodo = _put(dodo, keys, choice)
    return result._replace(dodo=dodo)


_MISSING: Final = object()


def _differences_at(results: list[Translation]) -> list[tuple[str, ...]] | None:
    """The keys of the Dodo fields at which the translations differ, each holding a plain
    value there in each (none: the same call, with the same findings); None when they differ
    otherwise (status, products, money, blockers, a field present in one only, a list)."""
    first = results[0]
    if first.dodo is None:
        return None
    blockers = _blockers(first)
    found: set[tuple[str, ...]] = set()
    for other in results[1:]:
        if (other.status, other.requires, other.money) != (
            first.status,
            first.requires,
            first.money,
        ):
            return None
        if other.dodo is None or _blockers(other) != blockers:
            return None
        if not _differences(first.dodo, other.dodo, (), found):
            return None
    if not found:
        said = {tuple(sorted({f.code for f in r.findings})) for r in results}
        return [] if len(said) == 1 else None
    if any(type(_at(r.dodo, where)) not in _SCALARS for r in results for where in found):
        return None
    return sorted(found)


def _blockers(result: Translation) -> set[tuple[str, str]]:
    return {(f.code, f.path) for f in result.findings if f.level is Level.BLOCKER}


def _differences(a: Any, b: Any, keys: tuple[str, ...], found: set[tuple[str, ...]]) -> bool:
    """Collect into ``found`` where two Dodo bodies hold different values; False when one has a
    key the other lacks, or they differ inside a list (not one field)."""
    if type(a) is dict and type(b) is dict:
        if set(a) != set(b):
            return False
        return all(_differences(a[k], b[k], (*keys, k), found) for k in a)
    if a == b and type(a) is type(b):
        return True
    if type(a) is list or type(b) is list or not keys:
        return False
    found.add(keys)
    return True


def _at(body: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        if type(body) is not dict or key not in body:
            return _MISSING
        body = body[key]
    return body


def _put(body: dict[str, Any], keys: tuple[str, ...], value: Any) -> dict[str, Any]:
    head, rest = keys[0], keys[1:]
    return {**body, head: _put(body[head], rest, value) if rest else value}


def _dodo_choice(expr: Expr, values: dict[str, Any], path: str) -> Expr:
    """``expr`` (a choice between literals) with each literal replaced by the Dodo value it
    gives, at the Dodo field's path."""

    def leaf(value: Any) -> Any:
        if is_choice(value):
            return _dodo_choice(value, values, path)
        return values[repr(value)]

    return dataclasses.replace(
        expr, path=path, op="", type=None, then=leaf(expr.then), else_=leaf(expr.else_)
    )
