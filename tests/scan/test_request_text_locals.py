"""A quantity read from a request's form or query into a local (``qty =
request.POST.get("quantity", "1")``, ``const qty = req.query.qty``) is text: Stripe's
form-encoded params took it, Dodo's JSON body needs a number. The local is read again where
the call is, so the suggested code makes the number there (``int(...)``, ``Number(...)``), as
for the read written in the call; it was the local's name, text in a number's place."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths

SOURCES = {
    "views.py": """import stripe
from django.shortcuts import redirect


def buy(request):
    qty = request.POST.get("quantity", "1")
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_123", "quantity": qty}],
        success_url="https://example.com/ok",
    )
    return redirect(session.url)
""",
    "route.ts": """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function buy(req: any) {
  const qty = req.query.qty;
  return stripe.checkout.sessions.create({ mode: "payment", success_url: "https://x/ok",
    line_items: [{ price: "price_1", quantity: qty }] });
}
""",
}
EXPECTED = {
    "views.py": '"quantity": int(request.POST.get("quantity", "1")),',
    "route.ts": "quantity: Number(req.query.qty),",
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_a_quantity_read_as_request_text_is_made_a_number(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(SOURCES[name])
    (site,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    assert EXPECTED[name] in (site.suggestion or "")
