"""Property: arbitrary JSON never raises; it yields an SDK-valid body with findings, or a skip."""

from __future__ import annotations

from typing import Any

from dodopayments.types import CheckoutSessionCreateParams
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrate.sources.base import SourceRef
from migrate.translate import translate_params

from .dodo_contract import contract_errors

SOURCE = SourceRef("prop", "json")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False),
    st.text(max_size=12),
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
    ]
)
json_values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(KEYS | st.text(max_size=6), children, max_size=6),
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


def _check(doc: dict[str, Any]) -> None:
    result = translate_params(doc, SOURCE)
    assert result.status in ("translated", "skipped")
    if result.status == "translated":
        assert result.dodo is not None
        # whatever the input, the body we emit fits the official SDK's request type
        assert contract_errors(result.dodo, CheckoutSessionCreateParams) == []
        result.as_dict()
    else:
        assert result.findings


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS | st.text(max_size=8), json_values, max_size=8))
def test_arbitrary_json_objects_never_raise(doc: dict[str, Any]) -> None:
    _check(doc)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAYLOAD)
def test_checkout_shaped_payloads_never_raise(doc: dict[str, Any]) -> None:
    _check(doc)


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
