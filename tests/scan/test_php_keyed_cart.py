"""A PHP cart kept keyed by product id (Laravel's ``session('cart')``, ``[$id => $row]``) and
turned into line items in a ``foreach ($cart as $id => $row) { $lines[] = [...]; }``. The Dodo
call mapped it with ``array_map``, which keeps the array's keys: ``json_encode`` then sends the
product cart as a JSON object (``{"12": {...}}``), not the list Dodo takes, and the checkout
fails. The mapped lines are renumbered (``array_values``), as ``$lines[]`` numbers them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.scan.trees import creates, write_tree

CONTROLLER = """<?php
namespace App\\Http\\Controllers;

class BasketController extends Controller
{
    public function pay()
    {
        $lines = [];
        foreach (session('basket') as $productId => $row) {
            $lines[] = ['price' => $row['stripe_price'], 'quantity' => $row['qty']];
        }
        $s = \\Stripe\\Checkout\\Session::create([
            'line_items' => $lines,
            'mode' => 'payment',
            'success_url' => route('paid'),
        ]);
        return redirect()->away($s->url);
    }
}
"""


def test_a_cart_keyed_by_product_id_is_sent_as_a_list(tmp_path: Path) -> None:
    (site,) = creates(write_tree(tmp_path, {"BasketController.php": CONTROLLER}))
    code = site.suggestion
    assert "$dodoBody->{'product_cart'} = array_values(array_map(fn($row) => [" in code
    assert "], session('basket')));" in code


@pytest.mark.skipif(shutil.which("php") is None, reason="php is not installed")
def test_the_renumbered_lines_encode_as_a_json_list(tmp_path: Path) -> None:
    (site,) = creates(write_tree(tmp_path, {"BasketController.php": CONTROLLER}))
    start = site.suggestion.index("array_values(array_map(")
    end = site.suggestion.index("session('basket')));") + len("session('basket')))")
    mapped = site.suggestion[start:end].replace("session('basket')", "$basket")
    mapped = mapped.replace("\\DodoIds::productId(", "strval(")
    script = (
        "<?php $basket = [12 => ['stripe_price' => 'price_a', 'qty' => 2],"
        f" 40 => ['stripe_price' => 'price_b', 'qty' => 1]]; echo json_encode({mapped});"
    )
    out = subprocess.run(["php", "-r", script[6:]], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [
        {"product_id": "price_a", "quantity": 2},
        {"product_id": "price_b", "quantity": 1},
    ]
