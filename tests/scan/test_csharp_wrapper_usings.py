"""A C# wrapper's namespaces, added to its caller's ``// usings:`` line.

A C# wrapper's value or statement written at a caller of another namespace names the classes
the wrapper's file sees through its ``using`` directives (``Pricing.ToCents(price)`` with
``using Shop.Money;``) or its own namespace. The caller's file may see none of them: the Dodo
call did not compile there (CS0103: the name `Pricing` does not exist), where Java and Kotlin
add the wrapper's imports to their ``// imports:`` lines. The namespaces the wrapper's file sees
and the caller's does not are now added to the ``// usings:`` line
(``migrate/scan/wrapper_imports.py``); an awaited statement of such a wrapper
(``Course course = await Catalog.FindAsync(slug);``) is written at the caller too, where it was
``TODO_course`` with X021 (``migrate/scan/wrapper_statements.py``)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from migrate.scan import CallSite
from tests.scan.trees import creates, mcs, write_tree

MONEY = """namespace Shop.Money
{
    public static class Pricing
    {
        public static long ToCents(string price) => (long)(decimal.Parse(price) * 100);
    }
}
"""

DATA = """namespace Shop.Data
{
    public class Course
    {
        public long Fee { get; set; }
    }

    public static class Catalog
    {
        public static System.Threading.Tasks.Task<Course> FindAsync(string slug) =>
            System.Threading.Tasks.Task.FromResult(new Course());
    }
}
"""

BILLING = """using Stripe.Checkout;
using Shop.Data;
using Shop.Money;

namespace Shop.Billing
{
    public class Billing
    {
        public async Task<Session> Checkout(string price, string slug)
        {
            Course course = await Catalog.FindAsync(slug);
            var options = new SessionCreateOptions
            {
                Mode = "payment",
                SuccessUrl = "https://shop.test/ok",
                LineItems = new List<SessionLineItemOptions>
                {
                    new SessionLineItemOptions
                    {
                        Quantity = 1,
                        PriceData = new SessionLineItemPriceDataOptions
                        {
                            Currency = "usd",
                            UnitAmount = Pricing.ToCents(price) + course.Fee,
                            ProductData = new SessionLineItemPriceDataProductDataOptions
                            {
                                Name = "Seat",
                            },
                        },
                    },
                },
            };
            return await new SessionService().CreateAsync(options);
        }
    }
}
"""

DESK = """using Shop.Billing;
{usings}
namespace Shop.Web
{
    public class Desk
    {
        private readonly Billing.Billing billing = new Billing.Billing();

        public async Task<string> Buy(string price, string slug)
        {
            return (await billing.Checkout(price, slug)).Url;
        }
    }
}
"""


def _site(tmp_path: Path, usings: str = "") -> CallSite:
    files = {
        "Money/Pricing.cs": MONEY,
        "Data/Catalog.cs": DATA,
        "Billing/Billing.cs": BILLING,
        "Web/Desk.cs": DESK.replace("{usings}", usings),
    }
    (site,) = [s for s in creates(write_tree(tmp_path, files)) if s.via]
    return site


def _usings(text: str) -> list[str]:
    head = text.split("\n", 1)[0]
    assert head.startswith("// usings: "), head
    return [u.strip() for u in head.removeprefix("// usings: ").split(",")]


def _amount(text: str) -> str:
    found = re.search(r'\["amount"\] = JsonSerializer\.SerializeToNode\((.*?)\);\n', text)
    assert found is not None, text
    return found[1]


def test_the_wrappers_namespaces_the_caller_lacks_are_added_to_its_usings(
    tmp_path: Path,
) -> None:
    site = _site(tmp_path)
    text = site.suggestion or ""
    assert _amount(text) == "Pricing.ToCents(price) + course.Fee"
    # the awaited statement, written at the caller (was TODO_course with X021)
    assert text.split("\n")[1] == "Course course = await Catalog.FindAsync(slug);"
    usings = _usings(text)
    assert usings[-2:] == ["Shop.Data", "Shop.Money"]  # the wrapper's file's, in its order
    assert "Shop.Billing" not in usings and not [u for u in usings if u.startswith("Stripe")]
    assert not [f for f in site.findings if f.code == "X021"]


def test_a_namespace_the_caller_uses_already_is_not_added_again(tmp_path: Path) -> None:
    usings = _usings(_site(tmp_path, "using Shop.Money;\n").suggestion or "")
    assert "Shop.Data" in usings and "Shop.Money" not in usings


def test_a_class_of_net_adds_no_namespace(tmp_path: Path) -> None:
    # DateTime (System) in a value added every namespace the wrapper's file uses (seen in
    # public trees)
    billing = (
        BILLING.replace("            Course course = await Catalog.FindAsync(slug);\n", "")
        .replace("Pricing.ToCents(price) + course.Fee", "long.Parse(price)")
        .replace(
            '                Mode = "payment",\n',
            '                Mode = "payment",\n'
            "                ExpiresAt = DateTime.UtcNow.AddMinutes(30),\n"
            "                Metadata = new Dictionary<string, string>\n"
            "                {\n"
            '                    { "until", DateTime.UtcNow.AddDays(1).ToString("o") },\n'
            "                },\n",
        )
    )
    files = {
        "Money/Pricing.cs": MONEY,
        "Data/Catalog.cs": DATA,
        "Billing/Billing.cs": billing,
        "Web/Desk.cs": DESK.replace("{usings}", ""),
    }
    (site,) = [s for s in creates(write_tree(tmp_path, files)) if s.via]
    text = site.suggestion or ""
    assert 'DateTime.UtcNow.AddDays(1).ToString("o")' in text
    assert not [u for u in _usings(text) if u.startswith("Shop.")]


@pytest.mark.slow
def test_the_statement_and_the_value_compile_with_the_added_usings(tmp_path: Path) -> None:
    text = _site(tmp_path / "tree").suggestion or ""
    if shutil.which("mcs") is None:
        pytest.skip("mcs is not installed: the text is checked above")
    # mcs reads C# 7: the Dodo call's raw strings are not compiled, its statement and value are
    added = "".join(f"using {u};\n" for u in _usings(text) if u.startswith("Shop."))
    source = (
        "using System.Threading.Tasks;\n"
        + added
        + MONEY
        + DATA
        + "namespace Shop.Web\n{\n    class Check\n    {\n"
        "        static async Task<long> Buy(string price, string slug)\n        {\n"
        f"            {text.split(chr(10))[1]}\n"
        f"            return {_amount(text)};\n"
        "        }\n\n        static void Main() { }\n    }\n}\n"
    )
    done = mcs(tmp_path, source)
    assert done.returncode == 0, done.stdout + done.stderr + "\n" + source
