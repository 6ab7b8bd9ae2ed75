"""A Kotlin builder changed in a scope block (``migrate/scan/lang/kotlin.py``): ``also { builder
-> ... }`` names its builder as the lambda's parameter, and a loop lambda in the block
(``items.forEach { builder.addLineItem(it) }``) adds a line per element; a name the loop's
lambda binds is its element, never the builder. Read from DirtyCouture's order checkout (a
cart of inline prices added in an ``also`` block), written here in that shape: the list it adds
element by element, as it is, is read through to the records it was built from."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree

PAY = """\
package shop

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Pay {
    fun inline(records: List<Rec>): String {
        val lines = mutableListOf<SessionCreateParams.LineItem>()
        records.forEach { record ->
            val line = SessionCreateParams.LineItem.builder()
                .setQuantity(record.quantity)
                .setPriceData(
                    SessionCreateParams.LineItem.PriceData.builder()
                        .setCurrency("eur")
                        .setUnitAmount(record.cents)
                        .setProductData(
                            SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                .setName("Variant #${record.id}").build()
                        )
                        .build()
                )
                .build()
            lines.add(line)
        }
        return Session.create(
            SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://shop.example.com/ok")
                .also { builder ->
                    lines.forEach { builder.addLineItem(it) }
                }
                .build()
        ).url
    }

    fun prices(prices: List<String>, email: String): String = Session.create(
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example.com/ok")
            .also { b ->
                b.setCustomerEmail(email)
                prices.forEach { p ->
                    b.addLineItem(SessionCreateParams.LineItem.builder().setPrice(p).setQuantity(2L).build())
                }
            }
            .build()
    ).url

    fun elements(carts: List<Cart>): String = Session.create(
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example.com/ok")
            .also { b ->
                carts.forEach {
                    it.addLineItem(SessionCreateParams.LineItem.builder().setPrice("price_x").build())
                }
            }
            .build()
    ).url
}
"""


def test_a_loop_in_an_also_block_adds_the_lines_of_its_named_builder(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"src/Pay.kt": PAY})
    sites = {s.line: s for s in _creates(top)}
    inline = sites[25]  # the list of inline prices, added as it is: its lines, per record
    codes = [f.code for f in inline.findings]
    assert "RT015" not in codes and "RT007" not in codes  # (migrate/scan/copied_loops.py)
    each = inline.params["line_items"]["$each"]
    assert each["over"] == "records"
    assert each["item"]["price_data"]["unit_amount"] == {"$dynamic": "record.cents"}
    assert each["item"]["quantity"] == {"$dynamic": "record.quantity"}
    prices = sites[36]
    assert prices.params["customer_email"] == {"$dynamic": "email"}
    assert prices.params["line_items"]["$each"] == {
        "over": "prices",
        "as": "p",
        "item": {"price": {"$dynamic": "p"}, "quantity": 2},
    }
    # `it` in the loop is a cart, not the builder: no line of this call
    assert "line_items" not in sites[49].params


def test_a_loop_in_an_apply_block_adds_lines_to_its_receiver(tmp_path: Path) -> None:
    source = """\
package shop

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

fun pay(prices: List<String>): String = Session.create(
    SessionCreateParams.builder().apply {
        setMode(SessionCreateParams.Mode.PAYMENT)
        setSuccessUrl("https://shop.example.com/ok")
        prices.forEach { addLineItem(SessionCreateParams.LineItem.builder().setPrice(it).build()) }
    }.build()
).url
"""
    top = _tree(tmp_path, {"src/Pay.kt": source})
    (site,) = _creates(top)
    assert site.params["mode"] == "payment"
    assert site.params["line_items"]["$each"] == {
        "over": "prices",
        "as": "it",
        "item": {"price": {"$dynamic": "it"}},
    }
