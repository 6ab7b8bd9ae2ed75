"""A wrapper's local computed by a statement a caller cannot write inline (``const course =
await getCourse(slug)``, Go's ``amount, err := toCents(price)`` checked after) was
``TODO_<local>`` at each caller, with X021 ("computed inside the wrapper ... from its local
`course`, which this call cannot see"): the Dodo call named a variable defined nowhere (read in
public TypeScript and Go trees: a course looked up by its slug, a price string converted into
cents). Where the statement reads only the wrapper's parameters and names the caller's file sees
alike, it is written at the caller before its Dodo call, with the caller's arguments in place,
and the value names that local (``migrate/scan/wrapper_statements.py``). A Python comprehension's
own variable (``total = sum(i.cents for i in items)``) was such a local too (``TODO_i``): the
value binds it itself. What the caller cannot see (a name it does not import, a ``this.``
field, an unexported Go function of another package) keeps X021."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from tests.scan.sdk_checks import CUT, mypy_problems, tsc_problems
from tests.scan.trees import creates, go_vet, via_site, write_tree, x021_paths

COURSES = """export interface Course {
  title: string;
  price: number;
}
export async function getCourse(slug: string): Promise<Course> {
  return { title: slug, price: 1500 };
}
"""

TS_BILLING = """import Stripe from "stripe";
import { getCourse } from "./courses";
const stripe = new Stripe(process.env.STRIPE_KEY!);
export async function checkoutCourse(slug: string, email: string) {
  const course = await getCourse(slug);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: [
      {
        price_data: {
          currency: "usd",
          unit_amount: course.price,
          product_data: { name: "Course" },
        },
        quantity: 1,
      },
    ],
    success_url: "https://shop.test/ok",
  });
  return session.url;
}
"""

TS_ROUTE = """import { checkoutCourse } from "./billing";
import { getCourse } from "./courses";
export async function buy(slug: string, email: string) {
  const course = slug.toUpperCase();
  console.log(course, getCourse);
  return checkoutCourse(slug, email);
}
"""


def test_a_typescript_wrappers_awaited_local_is_bound_before_the_callers_dodo_call(
    tmp_path: Path,
) -> None:
    files = {"courses.ts": COURSES, "billing.ts": TS_BILLING, "route.ts": TS_ROUTE}
    site = via_site(write_tree(tmp_path / "tree", files), "route")
    text = site.suggestion or ""
    # the caller's own `course` is another value: the wrapper's is bound as course2
    assert "const course2 = await getCourse(slug);\nclient.checkoutSessions.create(" in text
    assert "amount: course2.price," in text and "TODO_" not in text
    assert {d.path: d.source for d in site.dynamic}[
        "line_items[0].price_data.unit_amount"
    ] == "course2.price"
    assert x021_paths(site) == []
    checked = TS_ROUTE.replace('import { checkoutCourse } from "./billing";\n', "")
    checked = checked.replace("  return checkoutCourse(slug, email);\n", CUT + "\n")
    assert tsc_problems(tmp_path, checked, text, files={"courses.ts": COURSES}) == ""


def test_a_statement_reading_what_the_caller_does_not_import_keeps_x021(tmp_path: Path) -> None:
    route = TS_ROUTE.replace('import { getCourse } from "./courses";\n', "")
    route = route.replace("console.log(course, getCourse);", "console.log(course);")
    files = {"courses.ts": COURSES, "billing.ts": TS_BILLING, "route.ts": route}
    site = via_site(write_tree(tmp_path, files), "route")
    assert "amount: TODO_course.price," in (site.suggestion or "")
    assert "getCourse(" not in (site.suggestion or "")
    assert x021_paths(site) == ["line_items[0].price_data.unit_amount"]


def test_a_statement_reading_the_wrappers_own_field_keeps_x021(tmp_path: Path) -> None:
    billing = TS_BILLING.replace(
        "export async function checkoutCourse(slug: string, email: string) {\n"
        "  const course = await getCourse(slug);",
        "export class Billing {\n  private repo = { getCourse };\n"
        "  async checkoutCourse(slug: string, email: string) {\n"
        "  const course = await this.repo.getCourse(slug);",
    ).replace("  return session.url;\n}\n", "  return session.url;\n}\n}\n")
    route = TS_ROUTE.replace(
        'import { checkoutCourse } from "./billing";', 'import { Billing } from "./billing";'
    )
    route = route.replace("return checkoutCourse(", "return new Billing().checkoutCourse(")
    files = {"courses.ts": COURSES, "billing.ts": billing, "route.ts": route}
    site = via_site(write_tree(tmp_path, files), "route")
    assert "TODO_course.price" in (site.suggestion or "")
    assert x021_paths(site) == ["line_items[0].price_data.unit_amount"]
    (message,) = [f.message for f in site.findings if f.code == "X021"]
    said = "its local `course` (`await this.repo.getCourse(slug)`, which reads its field `repo`)"
    assert said in message  # it named the local only


PY_CATALOG = """from typing import Any


