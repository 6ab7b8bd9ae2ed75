"""A Java record or a Kotlin data class passed to a wrapper (``migrate/scan/jvm_records.py``):
the wrapper reads its components (``req.priceId()``, ``req.seats``); a call that constructs it
(directly or in a local) gives the caller's arguments to those reads, a default left out its
plain default, another member a run-time read of the caller's value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree

JAVA_RECORD = """\
package shop.billing;

public record CheckoutRequest(@NotNull String priceId, long quantity, Map<String, String> tags) {}
"""
JAVA_WRAPPER = """\
package shop.billing;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Billing {
  public String checkout(CheckoutRequest req) throws Exception {
    SessionCreateParams params = SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://shop.example.com/ok")
        .setClientReferenceId(req.reference())
        .addLineItem(SessionCreateParams.LineItem.builder()
            .setPrice(req.priceId()).setQuantity(req.quantity()).build())
        .build();
    return Session.create(params).getUrl();
  }
}
"""
JAVA_CALLERS = """\
package shop.web;

import shop.billing.Billing;
import shop.billing.CheckoutRequest;

public class Shop {
  private final Billing billing = new Billing();
  public String pro() throws Exception {
    return billing.checkout(new CheckoutRequest("price_pro", 2, Map.of()));
  }
  public String team() throws Exception {
    CheckoutRequest req = new CheckoutRequest("price_team", 5, Map.of());
    return billing.checkout(req);
  }
  public String any(CheckoutRequest r) throws Exception { return billing.checkout(r); }
}
"""


def _carts(top: Path) -> list[tuple[str, int, Any, Any]]:
    return [
        (
            Path(s.file).name,
            s.line,
            s.params["line_items"],
            s.params.get("client_reference_id", s.params.get("customer_email")),
        )
        for s in _creates(top)
        if s.via
    ]


def test_a_java_record_constructed_at_the_call_gives_its_literals(tmp_path: Path) -> None:
    top = _tree(
        tmp_path,
        {
            "src/CheckoutRequest.java": JAVA_RECORD,
            "src/Billing.java": JAVA_WRAPPER,
            "src/Shop.java": JAVA_CALLERS,
        },
    )
    assert _carts(top) == [
        (  # reference() is no component: read from the caller's record at run time
            "Shop.java",
            9,
            [{"price": "price_pro", "quantity": 2}],
            {"$dynamic": '(new CheckoutRequest("price_pro", 2, Map.of())).reference()'},
        ),
        (  # a local bound to the record
            "Shop.java",
            13,
            [{"price": "price_team", "quantity": 5}],
            {"$dynamic": "req.reference()"},
        ),
        (  # a parameter: run time, as before
            "Shop.java",
            15,
            [{"price": {"$dynamic": "r.priceId()"}, "quantity": {"$dynamic": "r.quantity()"}}],
            {"$dynamic": "r.reference()"},
        ),
    ]
    team = next(s for s in _creates(top) if s.line == 13)
    assert team.translation.dodo["product_cart"][0]["quantity"] == 5
    lookup = next(f for f in team.findings if f.path == "line_items[0].price")
    assert "price_team" in lookup.message  # the placeholder product stands for the price


KOTLIN_DATA = """\
package shop.billing

data class PlanRequest(
    val priceId: String, // the Stripe price
    val seats: Long = 1,
    val email: String? = null,
)
"""
KOTLIN_WRAPPER = """\
package shop.billing

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Plans {
    fun open(req: PlanRequest): String = Session.create(
        SessionCreateParams.builder().setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setSuccessUrl("https://shop.example.com/ok")
            .setCustomerEmail(req.email)
            .addLineItem(
                SessionCreateParams.LineItem.builder().setPrice(req.priceId).setQuantity(req.seats).build()
            )
            .build()
    ).url
}
"""
KOTLIN_CALLERS = """\
package shop.web

import shop.billing.Plans
import shop.billing.PlanRequest

class Pages(private val plans: Plans) {
    fun a() = plans.open(PlanRequest("price_a", 3, "a@shop.example"))
    fun b() = plans.open(PlanRequest(priceId = "price_b"))
    fun c(u: User) = plans.open(PlanRequest("price_c", email = u.email))
}
"""
JAVA_OF_KOTLIN = """\
package shop.web;

import shop.billing.Plans;
import shop.billing.PlanRequest;

public class Shop {
  private final Plans plans;
  public String d() { return plans.open(new PlanRequest("price_d", 4L, "d@shop.example")); }
}
"""


def test_a_kotlin_data_class_constructed_at_the_call_gives_its_values(tmp_path: Path) -> None:
    top = _tree(
        tmp_path,
        {
            "src/PlanRequest.kt": KOTLIN_DATA,
            "src/Plans.kt": KOTLIN_WRAPPER,
            "src/Pages.kt": KOTLIN_CALLERS,
            "src/Shop.java": JAVA_OF_KOTLIN,
        },
    )
    found = _carts(top)
    assert found == [
        ("Pages.kt", 7, [{"price": "price_a", "quantity": 3}], "a@shop.example"),
        # by name; seats left to its default 1, email to null: not sent
        ("Pages.kt", 8, [{"price": "price_b", "quantity": 1}], None),
        ("Pages.kt", 9, [{"price": "price_c", "quantity": 1}], {"$dynamic": "u.email"}),
        # Java constructs the Kotlin data class
        ("Shop.java", 8, [{"price": "price_d", "quantity": 4}], "d@shop.example"),
    ]


def test_a_record_name_two_files_declare_apart_is_not_read(tmp_path: Path) -> None:
    other = "package shop.admin\n\ndata class PlanRequest(val seats: Long, val priceId: String)\n"
    top = _tree(
        tmp_path,
        {
            "src/PlanRequest.kt": KOTLIN_DATA,
            "src/admin/PlanRequest.kt": other,
            "src/Plans.kt": KOTLIN_WRAPPER,
            "src/Pages.kt": KOTLIN_CALLERS,
        },
    )
    first = next(s for s in _creates(top) if s.via)
    assert first.params["line_items"] == [
        {
            "price": {"$dynamic": 'PlanRequest("price_a", 3, "a@shop.example").priceId'},
            "quantity": {"$dynamic": 'PlanRequest("price_a", 3, "a@shop.example").seats'},
        }
    ]
