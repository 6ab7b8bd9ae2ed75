"""A Checkout service picked out of the client by destructuring (``const { sessions } =
stripe.checkout``, ``{ sessions: checkoutSessions }``) and called through that name: the scanner
resolved only a name bound by ``const x = stripe.checkout.sessions``, so ``sessions.create``
was not a creation at all (no finding, no suggestion). The picked member is bound to its path
now; the patterns still decide what a call is (a list or an expire stays what it is), and a
``sessions`` picked out of another object is not Stripe's."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

CODE = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function start(back: string) {
  const { sessions } = stripe.checkout;
  const recent = await sessions.list({ limit: 3 });
  await sessions.expire(recent.data[0].id);
  return sessions.create({
    mode: "payment",
    success_url: back,
    line_items: [{ price: "price_1Pick", quantity: 2 }],
  });
}
"""


def _sites(code: str) -> list[CallSite]:
    return list(scan_source(code, "pay.ts", BY_NAME["typescript"]))


def test_a_destructured_sessions_service_creates_a_session() -> None:
    sites = _sites(CODE)
    (made,) = [s for s in sites if s.kind == "create"]
    assert made.line == 8
    text = made.suggestion
    assert "client.checkoutSessions.create({" in text
    assert "quantity: 2," in text and "return_url: back," in text
    # the look-alikes are read as what they are, never as a creation
    assert all(s.line not in {6, 7} for s in sites if s.kind == "create")
    assert any(s.line == 7 and "X011" in {f.code for f in s.findings} for s in sites)


def test_a_renamed_pick_creates_a_session() -> None:
    code = CODE.replace("const { sessions } =", "const { sessions: checkoutSessions } =")
    code = code.replace("return sessions.create(", "return checkoutSessions.create(")
    (made,) = [s for s in _sites(code) if s.kind == "create"]
    assert "client.checkoutSessions.create({" in made.suggestion


def test_sessions_picked_from_another_object_are_not_stripe_s() -> None:
    code = """\
const { sessions } = auth;

export async function login(user: { id: string }) {
  return sessions.create({ userId: user.id });
}
"""
    assert not [s for s in _sites(code) if s.kind == "create"]
