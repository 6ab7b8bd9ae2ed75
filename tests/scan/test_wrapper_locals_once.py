"""A TypeScript, Python or Go wrapper's call-valued local read twice, bound once at its caller.

A wrapper's local computed by a call (``const cents = toCents(price)``, ``cents =
to_cents(price)``, Go's ``amount := toCents(price)``) read by two of the Stripe params (the
amount and a metadata value) was written into each at a caller: its Dodo call ran
``toCents(price)`` twice, where the wrapper ran it once (a function with effects, a database
read, ran twice). It is now written once, as a statement before the caller's Dodo call, named
after the local (numbered beside the caller's own names), as Java, C# and Kotlin do
(``migrate/scan/wrapper_statements.py``). A local read once stays inline."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from migrate.scan import CallSite
from tests.scan.sdk_checks import CUT, mypy_problems, tsc_problems
from tests.scan.trees import go_parts, vet_go_module, via_site, write_tree, x021_paths

TS_MONEY = """export function toCents(price: string): number {
  return Math.round(parseFloat(price) * 100);
}
"""

TS_BILLING = """import Stripe from "stripe";
import { toCents } from "./money";
const stripe = new Stripe(process.env.STRIPE_KEY!);
export async function checkout(price: string, email: string) {
  const cents = toCents(price);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: [
      {
        price_data: {
          currency: "usd",
          unit_amount: cents,
          product_data: { name: "Seat" },
        },
        quantity: 1,
      },
    ],
    metadata: { cents: String(cents) },
    success_url: "https://shop.test/ok",
  });
  return session.url;
}
"""

TS_ROUTE = """import { checkout } from "./billing";
import { toCents } from "./money";
export async function buy(price: string, email: string) {
  const cents = price.length;
  console.log(cents, toCents);
  return checkout(price, email);
}
"""


def test_a_typescript_wrappers_call_valued_local_read_twice_is_bound_once(
    tmp_path: Path,
) -> None:
    files = {"money.ts": TS_MONEY, "billing.ts": TS_BILLING, "route.ts": TS_ROUTE}
    site = via_site(write_tree(tmp_path / "tree", files), "route")
    text = site.suggestion or ""
    # the caller's own `cents` is another value: the wrapper's is cents2
    assert "const cents2 = toCents(price);\nclient.checkoutSessions.create(" in text
    assert "amount: cents2," in text and "cents: String(cents2)," in text
    assert text.count("toCents(") == 1 and "TODO_" not in text and x021_paths(site) == []
    checked = TS_ROUTE.replace('import { checkout } from "./billing";\n', "")
    checked = checked.replace("  return checkout(price, email);\n", CUT + "\n")
    assert tsc_problems(tmp_path, checked, text, files={"money.ts": TS_MONEY}) == ""


def test_a_typescript_wrappers_call_valued_local_read_once_stays_inline(tmp_path: Path) -> None:
    billing = TS_BILLING.replace("metadata: { cents: String(cents) },", 'metadata: { k: "v" },')
    files = {"money.ts": TS_MONEY, "billing.ts": billing, "route.ts": TS_ROUTE}
    text = via_site(write_tree(tmp_path, files), "route").suggestion or ""
    assert "amount: toCents(price)," in text and "const cents" not in text


PY_MONEY = """def to_cents(price: str) -> int:
    return round(float(price) * 100)
"""

PY_BILLING = """import stripe

from money import to_cents


def checkout(price, email):
    cents = to_cents(price)
    return stripe.checkout.Session.create(
        mode="payment",
        customer_email=email,
        line_items=[
            {"price_data": {"currency": "usd", "unit_amount": cents,
                            "product_data": {"name": "Seat"}}, "quantity": 1},
        ],
        metadata={"cents": str(cents)},
        success_url="https://shop.test/ok",
    )
"""

PY_VIEWS = """from billing import checkout
from money import to_cents


def buy(price, email):
    cents = 3
    print(cents, to_cents)
    return checkout(price, email).url
