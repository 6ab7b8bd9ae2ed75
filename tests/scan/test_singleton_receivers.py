"""A call of a wrapper method on its class's singleton (``$billing = Billing::get_instance();
$billing->open_checkout(...)``, the WordPress plugin's way) reaches the wrapper as a call on
``new Billing()`` does, as Python's ``Billing.instance()`` already did. It was not found: the
plugin's REST handler making every checkout had no site (seen in a WordPress membership plugin
whose Stripe class is a singleton)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

BILLING = """<?php
class Shop_Billing {
    private static $instance;

    public static function get_instance() {
        if ( ! self::$instance ) {
            self::$instance = new Shop_Billing();
        }
        return self::$instance;
    }

    public function open_checkout( $price_id, $customer_id, $back ) {
        return \\Stripe\\Checkout\\Session::create( array(
            'mode' => 'subscription',
            'customer' => $customer_id,
            'line_items' => array( array( 'price' => $price_id, 'quantity' => 1 ) ),
            'success_url' => $back,
        ) );
    }
}
"""

REST = """<?php
class Shop_Rest {
    public function checkout( $request ) {
        $billing = Shop_Billing::get_instance();
        $session = $billing->open_checkout( $request['price'], get_customer_id(), home_url() );
        return $session->url;
    }
}
"""


def test_php_call_on_a_singleton_reaches_the_wrapper(tmp_path: Path) -> None:
    (tmp_path / "class-billing.php").write_text(BILLING, encoding="utf-8")
    (tmp_path / "class-rest.php").write_text(REST, encoding="utf-8")
    stats = ScanStats()
    sites: list[CallSite] = [
        s for s in scan_paths([str(tmp_path)], stats=stats) if s.kind == "create"
    ]
    assert stats.problems == []
    (call,) = [s for s in sites if s.via is not None]
    assert call.file.endswith("class-rest.php")
    assert "\\DodoIds::productId($request['price'])" in call.suggestion
    assert "\\DodoIds::customerId(get_customer_id())" in call.suggestion
