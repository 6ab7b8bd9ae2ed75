"""Plan the move of a snapshot's subscribers: one Dodo checkout session per subscription that
continues it (``migrate.mapping.subscribers`` says what each needs), against the applied
catalog (``AppliedCatalog``: the ledger's and the id map's Dodo objects).

Pure: reads a ``CatalogSource`` and never calls Dodo. Yields, in this order: the Dodo products
of prices the catalog does not hold (a price changed since the subscriber joined keeps its own
product: the same operation, by key, as the catalog plan's), each subscriber's own discount code
for a coupon's remaining cycles, then one checkout session per subscription, oldest Stripe
period end first (the order ``subscribers create`` sends them in). A subscription that cannot
continue as it is becomes a ``skip`` (leaving) or ``manual`` operation with its findings.

The money check, per subscriber: what the Dodo checkout's subscription charges per period
after its discount code (the Dodo products' prices x quantities) equals, in currency, amount
and interval, what Stripe charges next after the coupons that still apply; otherwise SB118.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from migrate.findings import Level
from migrate.mapping.catalog import KEY_FIELD, CurrencyMode, Draft, PlanOptions, walk_object
from migrate.mapping.products import content_hash
from migrate.mapping.subscribers import (
    CouponLeft,
    PastDue,
    SubscribedLine,
    Subscriber,
    assess,
    describe_amount,
    discounted,
)
from migrate.mapping.table import RuleTable, load_table
from migrate.mapping.trace import Trace
from migrate.plan.ops import Action, Operation, Request
from migrate.plan.planner import CatalogPlanner, CatalogSource, MemorySource
from migrate.readers.idmap import IdMap, MappedId

METADATA_KEYS = 50
"""Dodo's most metadata pairs on one object."""
_OWN_KEYS = ("stripe_subscription_id", "stripe_customer_id", KEY_FIELD)


@dataclass(frozen=True)
class CatalogProduct:
    """A Dodo product the applied catalog holds for a Stripe price: its id, and what it
    charges (``charge``: an id map's word; ``from_price``: the catalog plan made it from the
    price, so it charges what the price does; neither: not known)."""

    dodo_id: str
    charge: MappedId | None = None
    from_price: bool = False


@dataclass(frozen=True)
class AppliedCatalog:
    """The Dodo objects that exist: products by ``(Stripe price, currency)`` (``None``: the
    price's own currency; ``"EUR"``: the product of one of its other currencies,
    ``--currency-options separate``), customers by Stripe id."""

    products: Mapping[tuple[str, str | None], CatalogProduct] = field(default_factory=dict)
    customers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls, ids: IdMap, ledger: Iterable[tuple[str, str, str | None, str]] = ()
    ) -> AppliedCatalog:
        """From an apply ledger's done or adopted operations (``(key, kind, Dodo id, origin)``,
        origin as ``Ledger.origins`` says) and an id map, whose entries win."""
        products: dict[tuple[str, str | None], CatalogProduct] = {}
        customers: dict[str, str] = {}
        for key, kind, dodo_id, origin in ledger:
            if dodo_id is None:
                continue
            parts = key.split(":")
            if kind == "product" and len(parts) in (2, 3) and parts[1] != "inline":
                currency = parts[2] if len(parts) == 3 else None
                products[(parts[1], currency)] = CatalogProduct(
                    dodo_id, from_price=origin != "mapped"
                )
            elif kind == "customer" and len(parts) == 2:
                customers[parts[1]] = dodo_id
        for stripe_id, entry in ids.entries.items():
            products[(stripe_id, None)] = CatalogProduct(
                entry.id, charge=entry if entry.priced else None
            )
            customers[stripe_id] = entry.id
        return cls(products, customers)


@dataclass(frozen=True)
class SubscriberOptions:
    """How to plan: the reference instant of the trials, what to do about past_due
    subscriptions, the tax category of products planned here, the checkout's return URL."""

    reference: int
    past_due: PastDue = "decide"
    tax_default: str | None = None
    tax_map: Mapping[str, str] = field(default_factory=dict)
    currency_options: CurrencyMode = "localized"
    return_url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "past_due": self.past_due,
            "tax_default": self.tax_default,
            "tax_map": dict(sorted(self.tax_map.items())),
            "currency_options": self.currency_options,
            "return_url": self.return_url,
        }


