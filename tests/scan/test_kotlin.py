"""Kotlin (stripe-java from Kotlin): found, read the way a reader does, not fooled by look-alikes,
and given a Dodo call written in Kotlin."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

from migrate.mapping.expr import Expr
from migrate.scan.patterns import BY_NAME, language_for
from migrate.scan.scan import CallSite, scan_source, scan_text
from migrate.scan.suggest import suggestion

HEAD = """\
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams
import com.stripe.param.checkout.SessionCreateParams.LineItem

"""


def scan(body: str, head: str = HEAD) -> list[CallSite]:
    return list(scan_source(head + textwrap.dedent(body), "Shop.kt", BY_NAME["kotlin"]))


def creates(body: str, head: str = HEAD) -> list[CallSite]:
    return [s for s in scan(body, head) if s.kind == "create"]


def one(body: str, head: str = HEAD) -> CallSite:
    (site,) = creates(body, head)
    return site


def dyn(source: str) -> dict[str, str]:
    return {"$dynamic": source}


def choice(source: str, cond: str, then: Any, else_: Any) -> dict[str, Any]:
    return {"$dynamic": source, "$choice": {"if": cond, "then": then, "else": else_}}


def test_kotlin_files_are_scanned() -> None:
    assert language_for("src/main/kotlin/Shop.kt") is BY_NAME["kotlin"]
    assert language_for("build.gradle.kts") is BY_NAME["kotlin"]


def test_session_create_with_a_builder_bound_to_a_val() -> None:
    site = one(
        """
        class StripeService {
            fun checkout(userId: String, email: String, credits: Int): Session {
                val params = SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.PAYMENT)
                    .setSuccessUrl("https://shop.example/ok")
                    .setCustomerEmail(email)
                    .setClientReferenceId(userId)
                    .addLineItem(
                        LineItem.builder()
                            .setPriceData(
                                LineItem.PriceData.builder()
                                    .setCurrency("usd")
                                    .setUnitAmount(1199L)
                                    .setProductData(
                                        LineItem.PriceData.ProductData.builder()
                                            .setName("Credits \\u2014 \\$10")
                                            .setDescription("$credits credits")
                                            .build()
                                    )
                                    .build()
                            )
                            .setQuantity(1L)
                            .build()
                    )
                    .putMetadata("credits", credits.toString())
                    .putMetadata("source", "app")
                    .build()
                return Session.create(params)
            }
        }
        """
    )
    assert site.line == 33
    assert site.params == {
        "mode": "payment",
        "success_url": "https://shop.example/ok",
        "customer_email": dyn("email"),
        "client_reference_id": dyn("userId"),
        "line_items": [
            {
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 1199,
                    "product_data": {
                        "name": "Credits \u2014 $10",
                        "description": dyn('"$credits credits"'),
                    },
                },
                "quantity": 1,
            }
        ],
        "metadata": {"credits": dyn("credits.toString()"), "source": "app"},
    }


def test_a_builder_changed_across_statements_under_let_if_and_for_each() -> None:
    site = one(
        """
        fun checkout(request: Req): String {
            val builder = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .addLineItem(LineItem.builder().setPrice(request.priceId).setQuantity(1L).build())
            request.customerEmail?.let { builder.setCustomerEmail(it) }
            if (request.trial) {
                builder.setSubscriptionData(
                    SessionCreateParams.SubscriptionData.builder().setTrialPeriodDays(14L).build()
                )
            }
            request.addOns.forEach { addOn ->
                builder.addLineItem(LineItem.builder().setPrice(addOn.priceId).build())
            }
            return Session.create(builder.build()).url
        }
        """
    )
    trial = site.params["subscription_data"]["trial_period_days"]
    assert trial["$choice"] == {"if": "request.trial", "then": 14, "else": None}
    base, add_ons = site.params["line_items"]
    assert base == {"price": dyn("request.priceId"), "quantity": 1}
    assert add_ons["$each"] == {
        "over": "request.addOns",
        "as": "addOn",
        "item": {"price": dyn("addOn.priceId")},
    }
    # x?.let { b.setX(it) } sets x when it is set: the same as setting x
    assert site.params["customer_email"] == dyn("request.customerEmail")
    assert [d.path for d in site.dynamic] == [
        "line_items[0].price",
        "customer_email",
        "subscription_data.trial_period_days",
        "line_items[1]",
    ]


def test_apply_block_if_expression_and_elvis() -> None:
    site = one(
        """
        fun checkout(yearly: Boolean) = Session.create(
            SessionCreateParams.builder().apply {
                setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                addLineItem(
                    LineItem.builder()
                        .setPrice(
                            if (yearly) "price_year" else System.getenv("PRICE_M") ?: "price_month"
                        )
                        .build()
                )
            }.build()
        )
        """
    )
    getenv = 'System.getenv("PRICE_M")'
    elvis = f'{getenv} ?: "price_month"'
    whole = f'if (yearly) "price_year" else {elvis}'
    assert site.params == {
        "mode": "subscription",
        "line_items": [
            {
                "price": choice(
                    whole,
                    "yearly",
                    "price_year",
                    choice(elvis, f"{getenv} is set", dyn(getenv), "price_month"),
                )
            }
        ],
    }
    assert [(d.path, d.source) for d in site.dynamic] == [("line_items[0].price", whole)]


SCOPED = {
    # patreon-dl-server's shape: each builder written with `run { setX(..); build() }`
    "run": """
        fun scoped(name: String, cents: Int): Session {
            val params = SessionCreateParams.builder().run {
                setMode(SessionCreateParams.Mode.PAYMENT)
                setSuccessUrl("https://shop.example.com/ok")
                addLineItem(LineItem.builder().run {
                    setQuantity(1)
                    setPriceData(LineItem.PriceData.builder().run {
                        setCurrency("usd")
                        setUnitAmount(cents.toLong())
                        build()
                    })
                    build()
                })
                build()
            }
            return Session.create(params)
        }
        """,
    # `apply { }` on each builder: the line item's setters are the line item's
    "apply": """
        fun applied(cents: Int): Session {
            val params = SessionCreateParams.builder().apply {
                setMode(SessionCreateParams.Mode.PAYMENT)
                setSuccessUrl("https://shop.example.com/ok")
                addLineItem(LineItem.builder().apply {
                    setQuantity(1)
                    setPriceData(LineItem.PriceData.builder().apply {
                        setCurrency("usd")
                        setUnitAmount(cents.toLong())
                    }.build())
                }.build())
            }.build()
            return Session.create(params)
        }
        """,
    "also and let": """
        fun other(cents: Int): Session {
            val params = SessionCreateParams.builder().also {
                it.setMode(SessionCreateParams.Mode.PAYMENT)
                it.setSuccessUrl("https://shop.example.com/ok")
                it.addLineItem(LineItem.builder().let {
                    it.setQuantity(1)
                    it.setPriceData(LineItem.PriceData.builder().also {
                        it.setCurrency("usd")
                        it.setUnitAmount(cents.toLong())
                    }.build())
                    it.build()
                })
            }.build()
            return Session.create(params)
        }
        """,
}


@pytest.mark.parametrize("shape", sorted(SCOPED))
def test_builders_written_with_scope_functions_are_read(shape: str) -> None:
    # the `run { }` form lost the cart (RT007: "the params are built at run time"), and in
    # the `apply { }` form the line item's setters leaked onto the session (C090 quantity)
    site = one(SCOPED[shape])
    assert site.params == {
        "mode": "payment",
        "success_url": "https://shop.example.com/ok",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {"currency": "usd", "unit_amount": dyn("cents.toLong()")},
            }
        ],
    }
    codes = {f.code for f in site.findings}
    assert "RT007" not in codes and "C090" not in codes
    assert "L112" in codes  # the run-time amount is carried as the line's `amount`


def test_a_val_assigned_in_both_branches_is_a_choice() -> None:
    site = one(
        """
        fun checkout(live: Boolean): Session {
            val price: String
            if (live) {
                price = "price_live"
            } else {
                price = "price_test"
            }
            return Session.create(SessionCreateParams.builder()
                .addLineItem(LineItem.builder().setPrice(price).build()).build())
        }
        """
    )
    assert site.params["line_items"] == [
        {"price": choice("price", "live", "price_live", "price_test")}
    ]


def test_map_over_a_cart_is_an_each() -> None:
    site = one(
        """
        fun checkout(cart: List<CartItem>): Session =
            Session.create(
                SessionCreateParams.builder()
                    .addAllLineItem(
                        cart.map { item ->
                            LineItem.builder().setPrice(item.priceId).setQuantity(item.qty).build()
                        }
                    )
                    .build()
            )
        """
    )
    each = site.params["line_items"]
    assert each["$each"] == {
        "over": "cart",
        "as": "item",
        "item": {"price": dyn("item.priceId"), "quantity": dyn("item.qty")},
    }
    assert [d.path for d in site.dynamic] == ["line_items"]


def test_helper_with_named_and_default_arguments_speaks_the_callers_terms() -> None:
    site = one(
        """
        fun params(price: String, quantity: Long = 1, email: String? = null) =
            SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setCustomerEmail(email)
                .addLineItem(LineItem.builder().setPrice(price).setQuantity(quantity).build())
                .build()

        fun Route.checkout() {
            post("/checkout") {
                val req = call.receive<CheckoutRequest>()
                val session = Session.create(params(email = req.email, price = req.priceId))
                call.respond(mapOf("url" to session.url))
            }
        }
        """
    )
    assert site.params == {
        "mode": "payment",
        "customer_email": dyn("req.email"),
        "line_items": [{"price": dyn("req.priceId"), "quantity": 1}],
    }


def test_stripe_client_and_an_import_alias() -> None:
    head = """\
