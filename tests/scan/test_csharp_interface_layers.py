"""A .NET service called through its interface in the usual layered layout: the interface in the
application layer's namespace (``Shop.Core.Interfaces``), its one implementation calling Stripe in
the infrastructure's (``Shop.Infra.Payments``), the handler injected with the interface. The call
was not found: the interface was looked for in the implementation's namespace, and a handler
taking the interface in a C# 12 primary constructor (``class Book(IPayments payments) :
ICommandHandler<...>``) was read as a second class implementing it (its constructor's parameter
types were read as its base list). Seen in a .NET microservice booking courts (a PaymentIntent for
the booking's price, VND by the parameter's default); written here in that shape."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree

INTERFACE = """\
using Stripe;

namespace Shop.Core.Interfaces;

public interface IPayments
{
    Task<PaymentIntent> ChargeAsync(
        decimal amount, string currency = "vnd", CancellationToken ct = default);
}
"""

SERVICE = """\
using Shop.Core.Interfaces;
using Stripe;

namespace Shop.Infra.Payments;

public class StripePayments : IPayments
{
    public async Task<PaymentIntent> ChargeAsync(
        decimal amount, string currency = "vnd", CancellationToken ct = default)
    {
        var options = new PaymentIntentCreateOptions { Amount = (long)amount, Currency = currency };
        return await new PaymentIntentService().CreateAsync(options, cancellationToken: ct);
    }
}
"""

FIELD_CALLER = """\
using Shop.Core.Interfaces;

namespace Shop.Core.Bookings;

public class CancelHandler
{
    private readonly IPayments _payments;

    public CancelHandler(IPayments payments) { _payments = payments; }

    public async Task<string> Rebook(decimal fee, CancellationToken ct)
    {
        var intent = await _payments.ChargeAsync(fee, ct: ct);
        return intent.ClientSecret;
    }
}
"""

PRIMARY_CALLER = """\
using Shop.Core.Interfaces;

namespace Shop.Core.Bookings;

public class BookHandler(
    ICourts courts,
    IPayments payments
) : ICommandHandler<BookCommand, BookResult>
{
    public async Task<BookResult> Handle(BookCommand command, CancellationToken ct)
    {
        var court = await courts.FindAsync(command.CourtId);
        var intent = await payments.ChargeAsync(
            court.PricePerHour * command.Hours,
            ct: ct
        );
        return new BookResult(intent.ClientSecret);
    }
}
"""

FILES = {
    "Core/Interfaces/IPayments.cs": INTERFACE,
    "Infra/Payments/StripePayments.cs": SERVICE,
}


def _caller(top: Path, name: str) -> CallSite:
    return next(s for s in _creates(top) if s.file.endswith(name))


def test_an_interface_of_another_namespace_reaches_its_one_implementation(
    tmp_path: Path,
) -> None:
    top = _tree(tmp_path, {**FILES, "Core/Bookings/CancelHandler.cs": FIELD_CALLER})
    call = _caller(top, "CancelHandler.cs")
    text = call.suggestion or ""
    assert '["amount"] = JsonSerializer.SerializeToNode((long)fee)' in text.replace("\n", "")


def test_a_primary_constructor_taking_the_interface_is_no_second_implementer(
    tmp_path: Path,
) -> None:
    top = _tree(tmp_path, {**FILES, "Core/Bookings/BookHandler.cs": PRIMARY_CALLER})
    call = _caller(top, "BookHandler.cs")
    assert "court.PricePerHour * command.Hours" in (call.suggestion or "")


WEB_INTERFACE = """\
namespace Shop.Web.Interfaces;

public interface IPayments
{
    Task<string> ChargeAsync(decimal amount);
}
"""

WEB_CLIENT = """\
using Shop.Web.Interfaces;

namespace Shop.Web.Services;

public class StripePayments : IPayments
{
    private readonly HttpClient _http;

    public async Task<string> ChargeAsync(decimal amount)
    {
        var reply = await _http.PostAsJsonAsync("/api/payments", new { amount });
        return await reply.Content.ReadAsStringAsync();
    }
}
"""

WEB_CALLER = """\
using Shop.Web.Interfaces;

namespace Shop.Web.Controllers;

public class BasketController
{
    private readonly IPayments _payments;

    public async Task<string> Pay(decimal total)
    {
        return await _payments.ChargeAsync(total);
    }
}
"""


def test_a_web_front_s_interface_of_the_same_name_is_another_one(tmp_path: Path) -> None:
    top = _tree(
        tmp_path,
        {
            **FILES,
            "Core/Bookings/CancelHandler.cs": FIELD_CALLER,
            "Web/Interfaces/IPayments.cs": WEB_INTERFACE,
            "Web/Services/StripePayments.cs": WEB_CLIENT,
            "Web/Controllers/BasketController.cs": WEB_CALLER,
        },
    )
    files = [s.file for s in _creates(top)]
    assert any(f.endswith("CancelHandler.cs") for f in files)
    assert not any(f.endswith("BasketController.cs") for f in files)
