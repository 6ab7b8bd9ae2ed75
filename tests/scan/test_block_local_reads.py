# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A block's local declared as a read by a key (``TRIALS[product.id] ?? undefined``) is that read
at the call, in a condition too.

Read in a SvelteKit starter: under ``if (mode === "subscription")``, ``const trialDays =
PRODUCT_TRIAL_DAYS[productToPurchase.id] ?? undefined`` then ``...(trialDays ? {
trial_period_days: trialDays } : {})``. The value was followed to the read, but the condition,
written as its text with the block's names in the call's terms, became ``TODO_trialDays`` (X021):
only a plain path or a getter's read was written again. A member read by a key the call sees,
with a literal to fall back to, runs no code: it is written again
(``migrate/scan/block_locals.py``); a call stays ``TODO_<name>``.
"""

from __future__ import annotations

from pathlib import Path

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import tsc_problems

SOURCE = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
const PRODUCT_TRIAL_DAYS: Record<string, number> = { pro: 14 };

export async function subscribe(mode: "subscription" | "payment", product: { id: string; price: string }) {
  const sessionParams: Stripe.Checkout.SessionCreateParams = {
    mode,
    line_items: [{ price: product.price, quantity: 1 }],
    success_url: "https://app.test/ok",
  };
  if (mode === "subscription") {
    const trialDays = PRODUCT_TRIAL_DAYS[product.id] ?? undefined;
    sessionParams.subscription_data = {
      ...(trialDays ? { trial_period_days: trialDays } : {}),
    };
  }
  const session = await stripe.checkout.sessions.create(sessionParams);
  return session.url;
}
"""


def _site(source: str) -> CallSite:
    (site,) = [
        s for s in scan_source(source, "page.ts", BY_NAME["typescript"]) if s.kind == "create"
    ]
    return site


def test_a_keyed_read_in_a_block_is_written_again_in_the_condition() -> None:
    site = _site(SOURCE)
    text = site.suggestion or ""
    condition = "(PRODUCT_TRIAL_DAYS[product.id] ?? undefined) ? PRODUCT_TRIAL_DAYS[product.id]"
    assert condition in text, text
    assert "TODO_" not in text and "X021" not in [f.code for f in site.findings]


def test_a_call_in_a_block_is_still_no_value_to_write_again() -> None:
    called = SOURCE.replace(
        "PRODUCT_TRIAL_DAYS[product.id] ?? undefined", "trialFor(product.id)"
    ).replace(
        "export async", "declare function trialFor(id: string): number | undefined;\nexport async"
    )
    site = _site(called)
    assert "TODO_trialDays" in (site.suggestion or "")
    assert "X021" in [f.code for f in site.findings]


def test_the_dodo_call_type_checks(tmp_path: Path) -> None:
    text = _site(SOURCE).suggestion or ""
    cut = "  const session = await stripe.checkout.sessions.create("
    checked = SOURCE[: SOURCE.index("  const sessionParams")] + cut + "\n"
    ids = {"ids.d.ts": "declare function dodoProductId(id: string): string;\n"}
    assert tsc_problems(tmp_path, checked, text, files=ids) == ""
