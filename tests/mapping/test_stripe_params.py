"""Tests for migrate.mapping.stripe_params: the validated Checkout Session create model."""

from __future__ import annotations

import copy
import dataclasses
import sys
import types
import typing
from decimal import Decimal
from typing import Any, ForwardRef, NotRequired, Required

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stripe._request_options import RequestOptions
from stripe.params.checkout import SessionCreateParams
from typing_extensions import is_typeddict

from migrate.mapping.stripe_params import PARAM_PATHS, InvalidParam, validate_lenient

# --------------------------------------------------------------------------- helpers

_SDK_NS = vars(sys.modules[SessionCreateParams.__module__])
_REQUEST_OPTION_KEYS = frozenset(RequestOptions.__annotations__)


def _sdk_resolve(tp: Any) -> Any:
    if isinstance(tp, ForwardRef):
        tp = tp.__forward_arg__
    if isinstance(tp, str):
        tp = eval(tp, _SDK_NS)  # the SDK's own annotation strings
    return tp


def _sdk_keys(cls: Any) -> set[str]:
    keys = set(cls.__annotations__)
    return keys - _REQUEST_OPTION_KEYS if cls is SessionCreateParams else keys


def _sdk_class(cls: Any, key: str) -> Any:
    """The TypedDict class behind ``cls[key]`` (unwrapping NotRequired, unions, lists)."""
    stack = [_sdk_resolve(cls.__annotations__[key])]
    while stack:
        tp = _sdk_resolve(stack.pop())
        if isinstance(tp, type) and is_typeddict(tp):
            return tp
        stack.extend(typing.get_args(tp))
    raise AssertionError(f"{key} is not an object in the SDK")


def _sdk_paths(tp: Any, prefix: str, out: set[str]) -> None:
    """Every path of stripe-python's typed params, in PARAM_PATHS' pattern style."""
    tp = _sdk_resolve(tp)
    origin = typing.get_origin(tp)
    if origin in (NotRequired, Required, typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            _sdk_paths(arg, prefix, out)
    elif origin is list:
        _sdk_paths(typing.get_args(tp)[0], f"{prefix}[]", out)
    elif origin is dict:
        _sdk_paths(typing.get_args(tp)[1], f"{prefix}.*", out)
    elif isinstance(tp, type) and is_typeddict(tp):
        for key in _sdk_keys(tp):
            path = f"{prefix}.{key}" if prefix else key
            out.add(path)
            _sdk_paths(tp.__annotations__[key], path, out)


def _by_path(invalid: list[InvalidParam]) -> dict[str, InvalidParam]:
    return {p.path: p for p in invalid}


def _typical() -> dict[str, Any]:
    return {
        "mode": "subscription",
        "success_url": "https://example.com/ok?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "https://example.com/cancel",
        "customer_email": "jo@example.com",
        "allow_promotion_codes": True,
        "payment_method_types": ["card"],
        "metadata": {"order_id": "42"},
        "line_items": [
            {
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 2000,
                    "product_data": {"name": "Pro", "metadata": {"sku": "pro"}},
                    "recurring": {"interval": "month", "interval_count": 1},
                },
                "quantity": 1,
            },
            {"price": "price_123", "quantity": 2},
        ],
        "subscription_data": {"trial_period_days": 14, "metadata": {"team": "t1"}},
    }


# --------------------------------------------------------------------------- happy path


def test_typical_payload_round_trips_unchanged() -> None:
    payload = _typical()
    out, invalid = validate_lenient(payload)
    assert invalid == []
    assert out == payload
    assert type(out) is dict


def test_only_given_keys_are_returned_and_none_is_kept() -> None:
    out, invalid = validate_lenient({"mode": "payment", "customer": None})
    assert invalid == []
    assert out == {"mode": "payment", "customer": None}


def test_non_dict_mapping_is_accepted() -> None:
    out, invalid = validate_lenient(types.MappingProxyType({"mode": "setup", "currency": "eur"}))
    assert invalid == []
    assert out == {"mode": "setup", "currency": "eur"}


