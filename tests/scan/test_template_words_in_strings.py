"""A word followed by ``=`` inside a string (a URL's query, ``?status=success``) binds no
local: C003 ({CHECKOUT_SESSION_ID}) is said of the URL that holds the template only.

Read in a job-search SaaS's billing service: ``success_url`` built as a parenthesised,
implicitly concatenated f-string ending ``?status=success&session_id={{CHECKOUT_SESSION_ID}}``
and ``cancel_url = f"{settings.frontend_url}/usage?status=cancelled"``. The cancel URL's
word ``status`` was looked up as a local, found "bound" by ``status=`` inside the success URL's
string, and C003 told to remove a template from the cancel URL, which has none (``--fix``
wrote that comment above the call)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan.trees import creates, write_tree

PYTHON = """\
import stripe


def make(settings, price_id):
    success_url = (
        f"{settings.frontend_url}/usage"
        f"?status=success&session_id={{CHECKOUT_SESSION_ID}}"
    )
    cancel_url = f"{settings.frontend_url}/usage?status=cancelled"
    return stripe.checkout.Session.create(
        line_items=[{"price": price_id, "quantity": 1}],
        mode="payment",
        success_url=success_url,
        cancel_url=cancel_url,
    )
"""

TYPESCRIPT = """\
import Stripe from "stripe";
const stripe = new Stripe("sk_test_x");

export async function open(origin: string, priceId: string) {
  const base = `${origin}/billing?session_id={CHECKOUT_SESSION_ID}`;
  const successUrl = `${base}&status=paid`;
  const cancelUrl = `${origin}/billing?status=cancelled`;
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: successUrl,
    cancel_url: cancelUrl,
  });
}
"""


@pytest.mark.parametrize(("name", "code"), [("svc.py", PYTHON), ("route.ts", TYPESCRIPT)])
def test_only_the_url_with_the_template_gets_c003(tmp_path: Path, name: str, code: str) -> None:
    (site,) = creates(write_tree(tmp_path, {name: code}))
    assert [f.path for f in site.findings if f.code == "C003"] == ["success_url"]
