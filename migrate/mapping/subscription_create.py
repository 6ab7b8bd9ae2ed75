"""Subscriptions created on the server (``POST /v1/subscriptions``), translated to Dodo.

Stripe starts a subscription on a card the customer saved before (a Checkout in setup mode, a
SetupIntent). Dodo has no such call (its ``POST /subscriptions`` is deprecated in the SDK, and a
Stripe card cannot move): the subscription is a checkout session for its product, attached to
the Dodo customer and confirmed with the customer's saved Dodo payment method
(``payment_method_id`` + ``confirm: true``), with a normal checkout as ``fallback``. The rules
are those of ``mappings/subscription_create.yaml`` (SC100 says why); routing is
``migrate/mapping/lifecycle.py``'s. Pure: no I/O.
"""

from __future__ import annotations

import math
import time
from typing import Any

from migrate.findings import Outcome
from migrate.mapping.cart import (
    BODY_ORDER,
    Cart,
    Options,
    Translation,
    build_customer,
    build_metadata,
    check_body,
)
from migrate.mapping.expr import Expr, is_expr
from migrate.mapping.lifecycle import Life, as_life, result, runtime
from migrate.mapping.lines import Money, resolve_line
from migrate.mapping.money import check_money
from migrate.mapping.products import placeholder_id
from migrate.mapping.runtime import MONEY_LOST, what_is_lost
from migrate.mapping.table import Rule, transform
from migrate.mapping.trace import Trace, short
from migrate.mapping.trials import (
    both_at_run_time,
    both_lost,
    run_time_trial_end,
    set_trial_days,
)
from migrate.mapping.walk import walk_rules
from migrate.readers.base import SourceRef

KIND = "saved_method_subscription"
CHECKOUT = ("POST", "/checkouts")
_LAST_TIMESTAMP = 253402300799  # 9999-12-31 23:59:59 UTC
_MAX_TRIAL_DAYS = 10000  # Dodo's bound
PRODUCT_STAND_IN = "{product_id}"
"""The product of a cart line whose price is not known (a blocker says why)."""


