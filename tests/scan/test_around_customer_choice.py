"""A call around Checkout (a PaymentIntent confirmed with a saved method) whose ``customer`` is a
choice (a Go service setting ``params.Customer`` only under ``if opts != nil``, Python's
``opts.customer_id if opts else None``): the Dodo customer was the look-up of the choice's whole
source, ``dodoids.CustomerID(if opts != nil { opts.StripeCustomerID } else { nil })``, which is no
Go (the suggestion did not parse) and elsewhere looked up a missing id. The customer is now the
same choice between the Dodo customers: the looked-up one, or none."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.trees import write_tree

GO = """\
package orders

import (
	"github.com/stripe/stripe-go/v81"
	"github.com/stripe/stripe-go/v81/paymentintent"
)

type Options struct {
	Customer string
	Method   string
}

func Charge(cents int64, opts *Options) (string, error) {
	params := &stripe.PaymentIntentParams{
		Amount:   stripe.Int64(cents),
		Currency: stripe.String("usd"),
	}
	if opts != nil {
		params.Customer = stripe.String(opts.Customer)
		params.PaymentMethod = stripe.String(opts.Method)
		params.Confirm = stripe.Bool(true)
	}
	pi, err := paymentintent.New(params)
	if err != nil {
		return "", err
	}
	return pi.ID, nil
}
"""

PY = """\
import stripe


def charge(cents, saved):
    return stripe.PaymentIntent.create(
        amount=cents,
        currency="eur",
        customer=saved.customer if saved else None,
        payment_method=saved.method if saved else None,
        confirm=True,
    )
"""


def one(code: str, name: str, language: str) -> CallSite:
    sites = [s for s in scan_source(code, name, BY_NAME[language]) if s.translation is not None]
    assert len(sites) == 1, sites
    return sites[0]


def test_go_customer_set_under_an_if_is_a_choice_of_dodo_customers() -> None:
    suggestion = one(GO, "orders.go", "go").suggestion
    assert "CustomerID(if " not in suggestion
    assert '"customer_id": dodoids.CustomerID(opts.Customer),' in suggestion
    assert 'dodoPayload["customer"] = func() any {\n\tif opts != nil {' in suggestion


def test_the_go_suggestion_parses(tmp_path: Path) -> None:
    gofmt = shutil.which("gofmt")
    if gofmt is None:
        pytest.skip("gofmt is not installed: the text is checked above")
    suggestion = one(GO, "orders.go", "go").suggestion
    program = (
        "package orders\n\nfunc charge(opts *Options) (string, error) {\n"
        + suggestion
        + '\n\t_ = dodoSession\n\treturn "", nil\n}\n'
    )
    file = write_tree(tmp_path, {"check.go": program}) / "check.go"
    done = subprocess.run(
        [gofmt, "-e", "-l", str(file)], check=False, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr + program


def test_python_customer_choice_gives_no_customer_where_it_gives_none() -> None:
    suggestion = one(PY, "charge.py", "python").suggestion
    assert "dodo_customer_id(saved.customer if saved else None)" not in suggestion
    assert '"customer_id": dodo_customer_id(saved.customer),\n    } if saved else None,' in (
        suggestion
    )
