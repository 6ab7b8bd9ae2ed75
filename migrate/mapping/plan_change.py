"""Subscription updates and invoice previews, translated to Dodo's plan change.

``POST /v1/subscriptions/{id}`` (and ``/v1/subscription_items/{id}``) becomes
``POST /subscriptions/{id}/change-plan``; an invoice preview (``create_preview``, legacy
``upcoming``) becomes ``/change-plan/preview``. The new plan is the first changed item, resolved
like a checkout line (``migrate/mapping/lines.py``); other items become add-ons when the id map
says so. Dodo's change-plan replaces the whole plan, dropping addons left out, where Stripe keeps
the items it does not change: a change without the current addons says so (SU113-SU115). Stripe's
proration and payment behaviours map to Dodo's modes (:data:`PRORATION`,
:data:`PAYMENT_BEHAVIOR`). The rules are those of ``mappings/plan_change.yaml``; routing is
``migrate/mapping/lifecycle.py``'s. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from migrate.findings import Outcome
from migrate.mapping.cart import Cart, Line, Options, Translation, build_metadata, discounts
from migrate.mapping.controls import CODE as CONTROL_CODE
from migrate.mapping.expr import Expr, is_expr, map_leaves
from migrate.mapping.lifecycle import Life, Route, as_life, result, runtime
from migrate.mapping.lines import Money, resolve_line
from migrate.mapping.money import check_money, out_of_range
from migrate.mapping.products import placeholder_id
from migrate.mapping.runtime import PREVIEW_KEYS, lost
from migrate.mapping.table import Rule, transform
from migrate.mapping.trace import Trace, short
from migrate.mapping.walk import walk_rules
from migrate.readers.base import SourceRef

CHANGE_ORDER = (
    "product_id",
    "quantity",
    "proration_billing_mode",
    "addons",
    "discount_codes",
    "on_payment_failure",
    "metadata",
)


CANCEL_ONLY = "cancel_only"
"""``Life.values`` flag: the update sets ``cancel_at_period_end`` and changes no item, so it is
Dodo's ``PATCH /subscriptions/{id}`` (``cancel_at_next_billing_date``), not a plan change."""
_ITEM_CHANGES = frozenset({"price", "plan", "price_data", "quantity", "deleted"})
RUN_TIME_PRICE_DATA = frozenset({"price_data.currency", "price_data.unit_amount"})
"""The fields of an item's inline price a value known only at run time reaches the line with
(a subscription created on the server carries them, SC003): resolved as a Checkout line's
are, a run-time currency choosing no product (RT011), a run-time recurring amount none either
(L114)."""


# Which Stripe proration behaviour becomes which Dodo mode, and what changes for the money.
# Stripe's prorating behaviours keep the billing cycle (unless billing_cycle_anchor=now, or the
# new price has another interval), so they become prorated_immediately_keep_cycle.
KEEP_CYCLE = "prorated_immediately_keep_cycle"
RESTART_CYCLE = "prorated_immediately"


_OTHER_INTERVAL = (
    " If the new price has another interval, Stripe restarts the billing cycle: use "
    "prorated_immediately then."
)


PRORATION: Mapping[str, tuple[str, str, str]] = {
    "create_prorations": (
        KEEP_CYCLE,
        "Stripe adds the proration to the next invoice, Dodo bills it now (a downgrade is "
        "credited to the subscription for future renewals); both keep the billing date.",
        "warn customers that the difference is charged at once." + _OTHER_INTERVAL,
    ),
    "always_invoice": (
        KEEP_CYCLE,
        "both bill the proration now and keep the billing date; Dodo credits a downgrade to the "
        "subscription instead of issuing a credit note.",
        "the billing date stays, as on Stripe." + _OTHER_INTERVAL,
    ),
    "none": (
        "do_not_bill",
        "neither bills now; the new price applies from the next renewal.",
        "nothing is charged until the renewal, as on Stripe.",
    ),
}


PAYMENT_BEHAVIOR: Mapping[str, tuple[str, str]] = {
    "allow_incomplete": ("apply_change", ""),
    "default_incomplete": (
        "apply_change",
        " (Dodo charges at once; there is no payment left for you to confirm)",
    ),
    "pending_if_incomplete": ("prevent_change", ""),
    "error_if_incomplete": (
        "prevent_change",
        " (the call does not fail: the payment.failed webhook tells)",
    ),
}


