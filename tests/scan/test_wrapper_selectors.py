# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A wrapper whose Stripe creation runs in one case of a switch on its parameter is not called
by a call passing another case's literal.

Read in a WordPress forms plugin: ``create_request( $path, $args )`` switches on ``$path``, one
case per Stripe call (``'products'``, ``'get_session'``, ``'create_session'``...). Every call of
it was a creation site with a blocker (RT007): 24 false creations for 2 real ones. The wrapper
now records the parameter and the case labels its creation runs under
(``migrate/scan/wrapper_selectors.py``): a call passing another literal (``'get_session'``) is no
creation; the creation's labels (those falling into it too) and a run-time value still are.
"""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source
from migrate.scan.wrapper_selectors import selector_of

PHP = """<?php
class Stripe_API {
    public function create_request( $path, $args = array() ) {
        $response = array();
        switch ( $path ) {
            case 'products':
                $response = $this->stripe->products->all( $args );
                break;
            case 'create_session':
            case 'new_session':
                $response = $this->stripe->checkout->sessions->create( $args );
                break;
            case 'get_session':
                $response = $this->stripe->checkout->sessions->retrieve( $args );
                break;
        }
        return $response;
    }

    public function confirm( $session_id ) {
        $session = $this->create_request( 'get_session', $session_id );
        $items = $this->create_request( 'products' );
        return $session;
    }

    public function checkout( $price, $kind ) {
        $a = $this->create_request( 'create_session', array(
            'mode' => 'payment',
            'line_items' => array( array( 'price' => $price, 'quantity' => 1 ) ),
            'success_url' => home_url( '/thanks' ),
        ) );
        $b = $this->create_request( 'new_session', array(
            'mode' => 'payment',
            'line_items' => array( array( 'price' => $price, 'quantity' => 2 ) ),
            'success_url' => home_url( '/thanks' ),
        ) );
        $c = $this->create_request( $kind, array( 'id' => $price ) );
        return array( $a, $b, $c );
    }
}
"""

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function request(op: string, args: any) {
  if (op === "create") {
    return stripe.checkout.sessions.create(args);
  }
  return stripe.checkout.sessions.retrieve(args);
}

export async function flows(priceId: string, id: string) {
  const made = await request("create", { mode: "payment", line_items: [{ price: priceId, quantity: 1 }], success_url: "https://x.test/ok" });
  const read = await request("read", id);
  return [made, read];
}
"""


def _via_lines(source: str, path: str, language: str) -> list[int]:
    return [
        s.line for s in scan_source(source, path, BY_NAME[language]) if s.kind == "create" and s.via
    ]


def test_only_the_calls_selecting_the_creations_case_are_creations() -> None:
    # 21, 22: get_session, products; 27, 32: create_session, new_session (falling into it);
    # 37: a run-time value, which may select it
    assert _via_lines(PHP, "class-stripe-api.php", "php") == [27, 32, 37]


def test_an_if_comparing_the_parameter_selects_too() -> None:
    assert _via_lines(TS, "stripe.ts", "typescript") == [12]


def test_the_selector_read_from_the_switch() -> None:
    from ast_grep_py import SgRoot

    root = SgRoot(PHP, "php").root()
    call = next(
        n
        for n in root.find_all(kind="member_call_expression")
        if n.text().startswith("$this->stripe->checkout->sessions->create")
    )
    function = next(a for a in call.ancestors() if a.kind() == "method_declaration")
    name, labels = selector_of(call, function, {"$path", "$args"}) or ("", ())
    assert (name, sorted(labels)) == ("$path", ["create_session", "new_session"])
