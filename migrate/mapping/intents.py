"""PaymentIntents and SetupIntents, translated to the Dodo calls that replace them.

A PaymentIntent (or a legacy ``POST /v1/charges``) becomes, by what it does, an on-demand charge
of the customer's mandate (``POST /subscriptions/{id}/charge``), a checkout that charges now and
saves the method (an on-demand subscription with an initial charge), a one-click upsell (a
checkout with the saved method, and the normal checkout as ``fallback``) or a one-time checkout.
A SetupIntent becomes a checkout that only authorises a mandate. The rules are those of
``mappings/on_demand.yaml``; routing is ``migrate/mapping/lifecycle.py``'s. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from migrate.display import format_amount
from migrate.findings import Outcome
from migrate.mapping.cart import (
    BODY_ORDER,
    PWYW_MINIMUM,
    Cart,
    Options,
    Translation,
    build_customer,
    build_metadata,
    check_body,
    mandate_product,
    pay_what_you_want_product,
)
from migrate.mapping.currency_lines import NO_CURRENCY, NOT_CHOSEN, by_currency, looked_up
from migrate.mapping.expr import Expr, children, is_expr, map_leaves
from migrate.mapping.lifecycle import UPDATE, Life, Route, as_life, result, runtime
from migrate.mapping.money import MoneyLine, check_money, out_of_range
from migrate.mapping.products import placeholder_id, product_spec
from migrate.mapping.runtime import LOST
from migrate.mapping.table import Rule, transform
from migrate.mapping.trace import Trace, short
from migrate.mapping.walk import walk_rules
from migrate.readers.base import SourceRef

CHECKOUT = ("POST", "/checkouts")


CHARGE_ORDER = ("product_price", "product_currency", "product_description", "metadata")


@transform("keep", "payment_intent", "setup_intent")
def _keep(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    """Keep the value for building the Dodo call; the rule's outcome stands, and any finding
    comes from the builder, which knows the kind of call (PI004's advice differs per kind)."""
    as_life(cart).values[path] = value
    return rule.outcome


@transform("pi_currency", "payment_intent")
def _pi_currency(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    life = as_life(cart)
    if is_expr(value):  # known at run time: upper-cased by the code that sends it
        upper = value.with_op("upper").typed("str")
        life.values["currency"] = map_leaves(
            upper, lambda leaf: leaf.upper() if isinstance(leaf, str) else leaf
        )
        return None
    currency = str(value).upper()
    if currency not in cart.enums.currencies:
        cart.trace.emit("D009", path, currency=currency)
        return Outcome.BLOCKED
    life.values["currency"] = currency
    return None


IN_PERSON = ("card_present", "interac_present")
"""The payment method types of Stripe Terminal: a card reader at a counter takes the payment."""


@transform("in_person_methods", "payment_intent", "setup_intent")
def _in_person_methods(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    """PI014 drops the methods of an online payment (Dodo offers its own); PI032 blocks an
    in-person one, named as a literal anywhere in the value (a run-time choice between a
    reader and the web included: the code may take the reader's branch)."""
    methods = _in_person(value)
    if not methods:
        return None
    cart.trace.emit("PI032", path, methods=methods)
    return Outcome.BLOCKED


def in_person_at_run_time(trace: Trace, subject: str, lost: list[Expr]) -> None:
    """PI032 for the methods of an intent the code chooses at run time (reported lost, RT001,
    unread): blocked when the code names a reader's method."""
    if subject not in ("payment_intent", "setup_intent"):
        return
    field = "payment_method_types"
    named = [v for v in lost if v.path == field or v.path.startswith(f"{field}[")]
    if methods := _in_person(named):
        trace.emit("PI032", field, methods=methods)


def _in_person(value: Any) -> str:
    """The in-person methods ``value`` names (``card_present`` and ...), or ''."""
    text = _texts(value)
    return " and ".join(f"`{m}`" for m in IN_PERSON if m in text)


def _texts(value: Any) -> str:
    """The literal text of ``value``: its strings, a choice's literal branches included."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(_texts(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return " ".join(_texts(v) for v in value)
    if is_expr(value):  # the literals it may be (a choice's branches), never its source: code
        return " ".join(_texts(c) for c in children(value))  # filtering them out names them too
    return ""


@transform("si_customer", "setup_intent")
def _si_customer(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    as_life(cart).values["customer"] = str(value)
    return None


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

    def unpriced(self) -> list[str]:
        """What of the charge only run time decides (the money check is then unverified)."""
        return [
            f"the {name} is computed at run time ({short(value.source)})"
            for name, value in (("amount", self.amount), ("currency", self.currency))
            if isinstance(value, Expr) and not value.missing
        ]


def translate_payment_intent(
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
        if params.get("customer") and not where.customer_made:  # its saved default source
            params.setdefault("off_session", True)
            params.setdefault("confirm", True)
    life = Life(trace, params, opts, "payment_intent")
    walk_rules(life, params, life.subject)
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
    if where.legacy == UPDATE:  # re-priced after creation: a new checkout (PI112 blocks)
        _repriced(life, where, params)
        if params.get("setup_future_usage") == "off_session":
            return _charge_and_save(life, source, params, charge)
        return _one_time(life, source, params, charge, repriced=True)
    if v.get("off_session"):
        return _on_demand_charge(life, source, params, charge)
    if params.get("setup_future_usage") == "off_session":
        return _charge_and_save(life, source, params, charge)
    if charge.method and v.get("confirm"):
        return _upsell(life, source, params, charge)
    return _one_time(life, source, params, charge)


def _repriced(life: Life, where: Route, params: dict[str, Any]) -> None:
    """PI112: a Dodo checkout or payment cannot be re-priced; the new cart is a new checkout."""
    ident = where.path_id
    intent = f"PaymentIntent {ident}" if ident and not runtime(ident) else "The PaymentIntent"
    changed = [
        f"{name} {short(value.source if is_expr(value) else value)}"
        for name in ("amount", "currency")
        if (value := params.get(name)) is not None
    ]
    what = "new " + " and ".join(changed) if changed else "its charge changed"
    life.trace.emit("PI112", "", intent=intent, what=what)  # the call's: judged from the code


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
    money = check_money(charge.money(), None, trace, unpriced=charge.unpriced())
    return result(
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
    money = check_money(charge.money(), None, life.trace, unpriced=charge.unpriced())
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
    return result(
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


def _cart_line(life: Life, charge: Charge, *, repriced: bool = False) -> dict[str, Any]:
    """The one cart line that sells what a PaymentIntent charges: a one-time product at its
    amount; a pay-what-you-want product with the amount set on the line when the amount is
    known only at run time (or not given: PI106 blocks); a placeholder when the currency is
    not known, so no product can be chosen (PI109 or PI111 blocks)."""
    currency, amount = charge.currency, charge.amount
    if isinstance(charge.description, Expr):
        # a checkout shows its product's name, and the product is made once, before run time
        life.trace.emit(
            LOST,
            "description",
            path="description",
            source=short(charge.description.source),
            lost="in a checkout it would name the product, which plan/apply create once, with a"
            " fixed name (an on-demand charge takes it as `product_description`): PI007",
        )
    if isinstance(currency, Expr):
        return _by_currency(life, charge, currency, amount)
    if not currency and repriced and isinstance(amount, Expr):
        # the PaymentIntent keeps its currency: the product of that currency takes the amount
        return {
            "product_id": Expr.absent("product_id", "str", "currency"),
            "quantity": 1,
            "amount": amount,
        }
    if not currency:
        return {"product_id": "{product_id}", "quantity": 1}
    if isinstance(amount, int):
        return {"product_id": _one_time_product(life, charge, currency, amount), "quantity": 1}
    name = charge.description if isinstance(charge.description, str) else None
    pid = pay_what_you_want_product(life, currency, name, {"payment_intent": "amount"})
    shown = amount.source if amount is not None else "not given"
    life.trace.emit("PI110", "amount", placeholder=pid, amount=shown, minimum=PWYW_MINIMUM)
    line = {"product_id": pid, "quantity": 1}
    if amount is not None:
        line["amount"] = amount
    return line


def _by_currency(life: Life, charge: Charge, currency: Expr, amount: Any) -> dict[str, Any]:
    """The line of a charge whose currency is known only at run time: its product (one-time at
    a literal amount, else pay-what-you-want with the amount on the line) is the one made in
    the currency the code passes, looked up by currency (migrate/mapping/currency_lines.py)."""
    line: dict[str, Any] = {"quantity": 1}
    if isinstance(amount, Expr):
        line["amount"] = amount
    source = short(currency.source)
    if not isinstance(amount, int | Expr):  # not given: PI106 blocks
        life.trace.emit("PI111", "currency", source=source, how=NOT_CHOSEN)
        return {"product_id": Expr.absent("product_id", "str", "currency"), **line}
    name = charge.description if isinstance(charge.description, str) else None

    def product(code: str) -> str:
        if isinstance(amount, int):
            return _one_time_product(life, charge, code.upper(), amount)
        return pay_what_you_want_product(life, code.upper(), name, {"payment_intent": "amount"})

    key = product(NO_CURRENCY)
    if isinstance(amount, Expr):
        life.trace.emit(
            "PI110", "amount", placeholder=key, amount=amount.source, minimum=PWYW_MINIMUM
        )
    life.trace.emit("PI111", "currency", source=source, how=looked_up(key))
    return {"product_id": by_currency(life, currency, key, product), **line}


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
    money = check_money(charge.money(), None, trace, unpriced=charge.unpriced())
    fallback = {k: base[k] for k in BODY_ORDER if k in base}
    return _checkout(life, source, params, kind="upsell", body=body, money=money, fallback=fallback)


def _one_time(
    life: Life,
    source: SourceRef,
    params: dict[str, Any],
    charge: Charge,
    *,
    repriced: bool = False,
) -> Translation:
    life.trace.emit("PI107", "")
    _method_effect(life, charge, "the buyer enters a method on Dodo's checkout", "checkout")
    line = _cart_line(life, charge, repriced=repriced)
    body = _checkout_shell(life, charge.customer)
    body["product_cart"] = [line]
    money = check_money(charge.money(), None, life.trace, unpriced=charge.unpriced())
    return _checkout(life, source, params, kind="checkout_session", body=body, money=money)


# -- SetupIntents -----------------------------------------------------------------------------


def translate_setup_intent(
    params: dict[str, Any], source: SourceRef, opts: Options, trace: Trace
) -> Translation:
    life = Life(trace, params, opts, "setup_intent")
    walk_rules(life, params, life.subject)
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
