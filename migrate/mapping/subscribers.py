"""Map one Stripe subscription onto what continues it on Dodo: a checkout session whose
subscription starts charging when Stripe's next charge would have come.

Every field of the subscription is visited with the rule declared for it (subject
``subscription``, ``mappings/subscribers.yaml``) by the walker every mapping shares, so nothing
is dropped without a reason. ``assess`` returns a ``Subscriber``: its lines (price and
quantity), the coupons with cycles left, the customer and billing address, the timing and the
amount Stripe would charge next, its findings and what the plan does with it (continue, skip,
manual). ``migrate.plan.subscribers`` turns it into operations against the applied catalog.

Timing: a Dodo trial counts whole days from the moment the subscriber completes the checkout.
``trial_days`` rounds *up* the exact time (unix seconds, UTC: no time zone or daylight saving
enters) from the reference instant to the end of Stripe's period, so a checkout completed at
the reference instant charges first at most a day after Stripe would have, and never before.
The days are right for a link created in ``[send_from, send_until)``; a link created later
would charge a day late or more (``subscribers create`` refuses it: plan again). A subscriber
whose period ends within a day of the reference waits for the next plan: with one day of
trial, a link valid 24 hours could be paid after Stripe's own charge (``MIN_TRIAL_DAYS``).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any, Literal

from migrate.display import format_amount, per_interval
from migrate.findings import Finding, Level, Outcome
from migrate.mapping.table import Rule, RuleTable, load_enums, load_table, transform
from migrate.mapping.trace import Trace, short
from migrate.mapping.walk import walk_rules
from migrate.readers.idmap import INTERVALS

DAY = 86_400
MAX_TRIAL_DAYS = 10_000
"""Dodo's largest ``trial_period_days``."""
MIN_TRIAL_DAYS = 2
"""Fewer days would mean Stripe charges within a day: a link (24 hours) sent now could be paid
after Stripe's charge, and both would charge. With 2 or more, a link created in its window
expires before Stripe's period ends."""
BILLING = ("active", "trialing", "past_due")
"""Statuses whose subscribers still pay, and so move."""
PastDue = Literal["decide", "charge-now"]
Action = Literal["continue", "skip", "manual"]


@dataclass(frozen=True)
class SubscribedLine:
    """One item: its Stripe price (whole), the quantity, and what one unit costs in the
    subscription's currency (None: not a fixed amount)."""

    price_id: str
    product_id: str
    quantity: int
    price: Mapping[str, Any]
    currency: str
    unit_amount: Decimal | None

    @property
    def foreign(self) -> bool:
        """The subscription pays in one of the price's other currencies."""
        return self.currency != str(self.price.get("currency") or "").upper()


@dataclass(frozen=True)
class CouponLeft:
    """A coupon still discounting the subscription, and how many more charges it takes off
    (None: every one)."""

    coupon: Mapping[str, Any]
    discount_id: str
    cycles: int | None


@dataclass(frozen=True)
class Subscriber:
    """What one Stripe subscription needs to continue on Dodo."""

    stripe_id: str
    customer_id: str | None
    email: str | None
    name: str | None
    currency: str
    interval: str | None
    """Dodo's name (``Month``)."""
    interval_count: int
    lines: tuple[SubscribedLine, ...]
    coupons: tuple[CouponLeft, ...]
    period_end: int | None
    """When Stripe charges next (unix seconds): the period end, or the trial's end."""
    reference: int
    """The instant the trial days are counted from (``--cutover``, default now)."""
    trial_days: int | None
    """Dodo's ``trial_period_days``; None: no trial, charged at checkout (past_due)."""
    send_from: int | None
    send_until: int | None
    """A link created in ``[send_from, send_until)`` charges on time (None: any time)."""
    action: Action
    findings: tuple[Finding, ...]
    fields: Mapping[str, tuple[Outcome, str]]
    billing_address: dict[str, str] | None
    tax_id: str | None
    metadata: dict[str, str]
    list_amount: Decimal | None
    """What Stripe charges per period before discounts (None: not a fixed amount)."""
    amount: Decimal | None
    """What Stripe would charge next, after the discounts that still apply."""
    status: str

    @property
    def level(self) -> Level | None:
        if not self.findings:
            return None
        return max((f.level for f in self.findings), key=lambda lv: lv.rank)

    def monthly(self) -> Decimal | None:
        """``amount`` as a monthly figure (a year is 12 months, a week 52/12 of one, a day
        365/12): for the report's revenue totals."""
        if self.amount is None or self.interval is None:
            return None
        return monthly(self.amount, self.interval, self.interval_count)


