"""``migrate.scan`` on Ruby and PHP: params extraction, related sites, look-alikes, names."""

from __future__ import annotations

from typing import Any

import pytest

from migrate.scan import CallSite, Dynamic
from migrate.scan.lang.php_source import parser_text
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source, site_kind


def ruby(text: str) -> list[CallSite]:
    return list(scan_source(text, "x.rb", BY_NAME["ruby"]))


def php(text: str) -> list[CallSite]:
    return list(scan_source("<?php\n" + text, "x.php", BY_NAME["php"]))


def created(sites: list[CallSite]) -> list[CallSite]:
    return [s for s in sites if s.kind == "create"]


def only(sites: list[CallSite]) -> CallSite:
    (site,) = created(sites)
    return site


def summary(sites: list[CallSite]) -> list[tuple[int, str, str | None, str | None]]:
    return [(s.line, site_kind(s), s.rule, s.event) for s in sites]


ONE_TIME_CART: dict[str, Any] = {
    "mode": "payment",
    "line_items": [
        {
            "price_data": {
                "currency": "usd",
                "unit_amount": 2000,
                "product_data": {"name": "Blue T-shirt"},
            },
            "quantity": 1,
        }
    ],
    "success_url": "https://shop.example.com/success",
}


def check_one_time_translation(site: CallSite) -> None:
    assert site.params == ONE_TIME_CART
    assert site.dynamic == ()
    t = site.translation
    assert t is not None and t.status == "translated" and t.dodo is not None
    product = t.requires[0]
    assert t.dodo["product_cart"] == [{"product_id": product["id"], "quantity": 1}]
    assert product["product"]["name"] == "Blue T-shirt"
    assert product["product"]["price"]["price"] == 2000
    assert product["product"]["price"]["type"] == "one_time_price"
    assert t.dodo["return_url"] == "https://shop.example.com/success"


# -- Ruby -------------------------------------------------------------------------------------


def test_ruby_keyword_pairs_translate_to_a_product_cart() -> None:
    s = only(
        ruby(
            "require 'stripe'\n"
            "session = Stripe::Checkout::Session.create(\n"
            "  mode: 'payment',\n"
            "  line_items: [{\n"
            "    price_data: {currency: 'usd', unit_amount: 2_000,\n"
            "                 product_data: {name: 'Blue T-shirt'}},\n"
            "    quantity: 1,\n"
            "  }],\n"
            '  success_url: "https://shop.example.com/success",\n'
            ")\n"
        )
    )
    assert (s.language, s.callee, s.line, s.column) == (
        "ruby",
        "Stripe.Checkout.Session.create",
        2,
        11,
    )
    check_one_time_translation(s)


def test_ruby_hash_argument_and_request_options_are_left_out() -> None:
    s = only(
        ruby(
            "Stripe::Checkout::Session.create({\n"
            "  :mode => 'payment',\n"
            "  'customer_email' => params[:email],\n"
            "  success_url: YOUR_DOMAIN + '/success',\n"
            '  metadata: {order: "o-#{order.id}"},\n'
            "}, {stripe_account: 'acct_1', idempotency_key: key})\n"
        )
    )
    assert s.params == {
        "mode": "payment",
        "customer_email": {"$dynamic": "params[:email]"},
        "success_url": {"$dynamic": "YOUR_DOMAIN + '/success'"},
        "metadata": {"order": {"$dynamic": '"o-#{order.id}"'}},
    }
    assert s.dynamic == (
        Dynamic("customer_email", "params[:email]"),
        Dynamic("success_url", "YOUR_DOMAIN + '/success'"),
        Dynamic("metadata.order", '"o-#{order.id}"'),
    )


def test_ruby_client_call_with_a_hash_built_above_and_key_assignments() -> None:
    s = only(
        ruby(
            "post '/subscribe' do\n"
            "  client = Stripe::StripeClient.new(ENV['KEY'])\n"
            "  params = {mode: 'payment'}\n"
            "  params = {\n"
            "    mode: 'subscription',\n"
            "    line_items: [{price: 'price_pro', quantity: 1}],\n"
            "  }\n"
            "  params[:client_reference_id] = current_user.id\n"
            "  params['allow_promotion_codes'] = true\n"
            "  client.v1.checkout.sessions.create(params)\n"
            "  params[:customer] = 'cus_after_the_call'\n"
            "end\n"
        )
    )
    assert s.callee == "client.v1.checkout.sessions.create"
    assert s.params == {
        "mode": "subscription",
        "line_items": [{"price": "price_pro", "quantity": 1}],
        "client_reference_id": {"$dynamic": "current_user.id"},
        "allow_promotion_codes": True,
    }  # the first hash was replaced; the assignment after the call is not part of it
    assert s.dynamic == (Dynamic("client_reference_id", "current_user.id"),)