import com.stripe.StripeClient
import com.stripe.model.checkout.Session as CheckoutSession
import com.stripe.param.checkout.SessionCreateParams

"""
    sites = scan(
        """
        fun a(client: StripeClient) =
            client.checkout().sessions().create(SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SETUP).build())
        fun b() = CheckoutSession.create(SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT).build())
        fun c() = CheckoutSession.retrieve("cs_test_1")
        """,
        head,
    )
    assert [(s.line, s.kind, s.rule) for s in sites] == [
        (7, "create", None),
        (9, "create", None),
        (11, "related", "X001"),
    ]
    assert [s.params for s in sites[:2]] == [{"mode": "setup"}, {"mode": "payment"}]


def test_look_alikes_are_not_creations() -> None:
    head = """\
import com.stripe.model.billingportal.Session
import com.stripe.param.billingportal.SessionCreateParams

"""
    assert (
        creates(
            """
            fun portal(customer: String) = Session.create(
                SessionCreateParams.builder().setCustomer(customer).build())
            """,
            head,
        )
        == []
    )
    sites = scan(
        """
        class ShopTest {
            fun stubs() {
                every { Session.create(any<SessionCreateParams>()) } returns session
                verify { Session.create(any()) }
                whenever(Session.create(any())).thenReturn(session)
                // Session.create(params) in a comment
                val text = "Session.create(params)"
                com.stripe.model.billingportal.Session.create(portalParams)
            }
        }
        """
    )
    assert [s for s in sites if s.kind == "create"] == []


def test_env_and_spring_values_stay_run_time_values() -> None:
    site = one(
        """
        @Service
        class Billing(@Value("\\${stripe.price.pro}") private val proPrice: String) {
            private val domain = System.getenv("DOMAIN")

            fun checkout(): Session = Session.create(
                SessionCreateParams.builder()
                    .setSuccessUrl("$domain/ok")
                    .addLineItem(LineItem.builder().setPrice(proPrice).build())
                    .build()
            )
        }
        """
    )
    assert site.params == {
        "success_url": dyn('"$domain/ok"'),
        "line_items": [{"price": dyn("proPrice")}],
    }


def test_webhooks_and_markdown_fences_in_kotlin() -> None:
    sites = scan(
        """
        fun hook(payload: String, sig: String) {
            val event = com.stripe.net.Webhook.constructEvent(payload, sig, secret)
            when (event.type) {
                "checkout.session.completed" -> fulfil(event)
            }
        }
        """
    )
    assert [(s.rule, s.event) for s in sites] == [
        ("X003", None),
        ("X004", "checkout.session.completed"),
    ]
    markdown = "```kotlin\n" + HEAD + "val s = Session.create(params)\n```\n"
    (site,) = scan_text(markdown, "README.md")
    assert (site.kind, site.language, site.line) == ("create", "kotlin", 6)


def test_the_suggestion_is_kotlin() -> None:
    site = one(
        """
        fun checkout(priceId: String) = Session.create(SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .addLineItem(LineItem.builder().setPrice(priceId).setQuantity(1L).build())
            .build())
        """
    )
    code = site.suggestion
    assert code.startswith("// imports: java.net.URI")
    assert 'val dodoBody = """' in code and ".trimIndent()" in code
    assert re.search(r"dodoJson\(\w+(\.\w+)?\(priceId\)\)", code)  # the id look-up, carried
    assert "String body" not in code  # not Java


