"""Property: arbitrary JSON never raises; it yields an SDK-valid body with findings, or a skip.

Arbitrary JSON may also be routed to a lifecycle call (PaymentIntent, SetupIntent, subscription
update, invoice preview): its body must then fit the SDK request type of its ``kind``."""

from __future__ import annotations

from typing import Any

import pytest
from dodopayments.types import (
    CheckoutSessionCreateParams,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrate.findings import Level
from migrate.mapping.lifecycle import KINDS, route
from migrate.mapping.table import load_table
from migrate.mapping.translate import Options, Translation, translate_params
from migrate.mapping.walk import unset
from migrate.readers.base import SourceRef
from migrate.readers.idmap import IdMap
from tests.dodo_contract import REQUEST_TYPES, contract_errors

SOURCE = SourceRef("prop", "json")
TABLE = load_table()
PRORATION_MODES = {
    "prorated_immediately",
    "prorated_immediately_keep_cycle",
    "full_immediately",
    "difference_immediately",
    "do_not_bill",
}


texts = st.text(max_size=12)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False),
    texts,
    st.sampled_from(
        [
            "payment",
            "subscription",
            "setup",
            "usd",
            "card",
            "month",
            "auto",
            "price_1X",
            "plan_x",
            "sku_y",
            "cus_1",
            "{CHECKOUT_SESSION_ID}",
            "embedded",
        ]
    ),
)
KEYS = st.sampled_from(
    [
        "mode",
        "line_items",
        "price",
        "price_data",
        "quantity",
        "currency",
        "unit_amount",
        "unit_amount_decimal",
        "product_data",
        "name",
        "recurring",
        "interval",
        "interval_count",
        "success_url",
        "customer",
        "customer_email",
        "metadata",
        "discounts",
        "coupon",
        "promotion_code",
        "subscription_data",
        "items",
        "plan",
        "trial_end",
        "trial_period_days",
        "payment_method_types",
        "shipping_options",
        "shipping_rate_data",
        "fixed_amount",
        "amount",
        "display_items",
        "type",
        "custom",
        "object",
        "data",
        "lineItems",
        "successUrl",
        "custom_fields",
        "locale",
        "ui_mode",
        "payment_intent_data",
        "capture_method",
        "customer_details",
        "address",
        "country",
        "tax_id_collection",
        "enabled",
        "id",
        "created",
        "amount_subtotal",
        "sessionId",
        # lifecycle keys: arbitrary JSON can be routed to PaymentIntents, SetupIntents...
        "off_session",
        "confirm",
        "payment_method",
        "setup_future_usage",
        "usage",
        "proration_behavior",
        "payment_behavior",
        "subscription",
        "subscription_details",
        "subscription_items",
        "deleted",
    ]
)
json_values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(KEYS | texts, children, max_size=6),
    ),
    max_leaves=30,
)

ITEM = st.fixed_dictionaries(
    {},
    optional={
        "price": scalars,
        "quantity": scalars,
        "price_data": json_values,
        "name": scalars,
        "amount": scalars,
        "currency": scalars,
    },
)
PAYLOAD = st.fixed_dictionaries(
    {},
    optional={
        "mode": scalars,
        "line_items": st.lists(ITEM | json_values, max_size=4),
        "object": st.sampled_from(["checkout.session", "event", "product"]),
        "subscription_data": json_values,
        "display_items": json_values,
        "data": json_values,
        "success_url": scalars,
        "customer": scalars,
        "metadata": json_values,
        "discounts": json_values,
        "shipping_options": json_values,
        "custom_fields": json_values,
        "payment_method_types": json_values,
        "customer_details": json_values,
        "items": json_values,
    },
)

# -- lifecycle-shaped payloads ----------------------------------------------------------------
# Each shape is drawn either with realistic values only (so that the money and plan invariants
# are exercised on calls that translate cleanly) or with junk of every JSON type mixed in.

junk: st.SearchStrategy[Any] = st.one_of(
    scalars,
    st.lists(scalars, max_size=2),
    st.dictionaries(texts, scalars, max_size=2),
)
Fields = dict[str, st.SearchStrategy[Any]]


