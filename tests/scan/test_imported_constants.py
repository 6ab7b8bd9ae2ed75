"""A constant the checkout's file imports from a config module of the tree is read where it is
used, as one the file declares itself is: a shop's shipping rates from ``../stripe/shipping``
(``export const shipping_options = [...] satisfies ...``), a SaaS's trial from its plans module
(Python: ``from .plans import TRIAL_DAYS``).

Before, the name was a value known only at run time: the shipping charge blocked (RT002) where
the same list written in the file becomes a shipping product (C025), and the trial was dropped
with a warning, so the subscription would start charging at once. A module value that is not a
constant (a ``let``, a Python name its module changes) stays a run-time value."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths

SHIPPING = """import type Stripe from "stripe";

export const shipping_options = [
  {
    shipping_rate_data: {
      type: "fixed_amount",
      fixed_amount: { amount: 1500, currency: "usd" },
      display_name: "Next day air",
    },
  },
] satisfies Stripe.Checkout.SessionCreateParams.ShippingOption[];

export let rush_options = shipping_options;
"""

ACTION = """import Stripe from "stripe";
import { shipping_options } from "../stripe/shipping";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function checkout(priceId: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    shipping_options,
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://shop.test/ok",
  });
  return session.url;
}
"""

PLANS = """TRIAL_DAYS = 14
PRO_PRICE = "price_pro_monthly"
SEATS = 1
SEATS = 5
"""

BILLING = """import stripe

from .plans import PRO_PRICE, SEATS, TRIAL_DAYS


def subscribe(user):
    return stripe.checkout.Session.create(
        mode="subscription",
        customer_email=user.email,
        line_items=[{"price": PRO_PRICE, "quantity": SEATS}],
        subscription_data={"trial_period_days": TRIAL_DAYS},
        success_url="https://saas.test/ok",
    )
"""


def _site(root: Path, files: dict[str, str], name: str) -> object:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    (site,) = [s for s in scan_paths([str(root)]) if s.kind == "create" and s.file.endswith(name)]
    return site


def test_imported_shipping_rates_are_a_shipping_product_not_a_blocker(tmp_path: Path) -> None:
    files = {"src/server/stripe/shipping.ts": SHIPPING, "src/server/actions/checkout.ts": ACTION}
    site = _site(tmp_path, files, "checkout.ts")
    found = {f.code: f for f in site.findings}  # type: ignore[attr-defined]
    assert "RT002" not in found
    assert "15.00 USD" in str(found["C025"].message)


def test_an_imported_python_trial_and_price_are_carried(tmp_path: Path) -> None:
    files = {"app/__init__.py": "", "app/plans.py": PLANS, "app/billing.py": BILLING}
    site = _site(tmp_path, files, "billing.py")
    suggestion = site.suggestion or ""  # type: ignore[attr-defined]
    assert '"trial_period_days": 14,' in suggestion
    dynamic = {d.path for d in site.dynamic}  # type: ignore[attr-defined]
    assert "line_items[0].price" not in dynamic  # the literal price id, from the catalog
    # SEATS is bound twice in its module: what it holds is not one constant
    assert '"quantity": SEATS,' in suggestion