"""


def test_a_python_wrappers_call_valued_local_read_twice_is_bound_once(tmp_path: Path) -> None:
    files = {"money.py": PY_MONEY, "billing.py": PY_BILLING, "views.py": PY_VIEWS}
    site = via_site(write_tree(tmp_path / "tree", files), "views")
    text = site.suggestion or ""
    assert "cents2 = to_cents(price)\nclient.checkout_sessions.create(" in text
    assert '"amount": cents2,' in text and '"cents": str(cents2),' in text
    assert text.count("to_cents(") == 1 and "TODO_" not in text and x021_paths(site) == []
    signature = (
        "def to_cents(price: str) -> int:\n    return round(float(price) * 100)\n\n\n"
        "def buy(price: str, email: str) -> str | None"
    )
    assert mypy_problems(tmp_path, text, signature) == ""


def test_a_python_wrappers_call_valued_local_read_once_stays_inline(tmp_path: Path) -> None:
    billing = PY_BILLING.replace('metadata={"cents": str(cents)},', 'metadata={"k": "v"},')
    files = {"money.py": PY_MONEY, "billing.py": billing, "views.py": PY_VIEWS}
    text = via_site(write_tree(tmp_path, files), "views").suggestion or ""
    assert '"amount": to_cents(price),' in text and "cents2" not in text


GO_BILLING = """package main

import (
\t"strconv"

\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

func toCents(price string) int64 {
\tf, _ := strconv.ParseFloat(price, 64)
\treturn int64(f * 100)
}

func Checkout(price, name string) (*stripe.CheckoutSession, error) {
\tamount := toCents(price)
\treturn session.New(&stripe.CheckoutSessionParams{
\t\tMode: stripe.String("payment"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{{
\t\t\tPriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
\t\t\t\tCurrency:   stripe.String("usd"),
\t\t\t\tUnitAmount: stripe.Int64(amount),
\t\t\t\tProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{
\t\t\t\t\tName: stripe.String(name),
\t\t\t\t},
\t\t\t},
\t\t\tQuantity: stripe.Int64(1),
\t\t}},
\t\tMetadata:   map[string]string{"cents": strconv.FormatInt(amount, 10)},
\t\tSuccessURL: stripe.String("https://shop.test/ok"),
\t})
}
"""

GO_HANDLER = """package main

type Req struct {
\tPrice string
\tName  string
}

func handle(req Req) (string, error) {
\tamount := req.Name
\ts, err := Checkout(req.Price, amount)
\tif err != nil {
\t\treturn "", err
\t}
\treturn s.URL, nil
}
"""


def _go(tmp_path: Path, billing: str = GO_BILLING) -> CallSite:
    files = {"go.mod": "module shop\n\ngo 1.21\n", "billing.go": billing, "handler.go": GO_HANDLER}
    return via_site(write_tree(tmp_path, files), "handler")


def test_a_go_wrappers_call_valued_local_read_twice_is_bound_once(tmp_path: Path) -> None:
    site = _go(tmp_path)
    text = site.suggestion or ""
    assert text.split("\n", 2)[1] == "amount2 := toCents(req.Price)"
    assert '["amount"] = amount2\n' in text
    assert '["cents"] = strconv.FormatInt(amount2, 10)\n' in text
    assert text.count("toCents(") == 1 and "TODO_" not in text and x021_paths(site) == []


def test_a_go_wrappers_call_valued_local_read_once_stays_inline(tmp_path: Path) -> None:
    billing = GO_BILLING.replace('{"cents": strconv.FormatInt(amount, 10)}', '{"k": "v"}')
    text = _go(tmp_path, billing).suggestion or ""
    assert '["amount"] = toCents(req.Price)\n' in text and "amount2" not in text


@pytest.mark.slow
def test_the_go_callers_suggestion_with_the_local_bound_once_vets(tmp_path: Path) -> None:
    text = _go(tmp_path / "tree").suggestion or ""
    if shutil.which("go") is None:
        pytest.skip("go is not installed: the text is checked above")
    imports, body = go_parts(text)
    program = (
        "package main\n\nimport (\n" + "".join(f'\t"{i}"\n' for i in sorted(imports)) + ")\n\n"
        "func toCents(price string) int64 {\n"
        "\tf, _ := strconv.ParseFloat(price, 64)\n\treturn int64(f * 100)\n}\n\n"
        "type Req struct{ Price, Name string }\n\n"
        "func handle(req Req) (string, error) {\n\tamount := req.Name\n\t_ = amount\n"
        + textwrap.indent(body, "\t")
        + "\n\treturn dodoSession.CheckoutURL, nil\n}\n\nfunc main() { _, _ = handle(Req{}) }\n"
    )
    done = vet_go_module(tmp_path / "mod", {"main.go": program})
    assert done.returncode == 0, done.stderr + program
