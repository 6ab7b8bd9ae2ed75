"""A class field a method reads is its initializer only while nothing can assign it
(``migrate/scan/field_state.py``): a field with a setter, a constructor or a Lombok annotation
that makes one holds what the caller set, a run-time value; a final one or a private one nothing
assigns is its literal."""

from __future__ import annotations

from typing import Any

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
{annotation}
public class Buy {{
    {declaration}
    private final String price = "price_basic";
{extra}
    public Session go() throws Exception {{
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://example.com/ok")
            .addLineItem(SessionCreateParams.LineItem.builder()
                .setPrice(price).setQuantity(quantity).build())
            .build();
        return Session.create(params);
    }}
}}
"""
CSHARP = """\
using Stripe.Checkout;

public class Buy
{{
    {declaration}
    private readonly string price = "price_basic";
{extra}
    public Session Go()
    {{
        var options = new SessionCreateOptions
        {{
            Mode = "payment",
            SuccessUrl = "https://example.com/ok",
            LineItems = new List<SessionLineItemOptions>
            {{
                new SessionLineItemOptions {{ Price = price, Quantity = quantity }},
            }},
        }};
        return new SessionService().Create(options);
    }}
}}
"""
KOTLIN = """\
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Buy {{
    {declaration}
    private val price = "price_basic"
{extra}
    fun go(): Session {{
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://example.com/ok")
            .addLineItem(SessionCreateParams.LineItem.builder()
                .setPrice(price).setQuantity(quantity).build())
            .build()
        return Session.create(params)
    }}
}}
"""
RUN_TIME = {"$dynamic": "quantity"}


def _line(template: str, file: str, language: str, **parts: str) -> Any:
    code = template.format(**{"annotation": "", "extra": "", **parts})
    (site,) = [s for s in scan_source(code, file, BY_NAME[language]) if s.kind == "create"]
    (line,) = site.params["line_items"]
    assert line["price"] == "price_basic"
    return line["quantity"]


@pytest.mark.parametrize(
    ("parts", "quantity"),
    [
        ({"declaration": "private Long quantity = 3L;"}, 3),
        ({"declaration": "private final Long quantity = 3L;"}, 3),
        (
            {
                "declaration": "private Long quantity = 1L;",
                "extra": "    public void setQuantity(Long q) { this.quantity = q; }",
            },
            RUN_TIME,
        ),
        (
            {
                "declaration": "private Long quantity = 1L;",
                "extra": "    public void more() { quantity++; }",
            },
            RUN_TIME,
        ),
        ({"declaration": "private Long quantity = 1L;", "annotation": "@Setter"}, RUN_TIME),
        ({"declaration": "private Long quantity = 1L;", "annotation": "@lombok.Data"}, RUN_TIME),
        ({"declaration": "Long quantity = 1L;"}, RUN_TIME),  # the package may assign it
        ({"declaration": "public Long quantity = 1L;"}, RUN_TIME),
    ],
)
def test_java_fields(parts: dict[str, str], quantity: Any) -> None:
    assert _line(JAVA, "Buy.java", "java", **parts) == quantity


@pytest.mark.parametrize(
    ("parts", "quantity"),
    [
        ({"declaration": "private long quantity = 3;"}, 3),
        ({"declaration": "long quantity = 3;"}, 3),  # private by default, never assigned
        ({"declaration": "private const long quantity = 3;"}, 3),
        (
            {
                "declaration": "private long quantity = 1;",
                "extra": "    public Buy(long q) { quantity = q; }",
            },
            RUN_TIME,
        ),
        ({"declaration": "internal long quantity = 1;"}, RUN_TIME),
    ],
)
def test_csharp_fields(parts: dict[str, str], quantity: Any) -> None:
    assert _line(CSHARP, "Buy.cs", "csharp", **parts) == quantity


@pytest.mark.parametrize(
    ("parts", "quantity"),
    [
        ({"declaration": "private val quantity = 3L"}, 3),
        ({"declaration": "val quantity = 3L"}, 3),
        ({"declaration": "private var quantity = 3L"}, 3),
        (
            {
                "declaration": "private var quantity = 1L",
                "extra": "    fun setQ(q: Long) { this.quantity = q }",
            },
            RUN_TIME,
        ),
        ({"declaration": "var quantity = 1L"}, RUN_TIME),
    ],
)
def test_kotlin_fields(parts: dict[str, str], quantity: Any) -> None:
    assert _line(KOTLIN, "Buy.kt", "kotlin", **parts) == quantity
