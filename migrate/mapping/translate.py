"""Translate one Stripe document into the Dodo call that replaces it: the router.

A document is a Checkout Session (create params, a legacy shape, a recorded session or event:
``migrate/mapping/checkout.py``) or one of the calls around Checkout, routed by its endpoint or
shape (``migrate/mapping/lifecycle.py``): a PaymentIntent or SetupIntent
(``migrate/mapping/intents.py``) or a subscription update (``migrate/mapping/plan_change.py``).
Control characters are screened first, and values known only at run time (scanned code) are
kept only where their rule carries them. Pure: no I/O.

The result types (``Translation``, ``Options``) are defined in ``migrate/mapping/cart.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from migrate.mapping.cart import Options, Translation
from migrate.mapping.checkout import translate_checkout
from migrate.mapping.controls import screen_controls
from migrate.mapping.expr import exprs_in, keep
from migrate.mapping.intents import translate_payment_intent, translate_setup_intent
from migrate.mapping.lifecycle import coerce, route
from migrate.mapping.normalise import LEGACY_PATHS
from migrate.mapping.plan_change import translate_subscription_update
from migrate.mapping.table import Subject, load_table, pattern_of
from migrate.mapping.trace import Trace
from migrate.readers.base import InputProblem, RawPayload, SourceRef

__all__ = ["Options", "Translation", "carried", "translate_item", "translate_params"]


def translate_params(
    doc: dict[str, Any],
    source: SourceRef,
    opts: Options | None = None,
    meta: Mapping[str, str] | None = None,
) -> Translation:
    """Translate one Stripe document (create params, legacy shape, recorded session or event,
    or a call around Checkout)."""
    opts = opts or Options()
    trace = Trace(load_table())
    meta = dict(meta or {})
    doc = screen_controls(doc, trace)
    where = route(doc, meta)
    runtime = any(True for _ in exprs_in(doc))
    if where is None:
        if runtime:
            doc = keep(doc, carried("checkout"))
        return translate_checkout(doc, meta, source, opts, trace, runtime=runtime)
    if meta.get("stripe_version"):
        trace.emit("G015", "", version=meta["stripe_version"])
    if runtime:
        doc = keep(doc, carried(where.subject))
    params = coerce(doc)
    if where.subject == "payment_intent":
        return translate_payment_intent(params, where, source, opts, trace)
    if where.subject == "setup_intent":
        return translate_setup_intent(params, source, opts, trace)
    return translate_subscription_update(params, where, source, opts, trace)


def carried(subject: str) -> Callable[[str], bool]:
    """Whether a value known only at run time at a Stripe params path (an ``Expr`` from scanned
    code) is carried into the Dodo call: its rule (or the nearest rule above it, for a key of
    ``metadata``) says ``runtime: carry``. Legacy paths count as the field normalise moves them
    to."""
    table = load_table()

    def check(path: str) -> bool:
        pattern = pattern_of(path)
        if subject == "checkout":
            pattern = LEGACY_PATHS.get(pattern, pattern)
        parts = pattern.split(".")
        for cut in range(len(parts), 0, -1):
            rule = table.by_stripe.get((cast(Subject, subject), ".".join(parts[:cut])))
            if rule is not None:
                return rule.runtime == "carry"
        return False

    return check


def translate_item(item: RawPayload | InputProblem, opts: Options | None = None) -> Translation:
    """Translate one reader item; an unreadable item becomes an ``error`` result."""
    if isinstance(item, InputProblem):
        return Translation(item.source, "error", error=f"{item.message}: {item.hint}")
    return translate_params(item.data, item.source, opts, item.meta)
