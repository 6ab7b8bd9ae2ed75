"""Plan the Dodo catalog: Stripe products and prices, coupons, promotion codes and customers ->
an ordered list of operations (create, adopt, skip, manual), each with its exact Dodo request.

Pure: reads a ``CatalogSource`` (a snapshot file or objects in memory), never calls Dodo. Every
field of every Stripe object is visited with the rule declared for it (``mappings/catalog.yaml``,
``discounts.yaml``, ``customers.yaml``), so nothing is dropped without a finding.

Memory: prices, promotion codes and customers stream. What is kept grows with the number of
*products and coupons* (one small record each), not with prices: names need each product's
price count, and discounts need their coupon's terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from migrate.display import format_amount, per_interval
from migrate.findings import Finding, Level, Outcome
from migrate.mapping.catalog import KEY_FIELD, Draft, PlanOptions, walk_object
from migrate.mapping.controls import control_in
from migrate.mapping.money import out_of_range
from migrate.mapping.products import content_hash, placeholder_id, product_spec
from migrate.mapping.table import RuleTable, load_enums, load_table
from migrate.mapping.trace import Trace, short
from migrate.mapping.translate import Translation
from migrate.plan.inline import plan_inline
from migrate.plan.ops import Action, Operation, Request
from migrate.readers.idmap import INTERVALS, MappedId
from migrate.readers.snapshot import iter_objects


class CatalogSource(Protocol):
    """Where Stripe objects come from; each call streams one kind in a fresh pass."""

    def objects(self, kind: str) -> Iterable[dict[str, Any]]: ...


@dataclass(frozen=True)
class SnapshotSource:
    path: str

    def objects(self, kind: str) -> Iterable[dict[str, Any]]:
        return (obj for _, obj in iter_objects(self.path, (kind,)))


@dataclass(frozen=True)
class MemorySource:
    items: tuple[dict[str, Any], ...]

    def objects(self, kind: str) -> Iterable[dict[str, Any]]:
        return (o for o in self.items if o.get("object") == kind)


# ---------------------------------------------------------------------------------------------
# Planning


@dataclass
class _ProductFacts:
    """One small record per Stripe product: what its Dodo products need."""

    name: str
    description: str | None
    active: bool
    tax_category: str | None
    tax_code: str | None
    image: str | None
    metadata: dict[str, str]
    findings: tuple[Finding, ...]
    prices: int = 0


@dataclass
class CatalogPlanner:
    """Turns a catalog source into operations. ``plan()`` yields them in dependency order:
    products (and their localized prices), then discounts, then customers."""

    source: CatalogSource
    opts: PlanOptions = field(default_factory=PlanOptions)
    inline: Iterable[Translation] = ()
    reference_time: int | None = None
    table: RuleTable = field(default_factory=load_table)
    products: dict[str, _ProductFacts] = field(default_factory=dict)
    product_ids: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    direct_coupons: set[str] = field(default_factory=set)
    planned_prices: set[str] = field(default_factory=set)
    """The Stripe price ids the snapshot holds (planned, adopted, skipped or manual)."""

    def plan(self) -> Iterator[Operation]:
        yield from self._plan_prices()
        yield from plan_inline(self)
        yield from self._plan_discounts()
        yield from self._plan_customers()

    # -- products and prices

    def _facts(self, product: Mapping[str, Any]) -> _ProductFacts:
        trace = Trace(self.table, prefix=str(product.get("id", "product")))
        draft = Draft(trace, "product", self.opts, product)
        walk_object(draft, product, "")
        images = product.get("images") or []
        return _ProductFacts(
            name=str(product.get("name") or product.get("id") or "Unnamed product"),
            description=product.get("description") or None,
            active=product.get("active", True) is not False,
            tax_category=draft.tax_category,
            tax_code=_product_tax_code(product),
            image=images[0] if images else None,
            metadata=draft.metadata,
            findings=tuple(trace.findings),
        )

    def _planned(self, price: Mapping[str, Any], facts: _ProductFacts | None) -> bool:
        active = price.get("active", True) is not False and (facts is None or facts.active)
        return active or self.opts.include_inactive

    def _load_products(self) -> None:
        for product in self.source.objects("product"):
            if isinstance(product.get("id"), str):
                self.products[product["id"]] = self._facts(product)
        wanted: set[str] = set()
        for coupon in self.source.objects("coupon"):
            applies = coupon.get("applies_to")
            if isinstance(applies, dict):
                wanted.update(str(p) for p in applies.get("products") or [])
        self.product_ids = {p: [] for p in wanted}
        for price in self.source.objects("price"):
            ref = price.get("product")
            if isinstance(ref, dict) and isinstance(ref.get("id"), str):
                self.products.setdefault(ref["id"], self._facts(ref))
                ref = ref["id"]
            facts = self.products.get(str(ref))
            if facts is not None and self._planned(price, facts):
                facts.prices += 1

    def _plan_prices(self) -> Iterator[Operation]:
        self._load_products()
        for price in self.source.objects("price"):
            yield from self._plan_price(price)

    def _plan_price(self, price: Mapping[str, Any]) -> Iterator[Operation]:
        price_id = str(price.get("id"))
        self.planned_prices.add(price_id)
        product_ref = price.get("product")
        product_id = str(product_ref.get("id") if isinstance(product_ref, dict) else product_ref)
        facts = self.products.get(product_id)
        trace = Trace(self.table, prefix=price_id)
        draft = Draft(trace, "price", self.opts, price)
        walk_object(draft, price, "")
        if facts is not None:
            trace.findings[:0] = facts.findings
        key = f"product:{price_id}"
        placeholder = placeholder_id("pdt", f"stripe_price_id:{price_id}")
        currency = str(price.get("currency") or "").upper()
        name = self._name(price, facts)
        mapped = self.opts.ids.get(price_id)
        if not self._planned(price, facts):
            what = (
                f"price {price_id}"
                if price.get("active", True) is False
                else f"product {product_id}"
            )
            trace.emit("K102", "active", what=what)
            yield Operation(
                key, "skip", "product", price_id, None, None, (), tuple(trace.findings), name
            )
            return
        charge = self._charge(price)
        if mapped is not None:
            trace.emit("K103", "", dodo_id=mapped.id)
            differs = _mapped_charge_differs(mapped, charge)
            if differs is not None:
                trace.emit("K113", "", dodo_id=mapped.id, mapped=differs[0], stripe=differs[1])
            else:
                self._note_product(product_id, "", mapped.id)
            yield Operation(
                key,
                "manual" if differs is not None else "adopt",
                "product",
                price_id,
                mapped.id,
                None,
                (),
                tuple(trace.findings),
                name,
                charge,
            )
            return
        body = self._product_body(
            price=price,
            draft=draft,
            facts=facts,
            name=name,
            currency=currency,
            product_id=product_id,
        )
        blocked = draft.blocked or any(f.level is Level.BLOCKER for f in trace.findings)
        action: Action = "manual" if blocked else "create"
        body["metadata"][KEY_FIELD] = key
        request: Request = {"method": "POST", "path": "/products", "body": body}
        if action == "create":
            self._note_product(product_id, key, placeholder)
        yield Operation(
            key,
            action,
            "product",
            price_id,
            placeholder,
            request,
            (),
            tuple(trace.findings),
            name,
            charge,
        )
        if action == "create":
            yield from self._localized(
                price_id=price_id,
                placeholder=placeholder,
                draft=draft,
                body=body,
                name=name,
                product_id=product_id,
            )

    def _note_product(self, product_id: str, key: str, dodo_id: str) -> None:
        """Remember the Dodo products of a Stripe product that a coupon is restricted to."""
        if product_id in self.product_ids:
            self.product_ids[product_id].append((key, dodo_id))

    def _name(self, price: Mapping[str, Any], facts: _ProductFacts | None) -> str:
        base = facts.name if facts else f"Stripe product {price.get('product')}"
        if facts is None or facts.prices <= 1:
            return base
        nickname = price.get("nickname")
        if nickname:
            return f"{base} ({nickname})"
        return f"{base} ({_price_label(price)})"

    def _charge(self, price: Mapping[str, Any]) -> dict[str, Any] | None:
        amount = _amount(price)
        if amount is None or amount != amount.to_integral_value():
            return None
        recurring = price.get("recurring") if isinstance(price.get("recurring"), dict) else None
        interval = INTERVALS.get(str(recurring.get("interval"))) if recurring else None
        return {
            "price": int(amount),
            "currency": str(price.get("currency") or "").upper(),
            "interval": interval,
            "interval_count": int(recurring.get("interval_count") or 1) if recurring else 1,
        }

    def _product_body(
        self,
        *,
        price: Mapping[str, Any],
        draft: Draft,
        facts: _ProductFacts | None,
        name: str,
        currency: str,
        product_id: str,
    ) -> dict[str, Any]:
        trace, pwyw = draft.trace, draft.body.get("pay_what_you_want", False)
        if currency not in load_enums().currencies:
            trace.emit("K107", "currency", currency=currency)
        _check_price_amounts(draft, price, currency)
        amount = _amount(price)
        if pwyw:
            amount = Decimal(draft.body.get("pwyw_minimum", 0))
        if amount is None:
            if not draft.blocked:
                trace.emit("K105", "unit_amount")
            amount = Decimal(0)
        elif amount != amount.to_integral_value():
            if not draft.blocked:
                trace.emit("K104", "unit_amount_decimal", amount=format_amount(amount, currency))
            amount = amount.to_integral_value()
        recurring = price.get("recurring") if isinstance(price.get("recurring"), dict) else None
        interval = INTERVALS.get(str(recurring.get("interval"))) if recurring else None
        if recurring and pwyw:
            trace.emit("K106", "custom_unit_amount")
        if len(name) > 100:
            trace.emit("K108", "product.name", length=len(name))
        metadata = {**(facts.metadata if facts else {}), **draft.metadata}
        metadata.update({"stripe_product_id": product_id, "stripe_price_id": str(price.get("id"))})
        spec = product_spec(
            name=name,
            description=facts.description if facts else None,
            currency=currency,
            amount=int(amount),
            interval=interval,
            interval_count=int(recurring.get("interval_count") or 1) if recurring else 1,
            tax_inclusive=draft.body.get("tax_inclusive"),
            metadata=metadata,
        )
        price_body = spec["price"]
        if recurring and isinstance(recurring.get("trial_period_days"), int):
            price_body["trial_period_days"] = recurring["trial_period_days"]
        if pwyw and not recurring:
            price_body["pay_what_you_want"] = True
            if "suggested_price" in draft.body:
                price_body["suggested_price"] = draft.body["suggested_price"]
        if draft.localized and self.opts.currency_options == "localized":
            spec["pricing_mode"] = "by_currency"
        category = self.tax_category(
            trace,
            facts.tax_category if facts else None,
            facts.tax_code if facts else None,
            facts.name if facts else name,
        )
        if category is not None:
            spec["tax_category"] = category
        spec["metadata"]["stripe2dodo_hash"] = content_hash(
            {k: v for k, v in spec.items() if k != "metadata"}
        )[:16]
        return spec

    def tax_category(
        self, trace: Trace, mapped: str | None, tax_code: str | None, product: str
    ) -> str | None:
        if mapped is not None:
            return mapped
        if self.opts.tax_default is not None:
            why = f" (Stripe tax code {tax_code} has no known category)" if tax_code else ""
            trace.emit("K101", "product.tax_code", category=self.opts.tax_default, why=why)
            return self.opts.tax_default
        code = f" (tax code {tax_code})" if tax_code else " (no tax code)"
        trace.emit(
            "K100", "product.tax_code", product=product, code=code, tax_code=tax_code or "txcd_..."
        )
        return None

    def _localized(
        self,
        *,
        price_id: str,
        placeholder: str,
        draft: Draft,
        body: dict[str, Any],
        name: str,
        product_id: str,
    ) -> Iterator[Operation]:
        for currency, amount in draft.localized:
            if self.opts.currency_options == "localized":
                request: Request = {
                    "method": "POST",
                    "path": f"/products/{placeholder}/localized-prices",
                    "body": {"amount": amount, "currency": currency},
                }
                yield Operation(
                    f"localized_price:{price_id}:{currency}",
                    "create",
                    "localized_price",
                    price_id,
                    None,
                    request,
                    (f"product:{price_id}",),
                    (),
                    f"{name}: {format_amount(amount, currency)}",
                )
                continue
            trace = Trace(self.table, prefix=price_id)
            pid = placeholder_id("pdt", f"stripe_price_id:{price_id}:{currency}")
            trace.emit(
                "K110", f"currency_options.{currency.lower()}", currency=currency, placeholder=pid
            )
            separate = {
                **body,
                "name": f"{body['name']} ({currency})"[:100],
                "price": {**body["price"], "currency": currency, "price": amount},
                "metadata": {
                    **body["metadata"],
                    "stripe_currency_option": currency,
                    KEY_FIELD: f"product:{price_id}:{currency}",
                },
            }
            self._note_product(product_id, f"product:{price_id}:{currency}", pid)
            yield Operation(
                f"product:{price_id}:{currency}",
                "create",
                "product",
                price_id,
                pid,
                {"method": "POST", "path": "/products", "body": separate},
                (),
                tuple(trace.findings),
                separate["name"],
                {
                    "price": amount,
                    "currency": currency,
                    "interval": body["price"].get("payment_frequency_interval"),
                    "interval_count": body["price"].get("payment_frequency_count", 1),
                },
            )

    # -- discounts

    def _plan_discounts(self) -> Iterator[Operation]:
        coupons: dict[str, dict[str, Any]] = {}
        for coupon in self.source.objects("coupon"):
            if isinstance(coupon.get("id"), str):
                coupons[coupon["id"]] = coupon
        codes_of: dict[str, list[str]] = {}
        for promo in self.source.objects("promotion_code"):
            coupon = _promo_coupon(promo)
            coupon_id = coupon.get("id") if isinstance(coupon, dict) else coupon
            if isinstance(coupon, dict) and isinstance(coupon_id, str):
                coupons.setdefault(coupon_id, coupon)
            if promo.get("active", True) is not False and isinstance(coupon_id, str):
                codes_of.setdefault(coupon_id, []).append(str(promo.get("code")))
        used: dict[str, str] = {}
        for coupon_id, coupon in coupons.items():
            yield self._plan_coupon(coupon, codes_of.get(coupon_id), used)
        for promo in self.source.objects("promotion_code"):
            yield self._plan_promo(promo, coupons, used)

    def _terms(self, coupon: Mapping[str, Any], trace: Trace, prefix: str) -> Draft:
        draft = Draft(trace, "coupon", self.opts, coupon)
        walk_object(draft, coupon, prefix)
        return draft

    def _finish_discount(
        self,
        *,
        key: str,
        stripe_id: str,
        code: str,
        draft: Draft,
        used: dict[str, str],
        title: str,
    ) -> Operation:
        trace, body = draft.trace, draft.body
        mapped = self.opts.ids.get(stripe_id)
        if mapped is not None:
            code = mapped.id
        reason = None
        if not 3 <= len(code) <= 16:
            reason = "shorter than 3 characters" if len(code) < 3 else "longer than 16 characters"
        elif not code.replace("_", "").replace("-", "").isalnum():
            reason = "only letters, digits, - and _"
        if reason:
            trace.emit("CP101", "code", code=code, reason=reason)
        if code.upper() in used:
            trace.emit(
                "CP103", "code", code=code.upper(), first=used[code.upper()], other=stripe_id
            )
        used.setdefault(code.upper(), stripe_id)
        depends: list[str] = []
        restricted: list[str] = []
        for product in body.pop("_applies_to", []):
            planned = self.product_ids.get(product) or []
            if not planned:
                trace.emit("CP102", "applies_to", product=product)
            restricted += [dodo_id for _, dodo_id in planned]
            depends += [key for key, _ in planned if key]
        body.pop("_expires", None)
        body.pop("pwyw_minimum", None)
        out = {"code": code.upper(), **{k: v for k, v in body.items() if k != "code"}}
        if restricted:
            out["restricted_to"] = restricted
        if not out.get("currency_options"):
            out.pop("currency_options", None)
        out["metadata"] = {**draft.metadata, **out.get("metadata", {})}
        if stripe_id.startswith("promo_"):
            out["metadata"]["stripe_promotion_code_id"] = stripe_id
        coupon = draft.obj.get("id") if draft.subject == "coupon" else None
        coupon = coupon or _coupon_id(draft.obj)
        if coupon:
            out["metadata"]["stripe_coupon_id"] = coupon
        blocked = any(f.level is Level.BLOCKER for f in trace.findings)
        if mapped is not None and not blocked:
            trace.emit("K103", "", dodo_id=code)
            return Operation(
                key,
                "adopt",
                "discount",
                stripe_id,
                code.upper(),
                None,
                (),
                tuple(trace.findings),
                title,
            )
        action: Action = "manual" if blocked else "create"
        out["metadata"][KEY_FIELD] = key
        request: Request = {"method": "POST", "path": "/discounts", "body": out}
        return Operation(
            key,
            action,
            "discount",
            stripe_id,
            code.upper(),
            request,
            tuple(sorted(set(depends))),
            tuple(trace.findings),
            title,
        )

    def _plan_coupon(
        self, coupon: Mapping[str, Any], codes: list[str] | None, used: dict[str, str]
    ) -> Operation:
        coupon_id = str(coupon.get("id"))
        trace = Trace(self.table, prefix=coupon_id)
        draft = self._terms(coupon, trace, "")
        title = _discount_title(coupon)
        key = f"discount:coupon:{coupon_id}"
        if coupon.get("valid", True) is False:
            trace.emit("CP100", "valid", what=f"coupon {coupon_id}")
            return Operation(
                key, "skip", "discount", coupon_id, None, None, (), tuple(trace.findings), title
            )
        if codes and coupon_id not in self.direct_coupons:
            trace.emit("CP105", "", coupon=coupon_id, codes=", ".join(codes))
            return Operation(
                key, "skip", "discount", coupon_id, None, None, (), tuple(trace.findings), title
            )
        if self.opts.ids.get(coupon_id) is None:
            trace.emit("CP104", "", coupon=coupon_id, code=coupon_id.upper())
        return self._finish_discount(
            key=key, stripe_id=coupon_id, code=coupon_id, draft=draft, used=used, title=title
        )

    def _plan_promo(
        self, promo: Mapping[str, Any], coupons: Mapping[str, dict[str, Any]], used: dict[str, str]
    ) -> Operation:
        promo_id = str(promo.get("id"))
        code = str(promo.get("code") or "")
        coupon = _promo_coupon(promo)
        coupon_obj = coupons.get(coupon) if isinstance(coupon, str) else coupon
        trace = Trace(self.table, prefix=promo_id)
        key = f"discount:promotion_code:{promo_id}"
        where = "promotion.coupon" if isinstance(promo.get("promotion"), dict) else "coupon"
        if isinstance(coupon_obj, dict):
            draft = self._terms(coupon_obj, trace, where)
        else:
            draft = Draft(trace, "coupon", self.opts, {})
        draft.subject, draft.obj = "promotion_code", promo
        walk_object(draft, {k: v for k, v in promo.items() if k not in ("promotion", "coupon")}, "")
        for name, code_ in (("promotion", "PC002"), ("coupon", "PC003")):
            if promo.get(name) is not None:
                trace.field(name, Outcome.TRANSFORMED, code_)
        title = f"{code.upper()}: {_discount_title(coupon_obj or {})}"
        inactive = promo.get("active", True) is False
        if inactive or (isinstance(coupon_obj, dict) and coupon_obj.get("valid") is False):
            trace.emit("CP100", "active", what=f"promotion code {code}")
            return Operation(
                key, "skip", "discount", promo_id, None, None, (), tuple(trace.findings), title
            )
        if "type" not in draft.body:
            trace.emit("CP101", "code", code=code, reason="its coupon is missing from the snapshot")
        return self._finish_discount(
            key=key, stripe_id=promo_id, code=code, draft=draft, used=used, title=title
        )

    # -- customers

    def _plan_customers(self) -> Iterator[Operation]:
        emails: dict[str, str] = {}
        for customer in self.source.objects("customer"):
            yield self._plan_customer(customer, emails)

    def _plan_customer(self, customer: Mapping[str, Any], emails: dict[str, str]) -> Operation:
        stripe_id = str(customer.get("id"))
        trace = Trace(self.table, prefix=stripe_id)
        draft = Draft(trace, "customer", self.opts, customer)
        walk_object(draft, customer, "")
        key = f"customer:{stripe_id}"
        placeholder = placeholder_id("cus", f"stripe_customer_id:{stripe_id}")
        email = customer.get("email")
        title = f"{customer.get('name') or ''} <{email or 'no email'}>".strip()
        if not isinstance(email, str) or "@" not in email:
            trace.emit("CU100", "email", stripe_id=stripe_id)
            return Operation(
                key, "skip", "customer", stripe_id, None, None, (), tuple(trace.findings), title
            )
        char = control_in(email, strict=True)
        if char is not None and self.opts.ids.get(stripe_id) is None:  # never sent (CU103)
            trace.emit("CU103", "email", stripe_id=stripe_id, char=char)
            title = f"{customer.get('name') or ''} <email with {char}>".strip()
            return Operation(
                key, "manual", "customer", stripe_id, None, None, (), tuple(trace.findings), title
            )
        first = emails.get(email.lower())
        if first is not None:
            trace.emit("CU101", "email", stripe_id=stripe_id, first=first)
            dodo_id = placeholder_id("cus", f"stripe_customer_id:{first}")
            mapped_first = self.opts.ids.get(first)
            return Operation(
                key,
                "skip",
                "customer",
                stripe_id,
                mapped_first.id if mapped_first else dodo_id,
                None,
                (f"customer:{first}",),
                tuple(trace.findings),
                title,
            )
        emails[email.lower()] = stripe_id
        mapped = self.opts.ids.get(stripe_id)
        if mapped is not None:
            trace.emit("K103", "", dodo_id=mapped.id)
            return Operation(
                key,
                "adopt",
                "customer",
                stripe_id,
                mapped.id,
                None,
                (),
                tuple(trace.findings),
                title,
            )
        name = customer.get("name")
        if not name:
            name = email.split("@", 1)[0]
            trace.emit("CU102", "name", stripe_id=stripe_id, name=name)
        body: dict[str, Any] = {"email": email, "name": str(name)}
        if customer.get("phone"):
            body["phone_number"] = str(customer["phone"])
        if "preferred_locale" in draft.body:
            body["preferred_locale"] = draft.body["preferred_locale"]
        body["metadata"] = {**draft.metadata, "stripe_customer_id": stripe_id, KEY_FIELD: key}
        return Operation(
            key,
            "create",
            "customer",
            stripe_id,
            placeholder,
            {"method": "POST", "path": "/customers", "body": body},
            (),
            tuple(trace.findings),
            title,
        )


def _check_price_amounts(draft: Draft, price: Mapping[str, Any], currency: str) -> None:
    """K112 for every amount of a price that cannot be charged (negative, more than 12
    digits): the price is then planned as manual work, never created."""
    amounts: list[tuple[str, Decimal | int, str]] = []
    unit = _amount(price)
    if unit is not None:
        field = "unit_amount" if price.get("unit_amount") is not None else "unit_amount_decimal"
        amounts.append((field, unit, currency))
    custom = price.get("custom_unit_amount")
    for key in ("minimum", "maximum", "preset"):
        value = custom.get(key) if isinstance(custom, dict) else None
        if isinstance(value, int) and not isinstance(value, bool):
            amounts.append((f"custom_unit_amount.{key}", value, currency))
    amounts += [(f"currency_options.{c.lower()}.unit_amount", a, c) for c, a in draft.localized]
    for path, value, cur in amounts:
        if (problem := out_of_range(value)) is not None:
            what = f"`{path}` {short(format_amount(value, cur))}"
            draft.trace.emit("K112", path, what=what, reason=problem)


def _product_tax_code(product: Mapping[str, Any]) -> str | None:
    code = product.get("tax_code")
    details = product.get("tax_details")
    if not isinstance(code, str) and isinstance(details, dict):
        code = details.get("tax_code")
    return code if isinstance(code, str) else None


def _amount(price: Mapping[str, Any]) -> Decimal | None:
    raw = price.get("unit_amount")
    if raw is None:
        raw = price.get("unit_amount_decimal")
    if raw is None:
        return None
    try:
        amount = Decimal(str(raw))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _mapped_charge_differs(
    mapped: MappedId, charge: Mapping[str, Any] | None
) -> tuple[str, str] | None:
    """``(what the id-map entry charges, what the Stripe price charges)`` for people, when the
    entry has a price and it is not the Stripe price's; None when they agree or one is unknown."""
    if not mapped.priced or charge is None:
        return None
    assert mapped.price is not None and mapped.currency is not None
    ours = (mapped.price, mapped.currency, mapped.interval, mapped.interval_count)
    theirs = (
        charge["price"],
        charge["currency"],
        charge.get("interval"),
        charge.get("interval_count") or 1,
    )
    if ours == theirs:
        return None
    return (
        format_amount(mapped.price, mapped.currency)
        + per_interval(mapped.interval, mapped.interval_count),
        format_amount(int(charge["price"]), str(charge["currency"]))
        + per_interval(charge.get("interval"), int(charge.get("interval_count") or 1)),
    )


