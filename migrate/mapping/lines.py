"""Cart lines: what a Stripe line item charges, and the Dodo product and quantity that sell it.

A line names a Stripe price (mapped through the id map, or a placeholder product that the plan
creates), describes one inline (``price_data``: a product made from it), or carries an amount
known only at run time (a pay-what-you-want product). Each resolved line adds both sides of its
money to the check (``migrate/mapping/money.py``): what Stripe charged and what Dodo will.
Checkout sessions resolve every line; a subscription update resolves its new plan the same way.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from migrate.display import format_amount
from migrate.findings import Outcome
from migrate.mapping.cart import PWYW_MINIMUM, RUN_TIME_MODE, TEMPLATE, Cart, Line
from migrate.mapping.currency_lines import NO_CURRENCY, run_time_currency
from migrate.mapping.expr import (
    Expr,
    element_name,
    is_choice,
    is_expr,
    keep,
    leaves,
    map_leaves,
    rebuilt,
)
from migrate.mapping.line_checks import amount_not_carried, no_quantity, unpriced_element
from migrate.mapping.money import MoneyLine, out_of_range
from migrate.mapping.products import placeholder_id, product_spec
from migrate.mapping.runtime import SETTLED_CHOICES, carried, lost, report_lost
from migrate.mapping.table import Rule, transform
from migrate.mapping.trace import Trace, short
from migrate.mapping.walk import apply_rule, walk
from migrate.readers.idmap import INTERVALS

Money = list[tuple[MoneyLine | None, MoneyLine | None]]
"""Both sides of each line's money, in cart order (Stripe's, Dodo's; None when not known)."""

_DOC_TEMPLATE = re.compile(r"^\{\{.*\}\}$")
_OTHER_PRICE_DATA = (
    "price_data.recurring.interval",
    "price_data.recurring.interval_count",
    "price_data.tax_behavior",
)
"""Fields of an inline price deciding its charge that reach a line only at run time, from a
subscription item (its rule blocks them first, RT002; a Checkout line never carries them)."""


def resolve_line(cart: Cart, line: Line, money: Money) -> dict[str, Any] | None:
    """The Dodo cart line that sells ``line`` (with ``_recurring`` and ``_where`` for the
    checks of the whole cart), or None when it cannot be sold (a finding says why); both sides
    of its money are added to ``money`` (what only run time decides, to ``cart.unpriced``)."""
    where = line.where
    if line.prefix == "line_items" and "quantity" not in line.fields:
        no_quantity(cart, line)
    quantity = line.fields.get("quantity", 1)
    if not is_expr(quantity):
        return _resolve(cart, line, quantity, money)
    if is_choice(quantity) and any(q is None for q in leaves(quantity)):
        # `kind === "seat" ? seats : undefined`: no quantity in one branch, which Stripe takes
        # only for a metered price (L115 where it may be one); the Dodo line sells one there
        cond = short(quantity.cond)
        when = (
            f" when {cond}"
            if quantity.then is None
            else f" unless {cond}"
            if quantity.else_ is None
            else " in a branch of its run-time quantity"
        )
        no_quantity(cart, line, when=when)
        quantity = rebuilt(quantity, lambda q: 1 if q is None else q)
    bad = [q for q in leaves(quantity) if not is_expr(q) and _bad_quantity(q)]
    if bad:
        cart.trace.emit("L109", f"{where}.quantity", quantity=bad[0])
        return None
    entry = _resolve(cart, line, 1, [])  # the product does not depend on the quantity
    if entry is not None:
        entry["quantity"] = quantity.typed("int")
        cart.unpriced.append(f"the quantity of {where} is computed at run time")
    return entry


def _bad_quantity(quantity: Any) -> bool:
    return (
        not isinstance(quantity, int)
        or isinstance(quantity, bool)
        or quantity < 1
        or out_of_range(quantity) is not None
    )


