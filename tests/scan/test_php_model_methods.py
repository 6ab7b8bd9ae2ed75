"""Line items a model method builds, called on the controller's object (Laravel's
``'line_items' => $order->stripeLineItems()`` with ``store(Order $order)``, the method in
app/Models/Order.php). Only the controller's own methods were followed, so such a list was
run-time line items built with inline prices, blocked (RT015). The model's method is read now,
``$this`` written as the caller's object, when the object's class is known where it is bound and
the method can be read at the call."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.scan.scan import CallSite, scan_paths
from tests.scan.trees import write_tree

MODEL = """<?php

namespace App\\Models;

use Illuminate\\Database\\Eloquent\\Model;

class Order extends Model
{
    public function stripeLineItems(): array
    {
        return $this->items->map(fn ($item) => [
            'price_data' => [
                'currency' => 'usd',
                'product_data' => ['name' => $item->name],
                'unit_amount' => $item->price_cents,
            ],
            'quantity' => $item->quantity,
        ])->all();
    }

    public function totalLine(): array
    {
        return [[
            'price_data' => [
                'currency' => 'eur',
                'product_data' => ['name' => $this->title],
                'unit_amount' => $this->total_cents,
            ],
            'quantity' => 1,
        ]];
    }

    public function paidLine(): array
    {
        $this->status = 'pending';
        $this->save();
        return $this->totalLine();
    }
}
"""

CONTROLLER = """<?php

namespace App\\Http\\Controllers;

use App\\Models\\Order;
use Stripe\\Checkout\\Session;

class CheckoutController extends Controller
{
    public function store(Order $order)
    {
        $session = Session::create([
            'mode' => 'payment',
            'line_items' => $order->stripeLineItems(),
            'success_url' => route('checkout.success'),
        ]);
        return redirect($session->url);
    }

    public function total($id)
    {
        $order = Order::findOrFail($id);
        $session = Session::create([
            'mode' => 'payment',
            'line_items' => $order->totalLine(),
            'success_url' => route('checkout.success'),
        ]);
        return redirect($session->url);
    }
}
"""

ENTITY = """<?php

namespace App\\Entity;

class Booking
{
    private ?int $priceCents = null;
    private string $label = '';

    public function getPriceCents(): ?int
    {
        return $this->priceCents;
    }

    public function getLabel(): string
    {
        return $this->label;
    }

    public function publicLines(): array
    {
        return [['price_data' => ['currency' => 'eur',
            'product_data' => ['name' => $this->getLabel()],
            'unit_amount' => $this->getPriceCents()], 'quantity' => 1]];
    }

    public function privateLines(): array
    {
        return [['price_data' => ['currency' => 'eur',
            'product_data' => ['name' => $this->label],
            'unit_amount' => $this->priceCents], 'quantity' => 1]];
    }
}
"""

SYMFONY = """<?php

namespace App\\Controller;

use App\\Entity\\Booking;
use Stripe\\Checkout\\Session;

