"""The element of a list the Dodo call maps from run-time line items is named ``item``, unless
the list's own expression names an ``item`` (``item.to_stripe_line_items()``, a wrapper whose
parameter is ``item``): ``[... for item in item.to_stripe_line_items()]`` read as the wrong one
(mypy: ``Name "item" is not defined``; PHP's and Ruby's closures shadowed the object)."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

CODE = {
    "python": (
        "import stripe\n\n\ndef pay(item):\n    return stripe.checkout.Session.create(\n"
        "        mode='payment', line_items=item.lines(), success_url='https://x.example/ok')\n"
    ),
    "php": (
        "<?php\nfunction pay($item) {\n    return \\Stripe\\Checkout\\Session::create([\n"
        "        'mode' => 'payment', 'line_items' => $item->lines(),\n"
        "        'success_url' => 'https://x.example/ok']);\n}\n"
    ),
    "ruby": (
        "def pay(item)\n  Stripe::Checkout::Session.create(\n"
        "    mode: 'payment', line_items: item.lines, success_url: 'https://x.example/ok')\nend\n"
    ),
}
MAPPED = {
    "python": ('"product_id": dodo_product_id(line["price"]),', "for line in item.lines()"),
    "php": ("array_map(fn($line) => [", "], [...$item->lines()]));"),
    "ruby": (
        "item.lines.map { |line| {",
        '"product_id" => DodoIds.product_id((line[:price] || line["price"])),',
    ),
}


@pytest.mark.parametrize("language", sorted(CODE))
def test_the_mapped_element_is_not_the_object_the_list_comes_from(language: str) -> None:
    ext = {"python": "py", "php": "php", "ruby": "rb"}[language]
    (site,) = [
        s
        for s in scan_source(CODE[language], f"pay.{ext}", BY_NAME[language])
        if s.kind == "create"
    ]
    text = site.suggestion or ""
    for expected in MAPPED[language]:
        assert expected in text, text
