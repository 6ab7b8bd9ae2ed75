"""Following the data in Ruby and PHP (issue 14, section 3): params built over statements,
helpers of the same class, choices, lists built by mapping, aliases, env and config values,
and look-alikes. The markers are the issue 14 spec's: ``$choice`` and ``$each`` beside
``$dynamic``; every run-time value is also listed in the site's ``dynamic``.

The end-to-end checks (``test_*_never_skipped``) hold whatever the translator does with the
markers: a creation whose params are computed is still a creation, and the run-time source
reaches the suggestion."""

from __future__ import annotations

from typing import Any

from migrate.scan import CallSite, Dynamic
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source, site_kind


def ruby(text: str) -> list[CallSite]:
    return list(scan_source(text, "x.rb", BY_NAME["ruby"]))


def php(text: str) -> list[CallSite]:
    return list(scan_source("<?php\n" + text, "x.php", BY_NAME["php"]))


def created(sites: list[CallSite]) -> list[CallSite]:
    return [s for s in sites if s.kind == "create" and site_kind(s) == "create"]


def only(sites: list[CallSite]) -> CallSite:
    (site,) = created(sites)
    return site


def choice(source: str, cond: str, then: Any, else_: Any) -> dict[str, Any]:
    return {"$dynamic": source, "$choice": {"if": cond, "then": then, "else": else_}}


def each(source: str, over: str, var: str, item: Any) -> dict[str, Any]:
    return {"$dynamic": source, "$each": {"over": over, "as": var, "item": item}}


def dyn(source: str) -> dict[str, str]:
    return {"$dynamic": source}


# -- Ruby: hashes built over statements --------------------------------------------------------


def test_ruby_hash_built_over_statements() -> None:
    s = only(
        ruby(
            "def create\n"
            "  params = {mode: 'subscription', line_items: []}\n"
            "  params[:line_items] << {price: 'price_pro', quantity: 1}\n"
            "  params[:line_items].push({price: 'price_seat', quantity: seats})\n"
            "  params[:subscription_data] = {}\n"
            "  params[:subscription_data][:trial_period_days] = 14\n"
            "  params[:metadata] ||= {}\n"
            "  params[:metadata][:user_id] = current_user.id\n"
            "  params.merge!(success_url: success_url, allow_promotion_codes: true)\n"
            "  params.update(cancel_url: 'https://example.com/cancel')\n"
            "  params.reverse_merge!(mode: 'payment', customer_email: current_user.email)\n"
            "  params.store(:client_reference_id, 'web')\n"
            "  params.delete(:allow_promotion_codes)\n"
            "  Stripe::Checkout::Session.create(params)\n"
            "end\n"
        )
    )
    assert s.params == {
        "mode": "subscription",  # reverse_merge! keeps what is there
        "line_items": [
            {"price": "price_pro", "quantity": 1},
            {"price": "price_seat", "quantity": dyn("seats")},
        ],
        "subscription_data": {"trial_period_days": 14},
        "metadata": {"user_id": dyn("current_user.id")},
        "success_url": dyn("success_url"),
        "cancel_url": "https://example.com/cancel",
        "customer_email": dyn("current_user.email"),
        "client_reference_id": "web",
    }
    assert s.dynamic == (
        Dynamic("line_items[1].quantity", "seats"),
        Dynamic("metadata.user_id", "current_user.id"),
        Dynamic("success_url", "success_url"),
        Dynamic("customer_email", "current_user.email"),
    )


def test_ruby_merge_and_double_splat() -> None:
    # pay-rails' shape: args built over statements, then merged with the caller's options
    sites = created(
        ruby(
            "def checkout(**options)\n"
            "  args = {customer: processor_id, mode: 'payment'}\n"
            "  args[:success_url] = options.delete(:success_url) || root_url\n"
            "  ::Stripe::Checkout::Session.create(args.merge(options), stripe_options)\n"
            "end\n"
            "def subscribe(plan)\n"
            "  base = {mode: 'subscription', line_items: [{price: plan, quantity: 1}]}\n"
            "  extra = {allow_promotion_codes: true}\n"
            "  Stripe::Checkout::Session.create(**base, **extra, success_url: URL)\n"
            "end\n"
            "def defaults\n"
            "  Stripe::Checkout::Session.create({mode: 'setup'}.reverse_merge(mode: 'payment',"
            " currency: 'usd'))\n"
            "end\n"
        )
    )
    merged, splats, reverse = sites
    assert merged.params == {
        "customer": dyn("processor_id"),
        "mode": "payment",
        "success_url": dyn("options.delete(:success_url) || root_url"),
    }
    # the caller's options are merged in at run time: a spread of the whole params
    assert Dynamic("", "options") in merged.dynamic
    assert splats.params == {
        "mode": "subscription",
        "line_items": [{"price": dyn("plan"), "quantity": 1}],
        "allow_promotion_codes": True,
        "success_url": dyn("URL"),
    }
    assert reverse.params == {"mode": "setup", "currency": "usd"}


# -- Ruby: helpers of the same class -----------------------------------------------------------

