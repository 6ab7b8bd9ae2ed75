"""A wrapper that reads a member of an entry of its module's constant map (a price table:
``const config = BOOKS[slug]`` then ``unit_amount: config.priceUSD``; ``PLANS[plan]["amount"]``),
called with a literal key from another file (``buyBook("ai-sdk")``). The entry was looked up
only when the params read ``BOOKS[slug]`` itself: through a local or a member after it, the
whole table was written at the call (``(({...})["ai-sdk"]).priceUSD``) and the amount was a
run-time one, sold as a pay-what-you-want line with no money check. The member is now read from
the entry: the line is a fixed 1500 cents, as the Stripe call charged."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import scan_paths

TS = {
    "books.ts": """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
const BOOKS = {
  "ai-sdk": { title: "AI SDK", priceUSD: 1500 },
  claude: { title: "Claude", priceUSD: 2000 },
} as const;
export async function buyBook(slug: keyof typeof BOOKS, email: string) {
  const config = BOOKS[slug];
  return stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: [
      {
        price_data: {
          currency: "usd",
          unit_amount: config.priceUSD,
          product_data: { name: "Book" },
        },
        quantity: 1,
      },
    ],
    success_url: "https://books.test/ok",
  });
}
""",
    "route.ts": """\
import { buyBook } from "./books";
export async function POST(req: Request) {
  const { email } = await req.json();
  const session = await buyBook("ai-sdk", email);
  return Response.json({ url: session.url });
}
""",
}
PY = {
    "books.py": """\
import stripe

PLANS = {"solo": {"amount": 1500, "name": "Solo"}, "team": {"amount": 4900, "name": "Team"}}


def buy_plan(plan, email):
    chosen = PLANS[plan]
    return stripe.checkout.Session.create(
        mode="payment",
        customer_email=email,
        line_items=[
            {
                "price_data": {"currency": "usd", "unit_amount": chosen["amount"],
                               "product_data": {"name": "Plan"}},
                "quantity": 1,
            }
        ],
        success_url="https://books.test/ok",
    )
""",
    "views.py": """\
from books import buy_plan


def solo(request):
    return buy_plan("solo", request.user.email).url
""",
}


@pytest.mark.parametrize("files", [TS, PY], ids=["typescript", "python"])
def test_a_member_of_a_constant_maps_entry_is_its_literal_at_a_call(
    tmp_path: Path, files: dict[str, str]
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    (site,) = [
        s
        for s in scan_paths([str(tmp_path)])
        if s.kind == "create" and s.via and Path(s.file).stem in ("route", "views")
    ]
    assert site.params["line_items"][0]["price_data"]["unit_amount"] == 1500
    codes = {f.code for f in site.findings}
    assert "L112" not in codes and "RT004" not in codes  # no pay-what-you-want line
    code = site.suggestion or ""
    assert "amount:" not in code and '"amount":' not in code
    assert "priceUSD" not in code and "PLANS" not in code and "BOOKS" not in code
