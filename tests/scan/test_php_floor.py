# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A PHP project's suggestions parse on the oldest PHP it says it runs on.

A WordPress plugin whose ``readme.txt`` says ``Requires PHP: 7.2`` (or a Composer package
requiring ``"php": "^7.2 || ^8.0"``) got suggestions with arrow functions (``fn($x) => ...``,
PHP 7.4), ``?? throw`` (PHP 8.0), a list spread into a list (``[...$x]``, 7.4; with string keys
8.1) and a nowdoc closed on its call's line (``JSON, false, ...)``, 7.3): a parse error on the
plugin's older sites, which takes the whole site down. Each is now written the way that PHP
parses (``migrate/scan/php_compat.py``), and the body they build is the same: both forms are run
below with PHP and print the same JSON.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.scan.php_compat import NEWEST, constraint_floor, floor_at
from migrate.scan.project_files import forget
from tests.scan.trees import creates, write_tree

PLUGIN = """<?php
function shop_tickets($stripe, $evento, $cantidad, $toppings, $order) {
    $lineItems = [[
        'price_data' => ['currency' => 'eur', 'unit_amount' => (int) round($evento->precio * 100), 'product_data' => ['name' => $evento->nombre]],
        'quantity' => $cantidad,
    ]];
    foreach ($toppings as $topping) {
        if (empty($topping['precio'])) {
            continue;
        }
        $lineItems[] = [
            'price_data' => ['currency' => 'eur', 'unit_amount' => (int) round($topping['precio'] * $evento->factor), 'product_data' => ['name' => $topping['name']]],
            'quantity' => 1,
        ];
    }
    return $stripe->checkout->sessions->create([
        'mode' => 'payment',
        'line_items' => $lineItems,
        'customer_email' => $order->email,
        'payment_intent_data' => ['metadata' => ['order' => $order->id]],
        'success_url' => 'https://shop.test/ok',
    ]);
}

function shop_plan($stripe, $order) {
    return $stripe->checkout->sessions->create([
        'mode' => 'subscription',
        'line_items' => array_map(fn($line) => ['price' => $line['price'], 'quantity' => $line['qty']], $order->lines),
        'subscription_data' => ['trial_period_days' => get_option('shop_trial_days')],
        'success_url' => 'https://shop.test/ok',
    ]);
}
"""

RUN = """<?php
set_error_handler(function ($no, $message) { throw new ErrorException($message); });
class DodoIds {
    public static function productId($id) { return 'pdt_' . $id; }
    public static function payWhatYouWantProductId($currency) { return 'pwyw_' . $currency; }
}
function get_option($name) { return '14'; }
$stripe = null;
$evento = (object) ['precio' => 12.5, 'nombre' => 'Gig', 'factor' => 100];
$cantidad = 2;
$toppings = [['precio' => 0, 'name' => 'none'], ['precio' => 1.5, 'name' => 'Cola'], ['precio' => 2, 'name' => 'Chips']];
$order = (object) ['email' => 'a@b.test', 'id' => 7, 'lines' => [['price' => 'price_a', 'qty' => 2], ['price' => 'price_b', 'qty' => 1]]];
"""


def _suggestions(top: Path) -> list[str]:
    forget()
    found = sorted(creates(top), key=lambda s: s.line)
    assert len(found) == 2
    return [site.suggestion or "" for site in found]


