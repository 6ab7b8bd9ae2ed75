"""The id map: Stripe ids (prices, plans, SKUs, products, customers, coupons, promotion codes)
to Dodo ids, read from ``--id-map FILE`` and written by ``plan --id-map-out`` and ``ledger ids``.

One format, everywhere. The file is a JSON object. A value is the Dodo id as a string, or an
object that also says what the price charges, so the money check can compare carts::

    {"price_1Gold": "pdt_abc",
     "price_1Team": {"id": "pdt_def", "price": 4900, "currency": "USD", "interval": "Month"},
     "cus_123": "cus_xyz", "SUMMER25": "SUMMER25", "promo_1Q": "WELCOME10"}

``price`` (whole minor units), ``currency``, ``interval`` (day, week, month or year; absent for a
one-time price) and ``interval_count`` (default 1) say what the Dodo product charges, and so
what the Stripe price charges too (``plan`` makes each product from its price): where nothing
else says what Stripe charged (a snapshot's price, a recorded session), the entry does. Only
when the two differ (a product adopted at another price) does the entry say what the Stripe
price charges, under ``"stripe"`` (the fields that differ): the money check then compares them.
``plan`` never writes ``"stripe"``; a copy equal to the entry (older plans wrote one) is dropped.
For coupon and promotion-code ids the value is the Dodo discount *code*.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from migrate.errors import ConfigError
from migrate.readers.limits import LimitError, loads

_JSON = json.JSONDecoder()  # floats stay float, as json.loads gives them

INTERVALS = {"day": "Day", "week": "Week", "month": "Month", "year": "Year"}
FIELDS = ("id", "price", "currency", "interval", "interval_count")
PLACEHOLDER_PREFIX = "s2d_"
"""Ids made up by stripe2dodo for objects not created yet (``apply`` replaces them)."""


def currency_key(key: str, currency: str) -> str:
    """The id map's key of the product a currency key stands for in ``currency``."""
    return f"{key}.{currency.upper()}"


def is_currency_key(stripe_id: str) -> bool:
    """Whether an id-map key is a currency key's product (``s2d_pdt_<hex>.EUR``)."""
    base, dot, code = stripe_id.rpartition(".")
    return bool(dot) and base.startswith(PLACEHOLDER_PREFIX) and len(code) == 3 and code.isalpha()


@dataclass(frozen=True, slots=True)
class MappedId:
    """One id-map entry: the Dodo id, and what the Dodo product charges when known."""

    id: str
    price: int | None = None
    currency: str | None = None
    interval: str | None = None
    interval_count: int = 1
    stripe: MappedId | None = None
    """What the Stripe price charges, only where it is not what the Dodo product charges."""

    @property
    def charged_by_stripe(self) -> MappedId:
        """The Stripe side of the money check: ``stripe``, else the entry itself."""
        return self.stripe or self

    @property
    def priced(self) -> bool:
        """The entry says what the price charges (the money check can use it)."""
        return self.price is not None and self.currency is not None

    def as_json(self) -> Any:
        """The entry as the id-map file holds it: the id string, or the object with the charge."""
        if not self.priced:
            return self.id
        out: dict[str, Any] = {"id": self.id, "price": self.price, "currency": self.currency}
        if self.interval is not None:
            out["interval"] = self.interval
            if self.interval_count != 1:
                out["interval_count"] = self.interval_count
        if self.stripe is not None:  # only the fields that differ
            out["stripe"] = {
                name: getattr(self.stripe, name)
                for name in FIELDS[1:]
                if getattr(self.stripe, name) != getattr(self, name)
            }
        return out

    def with_stripe(self, said: MappedId) -> MappedId:
        return MappedId(
            self.id, self.price, self.currency, self.interval, self.interval_count, said
        )

    def with_id(self, dodo_id: str) -> MappedId:
        return MappedId(
            dodo_id, self.price, self.currency, self.interval, self.interval_count, self.stripe
        )


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

    def with_ledger(
        self,
        ledger: Mapping[str, str],
        *,
        ledger_wins: bool,
        resolve: Callable[[str], str | None] | None = None,
    ) -> tuple[IdMap, list[tuple[str, str, str]]]:
        """This map with the real Dodo ids of an apply ledger (``Ledger.id_map()``) put in.

        An entry keeps its charge and takes the ledger's id when its own is a placeholder (or
        ``ledger_wins``); ids only the ledger has are added; other placeholders are looked up
        with ``resolve`` (``Ledger.resolve``: e.g. a duplicate customer's). Returns the merged
        map and the conflicts kept or overridden: ``(stripe id, this map's id, the ledger's)``.
        """
        entries = dict(self.entries)
        if resolve is not None:
            for key, mine in self.entries.items():
                real_id = resolve(mine.id) if mine.id.startswith(PLACEHOLDER_PREFIX) else None
                if real_id is not None:
                    entries[key] = mine.with_id(real_id)
        conflicts = []
        for key, real in ledger.items():
            have = entries.get(key)
            if have is None:
                entries[key] = MappedId(real)
            elif have.id != real:
                if not have.id.startswith(PLACEHOLDER_PREFIX):
                    conflicts.append((key, have.id, real))
                    if not ledger_wins:
                        continue
                entries[key] = have.with_id(real)
        return IdMap(entries, given=self.given or bool(ledger)), conflicts

    def dumps(self) -> str:
        """The map as an id-map file (sorted keys, one entry per line)."""
        return dump_entries(self.entries.items())


