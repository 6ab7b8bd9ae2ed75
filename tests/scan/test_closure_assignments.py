"""A local a closure assigns is a run-time value after the closure (issue 14, section 3: follow
the data as a reader does). Found on a real TypeScript app (Capgo): `let priceId = null`, the
price found in a `forEach` callback over Stripe's price list, then `if (!priceId) priceId =
fallback`: the scanner ignored the callback, took null as the value after it, decided the `if`
and suggested only the fallback, dropping the price found in the loop silently.

A closure is a callback passed to any call (`forEach`, `then`, `some`), a Python nested def
that says `nonlocal`, a Ruby block, a PHP closure taking the variable by reference
(`use (&$price)`); a closure's own local of the same name (a `let` inside, a parameter, a
Python def without `nonlocal`, a PHP closure taking a copy) changes nothing outside."""

from __future__ import annotations

from typing import Any

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

_SUFFIX = {"typescript": "ts", "python": "py", "ruby": "rb", "php": "php"}


def one(code: str, language: str) -> CallSite:
    (site,) = [
        s
        for s in scan_source(code, f"x.{_SUFFIX[language]}", BY_NAME[language])
        if s.kind == "create"
    ]
    return site


def price(site: CallSite) -> Any:
    return site.params["line_items"][0]["price"]


def codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def choice(source: str, cond: str, then: Any, else_: Any) -> dict[str, Any]:
    return {"$dynamic": source, "$choice": {"if": cond, "then": then, "else": else_}}


# -- JavaScript / TypeScript ------------------------------------------------------------------

_TS_HELPER = """\
import Stripe from 'stripe'
const stripe = new Stripe(process.env.STRIPE_KEY!)

function pick(items: any[], fallback: string) {
  let priceId = null
  items.forEach((p) => { if (p.recurring) priceId = p.id })
  if (!priceId)
    priceId = fallback
  return priceId
}

export async function start(items: any[]) {
  return stripe.checkout.sessions.create({
    mode: 'subscription', success_url: 'https://app.example.com/ok',
    line_items: [{ price: pick(items, 'price_1Fallback'), quantity: 1 }],
  })
}
"""


def test_a_helper_whose_callback_assigns_the_price_is_not_decided_as_the_fallback() -> None:
    """Before: `price_1Fallback` alone (the price found in the forEach was dropped)."""
    site = one(_TS_HELPER, "typescript")
    assert price(site) == {"$dynamic": "pick(items, 'price_1Fallback')"}
    assert "L113" in codes(site)  # a price chosen at run time, looked up through the id map
    assert "dodoProductId(pick(items, 'price_1Fallback'))" in site.suggestion


def test_a_callback_assignment_in_the_calls_own_function_leaves_a_choice() -> None:
    """The variable after the callback is itself: `if (!priceId) priceId = X` is the choice
    between X and it, as after a `while` loop."""
    site = one(
        "import Stripe from 'stripe'\n"
        "const stripe = new Stripe(process.env.STRIPE_KEY!)\n"
        "export async function start(items: any[]) {\n"
        "  let priceId = null\n"
        "  items.forEach((p) => { if (p.recurring) priceId = p.id })\n"
        "  if (!priceId)\n"
        "    priceId = 'price_1Fallback'\n"
        "  return stripe.checkout.sessions.create({ mode: 'subscription',\n"
        "    success_url: 'https://e.com/ok', line_items: [{ price: priceId, quantity: 1 }] })\n"
        "}\n",
        "typescript",
    )
    assert price(site) == choice("priceId", "!priceId", "price_1Fallback", {"$dynamic": "priceId"})
    assert "RT007" not in codes(site)


@pytest.mark.parametrize(
    "callback",
    [
        "items.then((found) => { priceId = found.id })",
        "items.some(function (p) { priceId = p.id; return true })",
        "items.forEach((p) => { [1].map(() => { priceId += p.id }) })",
    ],
)
def test_every_callback_that_assigns_the_local_makes_it_run_time(callback: str) -> None:
    code = _TS_HELPER.replace("items.forEach((p) => { if (p.recurring) priceId = p.id })", callback)
    site = one(code, "typescript")
    assert price(site) == {"$dynamic": "pick(items, 'price_1Fallback')"}


def test_a_callback_with_its_own_local_of_that_name_changes_nothing_outside() -> None:
    code = _TS_HELPER.replace(
        "items.forEach((p) => { if (p.recurring) priceId = p.id })",
        "items.forEach((p) => { let priceId = p.id; console.log(priceId) })\n"
        "  items.forEach((priceId) => { priceId = 'x' })",
    )
    assert price(one(code, "typescript")) == "price_1Fallback"


