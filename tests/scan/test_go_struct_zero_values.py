"""A Go wrapper taking a struct of its own package (``func CreateCheckout(req Request)``):

* the parameter is the caller's, though its type is named ``Request``: in Go a framework's
  request is always written with its package (``*http.Request``), so the function is a
  wrapper and its callers are creation sites;
* a field the caller's struct literal leaves out holds its type's zero value there (``0``,
  ``""``, ``false``), not "unset": ``if req.Quantity > 0 { qty = req.Quantity }`` at a caller
  giving no quantity sells one, and ``if req.TrialDays > 0`` adds no trial (it was read as a
  quantity of None, a blocker, and the cart as unknown).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from migrate.scan.scan import ScanStats, scan_paths

WRAPPER = """\
    package svc

    import (
    \t"github.com/stripe/stripe-go/v76"
    \t"github.com/stripe/stripe-go/v76/checkout/session"
    )

    type Request struct {
    \tCustomerID string
    \tPriceID    string
    \tQuantity   int64
    \tTrialDays  int
    \tCoupon     string
    }

    func CreateCheckout(req Request) (string, error) {
    \tqty := int64(1)
    \tif req.Quantity > 0 {
    \t\tqty = req.Quantity
    \t}
    \tparams := &stripe.CheckoutSessionParams{
    \t\tCustomer:   stripe.String(req.CustomerID),
    \t\tMode:       stripe.String("subscription"),
    \t\tSuccessURL: stripe.String("https://example.com/ok"),
    \t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
    \t\t\t{Price: stripe.String(req.PriceID), Quantity: stripe.Int64(qty)},
    \t\t},
    \t}
    \tif req.TrialDays > 0 {
    \t\tparams.SubscriptionData = &stripe.CheckoutSessionSubscriptionDataParams{
    \t\t\tTrialPeriodDays: stripe.Int64(int64(req.TrialDays)),
    \t\t}
    \t}
    \tif req.Coupon != "" {
    \t\tparams.Discounts = []*stripe.CheckoutSessionDiscountParams{
    \t\t\t{Coupon: stripe.String(req.Coupon)},
    \t\t}
    \t}
    \ts, err := session.New(params)
    \tif err != nil {
    \t\treturn "", err
    \t}
    \treturn s.URL, nil
    }
    """


@pytest.fixture(autouse=True)
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("STRIPE2DODO_CACHE_DIR", str(folder))
    return folder


def _via(tmp_path: Path, caller: str, wrapper: str = WRAPPER) -> dict[str, Any]:
    files = {
        "go.mod": "module example.com/shop\n\ngo 1.22\n",
        "svc/svc.go": wrapper,
        "api/api.go": 'package api\n\nimport "example.com/shop/svc"\n\n' + textwrap.dedent(caller),
    }
    for name, text in files.items():
        path = tmp_path / "src" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    stats = ScanStats()
    sites = [s for s in scan_paths([str(tmp_path / "src")], stats=stats) if s.kind == "create"]
    assert stats.problems == []
    (site,) = [s.as_dict() for s in sites if s.via]
    return site


def test_fields_the_caller_leaves_out_hold_their_zero_values(tmp_path: Path) -> None:
    site = _via(
        tmp_path,
        """\
        func Buy(customer string, price string) (string, error) {
        \treq := svc.Request{CustomerID: customer, PriceID: price}
        \treturn svc.CreateCheckout(req)
        }
        """,
    )
    assert site["file"].endswith("api/api.go")
    assert site["params"].pop("discounts", []) == []  # the coupon's branch not taken
    assert site["params"] == {
        "customer": {"$dynamic": "customer"},
        "mode": "subscription",
        "success_url": "https://example.com/ok",
        "line_items": [{"price": {"$dynamic": "price"}, "quantity": 1}],
    }
    codes = [f["code"] for f in site["findings"]]
    assert "L109" not in codes and "RT007" not in codes
    assert "dodoids.ProductID(price)" in site["suggestion"]
    assert "TrialDays" not in site["suggestion"] and "trial_period_days" not in site["suggestion"]
    assert "discount_codes" not in site["suggestion"] and "Coupon" not in site["suggestion"]


def test_fields_the_caller_sets_are_its_values(tmp_path: Path) -> None:
    site = _via(
        tmp_path,
        """\
        func Buy(customer string, seats int64) (string, error) {
        \treturn svc.CreateCheckout(svc.Request{
        \t\tCustomerID: customer, PriceID: "price_team",
        \t\tQuantity: 3, TrialDays: 14, Coupon: "LAUNCH",
        \t})
        }
        """,
    )
    params = site["params"]
    assert params["line_items"] == [{"price": "price_team", "quantity": 3}]
    assert params["subscription_data"] == {"trial_period_days": {"$dynamic": "int64(14)"}}
    assert params["discounts"] == [{"coupon": "LAUNCH"}]


def test_a_run_time_field_stays_a_choice(tmp_path: Path) -> None:
    site = _via(
        tmp_path,
        """\
        func Buy(customer string, seats int64) (string, error) {
        \treq := svc.Request{CustomerID: customer, PriceID: "price_team", Quantity: seats}
        \treturn svc.CreateCheckout(req)
        }
        """,
    )
    (line,) = site["params"]["line_items"]
    assert line["price"] == "price_team"
    quantity = line["quantity"]
    assert quantity["$dynamic"] == "qty"
    assert quantity["$choice"]["then"] == {"$dynamic": "seats"}
    assert quantity["$choice"]["else"] == 1
    assert "seats > 0" in quantity["$choice"]["if"]


def test_a_field_set_in_one_branch_holds_its_zero_value_in_the_others(tmp_path: Path) -> None:
    site = _via(
        tmp_path,
        """\
        func Buy(customer string, price string, seats int64, perSeat bool) (string, error) {
        \tr := svc.Request{CustomerID: customer, PriceID: price}
        \tif perSeat {
        \t\tr.Quantity = seats
        \t}
        \treturn svc.CreateCheckout(r)
        }
        """,
    )
    (line,) = site["params"]["line_items"]
    assert line["price"] == {"$dynamic": "price"}
    # where the wrapper's `req.Quantity > 0` holds, the caller set it: seats, else one
    assert line["quantity"]["$choice"] == {
        "if": "r.Quantity > 0",
        "then": {"$dynamic": "seats"},
        "else": 1,
    }
    codes = [f["code"] for f in site["findings"]]
    assert "L109" not in codes and "RT007" not in codes
    assert "dodoids.ProductID(price)" in site["suggestion"]
    assert "if r.Quantity > 0 {\n\t\treturn seats\n\t}\n\treturn 1" in site["suggestion"]


LOOP_WRAPPER = """\
    package svc

    import (
    \t"github.com/stripe/stripe-go/v76"
    \t"github.com/stripe/stripe-go/v76/checkout/session"
    )

    type Line struct {
    \tPriceID  string
    \tQuantity int64
    }

    type Order struct {
    \tLines []Line
    }

    func Checkout(order Order) (string, error) {
    \tvar lineItems []*stripe.CheckoutSessionLineItemParams
    \tfor _, line := range order.Lines {
    \t\tif line.Quantity > 0 {
    \t\t\tlineItems = append(lineItems, &stripe.CheckoutSessionLineItemParams{
    \t\t\t\tPrice:    stripe.String(line.PriceID),
    \t\t\t\tQuantity: stripe.Int64(line.Quantity),
    \t\t\t})
    \t\t}
    \t}
    \ts, err := session.New(&stripe.CheckoutSessionParams{
    \t\tMode:       stripe.String("payment"),
    \t\tSuccessURL: stripe.String("https://example.com/ok"),
    \t\tLineItems:  lineItems,
    \t})
    \tif err != nil {
    \t\treturn "", err
    \t}
    \treturn s.URL, nil
    }
    """


def test_a_wrapper_loop_filter_reads_the_loop_element_at_the_caller(tmp_path: Path) -> None:
    site = _via(
        tmp_path,
        """\
        func Pay(lines []svc.Line) (string, error) {
        \treturn svc.Checkout(svc.Order{Lines: lines})
        }
        """,
        LOOP_WRAPPER,
    )
    suggestion = site["suggestion"]
    assert "for _, line := range lines {" in suggestion
    assert "if !(line.Quantity > 0) {\n\t\t\tcontinue" in suggestion  # the loop's own element
    assert "TODO_line" not in suggestion
    assert '"product_id": dodoids.ProductID(line.PriceID)' in suggestion
