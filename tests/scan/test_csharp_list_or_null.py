"""C#'s "a list, or null when it is empty" (``Discounts = discounts.Any() ? discounts : null``,
``LineItems = lines.Count == 0 ? null : lines``): Stripe.net sends nothing either way, so the
value is the list the code built. It was read as a choice no one could place: the cart built
in a loop was lost (RT002 and RT007, the call blocked with no line) and a coupon the code
creates into the discounts list was a generic run-time value (RT002) instead of the coupon it
is (RT052, which says what discount it gives)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

TILL = """using Stripe;
using Stripe.Checkout;

public class Till
{
    public Session Ring(Basket basket)
    {
        var lines = new List<SessionLineItemOptions>();
        foreach (var row in basket.Rows)
        {
            lines.Add(new SessionLineItemOptions
            {
                PriceData = new SessionLineItemPriceDataOptions
                {
                    Currency = "eur",
                    UnitAmount = row.Cents,
                    ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Row" },
                },
                Quantity = row.Count,
            });
        }
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            LineItems = lines.Count == 0 ? null : lines,
            SuccessUrl = "https://till.test/paid",
        };
        return new SessionService().Create(options);
    }

    public async Task<Session> Reward(string price, long? off)
    {
        var cuts = new List<SessionDiscountOptions>();
        if (off.HasValue)
        {
            var coupons = new CouponService();
            var made = await coupons.CreateAsync(
                new CouponCreateOptions { AmountOff = off.Value, Currency = "eur" });
            cuts.Add(new SessionDiscountOptions { Coupon = made.Id });
        }
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = price, Quantity = 1 },
            },
            Discounts = (cuts.Any()) ? cuts : null,
            SuccessUrl = "https://till.test/paid",
        };
        return await new SessionService().CreateAsync(options);
    }

    public Session Pick(bool gift, List<SessionLineItemOptions> wrapped)
    {
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            LineItems = gift ? wrapped : null,
            SuccessUrl = "https://till.test/paid",
        };
        return new SessionService().Create(options);
    }
}
"""


def _sites() -> list[CallSite]:
    return list(scan_source(TILL, "Till.cs", BY_NAME["csharp"]))


def _codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_a_line_list_or_null_is_the_cart_the_loop_builds() -> None:
    site = _sites()[0]
    assert not {"RT002", "RT007"} & _codes(site)
    text = site.suggestion or ""
    cart = 'dodoBody["product_cart"] = JsonSerializer.SerializeToNode(basket.Rows.Select(row =>'
    assert cart in text
    assert '["quantity"] = row.Count,' in text
    assert '["amount"] = row.Cents,' in text


def test_a_discount_list_or_null_shows_the_coupon_made_into_it() -> None:
    site = _sites()[1]
    assert "RT002" not in _codes(site)
    (made,) = [f for f in site.findings if f.code == "RT052"]
    assert made.path == "discounts[0]"
    assert "it gives amount_off off.Value" in made.message


def test_a_choice_that_is_no_emptiness_test_stays_a_choice() -> None:
    site = _sites()[2]
    assert any(d.source == "gift ? wrapped : null" for d in site.dynamic)
