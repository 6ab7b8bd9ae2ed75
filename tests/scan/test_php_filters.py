"""WordPress filter hooks the params pass through (X033): the Dodo call is translated from the
params as built, and the site names each hook a function may change them through."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

GATEWAY = """\
<?php
function shop_start($order, $price) {
    {
        $title = apply_filters('shop_title', $order->get_title());
        $items = apply_filters('shop_line_items', [['price' => $price, 'quantity' => 1]], $order);
        // what is sent to Stripe
        $args = [
            'mode' => 'payment',
            'line_items' => $items,
            'success_url' => apply_filters('shop_ok_url', 'https://shop.example/ok'),
            'metadata' => ['title' => $title],
        ];
        $args['metadata'] = apply_filters('shop_metadata', $args['metadata'], $order);
        $args = apply_filters( "shop_session_args", $args, $order );
        return \\Stripe\\Checkout\\Session::create($args);
    }
}

function buy_now($order) {
    return shop_start($order, 'price_1Basic');
}
"""

INLINE = """\
<?php
function pay($params) {
    return \\Stripe\\Checkout\\Session::create(apply_filters('pay_args', $params));
}
"""

PLAIN = """\
<?php
function pay($price) {
    $label = apply_filters('pay_label', 'Pay now');
    return \\Stripe\\Checkout\\Session::create([
        'mode' => 'payment',
        'line_items' => [['price' => $price, 'quantity' => 1]],
        'success_url' => 'https://shop.example/ok',
    ]);
}
"""


def _sites(tmp_path: Path, source: str) -> list[CallSite]:
    (tmp_path / "gateway.php").write_text(source)
    return [s for s in scan_paths([str(tmp_path)], stats=ScanStats()) if s.kind == "create"]


def _hooks(site: CallSite) -> list[str]:
    return [f.message for f in site.findings if f.code == "X033"]


def test_each_filter_the_params_pass_through_is_named_at_the_site(tmp_path: Path) -> None:
    wrapper, caller = sorted(_sites(tmp_path, GATEWAY), key=lambda s: s.line)
    messages = _hooks(wrapper)
    assert [m.split(" on its way")[0] for m in messages] == [
        "`$title` passes through the WordPress filter `shop_title` (line 4)",  # a metadata value
        "`$items` passes through the WordPress filter `shop_line_items` (line 5)",
        "A value in `$args` passes through the WordPress filter `shop_ok_url` (line 10)",
        "`$args['metadata']` passes through the WordPress filter `shop_metadata` (line 13)",
        "`$args` passes through the WordPress filter `shop_session_args` (line 14)",
    ]
    # the Dodo call is still the params as built
    assert "product_id: dodo_product_id" not in wrapper.suggestion
    assert "\\DodoIds::productId($price)" in wrapper.suggestion
    # the wrapper's caller goes through the same filters
    assert caller.line == 20
    assert [m.split(" (line")[0] for m in _hooks(caller)] == [
        m.split(" (line")[0] for m in messages
    ]


def test_a_filter_written_in_the_call_is_named(tmp_path: Path) -> None:
    (site,) = _sites(tmp_path, INLINE)
    (message,) = _hooks(site)
    assert message.startswith(
        "The params argument passes through the WordPress filter `pay_args` (line 3)"
    )


def test_a_filter_of_another_value_is_not_named(tmp_path: Path) -> None:
    (site,) = _sites(tmp_path, PLAIN)
    assert _hooks(site) == []
