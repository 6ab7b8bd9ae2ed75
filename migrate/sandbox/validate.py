"""Request checks of the sandbox, the way Dodo makes them: the SDK's request types first, then
Dodo's documented rules. Everything here is stateless; checks that need the stored objects (an
id named in a body, a code already taken) are the app's (``migrate.sandbox.app``), which passes
what they need.

Validation, like Dodo's: a body must fit the SDK's request TypedDict exactly (no unknown
fields, right JSON types, enums), then Dodo's documented rules. Errors are
``{"code", "message"}``; the codes are those of Dodo's error-code reference:

============  ==========================================  ======================================
status        code                                        when
============  ==========================================  ======================================
401           UNAUTHORIZED                                no ``Authorization: Bearer <key>``
404           NOT_FOUND                                   unknown path or id, also an id named in
                                                          a body (``product_cart``,
                                                          ``restricted_to``, ``customer_id``)
405           METHOD_NOT_ALLOWED                          known path, other method (sandbox code)
413           INVALID_REQUEST_BODY                        body larger than 1 MiB
422           INVALID_REQUEST_BODY                        not JSON, not the SDK type (message:
                                                          the first error, with its JSON path),
                                                          a metadata key/value, a length or range
422           INVALID_QUERY_PARAMS                        bad ``page_number``/``page_size``/bool
422           INVALID_REQUEST_PARAMETERS                  ``starts_at`` >= ``expires_at``,
                                                          per-customer limit > usage limit
422           MAXIMUM_KEYS_REACHED                        more than 50 metadata pairs
422           UNSUPPORTED_CURRENCY                        an ISO-looking code (``XYZ``) that is
                                                          not a Dodo currency (``usd`` is
                                                          INVALID_REQUEST_BODY: bad shape)
422           UNSUPPORTED_TAX_CATEGORY                    a tax category outside the enum
422           UNSUPPORTED_DISCOUNT_TYPE                   a discount type other than percentage,
                                                          flat
422           INVALID_PERCENTAGE                          percentage ``amount`` outside 1..10000
422           DISCOUNT_CODE_ALREADY_EXISTS                code taken (compared upper-cased)
422           DISCOUNT_CURRENCY_OPTION_INVALID            duplicate rows, two defaults, a flat
                                                          discount without a default row
422           INVALID_SUGGESTED_PRICE                     PWYW ``suggested_price`` < ``price``
422           MISSING_ADDON_IDS / MISSING_METER_IDS       the sandbox has no addons or meters
422           PRODUCT_PRICING_MODE_REQUIRED               localized price, product without
                                                          ``pricing_mode``
422           LOCALIZED_PRICE_SHAPE_MISMATCH              ``country_code`` vs ``pricing_mode``
422           LOCALIZED_PRICE_DUPLICATES_BASE             same currency as the base price
422           LOCALIZED_PRICE_ALREADY_EXISTS              same product and currency/country
422           PRODUCT_CART_EMTPY                          (sic, Dodo's spelling) empty cart
422           INVALID_QUANTITY                            usage-based product with quantity != 1
422           BRAND_MISMATCH                              cart products of different brands
422           REQUEST_AMOUNT_BELOW_MINIMUM                PWYW ``amount`` below the price
422           EXCHANGE_RATE_NOT_FOUND                     cart needs a currency conversion (the
                                                          sandbox has no exchange rates)
422           INVALID_DISCOUNT_CODE                       unknown code, or fits no cart product
422           DISCOUNT_CODE_EXPIRED / DISCOUNT_NOT_YET_ACTIVE / DISCOUNT_CODE_USAGE_LIMIT_EXCEEDED
422           DISCOUNT_MINIMUM_SUBTOTAL_NOT_MET           below the currency row's minimum
429           TOO_MANY_REQUESTS                           rate limit (``Retry-After`` seconds)
500           INTERNAL_SERVER_ERROR                       injected fault (502/503: an HTML body,
                                                          as a gateway would send)
============  ==========================================  ======================================
"""

from __future__ import annotations

import copy
import functools
import json
import math
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from migrate.dodo.contract import contract_errors

PAGE_SIZE_DEFAULT = 10
PAGE_SIZE_MAX = 100
MAX_METADATA_KEYS = 50
MAX_METADATA_KEY = 40
MAX_METADATA_VALUE = 500
MAX_CART = 20
MAX_DISCOUNT_CODES = 20
MAX_CUSTOM_FIELDS = 5
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ISO_CURRENCY = re.compile(r"[A-Z]{3}")
_METADATA_KEY = re.compile(r"[A-Za-z0-9_-]+")
_INTERVAL_DAYS = {"Day": 1, "Week": 7, "Month": 31, "Year": 366}
_MAX_SUBSCRIPTION_DAYS = 20 * 366