def shaped(
    fields: Fields,
    extra: Fields | None = None,
    required: tuple[str, ...] = (),
    junk_for: Fields | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """Documents with ``required`` and any subset of the other ``fields``, all realistic; or
    documents with any subset of them where each value may be junk (``junk_for`` narrows the
    junk of a key), plus the ``extra`` keys (unknown or blocking parameters, odd values)."""
    realistic = st.fixed_dictionaries(
        {k: fields[k] for k in required},
        optional={k: v for k, v in fields.items() if k not in required},
    )
    odd = junk_for or {}
    junky = {k: v | odd.get(k, junk) for k, v in fields.items()}
    for key, value in (extra or {}).items():
        junky[key] = junky.get(key, odd.get(key, junk)) | value
    # realistic documents twice as often: the invariants below hold for unblocked calls only
    return st.one_of(realistic, realistic, st.fixed_dictionaries({}, optional=junky))


amounts = st.one_of(st.integers(0, 10**9), st.integers(0, 10**9).map(str))  # form: strings
currencies = st.sampled_from(["usd", "eur", "gbp", "jpy", "inr", "USD", "kwd", "brl"])
flags = st.one_of(st.booleans(), st.sampled_from(["true", "false"]))
metadata = st.dictionaries(
    st.sampled_from(["order_id", "plan", "tier"]), st.text("abc123", max_size=6), max_size=2
)
customers = st.sampled_from(["cus_1", "cus_M", "cus_Other"])

PI_FIELDS: Fields = {
    "amount": amounts,
    "currency": currencies,
    "customer": customers,
    "payment_method": st.sampled_from(["pm_1", "pm_card_visa"]),
    "off_session": flags,
    "confirm": flags,
    "setup_future_usage": st.sampled_from(["off_session", "on_session"]),
    "capture_method": st.sampled_from(["automatic", "automatic_async"]),
    "description": st.sampled_from(["March usage", "Upgrade"]),
    "metadata": metadata,
    "return_url": st.just("https://shop.example.com/done"),
    "receipt_email": st.just("a@example.com"),
    "payment_method_types": st.just(["card"]),
    "statement_descriptor": st.just("ACME"),
    "error_on_requires_action": flags,
    "expand": st.just(["latest_charge"]),
}
PAYMENT_INTENT = shaped(
    PI_FIELDS,
    {
        "source": st.just("card_1"),
        "capture": flags,
        "capture_method": st.just("manual"),
        "application_fee_amount": amounts,
        "amout_x": st.just(1),
    },
    required=("amount", "currency"),
)
PI_META = st.sampled_from(
    [
        {},
        {"endpoint": "/v1/payment_intents"},
        {"endpoint": "/v1/payment_intents/", "method": "post"},
        {"endpoint": "/v1/charges"},
        {"endpoint": "/v1/payment_intents", "method": "GET"},
    ]
)

SETUP_INTENT = shaped(
    {
        "customer": customers,
        "usage": st.sampled_from(["off_session", "on_session"]),
        "return_url": st.just("https://app.example.com/billing"),
        "metadata": metadata,
        "payment_method": st.just("pm_1"),
        "confirm": flags,
        "payment_method_types": st.just(["card"]),
        "description": st.just("Card for usage billing"),
    },
    {"on_behalf_of": st.just("acct_1"), "flow_x": st.just(1)},
    required=("usage",),
)
SI_META = st.sampled_from(
    [{}, {"endpoint": "/v1/setup_intents"}, {"endpoint": "/v1/setup_intents/"}]
)

prices = st.sampled_from(["price_1X", "price_1A", "price_1B", "plan_Gold"])
quantities = st.one_of(st.integers(1, 50), st.integers(1, 50).map(str))
ITEM_FIELDS: Fields = {
    "id": st.sampled_from(["si_1", "si_2"]),
    "price": prices,
    "quantity": quantities,
    "metadata": metadata,
    "tax_rates": st.just(["txr_1"]),
}
SUB_ITEM = shaped(
    ITEM_FIELDS,
    {
        "plan": prices,
        "deleted": flags,
        "quantity": st.integers(-2, 0),
        "price_data": st.fixed_dictionaries(
            {
                "currency": currencies,
                "unit_amount": amounts,
                "product": st.just("prod_1"),
                "recurring": st.just({"interval": "month"}),
            }
        ),
        "clear_usage": flags,
        "discounts": st.just([{"coupon": "C"}]),
    },
    required=("price",),
    # junk quantities include non-integers: an unusable addon quantity must block (L109)
    junk_for={"quantity": st.none() | st.integers(-(2**40), 2**40) | st.text(max_size=4)},
)
PRORATION = st.sampled_from(["create_prorations", "always_invoice", "none"])
PAYMENT_BEHAVIOR = st.sampled_from(
    ["allow_incomplete", "default_incomplete", "pending_if_incomplete", "error_if_incomplete"]
)
SUBSCRIPTION_UPDATE = shaped(
    {
        "items": st.lists(SUB_ITEM, min_size=1, max_size=3),
        "proration_behavior": PRORATION,
        "payment_behavior": PAYMENT_BEHAVIOR,
        "proration_date": amounts,
        "billing_cycle_anchor": st.sampled_from(["now", "unchanged"]),
        "cancel_at_period_end": flags,
        "coupon": st.just("SPRING"),
        "promotion_code": st.just("promo_1"),
        "metadata": metadata,
        "off_session": flags,
        "description": st.just("Gold"),
    },
    {
        "proration_behavior": st.just("sometimes"),
        "trial_end": amounts,
        "discounts": st.just([{"coupon": "SPRING"}]),
        "prorate_x": st.just(True),
    },
    required=("items",),
)
ITEM_UPDATE = shaped(
    {
        "price": prices,
        "quantity": quantities,
        "proration_behavior": PRORATION,
        "payment_behavior": PAYMENT_BEHAVIOR,
        "metadata": metadata,
    },
    {"quantity": st.integers(-2, 0)},
    required=("quantity",),
)
UPDATE_META = st.sampled_from(
    [{}, {"endpoint": "/v1/subscriptions/sub_1"}, {"endpoint": "/v1/subscriptions/sub_9/"}]
)
ITEM_META = st.sampled_from(
    [{"endpoint": "/v1/subscription_items/si_1"}, {"endpoint": "/v1/subscription_items/si_2/"}]
)

PREVIEW = shaped(
    {
        "subscription": st.sampled_from(["sub_1", "sub_9"]),
        "customer": customers,
        "subscription_details": shaped(
            {
                "items": st.lists(SUB_ITEM, min_size=1, max_size=3),
                "proration_behavior": PRORATION,
                "proration_date": amounts,
            }
        ),
        "subscription_items": st.lists(SUB_ITEM, min_size=1, max_size=3),
        "subscription_proration_behavior": PRORATION,
        "subscription_proration_date": amounts,
    },
    required=("subscription",),
)
PREVIEW_META = st.sampled_from(
    [
        {},
        {"endpoint": "/v1/invoices/create_preview"},
        {"endpoint": "/v1/invoices/upcoming", "method": "GET"},
        {"endpoint": "/v1/invoices/upcoming"},
    ]
)

ID_MAPS = st.sampled_from(
    [
        IdMap.empty(),
        IdMap.from_json(
            {
                "price_1X": {
                    "id": "pdt_x",
                    "price": 4900,
                    "currency": "USD",
                    "interval": "month",
                    "stripe": {"price": 4900, "currency": "USD", "interval": "month"},
                },
                "price_1A": "adn_a",
                "cus_M": "sub_dodo_m",
                "sub_1": "sub_dodo_1",
            }
        ),
    ]
)


def _blocked(result: Translation) -> bool:
    return any(f.level is Level.BLOCKER for f in result.findings)


def _check(
    doc: dict[str, Any], meta: dict[str, str] | None = None, ids: IdMap | None = None
) -> Translation:
    result = translate_params(doc, SOURCE, Options(ids=ids or IdMap.empty()), meta)
    assert result.status in ("translated", "skipped")
    for finding in result.findings:
        assert finding.code in TABLE.by_code, finding
    if result.status == "skipped":
        assert result.findings
        assert result.request is None
        return result
    assert result.dodo is not None
    assert result.kind in KINDS
    if result.kind != "checkout_session":
        assert result.request is not None
    request_type = REQUEST_TYPES[result.kind]
    if result.kind == "checkout_session" or not _blocked(result):
        # whatever the input, the body we emit fits the official SDK's request type; a blocked
        # lifecycle call may lack what Dodo requires (its blocker says what)
        assert contract_errors(result.dodo, request_type) == [], (result.kind, result.dodo)
    for emitted in (result.dodo, result.fallback or {}):
        # an empty cart is only valid with a product collection: any other is blocked (D004)
        if emitted.get("product_cart") == [] and not emitted.get("product_collection_id"):
            assert "D004" in {f.code for f in result.findings if f.level is Level.BLOCKER}
    if result.fallback is not None:
        assert result.kind == "upsell"
        assert contract_errors(result.fallback, CheckoutSessionCreateParams) == []
    out = result.as_dict()
    if result.request is not None:
        assert out["kind"] == result.kind
        assert out["request"] == {"method": result.request[0], "path": result.request[1]}
    return result


@pytest.mark.property
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS | texts, json_values, max_size=8))
def test_arbitrary_json_objects_never_raise(doc: dict[str, Any]) -> None:
    _check(doc)


