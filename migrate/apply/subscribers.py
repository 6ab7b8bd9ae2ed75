"""Carry out a subscribers plan in waves: issue each continuable subscriber one checkout link,
through the same engine and ledger as ``apply`` and ``sessions create``, exactly once.

A run (``run_campaign``) goes through the plan's checkout sessions, oldest Stripe period end
first, and for each decides:

* ``converted``: Dodo has a subscription whose metadata names its Stripe subscription (one
  whose first payment failed aside; a cancelled one counts: they converted, then left): nothing
  more is sent, ever;
* ``link live``: a link issued less than ``REISSUE_AFTER`` ago (24 h of life, and an hour for
  a checkout begun just before it expired) is still out: not issued again;
* ``not yet`` / ``stale``: the plan's trial days are right for links created in its window
  (``send_from``, ``send_until``): before it, Dodo would charge before Stripe's period ends;
  after it, a day late or more. Nothing is sent: plan again (the plan is never changed);
* ``later``: beyond ``--limit`` for this run;
* otherwise it is sent: first the catalog operations it needs (a legacy price's product, the
  subscriber's discount code) through ``Engine.run``, then the checkout session through
  ``Engine.carry_out``, recorded before and after like every operation. A link issued again
  after one expired is the next *round* (recorded as ``KEY#2``, ...), so the ledger keeps every
  link of a subscriber.

Skipped and manual subscribers are counted, never sent. The campaign rows are every subscriber
with a live link, new or earlier: what the merchant's mailer sends.

A run records in the ledger which Dodo subscription continues each converted subscriber's Stripe
subscription (``ledger ids`` writes them as the id map's subscription lookups). A dry run (no
client) records on a scratch copy of the ledger and returns the requests; it does not ask Dodo
which subscribers converted.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from migrate.apply.engine import ApplyReport, Engine
from migrate.apply.ledger import FINAL, Ledger, SessionEntry
from migrate.apply.sinks import DodoSink, RecordingSink
from migrate.display import format_amount
from migrate.dodo.interface import DodoAPI, SubscriptionReader
from migrate.plan.ops import PLACEHOLDER, Operation

LINK_LIFETIME = 24 * 3600
"""A Dodo checkout session lasts 24 hours."""
REISSUE_AFTER = LINK_LIFETIME + 3600
"""A link is issued again an hour after it expired: a checkout begun just before may finish."""
NEVER_STARTED = frozenset({"failed"})
"""The Dodo subscription status of a subscriber who did not convert (the first payment failed):
any other, cancelled included, means they converted once, and no link is issued again."""
ENDED = frozenset({"cancelled", "failed", "expired"})
"""Dodo subscription statuses that no longer bill."""
EXAMPLES = 20


@dataclass(frozen=True)
class CampaignRow:
    """One line of the campaign file: a subscriber and their live link."""

    email: str | None
    name: str | None
    checkout_url: str | None
    link_expires_at: str
    stripe_subscription_id: str
    stripe_period_end: str | None
    dodo_trial_days: int | None
    amount: str | None
    currency: str | None
    interval: str | None
    period_end: int = field(default=0, repr=False)

    def as_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out.pop("period_end")
        return out


COLUMNS = tuple(f.name for f in dataclasses.fields(CampaignRow) if f.name != "period_end")
"""The campaign file's columns, in order (CSV header, JSONL keys)."""


