"""A key Dodo drops that the code writes with a fixed value in the element of a list it maps at
run time (``cart.map((row) => ({price: row.priceId, quantity: row.qty, adjustable_quantity:
{enabled: true}}))``) is reported, as it is in a literal line (L017, L018). Seen in two Remix
shops mapping the cart cookie to lines with a quantity picker: the finding was emitted at
``line_items[].adjustable_quantity`` and then hidden because ``line_items`` as a whole is known
only at run time, though that key of each element is written in the code.
"""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

MAPPED_TS = """\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function pay(cart: { priceId: string; qty: number }[]) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: cart.map((row) => ({
      price: row.priceId,
      quantity: row.qty,
      adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 },
      tax_rates: ["txr_standard"],
    })),
    success_url: "https://shop.example/thanks",
  });
  return session.url;
}
"""

MAPPED_PY = """\
import stripe


def pay(cart):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[
            {"price": row.price_id, "quantity": row.qty, "adjustable_quantity": {"enabled": True}}
            for row in cart
        ],
        success_url="https://shop.example/thanks",
    )
"""

RUN_TIME_KEY_PY = """\
import stripe


def pay(cart, rates):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": row.price_id, "quantity": 1, "tax_rates": rates} for row in cart],
        success_url="https://shop.example/thanks",
    )
"""


def _site(tmp_path: Path, name: str, source: str) -> CallSite:
    (tmp_path / name).write_text(source)
    [site] = [s for s in scan_paths([str(tmp_path)], stats=ScanStats()) if s.kind == "create"]
    return site


def _paths(site: CallSite) -> dict[str, str]:
    return {f.code: f.path for f in site.findings}


def test_fixed_keys_of_a_mapped_element_are_reported_dropped(tmp_path: Path) -> None:
    site = _site(tmp_path, "pay.ts", MAPPED_TS)
    found = _paths(site)
    assert found["L017"] == "line_items[].adjustable_quantity"
    assert found["L018"] == "line_items[].tax_rates"
    assert "product_id: dodoProductId(row.priceId)," in site.suggestion
    assert "quantity: row.qty," in site.suggestion


def test_a_comprehension_element_with_a_quantity_picker_is_reported(tmp_path: Path) -> None:
    found = _paths(_site(tmp_path, "pay.py", MAPPED_PY))
    assert found["L017"] == "line_items[].adjustable_quantity"


def test_a_key_whose_value_is_known_only_at_run_time_is_reported_once(tmp_path: Path) -> None:
    found = _paths(_site(tmp_path, "pay.py", RUN_TIME_KEY_PY))
    # dropped with the warning a literal value gets (Dodo computes tax whatever the rates), once
    assert found["RT001"] == "line_items[].tax_rates"
    assert "RT002" not in found
    assert "L018" not in found


RUN_TIME_RATES_PY = """\
import os
import stripe

def pay(price_id, dynamic):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price_id, "quantity": 1, "tax_rates": [os.environ["TXR_ID"]],
                     "dynamic_tax_rates": dynamic}],
        success_url="https://shop.example/thanks",
    )
"""


def test_run_time_tax_rates_warn_as_literal_ones_do_and_do_not_block(tmp_path: Path) -> None:
    # Literal rates are L018/L019 warnings (Dodo computes tax as merchant of record); rates known
    # only at run time are lost the same way, so they warn (RT001) and the call is translated.
    site = _site(tmp_path, "pay.py", RUN_TIME_RATES_PY)
    found = {(f.code, f.path, f.level) for f in site.findings if f.code.startswith("RT")}
    assert ("RT001", "line_items[0].tax_rates[0]", "warning") in found
    assert ("RT001", "line_items[0].dynamic_tax_rates", "warning") in found
    assert not [f for f in site.findings if f.level == "blocker"]
    assert site.verdict != "blocked"
    assert '"product_id": dodo_product_id(price_id),' in site.suggestion
