# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A wrapper given a DTO filled with ``Object.assign(new Dto(), {...})`` whose optional key is a
conditional spread (``...(promotionCode ? { promotionCode } : {})``): the key was read as the
whole 15-line literal's member, written twice into the Dodo call (``discount_codes:
Object.assign(new Dto(), {...}).promotionCode ? [...]``; seen in a NestJS marketplace). A spread
that is an object literal under a condition sets its keys under it: the discount is
``promotionCode ? [dodoDiscountCode(promotionCode)] : null``, the other keys read as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths
from tests.scan.sdk_checks import CUT, tsc_problems
from tests.scan.trees import write_tree

SERVICE = """import Stripe from "stripe";

export class CreateCheckoutSessionDto {
  stripePriceId!: string;
  mode!: "subscription" | "payment";
  quantity!: number;
  success_url!: string;
  promotionCode?: string;
  note?: string;
}

export class StripeService {
  private stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

  async createCheckoutSession(customerId: string, dto: CreateCheckoutSessionDto) {
    const { stripePriceId, mode, quantity, success_url, promotionCode, note } = dto;
    return this.stripe.checkout.sessions.create({
      customer: customerId,
      mode,
      line_items: [{ price: stripePriceId, quantity }],
      success_url,
      discounts: promotionCode ? [{ promotion_code: promotionCode }] : undefined,
      metadata: { note: note ?? "none" },
    });
  }
}
"""

SELLER = """import { StripeService, CreateCheckoutSessionDto } from "./stripe.service";

export class SellerService {
  constructor(private stripeService: StripeService) {}

  async subscribe(stripeCustomerId: string, stripePriceId: string, promotionCode?: string, vip?: boolean) {
    const session = await this.stripeService.createCheckoutSession(
      stripeCustomerId,
      Object.assign(new CreateCheckoutSessionDto(), {
        stripePriceId,
        mode: "subscription",
        quantity: 1,
        success_url: "https://app.test/ok",
        ...(promotionCode ? { promotionCode } : {}),
        ...(vip && { note: "vip" }),
      }),
    );
    return session.url;
  }
}
"""


def _call(tmp_path: Path) -> str:
    write_tree(tmp_path, {"stripe.service.ts": SERVICE, "seller.service.ts": SELLER})
    (site,) = [
        s
        for s in scan_paths([str(tmp_path)])
        if s.kind == "create" and s.file.endswith("seller.service.ts")
    ]
    return site.suggestion or ""


def test_a_conditional_spread_of_an_assigned_dto_sets_its_key_under_its_condition(
    tmp_path: Path,
) -> None:
    code = _call(tmp_path)
    assert "discount_codes: promotionCode ? [" in code
    assert "dodoDiscountCode(promotionCode)," in code
    # ...(vip && { note: "vip" }): the note when vip, else the wrapper's default
    assert (
        'note: (vip ? "vip" : undefined) != null ? String((vip ? "vip" : undefined)) : "none",'
        in code
    )
    assert "Object.assign" not in code
    assert "product_id: dodoProductId(stripePriceId)," in code


@pytest.mark.slow
def test_the_dodo_call_type_checks(tmp_path: Path) -> None:
    code = _call(tmp_path / "tree")
    head = (
        "export async function check(stripeCustomerId: string, stripePriceId: string,"
        " promotionCode?: string, vip?: boolean) {\n"
    )
    ids = {
        "ids.d.ts": "declare function dodoProductId(id: string): string;\n"
        "declare function dodoCustomerId(id: string): string;\n"
        "declare function dodoDiscountCode(id: string): string;\n"
    }
    assert tsc_problems(tmp_path / "tsc", head + CUT, code, files=ids) == ""
