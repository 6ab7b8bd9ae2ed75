"""``scan --fix`` / ``--diff``: rewrites that keep the money, refusals that keep the code."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from dodopayments.types import CheckoutSessionCreateParams

from migrate import cli
from migrate.idmap import IdMap
from migrate.scan.fix import plan_fixes, safety
from migrate.scan.scan import scan_paths
from migrate.translate import Options

from .dodo_contract import contract_errors

PAY = '''"""Checkout."""
import os

import stripe


def pay():
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_1Tee", "quantity": 2}],
        success_url="https://shop.example.com/ok",
    )
    return session.url


def pay_later(email):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_1Tee", "quantity": 1}],
        success_url=os.environ["BASE"] + "/ok",
        customer_email=email,
        client_reference_id=email.split("@")[0],
    )


def held():
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_1Tee", "quantity": 1}],
        payment_intent_data={"capture_method": "manual"},
    )
'''

JS = """const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);

async function pay() {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_1Tee", quantity: 3 }],
    success_url: "https://shop.example.com/ok",
  });
  return session.url;
}

module.exports = { pay };
"""

IDS = {"price_1Tee": "pdt_tee"}


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "pay.py").write_text(PAY)
    (tmp_path / "pay.js").write_text(JS)
    (tmp_path / "ids.json").write_text(json.dumps(IDS))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init")
    return tmp_path


def _call_kwargs(source: str, line: int) -> dict[str, Any]:
    """The keyword arguments (as literals) of the call that starts on ``line``."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and node.lineno == line and node.keywords:
            return {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
    raise AssertionError(f"no call on line {line}")


def test_a_run_time_value_with_a_stripe_template_is_left_as_a_todo(tmp_path: Path) -> None:
    code = tmp_path / "t.py"
    code.write_text(
        "import stripe\n\n"
        "def pay(base):\n"
        "    return stripe.checkout.Session.create(\n"
        "        mode='payment',\n"
        "        line_items=[{'price': 'price_1Tee', 'quantity': 1}],\n"
        "        success_url=base + '/ok?session_id={CHECKOUT_SESSION_ID}',\n"
        "    )\n"
    )
    sites = list(scan_paths([str(code)], options=Options(ids=IdMap.from_json(IDS))))
    (fix,) = plan_fixes(sites, unsafe=True)
    lines = fix.after.splitlines()
    todo = next(i for i, t in enumerate(lines) if "TODO(stripe2dodo)" in t)
    assert "success_url from base + '/ok?session_id={CHECKOUT_SESSION_ID}'" in lines[todo]
    assert "DodoPayments(" in lines[todo + 1]  # the comment sits right above the call
    assert lines[todo].startswith("    #")  # at the call's indentation
    assert "return_url" not in fix.after  # Dodo adds its own query params; wire it by hand
    compile(fix.after, "t.py", "exec")


def test_diff_changes_nothing_and_fix_rewrites_only_safe_calls(repo: Path) -> None:
    runner = CliRunner()
    before = (repo / "pay.py").read_text()
    ids = str(repo / "ids.json")
    diff = runner.invoke(cli.main, ["scan", str(repo / "pay.py"), "--diff", "--id-map", ids])
    assert (repo / "pay.py").read_text() == before
    assert "+from dodopayments import DodoPayments" in diff.stdout
    assert "-    session = stripe.checkout.Session.create(" in diff.stdout
    assert "run time: pass --unsafe-fixes" in diff.stderr  # pay_later is not safe
    assert "blockers" in diff.stderr  # held() is never rewritten

    fixed = runner.invoke(cli.main, ["scan", str(repo / "pay.py"), "--fix", "--id-map", ids])
    assert "fixed 1 call site(s) in 1 file(s); 2 left as is" in fixed.stderr
    after = (repo / "pay.py").read_text()
    compile(after, "pay.py", "exec")
    assert after.count("stripe.checkout.Session.create(") == 2  # the other two are untouched
    assert after.count("from dodopayments import DodoPayments") == 1
    # the rewritten call sends exactly the translated body, which the SDK accepts
    line = next(i for i, t in enumerate(after.splitlines(), 1) if "DodoPayments(environment" in t)
    body = _call_kwargs(after, line)
    assert body["product_cart"] == [{"product_id": "pdt_tee", "quantity": 2}]
    assert body["return_url"] == "https://shop.example.com/ok"
    assert contract_errors(body, CheckoutSessionCreateParams) == []


def test_fix_refuses_a_dirty_tree_unless_forced(repo: Path) -> None:
    runner = CliRunner()
    ids = str(repo / "ids.json")
    (repo / "pay.py").write_text(PAY + "\n# local edit\n")
    refused = runner.invoke(cli.main, ["scan", str(repo), "--fix", "--id-map", ids])
    assert refused.exit_code == 2
    assert "uncommitted changes" in refused.stderr and "pay.py" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert (repo / "pay.py").read_text() == PAY + "\n# local edit\n"
    forced = runner.invoke(cli.main, ["scan", str(repo), "--fix", "--force", "--id-map", ids])
    assert forced.exit_code in (0, 1)
    assert "DodoPayments" in (repo / "pay.py").read_text()


def test_unsafe_fixes_carry_run_time_values_by_source_text(repo: Path) -> None:
    runner = CliRunner()
    ids = str(repo / "ids.json")
    result = runner.invoke(
        cli.main, ["scan", str(repo / "pay.py"), "--fix", "--unsafe-fixes", "--id-map", ids]
    )
    assert "fixed 2 call site(s)" in result.stderr
    after = (repo / "pay.py").read_text()
    compile(after, "pay.py", "exec")
    tree = ast.parse(after)
    later = next(f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name == "pay_later")
    call = later.body[0].value  # type: ignore[attr-defined]
    kwargs = {k.arg: ast.unparse(k.value) for k in call.keywords}
    assert kwargs["return_url"] == "os.environ['BASE'] + '/ok'"
    assert kwargs["customer"] == "{'email': email}"
    assert kwargs["metadata"] == "{'client_reference_id': email.split('@')[0]}"
    # held() keeps its manual capture: a blocker is never rewritten
    assert "capture_method" in after


def test_javascript_fix_adds_a_require_and_keeps_await(repo: Path) -> None:
    runner = CliRunner()
    ids = str(repo / "ids.json")
    result = runner.invoke(cli.main, ["scan", str(repo / "pay.js"), "--fix", "--id-map", ids])
    assert "fixed 1 call site(s)" in result.stderr
    after = (repo / "pay.js").read_text()
    assert "const DodoPayments = require('dodopayments');" in after
    assert "await new DodoPayments({ environment: 'test_mode' }).checkoutSessions.create({" in after
    if shutil.which("node"):
        subprocess.run(["node", "--check", str(repo / "pay.js")], check=True)
    # scanning the rewritten file finds no Stripe creation any more
    assert [s for s in scan_paths([str(repo / "pay.js")]) if s.kind == "create"] == []


def test_fix_and_diff_together_is_a_usage_error(repo: Path) -> None:
    result = CliRunner().invoke(cli.main, ["scan", str(repo), "--fix", "--diff"])
    assert result.exit_code == 2
    assert "pick one" in result.stderr


def test_calls_needing_products_are_never_fixed(repo: Path) -> None:
    (site, *_) = [s for s in scan_paths([str(repo / "pay.py")]) if s.kind == "create"]
    assert safety(site)[0] == "never" and "plan and apply" in safety(site)[1]
    fixes = plan_fixes([site], unsafe=True)
    assert [f.fixed for f in fixes] == [()]


def test_a_run_time_price_is_rewritten_as_the_look_up_with_a_todo(tmp_path: Path) -> None:
    code = tmp_path / "t.py"
    code.write_text(
        "import stripe\n\n"
        "def buy(order):\n"
        "    return stripe.checkout.Session.create(\n"
        "        mode='payment',\n"
        "        line_items=[{'price': order.price_id, 'quantity': 1}],\n"
        "        success_url='https://x.example/ok',\n"
        "    )\n"
    )
    (fix,) = plan_fixes(list(scan_paths([str(code)])), unsafe=True)
    assert '"product_id": dodo_product_id(order.price_id),' in fix.after
    assert "product_cart=[]" not in fix.after
    assert "# TODO(stripe2dodo): dodo_product_id(order.price_id) is yours to write" in fix.after
    assert "set line_items[0].price from" not in fix.after  # carried, not a second TODO
    compile(fix.after, "t.py", "exec")