KOTLINC, JAVA = shutil.which("kotlinc"), shutil.which("java")
TRICKY = 'it\'s "quoted" \\ back`tick` $HOME ${X} é 💳 """ {}'
KOTLIN_MAIN = """\
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

{helper}
fun send(cents: Long, desc: String) {{
{snippet}
}}

fun main() {{
    val cents = 2500L
    val desc = {desc}
{body}
    print(dodoBody)
}}
"""


@pytest.mark.slow
@pytest.mark.skipif(KOTLINC is None or JAVA is None, reason="no kotlinc")
def test_the_kotlin_suggestion_compiles_and_sends_the_json(tmp_path: Path) -> None:
    assert KOTLINC is not None and JAVA is not None
    body = {
        "product_cart": [{"product_id": "pdt_1", "quantity": 2}],
        "metadata": {"note": TRICKY},
        "product_price": Expr("cents", "amount", type="int"),
        "product_description": Expr("desc", "description", type="str"),
    }
    code = suggestion("kotlin", body, ())
    helper = code[code.index("// dodoJson") : code.index("val dodoBody")]
    snippet = code.replace(helper, "")
    text_block = snippet[snippet.index("val dodoBody") : snippet.index("val dodoBaseUrl")]
    source = KOTLIN_MAIN.format(
        helper=helper,
        snippet=textwrap.indent(snippet, "    "),
        body=textwrap.indent(text_block, "    "),
        desc=json.dumps(TRICKY).replace("$", "\\$"),
    )
    (tmp_path / "Suggested.kt").write_text(source, encoding="utf-8")
    jar = tmp_path / "suggested.jar"
    compiled = subprocess.run(
        [KOTLINC, str(tmp_path / "Suggested.kt"), "-include-runtime", "-d", str(jar)],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert compiled.returncode == 0, compiled.stderr
    ran = subprocess.run([JAVA, "-jar", str(jar)], check=False, capture_output=True, timeout=300)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout.decode("utf-8")) == {
        **body,
        "product_price": 2500,
        "product_description": TRICKY,
    }


