"""A condition that assigns (Python's walrus, JavaScript's ``(qty = user.seats) > 10``) is never
written again into the Dodo call: run again it would re-run what it calls and overwrite the
user's variables. The call uses the name, the value the user's code computed
(``migrate/scan/follow.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats


def _sites(root: Path, name: str, text: str) -> dict[int, CallSite]:
    (root / name).write_text(text, encoding="utf-8")
    stats = ScanStats()
    sites = [s for s in scan_paths([str(root)], stats=stats) if s.kind == "create"]
    assert stats.problems == []
    return {s.line: s for s in sites}


PY = """\
import stripe


def quantity_capped(user):
    qty = 1
    if user.team and (qty := user.seats) > 10:
        qty = 10
    return stripe.checkout.Session.create(
        mode="subscription", success_url="https://example.com/ok",
        line_items=[{"price": "price_team", "quantity": qty}],
    )


def price_fallback(plan):
    if (price := lookup(plan)) is None:
        price = "price_basic"
    return stripe.checkout.Session.create(
        mode="subscription", success_url="https://example.com/ok",
        line_items=[{"price": price, "quantity": 1}],
    )


def ternary(user):
    qty = 10 if (n := user.seats) > 10 else 1
    return stripe.checkout.Session.create(
        mode="subscription", success_url="https://example.com/ok",
        line_items=[{"price": "price_team", "quantity": qty}], metadata={"n": str(n)},
    )


def key_set(user):
    params = {"mode": "subscription", "success_url": "https://example.com/ok",
              "line_items": [{"price": "price_team", "quantity": 1}]}
    if (seats := user.seats) > 10:
        params["metadata"] = {"seats": str(seats)}
    return stripe.checkout.Session.create(**params)
"""
JS = """\
const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);

async function quantityCapped(user) {
  let qty = 1;
  if (user.team && (qty = user.seats) > 10) {
    qty = 10;
  }
  return stripe.checkout.sessions.create({
    mode: "subscription",
    success_url: "https://example.com/ok",
    line_items: [{ price: "price_team", quantity: qty }],
  });
}

async function ternary(user) {
  let n;
  const qty = (n = user.seats) > 10 ? 10 : 1;
  return stripe.checkout.sessions.create({
    mode: "subscription",
    success_url: "https://example.com/ok",
    line_items: [{ price: "price_team", quantity: qty }],
  });
}
"""


@pytest.mark.parametrize(
    ("name", "text", "line", "expected"),
    [
        ("app.py", PY, 8, ("line_items[0].quantity", "qty")),
        ("app.py", PY, 17, ("line_items[0].price", "price")),
        ("app.py", PY, 25, ("line_items[0].quantity", "qty")),
        ("app.js", JS, 8, ("line_items[0].quantity", "qty")),
        ("app.js", JS, 18, ("line_items[0].quantity", "qty")),
    ],
    ids=["py-walrus-if", "py-walrus-fallback", "py-walrus-ternary", "js-if", "js-ternary"],
)
def test_the_call_uses_the_name_never_the_assigning_condition(
    tmp_path: Path, name: str, text: str, line: int, expected: tuple[str, str]
) -> None:
    path, held = expected
    site = _sites(tmp_path, name, text)[line]
    assert [d.source for d in site.dynamic if d.path == path] == [held]
    assert site.suggestion is not None
    assert ":=" not in site.suggestion
    assert "= user.seats" not in site.suggestion
    assert "lookup(" not in site.suggestion


def test_a_key_set_under_an_assigning_condition_is_not_written_with_it(tmp_path: Path) -> None:
    site = _sites(tmp_path, "app.py", PY)[36]
    assert site.suggestion is not None
    assert ":=" not in site.suggestion
