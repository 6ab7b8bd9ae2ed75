"""A Java or C# lambda that changes the params is run when the call it is given to decides
(``coupon.ifPresent(c -> builder.addDiscount(...))``): the reader does not follow it, and the
change was dropped without a word: the session was "translated" without its discount, and the
buyer paid the full price. It is now a part of the params known only at run time (RT006), and
a cart filled only in such a lambda is unknown (RT007), not empty (D004)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.Optional;

public class Plans {
    public Session join(Optional<String> coupon) throws Exception {
        SessionCreateParams.Builder builder = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://club.example/welcome")
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice("price_entry").setQuantity(1L).build());
        coupon.ifPresent(c -> builder.addDiscount(
                SessionCreateParams.Discount.builder().setCoupon(c).build()));
        return Session.create(builder.build());
    }

    public Session read(Runnable audit) throws Exception {
        SessionCreateParams.Builder builder = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://club.example/welcome")
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice("price_entry").setQuantity(1L).build());
        Runnable log = () -> System.out.println(builder.build());
        return Session.create(builder.build());
    }
}
"""

CSHARP = """\
using System.Collections.Generic;
using Stripe.Checkout;

public class Plans
{
    public string Join(Option<string> coupon)
    {
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            SuccessUrl = "https://club.example/welcome",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = "price_entry", Quantity = 1 },
            },
        };
        coupon.IfSome(code => options.Discounts = new List<SessionDiscountOptions>
        {
            new SessionDiscountOptions { Coupon = code },
        });
        return new SessionService().Create(options).Url;
    }
}
"""


def _sites(code: str, path: str, family: str) -> list[CallSite]:
    return [s for s in scan_source(code, path, BY_NAME[family]) if s.kind == "create"]


def test_a_java_lambda_adding_a_discount_is_a_change_known_at_run_time() -> None:
    site = _sites(JAVA, "Plans.java", "java")[0]
    (spread,) = [f for f in site.findings if f.code == "RT006"]
    assert "coupon.ifPresent(c -> builder.addDiscount(" in spread.message
    assert [d.source for d in site.dynamic if d.path == ""] == [
        "coupon.ifPresent(c -> builder.addDiscount(\n"
        "                SessionCreateParams.Discount.builder().setCoupon(c).build()))"
    ]


def test_a_java_lambda_only_reading_the_builder_changes_nothing() -> None:
    site = _sites(JAVA, "Plans.java", "java")[1]
    assert not [f for f in site.findings if f.code == "RT006"]
    assert site.params["line_items"] == [{"price": "price_entry", "quantity": 1}]


def test_a_csharp_lambda_setting_the_discounts_is_a_change_known_at_run_time() -> None:
    (site,) = _sites(CSHARP, "Plans.cs", "csharp")
    (spread,) = [f for f in site.findings if f.code == "RT006"]
    assert "coupon.IfSome(code => options.Discounts = " in spread.message
