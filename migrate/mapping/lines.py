"""Cart lines: what a Stripe line item charges, and the Dodo product and quantity that sell it.

A line names a Stripe price (mapped through the id map, or a placeholder product that the plan
creates), describes one inline (``price_data``: a product made from it), or carries an amount
known only at run time (a pay-what-you-want product). Each resolved line adds both sides of its
money to the check (``migrate/mapping/money.py``): what Stripe charged and what Dodo will.
Checkout sessions resolve every line; a subscription update resolves its new plan the same way.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from migrate.display import format_amount
from migrate.mapping.cart import PWYW_MINIMUM, Cart, Line
from migrate.mapping.expr import Expr, is_expr
from migrate.mapping.money import MoneyLine, out_of_range
from migrate.mapping.products import placeholder_id, product_spec
from migrate.mapping.trace import Trace, short
from migrate.readers.idmap import INTERVALS

Money = list[tuple[MoneyLine | None, MoneyLine | None]]
"""Both sides of each line's money, in cart order (Stripe's, Dodo's; None when not known)."""

_DOC_TEMPLATE = re.compile(r"^\{\{.*\}\}$")


def resolve_line(cart: Cart, line: Line, money: Money) -> dict[str, Any] | None:
    """The Dodo cart line that sells ``line`` (with ``_recurring`` and ``_where`` for the
    checks of the whole cart), or None when it cannot be sold (a finding says why); both sides
    of its money are added to ``money``."""
    trace = cart.trace
    where = f"{line.prefix}[{line.index}]"
    f = line.fields
    quantity = f.get("quantity", 1)
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        trace.emit("L109", f"{where}.quantity", quantity=quantity)
        return None
    if (problem := out_of_range(quantity)) is not None:
        trace.emit("M005", f"{where}.quantity", what=f"Quantity {short(quantity)}", reason=problem)
        return None
    price_id = f.get("price")
    if is_expr(price_id):
        return _runtime_price(cart, where, price_id, quantity, money)
    if isinstance(price_id, str):
        return _resolve_price_id(cart, where, price_id, quantity, money)
    if any(k.startswith("price_data.") for k in f):
        return _resolve_price_data(cart, where, f, quantity, money)
    trace.emit("L103", where)
    return None


def _resolve_price_id(
    cart: Cart,
    where: str,
    price_id: str,
    quantity: int,
    money: Money,
) -> dict[str, Any]:
    trace, ids = cart.trace, cart.opts.ids
    if _DOC_TEMPLATE.match(price_id):
        trace.emit("L107", f"{where}.price", value=price_id)
    known = cart.norm.known_prices.get(price_id)
    bad = known is not None and _amount_problem(
        trace, f"{where}.price", known.currency, known.amount, quantity
    )
    stripe_side = None
    if known is not None:
        stripe_side = MoneyLine(
            known.currency, known.amount * quantity, _interval(known.interval), known.interval_count
        )
    mapped = ids.get(price_id)
    if mapped is None and known is not None and known.product and ids.get(known.product):
        mapped = ids.get(known.product)
        trace.emit("L111", f"{where}.price", stripe_id=price_id, product=known.product)
    dodo_side = None
    recurring = None
    if known is not None:
        recurring = known.interval is not None
    if mapped is not None:
        product_id = mapped.id
        if mapped.price is not None and mapped.currency:
            dodo_side = MoneyLine(
                mapped.currency,
                Decimal(mapped.price) * quantity,
                mapped.interval,
                mapped.interval_count,
            )
            recurring = mapped.interval is not None
            said = mapped.charged_by_stripe
            if stripe_side is None and said.price is not None and said.currency:
                # the id map says what the Stripe price charges: the product's own charge,
                # or its "stripe" part (migrate/readers/idmap.py); a snapshot's or recording's wins
                stripe_side = MoneyLine(
                    said.currency,
                    Decimal(said.price) * quantity,
                    said.interval,
                    said.interval_count,
                )
    else:
        product_id = placeholder_id("pdt", f"stripe_price_id:{price_id}")
        code = "L101" if ids.given else "L100"
        trace.emit(code, f"{where}.price", stripe_id=price_id, placeholder=product_id)
        entry: dict[str, Any] = {"kind": "product", "stripe": {"price": price_id}}
        if known is not None and not bad and whole(known.amount) is None:
            unit = format_amount(known.amount, known.currency)
            trace.emit("L105", f"{where}.price", unit=unit, quantity=quantity)
        elif known is not None and not bad:  # a bad amount makes no product (M005 says why)
            spec = product_spec(
                name=known.name or f"Stripe {_id_kind(price_id)} {price_id}",
                description=None,
                currency=known.currency,
                amount=int(known.amount),
                interval=_interval(known.interval),
                interval_count=known.interval_count,
                tax_inclusive=None,
                metadata={"stripe_price_id": price_id},
            )
            entry["product"] = spec
            dodo_side = MoneyLine(
                known.currency,
                known.amount * quantity,
                _interval(known.interval),
                known.interval_count,
            )
        cart.require(product_id, entry)
    if recurring is None and price_id.startswith("plan_"):
        recurring = True
    money.append((stripe_side, dodo_side))
    return {
        "product_id": product_id,
        "quantity": quantity,
        "_recurring": recurring,
        "_where": where,
    }


