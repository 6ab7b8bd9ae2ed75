"""Laravel Cashier's ``checkout`` given a variable that holds the price ids a collection gives.
Seen in a Laravel course shop: the cart's price ids are read into a variable first (``$ids =
$basket->lessons->pluck('price_ref')->toArray();``) and the variable is passed to
``$user->checkout($ids, [...])``. The collection was recognised only when written in the call
itself, so the held list became ONE cart line whose product is the id map's entry for the whole
array: a cart of three courses charged as one, silently (``migrate/scan/lang/php_cashier.py``).

The variable's binding is read: a list a collection gives is one cart line per price id, whether
written in the call or held first."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

CODE = """<?php

namespace App\\Http\\Controllers;

use Illuminate\\Support\\Facades\\Auth;

class BasketController extends Controller
{
    public function pay()
    {
        $basket = Basket::forSession()->firstOrFail();
        $ids = $basket->lessons->pluck('price_ref')->toArray();
        $options = [
            'success_url' => route('basket.paid'),
            'cancel_url' => route('basket.show'),
        ];
        return Auth::user()->allowPromotionCodes()->checkout($ids, $options);
    }

    public function single(Request $request, Lesson $lesson)
    {
        $ref = $lesson->price_ref;
        return $request->user()->checkout($ref, ['success_url' => route('basket.paid')]);
    }
}
"""


def _sites() -> list[CallSite]:
    found = scan_source(CODE, "BasketController.php", BY_NAME["php"])
    return sorted((s for s in found if s.kind == "create"), key=lambda s: s.line)


def test_a_held_price_list_is_one_line_per_price() -> None:
    pay, _single = _sites()
    assert pay.line == 17
    assert pay.verdict != "blocked"
    text = pay.suggestion or ""
    assert "array_map(fn($price) => [" in text
    assert "\\DodoIds::productId($price)" in text
    assert "\\DodoIds::productId($ids)" not in text  # never the whole list as one product
    assert "route('basket.paid')" in text and "route('basket.show')" in text


def test_a_held_single_price_stays_one_line() -> None:
    single = _sites()[1]
    text = single.suggestion or ""
    assert "\\DodoIds::productId($ref)" in text
    assert "array_map" not in text
