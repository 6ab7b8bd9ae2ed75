"""A product created just before the checkout with its price (``default_price_data``), then
sold by its ``default_price``, is read as the line's inline price (RT042), as a price created
so already is (tests/scan/test_made_prices_inline.py).

Seen in a Next.js phone-case shop: ``stripe.products.create({name, default_price_data:
{currency: 'USD', unit_amount: price}})`` then ``line_items: [{price: product.default_price as
string, quantity: 1}]``. X026 said the amount and currency were lost, yet the suggestion and
``--fix`` looked the minted price up in the id map (``dodoProductId(product.default_price)``),
which can never hold it: every checkout failed. Now the line is the pay-what-you-want product
of its currency with the computed ``amount``."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import CallSite
from tests.scan.sdk_checks import CUT, tsc_problems
from tests.scan.trees import creates, write_tree

TYPESCRIPT = """\
import Stripe from "stripe";
const stripe = new Stripe("sk_test_x");

export async function buyCase(base: number, finish: number, userId: string) {
  let price = base + finish;
  const product = await stripe.products.create({
    name: "Custom iPhone Case",
    default_price_data: {
      currency: "USD",
      unit_amount: price,
    },
  });
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    metadata: { userId },
    line_items: [{ price: product.default_price as string, quantity: 1 }],
    success_url: "https://cases.example/thanks",
  });
  return session.url;
}
"""

PYTHON = """\
import stripe


def buy(cents, title):
    product = stripe.Product.create(
        name=title, default_price_data={"currency": "eur", "unit_amount": cents}
    )
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": product.default_price, "quantity": 2}],
        success_url="https://shop.example/ok",
    )
"""

PHP = """\
<?php
function buy($cents) {
    $product = \\Stripe\\Product::create([
        'name' => 'Ticket',
        'default_price_data' => ['currency' => 'gbp', 'unit_amount' => $cents],
    ]);
    return \\Stripe\\Checkout\\Session::create([
        'mode' => 'payment',
        'line_items' => [['price' => $product->default_price, 'quantity' => 1]],
        'success_url' => 'https://shop.example/ok',
    ]);
}
"""


def _site(tmp_path: Path, name: str, code: str) -> CallSite:
    (site,) = creates(write_tree(tmp_path, {name: code}))
    return site


@pytest.mark.parametrize(
    ("name", "code", "amount", "currency"),
    [
        ("actions.ts", TYPESCRIPT, "amount: price,", "USD"),
        ("shop.py", PYTHON, '"amount": cents,', "EUR"),
        ("shop.php", PHP, "$cents", "GBP"),
    ],
)
def test_the_minted_default_price_is_the_lines_inline_price(
    tmp_path: Path, name: str, code: str, amount: str, currency: str
) -> None:
    site = _site(tmp_path, name, code)
    codes = [f.code for f in site.findings]
    assert "RT042" in codes
    assert "X026" not in codes and "L113" not in codes  # no look-up of a price just minted
    assert "dodoProductId" not in site.suggestion and "dodo_product_id" not in site.suggestion
    assert amount in site.suggestion
    assert site.translation is not None
    (need,) = site.translation.requires
    assert need["kind"] == "product" and need["product"]["price"]["currency"] == currency
    assert need["product"]["price"]["pay_what_you_want"] is True


def test_the_typescript_line_type_checks_with_the_sdk(tmp_path: Path) -> None:
    site = _site(tmp_path / "scan", "actions.ts", TYPESCRIPT)
    source = TYPESCRIPT.replace("  const session = await stripe.checkout.sessions.create(", CUT)
    assert tsc_problems(tmp_path, source, site.suggestion) == ""


def test_a_product_with_more_than_an_inline_price_can_say_still_blocks(tmp_path: Path) -> None:
    code = TYPESCRIPT.replace('name: "Custom iPhone Case",', 'name: "Case", shippable: true,')
    site = _site(tmp_path, "actions.ts", code)
    codes = [f.code for f in site.findings]
    assert "RT042" not in codes
    assert "X026" in codes
