"""A Go cart built in a loop whose body loads each row with a call of several results (``plan,
err := plans.Find(w.ID)``) was written at the Dodo call with the row replaced by the call
(``plans.Find(w.ID).Fee``: two values where one fits, which does not build). The first result
is now read through the generated id module (``dodoids.First(plans.Find(w.ID)).Fee``), which
the suggestion imports; vetted against the module ``ledger ids`` writes."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from migrate.codegen import Target, render
from migrate.readers.idmap import IdMap
from tests.scan.trees import creates, go_vet, write_tree

_SHOP = """package shop

import (
\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

type Plan struct {
\tFee int64
}

type Plans struct{}

func (p *Plans) Find(id string) (Plan, error) { return Plan{}, nil }

type Want struct {
\tID    string
\tSeats int
}

func Buy(plans *Plans, wants []Want) (*stripe.CheckoutSession, error) {
\tvar lines []*stripe.CheckoutSessionLineItemParams
\tfor _, w := range wants {
\t\tplan, err := plans.Find(w.ID)
\t\tif err != nil {
\t\t\treturn nil, err
\t\t}
\t\tlines = append(lines, &stripe.CheckoutSessionLineItemParams{
\t\t\tPriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
\t\t\t\tCurrency:    stripe.String("usd"),
\t\t\t\tUnitAmount:  stripe.Int64(plan.Fee),
\t\t\t\tProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{
\t\t\t\t\tName: stripe.String("Plan"),
\t\t\t\t},
\t\t\t},
\t\t\tQuantity: stripe.Int64(int64(w.Seats)),
\t\t})
\t}
\treturn session.New(&stripe.CheckoutSessionParams{
\t\tMode:       stripe.String(string(stripe.CheckoutSessionModePayment)),
\t\tLineItems:  lines,
\t\tSuccessURL: stripe.String("https://shop.example.com/done"),
\t})
}
"""


def _suggestion(tmp_path: Path) -> str:
    (site,) = creates(write_tree(tmp_path / "src", {"shop.go": _SHOP}))
    return site.suggestion or ""


def test_the_first_result_of_a_row_load_is_read_through_the_id_module(tmp_path: Path) -> None:
    suggestion = _suggestion(tmp_path)
    assert '"amount": dodoids.First(plans.Find(w.ID)).Fee,' in suggestion
    assert '"<module>/dodoids"' in suggestion.partition("\n")[0]
    assert "plans.Find(w.ID).Fee" not in suggestion.replace("First(plans.Find(w.ID)).Fee", "")


@pytest.mark.slow
def test_the_first_result_read_vets(tmp_path: Path) -> None:
    if shutil.which("go") is None:
        pytest.skip("go is not installed: the text is checked above")
    first, _, body = _suggestion(tmp_path).partition("\n")
    imports = {i.strip().strip('"') for i in first.removeprefix("// imports: ").split(",")}
    imports = {"example.com/app/dodoids" if i == "<module>/dodoids" else i for i in imports}
    program = (
        "package app\n\nimport (\n"
        + "".join(f'\t"{i}"\n' for i in sorted(imports))
        + ")\n\ntype Plan struct {\n\tFee int64\n}\n\ntype Plans struct{}\n\n"
        + "func (p *Plans) Find(id string) (Plan, error) { return Plan{}, nil }\n\n"
        + "type Want struct {\n\tID    string\n\tSeats int\n}\n\n"
        + "type Session struct{ URL string }\n\n"
        + "func Buy(plans *Plans, wants []Want) (*Session, error) {\n"
        + textwrap.indent(body, "\t")
        + "\n\t_ = dodoSession\n\treturn nil, nil\n}\n"
    )
    ids = render(IdMap.from_json({"price_x": "pdt_x"}), Target.GO, command="stripe2dodo ledger ids")
    module = write_tree(
        tmp_path / "mod",
        {
            "go.mod": "module example.com/app\n\ngo 1.19\n",
            "dodoids/dodo_ids.go": ids,
            "app.go": program,
        },
    )
    done = go_vet(module)
    assert done.returncode == 0, done.stderr + program
