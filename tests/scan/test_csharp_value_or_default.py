"""C#: ``seats.GetValueOrDefault()`` without an argument (the nullable's type default: 0 for
an ``int?``) was not read: at a caller passing a number the suggestion wrote
``(3).GetValueOrDefault()`` (no such method on an int: it does not compile), and a caller
passing ``null`` got a line with no quantity that the Dodo cart sold once (L116), where the
Stripe call sends quantity 0. It is read as ``GetValueOrDefault(0)`` is now, where the method
declares the nullable's type."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import creates, write_tree

PLANS = """\
using Stripe;
using Stripe.Checkout;

public class Plans
{
    public Session Start(int? seats, string price)
    {
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            SuccessUrl = "https://app.test/done",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = price, Quantity = seats.GetValueOrDefault() },
            },
        };
        return new SessionService().Create(options);
    }
}
"""

CALLERS = """\
public class Team
{
    public object Three() { return new Plans().Start(3, "price_1Team"); }

    public object Unset() { return new Plans().Start(null, "price_1Team"); }
}
"""


def _callers(tmp_path: Path) -> dict[int, CallSite]:
    top = write_tree(tmp_path / "app", {"Plans.cs": PLANS, "Team.cs": CALLERS})
    return {s.line: s for s in creates(top) if s.file.endswith("Team.cs")}


def test_a_number_given_is_the_quantity(tmp_path: Path) -> None:
    site = _callers(tmp_path)[3]
    assert '"quantity": 3' in site.suggestion
    assert "GetValueOrDefault" not in site.suggestion


def test_null_given_is_quantity_zero_which_blocks(tmp_path: Path) -> None:
    site = _callers(tmp_path)[5]
    said = {f.code: f.message for f in site.findings}
    assert "L109" in said and "Quantity 0" in said["L109"]
    assert "L116" not in said  # never a line silently sold once
