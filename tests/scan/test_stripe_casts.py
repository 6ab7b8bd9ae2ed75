"""A TypeScript cast to a Stripe type carried with a value is left out of the Dodo call.

Read in a usage-based billing engine: values written ``{...} as Partial<Stripe.Checkout.
SessionCreateParams>`` (in unions over lines too: ``as | Partial<...> | undefined``) and lists
``as Stripe.Checkout.SessionCreateParams.LineItem[]``. The casts were carried into the Dodo
call, which names no Stripe type: 26 of its TypeScript suggestions failed with "Cannot find
namespace 'Stripe'". The value is now written without the cast (``migrate/scan/suggest.py``);
a cast to another type (Dodo's) stays.
"""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

SOURCE = """import Stripe from "stripe";
const stripe = new Stripe(process.env.K!);
export async function pay(items: unknown, url: string, meta: unknown, opts: unknown) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: items as Stripe.Checkout.SessionCreateParams.LineItem[],
    metadata: meta as Stripe.MetadataParam,
    allow_promotion_codes: (opts as
      | Partial<Stripe.Checkout.SessionCreateParams>
      | undefined)?.allow_promotion_codes,
    success_url: url,
  });
}
"""


def test_stripe_casts_are_left_out() -> None:
    (site,) = [
        s for s in scan_source(SOURCE, "pay.ts", BY_NAME["typescript"]) if s.kind == "create"
    ]
    text = site.suggestion or ""
    assert "Stripe." not in text
    assert "product_cart: (items).map((item: any): DodoPayments.ProductItemReq => ({" in text
    assert "  metadata: meta,\n" in text
    assert "(opts)?.allow_promotion_codes" in text  # a union's cast, over lines, too
