"""A price retrieved from Stripe by a literal id and passed by its ``id`` (``price =
stripe.prices.retrieve("price_1Pro")`` then ``price: price.id``) is that id: the Dodo call looks
its product up from the code, as for ``price: "price_1Pro"``. It was a run-time value (X023, a
Stripe read the Dodo call still needs; L113, a product looked up at run time). A price retrieved
by an id known only at run time still says X023."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

CASES = {
    "python": (
        "pay.py",
        "import stripe\n\ndef buy():\n    price = stripe.Price.retrieve(ID)\n"
        "    return stripe.checkout.Session.create(\n"
        '        mode="subscription",\n'
        '        line_items=[{"price": price.id, "quantity": 1}],\n'
        '        success_url="https://example.com/ok",\n    )\n',
    ),
    "typescript": (
        "pay.ts",
        'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.KEY!);\n'
        "export async function buy() {\n  const price = await stripe.prices.retrieve(ID);\n"
        "  return stripe.checkout.sessions.create({\n"
        '    mode: "subscription",\n    line_items: [{ price: price.id, quantity: 1 }],\n'
        '    success_url: "https://example.com/ok",\n  });\n}\n',
    ),
    "php": (
        "pay.php",
        "<?php\nfunction buy() {\n    $price = \\Stripe\\Price::retrieve(ID);\n"
        "    return \\Stripe\\Checkout\\Session::create([\n"
        "        'mode' => 'subscription',\n"
        "        'line_items' => [['price' => $price->id, 'quantity' => 1]],\n"
        "        'success_url' => 'https://example.com/ok',\n    ]);\n}\n",
    ),
    "ruby": (
        "pay.rb",
        "def buy\n  price = Stripe::Price.retrieve(ID)\n  Stripe::Checkout::Session.create(\n"
        '    mode: "subscription",\n    line_items: [{ price: price.id, quantity: 1 }],\n'
        '    success_url: "https://example.com/ok"\n  )\nend\n',
    ),
    "go": (
        "pay.go",
        'package pay\n\nimport (\n\t"github.com/stripe/stripe-go/v76"\n'
        '\t"github.com/stripe/stripe-go/v76/checkout/session"\n'
        '\t"github.com/stripe/stripe-go/v76/price"\n)\n\n'
        "func Buy() (*stripe.CheckoutSession, error) {\n"
        "\tp, err := price.Get(ID, nil)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n"
        "\treturn session.New(&stripe.CheckoutSessionParams{\n"
        '\t\tMode:       stripe.String("subscription"),\n'
        '\t\tSuccessURL: stripe.String("https://example.com/ok"),\n'
        "\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{\n"
        "\t\t\t{Price: stripe.String(p.ID), Quantity: stripe.Int64(1)},\n\t\t},\n\t})\n}\n",
    ),
}


def one(language: str, given: str) -> CallSite:
    name, code = CASES[language]
    source = code.replace("ID", given, 1)
    (site,) = [s for s in scan_source(source, name, BY_NAME[language]) if s.kind == "create"]
    return site


@pytest.mark.parametrize("language", sorted(CASES))
def test_a_price_retrieved_by_a_literal_id_is_that_id(language: str) -> None:
    quote = "'" if language == "php" else '"'
    site = one(language, f"{quote}price_1Pro{quote}")
    codes = {f.code for f in site.findings}
    assert not {"X023", "L113"} & codes
    assert site.params["line_items"][0]["price"] == "price_1Pro"
    assert site.translation is not None
    (line,) = site.translation.dodo["product_cart"]
    assert line["product_id"].startswith("s2d_pdt_") and line["quantity"] == 1
    assert "price_1Pro is not mapped" in " ".join(f.message for f in site.findings)


@pytest.mark.parametrize("language", sorted(CASES))
def test_a_price_retrieved_by_a_run_time_id_is_still_a_stripe_read(language: str) -> None:
    variable = {"php": "$priceId", "go": "priceID"}.get(language, "price_id")
    site = one(language, variable)
    assert "X023" in {f.code for f in site.findings}