def test_params_changed_in_a_callback_are_run_time_not_dropped() -> None:
    """Before: an empty cart (D004) and no customer: the push and the assignment made in the
    callbacks were not seen."""
    site = one(
        "import Stripe from 'stripe'\n"
        "const stripe = new Stripe(process.env.STRIPE_KEY!)\n"
        "export async function start(items: any[], users: any[]) {\n"
        "  const params: any = { mode: 'payment', success_url: 'https://e.com/ok',\n"
        "    line_items: [] }\n"
        "  items.forEach((p) => { params.line_items.push({ price: p.id, quantity: 1 }) })\n"
        "  users.forEach((u) => { params.customer = u.stripeId })\n"
        "  return stripe.checkout.sessions.create(params)\n"
        "}\n",
        "typescript",
    )
    # a forEach callback is a loop's body now (test_js_index_loops.py): the cart is the list
    # mapped, each element's price carried
    lines = site.params["line_items"]
    assert lines["$dynamic"] == "params.line_items"
    assert lines["$each"]["over"] == "items" and lines["$each"]["as"] == "p"
    assert lines["$each"]["item"] == {"price": {"$dynamic": "p.id"}, "quantity": 1}
    assert site.params["customer"] == {"$dynamic": "params.customer"}
    assert "D004" not in codes(site)


# -- Python -----------------------------------------------------------------------------------

_PY_HELPER = """\
import stripe


def pick(items, fallback):
    price = None

    def visit(p):
        nonlocal price
        price = p.id

    for_each(items, visit)
    if not price:
        price = fallback
    return price


def start(items):
    return stripe.checkout.Session.create(
        mode="subscription",
        success_url="https://app.example.com/ok",
        line_items=[{"price": pick(items, "price_1Fallback"), "quantity": 1}],
    )
"""


def test_python_nested_def_assigning_through_nonlocal_is_run_time() -> None:
    site = one(_PY_HELPER, "python")
    assert price(site) == {"$dynamic": 'pick(items, "price_1Fallback")'}
    assert "dodo_product_id(pick(items" in site.suggestion


def test_python_nested_def_without_nonlocal_assigns_its_own_local() -> None:
    code = _PY_HELPER.replace("        nonlocal price\n", "")
    assert price(one(code, "python")) == "price_1Fallback"


def test_python_lambda_changing_the_params_makes_them_run_time() -> None:
    site = one(
        "import stripe\n\n\ndef start(items):\n"
        "    params = {'mode': 'payment', 'success_url': 'https://e.com/ok', 'line_items': []}\n"
        "    list(map(lambda p: params['line_items'].append({'price': p, 'quantity': 1}), items))\n"
        "    return stripe.checkout.Session.create(**params)\n",
        "python",
    )
    assert site.params["line_items"] == {"$dynamic": 'params["line_items"]'}


# -- Ruby and PHP -----------------------------------------------------------------------------

_RB = """\
require 'stripe'

def start(items, fallback)
  price = nil
  items.each { |p| price = p.id }
  price = fallback if items.empty?
  Stripe::Checkout::Session.create(mode: 'payment', success_url: 'https://e.com/ok',
                                   line_items: [{ price: price, quantity: 1 }])
end
"""


def test_ruby_block_assigns_the_outer_local() -> None:
    """Before: `!price ? fallback : nil` (a false RT007: the price found in the block lost)."""
    site = one(_RB, "ruby")
    got = price(site)
    assert got["$choice"] == {
        "if": "items.empty?",
        "then": {"$dynamic": "fallback"},
        "else": {"$dynamic": "price"},
    }
    assert "RT007" not in codes(site)


def test_ruby_block_parameter_of_that_name_is_the_blocks_own() -> None:
    site = one(_RB.replace("{ |p| price = p.id }", "{ |p, price| price = p.id }"), "ruby")
    assert price(site)["$choice"]["else"] is None


def test_ruby_block_after_the_last_assignment_in_a_branch_makes_it_run_time() -> None:
    site = one(
        "require 'stripe'\n"
        "def start(items, premium)\n"
        "  price = nil\n"
        "  if premium\n"
        "    price = 'price_1Pro'\n"
        "    items.each { |p| price = p.id }\n"
        "  end\n"
        "  price = 'price_1Basic' unless premium\n"
        "  Stripe::Checkout::Session.create(mode: 'payment', success_url: 'https://e.com/ok',\n"
        "                                   line_items: [{ price: price, quantity: 1 }])\n"
        "end\n",
        "ruby",
    )
    assert price(site) == choice("price", "!premium", "price_1Basic", {"$dynamic": "price"})