@dataclass
class CampaignRun:
    """What one run did: each subscriber's state, the catalog operations it needed, the live
    links (``rows``), the first reasons a subscriber was not sent, the failures."""

    states: Counter[str] = field(default_factory=Counter)
    catalog: ApplyReport = field(default_factory=ApplyReport)
    rows: list[CampaignRow] = field(default_factory=list)
    notes: list[tuple[str, str, str]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    requests: list[dict[str, Any]] | None = None
    conversions_checked: bool = False

    def note(self, state: str, key: str, reason: str) -> None:
        self.states[state] += 1
        if len(self.notes) < EXAMPLES:
            self.notes.append((state, key, reason))


def converted(client: SubscriptionReader) -> dict[str, list[dict[str, Any]]]:
    """Dodo's subscriptions by the Stripe subscription their metadata names (but those whose
    first payment failed)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for sub in client.iter_subscriptions():
        stripe_id = (sub.get("metadata") or {}).get("stripe_subscription_id")
        if isinstance(stripe_id, str) and sub.get("status") not in NEVER_STARTED:
            out.setdefault(stripe_id, []).append(sub)
    return out


def continuations(dodo: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, str | None]:
    """Each Stripe subscription named by Dodo subscriptions, with the one Dodo subscription
    that continues it: the live one (not ended), else the one that is not a failed first
    payment; ``None`` when that is not one (two live ones: converted twice), so that the id
    map never looks one up as the wrong subscription (:meth:`Ledger.record_subscriptions`)."""
    out: dict[str, str | None] = {}
    for stripe_id, subs in dodo.items():
        started = [s for s in subs if s.get("status") not in NEVER_STARTED]
        live = [s for s in started if s.get("status") not in ENDED]
        one = live if live else started
        ident = one[0].get("subscription_id") if len(one) == 1 else None
        out[stripe_id] = ident if isinstance(ident, str) and ident else None
    return out


def run_campaign(
    ops: Iterable[Operation],
    *,
    ledger: Ledger,
    client: DodoAPI | None,
    now: int,
    limit: int | None = None,
    on_sent: Callable[[Operation, str], None] | None = None,
) -> CampaignRun:
    """One wave of the campaign (see the module docstring): ``ledger`` opened for writing by
    the caller (``Ledger(path, exclusive=True)``), or read through a scratch copy for a dry run
    (``client`` None)."""
    ops = list(ops)
    by_key = {op.key: op for op in ops}
    run = CampaignRun()
    done: dict[str, Any] = {}
    if client is not None and isinstance(client, SubscriptionReader):
        done = converted(client)
        run.conversions_checked = True
        ledger.record_subscriptions(continuations(done))
    wave = list(_wave(_checkouts(ops), ledger, run, done=done, now=now, limit=limit))
    dry = client is None
    book = Ledger.scratch(ledger) if dry else ledger
    recording = RecordingSink()
    sink = recording if client is None else DodoSink(client)
    try:
        needed = _needed(wave, by_key)
        if needed:
            engine = Engine([op for op in ops if op.key in needed], sink, book)
            run.catalog = engine.run()
        engine = Engine((), sink, book, unresolved="keep" if dry else "fail")
        for op, source in wave:
            missing = [k for k in op.depends_on if _not_done(book, k)]
            if missing:
                run.note("blocked", op.key, f"needs {', '.join(missing)}, which is not in Dodo")
                continue
            outcome = engine.carry_out(dataclasses.replace(op, key=source), issued_at=_iso(now))
            if outcome.state != "done":
                run.states[outcome.state] += 1
                run.failures.append((op.key, outcome.error or outcome.state))
                continue
            run.states["sent"] += 1
            if not dry and outcome.request is not None:
                url = outcome.answer.get("checkout_url")
                run.rows.append(_row(op, url, now))
            if on_sent is not None:
                on_sent(op, outcome.state)
    finally:
        if book is not ledger:
            book.close()
    if dry:
        run.requests = list(recording.requests)
    run.rows.sort(key=lambda r: (r.period_end, r.stripe_subscription_id))
    return run


def _checkouts(ops: list[Operation]) -> list[Operation]:
    """The plan's checkout sessions, oldest Stripe period end first."""
    sessions = [op for op in ops if op.kind == "checkout_session"]
    return sorted(sessions, key=lambda op: (op.subscriber or {}).get("period_end") or 0)


def _wave(
    checkouts: list[Operation],
    ledger: Ledger,
    run: CampaignRun,
    *,
    done: dict[str, list[dict[str, Any]]],
    now: int,
    limit: int | None,
) -> Iterator[tuple[Operation, str]]:
    """The checkouts to send now, each with the ledger source of its round."""
    chosen = 0
    for op in checkouts:
        if op.action in ("skip", "manual"):
            run.states[op.action] += 1
            continue
        if done.get(op.stripe_id):
            run.states["converted"] += 1
            continue
        links = ledger.sessions_of(op.key)
        issued = [(_issued(link), link) for link in links if link.state in FINAL]
        live = [(at, link) for at, link in issued if at + REISSUE_AFTER > now]
        if live:
            at, link = max(live, key=lambda pair: pair[0])
            run.states["link live"] += 1
            run.rows.append(_row(op, link.checkout_url, at))
            continue
        who = op.subscriber or {}
        start, until = who.get("send_from"), who.get("send_until")
        if isinstance(start, int) and now < start:
            run.note("not yet", op.key, f"its trial days are for links from {_iso(start)}")
            continue
        if isinstance(until, int) and now >= until:
            why = f"its trial days were for links until {_iso(until)}: plan again"
            run.note("stale", op.key, why)
            continue
        if limit is not None and chosen >= limit:
            run.states["later"] += 1
            continue
        chosen += 1
        round_ = len(issued) + 1
        yield op, op.key if round_ == 1 else f"{op.key}#{round_}"


def _needed(wave: list[tuple[Operation, str]], by_key: dict[str, Operation]) -> set[str]:
    """The keys of the operations the wave's checkouts need, and what those need (a discount
    restricted to a product planned here needs that product)."""
    owners = {op.dodo_id: op.key for op in by_key.values() if op.dodo_id and op.request}
    needed: set[str] = set()
    todo = [dep for op, _ in wave for dep in op.depends_on]
    while todo:
        key = todo.pop()
        if key in needed or key not in by_key:
            continue
        needed.add(key)
        todo.extend(by_key[key].depends_on)
        request = by_key[key].request
        if request is not None:
            named = PLACEHOLDER.findall(json.dumps([request["path"], request["body"]]))
            todo.extend(owners[p] for p in named if p in owners and owners[p] != key)
    return needed


def _not_done(book: Ledger, key: str) -> bool:
    entry = book.get(key)
    return entry is None or entry.state not in FINAL


def _issued(link: SessionEntry) -> int:
    """When a link was issued (the run's clock), else when it was recorded."""
    stamp = link.issued_at or link.updated_at
    return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp())


def _row(op: Operation, url: str | None, issued: int) -> CampaignRow:
    who = op.subscriber or {}
    charge = op.charge or {}
    price, currency = charge.get("price"), charge.get("currency")
    amount = None
    if isinstance(price, int) and isinstance(currency, str):
        amount = format_amount(Decimal(price), currency).rsplit(" ", 1)[0]
    end = who.get("period_end")
    return CampaignRow(
        email=who.get("email"),
        name=who.get("name"),
        checkout_url=url,
        link_expires_at=_iso(issued + LINK_LIFETIME),
        stripe_subscription_id=op.stripe_id,
        stripe_period_end=_iso(end) if isinstance(end, int) else None,
        dodo_trial_days=who.get("trial_days"),
        amount=amount,
        currency=currency,
        interval=_interval(charge),
        period_end=end if isinstance(end, int) else 0,
    )


def _interval(charge: dict[str, Any]) -> str | None:
    interval, count = charge.get("interval"), int(charge.get("interval_count") or 1)
    if not isinstance(interval, str):
        return None
    return interval.lower() if count == 1 else f"{count} {interval.lower()}s"


def _iso(moment: int) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
