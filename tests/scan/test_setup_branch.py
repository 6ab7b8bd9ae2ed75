# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A branch with no line item where the mode is chosen at run time is a setup-mode session.

Read in a team-billing SaaS starter: ``createSession({ mode })`` sets ``params.line_items`` when
``mode === 'subscription'`` and ``params.setup_intent_data`` when ``mode === 'setup'`` (a card
saved for the team's subscription). RT007 said only that no line item could be read in one
branch, as if the scanner had missed a price: the branch sells nothing, and its Dodo
counterpart is no checkout. Where ``mode`` is chosen at run time, RT007 now says that Stripe
makes a session with no line item only in setup mode, and where that branch goes on Dodo
(S104's payment-method update, S100's mandate).
"""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

SOURCE = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function createSession(mode: Stripe.Checkout.SessionCreateParams.Mode, customerId: string) {
  const params: Stripe.Checkout.SessionCreateParams = {
    customer: customerId,
    mode,
    success_url: "https://app.test/billing",
  };
  if (mode === "subscription") {
    params.line_items = [{ price: process.env.PRICE_ID, quantity: 1 }];
  } else if (mode === "setup") {
    params.setup_intent_data = { metadata: { customer_id: customerId } };
  }
  return stripe.checkout.sessions.create(params);
}
"""


def _rt007(source: str) -> str:
    sites: list[CallSite] = [
        s for s in scan_source(source, "stripe.ts", BY_NAME["typescript"]) if s.kind == "create"
    ]
    (site,) = sites
    (message,) = [f.message for f in site.findings if f.code == "RT007"]
    return message


def test_a_branch_without_lines_under_a_run_time_mode_is_said_to_be_setup_mode() -> None:
    message = _rt007(SOURCE)
    assert "in one branch of" in message
    assert "Stripe makes a session with no line item only in setup mode" in message
    assert "S104" in message and "S100" in message


def test_a_branch_without_lines_under_a_written_mode_is_not() -> None:
    written = SOURCE.replace("    mode,\n", '    mode: "subscription",\n')
    message = _rt007(written)
    assert "in one branch of" in message and "setup mode" not in message
