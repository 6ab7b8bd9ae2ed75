"""Kotlin wrappers of a Checkout Session creation (``migrate/scan/wrappers.py``, Kotlin's symbols
read by ``migrate/scan/kotlin_symbols.py``): a Kotlin function or method that creates a session
from its parameters is a creation API, as a Java one is; its calls in the same file and in other
Kotlin files are creation sites with the caller's positional, named and default arguments in
place; a Kotlin call of a Java wrapper and a Java call of a Kotlin one are too (one JVM)."""

from __future__ import annotations

from pathlib import Path

from migrate.display import shown_path
from migrate.scan.scan import CallSite
from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree

BILLING = """\
package shop.billing

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Billing(private val baseUrl: String) {
    fun checkout(priceId: String, email: String, seats: Long = 1): String {
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setCustomerEmail(email)
            .setSuccessUrl("https://shop.example.com/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(seats).build())
            .build()
        return Session.create(params).url
    }

    fun pro(email: String) = checkout("price_pro_monthly", email)
}
"""
ROUTES = """\
package shop.web

import shop.billing.Billing

class Routes(private val billing: Billing) {
    fun team(email: String): String = billing.checkout("price_team", email, seats = 5)
    fun solo(user: User): String {
        return billing.checkout(priceId = "price_solo", email = user.email)
    }
}
"""


def _where(site: CallSite, top: Path) -> tuple[str, int]:
    return Path(site.file).relative_to(top).as_posix(), site.line


def _codes(site: CallSite) -> list[str]:
    return [f.code for f in site.findings]


def test_a_kotlin_method_creating_from_its_parameters_is_a_wrapper(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"src/Billing.kt": BILLING})
    own = next(s for s in _creates(top) if s.via is None)
    assert own.wrapper == "Billing.checkout(priceId, email, seats)"
    assert "X014" in _codes(own)
    assert own.params["line_items"] == [
        {"price": {"$dynamic": "priceId"}, "quantity": {"$dynamic": "seats"}}
    ]


def test_kotlin_calls_of_a_wrapper_carry_positional_named_and_default_arguments(
    tmp_path: Path,
) -> None:
    top = _tree(tmp_path, {"src/Billing.kt": BILLING, "src/Routes.kt": ROUTES})
    via = f"Billing.checkout at {shown_path(str(top / 'src/Billing.kt'))}:14"
    found = [
        (_where(s, top), s.via, s.params["line_items"], s.params["customer_email"])
        for s in _creates(top)
        if s.via
    ]
    assert found == [
        # the same class, no receiver: the default seats = 1
        (
            ("src/Billing.kt", 17),
            via,
            [{"price": "price_pro_monthly", "quantity": 1}],
            {"$dynamic": "email"},
        ),
        # another file: a field typed as the class, positional and a named seats = 5
        (
            ("src/Routes.kt", 6),
            via,
            [{"price": "price_team", "quantity": 5}],
            {"$dynamic": "email"},
        ),
        # every argument named, seats left to its default
        (
            ("src/Routes.kt", 8),
            via,
            [{"price": "price_solo", "quantity": 1}],
            {"$dynamic": "user.email"},
        ),
    ]


def test_the_dodo_call_of_a_kotlin_wrapper_call_sells_the_callers_price(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"src/Billing.kt": BILLING, "src/Routes.kt": ROUTES})
    team = next(s for s in _creates(top) if _where(s, top) == ("src/Routes.kt", 6))
    cart = team.translation.dodo["product_cart"]
    assert len(cart) == 1 and cart[0]["quantity"] == 5
    lookup = next(f for f in team.findings if f.path == "line_items[0].price")
    assert "price_team" in lookup.message  # the placeholder product stands for the caller's price
    assert f'"product_id": "{cart[0]["product_id"]}"' in (team.suggestion or "")
    assert '"quantity": 5' in (team.suggestion or "")


def test_kotlin_objects_companions_and_top_level_functions(tmp_path: Path) -> None:
    wrappers = """\
package shop.billing

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

object Checkouts {
    fun once(priceId: String): Session = Session.create(
        SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example.com/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
            .build()
    )
}

class Plans {
    companion object {
        fun start(priceId: String, quantity: Long = 2): Session = Session.create(
            SessionCreateParams.builder().setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setSuccessUrl("https://shop.example.com/ok")
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(quantity).build())
                .build()
        )
    }
}

fun donate(priceId: String): Session = Session.create(
    SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://shop.example.com/ok")
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
        .build()
)
"""
    callers = """\
package shop.web

import shop.billing.Checkouts
import shop.billing.Plans
import shop.billing.donate

class Pages {
    fun a() = Checkouts.once("price_obj")
    fun b() = Plans.start("price_companion")
    fun c() = donate("price_top")
    fun d() = Other.once("price_other")
}
"""
    elsewhere = """\
package shop.admin

fun e() = donate("price_unimported")
"""
    top = _tree(
        tmp_path,
        {"src/Wrappers.kt": wrappers, "src/Pages.kt": callers, "src/Admin.kt": elsewhere},
    )
    found = [(_where(s, top), s.params["line_items"]) for s in _creates(top) if s.via]
    assert found == [
        (("src/Pages.kt", 8), [{"price": "price_obj", "quantity": 1}]),
        (("src/Pages.kt", 9), [{"price": "price_companion", "quantity": 2}]),
        (("src/Pages.kt", 10), [{"price": "price_top", "quantity": 1}]),
    ]  # Other.once is no Checkouts.once; another package's donate is not imported


