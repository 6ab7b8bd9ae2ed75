"""A call of a wrapper method that has overloads (Java, C#: methods of one class with the same
name) is bound to one of them as the compiler would, by the count of its arguments and what is
known of their types (``migrate/scan/overloads.py``); an overload that calls the wrapper is a
wrapper itself; a call the scan cannot bind is not followed (X030)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, ScanStats, scan_source

ORCHARD_HELPER = """\
using System.Threading.Tasks;
using Stripe;

public record Amount(decimal Value, string CurrencyIsoCode);

public class PaymentIntentHelper
{
    private readonly PaymentIntentService _paymentIntentService = new();

    public async Task<PaymentIntent> CreatePaymentIntentAsync(Amount total, string cartId = null)
    {
        var options = new PaymentIntentCreateOptions
        {
            Amount = (long)(total.Value * 100),
            Currency = total.CurrencyIsoCode,
            Description = "Checkout",
        };
        return await CreatePaymentIntentAsync(options);
    }

    public async Task<PaymentIntent> CreatePaymentIntentAsync(PaymentIntentCreateOptions options) =>
        await _paymentIntentService.CreateAsync(options);
}
"""
ORCHARD_PROVIDER = """\
using System.Threading.Tasks;

public class PaymentProvider
{
    private readonly PaymentIntentHelper _helper = new();

    public async Task<string> StartAsync(Amount order, string cart)
    {
        var intent = await _helper.CreatePaymentIntentAsync(order, cart);
        return intent.ClientSecret;
    }
}
"""


def _sites(code: str, name: str, language: str) -> list[CallSite]:
    return list(scan_source(code, name, BY_NAME[language]))


def _codes(site: CallSite) -> list[str]:
    return [f.code for f in site.findings]


def _check_orchard_caller(caller: CallSite, helper: str) -> None:
    # bound to the (Amount, string) overload, which passes the options it builds on: the
    # caller's amount and currency, not its Amount taken as the options (PI106, RT034)
    assert caller.via == f"PaymentIntentHelper.CreatePaymentIntentAsync at {helper}:18"
    assert caller.params == {
        "amount": {"$dynamic": "(long)(order.Value * 100)"},
        "currency": {"$dynamic": "order.CurrencyIsoCode"},
        "description": "Checkout",
    }
    assert "PI106" not in _codes(caller)
    assert "RT034" not in _codes(caller)
    assert "PI111" in _codes(caller)  # the currency is the caller's, known at run time


def test_a_csharp_call_is_bound_to_the_overload_its_arguments_fit(tmp_path: Path) -> None:
    # OrchardCore.Commerce's shape, in one file (the report's reproduction)
    code = ORCHARD_HELPER + "\n" + ORCHARD_PROVIDER.split("\n", 2)[2]
    sites = _sites(code, "Helper.cs", "csharp")
    assert [(s.line, s.via is not None, s.wrapper) for s in sites] == [
        (18, True, "PaymentIntentHelper.CreatePaymentIntentAsync(total, cartId)"),
        (22, False, "PaymentIntentHelper.CreatePaymentIntentAsync(options)"),
        (31, True, "PaymentProvider.StartAsync(order, cart)"),  # passes its parameters on
    ]
    delegating = sites[0]
    assert delegating.via == "PaymentIntentHelper.CreatePaymentIntentAsync at Helper.cs:22"
    assert _codes(delegating)[:2] == ["X024", "X025"]  # a wrapper, and a call of one
    _check_orchard_caller(sites[2], "Helper.cs")


def test_an_overload_in_another_file_is_a_wrapper_of_the_tree(tmp_path: Path) -> None:
    (tmp_path / "Helper.cs").write_text(ORCHARD_HELPER, encoding="utf-8")
    (tmp_path / "Provider.cs").write_text(ORCHARD_PROVIDER, encoding="utf-8")
    stats = ScanStats()
    sites = list(scan_paths([str(tmp_path)], stats=stats))
    assert stats.problems == []
    caller = next(s for s in sites if s.file.endswith("Provider.cs"))
    _check_orchard_caller(caller, str(tmp_path / "Helper.cs"))


CSHARP_TYPES = """\
using Stripe.Checkout;
public class Billing
{
    private Plan _plan;
    public Session Start(string priceId, int qty = 1) =>
        new SessionService().Create(new SessionCreateOptions { Mode = "payment",
            SuccessUrl = "https://x.example/ok",
            LineItems = new() { new SessionLineItemOptions { Price = priceId, Quantity = qty } } });
    public Session Start(Plan plan) => Open(plan.Id);
    public Session Start(string priceId, string coupon) => Open(priceId + coupon);
}
public class Plans
{
    private readonly Billing _billing = new();
    private Plan _current;
    public void Buy(Plan chosen, string priceId)
    {
        _billing.Start("price_1Literal");
        _billing.Start(priceId, 2);
        _billing.Start(priceId, qty: 3);
        _billing.Start(new Plan());
        _billing.Start(chosen);
        _billing.Start(_current);
        var plan = new Plan();
        _billing.Start(plan);
        _billing.Start("price_1", "SUMMER");
        _billing.Start(priceId, coupon: "SUMMER");
        _billing.Start(Lookup());
    }
}
"""


def test_csharp_overloads_by_count_defaults_named_arguments_and_types() -> None:
    sites = _sites(CSHARP_TYPES, "Billing.cs", "csharp")
    calls = {s.line: s for s in sites if s.line > 11}
    followed = {n: s.params["line_items"][0] for n, s in calls.items() if s.kind == "create"}
    assert followed == {
        18: {"price": "price_1Literal", "quantity": 1},  # the default fills quantity
        19: {"price": {"$dynamic": "priceId"}, "quantity": 2},
        20: {"price": {"$dynamic": "priceId"}, "quantity": 3},
    }  # a Plan (new, a parameter, a field, a local) or a coupon: another overload, no creation
    unsure = [s for s in calls.values() if s.kind == "related"]
    assert [(s.line, s.rule) for s in unsure] == [(28, "X030")]  # Lookup(): Plan or string?
    message = unsure[0].findings[0].message
    assert "Billing.Start(string priceId, int qty)" in message
    assert "Billing.Start(Plan plan)" in message


JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class CheckoutService {
  public Session create(SessionCreateParams params) throws Exception {
    return Session.create(params);
  }

  public Session create(Cart cart) throws Exception {
    return create(SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://x.example/ok")
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(cart.priceId()).setQuantity(1L).build())
        .build());
  }

  public Session create(String priceId, long quantity) throws Exception {
    return create(SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://x.example/ok")
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(quantity).build())
        .build());
  }
}

class PlanController {
  private final CheckoutService checkoutService = new CheckoutService();

  Session pro(Cart basket) throws Exception { return checkoutService.create(basket); }

  Session team() throws Exception { return checkoutService.create("price_1Team", 5L); }

  Session unsure() throws Exception { return checkoutService.create(load()); }
}
"""


