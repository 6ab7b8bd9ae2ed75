# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A cart built by two loops (PHP's ``foreach ($books ...) $lines[] = [...]`` then ``foreach
($courses ...) $lines[] = [...]``) or as the sum of two maps (Ruby's ``books.map { ... } +
courses.map { ... }``) is the lines of both, each mapped: it was a run-time list with a false
RT015 blocker, and the cart lost (``TODO_product_id``), though one loop was read."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths

SOURCES = {
    "cart.php": """<?php
use Stripe\\Checkout\\Session;
function pay_cart(array $books, array $courses) {
    $lines = [];
    foreach ($books as $book) {
        $lines[] = ['price_data' => ['currency' => 'eur', 'product_data' => ['name' => $book->title],
            'unit_amount' => $book->cents], 'quantity' => 1];
    }
    foreach ($courses as $course) {
        $lines[] = ['price_data' => ['currency' => 'eur', 'product_data' => ['name' => $course->title],
            'unit_amount' => $course->cents], 'quantity' => 1];
    }
    return Session::create(['mode' => 'payment', 'line_items' => $lines,
        'success_url' => 'https://learn.example/ok']);
}
""",
    "cart.rb": """class CartCheckout
  def open(books, courses)
    lines = books.map { |b| { price_data: { currency: "eur", unit_amount: b.cents, product_data: { name: b.title } }, quantity: 1 } } +
            courses.map { |c| { price_data: { currency: "eur", unit_amount: c.cents, product_data: { name: c.title } }, quantity: 1 } }
    Stripe::Checkout::Session.create(mode: "payment", line_items: lines, success_url: "https://learn.example/ok")
  end
end
""",
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_a_cart_of_two_mapped_collections_carries_both(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(SOURCES[name])
    (site,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    codes = {f.code for f in site.findings}
    assert "RT015" not in codes and site.verdict != "blocked"
    parts = site.params["line_items"]
    assert [part["$each"]["over"] for part in parts] == (
        ["$books", "$courses"] if name.endswith(".php") else ["books", "courses"]
    )
    assert "TODO_product_id" not in (site.suggestion or "")
    amounts = (
        ("$book->cents", "$course->cents") if name.endswith(".php") else ("b.cents", "c.cents")
    )
    assert all(a in (site.suggestion or "") for a in amounts)
