"""Line items held in an attribute that another method of the same class fills with inline
prices (``self.lines.append({"price_data": ...})`` in ``add``, then ``line_items=self.lines``
in ``checkout``; a Flask cart extension keeps its cart so, each line a dict subclass whose
constructor writes the ``price_data``). The list is a run-time value the scanner cannot read
(RT003), and the code that builds it was looked for only in the checkout's own method: the
amounts were lost with a warning. It blocks now (RT015), naming the method that fills it."""

from __future__ import annotations

import re

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY = """import stripe


class Cart:
    def __init__(self):
        self.lines = []

    def add(self, name, cents, qty=1):
        self.lines.append(
            {
                "price_data": {
                    "currency": "usd", "unit_amount": cents, "product_data": {"name": name}
                },
                "quantity": qty,
            }
        )

    def checkout(self, success):
        return stripe.checkout.Session.create(
            mode="payment", line_items=self.lines, success_url=success
        )
"""
PY_ITEM_CLASS = """import stripe


class Line(dict):
    def __init__(self, name, cents, qty=1):
        super().__init__(quantity=qty)
        self["price_data"] = {
            "currency": "eur", "unit_amount": cents, "product_data": {"name": name}
        }


class Basket:
    def __init__(self):
        self.rows = []

    def put(self, name, cents):
        self.rows.append(Line(name, cents))

    def pay(self):
        return stripe.checkout.Session.create(
            mode="payment", line_items=self.rows, success_url="https://x.example"
        )
"""
TS = """import Stripe from "stripe";
const stripe = new Stripe("k");

export class Basket {
  private items: Stripe.Checkout.SessionCreateParams.LineItem[] = [];

  add(name: string, cents: number, qty = 1) {
    this.items.push({
      price_data: { currency: "usd", unit_amount: cents, product_data: { name } },
      quantity: qty,
    });
  }

  async pay(success: string) {
    return stripe.checkout.sessions.create({
      mode: "payment",
      line_items: this.items,
      success_url: success,
    });
  }
}
"""
PRICE_IDS = """import stripe


class Cart:
    def __init__(self):
        self.lines = []

    def add(self, price_id, qty=1):
        self.lines.append({"price": price_id, "quantity": qty})

    def checkout(self, success):
        return stripe.checkout.Session.create(
            mode="payment", line_items=self.lines, success_url=success
        )


def unrelated(cents):
    return {"price_data": {"currency": "usd", "unit_amount": cents}}
"""


def _site(code: str, language: str, name: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


@pytest.mark.parametrize(
    ("code", "language", "name", "where"),
    [
        # PY, its lines dict literals of one shape, is read from the list now (in
        # test_built_lines_elsewhere.py): each line's amount read from the element
        (PY_ITEM_CLASS, "python", "basket.py", "in put"),
    ],
)
def test_an_attribute_another_method_fills_with_inline_prices_blocks(
    code: str, language: str, name: str, where: str
) -> None:
    site = _site(code, language, name)
    found = {f.code: f for f in site.findings}
    assert "RT015" in found and found["RT015"].path == "line_items", site.findings
    assert where in found["RT015"].message
    assert site.verdict == "blocked"
    # the elements have no `price`: the suggested cart reads none (a KeyError, an undefined)
    assert "TODO_product_id" in (site.suggestion or "")
    assert not re.search(r"""item(?:\.price|\["price"\])""", site.suggestion or "")


def test_an_attribute_another_method_fills_with_dict_literals_is_read_from_the_list() -> None:
    site = _site(PY, "python", "cart.py")
    text = site.suggestion or ""
    assert "for line in self.lines" in text
    assert '"amount": line["price_data"]["unit_amount"],' in text
    assert "RT015" not in {f.code for f in site.findings}


def test_a_field_another_method_pushes_object_literals_to_is_read_from_the_list() -> None:
    site = _site(TS, "typescript", "basket.ts")
    text = site.suggestion or ""
    assert "product_cart: this.items.map((line: any): DodoPayments.ProductItemReq => ({" in text
    assert "amount: line.price_data.unit_amount," in text
    assert "RT015" not in {f.code for f in site.findings}


@pytest.mark.parametrize(
    "change",
    [
        '  gift() {\n    this.items.push({ price: "price_gift", quantity: 1 });\n  }\n',
        "  load(saved: any[]) {\n    this.items = saved;\n  }\n",
        "  more(extra: any[]) {\n    this.items.push(...extra);\n  }\n",
    ],
)
def test_a_field_holding_other_lines_stays_blocked_naming_no_missing_key(change: str) -> None:
    code = TS.replace("  async pay(success: string) {", change + "\n  async pay(success: string) {")
    site = _site(code, "typescript", "basket.ts")
    text = site.suggestion or ""
    assert "RT015" in {f.code for f in site.findings}
    assert "line.price_data" not in text and "item.price" not in text
    assert "product_id: TODO_product_id," in text


def test_an_attribute_filled_with_price_ids_stays_a_warning() -> None:
    site = _site(PRICE_IDS, "python", "cart.py")
    codes = {f.code for f in site.findings}
    assert "RT003" in codes and "RT015" not in codes


def test_a_public_field_another_object_pushes_to_stays_blocked() -> None:
    # basket.items.push(...) outside the class may add a line of another shape
    gift = '  basket.items.push({ price: "price_gift" });\n'
    code = TS.replace("private items", "items") + (
        "\nexport function gift(basket: Basket) {\n" + gift + "}\n"
    )
    site = _site(code, "typescript", "basket.ts")
    assert "RT015" in {f.code for f in site.findings}
    assert "line.price_data" not in (site.suggestion or "")
    python = PY + '\n\ndef gift(cart):\n    cart.lines.append({"price": "price_gift"})\n'
    site = _site(python, "python", "cart.py")
    assert "RT015" in {f.code for f in site.findings}
    assert 'line["price_data"]' not in (site.suggestion or "")
