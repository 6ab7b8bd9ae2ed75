"""A PHP checkout function handed the cart as a parameter and wrapping it in one more list
(``'line_items' => [$lines]``): stripe-php sends a list inside a one-element list as that list
(its flattenParamsList adds no index), and the scanner reads a literal or local list so. Seen in
a plain-PHP whisky shop: the order script built ``$line_items`` with ``array_push`` in a loop
over the cart, pushed a delivery line after it, and called its ``beginStripeCheckout($line_items,
...)`` function. At that call the caller's list was put inside the wrapper's one-element list
(``line_items[0][0]``): no line was read, the cart was ``TODO_product_id`` (RT007) and the
delivery amount was an unknown parameter (C090).

At a call of such a wrapper the caller's list is the cart: the loop's lines mapped, the fixed
line after them, as when the same code creates the session itself."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

SHOP = """<?php
$basket = $page->basket();
$line_items = [];
foreach ($basket->rows() as $row) {
    array_push($line_items, [
        'quantity' => $row->qty,
        'price_data' => [
            'currency' => 'gbp',
            'product_data' => ['name' => $row->title],
            'unit_amount' => $row->pence,
        ],
    ]);
}
array_push($line_items, [
    'quantity' => 1,
    'price_data' => [
        'currency' => 'gbp', 'product_data' => ['name' => 'Courier'], 'unit_amount' => 650,
    ],
]);
openCheckout($line_items, $page->email());

function openCheckout($line_items, $email)
{
    $session = \\Stripe\\Checkout\\Session::create([
        'line_items' => [$line_items],
        'customer_email' => $email,
        'mode' => 'payment',
        'success_url' => 'https://shop.example/thanks.php',
    ]);
    header('Location: ' . $session->url);
}
"""


def _caller() -> CallSite:
    sites = [s for s in scan_source(SHOP, "order.php", BY_NAME["php"]) if s.kind == "create"]
    (caller,) = [s for s in sites if s.via is not None]
    return caller


def test_the_callers_list_is_the_cart() -> None:
    site = _caller()
    assert site.translation is not None
    codes = {f.code for f in site.translation.findings}
    assert "RT007" not in codes and "C090" not in codes
    assert site.status != "blocked"
    assert "TODO_product_id" not in site.suggestion
    # the loop's rows are mapped with their amount and quantity, the courier line follows
    assert "$row->pence" in site.suggestion
    assert "$row->qty" in site.suggestion
    assert "$basket->rows()" in site.suggestion
    (courier,) = [r for r in site.translation.requires if "Courier" in str(r)]
    assert courier["product"]["price"]["price"] == 650
    mapped = site.suggestion.index("...array_values(array_map(fn($row) => [")
    fixed = site.suggestion.index(f"'product_id' => '{courier['id']}',")
    assert mapped < fixed