def _price_label(price: Mapping[str, Any]) -> str:
    amount = _amount(price)
    currency = str(price.get("currency") or "").upper()
    text = format_amount(amount, currency) if amount is not None else currency
    recurring = price.get("recurring")
    if isinstance(recurring, dict) and recurring.get("interval"):
        return text + per_interval(
            str(recurring["interval"]), int(recurring.get("interval_count") or 1)
        )
    return text


def _promo_coupon(promo: Mapping[str, Any]) -> Any:
    promotion = promo.get("promotion")
    if isinstance(promotion, dict) and promotion.get("coupon") is not None:
        return promotion["coupon"]
    return promo.get("coupon")


def _coupon_id(promo: Mapping[str, Any]) -> str | None:
    coupon = _promo_coupon(promo)
    found = coupon.get("id") if isinstance(coupon, dict) else coupon
    return found if isinstance(found, str) else None


def _discount_title(coupon: Mapping[str, Any]) -> str:
    if coupon.get("percent_off") is not None:
        terms = f"{Decimal(str(coupon['percent_off'])).normalize():f}% off"
    elif coupon.get("amount_off") is not None:
        terms = (
            f"{format_amount(int(coupon['amount_off']), str(coupon.get('currency') or 'usd'))} off"
        )
    else:
        terms = "unknown terms"
    duration = coupon.get("duration")
    if duration == "repeating":
        terms += f" for {coupon.get('duration_in_months')} months"
    elif duration:
        terms += f", {duration}"
    return terms
