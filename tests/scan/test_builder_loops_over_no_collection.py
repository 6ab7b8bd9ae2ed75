"""Lines added to a builder (Java, Kotlin) or to the options' own list (C#) in a loop that is not
one line per element of a collection: an index loop, a loop cut short by a ``break``, a
``while``. The loop's own text was written into the Dodo call as the first line's value
(``DodoIds.productId(for (int i = 0; ...) {...}.getPrice())``), which does not compile. The
list is now what the object holds at run time, mapped line by line (RT003); built in a helper,
where no name at the call holds it, the call is blocked (RT056)."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

JAVA = """package shop;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.List;

public class Pay {
    public String byIndex(List<Row> items) throws Exception {
        SessionCreateParams.Builder builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok");
        for (int i = 0; i < items.size(); i++) {
            builder.addLineItem(SessionCreateParams.LineItem.builder()
                .setPrice(items.get(i).getPriceId())
                .setQuantity(items.get(i).getUnits())
                .build());
        }
        return Session.create(builder.build()).getUrl();
    }

    public String upToFifty(List<Row> items) throws Exception {
        SessionCreateParams.Builder builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok");
        for (Row row : items) {
            if (row.getUnits() > 50) {
                break;
            }
            builder.addLineItem(SessionCreateParams.LineItem.builder()
                .setPrice(row.getPriceId())
                .setQuantity(row.getUnits())
                .build());
        }
        return Session.create(builder.build()).getUrl();
    }
}
"""

KOTLIN = """package shop

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Pay {
    fun upToFifty(items: List<Row>): String {
        val builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok")
        for (row in items) {
            if (row.units > 50) break
            builder.addLineItem(SessionCreateParams.LineItem.builder()
                .setPrice(row.priceId)
                .setQuantity(row.units)
                .build())
        }
        return Session.create(builder.build()).url
    }
}
"""

CSHARP = """using System.Collections.Generic;
using Stripe.Checkout;

public class Orders
{
    public string Pay(List<Row> rows)
    {
        var options = new SessionCreateOptions
        {
            LineItems = new List<SessionLineItemOptions>(),
            Mode = "payment",
            SuccessUrl = "https://billing.example/ok",
        };
        for (var i = 0; i < rows.Count; i++)
        {
            options.LineItems.Add(
                new SessionLineItemOptions { Price = rows[i].PriceId, Quantity = rows[i].Units });
        }
        return new SessionService().Create(options).Url;
    }
}
"""


def test_java_builder_lines_added_in_an_index_or_cut_short_loop_are_its_list_at_run_time(
    tmp_path: Path,
) -> None:
    sites = creates(write_tree(tmp_path, {"Pay.java": JAVA}))
    assert len(sites) == 2
    for site in sites:
        assert "RT003" in [f.code for f in site.findings]
        assert site.verdict != "blocked"
        assert "builder.build().getLineItems().stream().map(item ->" in site.suggestion
        assert "DodoIds.productId(item.getPrice())" in site.suggestion
        assert "requireNonNullElse(item.getQuantity(), 1L)" in site.suggestion
        assert "for (" not in site.suggestion.split("dodoBody")[1], site.suggestion


def test_kotlin_builder_lines_added_in_a_loop_cut_short_are_its_list_at_run_time(
    tmp_path: Path,
) -> None:
    (site,) = creates(write_tree(tmp_path, {"Pay.kt": KOTLIN}))
    assert "RT003" in [f.code for f in site.findings]
    assert "builder.build().lineItems.joinToString(" in site.suggestion
    assert "DodoIds.productId(item.price)" in site.suggestion
    assert "break" not in site.suggestion


def test_csharp_options_lines_added_by_index_are_its_list_at_run_time(tmp_path: Path) -> None:
    (site,) = creates(write_tree(tmp_path, {"Orders.cs": CSHARP}))
    assert "RT003" in [f.code for f in site.findings]
    assert "options.LineItems.Select(item => new Dictionary<string, object?>" in site.suggestion
    assert '["product_id"] = DodoIds.ProductId(item.Price),' in site.suggestion
    assert "for (var i" not in site.suggestion


INLINE = JAVA.replace(
    ".setPrice(items.get(i).getPriceId())",
    '.setPriceData(SessionCreateParams.LineItem.PriceData.builder().setCurrency("usd")'
    ".setUnitAmount(items.get(i).getCents()).build())",
)


def test_java_builder_lines_with_inline_prices_in_an_index_loop_block(tmp_path: Path) -> None:
    site = creates(write_tree(tmp_path, {"Pay.java": INLINE}))[0]
    assert site.verdict == "blocked"
    assert "RT015" in [f.code for f in site.findings]


HELPER = """package shop;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.List;

