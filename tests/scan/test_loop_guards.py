# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A loop that adds a line only under an ``if`` of its body (``if (row.isGift()) {
b.addLineItem(...); }``), in Java, Kotlin, C# and Go (``migrate/scan/loop_guards.py``): the
``if`` was read as one choice, which has no Dodo form inside a loop, so the cart was blocked as
unknown (RT002, RT007) though every line is read. Such a guard is now the collection filtered in
the file's language; an ``if`` that reads what the body changes (a ``seen`` set), a local of the
body or another object's method leaves the list as it was."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import creates, write_tree

JAVA = """import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Till {
    public String pay(Order order) throws Exception {
        SessionCreateParams.Builder params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://till.example/ok");
        for (OrderRow row : order.getRows()) {
            if (!row.isSample()) {
                params.addLineItem(SessionCreateParams.LineItem.builder()
                    .setPrice(row.getStripePrice())
                    .setQuantity(row.getUnits())
                    .build());
            }
        }
        return Session.create(params.build()).getUrl();
    }
}
"""
KOTLIN = """import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

fun pay(order: Order, minUnits: Long): String {
    val params = SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://till.example/ok")
    for (row in order.rows) {
        if (!row.sample && row.units >= minUnits) {
            params.addLineItem(
                SessionCreateParams.LineItem.builder().setPrice(row.stripePrice).setQuantity(row.units).build()
            )
        }
    }
    return Session.create(params.build()).url
}
"""
CSHARP = """using System.Collections.Generic;
using Stripe.Checkout;

public class Till
{
    public string Pay(Order order)
    {
        var options = new SessionCreateOptions
        {
            LineItems = new List<SessionLineItemOptions>(),
            Mode = "payment",
            SuccessUrl = "https://till.example/ok",
        };
        foreach (var row in order.Rows)
        {
            if (row.Units > 0)
            {
                options.LineItems.Add(new SessionLineItemOptions { Price = row.StripePrice, Quantity = row.Units });
            }
        }
        var service = new SessionService();
        return service.Create(options).Url;
    }
}
"""
GO = """package till

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func Pay(rows []Row) (*stripe.CheckoutSession, error) {
	var lines []*stripe.CheckoutSessionLineItemParams
	for _, row := range rows {
		if row.Gift {
			lines = append(lines, &stripe.CheckoutSessionLineItemParams{
				Price:    stripe.String(row.PriceID),
				Quantity: stripe.Int64(row.Qty),
			})
		}
	}
	return session.New(&stripe.CheckoutSessionParams{Mode: stripe.String("payment"), LineItems: lines, SuccessURL: stripe.String("https://till.example/ok")})
}
"""
GO_NOT_GUARDS = """package till

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func Once(rows []Row) (*stripe.CheckoutSession, error) {
	var lines []*stripe.CheckoutSessionLineItemParams
	seen := map[string]bool{}
	for _, row := range rows {
		if !seen[row.PriceID] {
			seen[row.PriceID] = true
			lines = append(lines, &stripe.CheckoutSessionLineItemParams{Price: stripe.String(row.PriceID), Quantity: stripe.Int64(row.Qty)})
		}
	}
	return session.New(&stripe.CheckoutSessionParams{Mode: stripe.String("payment"), LineItems: lines, SuccessURL: stripe.String("https://till.example/ok")})
}

func Reserved(rows []Row, stock Stock) (*stripe.CheckoutSession, error) {
	var lines []*stripe.CheckoutSessionLineItemParams
	for _, row := range rows {
		if stock.Reserve(row.PriceID) {
			lines = append(lines, &stripe.CheckoutSessionLineItemParams{Price: stripe.String(row.PriceID), Quantity: stripe.Int64(row.Qty)})
		}
	}
	return session.New(&stripe.CheckoutSessionParams{Mode: stripe.String("payment"), LineItems: lines, SuccessURL: stripe.String("https://till.example/ok")})
}

func Doubled(rows []Row) (*stripe.CheckoutSession, error) {
	var lines []*stripe.CheckoutSessionLineItemParams
	for _, row := range rows {
		q := row.Qty * 2
		if q > 2 {
			lines = append(lines, &stripe.CheckoutSessionLineItemParams{Price: stripe.String(row.PriceID), Quantity: stripe.Int64(q)})
		}
	}
	return session.New(&stripe.CheckoutSessionParams{Mode: stripe.String("payment"), LineItems: lines, SuccessURL: stripe.String("https://till.example/ok")})
}
"""


def _sites(tmp_path: Path, files: dict[str, str]) -> dict[str, CallSite]:
    return {Path(s.file).suffix: s for s in creates(write_tree(tmp_path, files))}


def _codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_a_line_added_under_an_if_of_the_element_is_the_collection_filtered(
    tmp_path: Path,
) -> None:
    sites = _sites(
        tmp_path, {"Till.java": JAVA, "Till.kt": KOTLIN, "Till.cs": CSHARP, "till.go": GO}
    )
    kept = {
        ".java": "order.getRows().stream().filter(row -> !row.isSample()).toList()",
        ".kt": "order.rows.filter { row -> !row.sample && row.units >= minUnits }",
        ".cs": "order.Rows.Where(row => row.Units > 0).Select(",
        ".go": "for _, row := range rows {\n\t\tif !(row.Gift) {\n\t\t\tcontinue\n\t\t}\n",
    }
    for suffix, written in kept.items():
        site = sites[suffix]
        assert written in site.suggestion, (suffix, site.suggestion)
        assert not {"RT002", "RT007"} & _codes(site), suffix
        assert "TODO_product_id" not in site.suggestion


def test_an_if_on_what_the_body_changes_or_computes_is_no_filter(tmp_path: Path) -> None:
    # a seen set the body fills, another object's method (it may act), a local of the body:
    # the list stays a value the scanner cannot write, as before
    sites = creates(write_tree(tmp_path, {"till.go": GO_NOT_GUARDS}))
    assert [s.line for s in sites] == [17, 27, 38]
    for site in sites:
        assert {"RT002", "RT007"} <= _codes(site), site.line
        assert "continue" not in site.suggestion, site.line
