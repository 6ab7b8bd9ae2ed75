"""Laravel Cashier's checkout is tied to the billable model's Stripe customer.

Read in a Laravel studio-booking SaaS: ``$user->checkout($priceId, $params)``. Cashier sends
``customer => $this->createOrGetStripeCustomer()->id`` (the user's ``stripe_id``, a customer made
from the user's email when there is none); the Dodo call had no ``customer``, so the checkout
was no longer tied to the app's user and the webhook's look-up by customer broke. The billable
model's ``stripe_id`` is now the Dodo call's customer through the id map, its email the
customer's where it has none (``migrate/scan/lang/php_cashier.py``); a guest's checkout
(``Checkout::guest()``) has no customer.
"""

from __future__ import annotations

import shutil

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.trees import php_lint

CONTROLLER = """<?php

namespace App\\Http\\Controllers;

use Illuminate\\Http\\Request;
use Laravel\\Cashier\\Checkout;

class SubscriptionController extends Controller
{
    public function buy(Request $request)
    {
        $user = $request->user();
        return $user->checkout('price_pro_monthly', [
            'success_url' => route('billing.success'),
        ]);
    }

    public function subscribe(Request $request)
    {
        return $request->user()->newSubscription('default', 'price_team')->trialDays(14)->checkout([
            'success_url' => route('billing.success'),
        ]);
    }

    public function team(Request $request)
    {
        return Checkout::customer($request->user()->currentTeam)->create('price_seat', [
            'success_url' => route('billing.success'),
        ]);
    }

    public function guest(Request $request)
    {
        return Checkout::guest()->create('price_tee', [
            'success_url' => route('shop.done'),
        ]);
    }
}
"""


def _sites() -> list[CallSite]:
    found = scan_source(CONTROLLER, "app/Http/SubscriptionController.php", BY_NAME["php"])
    return [s for s in found if s.kind == "create"]


def _customer(site: CallSite) -> str:
    text = site.suggestion or ""
    at = text.find("$dodoBody->{'customer'} = ")
    return text[at : text.index(";\n", at)] if at >= 0 else ""


def test_the_billable_models_stripe_customer_is_the_dodo_calls_customer() -> None:
    buy, subscribe, team, guest = _sites()
    assert _customer(buy) == (
        "$dodoBody->{'customer'} = ($user->stripe_id ? [\n"
        "    'customer_id' => \\DodoIds::customerId($user->stripe_id),\n"
        "] : (!empty($user->email) ? [\n"
        "    'email' => $user->email,\n"
        "] : null))"
    )
    assert "\\DodoIds::customerId($request->user()->stripe_id)" in _customer(subscribe)
    assert "'email' => $request->user()->email," in _customer(subscribe)
    assert "\\DodoIds::customerId($request->user()->currentTeam->stripe_id)" in _customer(team)
    assert _customer(guest) == ""  # a guest's checkout: no customer
    assert "RT009" not in [f.code for f in buy.findings]


def test_the_suggestions_parse_as_php() -> None:
    if shutil.which("php") is None:
        pytest.skip("php is not installed: the suggestions are not linted")
    for site in _sites():
        assert php_lint(site.suggestion or "") == ""
