"""A line item kept in a frozen constant (``const PLAN = Object.freeze({ price: ..., quantity:
1 })``), sold as ``line_items: [PLAN]``: the Ruby probe's ``{...}.freeze`` in a TypeScript
route. ``Object.freeze`` was an unknown call, so the line was run-time (RT003) and the cart's
product a null filled in at run time; the frozen object's entries are read now."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import CallSite, scan_paths
from tests.scan.sdk_checks import tsc_problems

ROUTE = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");
const MEMBERSHIP = Object.freeze({ price: "price_1Member", quantity: 2 });
const SITE = Object.freeze({ welcome: "https://club.test/welcome" });

export async function join(email: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [MEMBERSHIP],
    customer_email: email,
    success_url: SITE.welcome,
  });
  return session.url;
}
"""


def _site(tmp_path: Path) -> CallSite:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "join.ts").write_text(ROUTE)
    (site,) = [s for s in scan_paths([str(tmp_path / "app")]) if s.kind == "create"]
    return site


def test_a_frozen_line_item_is_read(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert "RT003" not in {f.code for f in site.findings}
    text = site.suggestion
    assert 'product_id: "s2d_pdt_' in text
    assert "quantity: 2," in text
    assert 'return_url: "https://club.test/welcome",' in text


@pytest.mark.slow
def test_the_dodo_call_type_checks_with_tsc(tmp_path: Path) -> None:
    problems = tsc_problems(tmp_path, ROUTE, _site(tmp_path).suggestion)
    assert not problems, problems
