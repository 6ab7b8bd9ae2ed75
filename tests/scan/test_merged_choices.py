"""Shapes read in real Ruby and PHP apps outside the corpus (issue 14, section 3): a choice
between two hashes that is then merged (``if a then {...} else {...} end.merge(b)``,
``array_merge($a ? [...] : [...], [...])``), and a helper's parameter that defaults to nil and
is then given its value with ``||=``. Each was read as a run-time spread: the cart and the
customer were lost (RT007 blocked the call, or the customer was left out)."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

from migrate.scan import CallSite, Dynamic
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source, site_kind


def _only(text: str, name: str, family: str) -> CallSite:
    sites = [
        s
        for s in scan_source(text, name, BY_NAME[family])
        if s.kind == "create" and site_kind(s) == "create"
    ]
    (site,) = sites
    return site


def _choice(source: str, cond: str, then: Any, else_: Any) -> dict[str, Any]:
    return {"$dynamic": source, "$choice": {"if": cond, "then": then, "else": else_}}


def _dyn(source: str) -> dict[str, str]:
    return {"$dynamic": source}


_RUBY_MERGED_IF = """class Membership
  def start
    Stripe::Checkout::Session.create(session_args)
  end

  private

  def session_args
    note = nil
    if annual?
      {mode: "subscription", line_items: [{price: tier.annual_price, quantity: 1}]}
    else
      note ||= "one-off"
      {mode: "payment", line_items: [{price: tier.single_price, quantity: 2}]}
    end.merge(buyer_args)
  end

  def buyer_args
    {customer: account.billing_ref}
  end
end
"""


def test_ruby_if_expression_of_hashes_then_merged_is_read_key_by_key() -> None:
    site = _only(_RUBY_MERGED_IF, "membership.rb", "ruby")
    assert site.params["line_items"] == _choice(
        "annual? ? [{ price: tier.annual_price, quantity: 1 }]"
        " : [{ price: tier.single_price, quantity: 2 }]",
        "annual?",
        [{"price": _dyn("tier.annual_price"), "quantity": 1}],
        [{"price": _dyn("tier.single_price"), "quantity": 2}],
    )
    assert site.params["customer"] == _dyn("account.billing_ref")
    assert Dynamic("", "") not in site.dynamic
    assert all(d.path for d in site.dynamic)  # nothing is left as a spread of the whole


_RUBY_DEFAULTED = """class Donation
  def pay
    Stripe::Checkout::Session.create(args)
  end

  def pay_as_guest
    Stripe::Checkout::Session.create(args(who: {customer_email: guest_email}))
  end

  private

  def args(who: nil)
    who ||= payer_args
    {mode: "payment", line_items: [{price: fund.price_ref, quantity: 1}]}.merge(who)
  end

  def payer_args
    {customer: donor.stripe_ref}
  end
end
"""


def test_ruby_parameter_defaulting_to_nil_then_or_assigned_holds_the_value() -> None:
    pay, guest = (
        s
        for s in scan_source(_RUBY_DEFAULTED, "donation.rb", BY_NAME["ruby"])
        if s.kind == "create" and site_kind(s) == "create"
    )
    assert pay.params["customer"] == _dyn("donor.stripe_ref")
    assert "customer_email" not in pay.params
    assert Dynamic("", "nil") not in pay.dynamic
    # a caller's argument is what the parameter holds: ||= leaves it
    assert guest.params["customer_email"] == _dyn("guest_email")
    assert "customer" not in guest.params


def test_ruby_or_assign_under_a_condition_is_not_taken_for_the_value() -> None:
    text = """class Donation
  def pay
    Stripe::Checkout::Session.create(args)
  end

  private

  def args(who = nil)
    if logged_in?
      who ||= {customer: donor.stripe_ref}
    end
    {mode: "payment", line_items: [{price: fund.price_ref, quantity: 1}]}.merge(who)
  end
