# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""C#'s ``SubscriptionData = { }`` inside an options initializer sets nothing (no element, and
no object made: it initializes the property's value in place). It was read as an empty list,
which the Dodo body's check refused as a blocker (C091: "Input should be a valid dictionary
(got [])", seen in an ASP.NET blog platform), while ``new SessionSubscriptionDataOptions { }``
was read as the empty options it is."""

from __future__ import annotations

import pytest

from migrate.findings import Level
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

SOURCE = """using Stripe.Checkout;

public class Billing {
    public Session Start(string price) {
        var options = new SessionCreateOptions {
            Mode = "subscription",
            SubscriptionData = EMPTY,
            LineItems = new List<SessionLineItemOptions> { new SessionLineItemOptions { Price = price, Quantity = 1 } },
            SuccessUrl = "https://blog.test/ok",
        };
        return new SessionService().Create(options);
    }
}
"""


@pytest.mark.parametrize("empty", ["{ }", "{}", "new SessionSubscriptionDataOptions { }"])
def test_an_empty_nested_initializer_blocks_nothing(empty: str) -> None:
    code = SOURCE.replace("EMPTY", empty)
    (site,) = [s for s in scan_source(code, "Billing.cs", BY_NAME["csharp"]) if s.kind == "create"]
    assert not [f for f in site.findings if f.level is Level.BLOCKER]
    assert site.status.startswith("translated")
