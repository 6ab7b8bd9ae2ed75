"""A C# wrapper whose class takes its services by a primary constructor (C# 12: ``public class
CheckoutService(AccountService accounts)``) and reads them bare in the method that creates the
session: a call of the wrapper from another class cannot see them.

Seen in an ASP.NET Core top-up service shaped so (the buyer's email and id read from
``accounts.Current().Result``): the controller's call of the wrapper wrote
``accounts.Current().Result.Email`` as if ``accounts`` were the controller's own - a name it
does not have (the suggestion did not compile), or, when the controller injects a service of
that name too, a different object read without a word. A primary-constructor parameter is now
a field of the class no other object can read (``TODO_accounts``, X021), as a private field is;
a record's positional parameters are public properties, read on the receiver."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths

SERVICE = """using Stripe.Checkout;

namespace Wallet.Services;

public class TopUpService(AccountService accounts, WalletOptions options)
{
    public Session Open(long cents)
    {
        var me = accounts.Current().Result;
        var create = new SessionCreateOptions
        {
            Mode = "payment",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = options.TopUpPriceId, Quantity = cents / 100 },
            },
            CustomerEmail = me.Email,
            SuccessUrl = "https://wallet.test/ok",
        };
        return new SessionService().Create(create);
    }
}
"""

CONTROLLER = """using Wallet.Services;

namespace Wallet.Controllers;

public class TopUpController(TopUpService topUps, AdminAccounts accounts)
{
    public object Post(long cents)
    {
        var s = topUps.Open(cents);
        return new { url = s.Url, admin = accounts.Name };
    }
}
"""

RECORD = """using Stripe.Checkout;

namespace Wallet.Services;

public record PlanCheckout(string PriceId, string ReturnUrl)
{
    public Session Open(string email)
    {
        var create = new SessionCreateOptions
        {
            Mode = "subscription",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = PriceId, Quantity = 1 },
            },
            CustomerEmail = email,
            SuccessUrl = ReturnUrl,
        };
        return new SessionService().Create(create);
    }
}
"""

RECORD_CALLER = """using Wallet.Services;

namespace Wallet.Controllers;

public class PlanController
{
    public object Post(string email)
    {
        var plan = new PlanCheckout("price_1Pro", "https://wallet.test/plans");
        var s = plan.Open(email);
        return new { url = s.Url };
    }
}
"""


def _callers(tmp_path: Path, files: dict[str, str]) -> list:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return [s for s in scan_paths([str(tmp_path)]) if s.kind == "create" and s.via]


def test_a_primary_constructor_service_is_no_name_of_the_caller(tmp_path: Path) -> None:
    (call,) = _callers(tmp_path, {"TopUpService.cs": SERVICE, "TopUpController.cs": CONTROLLER})
    sources = {d.path: d.source for d in call.dynamic}
    assert sources["customer_email"] == "TODO_accounts.Current().Result.Email"
    assert sources["line_items[0].price"] == "TODO_options.TopUpPriceId"
    hidden = {f.path for f in call.findings if f.code == "X021"}
    assert {"customer_email", "line_items[0].price"} <= hidden
    assert "accounts.Current()" not in call.suggestion.replace("TODO_accounts.Current()", "")


def test_a_records_positional_properties_are_read_on_the_receiver(tmp_path: Path) -> None:
    (call,) = _callers(tmp_path, {"PlanCheckout.cs": RECORD, "PlanController.cs": RECORD_CALLER})
    sources = {d.path: d.source for d in call.dynamic}
    assert sources["line_items[0].price"] == "plan.PriceId"
    assert sources["success_url"] == "plan.ReturnUrl"
    assert "TODO_" not in call.suggestion
    assert not [f for f in call.findings if f.code == "X021"]


JAVA_RECORD = """package shop;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public record PlanCheckout(String priceId, String returnUrl) {
    public Session open(String email) throws Exception {
        SessionCreateParams p = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice(priceId).setQuantity(1L).build())
                .setCustomerEmail(email)
                .setSuccessUrl(returnUrl)
                .build();
        return Session.create(p);
    }
}
"""

JAVA_RECORD_CALLER = """package shop;

public class PlanController {
    public String upgrade(String email, String priceId) throws Exception {
        audit(priceId);
        PlanCheckout plan = new PlanCheckout("price_1Pro", "https://shop.test/plans");
        return plan.open(email).getUrl();
    }

    private void audit(String previous) {}
}
"""


def test_a_java_records_components_are_read_by_their_accessors(tmp_path: Path) -> None:
    """A Java record reads its components bare; its caller has a ``priceId`` of its own (the
    plan being left), which the record's price is not: the call writes the record's accessor
    on its receiver, never the caller's name."""
    files = {"PlanCheckout.java": JAVA_RECORD, "PlanController.java": JAVA_RECORD_CALLER}
    (call,) = _callers(tmp_path, files)
    sources = {d.path: d.source for d in call.dynamic}
    assert sources["line_items[0].price"] == "plan.priceId()"
    assert sources["success_url"] == "plan.returnUrl()"
