"""A wrapper two levels up writes a local the level below binds as a statement by its
code, also inside another such local's code: never by the name the level below gave it.

Read in a compliance SaaS's NestJS API: ``setSubscription`` calls
``createSubscriptionCheckoutSession``, whose caller binds ``const environment2 =
resolveBillingCatalogEnvironment(...)`` and ``const sku2 = getBillingSku({ environment:
environment2, ... })``. At the controller calling ``setSubscription``, ``sku2`` was written by
its code, which still read ``environment2``, declared nowhere there (a TypeScript error, a
ReferenceError if copied)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.scan.trees import creates, write_tree

FILES = {
    "billing.ts": """\
import Stripe from "stripe";
import { getSku, resolveEnvironment } from "./catalog";
const stripe = new Stripe("sk_test_x");

export class BillingService {
  async createSubscriptionCheckoutSession(params: { orgId: string; skuKey: string }) {
    const environment = resolveEnvironment({ nodeEnv: process.env.NODE_ENV });
    const sku = getSku({ environment, skuKey: params.skuKey });
    return stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: sku.priceId, quantity: 1 }],
      metadata: { orgId: params.orgId, skuKey: sku.key },
      success_url: "https://x.example/ok",
    });
  }
}
""",
    "admin.ts": """\
import { BillingService } from "./billing";

export class AdminBillingService {
  constructor(private readonly billing: BillingService) {}

  async setSubscription(input: { organizationId: string; skuKey: string }) {
    const environment = "admin";
    console.log(environment);
    return this.billing.createSubscriptionCheckoutSession({
      orgId: input.organizationId,
      skuKey: input.skuKey,
    });
  }
}
""",
    "controller.ts": """\
import { AdminBillingService } from "./admin";

export class AdminBillingController {
  constructor(private readonly billing: AdminBillingService) {}

  async set(orgId: string, body: { skuKey: string }) {
    return this.billing.setSubscription({ organizationId: orgId, skuKey: body.skuKey });
  }
}
""",
}


def test_no_local_of_the_level_below_is_named_at_the_top(tmp_path: Path) -> None:
    sites = creates(write_tree(tmp_path, FILES))
    (middle,) = [s for s in sites if s.file.endswith("admin.ts")]
    assert "const environment2 = resolveEnvironment(" in middle.suggestion  # bound there
    (top,) = [s for s in sites if s.file.endswith("controller.ts")]
    for name in re.findall(r"\b(?:environment|sku)\d+\b", top.suggestion):
        assert f"const {name} =" in top.suggestion, f"{name} is declared nowhere"
    assert "getSku({ environment: (resolveEnvironment({" in top.suggestion
