"""A variable rebound under a test of itself (``if (price === RETIRED) price = CURRENT``, a
get-or-create ``if (!customerId) customerId = made.id``, ``if not price: price = DEFAULT``) is
carried as the variable: written as a choice, the test would run at the Dodo call on the new
value and take the other branch (the retired product sold, or the customer of before the
create, ``undefined``), with no finding. Seen in better-auth's checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths

RETIRED = {
    "buy.ts": (
        'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_KEY!);\n\n'
        "export async function buy(plan: { annual: string; monthly: string }, yearly: boolean) {\n"
        "  let price: string;\n"
        "  if (yearly) {\n"
        "    price = plan.annual;\n"
        '    if (price === "price_retired_90usd") {\n'
        '      price = "price_current_190usd";\n'
        "    }\n"
        "  } else {\n"
        "    price = plan.monthly;\n"
        "  }\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment',\n"
        "    success_url: 'https://example.com/ok', line_items: [{ price, quantity: 1 }] });\n}\n"
    ),
    "buy.py": (
        "import stripe\n\ndef buy(plan, yearly):\n"
        "    if yearly:\n"
        "        price = plan['annual']\n"
        "        if price == 'price_retired_90usd':\n"
        "            price = 'price_current_190usd'\n"
        "    else:\n"
        "        price = plan['monthly']\n"
        "    return stripe.checkout.Session.create(mode='payment',\n"
        "        success_url='https://example.com/ok',\n"
        "        line_items=[{'price': price, 'quantity': 1}])\n"
    ),
}
CUSTOMER = (
    'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_KEY!);\n\n'
    "export async function buy(team: { customer?: string }, prior?: { customer?: string }) {\n"
    "  let customerId;\n"
    "  if (team.customer) {\n"
    "    customerId = prior?.customer;\n"
    "  }\n"
    "  if (!customerId) {\n"
    "    customerId = team.customer;\n"
    "  }\n"
    "  return stripe.checkout.sessions.create({ mode: 'payment', customer: customerId,\n"
    "    success_url: 'https://example.com/ok',\n"
    "    line_items: [{ price: 'price_1Pro', quantity: 1 }] });\n}\n"
)


def _site(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text)
    (site,) = [s for s in scan_paths([str(path)]) if s.kind == "create"]
    return site


@pytest.mark.parametrize("name", sorted(RETIRED))
def test_a_price_remapped_under_a_test_of_itself_is_the_variable(tmp_path: Path, name: str) -> None:
    site = _site(tmp_path, name, RETIRED[name])
    suggestion = site.suggestion or ""
    assert "retired" not in suggestion  # no test of the variable's old value at the call
    call = "dodoProductId(price)" if name.endswith(".ts") else "dodo_product_id(price)"
    assert call in suggestion
    assert "annual" not in suggestion  # the value from before the remap is never sold


def test_a_get_or_create_customer_is_the_variable(tmp_path: Path) -> None:
    site = _site(tmp_path, "buy.ts", CUSTOMER)
    suggestion = site.suggestion or ""
    # the variable where the test fails at the call (it holds the new value there)
    assert "dodoCustomerId(customerId)" in suggestion
    assert "prior?.customer" not in suggestion  # the value of before, never sold
