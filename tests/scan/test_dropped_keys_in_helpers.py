"""Line item keys Dodo drops (``dynamic_tax_rates``, ``tax_rates``, ``adjustable_quantity``)
written by a helper of the same file that builds the list. Seen in an Easy Digital Downloads
add-on: ``'line_items' => $this->makeLineItemsFromCart(...)``, a method pushing ``price``,
``quantity``, ``dynamic_tax_rates`` and ``adjustable_quantity`` per cart item. The cart is
mapped element by element (RT003), so only ``price`` and ``quantity`` reach Dodo; a literal line
with those keys says they are dropped (L017/L019), and so did a list pushed in a loop before the
call, but one built in a helper said nothing.

The functions of the file the building code calls (and those they call) are read for such keys
too."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PHP = """<?php
class OpenCheckout
{
    public function run(array $cart)
    {
        return $this->stripe->checkout->sessions->create([
            'mode' => 'payment',
            'success_url' => home_url(),
            'line_items' => $this->rows($cart),
        ]);
    }

    private function rows(array $cart): array
    {
        $rows = [];
        foreach ($cart as $entry) {
            $rows[] = array_filter([
                'price' => $entry->stripe_price,
                'quantity' => $entry->qty,
                'dynamic_tax_rates' => $this->taxRates(),
            ]);
        }
        return $rows;
    }

    private function taxRates(): array
    {
        return ['txr_1'];
    }
}
"""

PY = """import stripe


def _rows(cart):
    return list(filter(None, [_row(entry) for entry in cart]))


def _row(entry):
    return {"price": entry.price_id, "quantity": entry.qty, "tax_rates": [entry.tax_rate]}


def pay(cart, url):
    return stripe.checkout.Session.create(mode="payment", line_items=_rows(cart), success_url=url)
"""


def _site(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


@pytest.mark.parametrize(
    ("code", "name", "language", "finding", "path"),
    [
        (PHP, "checkout.php", "php", "L019", "line_items[].dynamic_tax_rates"),
        (PY, "checkout.py", "python", "L018", "line_items[].tax_rates"),
    ],
)
def test_a_key_a_helper_writes_is_said_dropped(
    code: str, name: str, language: str, finding: str, path: str
) -> None:
    site = _site(code, name, language)
    codes = {(f.code, f.path) for f in site.findings}
    # the cart mapped element by element at run time (RT003), or the PHP loop read through its
    # array_filter([...]) rows: the price looked up per row, the money check left to run time
    assert {("RT003", "line_items"), ("RT004", "line_items")} & codes
    assert (finding, path) in codes
