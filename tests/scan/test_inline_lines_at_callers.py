"""A call of a project wrapper whose own code builds the line items with inline prices the
scanner cannot read is blocked (RT015) as the wrapper's own call is. The caller's file shows no
``price_data``, so the call read as "translated" with a cart looking up each element's
``price``, which the elements do not have (seen in a Symfony shop: the controller calls the
payment service, whose helper builds the lines with the carrier's inline price)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

SERVICE = """<?php
namespace App\\Pay;

use Stripe\\Checkout\\Session;

class Starter
{
    public function rows($order)
    {
        $out = [];
        $i = 0;
        while ($i < count($order->lines)) {
            $line = $order->lines[$i];
            $out[] = ['price_data' => ['currency' => 'eur', 'unit_amount' => $line->cents,
                'product_data' => ['name' => $line->label]], 'quantity' => 1];
            $i++;
        }
        return $out;
    }

    public function start($order)
    {
        return Session::create([
            'mode' => 'payment',
            'line_items' => $this->rows($order),
            'success_url' => 'https://shop.example/paid',
        ]);
    }
}
"""

CONTROLLER = """<?php
namespace App\\Http;

use App\\Pay\\Starter;

class OrderController
{
    public function pay(Starter $starter, int $id)
    {
        $order = Order::find($id);
        return $starter->start($order)->url;
    }
}
"""

HELPERS = """\
import stripe


def rows(order):
    out = []
    i = 1  # counted from 1: a loop the scanner does not read (a counting one from 0 it does)
    while i <= len(order.lines):
        out.append({"price_data": {"currency": "eur", "unit_amount": order.lines[i - 1].cents,
                    "product_data": {"name": order.lines[i - 1].label}}, "quantity": 1})
        i += 1
    return out


def start(order):
    return stripe.checkout.Session.create(
        mode="payment", line_items=rows(order), success_url="https://shop.example/paid"
    )
"""

VIEW = """\
from shop.pay import start


def pay(request, order_id):
    order = Order.objects.get(pk=order_id)
    return redirect(start(order).url)
"""


def sites(tmp_path: Path, files: dict[str, str]) -> list[CallSite]:
    for name, code in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(code, encoding="utf-8")
    stats = ScanStats()
    found = [s for s in scan_paths([str(tmp_path)], stats=stats) if s.kind == "create"]
    assert stats.problems == []
    return found


def blockers(site: CallSite) -> list[str]:
    assert site.translation is not None
    return [f.code for f in site.findings if f.level.value == "blocker"]


def test_php_call_of_a_service_building_inline_lines_is_blocked(tmp_path: Path) -> None:
    found = sites(tmp_path, {"src/Pay/Starter.php": SERVICE, "src/Http/Ctl.php": CONTROLLER})
    (own,) = [s for s in found if s.via is None]
    (call,) = [s for s in found if s.via is not None]
    assert blockers(own) == ["RT015"]
    assert blockers(call) == ["RT015"]  # was translated, looking up `price` per element
    (rt015,) = [f for f in call.findings if f.code == "RT015"]
    assert "`price_data` in rows, in the wrapper Starter.start at" in rt015.message
    assert call.verdict == "blocked"


def test_python_call_of_a_helper_building_inline_lines_is_blocked(tmp_path: Path) -> None:
    found = sites(tmp_path, {"shop/pay.py": HELPERS, "shop/views.py": VIEW})
    (call,) = [s for s in found if s.via is not None]
    assert blockers(call) == ["RT015"]
    assert call.verdict == "blocked"
