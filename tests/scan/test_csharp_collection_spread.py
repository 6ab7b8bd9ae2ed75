"""A C# 12 collection expression made of one spread, ``LineItems = [.. lineItems]``, is the list
it spreads: a mapped cart passed to a service that copies it so reaches the Dodo call as that
mapping (it was one run-time element, ``.. (xs.Select(...))``, written into the suggested call as
a product id and a quantity that do not compile, and blocked RT015). A spread of a mapped list
among other elements is the mapped lines, then the others. Seen in an ASP.NET shop whose Stripe
service takes ``IEnumerable<SessionLineItemOptions>``; written here in that shape."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree

SERVICE = """\
using Stripe.Checkout;

namespace Shop.Services;

public class Payments
{
    public async Task<Session> OpenAsync(IEnumerable<SessionLineItemOptions> lines, string back)
    {
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            SuccessUrl = back,
            LineItems = [.. lines],
        };
        return await new SessionService().CreateAsync(options);
    }
}
"""

CONTROLLER = """\
using Shop.Services;
using Stripe.Checkout;

namespace Shop.Controllers;

public class BasketController
{
    private readonly Payments _payments;

    public async Task<string> Checkout(Basket basket)
    {
        var lines = basket.Rows.Select(r => new SessionLineItemOptions
        {
            Quantity = r.Count,
            PriceData = new SessionLineItemPriceDataOptions
            {
                Currency = "eur",
                UnitAmount = r.Cents,
                ProductData = new SessionLineItemPriceDataProductDataOptions { Name = r.Title },
            },
        });
        var session = await _payments.OpenAsync(lines, basket.ReturnUrl);
        return session.Url;
    }

    public async Task<string> WithShipping(Basket basket)
    {
        var rows = basket.Rows.Select(
            r => new SessionLineItemOptions { Price = r.PriceId, Quantity = r.Count });
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            SuccessUrl = basket.ReturnUrl,
            LineItems = [.. rows, new() { Price = "price_parcel", Quantity = 1 }],
        };
        var session = await new SessionService().CreateAsync(options);
        return session.Url;
    }
}
"""


def _site(sites: list[CallSite], file: str, line: int) -> CallSite:
    return next(s for s in sites if s.file.endswith(file) and s.line == line)


def test_a_collection_expression_of_one_spread_is_the_spread_list(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"Services/Payments.cs": SERVICE, "Controllers/Basket.cs": CONTROLLER})
    sites = _creates(top)
    call = _site(sites, "Basket.cs", 22)
    codes = [f.code for f in call.findings]
    assert "RT015" not in codes and "RT003" not in codes
    text = call.suggestion or ""
    assert "basket.Rows.Select(r => new Dictionary<string, object?>" in text
    assert '["quantity"] = r.Count' in text and '["amount"] = r.Cents' in text
    assert ".. (" not in text  # no spread written as a value


def test_a_spread_mapped_list_then_a_line(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"Services/Payments.cs": SERVICE, "Controllers/Basket.cs": CONTROLLER})
    call = _site(_creates(top), "Basket.cs", 36)
    text = call.suggestion or ""
    assert "DodoIds.ProductId(r.PriceId)" in text and '["quantity"] = r.Count' in text
    assert text.index("r.PriceId") < text.index('["quantity"] = 1')  # the parcel line, after them
    assert ".. (" not in text and "RT003" not in [f.code for f in call.findings]