end
"""
    site = _only(text, "donation.rb", "ruby")
    assert "customer" not in site.params  # only when logged in: never made unconditional


_PHP_MERGED_TERNARY = """<?php
class Renewal {
    public function open($member) {
        $core = $member->annual
            ? ['mode' => 'subscription', 'line_items' => [['price' => $member->tier_annual]]]
            : ['mode' => 'payment', 'line_items' => [['price' => $member->tier_once]]];
        $args = array_merge($core, ['customer_email' => $member->email]);
        return \\Stripe\\Checkout\\Session::create($args);
    }
}
"""


def test_php_array_merge_of_a_ternary_between_arrays_is_read_key_by_key() -> None:
    site = _only(_PHP_MERGED_TERNARY, "renewal.php", "php")
    items = site.params["line_items"]
    assert items["$choice"]["then"] == [{"price": _dyn("$member->tier_annual")}]
    assert items["$choice"]["else"] == [{"price": _dyn("$member->tier_once")}]
    assert site.params["customer_email"] == _dyn("$member->email")
    assert all(d.source != "$core" for d in site.dynamic)


_PHP_COLLECTION_MAP = """<?php
use Stripe\\Checkout\\Session;
class Till {
    public function open($basket) {
        $lines = $basket->entries()->map(fn ($e) => ['price' => $e->ref, 'quantity' => $e->qty]);
        return Session::create(['mode' => 'payment', 'line_items' => $lines->all()]);
    }
}
"""

_PHP_STUBS = """
class DodoIds { public static function productId($p) { return 'pdt_' . $p; } }
class Entry { public function __construct(public $ref, public $qty) {} }
class Entries implements IteratorAggregate {
    public function getIterator(): Iterator {
        return new ArrayIterator([3 => new Entry('a', 2), 7 => new Entry('b', 1)]);
    }
}
class Basket { public function entries() { return new Entries(); } }
$basket = new Basket();
"""


def test_php_a_collection_objects_map_is_written_over_an_array() -> None:
    # `$xs->map(fn ...)` maps a collection object (Laravel, Doctrine): the suggestion's
    # array_map needs an array, so the object is turned into one (a list, keys dropped)
    site = _only(_PHP_COLLECTION_MAP, "till.php", "php")
    over = "iterator_to_array($basket->entries(), false)"
    assert site.params["line_items"]["$each"]["over"] == over
    lines = site.suggestion.splitlines()
    begin = next(i for i, line in enumerate(lines) if line.startswith("$dodoBody = json_decode"))
    end = next(i for i, line in enumerate(lines) if line.endswith(f"], {over}));"))
    if shutil.which("php") is None:
        pytest.skip("php is not installed")
    program = "<?php\n" + _PHP_STUBS + "\n".join(lines[begin : end + 1])
    program += "\necho json_encode($dodoBody->product_cart);\n"
    ran = subprocess.run(["php"], input=program, capture_output=True, text=True, check=True)
    assert json.loads(ran.stdout) == [
        {"product_id": "pdt_a", "quantity": 2},
        {"product_id": "pdt_b", "quantity": 1},
    ]


_PY_SAME_METADATA = """import stripe

def pay(order):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": order.price_ref, "quantity": 1}],
        metadata={"ref": order.ref},
        payment_intent_data={"metadata": {"ref": order.ref, "other": order.other}},
    )
"""


def test_payment_metadata_merged_into_the_same_key_is_carried_not_a_todo() -> None:
    # Dodo has one metadata: the payment's `ref` is the session's `ref`, the same expression,
    # already in the call; `other` is merged in as its own key
    site = _only(_PY_SAME_METADATA, "pay.py", "python")
    assert "TODO" not in site.suggestion
    assert '"ref": str(order.ref),' in site.suggestion
    assert '"other": str(order.other),' in site.suggestion


def test_payment_metadata_with_another_value_at_a_taken_key_is_said_to_be_dropped() -> None:
    # it was a bare "TODO: set from order.ref2" comment; the finding says what is kept
    code = _PY_SAME_METADATA.replace('{"ref": order.ref, "other"', '{"ref": order.ref2, "other"')
    site = _only(code, "pay.py", "python")
    (taken,) = [f for f in site.findings if f.code == "C104"]
    assert taken.path == "payment_intent_data.metadata.ref"
    assert "(order.ref2)" in taken.message and "(order.ref)" in taken.message
    assert "TODO" not in (site.suggestion or "")


def test_php_an_empty_array_facing_a_list_in_a_ternary_is_the_empty_list() -> None:
    # PHP's [] is read as an empty map where nothing says otherwise; against a list in the
    # other branch it is the empty list, and the coupon is looked up as a discount code
    code = """<?php
use Stripe\\Checkout\\Session;
function open_cart($voucher, $plan) {
    return Session::create([
        'mode' => 'payment',
        'line_items' => [['price' => $plan, 'quantity' => 1]],
        'discounts' => $voucher ? [['coupon' => $voucher->stripe_ref]] : [],
    ]);
}
"""
    site = _only(code, "cart.php", "php")
    assert site.params["discounts"]["$choice"]["else"] == []
    assert "RT002" not in {f.code for f in site.findings}
    assert "\\DodoIds::discountCode($voucher->stripe_ref)," in site.suggestion


def test_php_an_empty_array_replaced_by_a_list_under_a_condition_is_the_empty_list() -> None:
    code = """<?php
use Stripe\\Checkout\\Session;
function open_cart($voucher, $plan) {
    $off = [];
    if ($voucher) {
        $off = [['coupon' => $voucher->stripe_ref]];
    }
    return Session::create([
        'mode' => 'payment',
        'line_items' => [['price' => $plan, 'quantity' => 1]],
        'discounts' => $off,
    ]);
}
"""
    site = _only(code, "cart.php", "php")
    assert site.params["discounts"]["$choice"]["else"] == []
    assert "RT002" not in {f.code for f in site.findings}
    assert "\\DodoIds::discountCode($voucher->stripe_ref)," in site.suggestion