@dataclass
class SubscriberPlanner:
    """Turns a source's subscriptions into operations (see the module docstring)."""

    source: CatalogSource
    catalog: AppliedCatalog
    opts: SubscriberOptions
    table: RuleTable = field(default_factory=load_table)
    assessed: list[Subscriber] = field(default_factory=list)
    """Every subscriber, as ``assess`` saw it (for counts and revenue)."""
    _products: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    _made: dict[str, Operation] = field(default_factory=dict)

    def plan(self) -> Iterator[Operation]:
        self._products = {
            str(p.get("id")): p for p in self.source.objects("product") if p.get("id")
        }
        sessions: list[tuple[int, int, Operation]] = []
        for obj in self.source.objects("subscription"):
            subscriber = assess(
                obj, reference=self.opts.reference, past_due=self.opts.past_due, table=self.table
            )
            self.assessed.append(subscriber)
            sessions.append((subscriber.period_end or 0, len(sessions), self._session(subscriber)))
        yield from self._made.values()
        for _, _, op in sorted(sessions, key=lambda s: (s[0], s[1])):
            yield op

    # -- one subscriber

    def _session(self, s: Subscriber) -> Operation:
        key = f"checkout:{s.stripe_id}"
        title = _title(s)
        if s.action == "skip":  # leaving: what they pay is the revenue that leaves with them
            return Operation(
                key,
                "skip",
                "checkout_session",
                s.stripe_id,
                None,
                None,
                (),
                s.findings,
                title,
                _charge(s),
                _who(s),
            )
        trace = Trace(self.table, prefix=s.stripe_id)
        cart: list[dict[str, Any]] = []
        charges: list[tuple[MappedId | None, int]] = []
        depends: list[str] = []
        for line in s.lines:
            found = self._product(line, s, trace, depends)
            if found is None:
                continue
            dodo_id, charge = found
            cart.append({"product_id": dodo_id, "quantity": line.quantity})
            charges.append((charge, line.quantity))
        codes: list[str] = []
        terms: list[tuple[str, Decimal] | None] = []
        for coupon in s.coupons:
            op = self._discount(s, coupon, [item["product_id"] for item in cart])
            if op.action == "manual":
                trace.emit("SB122", "discounts", what=f"discount {op.key}", reason=op.reason)
                continue
            depends.append(op.key)
            codes.append(str(op.code))
            terms.append(_dodo_terms(op.body or {}, s.currency))
        complete = len(cart) == len(s.lines) and len(codes) == len(s.coupons)
        if complete and s.action == "continue":
            _money(s, charges, terms, trace)
        body = self._body(s, key, cart, codes)
        findings = (*s.findings, *trace.findings)
        blocked = any(f.level is Level.BLOCKER for f in findings)
        action: Action = (
            "create" if s.action == "continue" and complete and not blocked else "manual"
        )
        return Operation(
            key,
            action,
            "checkout_session",
            s.stripe_id,
            None,
            Request(method="POST", path="/checkouts", body=body),
            tuple(dict.fromkeys(depends)),
            findings,
            title,
            _charge(s),
            _who(s),
        )

    def _product(
        self, line: SubscribedLine, s: Subscriber, trace: Trace, depends: list[str]
    ) -> tuple[str, MappedId | None] | None:
        """The Dodo product of ``line`` and what it charges (None: not known); None when there
        is none (a finding says why)."""
        recurring = line.price.get("recurring") or {}
        interval = s.interval
        count = s.interval_count
        known = self.catalog.products.get((line.price_id, line.currency if line.foreign else None))
        if known is not None:
            charge = known.charge
            if known.from_price and line.unit_amount is not None:
                charge = MappedId(
                    known.dodo_id, int(line.unit_amount), line.currency, interval, count
                )
            if charge is None and s.action == "continue":
                stripe = describe_amount(line.unit_amount, s.currency, interval, count)
                trace.emit("SB117", "items", product=known.dodo_id, stripe=stripe)
            return known.dodo_id, charge
        if line.foreign:
            trace.emit("SB114", "currency", currency=line.currency, price=line.price_id)
            return None
        op = self._legacy_product(line)
        if op.action == "manual":
            trace.emit("SB122", "items", what=f"product {op.key}", reason=op.reason)
            return None
        active = line.price.get("active", True) is not False and bool(recurring)
        trace.emit(
            "SB116" if active else "SB115", "items", price=line.price_id, placeholder=op.dodo_id
        )
        depends.append(op.key)
        made = op.charge or {}
        return str(op.dodo_id), MappedId(
            str(op.dodo_id),
            made.get("price"),
            made.get("currency"),
            made.get("interval"),
            int(made.get("interval_count") or 1),
        )

    def _legacy_product(self, line: SubscribedLine) -> Operation:
        """The catalog plan's operation for the price (the same key and body, whichever plan
        applies it first); an inactive price's product is named as the legacy price it is."""
        key = f"product:{line.price_id}"
        if key in self._made:
            return self._made[key]
        product = dict(self._products.get(line.product_id) or {}) or {
            "id": line.product_id,
            "object": "product",
            "name": f"Stripe product {line.product_id}",
        }
        price = {**line.price, "product": line.product_id}
        opts = PlanOptions(
            tax_default=self.opts.tax_default,
            tax_map=self.opts.tax_map,
            include_inactive=True,
            currency_options=self.opts.currency_options,
        )
        planner = CatalogPlanner(MemorySource((product, price)), opts, table=self.table)
        for planned in planner.plan():
            legacy = planned.key == key and price.get("active") is False
            op = _renamed(planned, f"{planned.title} (legacy price)") if legacy else planned
            self._made.setdefault(op.key, op)
        return self._made[key]

    def _discount(self, s: Subscriber, coupon: CouponLeft, products: list[str]) -> Operation:
        """The subscriber's own code for the coupon's remaining cycles."""
        coupon_id = str(coupon.coupon.get("id"))
        cycles = "forever" if coupon.cycles is None else str(coupon.cycles)
        key = f"discount:subscription:{s.stripe_id}:{coupon_id}:{cycles}"
        if key in self._made:
            return self._made[key]
        trace = Trace(self.table, prefix=s.stripe_id)
        draft = Draft(trace, "coupon", PlanOptions(), coupon.coupon)
        walk_object(draft, coupon.coupon, f"discounts.{coupon.discount_id}.coupon")
        code = "S2D" + hashlib.sha256(key.encode()).hexdigest()[:11].upper()
        body: dict[str, Any] = {"code": code, "type": draft.body.get("type", "percentage")}
        body["amount"] = draft.body.get("amount", 0)
        if draft.body.get("currency_options"):
            body["currency_options"] = draft.body["currency_options"]
        if coupon.cycles is not None:
            body["subscription_cycles"] = coupon.cycles
        name = str(coupon.coupon.get("name") or coupon_id)
        body.update(
            name=f"{name} for {s.stripe_id}"[:100],
            usage_limit=1,
            per_customer_usage_limit=1,
            restricted_to=products,
            metadata={
                "stripe_coupon_id": coupon_id,
                "stripe_subscription_id": s.stripe_id,
                KEY_FIELD: key,
            },
        )
        blockers = tuple(f for f in trace.findings if f.level is Level.BLOCKER)
        action: Action = "manual" if blockers or draft.blocked else "create"
        title = f"{code}: coupon {coupon_id}, {cycles} cycle(s) left for {s.stripe_id}"
        op = Operation(
            key,
            action,
            "discount",
            coupon.discount_id,  # not the coupon: the catalog's code stays the coupon's
            code,
            Request(method="POST", path="/discounts", body=body),
            (),
            blockers,
            title,
        )
        self._made[key] = op
        return op

    def _body(
        self, s: Subscriber, key: str, cart: list[dict[str, Any]], codes: list[str]
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"product_cart": cart}
        dodo_customer = self.catalog.customers.get(s.customer_id or "")
        if dodo_customer:
            body["customer"] = {"customer_id": dodo_customer}
        elif s.email:
            body["customer"] = {"email": s.email, "name": s.name or s.email.split("@", 1)[0]}
        if s.billing_address:
            body["billing_address"] = s.billing_address
            if s.tax_id:
                body["tax_id"] = s.tax_id
        if s.trial_days is not None:
            body["subscription_data"] = {"trial_period_days": s.trial_days}
        if codes:
            body["discount_codes"] = codes
        body["feature_flags"] = {"allow_discount_code": False}
        if self.opts.return_url:
            body["return_url"] = self.opts.return_url
        room = METADATA_KEYS - len(_OWN_KEYS)
        kept = {k: v for k, v in s.metadata.items() if k not in _OWN_KEYS and _fits(k, v)}
        body["metadata"] = {
            **dict(list(kept.items())[:room]),
            "stripe_subscription_id": s.stripe_id,
            "stripe_customer_id": s.customer_id or "",
            KEY_FIELD: key,
        }
        return body


