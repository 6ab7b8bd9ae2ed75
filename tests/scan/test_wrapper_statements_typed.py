"""A Java, C# or Kotlin wrapper's local bound by a statement, written at its callers.

A wrapper's local computed from its parameters by a call (``long amount = toCents(price);``,
``var course = courses.find(slug);``, Kotlin's ``val total = items.sumOf { it.cents }``) was
written into each value that read it at a caller: read twice (the amount and a metadata value,
a course's fee and title), the call ran twice, where the wrapper ran it once. A C# local that
awaits (``Course course = await Catalog.FindAsync(slug);``) could not be written into a value
at all: ``TODO_course``, with X021. Each is now the statement, written once at the caller
before its Dodo call with the caller's arguments in place (its declared type kept, ``var``
staying ``var``, Kotlin's ``val``), named after the local, numbered beside the caller's own
names and those another Dodo call of the same function binds
(``migrate/scan/wrapper_statements.py``). What the caller cannot see (an instance field of the
wrapper's class, a private method of it, from another class) is named ``TODO_<name>`` in the
statement, with X021 at each value that reads the local; a local read once is written inline as
it was."""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from migrate.scan import CallSite
from tests.scan.trees import creates, mcs, write_tree

JAVA_BILLING = """package shop;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Billing {
    {field}
    {access} static long toCents(String price) {
        return Math.round(Double.parseDouble(price) * 100);
    }

    public Session checkout(Courses courses, String price, String slug) throws Exception {
        long amount = toCents(price);
        var course = {source}.find(slug);
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://shop.test/ok")
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency("usd")
                                .setUnitAmount(amount + course.getFee())
                                .setProductData(
                                        SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                                .setName(course.getTitle())
                                                .build())
                                .build())
                        .build())
                .putMetadata("cents", String.valueOf(amount))
                .build();
        return Session.create(params);
    }

    public String again(Courses courses, String price) throws Exception {
        return checkout(courses, price, "intro").getUrl();
    }
}
"""

JAVA_DESK = """package shop;

public class Desk {
    private final Billing billing = new Billing();
    private final Courses catalog = new Courses();

    public String buy(String price, String slug) throws Exception {
        long amount = 3;
        billing.checkout(catalog, price, slug);
        return billing.checkout(catalog, price, slug + "-2").getUrl() + amount;
    }
}
"""

COURSES = """package shop;

public class Courses {
    public Course find(String slug) {
        return new Course();
    }
}
"""


def _java(field: str = "", access: str = "public", source: str = "courses") -> str:
    text = JAVA_BILLING.replace("{field}", field).replace("{access}", access)
    return text.replace("{source}", source)


def _sites(top: Path, stem: str) -> list[CallSite]:
    found = [s for s in creates(top) if s.via and Path(s.file).stem == stem]
    return sorted(found, key=lambda s: s.line)


def _x021(site: CallSite) -> list[str]:
    return sorted(f.path for f in site.findings if f.code == "X021")


def _bound(text: str) -> list[str]:
    """The statements a suggestion writes before its Dodo code (after its imports lines)."""
    lines = text.splitlines()
    while lines and lines[0].startswith("//"):
        lines.pop(0)
    out = []
    for line in lines:
        if line.startswith(("//", "final class", "val dodo", "var dodo", "String dodo")):
            break
        out.append(line)
    return out


def test_java_locals_read_twice_are_bound_once_at_a_caller_of_another_class(
    tmp_path: Path,
) -> None:
    files = {"shop/Billing.java": _java(), "shop/Desk.java": JAVA_DESK}
    first, second = _sites(write_tree(tmp_path / "tree", files), "Desk")
    # the static helper read on its class; the caller's own `amount` makes amount2; the
    # second Dodo call of the same method takes neither amount2 nor course
    assert _bound(first.suggestion or "") == [
        "long amount2 = Billing.toCents(price);",
        "var course = catalog.find(slug);",
    ]
    assert _bound(second.suggestion or "") == [
        "long amount3 = Billing.toCents(price);",
        'var course2 = catalog.find(slug + "-2");',
    ]
    text = first.suggestion or ""
    assert "DodoJson.of(amount2 + course.getFee())" in text
    assert "DodoJson.of(String.valueOf(amount2))" in text
    assert text.count("toCents(") == 1 and "TODO_" not in text
    assert _x021(first) == [] and _x021(second) == []


def test_a_java_caller_of_the_wrappers_own_class_calls_its_helper_as_it_does(
    tmp_path: Path,
) -> None:
    files = {"shop/Billing.java": _java(access="private"), "shop/Desk.java": JAVA_DESK}
    (again,) = _sites(write_tree(tmp_path, files), "Billing")
    assert _bound(again.suggestion or "") == [
        "long amount = toCents(price);",
        'var course = courses.find("intro");',
    ]
    assert _x021(again) == []