async def get_course(slug: str) -> Any:
    return {"price": 1500}
"""

PY_BILLING = """import stripe

from catalog import get_course


async def checkout_course(slug, items, email):
    course = await get_course(slug)
    total = sum(i.cents for i in items)
    return await stripe.checkout.Session.create_async(
        mode="payment",
        customer_email=email,
        line_items=[
            {"price_data": {"currency": "usd", "unit_amount": course["price"] + total,
                            "product_data": {"name": "Course"}}, "quantity": 1},
        ],
        success_url="https://shop.test/ok",
    )
"""

PY_VIEWS = """from billing import checkout_course
from catalog import get_course


async def buy(slug, order):
    return (await checkout_course(slug, order.items, order.email)).url
"""


def test_a_python_wrappers_awaited_local_and_comprehension_are_written_at_the_caller(
    tmp_path: Path,
) -> None:
    files = {"catalog.py": PY_CATALOG, "billing.py": PY_BILLING, "views.py": PY_VIEWS}
    site = via_site(write_tree(tmp_path / "tree", files), "views")
    text = site.suggestion or ""
    assert "course = await get_course(slug)\nawait client.checkout_sessions.create(" in text or (
        "course = await get_course(slug)\nclient.checkout_sessions.create(" in text
    )
    # the comprehension's own variable was TODO_i (a loop variable of the wrapper)
    assert '"amount": course["price"] + sum(i.cents for i in order.items),' in text
    assert "TODO_" not in text and x021_paths(site) == []
    # get_course is the caller's import: defined beside the checked function
    signature = (
        "def get_course(slug: str) -> Any: ...\n\n\n"
        "async def buy(slug: str, order: Any) -> str | None"
    )
    assert mypy_problems(tmp_path, text, signature, awaited=True) == ""


GO_MOD = "module shop\n\ngo 1.21\n"

GO_BILLING = """package {package}