@pytest.mark.property
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAYLOAD)
def test_checkout_shaped_payloads_never_raise(doc: dict[str, Any]) -> None:
    _check(doc)


def _routed(
    doc: dict[str, Any], meta: dict[str, str], ids: IdMap
) -> tuple[Translation, str | None]:
    """Translate a lifecycle-shaped document: whatever routes here gives a request. Returns the
    result and the subject it was routed to (None: the checkout path)."""
    snapshot = repr(doc)
    where = route(doc, meta)
    result = _check(doc, meta, ids)
    assert repr(doc) == snapshot  # the input is never mutated
    if where is None:
        assert result.request is None
        return result, None
    assert result.status == "translated"
    assert result.request is not None
    assert result.request[0] == ("PATCH" if result.kind == "subscription_patch" else "POST")
    expected = {
        "payment_intent": {"on_demand_charge", "on_demand_mandate", "upsell", "checkout_session"},
        "setup_intent": {"on_demand_mandate"},
        "subscription_update": {"change_plan", "change_plan_preview", "subscription_patch"},
    }
    assert result.kind in expected[where.subject], (where, result.kind)
    return result, where.subject


def _amount(value: Any) -> int:
    return int(value)  # form-encoded amounts are digit strings


def _currency_given(doc: dict[str, Any]) -> bool:
    # A PaymentIntent without a currency is blocked (PI109); the money invariants are about
    # the ones that name it.
    return not unset(doc.get("currency"))


