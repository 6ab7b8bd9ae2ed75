"""A JS/TS wrapper imported through a monorepo's workspace package (``import { startCheckout }
from "@acme/billing/stripe/start-checkout"``, the package ``@acme/billing`` in
``packages/billing/``) is reached from its callers, each reported as a creation with its
arguments in place. The scoped specifier named no file of the tree, so the callers of the wrapper
in the other packages were not found (seen in a TypeScript monorepo whose routers import the
checkout helper of its billing package)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

WRAPPER = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

type Start = { account: string; plan: string; back: string };

export const startCheckout = async ({ account, plan, back }: Start) => {
  const session = await stripe.checkout.sessions.create({
    customer: account,
    mode: "subscription",
    line_items: [{ price: plan, quantity: 1 }],
    success_url: `${back}?done=1`,
  });
  return session.url;
};
"""
ROUTER = """\
import { startCheckout } from "@acme/billing/stripe/start-checkout";

export async function upgrade(org: { customer: string; page: string }, planPrice: string) {
  return startCheckout({ account: org.customer, plan: planPrice, back: org.page });
}
"""
OTHER = """\
import { startCheckout } from "@other/billing/stripe/start-checkout";

export async function elsewhere(org: { customer: string }) {
  return startCheckout({ account: org.customer, plan: "price_x", back: "/" });
}
"""


def _creations(root: Path) -> list[CallSite]:
    files = {
        "packages/billing/package.json": '{"name": "@acme/billing"}\n',
        "packages/billing/stripe/start-checkout.ts": WRAPPER,
        "packages/api/routers/upgrade.ts": ROUTER,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    stats = ScanStats()
    found = [s for s in scan_paths([str(root)], stats=stats) if s.kind == "create"]
    assert stats.problems == []
    return found


def test_a_caller_through_a_scoped_workspace_package_is_a_creation(tmp_path: Path) -> None:
    found = _creations(tmp_path)
    (call,) = [s for s in found if s.file.endswith("upgrade.ts")]
    assert call.via is not None and "start-checkout.ts" in call.via
    text = call.suggestion
    assert "product_id: dodoProductId(planPrice)," in text
    assert "customer_id: dodoCustomerId(org.customer)," in text
    assert "return_url: `${org.page}?done=1`," in text


def test_a_module_of_another_name_is_not_reached(tmp_path: Path) -> None:
    (tmp_path / "packages/web").mkdir(parents=True)
    (tmp_path / "packages/web/other.ts").write_text(
        OTHER.replace("@other/billing/stripe", "@other/payments/stripe"), encoding="utf-8"
    )
    found = _creations(tmp_path)
    assert not [s for s in found if s.file.endswith("other.ts")]