class ApiError(Exception):
    """Raised inside an endpoint: answered as ``{"code", "message"}``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def invalid(message: str) -> ApiError:
    return ApiError(422, "INVALID_REQUEST_BODY", message)


def not_found(what: str) -> ApiError:
    return ApiError(404, "NOT_FOUND", f"{what} not found")


@dataclass(frozen=True)
class Enums:
    currencies: frozenset[str]
    tax_categories: frozenset[str]
    discount_types: frozenset[str]


@functools.cache
def enums() -> Enums:
    from dodopayments.types import Currency, DiscountType, TaxCategory

    return Enums(
        frozenset(typing.get_args(Currency)),
        frozenset(typing.get_args(TaxCategory)),
        frozenset(typing.get_args(DiscountType)),
    )


@functools.cache
def param_types() -> dict[str, Any]:
    from dodopayments.types import (
        CheckoutSessionCreateParams,
        CustomerCreateParams,
        DiscountCreateParams,
        ProductCreateParams,
        ProductUpdateParams,
        SubscriptionUpdateParams,
    )
    from dodopayments.types.products import LocalizedPriceCreateParams

    return {
        "product_create": ProductCreateParams,
        "product_update": ProductUpdateParams,
        "localized_price_create": LocalizedPriceCreateParams,
        "discount_create": DiscountCreateParams,
        "customer_create": CustomerCreateParams,
        "checkout_create": CheckoutSessionCreateParams,
        "subscription_update": SubscriptionUpdateParams,
    }


def parse_json(raw: bytes) -> Any:
    if not raw.strip():
        raise invalid("Your request body is invalid: the body is empty")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise invalid("Your request body is invalid: it is not JSON") from None


def json_object(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid(f"Your request body is invalid: expected a JSON object ({name})")
    return value


def check_contract(body: dict[str, Any], name: str) -> None:
    errors = contract_errors(body, param_types()[name])
    if errors:
        raise invalid(errors[0])


def product_body(raw: Any, name: str) -> dict[str, Any]:
    """A product create or update body, checked the way Dodo checks it."""
    body = json_object(raw, name)
    check_currency(dig(body, "price", "currency"))
    check_tax_category(body.get("tax_category"))
    check_contract(body, name)
    check_metadata(body.get("metadata"))
    check_product_fields(body)
    return body


def check_currency(value: Any) -> None:
    iso = isinstance(value, str) and _ISO_CURRENCY.fullmatch(value)
    if iso and value not in enums().currencies:
        raise ApiError(422, "UNSUPPORTED_CURRENCY", f"Currency {value} is not currently supported")


def check_tax_category(value: Any) -> None:
    if isinstance(value, str) and value not in enums().tax_categories:
        raise ApiError(422, "UNSUPPORTED_TAX_CATEGORY", f"Category {value} currently not supported")


def check_metadata(metadata: Any) -> None:
    if not isinstance(metadata, dict):
        return
    if len(metadata) > MAX_METADATA_KEYS:
        raise ApiError(422, "MAXIMUM_KEYS_REACHED", f"Exceeds {MAX_METADATA_KEYS} key-value pairs")
    for key, value in metadata.items():
        if len(key) > MAX_METADATA_KEY or not _METADATA_KEY.fullmatch(key):
            raise invalid(
                f"$.metadata: key {key[:60]!r} must be 1-{MAX_METADATA_KEY} letters, digits, - or _"
            )
        if isinstance(value, str) and len(value) > MAX_METADATA_VALUE:
            raise invalid(f"$.metadata.{key}: longer than {MAX_METADATA_VALUE} characters")
        if isinstance(value, float) and not finite(value):
            raise invalid(f"$.metadata.{key}: not a finite number")


def check_product_fields(body: dict[str, Any]) -> None:
    name = body.get("name")
    if isinstance(name, str) and not 1 <= len(name) <= 100:
        raise invalid("$.name: must have 1-100 characters")
    description = body.get("description")
    if isinstance(description, str) and len(description) > 1000:
        raise invalid("$.description: at most 1000 characters")
    if body.get("addons"):
        raise ApiError(
            422,
            "MISSING_ADDON_IDS",
            "One or more addon IDs do not exist: " + ", ".join(body["addons"]),
        )
    for key in ("entitlements", "credit_entitlements"):
        rows = body.get(key) or []
        if rows:
            first = rows[0]
            ident = first.get("entitlement_id") or first.get("credit_entitlement_id") or "?"
            raise not_found(f"{key.replace('_', ' ').capitalize()[:-1]} {ident}")
    price = body.get("price")
    if isinstance(price, dict):
        check_price(price)


def check_price(price: dict[str, Any]) -> None:
    for key in ("price", "fixed_price"):
        if key in price and price[key] < 0:
            raise invalid(f"$.price.{key}: must be 0 or more")
    if not 0 <= price.get("discount", 0) <= 100:
        raise invalid("$.price.discount: must be 0..100 (percent)")
    bps = price.get("discount_bps")
    if bps is not None and not 0 <= bps <= 10000:
        raise invalid("$.price.discount_bps: must be 0..10000")
    if price["type"] != "one_time_price":
        for key in ("payment_frequency_count", "subscription_period_count"):
            if price[key] < 1:
                raise invalid(f"$.price.{key}: must be at least 1")
        days = (
            price["subscription_period_count"]
            * _INTERVAL_DAYS[price["subscription_period_interval"]]
        )
        if days > _MAX_SUBSCRIPTION_DAYS:
            raise invalid("$.price.subscription_period_count: at most 20 years")
    if price["type"] == "usage_based_price" and price.get("meters"):
        ids = ", ".join(str(m.get("meter_id")) for m in price["meters"])
        raise ApiError(422, "MISSING_METER_IDS", f"One or more meter IDs do not exist: {ids}")
    if price.get("pay_what_you_want"):
        suggested = price.get("suggested_price")
        if suggested is not None and suggested < price["price"]:
            raise ApiError(
                422,
                "INVALID_SUGGESTED_PRICE",
                "Suggested Price cannot be lower than minimum price. In case of pay what you "
                "want, price is considered as minimum accepted amount",
            )
    trial = price.get("trial_period_days")
    if trial is not None and not 0 <= trial <= 10000:
        raise invalid("$.price.trial_period_days: must be 0..10000")
    if price.get("trial_amount") is not None and not trial:
        raise invalid("$.price.trial_amount: needs trial_period_days > 0")


def price_out(price: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(price)
    out.setdefault("discount", 0)
    out.setdefault("purchasing_power_parity", False)
    return out


def currency_rows(rows: Any, *, flat: bool) -> list[dict[str, Any]] | None:
    if rows is None:
        if flat:
            raise ApiError(
                422,
                "DISCOUNT_CURRENCY_OPTION_INVALID",
                "A flat discount requires at least one currency option with a resolvable default",
            )
        return None
    out = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        if row["currency"] in seen:
            raise ApiError(
                422,
                "DISCOUNT_CURRENCY_OPTION_INVALID",
                "Duplicate currency options are not allowed",
            )
        seen.add(row["currency"])
        most = row.get("max_amount_possible")
        if most is not None and most <= 0:
            raise invalid(f"$.currency_options[{i}].max_amount_possible: must be greater than 0")
        if row.get("minimum_subtotal", 0) < 0:
            raise invalid(f"$.currency_options[{i}].minimum_subtotal: must be 0 or more")
        out.append(
            {
                "currency": row["currency"],
                "is_default": bool(row.get("is_default")),
                "minimum_subtotal": row.get("minimum_subtotal", 0),
                "max_amount_possible": most,
            }
        )
    defaults = sum(1 for row in out if row["is_default"])
    if defaults > 1:
        raise ApiError(
            422,
            "DISCOUNT_CURRENCY_OPTION_INVALID",
            "Only one currency option may be marked as default",
        )
    if flat and not (defaults == 1 or len(out) == 1):
        raise ApiError(
            422,
            "DISCOUNT_CURRENCY_OPTION_INVALID",
            "A flat discount requires at least one currency option with a resolvable default",
        )
    return out


def check_limits(body: dict[str, Any]) -> None:
    usage = body.get("usage_limit")
    if usage is not None and usage < 1:
        raise invalid("$.usage_limit: must be at least 1")
    per_customer = body.get("per_customer_usage_limit")
    if per_customer is not None:
        if per_customer < 1:
            raise invalid("$.per_customer_usage_limit: must be at least 1")
        if usage is not None and per_customer > usage:
            raise ApiError(
                422,
                "INVALID_REQUEST_PARAMETERS",
                "per_customer_usage_limit cannot be more than usage_limit",
            )
    cycles = body.get("subscription_cycles")
    if cycles is not None and cycles < 1:
        raise invalid("$.subscription_cycles: must be at least 1")


def opt_time(body: dict[str, Any], key: str) -> datetime | None:
    value = body.get(key)
    if value is None:
        return None
    try:
        return parse_time(value)
    except ValueError:
        raise invalid(f"$.{key}: {value!r} is not an ISO date-time") from None


def parse_time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def page(items: list[dict[str, Any]], query: Mapping[str, str]) -> dict[str, Any]:
    """One page, newest first: ``page_number`` (0-based) and ``page_size`` (1-100)."""
    number = int_query(query, "page_number", 0, minimum=0)
    size = int_query(query, "page_size", PAGE_SIZE_DEFAULT, minimum=1)
    if size > PAGE_SIZE_MAX:
        raise ApiError(422, "INVALID_QUERY_PARAMS", f"page_size must be at most {PAGE_SIZE_MAX}")
    newest = items[::-1]
    return {"items": newest[number * size : (number + 1) * size]}


def int_query(query: Mapping[str, str], key: str, default: int, *, minimum: int) -> int:
    raw = query.get(key)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(422, "INVALID_QUERY_PARAMS", f"{key} must be a whole number") from None
    if value < minimum:
        raise ApiError(422, "INVALID_QUERY_PARAMS", f"{key} must be at least {minimum}")
    return value


def bool_query(query: Mapping[str, str], key: str) -> bool | None:
    raw = query.get(key)
    if raw is None:
        return None
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise ApiError(422, "INVALID_QUERY_PARAMS", f"{key} must be true or false")


def dig(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def list_of(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# ---- one check per create ------------------------------------------------------------------


def check_localized_price(
    raw: Any, product: dict[str, Any], existing: Iterable[dict[str, Any]]
) -> dict[str, Any]:
    """A localized price body for ``product``, which already has the ``existing`` ones."""
    body = json_object(raw, "localized_price_create")
    check_currency(body.get("currency"))
    check_contract(body, "localized_price_create")
    if body["amount"] <= 0:
        raise invalid("$.amount: must be greater than zero")
    mode = product.get("pricing_mode")
    if mode is None:
        raise ApiError(
            422,
            "PRODUCT_PRICING_MODE_REQUIRED",
            "Product pricing_mode must be set before adding localized prices",
        )
    country = body.get("country_code")
    if (mode == "by_country") != (country is not None):
        raise ApiError(
            422,
            "LOCALIZED_PRICE_SHAPE_MISMATCH",
            f"Localized price shape does not match the product's pricing_mode ({mode}): "
            + ("country_code is required" if mode == "by_country" else "omit country_code"),
        )
    if mode == "by_currency" and body["currency"] == product["price"]["currency"]:
        raise ApiError(
            422,
            "LOCALIZED_PRICE_DUPLICATES_BASE",
            "Localized price duplicates the product's base currency/country",
        )
    for other in existing:
        same = (
            other["country_code"] == country
            if mode == "by_country"
            else other["currency"] == body["currency"]
        )
        if other["product_id"] == product["product_id"] and same:
            raise ApiError(
                422,
                "LOCALIZED_PRICE_ALREADY_EXISTS",
                "A localized price for this product and country/currency already exists",
            )
    return body


@dataclass(frozen=True)
class DiscountTerms:
    """A checked discount body with its currency rows and validity window."""

    body: dict[str, Any]
    rows: list[dict[str, Any]] | None
    starts: datetime | None
    expires: datetime | None


def check_discount(raw: Any) -> DiscountTerms:
    """A discount body on its own (the products it is restricted to and its code are the app's
    checks, after these)."""
    body = json_object(raw, "discount_create")
    for row in list_of(body.get("currency_options")):
        check_currency(row.get("currency") if isinstance(row, dict) else None)
    kind = body.get("type")
    if isinstance(kind, str) and kind not in enums().discount_types:
        raise ApiError(
            422,
            "UNSUPPORTED_DISCOUNT_TYPE",
            "Only percentage and flat discount codes are supported",
        )
    check_contract(body, "discount_create")
    check_metadata(body.get("metadata"))
    amount = body["amount"]
    if kind == "percentage" and not 1 <= amount <= 10000:
        raise ApiError(
            422,
            "INVALID_PERCENTAGE",
            "Percentage amount cannot be more than 10000"
            if amount > 10000
            else "Percentage amount must be at least 1 (basis points)",
        )
    if kind == "flat" and amount < 1:
        raise invalid("$.amount: a flat discount amount must be at least 1")
    rows = currency_rows(body.get("currency_options"), flat=kind == "flat")
    check_limits(body)
    starts, expires = opt_time(body, "starts_at"), opt_time(body, "expires_at")
    if starts is not None and expires is not None and starts >= expires:
        raise ApiError(422, "INVALID_REQUEST_PARAMETERS", "starts_at must be before expires_at")
    return DiscountTerms(body, rows, starts, expires)


def check_discount_code(given: str) -> str:
    """A code as Dodo stores it (upper case), or why it cannot be one."""
    code = given.strip().upper()
    if len(code) < 3:
        raise invalid("$.code: a discount code needs at least 3 characters")
    if len(code) > 16:
        raise invalid("$.code: a discount code has at most 16 characters")
    return code


def check_customer(raw: Any) -> dict[str, Any]:
    body = json_object(raw, "customer_create")
    check_contract(body, "customer_create")
    check_metadata(body.get("metadata"))
    if not EMAIL.fullmatch(body["email"]):
        raise invalid(f"$.email: {body['email']!r} is not an email address")
    if not body["name"].strip():
        raise invalid("$.name: must not be empty")
    return body


def check_checkout(raw: Any, *, customer_exists: Callable[[str], bool]) -> dict[str, Any]:
    """A checkout (or preview) body; ``customer_exists`` answers for an attached customer."""
    body = json_object(raw, "checkout_create")
    check_currency(body.get("billing_currency"))
    check_contract(body, "checkout_create")
    check_metadata(body.get("metadata"))
    cart = body["product_cart"]
    if not cart and not body.get("product_collection_id"):
        raise ApiError(422, "PRODUCT_CART_EMTPY", "product_cart is empty")
    if len(cart) > MAX_CART:
        raise invalid(f"$.product_cart: at most {MAX_CART} items")
    if body.get("product_collection_id"):
        raise not_found(f"Product collection {body['product_collection_id']}")
    if body.get("discount_code") is not None and body.get("discount_codes") is not None:
        raise invalid("$.discount_code: give discount_code or discount_codes, not both")
    if len(body.get("discount_codes") or []) > MAX_DISCOUNT_CODES:
        raise invalid(f"$.discount_codes: at most {MAX_DISCOUNT_CODES} codes")
    if len(body.get("custom_fields") or []) > MAX_CUSTOM_FIELDS:
        raise invalid(f"$.custom_fields: at most {MAX_CUSTOM_FIELDS} fields")
    methods = body.get("allowed_payment_method_types") or []
    if len(set(methods)) != len(methods):
        raise invalid("$.allowed_payment_method_types: values must be unique")
    trial = dig(body, "subscription_data", "trial_period_days")
    if isinstance(trial, int) and not 0 <= trial <= 10000:
        raise invalid("$.subscription_data.trial_period_days: must be 0..10000")
    customer = body.get("customer")
    attached = isinstance(customer, dict) and "customer_id" in customer
    if attached:
        assert isinstance(customer, dict)
        if not customer_exists(customer["customer_id"]):
            raise not_found(f"Customer {customer['customer_id']}")
    elif isinstance(customer, dict) and not EMAIL.fullmatch(customer["email"]):
        raise invalid(f"$.customer.email: {customer['email']!r} is not an email address")
    if body.get("payment_method_id") and not (body.get("confirm") and attached):
        raise invalid("$.payment_method_id: needs confirm=true and an existing customer_id")
    if body.get("tax_id") and not body.get("billing_address"):
        raise invalid("$.tax_id: needs billing_address.country")
    if body.get("confirm") and not (customer and body.get("billing_address")):
        raise invalid("$.confirm: confirm=true needs customer and billing_address")
    for i, item in enumerate(cart):
        if item["quantity"] < 1:
            raise invalid(f"$.product_cart[{i}].quantity: must be at least 1")
        if item.get("addons"):
            raise ApiError(
                422,
                "MISSING_ADDON_IDS",
                "One or more addon IDs do not exist: "
                + ", ".join(str(a.get("addon_id")) for a in item["addons"]),
            )
        if item.get("credit_entitlements"):
            ids = [c["credit_entitlement_id"] for c in item["credit_entitlements"]]
            raise not_found(f"Credit entitlement {ids[0]}")
    return body


def product_list_item(product: dict[str, Any]) -> dict[str, Any]:
    """A product as ``GET /products`` lists it (the flattened ``ProductListResponse``)."""
    price = product["price"]
    return {
        "product_id": product["product_id"],
        "business_id": product["business_id"],
        "created_at": product["created_at"],
        "updated_at": product["updated_at"],
        "is_recurring": product["is_recurring"],
        "metadata": product["metadata"],
        "tax_category": product["tax_category"],
        "entitlements": product["entitlements"],
        "name": product["name"],
        "description": product["description"],
        "image": product["image"],
        "price": price.get("price", price.get("fixed_price")),
        "currency": price["currency"],
        "tax_inclusive": price.get("tax_inclusive"),
        "price_detail": price,
        "pricing_mode": product["pricing_mode"],
    }
