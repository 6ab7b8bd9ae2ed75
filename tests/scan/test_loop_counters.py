# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A list filled in a for-each loop whose element, skip or per-element choice reads a name the
loop's body assigns (a counter: ``n += 1`` then ``"quantity": n`` or ``if n > 3``) was written
as the collection mapped reading that name: in the map it holds its value after the loop, the
same for every line (every quantity the cart's length, every line the bulk price or skipped), a
silent wrong cart. Such a list stays the variable, mapped at run time (RT003)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY = """\
import stripe


def numbered(cart):
    lines = []
    n = 0
    for item in cart.items:
        n += 1
        lines.append({"price": item.price_id, "quantity": n})
    return stripe.checkout.Session.create(mode="payment", line_items=lines, success_url="https://shop.example/ok")


def first_three(cart):
    lines = []
    n = 0
    for item in cart.items:
        n += 1
        if n > 3:
            continue
        lines.append({"price": item.price_id, "quantity": 1})
    return stripe.checkout.Session.create(mode="payment", line_items=lines, success_url="https://shop.example/ok")


def bulk_after_three(cart):
    lines = []
    n = 0
    for item in cart.items:
        n += 1
        if n > 3:
            lines.append({"price": "price_bulk", "quantity": 1})
        else:
            lines.append({"price": item.price_id, "quantity": 1})
    return stripe.checkout.Session.create(mode="payment", line_items=lines, success_url="https://shop.example/ok")
"""

RUBY = """\
class CheckoutController < ApplicationController
  def create
    lines = []
    n = 0
    current_cart.items.each do |item|
      n += 1
      lines << { price: item.price_id, quantity: n }
    end
    session = Stripe::Checkout::Session.create(mode: "payment", line_items: lines, success_url: "https://shop.example/ok")
    redirect_to session.url
  end
end
"""

PY_BODY_LOCAL = """\
import stripe


def pay(cart):
    lines = []
    for item in cart.items:
        qty = item.qty
        lines.append({"price": item.price_id, "quantity": qty})
    return stripe.checkout.Session.create(mode="payment", line_items=lines, success_url="https://shop.example/ok")
"""


def creates(code: str, language: str, name: str) -> list[CallSite]:
    return [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]


def test_a_counter_the_loop_changes_leaves_the_list_a_run_time_value() -> None:
    sites = [*creates(PY, "python", "shop.py"), *creates(RUBY, "ruby", "checkout_controller.rb")]
    assert len(sites) == 4
    for site in sites:
        assert "RT003" in {f.code for f in site.findings}, site.suggestion
        assert "n > 3" not in site.suggestion
        assert '"quantity": n,' not in site.suggestion
        assert '"quantity" => n,' not in site.suggestion


def test_a_local_the_body_binds_is_still_written_as_what_it_holds() -> None:
    (site,) = creates(PY_BODY_LOCAL, "python", "shop.py")
    assert '"quantity": item.qty,' in site.suggestion
    assert "for item in cart.items" in site.suggestion
    assert "RT003" not in {f.code for f in site.findings}


JAVA = """package shop;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.List;

public class Pay {
    public String numbered(List<Row> items) throws Exception {
        SessionCreateParams.Builder builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok");
        long n = 1;
        for (Row row : items) {
            n++;
            builder.addLineItem(SessionCreateParams.LineItem.builder()
                .setPrice(row.getPriceId())
                .setQuantity(n)
                .build());
        }
        return Session.create(builder.build()).getUrl();
    }
}
"""

GO = """package billing

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func numbered(rows []Row) (*stripe.CheckoutSession, error) {
	lines := []*stripe.CheckoutSessionLineItemParams{}
	n := int64(1)
	for _, row := range rows {
		n += 1
		lines = append(lines, &stripe.CheckoutSessionLineItemParams{
			Price:    stripe.String(row.PriceID),
			Quantity: stripe.Int64(n),
		})
	}
	return session.New(&stripe.CheckoutSessionParams{
		LineItems:  lines,
		Mode:       stripe.String("payment"),
		SuccessURL: stripe.String("https://billing.example/ok"),
	})
}
"""


def test_a_counter_in_a_java_or_go_loop_is_not_read_as_its_first_value() -> None:
    """The element read ``n`` as its value before the loop (1): every line's quantity 1."""
    (java,) = creates(JAVA, "java", "Pay.java")
    assert "builder.build().getLineItems().stream()" in java.suggestion
    assert '\\"quantity\\":1}' not in java.suggestion
    (go,) = creates(GO, "go", "billing.go")
    assert "for _, item := range lines {" in go.suggestion
    assert '"quantity": 1,' not in go.suggestion
    assert '"quantity": n' not in go.suggestion
    for site in (java, go):
        assert "RT003" in {f.code for f in site.findings}


CSHARP_SKIP = """using System.Collections.Generic;
using Stripe.Checkout;

public class Orders
{
    public string Pay(List<Row> rows)
    {
        var lines = new List<SessionLineItemOptions>();
        var n = 0;
        foreach (var row in rows)
        {
            n++;
            if (n > 3) { continue; }
            lines.Add(new SessionLineItemOptions { Price = row.PriceId, Quantity = 1 });
        }
        var options = new SessionCreateOptions { LineItems = lines, Mode = "payment", SuccessUrl = "https://billing.example/ok" };
        return new SessionService().Create(options).Url;
    }
}
"""

KOTLIN_SKIP = """package shop

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class PayKt {
    fun firstThree(items: List<Row>): String {
        val builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok")
        var n = 0
        for (row in items) {
            n++
            if (n > 3) continue
            builder.addLineItem(SessionCreateParams.LineItem.builder().setPrice(row.priceId).setQuantity(1L).build())
        }
        return Session.create(builder.build()).url
    }
}
"""


def test_a_skip_on_a_counter_is_no_filter_in_csharp_or_kotlin() -> None:
    """``rows.Where(row => !(n > 3))`` / ``items.filter { row -> !(n > 3) }`` read ``n`` after
    the loop: every row kept, or none."""
    (cs,) = creates(CSHARP_SKIP, "csharp", "Orders.cs")
    (kt,) = creates(KOTLIN_SKIP, "kotlin", "Pay.kt")
    for site in (cs, kt):
        assert "n > 3" not in site.suggestion, site.suggestion
        assert "RT003" in {f.code for f in site.findings}