# --------------------------------------------------------------------------- coercion


def test_form_strings_coerce_to_int_bool_and_decimal() -> None:
    form = {
        "expires_at": "1767225600",
        "allow_promotion_codes": "true",
        "line_items": [
            {
                "price_data": {
                    "currency": "usd",
                    "unit_amount": "2000",
                    "recurring": {"interval": "month", "interval_count": "3"},
                },
                "quantity": "2",
                "adjustable_quantity": {"enabled": "false", "minimum": "1", "maximum": "10"},
            },
            {"price_data": {"currency": "usd", "unit_amount_decimal": "12.5"}},
        ],
        "subscription_data": {
            "trial_period_days": "14",
            "application_fee_percent": "12.5",
            "transfer_data": {"destination": "acct_1", "amount_percent": 7.1},
        },
        "shipping_options": [
            {
                "shipping_rate_data": {
                    "display_name": "Ground",
                    "fixed_amount": {
                        "amount": "500",
                        "currency": "usd",
                        "currency_options": {"eur": {"amount": "450"}},
                    },
                    "delivery_estimate": {"minimum": {"unit": "business_day", "value": "2"}},
                }
            }
        ],
        "phone_number_collection": {"enabled": "true"},
    }
    out, invalid = validate_lenient(form)
    assert invalid == []
    assert out["expires_at"] == 1767225600
    assert out["allow_promotion_codes"] is True
    item0 = out["line_items"][0]
    assert item0["price_data"]["unit_amount"] == 2000
    assert item0["price_data"]["recurring"]["interval_count"] == 3
    assert item0["quantity"] == 2
    assert item0["adjustable_quantity"] == {"enabled": False, "minimum": 1, "maximum": 10}
    decimal_amount = out["line_items"][1]["price_data"]["unit_amount_decimal"]
    assert isinstance(decimal_amount, Decimal)
    assert decimal_amount == Decimal("12.5")
    sub = out["subscription_data"]
    assert sub["trial_period_days"] == 14
    assert sub["application_fee_percent"] == Decimal("12.5")
    assert isinstance(sub["application_fee_percent"], Decimal)
    assert sub["transfer_data"]["amount_percent"] == Decimal("7.1")
    rate = out["shipping_options"][0]["shipping_rate_data"]
    assert rate["fixed_amount"]["amount"] == 500
    assert rate["fixed_amount"]["currency_options"]["eur"]["amount"] == 450
    assert rate["delivery_estimate"]["minimum"]["value"] == 2
    assert out["phone_number_collection"]["enabled"] is True


def test_json_numbers_become_strings_in_string_fields() -> None:
    out, invalid = validate_lenient({"client_reference_id": 12345})
    assert invalid == []
    assert out == {"client_reference_id": "12345"}


def test_metadata_values_become_strings() -> None:
    payload = {
        "metadata": {"order_id": 42, "paid": True, "draft": False, "ratio": 1.5, "s": "x"},
        "line_items": [{"price": "price_1", "metadata": {"n": 7}}],
        "subscription_data": {"metadata": {"seats": 3}},
        "payment_intent_data": {"metadata": {"n": 1}},
    }
    out, invalid = validate_lenient(payload)
    assert invalid == []
    assert out["metadata"] == {
        "order_id": "42",
        "paid": "true",
        "draft": "false",
        "ratio": "1.5",
        "s": "x",
    }
    assert out["line_items"][0]["metadata"] == {"n": "7"}
    assert out["subscription_data"]["metadata"] == {"seats": "3"}
    assert out["payment_intent_data"]["metadata"] == {"n": "1"}


def test_bad_metadata_value_is_removed_alone() -> None:
    out, invalid = validate_lenient({"metadata": {"ok": "1", "nested": {"a": 1}}})
    assert out == {"metadata": {"ok": "1"}}
    assert [p.path for p in invalid] == ["metadata.nested"]


