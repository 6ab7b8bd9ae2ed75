"""A coupon or promotion code the code creates in Stripe a moment before the checkout (RT052;
seen in a billing portal that turns a customer's account credit into a one-off
``stripe.Coupon.create(amount_off=credit, ...)`` and passes ``discounts=[{"coupon":
coupon["id"]}]``). The Dodo call looked the new coupon up in the id map (where it never is)
with no finding: the checkout fails and the discount is not carried. It blocks now, with what
the coupon gives; a coupon the code only names (an id from the environment, a request) does
not."""

from __future__ import annotations

from pathlib import Path

from migrate.findings import Level
from migrate.scan.scan import CallSite
from tests.scan.trees import creates, write_tree

CREDIT_PY = """import stripe


def pay_invoice(invoice, customer_id):
    lines = [{"price": invoice.price_id, "quantity": 1}]
    discount = None
    if invoice.credit_cents:
        coupon = stripe.Coupon.create(
            amount_off=invoice.credit_cents, currency="usd", duration="once"
        )
        discount = [{"coupon": coupon["id"]}]
    return stripe.checkout.Session.create(
        mode="payment",
        customer=customer_id,
        line_items=lines,
        discounts=discount if discount else [],
        success_url="https://portal.example/paid",
    )


def named(invoice, request):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": invoice.price_id, "quantity": 1}],
        discounts=[{"coupon": request.POST["coupon"]}],
        success_url="https://portal.example/paid",
    )
"""
WELCOME_TS = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function welcome(priceId: string, email: string) {
  const promo = await stripe.coupons.create({ percent_off: 25, duration: "once" });
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer_email: email,
    line_items: [{ price: priceId, quantity: 1 }],
    discounts: [{ coupon: promo.id }],
    success_url: "https://app.example/welcome",
  });
  return session.url;
}
"""


def _rt052(site: CallSite) -> list[str]:
    return [f.message for f in site.findings if f.code == "RT052" and f.level is Level.BLOCKER]


def test_a_coupon_created_before_the_checkout_blocks_with_what_it_gives(tmp_path: Path) -> None:
    credit, named = creates(write_tree(tmp_path, {"billing/views.py": CREDIT_PY}))
    (said,) = _rt052(credit)
    assert said.startswith("`discounts` is a Stripe coupon or promotion code")
    assert "stripe.Coupon.create(...)" in said and "amount_off invoice.credit_cents" in said
    assert _rt052(named) == []  # a coupon the request names: looked up, not made


def test_a_typescript_coupon_made_with_percent_off(tmp_path: Path) -> None:
    (site,) = creates(write_tree(tmp_path, {"src/welcome.ts": WELCOME_TS}))
    (said,) = _rt052(site)
    assert said.startswith("`discounts[0].coupon` is a Stripe coupon")
    assert "stripe.coupons.create(...)" in said and "percent_off 25" in said


SHOP_TS = """import { stripe } from "../lib/stripe.js";
import { makeStripeCoupon } from "../utils/coupons.js";

async function oneOffCoupon(off: number) {
  const made = await stripe.coupons.create({ amount_off: off, currency: "usd", duration: "once" });
  return made.id;
}

export async function checkout(req: any) {
  const { items, coupon, credit } = req.body;
  const lines = items.map((i: any) => ({
    price_data: { currency: "usd", product_data: { name: i.name }, unit_amount: i.cents },
    quantity: i.qty,
  }));
  const main = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lines,
    discounts: coupon ? [{ coupon: await makeStripeCoupon(coupon.percent) }] : [],
    success_url: `${process.env.SHOP_URL}/paid`,
  });
  const gift = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lines,
    discounts: [{ coupon: await oneOffCoupon(credit) }],
    success_url: `${process.env.SHOP_URL}/paid`,
  });
  return [main.url, gift.url];
}
"""
COUPONS_TS = """import { stripe } from "../lib/stripe.js";

export async function makeStripeCoupon(percent: number) {
  const coupon = await stripe.coupons.create({ percent_off: percent, duration: "once" });
  return coupon.id;
}
"""


def test_a_coupon_a_helper_creates_blocks_whether_the_helper_is_in_the_file_or_imported(
    tmp_path: Path,
) -> None:
    # ``discounts: [{ coupon: await helper(pct) }]`` with the helper doing stripe.coupons.create
    # (here or in a module imported the ESM way, ``../utils/coupons.js`` for a .ts file): the Dodo
    # call looked the new coupon up in the id map with no finding
    tree = write_tree(
        tmp_path,
        {
            "server/controllers/pay.ts": SHOP_TS,
            "server/utils/coupons.ts": COUPONS_TS,
            "server/lib/stripe.ts": 'import Stripe from "stripe";\n'
            "export const stripe = new Stripe(process.env.STRIPE_KEY!);\n",
        },
    )
    main, gift = creates(tree)
    (said,) = _rt052(main)
    assert "stripe.coupons.create(...) in makeStripeCoupon" in said
    assert "percent_off percent" in said
    (said,) = _rt052(gift)
    assert "stripe.coupons.create(...) in oneOffCoupon" in said and "amount_off off" in said
