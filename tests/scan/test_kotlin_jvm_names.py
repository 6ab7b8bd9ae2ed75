"""Kotlin wrappers under the names Java calls them by, and Kotlin's import aliases of a
function (``migrate/scan/symbols.py``, ``migrate/scan/kotlin_extensions.py``): a file's
top-level functions are the static methods of its class (``BillingKt``, or its
``@file:JvmName``), also imported statically; an ``object``'s function is reached through its
``INSTANCE`` (or by the object with ``@JvmStatic``), a companion's through ``Companion``."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree

_LINE = (
    "SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)"
    '.setSuccessUrl("https://shop.example.com/ok")'
    ".addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L)"
    ".build()).build()"
)
BILLING = f"""\
package shop.billing

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

fun createSession(priceId: String): Session = Session.create({_LINE})

object Payments {{
    fun open(priceId: String): Session = Session.create({_LINE})
}}

class Plans {{
    companion object {{
        fun start(priceId: String): Session = Session.create({_LINE})
    }}
}}
"""
NAMED = f"""\
@file:JvmName("Checkouts")
package shop.billing

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

fun donate(priceId: String): Session = Session.create({_LINE})
"""
SHOP = """\
package shop.web;

import static shop.billing.BillingKt.createSession;

import shop.billing.BillingKt;
import shop.billing.Checkouts;
import shop.billing.Payments;
import shop.billing.Plans;

public class Shop {
  public String a() { return BillingKt.createSession("price_facade").getUrl(); }
  public String b() { return Payments.INSTANCE.open("price_instance").getUrl(); }
  public String c() { return Plans.Companion.start("price_companion").getUrl(); }
  public String d() { return Checkouts.donate("price_jvm_name").getUrl(); }
  public String e() { return createSession("price_static_import").getUrl(); }
  public String f() { return NamedKt.donate("price_renamed_away").getUrl(); }
  public String g() { return Other.INSTANCE.open("price_other").getUrl(); }
}
"""
ALIAS = """\
package shop.web

import shop.billing.createSession as newSession

class Pages {
    fun a() = newSession("price_alias")
    fun b() = createSession("price_not_imported")
}
"""


def test_java_calls_kotlin_functions_by_their_jvm_names(tmp_path: Path) -> None:
    top = _tree(
        tmp_path,
        {"src/Billing.kt": BILLING, "src/Named.kt": NAMED, "src/Shop.java": SHOP},
    )
    found = [
        (Path(s.file).name, s.line, s.params["line_items"][0]["price"])
        for s in _creates(top)
        if s.via
    ]
    assert found == [
        ("Shop.java", 11, "price_facade"),
        ("Shop.java", 12, "price_instance"),
        ("Shop.java", 13, "price_companion"),
        ("Shop.java", 14, "price_jvm_name"),
        ("Shop.java", 15, "price_static_import"),
    ]  # Named.kt's class is Checkouts, not NamedKt; Other is no object of the tree


def test_a_kotlin_import_alias_of_a_wrapper_function(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"src/Billing.kt": BILLING, "src/Pages.kt": ALIAS})
    found = [
        (Path(s.file).name, s.line, s.params["line_items"][0]["price"])
        for s in _creates(top)
        if s.via
    ]
    assert found == [("Pages.kt", 6, "price_alias")]  # createSession itself is not imported
