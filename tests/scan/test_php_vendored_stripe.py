"""A WordPress plugin bundles stripe-php under its own namespace (Strauss, PHP-Scoper):
``use SimplePay\\Vendor\\Stripe\\Checkout\\Session; Session::create([...])``. The imported class
was not taken for stripe-php's, so the plugin's creation was no site (the name written in full
was found); stripe-php's other classes so imported are read the same way."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

PLUGIN = """<?php
namespace Shop\\Payments;

use SimplePay\\Vendor\\Stripe\\Checkout\\Session;
use SimplePay\\Vendor\\Stripe\\PaymentIntent;
use Shop\\Checkout\\Session as ShopSession;

function pay($price) {
    return Session::create([
        'mode' => 'payment',
        'line_items' => [['price' => $price, 'quantity' => 1]],
        'success_url' => 'https://shop.test/ok',
    ]);
}

function charge($amount) {
    return PaymentIntent::create(['amount' => $amount, 'currency' => 'usd']);
}

function own() {
    return ShopSession::create(['mode' => 'payment']);
}
"""


def test_a_bundled_stripe_php_under_a_plugin_namespace_is_stripe_php() -> None:
    sites = list(scan_source(PLUGIN, "plugin.php", BY_NAME["php"]))
    created = sorted((s.line, s.callee) for s in sites if s.kind == "create")
    assert created == [(9, "Session.create"), (17, "PaymentIntent.create")], created
