"""Lines appended to a list variable in a loop that is not one line per element of a
collection: a loop over the indexes (Go's ``for i := range rows``, C#'s ``for (var i = 0; ...)``)
or one cut short by a ``break``. The loop's own text was written into the Dodo call as the value
of the first line (``dodoids.ProductID(*for i := range rows {...``), which does not compile; the
break loop was read as every row mapped (the rows after the break charged). The list is now known
at run time: the variable, mapped line by line (RT003)."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

BILLING = """package billing

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func byIndex(rows []Row) (*stripe.CheckoutSession, error) {
	lines := []*stripe.CheckoutSessionLineItemParams{}
	for i := range rows {
		lines = append(lines, &stripe.CheckoutSessionLineItemParams{
			Price:    stripe.String(rows[i].PriceID),
			Quantity: stripe.Int64(rows[i].Units),
		})
	}
	return session.New(&stripe.CheckoutSessionParams{
		LineItems:  lines,
		Mode:       stripe.String("payment"),
		SuccessURL: stripe.String("https://billing.example/ok"),
	})
}

func upToFifty(rows []Row) (*stripe.CheckoutSession, error) {
	lines := []*stripe.CheckoutSessionLineItemParams{}
	for _, row := range rows {
		if row.Units > 50 {
			break
		}
		lines = append(lines, &stripe.CheckoutSessionLineItemParams{
			Price:    stripe.String(row.PriceID),
			Quantity: stripe.Int64(row.Units),
		})
	}
	return session.New(&stripe.CheckoutSessionParams{
		LineItems:  lines,
		Mode:       stripe.String("payment"),
		SuccessURL: stripe.String("https://billing.example/ok"),
	})
}
"""


def test_lines_appended_in_a_loop_over_no_collection_are_the_list_at_run_time(
    tmp_path: Path,
) -> None:
    sites = creates(write_tree(tmp_path, {"billing.go": BILLING}))
    assert len(sites) == 2
    for site in sites:
        assert "RT003" in [f.code for f in site.findings]
        assert "for _, item := range lines {" in site.suggestion, site.suggestion
        assert '"product_id": dodoids.ProductID(*item.Price),' in site.suggestion
        assert "range rows" not in site.suggestion


ORDERS_CS = """using System.Collections.Generic;
using Stripe.Checkout;

public class Orders
{
    public string Pay(List<Row> rows)
    {
        var lines = new List<SessionLineItemOptions>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            lines.Add(new SessionLineItemOptions { Price = row.PriceId, Quantity = row.Units });
        }
        var options = new SessionCreateOptions
        {
            LineItems = lines,
            Mode = "payment",
            SuccessUrl = "https://billing.example/ok",
        };
        return new SessionService().Create(options).Url;
    }
}
"""


def test_a_csharp_list_filled_by_index_is_the_list_at_run_time(tmp_path: Path) -> None:
    (site,) = creates(write_tree(tmp_path, {"Orders.cs": ORDERS_CS}))
    assert "RT003" in [f.code for f in site.findings]
    assert "lines.Select(item => new Dictionary<string, object?>" in site.suggestion
    assert '["product_id"] = DodoIds.ProductId(item.Price),' in site.suggestion
    assert "for (var i" not in site.suggestion