@transform("sc_customer", "subscription_create")
def _sc_customer(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    cart.customer_id = value if is_expr(value) else str(value)  # built in build_customer
    return None


@transform("sc_legacy_item", "subscription_create")
def _sc_legacy_item(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    """Stripe's legacy top-level ``plan`` and ``quantity``: the fields of the one item
    (``items: [{plan, quantity}]``)."""
    line = cart.line(0)
    line.prefix = "items"
    line.fields["price" if path == "plan" else "quantity"] = value
    return None


@transform("sc_method", "subscription_create")
def _sc_method(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    as_life(cart).values["payment_method"] = str(value)  # worded by the builder (SC007)
    return Outcome.APPROXIMATED


@transform("sc_trial_days", "subscription_create")
def _sc_trial_days(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if not is_expr(value) and not (type(value) is int and 0 <= value <= _MAX_TRIAL_DAYS):
        error = f"not a whole number of days from 0 to {_MAX_TRIAL_DAYS}"
        cart.trace.emit("C091", path, path=path, error=error, value=short(value))
        return Outcome.BLOCKED
    if both_at_run_time(cart, value):  # a run-time trial_end came first
        return both_lost(cart, value, path)
    set_trial_days(cart, value)
    return None


@transform("sc_trial_end", "subscription_create")
def _sc_trial_end(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if is_expr(value):  # the days until it, counted where the session is made (RT055)
        return run_time_trial_end(cart, "subscription_create", value, path)
    if value == "now":  # the trial ends at once: none
        days, stamp, label = 0, "now", "the call"
    elif type(value) is int and 0 <= value <= _LAST_TIMESTAMP:
        if cart.opts.now is not None:
            ref, label = cart.opts.now, "--now"
        else:
            ref, label = int(time.time()), "now"
        days = max(0, math.ceil((value - ref) / 86400))
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(value))
    else:
        error = "not `now` or a time before the year 10000"
        cart.trace.emit("C091", path, path=path, error=error, value=short(value))
        return Outcome.BLOCKED
    cart.trial_given = True
    cart.set_body("subscription_data.trial_period_days", days)
    cart.trace.emit(rule.code, path, trial_end=stamp, days=days, reference=label)
    return Outcome.APPROXIMATED


@transform("sc_cancel_at_period_end", "subscription_create")
def _sc_cancel_at_period_end(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    """``cancel_at_period_end``: ``false`` (Stripe's default) ends nothing; ``true`` ends the
    subscription after one period, which the Dodo checkout cannot say (SC022 blocks); a flag
    known only at run time may be true (RT002)."""
    if value is False:
        return Outcome.MAPPED
    if is_expr(value):
        lost_text, _ = what_is_lost(cart.trace.table, "subscription_create", path)
        shown = short(value.source or "?")
        cart.trace.emit(MONEY_LOST, path, path=path, source=shown, lost=lost_text)
        cart.unpriced.append(f"{path} is computed at run time ({shown})")
        return Outcome.BLOCKED
    cart.trace.emit(rule.code, path, value=short(str(value).lower()))
    return Outcome.BLOCKED


def translate_subscription_create(
    params: dict[str, Any],
    source: SourceRef,
    opts: Options,
    trace: Trace,
    *,
    run_time_items: tuple[str, str] | None = None,
    extra_items: tuple[tuple[str, str], ...] = (),
) -> Translation:
    """A server-side subscription creation as a Dodo checkout session confirmed with the
    customer's saved method (``saved_method_subscription``, with the normal checkout as
    ``fallback``), or that normal checkout alone when no customer is named (SC102).
    ``run_time_items``: the path and source of an ``items`` list known only at run time
    (SC103 blocks: which element is the plan is not in the code); ``extra_items``: the path and
    source of each item known only at run time beside items the code shows (one more item each,
    which no id map names as an add-on: SU103 blocks)."""
    life = Life(trace, params, opts, "subscription_create")
    walk_rules(life, params, life.subject)
    pairs: Money = []
    line = _cart_line(life, pairs, run_time_items, extra_items)
    customer = life.customer_id
    if customer is not None and runtime(customer):  # the scanner's stand-in: looked up later
        life.customer_id = None
    build_customer(life)
    build_metadata(life)
    body = dict(life.body)
    if customer is not None and runtime(customer):
        body["customer"] = {"customer_id": customer}
    body["product_cart"] = [line]
    if life.discounts:
        body["discount_codes"] = list(life.discounts)
    money = check_money(pairs, None, trace, trial=life.trial_given, unpriced=life.unpriced)
    base = _finish(life, body)
    if customer is None:
        trace.emit("SC102", "customer")
        return result(
            life, source, params, kind="checkout_session", request=CHECKOUT, body=base, money=money
        )
    trace.emit("SC100", "")
    method = _method(life, customer)
    one_click = {**body, "minimal_address": True, "payment_method_id": method, "confirm": True}
    return result(
        life,
        source,
        params,
        kind=KIND,
        request=CHECKOUT,
        body=_finish(life, one_click, check=False),
        money=money,
        fallback=base,
    )


def _cart_line(
    life: Life,
    pairs: Money,
    run_time_items: tuple[str, str] | None = None,
    extra_items: tuple[tuple[str, str], ...] = (),
) -> dict[str, Any]:
    """The one cart line the subscription sells: its first item's Dodo product; other items
    are add-ons when the id map says so (SU107), else blocked (SU103). Items that are a
    run-time list block (SC103): the product is a name defined nowhere."""
    lines = [line for _, line in sorted(life.lines.items()) if not line.fields.get("deleted")]
    if not lines and run_time_items is not None:
        path, source = run_time_items
        life.trace.emit("SC103", path, source=short(source))
        life.unpriced.append("the items are a run-time list")
        return {
            "product_id": Expr.absent("product_id", "str", path),
            "quantity": Expr.absent("quantity", "int", path),
        }
    if not lines:
        items = life.norm.params.get("items")
        detail = _NOT_A_LIST if isinstance(items, dict) else ""
        life.trace.emit("SC101", "items", detail=detail)
        life.unpriced.append("the subscription names no price")
        return _no_product()
    main, extras = lines[0], lines[1:]
    entry = resolve_line(life, main, pairs)
    out: dict[str, Any] = (
        {"product_id": entry["product_id"], "quantity": entry["quantity"]}
        if entry is not None
        else _no_product()
    )
    addons, unmapped = [], []
    for extra in extras:
        price = extra.fields.get("price")
        mapped = life.opts.ids.get(price) if isinstance(price, str) else None
        quantity = extra.fields.get("quantity", 1)
        if mapped is not None and mapped.id.startswith("adn_") and type(quantity) is int:
            addons.append({"addon_id": mapped.id, "quantity": quantity})
            life.trace.emit("SU107", f"items[{extra.index}]", extra=price, addon=mapped.id)
        else:
            unmapped.append(f"items[{extra.index}] ({short(price or 'inline price')})")
    unmapped += [f"{path} ({short(source)})" for path, source in extra_items]
    if unmapped:
        count = len(lines) + len(extra_items)
        life.trace.emit("SU103", "items", count=count, extra=", ".join(unmapped))
    if addons:
        out["addons"] = addons
    return out


_NOT_A_LIST = (
    " (`items` is a map, `{data: [...]}`, the shape a retrieved subscription's items have:"
    " Stripe's create takes a list of items and rejects it)"
)


def _no_product() -> dict[str, Any]:
    """The cart line of a subscription whose price the translation could not read: the
    ``{product_id}`` stand-in of a translated payload (the scan writes a name defined nowhere
    in its place: migrate/scan/identity.py), a blocker saying why."""
    return {"product_id": PRODUCT_STAND_IN, "quantity": 1}


def _method(life: Life, customer: str | Expr) -> str:
    """The customer's saved Dodo payment method: a placeholder for a literal Stripe one (the
    id map may name it), else a stand-in the scanner writes as a name defined nowhere."""
    stripe_method = life.values.get("payment_method")
    if stripe_method is None or runtime(stripe_method):
        method = "{payment_method_id}"
    else:
        method = placeholder_id("pm", f"stripe_payment_method:{stripe_method}")
        stripe_customer = customer if isinstance(customer, str) else None
        life.require(
            method,
            {"kind": "payment_method", "stripe_id": stripe_method, "customer": stripe_customer},
        )
    if stripe_method is not None:
        life.trace.emit(
            "SC007", "default_payment_method", payment_method=stripe_method, placeholder=method
        )
    return method


def _finish(life: Life, body: dict[str, Any], *, check: bool = True) -> dict[str, Any]:
    if check:
        check_body(body, life.trace, life.enums, cart_path="")
    return {k: body[k] for k in BODY_ORDER if k in body}
