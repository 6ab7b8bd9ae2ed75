"""A PHP cart filled by index: ``$lines = array(); $lines[0]['price_data'] = $price;
$lines[0]['quantity'] = 1;`` (seen in a WooCommerce payment gateway, the order's one line set
so in a private helper and the params array filled key by key). PHP reads an array whose keys
are 0, 1, ... n-1 in order as a list, and sends it to Stripe as one; the scan read a hash with
the keys "0" and "1": the call was blocked with no line item (RT007), its amount and currency
reported as fields no rule maps (C090), or the cart was empty (D004). Such an array is the list
it is; a metadata hash keeps its keys."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

CODE = """<?php
class Gateway_Session
{
    private $order;
    private $stripe;

    public function open()
    {
        $params = array();
        $params['mode'] = 'payment';
        $params['success_url'] = $this->order->get_return_url();
        $params['line_items'] = $this->lines();
        $params['metadata'] = array();
        $params['metadata']['0'] = $this->order->get_id();
        return $this->stripe->checkout->sessions->create($params);
    }

    private function lines()
    {
        $price = array();
        $price['currency'] = 'eur';
        $price['product_data']['name'] = 'Order';
        $price['unit_amount'] = $this->order->get_total() * 100;
        $lines = array();
        $lines[0]['price_data'] = $price;
        $lines[0]['quantity'] = 1;
        return $lines;
    }

    public function basket()
    {
        $rows = [];
        $rows[0]['price'] = 'price_mug';
        $rows[0]['quantity'] = 2;
        $rows[1]['price'] = 'price_cap';
        $rows[1]['quantity'] = 1;
        return $this->stripe->checkout->sessions->create([
            'mode' => 'payment',
            'line_items' => $rows,
            'success_url' => 'https://shop.example/ok',
        ]);
    }
}
"""


def _sites() -> list[CallSite]:
    found = scan_source(CODE, "class-gateway-session.php", BY_NAME["php"])
    return sorted((s for s in found if s.kind == "create"), key=lambda s: s.line)


def test_a_line_set_by_index_in_a_helper_is_the_cart() -> None:
    site = _sites()[0]
    codes = {f.code for f in site.findings}
    assert site.verdict != "blocked" and not {"RT007", "C090", "C091"} & codes, codes
    text = site.suggestion or ""
    assert "$this->order->get_total() * 100" in text  # the amount reaches the Dodo line
    assert "'quantity'" in text or '"quantity": 1' in text
    assert "$this->order->get_id()" in text  # metadata keeps its "0" key
    assert any(d.path == "line_items[0].price_data.unit_amount" for d in site.dynamic)


def test_lines_set_by_index_are_one_line_each() -> None:
    site = _sites()[1]
    codes = {f.code for f in site.findings}
    assert site.verdict != "blocked" and not {"D004", "C091"} & codes, codes
    assert site.params["line_items"] == [
        {"price": "price_mug", "quantity": 2},
        {"price": "price_cap", "quantity": 1},
    ]