def test_kotlin_upper_cases_with_uppercase() -> None:
    code = suggestion("kotlin", {"billing_currency": Expr("cur", "currency", "upper", "str")}, ())
    assert re.search(r"dodoJson\(cur\.uppercase\(\)\)", code)


def test_const_vals_and_object_vals_are_their_values() -> None:
    # regression: `MetaKeys.USER_ID to userId` in a mapOf dropped the entry without a finding,
    # and `Urls.OK` was a value known only at run time
    site = one(
        """
        object MetaKeys {
            const val USER_ID = "userId"

            object Nested {
                val PLAN = "plan"
                var changing = "price_changes"
            }
        }

        class Urls {
            companion object {
                const val OK = "https://example.com/ok"
            }
        }

        class Shop {
            fun buy(userId: String): Session {
                val params = mapOf(
                    "mode" to "payment",
                    "success_url" to Urls.OK,
                    "line_items" to listOf(mapOf("price" to MetaKeys.Nested.changing)),
                    "metadata" to mapOf(MetaKeys.USER_ID to userId, MetaKeys.Nested.PLAN to "pro"),
                )
                return Session.create(params)
            }
        }
        """
    )
    assert site.params["success_url"] == "https://example.com/ok"
    assert site.params["metadata"] == {"userId": dyn("userId"), "plan": "pro"}
    assert site.params["line_items"] == [{"price": dyn("MetaKeys.Nested.changing")}]


def test_a_builder_changed_under_an_if_shows_the_condition_and_the_value() -> None:
    # regression: the run-time value's source was the whole `if (...) { ... }` block
    site = one(
        """
        class Shop {
            fun buy(trial: Boolean): Session {
                val params = SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                    .addLineItem(LineItem.builder().setPrice("price_pro").setQuantity(1L).build())
                if (trial) {
                    params.setSubscriptionData(
                        SessionCreateParams.SubscriptionData.builder().setTrialPeriodDays(7L).build()
                    )
                }
                return Session.create(params.build())
            }
        }
        """
    )
    written = "if (trial) 7 else null"
    assert site.params["subscription_data"] == {
        "trial_period_days": choice(written, "trial", 7, None)
    }
    assert [(d.path, d.source) for d in site.dynamic] == [
        ("subscription_data.trial_period_days", written)
    ]
