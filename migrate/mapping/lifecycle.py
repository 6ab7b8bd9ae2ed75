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
* **Subscription updates** (``POST /v1/subscriptions/{id}``, ``/v1/subscription_items/{id}``,
  an item added with ``POST /v1/subscription_items`` or removed with ``DELETE``)
  -> ``POST /subscriptions/{id}/change-plan``; invoice previews (``create_preview``, legacy
  ``upcoming``) -> ``/change-plan/preview`` (``change_plan`` / ``change_plan_preview``).

A document is routed by its endpoint (curl and recorded requests) or, without one, by its
shape: see :func:`route`. This module routes and holds what the three share (the ``Life`` cart,
typed form values, the result); ``migrate/mapping/intents.py`` translates PaymentIntents and
SetupIntents, ``migrate/mapping/plan_change.py`` subscription updates. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from migrate.mapping.cart import (
    KIND_TEXT,
    KINDS,
    Cart,
    Options,
    Translation,
    created,
    kind_text,
)
from migrate.mapping.expr import is_choice, map_leaves
from migrate.mapping.normalise import Normalised
from migrate.mapping.rule_types import Subject
from migrate.mapping.table import load_enums
from migrate.mapping.trace import Trace
from migrate.readers.base import SourceRef
from migrate.readers.limits import MAX_DIGITS

# KINDS and kind_text live in migrate/mapping/cart.py, beside the result whose kind they name.
__all__ = [
    "KINDS",
    "KIND_TEXT",
    "Life",
    "Route",
    "as_life",
    "coerce",
    "kind_text",
    "result",
    "route",
    "runtime",
]


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


_INTS = frozenset(
    [
        "amount",
        "application_fee_amount",
        "quantity",
        "proration_date",
        "trial_end",
        "trial_period_days",
        "backdate_start_date",
        "cancel_at",
        "unit_amount",
        "interval_count",
        "timestamp",
    ]
)


_BOOLS = frozenset(
    [
        "prorate",
        "invoice_now",
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


UPDATE = "update"
"""``Route.legacy`` of a PaymentIntent re-priced after its creation (``POST
/v1/payment_intents/{id}``)."""
USAGE_RECORD = "usage_record"
"""``Route.legacy`` of a legacy usage record (``POST
/v1/subscription_items/{id}/usage_records``)."""


@dataclass(frozen=True, slots=True)
class Route:
    """Which lifecycle subject a document is, and what its endpoint said."""

    subject: Subject
    legacy: str | None = None
    """``charge`` (POST /v1/charges), ``item`` (a subscription item update), ``item_create`` /
    ``item_delete`` (an item added or removed: ``migrate/mapping/item_change.py``),
    ``preview``, ``update`` (a PaymentIntent re-priced), ``usage_record`` (a legacy usage
    record, beside the meter events of the same subject)."""
    path_id: str | None = None
    """The id in the endpoint path (``sub_...``, ``si_...``)."""
    what: str = ""
    customer_made: bool = False
    """The call's customer is made in the same request (``meta[CUSTOMER_MADE]``): a legacy
    charge of it charges the card the buyer just gave (Checkout's token), not a saved method
    off-session."""


CUSTOMER_MADE = "customer_made"
"""The meta key a scan sets when the customer of a call is made before it in the same function."""


def route(doc: Mapping[str, Any], meta: Mapping[str, str]) -> Route | None:
    """The lifecycle subject of a document (:func:`_route`), with what the scan told of its
    customer."""
    found = _route(doc, meta)
    if found is not None and meta.get(CUSTOMER_MADE):
        return replace(found, customer_made=True)
    return found


def _route(doc: Mapping[str, Any], meta: Mapping[str, str]) -> Route | None:
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
    if parts[:1] == ["v2"] and parts[1:] == ["billing", "meter_events"] and method == "POST":
        return Route("usage_event")  # the v2 meter event: the same fields
    if parts[:1] == ["v1"]:
        parts = parts[1:]
    what = f"{method} {endpoint}"
    if method == "GET" and parts[:2] == ["invoices", "upcoming"]:
        return Route("subscription_update", legacy="preview", what=what)
    if method == "DELETE" and len(parts) == 2 and parts[0] == "subscription_items":
        return Route("subscription_update", legacy="item_delete", path_id=parts[1] or None)
    if method == "DELETE" and len(parts) == 2 and parts[0] == "subscriptions":
        return Route("subscription_cancel", path_id=parts[1] or None)
    if method != "POST":
        return None
    match parts:
        case ["payment_intents"]:
            return Route("payment_intent")
        case ["payment_intents", intent]:
            return Route("payment_intent", legacy=UPDATE, path_id=intent or None)
        case ["charges"]:
            return Route("payment_intent", legacy="charge")
        case ["setup_intents"]:
            return Route("setup_intent")
        case ["subscriptions"]:
            return Route("subscription_create")
        case ["subscriptions", sub]:
            return Route("subscription_update", path_id=sub or None)
        case ["subscription_items"]:
            return Route("subscription_update", legacy="item_create")
        case ["subscription_items", item]:
            return Route("subscription_update", legacy="item", path_id=item or None)
        case ["subscription_items", item, "usage_records"]:
            return Route("usage_event", legacy=USAGE_RECORD, path_id=item or None)
        case ["billing", "meter_events"]:
            return Route("usage_event")
        case ["invoices", "create_preview"] | ["invoices", "upcoming"]:
            return Route("subscription_update", legacy="preview", what=what)
    return None


# ---------------------------------------------------------------------------------------------
# What the subjects share


class Life(Cart):
    """A cart that also remembers the lifecycle fields the Dodo call is built from."""

    def __init__(
        self, trace: Trace, params: dict[str, Any], opts: Options, subject: Subject
    ) -> None:
        super().__init__(trace, Normalised(params), opts, load_enums())
        self.subject = subject
        self.values: dict[str, Any] = {}


def as_life(cart: Cart) -> Life:
    """The cart a lifecycle transform is given, as the ``Life`` it is."""
    assert isinstance(cart, Life)
    return cart


def runtime(value: Any) -> bool:
    """Whether ``value`` stands for an id known only at run time (``{customer}``, as the
    scanner writes a variable)."""
    return isinstance(value, str) and value.startswith("{") and value.endswith("}")


def coerce(params: dict[str, Any]) -> dict[str, Any]:
    """Form-encoded values are strings: make known integers and booleans typed (others stay)."""
    return {key: _coerced(key, value) for key, value in params.items()}


def _coerced(key: str, value: Any) -> Any:
    if is_choice(value):  # each branch as the value itself (`"14" if trial else "0"`)
        return map_leaves(value, lambda leaf: _coerced(key, leaf))
    if isinstance(value, dict) and key != "metadata":
        return coerce(value)
    if isinstance(value, list):
        return [coerce(v) if isinstance(v, dict) else v for v in value]
    if isinstance(value, str):
        if key in _BOOLS and value in ("true", "false"):
            return value == "true"
        if key in _INTS and value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS:
            return int(value)
    return value


def result(
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
    """The translated result of a lifecycle call: ``body`` sent as ``request``."""
    if fallback is not None:
        fallback, _ = created(fallback, life.requires, life.opts.ids)
    body, requires = created(body, life.requires, life.opts.ids)
    return Translation(
        source,
        "translated",
        stripe=params,
        dodo=body,
        requires=requires,
        findings=tuple(life.trace.findings),
        fields=life.trace.fields,
        money=money,
        kind=kind,
        request=request,
        fallback=fallback,
    )
