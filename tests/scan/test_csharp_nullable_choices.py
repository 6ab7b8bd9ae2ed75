# ruff: noqa: E501  (the fixture is C# written as an application writes it)
"""C#: a value or nothing chosen at run time (``TrialPeriodDays = trial ? 14 : null``, which
compiles in the Stripe code because the property is a ``long?``) was written into the Dodo
body as ``JsonSerializer.SerializeToNode((trial ? 14 : null))``: no target type reaches the
generic argument, and C# refuses a conditional between an int and a bare null (CS0173). The
null is typed now as what the other branch converts to."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

CODE = """\
using Stripe;
using Stripe.Checkout;

public class Plans
{
    public Session Start(bool trial, bool gift, string? coupon, string price)
    {
        var options = new SessionCreateOptions
        {
            Mode = "subscription",
            SuccessUrl = "https://app.test/done",
            LineItems = new List<SessionLineItemOptions> { new SessionLineItemOptions { Price = price, Quantity = 1 } },
            SubscriptionData = new SessionSubscriptionDataOptions { TrialPeriodDays = trial ? 14 : null },
            Metadata = new Dictionary<string, string> { ["gift"] = gift ? "yes" : null },
        };
        return new SessionService().Create(options);
    }
}
"""


def _written() -> dict[str, str]:
    (site,) = [s for s in scan_source(CODE, "Plans.cs", BY_NAME["csharp"]) if s.kind == "create"]
    found = re.findall(r'\["(\w+)"\] = JsonSerializer\.SerializeToNode\((.*)\);', site.suggestion)
    return dict(found)


def test_a_number_or_nothing_is_written_with_a_typed_null() -> None:
    written = _written()
    assert written["trial_period_days"] == "(trial ? 14 : (long?)null)"


@pytest.mark.slow
def test_the_written_choices_compile(tmp_path: Path) -> None:
    if shutil.which("mcs") is None:
        pytest.skip("mcs is not installed: the choices are not compiled")
    calls = "\n".join(f"    Node({code});" for code in _written().values())
    (tmp_path / "Check.cs").write_text(
        "static class DodoIds { public static string ProductId(string id) { return id; } }\n"
        "class Check {\n"
        "  static object Node<T>(T value) { return value; }\n"  # SerializeToNode's shape
        '  static void Main() {\n    bool trial = true, gift = false; string price = "p";\n'
        f"{calls}\n    System.Console.WriteLine(price);\n  }}\n}}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        ["mcs", "Check.cs", "-out:check.exe"],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr + calls
