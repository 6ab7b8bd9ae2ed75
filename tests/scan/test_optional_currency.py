# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A currency the code may leave unset is a Dodo ``billing_currency`` only when set.

Read in a metering platform's Go billing app: ``if opts.Currency != nil { params.Currency =
opts.Currency }`` became ``dodoPayload["billing_currency"] = strings.ToUpper(dodoids.Text(
opts.Currency))``, the empty text whenever the caller gave no currency, which Dodo refuses: every
such checkout failed. A Python ``currency=None`` parameter became ``currency.upper()`` (an
AttributeError without one), a TypeScript ``currency?: string`` ``currency.toUpperCase()`` (no
compile under strict). Stripe leaves an unset currency out; so does the suggestion now.

Found beside it: a Python parameter written back as a keyword argument on a line of its own
(``customer=customer,``) was read as set again in the function, so an optional customer
(``customer=None``) was looked up in the id map even when absent (the look-up of None throws).
"""

from __future__ import annotations

from pathlib import Path

from tests.scan.sdk_checks import mypy_problems, tsc_problems
from tests.scan.trees import only_site

PY = """import stripe


def start(price_id, customer=None, currency=None):
    return stripe.checkout.Session.create(
        mode="payment",
        customer=customer,
        currency=currency,
        line_items=[{"price": price_id, "quantity": 1}],
        success_url="https://shop.example/ok",
    )
"""

PY_REQUIRED = PY.replace("customer=None, currency=None", "customer, currency")

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function start(priceId: string, currency?: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    currency,
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://shop.example/ok",
  });
  return session.url;
}
"""

GO = """package billing

import (
\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

type Options struct {
\tCurrency *string
}

func Start(price string, opts Options) (string, error) {
\tparams := &stripe.CheckoutSessionParams{
\t\tMode:       stripe.String("payment"),
\t\tLineItems:  []*stripe.CheckoutSessionLineItemParams{{Price: stripe.String(price), Quantity: stripe.Int64(1)}},
\t\tSuccessURL: stripe.String("https://shop.example/ok"),
\t}
\tif opts.Currency != nil {
\t\tparams.Currency = opts.Currency
\t}
\ts, err := session.New(params)
\tif err != nil {
\t\treturn "", err
\t}
\treturn s.URL, nil
}
"""


def test_an_optional_python_currency_and_customer_are_sent_only_when_set(tmp_path: Path) -> None:
    text = only_site(tmp_path / "a", {"billing.py": PY}).suggestion or ""
    assert 'billing_currency=cast("Currency", currency.upper()) if currency else None,' in text
    assert '"customer_id": dodo_customer_id(customer),\n    } if customer else None,' in text
    signature = "def start(price_id: str, customer: str | None, currency: str | None) -> str | None"
    golden = Path(__file__).parents[1] / "golden" / "codegen" / "dodo_ids.py.golden"
    checked = tmp_path / "mypy"
    checked.mkdir()
    (checked / "dodo_ids.py").write_text(golden.read_text(encoding="utf-8"), encoding="utf-8")
    assert mypy_problems(checked, text, signature) == ""
    # a required one is sent as it is
    text = only_site(tmp_path / "b", {"billing.py": PY_REQUIRED}).suggestion or ""
    assert 'billing_currency=cast("Currency", currency.upper()),' in text
    assert "if customer else None" not in text


def test_an_optional_typescript_currency_is_sent_only_when_set(tmp_path: Path) -> None:
    text = only_site(tmp_path / "a", {"checkout.ts": TS}).suggestion or ""
    assert (
        "billing_currency: currency ? (currency.toUpperCase() as DodoPayments.Currency) : null,"
        in text
    )
    ids = {"ids.d.ts": "declare function dodoProductId(id: string): string;\n"}
    assert tsc_problems(tmp_path, TS, text, files=ids) == ""


def test_a_go_currency_from_an_options_pointer_is_sent_only_when_not_empty(tmp_path: Path) -> None:
    text = only_site(tmp_path, {"billing.go": GO}).suggestion or ""
    assert (
        'dodoPayload["billing_currency"] = func() any {\n'
        '\tif dodoids.Text(opts.Currency) != "" {\n'
        "\t\treturn strings.ToUpper(dodoids.Text(opts.Currency))\n"
        "\t}\n\treturn nil\n}()"
    ) in text


KEPT = """import stripe


class Checkout:
    def start(self, price_id, customer=None, currency=None):
        self.customer = customer
        self.last_price[currency] = price_id
        return stripe.checkout.Session.create(mode="payment", customer=customer, currency=currency, line_items=[{"price": price_id, "quantity": 1}], success_url="https://shop.example/ok")
"""


def test_a_parameter_stored_elsewhere_is_not_set_again(tmp_path: Path) -> None:
    # `self.customer = customer` and `cache[currency] = ...` change something else: the
    # parameters are still what the caller passed, maybe nothing
    text = only_site(tmp_path, {"checkout.py": KEPT}).suggestion or ""
    assert "} if customer else None," in text
    assert 'billing_currency=cast("Currency", currency.upper()) if currency else None,' in text
