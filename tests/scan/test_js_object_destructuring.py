"""A name bound by JavaScript's object destructuring reads its key of the value (a helper's).

Read in a Hono app's subscription service: ``const { discountDetails } = await
resolveCheckoutDiscount(...)``, the helper returning ``{ discountDetails: { discounts: [{
coupon }] } }`` or ``{ discountDetails: { allow_promotion_codes: true } }``, then
``...discountDetails`` in the params. The same read as ``(await helper()).discountDetails`` was
followed into the helper's returns (a choice of discounts); destructured, the name was bound by
nothing the scanner read: the spread was a run-time value (RT006) and the coupon was lost, the
Dodo call charging full price. ``{ a }`` and ``{ a: b }`` now read the key ``a`` of the value as
an array pattern reads its element (``migrate/scan/destructure.py``); a default (``{ a = 1
}``) or a rest is still a run-time value.
"""

from __future__ import annotations

from pathlib import Path

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import tsc_problems

HELPER = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

async function discountFor(couponId?: string) {
  if (couponId) {
    return { discountDetails: { discounts: [{ coupon: couponId }] } };
  }
  return { discountDetails: { allow_promotion_codes: true } };
}

export async function pay(priceId: string, couponId?: string) {
  const { discountDetails } = await discountFor(couponId);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://shop.test/ok",
    ...discountDetails,
  });
  return session.url;
}
"""


def _site(text: str) -> CallSite:
    (site,) = [s for s in scan_source(text, "pay.ts", BY_NAME["typescript"]) if s.kind == "create"]
    return site


def _codes(site: CallSite) -> list[str]:
    return [f.code for f in site.findings]


def test_a_spread_destructured_from_a_helpers_returns_is_read_as_their_choice() -> None:
    site = _site(HELPER)
    assert site.params["discounts"]["$choice"]["then"] == [{"coupon": {"$dynamic": "couponId"}}]
    assert site.params["allow_promotion_codes"]["$choice"]["else"] is True
    text = site.suggestion or ""
    assert "discount_codes: couponId ? [\n    dodoDiscountCode(couponId),\n  ] : null," in text
    assert "allow_discount_code: couponId ? false : true," in text
    assert "RT006" not in _codes(site)


def test_a_renamed_key_is_read_too() -> None:
    renamed = HELPER.replace(
        "const { discountDetails } = await", "const { discountDetails: details } = await"
    ).replace("...discountDetails,", "...details,")
    site = _site(renamed)
    assert "discounts" in site.params and "RT006" not in _codes(site)


def test_a_default_in_the_pattern_stays_a_run_time_spread() -> None:
    defaulted = HELPER.replace("const { discountDetails }", "const { discountDetails = {} }")
    site = _site(defaulted)
    assert "discounts" not in site.params and "RT006" in _codes(site)


def test_the_dodo_call_type_checks(tmp_path: Path) -> None:
    text = _site(HELPER).suggestion or ""
    cut = "  const session = await stripe.checkout.sessions.create("
    checked = HELPER[: HELPER.index(cut)] + cut + "\n"
    ids = {
        "ids.d.ts": "declare function dodoDiscountCode(id: string): string;\n"
        "declare function dodoProductId(id: string): string;\n"
    }
    assert tsc_problems(tmp_path, checked, text, files=ids) == ""
