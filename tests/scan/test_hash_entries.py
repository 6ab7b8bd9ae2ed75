"""An entry of a local PHP array or Ruby hash read by a literal key is read as the literal it
holds (``$base['mode']``, ``base[:metadata]``, ``$plans[1]``), and a key's new value built from
its old one (``$args['metadata'] = array_merge($args['metadata'], [...])``) reads the old one:
it was a run-time value named after a local, which a wrapper's callers cannot see."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

PHP = """\
<?php
function shop_start($order, $plan) {
    $base = ['mode' => 'payment', 'metadata' => ['source' => 'shop']];
    $plans = ['price_1Basic', 'price_1Pro'];
    $args = [
        'mode' => $base['mode'],
        'line_items' => [['price' => $plans[1], 'quantity' => 1]],
        'success_url' => 'https://shop.example/ok',
        'metadata' => $base['metadata'],
    ];
    $args['metadata'] = array_merge($args['metadata'], ['order' => $order->id]);
    $args['line_items'][] = ['price' => $plans[$plan], 'quantity' => 1];
    return \\Stripe\\Checkout\\Session::create($args);
}

function buy_now($order) {
    return shop_start($order, 0);
}
"""

RUBY = """\
def shop_start(order, plan)
  base = { mode: "payment", metadata: { source: "shop" } }
  plans = ["price_1Basic", "price_1Pro"]
  args = {
    mode: base[:mode],
    line_items: [{ price: plans[1], quantity: 1 }],
    success_url: "https://shop.example/ok",
    metadata: base[:metadata],
  }
  args[:metadata] = args[:metadata].merge(order: order.id)
  args[:line_items] << { price: plans[plan], quantity: 1 }
  Stripe::Checkout::Session.create(args)
end

def buy_now(order)
  shop_start(order, 0)
end
"""


def _sites(tmp_path: Path, name: str, source: str) -> list[CallSite]:
    (tmp_path / name).write_text(source)
    found = [s for s in scan_paths([str(tmp_path)], stats=ScanStats()) if s.kind == "create"]
    return sorted(found, key=lambda s: s.line)


@pytest.mark.parametrize(("name", "source"), [("shop.php", PHP), ("shop.rb", RUBY)])
def test_literal_entries_of_local_hashes_are_read(tmp_path: Path, name: str, source: str) -> None:
    wrapper, caller = _sites(tmp_path, name, source)
    params = wrapper.params
    assert params["mode"] == "payment"  # not chosen at run time (no RT005)
    assert not [f for f in wrapper.findings if f.code == "RT005"]
    assert params["line_items"][0] == {"price": "price_1Pro", "quantity": 1}
    # a key of run-time value stays the code's expression
    second = params["line_items"][1]["price"]
    assert second == {"$dynamic": "$plans[$plan]" if name.endswith(".php") else "plans[plan]"}
    # the key's old value is read where its new one is built from it
    assert params["metadata"]["source"] == "shop"
    assert set(params["metadata"]) == {"source", "order"}
    sources = {d.path: d.source for d in wrapper.dynamic}
    assert "metadata" not in sources
    # the caller's Dodo call names nothing of the wrapper's locals
    assert "TODO_" not in caller.suggestion
    assert not [f for f in caller.findings if f.code == "X021"]
    assert "shop" in caller.suggestion


NESTED_PHP = """\
<?php
function team_checkout($seats) {
    $config = ['stripe' => ['prices' => ['team' => 'price_1Team']], 'site' => 'https://t.example'];
    return \\Stripe\\Checkout\\Session::create([
        'mode' => 'subscription',
        'line_items' => [['price' => $config['stripe']['prices']['team'], 'quantity' => $seats]],
        'success_url' => $config['site'] . '/ok',
    ]);
}
"""

NESTED_RUBY = """\
def team_checkout(seats)
  config = { stripe: { prices: { team: "price_1Team" } }, site: "https://t.example" }
  Stripe::Checkout::Session.create(
    mode: "subscription",
    line_items: [{ price: config[:stripe][:prices][:team], quantity: seats }],
    success_url: "#{config[:site]}/ok",
  )
end
"""


@pytest.mark.parametrize(("name", "source"), [("t.php", NESTED_PHP), ("t.rb", NESTED_RUBY)])
def test_an_entry_of_an_entry_is_read_key_by_key(tmp_path: Path, name: str, source: str) -> None:
    (site,) = _sites(tmp_path, name, source)
    assert site.params["line_items"][0]["price"] == "price_1Team"
