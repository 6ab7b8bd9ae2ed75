"""A list of line items the scanner maps element by element (RT003: each element's ``price`` and
``quantity``) whose building code writes a key Dodo drops into each element says so, as a
literal line with that key does: ``tax_rates`` (L018), ``adjustable_quantity`` (L017),
``dynamic_tax_rates`` (L019). Seen in SvelteKit shops: lines pushed in a ``while`` loop with the
product's tax rate ids, and lines pushed in a ``forEach`` callback with a quantity picker; both
were dropped with no word. The callback also counts as building code for RT015.
"""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

LOOP_TS = """\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function POST({ request }: { request: Request }) {
  const { basket } = await request.json();
  const lines: any[] = [];
  let n = 0;
  while (n < basket.length) {
    lines.push({ price: basket[n].priceId, tax_rates: basket[n].taxIds, quantity: basket[n].qty });
    n++;
  }
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lines,
    success_url: "https://shop.example/thanks",
  });
  return new Response(session.url);
}
"""

CALLBACK_TS = """\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function open(catalog: { id: string; price: string }[], picked: string[]) {
  const lines: Stripe.Checkout.SessionCreateParams.LineItem[] = [];
  catalog.forEach((entry) => {
    if (picked.includes(entry.id)) {
      lines.push({ price: entry.price, quantity: 1, adjustable_quantity: { enabled: true } });
    }
  });
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lines,
    success_url: "https://shop.example/thanks",
  });
}
"""

CALLBACK_INLINE_TS = """\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function open(basket: { name: string; cents: number }[]) {
  const lines: Stripe.Checkout.SessionCreateParams.LineItem[] = [];
  basket.forEach((entry) => {
    if (entry.cents > 0) {
      lines.push({
        price_data: {
          currency: "usd",
          unit_amount: entry.cents,
          product_data: { name: entry.name },
        },
        quantity: 1,
      });
    }
  });
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lines,
    success_url: "https://shop.example/thanks",
  });
}
"""

LOOP_PY = """\
import stripe


def checkout(order):
    rows = []
    i = 0
    while i < len(order.rows):
        rows.append({"price": order.rows[i].price_id, "quantity": 1,
                     "dynamic_tax_rates": order.rows[i].tax_ids})
        i += 1
    return stripe.checkout.Session.create(
        mode="payment", line_items=rows, success_url="https://shop.example/thanks"
    )
"""


def _site(tmp_path: Path, name: str, source: str) -> CallSite:
    (tmp_path / name).write_text(source)
    [site] = [s for s in scan_paths([str(tmp_path)], stats=ScanStats()) if s.kind == "create"]
    return site


def _at(site: CallSite) -> dict[str, tuple[str, str]]:
    return {f.code: (f.path, f.message) for f in site.findings}


def test_tax_rates_pushed_in_a_loop_are_reported_dropped(tmp_path: Path) -> None:
    # the counting while is mapped from its indices (test_while_counting_loops.py): each
    # element's tax rate ids are a run-time value with no Dodo field, L018
    found = _at(_site(tmp_path, "server.ts", LOOP_TS))
    assert "RT003" not in found
    assert found["RT001"] == (
        "line_items[].tax_rates",
        "`line_items[].tax_rates` is computed at run time (basket[n].taxIds) and does not reach"
        " the Dodo call: Stripe's field has no Dodo counterpart: L018 (tax-rates).",
    )


def test_a_quantity_picker_pushed_in_a_for_each_callback_is_reported_dropped(
    tmp_path: Path,
) -> None:
    found = _at(_site(tmp_path, "checkout.ts", CALLBACK_TS))
    assert "RT003" in found
    assert found["L017"][0] == "line_items[].adjustable_quantity"
    assert "no quantity picker" in found["L017"][1]


def test_inline_prices_pushed_under_a_guard_in_a_callback_block(tmp_path: Path) -> None:
    """The push under `if (entry.cents > 0)` keeps the elements it holds for
    (``loop_keeps.py``): each a pay-what-you-want line of its amount (it was blocked, RT015)."""
    site = _site(tmp_path, "checkout.ts", CALLBACK_INLINE_TS)
    assert "RT015" not in _at(site)
    text = site.suggestion or ""
    assert "product_cart: basket.filter((entry) => entry.cents > 0).map(" in text
    assert "amount: entry.cents," in text


def test_inline_prices_pushed_under_a_running_total_stay_blocked(tmp_path: Path) -> None:
    """A condition on what the callback changes (a running total) is no filter: the list
    stays unread, and its inline prices block it (RT015)."""
    source = CALLBACK_INLINE_TS.replace(
        "    if (entry.cents > 0) {", "    total += entry.cents;\n    if (total < 10000) {"
    ).replace("  basket.forEach(", "  let total = 0;\n  basket.forEach(")
    site = _site(tmp_path, "checkout.ts", source)
    found = _at(site)
    assert found["RT015"][0] == "line_items"
    assert site.verdict == "blocked"


def test_dynamic_tax_rates_appended_in_python_are_reported_dropped(tmp_path: Path) -> None:
    # the counting while is mapped from its indices (test_py_while_loops.py), as in TS above
    found = _at(_site(tmp_path, "shop.py", LOOP_PY))
    assert "RT003" not in found
    assert found["RT001"] == (
        "line_items[].dynamic_tax_rates",
        "`line_items[].dynamic_tax_rates` is computed at run time (order.rows[i].tax_ids) and"
        " does not reach the Dodo call: Stripe's field has no Dodo counterpart: L019"
        " (dynamic-tax-rates).",
    )
