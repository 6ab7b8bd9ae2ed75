"""A long sum or concatenation (``url = "https://x" + "/a0" + ... + "/a19"``, ``qty = a + b0 +
... + b19``) is read in time that grows with its length, not doubling with each term: each
level of the chain was read twice (by the language's own reader and again as arithmetic), a
twenty-term line took half a minute. Counted in reads of a node, which a machine's load does
not change."""

from __future__ import annotations

from pathlib import Path

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


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_a_long_chain_is_read_in_linear_work(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / name).write_text(SOURCES[name])
    reads = 0
    original = extract.Extractor.unwrap

    def counted(self: extract.Extractor, node: object) -> object:
        nonlocal reads
        reads += 1
        return original(self, node)  # type: ignore[arg-type]

    monkeypatch.setattr(extract.Extractor, "unwrap", counted)
    (site,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    assert site.params["line_items"][0]["quantity"] == {"$dynamic": SUM}
    assert reads < 40 * TERMS, reads  # doubling per term: over 2 ** TERMS
