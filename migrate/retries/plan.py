"""The retry ladder and one decision per failed on-demand charge (Dodo's "safe retry policy").

Dodo's on-demand subscriptions are charged by the merchant (``POST /subscriptions/{id}/charge``);
Dodo's own Payment Retries do not cover them, so the merchant schedules retries. This module
plans them, one decision per subscription, following the policy in Dodo's on-demand subscription
docs (seed 001):

The ladder
    At most ``MAX_ATTEMPTS`` (4) attempts in total: the first at T (the failed charge), then
    T+3 days, T+10 days and T+17 days. After that nothing more is tried: mark the subscription
    unpaid or cancel it per your policy, and ask the customer to update the payment method.

The anchor
    Every slot keeps the time of day of ``FailedCharge.authorised_at`` (the mandate or trial
    start, or the last successful payment), to the minute, in UTC; never the time of day of the
    failure. T is that time of day on the day of the first failed attempt (the last such instant
    at or before it): ``T = anchor + k days`` with ``k = floor((first attempt - anchor) / 1 day)``.
    Days are added in UTC, so the intervals are exactly 3, 7 and 7 days (72 h, 168 h, 168 h)
    whatever the daylight saving rules; ``display_tz`` only changes how times are shown (local
    times may move by an hour across a DST change; the UTC schedule never does).

Missed slots
    A slot earlier than ``now`` is skipped; the next slot of the same ladder at or after ``now``
    is used (same time of day), never "immediately". A slot also has to be at least
    ``MIN_GAP`` (one day) after the last recorded attempt, so an attempt made off-schedule is
    never followed by another on the same day. When no slot is left, the ladder is exhausted.

Decline codes (``DECLINE_TABLE``; compared case-insensitively, ``-`` and spaces read as ``_``)
    Hard declines are never retried, whichever attempt they came on. Soft declines are retried on
    the ladder. Any other code, or none, is not retried automatically: "unknown: review".
    Two consecutive attempts with the same code pause the retries.

Spreading (no bunching)
    Scheduled attempts are placed in order of (slot, stable hash of the subscription id,
    subscription id), so the result does not depend on the input order. Each goes to the first
    minute at or after its slot, within ``SPREAD_WINDOW_MINUTES`` (0 to 59 minutes later), that
    holds fewer than ``max_per_minute`` attempts and no attempt for the same customer. A lone
    charge stays on its anchor minute. When a slot's whole window is taken, the charge moves to
    its next ladder slot (said in the reason); when none is left it is reported as exhausted,
    with a hint to raise ``max_per_minute``.

Observability
    Each planned charge carries ``metadata.retry_attempt`` = the attempt's number ("2", "3" or
    "4"; Dodo metadata values are strings). Nothing else in the body changes.

The samples in ``samples/retries/`` are meant to be planned with ``now = 2025-03-25T09:00:00Z``.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, Final, Literal, TypedDict
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LADDER_DAYS: Final = (0, 3, 10, 17)
MAX_ATTEMPTS: Final = len(LADDER_DAYS)
MIN_GAP: Final = timedelta(days=1)
SPREAD_WINDOW_MINUTES: Final = 60  # offsets 0..59 minutes after the slot

Status = Literal[
    "scheduled",
    "stop_hard_decline",
    "stop_repeated_decline",
    "stop_exhausted",
    "review_unknown_decline",
]
DeclineClass = Literal["soft", "hard", "unknown"]

# code -> (class, what it means). Keys are the canonical (Dodo, upper-case) spelling; Stripe's
# lower-case decline codes are the same words and match after case-folding.
DECLINE_TABLE: Final[Mapping[str, tuple[DeclineClass, str]]] = {
    "STOLEN_CARD": ("hard", "the card was reported stolen"),
    "LOST_CARD": ("hard", "the card was reported lost"),
    "PICKUP_CARD": ("hard", "the issuer asked to retain the card"),
    "DO_NOT_HONOR": ("hard", "the issuer refuses the card"),
    "FRAUDULENT": ("hard", "the issuer suspects fraud"),
    "AUTHENTICATION_FAILURE": ("hard", "the customer failed authentication"),
    "INSUFFICIENT_FUNDS": ("soft", "not enough funds right now"),
    "ISSUER_UNAVAILABLE": ("soft", "the issuer could not be reached"),
    "PROCESSING_ERROR": ("soft", "a processing error"),
    "TIMEOUT": ("soft", "a network timeout"),
    "NETWORK_ERROR": ("soft", "a network error"),
    "TRY_AGAIN_LATER": ("soft", "the issuer asked to try again later"),
}
# Other spellings of the same failure (after case-folding).
DECLINE_ALIASES: Final[Mapping[str, str]] = {
    # Stripe's decline code for ISSUER_UNAVAILABLE.
    "ISSUER_NOT_AVAILABLE": "ISSUER_UNAVAILABLE",
    # Stripe's error code when 3-D Secure authentication failed.
    "PAYMENT_INTENT_AUTHENTICATION_FAILURE": "AUTHENTICATION_FAILURE",
}

_STOP_NEXT: Final = (
    "Mark the subscription unpaid or cancel it per your policy, "
    "and ask the customer to update the payment method."
)


def canonical_decline(code: str | None) -> str | None:
    """``" do-not-honor "`` -> ``DO_NOT_HONOR``; aliases resolved; blank -> None."""
    if code is None:
        return None
    text = code.strip().upper().replace("-", "_").replace(" ", "_")
    if not text:
        return None
    return DECLINE_ALIASES.get(text, text)


def classify_decline(code: str | None) -> DeclineClass:
    """``soft`` (retry on the ladder), ``hard`` (never retry) or ``unknown`` (review by hand)."""
    canonical = canonical_decline(code)
    if canonical is None or canonical not in DECLINE_TABLE:
        return "unknown"
    return DECLINE_TABLE[canonical][0]


# ---------------------------------------------------------------------------------------------
# Inputs and decisions


def is_aware(value: datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


@dataclass(frozen=True, kw_only=True)
class Attempt:
    """One past charge attempt that failed."""

    at: datetime
    decline_code: str | None = None

    def __post_init__(self) -> None:
        if not is_aware(self.at):
            raise ValueError("attempt time must carry a UTC offset")


@dataclass(frozen=True, kw_only=True)
class FailedCharge:
    """A subscription whose on-demand charge failed, with every attempt made so far."""

    subscription_id: str
    authorised_at: datetime
    amount: int
    currency: str
    attempts: list[Attempt]
    customer_id: str | None = None

    def __post_init__(self) -> None:
        if not self.subscription_id:
            raise ValueError("subscription_id is empty")
        if not is_aware(self.authorised_at):
            raise ValueError("authorised_at must carry a UTC offset")
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount <= 0:
            raise ValueError("amount must be a positive whole number of minor units")
        currency = self.currency.strip().upper()
        if len(currency) != 3 or not currency.isascii() or not currency.isalpha():
            raise ValueError("currency must be a three-letter ISO 4217 code")
        object.__setattr__(self, "currency", currency)
        if not self.attempts:
            raise ValueError("at least the first failed attempt is needed")
        for attempt in self.attempts:
            if attempt.at < self.authorised_at:
                raise ValueError("an attempt is earlier than authorised_at")


class ChargeBody(TypedDict):
    """The body of ``POST /subscriptions/{id}/charge``."""

    product_price: int
    product_currency: str
    metadata: dict[str, str]


@dataclass(frozen=True, kw_only=True)
class ChargeCall:
    """The Dodo call to make at ``next_attempt_at``."""

    method: Literal["POST"]
    path: str
    body: ChargeBody

    def as_dict(self) -> dict[str, Any]:
        return {"method": self.method, "path": self.path, "body": dict(self.body)}


@dataclass(frozen=True, kw_only=True)
class RetryDecision:
    """What to do next for one subscription.

    ``attempt_number`` is the number of the planned attempt (2 to 4) and ``next_attempt_at`` its
    UTC time, both None unless ``status == "scheduled"``. ``slot_at`` is the ladder slot before
    spreading (the anchor's time of day) and ``spread_minutes`` how much later the attempt is.
    """

    subscription_id: str
    customer_id: str | None
    status: Status
    reason: str
    next_step: str
    attempts_made: int
    last_decline_code: str | None
    decline_class: DeclineClass
    ladder_start: datetime
    attempt_number: int | None = None
    ladder_slot: int | None = None
    slot_at: datetime | None = None
    next_attempt_at: datetime | None = None
    spread_minutes: int = 0
    display_tz: str | None = None
    display_at: str | None = None
    request: ChargeCall | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "subscription_id": self.subscription_id,
            "customer_id": self.customer_id,
            "status": self.status,
            "reason": self.reason,
            "next_step": self.next_step,
            "attempts_made": self.attempts_made,
            "last_decline_code": self.last_decline_code,
            "decline_class": self.decline_class,
            "ladder_start": iso_utc(self.ladder_start),
            "attempt_number": self.attempt_number,
            "ladder_slot": self.ladder_slot,
            "slot_at": iso_utc(self.slot_at),
            "next_attempt_at": iso_utc(self.next_attempt_at),
            "spread_minutes": self.spread_minutes,
            "display_tz": self.display_tz,
            "display_at": self.display_at,
            "request": self.request.as_dict() if self.request else None,
        }


def iso_utc(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------------------------
# Planning


@dataclass
class _Draft:
    charge: FailedCharge
    status: Status
    reason: str
    next_step: str
    last_code: str | None
    decline_class: DeclineClass
    base: datetime
    slots: list[tuple[int, datetime]] = field(default_factory=list)  # usable, in order
    missed: list[int] = field(default_factory=list)
    full: list[int] = field(default_factory=list)  # slots whose spread window was full
    offset: int = 0

    @property
    def attempt_number(self) -> int:
        return len(self.charge.attempts) + 1


def ladder(charge: FailedCharge) -> list[datetime]:
    """The four UTC instants T, T+3d, T+10d, T+17d of ``charge`` (see the module docstring)."""
    anchor = charge.authorised_at.astimezone(UTC).replace(second=0, microsecond=0)
    first = min(a.at for a in charge.attempts).astimezone(UTC)
    base = anchor + timedelta(days=(first - anchor) // timedelta(days=1))
    return [base + timedelta(days=d) for d in LADDER_DAYS]


def _slot_name(index: int) -> str:
    return "T" if index == 0 else f"T+{LADDER_DAYS[index]}d"


def _names(indexes: Sequence[int]) -> str:
    names = [_slot_name(i) for i in indexes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _decide(charge: FailedCharge, now: datetime) -> _Draft:
    attempts = sorted(charge.attempts, key=lambda a: a.at)
    codes = [canonical_decline(a.decline_code) for a in attempts]
    last = codes[-1]
    slots = ladder(charge)
    draft = _Draft(
        charge=charge,
        status="scheduled",
        reason="",
        next_step="",
        last_code=last,
        decline_class=classify_decline(last),
        base=slots[0],
    )
    n = len(attempts)
    hard = next(
        ((i, c) for i, c in enumerate(codes, 1) if c and classify_decline(c) == "hard"), None
    )
    if hard is not None:
        number, code = hard
        draft.status = "stop_hard_decline"
        draft.decline_class = "hard"
        draft.last_code = code
        draft.reason = (
            f"Attempt {number} was declined with {code} ({DECLINE_TABLE[code][1]}), "
            "a hard decline, which is never retried."
        )
        draft.next_step = _STOP_NEXT
        return draft
    if n >= MAX_ATTEMPTS:
        draft.status = "stop_exhausted"
        draft.reason = (
            f"All {MAX_ATTEMPTS} attempts of the ladder ({_names(range(MAX_ATTEMPTS))}) "
            f"were made ({n} recorded) and none succeeded."
        )
        draft.next_step = _STOP_NEXT
        return draft
    if n >= 2 and last is not None and codes[-2] == last:
        draft.status = "stop_repeated_decline"
        draft.reason = (
            f"Attempts {n - 1} and {n} were both declined with {last}, "
            "so further retries are paused."
        )
        draft.next_step = (
            "Ask the customer to update the payment method; plan again once they have."
        )
        return draft
    if draft.decline_class == "unknown":
        draft.status = "review_unknown_decline"
        got = f"with {last}" if last else "with no decline code recorded"
        draft.reason = (
            f"The last attempt was declined {got}, which is neither a known soft nor a hard "
            "decline (unknown: review), so it is not retried automatically."
        )
        draft.next_step = (
            "Review the decline by hand: retry only if it is temporary, otherwise ask the "
            "customer to update the payment method."
        )
        return draft
    latest = attempts[-1].at.astimezone(UTC)
    for index in range(1, MAX_ATTEMPTS):
        slot = slots[index]
        if slot < latest + MIN_GAP:
            continue  # already used (or too close to the last attempt)
        if slot < now:
            draft.missed.append(index)
            continue
        draft.slots.append((index, slot))
    if not draft.slots:
        _exhaust(
            draft, f"The ladder ended at {_slot_name(MAX_ATTEMPTS - 1)} ({iso_utc(slots[-1])})"
        )
        return draft
    return draft


def _exhaust(draft: _Draft, why: str, next_step: str = _STOP_NEXT) -> None:
    draft.status = "stop_exhausted"
    draft.slots = []
    made = len(draft.charge.attempts)
    draft.reason = (
        f"{why} and no slot is left on or after now, so after {made} "
        f"attempt{'s' if made != 1 else ''} nothing more is tried."
    )
    draft.next_step = next_step


def _stable_hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def _spread(drafts: Sequence[_Draft], max_per_minute: int) -> None:
    """Give each scheduled draft a minute offset (see "Spreading" in the module docstring)."""
    per_minute: Counter[datetime] = Counter()
    customer_minutes: set[tuple[str, datetime]] = set()
    queue: list[tuple[datetime, int, str, int]] = []
    for i, draft in enumerate(drafts):
        if draft.status == "scheduled":
            sub = draft.charge.subscription_id
            queue.append((draft.slots[0][1], _stable_hash(sub), sub, i))
    heapq.heapify(queue)
    while queue:
        slot, digest, sub, i = heapq.heappop(queue)
        draft = drafts[i]
        customer = draft.charge.customer_id
        for offset in range(SPREAD_WINDOW_MINUTES):
            minute = slot + timedelta(minutes=offset)
            if per_minute[minute] >= max_per_minute:
                continue
            if customer is not None and (customer, minute) in customer_minutes:
                continue
            per_minute[minute] += 1
            if customer is not None:
                customer_minutes.add((customer, minute))
            draft.offset = offset
            break
        else:
            draft.full.append(draft.slots.pop(0)[0])
            if draft.slots:
                heapq.heappush(queue, (draft.slots[0][1], digest, sub, i))
            else:
                _exhaust(
                    draft,
                    f"The spread window of slot {_names(draft.full)} was full "
                    f"({max_per_minute} per minute for {SPREAD_WINDOW_MINUTES} minutes)",
                    "Raise max_per_minute and plan again (the ladder itself is not exhausted).",
                )


def time_zone(name: str | None) -> tzinfo | None:
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}: use an IANA name such as Europe/Berlin"
        ) from None


def _finish(
    draft: _Draft, zone: tzinfo | None, zone_name: str | None, per_minute: int
) -> RetryDecision:
    charge = draft.charge
    common: dict[str, Any] = {
        "subscription_id": charge.subscription_id,
        "customer_id": charge.customer_id,
        "attempts_made": len(charge.attempts),
        "last_decline_code": draft.last_code,
        "decline_class": draft.decline_class,
        "ladder_start": draft.base,
        "display_tz": zone_name,
    }
    if draft.status != "scheduled":
        return RetryDecision(
            status=draft.status, reason=draft.reason, next_step=draft.next_step, **common
        )
    index, slot = draft.slots[0]
    at = slot + timedelta(minutes=draft.offset)
    number = draft.attempt_number
    parts = [
        f"The last attempt was declined with {draft.last_code} "
        f"({DECLINE_TABLE[draft.last_code or ''][1]}, a soft decline), so attempt {number} of "
        f"{MAX_ATTEMPTS} goes on slot {_slot_name(index)} at {slot:%H:%M} UTC, "
        "the anchor's time of day"
    ]
    if draft.missed:
        s = "s" if len(draft.missed) > 1 else ""
        parts.append(f"; slot{s} {_names(draft.missed)} had passed")
    if draft.full:
        parts.append(f"; the spread window of slot {_names(draft.full)} was full")
    if draft.offset:
        parts.append(
            f"; moved {draft.offset} min later by the spread (at most {per_minute} "
            f"attempt{'s' if per_minute > 1 else ''} a minute, never two of one customer's)"
        )
    path = f"/subscriptions/{quote(charge.subscription_id, safe='')}/charge"
    body: ChargeBody = {
        "product_price": charge.amount,
        "product_currency": charge.currency,
        "metadata": {"retry_attempt": str(number)},
    }
    return RetryDecision(
        status="scheduled",
        reason="".join(parts) + ".",
        next_step=f"Call POST {path} at {iso_utc(at)}.",
        attempt_number=number,
        ladder_slot=index + 1,
        slot_at=slot,
        next_attempt_at=at,
        spread_minutes=draft.offset,
        display_at=at.astimezone(zone).isoformat() if zone else None,
        request=ChargeCall(
            method="POST",
            path=path,
            body=body,
        ),
        **common,
    )


def plan_retries(
    charges: Iterable[FailedCharge],
    *,
    now: datetime,
    max_per_minute: int = 1,
    display_tz: str | None = None,
) -> list[RetryDecision]:
    """One decision per charge, in input order (see the module docstring for the policy).

    Raises ValueError for a naive ``now``, ``max_per_minute < 1``, an unknown ``display_tz``
    or a subscription id given twice (merge its attempts into one ``FailedCharge``).
    """
    if not is_aware(now):
        raise ValueError("now must carry a UTC offset")
    if max_per_minute < 1:
        raise ValueError("max_per_minute must be at least 1")
    zone = time_zone(display_tz)
    items = list(charges)
    counts = Counter(c.subscription_id for c in items)
    twice = sorted(k for k, v in counts.items() if v > 1)
    if twice:
        raise ValueError(f"subscription id given more than once: {', '.join(twice)}")
    now_utc = now.astimezone(UTC)
    drafts = [_decide(c, now_utc) for c in items]
    _spread(drafts, max_per_minute)
    return [_finish(d, zone, display_tz, max_per_minute) for d in drafts]
