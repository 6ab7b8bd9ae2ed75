"""Params cast to the SDK's type by its qualified name (``{...} satisfies
Stripe.Checkout.SessionCreateParams``, ``{...} as Stripe.Checkout.SessionCreateParams``, a line
``as Stripe.Checkout.SessionCreateParams.LineItem``) are read as the object cast.

The TypeScript grammar reads a cast to a qualified type name as a member access on a cast to
its first part (``({...} as Stripe).Checkout.SessionCreateParams``), so the params were a value
known only at run time: every such site was blocked with no cart (RT007), though its object was
written in full. A cast to a plain name was already read; code cannot mean that member access
without parentheses."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

HEAD = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function POST(req: Request) {
  const { seats } = await req.json();
"""
BOUND = """  const params = {
    mode: "subscription",
    line_items: [{ price: "price_team", quantity: seats }],
    success_url: "https://team.test/ok",
  } CAST Stripe.Checkout.SessionCreateParams;
  const session = await stripe.checkout.sessions.create(params);
  return Response.json({ url: session.url });
}
"""
INLINE = """  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [
      { price: "price_team", quantity: seats } as Stripe.Checkout.SessionCreateParams.LineItem,
    ],
    success_url: "https://team.test/ok",
  } as Stripe.Checkout.SessionCreateParams);
  return Response.json({ url: session.url });
}
"""


@pytest.mark.parametrize(
    "body",
    [BOUND.replace("CAST", "satisfies"), BOUND.replace("CAST", "as"), INLINE],
    ids=["satisfies", "as", "inline-as"],
)
def test_params_cast_to_the_qualified_sdk_type_are_read(body: str) -> None:
    (site,) = [
        s for s in scan_source(HEAD + body, "route.ts", BY_NAME["typescript"]) if s.kind == "create"
    ]
    codes = {f.code for f in site.findings}
    assert "RT007" not in codes, site.findings
    assert {d.path: d.source for d in site.dynamic} == {"line_items[0].quantity": "seats"}
    assert site.translation.requires  # the price written in the code, made in Dodo by plan
    assert "quantity: seats," in (site.suggestion or "")