def test_java_overloads_each_a_wrapper_bound_by_count_and_type() -> None:
    sites = [s for s in _sites(JAVA, "CheckoutService.java", "java") if s.line > 24]
    assert [(s.line, s.kind, s.via and s.via.rsplit(":", 1)[-1]) for s in sites] == [
        (27, "create", "10"),  # create(Cart): the overload that builds the params from it
        (29, "create", "17"),  # create(String, long)
        (31, "related", None),  # load(): a Cart or the params? not followed
    ]
    pro, team, unsure = sites
    assert pro.params["line_items"] == [{"price": {"$dynamic": "basket.priceId()"}, "quantity": 1}]
    assert team.params["line_items"] == [{"price": "price_1Team", "quantity": 5}]
    assert unsure.rule == "X030"
    assert "CheckoutService.create(Cart cart)" in unsure.findings[0].message


def test_a_method_without_overloads_is_followed_as_before() -> None:
    code = """\
using Stripe.Checkout;
public class Billing
{
    public Session Start(string priceId) => new SessionService().Create(new SessionCreateOptions {
        Mode = "payment", SuccessUrl = "https://x.example/ok",
        LineItems = new() { new SessionLineItemOptions { Price = priceId, Quantity = 1 } } });
    public Session Buy(Plan plan) => Start(plan.PriceId);
}
"""
    sites = _sites(code, "Billing.cs", "csharp")
    assert [(s.line, s.via is not None) for s in sites] == [(4, False), (7, True)]
    assert sites[1].params["line_items"] == [{"price": {"$dynamic": "plan.PriceId"}, "quantity": 1}]


def test_the_text_output_says_an_overload_calling_the_wrapper_is_one_too(tmp_path: Path) -> None:
    from migrate.commands.scan import scan
    from migrate.formats import format_for

    (tmp_path / "Helper.cs").write_text(ORCHARD_HELPER, encoding="utf-8")
    text = format_for("text").render(scan([str(tmp_path)]).result)
    line = next(x for x in text.splitlines() if x.startswith("   CreatePaymentIntentAsync -> "))
    assert line.endswith(
        ":22) (a wrapper: PaymentIntentHelper.CreatePaymentIntentAsync(total, cartId))"
    )


SELLER_PAYMENTS = """
using Stripe;

public class Order { public long Total; public string Currency; }

public class Payments
{
    public PaymentIntent Charge(PaymentIntentCreateOptions options)
    {
        var service = new PaymentIntentService();
        return service.Create(options, new RequestOptions { StripeAccount = "acct_1Seller" });
    }

    public PaymentIntent Charge(Order order)
    {
        return Charge(new PaymentIntentCreateOptions { Amount = order.Total, Currency = "usd" });
    }
}
"""

SELLER_SHOP = """
using Stripe;

public class Shop
{
    private readonly Payments payments = new Payments();

    public void Buy(Order order)
    {
        payments.Charge(order);
    }

    public void BuyDirect(long amount)
    {
        payments.Charge(new PaymentIntentCreateOptions { Amount = amount, Currency = "usd" });
    }
}
"""


def test_an_overload_delegating_to_a_wrapper_keeps_the_connected_account_it_sets(
    tmp_path: Path,
) -> None:
    # the wrapper pays a connected account; Charge(Order) delegates to it: a caller of that
    # overload was translated without X017 (the seller's money to the platform)
    (tmp_path / "Payments.cs").write_text(SELLER_PAYMENTS)
    (tmp_path / "Shop.cs").write_text(SELLER_SHOP)
    stats = ScanStats()
    sites = [s for s in scan_paths([str(tmp_path)], stats=stats) if s.file.endswith("Shop.cs")]
    assert stats.problems == [] and [s.line for s in sites] == [10, 15]
    for site in sites:
        assert "X017" in _codes(site), site.line
