"""A Stripe resource or service called through a name the file binds to it
(``migrate/scan/resource_alias.py``): ``Session = stripe.checkout.Session``, ``api =
cast(Any, stripe.Subscription)`` (a real application's whole Stripe layer was written so, and
none of it was reported), ``const sessions = stripe.checkout.sessions``."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import ScanStats

PY = """from typing import Any, cast

import stripe

Session = stripe.checkout.Session


def buy(price_id):
    return Session.create(
        mode="payment",
        line_items=[{"price": price_id, "quantity": 1}],
        success_url="https://x.test/ok",
    )


def change(sub_id, price_id):
    api = cast(Any, stripe.Subscription)
    return api.modify(sub_id, items=[{"price": price_id}], proration_behavior="none")


def cancel(sub_id):
    api = stripe.Subscription
    return api.delete(sub_id)


def ambiguous(price_id):
    thing = stripe.checkout.Session
    thing = make_thing()
    return thing.create(mode="payment", line_items=[{"price": price_id, "quantity": 1}])
"""

TS = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
const sessions = stripe.checkout.sessions;

export async function buy(priceId: string) {
  return sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://x.test/ok",
  });
}

export async function order(db: any) {
  const orders = db.orders;
  return orders.create({ total: 1 });
}
"""


def _sites(tmp_path: Path, name: str, text: str) -> list:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    stats = ScanStats()
    sites = list(scan_paths([str(path)], stats=stats))
    assert stats.problems == []
    return sites


def test_a_python_name_bound_to_a_resource_class_is_that_resource(tmp_path: Path) -> None:
    sites = _sites(tmp_path, "billing.py", PY)
    by_line = {s.line: s for s in sites}
    assert sorted(by_line) == [9, 18, 23]  # the ambiguous name (bound twice) is left alone
    buy, change, cancel = by_line[9], by_line[18], by_line[23]
    assert buy.translation is not None and buy.translation.kind == "checkout_session"
    assert buy.params["line_items"] == [{"price": {"$dynamic": "price_id"}, "quantity": 1}]
    assert buy.translation is not None and buy.translation.dodo is not None
    assert change.translation is not None and change.translation.kind == "change_plan"
    assert change.params["proration_behavior"] == "none"
    assert cancel.translation is not None and cancel.translation.kind == "subscription_patch"
    assert 'status="cancelled"' in (cancel.suggestion or "")


def test_a_service_of_a_node_client_bound_to_a_name_is_that_service(tmp_path: Path) -> None:
    (site,) = _sites(tmp_path, "billing.ts", TS)  # db.orders' create is no Stripe call
    assert site.kind == "create" and site.line == 7
    assert site.params["mode"] == "payment"


IMPORTED = """import stripe
from django.conf import settings
from stripe.api_resources.checkout import Session
from stripe.checkout import Session as CheckoutSession
from stripe.api_resources.payment_intent import PaymentIntent as Intent


class BuyView:
    def get(self, request, item):
        session = Session.create(
            mode="payment",
            line_items=[{"price": item.stripe_price, "quantity": request.GET["qty"]}],
            success_url=settings.SITE_URL + "/ok",
        )
        return session.id


def donate(amount, email):
    return CheckoutSession.create(
        mode="payment",
        customer_email=email,
        line_items=[
            {
                "price_data": {
                    "currency": "eur",
                    "unit_amount": amount,
                    "product_data": {"name": "Gift"},
                },
                "quantity": 1,
            }
        ],
        success_url="https://x.test/thanks",
    )


def hold(amount):
    return Intent.create(amount=amount, currency="usd")
"""

SHADOWED = """from sqlalchemy.orm import Session
from stripe.checkout import Session


def save(row):
    return Session.create(row)
"""


def test_a_python_resource_class_imported_from_a_stripe_module_is_that_resource(
    tmp_path: Path,
) -> None:
    # ``from stripe.checkout import Session`` (or the older stripe.api_resources modules) and
    # then ``Session.create(...)``: none of these creations was reported
    by_line = {s.line: s for s in _sites(tmp_path, "views.py", IMPORTED)}
    assert sorted(by_line) == [10, 19, 37]
    buy, donate, hold = by_line[10], by_line[19], by_line[37]
    assert buy.kind == "create" and buy.translation is not None
    assert 'request.GET["qty"]' in (buy.suggestion or "")
    assert 'settings.SITE_URL + "/ok"' in (buy.suggestion or "")
    assert donate.kind == "create" and '"amount": amount' in (donate.suggestion or "")
    assert "customer=" in (donate.suggestion or "") and "email" in (donate.suggestion or "")
    assert hold.translation is not None and "amount" in (hold.suggestion or "")
    # a name also imported from another module is left as written (no Stripe call reported)
    assert _sites(tmp_path, "repo.py", SHADOWED) == []
