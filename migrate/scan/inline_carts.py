"""No Dodo cart line reading a ``price`` the elements of a list built with inline prices lack.

A list of line items the scanner cannot read is mapped element by element through each
element's ``price`` (RT003): ``dodo_product_id(item["price"])``. When the code that builds the
list shows inline prices (RT015, ``migrate/scan/inline_lines.py``), its elements have no
``price``: that line would raise a ``KeyError`` (Python), look up ``undefined`` (JS/TS) or a
missing key (PHP, Ruby) at run time, which is no code a team can commit. The call is blocked
and the finding says what the scanner could not read; the suggested cart names the product it
cannot give (``TODO_product_id``, defined nowhere, so the code does not run until it is written)
and keeps the element's ``quantity``, which a line with inline prices has too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Final

from migrate.findings import Finding
from migrate.mapping.expr import Expr

INLINE_LINES: Final = "RT015"


def unread_inline_carts(dodo: dict[str, Any] | None, findings: Iterable[Finding]) -> Any:
    """``dodo`` with each cart mapped through its elements' ``price`` at a path RT015 blocks
    (a list built with inline prices) naming its product ``TODO_product_id`` instead."""
    paths = frozenset(f.path for f in findings if f.code == INLINE_LINES)
    if not paths or type(dodo) is not dict or "product_cart" not in dodo:
        return dodo
    cart = _unread(dodo["product_cart"], paths)
    return dodo if cart is dodo["product_cart"] else {**dodo, "product_cart": cart}


def _unread(value: Any, paths: frozenset[str]) -> Any:
    if type(value) is list:
        out = [_unread(v, paths) for v in value]
        return value if all(a is b for a, b in zip(out, value, strict=True)) else out
    if type(value) is not Expr:
        return value
    if value.form == "concat":
        parts = tuple(_unread(p, paths) for p in value.parts)
        same = all(a is b for a, b in zip(parts, value.parts, strict=True))
        return value if same else replace(value, parts=parts)
    if value.form == "each" and value.path in paths and type(value.item) is dict:
        item = {k: _unpriced(v) for k, v in value.item.items()}
        same = all(item[k] is v for k, v in value.item.items())
        return value if same else replace(value, item=item)
    return value


def _unpriced(value: Any) -> Any:
    """A field read from the element's ``price`` (the RT003 look-up) as the product the code
    does not give; anything else as it is."""
    if type(value) is Expr and value.form == "field" and value.key == "price":
        return Expr(source="", path=value.path, type=value.type, missing="product_id")
    return value


__all__ = ["unread_inline_carts"]
