"""PHP's ``$a ?? $b`` falls back only when ``$a`` is missing or null; the Dodo body wrote it
``!empty($a) ? $a : $b``, which also falls back on 0, "" and "0": a quantity the code sets to
0 became 1 (read in a Symfony shop's cart loop, ``'quantity' => $quantities[$id] ?? 1``).
The suggestion keeps the operator; ``?:`` (falsy) keeps its own test."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

CART = r"""<?php
function checkout(array $goods, array $counts, string $note) {
    $rows = [];
    foreach ($goods as $good) {
        $rows[] = [
            'price' => $good['price_ref'],
            'quantity' => $counts[$good['sku']] ?? 1,
        ];
    }
    return \Stripe\Checkout\Session::create([
        'mode' => 'payment',
        'line_items' => $rows,
        'success_url' => 'https://shop.example/ok',
        'metadata' => ['note' => $note ?: 'none'],
    ]);
}
"""


def test_null_coalescing_stays_null_coalescing() -> None:
    (site,) = [s for s in scan_source(CART, "cart.php", BY_NAME["php"]) if s.kind == "create"]
    text = site.suggestion
    assert "'quantity' => (filter_var($counts[$good['sku']] ?? 1, FILTER_VALIDATE_INT," in text
    assert "!empty($counts" not in text
    assert "(!empty($note) ? strval($note) : 'none')" in text  # `?:` falls back on falsy
    if shutil.which("php") is None:
        pytest.skip("php is not installed")
    lines = text.splitlines()
    begin = next(i for i, line in enumerate(lines) if line.startswith("$dodoBody = json_decode"))
    end = next(i for i, line in enumerate(lines) if line.startswith("$dodoCurl = "))
    program = (
        "<?php\nclass DodoIds { public static function productId($p) { return 'pdt_' . $p; } }\n"
        "$goods = [['price_ref' => 'a', 'sku' => 'A'], ['price_ref' => 'b', 'sku' => 'B'],"
        " ['price_ref' => 'c', 'sku' => 'C']];\n$counts = ['A' => 0, 'B' => 3];\n$note = '';\n"
        + "\n".join(lines[begin:end])
        + "\necho json_encode(array_column($dodoBody->product_cart, 'quantity'));\n"
    )
    ran = subprocess.run(["php"], input=program, capture_output=True, text=True, check=True)
    assert json.loads(ran.stdout) == [0, 3, 1]
