"""``scan --fix`` on a Python app whose secrets live in a ``.env`` file that never reaches
``os.environ``: the rewritten module's Dodo client read ``DODO_PAYMENTS_API_KEY`` from
``os.environ`` only, so run locally the app found no key and its first checkout failed (read in a
Django SaaS whose billing helper reads its Stripe key with python-decouple, and a FastAPI shop
whose ``BaseSettings`` reads ``env_file=".env"``, its requirements saved by PowerShell as
UTF-16). The client now reads its key as the app does: python-decouple's ``config``, or
``load_dotenv()`` first where pydantic settings or python-dotenv read the file; an app that loads
its ``.env`` itself, or names neither, keeps the SDK's own ``os.environ`` read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from migrate.codegen.python import render as render_python
from migrate.codegen.table import id_table
from migrate.readers.idmap import IdMap
from migrate.scan.fix import plan_fixes
from migrate.scan.rewrite import broken
from migrate.scan.scan import scan_paths

IDS = IdMap.from_json({"price_1Example": "pdt_example"})

VIEWS = """\
import stripe
from django.conf import settings
from django.shortcuts import redirect

stripe.api_key = settings.STRIPE_SECRET_KEY


def subscribe(request, plan):
    session = stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": plan.stripe_price, "quantity": 1}],
        customer_email=request.user.email,
        success_url=request.build_absolute_uri("/billing/done/"),
        cancel_url=request.build_absolute_uri("/pricing/"),
    )
    return redirect(session.url)
"""

ROUTER = """\
import stripe
from fastapi import APIRouter

from app.settings import payments

router = APIRouter()
stripe.api_key = payments.STRIPE_SECRET_KEY


@router.post("/orders/{order_id}/pay")
def pay(order_id: str, price_id: str):
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price_id, "quantity": 2}],
        metadata={"order_id": order_id},
        success_url=payments.SUCCESS_URL,
        cancel_url=payments.CANCEL_URL,
    )
    return {"url": session.url}
"""

LOADS_ITSELF = """\
import os

import stripe
from dotenv import load_dotenv

load_dotenv()
stripe.api_key = os.getenv("STRIPE_SECRET_KEY")


def pay(price_id: str):
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price_id, "quantity": 1}],
        success_url="https://shop.example/done",
    )
    return session.url
"""


def _fixed(top: Path, name: str, text: str) -> str:
    path = top / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    (fix,) = plan_fixes(list(scan_paths([str(path)])), unsafe=True, roots=[str(top)])
    assert broken(fix.after, "python") is None
    return fix.after


def _type_checks(top: Path, name: str, after: str) -> None:
    mypy_api = pytest.importorskip("mypy.api")
    (top / name).write_text(after, encoding="utf-8")
    (top / "dodo_ids.py").write_text(render_python(id_table(IDS), "stripe2dodo ledger ids"))
    (top / "mypy.ini").write_text("[mypy]\n")  # the app's own settings, not this project's
    out, err, status = mypy_api.run(
        [
            "--config-file",
            str(top / "mypy.ini"),
            "--ignore-missing-imports",
            "--check-untyped-defs",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            str(top / name),
            str(top / "dodo_ids.py"),
        ]
    )
    assert status == 0, out + err


def test_a_decouple_project_reads_the_key_with_decouple(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("Django==5.0\npython-decouple==3.8\nstripe\n")
    after = _fixed(tmp_path, "billing/views.py", VIEWS)
    assert "import decouple\n" in after
    assert "import os\n" not in after  # nothing reads os.environ
    assert (
        '    live = decouple.config("DODO_PAYMENTS_ENVIRONMENT", default="") == "live_mode"\n'
        '    return DodoPayments(bearer_token=decouple.config("DODO_PAYMENTS_API_KEY"), '
        'environment="live_mode" if live else "test_mode")\n'
    ) in after
    assert "Both read with python-decouple" in after
    _type_checks(tmp_path, "billing/views.py", after)


def test_a_module_importing_decouple_reads_the_key_with_it(tmp_path: Path) -> None:
    text = "from decouple import config\n" + VIEWS.replace(
        "settings.STRIPE_SECRET_KEY", 'config("STRIPE_SECRET_KEY")'
    )
    after = _fixed(tmp_path, "views.py", text)  # no manifest at all
    assert 'bearer_token=decouple.config("DODO_PAYMENTS_API_KEY")' in after


def test_a_pydantic_settings_project_loads_its_env_file_first(tmp_path: Path) -> None:
    frozen = "fastapi==0.110.0\r\npydantic-settings==2.2.1\r\nstripe==8.0.0\r\n"
    (tmp_path / "requirements.txt").write_bytes(frozen.encode("utf-16"))  # with its BOM
    after = _fixed(tmp_path, "app/routes/orders.py", ROUTER)
    assert "from dotenv import load_dotenv\n" in after
    assert "import os\n" in after
    assert (
        "    load_dotenv()\n"
        '    live = os.environ.get("DODO_PAYMENTS_ENVIRONMENT") == "live_mode"\n'
        '    return DodoPayments(environment="live_mode" if live else "test_mode")\n'
    ) in after
    _type_checks(tmp_path, "app/routes/orders.py", after)


@pytest.mark.parametrize("manifest", ["python-dotenv==1.0\n", "flask==3.0\n", None])
def test_an_app_that_loads_its_env_or_names_no_reader_keeps_os_environ(
    tmp_path: Path, manifest: str | None
) -> None:
    if manifest is not None:
        (tmp_path / "requirements.txt").write_text(manifest)
    after = _fixed(tmp_path, "shop.py", LOADS_ITSELF)
    assert "decouple" not in after
    assert after.count("load_dotenv()") == 1  # the app's own
    assert (
        '    live = os.environ.get("DODO_PAYMENTS_ENVIRONMENT") == "live_mode"\n'
        '    return DodoPayments(environment="live_mode" if live else "test_mode")\n'
    ) in after
