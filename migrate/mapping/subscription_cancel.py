"""Subscriptions cancelled now, translated to Dodo's subscription update.

Stripe's ``DELETE /v1/subscriptions/{id}`` (``Subscription.cancel``, the legacy ``.delete``)
ends a subscription at once, optionally crediting the unused period (``prorate``) and billing
what is pending (``invoice_now``). Dodo's counterpart is ``PATCH /subscriptions/{id}`` with
``status: cancelled`` (the SDK's ``subscriptions.update``), which neither credits nor bills: the
rules of ``mappings/subscription_cancel.yaml`` say where the money differs. Pure: no I/O.
"""

from __future__ import annotations

from typing import Any, Final

from migrate.findings import Outcome
from migrate.mapping.cart import Cart, Options, Translation
from migrate.mapping.expr import is_expr
from migrate.mapping.lifecycle import Life, Route, as_life, result
from migrate.mapping.money import check_money
from migrate.mapping.plan_change import dodo_subscription
from migrate.mapping.table import Rule, transform
from migrate.mapping.trace import Trace, short
from migrate.mapping.walk import walk_rules
from migrate.readers.base import SourceRef

FEEDBACK: Final = frozenset(
    {
        "too_expensive",
        "missing_features",
        "switched_service",
        "unused",
        "customer_service",
        "low_quality",
        "too_complex",
        "other",
    }
)
"""Dodo's cancellation reasons (SDK ``CancellationFeedback``): Stripe's eight."""
_ORDER: Final = ("status", "cancellation_feedback", "cancellation_comment")


def _money_flag(cart: Cart, code: str, path: str, value: Any) -> Outcome | None:
    """``prorate`` / ``invoice_now``: false is what Dodo does; true (or a value chosen at run
    time) moves money Dodo does not move: ``code`` blocks."""
    if value is False:
        return Outcome.MAPPED
    shown = value.source if is_expr(value) else str(value).lower()
    cart.trace.emit(code, path, value=short(shown))
    return Outcome.BLOCKED


@transform("sx_prorate", "subscription_cancel")
def _prorate(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    return _money_flag(cart, "SX101", path, value)


@transform("sx_invoice_now", "subscription_cancel")
def _invoice_now(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    return _money_flag(cart, "SX102", path, value)


@transform("sx_keep", "subscription_cancel")
def _keep(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    as_life(cart).values["cancellation_comment"] = (
        value.typed("str") if is_expr(value) else str(value)
    )
    return None


@transform("sx_feedback", "subscription_cancel")
def _feedback(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if is_expr(value):
        as_life(cart).values["cancellation_feedback"] = value.typed("str")
        return None
    if value not in FEEDBACK:
        cart.trace.emit("SX103", path, value=short(value))
        return Outcome.DROPPED
    as_life(cart).values["cancellation_feedback"] = value
    return None


def translate_subscription_cancel(
    params: dict[str, Any], where: Route, source: SourceRef, opts: Options, trace: Trace
) -> Translation:
    """An immediate cancellation as Dodo's ``PATCH /subscriptions/{id}`` with ``status:
    cancelled``."""
    life = Life(trace, params, opts, "subscription_cancel")
    walk_rules(life, params, life.subject)
    trace.emit("SX100", "")
    body: dict[str, Any] = {"status": "cancelled", **life.values}
    sub = dodo_subscription(life, where.path_id, where)
    money = check_money([], None, trace)
    return result(
        life,
        source,
        params,
        kind="subscription_patch",
        request=("PATCH", f"/subscriptions/{sub}"),
        body={k: body[k] for k in _ORDER if k in body},
        money=money,
    )


__all__ = ["translate_subscription_cancel"]