def _fits(key: str, value: str) -> bool:
    """A metadata pair Dodo accepts: a key of at most 40 letters, digits, ``-`` and ``_``, a
    value of at most 500 characters."""
    return (
        0 < len(key) <= 40
        and key.replace("-", "").replace("_", "").isalnum()
        and len(value) <= 500
        and key.isascii()
    )


def _renamed(op: Operation, name: str) -> Operation:
    if op.request is None:
        return op
    body = dict(op.request["body"])
    body["name"] = name[:100]
    body["metadata"] = dict(body["metadata"])
    body["metadata"]["stripe2dodo_hash"] = content_hash(
        {k: v for k, v in body.items() if k != "metadata"}
    )[:16]
    request = Request(method=op.request["method"], path=op.request["path"], body=body)
    return Operation(
        op.key,
        op.action,
        op.kind,
        op.stripe_id,
        op.dodo_id,
        request,
        op.depends_on,
        op.findings,
        name[:100],
        op.charge,
    )


def _dodo_terms(body: Mapping[str, Any], currency: str) -> tuple[str, Decimal] | None:
    """What a Dodo discount body takes off in ``currency``."""
    if body.get("type") == "percentage" and isinstance(body.get("amount"), int):
        return "percent", Decimal(body["amount"]) / 100
    for row in body.get("currency_options") or []:
        if row.get("currency") == currency and isinstance(row.get("max_amount_possible"), int):
            return "amount", Decimal(row["max_amount_possible"])
    return None


