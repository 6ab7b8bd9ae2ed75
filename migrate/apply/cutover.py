"""Where each subscriber of a campaign stands (``subscribers status``) and the cutover on Stripe
(``subscribers cutover``), from both sides' billing dates.

``judge`` pairs each subscriber of the plan (and any Dodo subscription whose metadata names a
Stripe subscription) with its Dodo subscriptions and its Stripe subscription as they are now,
and gives one outcome:

==================  ========  ========================================================
outcome             level     meaning
==================  ========  ========================================================
``converted``       info      one Dodo subscription, and Stripe ends the old one: Dodo
                              charges first on its next billing date, Stripe no more
``double charge``   blocker   both are active: Stripe charges at its period end and Dodo
                              from its next billing date (the fix: the cutover, before)
``early``           blocker   Dodo charges before Stripe's paid period ends
``converted twice`` blocker   two Dodo subscriptions for one Stripe subscription
``not converted``   info      no Dodo subscription yet (its link: live, expired, none)
``left``            info      not converted, and Stripe has cancelled it (or will)
``not moved``       info      the plan skips it or leaves it to a person
==================  ========  ========================================================

``cut_over`` is the only write to Stripe anywhere in the toolkit: it sets
``cancel_at_period_end`` on the Stripe subscriptions of the plan whose one Dodo subscription is
active, and on no other (never one that has not converted, or converted twice, or is
past_due: its open invoice must be voided by a person first). Each is read again just before
the write, so a rerun changes nothing: idempotent. Without ``send`` it only says what it would
do. A restricted key with the one permission *Subscriptions: Write* is enough.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import stripe

from migrate.apply.ledger import FINAL, Ledger
from migrate.errors import ConfigError
from migrate.plan.ops import Operation

DAY = 86_400
BILLING = ("active", "trialing", "past_due")
ENDED = frozenset({"cancelled", "failed", "expired"})
LINK_LIFETIME = 24 * 3600
Level = Literal["info", "warning", "blocker"]


@dataclass(frozen=True)
class Standing:
    """One subscriber: the outcome, why, the exact fix when one is needed, both billing
    dates (unix seconds) and the Dodo subscriptions."""

    stripe_id: str
    outcome: str
    level: Level
    message: str
    fix: str = ""
    email: str | None = None
    stripe_next: int | None = None
    """When Stripe charges next (None: it will not: cancelled or cancelling)."""
    stripe_period_end: int | None = None
    dodo_next: int | None = None
    dodo_ids: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "stripe_subscription_id": self.stripe_id,
            "outcome": self.outcome,
            "level": self.level,
            "message": self.message,
            "fix": self.fix,
            "email": self.email,
            "stripe_period_end": _iso(self.stripe_period_end),
            "stripe_next_charge": _iso(self.stripe_next),
            "dodo_next_billing_date": _iso(self.dodo_next),
            "dodo_subscription_ids": list(self.dodo_ids),
        }


@dataclass(frozen=True)
class StripeState:
    """A Stripe subscription as it is now."""

    status: str
    period_end: int | None
    cancelling: bool

    @classmethod
    def of(cls, sub: Mapping[str, Any]) -> StripeState:
        cancel_at = sub.get("cancel_at")
        return cls(
            status=str(sub.get("status") or ""),
            period_end=period_end(sub),
            cancelling=bool(sub.get("cancel_at_period_end")) or isinstance(cancel_at, int),
        )

    @property
    def next_charge(self) -> int | None:
        """When Stripe charges next: the period end, unless it ends or is cancelling."""
        if self.status not in BILLING or self.cancelling:
            return None
        return self.period_end


def period_end(sub: Mapping[str, Any]) -> int | None:
    """The end of a Stripe subscription's period: its items' (current API), else its own; for
    a trial, the trial's end."""
    if sub.get("status") == "trialing" and isinstance(sub.get("trial_end"), int):
        return int(sub["trial_end"])
    items = sub.get("items")
    data = items.get("data") if isinstance(items, dict) else None
    ends = [
        int(i["current_period_end"])
        for i in data or []
        if isinstance(i, dict) and isinstance(i.get("current_period_end"), int)
    ]
    own = sub.get("current_period_end")
    return min(ends) if ends else int(own) if isinstance(own, int) else None


