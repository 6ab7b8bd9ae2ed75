# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A cart a loop builds from a product it awaits per element (``const product = await
Product.findById(item.id); lineItems.push({...})``), the most common shape of a shop's checkout
route in real TypeScript and JavaScript apps (``migrate/scan/built_lines.py``): each value came
from the awaited local, which the Dodo call cannot run again, so the cart was blocked (RT002,
RT007) with nothing in it. The list the call names is built by then: the Dodo cart maps it, each
line reading the element the loop built."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import mypy_problems, tsc_problems

ROUTE = """\
import Stripe from "stripe";
import { Product } from "./models";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function pay(cart: { id: string; qty: number }[]) {
  const lineItems: any[] = [];
  for (const item of cart) {
    const product = await Product.findById(item.id);
    lineItems.push(LINE);
  }
  AFTER
  const session = await stripe.checkout.sessions.create({ mode: "payment", line_items: lineItems, success_url: "https://shop.example/ok" });
  return session.url;
}
"""
INLINE = '{ price_data: { currency: "usd", product_data: { name: product.name }, unit_amount: Math.round(product.price * 100) }, quantity: item.qty }'


def _site(line: str, after: str = "") -> CallSite:
    code = ROUTE.replace("LINE", line).replace("AFTER", after)
    (site,) = [s for s in scan_source(code, "pay.ts", BY_NAME["typescript"]) if s.kind == "create"]
    return site


def _codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_inline_amounts_of_awaited_products_are_read_from_the_built_list() -> None:
    site = _site(INLINE)
    text = site.suggestion or ""
    assert "product_cart: lineItems.map((line: any): DodoPayments.ProductItemReq => ({" in text
    assert "quantity: line.quantity," in text
    assert "amount: line.price_data.unit_amount," in text
    assert "Product.findById" not in text  # the look-up does not run again
    assert not _codes(site) & {"RT002", "RT007", "RT015"}, site.findings
    assert "L112" in _codes(site)  # the pay-what-you-want product of the loop's currency


def test_price_ids_of_awaited_products_are_looked_up_per_built_line() -> None:
    site = _site("{ price: product.stripePriceId, quantity: item.qty }")
    text = site.suggestion or ""
    assert "product_id: dodoProductId(line.price)," in text
    assert not _codes(site) & {"RT002", "RT007"}, site.findings


def test_a_line_added_after_the_loop_leaves_the_list_as_it_was() -> None:
    # the built list is no longer of the loop's shape only: not read so (blocked, as before;
    # a line of the same keys is read so: test_built_lines_parts.py)
    shipping = 'lineItems.push({ price: "price_shipping", quantity: 1 });'
    site = _site(INLINE, shipping)
    assert "RT002" in _codes(site)
    assert "lineItems.map(" not in (site.suggestion or "")


@pytest.mark.slow
def test_the_dodo_call_type_checks_with_tsc(tmp_path: Path) -> None:
    source = ROUTE.replace("LINE", INLINE).replace("AFTER", "")
    models = "export const Product = { findById: async (id: string): Promise<any> => ({ id }) };\n"
    problems = tsc_problems(
        tmp_path, source, _site(INLINE).suggestion or "", files={"models.ts": models}
    )
    assert not problems, problems


PY_ROUTE = """\
import stripe

from .models import Product


async def pay(cart):
    line_items = []
    for row in cart:
        product = await Product.get(id=row["id"])
        line_items.append(
            {
                "price_data": {"currency": "eur", "product_data": {"name": product.name}, "unit_amount": product.cents},
                "quantity": row["qty"],
            }
        )
    AFTER
    session = await stripe.checkout.Session.create_async(mode="payment", line_items=line_items, success_url="https://shop.example/ok")
    return session.url
"""


def _py_site(after: str = "") -> CallSite:
    code = PY_ROUTE.replace("AFTER", after or "pass")
    (site,) = [s for s in scan_source(code, "pay.py", BY_NAME["python"]) if s.kind == "create"]
    return site


def test_a_python_list_of_awaited_products_is_read_from_the_built_list() -> None:
    site = _py_site()
    text = site.suggestion or ""
    assert '"quantity": line["quantity"],' in text
    assert '"amount": line["price_data"]["unit_amount"],' in text
    assert "for line in line_items" in text
    assert "Product.get" not in text
    assert not _codes(site) & {"RT002", "RT007", "RT015"}, site.findings
    assert "L112" in _codes(site)


@pytest.mark.parametrize(
    "after",
    [
        'line_items.append({"price": "price_ship", "quantity": 1})',
        "audit(line_items)",
    ],
)
def test_a_python_list_changed_or_passed_elsewhere_stays_blocked(after: str) -> None:
    # an element of another shape, or a function that may change it: the list is not the
    # append's shape alone (a line of the same keys is read so: test_built_lines_elsewhere.py)
    site = _py_site(after)
    assert "RT015" in _codes(site)
    assert 'line["price_data"]' not in (site.suggestion or "")


def test_the_python_dodo_call_type_checks_with_mypy(tmp_path: Path) -> None:
    signature = "def pay(line_items: list[Any]) -> str | None"
    problems = mypy_problems(tmp_path, _py_site().suggestion or "", signature, awaited=True)
    assert not problems, problems


def test_a_list_passed_to_another_function_stays_blocked() -> None:
    # addShipping may add a line of another shape (another currency, a price id): not read so
    site = _site(INLINE, "addShipping(lineItems);")
    assert "RT002" in _codes(site)
    assert "lineItems.map(" not in (site.suggestion or "")
    # reading its length is no change
    site = _site(INLINE, 'if (lineItems.length === 0) throw new Error("empty");')
    assert "lineItems.map(" in (site.suggestion or "")