def test_a_private_helper_or_a_field_of_the_wrapper_seen_from_another_class_keeps_x021(
    tmp_path: Path,
) -> None:
    billing = _java(
        field="private final Courses repo = new Courses();\n", access="private", source="repo"
    )
    files = {"shop/Billing.java": billing, "shop/Desk.java": JAVA_DESK}
    first, _ = _sites(write_tree(tmp_path, files), "Desk")
    text = first.suggestion or ""
    # still bound once (read twice, each a call), what the caller cannot see named TODO_
    assert _bound(text) == [
        "long amount2 = TODO_toCents(price);",
        "var course = TODO_repo.find(slug);",
    ]
    assert "DodoJson.of(amount2 + course.getFee())" in text and text.count("toCents(") == 1
    assert _x021(first) == [
        "line_items[0].price_data.product_data.name",
        "line_items[0].price_data.unit_amount",
        "metadata.cents",
    ]


@pytest.mark.slow
def test_the_java_callers_suggestions_compile_in_one_method(tmp_path: Path) -> None:
    files = {"shop/Billing.java": _java(), "shop/Desk.java": JAVA_DESK}
    first, second = _sites(write_tree(tmp_path / "tree", files), "Desk")
    javac = shutil.which("javac")
    if javac is None:
        pytest.skip("no JDK: the text is checked above")
    body = (first.suggestion or "").split("\n", 1)[1]  # the imports comment
    # the method's second Dodo call: its helper class is DodoJson2 (test_dodo_locals_per_function)
    amount = re.search(r"DodoJson2\.of\(([^\n]*?)\)\)\n", second.suggestion or "")
    assert amount is not None
    after = "\n".join([*_bound(second.suggestion or ""), f"long second = {amount[1]};"])
    source = (
        "import java.net.URI;\nimport java.net.http.HttpClient;\n"
        "import java.net.http.HttpRequest;\nimport java.net.http.HttpResponse;\n\n"
        "class Course {\n    long getFee() { return 5; }\n"
        '    String getTitle() { return "t"; }\n}\n\n'
        "class Courses {\n    Course find(String slug) { return new Course(); }\n}\n\n"
        "class Billing {\n    public static long toCents(String price) { return 100; }\n}\n\n"
        "public class Desk {\n"
        "    String buy(Courses catalog, String price, String slug) throws Exception {\n"
        "        long amount = 3;\n"
        + textwrap.indent(body + "\n" + after, " " * 8)
        + "\n        return dodoResponse.body() + amount + second;\n    }\n}\n"
    )
    (tmp_path / "Desk.java").write_text(source, encoding="utf-8")
    done = subprocess.run(
        [javac, "-d", str(tmp_path), str(tmp_path / "Desk.java")],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr + "\n" + source


CS_CATALOG = """namespace Shop
{
    public class Course
    {
        public long Fee { get; set; }
    }

    public static class Catalog
    {
        public static Task<Course> FindAsync(string slug) => Task.FromResult(new Course());
    }
}
"""

CS_BILLING = """using Stripe.Checkout;

namespace Shop
{
    public class Billing
    {
        private readonly Repo repo = new Repo();

        public async Task<Session> Checkout(string slug, string email)
        {
            Course course = await {source}.FindAsync(slug);
            var options = new SessionCreateOptions
            {
                Mode = "payment",
                CustomerEmail = email,
                SuccessUrl = "https://shop.test/ok",
                LineItems = new List<SessionLineItemOptions>
                {
                    new SessionLineItemOptions
                    {
                        Quantity = 1,
                        PriceData = new SessionLineItemPriceDataOptions
                        {
                            Currency = "usd",
                            UnitAmount = course.Fee,
                            ProductData = new SessionLineItemPriceDataProductDataOptions
                            {
                                Name = "Course",
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

CS_DESK = """namespace Shop
{
    public class Desk
    {
        private readonly Billing billing = new Billing();

        public async Task<string> Buy(string slug, string email)
        {
            var course = slug.ToUpper();
            var first = await billing.Checkout(slug, email);
            return (await billing.Checkout(course, email)).Url + first.Url;
        }
    }
}
"""


def _csharp(tmp_path: Path, source: str) -> list[CallSite]:
    files = {
        "Catalog.cs": CS_CATALOG,
        "Billing.cs": CS_BILLING.replace("{source}", source),
        "Desk.cs": CS_DESK,
    }
    return _sites(write_tree(tmp_path, files), "Desk")


def test_a_csharp_wrappers_awaited_local_is_bound_before_the_callers_dodo_call(
    tmp_path: Path,
) -> None:
    first, second = _csharp(tmp_path / "tree", "Catalog")
    # the caller's own `course` makes course2; the second call of the method takes course3
    assert _bound(first.suggestion or "") == ["Course course2 = await Catalog.FindAsync(slug);"]
    assert _bound(second.suggestion or "") == ["Course course3 = await Catalog.FindAsync(course);"]
    text = first.suggestion or ""
    assert text.startswith("// usings: ")  # the usings line stays the first
    assert '["amount"] = JsonSerializer.SerializeToNode(course2.Fee);' in text
    assert "TODO_" not in text and _x021(first) == [] and _x021(second) == []
    if shutil.which("mcs") is None:
        pytest.skip("mcs is not installed: the statements are not compiled")
    fees = [
        re.search(r'\["amount"\] = JsonSerializer\.SerializeToNode\((.*?)\);', s.suggestion or "")
        for s in (first, second)
    ]
    statements = [*_bound(text), *_bound(second.suggestion or "")]
    source = (
        "using System.Threading.Tasks;\n"
        + CS_CATALOG.replace(
            "namespace Shop\n{\n", "namespace Shop\n{\n    using System.Threading.Tasks;\n"
        )
        + "namespace Shop\n{\n    class Check\n    {\n"
        "        static async Task<long> Buy(string slug)\n        {\n"
        "            var course = slug.ToUpper();\n"
        + "".join(f"            {line}\n" for line in statements)
        + f"            return {' + '.join(f[1] for f in fees if f is not None)};\n"
        "        }\n\n        static void Main() { }\n    }\n}\n"
    )
    done = mcs(tmp_path, source)
    assert done.returncode == 0, done.stdout + done.stderr + "\n" + source


def test_a_csharp_awaited_local_reading_the_wrappers_private_field_keeps_x021(
    tmp_path: Path,
) -> None:
    first, _ = _csharp(tmp_path, "repo")
    text = first.suggestion or ""
    assert _bound(text) == [] and "SerializeToNode(TODO_course.Fee)" in text
    assert _x021(first) == ["line_items[0].price_data.unit_amount"]
    # the finding names the field the statement reads (it named the local only)
    (message,) = [f.message for f in first.findings if f.code == "X021"]
    assert (
        "from its local `course` (`await repo.FindAsync(slug)`, which reads its field `repo`), "
        "which this call cannot see" in message
    )


KT_BILLING = """package shop

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

data class Item(val cents: Long)

class Billing {
    fun checkout(items: List<Item>, name: String): Session {
        val total = items.sumOf { it.cents }
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.test/ok")
            .addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setQuantity(1L)
                    .setPriceData(
                        SessionCreateParams.LineItem.PriceData.builder()
                            .setCurrency("usd")
                            .setUnitAmount(total)
                            .setProductData(
                                SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                    .setName(name)
                                    .build()
                            )
                            .build()
                    )
                    .build()
            )
            .putMetadata("total", total.toString())
            .build()
        return Session.create(params)
    }
}
"""

KT_DESK = """package shop

