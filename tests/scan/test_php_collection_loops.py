"""A PHP cart built in a ``foreach`` over a collection object (a Doctrine entity's
``$basket->getRows()``, an Eloquent relation ``$order->items``): ``foreach`` walks any iterable,
and the Dodo cart was written ``array_map(fn($row) => [...], $rows)``, which takes an array
only: a TypeError where the Stripe code ran (read in a Symfony shop whose cart is a Doctrine
collection). The list a loop reads is spread into an array (``[...$rows]``), which holds for
an array and for a Traversable alike. Checked by running the written cart in PHP."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

SERVICE = """<?php

namespace App\\Service;

use Stripe\\Checkout\\Session;

class Checkout
{
    public function pay($basket)
    {
        $lines = [];
        $rows = $basket->getRows();
        foreach ($rows as $row) {
            $lines[] = [
                'price_data' => [
                    'currency' => 'chf',
                    'unit_amount' => $row->cents,
                    'product_data' => ['name' => 'Row'],
                ],
                'quantity' => $row->count,
            ];
        }

        return Session::create([
            'mode' => 'payment',
            'line_items' => $lines,
            'success_url' => 'https://shop.example/ok',
        ]);
    }
}
"""

RUN = """<?php
class Rows implements IteratorAggregate {
    public function getIterator(): Iterator {
        return new ArrayIterator([
            (object) ['cents' => 1250, 'count' => 2],
            (object) ['cents' => 300, 'count' => 1],
        ]);
    }
}
$rows = new Rows();
$dodoBody = new stdClass();
%s
echo json_encode($dodoBody->{'product_cart'});
"""


def _cart_statement() -> str:
    (site,) = [
        s for s in scan_source(SERVICE, "Checkout.php", BY_NAME["php"]) if s.kind == "create"
    ]
    text = site.suggestion
    start = text.index("$dodoBody->{'product_cart'} =")
    return text[start : text.index(";\n", start) + 1]


def test_the_loop_s_list_is_spread_into_an_array() -> None:
    statement = _cart_statement()
    assert "array_map(fn($row) => [" in statement
    assert statement.rstrip(";").endswith("[...$rows]))")


def test_the_cart_runs_over_a_collection_object(tmp_path: Path) -> None:
    if shutil.which("php") is None:
        pytest.skip("no php")
    script = tmp_path / "run.php"
    script.write_text(RUN % _cart_statement(), encoding="utf-8")
    done = subprocess.run(["php", str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = json.loads(done.stdout)
    assert [(x["amount"], x["quantity"]) for x in lines] == [(1250, 2), (300, 1)]
