"""A checkout's price created in Stripe earlier in the same function (X026, a blocker): it is
in no id map, so the Dodo call cannot look it up, and the amount and currency the code charges
are lost; the finding names the creation and the amount and currency it passes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from migrate.findings import Level
from migrate.scan.scan import scan_paths

GO = """package pp

import (
	"github.com/stripe/stripe-go/v74"
	stripeCheckout "github.com/stripe/stripe-go/v74/checkout/session"
	stripePrice "github.com/stripe/stripe-go/v74/price"
	stripeProduct "github.com/stripe/stripe-go/v74/product"
)

func Pay(name string, amount float64, currency string) (string, error) {
	sProduct, err := stripeProduct.New(&stripe.ProductParams{Name: stripe.String(name)})
	if err != nil {
		return "", err
	}
	sPrice, err := stripePrice.New(&stripe.PriceParams{
		Currency:   stripe.String(currency),
		UnitAmount: stripe.Int64(int64(amount * 100)),
		Product:    stripe.String(sProduct.ID),
	})
	if err != nil {
		return "", err
	}
	s, err := stripeCheckout.New(&stripe.CheckoutSessionParams{
		Mode:       stripe.String("payment"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(sPrice.ID), Quantity: stripe.Int64(1)},
		},
		SuccessURL: stripe.String("https://x/ok"),
	})
	if err != nil {
		return "", err
	}
	return s.URL, nil
}
"""

JAVA = """import com.stripe.model.Price;
import com.stripe.model.checkout.Session;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.checkout.SessionCreateParams;

public class Pay {
  public String pay(long total, String currency) throws Exception {
    Price price = Price.create(PriceCreateParams.builder()
        .setUnitAmount(total).setCurrency(currency).setProduct("prod_1").build());
    SessionCreateParams params = SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://x/ok")
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price.getId()).setQuantity(1L).build())
        .build();
    return Session.create(params).getUrl();
  }
}
"""

CSHARP = """using Stripe;
using Stripe.Checkout;
public class Pay {
  public string Run(long total, string currency) {
    var price = new PriceService().Create(new PriceCreateOptions {
      UnitAmount = total, Currency = currency, Product = "prod_1" });
    var options = new SessionCreateOptions {
      Mode = "payment", SuccessUrl = "https://x/ok",
      LineItems = new List<SessionLineItemOptions> {
        new SessionLineItemOptions { Price = price.Id, Quantity = 1 } },
    };
    return new SessionService().Create(options).Url;
  }
}
"""

CASES = {
    "Pay.java": (JAVA, ("price.getId()", "Price.create(...)", "total", "currency")),
    "Pay.cs": (CSHARP, ("price.Id", "PriceService().Create(...)", "total", "currency")),
    "pay.py": (
        "import stripe\n\ndef pay(order):\n"
        "    price = stripe.Price.create(\n"
        "        unit_amount=order.total,\n"
        "        currency=order.currency,\n"
        "        product_data={'name': 'Order'},\n"
        "    )\n"
        "    return stripe.checkout.Session.create(mode='payment',\n"
        "        line_items=[{'price': price.id, 'quantity': 1}],\n"
        "        success_url='https://x/ok')\n",
        ("price.id", "stripe.Price.create(...)", "order.total", "order.currency"),
    ),
    "pay.ts": (
        'import Stripe from "stripe";\nconst stripe = new Stripe("sk");\n'
        "export async function pay(total: number, currency: string) {\n"
        "  const price = await stripe.prices.create({ unit_amount: total, currency,\n"
        "    product_data: { name: 'Order' } });\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment',\n"
        "    line_items: [{ price: price.id, quantity: 1 }], success_url: 'https://x/ok' });\n}\n",
        ("price.id", "stripe.prices.create(...)", "total", None),
    ),
    "pay.go": (
        GO,
        (
            "sPrice.ID",
            "stripePrice.New(...)",
            "stripe.Int64(int64(amount * 100))",
            "stripe.String(currency)",
        ),
    ),
    "pay.php": (
        "<?php\nfunction pay($stripe, $total, $currency) {\n"
        "    $price = $stripe->prices->create(['unit_amount' => $total,\n"
        "        'currency' => $currency, 'product_data' => ['name' => 'Order']]);\n"
        "    return $stripe->checkout->sessions->create(['mode' => 'payment',\n"
        "        'line_items' => [['price' => $price->id, 'quantity' => 1]],\n"
        "        'success_url' => 'https://x/ok']);\n}\n",
        ("$price->id", "$stripe->prices->create(...)", "$total", "$currency"),
    ),
    "pay.rb": (
        "def pay(total, currency)\n"
        "  price = Stripe::Price.create(unit_amount: total, currency: currency,\n"
        "    product_data: { name: 'Order' })\n"
        "  Stripe::Checkout::Session.create(mode: 'payment',\n"
        "    line_items: [{ price: price.id, quantity: 1 }], success_url: 'https://x/ok')\nend\n",
        ("price.id", "Stripe::Price.create(...)", "total", "currency"),
    ),
}


def _creations(tmp_path: Path, name: str, text: str) -> list:
    path = tmp_path / name
    path.write_text(text)
    return [s for s in scan_paths([str(path)]) if s.kind == "create"]


_INLINE_SOURCES = {
    # the amount each case's creation passes, as the Dodo call carries it
    "Pay.java": "total",
    "Pay.cs": "total",
    "pay.py": "order.total",
    "pay.ts": "total",
    "pay.go": "int64(amount * 100)",
    "pay.php": "$total",
    "pay.rb": "total",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_price_created_in_stripe_before_the_checkout_is_read_inline(
    tmp_path: Path, name: str
) -> None:
    """Its params are all an inline price's: the line is read as that price inline (RT042, a
    warning to remove the Stripe creation), its amount carried to the Dodo call's line."""
    text, (source, made, _, _) = CASES[name]
    (site,) = _creations(tmp_path, name, text)
    assert not {f.code for f in site.findings} & {"X026", "X023"}
    found = [f for f in site.findings if f.code == "RT042"]
    assert [(f.path, f.level) for f in found] == [("line_items[0].price_data", Level.WARNING)]
    assert f"({source}, from {made})" in found[0].message
    dynamic = {d.path: d.source for d in site.dynamic}
    assert "line_items[0].price" not in dynamic
    assert dynamic["line_items[0].price_data.unit_amount"] == _INLINE_SOURCES[name]
    assert _INLINE_SOURCES[name] in site.suggestion  # the line's amount, in the Dodo call
    assert site.verdict != "blocked"