def test_ruby_literal_kinds() -> None:
    s = only(
        ruby(
            "Stripe::Checkout::Session.create(\n"
            "  a: 1_500, b: 1.5, c: nil, d: false, e: :payment, f: %w[card link],\n"
            '  g: [*extra, \'x\'], h: -3, i: \'it\\\'s\', j: "tab\\tend", k: "a" "b", **more)\n'
        )
    )
    assert s.params == {
        "a": 1500,
        "b": 1.5,
        "c": None,
        "d": False,
        "e": "payment",
        "f": ["card", "link"],
        "g": [{"$dynamic": "*extra"}, "x"],
        "h": -3,
        "i": "it's",
        "j": "tab\tend",
        "k": "ab",
    }
    assert s.dynamic == (Dynamic("g[0]", "*extra"), Dynamic("", "**more"))


def test_ruby_constants_and_scopes() -> None:
    sites = ruby(
        "PRICE_ID = 'price_top'\n"
        "mode = 'payment'\n"
        "module Pricing\n"
        "  TSHIRT = 'price_tshirt'\n"
        "end\n"
        "class Shop\n"
        "  PRICE_ID = 'price_shop'\n"
        "  def buy(qty)\n"
        "    Stripe::Checkout::Session.create(mode: mode, line_items: [\n"
        "      {price: PRICE_ID, quantity: qty}, {price: Pricing::TSHIRT, quantity: 1},\n"
        "      {price: LATER, quantity: 1}])\n"
        "  end\n"
        "  LATER = 'price_later'\n"
        "end\n"
        "[1].each do |n|\n"
        "  Stripe::Checkout::Session.create(mode: mode, line_items: [{price: PRICE_ID}])\n"
        "end\n"
    )
    in_method, in_block = created(sites)
    # a def sees no outer local variables, but constants (even ones defined below it)
    assert in_method.params == {
        "mode": {"$dynamic": "mode"},
        "line_items": [
            {"price": "price_shop", "quantity": {"$dynamic": "qty"}},
            {"price": "price_tshirt", "quantity": 1},
            {"price": "price_later", "quantity": 1},
        ],
    }
    # a block sees the locals around it
    assert in_block.params == {"mode": "payment", "line_items": [{"price": "price_top"}]}


def test_ruby_block_parameter_shadows_an_outer_hash() -> None:
    s = only(
        ruby(
            "params = {mode: 'payment'}\n"
            "jobs.each { |params| Stripe::Checkout::Session.create(params) }\n"
        )
    )
    assert s.params == {}
    assert s.dynamic == (Dynamic("", "params"),)


def test_ruby_related_sites_and_event_types() -> None:
    sites = ruby(
        "event = Stripe::Webhook.construct_event(payload, sig, secret)\n"
        "case event.type\n"
        "when 'checkout.session.completed'\n"
        "  s = Stripe::Checkout::Session.retrieve(id)\n"
        "  items = Stripe::Checkout::Session.list_line_items(id)\n"
        "  client.v1.checkout.sessions.line_items.list(id)\n"
        "  client.v1.checkout.sessions.retrieve(id)\n"
        "end\n"
        "Stripe::Subscription.create(customer: c, items: [{price: p}], proration_behavior: 'none')"
        "\n"
        "Stripe::PaymentIntent.confirm(intent_id, off_session: true)\n"
    )
    assert summary(sites) == [
        (1, "related", "X003", None),
        (3, "related", "X004", "checkout.session.completed"),
        (4, "related", "X001", None),
        (5, "related", "X002", None),
        (6, "related", "X002", None),
        (7, "related", "X001", None),
        (9, "call", None, None),  # was X005: a subscription creation is translated
        (10, "related", "X013", None),
    ]
    assert sites[6].translation is not None
    assert sites[6].translation.kind == "saved_method_subscription"
    assert "SC017" in {f.code for f in sites[6].findings}


