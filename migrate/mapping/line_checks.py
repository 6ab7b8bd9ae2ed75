"""Checks of one Checkout line item's shape, which Stripe would refuse or charge otherwise than
a fixed cart line: a line without ``quantity`` (L115 where the price is or may be metered, L116
where Stripe rejects it), and the element of a list built at run time that has neither ``price``
nor ``price_data`` (RT007: a site read from code keeps no static L103)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from migrate.display import format_amount
from migrate.findings import Level, Outcome
from migrate.mapping.cart import RUN_TIME_MODE, Cart, Line
from migrate.mapping.expr import is_expr
from migrate.mapping.runtime import MONEY_LOST
from migrate.mapping.trace import Trace, short


def no_quantity(cart: Cart, line: Line, when: str = "") -> None:
    """A Checkout line without ``quantity``, which Stripe accepts only for a metered price (in
    subscription mode): where the price is or may be metered the cart is blocked (L115, usage
    is not a fixed cart line); where it cannot be (a payment, an inline price, a price known
    to be licensed or one-time), Stripe rejects the line as written (L116). It sells one."""
    f, where = line.fields, line.where
    shown = f"{where}{when}"  # `when`: the branch of a run-time quantity that gives none
    price = f.get("price")
    inline = any(k.startswith("price_data.") for k in f)
    if price is None and not inline:
        return  # no price at all: L103 says it
    known = cart.norm.known_prices.get(price) if isinstance(price, str) else None
    mapped = cart.opts.ids.get(price) if isinstance(price, str) else None
    if known is not None and known.usage_type == "metered":
        reason = f"its price {short(price)} is metered (the recording says so), billed on usage"
        cart.trace.emit("L115", f"{where}.quantity", where=shown, reason=reason)
        return
    if known is not None and (known.usage_type == "licensed" or known.interval is None):
        kind = "licensed" if known.interval else "one-time"
        what = f"a {kind} price ({short(price)}, as the recording says)"
    elif mapped is not None and mapped.priced:
        assert mapped.price is not None and mapped.currency
        charge = format_amount(Decimal(mapped.price), mapped.currency)
        what = f"a licensed price (the id map gives {short(price)} a fixed charge, {charge})"
    elif inline:
        what = "an inline price (`price_data` is never metered)"
    elif cart.mode in ("subscription", RUN_TIME_MODE):
        reason = "Stripe accepts that only for a metered price, billed on the usage reported"
        cart.trace.emit("L115", f"{where}.quantity", where=shown, reason=reason)
        return
    else:
        only = "a metered price is sold only by a subscription"
        what = f"a price in a `{cart.mode}` checkout ({only})"
    cart.trace.emit("L116", f"{where}.quantity", where=shown, what=what)


def unpriced_element(cart: Cart, line: Line | None, where: str, over: str | None) -> None:
    """RT007 for the element of a list built at run time that has neither ``price`` nor
    ``price_data`` (a misspelt key): L103 says so, but a site read from code keeps no static
    check, and the cart would otherwise pass for translated with a product defined nowhere."""
    if line is None or "price" in line.fields:
        return
    if any(k == "price_data" or k.startswith("price_data.") for k in line.fields):
        return
    if any(f.path.startswith(f"{where}.") for f in cart.trace.findings if f.level is Level.BLOCKER):
        return  # its price was there, and a blocker says why it is lost (RT002)
    built = f" built from {short(over)}" if over else ""
    detail = (
        f" (each element of the list{built} has neither `price` nor `price_data`,"
        " which Stripe refuses too)"
    )
    cart.trace.emit("RT007", where, detail=detail)


def amount_not_carried(trace: Trace, pd: str, f: dict[str, Any], why: str) -> None:
    """A run-time amount of a line left untranslated (``why``: its recurrence, say, is known
    only at run time too) is named where it is: the amount the buyer chose, dropped with no
    finding of its own, was the one value a reader looks for (a donation one-time or monthly)."""
    field = "unit_amount" if "price_data.unit_amount" in f else "unit_amount_decimal"
    raw = f.get(f"price_data.{field}")
    if not is_expr(raw):
        return
    at = f"{pd}.{field}"
    where = trace.where(at)
    lost_text = (
        f"the line is not translated, its `{why.removeprefix('price_data.')}` being known only "
        "at run time too: a recurring line needs a Dodo product of a fixed price, a one-time "
        "one the pay-what-you-want product given this amount"
    )
    trace.emit(MONEY_LOST, at, path=where, source=short(raw.source), lost=lost_text)
    trace.field(at, Outcome.BLOCKED, MONEY_LOST)


__all__ = ["amount_not_carried", "no_quantity", "unpriced_element"]
