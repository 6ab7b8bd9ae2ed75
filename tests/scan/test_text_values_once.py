"""A Java, Kotlin or C# metadata value the code makes text already (``String.valueOf(x)``,
``Long.toString(n)``, ``x.toString()``, ``x.ToString()``, a string literal, a Kotlin template or
a C# interpolated string) was made text again: ``String.valueOf(String.valueOf(...))``,
``"r-$id".toString()``, ``Convert.ToString(order.Id.ToString(), ...)``. It is written as the
code writes it; any other value is made text once, a Java getter's null as the empty text
stripe-java sends (``String.valueOf(user.getId())`` was the text "null")."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

JAVA = """package shop;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Pay {
    public Session start(User user, Order order) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice("price_1Mug").build())
            .putMetadata("order_id", String.valueOf(order.getId()))
            .putMetadata("count", Long.toString(order.getCount()))
            .putMetadata("user", user.getId())
            .build();
        return Session.create(params);
    }
}
"""

KOTLIN = """package shop

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Pay {
    fun start(order: Order): Session {
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice("price_1Mug").build())
            .putMetadata("ref", "r-${order.id}")
            .putMetadata("total", order.total.toString())
            .putMetadata("seats", order.seats)
            .putMetadata("coupon", order.couponRef)
            .build()
        return Session.create(params)
    }
}
"""


def test_java_text_is_made_text_once() -> None:
    (site,) = [s for s in scan_source(JAVA, "Pay.java", BY_NAME["java"]) if s.kind == "create"]
    text = site.suggestion or ""
    assert "DodoJson.of(String.valueOf(order.getId()))" in text
    assert "DodoJson.of(Long.toString(order.getCount()))" in text
    # not text in the code, and a getter may give null: "" (stripe-java sends null so), never
    # the text "null"
    assert 'DodoJson.of(java.util.Objects.toString(user.getId(), ""))' in text
    assert "String.valueOf(String.valueOf" not in text and "String.valueOf(Long" not in text


def test_kotlin_text_is_made_text_once() -> None:
    (site,) = [s for s in scan_source(KOTLIN, "Pay.kt", BY_NAME["kotlin"]) if s.kind == "create"]
    text = site.suggestion or ""
    assert 'dodoJson("r-${order.id}")' in text
    assert "dodoJson(order.total.toString())" in text
    # a property may be null (`couponRef: String?`): its toString() is the text "null", where
    # stripe-java sends null as "" (no key on Stripe)
    assert 'dodoJson(java.util.Objects.toString(order.seats, ""))' in text
    assert 'dodoJson(java.util.Objects.toString(order.couponRef, ""))' in text
    assert "couponRef.toString()" not in text
    assert ".toString().toString()" not in text and '}".toString()' not in text


CSHARP = """using Stripe.Checkout;

public class Pay
{
    public async Task<Session> Start(Order order)
    {
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            SuccessUrl = "https://shop.example/ok",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = "price_1Mug", Quantity = 1 },
            },
            Metadata = new Dictionary<string, string>
            {
                { "order_id", order.Id.ToString() },
                { "ref", $"r-{order.Id}" },
                { "count", order.Count },
            },
        };
        return await new SessionService().CreateAsync(options);
    }
}
"""


def test_csharp_text_is_made_text_once() -> None:
    (site,) = [s for s in scan_source(CSHARP, "Pay.cs", BY_NAME["csharp"]) if s.kind == "create"]
    text = site.suggestion or ""
    assert '["order_id"] = JsonSerializer.SerializeToNode(order.Id.ToString());' in text
    assert '["ref"] = JsonSerializer.SerializeToNode($"r-{order.Id}");' in text
    assert "Convert.ToString(order.Count, " in text  # not text in the code: made text once
