# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""Whole-number arithmetic on numbers the code gives (``fee := 2500 * 100``, ``25L * 100``,
Go's ``int64(fee)``) is the number it computes, in Go, Java, C#, PHP and Ruby as in Python and
JS/TS (``migrate/scan/arith.py``): read as run-time, a fixed price became a pay-what-you-want
line accepting any amount from 0 (zyra's ``2500 * 100`` rupees)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths

SOURCES = {
    "pay.go": """package shop

import (
\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

func BuyBadge() (*stripe.CheckoutSession, error) {
\tfee := 2500 * 100
\tparams := &stripe.CheckoutSessionParams{
\t\tMode: stripe.String("payment"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{{
\t\t\tPriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
\t\t\t\tCurrency:    stripe.String("inr"),
\t\t\t\tProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{Name: stripe.String("Badge")},
\t\t\t\tUnitAmount:  stripe.Int64(int64(fee)),
\t\t\t},
\t\t\tQuantity: stripe.Int64(1),
\t\t}},
\t\tSuccessURL: stripe.String("https://example.com/ok"),
\t}
\treturn session.New(params)
}
""",
    "Pay.java": """import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

class Pay {
  Session start() throws Exception {
    long fee = 25L * 100;
    SessionCreateParams p = SessionCreateParams.builder()
      .setMode(SessionCreateParams.Mode.PAYMENT)
      .setSuccessUrl("https://example.com/ok")
      .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L)
        .setPriceData(SessionCreateParams.LineItem.PriceData.builder().setCurrency("usd")
          .setUnitAmount(fee)
          .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
            .setName("Badge").build()).build()).build())
      .build();
    return Session.create(p);
  }
}
""",
    "Pay.cs": """using Stripe.Checkout;

public class Pay
{
    public async Task<string> Start()
    {
        var fee = 25 * 100;
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            SuccessUrl = "https://example.com/ok",
            LineItems = new List<SessionLineItemOptions> {
                new SessionLineItemOptions {
                    PriceData = new SessionLineItemPriceDataOptions { Currency = "usd",
                        UnitAmount = fee,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Badge" } },
                    Quantity = 1 } },
        };
        return (await new SessionService().CreateAsync(options)).Url;
    }
}
""",
    "pay.php": """<?php
function buy() {
    $fee = 25 * 100;
    return \\Stripe\\Checkout\\Session::create(['mode' => 'payment', 'success_url' => 'https://x/ok',
        'line_items' => [['price_data' => ['currency' => 'usd', 'unit_amount' => $fee,
            'product_data' => ['name' => 'Badge']], 'quantity' => 1]]]);
}
""",
    "pay.rb": """def buy
  fee = 25 * 100
  Stripe::Checkout::Session.create(mode: "payment", success_url: "https://x/ok",
    line_items: [{ price_data: { currency: "usd", unit_amount: fee,
      product_data: { name: "Badge" } }, quantity: 1 }])
end
""",
}
EXPECTED = {"pay.go": 250000}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_a_fixed_amount_written_as_arithmetic_is_that_amount(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(SOURCES[name])
    (site,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    line = site.params["line_items"][0]
    assert line["price_data"]["unit_amount"] == EXPECTED.get(name, 2500)
    assert not site.dynamic
    assert "L112" not in {f.code for f in site.findings}  # no pay-what-you-want product


@pytest.mark.parametrize(
    ("old", "new"), [("25 * 100", "7 / 2"), ("25 * 100", "25.5 * 100"), ("25 * 100", "25 * n")]
)
def test_arithmetic_that_is_not_a_whole_known_number_stays_run_time(
    tmp_path: Path, old: str, new: str
) -> None:
    (tmp_path / "pay.php").write_text(SOURCES["pay.php"].replace(old, new))
    (site,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    assert [d.path for d in site.dynamic] == ["line_items[0].price_data.unit_amount"]