def _resolve_price_data(
    cart: Cart,
    where: str,
    f: dict[str, Any],
    quantity: int,
    money: Money,
) -> dict[str, Any] | None:
    trace = cart.trace
    pd = f"{where}.price_data"
    currency = f.get("price_data.currency")
    if not isinstance(currency, str):
        trace.emit("L106", pd, field="currency")
        return None
    currency = currency.upper()
    if currency not in cart.enums.currencies:
        trace.emit("D009", f"{pd}.currency", currency=currency)
    interval_raw = f.get("price_data.recurring.interval")
    count = f.get("price_data.recurring.interval_count", 1)
    interval = _interval(interval_raw)
    if interval_raw is not None and (interval is None or not isinstance(count, int) or count < 1):
        trace.emit("L110", f"{pd}.recurring", interval=interval_raw, count=count)
        return None
    raw = f.get("price_data.unit_amount", f.get("price_data.unit_amount_decimal"))
    if raw is None or is_expr(raw):
        return _open_amount(
            cart,
            where,
            f,
            currency=currency,
            interval=interval,
            quantity=quantity,
            raw=raw,
            money=money,
        )
    try:
        unit = Decimal(str(raw))
    except InvalidOperation:
        trace.emit("L106", pd, field="unit_amount")
        return None
    if not unit.is_finite():
        trace.emit("L106", pd, field="unit_amount")
        return None
    total = unit * quantity
    stripe_side = MoneyLine(currency, total, interval, count)
    field = "unit_amount" if "price_data.unit_amount" in f else "unit_amount_decimal"
    if _amount_problem(trace, f"{pd}.{field}", currency, unit, quantity):
        money.append((stripe_side, None))
        return None
    cart_quantity = quantity
    amount = whole(unit)
    if amount is None:
        whole_total = whole(total)
        if whole_total is None:
            shown = format_amount(unit, currency)
            trace.emit("L105", f"{pd}.unit_amount_decimal", unit=shown, quantity=quantity)
            money.append((stripe_side, None))
            return None
        trace.emit(
            "L104",
            f"{pd}.unit_amount_decimal",
            unit=format_amount(unit, currency),
            total=format_amount(whole_total, currency),
        )
        amount, cart_quantity = whole_total, 1
    pid = _inline_product(
        cart, pd, f, currency=currency, amount=amount, interval=interval, count=count
    )
    trace.emit("L102", pd, placeholder=pid)
    money.append(
        (stripe_side, MoneyLine(currency, Decimal(amount) * cart_quantity, interval, count))
    )
    return {
        "product_id": pid,
        "quantity": cart_quantity,
        "_recurring": interval is not None,
        "_where": where,
    }


def _amount_problem(trace: Trace, path: str, currency: str, unit: Decimal, quantity: int) -> bool:
    """Emit M005 (and say True) when a unit amount or its line total cannot be charged."""
    problem = out_of_range(unit)
    what = f"Unit amount {short(format_amount(unit, currency))}"
    if problem is None and (problem := out_of_range(unit * quantity)) is not None:
        what = f"The line total {short(format_amount(unit * quantity, currency))}"
    if problem is None:
        return False
    trace.emit("M005", path, what=what, reason=problem)
    return True


