"""A quantity or amount read straight from a request's form or query string (Flask's
``request.form["qty"]``, Django's ``request.POST.get("seats")``, Express's ``req.query.qty``, a
``FormData``'s or ``URLSearchParams``' ``get``) is text: Stripe's form-encoded request read "2"
as 2, Dodo's JSON body takes a number, and the SDKs' types refuse text. The Dodo call reads it
as a whole number (``int(...)``, ``Number(...)``), as a Rails ``params[...]`` already was; a
value the code converted itself is written as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import mypy_problems, tsc_problems

FLASK = """import stripe
from flask import request


def buy():
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[
            {"price": "price_poster", "quantity": request.form["qty"]},
            {"price": "price_frame", "quantity": request.form.get("frames", 1)},
            {"price": "price_card", "quantity": int(request.args["cards"])},
            {"price_data": {"currency": "usd", "unit_amount": request.POST["tip"],
                            "product_data": {"name": "Tip"}}, "quantity": 1},
        ],
        success_url="https://shop.test/ok",
    )
    return session.url
"""

ROUTE = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function POST(request: Request) {
  const form = await request.formData();
  const url = new URL(request.url);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [
      { price: "price_poster", quantity: form.get("qty") as unknown as number },
      { price: "price_frame", quantity: Number(url.searchParams.get("frames")) },
    ],
    success_url: "https://shop.test/ok",
  });
  return Response.json({ url: session.url });
}
"""

EXPRESS = """const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);

app.post("/buy", async (req, res) => {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_poster", quantity: req.query.qty }],
    success_url: "https://shop.test/ok",
  });
  res.redirect(303, session.url);
});
"""


def one(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


def test_python_form_and_query_values_are_read_as_whole_numbers() -> None:
    code = one(FLASK, "shop.py", "python").suggestion or ""
    assert '"quantity": int(request.form["qty"]),' in code
    assert '"quantity": int(request.form.get("frames", 1)),' in code
    assert '"quantity": int(request.args["cards"]),' in code  # converted already: as it is
    assert "int(int(" not in code
    assert '"amount": int(request.POST["tip"]),' in code


def test_javascript_form_and_query_values_are_read_as_numbers() -> None:
    code = one(ROUTE, "route.ts", "typescript").suggestion or ""
    assert 'quantity: Number(form.get("qty") as unknown as number),' in code
    assert 'quantity: Number(url.searchParams.get("frames")),' in code
    assert "Number(Number(" not in code
    express = one(EXPRESS, "server.js", "javascript").suggestion or ""
    assert "quantity: Number(req.query.qty)," in express


@pytest.mark.slow
def test_the_dodo_calls_type_check(tmp_path: Path) -> None:
    (tmp_path / "py").mkdir()
    (tmp_path / "ts").mkdir()
    python = one(FLASK, "shop.py", "python").suggestion or ""
    signature = "def pay(request: Any) -> str | None"
    assert mypy_problems(tmp_path / "py", python, signature) == ""
    node = one(ROUTE, "route.ts", "typescript").suggestion or ""
    assert tsc_problems(tmp_path / "ts", ROUTE, node) == ""
