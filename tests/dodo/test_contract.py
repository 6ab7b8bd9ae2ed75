"""Every Dodo body we emit for the samples fits the official SDK's CheckoutSessionCreateParams,
and every product we list as required fits its ProductCreateParams (less the tax category,
which the catalog plan chooses)."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from dodopayments.types import (
    CheckoutSessionCreateParams,
    country_code,
    currency,
    locale,
    payment_method_types,
)
from dodopayments.types.product_create_params import ProductCreateParams

from migrate.commands import translate_paths
from migrate.mapping.table import load_enums
from migrate.mapping.translate import Options
from migrate.readers.idmap import IdMap
from tests.dodo_contract import REQUEST_TYPES, contract_errors

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
NOW = 1_767_225_600


def _results(id_map: IdMap) -> list:
    return [r for r in translate_paths([str(SAMPLES)], Options(ids=id_map, now=NOW)) if r.dodo]


@pytest.mark.parametrize("with_map", [False, True], ids=["no-id-map", "sample-id-map"])
def test_every_sample_body_fits_the_sdk(with_map: bool) -> None:
    ids = IdMap.load(str(SAMPLES / "id-map.json")) if with_map else IdMap.empty()
    results = _results(ids)
    assert len(results) > 50
    for result in results:
        errors = contract_errors(result.dodo, REQUEST_TYPES[result.kind])
        assert not errors, (result.source.label(), errors)
        if result.fallback is not None:
            assert contract_errors(result.fallback, CheckoutSessionCreateParams) == []
        for req in result.requires:
            if "product" in req:
                product = {**req["product"], "tax_category": "digital_products"}
                errors = contract_errors(product, ProductCreateParams)
                assert not errors, (result.source.label(), errors)


def test_the_checker_rejects_what_the_sdk_rejects() -> None:
    good = {"product_cart": [{"product_id": "pdt_1", "quantity": 1}]}
    assert contract_errors(good, CheckoutSessionCreateParams) == []
    bad = [
        {"product_cart": [{"product_id": "pdt_1", "quantity": 1}], "billing_currency": "usd"},
        {"product_cart": [{"product_id": "pdt_1", "quantity": "1"}]},
        {"product_cart": [{"product_id": "pdt_1", "quantity": 1, "price": 5}]},
        {"product_cart": [{"product_id": "pdt_1", "quantity": 1}], "success_url": "x"},
        {"product_cart": [{"product_id": "pdt_1", "quantity": 1}], "feature_flags": {"nope": True}},
        {
            "product_cart": [{"product_id": "pdt_1", "quantity": 1}],
            "customer": {"name": "no email"},
        },
        {
            "product_cart": [{"product_id": "pdt_1", "quantity": 1}],
            "allowed_payment_method_types": ["card"],
        },
        {"customer": {"email": "a@b.c"}},
    ]
    for body in bad:
        assert contract_errors(body, CheckoutSessionCreateParams), body


def test_shipped_enums_match_the_sdk() -> None:
    enums = load_enums()
    assert enums.currencies == set(typing.get_args(currency.Currency))
    assert enums.countries == set(typing.get_args(country_code.CountryCode))
    assert enums.payment_method_types == set(
        typing.get_args(payment_method_types.PaymentMethodTypes)
    )
    assert enums.languages == set(typing.get_args(locale.Locale))


def test_payment_method_table_targets_are_dodo_methods() -> None:
    from migrate.mapping.table import load_table

    values = load_table()["P021"].values or {}
    targets = {t for ts in values.values() for t in ts}
    assert targets <= load_enums().payment_method_types, targets - load_enums().payment_method_types