RUBY_SERVICE = (
    "class PaymentService\n"
    "  def generate_payment_url(invoice, order)\n"
    "    ::Stripe::Checkout::Session.create(payment_payload(order), {api_key: api_key})\n"
    "  end\n"
    "\n"
    "  def subscribe(cart, plan: 'monthly')\n"
    "    Stripe::Checkout::Session.create(\n"
    "      mode: 'subscription',\n"
    "      line_items: build_line_items(cart),\n"
    "      customer: customer_id,\n"
    "      success_url: success_redirect_url,\n"
    "      metadata: tags(plan: plan)\n"
    "    )\n"
    "  end\n"
    "\n"
    "  private\n"
    "\n"
    "  def payment_payload(intent)\n"
    "    total = intent.amount_cents\n"
    "    payload = {\n"
    "      line_items: [{quantity: 1, price_data: {currency: intent.currency.downcase,\n"
    "        unit_amount: total, product_data: {name: invoice.number}}}],\n"
    "      mode: 'payment',\n"
    "      payment_intent_data: {metadata: {lago_invoice_id: intent.id}},\n"
    "    }\n"
    "    payload[:customer] = customer.provider_customer_id\n"
    "    payload\n"
    "  end\n"
    "\n"
    "  def build_line_items(basket)\n"
    "    basket.items.map { |item| {price: item.price_id, quantity: item.quantity} }\n"
    "  end\n"
    "\n"
    "  def tags(plan:, source: 'web')\n"
    "    {plan: plan, source: source}\n"
    "  end\n"
    "\n"
    "  def customer_id\n"
    "    current_user.stripe_customer_id\n"
    "  end\n"
    "\n"
    "  def success_redirect_url\n"
    '    "#{base_url}/success?session_id={CHECKOUT_SESSION_ID}"\n'
    "  end\n"
    "end\n"
)


def test_ruby_helper_method_returns_the_params() -> None:
    payment, _ = created(ruby(RUBY_SERVICE))
    # the helper's parameter `intent` reads as the caller's argument `order`; its local
    # `total` as what it holds
    assert payment.params == {
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": dyn("order.currency.downcase"),
                    "unit_amount": dyn("order.amount_cents"),
                    "product_data": {"name": dyn("invoice.number")},
                },
            }
        ],
        "mode": "payment",
        "payment_intent_data": {"metadata": {"lago_invoice_id": dyn("order.id")}},
        "customer": dyn("customer.provider_customer_id"),
    }
    assert [d.path for d in payment.dynamic] == [
        "line_items[0].price_data.currency",
        "line_items[0].price_data.unit_amount",
        "line_items[0].price_data.product_data.name",
        "payment_intent_data.metadata.lago_invoice_id",
        "customer",
    ]


def test_ruby_helper_methods_return_part_of_the_params() -> None:
    _, subscribe = created(ruby(RUBY_SERVICE))
    item = {"price": dyn("item.price_id"), "quantity": dyn("item.quantity")}
    assert subscribe.params == {
        "mode": "subscription",
        "line_items": each("build_line_items(cart)", "cart.items", "item", item),
        # a helper returning a run-time value: the call as written (valid where the call is)
        "customer": dyn("customer_id"),
        "success_url": dyn("success_redirect_url"),
        "metadata": {"plan": dyn("plan"), "source": "web"},
    }
    assert subscribe.dynamic == (
        Dynamic("line_items", "build_line_items(cart)"),
        Dynamic("customer", "customer_id"),
        Dynamic("success_url", "success_redirect_url"),
        Dynamic("metadata.plan", "plan"),
    )


def test_ruby_a_helper_changes_its_parameter() -> None:
    literal, passed = created(
        ruby(
            "class Checkout\n"
            "  def go(opts)\n"
            "    Stripe::Checkout::Session.create(with_defaults({mode: 'payment'}))\n"
            "    Stripe::Checkout::Session.create(with_defaults(opts))\n"
            "  end\n"
            "  private\n"
            "  def with_defaults(args)\n"
            "    args[:success_url] ||= root_url\n"
            "    args[:metadata] = {app: 'web'}\n"
            "    args\n"
            "  end\n"
            "end\n"
        )
    )
    assert literal.params == {
        "mode": "payment",
        "success_url": dyn("root_url"),
        "metadata": {"app": "web"},
    }
    # the caller's run-time hash, with the keys the helper sets on it
    assert passed.params == {"success_url": dyn("root_url"), "metadata": {"app": "web"}}
    assert passed.dynamic == (Dynamic("", "opts"), Dynamic("success_url", "root_url"))


# -- Ruby: choices -----------------------------------------------------------------------------


def test_ruby_a_name_assigned_in_both_branches_is_a_choice() -> None:
    # exercism's shape: a test-mode literal in one branch is never taken as the price
    s = only(
        ruby(
            "def stripe_create_checkout_session\n"
            "  if Rails.env.production?\n"
            "    stripe_price = @enrollment.stripe_price_id\n"
            "  else\n"
            "    stripe_price = 'price_1QCjTestMode'\n"
            "  end\n"
            "  Stripe::Checkout::Session.create({\n"
            "    line_items: [{price: stripe_price, quantity: 1}], mode: 'payment'\n"
            "  })\n"
            "end\n"
        )
    )
    price = choice(
        "stripe_price",
        "Rails.env.production?",
        dyn("@enrollment.stripe_price_id"),
        "price_1QCjTestMode",
    )
    assert s.params == {"line_items": [{"price": price, "quantity": 1}], "mode": "payment"}
    assert s.dynamic == (Dynamic("line_items[0].price", "stripe_price"),)


def test_ruby_branches_elsif_unless_case_and_missing_else() -> None:
    sites = created(
        ruby(
            "def a(level)\n"
            "  if level == 'gold'\n"
            "    price = 'price_gold'\n"
            "  elsif level == 'silver'\n"
            "    price = 'price_silver'\n"
            "  else\n"
            "    price = ENV['BRONZE_PRICE']\n"
            "  end\n"
            "  Stripe::Checkout::Session.create(line_items: [{price: price}])\n"
            "end\n"
            "def b\n"
            "  price = 'price_monthly'\n"
            "  price = 'price_yearly' unless monthly?\n"
            "  Stripe::Checkout::Session.create(line_items: [{price: price}])\n"
            "end\n"
            "def c(plan)\n"
            "  price = case plan\n"
            "          when :monthly then ENV['MONTHLY']\n"
            "          when :annual, 'yearly' then 'price_annual'\n"
            "          else 'price_default'\n"
            "          end\n"
            "  Stripe::Checkout::Session.create(line_items: [{price: price}])\n"
            "end\n"
        )
    )
    prices = [s.params["line_items"][0]["price"] for s in sites]
    assert prices[0] == choice(
        "price",
        "level == 'gold'",
        "price_gold",
        choice("price", "level == 'silver'", "price_silver", dyn("ENV['BRONZE_PRICE']")),
    )
    # no else: the value from before the `unless`
    assert prices[1] == choice("price", "!monthly?", "price_yearly", "price_monthly")
    assert prices[2] == choice(
        "price",
        "plan == :monthly",
        dyn("ENV['MONTHLY']"),
        choice("price", "plan == :annual || plan == 'yearly'", "price_annual", "price_default"),
    )


