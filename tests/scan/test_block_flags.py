# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A flag declared in a block and set again by later checks is not its declared value.

Read in an ASP.NET shop: a coupon's eligibility, ``bool eligible = true;``, set to false by
birthday, new-user, first-purchase and VIP checks, then ``if (eligible)
discountOptions.Add(...)``, all in a block the Stripe call comes after. A block's local is
written at the call as its declared value when that is a plain name or literal
(``migrate/scan/block_locals.py``): ``eligible`` became ``true``, and the Dodo call applied the
coupon to every buyer. A local given another value between its declaration and the use is now
``TODO_<name>`` (X021), as any block local the call cannot write; one set again only after the
use keeps its declared value.
"""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

CSHARP = """using Stripe;
using Stripe.Checkout;

public class CheckoutController
{
    public async Task<string> Pay(User user, string couponCode, string priceId)
    {
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            LineItems = new List<SessionLineItemOptions> { new SessionLineItemOptions { Price = priceId, Quantity = 1 } },
            SuccessUrl = "https://shop.test/ok",
        };
        var discountOptions = new List<SessionDiscountOptions>();
        if (!string.IsNullOrEmpty(couponCode))
        {
            var coupon = await Coupons.GetByCodeAsync(couponCode);
            bool eligible = true;
            if (coupon.CouponType == "birthday")
            {
                if (user.Birthday == null) { eligible = false; }
            }
            if (coupon.CouponType == "new_user" && user.Orders > 0)
                eligible = false;
            if (eligible)
            {
                discountOptions.Add(new SessionDiscountOptions { PromotionCode = coupon.StripePromotionCodeId });
            }
        }
        if (discountOptions.Any())
        {
            options.Discounts = discountOptions;
        }
        var session = await new SessionService().CreateAsync(options);
        return session.Url;
    }
}
"""

JAVA = """package shop;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Pay {
    public String go(Coupons coupons, User user, String code, String priceId) throws Exception {
        SessionCreateParams.Builder builder = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://shop.test/ok")
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build());
        if (code != null) {
            Coupon coupon = coupons.find(code);
            boolean eligible = true;
            if (coupon.isBirthday() && user.getBirthday() == null) {
                eligible = false;
            }
            if (eligible) {
                builder.addDiscount(SessionCreateParams.Discount.builder().setPromotionCode(coupon.getPromoId()).build());
            }
        }
        Session session = Session.create(builder.build());
        return session.getUrl();
    }
}
"""


def _site(text: str, path: str, language: str) -> CallSite:
    (site,) = [
        s for s in scan_source(text, path, BY_NAME[language]) if s.kind == "create" and s.params
    ]
    return site


def _x021(site: CallSite) -> list[str]:
    return [f.message for f in site.findings if f.code == "X021"]


def test_a_csharp_flag_set_again_by_later_checks_is_no_literal() -> None:
    site = _site(CSHARP, "Checkout.cs", "csharp")
    text = site.suggestion or ""
    assert "(TODO_eligible ? new object?[]" in text, text
    assert "(true ?" not in text
    assert any("`eligible`" in m for m in _x021(site)), site.findings


def test_a_java_flag_set_again_by_a_later_check_is_no_literal() -> None:
    site = _site(JAVA, "shop/Pay.java", "java")
    (discount,) = site.params["discounts"]
    assert discount["$choice"]["then"]["$choice"]["if"] == "TODO_eligible", discount
    assert any("`eligible`" in m for m in _x021(site)), site.findings


def test_a_flag_set_again_only_after_its_use_keeps_its_declared_value() -> None:
    after = CSHARP.replace(
        """            if (coupon.CouponType == "birthday")
            {
                if (user.Birthday == null) { eligible = false; }
            }
            if (coupon.CouponType == "new_user" && user.Orders > 0)
                eligible = false;
""",
        "",
    ).replace(
        "                discountOptions.Add(new SessionDiscountOptions { PromotionCode = coupon.StripePromotionCodeId });\n",
        "                discountOptions.Add(new SessionDiscountOptions { PromotionCode = coupon.StripePromotionCodeId });\n                eligible = false;\n",
    )
    site = _site(after, "Checkout.cs", "csharp")
    assert "(true ? new object?[]" in (site.suggestion or "")
    assert not any("`eligible`" in m for m in _x021(site))
