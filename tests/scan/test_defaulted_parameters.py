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
        'return_url: (!url ? "https://app.example.com/billing" : url) + "?ok=1",'
        in given.suggestion
    )
    assert 'cancel_url: (!url) ? "https://app.example.com/billing" : url,' in given.suggestion


TS_OPTIONS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
const BASE = process.env.APP_URL ?? "https://app.example.com";

type Opts = { priceId: string; quantity?: number; successUrl?: string };

export async function startCheckout({ priceId, quantity = 1, successUrl = `${BASE}/ok` }: Opts) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity }],
    success_url: successUrl,
  });
}

export async function back(priceId: string, path?: string | null) {
  path ??= "/billing";
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: BASE + path,
  });
}

export async function subscribe(priceId: string, trialDays = 0) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: priceId, quantity: 1 }],
    subscription_data: trialDays > 0 ? { trial_period_days: trialDays } : undefined,
    success_url: BASE,
  });
}
"""
TS_ROUTES = """import { startCheckout, back, subscribe } from "./billing";
export const a = () => startCheckout({ priceId: "price_1A" });
export const b = () => back("price_1B");
export const c = (p: string) => back("price_1C", p);
export const d = () => subscribe("price_1D", 14);
export const e = () => subscribe("price_1E");
"""


def test_typescript_module_constants_defaults_and_fill_ins_reach_callers(tmp_path: Path) -> None:
    """Read in Next.js billing helpers: the module's `BASE` (from the environment) was written
    as `BASE` in callers' files, which do not define it; `path ??= "/billing"` was `TODO_path`
    (X021); `trialDays > 0 ? {...} : undefined` stayed a test at a call passing 14."""
    top = write_tree(tmp_path, {"app/billing.ts": TS_OPTIONS, "app/routes.ts": TS_ROUTES})
    sites = {s.line: s.suggestion for s in creates(top) if s.via is not None}
    env = '(process.env.APP_URL ?? "https://app.example.com")'
    assert f"return_url: `${{{env}}}/ok`," in sites[2]
    assert f'return_url: {env} + "/billing",' in sites[3]
    assert f'return_url: {env} + (p ?? "/billing"),' in sites[4]
    assert "trial_period_days: 14," in sites[5]
    assert "trial_period_days" not in sites[6]
    for text in sites.values():
        assert "BASE" not in text and "TODO_" not in text
