"""``scan --fix --unsafe-fixes`` on a call whose cart is missing in one branch of a run-time
choice (RT007): the translated branches are written, the branch with no product raises through
``dodo_blocked`` / ``dodoBlocked`` (defined once per module), never an empty or made-up cart;
plain ``--fix`` leaves such a call alone. The rewrite parses, type-checks against the official
SDKs and, run, fails loudly in the blocked branch before any request is made."""

from __future__ import annotations

import os
import re
import runpy
import sys
from pathlib import Path

import pytest

from migrate.codegen.node import render as render_node
from migrate.codegen.python import render as render_python
from migrate.codegen.table import id_table
from migrate.readers.idmap import IdMap
from migrate.scan.fix import plan_fixes
from migrate.scan.rewrite import broken
from migrate.scan.scan import scan_paths
from tests.scan import node_sdk

PY = '''"""Billing: a subscription checkout, or a card update for an existing subscription."""
import os
from typing import Any

import stripe


def start(mode: str, customer_id: str, subscription_id: str) -> str | None:
    params: dict[str, Any] = {
        "mode": mode,
        "customer": customer_id,
        "success_url": os.environ["APP_URL"] + "/billing/done",
    }
    if mode == "subscription":
        params["line_items"] = [{"price": os.environ["PRICE_PRO"], "quantity": 1}]
    elif mode == "setup":
        params["setup_intent_data"] = {"metadata": {"subscription_id": subscription_id}}
    session = stripe.checkout.Session.create(**params)
    return session.url


def upgrade(tier: str, customer_id: str) -> str | None:
    price = os.environ["PRICE_TEAM"] if tier == "team" else None
    session = stripe.checkout.Session.create(
        mode="subscription",
        customer=customer_id,
        line_items=[{"price": price, "quantity": 1}] if price else None,
        success_url="https://app.example.com/done",
    )
    return session.url
'''

TS = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY as string);

