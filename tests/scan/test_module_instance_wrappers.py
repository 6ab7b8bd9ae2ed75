"""A wrapper method called on the one object its module makes of its class, imported by name
(``from .payments import payments``, then ``payments.start_checkout(...)``) was no call of the
wrapper: the calling file never names the class, so it was not searched, and the receiver was
not known to be an instance of it. Read in a Django app whose views call the checkout method
of a gateway object made at the bottom of the gateway's module: the view's checkout, with the
plan the user picked and the account's email, was not found. It is now a wrapper call, carrying
the caller's values; a name imported from elsewhere, or bound to another class, is not one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan.trees import creates, write_tree

PAYMENTS_PY = """\
import stripe


class Payments:
    def start_checkout(self, plan_id, member):
        options = {
            "mode": "subscription",
            "customer_email": member.email,
            "success_url": "https://club.example/welcome",
            "line_items": [{"price": plan_id, "quantity": 1}],
        }
        return stripe.checkout.Session.create(**options)


class Reports:
    def start_checkout(self, plan_id, member):
        return None


payments = Payments()
reports = Reports()
"""

VIEW_PY = """\
from club.payments import payments, reports
from club.other import payments as elsewhere


def join(request):
    session = payments.start_checkout(request.POST["plan"], request.member)
    return session.url


def report(request):
    reports.start_checkout(request.POST["plan"], request.member)
    elsewhere.start_checkout(request.POST["plan"], request.member)
"""

PAYMENTS_TS = """\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY as string);

class Payments {
  async startCheckout(planId: string, email: string) {
    return stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: email,
      success_url: "https://club.example/welcome",
      line_items: [{ price: planId, quantity: 1 }],
    });
  }
}

export const payments = new Payments();
"""

ROUTE_TS = """\
import { payments } from "../lib/payments";

export async function POST(req: Request) {
  const body = await req.json();
  const session = await payments.startCheckout(body.plan, body.email);
  return Response.json({ url: session.url });
}
"""


@pytest.mark.parametrize(
    ("files", "caller", "email"),
    [
        (
            {"club/payments.py": PAYMENTS_PY, "club/views.py": VIEW_PY},
            "club/views.py",
            "request.member.email",
        ),
        (
            {"lib/payments.ts": PAYMENTS_TS, "app/route.ts": ROUTE_TS},
            "app/route.ts",
            "body.email",
        ),
    ],
)
def test_a_call_on_the_modules_object_is_a_wrapper_call(
    tmp_path: Path, files: dict[str, str], caller: str, email: str
) -> None:
    top = write_tree(tmp_path / "app", files)
    sites = creates(top)
    called = [s for s in sites if Path(s.file) == top / caller]
    assert len(called) == 1, [(s.file, s.line) for s in sites]  # not reports', not elsewhere's
    (site,) = called
    assert site.via is not None
    text = site.suggestion or ""
    assert 'dodo_product_id(request.POST["plan"])' in text or "dodoProductId(body.plan)" in text
    assert email in text