def _resolve(cart: Cart, line: Line, quantity: Any, money: Money) -> dict[str, Any] | None:
    trace = cart.trace
    where = line.where
    f = line.fields
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        trace.emit("L109", f"{where}.quantity", quantity=quantity)
        return None
    if (problem := out_of_range(quantity)) is not None:
        trace.emit("M005", f"{where}.quantity", what=f"Quantity {short(quantity)}", reason=problem)
        return None
    price_id = f.get("price")
    if is_expr(price_id):
        inline = any(k.startswith("price_data.") for k in f)
        return _runtime_price(cart, where, price_id, quantity, inline)
    if isinstance(price_id, str):
        return _resolve_price_id(cart, where, price_id, quantity, money)
    if any(k.startswith("price_data.") for k in f):
        return _resolve_price_data(cart, where, f, quantity, money)
    trace.emit("L103", where)
    return None


def opaque_line(source: str, where: str) -> dict[str, Any]:
    """The fields of a line item known only at run time as a whole (``source``, a variable or
    a list's element): its ``price`` and ``quantity`` (1 when it has none), read at run time."""
    return {
        "price": Expr.field_of(source, "price", f"{where}.price"),
        "quantity": Expr.field_of(source, "quantity", f"{where}.quantity", default=1).typed("int"),
    }


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
    if is_expr(currency):
        return run_time_currency(cart, where, f, currency, quantity, resolve=_resolve_price_data)
    lost_here = [k for k in _OTHER_PRICE_DATA if is_expr(f.get(k))]
    if _recurrence_lost(trace, pd):  # known only at run time (RT002): no product, one-time or not
        lost_here.append("price_data.recurring")
    if lost_here:  # a value that decides the charge, known only at run time (RT002 says so)
        cart.unpriced.append(f"{pd} is computed at run time")
        amount_not_carried(trace, pd, f, lost_here[0])
        return {
            "product_id": Expr.absent("product_id", "str", f"{where}.{lost_here[0]}"),
            "quantity": quantity,
            "_recurring": True if "price_data.recurring.interval" in f else None,
            "_where": where,
        }
    if not isinstance(currency, str):
        trace.emit("L106", pd, field="currency")
        return None
    currency = currency.upper()
    if currency not in cart.enums.currencies and currency != NO_CURRENCY:
        trace.emit("D009", f"{pd}.currency", currency=currency)
    interval_raw = f.get("price_data.recurring.interval")
    count = f.get("price_data.recurring.interval_count", 1)
    interval = _interval(interval_raw)
    if interval_raw is not None and (interval is None or not isinstance(count, int) or count < 1):
        trace.emit("L110", f"{pd}.recurring", interval=interval_raw, count=count)
        return None
    raw = f.get("price_data.unit_amount", f.get("price_data.unit_amount_decimal"))
    if is_expr(raw) and "price_data.unit_amount" not in f:  # a decimal amount known at run time
        at = f"{pd}.unit_amount_decimal"
        trace.emit("RT037", at, path=trace.where(at), source=short(raw.source))
        raw = raw.with_op("whole_amount")
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
    amount = raw.source if raw is not None else _not_given(trace, pd)
    trace.emit("L112", pd, placeholder=pid, amount=amount, minimum=PWYW_MINIMUM)
    if raw is not None and _NEGATIVE.match(raw.source):  # a discount written as a line
        trace.emit("L117", f"{pd}.unit_amount", where=where, amount=short(raw.source))
    entry: dict[str, Any] = {"product_id": pid, "quantity": quantity}
    if raw is not None:
        entry["amount"] = map_leaves(raw.typed("int"), _whole_amount)
        cart.unpriced.append(f"the unit amount of {where} is computed at run time")
    else:
        money.append((None, None))  # the amount is unknown: the money check cannot hold
    return {**entry, "_recurring": False, "_where": where}


_NEGATIVE: Final = re.compile(r"^\s*-\s*[\w$(]")
"""An amount written negated (``-Math.round(discount * 100)``, ``-off``)."""


