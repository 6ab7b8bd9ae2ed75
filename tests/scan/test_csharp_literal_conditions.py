"""A C# wrapper's choice on a nullable parameter is decided at a caller passing ``null`` or a
literal, as Java's and Kotlin's are (``tests/scan/test_literal_conditions.py``).

``quantity.HasValue && quantity.Value > 0 ? quantity.Value : 1`` at ``CreateCheckout("price_a",
null)`` carried the condition as text: the ``null`` argument was not bound (C#'s null is a
param left out), so the caller's Dodo call read ``quantity`` (a name out of scope there), a
quantity of None (L109) and no cart (RT007); at ``5`` it carried ``(5).HasValue && (5).Value >
0 ? (5).Value : 1``, which does not compile. ``string.IsNullOrEmpty(coupon)`` and ``?? 1`` are
decided the same way, as are ``quantity.GetValueOrDefault(1)`` (read as ``quantity ?? 1``)
and ``coupon?.Length > 0`` (false at a null coupon: C# lifts the comparison)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite, scan_paths

GATEWAY = """\
using Stripe;
using Stripe.Checkout;
using System.Collections.Generic;

public class PaymentGateway {
    public Session CreateCheckout(string priceId, long? quantity, string? coupon, int? trial) {
        var options = new SessionCreateOptions {
            Mode = "subscription",
            SuccessUrl = "https://example.com/ok",
            LineItems = new List<SessionLineItemOptions> {
                new SessionLineItemOptions {
                    Price = priceId,
                    Quantity = quantity.HasValue && quantity.Value > 0 ? quantity.Value : 1,
                },
            },
            Discounts = string.IsNullOrEmpty(coupon)
                ? null
                : new List<SessionDiscountOptions> {
                    new SessionDiscountOptions { Coupon = coupon },
                },
            SubscriptionData = new SessionSubscriptionDataOptions {
                TrialPeriodDays = trial ?? 7,
            },
        };
        return new SessionService().Create(options);
    }
}
"""
CALLER = """\
public class BillingController {
    private readonly PaymentGateway gateway = new PaymentGateway();
    public string Subscribe() {
        return gateway.CreateCheckout("price_1Pro", ARGS).Url;
    }
}
"""


def caller(tmp_path: Path, args: str) -> CallSite:
    (tmp_path / "PaymentGateway.cs").write_text(GATEWAY, encoding="utf-8")
    (tmp_path / "BillingController.cs").write_text(CALLER.replace("ARGS", args), "utf-8")
    sites = [s for s in scan_paths([str(tmp_path)], jobs=1) if s.kind == "create"]
    (site,) = [s for s in sites if s.via is not None]
    return site


def codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_null_arguments_take_the_other_branch(tmp_path: Path) -> None:
    site = caller(tmp_path, "null, null, null")
    suggestion = site.suggestion or ""
    assert "HasValue" not in suggestion and "quantity" not in suggestion.replace('"quantity"', "")
    assert '"quantity": 1' in suggestion
    assert "discount_codes" not in suggestion and "IsNullOrEmpty" not in suggestion
    assert not {"L109", "RT007"} & codes(site)
    assert site.translation is not None
    assert site.translation.dodo["product_cart"][0]["quantity"] == 1
    assert site.translation.dodo["subscription_data"] == {"trial_period_days": 7}


def test_literal_arguments_are_the_values(tmp_path: Path) -> None:
    site = caller(tmp_path, '5, "SAVE10", 14')
    suggestion = site.suggestion or ""
    assert "(5)" not in suggestion and "HasValue" not in suggestion
    assert '"quantity": 5' in suggestion
    assert site.translation is not None
    assert site.translation.dodo["product_cart"][0]["quantity"] == 5
    assert site.translation.dodo["discount_codes"] == ["SAVE10"]
    assert site.translation.dodo["subscription_data"] == {"trial_period_days": 14}


def test_an_empty_coupon_and_a_zero_quantity_take_the_other_branch(tmp_path: Path) -> None:
    site = caller(tmp_path, 'quantity: 0, coupon: "", trial: 0')
    assert site.translation is not None
    assert site.translation.dodo["product_cart"][0]["quantity"] == 1
    assert "discount_codes" not in site.translation.dodo
    assert not {"L109", "RT007"} & codes(site)


DEFAULTED = """\
using Stripe;
using Stripe.Checkout;
using System.Collections.Generic;

public class PaymentGateway {
    public Session CreateCheckout(string priceId, long? quantity, string? coupon) {
        var options = new SessionCreateOptions {
            Mode = "payment",
            SuccessUrl = "https://example.com/ok",
            LineItems = new List<SessionLineItemOptions> {
                new SessionLineItemOptions {
                    Price = priceId, Quantity = quantity.GetValueOrDefault(1),
                },
            },
            Discounts = coupon?.Length > 0
                ? new List<SessionDiscountOptions> {
                    new SessionDiscountOptions { Coupon = coupon },
                }
                : null,
        };
        return new SessionService().Create(options);
    }
}
"""


def test_get_value_or_default_and_a_null_safe_length_are_decided(tmp_path: Path) -> None:
    """``quantity.GetValueOrDefault(1)`` was carried as text (``null.GetValueOrDefault(1)``,
    which does not compile), and ``coupon?.Length > 0`` at a null coupon was not decided (C#
    lifts the comparison: false)."""
    (tmp_path / "PaymentGateway.cs").write_text(DEFAULTED, encoding="utf-8")
    for args, quantity, codes_ in (("null, null", 1, None), ('5, "SAVE10"', 5, ["SAVE10"])):
        (tmp_path / "BillingController.cs").write_text(CALLER.replace("ARGS", args), "utf-8")
        sites = [s for s in scan_paths([str(tmp_path)], jobs=1) if s.kind == "create"]
        (site,) = [s for s in sites if s.via is not None]
        assert "GetValueOrDefault" not in (site.suggestion or "")
        assert site.translation is not None
        assert site.translation.dodo["product_cart"][0]["quantity"] == quantity
        assert site.translation.dodo.get("discount_codes") == codes_
        assert not [d for d in site.dynamic if d.path != "line_items[0].price"]
