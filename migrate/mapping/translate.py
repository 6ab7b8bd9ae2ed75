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

from collections.abc import Mapping
from typing import Any

from migrate.mapping.cart import Options, Translation
from migrate.mapping.checkout import translate_checkout
from migrate.mapping.condition_split import split_on_condition
from migrate.mapping.controls import screen_controls
from migrate.mapping.expr import Expr, distribute, has_expr, keep
from migrate.mapping.immaterial import settle_immaterial
from migrate.mapping.intents import (
    in_person_at_run_time,
    translate_payment_intent,
    translate_setup_intent,
)
from migrate.mapping.item_change import ADDED as ITEM_ADDED
from migrate.mapping.item_change import REMOVED as ITEM_REMOVED
from migrate.mapping.item_change import translate_item_change
from migrate.mapping.lifecycle import coerce, route
from migrate.mapping.literal_choices import Patch, carry_literal_choices, patched
from migrate.mapping.normalise import run_time_subscription_items
from migrate.mapping.plan_change import translate_subscription_update
from migrate.mapping.runtime import carried, report_lost
from migrate.mapping.subscription_cancel import translate_subscription_cancel
from migrate.mapping.subscription_create import translate_subscription_create
from migrate.mapping.table import load_table
from migrate.mapping.trace import Trace, short
from migrate.mapping.usage_events import idempotency_key, translate_usage_event
from migrate.readers.base import InputProblem, RawPayload, SourceRef

__all__ = ["Options", "Translation", "carried", "translate_item", "translate_params"]


_NEW_ITEMS = frozenset({"items", "subscription_items", "subscription_details.items"})
"""Where a plan change (``items``) or an invoice preview (the legacy ``subscription_items``,
the current ``subscription_details.items``) lists the subscription's new items."""


def _whole_item(subject: str, path: str) -> bool:
    """Whether ``path`` is one item of a subscription creation known only at run time as a
    whole (``items: [item]``; the caller checks that no item is known from the code): which
    Stripe price (or inline price) it holds is not in the code, as for a run-time list
    (SC103)."""
    head, _, index = path.partition("[")
    return subject == "subscription_create" and head == "items" and index[:-1].isdigit()


def translate_params(
    doc: dict[str, Any],
    source: SourceRef,
    opts: Options | None = None,
    meta: Mapping[str, str] | None = None,
    *,
    read: bool = False,
    settle: bool = True,
    split: bool = True,
) -> Translation:
    """Translate one Stripe document (create params, legacy shape, recorded session or event,
    or a call around Checkout).

    A document read from code may hold values known only at run time (``Expr``): those whose
    rule carries them go into the Dodo call; every other one is left out with a finding saying
    what is lost (``migrate/mapping/runtime.py``). Such a translation is marked for review.
    ``read``: ``doc`` was read from a file (``migrate/readers``: JSON values, form and curl
    strings), which never holds an ``Expr``: it is not searched for one. ``settle``: a choice
    between literals whose every value gives the same Dodo call is settled first
    (``migrate/mapping/immaterial.py``, which translates each value with ``settle`` off).
    ``split``: inline prices chosen together on one condition are first tried as a choice
    between the translations of its branches (``migrate/mapping/condition_split.py``, which
    translates each branch with ``split`` off)."""
    opts = opts or Options()
    trace = Trace(load_table())
    meta = dict(meta or {})
    where = route(doc, meta)  # by the fields sent: a value screened out below still says what it is
    if split and settle and where is None and not read and has_expr(doc):

        def whole(value: dict[str, Any]) -> Translation:
            return translate_params(value, source, opts, meta, split=False)

        done = split_on_condition(doc, whole, trace)
        if done is not None:
            return done
    doc = screen_controls(doc, trace)
    runtime = not read and has_expr(doc)
    subject = "checkout" if where is None else where.subject
    unpriced: list[str] = []
    patches: list[Patch] = []
    run_time_items: tuple[str, str] | None = None
    extra_items: tuple[tuple[str, str], ...] = ()
    if runtime:
        dropped: list[Expr] = []
        # SubscriptionItem.modify / .create: the call's own params are its item's
        item = where is not None and where.legacy in ("item", ITEM_ADDED)
        if where is None:  # legacy subscription items known only at run time (RT036)
            doc = run_time_subscription_items(doc, trace)
        doc = distribute(doc)
        if settle:

            def each(value: dict[str, Any]) -> Translation:
                return translate_params(value, source, opts, meta, settle=False)

            doc = settle_immaterial(doc, subject, carried(subject, item=item), each, trace)
            doc, patches = carry_literal_choices(
                doc, subject, carried(subject, item=item), each, trace
            )
        doc = keep(doc, carried(subject, item=item), dropped=dropped)
        if subject in ("subscription_update", "subscription_create"):
            # a run-time list of items: RT033 (a plan change) or SC103 (a creation) says it
            lists = [
                e
                for e in dropped
                if e.path in _NEW_ITEMS or (_whole_item(subject, e.path) and not doc.get("items"))
            ]
            run_time_items = (lists[0].path, lists[0].source) if lists else None
            # beside items the code shows: each one more item, no add-on the id map names
            beside = [e for e in dropped if _whole_item(subject, e.path) and e not in lists]
            extra_items = tuple((e.path, e.source) for e in beside)
            dropped = [e for e in dropped if e not in lists and e not in beside]
        unpriced = report_lost(trace, subject, dropped, item=item)
        in_person_at_run_time(trace, subject, dropped)
    if where is None:
        result = translate_checkout(
            doc, meta, source, opts, trace, runtime=runtime, unpriced=unpriced
        )
    else:
        if meta.get("stripe_version"):
            trace.emit("G015", "", version=meta["stripe_version"])
        spread = meta.get("runtime_params")
        if spread:  # params (or part of them) spread in from an object the scanner cannot read
            trace.emit("RT006" if doc else "RT034", "", source=short(spread))
        params = coerce(doc)
        if where.subject == "payment_intent":
            result = translate_payment_intent(params, where, source, opts, trace)
        elif where.subject == "setup_intent":
            result = translate_setup_intent(params, source, opts, trace)
        elif where.subject == "subscription_create":
            result = translate_subscription_create(
                params, source, opts, trace, run_time_items=run_time_items, extra_items=extra_items
            )
        elif where.subject == "subscription_cancel":
            result = translate_subscription_cancel(params, where, source, opts, trace)
        elif where.subject == "usage_event":
            key = idempotency_key(meta)
            result = translate_usage_event(params, where, source, opts, trace, key=key)
        elif where.legacy in (ITEM_ADDED, ITEM_REMOVED):
            result = translate_item_change(params, where, source, opts, trace)
        else:
            result = translate_subscription_update(
                params, where, source, opts, trace, run_time_items=run_time_items
            )
    result = patched(result, patches)
    if (runtime or meta.get("runtime_params")) and result.status == "translated":
        result = result._replace(review=True)
    return result


def translate_item(item: RawPayload | InputProblem, opts: Options | None = None) -> Translation:
    """Translate one reader item; an unreadable item becomes an ``error`` result."""
    if isinstance(item, InputProblem):
        return Translation(item.source, "error", error=f"{item.message}: {item.hint}")
    return translate_params(item.data, item.source, opts, item.meta, read=True)