# --------------------------------------------------------------------------- unknown keys


def test_unknown_keys_survive_verbatim_at_every_level() -> None:
    payload = {
        "mode": "payment",
        "legacy_top": {"deep": [1, {"x": None}]},
        "line_items": [
            {
                "name": "T-shirt",
                "amount": 2000,
                "currency": "usd",
                "images": ["https://x/y.png"],
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 100,
                    "mystery": "m",
                    "product_data": {"name": "P", "colour": "red"},
                },
            }
        ],
        "subscription_data": {
            "items": [{"plan": "plan_1", "quantity": "1"}],
            "coupon": "25OFF",
            "trial_from_plan": "true",
        },
        "custom_text": {"submit": {"message": "Go", "future": 1}},
    }
    out, invalid = validate_lenient(payload)
    assert invalid == []
    assert out == payload  # extras are not coerced: "quantity": "1" stays a string


def test_unknown_keys_survive_when_other_fields_are_invalid() -> None:
    payload = {"mode": "nope", "legacy": "keep", "line_items": [{"zz": 1, "quantity": "x"}]}
    out, invalid = validate_lenient(payload)
    assert out == {"legacy": "keep", "line_items": [{"zz": 1}]}
    assert {p.path for p in invalid} == {"mode", "line_items[0].quantity"}


# --------------------------------------------------------------------------- invalid values


def test_invalid_enums_are_removed_and_reported_others_survive() -> None:
    payload = _typical()
    payload["mode"] = "subscribe"
    payload["locale"] = "xx-YY"
    payload["line_items"][0]["price_data"]["recurring"]["interval"] = "fortnight"
    payload["subscription_data"]["proration_behavior"] = "always"
    before = copy.deepcopy(payload)

    out, invalid = validate_lenient(payload)

    assert payload == before, "the caller's data must not be modified"
    found = _by_path(invalid)
    assert set(found) == {
        "mode",
        "locale",
        "line_items[0].price_data.recurring.interval",
        "subscription_data.proration_behavior",
    }
    assert found["mode"].value == "'subscribe'"
    assert "payment" in found["mode"].message
    assert found["line_items[0].price_data.recurring.interval"].value == "'fortnight'"

    assert "mode" not in out
    assert "locale" not in out
    assert out["line_items"][0]["price_data"]["recurring"] == {"interval_count": 1}
    assert out["line_items"][0]["price_data"]["unit_amount"] == 2000
    assert out["line_items"][1] == {"price": "price_123", "quantity": 2}
    assert out["subscription_data"] == {"trial_period_days": 14, "metadata": {"team": "t1"}}
    assert out["success_url"] == payload["success_url"]
    assert out["metadata"] == {"order_id": "42"}


def test_legacy_ui_mode_values_are_invalid_in_endive() -> None:
    out, invalid = validate_lenient({"ui_mode": "embedded", "return_url": "https://r"})
    assert out == {"return_url": "https://r"}
    assert [p.path for p in invalid] == ["ui_mode"]


def test_wrong_typed_list_element_is_removed_alone() -> None:
    payload = {
        "line_items": [
            {"price": "price_a", "quantity": 1},
            5,
            {"price": "price_c", "quantity": "many"},
            "price_d",
        ],
    }
    out, invalid = validate_lenient(payload)
    assert out == {"line_items": [{"price": "price_a", "quantity": 1}, {"price": "price_c"}]}
    found = _by_path(invalid)
    assert set(found) == {"line_items[1]", "line_items[2].quantity", "line_items[3]"}
    assert found["line_items[1]"].value == "5"
    assert found["line_items[3]"].value == "'price_d'"