def test_ruby_helper_with_a_block_assigning_its_local_stays_as_called() -> None:
    site = one(
        "require 'stripe'\n"
        "class Checkout\n"
        "  def start(items)\n"
        "    Stripe::Checkout::Session.create(mode: 'payment', success_url: 'https://e.com/ok',\n"
        "                                     line_items: [{ price: pick(items), quantity: 1 }])\n"
        "  end\n\n"
        "  private\n\n"
        "  def pick(items)\n"
        "    price = nil\n"
        "    items.each { |p| price = p.id }\n"
        "    price = 'price_1Fallback' unless price\n"
        "    price\n"
        "  end\n"
        "end\n",
        "ruby",
    )
    assert price(site) == {"$dynamic": "pick(items)"}
    assert "RT007" not in codes(site)


_PHP = """\
<?php
function start($items, $fallback) {
    $price = null;
    array_walk($items, function ($p) use (&$price) { $price = $p->id; });
    if (empty($items)) {
        $price = $fallback;
    }
    return \\Stripe\\Checkout\\Session::create([
        'mode' => 'payment', 'success_url' => 'https://e.com/ok',
        'line_items' => [['price' => $price, 'quantity' => 1]],
    ]);
}
"""


def test_php_closure_taking_the_variable_by_reference_assigns_it() -> None:
    """Before: `!$price ? $fallback : null` (a false RT007)."""
    site = one(_PHP, "php")
    got = price(site)
    assert got["$choice"] == {
        "if": "empty($items)",
        "then": {"$dynamic": "$fallback"},
        "else": {"$dynamic": "$price"},
    }
    assert "RT007" not in codes(site)


def test_php_closure_taking_a_copy_changes_nothing_outside() -> None:
    site = one(_PHP.replace("use (&$price)", "use ($price)"), "php")
    assert price(site)["$choice"]["else"] is None


def test_php_helper_with_a_closure_assigning_its_local_stays_as_called() -> None:
    site = one(
        "<?php\n"
        "class Checkout {\n"
        "  public function start($items) {\n"
        "    return \\Stripe\\Checkout\\Session::create(['mode' => 'payment',\n"
        "      'success_url' => 'https://e.com/ok',\n"
        "      'line_items' => [['price' => $this->pick($items), 'quantity' => 1]]]);\n"
        "  }\n"
        "  private function pick($items) {\n"
        "    $price = null;\n"
        "    array_walk($items, function ($p) use (&$price) { $price = $p->id; });\n"
        "    if (!$price) {\n"
        "      $price = 'price_1Fallback';\n"
        "    }\n"
        "    return $price;\n"
        "  }\n"
        "}\n",
        "php",
    )
    assert price(site) == {"$dynamic": "$this->pick($items)"}
    assert "RT007" not in codes(site)


WALRUS = """\
import stripe


def create(rows, x):
    price = "price_basic"
    {binding}
    return stripe.checkout.Session.create(mode="payment", success_url="https://x.example",
        line_items=[{{"price": price, "quantity": 1}}])
"""


@pytest.mark.parametrize(
    "binding",
    [
        'prices = [price := row["price"] for row in rows]',  # review: the literal was kept
        'if any((price := r["price"]) for r in rows):\n        pass',
        "if (price := lookup(x)) is None:\n        raise ValueError(x)",
        "print(price := lookup(x))",
        'prices = [price := "price_pro" for row in rows]',  # rows may be empty: not always
    ],
)
def test_a_walrus_leaves_the_name_a_run_time_value_after_it(binding: str) -> None:
    # a walrus binds the function's name, in a comprehension or a condition too (PEP 572);
    # after it the name holds what run time gave it (never, once or many times), never the
    # literal bound before it
    site = one(WALRUS.format(binding=binding), "python")
    assert site.params["line_items"] == [{"price": {"$dynamic": "price"}, "quantity": 1}]
    assert "price_basic" not in site.suggestion


def test_a_walrus_of_a_helper_is_not_named_at_the_call() -> None:
    code = """\
import stripe


def pick(rows):
    price = "price_basic"
    if any((price := r["price"]) for r in rows):
        pass
    return price


def create(rows):
    return stripe.checkout.Session.create(mode="payment", success_url="https://x.example",
        line_items=[{"price": pick(rows), "quantity": 1}])
"""
    site = one(code, "python")  # the helper's local is no name at the call: its call is
    assert site.params["line_items"] == [{"price": {"$dynamic": "pick(rows)"}, "quantity": 1}]