def test_ruby_lookalikes_are_not_found() -> None:
    sites = ruby(
        "# Stripe::Checkout::Session.create(mode: 'payment')\n"
        "HELP = 'call Stripe::Checkout::Session.create(mode: \"payment\")'\n"
        "Stripe::BillingPortal::Session.create(customer: c, return_url: 'https://x')\n"
        "Stripe::PaymentIntent.create(amount: 1000, currency: 'usd')\n"
        "client.v1.billing_portal.sessions.create({customer: c})\n"
        "cart.create_checkout_session(mode: 'payment')\n"
    )
    # the PaymentIntent is no Checkout Session, but a call around Checkout (translated); the
    # billing portal sessions are related code (X036: Dodo's customer portal replaces them)
    assert summary(sites) == [
        (3, "related", "X036", None),
        (4, "call", None, None),
        (5, "related", "X036", None),
    ]


# -- PHP --------------------------------------------------------------------------------------


def test_php_static_call_translates_to_a_product_cart() -> None:
    s = only(
        php(
            "$session = \\Stripe\\Checkout\\Session::create([\n"
            "    'mode' => 'payment',\n"
            "    'line_items' => [[\n"
            "        'price_data' => ['currency' => 'usd', 'unit_amount' => 2_000,\n"
            "                         'product_data' => ['name' => 'Blue T-shirt']],\n"
            "        'quantity' => 1,\n"
            "    ]],\n"
            '    "success_url" => "https://shop.example.com/success",\n'
            "]);\n"
        )
    )
    assert (s.language, s.callee, s.line, s.column) == (
        "php",
        "Stripe.Checkout.Session.create",
        2,
        12,
    )
    check_one_time_translation(s)


def test_php_client_call_old_array_syntax_and_request_options() -> None:
    s = only(
        php(
            "$stripe->checkout->sessions->create(array(\n"
            "    'payment_method_types' => array('card'),\n"
            "    'customer_email' => $_POST['email'],\n"
            "    'success_url' => $DOMAIN . '/success',\n"
            '    "cancel_url" => "{$DOMAIN}/cancel",\n'
            "    'metadata' => ['plan' => \"pro\\n\"],\n"
            "), ['stripe_account' => 'acct_1']);\n"
        )
    )
    assert s.callee == "stripe.checkout.sessions.create"
    assert s.params == {
        "payment_method_types": ["card"],
        "customer_email": {"$dynamic": "$_POST['email']"},
        "success_url": {"$dynamic": "$DOMAIN . '/success'"},
        "cancel_url": {"$dynamic": '"{$DOMAIN}/cancel"'},
        "metadata": {"plan": "pro\n"},
    }
    assert s.dynamic == (
        Dynamic("customer_email", "$_POST['email']"),
        Dynamic("success_url", "$DOMAIN . '/success'"),
        Dynamic("cancel_url", '"{$DOMAIN}/cancel"'),
    )


def test_php_literal_kinds() -> None:
    s = only(
        php(
            "$stripe->checkout->sessions->create([\n"
            "    'a' => 0x10, 'b' => 1.5, 'c' => NULL, 'd' => True, 'e' => false,\n"
            "    'f' => -2, 'g' => 'it\\'s \\n', 'h' => [1, ...$rest],\n"
            "    'i' => [0 => 'x', 1 => 'y'], 'j' => [], ...$defaults,\n"
            "]);\n"
        )
    )
    assert s.params == {
        "a": 16,
        "b": 1.5,
        "c": None,
        "d": True,
        "e": False,
        "f": -2,
        "g": "it's \\n",  # single quotes keep \n as written
        "h": [1, {"$dynamic": "...$rest"}],
        "i": ["x", "y"],
        "j": {},
    }
    assert s.dynamic == (Dynamic("h[1]", "...$rest"), Dynamic("", "...$defaults"))