export async function start(mode: "subscription" | "setup", customerId: string) {
  const params: Record<string, unknown> = {
    mode,
    customer: customerId,
    success_url: `${process.env.APP_URL}/billing/done`,
  };
  if (mode === "subscription") {
    params.line_items = [{ price: process.env.PRICE_PRO, quantity: 1 }];
  }
  const session = await stripe.checkout.sessions.create(params);
  return session.url;
}
"""

IDS = IdMap.from_json({"price_1Example": "pdt_example", "cus_Example": "cus_dodo"})


def _rewrite(tmp_path: Path, name: str, text: str, *, unsafe: bool) -> tuple[str, list[str]]:
    path = tmp_path / name
    path.write_text(text)
    (fix,) = plan_fixes(list(scan_paths([str(path)])), unsafe=unsafe, roots=[str(tmp_path)])
    return fix.after, [why for _, why in fix.skipped]


def test_plain_fix_leaves_a_call_with_a_branch_without_a_cart(tmp_path: Path) -> None:
    after, skipped = _rewrite(tmp_path, "billing.py", PY, unsafe=False)
    assert after == ""
    assert len(skipped) == 2
    assert all("pass --unsafe-fixes" in why for why in skipped), skipped


def test_the_branch_without_a_cart_raises_and_the_others_are_written(tmp_path: Path) -> None:
    after, skipped = _rewrite(tmp_path, "billing.py", PY, unsafe=True)
    assert skipped == []
    assert broken(after, "python") is None
    assert "TODO" not in after
    assert not re.search(r"product_cart(=|: )\[\]", after)
    # the subscription branch looks its price up; the other branch raises, naming the finding
    assert 'dodo_product_id(os.environ["PRICE_PRO"])' in after
    assert 'dodo_product_id(os.environ["PRICE_TEAM"])' in after
    blocked = re.findall(r'dodo_blocked\("stripe2dodo RT007: no Dodo product_id (.+?); see', after)
    # where `price` holds (the branch `if price`), it is PRICE_TEAM: no blocked branch there
    assert blocked == [
        'when not `mode == \\"subscription\\"`',
        "when not `price`",
    ], blocked
    # the helper is defined once for the module, above the functions, and the decision is above
    assert after.count("def dodo_blocked(finding: str) -> NoReturn:") == 1
    assert "from typing import NoReturn" in after
    assert after.index("def dodo_blocked") < after.index("def start(")
    assert after.count("# stripe2dodo RT007 (blocker)") == 2  # one in start, one in upgrade


def test_the_blocked_branch_fails_loudly_before_any_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    after, _ = _rewrite(tmp_path, "billing.py", PY, unsafe=True)
    (tmp_path / "billing.py").write_text(after)
    (tmp_path / "dodo_ids.py").write_text(render_python(id_table(IDS), "stripe2dodo ledger ids"))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("DODO_PAYMENTS_API_KEY", "test-key-not-used")
    monkeypatch.setenv("APP_URL", "https://app.example.com")
    monkeypatch.setenv("PRICE_PRO", "price_1Example")
    monkeypatch.delenv("DODO_PAYMENTS_BASE_URL", raising=False)
    module = runpy.run_path(str(tmp_path / "billing.py"))
    with pytest.raises(
        RuntimeError,
        match=r"^stripe2dodo RT007: no Dodo product_id when not `mode == \"subscription\"`",
    ):
        module["start"]("setup", "cus_Example", "sub_1")
    with pytest.raises(RuntimeError, match="RT007"):
        module["upgrade"]("solo", "cus_Example")
    sys.modules.pop("dodo_ids", None)


def test_the_rewrite_type_checks_with_mypy(tmp_path: Path) -> None:
    mypy_api = pytest.importorskip("mypy.api")
    after, _ = _rewrite(tmp_path, "billing.py", PY, unsafe=True)
    (tmp_path / "billing.py").write_text(after)
    (tmp_path / "dodo_ids.py").write_text(render_python(id_table(IDS), "stripe2dodo ledger ids"))
    out, err, status = mypy_api.run(
        [
            "--ignore-missing-imports",
            "--check-untyped-defs",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            str(tmp_path / "billing.py"),
            str(tmp_path / "dodo_ids.py"),
        ]
    )
    assert status == 0, out + err


def test_the_typescript_branch_without_a_cart_raises(tmp_path: Path) -> None:
    after, skipped = _rewrite(tmp_path, "billing.ts", TS, unsafe=True)
    assert skipped == []
    assert broken(after, "typescript") is None
    assert "TODO" not in after
    assert "dodoProductId(process.env.PRICE_PRO)" in after
    assert 'dodoBlocked("stripe2dodo RT007: no Dodo product_id when not `mode === ' in after
    assert after.count("function dodoBlocked(finding: string): never {") == 1


TSCONFIG = """{
  "compilerOptions": {
    "strict": false, "noEmit": true, "target": "ES2022", "lib": ["ES2022", "DOM"],
    "module": "ESNext", "moduleResolution": "Bundler", "skipLibCheck": true, "types": []
  },
  "files": ["shims.d.ts", "dodo-ids.ts", "billing.ts"]
}
"""
SHIMS = """declare module "stripe";
declare const process: { env: Record<string, string | undefined> };
"""


@pytest.mark.slow
def test_the_typescript_rewrite_type_checks_with_tsc(tmp_path: Path) -> None:
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the rewrite is not type-checked")
    after, _ = _rewrite(tmp_path, "billing.ts", TS, unsafe=True)
    (tmp_path / "billing.ts").write_text(after)
    (tmp_path / "tsconfig.json").write_text(TSCONFIG)
    (tmp_path / "shims.d.ts").write_text(SHIMS)
    (tmp_path / "dodo-ids.ts").write_text(
        render_node(id_table(IDS), "stripe2dodo ledger ids", "typescript")
    )
    done = node_sdk.run_tsc(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_existing_import_or_definition_is_not_added_again(tmp_path: Path) -> None:
    text = PY.replace("from typing import Any\n", "from typing import Any, NoReturn\n")
    after, _ = _rewrite(tmp_path, "billing.py", text, unsafe=True)
    assert after.count("NoReturn\n") == 1 and "from typing import NoReturn" not in after
    ts = "const dodoBlocked = (f: string): never => {\n  throw new Error(f);\n};\n" + TS
    after, _ = _rewrite(tmp_path, "billing.ts", ts, unsafe=True)
    assert "function dodoBlocked(" not in after
    assert after.count('dodoBlocked("stripe2dodo RT007') == 1
