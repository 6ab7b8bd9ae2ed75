"""A helper whose ``if`` and ``else`` both return is a choice between the two values.

Read in a workspace app's billing service: ``if (plan === "pro") { return A } else { return B }``
was read as A whatever the plan, with no finding, and the safe ``--fix`` wrote it so: every
buyer was sold the first plan. A return inside a branch was read as "every other branch
returned, so this one ran", which holds for code after the ``if``, not for a branch that itself
returns. And a helper's value that names its own locals (an awaited read the reader cannot
write out) is no value at its call: the call stays as written (``migrate/scan/helper_leaks.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan.sdk_checks import tsc_problems
from tests.scan.trees import only_site

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

function priceFor(plan: string): string {
  if (plan === "pro") {
    return "price_pro";
  } else {
    return "price_team";
  }
}

function trialFor(plan: string): number {
  if (plan === "pro") return 14;
  else return 7;
}

export async function buy(plan: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: priceFor(plan), quantity: 1 }],
    subscription_data: { trial_period_days: trialFor(plan) },
    success_url: "https://shop.example/ok",
  });
  return session.url;
}
"""

PY = """import stripe


def price_for(plan):
    if plan == "pro":
        return "price_pro"
    else:
        return "price_team"


def buy(plan):
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": price_for(plan), "quantity": 1}],
        success_url="https://shop.example/ok",
    )
"""

AWAITED = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
declare const flags: { isEarly(id: string): Promise<boolean> };

async function lookup(plan: string, tag: string): Promise<string> {
  const found = await stripe.prices.list({ lookup_keys: [`${plan}_${tag}`] });
  return found.data[0].id;
}

async function pickPrice(userId: string, plan: string) {
  const early = await flags.isEarly(userId);
  if (plan === "pro") {
    const price = await lookup(plan, early ? "early" : "std");
    return { price, coupon: early ? "EARLY" : undefined };
  } else {
    const price = await lookup(plan, "std");
    return { price, coupon: "WELCOME" };
  }
}

export async function buy(userId: string, plan: string) {
  const { price, coupon } = await pickPrice(userId, plan);
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price, quantity: 1 }],
    discounts: coupon ? [{ coupon }] : undefined,
    success_url: "https://shop.example/ok",
  });
  return session.url;
}
"""


@pytest.mark.parametrize(("name", "source"), [("checkout.ts", TS), ("checkout.py", PY)])
def test_both_returns_of_an_if_else_helper_are_sold(tmp_path: Path, name: str, source: str) -> None:
    site = only_site(tmp_path, {name: source})
    assert site.translation is not None
    made = {r["stripe"]["price"]: r["id"] for r in site.translation.requires}
    assert set(made) == {"price_pro", "price_team"}  # both products, created first
    pro, team = made["price_pro"], made["price_team"]
    text = site.suggestion or ""
    if name.endswith(".ts"):
        assert f'product_id: (plan === "pro") ? "{pro}" : "{team}",' in text
        assert 'trial_period_days: (plan === "pro") ? 14 : 7,' in text
    else:
        assert f'"product_id": "{pro}" if plan == "pro" else "{team}",' in text


def test_a_helper_value_naming_its_own_locals_stays_the_call(tmp_path: Path) -> None:
    site = only_site(tmp_path, {"checkout.ts": AWAITED})
    text = site.suggestion or ""
    assert "product_id: dodoProductId(price)," in text
    # neither the helper's local nor its Stripe read again (the caller has `price` in scope)
    assert "early" not in text and "lookup(" not in text
    ids = {
        "ids.d.ts": "declare function dodoProductId(id: string): string;\n"
        "declare function dodoDiscountCode(id: string): string;\n"
    }
    assert tsc_problems(tmp_path, AWAITED, text, files=ids) == ""


THROWS_TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

function priceFor(plan: string): string {
  if (plan === "pro") {
    return "price_pro";
  } else if (plan === "team") {
    return "price_team";
  }
  throw new Error(`unknown plan ${plan}`);
}

export async function buy(plan: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: priceFor(plan), quantity: 1 }],
    success_url: "https://shop.example/ok",
  });
  return session.url;
}
"""

THROWS_PY = """import stripe


def price_for(plan):
    if plan == "pro":
        return "price_pro"
    elif plan == "team":
        return "price_team"
    raise ValueError(plan)


def buy(plan):
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": price_for(plan), "quantity": 1}],
        success_url="https://shop.example/ok",
    )
"""


@pytest.mark.parametrize(("name", "source"), [("a.ts", THROWS_TS), ("a.py", THROWS_PY)])
def test_a_helper_that_throws_past_its_returns_has_no_third_branch(
    tmp_path: Path, name: str, source: str
) -> None:
    # was: a blocker (RT007, "no line item in one branch") and TODO_product_id for the path
    # that throws, where no checkout is made at all
    site = only_site(tmp_path, {name: source})
    assert "RT007" not in {f.code for f in site.findings}
    assert site.translation is not None
    made = {r["stripe"]["price"]: r["id"] for r in site.translation.requires}
    pro, team = made["price_pro"], made["price_team"]
    text = site.suggestion or ""
    assert "TODO" not in text
    if name.endswith(".ts"):
        assert f'product_id: (plan === "pro") ? "{pro}" : "{team}",' in text
    else:
        assert f'"product_id": "{pro}" if plan == "pro" else "{team}",' in text


SAME_NAME = """import stripe

PRICES = {"basic": "price_basic", "pro": "price_pro"}


def params_for(tier, seats):
    plan = PRICES[tier]
    return {
        "mode": "subscription",
        "line_items": [{"price": plan, "quantity": seats}],
        "success_url": "https://shop.example/ok",
    }


def start_checkout(plan, seats):
    return stripe.checkout.Session.create(**params_for(plan, seats))
"""


def test_a_caller_s_argument_named_like_a_helper_local_is_no_leak(tmp_path: Path) -> None:
    # a reviewer's case: the caller's `plan` (put in for `tier`) was taken for the helper's
    # local `plan`, and the whole reading was dropped: a false blocker, the cart lost
    site = only_site(tmp_path, {"checkout.py": SAME_NAME})
    assert site.verdict != "blocked"
    text = site.suggestion or ""
    assert '"product_id": dodo_product_id(PRICES[plan]),' in text and '"quantity": seats,' in text
