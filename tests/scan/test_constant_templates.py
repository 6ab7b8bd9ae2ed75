"""A template string (JS/TS `${DOMAIN}/ok`, a Python f-string) whose every part is a constant of
the file is the text it gives, not a value known only at run time: it was carried as the
expression, with a run-time value listed (and its Stripe template, {CHECKOUT_SESSION_ID}, left
in a URL Dodo does not fill in). A part known only at run time keeps it a run-time value."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

TS = """\
import Stripe from "stripe";

const stripe = new Stripe("sk_test");
const DOMAIN = "https://shop.example";
const PAID = "/paid";

export async function buy(userId: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_1Book", quantity: 1 }],
    success_url: `${DOMAIN}${PAID}?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${DOMAIN}/cart/${userId}`,
  });
  return session.url;
}
"""

PY = """\
import stripe

DOMAIN = "https://shop.example"
PRICE = "price_1Book"


def buy(user_id):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": f"{PRICE}", "quantity": 1}],
        success_url=f"{DOMAIN}/paid?session_id={{CHECKOUT_SESSION_ID}}",
        cancel_url=f"{DOMAIN}/cart/{user_id}",
    )
"""


def _site(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


def _dynamic(site: CallSite) -> set[str]:
    return {d.path for d in site.dynamic}


def test_a_js_template_of_constants_is_its_text() -> None:
    site = _site(TS, "buy.ts", "typescript")
    text = site.suggestion or ""
    assert 'return_url: "https://shop.example/paid",' in text
    assert "C003" in {f.code for f in site.findings}  # the Stripe template, said and removed
    assert _dynamic(site) == {"cancel_url"}
    assert "cancel_url: `${DOMAIN}/cart/${userId}`," in text


def test_a_python_f_string_of_constants_is_its_text() -> None:
    site = _site(PY, "buy.py", "python")
    text = site.suggestion or ""
    assert 'return_url="https://shop.example/paid",' in text
    assert "C003" in {f.code for f in site.findings}
    # the price is the literal id: its product is chosen when translating, no run-time look-up
    assert "L113" not in {f.code for f in site.findings}
    assert "dodo_product_id" not in text
    assert _dynamic(site) == {"cancel_url"}
    assert 'cancel_url=f"{DOMAIN}/cart/{user_id}",' in text