def test_ruby_ternary_and_fallbacks() -> None:
    s = only(
        ruby(
            "Stripe::Checkout::Session.create(\n"
            "  line_items: [\n"
            "    {price: yearly ? ENV['YEARLY_PRICE'] : ENV['MONTHLY_PRICE']},\n"
            "    {price: ENV['ADDON_PRICE'] || 'price_addon'},\n"
            "    {price: ENV.fetch('SEAT_PRICE', 'price_seat')},\n"
            "    {price: ENV.fetch('SETUP_PRICE') { 'price_setup' }},\n"
            "    {price: params[:price] || nil, quantity: params[:qty] || 1},\n"
            "  ],\n"
            "  mode: 'subscription'\n"
            ")\n"
        )
    )
    items = s.params["line_items"]
    assert items[0]["price"] == choice(
        "yearly ? ENV['YEARLY_PRICE'] : ENV['MONTHLY_PRICE']",
        "yearly",
        dyn("ENV['YEARLY_PRICE']"),
        dyn("ENV['MONTHLY_PRICE']"),
    )
    assert items[1]["price"] == choice(
        "ENV['ADDON_PRICE'] || 'price_addon'",
        "ENV['ADDON_PRICE'] is set",
        dyn("ENV['ADDON_PRICE']"),
        "price_addon",
    )
    assert items[2]["price"] == choice(
        "ENV.fetch('SEAT_PRICE', 'price_seat')",
        "ENV['SEAT_PRICE'] is set",
        dyn("ENV['SEAT_PRICE']"),
        "price_seat",
    )
    assert items[3]["price"]["$choice"]["else"] == "price_setup"
    # a fallback to nil is no choice: the value as written
    assert items[4] == {
        "price": dyn("params[:price] || nil"),
        "quantity": choice("params[:qty] || 1", "params[:qty] is set", dyn("params[:qty]"), 1),
    }
    assert [d.path for d in s.dynamic] == [f"line_items[{i}].price" for i in range(5)] + [
        "line_items[4].quantity"
    ]


# -- Ruby: lists built by mapping --------------------------------------------------------------


def test_ruby_lists_built_by_mapping() -> None:
    sites = created(
        ruby(
            "def a(cart)\n"
            "  Stripe::Checkout::Session.create(\n"
            "    line_items: cart.items.map { |i| {price: i.stripe_price_id, quantity: i.qty} },\n"
            "    mode: 'payment')\n"
            "end\n"
            "def b(cart)\n"
            "  items = cart.items.map do |line|\n"
            "    {price: PRICES[line.sku], quantity: 1}\n"
            "  end\n"
            "  Stripe::Checkout::Session.create(line_items: items, mode: 'payment')\n"
            "end\n"
            "def c(order)\n"
            "  items = []\n"
            "  order.lines.each { |l| items << {price: l.price_id, quantity: l.qty} }\n"
            "  Stripe::Checkout::Session.create(line_items: items, mode: 'payment')\n"
            "end\n"
            "def d(order)\n"
            "  items = [{price: 'price_shipping', quantity: 1}]\n"
            "  order.lines.each { |l| items << {price: l.price_id} if l.paid? }\n"
            "  Stripe::Checkout::Session.create(line_items: items, mode: 'payment')\n"
            "end\n"
        )
    )
    a, b, c, d = (s.params["line_items"] for s in sites)
    assert a == each(
        "cart.items.map { |i| {price: i.stripe_price_id, quantity: i.qty} }",
        "cart.items",
        "i",
        {"price": dyn("i.stripe_price_id"), "quantity": dyn("i.qty")},
    )
    assert b == each(
        "items", "cart.items", "line", {"price": dyn("PRICES[line.sku]"), "quantity": 1}
    )
    assert c == each(
        "items", "order.lines", "l", {"price": dyn("l.price_id"), "quantity": dyn("l.qty")}
    )
    # items before the loop, an append only for some elements: the list as it is at run time
    assert d == dyn("items")
    assert [s.dynamic for s in sites] == [
        (Dynamic("line_items", a["$dynamic"]),),
        (Dynamic("line_items", "items"),),
        (Dynamic("line_items", "items"),),
        (Dynamic("line_items", "items"),),
    ]


# -- Ruby: env vars and config, aliases, look-alikes ----------------------------------------


def test_ruby_env_and_config_stay_run_time_values() -> None:
    s = only(
        ruby(
            "class CheckoutsController < ApplicationController\n"
            "  PRICE = ENV['STRIPE_PRICE']\n"
            "  def create\n"
            "    Stripe::Checkout::Session.create(\n"
            "      line_items: [{price: PRICE}, {price: ENV.fetch('ADDON_PRICE')},\n"
            "                   {price: Rails.application.credentials.dig(:stripe, :seat)},\n"
            "                   {price: Rails.configuration.x.stripe.price}],\n"
            "      mode: 'payment', success_url: ENV['APP_URL'] + '/thanks')\n"
            "  end\n"
            "end\n"
        )
    )
    assert s.params == {
        "line_items": [
            {"price": dyn("PRICE")},
            {"price": dyn("ENV.fetch('ADDON_PRICE')")},
            {"price": dyn("Rails.application.credentials.dig(:stripe, :seat)")},
            {"price": dyn("Rails.configuration.x.stripe.price")},
        ],
        "mode": "payment",
        "success_url": dyn("ENV['APP_URL'] + '/thanks'"),
    }
    assert len(s.dynamic) == 5


