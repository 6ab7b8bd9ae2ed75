"""A cart filled in a loop that skips some elements first, in Java, Kotlin, C#, Go, PHP and Ruby
(``migrate/scan/loop_filters.py``): ``if (row.isSample()) continue;`` before the line is added.
Seen in a Spring shop's service (a ``for`` over the order's items with ``continue`` guards before
``lineItems.add``). Those loops were read as every element mapped, so the Dodo cart charged the
rows the Stripe cart left out (a silent overcharge). The skip is now the collection filtered in
the file's language; a ``break`` leaves the list a run-time value."""

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
            if (row.isSample()) {
                continue;
            }
            params.addLineItem(SessionCreateParams.LineItem.builder()
                .setPrice(row.getStripePrice())
                .setQuantity(row.getUnits())
                .build());
        }
        return Session.create(params.build()).getUrl();
    }

    public String firstFive(Order order) throws Exception {
        SessionCreateParams.Builder params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://till.example/ok");
        for (OrderRow row : order.getRows()) {
            if (row.getUnits() > 50) {
                break;
            }
            params.addLineItem(SessionCreateParams.LineItem.builder()
                .setPrice(row.getStripePrice())
                .setQuantity(row.getUnits())
                .build());
        }
        return Session.create(params.build()).getUrl();
    }
}
"""
KOTLIN = """import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

fun pay(order: Order): String {
    val params = SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://till.example/ok")
    for (row in order.rows) {
        if (row.sample) continue
        params.addLineItem(
            SessionCreateParams.LineItem.builder().setPrice(row.stripePrice).setQuantity(row.units).build()
        )
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
            if (row.Sample) continue;
            options.LineItems.Add(
                new SessionLineItemOptions { Price = row.StripePrice, Quantity = row.Units }
            );
        }
        return new SessionService().Create(options).Url;
    }
}
"""
GO = """package till

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func pay(rows []OrderRow) (*stripe.CheckoutSession, error) {
	lines := []*stripe.CheckoutSessionLineItemParams{}
	for _, row := range rows {
		if row.Sample {
			continue
		}
		lines = append(lines, &stripe.CheckoutSessionLineItemParams{
			Price:    stripe.String(row.StripePrice),
			Quantity: stripe.Int64(row.Units),
		})
	}
	return session.New(&stripe.CheckoutSessionParams{
		LineItems:  lines,
		Mode:       stripe.String("payment"),
		SuccessURL: stripe.String("https://till.example/ok"),
	})
}
"""
PHP = """<?php
function pay_order($order) {
    $lines = [];
    foreach ($order->rows as $row) {
        if ($row->sample) {
            continue;
        }
        $lines[] = ['price' => $row->stripe_price, 'quantity' => $row->units];
    }
    return \\Stripe\\Checkout\\Session::create([
        'line_items' => $lines,
        'mode' => 'payment',
        'success_url' => 'https://till.example/ok',
    ]);
}
"""
RUBY = """class TillController < ApplicationController
  def pay
    lines = []
    @order.rows.each do |row|
      next if row.sample?
      next unless row.in_stock?
      lines << { price: row.stripe_price, quantity: row.units }
    end
    Stripe::Checkout::Session.create(line_items: lines, mode: "payment", success_url: "https://till.example/ok")
  end
end
"""


def _sites(tmp_path: Path) -> dict[tuple[str, int], CallSite]:
    files = {
        "Till.java": JAVA,
        "Till.kt": KOTLIN,
        "Till.cs": CSHARP,
        "till.go": GO,
        "till.php": PHP,
        "till_controller.rb": RUBY,
    }
    return {(Path(s.file).suffix, s.line): s for s in creates(write_tree(tmp_path, files))}


def test_the_rows_a_loop_skips_are_filtered_out_of_the_dodo_cart(tmp_path: Path) -> None:
    sites = _sites(tmp_path)
    kept = {
        (".java", 18): "order.getRows().stream().filter(row -> !(row.isSample())).toList()",
        (".kt", 14): "order.rows.filter { row -> !(row.sample) }",
        (".cs", 21): "order.Rows.Where(row => !(row.Sample)).Select(",
        (".php", 10): "array_filter($order->rows, fn($row) => !($row->sample))",
        (".rb", 9): "@order.rows.reject { |row| (row.sample?) || (!(row.in_stock?)) }",
    }
    for key, written in kept.items():
        assert written in sites[key].suggestion, (key, sites[key].suggestion)
    go = sites[(".go", 19)].suggestion
    assert "for _, row := range rows {\n\t\tif row.Sample {\n\t\t\tcontinue\n\t\t}\n" in go, go


def test_a_loop_cut_short_leaves_the_cart_a_run_time_list(tmp_path: Path) -> None:
    """Every row but the ones after the break: not one line per row of the order."""
    site = _sites(tmp_path)[(".java", 34)]
    assert "order.getRows().stream()" not in site.suggestion
    assert "RT003" in [f.code for f in site.findings]


KEYED_PHP = """<?php
function pay_basket($basket, $held) {
    $lines = [];
    foreach ($basket as $sku => $row) {
        if (in_array($sku, $held)) {
            continue;
        }
        $lines[] = ['price' => $row['price'], 'quantity' => $row['qty']];
    }
    return \\Stripe\\Checkout\\Session::create([
        'line_items' => $lines,
        'mode' => 'payment',
        'success_url' => 'https://till.example/ok',
    ]);
}
"""
INDEXED_GO = """package till

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func payHeld(rows []OrderRow, held map[int]bool) (*stripe.CheckoutSession, error) {
	lines := []*stripe.CheckoutSessionLineItemParams{}
	for n, row := range rows {
		if held[n] {
			continue
		}
		lines = append(lines, &stripe.CheckoutSessionLineItemParams{
			Price:    stripe.String(row.StripePrice),
			Quantity: stripe.Int64(row.Units),
		})
	}
	return session.New(&stripe.CheckoutSessionParams{
		LineItems:  lines,
		Mode:       stripe.String("payment"),
		SuccessURL: stripe.String("https://till.example/ok"),
	})
}
"""


def test_a_skip_on_the_key_or_index_leaves_the_list_a_run_time_value(tmp_path: Path) -> None:
    """``foreach ($basket as $sku => $row) { if (in_array($sku, ...)) continue; }``: a filter
    on the element cannot see ``$sku``, so it would keep or drop the wrong rows; the list is
    mapped where the call is instead. Go's suggestion writes the loop itself, which binds the
    index ``n`` as the code's does: the skip is written there."""
    (php,) = creates(write_tree(tmp_path / "php", {"keyed.php": KEYED_PHP}))
    assert "RT003" in [f.code for f in php.findings], php.file
    assert "$sku" not in php.suggestion
    (go,) = creates(write_tree(tmp_path / "go", {"indexed.go": INDEXED_GO}))
    assert "RT003" not in [f.code for f in go.findings]
    assert "for n, row := range rows {" in go.suggestion
    assert "if held[n] {" in go.suggestion, go.suggestion