class Desk(private val billing: Billing) {
    fun buy(cart: List<Item>, name: String): String {
        val total = cart.size
        return billing.checkout(cart, name).url + total
    }
}
"""


def test_a_kotlin_wrappers_val_read_twice_is_bound_once_at_the_caller(tmp_path: Path) -> None:
    files = {"shop/Billing.kt": KT_BILLING, "shop/Desk.kt": KT_DESK}
    (site,) = _sites(write_tree(tmp_path, files), "Desk")
    text = site.suggestion or ""
    assert _bound(text) == ["val total2 = cart.sumOf { it.cents }"]
    assert text.startswith("// imports: ")  # its two lines stay the first
    assert "dodoJson(total2)" in text and text.count("sumOf") == 1
    assert "TODO_" not in text and _x021(site) == []


JAVA_FRONT = """package shop;

public class Front {
    private final Desk desk = new Desk();

    public String go(String raw) throws Exception {
        return desk.buy(raw.trim(), "intro");
    }
}
"""


def test_a_wrapper_the_caller_makes_of_its_method_writes_the_bound_locals_inline(
    tmp_path: Path,
) -> None:
    # Desk.buy passes its own parameters on: a wrapper itself. Its values named Desk's bound
    # locals (amount2, course), which Front.go does not have: they are written inline again.
    files = {
        "shop/Billing.java": _java(),
        "shop/Desk.java": JAVA_DESK,
        "shop/Front.java": JAVA_FRONT,
    }
    sites = _sites(write_tree(tmp_path, files), "Front")
    assert sites
    for site in sites:
        text = site.suggestion or ""
        assert re.search(r"Billing\.toCents\(\(?raw\.trim\(\)\)?\)", text)
        assert not re.search(r"DodoJson\.of\([^\n]*\b(?:amount|course)\d*\b", text)
        assert "TODO_amount" not in text and "TODO_course" not in text


JAVA_TYPED = """package shop.billing;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import shop.model.Course;
import shop.model.Courses;