def _inline_product(
    cart: Cart,
    pd: str,
    f: dict[str, Any],
    *,
    currency: str,
    amount: int,
    interval: str | None,
    count: int,
    pay_what_you_want: bool = False,
) -> str:
    """The Dodo product an inline ``price_data`` describes, required by the cart."""
    product = f.get("price_data.product")
    name = f.get("price_data.product_data.name")
    if not name or is_expr(name):
        name = f"Stripe product {product}" if isinstance(product, str) else "Unnamed product"
        if isinstance(product, str):
            cart.trace.emit("L108", f"{pd}.product", product=product)
    raw_metadata = f.get("price_data.product_data.metadata")
    metadata = {
        str(k): str(v)
        for k, v in (raw_metadata if isinstance(raw_metadata, dict) else {}).items()
        if not is_expr(v)
    }
    if isinstance(product, str):
        metadata["stripe_product_id"] = product
    if pay_what_you_want:
        metadata["stripe2dodo_role"] = "pay_what_you_want"
    behaviour = f.get("price_data.tax_behavior")
    description = f.get("price_data.product_data.description")
    spec = product_spec(
        name=str(name),
        description=description if isinstance(description, str) else None,
        currency=currency,
        amount=amount,
        interval=interval,
        interval_count=count,
        tax_inclusive={"inclusive": True, "exclusive": False}.get(str(behaviour)),
        metadata=metadata,
        pay_what_you_want=pay_what_you_want,
    )
    pid = placeholder_id("pdt", spec)
    entry: dict[str, Any] = {"kind": "product", "stripe": {"price_data": pd}, "product": spec}
    if f.get("price_data.product_data.images"):
        entry["images"] = list(f["price_data.product_data.images"])
    if f.get("price_data.product_data.tax_code"):
        entry["stripe_tax_code"] = f["price_data.product_data.tax_code"]
    cart.require(pid, entry)
    return pid


def _open_amount(
    cart: Cart,
    where: str,
    f: dict[str, Any],
    *,
    currency: str,
    interval: str | None,
    quantity: int,
    raw: Expr | None,
    money: Money,
) -> dict[str, Any] | None:
    """An inline price whose ``unit_amount`` is known only at run time (``raw``, an expression
    in scanned code) or not given at all (``None``): a one-time line sells a pay-what-you-want
    product with the amount set per line, as Dodo does it; a recurring one cannot."""
    trace = cart.trace
    pd = f"{where}.price_data"
    if raw is None:
        trace.emit("L106", pd, field="unit_amount")
    if interval is not None:
        if raw is None:
            return None  # L106 says why
        trace.emit("L114", f"{pd}.unit_amount", source=raw.source)
        return {
            "product_id": Expr.absent("product_id", "str", f"{pd}.unit_amount"),
            "quantity": quantity,
            "_recurring": True,
            "_where": where,
        }
    pid = _inline_product(
        cart,
        pd,
        f,
        currency=currency,
        amount=PWYW_MINIMUM,
        interval=None,
        count=1,
        pay_what_you_want=True,
    )
    amount = raw.source if raw is not None else "not given"
    trace.emit("L112", pd, placeholder=pid, amount=amount, minimum=PWYW_MINIMUM)
    entry: dict[str, Any] = {"product_id": pid, "quantity": quantity}
    if raw is not None:
        entry["amount"] = raw.typed("int")
    else:
        money.append((None, None))  # the amount is unknown: the money check cannot hold
    return {**entry, "_recurring": False, "_where": where}


def _runtime_price(
    cart: Cart,
    where: str,
    price: Expr,
    quantity: int,
    money: Money,
) -> dict[str, Any]:
    """A price id known only at run time: its Dodo product is the id map's entry for it, looked
    up at run time (the suggestion writes the look-up)."""
    cart.trace.emit("L113", f"{where}.price", source=price.source)
    money.append((None, None))
    return {
        "product_id": price.with_op("product_id").typed("str"),
        "quantity": quantity,
        "_recurring": None,
        "_where": where,
    }


def _id_kind(stripe_id: str) -> str:
    return {"sku": "SKU", "plan": "plan"}.get(stripe_id.split("_", 1)[0], "price")


def _interval(value: Any) -> str | None:
    return INTERVALS.get(str(value).lower()) if value else None


def whole(value: Decimal) -> int | None:
    """``value`` as an int when it is a whole number (Dodo amounts are whole minor units)."""
    return int(value) if value == value.to_integral_value() else None
