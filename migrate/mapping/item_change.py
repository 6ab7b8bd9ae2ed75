"""Subscription items added or removed, translated to Dodo's plan change.

``POST /v1/subscription_items`` (``SubscriptionItem.create``, ``subscriptionitem.New``...) adds a
priced line to a live subscription, ``DELETE /v1/subscription_items/{id}`` removes one; with a
prorating ``proration_behavior`` both move money at once (a charge, a credit). A Dodo subscription
has one product plus addons, and its ``POST /subscriptions/{id}/change-plan`` names the whole new
plan: the product, the quantity and every addon (the SDK: addons left out are removed). Adding or
removing one line is therefore a plan change built from the subscription's current plan, which the
Stripe call does not carry: the body names it with values defined nowhere
(``TODO_current_product_id``...) and a blocker (LC013/SU110, LC014/SU111) says to read it at run
time (``GET /subscriptions/{id}``). The new line must be a Dodo addon (SU112). The proration and
payment behaviours map as for any plan change (``migrate/mapping/plan_change.py``). Pure: no I/O.
"""

from __future__ import annotations

from typing import Any

from migrate.mapping.cart import Options, Translation
from migrate.mapping.expr import Expr, is_expr
from migrate.mapping.lifecycle import Life, Route, result, runtime
from migrate.mapping.money import check_money
from migrate.mapping.plan_change import (
    CHANGE_ORDER,
    KEEP_CYCLE,
    dodo_subscription,
    usable_quantity,
    with_int,
)
from migrate.mapping.runtime import ITEM_KEYS
from migrate.mapping.trace import Trace, short
from migrate.mapping.walk import walk_rules
from migrate.readers.base import SourceRef

ADDED = "item_create"
REMOVED = "item_delete"
_NEW_ITEM_KEYS = ITEM_KEYS | {"discounts", "billing_thresholds"}


def translate_item_change(
    params: dict[str, Any], where: Route, source: SourceRef, opts: Options, trace: Trace
) -> Translation:
    """A subscription item added (``where.legacy == ADDED``) or removed (``REMOVED``) as
    Dodo's change-plan of its subscription, blocked until the current plan is read."""
    adding = where.legacy == ADDED
    if adding:
        trace.emit("LC013", "")
        item = {k: params.pop(k) for k in list(params) if k in _NEW_ITEM_KEYS}
    else:
        trace.emit("LC014", "", item=_item_name(where))
        item = {"id": where.path_id}
        if "clear_usage" in params:
            item["clear_usage"] = params.pop("clear_usage")
    params = {"items": [item], **params}
    life = Life(trace, params, opts, "subscription_update")
    walk_rules(life, params, life.subject)
    v = life.values
    mode = v.get("proration_billing_mode")
    if mode is None:
        trace.emit("SU105", "proration_behavior")
        mode = KEEP_CYCLE  # Stripe's default, create_prorations
    body: dict[str, Any] = {
        "product_id": Expr.absent("current_product_id", "str", "items[0]"),
        "quantity": Expr.absent("current_quantity", "int", "items[0]"),
        "proration_billing_mode": mode,
    }
    if adding:
        body["addons"] = [_addon(life)]
    else:
        body["addons"] = Expr.absent("remaining_addons", "list", "items[0]")
    if "on_payment_failure" in v:
        body["on_payment_failure"] = v["on_payment_failure"]
    if life.discounts:
        body["discount_codes"] = list(life.discounts)
    if adding:
        trace.emit("SU110", "items[0]")
    else:
        trace.emit("SU111", "items[0]", item=_item_name(where))
    sub = dodo_subscription(life, v.get("subscription"), where)
    path = f"/subscriptions/{sub}/change-plan"
    trace.emit("SU100", "", endpoint=f"POST {path}")
    money = check_money([], None, trace)
    money["status"] = "unverified"
    money["reason"] = "the new plan is the subscription's current one with this item " + (
        "added" if adding else "removed"
    )
    ordered = {k: body[k] for k in CHANGE_ORDER if k in body}
    return result(
        life, source, params, kind="change_plan", request=("POST", path), body=ordered, money=money
    )


def _item_name(where: Route) -> str:
    ident = where.path_id
    if ident is None or runtime(ident):
        return "the subscription item"
    return f"subscription item {ident}"


def _addon(life: Life) -> dict[str, Any]:
    """The added line as a Dodo addon: its price's addon id in the id map, else a value
    defined nowhere and a blocker (SU112)."""
    line = life.lines.get(0)
    fields = line.fields if line is not None else {}
    price = fields.get("price")
    quantity = fields.get("quantity", 1)
    mapped = life.opts.ids.get(price) if isinstance(price, str) else None
    addon: Any
    if mapped is not None and mapped.id.startswith("adn_"):
        addon = mapped.id
        life.trace.emit("SU107", "items[0]", extra=price, addon=mapped.id)
    else:
        if is_expr(price):
            shown = (
                f"The price chosen at run time ({short(price.source)}) is no addon the scan knows"
            )
        elif isinstance(price, str):
            shown = f"Price {price} is not mapped to a Dodo addon"
        else:
            shown = "The inline price is no Dodo addon"
        life.trace.emit("SU112", "items[0]", price=shown)
        addon = Expr.absent("addon_id", "str", "items[0].price")
    if not usable_quantity(life.trace, "items[0].quantity", quantity):
        quantity = 1
    return {"addon_id": addon, "quantity": with_int(quantity, 1)}


__all__ = ["ADDED", "REMOVED", "translate_item_change"]
