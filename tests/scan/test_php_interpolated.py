"""A PHP interpolated string naming locals the Dodo call cannot see (``"$total$two0"`` in the
loop building the cart) is written as the concatenation of its parts
(``migrate/scan/interpolated.py``). The holes were filled as text, ``"$details['price']"00""``:
the suggestion did not parse (read in a Laravel travel shop's cart loop)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

CART_LOOP = r"""<?php
function buy($cart) {
    $items = [];
    foreach ($cart as $details) {
        $total = $details['price'];
        $two0 = "00";
        $unit_amount = "$total$two0";
        $items[] = [
            'price_data' => [
                'product_data' => ['name' => 'Trip'],
                'currency' => 'EUR',
                'unit_amount' => $unit_amount,
            ],
            'quantity' => 1,
        ];
    }
    return \Stripe\Checkout\Session::create([
        'line_items' => $items, 'mode' => 'payment', 'success_url' => 'https://x.example',
    ]);
}
"""


def test_an_interpolated_string_of_loop_locals_is_a_concatenation() -> None:
    (site,) = [s for s in scan_source(CART_LOOP, "buy.php", BY_NAME["php"]) if s.kind == "create"]
    amount = site.params["line_items"]["$each"]["item"]["price_data"]["unit_amount"]
    # the local holding the string is written in parentheses, the string as its parts
    assert amount == {"$dynamic": '(("" . ($details[\'price\']) . "" . ("00") . ""))'}
    assert (
        '\'amount\' => (filter_var("" . ($details[\'price\']) . "" . ("00") . "", '
        "FILTER_VALIDATE_INT, FILTER_NULL_ON_FAILURE) ?? throw new \\UnexpectedValueException("
    ) in site.suggestion
    lines = site.suggestion.splitlines()
    begin = next(i for i, line in enumerate(lines) if line.startswith("$dodoBody = json_decode"))
    end = next(i for i, line in enumerate(lines) if line == "], [...$cart]));")
    if shutil.which("php") is None:
        pytest.skip("php is not installed")
    program = (
        "<?php\nclass DodoIds { public static function productId($p) { return $p; } }\n"
        "$cart = [['price' => '12'], ['price' => '7']];\n"
        + "\n".join(lines[begin : end + 1])
        + "\necho json_encode(array_column($dodoBody->product_cart, 'amount'));\n"
    )
    ran = subprocess.run(["php"], input=program, capture_output=True, text=True, check=True)
    assert json.loads(ran.stdout) == [1200, 700]
