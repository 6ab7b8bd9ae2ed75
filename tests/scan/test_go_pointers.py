"""Go params fields are pointers (``Currency *string``): a wrapper that takes them as pointers,
or a caller's struct of pointer fields, passes a pointer where the Dodo call needs text. The
suggestion reads it through the generated id module (``dodoids.Text``; the look-ups take a
``*string`` too): ``strings.ToUpper(ptr)`` did not compile, ``fmt.Sprint(ptr)`` wrote an
address into the metadata. The suggestions are vetted against the module ``ledger ids``
writes."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from migrate.codegen import Target, render
from migrate.readers.idmap import IdMap
from tests.scan.trees import creates, go_vet, write_tree

PAY = """package pay

import (
\t"fmt"

\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

type Order struct {
\tAmount   int64
\tCurrency *string
\tEmail    *string
\tSeats    *int64
\tRef      *int64
}

func newSession(
	amount *int64, currency *string, email *string, seats *int64, ref *int64,
) (*stripe.CheckoutSession, error) {
\tparams := &stripe.CheckoutSessionParams{
\t\tMode: stripe.String(string(stripe.CheckoutSessionModePayment)),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{{
\t\t\tPriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
\t\t\t\tCurrency:    currency,
\t\t\t\tUnitAmount:  amount,
\t\t\t\tProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{
\t\t\t\t\tName: stripe.String("Order"),
\t\t\t\t},
\t\t\t},
\t\t\tQuantity: seats,
\t\t}},
\t\tCustomerEmail: email,
\t\tSuccessURL:    stripe.String("https://shop.example.com/ok"),
\t}
\tparams.AddMetadata("ref", fmt.Sprint(*ref))
\treturn session.New(params)
}

func Pay(o Order) (*stripe.CheckoutSession, error) {
\treturn newSession(stripe.Int64(o.Amount), o.Currency, o.Email, o.Seats, o.Ref)
}
"""


def _sites(tmp_path: Path) -> list:
    return creates(write_tree(tmp_path / "src", {"pay.go": PAY}))


def test_a_pointer_currency_is_read_through_not_upper_cased_as_a_pointer(tmp_path: Path) -> None:
    wrapper, caller = _sites(tmp_path)
    assert "strings.ToUpper(dodoids.Text(currency))" in (wrapper.suggestion or "")
    assert "strings.ToUpper(dodoids.Text(o.Currency))" in (caller.suggestion or "")
    for site in (wrapper, caller):
        assert "strings.ToUpper(currency)" not in (site.suggestion or "")
        assert "strings.ToUpper(o.Currency)" not in (site.suggestion or "")


def _program(head: str, site_suggestion: str) -> str:
    first, _, body = site_suggestion.partition("\n")
    imports = {i.strip().strip('"') for i in first.removeprefix("// imports: ").split(",")}
    imports = {"example.com/app/dodoids" if i == "<module>/dodoids" else i for i in imports}
    return (
        "package app\n\nimport (\n"
        + "".join(f'\t"{i}"\n' for i in sorted(imports))
        + ")\n\ntype Session struct{ URL string }\n\n"
        + "type Order struct {\n\tAmount int64\n\tCurrency *string\n\tEmail *string\n"
        + "\tSeats *int64\n\tRef *int64\n}\n\n"
        + head
        + " (*Session, error) {\n"
        + textwrap.indent(body, "\t")
        + "\n\t_ = dodoSession\n\treturn nil, nil\n}\n"
    )


@pytest.mark.slow
def test_the_suggestions_with_pointers_vet_against_the_generated_id_module(
    tmp_path: Path,
) -> None:
    if shutil.which("go") is None:
        pytest.skip("go is not installed: the text is checked above")
    wrapper, caller = _sites(tmp_path)
    module = tmp_path / "mod"
    ids = IdMap.from_json({"price_x": "pdt_x"})
    write_tree(
        module,
        {
            "go.mod": "module example.com/app\n\ngo 1.19\n",
            "dodoids/dodo_ids.go": render(ids, Target.GO, command="stripe2dodo ledger ids"),
            "wrapper.go": _program(
                "func newSession(amount *int64, currency *string, email *string, seats *int64,"
                " ref *int64)",
                wrapper.suggestion or "",
            ),
            "caller.go": _program("func Pay(o Order)", caller.suggestion or "").replace(
                "package app\n", "package app\n\n// the caller\n", 1
            ),
        },
    )
    # one package: the second file's types are the first's
    caller_go = (module / "caller.go").read_text()
    (module / "caller.go").write_text(
        caller_go.replace(
            "type Session struct{ URL string }\n\n"
            "type Order struct {\n\tAmount int64\n\tCurrency *string\n\tEmail *string\n"
            "\tSeats *int64\n\tRef *int64\n}\n\n",
            "",
        )
    )
    done = go_vet(module)
    assert done.returncode == 0, done.stderr
