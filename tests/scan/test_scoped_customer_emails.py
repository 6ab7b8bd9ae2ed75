"""X035 writes a customer's email at the call only where the call can see it.

Read in the Firebase "Run Payments with Stripe" extension's shape: the Stripe customer is made
from an email only when the user has none yet, inside an ``if`` whose block declares the email;
the checkout after the block uses ``rec.stripeId``. X035 wrote ``customer: email ? { email } :
null`` at the call, where ``email`` is not declared (a compile error), and a returning buyer
lost the customer the code had. Now X020 says the customer may be made at run time, and the
id is looked up as it is.
"""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import only_site

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
declare function lookupUser(uid: string): Promise<{ email?: string }>;

export async function onDoc(rec: { stripeId?: string }, uid: string, price: string) {
  if (!rec.stripeId) {
    const { email } = await lookupUser(uid);
    const made = await stripe.customers.create({ email, metadata: { uid } });
    rec = { stripeId: made.id };
  }
  const session = await stripe.checkout.sessions.create({
    customer: rec.stripeId,
    line_items: [{ price, quantity: 1 }],
    mode: "subscription",
    success_url: "https://shop.example/ok",
  });
  return session.url;
}
"""

TS_EVERYWHERE = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
declare function lookupUser(uid: string): Promise<{ email?: string }>;

export async function onDoc(uid: string, price: string) {
  const { email } = await lookupUser(uid);
  const made = await stripe.customers.create({ email, metadata: { uid } });
  const session = await stripe.checkout.sessions.create({
    customer: made.id,
    line_items: [{ price, quantity: 1 }],
    mode: "subscription",
    success_url: "https://shop.example/ok",
  });
  return session.url;
}
"""


def test_an_email_declared_in_a_block_the_call_is_not_in_is_not_written_there(
    tmp_path: Path,
) -> None:
    site = only_site(tmp_path, {"handler.ts": TS})
    codes = {f.code for f in site.findings}
    assert "X035" not in codes and "X020" in codes
    text = site.suggestion or ""
    assert "email:" not in text
    assert "customer_id: dodoCustomerId(rec.stripeId)" in text


def test_an_email_bound_on_every_path_is_still_the_customer(tmp_path: Path) -> None:
    site = only_site(tmp_path, {"handler.ts": TS_EVERYWHERE})
    assert "X035" in {f.code for f in site.findings}
    assert "email: email," in (site.suggestion or "")
