# ruff: noqa: E501  (the fixtures are PHP written as applications write it)
"""PHP: a wrapper of a creation called with its arguments spread from an array
(``$billing->checkout(...$args)`` after ``$args = [$stripe, [...], 'https://...']``, or
``...['line' => $row, 'back' => '...']`` naming the parameters, PHP 8.1): a spread was never
read, so the call got the wrapper's own reading: its line item and URL were the wrapper's
parameters, unknown (RT003, no return URL). The array spread is read now when its elements can
be told: a literal, or the one assignment of a variable the function does not change."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import creates, write_tree

BILLING = """\
<?php
class Billing
{
    public function checkout($stripe, $line, string $back)
    {
        return $stripe->checkout->sessions->create([
            'mode' => 'payment',
            'success_url' => $back,
            'line_items' => [$line],
        ]);
    }
}
"""

SHOP = """\
<?php
class Shop
{
    public function listed($stripe, Billing $billing)
    {
        $args = [$stripe, ['price' => 'price_1Spread', 'quantity' => 4], 'https://shop.test/listed'];
        return $billing->checkout(...$args);
    }

    public function named($stripe, Billing $billing)
    {
        return $billing->checkout(...['stripe' => $stripe, 'line' => ['price' => 'price_1Named', 'quantity' => 5], 'back' => 'https://shop.test/named']);
    }

    public function changed($stripe, Billing $billing)
    {
        $args = [$stripe, ['price' => 'price_1Spread', 'quantity' => 4], 'https://shop.test/listed'];
        $args[1] = ['price' => 'price_1Other', 'quantity' => 9];
        return $billing->checkout(...$args);
    }
}
"""


def _callers(tmp_path: Path) -> dict[int, CallSite]:
    top = write_tree(tmp_path / "app", {"Billing.php": BILLING, "Shop.php": SHOP})
    return {s.line: s for s in creates(top) if s.file.endswith("Shop.php")}


def test_an_array_spread_at_a_wrapper_call_binds_its_elements(tmp_path: Path) -> None:
    site = _callers(tmp_path)[7]
    assert '"quantity": 4' in site.suggestion
    assert '"return_url": "https://shop.test/listed"' in site.suggestion
    assert any("price_1Spread" in f.message for f in site.findings)
    assert "RT003" not in {f.code for f in site.findings}


def test_a_spread_of_named_elements_binds_by_name(tmp_path: Path) -> None:
    site = _callers(tmp_path)[12]
    assert '"quantity": 5' in site.suggestion
    assert '"return_url": "https://shop.test/named"' in site.suggestion
    assert "RT003" not in {f.code for f in site.findings}


def test_a_spread_array_changed_before_the_call_is_not_read(tmp_path: Path) -> None:
    # the element changed after the literal: never the literal's price and quantity
    site = _callers(tmp_path)[19]
    assert '"quantity": 4' not in site.suggestion
    assert not any("price_1Spread" in f.message for f in site.findings)