def lifecycle_settings(examples: int) -> settings:
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


@pytest.mark.property
@lifecycle_settings(300)
@given(PAYMENT_INTENT, PI_META, ID_MAPS)
def test_payment_intents_keep_the_money(
    doc: dict[str, Any], meta: dict[str, str], ids: IdMap
) -> None:
    result, subject = _routed(doc, meta, ids)
    if subject != "payment_intent" or _blocked(result):
        return
    assert result.dodo is not None and result.money is not None and result.request is not None
    if not _currency_given(doc):
        return
    amount = _amount(doc["amount"])
    currency = str(doc["currency"]).upper()
    if result.kind == "on_demand_charge":
        assert result.dodo["product_price"] == amount
        assert result.dodo["product_currency"] == currency
        assert result.request[1].endswith("/charge")
    else:
        assert result.kind in ("upsell", "on_demand_mandate", "checkout_session")
        assert result.request == ("POST", "/checkouts")
    assert result.money["status"] == "match", result.money
    line = {"currency": currency, "amount": amount, "interval": None, "interval_count": 1}
    assert result.money["stripe"] == result.money["dodo"] == [line]


@pytest.mark.property
@lifecycle_settings(200)
@given(SETUP_INTENT, SI_META, ID_MAPS)
def test_setup_intents_authorise_a_mandate(
    doc: dict[str, Any], meta: dict[str, str], ids: IdMap
) -> None:
    result, subject = _routed(doc, meta, ids)
    if meta:
        assert subject == "setup_intent"
    if subject == "setup_intent":
        assert result.dodo is not None
        assert result.dodo["subscription_data"] == {"on_demand": {"mandate_only": True}}
        assert result.money is not None and result.money["status"] == "none"


