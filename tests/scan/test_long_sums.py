"""A long sum or concatenation (``url = "https://x" + "/a0" + ... + "/a19"``, ``qty = a + b0 +
... + b19``) is read in time that grows with its length, not doubling with each term: each
level of the chain was read twice (by the language's own reader and again as arithmetic), a
twenty-term line took half a minute. Counted in reads of a node, which a machine's load does
not change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from migrate.scan import extract
from migrate.scan.scan import scan_paths

TERMS = 16
URL = " + ".join(['"https://example.com"', *(f'"/a{i}"' for i in range(TERMS))])
SUM = " + ".join(["a", *(f"b{i}" for i in range(TERMS))])
SOURCES = {
    "pay.rb": (
        f"def pay(a, {', '.join(f'b{i}' for i in range(TERMS))})\n  url = {URL}\n"
        f"  Stripe::Checkout::Session.create(mode: 'payment', success_url: url,\n"
        f"    line_items: [{{ price: 'price_1', quantity: {SUM} }}])\nend\n"
    ),
    "pay.py": (
        f"import stripe\n\ndef pay(a, {', '.join(f'b{i}' for i in range(TERMS))}):\n"
        f"    url = {URL}\n"
        f"    return stripe.checkout.Session.create(mode='payment', success_url=url,\n"
        f"        line_items=[{{'price': 'price_1', 'quantity': {SUM}}}])\n"
    ),
}


def _scanned_counting_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, int]:
    """The one creation the tree holds, and how many nodes the scan read to find it."""
    reads = 0
    original = extract.Extractor.unwrap

    def counted(self: extract.Extractor, node: object) -> object:
        nonlocal reads
        reads += 1
        return original(self, node)  # type: ignore[arg-type]

    monkeypatch.setattr(extract.Extractor, "unwrap", counted)
    (site,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    return site, reads


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_a_long_chain_is_read_in_linear_work(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / name).write_text(SOURCES[name])
    site, reads = _scanned_counting_reads(tmp_path, monkeypatch)
    assert site.params["line_items"][0]["quantity"] == {"$dynamic": SUM}
    assert reads < 40 * TERMS, reads  # doubling per term: over 2 ** TERMS


DOUBLING = 14
DOUBLED = {
    "pay.php": "<?php\nfunction pay($order) {\n$a0 = $order->total;\n"
    + "".join(f"$a{i} = $a{i - 1} * $a{i - 1};\n" for i in range(1, DOUBLING + 1))
    + "return \\Stripe\\Checkout\\Session::create(['mode' => 'payment', 'success_url' =>"
    f" 'https://x/ok', 'line_items' => [['price_data' => ['currency' => 'usd', 'unit_amount'"
    f" => $a{DOUBLING}, 'product_data' => ['name' => 'X']], 'quantity' => 1]]]);\n}}\n",
    "pay.rb": "def pay(order)\n  a0 = order.total\n"
    + "".join(f"  a{i} = a{i - 1} * a{i - 1}\n" for i in range(1, DOUBLING + 1))
    + "  Stripe::Checkout::Session.create(mode: 'payment', success_url: 'https://x/ok',"
    f" line_items: [{{ price_data: {{ currency: 'usd', unit_amount: a{DOUBLING},"
    " product_data: { name: 'X' } }, quantity: 1 }])\nend\n",
}


@pytest.mark.parametrize("name", sorted(DOUBLED))
def test_arithmetic_over_locals_bound_to_arithmetic_is_read_in_bounded_work(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``$a2 = $a1 * $a1; $a1 = $a0 * $a0; ...``: each local read twice per level (review of
    the whole-number folding: an order total through a few locals took minutes)."""
    (tmp_path / name).write_text(DOUBLED[name])
    site, reads = _scanned_counting_reads(tmp_path, monkeypatch)
    amount = site.params["line_items"][0]["price_data"]["unit_amount"]
    assert amount == {"$dynamic": f"$a{DOUBLING}" if name.endswith(".php") else f"a{DOUBLING}"}
    assert reads < 5000, reads  # doubling per level: over 2 ** DOUBLING
