"""Values known only at run time (scanned code): which ones a rule carries, and what is lost.

A Stripe document read from code holds ``Expr`` values (``migrate/mapping/expr.py``). Before it
is translated, every one whose rule does not carry it (``runtime: carry`` in mappings/) is left
out, with a finding at its path saying what is lost (RT001; RT002 when it decides what the buyer
pays, which blocks; RT013, a blocker too, where its rule blocks any value: a Connect account).
The transforms that carry a value call :func:`lost` for the shapes they cannot carry either.
Pure: no I/O.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import cast

from migrate.findings import Level, Outcome
from migrate.mapping.expr import Expr, any_local
from migrate.mapping.normalise import LEGACY_PATHS
from migrate.mapping.rule_types import Subject
from migrate.mapping.table import Rule, RuleTable, load_table, pattern_of
from migrate.mapping.trace import Trace, short

LOST = "RT001"
MONEY_LOST = "RT002"
ALWAYS_BLOCKED = "RT013"
IMMATERIAL = "RT043"
CARRIED_CHOICE = "RT050"
SETTLED_CHOICES = frozenset({IMMATERIAL, CARRIED_CHOICE})
"""The findings of a run-time choice between literals settled when translating, not left out:
every value gives the same Dodo call (RT043, ``immaterial.py``), or the Dodo call makes it
(RT050, ``literal_choices.py``); each value was translated, so what they say is judged."""

_STEP = re.compile(r"\.|(?=\[\])")
_PRICE_ID = re.compile(r"(?:^|\])\.(?:price|plan)$")
"""The price id of a line or an item (``line_items[0].price``, ``items[1].plan``)."""


def ancestry(pattern: str) -> list[str]:
    """``line_items[].price_data.currency`` and each path pattern above it, nearest first:
    ``line_items[].price_data``, ``line_items[]``, ``line_items``."""
    parts = _STEP.split(pattern)
    out = []
    for cut in range(len(parts), 0, -1):
        out.append(".".join(parts[:cut]).replace(".[]", "[]"))
    return out


PREVIEW_KEYS = {
    "subscription_items": "items",
    "subscription_proration_behavior": "proration_behavior",
    "subscription_proration_date": "proration_date",
    "subscription_billing_cycle_anchor": "billing_cycle_anchor",
    "subscription_trial_end": "trial_end",
    "subscription_cancel_at_period_end": "cancel_at_period_end",
    "subscription_default_tax_rates": "default_tax_rates",
}
"""An invoice preview's params for the subscription update it previews (older flat names;
``subscription_details.x`` is ``x``)."""


ITEM_KEYS = frozenset({"price", "plan", "quantity", "price_data", "tax_rates", "metadata"})
"""A subscription item update's own params (``SubscriptionItem.modify(id, quantity=n)``): the
fields of the one item it changes (``items[]``)."""


def _update_path(pattern: str, item: bool = False) -> str:
    """The subscription update field an invoice preview's path (or, with ``item``, a
    subscription item update's) stands for."""
    if item and pattern.partition(".")[0] in ITEM_KEYS:
        return f"items[].{pattern}"
    pattern = pattern.removeprefix("subscription_details.")
    head, dot, rest = pattern.partition(".")
    name, bracket, tail = head.partition("[")
    name = PREVIEW_KEYS.get(name, name)
    return name + bracket + tail + dot + rest


def rule_at(table: RuleTable, subject: str, path: str, *, item: bool = False) -> Rule | None:
    """The rule of a Stripe params path, or of the nearest path above it that has one and no
    rules below it (a key of ``metadata`` has the rule of ``metadata``; a field of a line item
    with no rule of its own is not the whole line item's). Legacy paths count as the field
    normalise moves them to; with ``item``, a subscription item update's own params count as
    its item's."""
    pattern = pattern_of(path)
    if subject == "checkout":
        pattern = LEGACY_PATHS.get(pattern, pattern)
    elif subject == "subscription_update":
        pattern = _update_path(pattern, item)
    parents = _parents(table)
    for n, candidate in enumerate(ancestry(pattern)):
        rule = table.by_stripe.get((cast(Subject, subject), candidate))
        if rule is not None and (n == 0 or (subject, candidate) not in parents):
            return rule
    return None


_PARENTS: dict[int, frozenset[tuple[str, str]]] = {}


def _parents(table: RuleTable) -> frozenset[tuple[str, str]]:
    """The paths (per subject) that have rules below them."""
    got = _PARENTS.get(id(table))
    if got is None:
        got = frozenset(
            (subject, above)
            for subject, pattern in table.by_stripe
            for above in ancestry(pattern)[1:]
        )
        _PARENTS.clear()
        _PARENTS[id(table)] = got
    return got


def carried(subject: str, *, item: bool = False) -> Callable[[str], bool]:
    """Whether a value known only at run time at a Stripe params path (an ``Expr`` from scanned
    code) is carried into the Dodo call: its rule (or the nearest rule above it, for a key of
    ``metadata``) says ``runtime: carry``."""
    table = load_table()

    def check(path: str) -> bool:
        rule = rule_at(table, subject, path, item=item)
        return rule is not None and rule.runtime == "carry"

    return check


@functools.cache
def _money_patterns() -> tuple[frozenset[str], frozenset[str]]:
    values = load_table().by_code[MONEY_LOST].values or {}
    below = frozenset(str(p) for p in values.get("paths", ()))
    exact = frozenset(str(p) for p in values.get("exact", ()))
    return below, exact