def _check_change(result: Translation, subject: str | None) -> None:
    if subject != "subscription_update":
        return
    assert result.request is not None
    if result.kind == "subscription_patch":  # a cancel-only update: no plan, nothing charged
        assert result.request[1].startswith("/subscriptions/")
        assert result.request[1].count("/") == 2
        assert result.dodo is not None and set(result.dodo) == {"cancel_at_next_billing_date"}
        assert type(result.dodo["cancel_at_next_billing_date"]) is bool
        assert not any(f.code == "SU106" for f in result.findings)
        return
    suffix = "/change-plan/preview" if result.kind == "change_plan_preview" else "/change-plan"
    assert result.request[1].startswith("/subscriptions/")
    assert result.request[1].endswith(suffix)
    if _blocked(result):
        return
    assert result.dodo is not None
    quantity = result.dodo["quantity"]
    assert isinstance(quantity, int) and not isinstance(quantity, bool) and quantity >= 1
    assert result.dodo["proration_billing_mode"] in PRORATION_MODES
    for addon in result.dodo.get("addons", []):
        assert addon["addon_id"].startswith("adn_")


@pytest.mark.property
@lifecycle_settings(300)
@given(SUBSCRIPTION_UPDATE, UPDATE_META, ID_MAPS)
def test_subscription_updates_become_plan_changes(
    doc: dict[str, Any], meta: dict[str, str], ids: IdMap
) -> None:
    result, subject = _routed(doc, meta, ids)
    if meta:
        # a cancel-only update (no item names a price or plan, quantity or deletion) is the PATCH
        items = doc.get("items")  # junk that is not a list is read as a change (SU106)
        changes = (items is not None and not isinstance(items, list)) or any(
            not isinstance(item, dict)
            or {"price", "plan", "quantity", "deleted", "price_data"} & set(item)
            for item in (items if isinstance(items, list) else [])
        )
        flag = doc.get("cancel_at_period_end")  # a form value is "true" or "false"
        cancel_only = (type(flag) is bool or flag in ("true", "false")) and not changes
        assert result.kind == ("subscription_patch" if cancel_only else "change_plan")
    _check_change(result, subject)


@pytest.mark.property
@lifecycle_settings(200)
@given(ITEM_UPDATE, ITEM_META, ID_MAPS)
def test_subscription_item_updates_become_plan_changes(
    doc: dict[str, Any], meta: dict[str, str], ids: IdMap
) -> None:
    result, subject = _routed(doc, meta, ids)
    assert result.kind == "change_plan"
    _check_change(result, subject)


@pytest.mark.property
@lifecycle_settings(200)
@given(PREVIEW, PREVIEW_META, ID_MAPS)
def test_invoice_previews_become_plan_change_previews(
    doc: dict[str, Any], meta: dict[str, str], ids: IdMap
) -> None:
    result, subject = _routed(doc, meta, ids)
    if meta:
        assert result.kind == "change_plan_preview"
    _check_change(result, subject)


def test_regression_null_line_items_with_camel_case_items() -> None:
    doc = {"line_items": None, "items": [{"sku": "sku_1", "quantity": 1}]}
    result = translate_params(doc, SOURCE)
    assert result.dodo is not None and len(result.dodo["product_cart"]) == 1
    assert doc == {"line_items": None, "items": [{"sku": "sku_1", "quantity": 1}]}  # not mutated


def test_regression_custom_field_without_a_type() -> None:
    doc = {
        "mode": "payment",
        "custom_fields": [
            {"key": "note", "type": None, "label": {"type": "custom", "custom": "Note"}}
        ],
    }
    result = translate_params(doc, SOURCE)
    assert result.dodo is not None and result.dodo["custom_fields"][0]["field_type"] == "text"
    assert contract_errors(result.dodo, CheckoutSessionCreateParams) == []


def test_regression_trial_end_beyond_year_9999_is_invalid_not_a_crash() -> None:
    result = translate_params({"subscription_data": {"trial_end": 6.7768e16}}, SOURCE)
    invalid = [f for f in result.findings if f.code == "C091"]
    assert [f.path for f in invalid] == ["subscription_data.trial_end"]
    assert result.fields["subscription_data.trial_end"][0].value == "blocked"