def dump_entries(entries: Iterable[tuple[str, MappedId]]) -> str:
    """An id-map file: ``{"stripe_id": entry, ...}`` in the one format, sorted by Stripe id."""
    items = sorted(entries, key=lambda kv: kv[0])
    if not items:
        return "{}\n"
    lines = [
        f"  {json.dumps(key)}: {json.dumps(entry.as_json(), ensure_ascii=False)}"
        for key, entry in items
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


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
            hint='write it as "pdt_..." or {"id": "pdt_...", "price": 1000, "currency": "USD"}',
        )
    unknown = sorted(set(value) - {*FIELDS, "stripe"})
    if unknown:
        raise ConfigError(
            f"{origin}: entry {key!r} has unknown field(s) {', '.join(map(repr, unknown))}",
            hint="an entry has id, price (minor units), currency, interval and interval_count",
        )
    mapped = _fields(origin, key, value)
    stripe = value.get("stripe")
    if stripe is None:
        return mapped
    if not isinstance(stripe, dict) or not mapped.priced:
        raise ConfigError(
            f"{origin}: entry {key!r}: 'stripe' must be an object beside the entry's own price",
            hint='e.g. {"id": "pdt_...", "price": 1000, "currency": "USD", '
            '"stripe": {"price": 1200}}',
        )
    unknown = sorted(set(stripe) - set(FIELDS[1:]))
    if unknown:
        names = ", ".join(map(repr, unknown))
        raise ConfigError(f"{origin}: entry {key!r}: 'stripe' has unknown field(s) {names}")
    own = {k: value[k] for k in FIELDS if k in value}
    said = _fields(origin, f"{key}.stripe", {**own, **stripe})
    return mapped if said == mapped else mapped.with_stripe(said)


def _fields(origin: str, key: str, value: dict[str, Any]) -> MappedId:
    dodo_id = value.get("id")
    price = value.get("price")
    currency = value.get("currency")
    interval = value.get("interval")
    count = value.get("interval_count", 1)
    if not isinstance(dodo_id, str) or not dodo_id:
        raise ConfigError(f"{origin}: entry {key!r} has no 'id' string")
    if price is not None and (isinstance(price, bool) or not isinstance(price, int) or price < 0):
        raise ConfigError(
            f"{origin}: entry {key!r}: 'price' must be whole minor units (1000 is 10.00 USD)"
        )
    if currency is not None and (not isinstance(currency, str) or not currency):
        raise ConfigError(f"{origin}: entry {key!r}: 'currency' must be a string like USD")
    if price is not None and currency is None:
        raise ConfigError(
            f"{origin}: entry {key!r}: 'price' needs a 'currency'",
            hint='add it, e.g. "currency": "USD"',
        )
    norm_interval = None
    if interval is not None:
        norm_interval = INTERVALS.get(str(interval).lower())
        if norm_interval is None:
            raise ConfigError(
                f"{origin}: entry {key!r}: 'interval' must be day, week, month or year"
            )
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ConfigError(f"{origin}: entry {key!r}: 'interval_count' must be a positive integer")
    return MappedId(
        dodo_id,
        price=price,
        currency=currency.upper() if currency else None,
        interval=norm_interval,
        interval_count=count,
    )
