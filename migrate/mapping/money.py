"""The money check: does the Dodo cart charge what Stripe would have charged?

Each cart line contributes what Stripe charges for it and what the Dodo cart charges for it,
each as a ``MoneyLine`` (or None when the amount is not known from the input or the id map).
Totals are compared per currency and billing interval. Amounts are before tax and discounts,
which both sides apply on top (the discount codes carry over).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from migrate.display import format_amount, per_interval
from migrate.mapping.trace import Trace

if TYPE_CHECKING:
    from migrate.mapping.normalise import Recorded

Key = tuple[str, str | None, int]


# ISO 4217 minor-unit exponents that are not 2 (Stripe's zero- and three-decimal currencies).
MAX_DIGITS = 12
MAX_AMOUNT = 10**MAX_DIGITS - 1
"""The largest amount (and quantity) a translation accepts: Stripe charges at most 12 digits of
minor units in any currency (8 in most)."""


def out_of_range(value: Decimal | int, *, positive: bool = False) -> str | None:
    """Why an amount or quantity cannot be charged (negative, zero when ``positive``, more than
    12 digits, not a number), or None when it can."""
    if isinstance(value, Decimal) and not value.is_finite():
        return "it is not a number"
    if value < 0:
        return "it is negative"
    if positive and value == 0:
        return "it is zero"
    if value > MAX_AMOUNT:
        return f"it has more than {MAX_DIGITS} digits"
    return None


@dataclass(frozen=True, slots=True)
class MoneyLine:
    """An amount in minor units, its currency, and its interval (None for one-time)."""

    currency: str
    amount: Decimal
    interval: str | None
    interval_count: int = 1

    @property
    def key(self) -> Key:
        return (self.currency, self.interval, self.interval_count if self.interval else 1)


def _totals(lines: list[MoneyLine]) -> dict[Key, Decimal]:
    out: dict[Key, Decimal] = defaultdict(Decimal)
    for line in lines:
        out[line.key] += line.amount
    return dict(out)


def describe(key: Key, amount: Decimal) -> str:
    """``("USD", "Month", 1), 1000`` -> ``10.00 USD / month``."""
    currency, interval, count = key
    return format_amount(amount, currency) + per_interval(interval, count)


def _render(totals: dict[Key, Decimal]) -> list[dict[str, Any]]:
    return [
        {
            "currency": c,
            "amount": int(a) if a == a.to_integral_value() else str(a),
            "interval": i,
            "interval_count": n,
        }
        for (c, i, n), a in sorted(
            totals.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2])
        )
    ]


def _text(totals: dict[Key, Decimal]) -> str:
    return " + ".join(describe(k, a) for k, a in sorted(totals.items(), key=str)) or "nothing"


def check_money(
    pairs: list[tuple[MoneyLine | None, MoneyLine | None]],
    recorded: Recorded | None,
    trace: Trace,
    *,
    trial: bool = False,
    unpriced: list[str] | None = None,
) -> dict[str, Any]:
    """Compare both sides, emit M001-M004 findings, and return the money summary.

    ``unpriced`` says what of the cart only run time decides (a price the code chooses, a
    quantity, a run-time amount): then the check is ``unverified`` with the reason, never a
    match, whatever the literal lines say."""
    unpriced = unpriced or []
    stripe = [s for s, _ in pairs if s is not None]
    dodo = [d for _, d in pairs if d is not None]
    stripe_unknown = len(pairs) - len(stripe)
    dodo_unknown = len(pairs) - len(dodo)
    currencies = sorted({line.currency for line in stripe + dodo})
    s_tot, d_tot = _totals(stripe), _totals(dodo)
    if len(currencies) > 1:
        trace.emit("M002", "line_items", currencies=", ".join(currencies))
        return _result("mismatch", s_tot, d_tot)

    status = "match"
    if recorded is not None and recorded.amount_subtotal is not None and not trial:
        reference = Decimal(recorded.amount_subtotal + (recorded.shipping_amount or 0))
        if not stripe_unknown and stripe and sum(s_tot.values()) != reference:
            trace.emit(
                "M004",
                "amount_subtotal",
                recorded=describe(_one_key(stripe), reference),
                items=_text(s_tot),
            )
        if not dodo_unknown and dodo and sum(d_tot.values()) != reference:
            trace.emit(
                "M001", "line_items", stripe=describe(_one_key(dodo), reference), dodo=_text(d_tot)
            )
            result = _result("mismatch", s_tot, d_tot)
            result["recorded"] = describe(_one_key(dodo), reference)
            return result
        if stripe_unknown and not dodo_unknown:
            # the recorded subtotal says what Stripe charged, and the Dodo cart charges it
            stripe_unknown = 0
            s_tot = dict(d_tot)
    if s_tot != d_tot and not stripe_unknown and not dodo_unknown:
        trace.emit("M001", "line_items", stripe=_text(s_tot), dodo=_text(d_tot))
        return _result("mismatch", s_tot, d_tot)
    if stripe_unknown or dodo_unknown or unpriced:
        missing = []
        if stripe_unknown:
            missing.append(f"{stripe_unknown} Stripe price(s) are referenced by id without amounts")
        if dodo_unknown:
            missing.append(f"{dodo_unknown} Dodo product(s) have no known price")
        if missing:
            trace.emit(
                "M003", "line_items", what=f"{len(pairs)} item(s)", reason="; ".join(missing)
            )
        if unpriced:
            run_time = "; ".join(dict.fromkeys(unpriced))
            trace.emit("RT004", "line_items", reason=run_time)
            missing.append(run_time)
        result = _result("unverified", s_tot, d_tot)
        result["reason"] = "; ".join(missing)
        return result
    if not pairs:
        status = "none"
    return _result(status, s_tot, d_tot)


def _result(status: str, s_tot: dict[Key, Decimal], d_tot: dict[Key, Decimal]) -> dict[str, Any]:
    return {"status": status, "stripe": _render(s_tot), "dodo": _render(d_tot)}


def _one_key(lines: list[MoneyLine]) -> Key:
    return lines[0].key
