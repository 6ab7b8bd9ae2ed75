"""A choice whose every value gives the same Dodo call does not block (RT043); one of whose
values blocks still does (RT002, naming the choice). Found on WordPress fluentform:
``'capture_method' => $delayed ? null : 'automatic'`` blocked the checkout, though neither value
changes the charge (Dodo captures at once; ``automatic`` is Stripe's default).

Legacy ``subscription_data.items`` chosen at run time (``{"items": [...]} if c else None``) fold
into the cart as they do outside a choice (G002): a line present only when its branch is taken,
not a field no rule maps (RT002, C090)."""

from __future__ import annotations

from typing import Any

import pytest

from migrate.findings import Level
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY = """import stripe

def buy(delayed):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_1", "quantity": 1}],
        success_url="https://x.test/ok",
        payment_intent_data={"capture_method": %s},
    )
"""
PHP = """<?php
function buy($form) {
    return \\Stripe\\Checkout\\Session::create([
        'mode' => 'payment',
        'line_items' => [['price' => 'price_1', 'quantity' => 1]],
        'success_url' => 'https://x.test/ok',
        'payment_intent_data' => ['capture_method' => %s],
    ]);
}
"""
LEGACY = """import stripe

def buy(team):
    return stripe.checkout.Session.create(
        mode="subscription",
        success_url="https://x.test/ok",
        subscription_data=%s,
    )
"""


def _site(code: str, language: str) -> CallSite:
    suffix = {"python": "py", "php": "php"}[language]
    (site,) = [s for s in scan_source(code, f"x.{suffix}", BY_NAME[language]) if s.kind == "create"]
    return site


def _codes(site: CallSite) -> dict[str, Level]:
    return {f.code: f.level for f in site.findings}


@pytest.mark.parametrize(
    ("code", "language"),
    [
        (PY % "None if delayed else 'automatic'", "python"),
        (PY % "'automatic' if delayed else None", "python"),
        (PHP % "$form->delayed ? null : 'automatic'", "php"),
    ],
)
def test_a_choice_that_changes_nothing_on_dodo_does_not_block(code: str, language: str) -> None:
    site = _site(code, language)
    codes = _codes(site)
    assert "RT002" not in codes
    assert codes.get("RT043") is Level.INFO
    assert all(f.level is not Level.BLOCKER for f in site.findings)
    (note,) = [f for f in site.findings if f.code == "RT043"]
    assert note.path == "payment_intent_data.capture_method"
    assert "'automatic'" in note.message


@pytest.mark.parametrize(
    ("code", "language"),
    [
        (PY % "'manual' if delayed else 'automatic'", "python"),
        (PHP % "$form->delayed ? 'manual' : null", "php"),
    ],
)
def test_a_choice_with_a_value_that_blocks_still_blocks(code: str, language: str) -> None:
    site = _site(code, language)
    codes = _codes(site)
    assert codes.get("RT002") is Level.BLOCKER
    assert "RT043" not in codes
    (lost,) = [f for f in site.findings if f.code == "RT002"]
    assert "delayed" in lost.message  # the choice, with its condition, is named


def _cart(site: CallSite) -> Any:
    return site.as_dict()["dodo"]["product_cart"]


def test_legacy_items_chosen_or_none_are_a_line_present_only_then() -> None:
    site = _site(LEGACY % '{"items": [{"plan": "plan_pro"}]} if team else None', "python")
    codes = _codes(site)
    assert "RT002" not in codes and "C090" not in str(site.findings)
    cart = _cart(site)
    (element,) = cart["$concat"] if type(cart) is dict else cart
    assert element["$choice"]["if"] == "team"
    assert element["$choice"]["then"]["quantity"] == 1
    assert element["$choice"]["else"] is None


def test_legacy_items_chosen_between_lists_fold_element_by_element() -> None:
    chosen = (
        '{"items": [{"plan": "plan_pro"}, {"plan": "plan_seat", "quantity": 3}]} if team '
        'else {"items": [{"plan": "plan_pro"}]}'
    )
    site = _site(LEGACY % chosen, "python")
    assert "RT002" not in _codes(site)
    cart = _cart(site)["$concat"]
    assert cart[0]["quantity"] == 1 and type(cart[0]["product_id"]) is str  # in both branches
    assert cart[1]["$choice"]["then"]["quantity"] == 3 and cart[1]["$choice"]["else"] is None
    # as outside a choice: several subscription products in one checkout still block (D002)
    assert _codes(site).get("D002") is Level.BLOCKER


def test_a_plan_chosen_in_a_legacy_item_is_named_by_its_code() -> None:
    site = _site(LEGACY % '{"items": [{"plan": "plan_pro" if team else "plan_basic"}]}', "python")
    (note,) = [f for f in site.findings if f.code == "G002"]
    assert "Expr(" not in note.message
    assert '"plan_pro" if team else "plan_basic"' in note.message


SHIPPING = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function start(email: string) {
  const uk = email.endsWith(".uk");
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_1Mug", quantity: 1 }],
    shipping_options: uk ? [{ shipping_rate: "shr_uk" }] : [{ shipping_rate: "shr_world" }],
    success_url: "https://x.test/ok",
  });
}
"""


def test_a_choice_between_shipping_rates_by_id_blocks_as_each_rate_does() -> None:
    """Each shipping rate by id blocks (C026: its amount is unknown, Dodo would not charge
    it). The choice between two was settled as immaterial (both give the same Dodo call), and
    the blocker, at the run-time value's path, was then dropped as "judged at run time": the
    call read as translated, the shipping silently not charged."""
    (site,) = [
        s for s in scan_source(SHIPPING, "pay.ts", BY_NAME["typescript"]) if s.kind == "create"
    ]
    blockers = {f.code: f.path for f in site.findings if f.level is Level.BLOCKER}
    assert blockers.get("C026") == "shipping_options[0]", site.findings
    assert site.verdict == "blocked"
