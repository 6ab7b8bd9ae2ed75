# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A PHP return URL that appends a local holding Stripe's template by concatenation
(``$back = '&session_id={CHECKOUT_SESSION_ID}'; ... 'success_url' => route(...).'?updated=1'
.$back``): the names after PHP's concatenating ``.`` were read as members, never as the
variables they are, so the placeholder reached Dodo's return_url with no finding at all."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

PHP = """\
<?php
class InstallmentController
{
    public function pay($plan)
    {
        $returnSession = '&session_id={CHECKOUT_SESSION_ID}';
        $stripe = new \\Stripe\\StripeClient(config('services.stripe.secret'));
        $session = $stripe->checkout->sessions->create([
            'mode' => 'payment',
            'line_items' => [['price' => 'price_1Plan', 'quantity' => 1]],
            'success_url' => route('installment.view', ['plan' => $plan]).'?updated=1'.$returnSession,
        ]);
        return redirect($session->url);
    }
}
"""


def test_a_template_appended_from_a_local_is_c003() -> None:
    sites = [s for s in scan_source(PHP, "c.php", BY_NAME["php"]) if s.kind == "create"]
    assert len(sites) == 1, sites
    found = [f for f in sites[0].findings if f.code == "C003"]
    assert [f.path for f in found] == ["success_url"]
    assert "it is in `$returnSession`, built before the call" in found[0].message