def test_ruby_aliases_and_leading_colons() -> None:
    sites = ruby(
        "CheckoutSession = ::Stripe::Checkout::Session\n"
        "module Billing\n"
        "  Session = Stripe::Checkout::Session\n"
        "  Portal = Stripe::BillingPortal::Session\n"
        "  def self.start\n"
        "    CheckoutSession.create(mode: 'payment', line_items: [{price: 'price_a'}])\n"
        "    Session.create(mode: 'setup')\n"
        "    ::Stripe::Checkout::Session.create(mode: 'subscription')\n"
        "    Portal.create(customer: 'cus_1')\n"
        "    User.create(name: 'x')\n"
        "    Session.retrieve('cs_1')\n"
        "  end\n"
        "end\n"
        "Billing::Session.create(mode: 'payment')\n"
    )
    assert [(s.line, s.params.get("mode")) for s in created(sites)] == [
        (6, "payment"),
        (7, "setup"),
        (8, "subscription"),
        (14, "payment"),
    ]
    assert [(s.line, s.rule) for s in sites if s.kind == "related"] == [(11, "X001")]


def test_ruby_lookalikes_are_not_creations() -> None:
    sites = ruby(
        "# Stripe::Checkout::Session.create(mode: 'payment')\n"
        "=begin\n"
        "Stripe::Checkout::Session.create(mode: 'payment')\n"
        "=end\n"
        "session = Stripe::Checkout::Session.retrieve(id)\n"
        "Stripe::Checkout::Session.expire(id)\n"
        "Stripe::Checkout::Session.list(limit: 3)\n"
        "client.v1.checkout.sessions.list\n"
        "Stripe::BillingPortal::Session.create(customer: c)\n"
        "allow(Stripe::Checkout::Session).to receive(:create).and_return(double(url: 'x'))\n"
        "expect(Stripe::Checkout::Session).to receive(:create).with(hash_including(mode: 'x'))\n"
        "Stripe::Checkout::Session.stub(:create) { OpenStruct.new(url: 'x') }\n"
        "it 'redirects' do\n"
        "  client = instance_double(Stripe::StripeClient)\n"
        "  client.v1.checkout.sessions.create(mode: 'payment')\n"
        "end\n"
    )
    assert created(sites) == []


def test_ruby_params_in_a_variable_are_never_skipped() -> None:
    sites = created(
        ruby(
            "class Svc\n"
            "  def a\n"
            "    ::Stripe::Checkout::Session.create(checkout_link_params, {api_key:})\n"
            "  end\n"
            "  def b(args)\n"
            "    Stripe::Checkout::Session.create(args)\n"
            "  end\n"
            "  private\n"
            "  def checkout_link_params\n"
            "    params = {success_url: success_redirect_url, mode: 'setup',\n"
            "              customer: stripe_customer.provider_customer_id}\n"
            "    params[:line_items] = [{price: ENV['STRIPE_PRICE'], quantity: 1}] if paid?\n"
            "    params\n"
            "  end\n"
            "end\n"
        )
    )
    assert [s.line for s in sites] == [3, 6]
    assert sites[0].status != "skipped"
    assert sites[0].params["mode"] == "setup"
    assert "STRIPE_PRICE" in sites[0].suggestion
    assert sites[1].dynamic == (Dynamic("", "args"),)


# -- PHP: arrays built over statements -------------------------------------------------------


def test_php_array_built_over_statements() -> None:
    # a WordPress plugin's shape: $data filled key by key, line items appended
    s = only(
        php(
            "function checkout($order) {\n"
            "    $data = array();\n"
            "    $data['mode'] = 'payment';\n"
            "    $data['line_items'][] = array('price' => 'price_tshirt', 'quantity' => 2);\n"
            "    array_push($data['line_items'], ['price' => $order->shipping_price_id]);\n"
            "    $data['payment_intent_data']['metadata']['order_id'] = $order->id;\n"
            "    $data['customer_email'] = $order->email;\n"
            "    $data += ['mode' => 'subscription', 'locale' => 'auto'];\n"
            "    $data['allow_promotion_codes'] ??= true;\n"
            "    $data['expires_at'] = time() + 3600;\n"
            "    unset($data['expires_at']);\n"
            "    if ($order->is_test) { unset($data['locale']); }\n"
            "    return \\Stripe\\Checkout\\Session::create($data);\n"
            "}\n"
        )
    )
    assert s.params == {
        "mode": "payment",
        "line_items": [
            {"price": "price_tshirt", "quantity": 2},
            {"price": dyn("$order->shipping_price_id")},
        ],
        "payment_intent_data": {"metadata": {"order_id": dyn("$order->id")}},
        "customer_email": dyn("$order->email"),
        # removed only for test orders: a choice, neither kept nor dropped for every order
        "locale": choice("$order->is_test ? null : 'auto'", "$order->is_test", None, "auto"),
        "allow_promotion_codes": True,
    }
    assert s.dynamic == (
        Dynamic("line_items[1].price", "$order->shipping_price_id"),
        Dynamic("payment_intent_data.metadata.order_id", "$order->id"),
        Dynamic("customer_email", "$order->email"),
        Dynamic("expires_at", "time() + 3600"),
        Dynamic("locale", "$order->is_test ? null : 'auto'"),
    )