@dataclass
class SubscriptionDraft:
    """What the walk of one subscription learnt (the ``Walked`` state of its transforms)."""

    trace: Trace
    obj: Mapping[str, Any]
    lines: list[SubscribedLine] = field(default_factory=list)
    customer: Mapping[str, Any] | None = None
    discounts: list[Mapping[str, Any]] = field(default_factory=list)
    period_end: int | None = None
    trial_end: int | None = None
    status: str = ""
    leaving: int | None = None
    """When a pending cancellation takes effect (``cancel_at_period_end``, ``cancel_at``)."""
    paused: bool = False
    invoiced: bool = False
    currency: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    blocked: bool = False


# ---------------------------------------------------------------------------------------------
# the subscription's transforms


@transform("subscription_items", "subscription")
def _items(draft: SubscriptionDraft, rule: Rule, path: str, value: Any) -> Outcome | None:
    items = value.get("data") if isinstance(value, dict) else value
    if not isinstance(items, list):
        return None
    currency = str(draft.obj.get("currency") or "").upper()
    ends = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        where = f"{path}.data[{i}]"
        price = item.get("price") if isinstance(item.get("price"), dict) else item.get("plan")
        if not isinstance(price, dict):
            continue
        recurring = price.get("recurring")
        recurring = recurring if isinstance(recurring, dict) else {}
        if recurring.get("usage_type") == "metered":
            draft.trace.emit("SB101", f"{where}.price", price=price.get("id"))
            draft.blocked = True
        if price.get("billing_scheme") == "tiered":
            draft.trace.emit("SB102", f"{where}.price", price=price.get("id"))
            draft.blocked = True
        if isinstance(item.get("current_period_end"), int):
            ends.append(item["current_period_end"])
        product = price.get("product")
        product_id = product.get("id") if isinstance(product, dict) else product
        quantity = item.get("quantity")
        draft.lines.append(
            SubscribedLine(
                price_id=str(price.get("id")),
                product_id=str(product_id),
                quantity=quantity if isinstance(quantity, int) and quantity > 0 else 1,
                price=price,
                currency=currency or str(price.get("currency") or "").upper(),
                unit_amount=_unit_amount(price, currency),
            )
        )
    if len(draft.lines) > 1:
        names = ", ".join(line.price_id for line in draft.lines)
        draft.trace.emit("SB103", path, count=len(draft.lines), prices=names)
        draft.blocked = True
    if ends:
        draft.period_end = min(ends)
    return Outcome.BLOCKED if draft.blocked else None


def _unit_amount(price: Mapping[str, Any], currency: str) -> Decimal | None:
    """What one unit of ``price`` costs in ``currency`` (its own, or a currency option)."""
    source: Mapping[str, Any] = price
    if currency and currency != str(price.get("currency") or "").upper():
        options = price.get("currency_options")
        option = options.get(currency.lower()) if isinstance(options, dict) else None
        if not isinstance(option, dict):
            return None
        source = option
    for name in ("unit_amount_decimal", "unit_amount", "amount"):
        value = source.get(name)
        if value is None or isinstance(value, bool):
            continue
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            return None
        return amount if amount.is_finite() else None
    return None


@transform("subscriber_customer", "subscription")
def _customer(draft: SubscriptionDraft, rule: Rule, path: str, value: Any) -> Outcome | None:
    draft.customer = value if isinstance(value, dict) else {"id": str(value)}
    return None