public class Billing {
    public Session checkout(Courses courses, String slug) throws Exception {
        Course course = courses.find(slug);
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://shop.test/ok")
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency("usd")
                                .setUnitAmount(course.getFee())
                                .setProductData(
                                        SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                                .setName(slug)
                                                .build())
                                .build())
                        .build())
                .putMetadata("title", course.getTitle())
                .build();
        return Session.create(params);
    }
}
"""

JAVA_WEB = """package shop.web;

import shop.billing.Billing;
{imports}
public class Shop {
    private final Billing billing = new Billing();

    public String buy(shop.model.Courses courses, String slug) throws Exception {
        return billing.checkout(courses, slug).getUrl();
    }
}
"""


def test_a_declared_type_the_wrappers_file_imports_is_imported_by_the_suggestion(
    tmp_path: Path,
) -> None:
    files = {
        "shop/billing/Billing.java": JAVA_TYPED,
        "shop/web/Shop.java": JAVA_WEB.replace("{imports}", ""),
    }
    (site,) = _sites(write_tree(tmp_path, files), "Shop")
    text = site.suggestion or ""
    assert _bound(text) == ["Course course = courses.find(slug);"]
    assert text.split("\n", 1)[0].endswith(", shop.model.Course")  # javac: cannot find symbol
    assert _x021(site) == []


def test_a_declared_type_of_the_wrappers_package_the_caller_does_not_see_is_var(
    tmp_path: Path,
) -> None:
    files = {
        "shop/billing/Billing.java": JAVA_TYPED.replace("import shop.model.Course;\n", ""),
        "shop/web/Shop.java": JAVA_WEB.replace("{imports}", ""),
    }
    (site,) = _sites(write_tree(tmp_path, files), "Shop")
    text = site.suggestion or ""
    assert _bound(text) == ["var course = courses.find(slug);"]
    assert "Course" not in text.split("\n", 1)[0]
    assert _x021(site) == []


JAVA_PRICING = """package shop.billing;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import shop.money.Pricing;

public class Billing {
    public Session checkout(String price) throws Exception {
        return Session.create(SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://shop.test/ok")
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency("usd")
                                .setUnitAmount(Pricing.toCents(price))
                                .setProductData(
                                        SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                                .setName("Seat")
                                                .build())
                                .build())
                        .build())
                .build());
    }
}
"""


def test_a_class_a_wrappers_value_reads_through_its_import_is_imported_at_the_caller(
    tmp_path: Path,
) -> None:
    # the value was written at the caller without the import: javac's cannot find symbol
    web = (
        JAVA_WEB.replace("{imports}", "")
        .replace("buy(shop.model.Courses courses, String slug)", "buy(String price)")
        .replace("billing.checkout(courses, slug)", "billing.checkout(price)")
    )
    files = {"shop/billing/Billing.java": JAVA_PRICING, "shop/web/Shop.java": web}
    (site,) = _sites(write_tree(tmp_path, files), "Shop")
    text = site.suggestion or ""
    assert "DodoJson.of(Pricing.toCents(price))" in text
    assert text.split("\n", 1)[0].endswith(", shop.money.Pricing")
    # a caller importing it already gets no second import
    files["shop/web/Shop.java"] = web.replace(
        "import shop.billing.Billing;", "import shop.billing.Billing;\nimport shop.money.Pricing;"
    )
    (site,) = _sites(write_tree(tmp_path / "again", files), "Shop")
    assert "shop.money.Pricing" not in (site.suggestion or "").split("\n", 1)[0]


def test_a_csharp_awaited_statement_at_a_caller_that_cannot_await_keeps_x021(
    tmp_path: Path,
) -> None:
    desk = CS_DESK.replace(
        "public async Task<string> Buy(string slug, string email)",
        "public string Buy(string slug, string email)",
    ).replace(
        "var first = await billing.Checkout(slug, email);",
        "var first = billing.Checkout(slug, email).Result;",
    )
    files = {
        "Catalog.cs": CS_CATALOG,
        "Billing.cs": CS_BILLING.replace("{source}", "Catalog"),
        "Desk.cs": desk.replace("(await billing.Checkout(course, email)).Url", '""'),
    }
    (site,) = _sites(write_tree(tmp_path, files), "Desk")
    assert "await Catalog" not in (site.suggestion or "")
    assert _x021(site) == ["line_items[0].price_data.unit_amount"]
