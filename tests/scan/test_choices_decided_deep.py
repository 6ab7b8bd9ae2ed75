"""Metadata merged from two objects chosen on one condition (a subscription's
``subscription_data.metadata`` when recurring, the payment's ``payment_intent_data.metadata``
otherwise) with keys set under another condition: each key's value is a choice nested in
choices. A condition already decided by an outer choice is decided inside it however deep, and
a choice whose two branches are the same value is that value.

Seen in a Flask donation page (a ``session_config`` dict rewritten under ``if is_recurring:``
/ ``else:``, keys added when ``is_donation``): the suggested metadata tested ``is_recurring``
again where its answer was known and wrote ``str(x) if r else str(x)``; the values were right
but unreadable (``(a if d else "") if r else a if d else (a if d else "") if r else ""``)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

DONATE = """import stripe


def donate(form, is_recurring, is_donation, back):
    meta = {"source": "web"}
    if is_donation:
        meta["note"] = form.note
    config = {
        "mode": "payment",
        "line_items": [{"price": "price_gift", "quantity": 1}],
        "success_url": back,
    }
    if is_recurring:
        config["mode"] = "subscription"
        config["line_items"][0]["price"] = "price_gift_monthly"
        config["subscription_data"] = {"metadata": meta}
    else:
        config["payment_intent_data"] = {"metadata": meta}
    return stripe.checkout.Session.create(**config)
"""


def test_metadata_chosen_on_a_decided_condition_is_written_once() -> None:
    (site,) = [s for s in scan_source(DONATE, "give.py", BY_NAME["python"]) if s.kind == "create"]
    suggestion = site.suggestion or ""
    assert '"source": "web",' in suggestion
    assert '**({"note": str(form.note)} if is_donation else {}),' in suggestion
    assert suggestion.count("if is_recurring") <= 1, suggestion


OPTIONAL_EMAIL = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");

export async function POST(req: Request) {
  const body = await req.json();
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_basic", quantity: 1 }],
    customer_email: body?.email || undefined,
    success_url: "https://example.com/ok",
  });
}
"""


def test_a_condition_with_optional_chaining_is_decided_too() -> None:
    """``body?.email || undefined`` is a customer only when set, and Dodo's customer needs an
    email: both choices test ``body?.email``, which reads without effects (``?.`` only stops
    at a null), so the customer is chosen once (it was ``body?.email ? body?.email ? {...} :
    null : null``)."""
    sites = scan_source(OPTIONAL_EMAIL, "route.ts", BY_NAME["typescript"])
    (site,) = [s for s in sites if s.kind == "create"]
    suggestion = site.suggestion or ""
    assert "customer: body?.email ? {" in suggestion, suggestion
    assert suggestion.count("body?.email ?") == 1, suggestion
