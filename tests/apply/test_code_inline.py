"""Inline ``price_data`` in source code, end to end: ``plan --code`` plans its product, ``apply``
creates it in the sandbox, ``ledger ids`` maps its placeholder to the Dodo id, and ``scan --fix``
with that map rewrites the call with the product's Dodo id (before, the call was refused: its
product must be created first)."""

from __future__ import annotations

import ast
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from dodopayments.types import ProductCreateParams

from migrate import cli
from migrate.errors import ExitCode
from migrate.mapping.expr import is_expr
from migrate.mapping.translate import Options, translate_params
from migrate.plan.planfile import read_plan
from migrate.readers.base import SourceRef
from migrate.readers.idmap import IdMap
from migrate.sandbox.server import Sandbox
from migrate.scan.scan import scan_paths
from tests.dodo_contract import contract_errors

SNAPSHOT = str(Path(__file__).resolve().parents[2] / "samples" / "snapshot.jsonl")
FAST = ("--rate", "0", "--per-minute", "0")

SHOP = '''"""A one-off order: the price is written inline in the call."""
import stripe


def order(email: str) -> str | None:
    session = stripe.checkout.Session.create(
        mode="payment",
        customer_email=email,
        line_items=[
            {
                "price_data": {
                    "currency": "eur",
                    "unit_amount": 2400,
                    "product_data": {"name": "Print, A3"},
                },
                "quantity": 2,
            }
        ],
        success_url="https://shop.example.com/thanks",
    )
    return session.url
'''


def run(*args: str, url: str | None = None) -> tuple[int, str, str]:
    env = {"DODO_PAYMENTS_BASE_URL": url, "DODO_PAYMENTS_API_KEY": "sk_test_x"} if url else None
    result = CliRunner().invoke(cli.main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def box() -> object:
    with Sandbox(seed=7) as sandbox:
        yield sandbox


def test_inline_products_in_code_are_planned_created_and_then_rewritten(
    tmp_path: Path, box
) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / "shop.py").write_text(SHOP)
    _git(app, "init", "-q")
    _git(app, "add", ".")
    _git(app, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init")

    # without the product in Dodo, --fix refuses the call and says how to get it there
    code, _, err = run("scan", str(app), "--fix", "--unsafe-fixes")
    assert "its products must be created in Dodo first" in err, err
    assert "plan --code" in err, err

    plan = tmp_path / "plan.json"
    code, _, err = run(
        "plan", "--snapshot", SNAPSHOT, "--code", str(app), "--tax-category", "saas",
        "-o", str(plan),
    )  # fmt: skip
    assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err
    ops = read_plan(str(plan), scope=None).operations
    inline = [o for o in ops if o.key.startswith("product:inline:") and "shop.py" in o.stripe_id]
    assert len(inline) == 1, inline
    (op,) = inline
    assert op.action == "create"
    assert op.request is not None
    assert op.request["body"]["price"]["price"] == 2400
    assert op.request["body"]["price"]["currency"] == "EUR"

    code, _, err = run("apply", str(plan), "--apply", *FAST, url=box.url)
    assert "applied:" in err, err
    (made,) = [p for p in box.objects("product") if p["name"] == "Print, A3"]
    assert made["price"]["price"] == 2400
    dodo_id = made["product_id"]

    ids = tmp_path / "ids.json"
    code, _, err = run("ledger", "ids", str(tmp_path / "plan.ledger.sqlite"), "-o", str(ids))
    assert code == ExitCode.CLEAN, err
    assert json.loads(ids.read_text())[str(op.dodo_id)] == dodo_id
    # the module the application imports maps Stripe ids only: the placeholder stays out of it
    module = tmp_path / "dodo_ids.py"
    code, _, err = run("ledger", "ids", str(tmp_path / "plan.ledger.sqlite"), "-o", str(module))
    assert code == ExitCode.CLEAN, err
    assert "s2d_" not in module.read_text()
    assert '"price_1' in module.read_text()  # the catalog's prices are there

    _, _, err = run("scan", str(app), "--fix", "--unsafe-fixes", "--id-map", str(ids))
    assert "fixed 1 call site(s) in 1 file(s)" in err, err
    after = (app / "shop.py").read_text()
    ast.parse(after)
    assert f'"product_id": "{dodo_id}",' in after
    assert '"quantity": 2,' in after
    assert "s2d_" not in after and "TODO" not in after


PAYLOAD = {
    "mode": "payment",
    "line_items": [
        {
            "price_data": {
                "currency": "eur",
                "unit_amount": 2400,
                "product_data": {"name": "Print, A3"},
            },
            "quantity": 2,
        }
    ],
    "success_url": "https://shop.example.com/thanks",
}


def test_translate_writes_the_dodo_id_of_an_inline_product_the_id_map_holds() -> None:
    first = translate_params(PAYLOAD, SourceRef("p.json", "json"), Options())
    (need,) = first.requires
    placeholder = need["id"]
    assert placeholder.startswith("s2d_pdt_")
    assert first.dodo is not None
    assert first.dodo["product_cart"] == [{"product_id": placeholder, "quantity": 2}]

    ids = IdMap.from_json({placeholder: "pdt_print_a3"})
    done = translate_params(PAYLOAD, SourceRef("p.json", "json"), Options(ids=ids))
    assert done.dodo is not None
    assert done.dodo["product_cart"] == [{"product_id": "pdt_print_a3", "quantity": 2}]
    assert done.requires == ()
    # what was said about creating the product no longer holds: it is in Dodo
    assert "L102" in {f.code for f in first.findings}
    assert "L102" not in {f.code for f in done.findings}
    assert not any(placeholder in f.message for f in done.findings)
    assert done.money is not None and done.money["status"] == "match"

    # a map that holds only another placeholder for it changes nothing
    still = IdMap.from_json({placeholder: "s2d_pdt_other"})
    kept = translate_params(PAYLOAD, SourceRef("p.json", "json"), Options(ids=still))
    assert kept.dodo == first.dodo
    assert [r["id"] for r in kept.requires] == [placeholder]


def test_a_setup_mode_call_with_a_run_time_currency_plans_a_valid_mandate_product(
    tmp_path: Path,
) -> None:
    """The mandate product was made with the expression's text as its currency ("EXPR(...)"),
    which apply refused; it is one USD product, and the run-time currency stays the checkout's
    billing_currency."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "cards.py").write_text(
        "import stripe\n\n"
        "def save_card(customer_id: str, currency: str) -> str | None:\n"
        "    session = stripe.checkout.Session.create(\n"
        "        mode='setup', customer=customer_id, currency=currency,\n"
        "        success_url='https://app.example.com/cards',\n"
        "    )\n"
        "    return session.url\n"
    )
    (site,) = [s for s in scan_paths([str(app)]) if s.kind == "create"]
    assert site.translation is not None and site.translation.dodo is not None
    (need,) = site.translation.requires
    assert need["product"]["price"]["currency"] == "USD"
    assert need["product"]["price"]["price"] == 0
    assert is_expr(site.translation.dodo["billing_currency"])
    plan = tmp_path / "plan.json"
    code, _, err = run(
        "plan", "--snapshot", SNAPSHOT, "--code", str(app), "--tax-category", "saas",
        "-o", str(plan),
    )  # fmt: skip
    assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err
    (op,) = [o for o in read_plan(str(plan), scope=None).operations if "cards.py" in o.stripe_id]
    assert op.action == "create" and op.request is not None
    assert contract_errors(op.request["body"], ProductCreateParams) == []