public class Pay {
    private SessionCreateParams params(List<Row> items) {
        SessionCreateParams.Builder b = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok");
        int i = 0;
        while (i < items.size()) {
            b.addLineItem(SessionCreateParams.LineItem.builder().setPrice(items.get(i).getPriceId()).build());
            i++;
        }
        return b.build();
    }

    public String pay(List<Row> items) throws Exception {
        return Session.create(params(items)).getUrl();
    }
}
"""


def test_a_helpers_builder_filled_in_a_while_loop_blocks(tmp_path: Path) -> None:
    (site,) = creates(write_tree(tmp_path, {"Pay.java": HELPER}))
    assert site.verdict == "blocked"
    (finding,) = [f for f in site.findings if f.code == "RT056"]
    assert "b.line_items" in finding.message
    assert "while (i" not in site.suggestion


UNDER_A_BRANCH = """package shop;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.List;

public class Pay {
    public String maybe(List<Row> items, boolean extras) throws Exception {
        SessionCreateParams.Builder builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok");
        if (extras) {
            for (int i = 0; i < items.size(); i++) {
                builder.addLineItem(SessionCreateParams.LineItem.builder()
                    .setPrice(items.get(i).getPriceId())
                    .setQuantity(1L)
                    .build());
            }
        }
        return Session.create(builder.build()).getUrl();
    }
}
"""

GO_UNDER_A_BRANCH = """package billing

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func maybe(rows []Row, extras bool) (*stripe.CheckoutSession, error) {
	lines := []*stripe.CheckoutSessionLineItemParams{}
	if extras {
		for i := range rows {
			lines = append(lines, &stripe.CheckoutSessionLineItemParams{
				Price:    stripe.String(rows[i].PriceID),
				Quantity: stripe.Int64(1),
			})
		}
	}
	return session.New(&stripe.CheckoutSessionParams{
		LineItems:  lines,
		Mode:       stripe.String("payment"),
		SuccessURL: stripe.String("https://billing.example/ok"),
	})
}
"""


def test_lines_added_in_such_a_loop_under_a_branch_are_the_list_at_run_time(
    tmp_path: Path,
) -> None:
    files = {"Pay.java": UNDER_A_BRANCH, "billing.go": GO_UNDER_A_BRANCH}
    for site in creates(write_tree(tmp_path, files)):
        assert "RT003" in [f.code for f in site.findings]
        assert "for (int i" not in site.suggestion and "range rows" not in site.suggestion
        assert (
            "builder.build().getLineItems().stream()" in site.suggestion
            or "for _, item := range lines {" in site.suggestion
        ), site.suggestion


GO_FIELD_NESTED = """package billing

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func wanted(products []Product, ids []string) (*stripe.CheckoutSession, error) {
	params := &stripe.CheckoutSessionParams{
		LineItems:  []*stripe.CheckoutSessionLineItemParams{},
		Mode:       stripe.String("payment"),
		SuccessURL: stripe.String("https://billing.example/ok"),
	}
	for _, product := range products {
		for _, price := range product.Prices {
			if price.Archived {
				break
			}
			params.LineItems = append(params.LineItems, &stripe.CheckoutSessionLineItemParams{
				Price:    stripe.String(price.ID),
				Quantity: stripe.Int64(1),
			})
		}
	}
	return session.New(params)
}
"""


def test_go_params_lines_appended_in_a_cut_short_inner_loop_are_the_field_at_run_time(
    tmp_path: Path,
) -> None:
    (site,) = creates(write_tree(tmp_path, {"billing.go": GO_FIELD_NESTED}))
    assert "RT003" in [f.code for f in site.findings]
    assert "for _, item := range params.LineItems {" in site.suggestion, site.suggestion
    assert '"product_id": dodoids.ProductID(*item.Price),' in site.suggestion
    assert "range product.Prices" not in site.suggestion
