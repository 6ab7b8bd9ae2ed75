"""A Go suggestion hands an error back the way the function it replaces a call in returns:
``return err`` compiled only where the one result is an ``error`` (a ``(string, error)``
handler failed ``go build`` with "not enough return values"). An HTTP handler, which returns
nothing, answers the error as handlers do (``http.Error`` on its writer, gin's ``c.JSON``)
instead of panicking (seen in two Go services' handlers)."""

from __future__ import annotations

import itertools
import shutil
import textwrap
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source
from tests.scan.trees import go_parts, vet_go_module

HEAD = """\
package billing

import (
\t"net/http"

\tstripe "github.com/stripe/stripe-go/v82"
\t"github.com/stripe/stripe-go/v82/checkout/session"
)
"""

CASES = {
    "Pair": ("(string, error)", 'return "", err'),
    "Only": ("error", "return err"),
    "Pointer": ("(*Session, error)", "return nil, err"),
    "Named": (
        "(url string, n, m int, ok bool, s Session, err error)",
        'return "", 0, 0, false, *new(Session), err',
    ),
    "Nothing": ("", "panic(err) // Nothing returns no error: handle err as it does"),
    "NoError": ("string", "panic(err) // NoError returns no error: handle err as it does"),
    "Handler": ("", "http.Error(w, err.Error(), http.StatusInternalServerError); return"),
}
PARAMS = {"Handler": "w http.ResponseWriter, priceID string"}
"""A case's parameters when not ``priceID string``."""


def _code() -> str:
    parts = [HEAD]
    for name, (results, _) in CASES.items():
        parts.append(
            f"func {name}({PARAMS.get(name, 'priceID string')}) {results} {{\n"
            "\ts, err := session.New(&stripe.CheckoutSessionParams{\n"
            "\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{\n"
            "\t\t\t{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},\n"
            "\t\t},\n"
            '\t\tSuccessURL: stripe.String("https://example.com/ok"),\n'
            "\t})\n"
            "\t_ = s\n"
            "\tpanic(err)\n"
            "}\n"
        )
    return "\n".join(parts)


def _suggestions() -> dict[str, str]:
    sites = [s for s in scan_source(_code(), "x.go", BY_NAME["go"]) if s.kind == "create"]
    names = list(CASES)
    assert len(sites) == len(names)
    return dict(
        zip(names, [s.suggestion for s in sorted(sites, key=lambda s: s.line)], strict=True)
    )


def test_each_error_check_returns_as_the_function_does() -> None:
    for name, suggestion in _suggestions().items():
        lines = suggestion.splitlines()
        checks = [
            after.strip()
            for line, after in itertools.pairwise(lines)
            if line.endswith("err != nil {")
        ]
        assert len(checks) == 5, suggestion  # decode the body, encode it, make, send, read
        assert set(checks) == {CASES[name][1]}, name


def test_an_error_check_in_a_function_literal_returns_as_the_literal_does() -> None:
    code = HEAD + textwrap.dedent(
        """
        func Outer() (int, error) {
        \tmake := func(priceID string) (*Session, error) {
        \t\treturn session.New(&stripe.CheckoutSessionParams{
        \t\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{{Price: stripe.String(priceID)}},
        \t\t})
        \t}
        \t_, err := make("price_1")
        \treturn 0, err
        }
        """
    )
    (site,) = [s for s in scan_source(code, "x.go", BY_NAME["go"]) if s.kind == "create"]
    lines = site.suggestion.splitlines()
    checks = {
        after.strip() for line, after in itertools.pairwise(lines) if line.endswith("err != nil {")
    }
    assert checks == {"return nil, err"}


@pytest.mark.slow
def test_every_suggestion_compiles_in_its_function(tmp_path: Path) -> None:
    if shutil.which("go") is None:
        pytest.skip("go is not installed: the error checks are read above")
    imports: set[str] = set()
    functions = []
    for name, suggestion in _suggestions().items():
        used, body = go_parts(suggestion)
        imports |= used
        results, _ = CASES[name]
        tail = "\tpanic(dodoSession)\n" if results else "\t_ = dodoSession\n"
        params = PARAMS.get(name, "priceID string")
        functions.append(
            f"func {name}({params}) {results} {{\n{textwrap.indent(body, chr(9))}\n{tail}}}\n"
        )
    imports.add("net/http")  # the handler's own import (its writer's type)
    source = (
        "package app\n\nimport (\n"
        + "".join(f'\t"{i}"\n' for i in sorted(imports))
        + ")\n\ntype Session struct{ URL string }\n\n"
        + "\n".join(functions)
    )
    done = vet_go_module(tmp_path, {"app.go": source})
    assert done.returncode == 0, done.stderr + "\n" + source


def test_a_gin_handler_answers_the_error_with_json() -> None:
    code = HEAD + textwrap.dedent(
        """
        func Pay(c *gin.Context) {
        \ts, err := session.New(&stripe.CheckoutSessionParams{
        \t\tLineItems: []*stripe.CheckoutSessionLineItemParams{{Price: stripe.String("p_1")}},
        \t})
        \t_, _ = s, err
        }
        """
    )
    (site,) = [s for s in scan_source(code, "x.go", BY_NAME["go"]) if s.kind == "create"]
    lines = site.suggestion.splitlines()
    checks = {
        after.strip() for line, after in itertools.pairwise(lines) if line.endswith("err != nil {")
    }
    assert checks == {'c.JSON(500, gin.H{"error": err.Error()}); return'}