def _money(
    s: Subscriber,
    charges: list[tuple[MappedId | None, int]],
    terms: list[tuple[str, Decimal] | None],
    trace: Trace,
) -> None:
    """SB118 unless the Dodo checkout's subscription charges what Stripe does next."""
    if any(c is None for c, _ in charges) or s.amount is None:
        return  # SB117 (or the line's own blocker) says why
    keys = {(c.currency, c.interval, c.interval_count) for c, _ in charges if c is not None}
    stripe = describe_amount(s.amount, s.currency, s.interval, s.interval_count)
    if keys != {(s.currency, s.interval, s.interval_count)}:
        shown = " + ".join(
            describe_amount(
                Decimal(c.price or 0) * q, c.currency or "?", c.interval, c.interval_count
            )
            for c, q in charges
            if c is not None
        )
        trace.emit("SB118", "items", dodo=shown, stripe=stripe)
        return
    listed = sum((Decimal(c.price or 0) * q for c, q in charges if c is not None), Decimal(0))
    dodo = discounted(listed, terms)
    if dodo != s.amount:
        shown = describe_amount(dodo, s.currency, s.interval, s.interval_count)
        trace.emit("SB118", "items", dodo=shown, stripe=stripe)


def _title(s: Subscriber) -> str:
    who = s.name or s.email or s.customer_id or s.stripe_id
    if s.email and s.name:
        who = f"{s.name} <{s.email}>"
    return f"{who}: {describe_amount(s.amount, s.currency, s.interval, s.interval_count)}"


def _charge(s: Subscriber) -> dict[str, Any] | None:
    """What the subscriber's next charge is (after discounts), as plan files write charges."""
    if s.amount is None or s.amount != s.amount.to_integral_value():
        return None
    return {
        "price": int(s.amount),
        "currency": s.currency,
        "interval": s.interval,
        "interval_count": s.interval_count,
    }


def _who(s: Subscriber) -> dict[str, Any]:
    out: dict[str, Any] = {
        "email": s.email,
        "name": s.name,
        "customer": s.customer_id,
        "status": s.status,
        "period_end": s.period_end,
        "reference": s.reference,
        "trial_days": s.trial_days,
    }
    if s.send_from is not None:
        out["send_from"] = s.send_from
        out["send_until"] = s.send_until
    if s.list_amount is not None:
        out["list_amount"] = str(s.list_amount)
    return out
