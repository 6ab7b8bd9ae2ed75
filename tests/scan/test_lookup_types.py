"""A price id from the environment, a customer id from a nullable column: the suggested call
type-checks with the id module the project generates (``ledger ids -o``).

A Remix credits shop passed ``price: process.env.STRIPE_CREDITS_PRICE_ID`` and a NestJS service
``customer: user.stripeCustomerId`` (a Prisma ``String?``): Stripe's params take an optional
string, so the code compiled. The suggested Dodo call looked them up with
``dodoProductId(stripeId: string)``, which tsc --strict refuses for ``string | undefined`` (and
mypy --strict for ``os.environ.get(...)``): the generated look-ups now take a missing id too,
and refuse it loudly at run time (UnknownStripeIdError), as they refuse an unknown one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.codegen import Target, render
from migrate.readers.idmap import IdMap
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source
from tests.scan import node_sdk

IDS = {"price_1Credits": "pdt_Credits", "cus_1A": "cus_DodoA"}

PY_VIEW = """\
import os

import stripe


def buy_credits(account):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": os.environ.get("CREDITS_PRICE"), "quantity": 1}],
        customer=account.stripe_customer,
        success_url="https://app.example/credits",
    )
"""

TS_ROUTE = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function buyCredits(account: { stripeCustomer: string | null }) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: process.env.CREDITS_PRICE, quantity: 1 }],
    customer: account.stripeCustomer ?? undefined,
    success_url: "https://app.example/credits",
  });
}
"""


def suggested(code: str, name: str, language: str) -> str:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    text = site.suggestion
    return text[text.index("client.") :]


def module(target: Target) -> str:
    return render(IdMap.from_json(IDS), target, command="stripe2dodo ledger ids")


def test_python_lookups_of_optional_ids_type_check(tmp_path: Path) -> None:
    pytest.importorskip("mypy.api")
    call = suggested(PY_VIEW, "credits.py", "python")
    assert 'dodo_product_id(os.environ.get("CREDITS_PRICE"))' in call
    (tmp_path / "dodo_ids.py").write_text(module(Target.PYTHON), encoding="utf-8")
    (tmp_path / "main.py").write_text(
        "import os\nfrom typing import Optional\n\nfrom dodopayments import DodoPayments\n\n"
        "from dodo_ids import dodo_customer_id, dodo_product_id\n\n\n"
        "class Account:\n    stripe_customer: Optional[str] = None\n\n\n"
        "def buy_credits(client: DodoPayments, account: Account) -> object:\n"
        f"    return {call.replace(chr(10), chr(10) + '    ')}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "main.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_typescript_lookups_of_optional_ids_type_check(tmp_path: Path) -> None:
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the TS suggestion is not type-checked")
    call = suggested(TS_ROUTE, "credits.ts", "typescript")
    assert "dodoProductId(process.env.CREDITS_PRICE)" in call
    sdk = node_sdk.install()
    (tmp_path / "node_modules").symlink_to(sdk / "node_modules", target_is_directory=True)
    (tmp_path / "dodo-ids.ts").write_text(module(Target.TYPESCRIPT), encoding="utf-8")
    (tmp_path / "main.ts").write_text(
        'import DodoPayments from "dodopayments";\n'
        'import { dodoCustomerId, dodoProductId } from "./dodo-ids";\n'
        "declare const process: { env: Record<string, string | undefined> };\n\n"
        "export function buyCredits(client: DodoPayments,"
        " account: { stripeCustomer: string | null }) {\n"
        f"  return {call};\n}}\n",
        encoding="utf-8",
    )
    node = shutil.which("node")
    assert node is not None
    done = subprocess.run(
        [
            *(node, str(node_sdk.tsc(sdk)), "--strict", "--noEmit", "--target", "es2022"),
            *("--module", "esnext", "--moduleResolution", "bundler", "--skipLibCheck"),
            *("main.ts", "dodo-ids.ts"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "NODE_OPTIONS": ""},
    )
    assert done.returncode == 0, done.stdout + done.stderr