def test_php_array_merge_wp_parse_args_and_union() -> None:
    sites = created(
        php(
            "class Checkout {\n"
            "    public static function create($owner, array $sessionOptions = []) {\n"
            "        $data = array_merge(['mode' => 'payment'], $sessionOptions);\n"
            "        if ($owner) {\n"
            "            $data['customer'] = $owner->stripeId();\n"
            "        }\n"
            "        $data['success_url'] = $sessionOptions['success_url'] ?? route('home');\n"
            "        return $owner->stripe()->checkout->sessions->create($data);\n"
            "    }\n"
            "}\n"
            "function give($args) {\n"
            "    $defaults = ['mode' => 'payment', 'submit_type' => 'donate'];\n"
            "    $args = wp_parse_args($args, $defaults);\n"
            "    return \\Stripe\\Checkout\\Session::create($args);\n"
            "}\n"
            "function union() {\n"
            "    $base = ['mode' => 'setup'] + ['mode' => 'payment', 'currency' => 'usd'];\n"
            "    return \\Stripe\\Checkout\\Session::create(\n"
            "        array_merge($base, ['locale' => 'fr']));\n"
            "}\n"
        )
    )
    cashier, parsed, union = sites
    assert cashier.params == {
        "mode": "payment",
        "customer": choice(
            "$owner ? $owner->stripeId() : null", "$owner", dyn("$owner->stripeId()"), None
        ),
        "success_url": dyn("$sessionOptions['success_url'] ?? route('home')"),
    }
    # the caller's options are merged at run time: a spread of the whole params
    assert cashier.dynamic[0] == Dynamic("", "$sessionOptions")
    assert parsed.params == {"mode": "payment", "submit_type": "donate"}
    assert parsed.dynamic == (Dynamic("", "$args"),)
    assert union.params == {"mode": "setup", "currency": "usd", "locale": "fr"}
    assert union.dynamic == ()


def test_php_keys_set_on_a_run_time_array_are_read() -> None:
    # GiveWP / Paid Memberships Pro: the params pass through apply_filters; a parameter
    # holds the rest
    sites = created(
        php(
            "function create($args) {\n"
            "    $args = apply_filters('give_stripe_create_checkout_session_args', $args);\n"
            "    $args['payment_intent_data']['application_fee_amount'] = fee($args);\n"
            "    return \\Stripe\\Checkout\\Session::create($args, connected_account());\n"
            "}\n"
            "function level($customer) {\n"
            "    $params = array('customer' => $customer->id, 'mode' => 'subscription');\n"
            "    $params = apply_filters('pmpro_stripe_checkout_session_parameters', $params);\n"
            "    return \\Stripe\\Checkout\\Session::create($params);\n"
            "}\n"
        )
    )
    give, level = sites
    assert give.params == {
        "payment_intent_data": {"application_fee_amount": dyn("fee($args)")},
    }
    assert give.dynamic == (
        Dynamic("", "$args"),
        Dynamic("payment_intent_data.application_fee_amount", "fee($args)"),
    )
    assert level.params == {"customer": dyn("$customer->id"), "mode": "subscription"}


def test_php_params_through_a_deprecated_filter_keep_what_was_built() -> None:
    # a WordPress plugin renaming its hook passes the args in an array: the filter returns
    # the first element; what was built before it is not lost
    s = only(
        php(
            "function pay($order) {\n"
            "    $args = ['mode' => 'payment', 'line_items' => [['price' => $order->price]]];\n"
            "    $args = apply_filters_deprecated('old_args', [$args, $order], '2.0', 'new');\n"
            "    $args = apply_filters_ref_array('shop_args', array($args, $order));\n"
            "    $args['customer_email'] = $order->email;\n"
            "    return \\Stripe\\Checkout\\Session::create($args);\n"
            "}\n"
        )
    )
    assert s.params == {
        "mode": "payment",
        "line_items": [{"price": dyn("$order->price")}],
        "customer_email": dyn("$order->email"),
    }


# -- PHP: helpers --------------------------------------------------------------------------------

PHP_CONTROLLER = (
    "namespace App\\Http\\Controllers;\n"
    "use Stripe\\Checkout\\Session as StripeSession;\n"
    "class CheckoutController extends Controller {\n"
    "    public function store(Request $request) {\n"
    "        $cart = $request->user()->cart;\n"
    "        return StripeSession::create([\n"
    "            'mode' => 'payment',\n"
    "            'line_items' => $this->lineItems($cart),\n"
    "            'metadata' => self::tags($cart->id),\n"
    "            'customer_email' => $this->email(),\n"
    "            'success_url' => success_url($cart),\n"
    "        ]);\n"
    "    }\n"
    "    public function again(Request $request) {\n"
    "        return $this->stripe->checkout->sessions->create($this->params($request->plan));\n"
    "    }\n"
    "    private function lineItems($basket) {\n"
    "        return array_map(fn ($item) => [\n"
    "            'price' => $item->stripe_price_id,\n"
    "            'quantity' => $item->quantity ?? 1,\n"
    "        ], $basket->items);\n"
    "    }\n"
    "    private static function tags($id, $source = 'web') {\n"
    "        return ['cart_id' => $id, 'source' => $source];\n"
    "    }\n"
    "    private function email() { return auth()->user()->email; }\n"
    "    private function params($plan) {\n"
    "        $price = $plan === 'yearly' ? config('services.stripe.yearly')"
    " : config('services.stripe.monthly');\n"
    "        return ['mode' => 'subscription', 'line_items' => [['price' => $price]]];\n"
    "    }\n"
    "}\n"
    "function success_url($cart) { return url('/thanks/' . $cart->id); }\n"
)


