"""The ids a call around Checkout names at run time, carried into its Dodo call.

The scanner gives the translator a ``{name}`` stand-in for a run-time id that decides which Dodo
call a Stripe one becomes (``customer``, ``payment_method``, ``subscription``: site.py) and the
translator writes such an id into the Dodo call as it got it. Here each one becomes what the
Dodo call needs, in the file's own language, or a finding says what is lost:

* a Stripe customer id -> ``dodo_customer_id(expr)`` where the Dodo body names the customer;
* the subscription a plan change, a preview or a cancellation acts on (the path's
  ``{subscription_id}``: the call's id argument, or its ``subscription`` param) ->
  ``dodo_subscription_id(expr)``: the Dodo subscription the moved subscriber has (the id
  map's subscription look-up, ``stripe2dodo ledger ids``);
* a Stripe payment method id: no Dodo counterpart (Dodo saves its own); RT030, and the body's
  ``payment_method_id`` is a name defined nowhere (``TODO_payment_method_id``);
* the on-demand subscription a charge of a run-time customer needs: no Stripe id names it
  (RT031, ``TODO_subscription_id``);
* the subscription of a run-time subscription item (``SubscriptionItem.modify(item_id)``): a
  Dodo subscription has no items (RT032, ``TODO_subscription_id``).

Run-time values Dodo does not need at all (``runtime: unneeded``, such as the subscription item
id of a plan change) are *handled*: nothing to carry, nothing lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from migrate.findings import Finding, Level
from migrate.mapping.expr import Expr, exprs_in, is_choice, is_expr, rebuilt
from migrate.mapping.subscription_create import PRODUCT_STAND_IN
from migrate.mapping.table import load_table
from migrate.mapping.trace import short
from migrate.mapping.translate import Translation
from migrate.scan.extract import Dynamic
from migrate.scan.site import related_finding

SUBSCRIPTION_PARAM: Final = "{subscription_id}"
METHOD_FIELD: Final = "payment_method_id"
PAYMENT_METHOD: Final = "RT030"
ON_DEMAND: Final = "RT031"
ITEM: Final = "RT032"

_SUBSCRIPTION_ENDPOINT: Final = re.compile(r"^/v1/subscriptions/\{id\}(?:/|$)")
_ITEM_ENDPOINT: Final = re.compile(r"^/v1/subscription_items/\{id\}(?:/|$)")
_METHOD_EFFECT: Final = {
    "on_demand_charge": "the Dodo charge uses the method the customer authorised for the "
    "on-demand subscription (nothing to pass)",
    "upsell": "the one-click checkout needs the customer's saved Dodo payment method "
    "(`payment_method_id`, from GET /customers/{customer_id}/payment-methods)",
}

_CHECKOUT_EFFECT: Final = {
    "checkout_session": "the buyer enters a method on Dodo's checkout",
    "on_demand_mandate": "the buyer authorises a method on Dodo's checkout",
}
"""The kinds of PaymentIntent made a Dodo checkout, and what becomes of a Stripe method there
(PI004's effect, for a literal one)."""
_METHOD_PATHS: Final = ("payment_method", "source")


@dataclass(frozen=True)
class Resolved:
    """A translation with its run-time ids resolved: ``ident`` for the path's
    ``{subscription_id}``, ``handled`` the run-time paths Dodo does not need."""

    translation: Translation
    ident: Expr | None = None
    handled: tuple[str, ...] = ()


def resolve(
    translation: Translation,
    dynamic: tuple[Dynamic, ...],
    *,
    endpoint: str = "",
    id_source: str | None = None,
    customer: Any = None,
) -> Resolved:
    """``translation`` (of a call around Checkout to ``endpoint``, whose id argument is
    ``id_source`` when it is known only at run time) with its run-time ids carried or reported
    (see the module docstring); ``customer``: the call's ``customer`` as the translator reads
    it (a choice keeps its branches: no customer where it gives none)."""
    handled = _unneeded(translation)
    if translation.request is None or translation.dodo is None:
        return Resolved(translation, None, handled)
    sources = {d.path: d.source for d in dynamic if d.path}
    extra: list[Finding] = []
    dodo = _carried(translation.dodo, sources, translation.kind, extra, customer)
    fallback = translation.fallback
    if fallback is not None:
        fallback = _carried(fallback, sources, translation.kind, [], customer)
    ident: Expr | None = None
    if SUBSCRIPTION_PARAM in translation.request[1]:
        ident = _subscription(translation.kind, sources, endpoint, id_source, extra)
    named = [e.path for e in exprs_in([dodo, fallback, ident]) if not e.missing]
    rules = load_table().by_code
    said = {
        f.path
        for f in (*translation.findings, *extra)
        if f.code in rules and rules[f.code].runtime == "report"
    }
    if "customer" in sources and "customer" not in named and "customer" not in said:
        # a plan change or its preview acts on a subscription: the customer names nothing more
        extra.append(
            _finding(
                "RT001",
                "customer",
                source=sources["customer"],
                lost="the Dodo call acts on a subscription, which the customer does not name",
            )
        )
    if not extra and dodo is translation.dodo and fallback is translation.fallback:
        return Resolved(translation, ident, handled)
    seen = {(f.code, f.path) for f in translation.findings}
    findings = translation.findings + tuple(f for f in extra if (f.code, f.path) not in seen)
    done = translation._replace(dodo=dodo, fallback=fallback, findings=findings, review=True)
    return Resolved(done, ident, handled)


def _subscription(
    kind: str,
    sources: Mapping[str, str],
    endpoint: str,
    id_source: str | None,
    extra: list[Finding],
) -> Expr | None:
    """The Dodo subscription the call acts on, as code: the Stripe one looked up, or a name
    defined nowhere with a finding saying why (None: not known to be run-time)."""
    if id_source and _SUBSCRIPTION_ENDPOINT.match(endpoint):
        return Expr(id_source, "subscription", "subscription_id", "str")
    if "subscription" in sources:
        return Expr(sources["subscription"], "subscription", "subscription_id", "str")
    missing = Expr.absent("subscription_id", "str", "subscription")
    if id_source and _ITEM_ENDPOINT.match(endpoint):
        extra.append(_finding(ITEM, "", source=id_source))
        return missing
    if kind == "on_demand_charge" and "customer" in sources:
        extra.append(_finding(ON_DEMAND, "customer", source=sources["customer"]))
        return missing
    return None


def _carried(
    body: dict[str, Any],
    sources: Mapping[str, str],
    kind: str,
    extra: list[Finding],
    given: Any = None,
) -> dict[str, Any]:
    """``body`` with the stand-ins the translator kept replaced (the same dict when none).
    ``given``: the call's run-time ``customer``; a choice (``if opts != nil { opts.Customer }``)
    is the same choice between the Dodo customers, none where it gives none: its source is
    no expression of the file's language to look up whole."""
    customer = body.get("customer")
    out = body
    if (
        type(customer) is dict
        and customer.get("customer_id") == "{customer}"
        and "customer" in sources
    ):
        if is_choice(given) and all(is_expr(v) or v is None for v in given.leaves()):
            chosen = given.with_op("customer_id").typed("str")
            out = {
                **out,
                "customer": rebuilt(
                    chosen, lambda leaf: None if leaf is None else {**customer, "customer_id": leaf}
                ),
            }
        else:
            looked_up = Expr(sources["customer"], "customer", "customer_id", "str")
            out = {**out, "customer": {**customer, "customer_id": looked_up}}
    cart = body.get("product_cart")
    if type(cart) is list and any(_stand_in(line) for line in cart):
        # a product the translation could not read (a blocker says why): never sold as the
        # literal text "{product_id}", a name defined nowhere instead
        absent = Expr.absent("product_id", "str", "items")
        lines = [{**line, "product_id": absent} if _stand_in(line) else line for line in cart]
        out = {**out, "product_cart": lines}
    if body.get(METHOD_FIELD) == "{payment_method_id}":
        paths = ("source", "default_payment_method", "payment_method")
        path = next((p for p in paths if p in sources), "payment_method")
        if path in sources:  # no Stripe method in the call: nothing at run time to report
            effect = _METHOD_EFFECT.get(kind, _METHOD_EFFECT["upsell"])
            extra.append(_finding(PAYMENT_METHOD, path, source=sources[path], effect=effect))
        method = Expr(f"TODO_{METHOD_FIELD}", path, type="str")  # defined nowhere: cannot run
        out = {**out, METHOD_FIELD: method}
    elif kind == "on_demand_charge":
        for path in ("payment_method", "source"):
            if path in sources:  # nothing to pass: what is lost is only the choice of method
                effect = _METHOD_EFFECT[kind]
                extra.append(
                    _finding(
                        PAYMENT_METHOD, path, source=sources[path], effect=effect, level=Level.INFO
                    )
                )
    elif kind in _CHECKOUT_EFFECT and METHOD_FIELD not in body:
        # a checkout asks the buyer for a method: the Stripe one is lost (PI004 when literal)
        for path in _METHOD_PATHS:
            if path in sources:
                effect = _CHECKOUT_EFFECT[kind]
                extra.append(_finding(PAYMENT_METHOD, path, source=sources[path], effect=effect))
    return out


def _stand_in(line: Any) -> bool:
    return type(line) is dict and line.get("product_id") == PRODUCT_STAND_IN


def _finding(code: str, path: str, **details: Any) -> Finding:
    """The finding of ``code`` at ``path``, worded by mappings/runtime.yaml."""
    shown = {k: short(v) if k == "source" else v for k, v in details.items()}
    level = shown.pop("level", None)
    if level is not None:
        shown["level"] = level
    return related_finding(code, path=path or "(the call)", **shown)._replace(path=path)


def _unneeded(translation: Translation) -> tuple[str, ...]:
    """The run-time paths whose rule says Dodo does not need them (``runtime: unneeded``)."""
    rules = load_table().by_code
    return tuple(
        path
        for path, (_, code) in translation.fields.items()
        if code in rules and rules[code].runtime == "unneeded"
    )


__all__ = ["Resolved", "resolve"]