def test_bad_enum_element_in_a_scalar_list_removes_that_element() -> None:
    out, invalid = validate_lenient(
        {
            "allowed_payment_method_types": ["card", "carrier_pigeon", "link"],
            "excluded_payment_method_types": ["link", "klarna"],  # link cannot be excluded
            "shipping_address_collection": {"allowed_countries": ["US", "Narnia", "GB"]},
        }
    )
    assert out == {
        "allowed_payment_method_types": ["card", "link"],
        "excluded_payment_method_types": ["klarna"],
        "shipping_address_collection": {"allowed_countries": ["US", "GB"]},
    }
    assert {p.path for p in invalid} == {
        "allowed_payment_method_types[1]",
        "excluded_payment_method_types[0]",
        "shipping_address_collection.allowed_countries[1]",
    }
    assert all(len(p.message) <= 160 for p in invalid)


def test_container_of_wrong_type_is_removed_whole() -> None:
    out, invalid = validate_lenient({"line_items": "price_1", "mode": "payment"})
    assert out == {"mode": "payment"}
    assert invalid == [InvalidParam("line_items", invalid[0].message, "'price_1'")]
    assert "list" in invalid[0].message


def test_union_fields_keep_the_valid_branch_and_remove_the_deepest_bad_value() -> None:
    payload = {
        "custom_text": {
            "shipping_address": "",
            "submit": {"message": "Pay now"},
            "after_submit": {"message": {"not": "a string"}},
            "terms_of_service_acceptance": 5,
        },
        "subscription_data": {
            "invoice_settings": {
                "account_tax_ids": "",
                "custom_fields": [{"name": "PO", "value": 1}],
            }
        },
    }
    out, invalid = validate_lenient(payload)
    assert out["custom_text"] == {
        "shipping_address": "",
        "submit": {"message": "Pay now"},
        "after_submit": {},
    }
    assert out["subscription_data"]["invoice_settings"] == {
        "account_tax_ids": "",
        "custom_fields": [{"name": "PO", "value": "1"}],
    }
    assert {p.path for p in invalid} == {
        "custom_text.after_submit.message",
        "custom_text.terms_of_service_acceptance",
    }


def test_nan_and_garbage_numbers_are_rejected() -> None:
    out, invalid = validate_lenient(
        {
            "expires_at": "tomorrow",
            "line_items": [{"price_data": {"currency": "usd", "unit_amount_decimal": "NaN"}}],
            "subscription_data": {"application_fee_percent": "lots", "trial_period_days": 1.5},
        }
    )
    assert out == {
        "line_items": [{"price_data": {"currency": "usd"}}],
        "subscription_data": {},
    }
    assert {p.path for p in invalid} == {
        "expires_at",
        "line_items[0].price_data.unit_amount_decimal",
        "subscription_data.application_fee_percent",
        "subscription_data.trial_period_days",
    }


def test_many_errors_in_many_elements_all_reported() -> None:
    items = [{"price": f"price_{i}", "quantity": f"q{i}"} for i in range(30)]
    out, invalid = validate_lenient({"line_items": items})
    assert out == {"line_items": [{"price": f"price_{i}"} for i in range(30)]}
    assert [p.path for p in invalid] == [f"line_items[{i}].quantity" for i in range(30)]


def test_value_repr_is_truncated_to_60_chars() -> None:
    _, invalid = validate_lenient({"mode": "x" * 500})
    assert len(invalid) == 1
    assert len(invalid[0].value) == 60
    assert invalid[0].value.startswith("'xxx")
    assert invalid[0].value.endswith("...")


@pytest.mark.parametrize("data", [[1, 2], "mode=payment", None, 42])
def test_non_mapping_top_level(data: Any) -> None:
    out, invalid = validate_lenient(data)
    assert out == {}
    assert len(invalid) == 1
    assert invalid[0].path == ""
    assert invalid[0].message == "expected an object"
    assert invalid[0].value == repr(data)


def test_invalid_param_is_frozen() -> None:
    param = InvalidParam("mode", "bad", "'x'")
    with pytest.raises(dataclasses.FrozenInstanceError):
        param.path = "other"  # type: ignore[misc]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)