def test_php_helpers_of_the_same_class_and_file() -> None:
    store, again = created(php(PHP_CONTROLLER))
    item = {
        "price": dyn("$item->stripe_price_id"),
        "quantity": choice(
            "$item->quantity ?? 1", "$item->quantity is not null", dyn("$item->quantity"), 1
        ),
    }
    assert store.params == {
        "mode": "payment",
        # the helper's parameter $basket reads as the caller's argument $cart
        "line_items": each("$this->lineItems($cart)", "$cart->items", "$item", item),
        "metadata": {"cart_id": dyn("$cart->id"), "source": "web"},
        "customer_email": dyn("$this->email()"),
        "success_url": dyn("success_url($cart)"),
    }
    assert store.dynamic == (
        Dynamic("line_items", "$this->lineItems($cart)"),
        Dynamic("metadata.cart_id", "$cart->id"),
        Dynamic("customer_email", "$this->email()"),
        Dynamic("success_url", "success_url($cart)"),
    )
    # inside the helper, its local $price reads as what it holds (a choice: as a ternary)
    price = choice(
        "(($request->plan === 'yearly') ? config('services.stripe.yearly')"
        " : config('services.stripe.monthly'))",
        "$request->plan === 'yearly'",
        dyn("config('services.stripe.yearly')"),
        dyn("config('services.stripe.monthly')"),
    )
    assert again.params == {"mode": "subscription", "line_items": [{"price": price}]}


def test_php_helper_locals_are_written_as_the_caller_can() -> None:
    level, counted = created(
        php(
            "class Gateway {\n"
            "    public function checkout($level) {\n"
            "        return \\Stripe\\Checkout\\Session::create(self::params($level));\n"
            "    }\n"
            "    public function counted($level) {\n"
            "        return \\Stripe\\Checkout\\Session::create(self::counts($level));\n"
            "    }\n"
            "    private static function params($lvl) {\n"
            "        if ('gold' === $lvl->slug) {\n"
            "            $price = 'price_gold';\n"
            "        } else {\n"
            "            $price = $lvl->stripe_price_id;\n"
            "        }\n"
            "        return ['line_items' => [['price' => $price]],"
            " 'success_url' => home_url('/joined/?price=' . $price)];\n"
            "    }\n"
            "    private static function counts($lvl) {\n"
            "        $items = [];\n"
            "        foreach ($lvl->addons as $addon) { $items[] = ['price' => $addon->price]; }\n"
            "        return ['line_items' => $items, 'metadata' => ['n' => count($items)]];\n"
            "    }\n"
            "}\n"
        )
    )
    # $price, set in branches in the helper, reads as the choice written as a ternary
    spelled = "(('gold' === $level->slug) ? 'price_gold' : $level->stripe_price_id)"
    assert level.params == {
        "line_items": [
            {
                "price": choice(
                    spelled, "'gold' === $level->slug", "price_gold", dyn("$level->stripe_price_id")
                )
            }
        ],
        "success_url": dyn(f"home_url('/joined/?price=' . {spelled})"),
    }
    # count($items) cannot be written where the call is: the helper's call is the value
    assert counted.params == {}
    assert counted.dynamic == (Dynamic("", "self::counts($level)"),)


def test_params_bound_in_both_branches_are_a_choice_key_by_key_with_later_changes() -> None:
    """``$opts = [...]`` in both branches of an if/else (simple-membership's shape), then a key
    set after it: the cart is the choice between the two literals (it was unknown, RT007) and
    the key is carried (it was RT012, not in the Dodo call). Ruby the same."""
    site = only(
        php(
            "function membership($plan_id, $price_in_cents, $currency, $email) {\n"
            "    if (empty($plan_id)) {\n"
            "        $opts = array(\n"
            "            'line_items' => array(array('price_data' => array(\n"
            "                'currency' => $currency, 'unit_amount' => $price_in_cents),\n"
            "                'quantity' => 1)),\n"
            "            'mode' => 'payment',\n"
            "        );\n"
            "    } else {\n"
            "        $opts = array('line_items' => array(array('price' => $plan_id)),"
            " 'mode' => 'subscription');\n"
            "    }\n"
            "    if (!empty($email)) {\n"
            "        $opts['customer_email'] = $email;\n"
            "    }\n"
            "    return \\Stripe\\Checkout\\Session::create($opts);\n"
            "}\n"
        )
    )
    once = [
        {
            "price_data": {"currency": dyn("$currency"), "unit_amount": dyn("$price_in_cents")},
            "quantity": 1,
        }
    ]
    cart = (
        "empty($plan_id) ? [['price_data' => ['currency' => $currency, 'unit_amount' =>"
        " $price_in_cents], 'quantity' => 1]] : [['price' => $plan_id]]"
    )
    email = "!empty($email) ? $email : null"
    assert site.params == {
        "line_items": choice(cart, "empty($plan_id)", once, [{"price": dyn("$plan_id")}]),
        "mode": choice(
            "empty($plan_id) ? 'payment' : 'subscription'",
            "empty($plan_id)",
            "payment",
            "subscription",
        ),
        "customer_email": choice(email, "!empty($email)", dyn("$email"), None),
    }
    assert sorted(d.path for d in site.dynamic) == ["customer_email", "line_items", "mode"]
    codes = [f.code for f in site.findings]
    assert {"RT011", "L113", "RT005"} <= set(codes)
    assert "RT007" not in codes and "RT012" not in codes

    site = only(
        ruby(
            "def membership(plan_id, email)\n"
            "  if plan_id.nil?\n"
            "    opts = { line_items: [{ price: 'price_once', quantity: 1 }], mode: 'payment' }\n"
            "  else\n"
            "    opts = { line_items: [{ price: plan_id, quantity: 1 }], mode: 'subscription' }\n"
            "  end\n"
            "  opts[:customer_email] = email if email\n"
            "  Stripe::Checkout::Session.create(opts)\n"
            "end\n"
        )
    )
    assert site.params["line_items"] == choice(
        "plan_id.nil? ? [{ price: 'price_once', quantity: 1 }] : [{ price: plan_id, quantity: 1 }]",
        "plan_id.nil?",
        [{"price": "price_once", "quantity": 1}],
        [{"price": dyn("plan_id"), "quantity": 1}],
    )
    email = choice("email ? email : nil", "email", dyn("email"), None)
    assert site.params["customer_email"] == email
    assert "RT007" not in [f.code for f in site.findings]


