"""A list of line items the scanner cannot read, spliced into the cart beside other lines
(`[*items, shipping]`, `[...items, shipping]`, `addAllLineItem(items)`), is one cart line per
element of it, each read through its own `price` and `quantity` (RT003). It was one line whose
price was the list's: `dodo_product_id(*items["price"])` (a syntax error), TypeScript's
`dodoProductId(...items.price)`, Java's `items.getPrice()` on a List."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

SUFFIX = {"python": "py", "typescript": "ts", "java": "java", "kotlin": "kt"}


def one(code: str, language: str) -> CallSite:
    (site,) = [
        s
        for s in scan_source(code, f"x.{SUFFIX[language]}", BY_NAME[language])
        if s.kind == "create"
    ]
    return site


PY = """\
import stripe
from shop.cart import load_items


def checkout(cart):
    items = load_items(cart)
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[*items, {"price": "price_ship", "quantity": 1}],
        success_url="https://example.com/ok",
    )
"""
TS = """\
import Stripe from "stripe";
import { loadItems } from "./cart";
const stripe = new Stripe("sk_test_x");
export async function checkout(cart: Cart) {
  const items = await loadItems(cart);
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [...items, { price: "price_ship", quantity: 1 }],
    success_url: "https://example.com/ok",
  });
}
"""
KOTLIN = """\
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Checkout(private val repo: CartRepo) {
    fun create(cart: Cart): Session {
        val items = repo.lineItems(cart)
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .addAllLineItem(items)
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice("price_ship").setQuantity(1L).build())
            .setSuccessUrl("https://example.com/ok")
            .build()
        return Session.create(params)
    }
}
"""
JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Checkout {
    public Session create(Cart cart) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .addAllLineItem(repo.lineItems(cart))
            .setSuccessUrl("https://example.com/ok")
            .build();
        return Session.create(params);
    }
}
"""


@pytest.mark.parametrize(
    ("code", "language", "over", "line"),
    [
        (PY, "python", "items", 'dodo_product_id(item["price"])'),
        (TS, "typescript", "items", "...items.map((item: any)"),
        (KOTLIN, "kotlin", "items", "items.map { item ->"),
        (JAVA, "java", "repo.lineItems(cart)", "repo.lineItems(cart).stream().map(item ->"),
    ],
)
def test_an_unreadable_list_spliced_in_is_one_line_per_element(
    code: str, language: str, over: str, line: str
) -> None:
    site = one(code, language)
    lines = site.params["line_items"]
    first = lines[0] if type(lines) is list else lines
    assert first["$each"] == {"over": over, "as": "item", "item": {"$dynamic": "item"}}
    assert any(f.code == "RT003" for f in site.findings)
    assert line in site.suggestion
    for wrong in ('*items["price"]', "...items.price", "items.price)", "items.getPrice()"):
        assert wrong not in site.suggestion


def test_a_list_spliced_elsewhere_stays_one_run_time_value() -> None:
    """Only line items are read element by element; other lists keep the value whole."""
    code = PY.replace("line_items=[*items,", "payment_method_types=[*types, 'card'], line_items=[")
    site = one(code, "python")
    assert site.params["payment_method_types"][0] == {"$dynamic": "*types"}