_keys = st.sampled_from(
    ["mode", "line_items", "metadata", "subscription_data", "custom_text", "expires_at", "x"]
)
_line_item = st.fixed_dictionaries(
    {},
    optional={
        "price": _json,
        "quantity": _json,
        "price_data": st.fixed_dictionaries(
            {}, optional={"unit_amount": _json, "recurring": _json, "currency": _json}
        ),
        "metadata": _json,
    },
)


@pytest.mark.property
@settings(max_examples=200, deadline=None)
@given(
    top=st.dictionaries(_keys, _json, max_size=5),
    items=st.lists(_line_item | _json, max_size=4),
)
def test_lenient_never_raises_and_its_output_is_valid(top: dict[str, Any], items: Any) -> None:
    top = {**top, "line_items": items}
    out, invalid = validate_lenient(top)
    assert all(p.path for p in invalid)
    again, invalid_again = validate_lenient(out)
    assert invalid_again == []
    assert again == out


# --------------------------------------------------------------------------- spec coverage

# stripe-api.md §1.1 (top-level params of POST /v1/checkout/sessions, endive) + legacy
# payment_method_types.
DOC_TOP_LEVEL = [
    "mode", "line_items", "success_url", "cancel_url", "return_url", "redirect_on_completion",
    "customer", "customer_email", "customer_creation", "customer_update", "customer_account",
    "client_reference_id", "metadata", "allow_promotion_codes", "discounts", "currency",
    "locale", "ui_mode", "expires_at", "billing_address_collection",
    "shipping_address_collection", "shipping_options", "phone_number_collection",
    "tax_id_collection", "automatic_tax", "consent_collection", "custom_fields", "custom_text",
    "submit_type", "payment_intent_data", "setup_intent_data", "subscription_data",
    "saved_payment_method_options", "invoice_creation", "payment_method_collection",
    "allowed_payment_method_types", "excluded_payment_method_types",
    "payment_method_configuration", "payment_method_options", "payment_method_data",
    "optional_items", "adaptive_pricing", "after_expiration", "branding_settings",
    "wallet_options", "permissions", "name_collection", "managed_payments", "origin_context",
    "integration_identifier", "expand", "payment_method_types",
]  # fmt: skip

