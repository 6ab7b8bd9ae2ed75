"""Usage reports, translated to Dodo's usage events.

A Stripe usage report bills a metered price: the legacy usage record (``POST
/v1/subscription_items/{id}/usage_records`` with ``quantity``, ``timestamp``, ``action``) and the
meter event (``POST /v1/billing/meter_events`` with ``event_name``, ``payload`` and
``identifier``). Dodo's counterpart is ``POST /events/ingest`` (the SDK's ``usage_events.ingest``):
a list of events, each naming its customer, its event name (the meter counting it), an
``event_id`` Dodo dedupes on, and ``metadata`` holding the value the meter aggregates. The rules
are those of ``mappings/usage_events.yaml``; routing is ``migrate/mapping/lifecycle.py``'s.
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from migrate.findings import Outcome
from migrate.mapping.cart import Cart, Options, Translation
from migrate.mapping.expr import Expr, is_expr
from migrate.mapping.lifecycle import USAGE_RECORD, Life, Route, as_life, result, runtime
from migrate.mapping.money import check_money
from migrate.mapping.products import placeholder_id
from migrate.mapping.runtime import lost
from migrate.mapping.table import Rule, transform
from migrate.mapping.trace import Trace, short
from migrate.mapping.walk import walk_rules
from migrate.readers.base import SourceRef

INGEST = ("POST", "/events/ingest")
_EVENT_ORDER = ("event_id", "customer_id", "event_name", "timestamp", "metadata")
_CUSTOMER_KEY = "stripe_customer_id"


@transform("ue_keep", "usage_event")
def _keep(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    """``event_name`` and ``identifier``: the same value, a string, in the event."""
    field = "event_name" if path == "event_name" else "event_id"
    as_life(cart).values[field] = value.typed("str") if is_expr(value) else str(value)
    return None


@transform("ue_value", "usage_event")
def _value(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    """A usage record's ``quantity``: the event's ``metadata.quantity``."""
    metadata = as_life(cart).values.setdefault("metadata", {})
    metadata["quantity"] = value.typed("int") if is_expr(value) else value
    return None


@transform("ue_timestamp", "usage_event")
def _timestamp(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    """``now`` is Dodo's default; any other time is not sent (UE104 says why)."""
    return _only(cart, path, value, "now", ("UE104", Outcome.DROPPED))


