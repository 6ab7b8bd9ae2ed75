"""A Checkout Session created through ``call_user_func`` with the class and method named by
strings (wp-simple-pay's dispatcher shape: ``call_user_func(array('\\\\Stripe\\\\' . $class,
$function), $args)``) is a creation site when the function making the call gives the strings
(literals, or locals bound to them); a dispatcher whose strings come from its caller, or one
naming another class or method, is left alone (not guessed at)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PHP = """<?php
class Api {
    public static function checkout($price) {
        $class = 'Checkout\\\\Session';
        $function = 'create';
        $args = array(
            'mode' => 'payment',
            'line_items' => array( array( 'price' => $price, 'quantity' => 1 ) ),
            'success_url' => 'https://x.test/ok',
        );
        return call_user_func( array( '\\\\Stripe\\\\' . $class, $function ), $args );
    }
    public static function literal() {
        return call_user_func( array( '\\\\Stripe\\\\Checkout\\\\Session', 'create' ), array(
            'mode' => 'payment',
            'line_items' => array( array( 'price' => 'price_1', 'quantity' => 1 ) ),
            'success_url' => 'https://x.test/ok',
        ) );
    }
    public static function request( $class, $function, $args ) {
        return call_user_func( array( '\\\\Stripe\\\\' . $class, $function ), $args );
    }
    public static function customer() {
        return call_user_func( array( '\\\\Stripe\\\\Customer', 'create' ), array('email' => 'e'));
    }
    public static function retrieve($id) {
        return call_user_func( array( '\\\\Stripe\\\\Checkout\\\\Session', 'retrieve' ), $id );
    }
}
"""


def _creates() -> list[CallSite]:
    return [s for s in scan_source(PHP, "Api.php", BY_NAME["php"]) if s.kind == "create"]


def test_a_dispatch_naming_checkout_session_create_is_a_creation() -> None:
    by_line = {s.line: s for s in _creates()}
    assert sorted(by_line) == [11, 14]  # the function's strings: locals, then literals
    local = by_line[11]
    assert local.params["line_items"] == [{"price": {"$dynamic": "$price"}, "quantity": 1}]
    assert local.params["success_url"] == "https://x.test/ok"
    literal = by_line[14]
    assert literal.params["line_items"] == [{"price": "price_1", "quantity": 1}]
    assert literal.translation is not None and literal.translation.status == "translated"
    assert "s2d_pdt_" in literal.suggestion  # the cart is in the Dodo call


def test_a_dispatch_with_its_callers_strings_or_another_call_is_left_alone() -> None:
    lines = {s.line for s in _creates()}
    assert not lines & {21, 24, 27}  # the caller's strings, a customer, a retrieve
