"""A wrapper's metadata read from the fields of an options object its caller makes with a
helper (C#: ``{ "Product", priceData?.Product }`` in ``GetCreateSession(priceData, ...)``,
called as ``GetCreateSession(GetPriceData(product, price), ...)``). The object's fields are
the params' own names (``product``), the code's are the SDK's (``Product``): the metadata key
was left out at every caller with no finding. A field is found by its params name too."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

CSHARP = """\
using Stripe;
using Stripe.Checkout;
using System.Collections.Generic;

namespace Shop.Services
{
    public class StripeService
    {
        public string StartPayment(Product product, Price price, string user)
        {
            Session session = GetCreateSession(GetPriceData(product, price), user);
            return session.Id;
        }

        private Session GetCreateSession(SessionLineItemPriceDataOptions priceData, string user)
        {
            var options = new SessionCreateOptions
            {
                LineItems = new List<SessionLineItemOptions>
                {
                    new SessionLineItemOptions { PriceData = priceData, Quantity = 1 },
                },
                Metadata = new Dictionary<string, string>
                {
                    { "Product", priceData?.Product },
                },
                ClientReferenceId = user,
                Mode = "payment",
                SuccessUrl = "https://shop.example/ok",
            };
            return new SessionService().Create(options);
        }

        private static SessionLineItemPriceDataOptions GetPriceData(Product product, Price price)
        {
            return new SessionLineItemPriceDataOptions
            {
                Product = product.Id,
                UnitAmount = price.UnitAmount,
                Currency = price.Currency,
            };
        }
    }
}
"""


def test_a_field_of_the_callers_options_object_reaches_the_metadata() -> None:
    sites = [s for s in scan_source(CSHARP, "StripeService.cs", BY_NAME["csharp"])]
    (caller,) = [s for s in sites if s.kind == "create" and s.via]
    assert caller.params["metadata"] == {"Product": {"$dynamic": "product.Id"}}
    assert 'dodoBody["metadata"]!["Product"] = JsonSerializer.SerializeToNode(' in (
        caller.suggestion
    )
    assert "product.Id" in caller.suggestion
