"""A static wrapper method (Java, C#) reading a static field of its class bare: a caller in
another class cannot name it so.

Probe in the shape of a billing helper class (``private static final String PRO_PRICE =
System.getenv("PRO_PRICE")`` read as ``setPrice(PRO_PRICE)`` in ``static Session open(...)``):
the caller's suggestion wrote ``PRO_PRICE`` as it is - no name in the caller's class, or, in one
that keeps an old price in its own ``PRO_PRICE`` constant, that other price sold without a word.
A static method now reads its class's static fields as an instance method reads its fields: a
public one on its class (``Billing.PRO_PRICE``), any other ``TODO_<field>`` (X021)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths

JAVA = {
    "Billing.java": """package shop;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public final class Billing {
    private static final String PRO_PRICE = System.getenv("PRO_PRICE");
    public static final String RETURN_URL = System.getenv("APP_URL") + "/ok";

    public static Session open(String email) throws Exception {
        SessionCreateParams p = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice(PRO_PRICE).setQuantity(1L).build())
                .setCustomerEmail(email)
                .setSuccessUrl(RETURN_URL)
                .build();
        return Session.create(p);
    }
}
""",
    "Upgrade.java": """package shop;

public class Upgrade {
    private static final String PRO_PRICE = "price_1Legacy";

    public String post(String email) throws Exception {
        return Billing.open(email).getUrl();
    }
}
""",
}

CSHARP = {
    "Billing.cs": """using Stripe.Checkout;

namespace Shop;

public static class Billing
{
    private static readonly string PRO_PRICE = Environment.GetEnvironmentVariable("PRO")!;
    public static readonly string RETURN_URL = Environment.GetEnvironmentVariable("URL")!;

    public static Session Open(string email)
    {
        var o = new SessionCreateOptions
        {
            Mode = "subscription",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = PRO_PRICE, Quantity = 1 },
            },
            CustomerEmail = email,
            SuccessUrl = RETURN_URL,
        };
        return new SessionService().Create(o);
    }
}
""",
    "Upgrade.cs": """namespace Shop;

public class Upgrade
{
    private const string PRO_PRICE = "price_1Legacy";

    public string Post(string email) => Billing.Open(email).Url;
}
""",
}


@pytest.mark.parametrize("files", [JAVA, CSHARP], ids=["java", "csharp"])
def test_a_static_wrappers_fields_are_no_names_of_the_caller(
    tmp_path: Path, files: dict[str, str]
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    (call,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create" and "Upgrade" in s.file]
    sources = {d.path: d.source for d in call.dynamic}
    assert sources["line_items[0].price"] == "TODO_PRO_PRICE"  # private: not the caller's
    assert sources["success_url"] == "Billing.RETURN_URL"  # public: read on its class
    assert [f.path for f in call.findings if f.code == "X021"] == ["line_items[0].price"]
