# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A Python list of line items filled by appends of a helper's result (``lines.append(
to_line(product, row))``), where the helper (a function or a method of the same file) returns
the dict literal of one line with an inline price. Each append was read as an unknown element:
the call was blocked (RT015) with a cart reading ``TODO_product_id``. The helper's returned shape
is now the element, so the list maps as a list of appended literals does."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import mypy_problems

ROUTE = """\
import stripe

from .models import Product

HELPER

async def pay(cart):
    line_items = []
    for row in cart:
        product = await Product.get(id=row["id"])
        line_items.append(CALL)
    AFTER
    session = await stripe.checkout.Session.create_async(mode="payment", line_items=line_items, success_url="https://shop.example/ok")
    return session.url
"""
TO_LINE = """\
def to_line(product, row):
    return {"price_data": {"currency": "eur", "product_data": {"name": product.name}, "unit_amount": product.cents}, "quantity": row["qty"]}
"""


def _site(
    helper: str = TO_LINE, call: str = "to_line(product, row)", after: str = "pass"
) -> CallSite:
    code = ROUTE.replace("HELPER", helper).replace("CALL", call).replace("AFTER", after)
    (site,) = [s for s in scan_source(code, "pay.py", BY_NAME["python"]) if s.kind == "create"]
    return site


def _codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_a_helper_returning_one_line_is_read_as_the_element(tmp_path: Path) -> None:
    site = _site()
    text = site.suggestion or ""
    assert "for line in line_items" in text
    assert '"amount": line["price_data"]["unit_amount"],' in text
    assert '"quantity": line["quantity"],' in text
    assert "TODO_product_id" not in text
    assert "RT015" not in _codes(site) and "L112" in _codes(site)
    signature = "def pay(line_items: list[Any]) -> str | None"
    problems = mypy_problems(tmp_path, text, signature, awaited=True)
    assert not problems, problems


def test_a_helper_binding_its_line_to_a_name_is_read_so() -> None:
    helper = TO_LINE.replace("    return {", "    line = {").rstrip() + "\n    return line\n"
    site = _site(helper=helper)
    assert '"amount": line["price_data"]["unit_amount"],' in (site.suggestion or "")
    assert "RT015" not in _codes(site)


def test_a_delivery_line_in_another_currency_is_read_per_element() -> None:
    delivery = 'line_items.append({"price_data": {"currency": "usd", "product_data": {"name": "Delivery"}, "unit_amount": 490}, "quantity": 1})'
    site = _site(after=delivery)
    assert '+ line["price_data"]["currency"].upper()' in (site.suggestion or "")
    assert "RT011" in _codes(site)


def test_a_helper_with_two_returns_stays_blocked() -> None:
    helper = TO_LINE.replace(
        "    return {",
        '    if row.get("gift"):\n        return {"price": "price_gift", "quantity": 1}\n    return {',
    )
    site = _site(helper=helper)
    assert "RT015" in _codes(site)
    assert 'line["price_data"]' not in (site.suggestion or "")