# -- PHP: choices --------------------------------------------------------------------------------


def test_php_choices() -> None:
    sites = created(
        php(
            "function wave($plan, $cycle) {\n"
            "    $price_id = $cycle == 'month' ? $plan->monthly_price_id"
            " : $plan->yearly_price_id ?? null;\n"
            "    return $stripe->checkout->sessions->create(['line_items' => [["
            "'price' => $price_id, 'quantity' => 1]]]);\n"
            "}\n"
            "function membership($level) {\n"
            "    if ($level->id == 1) {\n"
            "        $price = 'price_gold';\n"
            "    } elseif ($level->id == 2) {\n"
            "        $price = 'price_silver';\n"
            "    } else {\n"
            "        $price = get_option('pmpro_default_price');\n"
            "    }\n"
            "    return \\Stripe\\Checkout\\Session::create(\n"
            "        ['line_items' => [['price' => $price]]]);\n"
            "}\n"
            "function coolify($type) {\n"
            "    $priceId = match ($type) {\n"
            "        'dynamic-monthly' => config('subscription.stripe_price_id_monthly'),\n"
            "        'dynamic-yearly', 'yearly' => config('subscription.stripe_price_id_yearly'),\n"
            "        default => 'price_fallback',\n"
            "    };\n"
            "    return \\Stripe\\Checkout\\Session::create(\n"
            "        ['line_items' => [['price' => $priceId]]]);\n"
            "}\n"
            "function fallbacks() {\n"
            "    return \\Stripe\\Checkout\\Session::create(['line_items' => [\n"
            "        ['price' => getenv('PRICE') ?: 'price_env'],\n"
            "        ['price' => $_ENV['PRICE'] ?? 'price_env'],\n"
            "        ['price' => env('STRIPE_PRICE', 'price_env')],\n"
            "        ['price' => $_POST['price'] ?? null],\n"
            "    ]]);\n"
            "}\n"
            "function keys($yearly) {\n"
            "    $data = ['mode' => 'subscription'];\n"
            "    if ($yearly) {\n"
            "        $data['line_items'] = [['price' => 'price_yearly']];\n"
            "    } else {\n"
            "        $data['line_items'] = [['price' => 'price_monthly']];\n"
            "    }\n"
            "    return \\Stripe\\Checkout\\Session::create($data);\n"
            "}\n"
        )
    )
    prices = [s.params["line_items"][0]["price"] for s in sites[:3]]
    assert prices[0] == choice(
        "$price_id",
        "$cycle == 'month'",
        dyn("$plan->monthly_price_id"),
        dyn("$plan->yearly_price_id ?? null"),
    )
    assert prices[1] == choice(
        "$price",
        "$level->id == 1",
        "price_gold",
        choice(
            "$price", "$level->id == 2", "price_silver", dyn("get_option('pmpro_default_price')")
        ),
    )
    assert prices[2] == choice(
        "$priceId",
        "$type === 'dynamic-monthly'",
        dyn("config('subscription.stripe_price_id_monthly')"),
        choice(
            "$priceId",
            "$type === 'dynamic-yearly' || $type === 'yearly'",
            dyn("config('subscription.stripe_price_id_yearly')"),
            "price_fallback",
        ),
    )
    assert [i["price"] for i in sites[3].params["line_items"]] == [
        choice(
            "getenv('PRICE') ?: 'price_env'",
            "getenv('PRICE') is set",
            dyn("getenv('PRICE')"),
            "price_env",
        ),
        choice(
            "$_ENV['PRICE'] ?? 'price_env'",
            "$_ENV['PRICE'] is not null",
            dyn("$_ENV['PRICE']"),
            "price_env",
        ),
        choice(
            "env('STRIPE_PRICE', 'price_env')",
            "env('STRIPE_PRICE') is set",
            dyn("env('STRIPE_PRICE')"),
            "price_env",
        ),
        dyn("$_POST['price'] ?? null"),
    ]
    assert sites[4].params == {
        "mode": "subscription",
        "line_items": choice(
            "$yearly ? [['price' => 'price_yearly']] : [['price' => 'price_monthly']]",
            "$yearly",
            [{"price": "price_yearly"}],
            [{"price": "price_monthly"}],
        ),
    }
    # the choice as the expression it stands for (a helper's local is not there at its use)
    assert sites[4].dynamic == (
        Dynamic(
            "line_items", "$yearly ? [['price' => 'price_yearly']] : [['price' => 'price_monthly']]"
        ),
    )


# -- PHP: lists built by mapping -------------------------------------------------------------


