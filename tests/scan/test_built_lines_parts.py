# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A JS/TS cart built away from the call (``migrate/scan/built_lines.py``): a loop's lines whose
values are awaited per element, then a delivery line pushed after the loop, was blocked (RT002)
with a Dodo cart of the delivery line alone; a list ``await Promise.all(rows.map(async ...))``
builds, passed to a function that creates the session, was blocked at that call (RT002, RT007).
Both lists are built by the time of the call: where every line has the same keys the Dodo cart
maps the built list, each value the lines differ in read from the element."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import tsc_problems

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
  lineItems.push({ price_data: { currency: "CUR", product_data: { name: "Delivery" }, unit_amount: 490 }, quantity: 1 });
  const session = await stripe.checkout.sessions.create({ mode: "payment", line_items: lineItems, success_url: "https://shop.example/ok" });
  return session.url;
}
"""
INLINE = '{ price_data: { currency: "usd", product_data: { name: product.name }, unit_amount: Math.round(product.price * 100) }, quantity: item.qty }'
MODELS = {
    "models.ts": "export const Product = { findById: async (id: string): Promise<any> => ({ id }) };\n"
}


def _site(code: str, name: str = "pay.ts") -> CallSite:
    sites = [s for s in scan_source(code, name, BY_NAME["typescript"]) if s.kind == "create"]
    return sites[-1]  # the route's call (after a wrapper's own)


def _codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def _route(line: str = INLINE, currency: str = "usd") -> str:
    return ROUTE.replace("LINE", line).replace("CUR", currency)


def test_a_delivery_line_pushed_after_the_loop_is_read_from_the_built_list() -> None:
    site = _site(_route())
    text = site.suggestion or ""
    assert "product_cart: lineItems.map((line: any): DodoPayments.ProductItemReq => ({" in text
    assert "amount: line.price_data.unit_amount," in text  # 490 on the delivery line
    assert "Product.findById" not in text
    assert not _codes(site) & {"RT002", "RT007", "RT011"}, site.findings


def test_a_delivery_line_pushed_when_a_condition_holds_is_read_from_the_built_list() -> None:
    code = _route().replace(
        '  lineItems.push({ price_data: { currency: "usd", product_data: { name: "Delivery" }',
        '  if (cart.length < 3) lineItems.push({ price_data: { currency: "usd", product_data: { name: "Delivery" }',
    )
    assert "if (cart.length < 3)" in code
    site = _site(code)
    text = site.suggestion or ""
    assert "product_cart: lineItems.map((line: any): DodoPayments.ProductItemReq => ({" in text
    assert "amount: line.price_data.unit_amount," in text
    assert not _codes(site) & {"RT002", "RT007"}, site.findings


def test_a_currency_the_lines_differ_in_is_read_per_element() -> None:
    site = _site(_route(currency="eur"))
    assert "line.price_data.currency" in (site.suggestion or "")
    assert "RT011" in _codes(site)


def test_a_loop_line_of_another_shape_stays_blocked() -> None:
    site = _site(_route(line="{ price: product.stripePriceId, quantity: item.qty }"))
    assert "RT002" in _codes(site)
    assert "lineItems.map(" not in (site.suggestion or "")


@pytest.mark.slow
def test_the_dodo_call_of_a_loop_and_a_delivery_line_type_checks_with_tsc(
    tmp_path: Path,
) -> None:
    source = _route()
    problems = tsc_problems(tmp_path, source, _site(source).suggestion or "", files=MODELS)
    assert not problems, problems


WRAPPED = """\
import Stripe from "stripe";
import { Product } from "./models";
const stripe = new Stripe(process.env.STRIPE_KEY!);

async function createSession(items: any[]) {
  CHANGE
  return stripe.checkout.sessions.create({ mode: "payment", line_items: items, success_url: "https://shop.example/ok" });
}

export async function pay(rows: { id: string; qty: number }[]) {
  const items = await Promise.all(rows.map(async (r) => {
    const product = await Product.findById(r.id);
    return { price_data: { currency: "usd", product_data: { name: product.name }, unit_amount: product.cents }, quantity: r.qty };
  }));
  const session = await createSession(items);
  return session.url;
}
"""


def test_a_list_built_by_the_caller_of_a_wrapper_is_read_from_the_built_list() -> None:
    site = _site(WRAPPED.replace("CHANGE", ""))
    text = site.suggestion or ""
    assert site.via and "createSession" in site.via
    assert "product_cart: items.map((line: any): DodoPayments.ProductItemReq => ({" in text
    assert "amount: line.price_data.unit_amount," in text
    assert not _codes(site) & {"RT002", "RT007"}, site.findings


def test_a_wrapper_adding_a_line_leaves_the_callers_list_blocked() -> None:
    # the wrapper's price line has no price_data: the list is not the caller's shape alone
    site = _site(WRAPPED.replace("CHANGE", 'items.push({ price: "price_fee", quantity: 1 });'))
    assert "RT002" in _codes(site)
    assert "items.map((line" not in (site.suggestion or "")


PY_WRAPPED = """\
import stripe

from .models import Product


def create_session(items):
    CHANGE
    return stripe.checkout.Session.create(mode="payment", line_items=items, success_url="https://shop.example/ok")


async def pay(cart):
    items = []
    for row in cart:
        product = await Product.get(id=row["id"])
        items.append({"price_data": {"currency": "usd", "product_data": {"name": product.name}, "unit_amount": product.cents}, "quantity": row["qty"]})
    return create_session(items).url
"""


@pytest.mark.parametrize(
    ("change", "mapped"),
    [("pass", True), ('items.append({"price": "price_fee", "quantity": 1})', False)],
)
def test_a_python_list_built_by_the_caller_of_a_wrapper(change: str, mapped: bool) -> None:
    code = PY_WRAPPED.replace("CHANGE", change)
    site = [s for s in scan_source(code, "pay.py", BY_NAME["python"]) if s.kind == "create"][-1]
    text = site.suggestion or ""
    assert site.via
    assert ('"amount": line["price_data"]["unit_amount"],' in text) is mapped
    assert ("RT015" in _codes(site)) is not mapped
    assert 'item["price"]' not in text