def by_stripe_id(dodo: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """Dodo subscriptions (any status) by the Stripe subscription their metadata names."""
    out: dict[str, list[Mapping[str, Any]]] = {}
    for sub in dodo:
        stripe_id = (sub.get("metadata") or {}).get("stripe_subscription_id")
        if isinstance(stripe_id, str) and stripe_id:
            out.setdefault(stripe_id, []).append(sub)
    return out


@dataclass
class Judged:
    """Every subscriber's standing, and the counts by outcome."""

    rows: list[Standing] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in self.rows:
            out[row.outcome] = out.get(row.outcome, 0) + 1
        return dict(sorted(out.items()))

    @property
    def blockers(self) -> int:
        return sum(1 for row in self.rows if row.level == "blocker")


@dataclass
class _Context:
    """What every standing of one subscriber carries."""

    stripe_id: str
    email: str | None
    stripe_next: int | None
    stripe_period_end: int | None
    dodo_ids: tuple[str, ...]
    dodo_next: int | None = None

    def standing(self, outcome: str, level: Level, message: str, fix: str = "") -> Standing:
        return Standing(
            self.stripe_id,
            outcome,
            level,
            message,
            fix,
            self.email,
            self.stripe_next,
            self.stripe_period_end,
            self.dodo_next,
            self.dodo_ids,
        )


def judge(
    ops: Iterable[Operation],
    *,
    dodo: Mapping[str, list[Mapping[str, Any]]],
    stripe_subs: Mapping[str, Mapping[str, Any]],
    ledger: Ledger | None,
    now: int,
    plan_file: str = "PLAN",
) -> Judged:
    """Each subscriber's standing (see the module docstring)."""
    judged = Judged()
    seen: set[str] = set()
    for op in ops:
        if op.kind != "checkout_session":
            continue
        seen.add(op.stripe_id)
        found = (dodo.get(op.stripe_id, []), stripe_subs.get(op.stripe_id))
        judged.rows.append(_one(op.stripe_id, op, found, ledger=ledger, now=now, plan=plan_file))
    for stripe_id in sorted(set(dodo) - seen):  # named by a Dodo subscription, not this plan
        found = (dodo[stripe_id], stripe_subs.get(stripe_id))
        judged.rows.append(_one(stripe_id, None, found, ledger=None, now=now, plan=plan_file))
    return judged


def _one(
    stripe_id: str,
    op: Operation | None,
    sides: tuple[list[Mapping[str, Any]], Mapping[str, Any] | None],
    *,
    ledger: Ledger | None,
    now: int,
    plan: str,
) -> Standing:
    dodo, found = sides
    who = (op.subscriber or {}) if op is not None else {}
    state = StripeState.of(found) if found is not None else None
    live = [s for s in dodo if s.get("status") not in ENDED]
    ids = tuple(str(s.get("subscription_id")) for s in live)
    ctx = _Context(
        stripe_id,
        who.get("email"),
        state.next_charge if state else None,
        state.period_end if state else who.get("period_end"),
        ids,
    )
    if len(live) > 1:
        newest = max(live, key=lambda s: str(s.get("created_at") or ""))
        return ctx.standing(
            "converted twice",
            "blocker",
            f"{len(live)} Dodo subscriptions ({', '.join(ids)}) continue {stripe_id}",
            fix=f"cancel the newest: PATCH /subscriptions/{newest.get('subscription_id')} "
            '{"status": "cancelled"} (it charges first on '
            f"{_iso(_time(newest.get('next_billing_date')))})",
        )
    if not live:
        return _not_converted(ctx, op, state, ledger=ledger, now=now)
    sub = live[0]
    dodo_next = (
        None if sub.get("cancel_at_next_billing_date") else _time(sub.get("next_billing_date"))
    )
    ctx.dodo_next = dodo_next
    sub_id = str(sub.get("subscription_id"))
    end = state.period_end if state else None
    if state is None:
        return ctx.standing(
            "converted",
            "warning",
            f"Dodo subscription {sub_id} continues it, but Stripe's side was not read",
            fix="run status with the Stripe key (or a fresh `export --subscription-status all`)",
        )
    if dodo_next is not None and end is not None and dodo_next < end and state.status != "canceled":
        fix = f'PATCH /subscriptions/{sub_id} {{"next_billing_date": "{_iso(end)}"}}'
        if state.next_charge is not None:
            fix += "; then " + _cutover_fix(stripe_id, state, plan)
        return ctx.standing(
            "early",
            "blocker",
            f"Dodo charges first {_iso(dodo_next)}, before Stripe's paid period ends {_iso(end)}",
            fix=fix,
        )
    if state.next_charge is not None and dodo_next is not None:
        return ctx.standing(
            "double charge",
            "blocker",
            f"both are active: Stripe charges on {_iso(state.next_charge)} ({state.status}), "
            f"Dodo subscription {sub_id} on {_iso(dodo_next)}",
            fix=_cutover_fix(stripe_id, state, plan),
        )
    late = (dodo_next - end) if dodo_next is not None and end is not None else None
    timing = (
        f"Dodo charges first {_iso(dodo_next)}, "
        + (f"{_hours(late)} after Stripe's period ends" if late else "when Stripe's period ends")
        if dodo_next is not None
        else "Dodo will not charge again (cancelling)"
    )
    return ctx.standing("converted", "info", f"Dodo subscription {sub_id}; {timing}")


def _not_converted(
    ctx: _Context,
    op: Operation | None,
    state: StripeState | None,
    *,
    ledger: Ledger | None,
    now: int,
) -> Standing:
    if op is not None and op.action in ("skip", "manual"):
        why = op.reason or (op.findings[0].message if op.findings else op.action)
        return ctx.standing("not moved", "info", f"{op.action}: {why}")
    if state is not None and (state.status not in BILLING or state.cancelling):
        what = "cancels at its period end" if state.cancelling else f"is {state.status}"
        return ctx.standing("left", "info", f"not converted; on Stripe it {what}")
    link = "no link issued yet"
    if ledger is not None and op is not None:
        issued = [
            link_time
            for s in ledger.sessions_of(op.key)
            if s.state in FINAL and (link_time := _time(s.issued_at or s.updated_at)) is not None
        ]
        if issued:
            last = max(issued)
            link = (
                f"its link is live until {_iso(last + LINK_LIFETIME)}"
                if last + LINK_LIFETIME > now
                else f"its link expired {_iso(last + LINK_LIFETIME)}: `subscribers create` "
                "issues a new one"
            )
    return ctx.standing("not converted", "info", f"not converted yet: {link}")


def _cutover_fix(stripe_id: str, state: StripeState, plan_file: str) -> str:
    if state.status == "past_due":
        return (
            f"void {stripe_id}'s open invoice and cancel it in the Stripe Dashboard (cutover "
            "never touches a past_due subscription)"
        )
    return (
        f"`stripe2dodo subscribers cutover {plan_file} --apply` sets cancel_at_period_end on "
        f"{stripe_id} (or set it in the Stripe Dashboard) before {_iso(state.next_charge)}"
    )


# ---------------------------------------------------------------------------------------------
# the cutover: the one write to Stripe


@dataclass(frozen=True)
class CutoverRow:
    stripe_id: str
    state: str
    """``cancelled at period end`` (written now), ``would cancel`` (dry run), ``already``,
    ``not converted``, ``converted twice``, ``refused`` (past_due, ended), ``failed``."""
    detail: str = ""


def cutover_candidates(
    ops: Iterable[Operation], dodo: Mapping[str, list[Mapping[str, Any]]]
) -> Iterator[tuple[str, str | None]]:
    """Each subscriber of the plan, with the one active Dodo subscription that continues it
    (None: not converted, or converted twice: the reason)."""
    for op in ops:
        if op.kind != "checkout_session":
            continue
        live = [s for s in dodo.get(op.stripe_id, []) if s.get("status") not in ENDED]
        active = [s for s in live if s.get("status") == "active"]
        if len(live) > 1:
            yield op.stripe_id, "converted twice"
        elif len(active) == 1:
            yield op.stripe_id, None
        else:
            yield op.stripe_id, "not converted"


def cut_over(
    client: stripe.StripeClient,
    candidates: Iterable[tuple[str, str | None]],
    *,
    send: bool,
) -> list[CutoverRow]:
    """Set ``cancel_at_period_end`` on each converted candidate's Stripe subscription (with
    ``send``; else say what would be set)."""
    rows: list[CutoverRow] = []
    for stripe_id, problem in candidates:
        if problem is not None:
            rows.append(CutoverRow(stripe_id, problem, "not touched"))
            continue
        try:
            current = client.v1.subscriptions.retrieve(stripe_id).to_dict()
            state = StripeState.of(current)
            if state.status == "past_due":
                rows.append(
                    CutoverRow(stripe_id, "refused", "past_due: void its open invoice first")
                )
            elif state.status not in BILLING:
                rows.append(CutoverRow(stripe_id, "already", f"it is {state.status}"))
            elif state.cancelling:
                rows.append(CutoverRow(stripe_id, "already", "it cancels at its period end"))
            elif not send:
                rows.append(CutoverRow(stripe_id, "would cancel", f"at {_iso(state.period_end)}"))
            else:
                client.v1.subscriptions.update(stripe_id, params={"cancel_at_period_end": True})
                rows.append(
                    CutoverRow(stripe_id, "cancelled at period end", f"at {_iso(state.period_end)}")
                )
        except (stripe.AuthenticationError, stripe.PermissionError) as exc:
            raise _key_problem(exc) from None
        except stripe.StripeError as exc:
            message = " ".join((exc.user_message or type(exc).__name__).split())[:200]
            rows.append(CutoverRow(stripe_id, "failed", f"{exc.http_status}: {message}"))
    return rows


def _key_problem(exc: stripe.StripeError) -> ConfigError:
    if isinstance(exc, stripe.AuthenticationError):
        return ConfigError("Stripe rejected the API key (401)", hint=CUTOVER_KEY_HINT)
    return ConfigError(
        "the Stripe API key may not update subscriptions (403)", hint=CUTOVER_KEY_HINT
    )


CUTOVER_KEY_HINT = (
    "use a restricted key with the one permission Subscriptions: Write (STRIPE_API_KEY or "
    "--stripe-key); nothing else is written"
)


def _time(value: Any) -> int | None:
    if isinstance(value, int):
        return value
    if not isinstance(value, str) or not value:
        return None
    try:
        return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return None


def _iso(moment: int | None) -> str | None:
    if moment is None:
        return None
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hours(seconds: int) -> str:
    if seconds < 3600:
        return f"{seconds // 60} min"
    return f"{seconds / 3600:.1f} h"
