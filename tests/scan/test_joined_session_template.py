"""A return URL whose ``{CHECKOUT_SESSION_ID}`` is a literal of its own, joined after the one
that ends with the parameter's name (``$"{root}/paid?sid=" + "{CHECKOUT_SESSION_ID}"``, as an
ASP.NET Core shop wrote it) kept the template in the Dodo call, C003 asking for its removal by
hand: Dodo would send the buyer to ``/paid?sid={CHECKOUT_SESSION_ID}``. The parameter and the
joined literal are now removed as a parameter written in one literal is; a template joined
after a fragment (``#``) or followed by more of the URL is still left to the reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.mapping.url_templates import without_session_template
from tests.scan.trees import creates, write_tree


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('$"{root}/paid?sid=" + "{CHECKOUT_SESSION_ID}"', '$"{root}/paid"'),
        ('home + "/done?a=1&cs=" + "{CHECKOUT_SESSION_ID}"', 'home + "/done?a=1"'),
        ("$home . '/done?cs=' . '{CHECKOUT_SESSION_ID}'", "$home . '/done'"),
        ('home + "/done#" + "{CHECKOUT_SESSION_ID}"', None),
        ('home + "?cs=" + "{CHECKOUT_SESSION_ID}" + "&b=2"', None),
    ],
)
def test_a_template_joined_as_its_own_literal_goes_with_its_parameter(
    source: str, expected: str | None
) -> None:
    assert without_session_template(source) == expected


_SERVICE = """using Stripe.Checkout;

public class TicketDesk
{
    public async Task<string> Open(string root)
    {
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            SuccessUrl = $"{root}/tickets/paid?sid=" + "{CHECKOUT_SESSION_ID}",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = "price_1Ticket", Quantity = 3 },
            },
        };
        var session = await new SessionService().CreateAsync(options);
        return session.Url;
    }
}
"""


def test_the_dodo_return_url_has_no_template_left(tmp_path: Path) -> None:
    (site,) = creates(write_tree(tmp_path / "app", {"TicketDesk.cs": _SERVICE}))
    suggestion = site.suggestion or ""
    assert 'SerializeToNode($"{root}/tickets/paid");' in suggestion
    assert "CHECKOUT_SESSION_ID" not in suggestion
    (c003,) = [f.message for f in site.findings if f.code == "C003"]
    assert "it was removed" in c003
