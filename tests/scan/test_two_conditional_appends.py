# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A cart with a line appended under each of two conditions (``if (addon) lines.push(a); if
(barcode) lines.push(b)``). One conditional append gave a line present only when its branch is
taken; two made the list a choice of four lists whose shorter ones are the longer with lines
left out in the middle, not only at the end, and the cart was given up (RT002 + RT007,
``TODO_product_id``) though every line was known. The shared lines stay, each added one is
present only under its own condition."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function checkout(plan: string, audit?: string, barcode?: string) {
  const lineItems = [{ price: plan, quantity: 1 }];
  if (audit) {
    lineItems.push({ price: audit, quantity: 1 });
  }
  if (barcode) {
    lineItems.push({ price: barcode, quantity: 2 });
  }
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lineItems,
    success_url: "https://shop.example/done",
  });
  return session.url;
}
"""

PY = """\
import stripe


def checkout(plan, audit=None, barcode=None):
    line_items = [{"price": plan, "quantity": 1}]
    if audit:
        line_items.append({"price": audit, "quantity": 1})
    if barcode:
        line_items.append({"price": barcode, "quantity": 2})
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=line_items,
        success_url="https://shop.example/done",
    )
"""


@pytest.mark.parametrize(
    ("code", "name", "language", "wanted"),
    [
        (
            TS,
            "checkout.ts",
            "typescript",
            [
                "product_id: dodoProductId(plan),",
                "...(audit ? [\n    {\n      product_id: dodoProductId(audit),\n      quantity: 1,",
                "...(barcode ? [\n    {\n      product_id: dodoProductId(barcode),\n"
                "      quantity: 2,",
            ],
        ),
        (
            PY,
            "checkout.py",
            "python",
            [
                '"product_id": dodo_product_id(plan),',
                '*([ ProductItemReqParam({ "product_id": dodo_product_id(audit), "quantity": 1, }), ] if audit else []),',
                '*([ ProductItemReqParam({ "product_id": dodo_product_id(barcode), "quantity": 2, }), ] if barcode else []),',
            ],
        ),
    ],
)
def test_each_conditional_append_is_a_line_of_its_own_condition(
    code: str, name: str, language: str, wanted: list[str]
) -> None:
    sites = [s for s in scan_source(code, name, BY_NAME[language]) if s.translation]
    assert len(sites) == 1, sites
    site = sites[0]
    codes = {f.code for f in site.findings}
    assert not codes & {"RT002", "RT007"}, site.findings
    assert "TODO_product_id" not in site.suggestion
    flat = " ".join(site.suggestion.split())
    for text in wanted:
        assert " ".join(text.split()) in flat, site.suggestion
