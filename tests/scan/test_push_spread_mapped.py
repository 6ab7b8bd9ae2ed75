# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A cart extended with a mapped list spread into ``push`` (``lineItems.push(...extras.map(...))``,
seen in a booking checkout that adds voucher lines to the room lines), or a Python list extended
with a comprehension: ``push(...x)`` / ``extend(x)`` was read only when ``x`` was a list written
out, so a mapped one made the whole cart opaque and the call blocked (RT015). The mapped list is spliced in place now, as ``[...rows, ...extras.map(...)]`` is."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import mypy_problems, tsc_problems


def one(code: str, name: str = "book.ts") -> CallSite:
    language = "typescript" if name.endswith(".ts") else "python"
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
type Night = { room: string; euros: number; rooms: number };
type Extra = { title: string; euros: number };

export async function book(nights: Night[], extras: Extra[], back: string) {
  const lineItems = nights.map((n) => ({
    price_data: { currency: "eur", unit_amount: Math.round(n.euros * 100), product_data: { name: n.room } },
    quantity: n.rooms,
  }));
  lineItems.push(...extras.map((x) => ({
    price_data: { currency: "eur", unit_amount: Math.round(x.euros * 100), product_data: { name: x.title } },
    quantity: 1,
  })));
  const session = await stripe.checkout.sessions.create({ mode: "payment", line_items: lineItems, success_url: back });
  return session.url;
}
"""


def test_a_mapped_list_pushed_reaches_the_cart() -> None:
    site = one(TS)
    text = site.suggestion or ""
    assert "...nights.map((n" in text and "amount: Math.round(n.euros * 100)," in text
    assert "quantity: n.rooms," in text
    assert "...extras.map((x" in text and "amount: Math.round(x.euros * 100)," in text
    assert not {f.code for f in site.findings} & {"RT002", "RT003", "RT015"}, site.findings
    assert site.verdict != "blocked"


PY = """\
import stripe


def book(nights, extras, back):
    line_items = [
        {"price_data": {"currency": "eur", "unit_amount": n.cents, "product_data": {"name": n.room}}, "quantity": n.rooms}
        for n in nights
    ]
    line_items.extend(
        [{"price_data": {"currency": "eur", "unit_amount": x.cents, "product_data": {"name": x.title}}, "quantity": 1} for x in extras]
    )
    return stripe.checkout.Session.create(mode="payment", line_items=line_items, success_url=back)
"""


def test_a_python_list_extended_with_a_comprehension_reaches_the_cart() -> None:
    site = one(PY, "book.py")
    text = site.suggestion or ""
    assert '"amount": n.cents,' in text and "for n in nights" in text
    assert '"amount": x.cents,' in text and "for x in extras" in text
    assert not {f.code for f in site.findings} & {"RT002", "RT003", "RT015"}, site.findings


def _under_if(code: str, added: str, condition: str) -> str:
    return code.replace(added, f"{condition}{added}")


def test_a_mapped_list_pushed_under_an_if_is_in_the_cart_under_that_if() -> None:
    code = _under_if(TS, "  lineItems.push(...extras.map", "  if (extras.length > 0)")
    site = one(code)
    text = site.suggestion or ""
    assert "...nights.map((n" in text
    assert "...((extras.length > 0) ? extras.map((x" in text and ": [])," in text
    assert "amount: Math.round(x.euros * 100)," in text
    assert not {f.code for f in site.findings} & {"RT002", "RT003", "RT015"}, site.findings


def test_a_python_list_extended_under_an_if_is_in_the_cart_under_that_if() -> None:
    code = PY.replace("    line_items.extend(", "    if extras:\n        line_items.extend(")
    site = one(code, "book.py")
    text = site.suggestion or ""
    assert "for n in nights" in text and "for x in extras" in text
    assert "if extras else []" in text
    assert not {f.code for f in site.findings} & {"RT002", "RT003", "RT015"}, site.findings


@pytest.mark.slow
def test_the_dodo_call_under_an_if_type_checks_with_tsc(tmp_path: Path) -> None:
    source = _under_if(TS, "  lineItems.push(...extras.map", "  if (extras.length > 0)")
    problems = tsc_problems(tmp_path, source, one(source).suggestion or "")
    assert not problems, problems


def test_the_python_call_under_an_if_type_checks_with_mypy(tmp_path: Path) -> None:
    code = PY.replace("    line_items.extend(", "    if extras:\n        line_items.extend(")
    suggestion = one(code, "book.py").suggestion or ""
    signature = "def book(nights: Any, extras: Any, back: str) -> str | None"
    problems = mypy_problems(tmp_path, suggestion, signature)
    assert not problems, problems


def test_a_python_list_extended_with_a_generator_reaches_the_cart() -> None:
    # extend(x for x in xs): the grammar makes the generator the call's whole argument list
    code = PY.replace("    line_items.extend(\n        [", "    line_items.extend(\n        ")
    code = code.replace("for x in extras]\n    )", "for x in extras\n    )")
    assert "[{" not in code.split("line_items.extend(")[1].split("for x")[0]
    site = one(code, "book.py")
    text = site.suggestion or ""
    assert '"amount": n.cents,' in text and "for n in nights" in text
    assert '"amount": x.cents,' in text and "for x in extras" in text
    assert not {f.code for f in site.findings} & {"RT002", "RT003", "RT015"}, site.findings
