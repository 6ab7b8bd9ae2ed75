"""The safe retry plan for failed on-demand charges (migrate/retries/: read, plan, render)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import random
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dodopayments.types import SubscriptionChargeParams
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrate.dodo.contract import contract_errors
from migrate.errors import ConfigError
from migrate.retries import (
    DECLINE_TABLE,
    SCHEMA,
    Attempt,
    FailedCharge,
    RetryDecision,
    canonical_decline,
    classify_decline,
    ladder,
    plan_retries,
    read_failed_charges,
    render_retries,
    run_retries_plan,
)
from tests.conftest import SAMPLES

RETRIES = SAMPLES / "retries"
JSON_SAMPLE = Path(__file__).resolve().parents[1] / "data" / "failed-charges.json"
"""The same cases as JSON (not under samples/: a folder of samples is read as Checkout payloads)."""
SAMPLE_NOW = datetime(2025, 3, 25, 9, 0, tzinfo=UTC)
T = datetime(2025, 5, 1, 13, 10, tzinfo=UTC)
DAY = timedelta(days=1)
HARD = [
    "STOLEN_CARD",
    "DO_NOT_HONOR",
    "FRAUDULENT",
    "PICKUP_CARD",
    "AUTHENTICATION_FAILURE",
    "LOST_CARD",
]
SOFT = [
    "INSUFFICIENT_FUNDS",
    "ISSUER_UNAVAILABLE",
    "PROCESSING_ERROR",
    "TIMEOUT",
    "NETWORK_ERROR",
    "TRY_AGAIN_LATER",
]


def charge(
    sub: str = "sub_1",
    *codes: str | None,
    at: list[datetime] | None = None,
    authorised: datetime = T,
    customer: str | None = None,
    amount: int = 1999,
    currency: str = "USD",
) -> FailedCharge:
    codes = codes or ("insufficient_funds",)
    times = at or [authorised + timedelta(days=d, seconds=4) for d in (0, 3, 10, 17)[: len(codes)]]
    return FailedCharge(
        subscription_id=sub,
        customer_id=customer,
        authorised_at=authorised,
        amount=amount,
        currency=currency,
        attempts=[Attempt(at=t, decline_code=c) for t, c in zip(times, codes, strict=True)],
    )


def plan_one(c: FailedCharge, now: datetime, **kw: object) -> RetryDecision:
    [decision] = plan_retries([c], now=now, **kw)  # type: ignore[arg-type]
    return decision


# --- the ladder -------------------------------------------------------------------------------


def test_ladder_is_t_plus_0_3_10_17_days_at_the_same_minute() -> None:
    c = charge(authorised=datetime(2025, 5, 1, 13, 10, 27, tzinfo=UTC))
    assert ladder(c) == [
        datetime(2025, 5, 1, 13, 10, tzinfo=UTC),
        datetime(2025, 5, 4, 13, 10, tzinfo=UTC),
        datetime(2025, 5, 11, 13, 10, tzinfo=UTC),
        datetime(2025, 5, 18, 13, 10, tzinfo=UTC),
    ]


def test_each_failure_moves_to_the_next_rung_then_stops_after_the_fourth() -> None:
    codes = ["insufficient_funds", "processing_error", "insufficient_funds", "processing_error"]
    expected = [T + 3 * DAY, T + 10 * DAY, T + 17 * DAY]
    for made in (1, 2, 3):
        c = charge("sub_1", *codes[:made])
        d = plan_one(c, now=c.attempts[-1].at + timedelta(minutes=1))
        assert d.status == "scheduled"
        assert d.attempt_number == made + 1
        assert d.next_attempt_at == expected[made - 1]
        assert d.ladder_slot == made + 1
        assert d.request is not None
        assert d.request.body["metadata"] == {"retry_attempt": str(made + 1)}
    c = charge("sub_1", *codes)
    d = plan_one(c, now=c.attempts[-1].at + timedelta(minutes=1))
    assert d.status == "stop_exhausted"
    assert d.next_attempt_at is None and d.attempt_number is None and d.request is None
    assert "update the payment method" in d.next_step


def test_slots_keep_the_authorisation_time_not_the_failure_time() -> None:
    c = charge(at=[datetime(2025, 5, 1, 15, 42, 9, tzinfo=UTC)])
    d = plan_one(c, now=datetime(2025, 5, 1, 16, 0, tzinfo=UTC))
    assert d.next_attempt_at == datetime(2025, 5, 4, 13, 10, tzinfo=UTC)


def test_an_old_mandate_anchors_the_time_of_day_on_the_day_of_the_charge() -> None:
    mandate = datetime(2025, 1, 15, 9, 30, tzinfo=UTC)
    c = charge(authorised=mandate, at=[datetime(2025, 5, 1, 14, 0, tzinfo=UTC)])
    assert ladder(c)[0] == datetime(2025, 5, 1, 9, 30, tzinfo=UTC)
    d = plan_one(c, now=datetime(2025, 5, 1, 14, 5, tzinfo=UTC))
    assert d.next_attempt_at == datetime(2025, 5, 4, 9, 30, tzinfo=UTC)


def test_a_charge_just_after_midnight_keeps_the_previous_evening_as_t() -> None:
    authorised = datetime(2025, 5, 1, 23, 50, tzinfo=UTC)
    c = charge(authorised=authorised, at=[datetime(2025, 5, 2, 0, 5, tzinfo=UTC)])
    assert ladder(c)[1] == datetime(2025, 5, 4, 23, 50, tzinfo=UTC)


# --- decline codes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", [*HARD, *(c.lower() for c in HARD), "Do-Not-Honor", " stolen_card "]
)
def test_hard_declines_are_never_scheduled(code: str) -> None:
    d = plan_one(charge("sub_1", code), now=T + timedelta(hours=1))
    assert d.status == "stop_hard_decline"
    assert d.decline_class == "hard"
    assert d.next_attempt_at is None and d.request is None
    assert "never retried" in d.reason


def test_a_hard_decline_on_an_earlier_attempt_still_stops() -> None:
    d = plan_one(charge("sub_1", "lost_card", "insufficient_funds"), now=T + 4 * DAY)
    assert d.status == "stop_hard_decline"
    assert d.last_decline_code == "LOST_CARD"


def test_decline_table() -> None:
    assert {c for c, (k, _) in DECLINE_TABLE.items() if k == "hard"} == set(HARD)
    assert {c for c, (k, _) in DECLINE_TABLE.items() if k == "soft"} == set(SOFT)
    assert canonical_decline("issuer_not_available") == "ISSUER_UNAVAILABLE"
    assert classify_decline("payment_intent_authentication_failure") == "hard"
    # Needs the customer (3-D Secure), not a card that is gone: neither soft nor hard.
    assert classify_decline("authentication_required") == "unknown"
    assert classify_decline(None) == classify_decline("  ") == "unknown"


@pytest.mark.parametrize("code", [*SOFT, *(c.lower() for c in SOFT), "issuer_not_available"])
def test_soft_declines_are_scheduled(code: str) -> None:
    d = plan_one(charge("sub_1", code), now=T + timedelta(hours=1))
    assert d.status == "scheduled"
    assert d.decline_class == "soft"


@pytest.mark.parametrize("code", ["card_declined", "generic_decline", "expired_card", "", None])
def test_unknown_codes_go_to_review(code: str | None) -> None:
    d = plan_one(charge("sub_1", code), now=T + timedelta(hours=1))
    assert d.status == "review_unknown_decline"
    assert d.request is None
    assert "unknown: review" in d.reason
    assert "unknown: review" in render_retries([d], "text")


def test_the_same_decline_twice_in_a_row_pauses() -> None:
    c = charge("sub_1", "insufficient_funds", "INSUFFICIENT_FUNDS")
    d = plan_one(c, now=c.attempts[-1].at + timedelta(minutes=5))
    assert d.status == "stop_repeated_decline"
    assert d.request is None
    assert "Attempts 1 and 2 were both declined with INSUFFICIENT_FUNDS" in d.reason


def test_the_same_decline_not_in_a_row_does_not_pause() -> None:
    c = charge("sub_1", "timeout", "processing_error", "timeout")
    d = plan_one(c, now=c.attempts[-1].at)
    assert d.status == "scheduled"
    assert d.attempt_number == 4


# --- missed slots -----------------------------------------------------------------------------


def test_a_missed_slot_moves_to_the_next_slot_not_to_now() -> None:
    c = charge("sub_1", "insufficient_funds")
    d = plan_one(c, now=T + 5 * DAY)
    assert d.next_attempt_at == T + 10 * DAY
    assert d.attempt_number == 2
    assert "T+3d had passed" in d.reason


def test_a_slot_exactly_at_now_is_kept_a_minute_later_is_missed() -> None:
    c = charge("sub_1", "insufficient_funds")
    assert plan_one(c, now=T + 3 * DAY).next_attempt_at == T + 3 * DAY
    assert plan_one(c, now=T + 3 * DAY + timedelta(minutes=1)).next_attempt_at == T + 10 * DAY


def test_after_the_last_slot_the_ladder_is_exhausted() -> None:
    d = plan_one(charge("sub_1", "insufficient_funds"), now=T + 17 * DAY + timedelta(minutes=1))
    assert d.status == "stop_exhausted"
    assert "ended at T+17d" in d.reason


def test_an_off_schedule_attempt_is_not_followed_the_same_day() -> None:
    # An attempt made (by someone else) an hour before the T+3d slot uses that slot up.
    times = [T, T + 3 * DAY - timedelta(hours=1)]
    c = charge("sub_1", "insufficient_funds", "processing_error", at=times)
    assert plan_one(c, now=times[1] + timedelta(minutes=1)).next_attempt_at == T + 10 * DAY


# --- spreading --------------------------------------------------------------------------------


def test_same_minute_charges_are_spread_deterministically() -> None:
    charges = [charge(f"sub_{i}", customer=f"cus_{i}") for i in range(6)]
    now = T + timedelta(hours=1)
    first = plan_retries(charges, now=now)
    times = [d.next_attempt_at for d in first]
    assert len(set(times)) == 6
    assert sorted(d.spread_minutes for d in first) == [0, 1, 2, 3, 4, 5]
    assert all(d.slot_at == T + 3 * DAY for d in first)
    shuffled = charges[:]
    random.Random(7).shuffle(shuffled)
    again = {d.subscription_id: d for d in plan_retries(shuffled, now=now)}
    assert all(again[d.subscription_id] == d for d in first)


def test_max_per_minute_allows_that_many_in_one_minute() -> None:
    charges = [charge(f"sub_{i}", customer=f"cus_{i}") for i in range(5)]
    decisions = plan_retries(charges, now=T + timedelta(hours=1), max_per_minute=2)
    assert sorted(Counter(d.next_attempt_at for d in decisions).values()) == [1, 2, 2]


def test_a_full_window_moves_the_charge_to_its_next_slot() -> None:
    charges = [charge(f"sub_{i:02}") for i in range(61)]
    decisions = plan_retries(charges, now=T + timedelta(hours=1))
    late = [d for d in decisions if d.slot_at != T + 3 * DAY]
    assert len(late) == 1
    assert late[0].next_attempt_at == T + 10 * DAY
    assert "window of slot T+3d was full" in late[0].reason
    assert max(d.spread_minutes for d in decisions) == 59
    # With no later slot left, it is reported (not bunched) and the hint says what to do.
    decisions = plan_retries(charges, now=T + 11 * DAY)
    assert Counter(d.status for d in decisions) == {"scheduled": 60, "stop_exhausted": 1}
    [stopped] = [d for d in decisions if d.status == "stop_exhausted"]
    assert "spread window of slot T+17d was full" in stopped.reason
    assert "Raise max_per_minute" in stopped.next_step


def test_one_customer_never_gets_two_attempts_in_one_minute() -> None:
    same = [charge("sub_a", customer="cus_1"), charge("sub_b", customer="cus_1")]
    decisions = plan_retries(same, now=T, max_per_minute=5)
    assert decisions[0].next_attempt_at != decisions[1].next_attempt_at
    other = [charge("sub_a", customer="cus_1"), charge("sub_b", customer="cus_2")]
    decisions = plan_retries(other, now=T, max_per_minute=5)
    assert decisions[0].next_attempt_at == decisions[1].next_attempt_at


# --- daylight saving time ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("authorised", "local_after"),
    [
        (datetime(2025, 3, 20, 13, 10, tzinfo=ZoneInfo("Europe/Berlin")), "14:10:00+02:00"),
        (datetime(2025, 10, 20, 13, 10, tzinfo=ZoneInfo("Europe/Berlin")), "12:10:00+01:00"),
    ],
)
def test_dst_keeps_the_utc_interval_and_moves_only_the_display(
    authorised: datetime, local_after: str
) -> None:
    c = charge("sub_1", "insufficient_funds", "processing_error", authorised=authorised)
    slots = ladder(c)
    assert [b - a for a, b in itertools.pairwise(slots)] == [
        timedelta(hours=72),
        timedelta(hours=168),
        timedelta(hours=168),
    ]
    assert {s.astimezone(UTC).strftime("%H:%M") for s in slots} == {
        authorised.astimezone(UTC).strftime("%H:%M")
    }
    d = plan_one(c, now=c.attempts[-1].at, display_tz="Europe/Berlin")
    assert d.next_attempt_at == authorised.astimezone(UTC) + 10 * DAY
    assert d.display_at is not None
    assert d.display_at.endswith(local_after)  # one hour off the 13:10 of the authorisation
    assert d.display_at[11:] != authorised.isoformat()[11:]
    without = plan_one(c, now=c.attempts[-1].at)
    assert without.next_attempt_at == d.next_attempt_at and without.display_at is None


# --- the Dodo call ----------------------------------------------------------------------------


def test_the_charge_body() -> None:
    d = plan_one(charge("sub_1", "insufficient_funds", currency="eur", amount=4900), now=T)
    assert d.request is not None
    assert d.request.as_dict() == {
        "method": "POST",
        "path": "/subscriptions/sub_1/charge",
        "body": {
            "product_price": 4900,
            "product_currency": "EUR",
            "metadata": {"retry_attempt": "2"},
        },
    }
    assert contract_errors(dict(d.request.body), SubscriptionChargeParams) == []


# --- properties -------------------------------------------------------------------------------

# Mostly soft codes (so that something gets scheduled), some hard and unknown ones.
CODES = st.one_of(
    st.sampled_from([*SOFT, *(c.lower() for c in SOFT)]),
    st.sampled_from([*SOFT, *(c.lower() for c in SOFT)]),
    st.sampled_from([*HARD, *(c.lower() for c in HARD)]),
    st.sampled_from(["card_declined", "authentication_required", None]),
)
ZONES = st.sampled_from(
    [
        UTC,
        timezone(timedelta(hours=5, minutes=30)),
        timezone(timedelta(hours=-7)),
        ZoneInfo("Europe/Berlin"),
    ]
)


@st.composite
def charge_sets(draw: st.DrawFn) -> tuple[list[FailedCharge], datetime]:
    """Up to 8 charges whose anchors often share a minute (few days, few minutes of the day)."""
    start = datetime(2025, 3, 1, tzinfo=UTC)
    charges = []
    for i in range(draw(st.integers(1, 8))):
        day = draw(st.one_of(st.integers(0, 3), st.integers(0, 300)))
        minute = draw(st.one_of(st.sampled_from([0, 1, 61]), st.integers(0, 60 * 24 - 1)))
        anchor = start + timedelta(days=day, minutes=minute, seconds=draw(st.integers(0, 59)))
        anchor = anchor.astimezone(draw(ZONES))
        first = anchor + timedelta(minutes=draw(st.integers(0, 60 * 24 * 3)))
        gaps = draw(st.lists(st.integers(0, 60 * 24 * 9), max_size=4))
        times = [first]
        for gap in gaps:
            times.append(times[-1] + timedelta(minutes=gap))
        codes = draw(st.lists(CODES, min_size=len(times), max_size=len(times)))
        charges.append(
            FailedCharge(
                subscription_id=f"sub_{i}",
                customer_id=draw(st.sampled_from([None, "cus_a", "cus_b", f"cus_{i}"])),
                authorised_at=anchor,
                amount=draw(st.integers(1, 10**7)),
                currency="usd",
                attempts=[Attempt(at=t, decline_code=c) for t, c in zip(times, codes, strict=True)],
            )
        )
    last = max(a.at for c in charges for a in c.attempts)
    now = last + timedelta(minutes=draw(st.integers(0, 60 * 24 * 12)))
    return charges, now


@pytest.mark.property
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(charge_sets(), st.integers(1, 3))
def test_properties(data: tuple[list[FailedCharge], datetime], per_minute: int) -> None:
    charges, now = data
    decisions = plan_retries(charges, now=now, max_per_minute=per_minute)
    assert [d.subscription_id for d in decisions] == [c.subscription_id for c in charges]
    per_min: Counter[datetime] = Counter()
    customer_minutes: set[tuple[str, datetime]] = set()
    for c, d in zip(charges, decisions, strict=True):
        assert d.attempts_made == len(c.attempts)
        # (a) never more than four attempts in total
        if d.status == "scheduled":
            assert d.attempt_number == len(c.attempts) + 1 <= 4
            assert d.request is not None
            assert d.request.body["metadata"]["retry_attempt"] == str(d.attempt_number)
        else:
            assert d.next_attempt_at is None and d.request is None and d.attempt_number is None
        if len(c.attempts) >= 4:
            assert d.status != "scheduled"
        # (c) nothing after a hard decline
        if any(classify_decline(a.decline_code) == "hard" for a in c.attempts):
            assert d.status == "stop_hard_decline"
        if d.next_attempt_at is None:
            continue
        # (b) on or after now, on the anchor's minute before the spread, on a ladder day
        assert d.slot_at is not None
        assert d.next_attempt_at >= now
        anchor = c.authorised_at.astimezone(UTC)
        assert (d.slot_at.hour, d.slot_at.minute) == (anchor.hour, anchor.minute)
        assert d.slot_at.second == 0
        assert (d.slot_at - d.ladder_start) in (3 * DAY, 10 * DAY, 17 * DAY)
        assert timedelta(0) <= d.next_attempt_at - d.slot_at <= timedelta(minutes=59)
        assert d.next_attempt_at > max(a.at for a in c.attempts)
        per_min[d.next_attempt_at] += 1
        if c.customer_id:
            assert (c.customer_id, d.next_attempt_at) not in customer_minutes
            customer_minutes.add((c.customer_id, d.next_attempt_at))
    assert all(n <= per_minute for n in per_min.values())
    # deterministic whatever the input order
    assert sorted(
        plan_retries(charges[::-1], now=now, max_per_minute=per_minute), key=str
    ) == sorted(decisions, key=str)


# --- reading ----------------------------------------------------------------------------------

EXPECTED = {
    "sub_first_soft": ("scheduled", "2025-03-27T13:10:00Z"),
    "sub_hard_decline": ("stop_hard_decline", None),
    "sub_repeated": ("stop_repeated_decline", None),
    "sub_exhausted": ("stop_exhausted", None),
    "sub_unknown_code": ("review_unknown_decline", None),
    "sub_missed_slot": ("scheduled", "2025-03-28T07:20:00Z"),
    "sub_bunch_a": ("scheduled", "2025-03-27T09:01:00Z"),
    "sub_bunch_b": ("scheduled", "2025-03-27T09:00:00Z"),
    "sub_ivy_pro": ("scheduled", "2025-03-25T18:05:00Z"),
    "sub_ivy_addon": ("scheduled", "2025-03-25T18:06:00Z"),
    "sub_dst_berlin": ("scheduled", "2025-03-30T12:10:00Z"),
}


@pytest.mark.parametrize("name", ["failed-charges.csv", "../../tests/data/failed-charges.json"])
def test_samples_load_and_plan(name: str) -> None:
    charges, problems = read_failed_charges(RETRIES / name)
    assert problems == []
    decisions = plan_retries(charges, now=SAMPLE_NOW, display_tz="Europe/Berlin")
    got = {d.subscription_id: (d.status, d.as_dict()["next_attempt_at"]) for d in decisions}
    assert got == EXPECTED
    dst = next(d for d in decisions if d.subscription_id == "sub_dst_berlin")
    assert dst.display_at == "2025-03-30T14:10:00+02:00"


def test_csv_and_json_samples_are_the_same_charges() -> None:
    from_csv, _ = read_failed_charges(RETRIES / "failed-charges.csv")
    from_json, _ = read_failed_charges(str(JSON_SAMPLE))
    assert from_csv == from_json


def test_ivy_is_spread_by_customer_even_when_the_minute_has_room() -> None:
    charges, _ = read_failed_charges(JSON_SAMPLE)
    decisions = {
        d.subscription_id: d for d in plan_retries(charges, now=SAMPLE_NOW, max_per_minute=3)
    }
    assert decisions["sub_bunch_a"].next_attempt_at == decisions["sub_bunch_b"].next_attempt_at
    assert decisions["sub_ivy_pro"].next_attempt_at != decisions["sub_ivy_addon"].next_attempt_at


CSV_HEAD = "subscription_id,customer_id,authorised_at,amount,currency,attempted_at,decline_code\n"


def test_a_bad_csv_row_is_one_line_and_the_others_are_planned(tmp_path: Path) -> None:
    path = tmp_path / "failed.csv"
    path.write_text(
        CSV_HEAD
        + "sub_ok,cus_1,2025-05-01T13:10:00Z,1999,USD,2025-05-01T13:10:02Z,insufficient_funds\n"
        + "sub_bad,cus_2,2025-05-01 13:10,1999,USD,2025-05-01T13:10:02Z,insufficient_funds\n"
        + "sub_bad,cus_2,2025-05-01T13:10:00Z,1999,USD,2025-05-04T13:10:02Z,stolen_card\n"
        + "sub_amount,cus_3,2025-05-01T13:10:00Z,19.99,USD,2025-05-01T13:10:02Z,timeout\n",
        encoding="utf-8",
    )
    charges, problems = read_failed_charges(path)
    assert [c.subscription_id for c in charges] == ["sub_ok"]
    assert problems == [
        f"{path}: line 3: authorised_at: not an ISO 8601 time with a UTC offset "
        "(got '2025-05-01 13:10'); add Z or an offset such as +01:00; "
        "subscription sub_bad is skipped",
        f"{path}: line 5: amount: not a positive whole number of minor units (got '19.99'); "
        "write 1999 for 19.99; subscription sub_amount is skipped",
    ]
    # sub_bad's readable row (a hard decline) is not planned alone: the whole subscription waits.


def test_csv_rows_of_one_subscription_must_agree(tmp_path: Path) -> None:
    path = tmp_path / "failed.csv"
    path.write_text(
        CSV_HEAD
        + "sub_1,cus_1,2025-05-01T13:10:00Z,1999,USD,2025-05-01T13:10:02Z,insufficient_funds\n"
        + "sub_1,cus_1,2025-05-01T13:10:00Z,2999,USD,2025-05-04T13:10:02Z,timeout\n",
        encoding="utf-8",
    )
    charges, problems = read_failed_charges(path)
    assert charges == []
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}: line 3: amount: differs from line 2")


def test_csv_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "failed.csv"
    path.write_text("subscription_id,amount\nsub_1,100\n", encoding="utf-8")
    charges, problems = read_failed_charges(path)
    assert charges == []
    assert problems == [
        f"{path}: line 1: missing columns authorised_at, currency, attempted_at; the header is "
        "subscription_id,customer_id,authorised_at,amount,currency,attempted_at,decline_code"
    ]


def test_a_bad_json_field_names_its_path(tmp_path: Path) -> None:
    attempt = {"attempted_at": "2025-05-01T13:10:02Z", "decline_code": "timeout"}
    good: dict[str, object] = {
        "subscription_id": "sub_ok",
        "customer_id": "cus_1",
        "authorised_at": "2025-05-01T13:10:00Z",
        "amount": 1999,
        "currency": "USD",
        "attempts": [attempt],
    }
    items: list[object] = [
        good,
        {**good, "subscription_id": "sub_2", "authorised_at": "yesterday"},
        {
            **good,
            "subscription_id": "sub_3",
            "attempts": [attempt, {"attempted_at": 5}],
        },
        "not an object",
        {**good, "subscription_id": "sub_4", "amount": True},
    ]
    path = tmp_path / "failed.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    charges, problems = read_failed_charges(path)
    assert [c.subscription_id for c in charges] == ["sub_ok"]
    assert [p.split(": ", 2)[1] for p in problems] == [
        "[1].authorised_at",
        "[2].attempts[1].attempted_at",
        "[3]",
        "[4].amount",
    ]
    assert problems[0] == (
        f"{path}: [1].authorised_at: not an ISO 8601 time with a UTC offset (got 'yesterday'); "
        "write it like 2025-03-24T13:10:00Z or 2025-03-24T14:10:00+01:00; "
        "subscription sub_2 is skipped"
    )


def test_json_duplicates_are_not_planned(tmp_path: Path) -> None:
    entry = json.loads((JSON_SAMPLE).read_text(encoding="utf-8"))[0]
    path = tmp_path / "dup.json"
    path.write_text(json.dumps([entry, entry]), encoding="utf-8")
    charges, problems = read_failed_charges(path)
    assert charges == []
    assert problems == [
        f"{path}: [1].subscription_id: sub_first_soft is also at [0]; merge its attempts into one "
        "entry (none of them is planned)"
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.json", "[{", "line 1 column 3: not valid JSON"),
        ("obj.json", "{}", "$: not a JSON list"),
        ("list.txt", "", "not a .csv or .json file"),
        ("missing.csv", None, "cannot be read"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: str | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    charges, problems = read_failed_charges(path)
    assert charges == []
    assert len(problems) == 1 and problems[0].startswith(f"{path}: ") and message in problems[0]


# --- the command ------------------------------------------------------------------------------


def test_run_on_the_samples_is_clean() -> None:
    problems: list[str] = []
    out, code = run_retries_plan(
        [str(RETRIES / "failed-charges.csv")],
        "json",
        now=SAMPLE_NOW,
        display_tz="Europe/Berlin",
        max_per_minute=1,
        on_problem=problems.append,
    )
    assert (code, problems) == (0, [])
    doc = json.loads(out)
    assert doc["schema"] == SCHEMA == "stripe2dodo.retries/v1"
    assert len(doc["decisions"]) == 11


def test_run_reports_bad_input_and_plans_the_rest(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV_HEAD + "sub_x,cus_x,nope,1,USD,nope,timeout\n", encoding="utf-8")
    problems: list[str] = []
    out, code = run_retries_plan(
        [str(bad), str(JSON_SAMPLE), str(tmp_path / "gone.json")],
        "csv",
        now=SAMPLE_NOW,
        display_tz=None,
        max_per_minute=1,
        on_problem=problems.append,
    )
    assert code == 2
    assert len(problems) == 2
    assert problems[0].startswith(f"{bad}: line 2: authorised_at:")
    assert problems[1].startswith(f"{tmp_path / 'gone.json'}: cannot be read")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 11
    first = rows[0]
    assert first["status"] == "scheduled"
    assert json.loads(first["body"]) == {
        "metadata": {"retry_attempt": "2"},
        "product_currency": "USD",
        "product_price": 1999,
    }


def test_a_subscription_in_two_files_is_not_planned() -> None:
    problems: list[str] = []
    out, code = run_retries_plan(
        [str(RETRIES / "failed-charges.csv"), str(JSON_SAMPLE)],
        "json",
        now=SAMPLE_NOW,
        display_tz=None,
        max_per_minute=1,
        on_problem=problems.append,
    )
    assert code == 2
    assert len(problems) == 11
    assert json.loads(out)["decisions"] == []


def test_text_output_is_a_table_with_the_calls() -> None:
    charges, _ = read_failed_charges(JSON_SAMPLE)
    text = render_retries(plan_retries(charges, now=SAMPLE_NOW, display_tz="Europe/Berlin"), "text")
    assert text.splitlines()[0].split()[:4] == ["SUBSCRIPTION", "CUSTOMER", "STATUS", "ATTEMPT"]
    assert "LOCAL (Europe/Berlin)" in text
    assert "2025-03-30 14:10 CEST" in text
    assert (
        '2025-03-25T18:05:00Z  POST /subscriptions/sub_ivy_pro/charge {"product_price": 4000, '
        '"product_currency": "EUR", "metadata": {"retry_attempt": "2"}}'
    ) in text
    assert text.rstrip().endswith(
        "11 subscriptions: 7 scheduled, 1 stop_hard_decline, 1 stop_repeated_decline, "
        "1 stop_exhausted, 1 review_unknown_decline (unknown: review = not retried automatically)."
    )


def test_bad_options() -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        plan_retries([], now=datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="more than once"):
        plan_retries([charge("sub_1"), charge("sub_1")], now=T)
    with pytest.raises(ConfigError, match="display-tz"):
        run_retries_plan(
            [], "text", now=T, display_tz="Mars/Olympus", max_per_minute=1, on_problem=print
        )
    with pytest.raises(ConfigError, match="max-per-minute"):
        run_retries_plan([], "text", now=T, display_tz=None, max_per_minute=0, on_problem=print)
    with pytest.raises(ValueError, match="attempt is earlier"):
        charge(at=[T - DAY])


def test_cli_retries_plan(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from migrate import cli

    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    result = CliRunner().invoke(
        cli.main,
        [
            "retries",
            "plan",
            str(RETRIES / "failed-charges.csv"),
            str(bad),
            "--now",
            "2025-03-25T09:00:00Z",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 2  # one unreadable file; the other is still planned
    assert "Traceback" not in result.stderr and "bad.json" in result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema"] == "stripe2dodo.retries/v1"
    assert len(doc["decisions"]) == len(EXPECTED)