# stripe-api.md §1.1 nested shapes, §1.2 line_items[], §1.4 subscription_data,
# §1.5 payment_intent_data.
DOC_NESTED = [
    "customer_update.address", "customer_update.name", "customer_update.shipping",
    "discounts[].coupon", "discounts[].promotion_code",
    "shipping_address_collection.allowed_countries",
    "shipping_options[].shipping_rate",
    "shipping_options[].shipping_rate_data.display_name",
    "shipping_options[].shipping_rate_data.type",
    "shipping_options[].shipping_rate_data.fixed_amount.amount",
    "shipping_options[].shipping_rate_data.fixed_amount.currency",
    "shipping_options[].shipping_rate_data.fixed_amount.currency_options",
    "shipping_options[].shipping_rate_data.delivery_estimate",
    "shipping_options[].shipping_rate_data.tax_behavior",
    "shipping_options[].shipping_rate_data.tax_code",
    "shipping_options[].shipping_rate_data.metadata",
    "phone_number_collection.enabled",
    "tax_id_collection.enabled", "tax_id_collection.required",
    "automatic_tax.enabled", "automatic_tax.liability.type", "automatic_tax.liability.account",
    "consent_collection.promotions", "consent_collection.terms_of_service",
    "consent_collection.payment_method_reuse_agreement.position",
    "custom_fields[].key", "custom_fields[].label.type", "custom_fields[].label.custom",
    "custom_fields[].type", "custom_fields[].optional",
    "custom_fields[].dropdown.options[].label", "custom_fields[].dropdown.options[].value",
    "custom_fields[].dropdown.default_value",
    "custom_fields[].numeric.minimum_length", "custom_fields[].numeric.maximum_length",
    "custom_fields[].numeric.default_value",
    "custom_fields[].text.minimum_length", "custom_fields[].text.maximum_length",
    "custom_fields[].text.default_value",
    "custom_text.after_submit.message", "custom_text.shipping_address.message",
    "custom_text.submit.message", "custom_text.terms_of_service_acceptance.message",
    "setup_intent_data.description", "setup_intent_data.metadata",
    "setup_intent_data.on_behalf_of",
    "saved_payment_method_options.allow_redisplay_filters",
    "saved_payment_method_options.payment_method_save",
    "saved_payment_method_options.payment_method_remove",
    "invoice_creation.enabled", "invoice_creation.invoice_data.account_tax_ids",
    "invoice_creation.invoice_data.custom_fields[].name",
    "invoice_creation.invoice_data.custom_fields[].value",
    "invoice_creation.invoice_data.description", "invoice_creation.invoice_data.footer",
    "invoice_creation.invoice_data.issuer.type", "invoice_creation.invoice_data.issuer.account",
    "invoice_creation.invoice_data.metadata",
    "invoice_creation.invoice_data.rendering_options.amount_tax_display",
    "invoice_creation.invoice_data.rendering_options.template",
    "payment_method_data.allow_redisplay",
    "optional_items[].price", "optional_items[].quantity",
    "optional_items[].adjustable_quantity",
    "adaptive_pricing.enabled",
    "after_expiration.recovery.enabled", "after_expiration.recovery.allow_promotion_codes",
    "wallet_options.link.display", "permissions.update_shipping_details",
    "name_collection.business", "name_collection.individual", "managed_payments.enabled",
    # §1.2
    "line_items[].price", "line_items[].price_data.currency", "line_items[].price_data.product",
    "line_items[].price_data.product_data",
    "line_items[].price_data.product_data.name",
    "line_items[].price_data.product_data.description",
    "line_items[].price_data.product_data.images",
    "line_items[].price_data.product_data.metadata",
    "line_items[].price_data.product_data.tax_code",
    "line_items[].price_data.product_data.tax_details.tax_code",
    "line_items[].price_data.product_data.tax_details.performance_location",
    "line_items[].price_data.product_data.unit_label",
    "line_items[].price_data.unit_amount", "line_items[].price_data.unit_amount_decimal",
    "line_items[].price_data.recurring.interval",
    "line_items[].price_data.recurring.interval_count",
    "line_items[].price_data.tax_behavior", "line_items[].quantity",
    "line_items[].adjustable_quantity.enabled", "line_items[].adjustable_quantity.minimum",
    "line_items[].adjustable_quantity.maximum", "line_items[].tax_rates",
    "line_items[].dynamic_tax_rates", "line_items[].metadata",
    # §1.4
    "subscription_data.trial_period_days", "subscription_data.trial_end",
    "subscription_data.trial_settings.end_behavior.missing_payment_method",
    "subscription_data.billing_cycle_anchor",
    "subscription_data.billing_cycle_anchor_config.day_of_month",
    "subscription_data.billing_cycle_anchor_config.month",
    "subscription_data.billing_cycle_anchor_config.hour",
    "subscription_data.billing_cycle_anchor_config.minute",
    "subscription_data.billing_cycle_anchor_config.second",
    "subscription_data.proration_behavior", "subscription_data.default_tax_rates",
    "subscription_data.application_fee_percent", "subscription_data.description",
    "subscription_data.metadata", "subscription_data.on_behalf_of",
    "subscription_data.transfer_data.destination",
    "subscription_data.transfer_data.amount_percent",
    "subscription_data.invoice_settings.account_tax_ids",
    "subscription_data.invoice_settings.custom_fields",
    "subscription_data.invoice_settings.description",
    "subscription_data.invoice_settings.footer", "subscription_data.invoice_settings.issuer",
    "subscription_data.billing_mode.type",
    "subscription_data.billing_mode.flexible.proration_discounts",
    "subscription_data.pending_invoice_item_interval.interval",
    "subscription_data.pending_invoice_item_interval.interval_count",
    # §1.5
    "payment_intent_data.application_fee_amount", "payment_intent_data.capture_method",
    "payment_intent_data.description", "payment_intent_data.metadata",
    "payment_intent_data.on_behalf_of", "payment_intent_data.receipt_email",
    "payment_intent_data.setup_future_usage",
    "payment_intent_data.shipping.address.line1", "payment_intent_data.shipping.address.line2",
    "payment_intent_data.shipping.address.city", "payment_intent_data.shipping.address.state",
    "payment_intent_data.shipping.address.postal_code",
    "payment_intent_data.shipping.address.country", "payment_intent_data.shipping.name",
    "payment_intent_data.shipping.carrier", "payment_intent_data.shipping.phone",
    "payment_intent_data.shipping.tracking_number",
    "payment_intent_data.statement_descriptor",
    "payment_intent_data.statement_descriptor_suffix",
    "payment_intent_data.transfer_data.destination", "payment_intent_data.transfer_data.amount",
    "payment_intent_data.transfer_group",
]  # fmt: skip


