"""Two readings of a local set under an ``if`` (seen in a TypeScript edge function looking a
promotion code up when the buyer typed one, then sending ``discounts: promotionCodeId ? [{
promotion_code: promotionCodeId }] : undefined``):

- its value names what the ``if`` block declares (``const found = await ...list(...)`` in the
  block, ``promotionCodeId = found.data[0]?.id``): the call, after the block, cannot see
  ``found``, so the local is read by its own name. The suggestion named ``found``, undefined
  there (tsc: cannot find name);
- where the code reads it in a branch that runs only when it holds (``x ? [x] : ...``, ``[x] if x
  else None``), it is its value without the branch of nothing: the discount codes were ``[promoCode
  ? dodoDiscountCode(...) : null]``, a list holding ``null``."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

SUFFIX = {"python": "py", "typescript": "ts"}


def one(code: str, language: str) -> CallSite:
    (site,) = [
        s
        for s in scan_source(code, f"edge.{SUFFIX[language]}", BY_NAME[language])
        if s.kind == "create"
    ]
    return site


TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function start(priceId: string, typed?: string) {
  let codeId: string | null = null;
  if (typed) {
    const hits = await stripe.promotionCodes.list({ code: typed, limit: 1 });
    codeId = hits.data[0]?.id ?? null;
  }
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    discounts: codeId ? [{ promotion_code: codeId }] : undefined,
    success_url: "https://example.com/ok",
  });
}
"""


def test_a_local_set_from_a_block_s_own_name_is_read_by_its_name() -> None:
    text = one(TS, "typescript").suggestion
    assert "hits" not in text
    assert "discount_codes: codeId ? [\n    dodoDiscountCode(codeId),\n  ] : null," in text


PY = """\
import stripe


def start(price_id, typed):
    coupon = None
    if typed:
        coupon = coupon_for(typed)
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price_id, "quantity": 1}],
        discounts=[{"coupon": coupon}] if coupon else None,
        success_url="https://example.com/ok",
    )
"""


def test_a_local_read_where_it_holds_is_its_set_value_in_python() -> None:
    text = one(PY, "python").suggestion
    assert (
        "discount_codes=[\n        dodo_discount_code(coupon),\n    ] if coupon else None," in text
    )
    assert "if typed" not in text