class PayController
{
    public function pay(Booking $booking): string
    {
        $session = Session::create([
            'mode' => 'payment',
            'line_items' => $booking->LINES(),
            'success_url' => 'https://book.example/ok',
        ]);
        return $session->url;
    }
}
"""

COMPOSER = '{"autoload": {"psr-4": {"App\\\\": "src/"}}}'


def _laravel(tmp_path: Path, controller: str = CONTROLLER) -> list[CallSite]:
    folder = write_tree(
        tmp_path,
        {"app/Models/Order.php": MODEL, "app/Http/Controllers/CheckoutController.php": controller},
    )
    return [s for s in scan_paths([str(folder)]) if s.kind == "create"]


def _codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_a_model_method_over_its_rows_gives_each_amount(tmp_path: Path) -> None:
    store, total = _laravel(tmp_path)
    assert "RT015" not in _codes(store) and store.status != "blocked"
    text = store.suggestion or ""
    assert "], iterator_to_array($order->items, false)));" in text
    assert "'amount' => (filter_var($item->price_cents," in text
    assert "$this" not in text
    assert "RT015" not in _codes(total)
    assert "$dodoBody->{'product_cart'}[0]->{'amount'} = (filter_var($order->total_cents," in (
        total.suggestion or ""
    )


@pytest.mark.skipif(shutil.which("php") is None, reason="php is not installed")
def test_the_dodo_cart_charges_what_the_model_says(tmp_path: Path) -> None:
    store, _ = _laravel(tmp_path)
    code = store.suggestion or ""
    body = code[: code.index("$dodoCurl = ")]
    script = (
        "function route($n) { return 'https://shop.example/ok'; }\n"
        "$order = new stdClass();\n"
        "$order->items = new ArrayIterator([\n"
        "  (object) ['name' => 'Mug', 'price_cents' => 1250, 'quantity' => 2],\n"
        "  (object) ['name' => 'Tee', 'price_cents' => 2000, 'quantity' => 1],\n"
        "]);\n" + body + "echo json_encode($dodoBody->product_cart);\n"
    )
    out = subprocess.run(["php", "-r", script], capture_output=True, text=True, check=True)
    lines = json.loads(out.stdout)
    assert [(line["quantity"], line["amount"]) for line in lines] == [(2, 1250), (1, 2000)]


@pytest.mark.parametrize(
    ("binding", "call"),
    [
        ("$order = Order::where('id', $id)->get();", "$order->totalLine()"),  # rows
        ("$order = Order::findOrFail($id);", "$order->paidLine()"),  # changes and saves
        ("$order = $this->orders->find($id);", "$order->totalLine()"),  # class unknown
    ],
)
def test_what_is_not_one_known_row_or_does_more_stays_a_run_time_list(
    tmp_path: Path, binding: str, call: str
) -> None:
    controller = CONTROLLER.replace("$order = Order::findOrFail($id);", binding).replace(
        "$order->totalLine()", call
    )
    _, total = _laravel(tmp_path, controller)
    assert "RT015" in _codes(total)
    assert "$order->total_cents" not in (total.suggestion or "")


@pytest.mark.parametrize(("method", "readable"), [("publicLines", True), ("privateLines", False)])
def test_a_psr4_entity_is_read_through_its_public_members_only(
    tmp_path: Path, method: str, readable: bool
) -> None:
    folder = write_tree(
        tmp_path,
        {
            "composer.json": COMPOSER,
            "src/Entity/Booking.php": ENTITY,
            "src/Controller/PayController.php": SYMFONY.replace("LINES", method),
        },
    )
    (site,) = [s for s in scan_paths([str(folder)]) if s.kind == "create"]
    text = site.suggestion or ""
    if readable:
        assert "RT015" not in _codes(site)
        assert "(filter_var($booking->getPriceCents()," in text
    else:
        assert "RT015" in _codes(site)  # $booking->priceCents is private: not readable there
        assert "$booking->priceCents" not in text


SERVICE = """<?php

namespace App\\Service;

class CartService
{
    public function __construct(private int $markup = 0, public string $currency = 'eur')
    {
    }

    public function lines(array $cart): array
    {
        $lines = [];
        foreach ($cart as $row) {
            $line = ['price_data' => ['currency' => $this->currency,
                'product_data' => ['name' => $row['name']],
                'unit_amount' => $row['cents']], 'quantity' => $row['qty']];
            $lines[] = $line;
        }
        return $lines;
    }

    public function markedLines(array $cart): array
    {
        $lines = [];
        foreach ($cart as $row) {
            $line = ['price_data' => ['currency' => 'eur',
                'product_data' => ['name' => $row['name']],
                'unit_amount' => $row['cents'] + $this->markup], 'quantity' => $row['qty']];
            $lines[] = $line;
        }
        return $lines;
    }
}
"""

SERVICE_CONTROLLER = """<?php

namespace App\\Controller;

use App\\Service\\CartService;
use Stripe\\Checkout\\Session;

class PayController
{
    public function pay(CartService $carts, array $cart): string
    {
        $session = Session::create([
            'mode' => 'payment',
            'line_items' => $carts->METHOD($cart),
            'success_url' => 'https://book.example/ok',
        ]);
        return $session->url;
    }
}
"""


@pytest.mark.parametrize(("method", "readable"), [("lines", True), ("markedLines", False)])
def test_an_injected_service_and_its_promoted_private_property(
    tmp_path: Path, method: str, readable: bool
) -> None:
    folder = write_tree(
        tmp_path,
        {
            "composer.json": COMPOSER,
            "src/Service/CartService.php": SERVICE,
            "src/Controller/PayController.php": SERVICE_CONTROLLER.replace("METHOD", method),
        },
    )
    (site,) = [s for s in scan_paths([str(folder)]) if s.kind == "create"]
    text = site.suggestion or ""
    assert "$carts->markup" not in text  # private: never written at the call
    if readable:
        assert "'amount' => (filter_var($row['cents']," in text
        assert "], [...$cart]));" in text
        (said,) = [f.message for f in site.findings if f.code == "RT011"]
        assert "($carts->currency)" in said  # public: the caller's object holds it
    else:
        assert "RT015" in _codes(site)
