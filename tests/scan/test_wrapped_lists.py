"""A wrapper that takes "one line item or many" and makes a list of it (ActiveSupport's
``Array.wrap(line_items)``, Laravel's ``Arr::wrap($items)``, lodash's ``_.castArray(items)``)
gives each caller's literal its cart: one literal item is a list of one, a literal list is
itself. It was read as a run-time list at every call: a false RT015 blocker for an inline
price, whose known amount was dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths
from migrate.scan.site import CallSite

WRAPPED = {
    "shop.rb": (
        "class Shop\n"
        "  def open_checkout(line_items:, email:)\n"
        "    Stripe::Checkout::Session.create(mode: 'payment', customer_email: email,\n"
        "      line_items: Array.wrap(line_items), success_url: 'https://x.test/ok')\n"
        "  end\n\n"
        "  def buy_gift(amount, email)\n"
        "    open_checkout(line_items: { price_data: { currency: 'usd',\n"
        "      product_data: { name: 'Gift' }, unit_amount: amount }, quantity: 1 },\n"
        "      email: email)\n"
        "  end\n\n"
        "  def buy_plans(email)\n"
        "    open_checkout(line_items: [{ price: 'price_A', quantity: 1 },\n"
        "      { price: 'price_B', quantity: 2 }], email: email)\n"
        "  end\nend\n"
    ),
    "shop.php": (
        "<?php\nuse Illuminate\\Support\\Arr;\n\nclass Shop {\n"
        "    public function openCheckout($lineItems, $email) {\n"
        "        return \\Stripe\\Checkout\\Session::create(['mode' => 'payment',\n"
        "            'customer_email' => $email, 'line_items' => Arr::wrap($lineItems),\n"
        "            'success_url' => 'https://x.test/ok']);\n    }\n\n"
        "    public function buyGift($amount, $email) {\n"
        "        return $this->openCheckout(['price_data' => ['currency' => 'usd',\n"
        "            'product_data' => ['name' => 'Gift'], 'unit_amount' => $amount],\n"
        "            'quantity' => 1], $email);\n    }\n\n"
        "    public function buyPlans($email) {\n"
        "        return $this->openCheckout([['price' => 'price_A', 'quantity' => 1],\n"
        "            ['price' => 'price_B', 'quantity' => 2]], $email);\n    }\n}\n"
    ),
    "shop.js": (
        'const _ = require("lodash");\n'
        'const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);\n\n'
        "async function openCheckout(lineItems, email) {\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment', customer_email: email,\n"
        "    line_items: _.castArray(lineItems), success_url: 'https://x.test/ok' });\n}\n\n"
        "async function buyGift(amount, email) {\n"
        "  return openCheckout({ price_data: { currency: 'usd', product_data: { name: 'Gift' },\n"
        "    unit_amount: amount }, quantity: 1 }, email);\n}\n\n"
        "async function buyPlans(email) {\n"
        "  return openCheckout([{ price: 'price_A', quantity: 1 },\n"
        "    { price: 'price_B', quantity: 2 }], email);\n}\n"
        "module.exports = { buyGift, buyPlans };\n"
    ),
}


def _callers(tmp_path: Path, name: str) -> list[CallSite]:
    path = tmp_path / name
    path.write_text(WRAPPED[name])
    return sorted((s for s in scan_paths([str(path)]) if s.via), key=lambda s: s.line)


@pytest.mark.parametrize("name", sorted(WRAPPED))
def test_one_literal_item_is_a_cart_of_one(tmp_path: Path, name: str) -> None:
    gift, _ = _callers(tmp_path, name)
    codes = {f.code: f.path for f in gift.findings}
    assert "RT015" not in codes and "RT003" not in codes
    assert codes["L112"] == "line_items[0].price_data"  # the amount is carried, PWYW
    assert gift.translation is not None
    (line,) = gift.translation.dodo["product_cart"]
    assert line["quantity"] == 1 and "amount" in line
    assert gift.verdict != "blocked"


@pytest.mark.parametrize("name", sorted(WRAPPED))
def test_a_literal_list_is_the_cart(tmp_path: Path, name: str) -> None:
    _, plans = _callers(tmp_path, name)
    assert plans.translation is not None
    cart = plans.translation.dodo["product_cart"]
    assert [line["quantity"] for line in cart] == [1, 2]
    assert {f.code for f in plans.findings}.isdisjoint({"RT015", "RT003"})
