"""C#'s ``if (priceId != null) line.Price = priceId; else line.PriceData = new ...``: the price
was read as just ``priceId`` (a property set under a null check of its own value is that value)
and the inline price as each of its fields chosen, so the Dodo cart held one line looking up
``priceId``: the inline branch's amount was lost (``DodoIds.ProductId(null)`` at run time). The
line is now the choice between the two lines, as Python's and JavaScript's if/else per key are."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

PAY = """using System.Collections.Generic;
using Stripe.Checkout;

public class Pay
{
    public string Start(string? priceId, long cents)
    {
        var line = new SessionLineItemOptions { Quantity = 1 };
        if (priceId != null)
        {
            line.Price = priceId;
        }
        else
        {
            line.PriceData = new SessionLineItemPriceDataOptions
            {
                Currency = "usd",
                UnitAmount = cents,
                ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Custom" },
            };
        }
        var options = new SessionCreateOptions
        {
            LineItems = new List<SessionLineItemOptions> { line },
            Mode = "payment",
            SuccessUrl = "https://shop.example/ok",
        };
        return new SessionService().Create(options).Url;
    }
}
"""


def test_a_price_or_an_inline_price_set_in_if_else_is_a_choice_of_lines(tmp_path: Path) -> None:
    (site,) = creates(write_tree(tmp_path, {"Pay.cs": PAY}))
    text = site.suggestion
    assert "((priceId != null) ? new Dictionary<string, object?>" in text, text
    assert '["product_id"] = DodoIds.ProductId(priceId),' in text
    assert '["amount"] = cents,' in text
    codes = {f.code for f in site.findings}
    assert {"L112", "L113"} <= codes, site.findings
    assert site.verdict != "blocked"
