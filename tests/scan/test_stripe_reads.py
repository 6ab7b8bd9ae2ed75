"""A checkout's price or customer read from the Stripe API in the same function (X023): the
Dodo call carries it through the id map, so it still needs the Stripe call; the scan says the
read must go and what to use instead (the id map, a lookup key's Dodo product kept in the code,
the Dodo customer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.findings import Level
from migrate.scan.scan import scan_paths

LOOKUP_TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
export async function upgrade(plan: string, period: string, email: string) {
  const prices = await stripe.prices.list({ lookup_keys: [`${plan}_${period}`] });
  return stripe.checkout.sessions.create({
    mode: "subscription",
    customer_email: email,
    line_items: [{ price: prices.data[0].id, quantity: 1 }],
    success_url: "https://app.example.com/upgraded",
  });
}

export async function plain(priceId: string) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://app.example.com/upgraded",
  });
}
"""


def _creations(tmp_path: Path, name: str, text: str) -> list:
    path = tmp_path / name
    path.write_text(text)
    return [s for s in scan_paths([str(path)]) if s.kind == "create"]


def _reads(site) -> dict[str, Level]:
    return {f.path: f.level for f in site.findings if f.code == "X023"}


def test_a_price_from_a_lookup_key_read_in_stripe_is_said(tmp_path: Path) -> None:
    upgrade, plain = _creations(tmp_path, "upgrade.ts", LOOKUP_TS)
    assert _reads(upgrade) == {"line_items[0].price": Level.WARNING}
    (found,) = [f for f in upgrade.findings if f.code == "X023"]
    assert "(prices.data[0].id, from stripe.prices.list(...))" in found.message
    assert "lookup key" in found.suggestion and "metadata.stripe_lookup_key" in found.suggestion
    assert "dodoProductId(prices.data[0].id)" in upgrade.suggestion  # still carried
    assert _reads(plain) == {}


CASES = {
    "pay.py": (
        "import stripe\n\ndef up(plan, email):\n"
        "    prices = stripe.Price.list(lookup_keys=[plan])\n"
        "    customers = stripe.Customer.list(email=email)\n"
        "    return stripe.checkout.Session.create(mode='subscription',\n"
        "        customer=customers.data[0].id,\n"
        "        line_items=[{'price': prices.data[0].id, 'quantity': 1}],\n"
        "        success_url='https://x/ok')\n",
        {"customer", "line_items[0].price"},
    ),
    "pay.rb": (
        "def up(plan)\n  price = Stripe::Price.retrieve(plan)\n"
        "  Stripe::Checkout::Session.create(mode: 'subscription',\n"
        "    line_items: [{ price: price.id, quantity: 1 }], success_url: 'https://x/ok')\nend\n",
        {"line_items[0].price"},
    ),
    "pay.php": (
        "<?php\nfunction up($stripe, $plan) {\n"
        "    $prices = $stripe->prices->all(['lookup_keys' => [$plan]]);\n"
        "    $price = $prices->data[0];\n"
        "    return $stripe->checkout->sessions->create(['mode' => 'subscription',\n"
        "        'line_items' => [['price' => $price->id, 'quantity' => 1]],\n"
        "        'success_url' => 'https://x/ok']);\n}\n",
        {"line_items[0].price"},
    ),
    "pay.go": (
        'package main\n\nimport (\n\t"github.com/stripe/stripe-go/v76"\n'
        '\t"github.com/stripe/stripe-go/v76/checkout/session"\n'
        '\t"github.com/stripe/stripe-go/v76/price"\n)\n\n'
        "func up(key string) (*stripe.CheckoutSession, error) {\n"
        "\tp, _ := price.Get(key, nil)\n"
        '\tparams := &stripe.CheckoutSessionParams{Mode: stripe.String("subscription"),\n'
        '\t\tSuccessURL: stripe.String("https://x.example/ok"),\n'
        "\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{\n"
        "\t\t\t{Price: stripe.String(p.ID), Quantity: stripe.Int64(1)}}}\n"
        "\treturn session.New(params)\n}\n",
        {"line_items[0].price"},
    ),
    "Pay.java": (
        "import com.stripe.model.Price;\nimport com.stripe.model.checkout.Session;\n"
        "import com.stripe.param.checkout.SessionCreateParams;\n"
        "class A {\n  Session pay(String key) throws Exception {\n"
        "    Price price = Price.retrieve(key);\n"
        "    SessionCreateParams params = SessionCreateParams.builder()\n"
        "        .setMode(SessionCreateParams.Mode.SUBSCRIPTION)\n"
        '        .setSuccessUrl("https://x.example/ok")\n'
        "        .addLineItem(SessionCreateParams.LineItem.builder()\n"
        "            .setPrice(price.getId()).setQuantity(1L).build()).build();\n"
        "    return Session.create(params);\n  }\n}\n",
        {"line_items[0].price"},
    ),
    "Pay.cs": (
        "using Stripe;\nusing Stripe.Checkout;\nclass B {\n"
        "  async Task<Session> Pay(string key) {\n"
        "    var priceService = new PriceService();\n"
        "    var prices = await priceService.ListAsync(new PriceListOptions {\n"
        "      LookupKeys = new List<string> { key } });\n"
        '    var options = new SessionCreateOptions { Mode = "subscription",\n'
        '      SuccessUrl = "https://x.example/ok",\n'
        "      LineItems = new List<SessionLineItemOptions> {\n"
        "        new SessionLineItemOptions { Price = prices.Data[0].Id, Quantity = 1 } } };\n"
        "    return await new SessionService().CreateAsync(options);\n  }\n}\n",
        {"line_items[0].price"},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_value_read_from_stripe_is_said_in_every_language(tmp_path: Path, name: str) -> None:
    text, paths = CASES[name]
    (site,) = _creations(tmp_path, name, text)
    assert set(_reads(site)) == paths


def test_a_getter_or_an_app_lookup_is_not_a_stripe_read(tmp_path: Path) -> None:
    # a Java getter on a model the caller passes, and the app's own price lookup
    java = (
        CASES["Pay.java"][0]
        .replace("    Price price = Price.retrieve(key);\n", "")
        .replace("Session pay(String key)", "Session pay(Price price)")
    )
    (site,) = _creations(tmp_path, "Pay.java", java)
    assert _reads(site) == {}
    py = (
        CASES["pay.py"][0]
        .replace("stripe.Price.list(", "db.prices.list(")
        .replace("stripe.Customer.list(", "User.find(")
    )
    (site,) = _creations(tmp_path, "pay.py", py)
    assert _reads(site) == {}