def test_a_kotlin_call_of_a_java_wrapper_and_a_java_call_of_a_kotlin_one(tmp_path: Path) -> None:
    java_wrapper = """\
package shop.billing;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class JavaBilling {
  public Session create(String priceId, long seats) throws Exception {
    return Session.create(SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://example.com/ok")
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(seats).build())
        .build());
  }
}
"""
    kotlin_caller = """\
package shop.web

import shop.billing.JavaBilling

class KtPlans(private val billing: JavaBilling) {
    fun team() = billing.create("price_kt_calls_java", 4)
}
"""
    kotlin_wrapper = """\
package shop.pay

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Gateway {
    fun open(priceId: String, seats: Long = 2): String {
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://example.com/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(seats).build())
            .build()
        return Session.create(params).url
    }
}
"""
    java_caller = """\
package shop.web;

import shop.pay.Gateway;

public class Shop {
  private final Gateway gateway;
  public String buy() { return gateway.open("price_java_calls_kt", 3L); }
}
"""
    top = _tree(
        tmp_path,
        {
            "src/JavaBilling.java": java_wrapper,
            "src/KtPlans.kt": kotlin_caller,
            "src/Gateway.kt": kotlin_wrapper,
            "src/Shop.java": java_caller,
        },
    )
    found = [(_where(s, top), s.params["line_items"], s.via) for s in _creates(top) if s.via]
    assert found == [
        (
            ("src/KtPlans.kt", 6),
            [{"price": "price_kt_calls_java", "quantity": 4}],
            f"JavaBilling.create at {shown_path(str(top / 'src/JavaBilling.java'))}:8",
        ),
        (
            ("src/Shop.java", 7),
            [{"price": "price_java_calls_kt", "quantity": 3}],
            f"Gateway.open at {shown_path(str(top / 'src/Gateway.kt'))}:13",
        ),
    ]


def test_a_kotlin_function_taking_a_framework_call_is_no_wrapper(tmp_path: Path) -> None:
    handler = """\
package shop.web

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams
import org.springframework.web.bind.annotation.PostMapping

class Controller {
    @PostMapping("/checkout")
    fun checkout(priceId: String): String = Session.create(
        SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://example.com/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
            .build()
    ).url

    fun again() = checkout("price_again")

    fun open(priceId: String): String = Session.create(
        SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://example.com/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
            .build()
    ).url

    fun reopen() = open("price_reopen")
}
"""
    top = _tree(tmp_path, {"src/Controller.kt": handler})
    sites = _creates(top)
    assert [(_where(s, top), s.via is not None, s.wrapper) for s in sites] == [
        (("src/Controller.kt", 9), False, None),
        (("src/Controller.kt", 18), False, "Controller.open(priceId)"),
        (("src/Controller.kt", 25), True, None),
    ]  # checkout is mapped to a route: Spring passes priceId, no call in the project sets it


TEMPLATES = """\
package shop.billing

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Links(private val baseUrl: String) {
    fun byHost(priceId: String, host: String): String {
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://$host/ok")
            .setCancelUrl("${baseUrl}/cancel?host=$host")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice("$priceId").setQuantity(1L).build())
            .build()
        return Session.create(params).url
    }
}
"""
TEMPLATE_CALLERS = """\
package shop.web

import shop.billing.Links

class Pages(private val links: Links, private val cfg: Config) {
    fun a() = links.byHost(cfg.price, cfg.domain)
    fun b() = links.byHost("price_fixed", "admin.example.com")
}
"""