def test_php_names_key_assignments_and_constants() -> None:
    sites = php(
        "const SUCCESS = 'https://shop.example.com/success';\n"
        "class Billing {\n"
        "    const PRO = 'price_pro';\n"
        "    public function subscribe($user) {\n"
        "        $params = ['mode' => 'payment'];\n"
        "        $params = [];\n"
        "        $params['mode'] = 'subscription';\n"
        "        $params['line_items'] = [['price' => self::PRO, 'quantity' => 1]];\n"
        "        $params['success_url'] = SUCCESS;\n"
        "        $params['client_reference_id'] = $user->id;\n"
        "        $s = $this->stripe->checkout->sessions->create($params);\n"
        "        $params['customer'] = 'cus_after_the_call';\n"
        "        return $s;\n"
        "    }\n"
        "}\n"
    )
    s = only(sites)
    assert s.params == {
        "mode": "subscription",
        "line_items": [{"price": "price_pro", "quantity": 1}],
        "success_url": "https://shop.example.com/success",
        "client_reference_id": {"$dynamic": "$user->id"},
    }
    assert s.dynamic == (Dynamic("client_reference_id", "$user->id"),)


def test_php_function_scopes() -> None:
    sites = php(
        "$params = ['mode' => 'payment'];\n"
        "function make() { return $GLOBALS['s']->checkout->sessions->create($params); }\n"
        "$a = function () use ($params) { return $s->checkout->sessions->create($params); };\n"
        "$b = fn() => $s->checkout->sessions->create($params);\n"
        "$c = fn($params) => $s->checkout->sessions->create($params);\n"
        "$d = function () { return $s->checkout->sessions->create($params); };\n"
    )
    found = [s.params for s in created(sites)]
    # a function sees no outer variable; a closure those it uses; an arrow function all but
    # its parameters
    assert found == [{}, {"mode": "payment"}, {"mode": "payment"}, {}, {}]


@pytest.mark.parametrize(
    "use",
    [
        "use Stripe\\Checkout\\Session;",
        "use \\Stripe\\Checkout\\Session;",
        "use Stripe\\Checkout\\Session as Session;",
        "use Stripe\\{Checkout\\Session, Customer};",
    ],
)
def test_php_imported_session_class(use: str) -> None:
    s = only(php(f"{use}\n$s = Session::create(['mode' => 'setup']);\n"))
    assert (s.callee, s.params) == ("Session.create", {"mode": "setup"})


def test_php_imported_checkout_namespace() -> None:
    s = only(php("use Stripe\\Checkout;\nCheckout\\Session::create(['mode' => 'setup']);\n"))
    assert s.params == {"mode": "setup"}


@pytest.mark.parametrize(
    "use",
    [
        "use Stripe\\BillingPortal\\Session;",
        "use App\\Models\\Session;",
        "use Stripe\\Checkout\\Session as CheckoutSession;",  # Session is not that class
        "",
    ],
)
def test_php_session_class_from_elsewhere_is_not_checkout(use: str) -> None:
    sites = php(f"{use}\n$s = Session::create(['customer' => $c]);\n")
    # the billing portal's Session is related code (X036); no other is reported
    expected = [(3, "related", "X036", None)] if "BillingPortal" in use else []
    assert summary(sites) == expected


def test_php_related_sites_and_event_types() -> None:
    sites = php(
        "$event = \\Stripe\\Webhook::constructEvent($payload, $sig, $secret);\n"
        "switch ($event->type) {\n"
        "    case 'checkout.session.completed':\n"
        "        $s = $stripe->checkout->sessions->retrieve($id);\n"
        "        $items = $stripe->checkout->sessions->allLineItems($id);\n"
        "        $t = \\Stripe\\Checkout\\Session::retrieve($id);\n"
        "        break;\n"
        '    case "invoice.paid":\n'
        "        break;\n"
        "}\n"
        "$stripe->subscriptions->create(['customer' => $c,"
        " 'proration_behavior' => 'always_invoice']);\n"
        "$stripe->paymentIntents->confirm($id, ['off_session' => true]);\n"
    )
    assert summary(sites) == [
        (2, "related", "X003", None),
        (4, "related", "X004", "checkout.session.completed"),
        (5, "related", "X001", None),
        (6, "related", "X002", None),
        (7, "related", "X001", None),
        (9, "related", "X004", "invoice.paid"),
        (12, "call", None, None),  # was X005: a subscription creation is translated
        (13, "related", "X013", None),
    ]


