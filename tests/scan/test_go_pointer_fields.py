"""A Go value given to a scalar params field as it is (``SuccessURL: in.Back``,
``params.ClientReferenceID = in.Ref`` under ``if in.Ref != nil``) is a pointer (stripe-go's
scalar fields are ``*string``, ``*int64``...): the Dodo call carries what it points to. It
carried the pointer: ``strings.ToUpper(in.Currency)`` did not compile, and the metadata said
``fmt.Sprint(in.Ref)``, the pointer's address, without a word (seen in a Go metering service
passing its callers' optional checkout options through)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.trees import go_vet

CODE = """\
package billing

import (
\t"github.com/stripe/stripe-go/v80"
\t"github.com/stripe/stripe-go/v80/checkout/session"
)

type Options struct {
\tCurrency *string
\tRef      *string
\tBack     *string
}

func Open(price string, in Options) (*stripe.CheckoutSession, error) {
\tparams := &stripe.CheckoutSessionParams{
\t\tMode:       stripe.String(string(stripe.CheckoutSessionModePayment)),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(price), Quantity: stripe.Int64(1)},
\t\t},
\t\tSuccessURL: in.Back,
\t}
\tif in.Currency != nil {
\t\tparams.Currency = in.Currency
\t}
\tif in.Ref != nil {
\t\tparams.ClientReferenceID = in.Ref
\t}
\treturn session.New(params)
}
"""


def site() -> CallSite:
    (found,) = [s for s in scan_source(CODE, "open.go", BY_NAME["go"]) if s.kind == "create"]
    return found


def test_go_pointer_values_are_carried_as_what_they_point_to() -> None:
    s = site()
    assert 'dodoPayload["return_url"] = *in.Back' in s.suggestion
    assert "return strings.ToUpper(*in.Currency)" in s.suggestion
    assert "return fmt.Sprint(*in.Ref)" in s.suggestion
    assert "fmt.Sprint(in.Ref)" not in s.suggestion


@pytest.mark.slow
def test_go_pointer_values_compile(tmp_path: Path) -> None:
    if shutil.which("go") is None:
        pytest.skip("go is not installed: the text is checked above")
    head, _, body = site().suggestion.partition("\n")
    imports = {i.strip().strip('"') for i in head.removeprefix("// imports: ").split(",")}
    imports = {"example.com/app/dodoids" if i == "<module>/dodoids" else i for i in imports}
    (tmp_path / "go.mod").write_text("module example.com/app\n\ngo 1.19\n", encoding="utf-8")
    (tmp_path / "dodoids").mkdir()
    (tmp_path / "dodoids" / "ids.go").write_text(
        "package dodoids\n\nfunc ProductID(id string) string { return id }\n", encoding="utf-8"
    )
    source = (
        "package app\n\nimport (\n"
        + "".join(f'\t"{i}"\n' for i in sorted(imports))
        + ")\n\ntype Options struct{ Currency, Ref, Back *string }\n\n"
        + "func Open(price string, in Options) (any, error) {\n"
        + textwrap.indent(body, "\t")
        + "\n\treturn dodoSession, nil\n}\n"
    )
    (tmp_path / "app.go").write_text(source, encoding="utf-8")
    done = go_vet(tmp_path)
    assert done.returncode == 0, done.stderr + "\n" + source
