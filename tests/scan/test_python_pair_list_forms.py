"""A Python form body as a list of pairs, extended after it is made, keeps its written pairs.

Read in a payments server's Stripe gateway: ``form = [("mode", "payment"), ("success_url",
back), ("line_items[0][price]", price_id), ...]``, then ``form += self._meta("metadata", md)``,
posted with ``content=urlencode(form)``. The ``+=`` made the whole list a run-time value: a false
blocker (RT007, "no line item") and ``TODO_product_id``, the written cart, URL and quantity
lost. The pairs are read, pairs added later too, and a list known only at run time added is a
run-time part of the params (RT006), never dropped (``migrate/scan/http_pair_lists.py``).
"""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import only_site

GATEWAY = """from urllib.parse import urlencode

import httpx


class Gateway:
    def __init__(self, key):
        self.client = httpx.AsyncClient(base_url="https://api.stripe.com", auth=(key, ""))

    def _meta(self, prefix, md):
        return [(f"{prefix}[{k}]", str(v)) for k, v in md.items()]

    async def start_checkout(self, price_id, qty, back, md):
        form = [
            ("mode", "payment"),
            ("success_url", back),
            ("line_items[0][price]", price_id),
            ("line_items[0][quantity]", str(qty)),
        ]
        form += self._meta("metadata", md)
        form.append(("client_reference_id", md["order"]))
        form.extend([("allow_promotion_codes", "true")])
        r = await self.client.post("/v1/checkout/sessions", content=urlencode(form))
        return r.json()["url"]
"""


def test_a_pair_list_extended_keeps_its_pairs_and_says_the_run_time_part(tmp_path: Path) -> None:
    site = only_site(tmp_path, {"gateway.py": GATEWAY})
    codes = {f.code for f in site.findings}
    assert "RT007" not in codes and "RT006" in codes
    text = site.suggestion or ""
    assert '"product_id": dodo_product_id(price_id),' in text
    assert "return_url=back," in text
    assert '"client_reference_id": str(md["order"]),' in text and '"quantity": qty,' in text
    assert '"allow_discount_code": True,' in text
    spread = next(f for f in site.findings if f.code == "RT006")
    assert 'self._meta("metadata", md)' in spread.message
