"""An inline price whose currency the checkout code passes at run time, end to end: the scan
suggests the Dodo call that looks its product up by that currency, ``plan --code --currency``
plans one product per listed currency, ``apply`` creates them in the sandbox, ``ledger ids``
writes the module the suggestion imports, and the suggested code, run, sells the product made in
the buyer's currency (and fails loudly for a currency no product was made in)."""

from __future__ import annotations

import ast
import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from migrate.errors import ExitCode
from migrate.plan.planfile import read_plan
from migrate.sandbox.server import Sandbox
from migrate.scan.scan import scan_paths
from tests.apply.test_code_inline import FAST, SNAPSHOT, _git, run

SHOP = '''"""An order in the shop's currency (a setting), at the cart's total."""
import stripe


def pay(settings, order):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[
            {
                "price_data": {
                    "currency": settings["CURRENCY"],
                    "unit_amount": order.total_cents,
                    "product_data": {"name": "Order"},
                },
                "quantity": 1,
            }
        ],
        success_url="https://shop.example.com/thanks",
    )
'''


@pytest.fixture
def box() -> object:
    with Sandbox(seed=11) as sandbox:
        yield sandbox


def _plan(tmp_path: Path, app: Path, *currencies: str) -> list[Any]:
    plan = tmp_path / "plan.json"
    options = [a for c in currencies for a in ("--currency", c)]
    code, _, err = run(
        "plan", "--snapshot", SNAPSHOT, "--code", str(app), *options, "--tax-category", "saas",
        "-o", str(plan),
    )  # fmt: skip
    assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err
    return [o for o in read_plan(str(plan), scope=None).operations if "shop.py" in o.stripe_id]


def _suggested_call(suggestion: str, module: Path, settings: dict[str, str], cents: int) -> Any:
    """Run the suggested code with the generated id module and a client that records the call."""
    spec = importlib.util.spec_from_file_location("dodo_ids", module)
    assert spec is not None and spec.loader is not None
    ids = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ids)
    sent: dict[str, Any] = {}
    client = types.SimpleNamespace(
        checkout_sessions=types.SimpleNamespace(create=lambda **kw: sent.update(kw))
    )
    code = "\n".join(line for line in suggestion.splitlines() if not line.startswith("#"))
    sys.modules["dodo_ids"] = ids
    try:
        scope = {
            "client": client,
            "settings": settings,
            "order": types.SimpleNamespace(total_cents=cents),
        }
        exec(compile(code, "suggestion.py", "exec"), scope)
    finally:
        del sys.modules["dodo_ids"]
    return sent


def test_a_run_time_currency_sells_the_product_made_in_that_currency(tmp_path: Path, box) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / "shop.py").write_text(SHOP)
    _git(app, "init", "-q")
    _git(app, "add", ".")
    _git(app, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init")
    # --fix needs the products first, and says to list the currencies
    _, _, err = run("scan", str(app), "--fix", "--unsafe-fixes")
    assert "each currency the code charges in" in err and "--currency" in err, err
    (site,) = [s for s in scan_paths([str(app)]) if s.kind == "create"]
    assert site.verdict != "blocked", [f.message for f in site.findings]
    assert 'settings["CURRENCY"].upper()' in site.suggestion

    # without the list of currencies, nothing is guessed: manual work that says what to pass
    (unlisted,) = _plan(tmp_path, app)
    assert unlisted.action == "manual" and [f.code for f in unlisted.findings] == ["K115"]
    assert "--currency" in unlisted.findings[0].suggestion

    ops = _plan(tmp_path, app, "eur", "JPY")
    assert [(o.action, o.body["price"]["currency"]) for o in ops if o.body] == [
        ("create", "EUR"),
        ("create", "JPY"),
    ]
    assert all(o.body["price"]["pay_what_you_want"] for o in ops if o.body)

    code, _, err = run("apply", str(tmp_path / "plan.json"), "--apply", *FAST, url=box.url)
    assert "applied:" in err, err
    orders = [p for p in box.objects("product") if p["name"] == "Order"]
    made = {p["price"]["currency"]: p["product_id"] for p in orders}
    assert sorted(made) == ["EUR", "JPY"] and len(orders) == 2
    module = tmp_path / "dodo_ids.py"
    code, _, err = run("ledger", "ids", str(tmp_path / "plan.ledger.sqlite"), "-o", str(module))
    assert code == ExitCode.CLEAN, err

    sent = _suggested_call(site.suggestion, module, {"CURRENCY": "eur"}, 4250)
    assert sent["product_cart"] == [{"product_id": made["EUR"], "quantity": 1, "amount": 4250}]
    sent = _suggested_call(site.suggestion, module, {"CURRENCY": "jpy"}, 900)
    assert sent["product_cart"][0]["product_id"] == made["JPY"]
    with pytest.raises(LookupError, match=r"\.GBP"):  # never a product in another currency
        _suggested_call(site.suggestion, module, {"CURRENCY": "gbp"}, 900)

    # with the products made, --fix rewrites the call: the look-up by currency, imported
    ids = tmp_path / "ids.json"
    run("ledger", "ids", str(tmp_path / "plan.ledger.sqlite"), "-o", str(ids))
    _, _, err = run("scan", str(app), "--fix", "--unsafe-fixes", "--id-map", str(ids))
    assert "fixed 1 call site(s) in 1 file(s)" in err, err
    after = (app / "shop.py").read_text()
    ast.parse(after)
    assert "dodo_product_id" in after.split("def pay")[0]  # imported above the function
    assert 'dodo_product_id("s2d_pdt_' in after and '." + settings["CURRENCY"].upper())' in after
    assert "TODO" not in after
