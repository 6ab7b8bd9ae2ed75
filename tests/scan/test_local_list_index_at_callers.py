"""A wrapper that picks its price from a list it builds itself (``const prices = ["price_a",
"price_b"]`` then ``price: prices[product]``), called with a literal index (``subscribe({
product: 1 })``: a paywall's "yearly" button). The caller's Dodo call wrote the whole list
indexed at run time (``dodoProductId((["price_a", ...])[(1)])``), so its cart had no product
the plan creates and no money check. The literal index now picks the list's entry: the
caller's cart sells that price's product; any other index is still carried as code."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite, scan_paths

ACTION = """\
"use server";
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);

export const subscribe = async ({ email, product }) => {
  const prices = [
    "price_1Monthly",
    "price_1Yearly",
  ];
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: prices[product], quantity: 1 }],
    customer_email: email,
    success_url: "https://app.example/ok",
  });
  return session.url;
};
"""

BUTTONS = """\
import { subscribe } from "./actions";

export async function yearly(email) {
  return subscribe({ email, product: 1 });
}

export async function chosen(email, which) {
  return subscribe({ email, product: which });
}
"""


def _callers(tmp_path: Path) -> dict[str, CallSite]:
    (tmp_path / "actions.js").write_text(ACTION, encoding="utf-8")
    (tmp_path / "buttons.js").write_text(BUTTONS, encoding="utf-8")
    sites = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    return {f"line {s.line}": s for s in sites if s.file.endswith("buttons.js")}


def test_a_literal_index_picks_the_entry_of_the_wrappers_own_list(tmp_path: Path) -> None:
    yearly = _callers(tmp_path)["line 4"]
    assert yearly.translation is not None
    assert [r.get("stripe") for r in yearly.translation.requires] == [{"price": "price_1Yearly"}]
    assert "price_1Monthly" not in yearly.suggestion
    assert "dodoProductId" not in yearly.suggestion


def test_a_run_time_index_is_still_carried_as_code(tmp_path: Path) -> None:
    chosen = _callers(tmp_path)["line 8"]
    assert "dodoProductId(" in chosen.suggestion and "which" in chosen.suggestion
