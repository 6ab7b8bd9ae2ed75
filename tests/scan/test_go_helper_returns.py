"""Go helpers and multi-value calls read the way the program runs them: a helper with returns
that differ has no one value (the last return was read: every plan paid the basic price), an
error path's zero value is no value (a price lookup's ``""``), ``a, b := f()`` gives ``b`` no
first result, and ``&billingID`` is ``billingID`` as ``stripe.String(billingID)`` is
(``migrate/scan/go_returns.py``)."""

from __future__ import annotations

from typing import Any

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

HEAD = """\
package billing

import (
\t"fmt"

\t"github.com/stripe/stripe-go/v82"
\t"github.com/stripe/stripe-go/v82/checkout/session"
)

"""
HELPERS = """\
func priceFor(plan string) string {
\tif plan == "pro" {
\t\treturn "price_pro"
\t}
\treturn "price_basic"
}

func lookup(key string) (string, error) {
\tif key == "gold" {
\t\treturn "price_gold", nil
\t}
\treturn "", fmt.Errorf("no price for %q", key)
}

func fetch(key string, cache map[string]string) (string, error) {
\tif v, ok := cache[key]; ok {
\t\treturn v, nil
\t}
\tid, err := remote(key)
\treturn id, err
}

func remote(key string) (string, error) { return key, nil }

func planAndPrice() (string, string) { return "pro", "price_pro" }

"""


def _site(body: str) -> CallSite:
    code = HEAD + HELPERS + body
    (site,) = [s for s in scan_source(code, "x.go", BY_NAME["go"]) if s.kind == "create"]
    assert site.suggestion is not None
    return site


def _create(prices: str, before: str = "", params: str = "") -> str:
    return f"""\
func Buy(plan string, billingID string, cache map[string]string) (*stripe.CheckoutSession, error) {{
{before}\treturn session.New(&stripe.CheckoutSessionParams{{
\t\tMode: stripe.String("payment"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{{
{prices}\t\t}},
\t\tSuccessURL: stripe.String("https://example.com/ok"),
{params}\t}})
}}
"""


def _prices(site: CallSite) -> list[Any]:
    return [item["price"] for item in site.params["line_items"]]


def test_a_helper_whose_returns_differ_has_no_one_value() -> None:
    site = _site(
        _create("\t\t\t{Price: stripe.String(priceFor(plan)), Quantity: stripe.Int64(1)},\n")
    )
    assert _prices(site) == [{"$dynamic": "priceFor(plan)"}]
    assert "dodoids.ProductID(priceFor(plan))" in (site.suggestion or "")


def test_an_error_path_zero_value_is_no_value_of_the_helper() -> None:
    before = "\tprice, err := lookup(plan)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n"
    site = _site(_create("\t\t\t{Price: &price, Quantity: stripe.Int64(1)},\n", before))
    assert _prices(site) == ["price_gold"]  # the one return that succeeds


def test_a_call_of_several_results_is_its_first_name_at_run_time() -> None:
    before = "\tprice, err := fetch(plan, cache)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n"
    site = _site(_create("\t\t\t{Price: &price, Quantity: stripe.Int64(1)},\n", before))
    assert _prices(site) == [{"$dynamic": "price"}]  # v or id: only run time tells
    assert "dodoids.ProductID(price)" in (site.suggestion or "")
    assert "fetch(" not in (site.suggestion or "")  # not run again, not two values in one


def test_the_second_name_of_a_multi_value_call_is_not_its_first_result() -> None:
    before = "\t_, price := planAndPrice()\n"
    site = _site(
        _create("\t\t\t{Price: stripe.String(price), Quantity: stripe.Int64(1)},\n", before)
    )
    assert _prices(site) == [{"$dynamic": "price"}]  # was "pro", the first result


def test_an_address_of_a_name_is_its_value() -> None:
    site = _site(
        _create(
            '\t\t\t{Price: stripe.String("price_1"), Quantity: stripe.Int64(1)},\n',
            params="\t\tCustomer: &billingID,\n",
        )
    )
    assert site.params["customer"] == {"$dynamic": "billingID"}
    assert "dodoids.CustomerID(billingID)" in (site.suggestion or "")


def test_a_params_builder_whose_error_return_comes_last_gives_its_params() -> None:
    builder = """\
func build(price string, qty int64) (*stripe.CheckoutSessionParams, error) {
\tif qty > 0 {
\t\tp := &stripe.CheckoutSessionParams{
\t\t\tMode: stripe.String("payment"),
\t\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t\t{Price: stripe.String(price), Quantity: stripe.Int64(qty)},
\t\t\t},
\t\t\tSuccessURL: stripe.String("https://example.com/ok"),
\t\t}
\t\treturn p, nil
\t}
\treturn nil, fmt.Errorf("no quantity")
}

func Team() (*stripe.CheckoutSession, error) {
\tparams, err := build("price_team", 3)
\tif err != nil {
\t\treturn nil, err
\t}
\treturn session.New(params)
}
"""
    site = _site(builder)
    assert site.params == {
        "mode": "payment",
        "line_items": [{"price": "price_team", "quantity": 3}],
        "success_url": "https://example.com/ok",
    }
