"""RT015 in a Symfony app: the controller's line items come from a method of a service in
``src/Service`` (injected by type, no import of its file), which builds them with inline prices
(a pre-Prices line's ``amount``/``currency``, or ``price_data``). Rails' and Laravel's model and
service folders were searched, Symfony's were not: the call kept RT003's warning, its cart
mapped through a ``price`` the elements lack. A service building price ids stays RT003. A
service method the call can read is followed now (``migrate/scan/lang/php_models.py``): one
that reads its service's private state still blocks."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

SERVICE = """<?php
namespace App\\Service;

class OrderDeskService
{
    public function stripeLines($basket)
    {
        $lines = [];
        foreach ($basket->entries as $entry) {
            $lines[] = [
                'price_data' => [
                    'currency' => 'eur',
                    'unit_amount' => $entry->unitCents,
                    'product_data' => ['name' => $entry->title],
                ],
                'quantity' => $entry->count,
            ];
        }
        return $lines;
    }

    public function planLines($basket)
    {
        return array_map(fn($e) => ['price' => $e->priceId, 'quantity' => 1], $basket->entries);
    }
}
"""

CONTROLLER = """<?php
namespace App\\Controller;

use App\\Service\\BasketService;
use App\\Service\\OrderDeskService;
use Symfony\\Bundle\\FrameworkBundle\\Controller\\AbstractController;

class PaymentController extends AbstractController
{
    public function pay(BasketService $baskets, OrderDeskService $desk)
    {
        $lines = $desk->METHOD($baskets->current());
        $session = \\Stripe\\Checkout\\Session::create([
            'mode' => 'payment',
            'line_items' => $lines,
            'success_url' => 'https://shop.test/ok',
        ]);
        return $this->redirect($session->url);
    }
}
"""


PRIVATE_CURRENCY = SERVICE.replace(
    "class OrderDeskService\n{",
    "class OrderDeskService\n{\n    private string $currency = 'eur';\n",
).replace("'currency' => 'eur'", "'currency' => $this->currency")


def _site(tmp_path: Path, method: str, service: str = SERVICE):  # type: ignore[no-untyped-def]
    top = write_tree(
        tmp_path,
        {
            "src/Service/OrderDeskService.php": service,
            "src/Controller/PaymentController.php": CONTROLLER.replace("METHOD", method),
        },
    )
    (site,) = creates(top)
    return site


def test_a_symfony_service_reading_its_private_state_blocks_the_call(tmp_path: Path) -> None:
    site = _site(tmp_path, "stripeLines", PRIVATE_CURRENCY)
    said = [f.message for f in site.findings if f.code == "RT015"]
    assert len(said) == 1
    assert "in stripeLines, in OrderDeskService.php of src/Service" in said[0]
    assert site.verdict == "blocked"


def test_a_symfony_service_building_inline_prices_gives_each_amount(tmp_path: Path) -> None:
    site = _site(tmp_path, "stripeLines")
    assert "RT015" not in [f.code for f in site.findings]
    assert "'amount' => (filter_var($entry->unitCents," in site.suggestion
    assert "], [...$baskets->current()->entries]));" in site.suggestion


def test_a_symfony_service_building_price_ids_stays_mapped(tmp_path: Path) -> None:
    site = _site(tmp_path, "planLines")
    assert "RT015" not in [f.code for f in site.findings]
    assert site.verdict != "blocked"