@transform("subscriber_discounts", "subscription")
def _discounts(draft: SubscriptionDraft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if isinstance(value, list):
        for i, found in enumerate(value):
            if isinstance(found, dict):
                draft.discounts.append(found)
            else:  # an id: the export expands them, so the snapshot is not an export of ours
                draft.trace.emit("SB121", f"{path}[{i}]", coupon=short(found), why="not expanded")
                draft.blocked = True
    return None


@transform("period_end", "subscription")
def _period_end(draft: SubscriptionDraft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if isinstance(value, int) and draft.period_end is None:
        draft.period_end = value
    return None


@transform("subscriber_trial_end", "subscription")
def _trial_end(draft: SubscriptionDraft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if isinstance(value, int):
        draft.trial_end = value
    return None


@transform("pending_cancel", "subscription")
def _pending_cancel(draft: SubscriptionDraft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if value is True:
        ends = draft.obj.get("cancel_at")
        draft.leaving = ends if isinstance(ends, int) else _first_end(draft.obj) or 0
    return None


@transform("cancel_at", "subscription")
def _cancel_at(draft: SubscriptionDraft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if isinstance(value, int):
        draft.leaving = value if draft.leaving is None else min(draft.leaving, value)
    return None


@transform("pause_collection", "subscription")
def _pause(draft: SubscriptionDraft, rule: Rule, path: str, value: Any) -> Outcome | None:
    draft.paused = True
    resumes = value.get("resumes_at") if isinstance(value, dict) else None
    draft.trace.emit("SB106", path, resumes=f" until {_day(resumes)}" if resumes else "")
    return None


@transform("subscription_status", "subscription")
def _status(draft: SubscriptionDraft, rule: Rule, path: str, value: Any) -> Outcome | None:
    draft.status = str(value)
    return None


@transform("payment_method_type", "subscription")
def _payment_method(draft: SubscriptionDraft, rule: Rule, path: str, value: Any) -> Outcome | None:
    kind = value.get("type") if isinstance(value, dict) else None
    if isinstance(kind, str) and kind != "card":
        draft.trace.emit("SB109", path, type=kind)
    return None


@transform("subscriber_metadata", "subscription")
def _metadata(draft: SubscriptionDraft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if isinstance(value, dict):
        draft.metadata = {str(k): str(v) for k, v in value.items() if v is not None}
    return None


@transform("subscription_currency", "subscription")
def _currency(draft: SubscriptionDraft, rule: Rule, path: str, value: Any) -> Outcome | None:
    draft.currency = str(value).upper()
    return None


@transform("collection_method", "subscription")
def _collection(draft: SubscriptionDraft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if value == "send_invoice":
        draft.invoiced = True
        draft.trace.emit("SB112", path)
    return None


# ---------------------------------------------------------------------------------------------
# one subscription


def assess(
    obj: Mapping[str, Any],
    *,
    reference: int,
    past_due: PastDue = "decide",
    table: RuleTable | None = None,
) -> Subscriber:
    """What continuing ``obj`` (a Stripe subscription, as the export reads it) on Dodo takes,
    with the trial counted from ``reference`` (unix seconds)."""
    table = table or load_table()
    sub_id = str(obj.get("id") or "subscription")
    trace = Trace(table, prefix=sub_id)
    draft = SubscriptionDraft(trace, obj)
    if walk_rules(draft, obj, "subscription"):
        draft.blocked = True
    customer = draft.customer or {}
    email = customer.get("email") if isinstance(customer.get("email"), str) else None
    name = customer.get("name") if isinstance(customer.get("name"), str) else None
    first = draft.lines[0] if draft.lines else None
    currency = draft.currency or (first.currency if first else "")
    recurring = (first.price.get("recurring") if first else None) or {}
    interval = INTERVALS.get(str(recurring.get("interval"))) if recurring else None
    count = int(recurring.get("interval_count") or 1) if recurring else 1

    action: Action = "continue"
    period_end = draft.trial_end if draft.status == "trialing" else None
    period_end = period_end or draft.period_end
    trial_days: int | None = None
    window: tuple[int | None, int | None] = (None, None)
    if draft.status not in BILLING:
        trace.emit("SB108", "status", status=draft.status or "unknown")
        action = "skip"
    elif draft.leaving is not None:
        trace.emit("SB105", "cancel_at_period_end", when=_day(draft.leaving))
        action = "skip"
    else:
        if not email or "@" not in email:
            trace.emit("SB104", "customer.email", customer=customer.get("id") or "?")
        if draft.status == "past_due" and past_due == "decide":
            trace.emit("SB107", "status", end=_day(period_end))
        elif draft.status == "past_due":
            trace.emit("SB113", "status")
            trial_days = 0
        elif period_end is None or trial_days_until(period_end, reference) < MIN_TRIAL_DAYS:
            trace.emit("SB110", "current_period_end", end=_day(period_end), now=_day(reference))
        else:
            trial_days = trial_days_until(period_end, reference)
            if trial_days > MAX_TRIAL_DAYS:
                trace.emit("SB110", "current_period_end", end=_day(period_end), now=_day(reference))
                trial_days = None
            else:
                window = send_window(period_end, trial_days)
                first_charge = reference + trial_days * DAY
                trace.emit(
                    "SB100",
                    "current_period_end",
                    days=trial_days,
                    reference=_day(reference),
                    dodo=_day(first_charge),
                    stripe=_day(period_end),
                )
        if first is not None and first.unit_amount is None and not draft.blocked:
            trace.emit("SB114", "currency", currency=currency, price=first.price_id)
            draft.blocked = True
    coupons = _coupons(draft, period_end, reference, interval, count) if action != "skip" else []
    list_amount = _list_amount(draft.lines)
    amount = discounted(list_amount, [_terms(c.coupon, currency) for c in coupons if c.cycles != 0])
    if action == "continue":
        blocking = any(f.level is Level.BLOCKER for f in trace.findings) or draft.blocked
        deciding = any(
            table.by_code[f.code].decision for f in trace.findings if f.level is Level.WARNING
        )
        if blocking or deciding or draft.paused or draft.invoiced or trial_days is None:
            action = "manual"
    address, tax_id = _billing(customer, trace) if action != "skip" else (None, None)
    return Subscriber(
        stripe_id=sub_id,
        customer_id=str(customer["id"]) if customer.get("id") else None,
        email=email,
        name=name,
        currency=currency,
        interval=interval,
        interval_count=count,
        lines=tuple(draft.lines),
        coupons=tuple(c for c in coupons if c.cycles != 0),
        period_end=period_end,
        reference=reference,
        trial_days=trial_days,
        send_from=window[0],
        send_until=window[1],
        action=action,
        findings=tuple(trace.findings),
        fields=dict(trace.fields),
        billing_address=address,
        tax_id=tax_id,
        metadata=draft.metadata,
        list_amount=list_amount,
        amount=amount,
        status=draft.status,
    )


def _first_end(obj: Mapping[str, Any]) -> int | None:
    items = obj.get("items")
    data = items.get("data") if isinstance(items, dict) else None
    ends = [
        i["current_period_end"]
        for i in data or []
        if isinstance(i, dict) and isinstance(i.get("current_period_end"), int)
    ]
    top = obj.get("current_period_end")
    return min(ends) if ends else top if isinstance(top, int) else None


def _list_amount(lines: list[SubscribedLine]) -> Decimal | None:
    if not lines or any(line.unit_amount is None for line in lines):
        return None
    return sum(((line.unit_amount or Decimal(0)) * line.quantity for line in lines), Decimal(0))


def _coupons(
    draft: SubscriptionDraft,
    period_end: int | None,
    reference: int,
    interval: str | None,
    count: int,
) -> list[CouponLeft]:
    out = []
    products = {line.product_id for line in draft.lines}
    currency = draft.currency
    for i, found in enumerate(draft.discounts):
        path = f"discounts[{i}]"
        source = found.get("source")
        coupon = source.get("coupon") if isinstance(source, dict) else found.get("coupon")
        if not isinstance(coupon, dict):
            draft.trace.emit("SB121", path, coupon=short(coupon), why="not expanded")
            draft.blocked = True
            continue
        coupon_id = str(coupon.get("id"))
        applies = coupon.get("applies_to")
        only = applies.get("products") if isinstance(applies, dict) else None
        if isinstance(only, list) and not products & {str(p) for p in only}:
            draft.trace.emit("SB120", path, coupon=coupon_id, why="applies to other products")
            continue
        terms = _terms(coupon, currency)
        if terms is None:
            draft.trace.emit("SB121", path, coupon=coupon_id, why=f"no amount in {currency}")
            draft.blocked = True
            continue
        anchor = draft.obj.get("billing_cycle_anchor")
        start = period_end if period_end is not None and period_end > reference else reference
        cycles = cycles_left(
            coupon,
            ends=found.get("end"),
            first_charge=start,
            interval=interval,
            count=count,
            anchor=anchor if isinstance(anchor, int) else start,
        )
        if cycles == 0:
            draft.trace.emit("SB120", path, coupon=coupon_id, why=f"ends {_day(found.get('end'))}")
        else:
            left = "every charge" if cycles is None else f"{cycles} charge(s)"
            draft.trace.emit("SB119", path, coupon=coupon_id, left=left)
        out.append(CouponLeft(coupon, str(found.get("id") or coupon_id), cycles))
    return out


def _terms(coupon: Mapping[str, Any], currency: str) -> tuple[str, Decimal] | None:
    """A coupon's deduction in ``currency``: ``("percent", 20)`` or ``("amount", 500)``."""
    percent = coupon.get("percent_off")
    if percent is not None and not isinstance(percent, bool):
        return "percent", Decimal(str(percent))
    amount_off = coupon.get("amount_off")
    if isinstance(amount_off, int) and str(coupon.get("currency") or "").upper() == currency:
        return "amount", Decimal(amount_off)
    options = coupon.get("currency_options")
    option = options.get(currency.lower()) if isinstance(options, dict) else None
    if isinstance(option, dict) and isinstance(option.get("amount_off"), int):
        return "amount", Decimal(option["amount_off"])
    return None


def discounted(amount: Decimal | None, terms: list[tuple[str, Decimal] | None]) -> Decimal | None:
    """``amount`` after the deductions, in order: a percentage takes that share of what is left,
    rounded to the nearest minor unit (half to even); an amount takes itself, never more than
    what is left. Both sides of the money check are computed with it."""
    if amount is None or any(t is None for t in terms):
        return None
    for term in terms:
        assert term is not None
        kind, value = term
        if kind == "percent":
            off = (amount * value / 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
        else:
            off = value
        amount -= min(amount, off)
    return amount


def _billing(customer: Mapping[str, Any], trace: Trace) -> tuple[dict[str, str] | None, str | None]:
    """The checkout's prefilled billing address (country required) and tax id."""
    address = customer.get("address")
    if not isinstance(address, dict) or not address.get("country"):
        trace.emit("SB111", "customer.address", why="has no billing address")
        return None, None
    country = str(address["country"]).upper()
    if country not in load_enums().countries:
        trace.emit("SB111", "customer.address.country", why=f"is in {country}, unknown to Dodo")
        return None, None
    street = ", ".join(str(address[k]) for k in ("line1", "line2") if address.get(k))
    out = {"country": country}
    for target, value in (
        ("street", street),
        ("city", address.get("city")),
        ("state", address.get("state")),
        ("zipcode", address.get("postal_code")),
    ):
        if value:
            out[target] = str(value)
    ids = customer.get("tax_ids")
    data = ids.get("data") if isinstance(ids, dict) else ids if isinstance(ids, list) else []
    values = [str(t.get("value")) for t in data or [] if isinstance(t, dict) and t.get("value")]
    if len(values) > 1:
        trace.emit("SB123", "customer.tax_ids", count=len(values), first=values[0])
    return out, values[0] if values else None


# ---------------------------------------------------------------------------------------------
# time


def trial_days_until(period_end: int, reference: int) -> int:
    """Whole days from ``reference`` to ``period_end`` (unix seconds), rounded up: the first
    Dodo charge of a checkout completed at ``reference`` lands in
    ``[period_end, period_end + 1 day)``, never before Stripe's."""
    return max(0, -(-(period_end - reference) // DAY))


def send_window(period_end: int, days: int) -> tuple[int, int]:
    """When a link with ``days`` of trial charges on time: created in ``[from, until)``, a
    checkout completed at once charges in ``[period_end, period_end + 1 day)``."""
    return period_end - days * DAY, period_end - (days - 1) * DAY


def add_interval(moment: int, interval: str, steps: int) -> int:
    """``moment`` plus ``steps`` intervals (Dodo's names): days and weeks in seconds, months
    and years in calendar months (UTC, the day clamped to the month's last, as Stripe bills)."""
    if interval == "Day":
        return moment + steps * DAY
    if interval == "Week":
        return moment + steps * 7 * DAY
    months = steps * (12 if interval == "Year" else 1)
    at = datetime.fromtimestamp(moment, UTC)
    index = at.month - 1 + months
    year, month = at.year + index // 12, index % 12 + 1
    day = min(at.day, calendar.monthrange(year, month)[1])
    return int(at.replace(year=year, month=month, day=day).timestamp())


def cycles_left(
    coupon: Mapping[str, Any],
    *,
    ends: Any,
    first_charge: int,
    interval: str | None,
    count: int,
    anchor: int,
) -> int | None:
    """How many charges from ``first_charge`` on the coupon still takes off: None for
    ``forever``; 1 for ``once`` (Stripe removes a used one, so one still attached has not been
    used); for ``repeating``, the charges (on the billing anchor's dates) before the discount's
    ``end``."""
    duration = coupon.get("duration")
    if duration == "forever":
        return None
    if duration == "once":
        return 1
    if not isinstance(ends, int) or interval is None:
        return None if duration != "repeating" else 0
    step, charges, moment = 0, 0, anchor
    while moment < first_charge and step < 100_000:  # the anchor's date at or after the start
        step += count
        moment = add_interval(anchor, interval, step)
    while moment < ends and charges < MAX_TRIAL_DAYS:
        charges += 1
        step += count
        moment = add_interval(anchor, interval, step)
    return charges


def monthly(amount: Decimal, interval: str, count: int) -> Decimal:
    per_month = {"Day": Decimal(365) / 12, "Week": Decimal(52) / 12, "Month": Decimal(1)}
    if interval == "Year":
        return amount / (12 * count)
    return amount * per_month[interval] / count


def _day(moment: Any) -> str:
    if not isinstance(moment, int):
        return "an unknown date"
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%d %H:%M UTC")


def describe_amount(amount: Decimal | None, currency: str, interval: str | None, count: int) -> str:
    if amount is None:
        return "an amount that is not fixed"
    return format_amount(amount, currency) + per_interval(interval, count)
