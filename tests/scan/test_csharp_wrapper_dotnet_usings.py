"""A C# wrapper's expression written at a caller in another file names a .NET class of a
namespace neither ``System`` nor the SDK's implicit usings hold (``DateTime.UtcNow.ToString(
CultureInfo.InvariantCulture)`` with ``using System.Globalization;``): the caller's file, without
that ``using``, did not compile the suggestion (CS0103). Its namespace is added to the caller's
``// usings:`` line; a caller that has it already gets nothing more."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths

WRAPPER = """\
using Stripe;
using Stripe.Checkout;
using System;
using System.Collections.Generic;
using System.Globalization;

namespace Shop.Payments
{
    public static class StripeCheckout
    {
        public static string Start(string priceId, string user)
        {
            var options = new SessionCreateOptions
            {
                LineItems = new List<SessionLineItemOptions>
                {
                    new SessionLineItemOptions { Price = priceId, Quantity = 1 },
                },
                Metadata = new Dictionary<string, string>
                {
                    { "Created", DateTime.UtcNow.ToString(CultureInfo.InvariantCulture) },
                },
                ClientReferenceId = user,
                Mode = "payment",
                SuccessUrl = "https://shop.example/ok",
            };
            return new SessionService().Create(options).Url;
        }
    }
}
"""

CALLER = """\
using Microsoft.AspNetCore.Mvc;
{using}using Shop.Payments;

namespace Shop.Web
{{
    public class PayController : Controller
    {{
        public IActionResult Buy(string user)
        {{
            var url = StripeCheckout.Start("price_1Gold", user);
            return Redirect(url);
        }}
    }}
}}
"""


def _caller_usings(tmp_path: Path, using: str) -> str:
    (tmp_path / "StripeCheckout.cs").write_text(WRAPPER, encoding="utf-8")
    (tmp_path / "PayController.cs").write_text(CALLER.format(using=using), encoding="utf-8")
    sites = [s for s in scan_paths([str(tmp_path)], jobs=1) if s.via]
    assert len(sites) == 1, sites
    assert "CultureInfo.InvariantCulture" in sites[0].suggestion
    return sites[0].suggestion.splitlines()[0]


def test_the_namespace_of_a_wrappers_dotnet_class_is_added(tmp_path: Path) -> None:
    head = _caller_usings(tmp_path, "")
    assert head.startswith("// usings: ")
    assert "System.Globalization" in head.split(", ")


def test_a_caller_that_has_the_namespace_gets_nothing_more(tmp_path: Path) -> None:
    head = _caller_usings(tmp_path, "using System.Globalization;\n")
    assert "System.Globalization" not in head
