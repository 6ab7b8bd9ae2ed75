"""Inline prices chosen together on one run-time condition, carried as a choice of products.

Real checkouts toggle a plan between monthly and yearly with inline prices (``price_data:
{ unit_amount: isYearly ? 3000 : 299, recurring: { interval: isYearly ? "year" : "month" } }``,
seen in many generated SaaS codebases). Each field alone is a run-time choice that decides what
the buyer pays: the line blocked (the amount of a recurring price known only at run time, L114),
though each branch of the condition is a fully known price. Here the document is split on the
condition the choices share: each branch is translated whole, and when both give a Dodo call
without a blocker, differing only at plain fields (the product, the amount), the Dodo call makes
the same choice at those fields (``product_id: isYearly ? "<yearly product>" : "<monthly
product>"``), both branches' products are required, and RT053 says so. Anything else (a branch
that blocks, calls differing otherwise) leaves the document to the usual reading. Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, Final

from migrate.findings import Level
from migrate.mapping.cart import Translation
from migrate.mapping.expr import Expr, is_choice
from migrate.mapping.immaterial import choices_in, with_leaf
from migrate.mapping.trace import Trace, short

SPLIT: Final = "RT053"
MAX_GROUPS: Final = 2
"""At most so many conditions are tried (each costs two translations)."""
_SCALARS: Final = (bool, int, float, str)


def split_on_condition(
    doc: dict[str, Any], translate: Callable[[dict[str, Any]], Translation], trace: Trace
) -> Translation | None:
    """The translation of ``doc`` as a choice between the translations of the branches of a
    condition its inline prices' choices share (see the module); None when there is none, or
    the branches do not both translate to one Dodo call differing at plain fields."""
    groups: dict[str, list[tuple[str, tuple[str | int, ...], Expr]]] = {}
    for path, keys, expr in choices_in(doc, "", ()):
        if not _plain_choice(expr):
            continue
        groups.setdefault(expr.cond, []).append((path, keys, expr))
    tried = 0
    for cond, members in groups.items():
        if not any(_priced(path) for path, _, _ in members):
            continue
        if tried >= MAX_GROUPS:
            break
        tried += 1
        then_doc, else_doc = doc, doc
        for _, keys, expr in members:
            then_doc = with_leaf(then_doc, keys, expr.then)
            else_doc = with_leaf(else_doc, keys, expr.else_)
        first, second = translate(then_doc), translate(else_doc)
        merged = _merged(first, second, members[0][2])
        if merged is None:
            continue
        paths = ", ".join(f"`{p}`" for p, _, _ in members)
        trace.emit(SPLIT, _common([p for p, _, _ in members]), paths=paths, cond=short(cond))
        said = {(f.code, f.path) for f in merged.findings}
        extra = tuple(f for f in trace.findings if (f.code, f.path) not in said)
        return merged._replace(findings=extra + merged.findings, review=True)
    return None


def _priced(path: str) -> bool:
    """A path inside an inline price or a shipping rate: a literal there decides a product and
    its price, which a choice of products carries (a free shipping line over a threshold)."""
    return ".price_data." in path or path.startswith("shipping_options")


def _common(paths: list[str]) -> str:
    """The path the choices' paths share (``line_items[0].price_data`` for its amount and its
    interval): the finding there says what became of each of them."""
    parts = [p.split(".") for p in paths]
    shared: list[str] = []
    for segment in zip(*parts, strict=False):
        if len(set(segment)) != 1:
            break
        shared.append(segment[0])
    return ".".join(shared) if shared else paths[0]


def _plain_choice(expr: Expr) -> bool:
    """A choice between two literals (``None``: the key left out), on a condition."""
    values = (expr.then, expr.else_)
    return (
        bool(expr.cond)
        and not any(is_choice(v) for v in values)
        and all(v is None or type(v) in _SCALARS for v in values)
        and expr.then != expr.else_
    )


def _merged(first: Translation, second: Translation, template: Expr) -> Translation | None:
    """``first`` with each plain field at which ``second`` differs made a choice between the
    two; None when either blocks or they differ otherwise."""
    for result in (first, second):
        if result.status != "translated" or result.dodo is None:
            return None
        if any(f.level is Level.BLOCKER for f in result.findings):
            return None
    if first.kind != second.kind or first.request != second.request:
        return None
    assert first.dodo is not None and second.dodo is not None
    found: list[tuple[tuple[str, ...], Any, Any]] = []
    if not _differences(first.dodo, second.dodo, (), found) or not found:
        return None
    dodo = first.dodo
    for keys, a, b in found:
        choice = dataclasses.replace(
            template, path=".".join(keys), op="", type=None, then=a, else_=b
        )
        dodo = _put(dodo, keys, choice)
    requires = first.requires + tuple(r for r in second.requires if r not in first.requires)
    said = {(f.code, f.path) for f in first.findings}
    findings = first.findings + tuple(f for f in second.findings if (f.code, f.path) not in said)
    return first._replace(dodo=dodo, requires=requires, findings=findings, money=None)


def _differences(
    a: Any, b: Any, keys: tuple[str, ...], found: list[tuple[tuple[str, ...], Any, Any]]
) -> bool:
    """Collect where two Dodo bodies hold different plain values (lists walked element by
    element, as a cart's lines); False when their shapes differ or a differing value is not
    plain."""
    if type(a) is dict and type(b) is dict:
        if set(a) != set(b):
            return False
        return all(_differences(a[k], b[k], (*keys, str(k)), found) for k in a)
    if type(a) is list and type(b) is list:
        if len(a) != len(b):  # a line in one branch only (a shipping line): the whole list
            if not keys or not all(type(x) is dict for x in (*a, *b)):
                return False
            found.append((keys, a, b))
            return True
        return all(
            _differences(x, y, (*keys, str(i)), found)
            for i, (x, y) in enumerate(zip(a, b, strict=True))
        )
    if a == b and type(a) is type(b):
        return True
    if type(a) not in _SCALARS or type(b) not in _SCALARS or not keys:
        return False
    found.append((keys, a, b))
    return True


def _put(body: Any, keys: tuple[str, ...], value: Any) -> Any:
    head, rest = keys[0], keys[1:]
    if type(body) is list:
        items = list(body)
        index = int(head)
        items[index] = _put(items[index], rest, value) if rest else value
        return items
    return {**body, head: _put(body[head], rest, value) if rest else value}


__all__ = ["SPLIT", "split_on_condition"]
