"""Trials: Stripe's ``trial_period_days`` and ``trial_end`` as Dodo's ``trial_period_days``.

A ``trial_end`` is a Unix time; Dodo counts trial days from the purchase. A literal one becomes
the whole days from a reference (the recorded session's creation, ``--now``, or now), rounded
up (S002). One known only at run time (scanned code) becomes the same count made where the
session is created: the suggestion computes it in the file's language (op ``trial_days``:
``max(0, math.ceil((end - time.time()) / 86400))``), with RT055 saying the trial now counts
from then, not to the exact instant.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any, Final

from migrate.findings import Outcome
from migrate.mapping.cart import Cart
from migrate.mapping.expr import Expr, is_choice, is_expr, leaves, map_leaves, rebuilt
from migrate.mapping.runtime import MONEY_LOST, lost
from migrate.mapping.table import Rule, transform
from migrate.mapping.trace import short

TRIAL_END_AT_RUN_TIME: Final = "RT055"
_LAST_TIMESTAMP: Final = 253_402_300_799  # 9999-12-31T23:59:59Z, the last instant gmtime can show


@transform("trial_period_days", "checkout")
def _trial_days(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if both_at_run_time(cart, value):  # a run-time trial_end came first
        return both_lost(cart, value, path)
    set_trial_days(cart, value)
    return None


def set_trial_days(cart: Cart, value: Any) -> None:
    """The trial days of the subscription the cart starts (a run-time value as an int),
    joined with the days a run-time ``trial_end`` already gave (:func:`_joined`)."""
    cart.trial_given = True
    days = value.typed("int") if is_expr(value) else value
    cart.set_body("subscription_data.trial_period_days", _joined(cart, days))


def _joined(cart: Cart, days: Any) -> Any:
    """``days`` for Dodo's one ``trial_period_days`` when the other trial field (Stripe's
    ``trial_period_days`` and ``trial_end`` both land there) already set it at run time. Stripe
    refuses both at once, so code that sends both chooses one: where one is a choice that gives
    nothing (``days ? days : undefined`` beside ``days ? undefined : end``), the other's value
    fills it, in either order. Without such a choice the later one would overwrite the earlier,
    dropping a trial: :func:`both_at_run_time` reports it instead (RT002)."""
    sub = cart.body.get("subscription_data")
    before = sub.get("trial_period_days") if isinstance(sub, dict) else None
    if not is_expr(before) or not is_expr(days):
        return days
    for gaps, other in ((before, days), (days, before)):
        if is_choice(gaps) and None in gaps.leaves():  # each leaf keeps its own op
            return rebuilt(gaps, _fill_with(other)).typed("int")
    return days


def _fill_with(other: Expr) -> Callable[[Any], Any]:
    def fill(leaf: Any) -> Any:
        return other if leaf is None else leaf

    return fill


def both_lost(cart: Cart, value: Any, path: str) -> Outcome:
    """RT002 at ``path``: its run-time trial field beside the other one at run time, which
    :func:`_joined` cannot join (the Dodo call keeps the one set first; blocked)."""
    shown = short(value.source or "?")
    cart.trace.emit(MONEY_LOST, path, path=path, source=shown, lost=_BOTH)
    cart.trace.field(path, Outcome.BLOCKED, MONEY_LOST)
    return Outcome.BLOCKED


_BOTH = (
    "Stripe's `trial_period_days` and `trial_end` both become Dodo's one `trial_period_days`, "
    "both are computed at run time here, and the code does not show which one a call sends "
    "(a choice leaving one unset, `days ? days : undefined` beside `days ? undefined : end`, "
    "would say)"
)


def both_at_run_time(cart: Cart, value: Any) -> bool:
    """Whether the cart's ``trial_period_days`` already holds a run-time value that ``value``
    (the other trial field's, at run time) cannot be joined with (:func:`_joined`)."""
    sub = cart.body.get("subscription_data")
    before = sub.get("trial_period_days") if isinstance(sub, dict) else None
    if not is_expr(before) or not is_expr(value):
        return False
    return not any(is_choice(v) and None in v.leaves() for v in (before, value))


@transform("trial_end", "checkout")
def _trial_end(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    given = cart.norm.params.get("subscription_data")
    sent = given.get("trial_period_days") if isinstance(given, dict) else None
    if is_expr(value):
        if sent is not None and not is_expr(sent):  # Stripe refuses both
            return lost(cart.trace, "checkout", value, path)
        return run_time_trial_end(cart, "checkout", value, path)
    if not 0 <= int(value) <= _LAST_TIMESTAMP:
        error = "not a time before the year 10000"
        cart.trace.emit("C091", path, path=cart.trace.where(path), error=error, value=value)
        return Outcome.BLOCKED
    cart.trial_given = True
    recorded = cart.norm.recorded
    if recorded is not None and recorded.created:
        ref, label = recorded.created, "the recorded session's creation"
    elif cart.opts.now is not None:
        ref, label = cart.opts.now, "--now"
    else:
        ref, label = int(time.time()), "now"
    days = _days(value, ref)
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(int(value)))
    if sent is not None:  # Stripe refuses both; the day count is what is sent (S001)
        where = path.rpartition(".")[0] or path
        cart.trace.emit("S103", where, sent=sent, trial_end=stamp, days=days, reference=label)
        return Outcome.DROPPED
    cart.set_body("subscription_data.trial_period_days", days)
    cart.trace.emit(rule.code, path, trial_end=stamp, days=days, reference=label)
    return Outcome.APPROXIMATED


def run_time_trial_end(cart: Cart, subject: str, value: Any, path: str) -> Outcome:
    """A ``trial_end`` known only at run time: the whole days from when the session is made
    until it (RT055); a literal branch of a choice as a literal ``trial_end`` (from now: the
    code runs later), ``now`` (a subscription's: the trial ends at once) as no day. A literal
    that is not a time is lost (RT002)."""
    odd = [v for v in leaves(value) if not (is_expr(v) or v is None or v == "now" or _stamp(v))]
    if odd or (subject == "checkout" and "now" in leaves(value)):
        return lost(cart.trace, subject, value, path)
    if both_at_run_time(cart, value):  # a run-time trial_period_days came first
        return both_lost(cart, value, path)
    days = value.with_op("trial_days").typed("int")
    now = int(time.time()) if cart.opts.now is None else cart.opts.now
    set_trial_days(cart, map_leaves(days, lambda leaf: 0 if leaf == "now" else _days(leaf, now)))
    cart.trace.emit(TRIAL_END_AT_RUN_TIME, path, path=path, source=short(value.source))
    return Outcome.APPROXIMATED


def _days(end: Any, ref: int) -> Any:
    """The whole days from ``ref`` until the Unix time ``end``, rounded up, never below 0
    (``end`` itself when it is not a number: a run-time value, none)."""
    return max(0, math.ceil((end - ref) / 86400)) if _stamp(end) else end


def _stamp(value: Any) -> bool:
    return type(value) is int and 0 <= value <= _LAST_TIMESTAMP
