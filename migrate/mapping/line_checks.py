"""Checks of one Checkout line item's shape, which Stripe would refuse or charge otherwise than
a fixed cart line: a line without ``quantity`` (L115 where the price is or may be metered, L116
where Stripe rejects it), and the element of a list built at run time that has neither ``price``
nor ``price_data`` (RT007: a site read from code keeps no static L103)."""

from __future__ import annotations

from decimal import Decimal

from migrate.display import format_amount
from migrate.findings import Level
from migrate.mapping.cart import RUN_TIME_MODE, Cart, Line
from migrate.mapping.trace import short


def no_quantity(cart: Cart, line: Line) -> None:
    """A Checkout line without ``quantity``, which Stripe accepts only for a metered price (in
    subscription mode): where the price is or may be metered the cart is blocked (L115, usage
    is not a fixed cart line); where it cannot be (a payment, an inline price, a price known
    to be licensed or one-time), Stripe rejects the line as written (L116). It sells one."""
    f, where = line.fields, line.where
    price = f.get("price")
    inline = any(k.startswith("price_data.") for k in f)
    if price is None and not inline:
        return  # no price at all: L103 says it
    known = cart.norm.known_prices.get(price) if isinstance(price, str) else None
    mapped = cart.opts.ids.get(price) if isinstance(price, str) else None
    if known is not None and known.usage_type == "metered":
        reason = f"its price {short(price)} is metered (the recording says so), billed on usage"
        cart.trace.emit("L115", f"{where}.quantity", where=where, reason=reason)
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
        cart.trace.emit("L115", f"{where}.quantity", where=where, reason=reason)
        return
    else:
        only = "a metered price is sold only by a subscription"
        what = f"a price in a `{cart.mode}` checkout ({only})"
    cart.trace.emit("L116", f"{where}.quantity", where=where, what=what)


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


__all__ = ["no_quantity", "unpriced_element"]
