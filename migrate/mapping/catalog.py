"""Map one Stripe catalog object (product, price, coupon, promotion code, customer) onto the
draft of its Dodo body: every field is visited with the rule declared for it
(``mappings/catalog.yaml``, ``discounts.yaml``, ``customers.yaml``) and its transform, by the
walker every mapping shares (``migrate/mapping/walk.py``), so nothing is dropped without a
finding. Pure; ``migrate.plan.planner`` turns drafts into operations.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Literal

from migrate.display import format_amount
from migrate.findings import Outcome
from migrate.mapping.money import out_of_range
from migrate.mapping.rule_types import Subject
from migrate.mapping.table import Rule, load_enums, transform
from migrate.mapping.trace import Trace, short
from migrate.mapping.walk import walk_rules
from migrate.readers.idmap import IdMap

CurrencyMode = Literal["localized", "separate"]
TAX_CATEGORIES = ("digital_products", "saas", "e_book", "edtech", "live_tutoring")
KEY_FIELD = "stripe2dodo_key"
"""Metadata key holding the plan operation's key: how apply finds objects it may have created."""
_LOCALES = {
    "zh-HK": "zh",
    "zh-TW": "zh",
    "pt-BR": "pt",
    "en-GB": "en",
    "fr-CA": "fr",
    "es-419": "es",
}


@dataclass(frozen=True)
class PlanOptions:
    """How to plan. ``tax_map`` maps Stripe tax codes to Dodo categories on top of the table;
    ``tax_default`` is used for products without a mapped code (None: such products are
    blocked, never guessed)."""

    ids: IdMap = field(default_factory=IdMap.empty)
    tax_default: str | None = None
    tax_map: Mapping[str, str] = field(default_factory=dict)
    include_inactive: bool = False
    currency_options: CurrencyMode = "localized"
    code_currencies: tuple[str, ...] = ()
    """The currencies (upper-case) to create an inline price's product in when the checkout
    code passes its currency at run time (``plan --currency``; RT011, K114)."""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "tax_default": self.tax_default,
            "tax_map": dict(sorted(self.tax_map.items())),
            "include_inactive": self.include_inactive,
            "currency_options": self.currency_options,
        }
        if self.code_currencies:  # absent otherwise: earlier plans keep their inputs' hash
            out["code_currencies"] = list(self.code_currencies)
        return out


# ---------------------------------------------------------------------------------------------
# Walking one object: coverage and findings from the rule table, values into a draft


@dataclass
class Draft:
    """What the walk of one Stripe object learnt, for building its Dodo body."""

    trace: Trace
    subject: Subject
    opts: PlanOptions
    obj: Mapping[str, Any]
    body: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)
    localized: list[tuple[str, int]] = field(default_factory=list)
    blocked: bool = False
    tax_category: str | None = None


def walk_object(draft: Draft, obj: Mapping[str, Any], prefix: str) -> None:
    """Walk one Stripe object (``prefix``: where it sits in what was read) with the rules of
    its subject; a field that ends blocked blocks the object."""
    fields = {
        k: v
        for k, v in obj.items()
        if not (draft.subject == "price" and k == "product" and isinstance(v, dict))
    }
    if walk_rules(draft, fields, draft.subject, prefix):
        draft.blocked = True


# -- price and product transforms


