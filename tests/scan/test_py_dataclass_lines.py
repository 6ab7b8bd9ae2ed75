"""Line items built as dataclasses of the same file and handed to Stripe through
``dataclasses.asdict`` (``migrate/scan/py_dataclasses.py``; seen in a Django payments library's
Stripe provider): the cart was RT015-blocked (a run-time list with inline prices) and the Dodo
call mapped its elements' ``price``, which none has. The constructor call is read as the dict
``asdict`` makes: fields by keyword or position, nested dataclasses as dicts, declared defaults,
``None`` fields left out; a value made at run time (a ``default_factory``) keeps it opaque."""

from __future__ import annotations

import ast
from pathlib import Path

from migrate.findings import Level
from migrate.scan.scan import CallSite
from tests.scan.trees import creates, write_tree

SHOP = """from dataclasses import asdict, dataclass, field

import stripe


@dataclass
class ProductInfo:
    name: str
    description: str | None = None


@dataclass
class InlinePrice:
    currency: str
    unit_amount: int
    product_data: ProductInfo
    tax_behavior: str | None = field(init=False, default=None)


@dataclass
class CartLine:
    price_data: InlinePrice
    quantity: int = 1


class Checkout:
    def lines(self, order):
        info = ProductInfo(name=f"Order {order.number}")
        price = InlinePrice("eur", int(order.total * 100), info)
        return [asdict(CartLine(price_data=price, quantity=order.seats))]

    def start(self, order):
        return stripe.checkout.Session.create(
            mode="payment",
            line_items=self.lines(order),
            success_url="https://shop.example/done",
        )
"""

PLAN = """import dataclasses
import os
from dataclasses import dataclass, field

import stripe


@dataclass
class Line:
    price: str
    quantity: int = 2
    tax_rates: list = field(default_factory=list)


def subscribe(customer_id):
    line = Line(price=os.environ["PRICE_TEAM"], tax_rates=[])
    return stripe.checkout.Session.create(
        mode="subscription",
        customer=customer_id,
        line_items=[dataclasses.asdict(line)],
        success_url="https://app.example/done",
    )


def subscribe_three(customer_id):
    return stripe.checkout.Session.create(
        mode="subscription",
        customer=customer_id,
        line_items=[dataclasses.asdict(Line(os.environ["PRICE_TEAM"], 3, []))],
        success_url="https://app.example/done",
    )


def subscribe_factory(customer_id):
    return stripe.checkout.Session.create(
        mode="subscription",
        customer=customer_id,
        line_items=[dataclasses.asdict(Line(os.environ["PRICE_TEAM"]))],
        success_url="https://app.example/done",
    )
"""


def _one(tmp_path: Path, name: str, source: str) -> list[CallSite]:
    return creates(write_tree(tmp_path, {name: source}))


def _codes(site: CallSite) -> list[str]:
    return [f.code for f in site.findings]


def test_an_inline_price_line_built_as_dataclasses_carries_its_amount_and_quantity(
    tmp_path: Path,
) -> None:
    (site,) = _one(tmp_path, "payments/checkout.py", SHOP)
    text = site.suggestion
    assert '"amount": int(order.total * 100),' in text
    assert '"quantity": order.seats,' in text
    assert "RT015" not in _codes(site) and "RT003" not in _codes(site)
    assert 'item["price"]' not in text and "TODO_" not in text
    assert not [f.code for f in site.findings if f.level is Level.BLOCKER]
    ast.parse(text)


def test_a_price_line_by_keyword_and_by_position_with_its_default_quantity(
    tmp_path: Path,
) -> None:
    given, three, factory = _one(tmp_path, "billing.py", PLAN)
    for site, quantity in ((given, 2), (three, 3)):
        assert 'dodo_product_id(os.environ["PRICE_TEAM"])' in site.suggestion
        assert f'"quantity": {quantity},' in site.suggestion
        assert not [f.code for f in site.findings if f.level is Level.BLOCKER]
        ast.parse(site.suggestion)
    # a field left to its default_factory is made at run time: the line stays unread
    assert "dodo_product_id(os.environ" not in factory.suggestion