def _body(suggestion: str, folder: Path) -> object:
    """The JSON body the suggestion builds, run with PHP (its request left out)."""
    code = suggestion.split("$dodoCurl = ", maxsplit=1)[0]
    code = "\n".join(line for line in code.splitlines() if not line.startswith("require_once"))
    script = folder / "run.php"
    script.write_text(RUN + code + "\necho json_encode($dodoBody);\n", encoding="utf-8")
    run = subprocess.run(["php", str(script)], check=False, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr + code
    return json.loads(run.stdout)


@pytest.mark.parametrize(
    ("manifest", "text"),
    [
        (
            "readme.txt",
            "=== Shop ===\nRequires at least: 5.8\nRequires PHP: 7.2\nStable tag: 1.0\n",
        ),
        ("composer.json", json.dumps({"require": {"php": ">=7.2.5", "stripe/stripe-php": "^10"}})),
    ],
)
def test_a_plugin_for_php_7_2_gets_suggestions_php_7_2_parses(
    tmp_path: Path, manifest: str, text: str
) -> None:
    old = write_tree(tmp_path / "old", {manifest: text, "includes/tickets.php": PLUGIN})
    new = write_tree(tmp_path / "new", {"includes/tickets.php": PLUGIN})
    older, newer = _suggestions(old), _suggestions(new)
    # the newer forms, where nothing is said
    together = "\n".join(newer)
    assert "fn($topping) =>" in together and "fn($line) =>" in together
    assert "?? throw new" in together and "\nJSON, false, 512, JSON_THROW_ON_ERROR);" in together
    # none of them for PHP 7.2
    for suggestion in older:
        assert not re.search(r"\bfn\s*\(", suggestion), suggestion
        assert "?? throw" not in suggestion and "JSON," not in suggestion
        assert "...$" not in suggestion and "[..." not in suggestion
        assert "\nJSON\n);" in suggestion
    tickets, plan = older
    assert "function ($topping) { return !(empty($topping['precio'])); }" in tickets
    # the closure takes the caller's variable it reads, and no name of its own or a global
    assert "function ($topping) use ($evento) { return [" in tickets
    assert "function ($line) { return [" in plan
    assert "(function () { throw new \\UnexpectedValueException(" in plan
    if shutil.which("php") is None:
        pytest.skip("php is not installed: the suggestions are not run")
    for before, after in zip(older, newer, strict=True):
        assert _body(before, tmp_path) == _body(after, tmp_path)
    body = _body(tickets, tmp_path)
    assert isinstance(body, dict)
    assert [line.get("amount") for line in body["product_cart"]] == [1250, 150, 200]


@pytest.mark.parametrize(
    ("constraint", "floor"),
    [
        (">=7.2.5", (7, 2)),
        ("^7.4 || ^8.0", (7, 4)),
        ("^8.1|^7.3", (7, 3)),
        ("~7.1", (7, 1)),
        ("7.4.*", (7, 4)),
        (">=7.4 <8.3", (7, 4)),
        (">=8.0, <9", (8, 0)),
        ("8.2", (8, 2)),
        ("*", None),
        ("<8.0", None),
        ("^8.0 || *", None),
        ("7.2 - 8.2", (7, 2)),
        (">7.3", (7, 3)),
    ],
)
def test_a_composer_constraint_gives_the_oldest_php_it_admits(
    constraint: str, floor: tuple[int, int] | None
) -> None:
    assert constraint_floor(constraint) == floor


def test_the_floor_is_the_lower_of_composer_and_readme_and_the_newest_when_none_says(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "plugin/readme.txt": "=== X ===\n * Requires PHP: 7.3\n",
            "plugin/composer.json": json.dumps(
                {"require": {"php": "^7.4"}, "config": {"platform": {"php": "8.1.2"}}}
            ),
            "plugin/includes/a.php": "<?php\n",
            "app/composer.json": json.dumps({"require": {"php": "*"}}),
            "app/src/a.php": "<?php\n",
            "bare/a.php": "<?php\n",
            "broken/composer.json": "{ not json",
            "broken/a.php": "<?php\n",
            "laravel/composer.json": json.dumps({"require": {"php": "^7.3|^8.0"}}),
            "laravel/Modules/Billing/composer.json": json.dumps({"name": "acme/billing"}),
            "laravel/Modules/Billing/Pay.php": "<?php\n",
        },
    )
    floor_at.cache_clear()
    assert floor_at(str(tmp_path / "plugin/includes")) == (7, 3)
    assert floor_at(str(tmp_path / "app/src")) == NEWEST
    assert floor_at(str(tmp_path / "bare")) == NEWEST
    assert floor_at(str(tmp_path / "broken")) == NEWEST
    # a module's manifest that says no PHP defers to the application's above it
    assert floor_at(str(tmp_path / "laravel/Modules/Billing")) == (7, 3)
