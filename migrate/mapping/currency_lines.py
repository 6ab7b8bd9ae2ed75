"""Inline prices whose currency only the running code knows (``price_data.currency`` an
expression: ``app.config["CURRENCY"]``, ``item["currency"]``, the shop's setting).

A Dodo product has one currency, so such a line sells one product per currency the code charges
in, chosen when the code runs. A choice between literal currencies is the same choice between
one product per currency. Any other value is looked up by currency in the id module the project
generates: the product's *currency key* is the placeholder of the product the line describes
with no currency (:data:`NO_CURRENCY`), and each currency's product is the id map's entry
``<key>.<CURRENCY>`` (``dodo_product_id("s2d_pdt_....EUR")`` for a buyer paying in euros). The
plan makes those products for the currencies ``plan --currency`` lists; an unlisted currency
fails the look-up loudly, never a product in another currency. The amount, when the code
computes it, stays on the line (a pay-what-you-want product), as it does for a literal currency.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, Final

from migrate.mapping.cart import Cart
from migrate.mapping.expr import Expr, is_expr, map_leaves, rebuilt
from migrate.mapping.trace import short

NO_CURRENCY: Final = "XXX"
"""ISO 4217's code for "no currency": the currency of the product a line describes before its
currency is known, whose placeholder is the line's currency key."""
CURRENCY_OP: Final = "product_in_currency"
"""The op of a currency expression that chooses the product (its ``key``: the currency key)."""

Resolve = Callable[[Cart, str, dict[str, Any], int, list[Any]], dict[str, Any] | None]


def run_time_currency(
    cart: Cart,
    where: str,
    f: dict[str, Any],
    currency: Expr,
    quantity: int,
    *,
    resolve: Resolve,
) -> dict[str, Any] | None:
    """The cart line of an inline price whose currency is ``currency`` (an expression):
    ``resolve`` (lines.py's reading of a ``price_data``) reads it once per literal currency and
    once with :data:`NO_CURRENCY` for the currency the code passes (RT011 says how it is
    chosen)."""
    literal = [b for b in currency.leaves() if isinstance(b, str)]
    entries: dict[str, dict[str, Any]] = {}
    for branch in dict.fromkeys(literal):
        got = resolve(cart, where, {**f, "price_data.currency": branch}, quantity, [])
        if got is None:
            return None  # the finding says why
        entries[branch] = got
    if len(literal) == len(currency.leaves()):  # a choice between literal currencies
        first = next(iter(entries.values()))
        cart.unpriced.append(f"the currency of {where} is chosen at run time")
        return {
            **first,
            "product_id": rebuilt(currency, lambda branch: entries[branch]["product_id"]),
            "_recurring": first["_recurring"],
        }
    keyed = resolve(cart, where, {**f, "price_data.currency": NO_CURRENCY}, quantity, [])
    if keyed is None:
        return None
    key = keyed["product_id"]
    cart.unpriced.append(f"the currency of {where} is computed at run time")
    path, source = f"{where}.price_data.currency", short(currency.source)
    if not isinstance(key, str):  # a value deciding the charge is lost: its finding blocks
        cart.trace.emit("RT011", path, source=source, how=NOT_CHOSEN)
        return keyed
    chosen = by_currency(cart, currency, key, lambda leaf: entries[leaf]["product_id"])
    cart.trace.emit("RT011", path, source=source, how=looked_up(key))
    return {**keyed, "product_id": chosen, "_recurring": keyed["_recurring"]}


NOT_CHOSEN: Final = "no product can be chosen for it, as another value deciding the charge is lost"
"""What RT011 and PI111 say when the line's product is not known whatever the currency."""


def looked_up(key: str) -> str:
    """What RT011 and PI111 say of a product looked up by currency (currency key ``key``)."""
    return (
        "a Dodo product has one currency, so the suggested call looks the product up by the "
        f"currency the code passes (the id map's `{key}.<CURRENCY>`); `stripe2dodo plan --code "
        "PATH --currency EUR --currency USD ...` creates it in each currency the code charges in"
    )


def by_currency(cart: Cart, currency: Expr, key: str, literal: Callable[[str], Any]) -> Any:
    """The product id of currency key ``key`` (a placeholder the cart requires) in the currency
    ``currency`` computes: looked up at run time (op ``product_in_currency``); in a choice, each
    literal currency's own product, ``literal(currency)``."""
    cart.requires[key]["per_currency"] = True

    def product(leaf: Any) -> Any:
        if is_expr(leaf):
            return dataclasses.replace(leaf, op=CURRENCY_OP, type="str", key=key)
        return literal(leaf)

    chosen = map_leaves(currency, product)
    if is_expr(chosen) and chosen.form == "choice":
        chosen = dataclasses.replace(chosen, op="", type="str")
    return chosen
