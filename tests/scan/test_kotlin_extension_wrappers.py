"""Kotlin extension functions as wrappers (``migrate/scan/kotlin_extensions.py``): ``fun
Order.checkout(successUrl: String) = Session.create(...)`` is a method of ``Order`` for its
callers; a call on a value of that class where the function is in sight is a creation site,
the receiver's members read in the body (``this.priceId``, a bare ``quantity``) the caller's
receiver's."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree

ORDER = """\
package shop.billing

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

fun Order.checkout(successUrl: String): Session = Session.create(
    SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl(successUrl)
        .setCustomerEmail(email)
        .addLineItem(
            SessionCreateParams.LineItem.builder().setPrice(this.priceId).setQuantity(quantity).build()
        )
        .build()
)
"""
SHOP = """\
package shop.web

import shop.billing.Order
import shop.billing.checkout

class Shop(private val repo: Orders) {
    fun buy(id: String): String {
        val order: Order = repo.find(id)
        return order.checkout("https://shop.example.com/ok").url
    }
    fun again(o: Order): String = o.checkout("https://shop.example.com/again").url
    fun other(cart: Cart): String = cart.checkout("https://shop.example.com/cart").url
}
"""
UNIMPORTED = """\
package shop.admin

import shop.billing.Order

class Admin {
    fun buy(o: Order): String = o.checkout("https://shop.example.com/admin").url
}
"""


def _rel(site: CallSite, top: Path) -> tuple[str, int]:
    return Path(site.file).relative_to(top).as_posix(), site.line


def test_a_kotlin_extension_function_is_a_wrapper_of_its_receivers_class(tmp_path: Path) -> None:
    top = _tree(
        tmp_path,
        {"src/Order.kt": ORDER, "src/Shop.kt": SHOP, "src/Admin.kt": UNIMPORTED},
    )
    sites = _creates(top)
    own = next(s for s in sites if s.via is None)
    assert own.wrapper == "Order.checkout(successUrl)"
    found = [
        (
            _rel(s, top),
            s.params["success_url"],
            s.params["customer_email"],
            s.params["line_items"],
        )
        for s in sites
        if s.via
    ]
    assert found == [
        (  # a local declared as the class: its members are the receiver's
            ("src/Shop.kt", 9),
            "https://shop.example.com/ok",
            {"$dynamic": "order.email"},
            [{"price": {"$dynamic": "order.priceId"}, "quantity": {"$dynamic": "order.quantity"}}],
        ),
        (  # a parameter of the class
            ("src/Shop.kt", 11),
            "https://shop.example.com/again",
            {"$dynamic": "o.email"},
            [{"price": {"$dynamic": "o.priceId"}, "quantity": {"$dynamic": "o.quantity"}}],
        ),
    ]  # a Cart is no Order; Admin does not import the extension


def test_an_extension_of_a_class_of_its_file_reads_its_public_members(tmp_path: Path) -> None:
    wrapper = ORDER.replace(
        "fun Order.checkout",
        "data class Order(val priceId: String, val quantity: Long, private val secret: String) {\n"
        "    val email: String get() = secret\n}\n\nfun Order.checkout",
    ).replace(
        "setCustomerEmail(email)",
        'setCustomerEmail(email).setClientReferenceId(ref).putMetadata("tenant", tenant)',
    )
    wrapper = wrapper.replace("successUrl: String)", "successUrl: String, ref: String)")
    caller = SHOP.replace('("https://shop.example.com/again")', '("https://x/ok", "ref-1")')
    tenant = 'package shop.billing\n\nval tenant: String = System.getenv("TENANT")\n'
    top = _tree(tmp_path, {"src/Order.kt": wrapper, "src/Shop.kt": caller, "src/Tenant.kt": tenant})
    again = next(s for s in _creates(top) if s.via and _rel(s, top) == ("src/Shop.kt", 11))
    assert again.params["customer_email"] == {"$dynamic": "o.email"}
    assert again.params["client_reference_id"] == "ref-1"
    # no member of Order: the package's own top-level value, the same name at the call
    assert again.params["metadata"] == {"tenant": {"$dynamic": "tenant"}}
    assert again.params["line_items"] == [
        {"price": {"$dynamic": "o.priceId"}, "quantity": {"$dynamic": "o.quantity"}}
    ]


CART = """\
package shop.billing

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

