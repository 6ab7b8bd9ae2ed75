"""A name declared inside a block the Stripe call comes after (``if (...) { var coupon = ...;
options.Discounts = ... }``, a Kotlin ``else { val customer = Customer.create(...); customer.id
}``) is out of scope at the Dodo call that replaces the Stripe one: the suggestion wrote it as it
was (it does not compile, and nothing said why). It is now written as its value when that is a
plain name or member path, otherwise as ``TODO_<name>`` with X021 saying where it is
(``migrate/scan/block_locals.py``), in values and in the conditions of the choices. Seen in a
.NET order service looking a coupon up in nested ``if`` blocks and in a Kotlin Spring
controller creating the Stripe customer in an ``else`` block; written here in those shapes."""

from __future__ import annotations

import re
from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree

ORDERS = """\
using Stripe.Checkout;

namespace Shop.Orders;

public class OrderPayments
{
    private readonly ICoupons _coupons;

    public async Task<string> Pay(PayRequest request)
    {
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            SuccessUrl = request.Done,
            LineItems = [new() { Price = "price_box", Quantity = 2 }],
        };
        if (!string.IsNullOrEmpty(request.Code))
        {
            var lookup = await _coupons.FindAsync(request.Code);
            if (lookup != null && lookup.Valid)
            {
                var stripeCoupon = ParseCoupon(lookup.Payload).StripeId;
                options.Discounts = [new() { Coupon = stripeCoupon }];
            }
        }
        if (request.Referral != null)
        {
            var referral = request.Referral.Code;
            options.Metadata = new Dictionary<string, string> { { "referral", referral } };
        }
        var session = await new SessionService().CreateAsync(options);
        return session.Url;
    }
}
"""

PREMIUM = """\
package app.billing

import com.stripe.model.Customer
import com.stripe.model.checkout.Session
import com.stripe.param.CustomerCreateParams
import com.stripe.param.checkout.SessionCreateParams

class Premium(private val users: Users, private val priceId: String) {
    fun start(user: User): String {
        val customerId = if (user.stripeId != null) {
            user.stripeId!!
        } else {
            val made = CustomerCreateParams.builder().setEmail(user.email).build()
            val created = Customer.create(made)
            users.saveStripeId(user, created.id)
            created.id
        }
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setCustomer(customerId)
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
            .setSuccessUrl("app://premium/done")
            .build()
        return Session.create(params).url
    }
}
"""


def _x021(site: CallSite) -> str:
    return " ".join(f.message for f in site.findings if f.code == "X021")


def test_csharp_block_locals_are_values_or_named_todo(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"Orders/OrderPayments.cs": ORDERS})
    (site,) = _creates(top)
    text = site.suggestion or ""
    assert "TODO_lookup != null && TODO_lookup.Valid" in text  # the condition, too
    assert "DodoIds.DiscountCode(TODO_stripeCoupon)" in text
    assert "request.Referral.Code" in text  # a plain member path: its value
    assert not re.search(r"(?<![\w.])(lookup|stripeCoupon|referral)\b(?![\"'])", text)
    said = _x021(site)
    assert "`lookup`" in said and "`stripeCoupon`" in said and "`referral`" not in said


def test_a_kotlin_customer_created_in_an_else_block(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"src/Premium.kt": PREMIUM})
    (site,) = _creates(top)
    text = site.suggestion or ""
    assert "DodoIds.customerId(TODO_created.id)" in text
    assert "DodoIds.customerId(user.stripeId!!)" in text
    assert "`created`" in _x021(site)