def decides_money(path: str) -> bool:
    """Whether the Stripe field at ``path`` changes what the buyer pays: its amount, currency,
    interval or timing (RT002's list: ``paths`` with everything below them, ``exact`` as
    whole values only)."""
    pattern = pattern_of(path)
    pattern = LEGACY_PATHS.get(pattern, pattern)
    below, exact = _money_patterns()
    return pattern in exact or any(candidate in below for candidate in ancestry(pattern))


def what_is_lost(
    table: RuleTable, subject: str, path: str, *, item: bool = False
) -> tuple[str, Rule | None]:
    """Why the value at ``path`` cannot reach the Dodo call, in words, and its rule (with
    ``item``, a subscription item call's own params are its item's: ``rule_at``)."""
    rule = rule_at(table, subject, path, item=item)
    if rule is None and (subject, pattern_of(path)) in _parents(table):
        return (
            "it is a whole object known only at run time, and Dodo takes its fields one by "
            "one (each must be read in the code: the object built there, or its fields passed "
            "one by one)",
            None,
        )
    if rule is None:
        unknown = {"checkout": "C090"}.get(subject, "")
        named = f" ({unknown})" if unknown else ""
        return f"no rule maps this Stripe field{named}", None
    name = f"{rule.code} ({rule.name})"
    dodo = rule.dodo or ""
    if rule.outcome is Outcome.DROPPED:
        return f"Stripe's field has no Dodo counterpart: {name}", rule
    if rule.outcome is Outcome.BLOCKED:
        return f"Stripe's field cannot be translated: {name}", rule
    if dodo.startswith("requires"):
        return (
            f"it describes the Dodo product ({dodo}), which plan/apply create once, with fixed "
            f"values: {name}",
            rule,
        )
    return f"its Dodo counterpart is decided when translating, not at run time: {name}", rule


def lost(
    trace: Trace, subject: str, expr: Expr, path: str | None = None, *, item: bool = False
) -> Outcome:
    """Report a value known only at run time that cannot reach the Dodo call (at ``path``,
    its own by default): RT002 (blocked) when it decides what the buyer pays, RT013 (blocked)
    when its rule blocks every literal value, else RT001."""
    where = expr.path if path is None else path
    lost_text, rule = what_is_lost(trace.table, subject, where, item=item)
    money = decides_money(where)
    if any_local(expr):
        lost_text = (
            "it is computed inside the function that builds it, from a value that function "
            "awaits: written into the Dodo call, the awaited call would run again"
        )
        # a price id that cannot be looked up leaves its line without a product
        money = money or bool(_PRICE_ID.search(where))
    shown = short(expr.source or expr.over or "?")
    shown_path = where or "(the params)"
    if not money and rule is not None and blocks_any_value(rule):
        name = f"{rule.code} ({rule.name})"
        trace.emit(ALWAYS_BLOCKED, where, path=shown_path, source=shown, rule=name, why=rule.why)
        trace.field(where, Outcome.BLOCKED, ALWAYS_BLOCKED)
        return Outcome.BLOCKED
    code = MONEY_LOST if money else LOST
    trace.emit(code, where, path=shown_path, source=shown, lost=lost_text)
    outcome = Outcome.BLOCKED if money else Outcome.DROPPED
    trace.field(where, outcome, code)
    return outcome


def blocks_any_value(rule: Rule) -> bool:
    """Whether ``rule`` blocks its Stripe field whatever the literal value (a Connect account,
    a platform fee): it is ``outcome: blocked`` at level blocker with no transform judging the
    value (``capture_method`` blocks only ``manual``). A run-time value there blocks too
    (RT013)."""
    return (
        rule.outcome is Outcome.BLOCKED
        and rule.transform is None
        and rule.finding_level is Level.BLOCKER
    )


def report_lost(
    trace: Trace, subject: str, dropped: Iterable[Expr], *, item: bool = False
) -> list[str]:
    """A finding for every value left out of the Dodo call (``keep`` left them out), but those
    Dodo does not need (``runtime: unneeded``); the reasons the money check cannot hold (one
    per value that decides it). ``item``: a subscription item call's own params are its
    item's (``SubscriptionItem.create(metadata=...)`` is the item's metadata)."""
    reasons = []
    for expr in _regrouped(trace, subject, list(dropped)):
        rule = rule_at(trace.table, subject, expr.path, item=item)
        if rule is not None and rule.runtime == "unneeded":
            assert rule.outcome is not None
            trace.field(expr.path, rule.outcome, rule.code)
            continue
        blocked = lost(trace, subject, expr, item=item) is Outcome.BLOCKED
        if blocked and decides_money(expr.path):
            reasons.append(f"{expr.path} is computed at run time ({short(expr.source)})")
    return reasons


def _regrouped(trace: Trace, subject: str, dropped: list[Expr]) -> list[Expr]:
    """``dropped`` with the keys of one object chosen at run time (``x ? {name: "auto",
    address: "auto"} : undefined``, distributed key by key) put back together when one rule
    drops them all: one finding for the object, as the code wrote it, not one per key."""
    groups: dict[tuple[str, str], list[Expr]] = {}
    for expr in dropped:
        parent = expr.path.rpartition(".")[0]
        if parent and expr.form == "choice":
            groups.setdefault((parent, expr.source), []).append(expr)
    out: list[Expr] = []
    done: set[tuple[str, str]] = set()
    for expr in dropped:
        key = (expr.path.rpartition(".")[0], expr.source)
        members = groups.get(key, [])
        if len(members) < 2:
            out.append(expr)
            continue
        rules = {id(rule_at(trace.table, subject, m.path)) for m in members}
        if len(rules) > 1 or rule_at(trace.table, subject, key[0]) is None:
            out.append(expr)
        elif key not in done:
            done.add(key)
            out.append(Expr(expr.source, key[0]))
    return out
