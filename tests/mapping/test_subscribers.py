"""What continuing one Stripe subscription takes (issue 17): the trial's rounding and its send
window, a trial in progress, the cycles a coupon has left, what Stripe charges next."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from migrate.mapping.subscribers import (
    DAY,
    add_interval,
    assess,
    cycles_left,
    discounted,
    send_window,
    trial_days_until,
)
from tests import fake_stripe as fs

NOW = fs.NOW


def one(shape: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A monthly 29.00 USD subscription whose period ends ``end`` seconds after NOW."""
    end = extra.pop("end", NOW + 10 * DAY + 3600)
    price = fs.price(1, "prod_000001", recurring=True)
    price.update(unit_amount=2900, unit_amount_decimal="2900")
    item = fs.subscription_item(1, "sub_000001", price, start=end - 30 * DAY, end=end)
    customer = {**fs.customer(1), "name": "Ada", "address": {"country": "DE", "line1": "A 1"}}
    return fs.subscription(1, customer, [item], **{**(shape or {}), **extra})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("gap", "days"),
    [
        (3 * DAY, 3),  # a whole number of days: the first Dodo charge is Stripe's instant
        (3 * DAY + 1, 4),  # a second more rounds up: never a charge before Stripe's
        (3 * DAY - 1, 3),
        (2 * DAY + 12 * 3600, 3),
    ],
)
def test_trial_days_round_up_to_stripes_instant(gap: int, days: int) -> None:
    assert trial_days_until(NOW + gap, NOW) == days
    first_charge = NOW + days * DAY
    assert NOW + gap <= first_charge < NOW + gap + DAY


def test_the_first_charge_is_never_early_and_never_a_day_late() -> None:
    rng = random.Random(17)
    for _ in range(5_000):
        reference = NOW + rng.randrange(-400 * DAY, 400 * DAY)
        period_end = reference + rng.randrange(1, 400 * DAY)
        days = trial_days_until(period_end, reference)
        first = reference + days * DAY
        assert period_end <= first < period_end + DAY, (reference, period_end)
        start, until = send_window(period_end, days)
        assert start <= reference < until
        for created in (start, until - 1, rng.randrange(start, until)):
            assert trial_days_until(period_end, created) == days  # still right in the window
        assert trial_days_until(period_end, until) == days - 1  # after it: a day late
        assert trial_days_until(period_end, start - 1) == days + 1  # before it: early


def test_time_zones_and_daylight_saving_do_not_move_the_trial() -> None:
    # 2026-03-29 01:00 UTC: Europe's clocks jump forward; the same instants, written in three
    # zones, give the same days: the rounding is on exact seconds, never calendar dates
    period_end = datetime(2026, 3, 30, 0, 30, tzinfo=UTC)
    for zone in (UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-7))):
        reference = datetime(2026, 3, 27, 23, 0, tzinfo=UTC).astimezone(zone)
        days = trial_days_until(int(period_end.timestamp()), int(reference.timestamp()))
        assert days == 3  # 2 days 1.5 hours, rounded up


def test_a_trial_in_progress_keeps_its_end() -> None:
    sub = one(status="trialing", trial_end=NOW + 5 * DAY + 7, end=NOW + 20 * DAY)
    s = assess(sub, reference=NOW)
    assert s.period_end == NOW + 5 * DAY + 7 and s.trial_days == 6
    assert s.action == "continue"


def test_a_period_ending_within_a_day_waits_for_the_next_plan() -> None:
    # one day of trial: a link created in its window could be paid after Stripe's charge
    soon = assess(one(end=NOW + DAY - 60), reference=NOW)
    assert soon.action == "manual" and "SB110" in {f.code for f in soon.findings}
    assert soon.trial_days is None
    # two days: every link of the window expires before Stripe's period ends
    fine = assess(one(end=NOW + DAY + 3600), reference=NOW)
    assert fine.action == "continue" and fine.trial_days == 2
    assert fine.send_until is not None and fine.send_until + DAY <= NOW + DAY + 3600


def test_past_due_is_the_merchants_decision_or_charged_at_once() -> None:
    decide = assess(one(status="past_due"), reference=NOW)
    assert decide.action == "manual" and decide.trial_days is None
    assert "SB107" in {f.code for f in decide.findings}
    now = assess(one(status="past_due"), reference=NOW, past_due="charge-now")
    assert now.action == "continue" and now.trial_days == 0 and now.send_until is None


@pytest.mark.parametrize(
    ("coupon", "end", "left"),
    [
        ({"duration": "forever"}, None, None),
        ({"duration": "once"}, None, 1),
        # anchored on the 31st: Feb 28, Mar 31, Apr 30 are before May 31, May 31 is not
        ({"duration": "repeating", "duration_in_months": 4}, "2027-05-31", 3),
        ({"duration": "repeating", "duration_in_months": 1}, "2027-02-27", 0),
    ],
)
def test_the_cycles_a_coupon_has_left(coupon: dict[str, Any], end: str | None, left: Any) -> None:
    anchor = int(datetime(2026, 12, 31, 9, tzinfo=UTC).timestamp())
    first = add_interval(anchor, "Month", 2)  # the next charge: 2027-02-28 09:00
    assert datetime.fromtimestamp(first, UTC).day == 28
    ends = int(datetime.fromisoformat(end).replace(tzinfo=UTC).timestamp()) if end else None
    found = cycles_left(
        coupon, ends=ends, first_charge=first, interval="Month", count=1, anchor=anchor
    )
    assert found == left


def test_stripe_bills_next_after_the_discounts_that_still_apply() -> None:
    assert discounted(Decimal(2900), [("percent", Decimal(20))]) == Decimal(2320)
    assert discounted(Decimal(999), [("percent", Decimal("12.5"))]) == Decimal(874)  # 124.875
    assert discounted(Decimal(300), [("amount", Decimal(500))]) == Decimal(0)
    assert discounted(Decimal(1000), [None]) is None
    sub = one()
    sub["discounts"] = [
        fs.discount("di_1", "SAVE20", "sub_000001", start=NOW - DAY, end=NOW + 400 * DAY)
    ]
    sub["discounts"][0]["source"]["coupon"] = fs.coupon(
        "SAVE20", percent_off=20, duration="repeating", duration_in_months=13
    )
    s = assess(sub, reference=NOW)
    assert s.list_amount == 2900 and s.amount == 2320
    assert [c.cycles for c in s.coupons] == [13]  # 400 days: 13 monthly charges
    assert s.monthly() == 2320


def test_leaving_and_not_billing_subscribers_are_skipped_with_the_reason() -> None:
    leaving = assess(one(cancel_at_period_end=True, cancel_at=NOW + 4 * DAY), reference=NOW)
    assert leaving.action == "skip" and leaving.findings[-1].code == "SB105"
    unpaid = assess(one(status="unpaid"), reference=NOW)
    assert unpaid.action == "skip" and unpaid.findings[-1].code == "SB108"
