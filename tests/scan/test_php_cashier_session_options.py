"""Laravel Cashier's ``checkout`` given price ids the code reads at run time. Seen in a Laravel
digital-goods shop: ``$request->user()->checkout($cart->products->pluck('stripe_id')->toArray(),
['success_url' => route('orders.index'), 'cancel_url' => route('cart.index')])``. Cashier's
``checkout`` was counted only when its items are written as ``price_...`` literals (the name is
too common otherwise), so this creation was not found at all.

Session options written with Stripe's keys (``success_url``, ``cancel_url``, ``return_url``) say
it is Cashier's too. Price ids a collection gives (``->toArray()``, ``pluck(...)``) are one cart
line each; a single run-time price is one line; a ``checkout`` of something else is no site."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.trees import creates, write_tree

CODE = """<?php

namespace App\\Http\\Controllers;

class CheckoutController extends Controller
{
    public function cart(Request $request)
    {
        $basket = Basket::forSession()->first();
        return $request->user()->checkout($basket->items->pluck('price_id')->toArray(), [
            'success_url' => route('orders.index'),
            'cancel_url' => route('basket.index'),
        ]);
    }

    public function plan(Request $request, Plan $plan)
    {
        return $request->user()->checkout($plan->stripe_price, [
            'success_url' => route('orders.index'),
        ]);
    }

    public function order(Order $order)
    {
        return $order->checkout($order->lines, $this->clock);
    }
}
"""


def _sites() -> list[CallSite]:
    found = scan_source(CODE, "CheckoutController.php", BY_NAME["php"])
    return sorted((s for s in found if s.kind == "create"), key=lambda s: s.line)


def test_checkout_with_session_options_is_found() -> None:
    cart, plan = _sites()  # the order's own checkout method is no site
    assert cart.line == 10 and plan.line == 18
    for site in (cart, plan):
        assert site.translation is not None
        assert site.verdict != "blocked"
        assert "route('orders.index')" in site.suggestion
    assert "array_map(fn($price) => [" in cart.suggestion
    assert "\\DodoIds::productId($price)" in cart.suggestion
    assert "$basket->items->pluck('price_id')->toArray())" in cart.suggestion
    assert "\\DodoIds::productId($plan->stripe_price)" in plan.suggestion


def test_a_controller_naming_no_stripe_is_scanned(tmp_path: Path) -> None:
    """The controller names no Stripe (Cashier's Billable model reaches it): the test every
    file passes before it is parsed lets it through for such a call too."""
    code = CODE.replace("stripe_price", "price_ref")
    assert "stripe" not in code.lower()
    top = write_tree(tmp_path, {"app/Http/Controllers/CheckoutController.php": code})
    assert [s.line for s in creates(top)] == [10, 18]
