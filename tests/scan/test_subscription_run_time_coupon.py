"""A subscription started on the server (``Subscription.create``) with a coupon the buyer typed
in a form: seen in a WordPress payment-button plugin (``"coupon" => $coupon`` beside the plan
and the saved customer). The coupon was dropped with a warning (RT001: "decided when
translating, not at run time"), so the Dodo checkout charged the full price where Stripe charged
the discounted one. A coupon known only at run time is looked up by the project's id function
(``dodo_discount_code``), as a checkout's run-time coupon is, into the checkout's discount
codes; a literal coupon is still mapped through the id map."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY = """import stripe


def subscribe(account, plan_id, coupon_code):
    return stripe.Subscription.create(
        customer=account.stripe_id,
        items=[{"price": plan_id}],
        coupon=coupon_code,
        payment_behavior="default_incomplete",
    )
"""

PHP = """<?php
function start_plan($user, $plan, $coupon)
{
    $data = [
        'customer' => $user['stripe_id'],
        'items' => [['plan' => $plan]],
        'coupon' => $coupon,
    ];
    return \\Stripe\\Subscription::create($data);
}
"""


def around(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.translation]
    return site


@pytest.mark.parametrize(
    ("code", "name", "language", "written"),
    [
        (PY, "plans.py", "python", "discount_codes=[\n        dodo_discount_code(coupon_code),\n"),
        (
            PHP,
            "plans.php",
            "php",
            "$dodoBody->{'discount_codes'}[0] = \\DodoIds::discountCode($coupon);",
        ),
    ],
)
def test_a_run_time_coupon_reaches_the_checkout(
    code: str, name: str, language: str, written: str
) -> None:
    site = around(code, name, language)
    assert site.translation is not None
    lost = [f for f in site.translation.findings if f.path == "coupon" and f.code == "RT001"]
    assert lost == []
    assert written in site.suggestion