def _recurrence_lost(trace: Trace, pd: str) -> bool:
    """Whether the recurrence of an inline price is known only at run time and was left out
    (a finding of the RT rules at ``recurring`` or under it): the line is no one-time price to
    sell as pay what you want (L112), nor a recurring one whose interval is known."""
    where = trace.where(f"{pd}.recurring")
    return any(
        _left_out(f.code) and (f.path == where or f.path.startswith(where + "."))
        for f in trace.findings
    )


def _left_out(code: str) -> bool:
    """Whether a finding says a run-time value was left out of the Dodo call."""
    return code.startswith("RT") and code not in SETTLED_CHOICES


def _not_given(trace: Trace, pd: str) -> str:
    """Why a line has no unit amount: none was given, or the one the code computes was left
    out (a decimal amount known only at run time: RT002 says so and blocks)."""
    dropped = trace.where(f"{pd}.unit_amount_decimal")
    if any(f.path == dropped and _left_out(f.code) for f in trace.findings):
        return "its decimal amount is computed at run time and left out"
    return "not given"


def _whole_amount(leaf: Any) -> Any:
    """A literal amount in a choice, as a cart line takes it: whole minor units."""
    if isinstance(leaf, str) and leaf.isdigit():
        return int(leaf)
    return leaf


def _runtime_price(
    cart: Cart, where: str, price: Expr, quantity: int, inline: bool = False
) -> dict[str, Any]:
    """A price id known only at run time: its Dodo product is the id map's entry for it, looked
    up at run time (the suggestion writes the look-up, op ``product_id``). In a choice, each
    literal price id is mapped as a literal is (the id map, or a placeholder product), so a
    test-mode id in one branch is never taken for the price: every branch is a product id."""
    trace = cart.trace
    kinds: list[bool | None] = []

    def product(leaf: Any) -> Any:
        if is_expr(leaf):
            if leaf.form != "field":  # a field of a run-time line: RT003 says it
                trace.emit("L113", f"{where}.price", source=short(leaf.source))
            kinds.append(None)
            return leaf
        if isinstance(leaf, str) and leaf:
            entry = _resolve_price_id(cart, where, leaf, quantity, [])
            kinds.append(entry["_recurring"])
            return entry["product_id"]
        trace.emit("L103", where)
        # L103 is a static check, which a site read from code does not keep: in one branch
        # of a choice the item has no price, so that branch's cart is unknown (a blocker)
        there = (
            "an inline `price_data` there, chosen apart from the price, so the branch's line is"
            " not read whole"
            if inline
            else "no price there"
        )
        detail = f" in one branch of `{short(price.source)}` ({there})"
        trace.emit("RT007", where, detail=detail)
        kinds.append(None)
        return Expr.absent("product_id", "str", f"{where}.price")

    chosen = map_leaves(price.with_op("product_id").typed("str"), product)
    cart.unpriced.append(f"the price of {where} is chosen at run time")
    recurring = kinds[0] if kinds and all(k == kinds[0] for k in kinds) else None
    return {"product_id": chosen, "quantity": quantity, "_recurring": recurring, "_where": where}


def _id_kind(stripe_id: str) -> str:
    return {"sku": "SKU", "plan": "plan"}.get(stripe_id.split("_", 1)[0], "price")


def _interval(value: Any) -> str | None:
    return INTERVALS.get(str(value).lower()) if value else None


def whole(value: Decimal) -> int | None:
    """``value`` as an int when it is a whole number (Dodo amounts are whole minor units)."""
    return int(value) if value == value.to_integral_value() else None


# ---------------------------------------------------------------------------------------------
# Line items known only at run time, as a whole


_ELEMENT = re.compile(r"^line_items\[(\d+)\]$")


