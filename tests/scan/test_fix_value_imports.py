"""``scan --fix`` wrote Dodo calls whose values read modules and SDK types the file never
imported: a run-time ``trial_end`` becomes ``max(0, math.ceil((... - time.time()) / 86400))``
trial days, and a cart splicing a list its lines are read from writes each unread line as
``ProductItemReqParam({...})``; the suggestion listed ``import math`` / ``import time`` and the
type's import, the rewritten file did not, so it failed on its first checkout with a NameError
(read in a Django app whose gateway sets ``subscription_data.trial_end`` only for accounts
still in their trial). The rewrite now adds what its values read, once."""

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

IDS = IdMap.from_json({"price_1Ship": "pdt_ship"})

GATEWAY = """\
import datetime

import stripe


class Billing:
    def subscribe(self, price_id, member):
        options = {
            "mode": "subscription",
            "customer_email": member.email,
            "success_url": "https://club.example/welcome",
            "line_items": [{"price": price_id, "quantity": 1}],
        }
        if member.trial_ends_at is not None:
            ends = member.trial_ends_at + datetime.timedelta(days=1)
            options["subscription_data"] = {"trial_end": int(ends.timestamp())}
        session = stripe.checkout.Session.create(**options)
        return session.url

    def ship(self, extra_lines):
        session = stripe.checkout.Session.create(
            mode="payment",
            success_url="https://club.example/done",
            line_items=[*extra_lines, {"price": "price_1Ship", "quantity": 1}],
        )
        return session.url
"""


def test_the_rewrite_imports_what_its_values_read(tmp_path: Path) -> None:
    path = tmp_path / "billing.py"
    path.write_text(GATEWAY, encoding="utf-8")
    (fix,) = plan_fixes(list(scan_paths([str(path)])), unsafe=True, roots=[str(tmp_path)])
    after = fix.after
    assert broken(after, "python") is None
    assert "math.ceil(" in after and "time.time()" in after
    assert "ProductItemReqParam({" in after
    head = after.split("class Billing", 1)[0]
    assert head.count("import math\n") == 1
    assert head.count("import time\n") == 1
    assert head.count("from dodopayments.types import ProductItemReqParam\n") == 1

    mypy_api = pytest.importorskip("mypy.api")
    path.write_text(after, encoding="utf-8")
    (tmp_path / "dodo_ids.py").write_text(render_python(id_table(IDS), "stripe2dodo ledger ids"))
    (tmp_path / "mypy.ini").write_text("[mypy]\n")
    out, err, status = mypy_api.run(
        [
            "--config-file",
            str(tmp_path / "mypy.ini"),
            "--ignore-missing-imports",
            "--check-untyped-defs",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            str(path),
            str(tmp_path / "dodo_ids.py"),
        ]
    )
    assert status == 0, out + err