@transform("usage_type", "price")
def _usage_type(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    return None if value == "metered" else Outcome.MAPPED


@transform("tax_behavior", "price")
def _tax_behavior(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if value in ("inclusive", "exclusive"):
        draft.body["tax_inclusive"] = value == "inclusive"
        return None
    return Outcome.MAPPED


@transform("billing_scheme", "price")
def _billing_scheme(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    return None if value == "tiered" else Outcome.MAPPED


@transform("custom_unit_amount", "price")
def _custom_unit_amount(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if not isinstance(value, dict):
        return None
    draft.body["pay_what_you_want"] = True
    minimum = value.get("minimum")
    draft.body["pwyw_minimum"] = int(minimum) if isinstance(minimum, int) else 0
    if isinstance(value.get("preset"), int):
        draft.body["suggested_price"] = value["preset"]
    if value.get("maximum") is not None:
        maximum = value["maximum"]
        currency = draft.obj.get("currency")
        if isinstance(maximum, int) and isinstance(currency, str):
            maximum = format_amount(maximum, currency)
        draft.trace.emit("PR017", f"{path}.maximum", maximum=maximum)
        return Outcome.APPROXIMATED
    return None


@transform("currency_options", "price")
def _currency_options(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if not isinstance(value, dict):
        return None
    base = str(draft.obj.get("currency", "")).lower()
    for currency, option in sorted(value.items()):
        if currency.lower() == base or not isinstance(option, dict):
            continue
        amount = option.get("unit_amount")
        if isinstance(amount, int):
            draft.localized.append((currency.upper(), amount))
    return None


@transform("lookup_key", "price")
def _lookup_key(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    draft.metadata["stripe_lookup_key"] = str(value)
    return None


@transform("price_metadata", "price")
def _price_metadata(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if isinstance(value, dict):
        draft.metadata.update({str(k): str(v) for k, v in value.items()})
    return None


@transform("product_metadata", "product")
def _product_metadata(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    return _price_metadata(draft, rule, path, value)


@transform("tax_details", "product")
def _tax_details(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    code = value.get("tax_code") if isinstance(value, dict) else None
    if not isinstance(code, str):
        return Outcome.DROPPED
    table_rule = draft.trace.table.by_code["PD004"]
    return _tax_code(draft, table_rule, path, code)


@transform("tax_code", "product")
def _tax_code(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    code = str(value)
    category = draft.opts.tax_map.get(code) or (rule.values or {}).get(code)
    if category is not None:
        draft.tax_category = str(category)
        return None
    return Outcome.APPROXIMATED


@transform("physical", "product")
def _physical(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    physical = value is True or value == "good" or isinstance(value, dict)
    if physical:
        draft.trace.emit("PD008", path, field=path.rsplit(".", 1)[-1])
        return Outcome.DROPPED
    return Outcome.MAPPED


# -- discount transforms


FLAT_AMOUNT_BPS = 10_000
"""``amount`` of a flat discount. The SDK documents ``amount`` in basis points for every type
(1 to 10000); a flat code's deduction is its currency rows' ``max_amount_possible``. 100 % is
right whether Dodo ignores ``amount`` for flat codes or caps the deduction at that share of the
cart (Stripe's ``amount_off`` never takes more than the subtotal either)."""


@transform("percent_off", "coupon")
def _percent_off(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    percent = Decimal(str(value))
    bps = percent * 100 if percent.is_finite() else Decimal(0)
    whole = bps.to_integral_value(ROUND_HALF_EVEN)
    if draft.body.get("type") != "flat":  # amount_off wins, as it did before
        draft.body["type"] = "percentage"
        draft.body["amount"] = int(whole)
    if not 1 <= whole <= 10_000:
        reason = "Dodo takes 0.01 to 100 %"
    elif bps != whole:
        reason = (
            f"it has more decimals than basis points hold; rounded it would be "
            f"{whole / 100:f} % ({whole} basis points), a different discount"
        )
    else:
        return None
    draft.trace.emit("CP106", path, value=short(value), reason=reason, rounded=int(whole))
    draft.blocked = True
    return Outcome.BLOCKED


@transform("amount_off", "coupon")
def _amount_off(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    currency = str(draft.obj.get("currency") or "usd").upper()
    blocked = _coupon_amount_blocked(draft, path, value, currency)
    draft.body["type"] = "flat"
    draft.body["amount"] = FLAT_AMOUNT_BPS
    rows = draft.body.setdefault("currency_options", [])
    rows.insert(0, {"currency": currency, "is_default": True, "max_amount_possible": int(value)})
    options = draft.obj.get("currency_options")
    others = sorted(
        str(c).upper()
        for c, o in (options.items() if isinstance(options, dict) else ())
        if str(c).upper() != currency and isinstance(o, dict) and o.get("amount_off") is not None
    )
    rows_for = [currency, *others]
    draft.trace.emit(
        rule.code, path, amount=format_amount(int(value), currency), currencies=", ".join(rows_for)
    )
    return Outcome.BLOCKED if blocked else Outcome.APPROXIMATED


def _coupon_amount_blocked(draft: Draft, path: str, value: Any, currency: str) -> bool:
    """K112 for a coupon amount that cannot be a Dodo deduction (zero, negative, > 12 digits)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    problem = out_of_range(value, positive=True)
    if problem is None:
        return False
    what = f"`{path}` {short(format_amount(value, currency))}"
    draft.trace.emit("K112", path, what=what, reason=problem)
    draft.blocked = True
    return True


@transform("coupon_currency_options", "coupon")
def _coupon_currency_options(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if isinstance(value, dict):
        base = str(draft.obj.get("currency") or "").lower()
        rows = draft.body.setdefault("currency_options", [])
        for currency, option in sorted(value.items()):
            amount = option.get("amount_off") if isinstance(option, dict) else None
            if currency.lower() != base and isinstance(amount, int):
                where = f"{path}.{currency}.amount_off"
                _coupon_amount_blocked(draft, where, amount, currency.upper())
                rows.append(
                    {
                        "currency": currency.upper(),
                        "is_default": False,
                        "max_amount_possible": amount,
                    }
                )
    return None


@transform("duration", "coupon")
def _duration(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if value == "once":
        draft.body["subscription_cycles"] = 1
    elif value == "repeating" and isinstance(draft.obj.get("duration_in_months"), int):
        draft.body["subscription_cycles"] = draft.obj["duration_in_months"]
    return None


@transform("usage_limit", "coupon", "promotion_code")
def _usage_limit(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if isinstance(value, int) and value >= 1:
        current = draft.body.get("usage_limit")
        draft.body["usage_limit"] = min(current, value) if current else value
    return None


@transform("expires_at", "coupon", "promotion_code")
def _expires_at(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if isinstance(value, int):
        current = draft.body.get("_expires")
        stamp = min(current, value) if current else value
        draft.body["_expires"] = stamp
        draft.body["expires_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(stamp))
    return None


@transform("applies_to", "coupon")
def _applies_to(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    products = value.get("products") if isinstance(value, dict) else None
    if isinstance(products, list):
        draft.body["_applies_to"] = [str(p) for p in products]
    return None


@transform("discount_name", "coupon")
def _discount_name(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    draft.body["name"] = str(value)
    return None


@transform("discount_metadata", "coupon", "promotion_code")
def _discount_metadata(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    return _price_metadata(draft, rule, path, value)


@transform("promotion_code", "promotion_code")
def _promotion_code(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    draft.body["code"] = str(value).upper()
    return None


@transform("restrictions", "promotion_code")
def _restrictions(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    if not isinstance(value, dict):
        return None
    if value.get("first_time_transaction"):
        draft.body["customer_eligibility"] = "first_time"
    minimum, currency = value.get("minimum_amount"), value.get("minimum_amount_currency")
    rows = draft.body.setdefault("currency_options", [])
    if isinstance(minimum, int) and isinstance(currency, str):
        _minimum_row(rows, currency.upper(), minimum, default=not rows)
    options = value.get("currency_options")
    if isinstance(options, dict):
        for cur, option in sorted(options.items()):
            if isinstance(option, dict) and isinstance(option.get("minimum_amount"), int):
                _minimum_row(rows, cur.upper(), option["minimum_amount"], default=not rows)
    if not rows:
        draft.body.pop("currency_options")
    return None


def _minimum_row(rows: list[dict[str, Any]], currency: str, minimum: int, *, default: bool) -> None:
    for row in rows:
        if row["currency"] == currency:
            row["minimum_subtotal"] = minimum
            return
    rows.append({"currency": currency, "is_default": default, "minimum_subtotal": minimum})


@transform("promo_customer", "promotion_code")
def _promo_customer(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    draft.body["customer_eligibility"] = "specific"
    draft.trace.emit(rule.code, path, value=value)
    return Outcome.APPROXIMATED


# -- customer transforms


@transform("customer_metadata", "customer")
def _customer_metadata(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    return _price_metadata(draft, rule, path, value)


@transform("preferred_locales", "customer")
def _preferred_locales(draft: Draft, rule: Rule, path: str, value: Any) -> Outcome | None:
    languages = load_enums().languages
    for locale in value if isinstance(value, list) else []:
        language = _LOCALES.get(str(locale), str(locale).split("-")[0])
        if language in languages:
            draft.body["preferred_locale"] = language
            break
    return None