def test_every_documented_top_level_param_is_known() -> None:
    assert len(DOC_TOP_LEVEL) == len(set(DOC_TOP_LEVEL))
    missing = sorted(set(DOC_TOP_LEVEL) - PARAM_PATHS)
    assert missing == []


def test_every_documented_nested_param_is_known() -> None:
    missing = sorted(set(DOC_NESTED) - PARAM_PATHS)
    assert missing == []


def test_param_paths_include_containers_and_pattern_style() -> None:
    for path in (
        "line_items",
        "line_items[].price_data",
        "line_items[].price_data.product_data",
        "line_items[].price_data.product_data.name",
        "subscription_data",
        "subscription_data.trial_period_days",
        "shipping_options[].shipping_rate_data.fixed_amount.amount",
        "shipping_options[].shipping_rate_data.fixed_amount.currency_options.*.amount",
        "payment_method_options.card.setup_future_usage",
    ):
        assert path in PARAM_PATHS, path
    assert isinstance(PARAM_PATHS, frozenset)
    assert not any("[0]" in p or p.startswith(".") or p.endswith(".") for p in PARAM_PATHS)


def test_sdk_top_level_params_are_covered() -> None:
    sdk = _sdk_keys(SessionCreateParams)
    assert len(sdk) > 40  # sanity: the SDK introspection works
    assert sorted(sdk - PARAM_PATHS) == []


def test_sdk_line_item_params_are_covered() -> None:
    sdk = _sdk_keys(_sdk_class(SessionCreateParams, "line_items"))
    assert "price_data" in sdk
    ours = {p.removeprefix("line_items[].") for p in PARAM_PATHS if p.startswith("line_items[].")}
    assert sorted(sdk - ours) == []


def test_sdk_subscription_data_params_are_covered() -> None:
    sdk = _sdk_keys(_sdk_class(SessionCreateParams, "subscription_data"))
    assert "trial_period_days" in sdk
    prefix = "subscription_data."
    ours = {p.removeprefix(prefix) for p in PARAM_PATHS if p.startswith(prefix)}
    assert sorted(sdk - ours) == []


def test_sdk_params_are_covered_at_every_depth() -> None:
    sdk: set[str] = set()
    _sdk_paths(SessionCreateParams, "", sdk)
    # payment_method_options: only `card` is modelled; the other methods are opaque objects
    # (their own keys are covered by the top-level check below).
    opaque = {
        p
        for p in sdk
        if p.startswith("payment_method_options.")
        and not p.startswith("payment_method_options.card")
        and p.count(".") > 1
    }
    assert sorted(sdk - opaque - PARAM_PATHS) == []
    # and nothing of ours is misspelled: the only names the SDK lacks are the legacy ones
    assert sorted(PARAM_PATHS - sdk) == ["line_items[].dynamic_tax_rates", "payment_method_types"]
