"""A run-time spread whose helper can set what the buyer pays blocks the site (RT054).

Read in a Hono app's subscription service: ``...discountDetails`` from
``resolveCheckoutDiscount``, which returns a coupon from inside a loop over the customer's
coupons, else ``allow_promotion_codes: true``. Which object is spread in only run time tells:
RT006 (a warning) said part of the params was not in the Dodo call, which charged full price
with nothing blocking it. The helper's returned objects now say which fields the spread can set;
one that decides what is paid blocks the site (``migrate/scan/spread_sets.py``), naming them.
A spread whose helper sets only other fields (URLs, metadata) stays RT006.
"""

from __future__ import annotations

from migrate.findings import Level
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function resolveCheckoutDiscount(couponIds: string[]) {
  for (const couponId of couponIds) {
    const coupon = await stripe.coupons.retrieve(couponId);
    if (coupon.valid) {
      return { discountDetails: { discounts: [{ coupon: coupon.id }] } };
    }
  }
  return { discountDetails: { allow_promotion_codes: true } };
}

export async function createCheckoutUrl(priceId: string, couponIds: string[]) {
  const { discountDetails } = await resolveCheckoutDiscount(couponIds);
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://app.test/ok",
    ...discountDetails,
  });
  return session.url;
}
"""

PY = """import stripe


def urls_for(user):
    for domain in user.domains:
        if domain.primary:
            return {"success_url": f"https://{domain.name}/ok", "cancel_url": f"https://{domain.name}/no"}
    return {"success_url": "https://app.test/ok"}


def discount_for(user):
    for coupon in user.coupons:
        if coupon.valid:
            return {"discounts": [{"coupon": coupon.id}]}
    return {}


def buy(user):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_1Book", "quantity": 1}],
        **discount_for(user),
    )


def go(user):
    extra = urls_for(user)
    return stripe.checkout.Session.create(
        mode="payment", line_items=[{"price": "price_1Book", "quantity": 1}], **extra
    )
"""


def _sites(source: str, path: str, language: str) -> list[CallSite]:
    return [s for s in scan_source(source, path, BY_NAME[language]) if s.kind == "create"]


def test_a_typescript_spread_of_a_helpers_discounts_blocks_the_site() -> None:
    (site,) = _sites(TS, "subscriptions.ts", "typescript")
    (rt054,) = [f for f in site.findings if f.code == "RT054"]
    assert rt054.level is Level.BLOCKER
    assert rt054.message.startswith(
        "`...discountDetails` is spread into the params from what `resolveCheckoutDiscount`"
        " returns, which can set `discounts`, `allow_promotion_codes`"
    )
    assert "RT006" not in [f.code for f in site.findings]
    assert site.verdict == "blocked"


def test_a_python_spread_of_a_helper_call_blocks_only_where_it_sets_what_is_paid() -> None:
    buy, go = _sites(PY, "shop.py", "python")
    assert [f.message.split(":")[0] for f in buy.findings if f.code == "RT054"] == [
        "`**discount_for(user)` is spread into the params from what `discount_for` returns, "
        "which can set `discounts`"
    ]
    codes = [f.code for f in go.findings]
    assert "RT054" not in codes and "RT006" in codes  # URLs only: a warning, as before
