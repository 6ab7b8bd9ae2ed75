"""Line items the scanner cannot read, built with inline prices by code in another file of the
project, block the call (RT015) as when that code is in the call's own file. Seen in a Django
shop: a service calls ``Session.create(line_items=obj.to_stripe_line_items())`` and the models
file next to it defines that method, returning ``price_data`` lines with the amount and currency
of each item. The call read as "translated" with a cart that looks up each element's ``price``,
which the elements do not have: the amounts and the currency were lost behind a warning.
"""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

MODELS = """\
class Basket:
    def lines_for_stripe(self):
        return [self._one(entry) for entry in self.entries]

    def _one(self, entry):
        return {
            "price_data": {
                "currency": "gbp",
                "unit_amount": entry.pence,
                "product_data": {"name": entry.title},
            },
            "quantity": entry.count,
        }


class Gift:
    def lines_for_stripe(self):
        return [{"price": self.stripe_price, "quantity": 1}]
"""

PAYMENTS = """\
import stripe


def open_checkout(thing):
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=thing.lines_for_stripe(),
        success_url="https://shop.example/done",
    )
    return session.url
"""

BUILDERS_TS = """\
export function cartLines(cart: { name: string; cents: number; qty: number }[]) {
  const out = [];
  for (let i = 0; i < cart.length; i++) {
    out.push({
      price_data: {
        currency: "usd",
        unit_amount: cart[i].cents,
        product_data: { name: cart[i].name },
      },
      quantity: cart[i].qty,
    });
  }
  return out;
}
"""

ROUTE_TS = """\
import Stripe from "stripe";
import { cartLines } from "./lines";

const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function POST({ request }: { request: Request }) {
  const { cart } = await request.json();
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: cartLines(cart),
    success_url: "https://shop.example/done",
  });
  return new Response(session.url);
}
"""

PRICE_IDS = """\
class Plan:
    def lines_for_stripe(self):
        return [{"price": self.stripe_price, "quantity": self.seats}]
"""


def _creations(folder: Path) -> list[CallSite]:
    sites = scan_paths([str(folder)], stats=ScanStats())
    return [s for s in sites if s.kind == "create"]


def _codes(site: CallSite) -> dict[str, str]:
    return {f.code: f.message for f in site.findings}


def test_a_method_of_a_models_file_next_to_the_call_that_writes_price_data_blocks(
    tmp_path: Path,
) -> None:
    (tmp_path / "models.py").write_text(MODELS)
    (tmp_path / "payments.py").write_text(PAYMENTS)
    [site] = _creations(tmp_path)
    codes = _codes(site)
    assert "RT015" in codes
    assert "in lines_for_stripe, in models.py of the same folder" in codes["RT015"]
    assert site.verdict == "blocked"


def test_an_imported_helper_that_writes_price_data_is_read_as_the_cart(tmp_path: Path) -> None:
    # read as a helper of the call's own file (``migrate/scan/imported_helpers.py``)
    (tmp_path / "lines.ts").write_text(BUILDERS_TS)
    (tmp_path / "route.ts").write_text(ROUTE_TS)
    [site] = _creations(tmp_path)
    codes = _codes(site)
    assert "RT015" not in codes and site.verdict != "blocked"
    text = site.suggestion or ""
    assert "quantity: cart[i].qty," in text and "amount: cart[i].cents," in text


def test_an_imported_helper_it_cannot_read_that_writes_price_data_blocks(
    tmp_path: Path,
) -> None:
    # its body reads a name of its own module: not followed, searched for price_data
    (tmp_path / "lines.ts").write_text(
        'import { CURRENCY } from "./money";\n'
        + BUILDERS_TS.replace('currency: "usd"', "currency: CURRENCY")
    )
    (tmp_path / "route.ts").write_text(ROUTE_TS)
    [site] = _creations(tmp_path)
    codes = _codes(site)
    assert "RT015" in codes
    assert "(`price_data` in cartLines)" in codes["RT015"]
    assert site.verdict == "blocked"


def test_a_method_next_to_the_call_that_returns_price_ids_stays_a_warning(
    tmp_path: Path,
) -> None:
    (tmp_path / "models.py").write_text(PRICE_IDS)
    (tmp_path / "payments.py").write_text(PAYMENTS)
    [site] = _creations(tmp_path)
    codes = _codes(site)
    assert "RT015" not in codes
    assert "RT003" in codes
    assert 'dodo_product_id(item["price"])' in (site.suggestion or "")


def test_the_calls_own_app_decides_before_another_apps_method_of_that_name(
    tmp_path: Path,
) -> None:
    # a Django project: orders/models.py returns price ids, goods/models.py (another app, another
    # class) inline prices under the same method name; the view in orders/ runs its own app's
    top = tmp_path / "shop"
    for app, models in (("orders", PRICE_IDS), ("goods", MODELS)):
        (top / app).mkdir(parents=True)
        (top / app / "models.py").write_text(models)
    (top / "orders" / "payments.py").write_text(PAYMENTS)
    [site] = _creations(top / "orders")
    assert "RT015" not in _codes(site)
    # without the method in its own app, the other app's is what the call may run: blocked
    (top / "orders" / "models.py").write_text("class Order:\n    pass\n")
    [site] = _creations(top / "orders")
    assert "in models.py of shop/goods" in _codes(site)["RT015"]