import (
\t"fmt"

\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

func toCents(price string) (int64, error) {{
\tvar f float64
\t_, err := fmt.Sscanf(price, "%f", &f)
\treturn int64(f * 100), err
}}

func Checkout(price, name string) (*stripe.CheckoutSession, error) {{
\tamount, err := toCents(price)
\tif err != nil {{
\t\treturn nil, fmt.Errorf("bad price: %w", err)
\t}}
\treturn session.New(&stripe.CheckoutSessionParams{{
\t\tMode: stripe.String("payment"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{{{{
\t\t\tPriceData: &stripe.CheckoutSessionLineItemPriceDataParams{{
\t\t\t\tCurrency:   stripe.String("usd"),
\t\t\t\tUnitAmount: stripe.Int64(amount),
\t\t\t\tProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{{
\t\t\t\t\tName: stripe.String(name),
\t\t\t\t}},
\t\t\t}},
\t\t\tQuantity: stripe.Int64(1),
\t\t}}}},
\t\tSuccessURL: stripe.String("https://shop.test/ok"),
\t}})
}}
"""

GO_HANDLER = """package main

import "net/http"
{imports}
type Req struct {{
\tPrice string
\tName  string
}}

func handle(w http.ResponseWriter, r *http.Request, req Req) (string, error) {{
\tamount := req.Name
\ts, err := {callee}(req.Price, amount)
\tif err != nil {{
\t\treturn "", err
\t}}
\treturn s.URL, nil
}}
"""


def test_a_go_wrappers_local_and_its_error_check_are_written_at_a_caller_of_its_package(
    tmp_path: Path,
) -> None:
    files = {
        "go.mod": GO_MOD,
        "billing.go": GO_BILLING.format(package="main"),
        "handler.go": GO_HANDLER.format(imports="", callee="Checkout"),
    }
    site = via_site(write_tree(tmp_path, files), "handler")
    text = site.suggestion or ""
    # the handler's own `amount` is its name: the wrapper's is amount2; its error returned as
    # the handler returns one
    bound = 'amount2, err := toCents(req.Price)\nif err != nil {\n\treturn "", err\n}\n'
    assert text.startswith('// imports: "bytes", "encoding/json", "net/http", "os"\n' + bound)
    assert '["amount"] = amount2\n' in text and "TODO_" not in text
    assert x021_paths(site) == []


@pytest.mark.slow
def test_the_go_callers_suggestion_with_the_bound_local_vets(tmp_path: Path) -> None:
    files = {
        "go.mod": GO_MOD,
        "billing.go": GO_BILLING.format(package="main"),
        "handler.go": GO_HANDLER.format(imports="", callee="Checkout"),
    }
    text = via_site(write_tree(tmp_path / "tree", files), "handler").suggestion or ""
    if shutil.which("go") is None:
        pytest.skip("go is not installed: the text is checked above")
    first, _, body = text.partition("\n")
    imports = {i.strip().strip('"') for i in first.removeprefix("// imports: ").split(",")}
    program = (
        "package main\n\nimport (\n"
        + "".join(f'\t"{i}"\n' for i in sorted(imports | {"fmt"}))
        + ")\n\n"
        "func toCents(price string) (int64, error) {\n"
        '\tvar f float64\n\t_, err := fmt.Sscanf(price, "%f", &f)\n'
        "\treturn int64(f * 100), err\n}\n\n"
        "type Req struct{ Price, Name string }\n\n"
        "func handle(req Req) (string, error) {\n\tamount := req.Name\n\t_ = amount\n"
        + textwrap.indent(body, "\t")
        + "\n\treturn dodoSession.CheckoutURL, nil\n}\n\nfunc main() { _, _ = handle(Req{}) }\n"
    )
    write_tree(tmp_path / "mod", {"go.mod": GO_MOD, "main.go": program})
    done = go_vet(tmp_path / "mod")
    assert done.returncode == 0, done.stderr + program


def test_a_go_wrappers_unexported_function_of_another_package_keeps_x021(tmp_path: Path) -> None:
    files = {
        "go.mod": GO_MOD,
        "billing/billing.go": GO_BILLING.format(package="billing"),
        "handler.go": GO_HANDLER.format(
            imports='import "shop/billing"\n', callee="billing.Checkout"
        ),
    }
    site = via_site(write_tree(tmp_path, files), "handler")
    text = site.suggestion or ""
    assert '["amount"] = TODO_amount\n' in text and "toCents" not in text
    assert x021_paths(site) == ["line_items[0].price_data.unit_amount"]


def test_an_awaited_statement_at_a_caller_that_cannot_await_keeps_x021(tmp_path: Path) -> None:
    route = TS_ROUTE.replace("export async function buy(", "export function buy(")
    files = {"courses.ts": COURSES, "billing.ts": TS_BILLING, "route.ts": route}
    site = via_site(write_tree(tmp_path, files), "route")
    assert "await getCourse(" not in (site.suggestion or "")
    assert x021_paths(site) == ["line_items[0].price_data.unit_amount"]


PRICES = COURSES.replace("  price: number;\n", "  price: number;\n  priceId: string;\n").replace(
    "return { title: slug, price: 1500 };", 'return { title: slug, price: 1500, priceId: "p" };'
) + (
    "export async function getPrice(id: string): Promise<number> {\n  return id.length * 100;\n}\n"
)

TS_LISTED = (
    TS_BILLING.replace(
        'import { getCourse } from "./courses";', 'import { getCourse, getPrice } from "./courses";'
    )
    .replace(
        "  const course = await getCourse(slug);\n",
        "  const course = await getCourse(slug);\n"
        "  const listed = await getPrice(course.priceId);\n",
    )
    .replace("unit_amount: course.price,", "unit_amount: listed,")
)

TS_TWICE = """import { checkoutCourse } from "./billing";
import { getCourse, getPrice } from "./courses";
export async function buy(slug: string, email: string) {
  console.log(getCourse, getPrice);
  await checkoutCourse(slug, email);
  return checkoutCourse("b-" + slug, email);
}
"""


def test_a_statement_reading_another_statements_local_is_written_after_it(
    tmp_path: Path,
) -> None:
    # `listed` reads `course`, bound by a statement of its own: both were TODO_listed (X021)
    route = TS_ROUTE.replace("{ getCourse }", "{ getCourse, getPrice }")
    route = route.replace("console.log(course, getCourse);", "console.log(course, getPrice);")
    files = {"courses.ts": PRICES, "billing.ts": TS_LISTED, "route.ts": route}
    site = via_site(write_tree(tmp_path / "tree", files), "route")
    text = site.suggestion or ""
    assert (
        "const course2 = await getCourse(slug);\n"
        "const listed = await getPrice(course2.priceId);\n"
        "client.checkoutSessions.create(" in text
    )
    assert "amount: listed," in text and "TODO_" not in text and x021_paths(site) == []
    checked = route.replace('import { checkoutCourse } from "./billing";\n', "")
    checked = checked.replace("  return checkoutCourse(slug, email);\n", CUT + "\n")
    assert tsc_problems(tmp_path, checked, text, files={"courses.ts": PRICES}) == ""


def test_two_dodo_calls_of_one_function_bind_their_statements_under_names_of_their_own(
    tmp_path: Path,
) -> None:
    files = {"courses.ts": PRICES, "billing.ts": TS_LISTED, "route.ts": TS_TWICE}
    first, second = sorted(
        (s for s in creates(write_tree(tmp_path, files)) if s.via), key=lambda s: s.line
    )
    assert (
        "const course = await getCourse(slug);\nconst listed = await getPrice(course.priceId);\n"
        in (first.suggestion or "")
    )
    # the same function: the second Dodo call's course and listed were the first's names again
    assert (
        'const course2 = await getCourse("b-" + slug);\n'
        "const listed2 = await getPrice(course2.priceId);\n" in (second.suggestion or "")
    )
    assert "amount: listed2," in (second.suggestion or "")
    assert x021_paths(first) == [] and x021_paths(second) == []


PY_LISTED = """import stripe

from catalog import get_course, get_price


async def checkout_course(slug, email):
    course = await get_course(slug)
    listed = await get_price(course["price_id"])
    return await stripe.checkout.Session.create_async(
        mode="payment",
        customer_email=email,
        line_items=[
            {"price_data": {"currency": "usd", "unit_amount": listed,
                            "product_data": {"name": "Course"}}, "quantity": 1},
        ],
        success_url="https://shop.test/ok",
    )
"""

PY_LISTED_VIEWS = """from billing import checkout_course
from catalog import get_course, get_price


async def buy(slug, email):
    return (await checkout_course(slug, email)).url
"""


def test_a_python_statement_reading_another_statements_local_is_written_after_it(
    tmp_path: Path,
) -> None:
    catalog = PY_CATALOG + "\n\nasync def get_price(price_id: str) -> int:\n    return 1500\n"
    files = {"catalog.py": catalog, "billing.py": PY_LISTED, "views.py": PY_LISTED_VIEWS}
    site = via_site(write_tree(tmp_path, files), "views")
    text = site.suggestion or ""
    assert 'course = await get_course(slug)\nlisted = await get_price(course["price_id"])\n' in text
    assert '"amount": listed,' in text and "TODO_" not in text and x021_paths(site) == []
