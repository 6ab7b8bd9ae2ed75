"""Reading failed on-demand charges: a CSV file (one row per attempt) or a JSON list (one
object per subscription with its ``attempts``).

Every problem is one line naming the file, the line or JSON index, the field, what is wrong and
how to fix it. A subscription with any bad row or field is skipped whole (a missing attempt could
hide a hard decline or an attempt already made); every other one is read.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from migrate.readers.limits import LimitError, loads
from migrate.retries.plan import Attempt, FailedCharge, is_aware

_JSON = json.JSONDecoder()  # floats stay float, as json.loads gives them

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
    if not is_aware(parsed):
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
