"""A finding said once per site: a price id read from the same setting in two branches of a
choice (``match ($type) { 'dynamic-monthly' => config('...monthly'), 'other-monthly' =>
config('...monthly'), ... }``) gave the same L113 twice (seen on a Laravel hosting panel)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

PANEL = """<?php
use Stripe\\Checkout\\Session;

class PricingPlans {
    public function subscribeStripe($type) {
        $priceId = match ($type) {
            'dynamic-monthly' => config('subscription.price_monthly'),
            'dynamic-yearly' => config('subscription.price_yearly'),
            default => config('subscription.price_monthly'),
        };
        $session = Session::create([
            'line_items' => [['price' => $priceId, 'quantity' => 1]],
            'mode' => 'subscription',
            'success_url' => 'https://panel.test/ok',
        ]);
        return redirect($session->url, 303);
    }
}
"""


def test_the_same_finding_is_said_once() -> None:
    (site,) = [s for s in scan_source(PANEL, "Plans.php", BY_NAME["php"]) if s.kind == "create"]
    said = [(f.code, f.path, f.message) for f in site.findings]
    assert len(said) == len(set(said)), said
    lookups = [m for c, _, m in said if c == "L113"]
    assert len(lookups) == 2  # monthly and yearly, once each
