"""A PHP amount or quantity written as text (``"$price$zeros"``, ``"{$cents}"``) is a number
again in the Dodo body through a strict conversion: ``(int)`` truncated it, so a price "12.5"
in a cart loop (``"12.500"``, which Stripe refuses as no integer) charged 12 minor units on Dodo,
and text that is no number at all charged 0 (read in a Laravel shop's cart loop)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

SHOP = r"""<?php
function pay(array $basket) {
    $lines = [];
    foreach ($basket as $row) {
        $whole = $row['cost'];
        $suffix = "00";
        $cents = "$whole$suffix";
        $lines[] = [
            'price_data' => [
                'currency' => 'usd',
                'product_data' => ['name' => 'Mug'],
                'unit_amount' => $cents,
            ],
            'quantity' => "{$row['count']}",
        ];
    }
    return \Stripe\Checkout\Session::create([
        'line_items' => $lines, 'mode' => 'payment', 'success_url' => 'https://shop.example/ok',
    ]);
}
"""


def _body_program(suggestion: str, basket: str) -> str:
    lines = suggestion.splitlines()
    begin = next(i for i, line in enumerate(lines) if line.startswith("$dodoBody = json_decode"))
    end = next(i for i, line in enumerate(lines) if line == "], [...$basket]));")
    return (
        f"<?php\n$basket = {basket};\n"
        + "\n".join(lines[begin : end + 1])
        + "\necho json_encode($dodoBody->product_cart);\n"
    )


def test_a_text_amount_is_never_truncated() -> None:
    (site,) = [s for s in scan_source(SHOP, "pay.php", BY_NAME["php"]) if s.kind == "create"]
    assert "(int)" not in site.suggestion
    assert "FILTER_VALIDATE_INT" in site.suggestion
    if shutil.which("php") is None:
        pytest.skip("php is not installed")
    whole = _body_program(site.suggestion, "[['cost' => '12', 'count' => '2']]")
    ran = subprocess.run(["php"], input=whole, capture_output=True, text=True, check=True)
    (line,) = json.loads(ran.stdout)
    assert (line["amount"], line["quantity"]) == (1200, 2)
    # "12.5" . "00" is "12.500": Stripe refuses it; Dodo must not charge 12 minor units
    for cost, count in (("12.5", "1"), ("twelve", "1"), ("12", "1.5")):
        basket = f"[['cost' => '{cost}', 'count' => '{count}']]"
        program = _body_program(site.suggestion, basket)
        ran = subprocess.run(["php"], input=program, capture_output=True, text=True, check=False)
        assert ran.returncode != 0, ran.stdout
        assert "stripe2dodo" in ran.stdout + ran.stderr


ROWS = r"""<?php
function order($db, $sku) {
    $row = mysqli_fetch_assoc(mysqli_query($db, "SELECT cost FROM goods WHERE sku = 'x'"));
    $count = $_POST['count'];
    return \Stripe\Checkout\Session::create([
        'mode' => 'payment',
        'success_url' => 'https://shop.example/ok',
        'line_items' => [[
            'price_data' => [
                'currency' => 'usd',
                'product_data' => ['name' => 'Mug'],
                'unit_amount' => $row['cost'] * 100,
            ],
            'quantity' => $count,
        ]],
    ]);
}
"""


def test_a_php_column_or_form_value_reaches_dodo_as_an_integer() -> None:
    # a database column and a form value are text in PHP, and `"12.50" * 100` is the float
    # 1250.0: json_encode sent "2" and 1250.0, which Dodo's integer fields refuse
    (site,) = [s for s in scan_source(ROWS, "order.php", BY_NAME["php"]) if s.kind == "create"]
    if shutil.which("php") is None:
        pytest.skip("php is not installed")
    lines = site.suggestion.splitlines()
    begin = next(i for i, line in enumerate(lines) if line.startswith("$dodoBody = json_decode"))
    end = next(i for i, line in enumerate(lines) if line.startswith("$dodoCurl = "))
    program = (
        "<?php\n$row = ['cost' => '12.50'];\n$count = '2';\n"
        + "\n".join(lines[begin:end])
        + "\necho json_encode($dodoBody->product_cart);\n"
    )
    ran = subprocess.run(["php"], input=program, capture_output=True, text=True, check=True)
    (line,) = json.loads(ran.stdout)
    assert (line["amount"], line["quantity"]) == (1250, 2)
    assert type(line["amount"]) is int and type(line["quantity"]) is int