def test_a_price_read_or_a_customer_created_is_not_a_price_created(tmp_path: Path) -> None:
    """A price read from Stripe stays X023 (a warning); a customer created stays X020's; an
    inline price whose product is made at run time is carried as an inline price."""
    text = (
        "import stripe\n\ndef pay(plan, user):\n"
        "    prices = stripe.Price.list(lookup_keys=[plan])\n"
        "    customer = stripe.Customer.create(email=user.email)\n"
        "    return stripe.checkout.Session.create(mode='payment', customer=customer.id,\n"
        "        line_items=[{'price': prices.data[0].id, 'quantity': 1}],\n"
        "        success_url='https://x/ok')\n\n"
        "def inline(total):\n"
        "    product = stripe.Product.create(name='Order')\n"
        "    return stripe.checkout.Session.create(mode='payment',\n"
        "        line_items=[{'price_data': {'currency': 'usd', 'unit_amount': total,\n"
        "            'product': product.id}, 'quantity': 1}],\n"
        "        success_url='https://x/ok')\n"
    )
    read, inline = _creations(tmp_path, "pay.py", text)
    assert {f.code for f in read.findings} & {"X023", "X026"} == {"X023"}
    assert not [f for f in inline.findings if f.code == "X026"]


@pytest.mark.parametrize(
    ("text", "creates"),
    [
        ("org.customer_id = stripe.Customer.create(email=e).id", True),
        ("Stripe::Customer.create(email: e)", True),
        ("await stripe.customers.create({ email })", True),
        ("$stripe->customers -> create(['email' => $e])", True),
        ("c, err := customer.New(&stripe.CustomerParams{})", True),
        ("CustomerCreateParams.builder().setEmail(e).build()", True),
        ("var options = new CustomerCreateOptions { Email = e };", True),
        ("stripe.Customer.create_async(email=e)", True),
        ("mycustomer.New(x)", False),  # not the SDK's package
        ("new XCustomerCreateOptions()", False),
        ("CustomerCreateOptionsBuilder()", False),
        ("stripe.Customer.retrieve(cid)", False),
        ("customer.create(x)", False),
    ],
)
def test_a_customer_made_in_each_sdk_spelling_is_found(text: str, creates: bool) -> None:
    # the pattern of X020, one search per spelling (a regex without a literal to start with
    # tried every byte of every file); the same answers as the one regex it replaced
    from migrate.scan.customers import _creates

    before = re.compile(
        r"Customer(?:\.|::)create\w*\s*\(|customers\s*(?:\.|->)\s*create\w*\s*\("
        r"|\bcustomer\.New\s*\(|\bCustomerCreate(?:Params|Options)\b"
    )
    assert _creates(text) is creates
    assert (before.search(text) is not None) is creates