def test_php_lookalikes_are_not_found() -> None:
    sites = php(
        "// $stripe->checkout->sessions->create(['mode' => 'payment']);\n"
        "/* \\Stripe\\Checkout\\Session::create(['mode' => 'setup']); */\n"
        "$help = 'Use \\Stripe\\Checkout\\Session::create() instead';\n"
        "$portal = $stripe->billingPortal->sessions->create(['customer' => $c]);\n"
        "$p = \\Stripe\\BillingPortal\\Session::create(['customer' => $c]);\n"
        "$intent = $stripe->paymentIntents->create(['amount' => 1000, 'currency' => 'usd']);\n"
    )
    # the PaymentIntent is no Checkout Session, but a call around Checkout (translated); the
    # billing portal sessions are related code (X036: Dodo's customer portal replaces them)
    assert summary(sites) == [
        (5, "related", "X036", None),
        (6, "related", "X036", None),
        (7, "call", None, None),
    ]


def test_php_related_calls_through_an_imported_alias_are_found() -> None:
    # WordPress plugins alias stripe-php's classes to their pre-namespace names; a file that
    # imports the billing portal's Session calls it by its short name
    sites = php(
        "use Stripe\\Price as Stripe_Price;\n"
        "use Stripe\\BillingPortal\\Session;\n"
        "use App\\Models\\Plan as Stripe_Plan;\n"
        "$p = Stripe_Price::create(['product' => 'prod_1', 'currency' => 'usd',"
        " 'unit_amount' => $amount]);\n"
        "$portal = Session::create(['customer' => $c, 'return_url' => $url]);\n"
        "$plan = Stripe_Plan::create(['name' => 'Pro']);\n"
        "$i = STRIPE_PRICE::create(['product' => 'prod_1', 'currency' => 'usd',"
        " 'unit_amount' => 500]);\n"
    )
    assert summary(sites) == [
        (5, "related", "X031", None),
        (6, "related", "X036", None),
        (8, "related", "X031", None),  # PHP's class names are not case-sensitive
    ]


def test_php_calls_inside_template_code_are_found() -> None:
    # Paid Memberships Pro: a method with inline HTML made the whole file one parse error
    source = (
        "<?php\n"
        "use Stripe\\Checkout\\Session as Stripe_Checkout_Session;\n"
        "class Gateway {\n"
        "    function settings($gateway) {\n"
        "        $help = 'a ?> in a string';  // and a comment ?>\n"
        "        <tr <?php if ($gateway != 'stripe') { ?>style=\"display: none;\"<?php } ?>>\n"
        "        <td><?= esc_html($gateway) ?></td></tr>\n"
        "        <?php\n"
        "    }\n"
        "    function checkout($customer) {\n"
        "        $params = array('customer' => $customer->id, 'mode' => 'payment');\n"
        "        return Stripe_Checkout_Session::create($params);\n"
        "    }\n"
        "}\n"
    )
    blanked = parser_text(source)
    assert len(blanked) == len(source)
    assert blanked.splitlines()[4] == "        $help = 'a ?> in a string';  // and a comment ; "
    site = only(list(scan_source(source, "x.php", BY_NAME["php"])))
    assert (site.line, site.params) == (
        12,
        {"customer": {"$dynamic": "$customer->id"}, "mode": "payment"},
    )


def test_a_template_that_starts_with_html_is_read() -> None:
    """A PHP view whose HTML comes before its first open tag (``<html lang="ja"><?php``, a
    Laravel Blade view calling Stripe) was one parse error: its creation was not found. The
    HTML before the tag is blanked for the parser, every offset kept."""
    source = (
        '<!DOCTYPE html>\n<html lang="ja">\n<?php\n'
        "$stripe = new \\Stripe\\StripeClient(config('stripe.key'));\n"
        "$session = $stripe->checkout->sessions->create([\n"
        "    'mode' => 'payment',\n"
        "    'line_items' => [['price' => 'price_1', 'quantity' => 2]],\n"
        "    'success_url' => $success,\n"
        "]);\n?>\n</html>\n"
    )
    blanked = parser_text(source)
    assert len(blanked) == len(source)
    assert [line.strip() for line in blanked.splitlines()[:3]] == ["", "", "<?php"]
    site = only(list(scan_source(source, "sold.blade.php", BY_NAME["php"])))
    assert site.line == 5
    assert site.params["line_items"] == [{"price": "price_1", "quantity": 2}]
