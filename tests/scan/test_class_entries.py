"""An entry of a class's literal array or hash read by literal keys: PHP's
``self::PRICES['pro']`` and ``$this->config['prices']['pro']``, Ruby's ``PRICES[:pro]`` and
``@config[:prices][:pro]``. They were run-time values (the price id not inlined, its amount not
checked; a ``mode`` read so taken as chosen at run time, RT005), where a local's entry was read.
A constant's entry is read now, and a property's or instance variable's where the class sets it
once to a literal (its declaration or its constructor) and never changes it; otherwise (public,
an accessor, an entry written, set twice, set from a parameter or ``ENV``) it stays a run-time
value."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PHP = """\
<?php
class Billing {
    const PRICES = ['pro' => 'price_1Const', 'team' => 'price_1Team'];
    private $config;

    public function __construct() {
        $this->config = ['prices' => ['pro' => 'price_1Prop'], 'mode' => 'subscription'];
    }
EXTRA
    public function openConst() {
        return \\Stripe\\Checkout\\Session::create([
            'mode' => 'subscription',
            'success_url' => 'https://shop.example.com/done',
            'line_items' => [['price' => self::PRICES['pro'], 'quantity' => 1]],
        ]);
    }

    public function openProp() {
        return \\Stripe\\Checkout\\Session::create([
            'mode' => $this->config['mode'],
            'success_url' => 'https://shop.example.com/done',
            'line_items' => [['price' => $this->config['prices']['pro'], 'quantity' => 1]],
        ]);
    }
}
"""

RUBY = """\
require "stripe"

class Billing
  PRICES = { pro: "price_1Const", team: "price_1Team" }.freeze

  def initialize
    @config = { prices: { pro: "price_1Prop" }, mode: "subscription" }
  end
EXTRA
  def open_const
    Stripe::Checkout::Session.create(
      mode: "subscription",
      success_url: "https://shop.example.com/done",
      line_items: [{ price: PRICES[:pro], quantity: 1 }]
    )
  end

  def open_ivar
    Stripe::Checkout::Session.create(
      mode: @config[:mode],
      success_url: "https://shop.example.com/done",
      line_items: [{ price: @config[:prices][:pro], quantity: 1 }]
    )
  end
end
"""


def _sites(code: str, name: str, family: str) -> list[CallSite]:
    found = [s for s in scan_source(code, name, BY_NAME[family]) if s.kind == "create"]
    return sorted(found, key=lambda s: s.line)


@pytest.mark.parametrize(
    ("code", "name", "family"),
    [(PHP, "Billing.php", "php"), (RUBY, "billing.rb", "ruby")],
    ids=["php", "ruby"],
)
def test_entries_of_a_class_constant_and_a_property_set_once_are_read(
    code: str, name: str, family: str
) -> None:
    const, prop = _sites(code.replace("EXTRA\n", ""), name, family)
    assert const.params["line_items"][0]["price"] == "price_1Const"
    assert prop.params["line_items"][0]["price"] == "price_1Prop"
    assert prop.params["mode"] == "subscription"
    assert "RT005" not in [f.code for f in prop.findings]
    assert not prop.dynamic


def test_a_php_property_s_declared_default_is_read_when_the_constructor_does_not_set_it() -> None:
    code = PHP.replace(
        "    private $config;\n",
        "    private $config = ['prices' => ['pro' => 'price_1Default'], 'mode' => 'payment'];\n",
    )
    code = "\n".join(line for line in code.split("\n") if "$this->config = [" not in line)
    _, prop = _sites(code.replace("EXTRA\n", ""), "Billing.php", "php")
    assert prop.params["line_items"][0]["price"] == "price_1Default"
    assert prop.params["mode"] == "payment"


@pytest.mark.parametrize(
    "changes",
    [
        [("private $config;", "public $config;")],
        [("EXTRA\n", "    public function setPro($p) { $this->config['prices']['pro'] = $p; }\n")],
        [("EXTRA\n", "    public function reset() { $this->config = ['prices' => []]; }\n")],
        [("__construct() {", "__construct($pro) {"), ("=> 'price_1Prop'", "=> $pro")],
    ],
    ids=["public", "an entry written", "set twice", "set from a parameter"],
)
def test_a_php_property_that_may_change_stays_a_run_time_value(
    changes: list[tuple[str, str]],
) -> None:
    code = PHP
    for before, after in changes:
        code = code.replace(before, after)
    _, prop = _sites(code.replace("EXTRA\n", ""), "Billing.php", "php")
    price = prop.params["line_items"][0]["price"]
    assert price == {"$dynamic": "$this->config['prices']['pro']"}


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("class Billing\n", "class Billing\n  attr_accessor :config\n"),
        ("EXTRA\n", '  def vip!\n    @config[:prices].merge!(pro: "price_1Vip")\n  end\n'),
        ("EXTRA\n", "  def config\n    @config ||= {}\n  end\n"),
        ('{ pro: "price_1Prop" }', '{ pro: ENV["PRO_PRICE"] }'),
    ],
    ids=["an accessor", "merged into", "set again", "an ENV read"],
)
def test_a_ruby_instance_variable_that_may_change_stays_a_run_time_value(
    before: str, after: str
) -> None:
    code = RUBY.replace(before, after)
    _, prop = _sites(code.replace("EXTRA\n", ""), "billing.rb", "ruby")
    assert prop.params["line_items"][0]["price"] == {"$dynamic": "@config[:prices][:pro]"}