data class Item(val priceId: String, val quantity: Long, val cents: Long, val name: String)

fun Item.asLine(): SessionCreateParams.LineItem =
    SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(this.quantity).build()

fun Item.asInlineLine(): SessionCreateParams.LineItem =
    SessionCreateParams.LineItem.builder()
        .setPriceData(
            SessionCreateParams.LineItem.PriceData.builder()
                .setCurrency("usd")
                .setUnitAmount(cents)
                .setProductData(
                    SessionCreateParams.LineItem.PriceData.ProductData.builder().setName(name).build()
                )
                .build()
        )
        .setQuantity(quantity)
        .build()

fun pay(items: List<Item>): Session = Session.create(
    SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://shop.example.com/ok")
        .addAllLineItem(items.map { it.asLine() })
        .build()
)

fun payInline(items: List<Item>): Session = Session.create(
    SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://shop.example.com/ok")
        .addAllLineItem(items.map { item -> item.asInlineLine() })
        .build()
)
"""


def test_a_run_time_cart_built_by_an_extension_of_the_file_is_read(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"src/Cart.kt": CART})
    by_line = {s.line: s for s in _creates(top)}
    lines = by_line[25]  # items.map { it.asLine() }: each element's price and quantity
    assert lines.params["line_items"]["$each"]["item"] == {
        "price": {"$dynamic": "it.priceId"},
        "quantity": {"$dynamic": "it.quantity"},
    }
    assert "RT003" not in [f.code for f in lines.findings]
    inline = by_line[33]  # inline prices: the amount on a pay-what-you-want line, as a lambda's
    codes = [f.code for f in inline.findings]
    assert "RT015" not in codes and "L112" in codes
    assert inline.params["line_items"]["$each"]["item"]["price_data"]["unit_amount"] == {
        "$dynamic": "item.cents"
    }
    suggestion = inline.suggestion or ""
    assert '\\"amount\\":" + dodoJson(item.cents)' in suggestion


RECORD_ORDER = """\
package shop.billing

data class Order(val priceId: String, val quantity: Long = 1, val email: String? = null)
"""
RECORD_SHOP = """\
package shop.web

import shop.billing.Order
import shop.billing.checkout

class Shop {
    fun pro(user: User): String {
        val order = Order("price_pro", 2, user.email)
        return order.checkout("https://shop.example.com/ok").url
    }
    fun team(): String = Order("price_team", email = "t@shop.example").checkout("https://s/ok").url
    fun other(): String = Cart("price_cart").checkout("https://s/cart").url
}
"""


def test_an_extension_called_on_a_constructed_data_class_sells_its_values(
    tmp_path: Path,
) -> None:
    top = _tree(
        tmp_path,
        {"src/Order.kt": ORDER, "src/Model.kt": RECORD_ORDER, "src/Shop.kt": RECORD_SHOP},
    )
    found = [
        (_rel(s, top), s.params["line_items"], s.params.get("customer_email"))
        for s in _creates(top)
        if s.via
    ]
    assert found == [
        (  # a local bound to the data class: its arguments
            ("src/Shop.kt", 9),
            [{"price": "price_pro", "quantity": 2}],
            {"$dynamic": "user.email"},
        ),
        (  # constructed as the receiver; quantity left to its default
            ("src/Shop.kt", 11),
            [{"price": "price_team", "quantity": 1}],
            "t@shop.example",
        ),
    ]  # a Cart is no Order