def test_kotlin_template_holes_are_code_in_a_wrapper_and_at_its_calls(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"src/Links.kt": TEMPLATES, "src/Pages.kt": TEMPLATE_CALLERS})
    sites = _creates(top)
    own = next(s for s in sites if s.via is None)
    # priceId and host are read only inside templates: still the wrapper's parameters
    assert own.wrapper == "Links.byHost(priceId, host)"
    found = [
        (
            _where(s, top),
            s.params["success_url"],
            s.params["cancel_url"],
            s.params["line_items"][0]["price"],
            [f.path for f in s.findings if f.code == "X021"],
        )
        for s in sites
        if s.via
    ]
    assert found == [
        (  # the caller's expressions in the holes, still Kotlin
            ("src/Pages.kt", 6),
            {"$dynamic": '"https://${cfg.domain}/ok"'},
            {"$dynamic": '"$TODO_baseUrl/cancel?host=${cfg.domain}"'},
            {"$dynamic": '"${cfg.price}"'},
            ["cancel_url"],
        ),
        (  # literals: the strings they make; the private field a caller cannot read: TODO
            ("src/Pages.kt", 7),
            "https://admin.example.com/ok",
            {"$dynamic": '"$TODO_baseUrl/cancel?host=admin.example.com"'},
            "price_fixed",
            ["cancel_url"],
        ),
    ]


def test_the_kotlin_suggestion_names_its_own_locals_apart_from_the_users(tmp_path: Path) -> None:
    wrapper = TEMPLATES.replace("${baseUrl}/cancel", "${dodoBaseUrl}/cancel").replace(
        "private val baseUrl", "private val dodoBaseUrl"
    )
    top = _tree(
        tmp_path,
        {
            "src/Links.kt": wrapper,
            "src/Plain.kt": BILLING.replace('"https://shop.example.com/ok"', '"$baseUrl/ok"'),
        },
    )
    sites = {_where(s, top)[0]: s.suggestion or "" for s in _creates(top) if s.via is None}
    plain = sites["src/Plain.kt"]
    # the user's baseUrl is read in the body; the suggestion's own base URL is another name
    assert 'dodoJson("$baseUrl/ok")' in plain
    assert "val baseUrl" not in plain and "val dodoBaseUrl = System.getenv(" in plain
    assert "URI.create(dodoBaseUrl + " in plain
    assert "val dodoBody = " in plain and ".ofString(dodoBody)" in plain
    links = sites["src/Links.kt"]
    # the user's code already names a dodoBaseUrl: the suggestion's is numbered
    assert 'dodoJson("${dodoBaseUrl}/cancel?host=$host")' in links
    assert "val dodoBaseUrl2 = System.getenv(" in links and "URI.create(dodoBaseUrl2 + " in links


GATEWAY = """\
package shop.pay

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

interface Gateway {
    fun open(priceId: String, seats: Long): String
}

abstract class BaseBilling(private val mode: String) {
    fun start(priceId: String): String = Session.create(
        SessionCreateParams.builder().setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setSuccessUrl("https://shop.example.com/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
            .build()
    ).url
}

class StripeGateway(private val apiKey: String = env("KEY")) : BaseBilling("sub"), Gateway {
    override fun open(priceId: String, seats: Long): String = Session.create(
        SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example.com/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(seats).build())
            .build()
    ).url
}
"""
SHOP = """\
package shop.web

import shop.pay.BaseBilling
import shop.pay.Gateway

class ShopController(private val gateway: Gateway) {
    fun buy(): String = gateway.open("price_via_interface", 2)
}

class Team : BaseBilling("team") {
    fun pro() = start("price_inherited")
}

class Stranger(private val gateway: Gateway) {
    fun pro() = start("price_not_inherited")
}
"""


def test_a_kotlin_interface_reaches_its_one_implementer_and_a_base_its_subclasses(
    tmp_path: Path,
) -> None:
    top = _tree(tmp_path, {"src/Gateway.kt": GATEWAY, "src/Shop.kt": SHOP})
    found = [(_where(s, top), s.via, s.params["line_items"]) for s in _creates(top) if s.via]
    gateway = shown_path(str(top / "src/Gateway.kt"))
    assert found == [
        (  # typed as the interface StripeGateway alone implements (`: BaseBilling(...), Gateway`)
            ("src/Shop.kt", 7),
            f"StripeGateway.open at {gateway}:20",
            [{"price": "price_via_interface", "quantity": 2}],
        ),
        (  # another file's subclass calls the method it inherits; Stranger inherits none
            ("src/Shop.kt", 11),
            f"BaseBilling.start at {gateway}:11",
            [{"price": "price_inherited", "quantity": 1}],
        ),
    ]


def test_a_kotlin_interface_with_two_implementers_is_not_followed(tmp_path: Path) -> None:
    other = """\
package shop.pay

object LoggingGateway : Gateway {
    override fun open(priceId: String, seats: Long): String = "logged"
}
"""
    top = _tree(tmp_path, {"src/Gateway.kt": GATEWAY, "src/Shop.kt": SHOP, "src/Logging.kt": other})
    assert [_where(s, top) for s in _creates(top) if s.via] == [("src/Shop.kt", 11)]
