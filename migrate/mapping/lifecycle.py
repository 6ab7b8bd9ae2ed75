"""Lifecycle calls: the Stripe code around Checkout, translated to the Dodo calls that replace it.

Seeds 001 (on-demand subscriptions) and 003 (upsells and plan changes) describe the Dodo side.
Three Stripe subjects, each walked field by field with the rules of ``mappings/on_demand.yaml``
and ``mappings/plan_change.yaml`` (so every field ends mapped, transformed, approximated,
dropped or blocked, as for checkout sessions):

* **PaymentIntents** (and legacy ``POST /v1/charges``), by what they do:
  an off-session charge of a saved method -> ``POST /subscriptions/{id}/charge`` on the
  customer's on-demand subscription (``on_demand_charge``); "charge now and save for later"
  (``setup_future_usage: off_session``) -> a checkout session selling an on-demand subscription
  with an initial charge (``on_demand_mandate``); a customer-present charge of a saved method
  (``payment_method`` + ``confirm``) -> a one-click checkout session with ``payment_method_id``,
  ``confirm: true`` and ``customer_id``, plus the normal checkout as ``fallback`` (``upsell``);
  anything else -> a one-time checkout session (``checkout_session``).
* **SetupIntents** -> a checkout session that authorises an on-demand mandate
  (``on_demand.mandate_only: true``; ``on_demand_mandate``).
* **Subscription updates** (``POST /v1/subscriptions/{id}``, ``/v1/subscription_items/{id}``)
  -> ``POST /subscriptions/{id}/change-plan``; invoice previews (``create_preview``, legacy
  ``upcoming``) -> ``/change-plan/preview`` (``change_plan`` / ``change_plan_preview``).

A document is routed here by its endpoint (curl and recorded requests) or, without one, by its
shape: see :func:`route`. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from migrate.findings import Outcome
from migrate.mapping.expr import Expr, is_expr
from migrate.mapping.money import MoneyLine, check_money, format_amount, out_of_range
from migrate.mapping.normalise import Normalised
from migrate.mapping.products import placeholder_id, product_spec
from migrate.mapping.table import Rule, load_enums
from migrate.mapping.trace import Trace, short
from migrate.mapping.translate import (
    BODY_ORDER,
    PWYW_MINIMUM,
    Cart,
    Line,
    Options,
    Transform,
    Translation,
    build_customer,
    build_metadata,
    check_body,
    mandate_product,
    pay_what_you_want_product,
    resolve_line,
    transform,
    walk_rules,
)
from migrate.mapping.translate import (
    TRANSFORMS as CHECKOUT_TRANSFORMS,
)
from migrate.readers.base import SourceRef
from migrate.readers.limits import MAX_DIGITS

KINDS = (
    "on_demand_charge",
    "on_demand_mandate",
    "upsell",
    "change_plan",
    "change_plan_preview",
    "checkout_session",
)
KIND_TEXT: Mapping[str, str] = {
    "checkout_session": "checkout session",
    "on_demand_mandate": "on-demand subscription mandate (checkout)",
    "on_demand_charge": "on-demand charge",
    "upsell": "one-click upsell (checkout with a saved method)",
    "change_plan": "plan change",
    "change_plan_preview": "plan change preview",
}


def kind_text(kind: str) -> str:
    """What a kind of Dodo call is, in words."""
    return KIND_TEXT.get(kind, kind.replace("_", " "))


CHECKOUT = ("POST", "/checkouts")
CHARGE_ORDER = ("product_price", "product_currency", "product_description", "metadata")
CHANGE_ORDER = (
    "product_id",
    "quantity",
    "proration_billing_mode",
    "addons",
    "discount_codes",
    "on_payment_failure",
    "metadata",
)
HARD_UNKNOWN = {"payment_intent": "PI090", "setup_intent": "SI090", "subscription_update": "SU090"}

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

_CHECKOUT_MARKERS = frozenset(
    [
        "mode",
        "line_items",
        "success_url",
        "cancel_url",
        "ui_mode",
        "lineItems",
        "successUrl",
        "cancelUrl",
        "sessionId",
        "display_items",
        "client_reference_id",
        "object",
    ]
)
_SETUP_MARKERS = frozenset(["usage", "single_use", "flow_directions", "attach_to_self"])
_PI_MARKERS = frozenset(["amount", "off_session", "setup_future_usage", "capture_method"])
_UPDATE_MARKERS = frozenset(
    ["proration_behavior", "payment_behavior", "proration_date", "cancel_at_period_end"]
)
_PREVIEW_KEYS = {
    "subscription_items": "items",
    "subscription_proration_behavior": "proration_behavior",
    "subscription_proration_date": "proration_date",
    "subscription_billing_cycle_anchor": "billing_cycle_anchor",
    "subscription_trial_end": "trial_end",
    "subscription_cancel_at_period_end": "cancel_at_period_end",
    "subscription_default_tax_rates": "default_tax_rates",
}
_INTS = frozenset(
    [
        "amount",
        "application_fee_amount",
        "quantity",
        "proration_date",
        "trial_end",
        "cancel_at",
        "unit_amount",
        "interval_count",
    ]
)
_BOOLS = frozenset(
    [
        "confirm",
        "off_session",
        "error_on_requires_action",
        "deleted",
        "cancel_at_period_end",
        "trial_from_plan",
        "capture",
        "clear_usage",
    ]
)


@dataclass(frozen=True, slots=True)
class Route:
    """Which lifecycle subject a document is, and what its endpoint said."""

    subject: str
    legacy: str | None = None
    """``charge`` (POST /v1/charges), ``item`` (a subscription item update), ``preview``."""
    path_id: str | None = None
    """The id in the endpoint path (``sub_...``, ``si_...``)."""
    what: str = ""


def route(doc: Mapping[str, Any], meta: Mapping[str, str]) -> Route | None:
    """The lifecycle subject of a document, or None for a checkout session (or anything else).

    With an endpoint (curl, form bodies with a URL) the path decides. Without one: a
    ``usage`` says SetupIntent; ``amount``, ``off_session``, ``setup_future_usage`` or
    ``capture_method`` (or ``payment_method`` with ``confirm``) say PaymentIntent; proration
    and payment behaviour, or items naming subscription items, prices or deletions, say
    subscription update; ``subscription_details``/``subscription_items`` say invoice preview.
    Anything with a Checkout marker (``mode``, ``line_items``, ``success_url``...) stays a
    checkout session.
    """
    endpoint = meta.get("endpoint")
    if endpoint:
        return _by_endpoint(endpoint.rstrip("/"), meta.get("method", "POST").upper())
    keys = set(doc)
    if keys & _CHECKOUT_MARKERS:
        return None
    if keys & _SETUP_MARKERS:
        return Route("setup_intent")
    if "subscription_details" in keys or "subscription_items" in keys:
        return Route("subscription_update", legacy="preview", what="an invoice preview")
    items = doc.get("items")
    if keys & _UPDATE_MARKERS or (isinstance(items, list) and any(_sub_item(i) for i in items)):
        return Route("subscription_update")
    if keys & _PI_MARKERS or {"payment_method", "confirm"} <= keys:
        legacy = "charge" if "source" in keys or "capture" in keys else None
        return Route("payment_intent", legacy=legacy)
    return None


def _sub_item(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    ident = item.get("id")
    return (
        (isinstance(ident, str) and ident.startswith("si_"))
        or "price" in item
        or "price_data" in item
        or "deleted" in item
    )


def _by_endpoint(endpoint: str, method: str) -> Route | None:
    parts = endpoint.strip("/").split("/")
    if parts[:1] == ["v1"]:
        parts = parts[1:]
    what = f"{method} {endpoint}"
    if method == "GET" and parts[:2] == ["invoices", "upcoming"]:
        return Route("subscription_update", legacy="preview", what=what)
    if method != "POST":
        return None
    match parts:
        case ["payment_intents"]:
            return Route("payment_intent")
        case ["charges"]:
            return Route("payment_intent", legacy="charge")
        case ["setup_intents"]:
            return Route("setup_intent")
        case ["subscriptions", sub]:
            return Route("subscription_update", path_id=sub or None)
        case ["subscription_items", item]:
            return Route("subscription_update", legacy="item", path_id=item or None)
        case ["invoices", "create_preview"] | ["invoices", "upcoming"]:
            return Route("subscription_update", legacy="preview", what=what)
    return None


# ---------------------------------------------------------------------------------------------
# Walking a subject


class Life(Cart):
    """A cart that also remembers the lifecycle fields the Dodo call is built from."""

    def __init__(self, trace: Trace, params: dict[str, Any], opts: Options, subject: str) -> None:
        super().__init__(trace, Normalised(params), opts, load_enums())
        self.subject = subject
        self.values: dict[str, Any] = {}


TRANSFORMS: dict[str, Transform] = {
    name: CHECKOUT_TRANSFORMS[name] for name in ("metadata", "discounts", "capture_method")
}


def _transform(name: str) -> Callable[[Transform], Transform]:
    return transform(name, TRANSFORMS)


def _life(cart: Cart) -> Life:
    assert isinstance(cart, Life)
    return cart


@_transform("keep")
def _keep(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    """Keep the value for building the Dodo call; the rule's outcome stands, and any finding
    comes from the builder, which knows the kind of call (PI004's advice differs per kind)."""
    _life(cart).values[path] = value
    return rule.outcome


@_transform("pi_currency")
def _pi_currency(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    life = _life(cart)
    if is_expr(value):  # known at run time: upper-cased by the code that sends it
        life.values["currency"] = value.then("upper").typed("str")
        return None
    currency = str(value).upper()
    if currency not in cart.enums.currencies:
        cart.trace.emit("D009", path, currency=currency)
        return Outcome.BLOCKED
    life.values["currency"] = currency
    return None


@_transform("si_customer")
def _si_customer(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    _life(cart).values["customer"] = str(value)
    return None


@_transform("su_item")
def _su_item(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    head, _, rest = path.partition("].")
    index = int(head.removeprefix("items["))
    line = cart.line(index)
    line.prefix = "items"
    if rest == "price_data" and isinstance(value, dict):
        for key, item in _flatten(value, "price_data").items():
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


@_transform("su_proration")
def _su_proration(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    known = PRORATION.get(str(value))
    life = _life(cart)
    if known is None:
        cart.trace.emit("C091", path, path=path, error="unknown proration behaviour", value=value)
        return Outcome.BLOCKED
    mode, timing, advice = known
    life.values["proration_billing_mode"] = mode
    cart.trace.emit(rule.code, path, value=value, mode=mode, timing=timing, advice=advice)
    return Outcome.MAPPED if value == "none" else Outcome.APPROXIMATED


@_transform("su_payment_behavior")
def _su_payment_behavior(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    known = PAYMENT_BEHAVIOR.get(str(value))
    if known is None:
        cart.trace.emit("C091", path, path=path, error="unknown payment behaviour", value=value)
        return Outcome.DROPPED
    failure, note = known
    _life(cart).values["on_payment_failure"] = failure
    if note:
        cart.trace.emit(rule.code, path, value=value, failure=failure, note=note)
        return Outcome.APPROXIMATED
    return None


@_transform("su_anchor")
def _su_anchor(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if value == "unchanged":
        return None
    life = _life(cart)
    life.values["billing_cycle_anchor"] = value
    return Outcome.APPROXIMATED


@_transform("su_discount")
def _su_discount(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    key = "coupon" if rule.stripe == "coupon" else "promotion_code"
    return CHECKOUT_TRANSFORMS["discounts"](cart, rule, path, [{key: value}])


@_transform("su_subscription")
def _su_subscription(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    _life(cart).values["subscription"] = str(value)
    return None


def _walk(life: Life, params: Mapping[str, Any]) -> None:
    tree = life.trace.table.trees[life.subject]  # type: ignore[index]
    walk_rules(life, params, tree, HARD_UNKNOWN[life.subject], TRANSFORMS)


def _coerce(params: dict[str, Any]) -> dict[str, Any]:
    """Form-encoded values are strings: make known integers and booleans typed (others stay)."""
    return {key: _coerced(key, value) for key, value in params.items()}


def _coerced(key: str, value: Any) -> Any:
    if isinstance(value, dict) and key != "metadata":
        return _coerce(value)
    if isinstance(value, list):
        return [_coerce(v) if isinstance(v, dict) else v for v in value]
    if isinstance(value, str):
        if key in _BOOLS and value in ("true", "false"):
            return value == "true"
        if key in _INTS and value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS:
            return int(value)
    return value


# ---------------------------------------------------------------------------------------------
# Entry point


def translate_lifecycle(
    doc: dict[str, Any], where: Route, source: SourceRef, opts: Options, trace: Trace
) -> Translation:
    """Translate one routed document into the Dodo call that replaces it."""
    params = _coerce(dict(doc))
    if where.subject == "payment_intent":
        return _payment_intent(params, where, source, opts, trace)
    if where.subject == "setup_intent":
        return _setup_intent(params, source, opts, trace)
    return _subscription_update(params, where, source, opts, trace)


def _result(
    life: Life,
    source: SourceRef,
    params: dict[str, Any],
    *,
    kind: str,
    request: tuple[str, str],
    body: dict[str, Any],
    money: dict[str, Any] | None,
    fallback: dict[str, Any] | None = None,
) -> Translation:
    return Translation(
        source,
        "translated",
        stripe=params,
        dodo=body,
        requires=tuple(life.requires.values()),
        findings=tuple(life.trace.findings),
        fields=life.trace.fields,
        money=money,
        kind=kind,
        request=request,
        fallback=fallback,
    )


# -- PaymentIntents ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Charge:
    """What a PaymentIntent charges, read from its walked fields."""

    amount: int | Expr | None
    """The amount in minor units: an ``Expr`` when scanned code computes it at run time."""
    currency: str | Expr | None
    description: str | Expr | None
    customer: str | None
    method: str | None
    method_path: str

    def money(self) -> list[tuple[MoneyLine | None, MoneyLine | None]]:
        """Both sides of the money check: the Dodo call charges the same amount (a run-time
        amount or currency is the same expression on both sides: nothing to compare)."""
        if not isinstance(self.amount, int) or isinstance(self.currency, Expr):
            return []
        if not self.currency:
            return [(None, None)]
        line = MoneyLine(self.currency, Decimal(self.amount), None)
        return [(line, line)]


def _payment_intent(
    params: dict[str, Any], where: Route, source: SourceRef, opts: Options, trace: Trace
) -> Translation:
    if where.legacy == "charge":
        trace.emit("LC001", "")
        if "capture" in params:
            capture = params.pop("capture")
            trace.field("capture", Outcome.TRANSFORMED, "LC002")
            if capture is False:
                params["capture_method"] = "manual"
                trace.emit("LC002", "capture")
        if params.get("customer"):
            params.setdefault("off_session", True)
            params.setdefault("confirm", True)
    life = Life(trace, params, opts, "payment_intent")
    _walk(life, params)
    v = life.values
    raw = params.get("amount")
    amount: int | Expr | None = None
    if isinstance(raw, Expr):
        amount = raw.typed("int")  # carried into the Dodo call as the same expression
    elif not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
        trace.emit("PI106", "amount", value=short(raw))
    else:
        amount = raw
    if amount is not None and not v.get("currency") and "currency" not in life.trace.fields:
        shown = amount.source if isinstance(amount, Expr) else amount
        trace.emit("PI109", "currency", amount=shown)
    description = v.get("description")
    if isinstance(amount, int) and (problem := out_of_range(amount, positive=True)) is not None:
        shown = format_amount(amount, v["currency"]) if v.get("currency") else amount
        trace.emit("M005", "amount", what=f"`amount` {short(shown)}", reason=problem)
    method_path = "source" if "source" in v else "payment_method"
    charge = Charge(
        amount=amount,
        currency=v.get("currency"),
        description=(
            description.typed("str")
            if isinstance(description, Expr)
            else (str(description) if description else None)
        ),
        customer=str(v["customer"]) if v.get("customer") else None,
        method=str(v[method_path]) if v.get(method_path) else None,
        method_path=method_path,
    )
    if v.get("off_session"):
        return _on_demand_charge(life, source, params, charge)
    if params.get("setup_future_usage") == "off_session":
        return _charge_and_save(life, source, params, charge)
    if charge.method and v.get("confirm"):
        return _upsell(life, source, params, charge)
    return _one_time(life, source, params, charge)


_METHOD_ADVICE = {
    "on_demand_charge": "Nothing to pass: Dodo charges the method the customer authorised for "
    "the on-demand subscription.",
    "upsell": "Read the customer's Dodo payment methods at run time with "
    "client.customers.retrieve_payment_methods(customer_id).items (Node: "
    "(await client.customers.retrievePaymentMethods(customerId)).items); send `fallback` when "
    "there is none.",
    "checkout": "Redirect the buyer to the Dodo checkout_url; Dodo saves the method used.",
}


def _method_effect(life: Life, charge: Charge, effect: str, kind: str) -> None:
    if charge.method is not None:
        code = "PI031" if charge.method_path == "source" else "PI004"
        life.trace.emit(
            code,
            charge.method_path,
            payment_method=charge.method,
            effect=effect,
            advice=_METHOD_ADVICE[kind],
        )


def _on_demand_charge(
    life: Life, source: SourceRef, params: dict[str, Any], charge: Charge
) -> Translation:
    trace = life.trace
    trace.emit("PI100", "")
    _method_effect(life, charge, "the Dodo charge uses the mandate's method", "on_demand_charge")
    body: dict[str, Any] = {"product_price": _price(charge)}
    if charge.currency:
        body["product_currency"] = charge.currency
        shown = charge.currency.source if isinstance(charge.currency, Expr) else charge.currency
        trace.emit("PI108", "currency", currency=shown)
    if charge.description:
        body["product_description"] = charge.description
    build_metadata(life)
    if "metadata" in life.body:
        body["metadata"] = life.body["metadata"]
    if charge.customer:
        sub = _subscription_for(life, charge.customer)
    else:
        trace.emit("PI102", "customer")
        sub = "{subscription_id}"
    money = check_money(charge.money(), None, trace)
    return _result(
        life,
        source,
        params,
        kind="on_demand_charge",
        request=("POST", f"/subscriptions/{sub}/charge"),
        body={k: body[k] for k in CHARGE_ORDER if k in body},
        money=money,
    )


def _price(charge: Charge) -> int | Expr:
    """The amount a Dodo charge requires (``product_price``): the Stripe amount, or, when
    there is none (PI106 says so), a placeholder that no code compiles with."""
    if charge.amount is None:
        return Expr.absent("product_price", "int", "amount")
    return charge.amount


def runtime(value: Any) -> bool:
    """Whether ``value`` stands for an id known only at run time (``{customer}``, as the
    scanner writes a variable)."""
    return isinstance(value, str) and value.startswith("{") and value.endswith("}")


def _subscription_for(life: Life, customer: str) -> str:
    if runtime(customer):
        return "{subscription_id}"
    mapped = life.opts.ids.get(customer)
    if mapped is not None and mapped.id.startswith("sub_"):
        return mapped.id
    placeholder = placeholder_id("sub", f"on_demand:{customer}")
    life.trace.emit("PI101", "customer", customer=customer, placeholder=placeholder)
    life.require(placeholder, {"kind": "on_demand_subscription", "stripe_customer": customer})
    return placeholder


def _charge_and_save(
    life: Life, source: SourceRef, params: dict[str, Any], charge: Charge
) -> Translation:
    life.trace.emit("PI105", "")
    _method_effect(life, charge, "the buyer authorises a method on Dodo's checkout", "checkout")
    on_demand: dict[str, Any] = {"mandate_only": False, "product_price": _price(charge)}
    if charge.currency:
        on_demand["product_currency"] = charge.currency
    if charge.description:
        on_demand["product_description"] = charge.description
    body = _checkout_shell(life, charge.customer)
    currency = charge.currency if isinstance(charge.currency, str) and charge.currency else "USD"
    product = mandate_product(life, currency, {"setup_future_usage": True})
    body["product_cart"] = [{"product_id": product, "quantity": 1}]
    body["subscription_data"] = {"on_demand": on_demand}
    money = check_money(charge.money(), None, life.trace)
    return _checkout(life, source, params, kind="on_demand_mandate", body=body, money=money)


def _checkout_shell(life: Life, customer: str | None) -> dict[str, Any]:
    """The parts of a checkout body every kind shares: customer, metadata, return URL."""
    if customer and not runtime(customer):
        life.customer_id = customer
    build_customer(life)
    build_metadata(life)
    body = dict(life.body)
    if customer and runtime(customer):
        body["customer"] = {"customer_id": customer}
    url = life.values.get("return_url")
    if url:
        body["return_url"] = str(url)
    return body


def _checkout(
    life: Life,
    source: SourceRef,
    params: dict[str, Any],
    *,
    kind: str,
    body: dict[str, Any],
    money: dict[str, Any] | None,
    fallback: dict[str, Any] | None = None,
) -> Translation:
    """The result of a kind made as a checkout session (``POST /checkouts``)."""
    return _result(
        life,
        source,
        params,
        kind=kind,
        request=CHECKOUT,
        body=_finish(life, body),
        money=money,
        fallback=fallback,
    )


def _finish(life: Life, body: dict[str, Any]) -> dict[str, Any]:
    check_body(body, life.trace, life.enums, cart_path="")
    return {k: body[k] for k in BODY_ORDER if k in body}


def _cart_line(life: Life, charge: Charge) -> dict[str, Any]:
    """The one cart line that sells what a PaymentIntent charges: a one-time product at its
    amount; a pay-what-you-want product with the amount set on the line when the amount is
    known only at run time (or not given: PI106 blocks); a placeholder when the currency is
    not known, so no product can be chosen (PI109 or PI111 blocks)."""
    currency, amount = charge.currency, charge.amount
    if isinstance(currency, Expr):
        life.trace.emit("PI111", "currency", source=currency.source)
        return {"product_id": Expr.absent("product_id", "str", "currency"), "quantity": 1}
    if not currency:
        return {"product_id": "{product_id}", "quantity": 1}
    if isinstance(amount, int):
        return {"product_id": _one_time_product(life, charge, currency, amount), "quantity": 1}
    name = charge.description if isinstance(charge.description, str) else None
    pid = pay_what_you_want_product(life, currency, name, {"payment_intent": "amount"})
    shown = amount.source if amount is not None else "not given"
    life.trace.emit("PI110", "amount", placeholder=pid, amount=shown, minimum=PWYW_MINIMUM)
    line: dict[str, Any] = {"product_id": pid, "quantity": 1}
    if amount is not None:
        line["amount"] = amount
    return line


def _one_time_product(life: Life, charge: Charge, currency: str, amount: int) -> str:
    name = charge.description if isinstance(charge.description, str) else None
    spec = product_spec(
        name=name or "One-time payment",
        description=None,
        currency=currency,
        amount=amount,
        interval=None,
        interval_count=1,
        tax_inclusive=None,
        metadata={"stripe2dodo_role": "payment_intent"},
    )
    pid = placeholder_id("pdt", spec)
    life.require(pid, {"kind": "product", "stripe": {"payment_intent": "amount"}, "product": spec})
    return pid


def _upsell(life: Life, source: SourceRef, params: dict[str, Any], charge: Charge) -> Translation:
    trace = life.trace
    trace.emit("PI103", "")
    method_id = (
        "{payment_method_id}"
        if runtime(charge.method)
        else placeholder_id("pm", f"stripe_payment_method:{charge.method}")
    )
    effect = f"{method_id} stands for the customer's saved Dodo payment method"
    _method_effect(life, charge, effect, "upsell")
    if not runtime(method_id):
        life.require(
            method_id,
            {"kind": "payment_method", "stripe_id": charge.method, "customer": charge.customer},
        )
    line = _cart_line(life, charge)
    base = _checkout_shell(life, charge.customer)
    base["product_cart"] = [line]
    body = {**base, "minimal_address": True, "payment_method_id": method_id, "confirm": True}
    trace.emit("PI104", "")
    money = check_money(charge.money(), None, trace)
    fallback = {k: base[k] for k in BODY_ORDER if k in base}
    return _checkout(life, source, params, kind="upsell", body=body, money=money, fallback=fallback)


def _one_time(life: Life, source: SourceRef, params: dict[str, Any], charge: Charge) -> Translation:
    life.trace.emit("PI107", "")
    _method_effect(life, charge, "the buyer enters a method on Dodo's checkout", "checkout")
    line = _cart_line(life, charge)
    body = _checkout_shell(life, charge.customer)
    body["product_cart"] = [line]
    money = check_money(charge.money(), None, life.trace)
    return _checkout(life, source, params, kind="checkout_session", body=body, money=money)


# -- SetupIntents -----------------------------------------------------------------------------


def _setup_intent(
    params: dict[str, Any], source: SourceRef, opts: Options, trace: Trace
) -> Translation:
    life = Life(trace, params, opts, "setup_intent")
    _walk(life, params)
    trace.emit("SI100", "")
    body = _checkout_shell(life, life.values.get("customer"))
    body["product_cart"] = [
        {"product_id": mandate_product(life, "USD", {"setup_intent": True}), "quantity": 1}
    ]
    body["subscription_data"] = {"on_demand": {"mandate_only": True}}
    return _checkout(
        life,
        source,
        params,
        kind="on_demand_mandate",
        body=body,
        money=check_money([], None, trace),
    )


# -- Subscription updates and previews --------------------------------------------------------


def _subscription_update(
    params: dict[str, Any], where: Route, source: SourceRef, opts: Options, trace: Trace
) -> Translation:
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
    _walk(life, params)
    v = life.values
    subscription = v.get("subscription", subscription)
    if preview and not subscription:
        trace.emit("LC012", "subscription")
    body, pairs = _new_plan(life, params)
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
    sub = _dodo_subscription(life, subscription, where)
    suffix = "/change-plan/preview" if preview else "/change-plan"
    path = f"/subscriptions/{sub}{suffix}"
    trace.emit("SU100", "", endpoint=f"POST {path}")
    money = check_money(pairs, None, trace)
    ordered = {k: body[k] for k in CHANGE_ORDER if k in body}
    kind = "change_plan_preview" if preview else "change_plan"
    return _result(
        life, source, params, kind=kind, request=("POST", path), body=ordered, money=money
    )


def _from_preview(params: dict[str, Any], trace: Trace, where: Route) -> dict[str, Any]:
    trace.emit("LC010", "", what=where.what or "an invoice preview")
    out = dict(params)
    details = out.pop("subscription_details", None)
    if isinstance(details, dict):
        trace.field("subscription_details", Outcome.TRANSFORMED, "LC010")
        for key, value in details.items():
            out.setdefault(key, value)
    for old, new in _PREVIEW_KEYS.items():
        if old in out:
            out.setdefault(new, out.pop(old))
            trace.field(old, Outcome.TRANSFORMED, "LC010")
    return out


def _new_plan(
    life: Life, params: dict[str, Any]
) -> tuple[dict[str, Any], list[tuple[MoneyLine | None, MoneyLine | None]]]:
    trace = life.trace
    body: dict[str, Any] = {}
    pairs: list[tuple[MoneyLine | None, MoneyLine | None]] = []
    live = [
        line
        for index, line in sorted(life.lines.items())
        if not line.fields.get("deleted") and _changes(line)
    ]
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
            if not _usable_quantity(trace, f"{where}.quantity", quantity):
                continue
            addons.append({"addon_id": mapped.id, "quantity": quantity})
            trace.emit("SU107", where, extra=price, addon=mapped.id)
        else:
            unmapped.append(f"{where} ({price or 'inline price'})")
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
            body["quantity"] = max(1, _int(main.fields.get("quantity"), 1))
        else:
            body["product_id"] = entry["product_id"]
            body["quantity"] = entry["quantity"]
    else:
        placeholder = placeholder_id("pdt", f"current_product:{main.fields.get('id')}")
        trace.emit("SU102", f"items[{main.index}]", placeholder=placeholder)
        quantity = main.fields.get("quantity", 1)
        if not runtime(quantity):
            _usable_quantity(trace, f"items[{main.index}].quantity", quantity)
        life.require(placeholder, {"kind": "current_product", "stripe_item": main.fields.get("id")})
        body["product_id"] = placeholder
        body["quantity"] = max(1, _int(main.fields.get("quantity"), 1))
    return body, pairs


def _changes(line: Line) -> bool:
    return any(k in line.fields for k in ("price", "quantity")) or any(
        k.startswith("price_data.") for k in line.fields
    )


def _usable_quantity(trace: Trace, path: str, quantity: Any) -> bool:
    """A positive whole quantity of at most 12 digits; otherwise a blocker says why."""
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        trace.emit("L109", path, quantity=quantity)
        return False
    if (problem := out_of_range(quantity)) is not None:
        trace.emit("M005", path, what=f"Quantity {short(quantity)}", reason=problem)
        return False
    return True


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _dodo_subscription(life: Life, subscription: str | None, where: Route) -> str:
    if runtime(subscription) or (where.legacy == "item" and runtime(where.path_id)):
        return "{subscription_id}"  # known at run time (the scanner saw a variable)
    if subscription:
        mapped = life.opts.ids.get(subscription)
        if mapped is not None:
            return mapped.id
        what = f"Stripe subscription {subscription}"
        content = f"stripe_subscription_id:{subscription}"
    elif where.legacy == "item" and where.path_id:
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


__all__ = ["KINDS", "Route", "route", "translate_lifecycle"]
