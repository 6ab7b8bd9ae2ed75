"""The id map: Stripe ids (prices, plans, SKUs, products, customers, coupons, promotion codes)
to Dodo ids, read from ``--id-map FILE``.

The file is a JSON object. A value is the Dodo id as a string, or an object that also says what
the Dodo product charges, so the money check can compare it::

    {"price_1Gold": "pdt_abc",
     "price_1Team": {"id": "pdt_def", "price": 4900, "currency": "USD", "interval": "Month"},
     "cus_123": "cus_xyz", "SUMMER25": "SUMMER25", "promo_1Q": "WELCOME10"}

An entry written by ``stripe2dodo plan`` also has ``"stripe": {"price", "currency",
"interval", "interval_count"}``: what the Stripe price charges.

For coupon and promotion-code ids the value is the Dodo discount *code*.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from migrate.errors import ConfigError
from migrate.sources.limits import LimitError, loads

_JSON = json.JSONDecoder()  # floats stay float, as json.loads gives them

INTERVALS = {"day": "Day", "week": "Week", "month": "Month", "year": "Year"}


@dataclass(frozen=True, slots=True)
class MappedId:
    """One id-map entry: the Dodo id, and what the Dodo product charges when known."""

    id: str
    price: int | None = None
    currency: str | None = None
    interval: str | None = None
    interval_count: int = 1
    stripe: MappedId | None = None
    """What the Stripe price charged (a plan writes it), for the Stripe side of the money check."""


@dataclass(frozen=True)
class IdMap:
    """Stripe id -> Dodo id. ``given`` tells whether the user passed a map at all."""

    entries: dict[str, MappedId]
    given: bool = False

    def get(self, stripe_id: str) -> MappedId | None:
        return self.entries.get(stripe_id)

    @classmethod
    def empty(cls) -> IdMap:
        return cls({}, given=False)

    @classmethod
    def from_json(cls, doc: Any, *, origin: str = "id map") -> IdMap:
        if not isinstance(doc, dict):
            raise ConfigError(
                f"{origin}: expected a JSON object of Stripe id -> Dodo id",
                hint='write it as {"price_123": "pdt_abc", ...}',
            )
        return cls({key: _entry(origin, key, value) for key, value in doc.items()}, given=True)

    @classmethod
    def load(cls, path: str) -> IdMap:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(
                f"{path}: cannot read the id map ({exc.strerror or exc})",
                hint="check the --id-map path",
            ) from None
        try:
            doc = loads(text, _JSON)
        except json.JSONDecodeError as exc:
            raise ConfigError(
                f"{path}:{exc.lineno}:{exc.colno}: the id map is not valid JSON ({exc.msg})",
                hint="fix the JSON syntax",
            ) from None
        except LimitError as exc:
            raise ConfigError(
                f"{_where(path, exc)}: the id map {exc.message}",
                hint="an id map is a flat JSON object of ids: fix or remove this entry",
            ) from None
        return cls.from_json(doc, origin=path)


def _where(path: str, exc: LimitError) -> str:
    if exc.line is not None:
        return f"{path}:{exc.line}:{exc.column}"
    return f"{path} at {exc.path}" if exc.path else path


def _entry(origin: str, key: str, value: Any) -> MappedId:
    if isinstance(value, str) and value:
        return MappedId(value)
    if not isinstance(value, dict):
        raise ConfigError(
            f"{origin}: entry {key!r} must be a Dodo id string or an object with an 'id'",
        )
    dodo_id = value.get("id")
    price = value.get("price")
    currency = value.get("currency")
    interval = value.get("interval")
    count = value.get("interval_count", 1)
    if not isinstance(dodo_id, str) or not dodo_id:
        raise ConfigError(f"{origin}: entry {key!r} has no 'id' string")
    if price is not None and (isinstance(price, bool) or not isinstance(price, int)):
        raise ConfigError(f"{origin}: entry {key!r}: 'price' must be whole minor units")
    if currency is not None and not isinstance(currency, str):
        raise ConfigError(f"{origin}: entry {key!r}: 'currency' must be a string like USD")
    norm_interval = None
    if interval is not None:
        norm_interval = INTERVALS.get(str(interval).lower())
        if norm_interval is None:
            raise ConfigError(
                f"{origin}: entry {key!r}: 'interval' must be day, week, month or year"
            )
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ConfigError(f"{origin}: entry {key!r}: 'interval_count' must be a positive integer")
    stripe = value.get("stripe")
    if stripe is not None and not isinstance(stripe, dict):
        raise ConfigError(f"{origin}: entry {key!r}: 'stripe' must be an object")
    return MappedId(
        dodo_id,
        price=price,
        currency=currency.upper() if currency else None,
        interval=norm_interval,
        interval_count=count,
        stripe=_entry(origin, f"{key}.stripe", {"id": dodo_id, **stripe}) if stripe else None,
    )