@transform("run_time_lines", "checkout")
def _run_time_lines(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    """``line_items`` (or one element of it) known only at run time as a whole: a list mapped
    from a collection is translated through its element template (``line_items[]``), a list or
    element the scanner cannot read through each element's ``price`` and ``quantity`` (RT003);
    anything else is lost (RT002)."""
    if not is_expr(value):
        return None
    trace = cart.trace
    element = _ELEMENT.match(path)
    if element is not None:
        index = int(element.group(1))
        if value.form not in ("code", "field"):
            part = _line_part(cart, value, path, index)
            if part is None:
                return lost(trace, "checkout", value, path)
            cart.parts[index] = part
            return None
        cart.line(index).fields.update(opaque_line(value.source, path))
        trace.emit("RT003", path, source=short(value.source))
        return None
    if value.form == "choice":
        carts = _cart_choice(cart, value)
        if carts is None:
            return lost(trace, "checkout", value, path)
        cart.cart_choice = carts
        return None
    template = value.item if value.form == "each" else None
    if value.form in ("code", "field") or (is_expr(template) and template.form == "code"):
        var = element_name(value.source) if template is None else template.source
        each = (
            value
            if value.form == "each"
            else Expr.each(value.source, path, value.source, var, None)
        )
        cart.line(TEMPLATE).fields.update(opaque_line(var, "line_items[]"))
        cart.run_time_lines = each
        trace.emit("RT003", path, source=short(value.source))
        return None
    if value.form == "each" and is_choice(template):
        # each element one of two line shapes (a price id or an inline price): chosen per element
        lines = _item_line(cart, template, "line_items[]", TEMPLATE)
        if lines is None:
            return lost(trace, "checkout", value, path)
        cart.run_time_lines = dataclasses.replace(value, item=lines)
        return None
    if value.form != "each" or type(template) is not dict:
        return lost(trace, "checkout", value, path)
    dropped: list[Expr] = []
    template = keep(template, carried("checkout"), "line_items[]", dropped)
    cart.unpriced.extend(report_lost(trace, "checkout", dropped))
    cart.line(TEMPLATE)
    cart.run_time_lines = value
    rules = trace.table.trees["checkout"]["line_items"]["[]"]

    def visit(rule: Rule, where: str, item: Any) -> None:
        apply_rule(cart, rule, where, item)

    def unknown(where: str, item: Any) -> None:
        trace.emit("C090", where, path=where)
        trace.field(where, Outcome.DROPPED, "C090")

    walk(template, rules, "line_items[]", visit, unknown)
    return None


def run_time_cart(cart: Cart) -> tuple[Expr, dict[str, Any]]:
    """The Dodo cart of line items known only at run time: the same mapping, over the same
    collection, to the cart line that sells the element template; and that line's entry for
    the checks of a whole cart (``_many``: it stands for any number of lines)."""
    each = cart.run_time_lines
    assert each is not None
    built = f"the line items are built at run time from {short(each.over)}"
    if is_choice(each.item):  # each element a choice between lines
        chosen = _entry(cart, each.item, "line_items[]")
        cart.unpriced.append(built)
        kind = {"_recurring": chosen["_recurring"], "_where": "line_items", "_many": each.over}
        return dataclasses.replace(each, path="line_items", item=chosen["_part"]), kind
    template = cart.lines.pop(TEMPLATE, None)
    entry = resolve_line(cart, template, []) if template is not None else None
    cart.unpriced.append(built)
    if entry is None:  # the findings say why
        unpriced_element(cart, template, "line_items[]", each.over)
        absent = Expr.absent("product_id", "str", "line_items")
        entry = {"product_id": absent, "quantity": 1, "_recurring": None}
    item = {k: v for k, v in entry.items() if not k.startswith("_")}
    kind = {"_recurring": entry.get("_recurring"), "_where": "line_items", "_many": each.over}
    return Expr.each(each.source, "line_items", each.over, each.var, item), kind


# ---------------------------------------------------------------------------------------------
# Lists of line items built over several statements, and carts chosen at run time


def _walked_line(cart: Cart, value: Any, where: str, index: int) -> Line | None:
    """The line an element of ``line_items`` describes (``where`` is its path; its fields are
    walked into line ``index``, which is then taken out of the cart): a dict of fields is
    translated field by field as a literal element is, a value the scanner cannot read through
    its ``price`` and ``quantity`` (RT003). None for anything else."""
    trace = cart.trace
    if is_expr(value) and value.form in ("code", "field"):
        trace.emit("RT003", where, source=short(value.source))
        return Line(index, opaque_line(value.source, where))
    if type(value) is not dict:
        return None
    dropped: list[Expr] = []
    fields = keep(value, carried("checkout"), where, dropped)
    cart.unpriced.extend(report_lost(trace, "checkout", dropped))
    rules = trace.table.trees["checkout"]["line_items"]["[]"]
    cart.lines.pop(index, None)

    def visit(rule: Rule, at: str, item: Any) -> None:
        apply_rule(cart, rule, at, item)

    def unknown(at: str, item: Any) -> None:
        trace.emit("C090", at, path=at)
        trace.field(at, Outcome.DROPPED, "C090")

    walk(fields, rules, where, visit, unknown)
    return cart.lines.pop(index, None) or Line(index)


def _item_line(cart: Cart, item: Any, where: str, index: int) -> Line | Expr | None:
    """The line the element template of a mapped list describes: one line, or a choice
    between lines (a price id or an inline price, per element); None when it cannot be read."""
    if not is_choice(item):
        return _walked_line(cart, item, where, index)
    lines = _line_part(cart, item, where, index)
    return None if lines is None or None in lines.leaves() else lines


def _line_part(cart: Cart, value: Expr, where: str, index: int) -> Expr | None:
    """An element of a literal ``line_items`` that is not one line: a list mapped from a
    collection, spliced in (its template translated as the element's line), or a choice between
    elements or such lists, ``None`` among them for one present only under a condition. None
    when a value in it cannot be read as a line (the caller says it is lost)."""
    if value.form == "each":
        line = _item_line(cart, value.item, where, index)
        return None if line is None else dataclasses.replace(value, item=line)
    if not is_choice(value) or all(leaf is None for leaf in value.leaves()):
        return None
    failed = False

    def walked(leaf: Any) -> Line | Expr | None:
        nonlocal failed
        if leaf is None:
            return None
        each = is_expr(leaf) and leaf.form == "each"  # a mapped list added under a condition
        got = (_line_part if each else _walked_line)(cart, leaf, where, index)
        failed = failed or got is None
        return got

    chosen = rebuilt(value, walked)
    return None if failed else chosen


def _cart_choice(cart: Cart, value: Expr) -> Expr | None:
    """``line_items`` chosen at run time between lists that do not line up element by element
    (``distribute`` made the others a list of choices): the same choice between what each list
    translates to: a list of lines, a list mapped from a collection (its element template
    translated as one line), an each over a list the scanner cannot read (through its
    elements' ``price`` and ``quantity``, RT003), or ``None`` where no line items are given or
    the list is empty (the initial ``[]`` that no branch of an ``if``/``else if`` without an
    ``else`` replaced: the cart of that branch is unknown, RT007, as Stripe and Dodo both refuse
    an empty one). None when a branch cannot be read as line items."""
    failed = False

    def lines(leaf: Any) -> Any:
        nonlocal failed
        if leaf is None:
            return None
        if is_expr(leaf) and leaf.form in ("code", "field"):
            cart.trace.emit("RT003", "line_items", source=short(leaf.source))
            var = element_name(leaf.source)
            each = Expr.each(leaf.source, "line_items", leaf.source, var, None)
            return dataclasses.replace(each, item=Line(TEMPLATE, opaque_line(var, "line_items[]")))
        if is_expr(leaf) and leaf.form == "each":  # a list mapped from a collection
            line = _item_line(cart, leaf.item, "line_items[]", TEMPLATE)
            failed = failed or line is None
            return dataclasses.replace(leaf, item=line)
        if type(leaf) is list and not leaf:  # let items = []; if (a) items = [...] else if ...
            return []  # no line items in that branch: Dodo refuses it, as Stripe does (RT007)
        if type(leaf) is not list:
            failed = True
            return []
        out = []
        for i, element in enumerate(leaf):
            got = _walked_line(cart, element, f"line_items[{i}]", i)
            if got is None:
                failed = True
            else:
                out.append(got)
        return out

    chosen = rebuilt(value, lines)
    return None if failed or all(leaf is None for leaf in chosen.leaves()) else chosen


def _entry(cart: Cart, line: Line | Expr | None, where: str) -> dict[str, Any]:
    """The cart line that sells ``line`` (resolved without adding to the money check), or one
    whose product is a name defined nowhere when it cannot be sold (a finding says why)."""
    if isinstance(line, Expr):  # each element of a mapped list one of two lines (a choice)
        return part_entry(cart, dataclasses.replace(line, path=where))
    entry = resolve_line(cart, line, []) if line is not None else None
    if entry is None:
        unpriced_element(cart, line, where, None)
        absent = Expr.absent("product_id", "str", where)
        entry = {"product_id": absent, "quantity": 1, "_recurring": None, "_where": where}
    return entry


def part_entry(cart: Cart, part: Expr) -> dict[str, Any]:
    """The Dodo value of an element of ``line_items`` that is not one line (``Cart.parts``),
    with ``_recurring`` and ``_where`` as a resolved line has them: an each of cart lines, or a
    choice between cart lines (``None`` for none)."""
    where = part.path
    if part.form == "each":
        entry = _entry(cart, part.item, where)
        over = short(part.over)
        cart.unpriced.append(f"the line items of {where} are built at run time from {over}")
        item = entry.get("_part", {k: v for k, v in entry.items() if not k.startswith("_")})
        out = dataclasses.replace(part, item=item)
        return {"_part": out, "_recurring": entry["_recurring"], "_where": where, "_many": over}
    kinds: list[bool | None] = []

    def sold(line: Any) -> Any:
        if line is None:
            return None
        entry = _entry(cart, line, where)
        kinds.append(entry["_recurring"])  # a mapped list (under a condition): its lines
        return entry.get("_part", {k: v for k, v in entry.items() if not k.startswith("_")})

    chosen = rebuilt(part, sold)
    cart.unpriced.append(f"the line {where} is chosen at run time ({short(part.cond)})")
    recurring = kinds[0] if kinds and all(k == kinds[0] for k in kinds) else None
    return {"_part": chosen, "_recurring": recurring, "_where": where}


SETUP_BRANCH: Final = (
    " (the mode is chosen at run time, and Stripe makes a session with no line item only in"
    " setup mode: that branch saves a card and charges nothing, which is no Dodo checkout; if"
    " it replaces a subscription's card, on Dodo it is the subscription's payment-method"
    " update, S104; a card kept for later charges is an on-demand mandate, S100)"
)
"""RT007's detail for a branch with no line item where ``mode`` is chosen at run time."""


def chosen_cart(cart: Cart) -> tuple[Expr, list[list[dict[str, Any]]]]:
    """The Dodo cart of line items chosen at run time between lists (``Cart.cart_choice``):
    the same choice between the carts each list is (a branch without line items, one line whose
    product is a name defined nowhere, RT007); and each branch's entries (with ``_recurring``
    and ``_where``), for the checks of a whole cart."""
    choice = cart.cart_choice
    assert choice is not None
    branches: list[list[dict[str, Any]]] = []

    def sold(lines: Any) -> Any:
        if lines is None or lines == []:
            shown = short(choice.source)
            empty = " (an empty list, which Stripe refuses too)" if lines == [] else ""
            if lines is None and cart.mode == RUN_TIME_MODE:
                empty = SETUP_BRANCH
            cart.trace.emit("RT007", "line_items", detail=f" in one branch of {shown}{empty}")
            lines = [None]
        if is_expr(lines):  # a list mapped from a collection, or one the scanner cannot read
            entry = _entry(cart, lines.item, "line_items[]")
            branches.append([{**entry, "_many": lines.over}])
            item = entry.get("_part", {k: v for k, v in entry.items() if not k.startswith("_")})
            return dataclasses.replace(lines, item=item)
        entries = [_entry(cart, line, line.where if line else "line_items") for line in lines]
        branches.append(entries)
        return [{k: v for k, v in e.items() if not k.startswith("_")} for e in entries]

    chosen = rebuilt(choice, sold)
    cart.unpriced.append(f"the line items are chosen at run time ({short(choice.cond)})")
    return chosen, branches
