"""A Go cart built in a loop whose body reads each row into a local through its address
(``var rec Plan`` then ``store.Load(&rec, id)``, the ORM's way) was written at the Dodo call with
the local replaced by its declaration: the type (``Plan.Fee``, which does not compile) or, for
``rec := Plan{}``, the empty struct (``(Plan{}).Fee``: every line charged 0, silently). The local
is now written as a function literal run in place that declares it, makes the filling call and
returns it; the suggestion is vetted with ``go vet``."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from tests.scan.trees import creates, go_vet, write_tree

_SHOP = """package shop

import (
\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

type Plan struct {
\tFee   int64
\tTitle string
}

type Store struct{}

func (s *Store) Load(out interface{}, id string) error { return nil }

type Want struct {
\tID    string
\tSeats int
}

func Buy(store *Store, wants []Want) (*stripe.CheckoutSession, error) {
\tvar lines []*stripe.CheckoutSessionLineItemParams
\tfor _, w := range wants {
\t\t%DECL%
\t\tif err := store.Load(%ARG%, w.ID); err != nil {
\t\t\treturn nil, err
\t\t}
\t\tlines = append(lines, &stripe.CheckoutSessionLineItemParams{
\t\t\tPriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
\t\t\t\tCurrency:    stripe.String("usd"),
\t\t\t\tUnitAmount:  stripe.Int64(rec.Fee),
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

_SHAPES = {
    "var": ("var rec Plan", "&rec", "func() Plan { var dodoRec Plan; store.Load(&dodoRec, w.ID)"),
    "made": (
        "rec := Plan{}",
        "&rec",
        "func() Plan { dodoRec := Plan{}; store.Load(&dodoRec, w.ID)",
    ),
    "pointer": (
        "rec := &Plan{}",
        "rec",
        "func() *Plan { dodoRec := &Plan{}; store.Load(dodoRec, w.ID)",
    ),
}


def _suggestion(tmp_path: Path, shape: str) -> str:
    decl, arg, _ = _SHAPES[shape]
    source = _SHOP.replace("%DECL%", decl).replace("%ARG%", arg)
    (site,) = creates(write_tree(tmp_path / "src", {"shop.go": source}))
    return site.suggestion or ""


@pytest.mark.parametrize("shape", sorted(_SHAPES))
def test_a_row_read_through_its_address_is_carried_with_the_read(
    tmp_path: Path, shape: str
) -> None:
    suggestion = _suggestion(tmp_path, shape)
    expected = _SHAPES[shape][2] + "; return dodoRec }().Fee"
    assert f'"amount": {expected},' in suggestion
    assert '"quantity": int64(w.Seats),' in suggestion
    assert "Plan.Fee" not in suggestion  # the type, read as a value
    assert "Plan{}).Fee" not in suggestion  # the zero value: 0 charged


@pytest.mark.slow
def test_the_row_read_vets(tmp_path: Path) -> None:
    if shutil.which("go") is None:
        pytest.skip("go is not installed: the text is checked above")
    suggestion = _suggestion(tmp_path, "var")
    first, _, body = suggestion.partition("\n")
    imports = {i.strip().strip('"') for i in first.removeprefix("// imports: ").split(",")}
    assert "<module>/dodoids" not in imports
    program = (
        "package app\n\nimport (\n"
        + "".join(f'\t"{i}"\n' for i in sorted(imports))
        + ")\n\ntype Plan struct {\n\tFee   int64\n\tTitle string\n}\n\n"
        + "type Store struct{}\n\n"
        + "func (s *Store) Load(out interface{}, id string) error { return nil }\n\n"
        + "type Want struct {\n\tID    string\n\tSeats int\n}\n\n"
        + "type Session struct{ URL string }\n\n"
        + "func Buy(store *Store, wants []Want) (*Session, error) {\n"
        + textwrap.indent(body, "\t")
        + "\n\t_ = dodoSession\n\treturn nil, nil\n}\n"
    )
    module = write_tree(
        tmp_path / "mod", {"go.mod": "module example.com/app\n\ngo 1.19\n", "app.go": program}
    )
    done = go_vet(module)
    assert done.returncode == 0, done.stderr + program
