"""A value written "this, or nothing" (``team.stripeCustomerId || undefined``, ``x or None``,
Ruby ``x || nil``, PHP ``$x ?? null``) is the value when it is set and nothing otherwise. Stripe
then leaves the field out (a new buyer gets a new customer); carried as one run-time value, the
Dodo call looked ``undefined`` up in the id map (which throws: every first checkout failed). The
Dodo field that wraps it is left out the same way: ``customer: x ? {customer_id: ...} : null``
(the SDKs take ``customer: null``)."""

from __future__ import annotations

import textwrap

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

CASES = {
    "typescript": (
        "x.ts",
        """\
        import Stripe from "stripe";
        const stripe = new Stripe("sk_test_x");
        export async function go(team: any, priceId: string) {
          return stripe.checkout.sessions.create({
            mode: "payment",
            line_items: [{ price: priceId, quantity: 1 }],
            customer: team.stripeCustomerId || undefined,
            success_url: "https://example.com/ok",
          });
        }
        """,
        (
            "customer: team.stripeCustomerId ? {\n"
            "    customer_id: dodoCustomerId(team.stripeCustomerId),\n"
            "  } : null,"
        ),
    ),
    "python": (
        "x.py",
        """\
        import stripe

        def go(user, price):
            return stripe.checkout.Session.create(
                mode="payment",
                line_items=[{"price": price, "quantity": 1}],
                customer=user.stripe_id or None,
                success_url="https://example.com/ok",
            )
        """,
        (
            "customer={\n"
            '        "customer_id": dodo_customer_id(user.stripe_id),\n'
            "    } if user.stripe_id else None,"
        ),
    ),
    "ruby": (
        "x.rb",
        """\
        def go(user, price)
          Stripe::Checkout::Session.create(
            mode: "payment",
            line_items: [{price: price, quantity: 1}],
            customer: user.stripe_id || nil,
            success_url: "https://example.com/ok",
          )
        end
        """,
        (
            "dodo_body['customer'] = (user.stripe_id ? {\n"
            '  "customer_id" => DodoIds.customer_id(user.stripe_id),\n'
            "} : nil)"
        ),
    ),
    "php": (
        "x.php",
        """\
        <?php
        function go($user, $price) {
            return \\Stripe\\Checkout\\Session::create([
                'mode' => 'payment',
                'line_items' => [['price' => $price, 'quantity' => 1]],
                'customer' => $user->stripe_id ?? null,
                'success_url' => 'https://example.com/ok',
            ]);
        }
        """,
        (
            "$dodoBody->{'customer'} = (!empty($user->stripe_id) ? [\n"
            "    'customer_id' => \\DodoIds::customerId($user->stripe_id),\n"
            "] : null);"
        ),
    ),
}


def _site(name: str, code: str, language: str) -> CallSite:
    (site,) = [
        s for s in scan_source(textwrap.dedent(code), name, BY_NAME[language]) if s.kind == "create"
    ]
    return site


@pytest.mark.parametrize("language", list(CASES))
def test_a_customer_or_nothing_is_a_choice_and_the_dodo_customer_is_left_out(language: str) -> None:
    name, code, expected = CASES[language]
    site = _site(name, code, language)
    customer = site.params["customer"]
    assert customer["$choice"]["else"] is None
    assert customer["$choice"]["then"] == {
        "$dynamic": customer["$choice"]["if"].removesuffix(" is set")
    }
    assert expected in site.suggestion, site.suggestion
    assert "undefined)" not in site.suggestion and "or None)" not in site.suggestion


def test_a_literal_fallback_is_still_the_literal_when_unset() -> None:
    site = _site(
        "x.ts",
        """\
        const stripe = require("stripe")("sk_test_x");
        stripe.checkout.sessions.create({
          mode: "payment",
          line_items: [{ price: process.env.PRICE || "price_basic", quantity: 1 }],
          success_url: "https://example.com/ok",
        });
        """,
        "typescript",
    )
    price = site.params["line_items"][0]["price"]
    assert price["$choice"]["else"] == "price_basic"


def test_a_nullish_default_keeps_zero_and_false_as_javascript_does() -> None:
    """`opts.promo ?? true` was written `opts.promo ? opts.promo : true`: a caller passing
    false (no promotion codes) got discount codes allowed, and `opts.days ?? 14` with 0 (no
    trial) a 14-day trial. `??` is a test of null and undefined only; `||` stays truthiness."""
    from migrate.scan.patterns import BY_NAME
    from migrate.scan.scan import scan_source

    code = (
        'import Stripe from "stripe";\nconst stripe = new Stripe("k");\n'
        "export async function buy(opts: { promo?: boolean; days?: number; n?: number }) {\n"
        '  return stripe.checkout.sessions.create({ mode: "subscription",'
        ' success_url: "https://x.example",'
        ' line_items: [{ price: "price_1A", quantity: opts.n || 1 }],'
        " allow_promotion_codes: opts.promo ?? true,"
        " subscription_data: { trial_period_days: opts.days ?? 14 } });\n}\n"
    )
    (site,) = [s for s in scan_source(code, "buy.ts", BY_NAME["typescript"]) if s.kind == "create"]
    text = site.suggestion
    assert "allow_discount_code: opts.promo != null ? opts.promo : true," in text
    assert "trial_period_days: opts.days != null ? opts.days : 14," in text
    assert "quantity: opts.n ? opts.n : 1," in text
