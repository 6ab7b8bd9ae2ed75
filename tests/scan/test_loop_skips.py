"""A cart filled in a for-each loop that skips some elements first (``migrate/scan/loop_skips.py``):
``if line.is_gift: continue`` before the append. The loop was read as every element mapped, so
the Dodo cart charged the gifts the Stripe cart left out (a silent overcharge). The skip is the
collection filtered now; a ``break`` (the list cut short) or a ``continue`` the reader cannot
turn into a filter leaves the list a run-time value."""

from __future__ import annotations

import ast
from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import creates, write_tree

ORDER_PY = """import stripe


def pay(order):
    lines = []
    for line in order.lines.all():
        if line.is_gift:
            continue
        lines.append({"price": line.product.stripe_price_id, "quantity": line.quantity})
        if line.quantity > 1:
            continue  # after the append: the line is in
    return stripe.checkout.Session.create(
        mode="payment", line_items=lines, success_url="https://shop.example/done"
    )


def first_ten(order):
    lines = []
    for line in order.lines.all():
        lines.append({"price": line.product.stripe_price_id, "quantity": line.quantity})
        if len(lines) == 10:
            break
    return stripe.checkout.Session.create(
        mode="payment", line_items=lines, success_url="https://shop.example/done"
    )
"""
ORDER_TS = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function pay(order: { lines: { priceId: string; qty: number; gift: boolean }[] }) {
  const lineItems: { price: string; quantity: number }[] = [];
  for (const line of order.lines) {
    if (line.gift) continue;
    if (line.qty === 0) {
      continue;
    }
    lineItems.push({ price: line.priceId, quantity: line.qty });
  }
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lineItems,
    success_url: "https://shop.example/done",
  });
}

export async function nested(order: { lines: { priceId: string; qty: number; gift: boolean }[] }) {
  const lineItems: { price: string; quantity: number }[] = [];
  for (const line of order.lines) {
    if (line.qty > 0) {
      if (line.gift) continue;
    }
    lineItems.push({ price: line.priceId, quantity: line.qty });
  }
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lineItems,
    success_url: "https://shop.example/done",
  });
}
"""


def _by_line(sites: list[CallSite]) -> dict[tuple[str, int], CallSite]:
    return {(Path(s.file).suffix, s.line): s for s in sites}


def test_a_skipped_element_is_filtered_out_of_the_dodo_cart(tmp_path: Path) -> None:
    sites = _by_line(creates(write_tree(tmp_path, {"shop.py": ORDER_PY, "shop.ts": ORDER_TS})))
    py = sites[(".py", 12)].suggestion
    assert "for line in ([line for line in order.lines.all() if not (line.is_gift)])" in py
    assert '"quantity": line.quantity,' in py
    ast.parse(py)
    ts = sites[(".ts", 14)].suggestion
    assert "order.lines.filter((line) => !(line.gift) && !(line.qty === 0)).map(" in ts
    assert "quantity: line.qty," in ts


def test_a_break_or_a_nested_continue_leaves_the_list_unread(tmp_path: Path) -> None:
    """The list is then the variable at the call, mapped at run time (RT003): right whatever
    the loop left out."""
    sites = _by_line(creates(write_tree(tmp_path, {"shop.py": ORDER_PY, "shop.ts": ORDER_TS})))
    for key, mapped in (((".py", 23), "for item in lines"), ((".ts", 29), "lineItems.map(")):
        site = sites[key]
        assert "RT003" in [f.code for f in site.findings]
        assert mapped in site.suggestion and "order.lines" not in site.suggestion


PAIRS_PY = """import stripe


def paired(products, quantities):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[
            {"price": p.stripe_price_id, "quantity": q}
            for p, q in zip(products, quantities)
            if q > 0
        ],
        success_url="https://shop.example/done",
    )


def numbered(order):
    lines = []
    for i, line in enumerate(order.lines):
        if line.is_gift:
            continue
        lines.append({"price": line.price_id, "quantity": line.quantity})
    return stripe.checkout.Session.create(
        mode="payment", line_items=lines, success_url="https://shop.example/done"
    )
"""


def test_a_filtered_tuple_target_is_an_element_in_parentheses(tmp_path: Path) -> None:
    """A comprehension's condition (or a loop's skip) over `p, q` wrote `[p, q for p, q in
    ...]`, which does not parse."""
    paired, numbered = creates(write_tree(tmp_path, {"pairs.py": PAIRS_PY}))
    assert "[(p, q) for p, q in zip(products, quantities) if q > 0]" in paired.suggestion
    assert "[(i, line) for i, line in enumerate(order.lines) if not (line.is_gift)]" in (
        numbered.suggestion
    )
    for site in (paired, numbered):
        ast.parse(site.suggestion)
