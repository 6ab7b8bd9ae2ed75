# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""Line items with inline prices built away from the call (``migrate/scan/built_lines.py``): a
Python list bound ``list()``, filled by several appends (the loop's lines, then a delivery line),
by a name bound to a dict literal, or a field of ``self`` another method appends to. Such a list
was blocked (RT015) while its suggested cart read ``dodo_product_id(item["price"])``, a key its
elements lack (a KeyError at run time). Where every element has the same keys, the Dodo cart maps
the built list, each value the appends differ in read from the element; where they differ, the
call stays blocked and the cart names no key the elements lack."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.codegen.python import render as render_python
from migrate.codegen.table import id_table
from migrate.readers.idmap import IdMap
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import mypy_problems

ROUTE = """\
import stripe

from .models import Product


async def pay(cart):
    line_items = BOUND
    for row in cart:
        product = await Product.get(id=row["id"])
        LOOP
    AFTER
    session = await stripe.checkout.Session.create_async(mode="MODE", line_items=line_items, success_url="https://shop.example/ok")
    return session.url
"""
LINE = '{"price_data": {"currency": "eur", "product_data": {"name": product.name}, "unit_amount": product.cents}, "quantity": row["qty"]}'
DELIVERY = 'line_items.append({"price_data": {"currency": "CUR", "product_data": {"name": "Delivery"}, "unit_amount": 490}, "quantity": 1})'


def _site(*, bound: str = "[]", loop: str = "", after: str = "", mode: str = "payment") -> CallSite:
    code = (
        ROUTE.replace("BOUND", bound)
        .replace("LOOP", loop or f"line_items.append({LINE})")
        .replace("AFTER", after or "pass")
        .replace("MODE", mode)
    )
    (site,) = [s for s in scan_source(code, "pay.py", BY_NAME["python"]) if s.kind == "create"]
    return site


def _codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_a_delivery_line_of_the_same_keys_is_read_from_the_built_list() -> None:
    site = _site(after=DELIVERY.replace("CUR", "eur"))
    text = site.suggestion or ""
    assert "for line in line_items" in text
    assert '"amount": line["price_data"]["unit_amount"],' in text  # 490 on the delivery line
    assert '"quantity": line["quantity"],' in text
    assert 'item["price"]' not in text
    assert not _codes(site) & {"RT015", "RT011"}, site.findings
    assert "L112" in _codes(site)


def test_a_list_bound_with_list_and_a_line_bound_to_a_name_are_read_so() -> None:
    loop = f"line = {LINE}\n        line_items.append(line)"
    site = _site(bound="list()", loop=loop, after=DELIVERY.replace("CUR", "eur"))
    text = site.suggestion or ""
    assert '"amount": line["price_data"]["unit_amount"],' in text
    assert not _codes(site) & {"RT015"}, site.findings


def test_a_currency_the_appends_differ_in_is_read_per_element() -> None:
    # eur for the products, usd for the delivery: the currency is each element's (RT011)
    site = _site(after=DELIVERY.replace("CUR", "usd"))
    text = site.suggestion or ""
    assert '+ line["price_data"]["currency"].upper()' in text
    assert "RT011" in _codes(site)


def test_lines_of_another_shape_stay_blocked_naming_no_missing_key() -> None:
    after = 'line_items.append({"price": "price_123", "quantity": 1})'
    site = _site(after=after)
    text = site.suggestion or ""
    assert "RT015" in _codes(site)
    assert 'item["price"]' not in text and "dodo_product_id" not in text
    assert '"product_id": TODO_product_id,' in text
    (finding,) = [f for f in site.findings if f.code == "RT015"]
    assert "`price_data` beside lines with a price id (`price`)" in finding.message


def test_a_line_bound_to_a_name_changed_after_stays_blocked() -> None:
    loop = f'line = {LINE}\n        line["price_data"]["unit_amount"] = 0\n        line_items.append(line)'
    site = _site(loop=loop)
    assert "RT015" in _codes(site)
    assert 'line["price_data"]' not in (site.suggestion or "")


@pytest.mark.parametrize(("interval", "code"), [('"month"', "L114"), ('"year"', "RT002")])
def test_recurring_lines_keep_their_blockers(interval: str, code: str) -> None:
    # the same interval: a recurring run-time amount (L114); intervals that differ: RT002
    recurring = LINE.replace('"unit_amount"', '"recurring": {"interval": "month"}, "unit_amount"')
    after = DELIVERY.replace("CUR", "eur").replace(
        '"unit_amount"', f'"recurring": {{"interval": {interval}}}, "unit_amount"'
    )
    site = _site(loop=f"line_items.append({recurring})", after=after, mode="subscription")
    assert code in _codes(site), site.findings
    assert '"product_id": TODO_product_id,' in (site.suggestion or "")


def test_a_pre_prices_line_is_read_from_the_built_list() -> None:
    loop = 'line_items.append({"name": product.name, "amount": product.cents, "currency": "inr", "quantity": row["qty"]})'
    site = _site(loop=loop)
    text = site.suggestion or ""
    assert '"amount": line["amount"],' in text
    assert "RT015" not in _codes(site)


def test_the_dodo_call_of_several_appends_type_checks_with_mypy(tmp_path: Path) -> None:
    suggestion = _site(after=DELIVERY.replace("CUR", "usd")).suggestion or ""
    assert "from dodo_ids import dodo_product_id" in suggestion  # the product of each currency
    ids = render_python(id_table(IdMap({})), "stripe2dodo ledger ids")
    (tmp_path / "dodo_ids.py").write_text(ids, encoding="utf-8")
    signature = "def pay(line_items: list[Any]) -> str | None"
    problems = mypy_problems(tmp_path, suggestion, signature, awaited=True)
    assert not problems, problems


CART = """\
import stripe


class Cart:
    def __init__(self):
        self.line_items = []

    def add(self, product, qty):
        self.line_items.append({"price_data": {"currency": "usd", "product_data": {"name": product.name}, "unit_amount": product.cents}, "quantity": qty})

    MORE
    def checkout(self):
        session = stripe.checkout.Session.create(mode="payment", line_items=self.line_items, success_url="https://shop.example/ok")
        return session.url
"""


def _cart_site(more: str = "") -> CallSite:
    code = CART.replace("MORE", more or "pass\n")
    (site,) = [s for s in scan_source(code, "cart.py", BY_NAME["python"]) if s.kind == "create"]
    return site


def test_a_field_another_method_appends_to_is_read_from_the_built_list(tmp_path: Path) -> None:
    site = _cart_site()
    text = site.suggestion or ""
    assert "for line in self.line_items" in text
    assert '"amount": line["price_data"]["unit_amount"],' in text
    assert "RT015" not in _codes(site)
    problems = mypy_problems(tmp_path, text, "def pay(self: Any) -> str | None")
    assert not problems, problems


def test_a_field_extended_elsewhere_stays_blocked_naming_no_missing_key() -> None:
    site = _cart_site("def merge(self, lines):\n        self.line_items.extend(lines)\n")
    text = site.suggestion or ""
    assert "RT015" in _codes(site)
    assert 'item["price"]' not in text and 'line["price_data"]' not in text


def test_a_list_bound_with_list_is_read_as_one_bound_empty() -> None:
    # no awaited value: the reader follows list() as it follows [] (each line, then the fee)
    code = (
        "import stripe\n\n\ndef pay(cart, fee):\n    items = list()\n    for row in cart:\n"
        '        items.append({"price_data": {"currency": "usd", "product_data": {"name": row.name}, "unit_amount": row.cents}, "quantity": row.qty})\n'
        '    items.append({"price_data": {"currency": "usd", "product_data": {"name": "Fee"}, "unit_amount": fee}, "quantity": 1})\n'
        '    return stripe.checkout.Session.create(mode="payment", line_items=items, success_url="https://x.example/ok")\n'
    )
    (site,) = [s for s in scan_source(code, "pay.py", BY_NAME["python"]) if s.kind == "create"]
    text = site.suggestion or ""
    assert '"amount": row.cents,' in text and "for row in cart" in text
    assert '"amount": fee,' in text
    assert "RT015" not in _codes(site)


HELPER = """\
import stripe

from .models import Product


class Order:
    async def to_stripe_line_items(self):
        out = []
        for row in self.rows:
            product = await Product.get(id=row.product_id)
            out.append({"price_data": {"currency": "usd", "product_data": {"name": product.name}, "unit_amount": product.cents}, "quantity": row.qty})
        FEE
        return out


async def pay(order):
    session = await stripe.checkout.Session.create_async(mode="payment", line_items=await order.to_stripe_line_items(), success_url="https://x.example/ok")
    return session.url
"""


@pytest.mark.parametrize(
    "fee",
    [
        'out.append({"price_data": {"currency": "usd", "product_data": {"name": "Fee"}, "unit_amount": 300}, "quantity": 1})',
        "if not out:\n            return []",
    ],
)
def test_a_list_a_method_builds_and_returns_is_read_from_the_built_list(
    fee: str, tmp_path: Path
) -> None:
    code = HELPER.replace("FEE", fee)
    (site,) = [s for s in scan_source(code, "pay.py", BY_NAME["python"]) if s.kind == "create"]
    text = site.suggestion or ""
    assert "for line in (await order.to_stripe_line_items())" in text
    assert '"amount": line["price_data"]["unit_amount"],' in text
    assert "RT015" not in _codes(site), site.findings
    problems = mypy_problems(tmp_path, text, "def pay(order: Any) -> str | None", awaited=True)
    assert not problems, problems


@pytest.mark.parametrize(
    "fee",
    [
        'out.append({"price": "price_fee", "quantity": 1})',  # another shape
        "out.extend(order_extras())",  # elements it does not show
        "return out + extras",  # another list returned
    ],
)
def test_a_method_list_of_other_elements_stays_blocked_naming_no_missing_key(fee: str) -> None:
    code = HELPER.replace("FEE", fee)
    (site,) = [s for s in scan_source(code, "pay.py", BY_NAME["python"]) if s.kind == "create"]
    text = site.suggestion or ""
    assert "RT015" in _codes(site)
    assert 'line["price_data"]' not in text and 'item["price"]' not in text


def test_a_helpers_list_joined_to_another_stays_blocked() -> None:
    # build(rows) + more(extra): the elements of more(extra) are not build's shape
    code = HELPER.replace("FEE", "pass").replace(
        "line_items=await order.to_stripe_line_items()",
        "line_items=(await order.to_stripe_line_items()) + extras(order)",
    )
    (site,) = [s for s in scan_source(code, "pay.py", BY_NAME["python"]) if s.kind == "create"]
    assert "RT015" in _codes(site)
    assert 'line["price_data"]' not in (site.suggestion or "")
    code = code.replace(
        "(await order.to_stripe_line_items()) + extras(order)", "build(order) + extras(order)"
    )
    code += "\n\ndef build(order):\n    return [{'price_data': {'currency': 'usd', 'unit_amount': r.cents}} for r in order.rows]\n"
    (site,) = [s for s in scan_source(code, "pay.py", BY_NAME["python"]) if s.kind == "create"]
    assert 'line["price_data"]' not in (site.suggestion or "")