@transform("su_item", "subscription_update", "subscription_create")
def _su_item(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    head, _, rest = path.partition("].")
    index = int(head.removeprefix("items["))
    line = cart.line(index)
    line.prefix = "items"
    if rest == "price_data" and isinstance(value, dict):
        for key, item in _flatten(value, "price_data").items():
            if is_expr(item) and key not in RUN_TIME_PRICE_DATA:
                # known only at run time and not carried as a Checkout line carries it: said
                # lost (RT002 where it decides the charge: the line then sells no product)
                where = f"{path}.{key.removeprefix('price_data.')}"
                if lost(cart.trace, as_life(cart).subject, item, where) is not Outcome.BLOCKED:
                    continue
            line.fields[key] = item
    elif rest == "plan":
        line.fields["price"] = value
    else:
        line.fields[rest] = value
    if rest == "deleted" and value is not True:
        return Outcome.MAPPED  # "deleted: false" deletes nothing
    return None


def _flatten(value: dict[str, Any], prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, item in value.items():
        if isinstance(item, dict) and key != "metadata":
            out.update(_flatten(item, f"{prefix}.{key}"))
        else:
            out[f"{prefix}.{key}"] = item
    return out


@transform("su_proration", "subscription_update")
def _su_proration(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    life = as_life(cart)
    if life.values.get(CANCEL_ONLY):  # no item changes: Stripe prorates nothing
        shown = value.source if is_expr(value) else value
        cart.trace.emit("SU109", path, value=short(shown))
        return Outcome.DROPPED
    if is_expr(value):
        # a choice between behaviours the code names: the same choice between Dodo's modes;
        # anything else is blocked (RT002: it decides when the change is billed)
        options = value.leaves()
        if value.form != "choice" or not all(type(o) is str and o in PRORATION for o in options):
            return lost(cart.trace, "subscription_update", value, path)
        for option in dict.fromkeys(options):
            mode, timing, advice = PRORATION[option]
            cart.trace.emit(rule.code, path, value=option, mode=mode, timing=timing, advice=advice)
        life.values["proration_billing_mode"] = map_leaves(
            value.typed("str"), lambda leaf: PRORATION[leaf][0]
        )
        return Outcome.APPROXIMATED
    known = PRORATION.get(str(value))
    if known is None:
        cart.trace.emit("C091", path, path=path, error="unknown proration behaviour", value=value)
        return Outcome.BLOCKED
    mode, timing, advice = known
    life.values["proration_billing_mode"] = mode
    cart.trace.emit(rule.code, path, value=value, mode=mode, timing=timing, advice=advice)
    return Outcome.MAPPED if value == "none" else Outcome.APPROXIMATED


@transform("su_cancel", "subscription_update")
def _su_cancel(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    """A cancel-only update is Dodo's PATCH (the builder says so: SU108); beside a plan change
    the flag needs that second call (SU021), and a run-time flag is not in the plan change."""
    life = as_life(cart)
    if life.values.get(CANCEL_ONLY):
        life.values["cancel_at_next_billing_date"] = (
            value.typed("bool") if is_expr(value) else value
        )
        return Outcome.MAPPED
    if is_expr(value):
        lost(cart.trace, "subscription_update", value, path)
    shown = value.source if is_expr(value) else str(value).lower()
    cart.trace.emit(rule.code, path, value=short(shown))
    return Outcome.DROPPED


@transform("su_payment_behavior", "subscription_update")
def _su_payment_behavior(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    known = PAYMENT_BEHAVIOR.get(str(value))
    if known is None:
        cart.trace.emit("C091", path, path=path, error="unknown payment behaviour", value=value)
        return Outcome.DROPPED
    failure, note = known
    as_life(cart).values["on_payment_failure"] = failure
    if note:
        cart.trace.emit(rule.code, path, value=value, failure=failure, note=note)
        return Outcome.APPROXIMATED
    return None


@transform("su_anchor", "subscription_update")
def _su_anchor(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if value == "unchanged":
        return None
    life = as_life(cart)
    life.values["billing_cycle_anchor"] = value
    return Outcome.APPROXIMATED


@transform("su_discount", "subscription_update", "subscription_create")
def _su_discount(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    key = "coupon" if rule.stripe == "coupon" else "promotion_code"
    return discounts(cart, rule, path, [{key: value}])


@transform("su_subscription", "subscription_update")
def _su_subscription(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    as_life(cart).values["subscription"] = str(value)
    return None


# ---------------------------------------------------------------------------------------------
# The plan change


def translate_subscription_update(
    params: dict[str, Any],
    where: Route,
    source: SourceRef,
    opts: Options,
    trace: Trace,
    *,
    run_time_items: tuple[str, str] | None = None,
) -> Translation:
    """A subscription update or invoice preview as Dodo's change-plan (or its preview);
    ``run_time_items``: the path and source of a list of new items known only at run time
    (RT033)."""
    preview = where.legacy == "preview"
    subscription = where.path_id
    if where.legacy == "item":
        trace.emit("LC011", "", item=where.path_id)
        item = {"id": where.path_id}
        for key in ("price", "plan", "price_data", "quantity", "metadata", "tax_rates"):
            if key in params:
                item[key] = params.pop(key)
        params = {"items": [item], **params}
        subscription = None
    elif preview:
        params = _from_preview(params, trace, where)
    life = Life(trace, params, opts, "subscription_update")
    if (
        not preview
        and where.legacy is None
        and (
            type(params.get("cancel_at_period_end")) is bool
            or is_expr(params.get("cancel_at_period_end"))
        )
        and run_time_items is None
        and not _changes_items(params.get("items"))
        and not _screened_items(trace)
    ):
        life.values[CANCEL_ONLY] = True
    walk_rules(life, params, life.subject)
    v = life.values
    subscription = v.get("subscription", subscription)
    if v.get(CANCEL_ONLY):
        return _cancel_at_renewal(life, params, source, subscription, where)
    if preview and not subscription:
        trace.emit("LC012", "subscription")
    body, pairs = _new_plan(life, params, run_time_items)
    _current_addons(life, params.get("items"), body)
    mode = v.get("proration_billing_mode")
    if mode is None:
        trace.emit("SU105", "proration_behavior")
        mode = KEEP_CYCLE  # Stripe's default, create_prorations
    if "billing_cycle_anchor" in v and mode == KEEP_CYCLE:
        mode = RESTART_CYCLE  # billing_cycle_anchor=now: Stripe restarts the cycle too
    body["proration_billing_mode"] = mode
    if "on_payment_failure" in v:
        body["on_payment_failure"] = v["on_payment_failure"]
    if "billing_cycle_anchor" in v:
        effect = (
            "restarts the cycle; check the preview"
            if mode != "do_not_bill"
            else "keeps the cycle, so the anchor is lost"
        )
        trace.emit(
            "SU014",
            "billing_cycle_anchor",
            value=v["billing_cycle_anchor"],
            mode=mode,
            effect=effect,
        )
    if life.discounts:
        body["discount_codes"] = list(life.discounts)
    build_metadata(life)
    if "metadata" in life.body:
        body["metadata"] = life.body["metadata"]
    sub = dodo_subscription(life, subscription, where)
    suffix = "/change-plan/preview" if preview else "/change-plan"
    path = f"/subscriptions/{sub}{suffix}"
    trace.emit("SU100", "", endpoint=f"POST {path}")
    money = check_money(pairs, None, trace, unpriced=life.unpriced)
    ordered = {k: body[k] for k in CHANGE_ORDER if k in body}
    kind = "change_plan_preview" if preview else "change_plan"
    return result(
        life, source, params, kind=kind, request=("POST", path), body=ordered, money=money
    )


def _changes_items(items: Any) -> bool:
    """Whether an update's ``items`` change the plan: a price, a quantity, a deletion, or an
    element known only at run time."""
    if items is None:
        return False
    if not isinstance(items, list):
        return True
    return any(not isinstance(i, dict) or _ITEM_CHANGES & set(i) for i in items)


def _screened_items(trace: Trace) -> bool:
    """Whether the update's ``items`` (or a value in them) held a control character and was
    left out (D018): the update named items, so it is no cancel-only one, though its params no
    longer show them."""
    return any(
        code == CONTROL_CODE and (path == "items" or path.startswith(("items[", "items.")))
        for path, (_, code) in trace.fields.items()
    )


def _cancel_at_renewal(
    life: Life, params: dict[str, Any], source: SourceRef, subscription: str | None, where: Route
) -> Translation:
    """An update that only sets ``cancel_at_period_end``: Dodo's ``PATCH /subscriptions/{id}``
    with ``cancel_at_next_billing_date`` (SU108)."""
    flag = life.values["cancel_at_next_billing_date"]
    if is_expr(flag):
        shown, effect = flag.source, "the flag is chosen at run time, as on Stripe"
    elif flag:
        shown = "true"
        effect = "the subscription stays active until then and is not renewed, as on Stripe"
    else:
        shown, effect = "false", "a cancellation scheduled for the renewal is withdrawn"
    life.trace.emit("SU108", "cancel_at_period_end", value=short(shown), effect=effect)
    body: dict[str, Any] = {"cancel_at_next_billing_date": flag}
    sub = dodo_subscription(life, subscription, where)
    money = check_money([], None, life.trace)
    request = ("PATCH", f"/subscriptions/{sub}")
    return result(
        life, source, params, kind="subscription_patch", request=request, body=body, money=money
    )


def _from_preview(params: dict[str, Any], trace: Trace, where: Route) -> dict[str, Any]:
    trace.emit("LC010", "", what=where.what or "an invoice preview")
    out = dict(params)
    details = out.pop("subscription_details", None)
    if isinstance(details, dict):
        trace.field("subscription_details", Outcome.TRANSFORMED, "LC010")
        for key, value in details.items():
            out.setdefault(key, value)
    for old, new in PREVIEW_KEYS.items():
        if old in out:
            out.setdefault(new, out.pop(old))
            trace.field(old, Outcome.TRANSFORMED, "LC010")
    return out


def _new_plan(
    life: Life, params: dict[str, Any], run_time_items: tuple[str, str] | None = None
) -> tuple[dict[str, Any], Money]:
    trace = life.trace
    body: dict[str, Any] = {}
    pairs: Money = []
    live = [
        line
        for index, line in sorted(life.lines.items())
        if not line.fields.get("deleted") and _changes(line)
    ]
    if not live and run_time_items is not None:
        # the new plan is in a run-time list: which element, and its quantity, are unknown
        path, source = run_time_items
        trace.emit("RT033", path, source=short(source))
        life.unpriced.append("the new items are a run-time list")
        body["product_id"] = Expr.absent("product_id", "str", path)
        body["quantity"] = Expr.absent("quantity", "int", path)
        return body, pairs
    if not live:
        trace.emit("SU106", "items")
        body["product_id"] = "{product_id}"
        body["quantity"] = 1
        return body, pairs
    main, extras = live[0], live[1:]
    addons = []
    unmapped = []
    for extra in extras:
        price = extra.fields.get("price")
        mapped = life.opts.ids.get(price) if isinstance(price, str) else None
        where = f"items[{extra.index}]"
        if mapped is not None and mapped.id.startswith("adn_"):
            quantity = extra.fields.get("quantity", 1)
            if not usable_quantity(trace, f"{where}.quantity", quantity):
                continue
            addons.append({"addon_id": mapped.id, "quantity": with_int(quantity, 1)})
            trace.emit("SU107", where, extra=price, addon=mapped.id)
        else:
            unmapped.append(f"{where} ({short(price or 'inline price')})")
    if unmapped:
        trace.emit("SU103", "items", count=len(live), extra=", ".join(unmapped))
    if addons:
        body["addons"] = addons
    if "quantity" not in main.fields:
        trace.emit("SU104", f"items[{main.index}]")
    if "price" in main.fields or any(k.startswith("price_data.") for k in main.fields):
        entry = resolve_line(life, main, pairs)
        if entry is None:
            body["product_id"] = "{product_id}"
            body["quantity"] = _quantity(main.fields.get("quantity"))
        else:
            body["product_id"] = entry["product_id"]
            body["quantity"] = entry["quantity"]
    else:
        placeholder = placeholder_id("pdt", f"current_product:{main.fields.get('id')}")
        trace.emit("SU102", f"items[{main.index}]", placeholder=placeholder)
        quantity = main.fields.get("quantity", 1)
        if not runtime(quantity) and not is_expr(quantity):
            usable_quantity(trace, f"items[{main.index}].quantity", quantity)
        life.require(placeholder, {"kind": "current_product", "stripe_item": main.fields.get("id")})
        body["product_id"] = placeholder
        body["quantity"] = _quantity(main.fields.get("quantity"))
    return body, pairs


def _current_addons(life: Life, items: Any, body: dict[str, Any]) -> None:
    """Dodo's change-plan replaces the whole plan: addons it leaves out are removed (the SDK says
    so), where Stripe's update keeps every item it does not change. Items the call names and keeps
    are a blocker (SU114: the subscription's current addons, defined nowhere in the body);
    items it deletes (SU115) or none (SU113) a warning: the call cannot see the others."""
    named = list(enumerate(items)) if isinstance(items, list) else []
    changing = {"price", "plan", "price_data", "quantity"}
    if named and not any(isinstance(i, dict) and changing & set(i) for _, i in named):
        return  # no new plan at all: SU106 blocks
    kept = [
        _item(i, item)
        for i, item in named
        if isinstance(item, dict) and not _deletes(item) and not changing & set(item)
    ]
    deleted = [_item(i, item) for i, item in named if isinstance(item, dict) and _deletes(item)]
    listed = body.get("addons")
    sent = f"only the {len(listed)} addon(s) it lists" if listed else "no `addons`"
    if kept:
        life.trace.emit("SU114", "items", kept=", ".join(kept), sent=sent)
        if not listed:
            body["addons"] = Expr.absent("current_addons", "list", "items")
    elif deleted:
        life.trace.emit("SU115", "items", deleted=", ".join(deleted), sent=sent)
    else:
        life.trace.emit("SU113", "items", sent=sent)


def _deletes(item: dict[str, Any]) -> bool:
    """``deleted`` set to anything but false (a run-time flag may delete)."""
    return item.get("deleted", False) not in (False, "false", None)


def _item(index: int, item: dict[str, Any]) -> str:
    """``items[1] (si_1Seats)``; an id known only at run time is not in the params."""
    ident = item.get("id")
    if isinstance(ident, str) and not runtime(ident):
        return f"items[{index}] ({short(ident)})"
    return f"items[{index}]"


def _changes(line: Line) -> bool:
    return any(k in line.fields for k in ("price", "quantity")) or any(
        k.startswith("price_data.") for k in line.fields
    )


def usable_quantity(trace: Trace, path: str, quantity: Any) -> bool:
    """A positive whole quantity of at most 12 digits (or one known only at run time, carried);
    otherwise a blocker says why."""
    if is_expr(quantity):
        return True
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        trace.emit("L109", path, quantity=quantity)
        return False
    if (problem := out_of_range(quantity)) is not None:
        trace.emit("M005", path, what=f"Quantity {short(quantity)}", reason=problem)
        return False
    return True


def with_int(value: Any, default: int) -> Any:
    """A quantity as sent: an int, a run-time value (carried, typed int), else ``default``."""
    if is_expr(value):
        return value.typed("int")
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _quantity(value: Any) -> Any:
    """At least 1, as Dodo needs; a run-time quantity is carried as written."""
    got = with_int(value, 1)
    return got if is_expr(got) else max(1, got)


def dodo_subscription(life: Life, subscription: str | None, where: Route) -> str:
    item = where.legacy in ("item", "item_delete")
    if runtime(subscription) or (item and runtime(where.path_id)):
        return "{subscription_id}"  # known at run time (the scanner saw a variable)
    if subscription:
        mapped = life.opts.ids.get(subscription)
        if mapped is not None:
            return mapped.id
        what = f"Stripe subscription {subscription}"
        content = f"stripe_subscription_id:{subscription}"
    elif item and where.path_id:
        what = f"The subscription of item {where.path_id}"
        content = f"stripe_subscription_item:{where.path_id}"
    else:
        life.trace.emit(
            "SU101",
            "",
            what="The subscription (its id is in the request path, not in the payload)",
            placeholder="{subscription_id}",
        )
        return "{subscription_id}"
    placeholder = placeholder_id("sub", content)
    life.trace.emit("SU101", "subscription", what=what, placeholder=placeholder)
    life.require(placeholder, {"kind": "subscription", "stripe_id": subscription or where.path_id})
    return placeholder