@transform("ue_action", "usage_event")
def _action(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    """``increment`` is what an event does; ``set`` (or a run-time choice) has no counterpart."""
    return _only(cart, path, value, "increment", ("UE103", Outcome.BLOCKED))


def _only(cart: Cart, path: str, value: Any, meant: str, other: tuple[str, Outcome]) -> Outcome:
    """Mapped when ``value`` is the one value Dodo's event means (``meant``); otherwise the
    finding ``other`` names, at ``path``, and its outcome."""
    if value == meant:
        return Outcome.MAPPED
    code, outcome = other
    cart.trace.emit(code, path, value=short(value.source if is_expr(value) else value))
    return outcome


@transform("ue_payload", "usage_event")
def _payload(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    """The payload: its ``stripe_customer_id`` the event's Dodo customer, every other key the
    same key of the event's ``metadata`` (flat values only, as Dodo's metadata takes)."""
    life = as_life(cart)
    if not isinstance(value, dict):  # the whole payload known only at run time
        if is_expr(value):
            return lost(life.trace, "usage_event", value, path)
        life.trace.emit("UE090", path, path=path)
        return Outcome.DROPPED
    metadata = life.values.setdefault("metadata", {})
    for key, item in value.items():
        where = f"{path}.{key}"
        if key == _CUSTOMER_KEY:
            _customer(life, where, item)
        elif isinstance(item, dict | list):
            life.trace.emit("UE090", where, path=where)
            life.trace.field(where, Outcome.DROPPED, "UE090")
        else:
            metadata[key] = item.typed("str") if is_expr(item) else item
    return None


def _customer(life: Life, path: str, value: Any) -> None:
    """The payload's Stripe customer as its Dodo customer: looked up at run time, from the id
    map, or a placeholder the plan creates (D015/D016)."""
    if is_expr(value):
        life.values["customer_id"] = Expr(value.source, path, "customer_id", "str")
        return
    stripe_id = str(value)
    mapped = life.opts.ids.get(stripe_id)
    if mapped is not None:
        life.values["customer_id"] = mapped.id
        return
    pid = placeholder_id("cus", f"stripe_customer_id:{stripe_id}")
    code = "D016" if life.opts.ids.given else "D015"
    life.trace.emit(code, path, stripe_id=stripe_id, placeholder=pid)
    life.require(pid, {"kind": "customer", "stripe_id": stripe_id})
    life.values["customer_id"] = pid


def translate_usage_event(
    params: dict[str, Any],
    where: Route,
    source: SourceRef,
    opts: Options,
    trace: Trace,
    *,
    key: str | Expr | None = None,
) -> Translation:
    """A usage record or meter event as one Dodo usage event (``POST /events/ingest``);
    ``key``: the idempotency key the Stripe call was sent with (a literal, or the expression
    that computes it), the event's ``event_id`` when the params name none (UE014)."""
    record = where.legacy == USAGE_RECORD
    life = Life(trace, params, opts, "usage_event")
    walk_rules(life, params, life.subject)
    v = life.values
    event: dict[str, Any] = {}
    if "event_id" in v:
        event["event_id"] = v["event_id"]
    elif key is not None and key != "":
        trace.emit("UE014", "", source=short(key.source if is_expr(key) else key))
        event["event_id"] = key
    else:
        trace.emit("UE102", "identifier" if not record else "")
        event["event_id"] = Expr.absent("event_id", "str", "identifier")
    if record:
        item = where.path_id or params.get("subscription_item")
        named = (
            f"The usage record of subscription item {item}"
            if isinstance(item, str) and item and not runtime(item)
            else "The usage record of a subscription item"
        )
        trace.emit("UE101", "", item=named)
        event["customer_id"] = Expr.absent("customer_id", "str", "subscription_item")
        event["event_name"] = Expr.absent("event_name", "str", "subscription_item")
    else:
        if "customer_id" not in v:
            trace.emit("UE105", "payload")
            event["customer_id"] = Expr.absent("customer_id", "str", "payload")
        else:
            event["customer_id"] = v["customer_id"]
        event["event_name"] = v.get("event_name") or Expr.absent("event_name", "str", "event_name")
    if v.get("metadata"):
        event["metadata"] = v["metadata"]
    name = event["event_name"]
    shown = short(name.source or "TODO_event_name") if is_expr(name) else short(name)
    key = "quantity" if record else _value_key(v.get("metadata"))
    aggregation = f"sums `metadata.{key}`" if key else "counts them (or sums a metadata key)"
    trace.emit("UE100", "", event=shown, aggregation=aggregation)
    money = check_money([], None, trace)
    money["status"] = "unverified"
    money["reason"] = "the usage is billed by the Dodo meter's price, which the code does not hold"
    body = {"events": [{k: event[k] for k in _EVENT_ORDER if k in event}]}
    return result(life, source, params, kind="usage_event", request=INGEST, body=body, money=money)


def idempotency_key(meta: Mapping[str, str]) -> str | Expr | None:
    """The idempotency key the translator is told the call was sent with: a literal
    (``idempotency_key``: a curl header, a string in code) or the expression that computes it
    (``idempotency_key_source``, scanned code); None when there is none."""
    if meta.get("idempotency_key"):
        return meta["idempotency_key"]
    code = meta.get("idempotency_key_source")
    return Expr(code, "idempotency_key", "", "str") if code else None


def _value_key(metadata: Any) -> str | None:
    if not isinstance(metadata, dict):
        return None
    return "value" if "value" in metadata else None


__all__ = ["INGEST", "idempotency_key", "translate_usage_event"]
