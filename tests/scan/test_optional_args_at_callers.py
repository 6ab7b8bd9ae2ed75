"""A wrapper's caller passing its own optional parameter (a Java ``String`` not annotated
non-null, Python ``customer_id=None``, TypeScript ``customerId?: string``) keeps the guard the
wrapper's own site has: the customer is a Dodo customer only when set.

Read in a Spring app: ``createCheckout(@RequestParam(required = false) String
stripe_customer_id)`` calling ``stripeCheckout.createCheckoutSession(stripe_customer_id)``. The
wrapper's site guarded the id-map look-up (``stripeCustomerId != null && !isEmpty()``), the
caller's did not: a guest checkout would have thrown in the look-up of nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan.trees import creates, write_tree

JAVA = {
    "StripeCheckout.java": """package shop;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
public class StripeCheckout {
    public String createCheckoutSession(String stripeCustomerId) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice("price_1Abc").setQuantity(1L).build())
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(stripeCustomerId)
                .setSuccessUrl("https://x.example/ok")
                .build();
        return Session.create(params).getUrl();
    }
}
""",
    "StripeController.java": """package shop;
public class StripeController {
    private final StripeCheckout stripeCheckout = new StripeCheckout();
    public String createCheckout(String stripe_customer_id) throws Exception {
        return stripeCheckout.createCheckoutSession(stripe_customer_id);
    }
}
""",
}

PYTHON = {
    "billing.py": """import stripe


def start(customer_id):
    return stripe.checkout.Session.create(
        mode="payment",
        customer=customer_id,
        line_items=[{"price": "price_1Abc", "quantity": 1}],
        success_url="https://x.example/ok",
    )
""",
    "views.py": """from billing import start


def buy(customer_id=None):
    return start(customer_id)
""",
}

TYPESCRIPT = {
    "billing.ts": """import Stripe from "stripe";
const stripe = new Stripe("sk_test_x");

export async function start(customerId: string) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    customer: customerId,
    line_items: [{ price: "price_1Abc", quantity: 1 }],
    success_url: "https://x.example/ok",
  });
}
""",
    "route.ts": """import { start } from "./billing";

export async function buy(customerId?: string) {
  return start(customerId);
}
""",
}


@pytest.mark.parametrize(
    ("files", "guard"),
    [
        (JAVA, "stripe_customer_id != null && !stripe_customer_id.isEmpty()"),
        (PYTHON, "customer_id"),  # set, and not empty: as the wrapper's own site tests it
        (TYPESCRIPT, "customerId"),
    ],
)
def test_the_callers_optional_argument_keeps_the_guard(
    tmp_path: Path, files: dict[str, str], guard: str
) -> None:
    (caller,) = [s for s in creates(write_tree(tmp_path, files)) if s.via is not None]
    assert caller.translation is not None and caller.translation.dodo is not None
    customer = caller.as_dict()["dodo"]["customer"]
    assert customer["$choice"]["if"] == guard
    assert customer["$choice"]["else"] is None
