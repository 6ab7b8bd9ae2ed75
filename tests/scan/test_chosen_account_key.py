# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A per-call API key chosen among several of the platform's Stripe accounts (a USD account and a
EUR one picked by the donor's currency; a key per region, from the module's table): X019 said
only that the key was dropped for DODO_PAYMENTS_API_KEY (a module table looked up by a parameter
was even judged a tenant's key, X029, a blocker), and the Dodo call would charge everyone in one
business. X038 says each account is its own Dodo business; one fixed key stays X019."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

PY_TWO = """\
import stripe
from django.conf import settings


def donate(currency, params):
    if currency == "usd":
        api_key = settings.STRIPE_KEYS["USD"]["SECRET"]
    else:
        api_key = settings.STRIPE_KEYS["EUR"]["SECRET"]
    return stripe.checkout.Session.create(**params, api_key=api_key)
"""

PY_ONE = """\
import stripe
from django.conf import settings


def donate(params):
    return stripe.checkout.Session.create(**params, api_key=settings.STRIPE_SECRET_KEY)
"""

JS_CHOICE = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
export async function pay(region, price) {
  return stripe.checkout.sessions.create(
    { mode: "payment", line_items: [{ price, quantity: 1 }], success_url: "https://x.example/ok" },
    { apiKey: region === "eu" ? process.env.STRIPE_EU_KEY : process.env.STRIPE_US_KEY },
  );
}
"""

JS_TABLE = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
const KEYS = { eu: process.env.STRIPE_EU_KEY, us: process.env.STRIPE_US_KEY };
export async function pay(region, price) {
  return stripe.checkout.sessions.create(
    { mode: "payment", line_items: [{ price, quantity: 1 }], success_url: "https://x.example/ok" },
    { apiKey: KEYS[region] },
  );
}
"""

RUBY_TERNARY = """\
def pay(currency, price)
  Stripe::Checkout::Session.create(
    { mode: "payment", line_items: [{ price: price, quantity: 1 }], success_url: "https://x.example/ok" },
    { api_key: currency == "eur" ? ENV["STRIPE_EU_KEY"] : ENV["STRIPE_US_KEY"] }
  )
end
"""


@pytest.mark.parametrize(
    ("code", "name", "language", "expected"),
    [
        (PY_TWO, "views.py", "python", "X038"),
        (PY_ONE, "views.py", "python", "X019"),
        (JS_CHOICE, "pay.js", "javascript", "X038"),
        # the module's table of the platform's keys, looked up by the call's region: no tenant's
        (JS_TABLE, "pay.js", "javascript", "X038"),
        (RUBY_TERNARY, "pay.rb", "ruby", "X038"),
    ],
)
def test_a_key_picked_among_accounts_is_x038(
    code: str, name: str, language: str, expected: str
) -> None:
    sites = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    assert len(sites) == 1, sites
    codes = {f.code for f in sites[0].findings} & {"X019", "X038"}
    assert codes == {expected}
