"""Go has no conditional expression: a choice is a function literal called at once, whose
branches return the value. A branch's value that spans lines (a map) was written at the depth
of the choice, not of its ``return``: the closing braces of each map stood left of the ``if``
that returns it, so every Go suggestion with a customer chosen between a saved id and an email
read as mis-nested code (gofmt rewrote it). Each branch is now written at its own depth."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source
from tests.scan.trees import write_tree

GO = """\
package billing

import (
	"github.com/stripe/stripe-go/v78"
	"github.com/stripe/stripe-go/v78/checkout/session"
)

type Account struct {
	StripeCustomer string
	Email          string
	HasCustomer    bool
}

func Start(account Account, price string) (string, error) {
	params := &stripe.CheckoutSessionParams{
		Mode:       stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		SuccessURL: stripe.String("https://example.com/done"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(price), Quantity: stripe.Int64(1)},
		},
	}
	if account.HasCustomer {
		params.Customer = stripe.String(account.StripeCustomer)
	} else {
		params.CustomerEmail = stripe.String(account.Email)
	}
	s, err := session.New(params)
	if err != nil {
		return "", err
	}
	return s.URL, nil
}
"""


def suggestion() -> str:
    sites = [s for s in scan_source(GO, "billing.go", BY_NAME["go"]) if s.translation]
    assert len(sites) == 1, sites
    return sites[0].suggestion


def test_each_branch_of_a_go_choice_is_indented_under_its_return() -> None:
    text = suggestion()
    assert (
        'dodoPayload["customer"] = func() any {\n'
        "\tif account.HasCustomer {\n"
        "\t\treturn map[string]any{\n"
        '\t\t\t"customer_id": dodoids.CustomerID(account.StripeCustomer),\n'
        "\t\t}\n"
        "\t}\n"
        "\treturn func() any {\n"
        '\t\tif dodoids.Text(account.Email) != "" {\n'
        "\t\t\treturn map[string]any{\n"
        '\t\t\t\t"email": account.Email,\n'
        "\t\t\t}\n"
        "\t\t}\n"
        "\t\treturn nil\n"
        "\t}()\n"
        "}()\n"
    ) in text


def test_gofmt_leaves_the_go_suggestion_as_it_is(tmp_path: Path) -> None:
    gofmt = shutil.which("gofmt")
    if gofmt is None:
        pytest.skip("gofmt is not installed: the text is checked above")
    body = textwrap.indent(suggestion(), "\t", lambda line: bool(line.strip()))
    program = (
        "package billing\n\nfunc start(account Account) (string, error) {\n"
        f'{body}\n\t_ = dodoSession\n\treturn "", nil\n}}\n'
    )
    file = write_tree(tmp_path, {"check.go": program}) / "check.go"
    done = subprocess.run(
        [gofmt, str(file)], check=False, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == program
