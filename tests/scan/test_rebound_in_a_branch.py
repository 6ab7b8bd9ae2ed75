# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A value set again from itself under a condition (``if not cents: amount = int(amount *
100)``) was written at the call as the expression (``int(amount * 100) if not cents else
amount``), which there reads the value the statement already made: the buyer was charged 100x
(Python, TypeScript, Go, Java alike). The name holds its value at the call, and is written so.
Go and Java (one reader) also gave a parameter set in one branch only nothing on the other
(``if bulk { quantity = 100 }``: ``100`` or nil); it is the caller's argument there."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY = """\
import stripe


def pay(amount, cents):
    if not cents:
        amount = int(amount * 100)
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price_data": {"currency": "usd", "unit_amount": amount,
                                    "product_data": {"name": "Gift"}}, "quantity": 1}],
        success_url="https://shop.example/ok",
    )
"""

TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
export async function pay(amount: number, cents: boolean) {
  if (!cents) {
    amount = Math.round(amount * 100);
  }
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price_data: { currency: "usd", unit_amount: amount, product_data: { name: "Gift" } }, quantity: 1 }],
    success_url: "https://shop.example/ok",
  });
}
"""

GO = """\
package pay

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func Pay(amount int64, cents bool, quantity int64, bulk bool) (*stripe.CheckoutSession, error) {
	if !cents {
		amount = amount * 100
	}
	if bulk {
		quantity = 100
	}
	return session.New(&stripe.CheckoutSessionParams{
		Mode:       stripe.String("payment"),
		SuccessURL: stripe.String("https://shop.example/ok"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{{
			PriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
				Currency:    stripe.String("usd"),
				UnitAmount:  stripe.Int64(amount),
				ProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{Name: stripe.String("Gift")},
			},
			Quantity: stripe.Int64(quantity),
		}},
	})
}
"""

JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Pay {
    public Session pay(long amount, boolean cents) throws Exception {
        if (!cents) {
            amount = amount * 100;
        }
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok")
            .addLineItem(SessionCreateParams.LineItem.builder()
                .setQuantity(1L)
                .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                    .setCurrency("usd")
                    .setUnitAmount(amount)
                    .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                        .setName("Gift").build())
                    .build())
                .build())
            .build();
        return Session.create(params);
    }
}
"""


def one(code: str, name: str, language: str) -> CallSite:
    sites = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    assert len(sites) == 1, sites
    return sites[0]


@pytest.mark.parametrize(
    ("code", "name", "language", "carried"),
    [
        (PY, "pay.py", "python", '"amount": amount,'),
        (TS, "pay.ts", "typescript", "amount: amount,"),
        (GO, "pay.go", "go", '["amount"] = amount\n'),
        (JAVA, "Pay.java", "java", "amount"),
    ],
)
def test_the_amount_is_the_variable_at_the_call(
    code: str, name: str, language: str, carried: str
) -> None:
    site = one(code, name, language)
    assert "* 100" not in site.suggestion, site.suggestion
    assert carried in site.suggestion


def test_a_go_parameter_set_in_one_branch_is_the_callers_argument_on_the_other() -> None:
    site = one(GO, "pay.go", "go")
    assert "\tif bulk {\n\t\treturn 100\n\t}\n\treturn quantity\n" in site.suggestion
