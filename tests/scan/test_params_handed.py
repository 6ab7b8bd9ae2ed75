"""The params handed to a function that may change them before the call are reported
(RT059), a blocker when what it may set decides what the buyer pays.

Read in a Laravel shop: ``$promotionService->applyPromotionCodeToSession($sessionParams,
$code)`` (by reference) added the buyer's promotion code as ``discounts`` before
``Session::create($sessionParams)``; the Dodo call had no discount code and nothing said so."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.findings import Level
from tests.scan.trees import creates, write_tree

PHP = """<?php
class CheckoutService {
    public function open($priceId, $code, $promotionService) {
        $sessionParams = [
            'mode' => 'payment',
            'line_items' => [['price' => $priceId, 'quantity' => 1]],
            'success_url' => 'https://x.example/ok',
        ];
        if (!empty($code)) {
            $promotionService->applyPromotionCodeToSession($sessionParams, $code);
        }
        return \\Stripe\\Checkout\\Session::create($sessionParams);
    }
}
"""

PYTHON = """import stripe


def apply_discount(params, code):
    params["discounts"] = [{"promotion_code": code}]


def tag(params, user):
    params["metadata"] = {"user": user.id}


def open_checkout(price_id, user, code=None):
    params = {
        "mode": "payment",
        "line_items": [{"price": price_id, "quantity": 1}],
        "success_url": "https://x.example/ok",
    }
    if code:
        apply_discount(params, code)
    tag(params, user)
    logger.info("checkout %s", params)
    checked = validate(params)
    return stripe.checkout.Session.create(**params)
"""

TYPESCRIPT = """import Stripe from "stripe";
const stripe = new Stripe("sk_test_x");

function addDiscount(p: Stripe.Checkout.SessionCreateParams, code: string) {
  p.discounts = [{ promotion_code: code }];
}

export async function open(priceId: string, code?: string) {
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://x.example/ok",
  };
  console.log(params);
  Object.assign(params, { metadata: { code: code ?? "" } }); // read by the flow reader
  if (code) await addDiscount(params, code);
  return stripe.checkout.sessions.create(params);
}
"""


@pytest.mark.parametrize(
    ("name", "code", "expected"),
    [
        (
            "CheckoutService.php",
            PHP,
            {"$promotionService->applyPromotionCodeToSession": Level.BLOCKER},
        ),
        ("views.py", PYTHON, {"apply_discount": Level.BLOCKER, "tag": Level.WARNING}),
        ("route.ts", TYPESCRIPT, {"addDiscount": Level.BLOCKER}),
    ],
)
def test_a_call_that_may_change_the_params_is_reported(
    tmp_path: Path, name: str, code: str, expected: dict[str, Level]
) -> None:
    (site,) = creates(write_tree(tmp_path, {name: code}))
    said = {f.message.split("`")[3]: f.level for f in site.findings if f.code == "RT059"}
    assert said == expected  # not the logger, not a call whose result is used
    if Level.BLOCKER in expected.values():
        assert site.verdict == "blocked"


def test_an_id_handed_to_another_call_is_no_params_object(tmp_path: Path) -> None:
    code = """class StripeService
  def self.update_subscription(subscription, price_id, item_id, drop_coupon)
    subscription_stripe_id = subscription.stripe_id
    subscription_params = {
      items: [{ id: item_id, price: price_id }],
      proration_behavior: 'create_prorations',
    }
    if drop_coupon
      Stripe::Subscription.delete_discount(subscription_stripe_id)
    end
    Stripe::Subscription.update(subscription_stripe_id, subscription_params)
  end
end
"""
    from migrate.scan import scan_paths  # every site, not only creations

    sites = list(scan_paths([str(write_tree(tmp_path, {"stripe_service.rb": code}))]))
    assert [s.line for s in sites if s.translation is not None] == [11]  # the plan change
    assert [f for s in sites for f in s.findings if f.code == "RT059"] == []