def test_php_lists_built_by_mapping() -> None:
    sites = created(
        php(
            "function a($cart) {\n"
            "    $items = array_map(function ($line) {\n"
            "        return ['price' => $line['price_id'], 'quantity' => $line['qty']];\n"
            "    }, $cart['lines']);\n"
            "    return \\Stripe\\Checkout\\Session::create(['line_items' => $items]);\n"
            "}\n"
            "function b($order) {\n"
            "    foreach ($order->get_items() as $key => $item) {\n"
            "        $line_items[] = ['price' => $item->get_meta('_stripe_price'),"
            " 'quantity' => $item->get_quantity()];\n"
            "    }\n"
            "    return \\Stripe\\Checkout\\Session::create(['line_items' => $line_items]);\n"
            "}\n"
            "function c($cart) {\n"
            "    $items = collect($cart->items)->map(fn ($i) => ['price' => $i->price])->all();\n"
            "    return \\Stripe\\Checkout\\Session::create(['line_items' => $items]);\n"
            "}\n"
            "function d($order) {\n"
            "    $line_items = array();\n"
            "    if ($order->initial) { $line_items[] = array('price' => $order->initial); }\n"
            "    if ($order->recurring) { $line_items[] = array('price' => $order->recurring); }\n"
            "    return \\Stripe\\Checkout\\Session::create(['line_items' => $line_items]);\n"
            "}\n"
        )
    )
    lists = [s.params["line_items"] for s in sites]
    assert lists[0] == each(
        "$items",
        "$cart['lines']",
        "$line",
        {"price": dyn("$line['price_id']"), "quantity": dyn("$line['qty']")},
    )
    assert lists[1] == each(
        "$line_items",
        "$order->get_items()",
        "$item",
        {
            "price": dyn("$item->get_meta('_stripe_price')"),
            "quantity": dyn("$item->get_quantity()"),
        },
    )
    assert lists[2] == each("$items", "$cart->items", "$i", {"price": dyn("$i->price")})
    # items appended in branches: which ones is known at run time only (never both charged)
    assert lists[3] == dyn("$line_items")
    assert [s.dynamic for s in sites] == [
        (Dynamic("line_items", src),) for src in ("$items", "$line_items", "$items", "$line_items")
    ]


# -- PHP: env vars and config, aliases, look-alikes, templates ------------------------------


def test_php_env_and_config_stay_run_time_values() -> None:
    s = only(
        php(
            "$price = $_ENV['PRICE'];\n"
            "\\Stripe\\Checkout\\Session::create(['line_items' => [\n"
            "    ['price' => $price], ['price' => getenv('STRIPE_PRICE')],\n"
            "    ['price' => config('services.stripe.price')], ['price' => env('PRICE_ID')],\n"
            "], 'success_url' => $_ENV['DOMAIN'] . '/success.html']);\n"
        )
    )
    assert s.params == {
        "line_items": [
            {"price": dyn("$price")},
            {"price": dyn("getenv('STRIPE_PRICE')")},
            {"price": dyn("config('services.stripe.price')")},
            {"price": dyn("env('PRICE_ID')")},
        ],
        "success_url": dyn("$_ENV['DOMAIN'] . '/success.html'"),
    }


def test_php_aliases_and_client_properties() -> None:
    sites = php(
        "use Stripe\\Checkout\\Session as Stripe_Checkout_Session;\n"
        "class_alias('\\\\Stripe\\\\Checkout\\\\Session', 'CheckoutSession');\n"
        "Stripe_Checkout_Session::create(['mode' => 'payment']);\n"
        "\\Stripe_Checkout_Session::create(['mode' => 'setup']);\n"
        "CheckoutSession::create(['mode' => 'subscription']);\n"
        "$this->stripe->checkout->sessions->create(['mode' => 'payment']);\n"
        "$this->client()->checkout->sessions->create(['mode' => 'setup']);\n"
        "Stripe_Checkout_Session::retrieve($id);\n"
    )
    assert [(s.line, s.params["mode"]) for s in created(sites)] == [
        (4, "payment"),
        (5, "setup"),
        (6, "subscription"),
        (7, "payment"),
        (8, "setup"),
    ]
    assert [(s.line, s.rule) for s in sites if s.kind == "related"] == [(9, "X001")]


def test_php_the_import_decides_what_session_create_is() -> None:
    portal = php(
        "use Stripe\\BillingPortal\\Session;\n"
        "return Session::create(['customer' => $c, 'return_url' => url('/')]);\n"
    )
    checkout = php(
        "use Stripe\\Checkout\\Session;\n"
        "return Session::create(['customer' => $c, 'mode' => 'payment']);\n"
    )
    assert created(portal) == []
    assert [s.line for s in created(checkout)] == [3]


def test_php_lookalikes_are_not_creations() -> None:
    sites = php(
        "// \\Stripe\\Checkout\\Session::create(['mode' => 'payment']);\n"
        "# $stripe->checkout->sessions->create($data);\n"
        "/** @see \\Stripe\\Checkout\\Session::create() */\n"
        "$s = \\Stripe\\Checkout\\Session::retrieve($id);\n"
        "$stripe->checkout->sessions->expire($id);\n"
        "$all = \\Stripe\\Checkout\\Session::all(['limit' => 3]);\n"
        "$list = $stripe->checkout->sessions->all();\n"
        "$p = \\Stripe\\BillingPortal\\Session::create(['customer' => $c]);\n"
        "$mock->shouldReceive('create')->andReturn((object) ['url' => 'x']);\n"
        "Mockery::mock('alias:' . Session::class)->shouldReceive('create');\n"
        "$sessions->expects($this->once())->method('create')->willReturn($session);\n"
        "$session = CheckoutSession::create($args);\n"  # a project class, not imported
        "$stripe = Mockery::mock(StripeClient::class);\n"
        "$stripe->checkout->sessions->create(['mode' => 'payment']);\n"
        "$client = $this->createMock(StripeClient::class);\n"
        "$client->checkout->sessions->create(['mode' => 'payment']);\n"
    )
    assert created(sites) == []


def test_php_params_in_a_variable_are_never_skipped() -> None:
    sites = created(
        php(
            "function create($args) {\n"
            "    return \\Stripe\\Checkout\\Session::create($args);\n"
            "}\n"
            "function build($order) {\n"
            "    $data = array('mode' => 'payment');\n"
            "    $data['line_items'][] = array('price' => getenv('STRIPE_PRICE'),\n"
            "                                  'quantity' => 1);\n"
            "    return \\Stripe\\Checkout\\Session::create($data);\n"
            "}\n"
        )
    )
    assert [s.line for s in sites] == [3, 9]
    assert sites[0].dynamic == (Dynamic("", "$args"),)
    assert sites[1].status != "skipped"
    assert "STRIPE_PRICE" in sites[1].suggestion
