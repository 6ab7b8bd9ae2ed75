"""A safe retry plan for failed on-demand subscription charges (Dodo's "safe retry policy").

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

import csv
import hashlib
import heapq
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, Final, Literal, TypedDict
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from migrate.errors import ConfigError
from migrate.readers.limits import LimitError, loads

_JSON = json.JSONDecoder()  # floats stay float, as json.loads gives them

SCHEMA: Final = "stripe2dodo.retries/v1"
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
RetryFormat = Literal["text", "json", "csv"]

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


def _aware(value: datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


@dataclass(frozen=True, kw_only=True)
class Attempt:
    """One past charge attempt that failed."""

    at: datetime
    decline_code: str | None = None

    def __post_init__(self) -> None:
        if not _aware(self.at):
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
        if not _aware(self.authorised_at):
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
            "ladder_start": _iso(self.ladder_start),
            "attempt_number": self.attempt_number,
            "ladder_slot": self.ladder_slot,
            "slot_at": _iso(self.slot_at),
            "next_attempt_at": _iso(self.next_attempt_at),
            "spread_minutes": self.spread_minutes,
            "display_tz": self.display_tz,
            "display_at": self.display_at,
            "request": self.request.as_dict() if self.request else None,
        }


def _iso(value: datetime | None) -> str | None:
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
        _exhaust(draft, f"The ladder ended at {_slot_name(MAX_ATTEMPTS - 1)} ({_iso(slots[-1])})")
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


def _zone(name: str | None) -> tzinfo | None:
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
        next_step=f"Call POST {path} at {_iso(at)}.",
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
    if not _aware(now):
        raise ValueError("now must carry a UTC offset")
    if max_per_minute < 1:
        raise ValueError("max_per_minute must be at least 1")
    zone = _zone(display_tz)
    items = list(charges)
    counts = Counter(c.subscription_id for c in items)
    twice = sorted(k for k, v in counts.items() if v > 1)
    if twice:
        raise ValueError(f"subscription id given more than once: {', '.join(twice)}")
    now_utc = now.astimezone(UTC)
    drafts = [_decide(c, now_utc) for c in items]
    _spread(drafts, max_per_minute)
    return [_finish(d, zone, display_tz, max_per_minute) for d in drafts]


# ---------------------------------------------------------------------------------------------
# Reading


CSV_COLUMNS: Final = (
    "subscription_id",
    "customer_id",
    "authorised_at",
    "amount",
    "currency",
    "attempted_at",
    "decline_code",
)
_CSV_REQUIRED: Final = ("subscription_id", "authorised_at", "amount", "currency", "attempted_at")
_ISO_HINT: Final = "not an ISO 8601 time with a UTC offset"
_ISO_FIX: Final = "write it like 2025-03-24T13:10:00Z or 2025-03-24T14:10:00+01:00"


class _Bad(Exception):
    """One field problem: ``field: what (got ...); how to fix``."""


def _time(value: object, name: str) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise _Bad(f"{name}: {_ISO_HINT} (got {value!r}); {_ISO_FIX}")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise _Bad(f"{name}: {_ISO_HINT} (got {value!r}); {_ISO_FIX}") from None
    if not _aware(parsed):
        raise _Bad(f"{name}: {_ISO_HINT} (got {value!r}); add Z or an offset such as +01:00")
    return parsed


def _amount(value: object, name: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise _Bad(
            f"{name}: not a positive whole number of minor units (got {value!r}); "
            "write 1999 for 19.99"
        )
    return value


def _currency(value: object, name: str) -> str:
    text = value.strip().upper() if isinstance(value, str) else ""
    if len(text) != 3 or not text.isascii() or not text.isalpha():
        raise _Bad(f"{name}: not a three-letter currency code (got {value!r}); write e.g. EUR")
    return text


def _text(value: object, name: str, *, required: bool) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _Bad(f"{name}: missing; every entry needs one")
        return None
    if not isinstance(value, str):
        raise _Bad(f"{name}: not a string (got {value!r}); quote it")
    return value.strip()


@dataclass
class _Row:
    where: str
    subscription_id: str
    customer_id: str | None
    authorised_at: datetime
    amount: int
    currency: str
    attempt: Attempt


def read_failed_charges(path: str | Path) -> tuple[list[FailedCharge], list[str]]:
    """Failed charges from a ``.csv`` or ``.json`` file, and one line per problem.

    A subscription with any bad row or field is skipped whole (a missing attempt could hide a
    hard decline or an attempt already made); every other one is returned.
    """
    name = str(path)
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".json"):
        return [], [f"{name}: not a .csv or .json file; name it failed-charges.csv or .json"]
    try:
        text = Path(name).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return [], [f"{name}: not UTF-8 text; save it as UTF-8"]
    except OSError as exc:
        return [], [f"{name}: cannot be read ({exc.strerror or exc}); check the path"]
    if suffix == ".csv":
        return _read_csv(name, text)
    return _read_json(name, text)


def _read_csv(name: str, text: str) -> tuple[list[FailedCharge], list[str]]:
    problems: list[str] = []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in _CSV_REQUIRED if c not in header]
    if missing:
        return [], [
            f"{name}: line 1: missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; the header is {','.join(CSV_COLUMNS)}"
        ]
    reader.fieldnames = header
    rows: list[_Row] = []
    bad: dict[str, str] = {}  # subscription id -> first bad line
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"{name}: line {reader.line_num}: not valid CSV ({exc}); fix the row")
            continue
        where = f"{name}: line {reader.line_num}"
        if all(not (v or "").strip() for k, v in raw.items() if k is not None):
            continue
        sub = (raw.get("subscription_id") or "").strip()
        if None in raw:
            problems.append(
                f"{where}: more values than columns; quote values that contain commas"
                + (f"; subscription {sub} is skipped" if sub else "")
            )
            if sub:
                bad.setdefault(sub, where)
            continue
        if not sub:
            problems.append(f"{where}: subscription_id: missing; the row is skipped")
            continue
        try:
            authorised = _time(raw.get("authorised_at"), "authorised_at")
            attempted = _time(raw.get("attempted_at"), "attempted_at")
            row = _Row(
                where=where,
                subscription_id=sub,
                customer_id=_text(raw.get("customer_id"), "customer_id", required=False),
                authorised_at=authorised,
                amount=_amount(raw.get("amount"), "amount"),
                currency=_currency(raw.get("currency"), "currency"),
                attempt=Attempt(
                    at=attempted,
                    decline_code=_text(raw.get("decline_code"), "decline_code", required=False),
                ),
            )
            if attempted < authorised:
                raise _Bad(
                    "attempted_at: earlier than authorised_at; the anchor is the authorisation "
                    "or last successful payment before the failed charge"
                )
        except _Bad as exc:
            problems.append(f"{where}: {exc}; subscription {sub} is skipped")
            bad.setdefault(sub, where)
            continue
        rows.append(row)
    groups: dict[str, list[_Row]] = {}
    for row in rows:
        groups.setdefault(row.subscription_id, []).append(row)
    charges: list[FailedCharge] = []
    for sub, group in groups.items():
        if sub in bad:
            continue
        first = group[0]
        conflict = None
        for row in group[1:]:
            for key in ("customer_id", "authorised_at", "amount", "currency"):
                if getattr(row, key) != getattr(first, key):
                    conflict = (
                        f"{row.where}: {key}: differs from {first.where.split(': ', 1)[1]} "
                        f"({getattr(row, key)!s} vs {getattr(first, key)!s}); every row of "
                        f"subscription {sub} must carry the same {key}; it is skipped"
                    )
                    break
            if conflict:
                break
        if conflict:
            problems.append(conflict)
            continue
        charges.append(
            FailedCharge(
                subscription_id=sub,
                customer_id=first.customer_id,
                authorised_at=first.authorised_at,
                amount=first.amount,
                currency=first.currency,
                attempts=[r.attempt for r in group],
            )
        )
    return charges, problems


def _read_json(name: str, text: str) -> tuple[list[FailedCharge], list[str]]:
    try:
        doc = loads(text, _JSON)
    except json.JSONDecodeError as exc:
        return [], [
            f"{name}: line {exc.lineno} column {exc.colno}: not valid JSON ({exc.msg}); fix it"
        ]
    except LimitError as exc:
        where = f"line {exc.line} column {exc.column}" if exc.line else f"$.{exc.path}"
        return [], [f"{name}: {where}: {exc.message}; fix or remove this entry"]
    if not isinstance(doc, list):
        return [], [
            f"{name}: $: not a JSON list; write [{{...}}, ...], one object per subscription"
        ]
    problems: list[str] = []
    found: list[tuple[int, FailedCharge]] = []
    for i, item in enumerate(doc):
        where = f"{name}: [{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object; the entry is skipped")
            continue
        sub = item.get("subscription_id")
        label = f"subscription {sub}" if isinstance(sub, str) and sub.strip() else "the entry"
        try:
            found.append((i, _json_charge(item)))
        except _Bad as exc:
            problems.append(f"{where}.{exc}; {label} is skipped")
    seen: dict[str, list[int]] = {}
    for i, charge in found:
        seen.setdefault(charge.subscription_id, []).append(i)
    charges: list[FailedCharge] = []
    for i, charge in found:
        indexes = seen[charge.subscription_id]
        if len(indexes) == 1:
            charges.append(charge)
        elif i == indexes[-1]:
            others = ", ".join(f"[{j}]" for j in indexes[:-1])
            problems.append(
                f"{name}: [{i}].subscription_id: {charge.subscription_id} is also at {others}; "
                "merge its attempts into one entry (none of them is planned)"
            )
    return charges, problems


def _json_charge(item: dict[str, Any]) -> FailedCharge:
    sub = _text(item.get("subscription_id"), "subscription_id", required=True)
    authorised = _time(item.get("authorised_at"), "authorised_at")
    amount = _amount(item.get("amount"), "amount")
    currency = _currency(item.get("currency"), "currency")
    customer = _text(item.get("customer_id"), "customer_id", required=False)
    raw_attempts = item.get("attempts")
    if not isinstance(raw_attempts, list) or not raw_attempts:
        raise _Bad(
            f"attempts: not a non-empty list (got {raw_attempts!r}); "
            'list every attempt as {"attempted_at": ..., "decline_code": ...}'
        )
    attempts: list[Attempt] = []
    for j, raw in enumerate(raw_attempts):
        key = f"attempts[{j}]"
        if not isinstance(raw, dict):
            raise _Bad(f'{key}: not an object (got {raw!r}); write {{"attempted_at": ...}}')
        when = raw.get("attempted_at", raw.get("at"))
        at = _time(when, f"{key}.attempted_at")
        if at < authorised:
            raise _Bad(
                f"{key}.attempted_at: earlier than authorised_at; the anchor is the "
                "authorisation or last successful payment before the failed charge"
            )
        code = _text(raw.get("decline_code"), f"{key}.decline_code", required=False)
        attempts.append(Attempt(at=at, decline_code=code))
    assert sub is not None
    return FailedCharge(
        subscription_id=sub,
        customer_id=customer,
        authorised_at=authorised,
        amount=amount,
        currency=currency,
        attempts=attempts,
    )


# ---------------------------------------------------------------------------------------------
# Rendering


_CSV_OUT: Final = (
    "subscription_id",
    "customer_id",
    "status",
    "attempts_made",
    "attempt_number",
    "ladder_slot",
    "ladder_start",
    "slot_at",
    "next_attempt_at",
    "spread_minutes",
    "display_at",
    "last_decline_code",
    "decline_class",
    "method",
    "path",
    "body",
    "reason",
    "next_step",
)


def render_retries(decisions: Sequence[RetryDecision], fmt: RetryFormat) -> str:
    """``text`` (a table, reasons, the calls), ``json`` (``stripe2dodo.retries/v1``) or ``csv``."""
    if fmt == "json":
        doc = {"schema": SCHEMA, "decisions": [d.as_dict() for d in decisions]}
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _render_csv(decisions)
    if fmt == "text":
        return _render_text(decisions)
    raise ValueError(f"unknown format {fmt!r}: use text, json or csv")


def _render_csv(decisions: Sequence[RetryDecision]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_OUT)
    for d in decisions:
        row = d.as_dict()
        request = d.request
        row["method"] = request.method if request else None
        row["path"] = request.path if request else None
        row["body"] = json.dumps(dict(request.body), sort_keys=True) if request else None
        writer.writerow(["" if row[k] is None else row[k] for k in _CSV_OUT])
    return out.getvalue()


def _render_text(decisions: Sequence[RetryDecision]) -> str:
    zone = next((d.display_tz for d in decisions if d.display_tz), None)
    head = ["SUBSCRIPTION", "CUSTOMER", "STATUS", "ATTEMPT", "NEXT ATTEMPT (UTC)", "+MIN"]
    if zone:
        head.append(f"LOCAL ({zone})")
    head.append("LAST DECLINE")
    table = [head]
    for d in decisions:
        row = [
            d.subscription_id,
            d.customer_id or "-",
            d.status,
            f"{d.attempt_number}/{MAX_ATTEMPTS}" if d.attempt_number else f"{d.attempts_made} made",
            _iso(d.next_attempt_at) or "-",
            str(d.spread_minutes) if d.next_attempt_at else "-",
        ]
        if zone:
            row.append(_local(d))
        row.append(f"{d.last_decline_code or '(none)'} ({d.decline_class})")
        table.append(row)
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table]
    lines.append("")
    for d in decisions:
        lines.append(f"{d.subscription_id}: {d.reason} {d.next_step}")
    calls = [d for d in decisions if d.request is not None]
    if calls:
        lines.append("")
        lines.append("Calls to make:")
        for d in sorted(calls, key=lambda d: (d.next_attempt_at, d.subscription_id)):
            assert d.request is not None
            body = json.dumps(dict(d.request.body), ensure_ascii=False)
            lines.append(f"  {_iso(d.next_attempt_at)}  {d.request.method} {d.request.path} {body}")
    counts = Counter(d.status for d in decisions)
    order: tuple[Status, ...] = (
        "scheduled",
        "stop_hard_decline",
        "stop_repeated_decline",
        "stop_exhausted",
        "review_unknown_decline",
    )
    summary = ", ".join(f"{counts[s]} {s}" for s in order if counts[s])
    lines.append("")
    total = len(decisions)
    lines.append(
        f"{total} subscription{'s' if total != 1 else ''}"
        + (f": {summary}" if summary else "")
        + (
            " (unknown: review = not retried automatically)"
            if counts["review_unknown_decline"]
            else ""
        )
        + "."
    )
    return "\n".join(lines) + "\n"


def _local(decision: RetryDecision) -> str:
    if decision.next_attempt_at is None or decision.display_tz is None:
        return "-"
    local = decision.next_attempt_at.astimezone(ZoneInfo(decision.display_tz))
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


# ---------------------------------------------------------------------------------------------
# The command's library function


def run_retries_plan(
    paths: Sequence[str],
    fmt: RetryFormat,
    *,
    now: datetime,
    display_tz: str | None,
    max_per_minute: int,
    on_problem: Callable[[str], None],
) -> tuple[str, int]:
    """Read every file, plan, render. Exit code 0, or 2 when any file or row was unreadable
    (those are reported through ``on_problem``; everything else is still planned).

    Raises ConfigError for a naive ``now``, an unknown ``display_tz`` or ``max_per_minute < 1``.
    """
    if not _aware(now):
        raise ConfigError("--now needs a UTC offset", hint="write e.g. 2025-03-25T09:00:00Z")
    if max_per_minute < 1:
        raise ConfigError("--max-per-minute must be at least 1", hint="the default is 1")
    try:
        _zone(display_tz)
    except ValueError as exc:
        raise ConfigError(f"--display-tz: {exc}") from None
    failed = False
    loaded: list[tuple[str, FailedCharge]] = []
    for path in paths:
        charges, problems = read_failed_charges(path)
        for problem in problems:
            on_problem(problem)
            failed = True
        loaded.extend((path, c) for c in charges)
    files: dict[str, list[str]] = {}
    for path, charge in loaded:
        files.setdefault(charge.subscription_id, []).append(path)
    for sub, where in files.items():
        if len(where) > 1:
            on_problem(
                f"{where[-1]}: subscription {sub} is also in {', '.join(where[:-1])}; "
                "keep each subscription in one file (it is not planned)"
            )
            failed = True
    charges = [c for _, c in loaded if len(files[c.subscription_id]) == 1]
    decisions = plan_retries(charges, now=now, max_per_minute=max_per_minute, display_tz=display_tz)
    return render_retries(decisions, fmt), 2 if failed else 0


__all__ = [
    "DECLINE_ALIASES",
    "DECLINE_TABLE",
    "LADDER_DAYS",
    "MAX_ATTEMPTS",
    "SCHEMA",
    "SPREAD_WINDOW_MINUTES",
    "Attempt",
    "ChargeBody",
    "ChargeCall",
    "DeclineClass",
    "FailedCharge",
    "RetryDecision",
    "RetryFormat",
    "Status",
    "canonical_decline",
    "classify_decline",
    "ladder",
    "plan_retries",
    "read_failed_charges",
    "render_retries",
    "run_retries_plan",
]
