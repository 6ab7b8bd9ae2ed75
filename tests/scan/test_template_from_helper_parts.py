"""Return URLs taken together from a helper of the file (``success_url, cancel_url =
_get_checkout_urls(ws)``, ``const { successUrl, cancelUrl } = checkoutUrls(ws)``) whose
success URL holds Stripe's ``{CHECKOUT_SESSION_ID}``: only an info (RT008, "if it can hold a
template") was said, and the Dodo call carried a URL with a placeholder Dodo never fills. The
element the name takes is read in what the helper returns (by position, by key): C003 at the
URL that holds it, none at the other."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

PY = """\
import stripe


def _get_checkout_urls(workspace_id):
    base = "https://app.example"
    return (
        f"{base}/w/{workspace_id}/done?session_id={{CHECKOUT_SESSION_ID}}",
        f"{base}/w/{workspace_id}/cancel",
    )


def buy(workspace_id, price):
    success_url, cancel_url = _get_checkout_urls(workspace_id)
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price, "quantity": 1}],
        success_url=success_url,
        cancel_url=cancel_url,
    )
"""

TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

function checkoutUrls(workspace: string) {
  return {
    cancelUrl: `https://app.example/w/${workspace}/cancel`,
    successUrl: `https://app.example/w/${workspace}/done?session_id={CHECKOUT_SESSION_ID}`,
  };
}

export async function buy(workspace: string, price: string) {
  const { successUrl, cancelUrl: back } = checkoutUrls(workspace);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price, quantity: 1 }],
    success_url: successUrl,
    cancel_url: back,
  });
  return session.url;
}
"""


@pytest.mark.parametrize(
    ("code", "name", "language", "helper"),
    [
        (PY, "routes.py", "python", "_get_checkout_urls"),
        (TS, "buy.ts", "typescript", "checkoutUrls"),
    ],
)
def test_only_the_url_that_holds_the_template_is_c003(
    code: str, name: str, language: str, helper: str
) -> None:
    sites = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    assert len(sites) == 1, sites
    found = [f for f in sites[0].findings if f.code == "C003"]
    assert [f.path for f in found] == ["success_url"]
    assert f"it is in what `{helper}` returns: remove it there by hand" in found[0].message
