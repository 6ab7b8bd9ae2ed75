"""A Python wrapper's parameter given its default in the body, not in its signature (``if
success_url is None: success_url = url_for(...)``: a Flask billing module's shape). At a call
passing nothing the Dodo call holds the default, at a call passing a value the choice the
wrapper makes; it was ``TODO_success_url`` (X021), a URL lost at every caller."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

PY = """import stripe
from flask import url_for


def open_checkout(member, tier, back=None, leave=None):
    if back is None:
        back = url_for("club.welcome", _external=True)
    if not leave:
        leave = url_for("club.tiers", _external=True)
    return stripe.checkout.Session.create(
        mode="subscription",
        customer=member.billing_ref,
        line_items=[{"price": tier.price_ref, "quantity": 1}],
        success_url=back,
        cancel_url=leave,
    )


def join(member, tier):
    return open_checkout(member, tier)


def join_from_mail(member, tier, link):
    return open_checkout(member, tier, back=link)
"""


def _by_line(top: Path) -> dict[int, str]:
    return {s.line: s.suggestion for s in creates(top) if s.via is not None}


def test_python_parameter_defaulted_in_the_body_reaches_each_caller(tmp_path: Path) -> None:
    calls = _by_line(write_tree(tmp_path, {"club/billing.py": PY}))
    bare, given = calls[20], calls[24]
    assert 'return_url=url_for("club.welcome", _external=True),' in bare
    assert 'cancel_url=url_for("club.tiers", _external=True),' in bare
    assert "TODO_" not in bare and "TODO_" not in given
    assert 'return_url=(url_for("club.welcome", _external=True) if link is None else link),' in (
        given
    )


TS_BILLING = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function createCheckout(priceId: string, back?: string, seats?: number) {
  if (!back) back = "https://app.example.com/billing";
  seats = seats || 1;
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: priceId, quantity: seats }],
    success_url: back + "?ok=1",
    cancel_url: back,
  });
}
"""
TS_PAGE = """import { createCheckout } from "./billing";
export async function upgrade() {
  return createCheckout("price_1Pro");
}
export async function upgradeTeam(url: string) {
  return createCheckout("price_1Team", url, 5);
}
"""


def test_typescript_parameters_defaulted_in_the_body_reach_each_caller(tmp_path: Path) -> None:
    """`if (!back) back = ...` and `seats = seats || 1` in a TS wrapper: a caller's file was
    lost (RecursionError deciding `((5) || 1) is set`), `back` inside `back + "?ok=1"` was
    `TODO_back` (X021) at every caller, and a caller passing no seats had a blocked cart
    (`undefined || 1` read as a choice with no quantity, L109)."""
    top = write_tree(tmp_path, {"app/billing.ts": TS_BILLING, "app/page.ts": TS_PAGE})
    sites = {s.line: s for s in creates(top) if s.via is not None}
    bare, given = sites[3], sites[6]
    for site in (bare, given):
        assert site.verdict != "blocked", [f.message for f in site.findings]
        assert "TODO_" not in site.suggestion
        assert "X021" not in {f.code for f in site.findings}
    assert 'return_url: "https://app.example.com/billing" + "?ok=1",' in bare.suggestion
    assert 'cancel_url: "https://app.example.com/billing",' in bare.suggestion
    assert "quantity: 1," in bare.suggestion
    assert "quantity: 5," in given.suggestion
    assert (
        'return_url: ((!url ? "https://app.example.com/billing" : url)) + "?ok=1",'
        in given.suggestion
    )
    assert 'cancel_url: (!url) ? "https://app.example.com/billing" : url,' in given.suggestion
