"""A params builder of another file that reads a constant table its own module imports
(``create(buildParams(plan, user))`` with ``buildParams`` in ``lib/billing.ts``, which reads
``TIERS[tier].price`` with ``import { TIERS } from "./tiers"``; Python's ``from .tiers import
TIERS``). The builder was not followed (a name its module imports), and the table was looked for
beside the caller, not the builder: the cart was unknown (RT007). The builder is read now with
the table through its own imports: a tier written in the code is its price and quantity, a tier
known at run time stays the table's lookup, and the Dodo call imports the table from the
caller's file (the suggestion's import line, and ``scan --fix``'s header)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.mapping.translate import Options
from migrate.scan.fix import plan_fixes
from migrate.scan.scan import CallSite, scan_paths
from tests.scan.sdk_checks import mypy_problems, tsc_problems
from tests.scan.trees import write_tree

TIERS_TS = """export const TIERS = {
  solo: { price: "price_solo_y", seats: 1 },
  studio: { price: "price_studio_y", seats: 8 },
} as const;

export type Tier = keyof typeof TIERS;
"""

BILLING_TS = """import type Stripe from "stripe";
import { TIERS, type Tier } from "./tiers";

export function buildParams(
  tier: Tier,
  account: { ref: string; mail: string },
): Stripe.Checkout.SessionCreateParams {
  return {
    mode: "subscription",
    line_items: [{ price: TIERS[tier].price, quantity: TIERS[tier].seats }],
    customer_email: account.mail,
    client_reference_id: account.ref,
    success_url: "https://studio.example/welcome",
  };
}
"""

ROUTE_TS = """import Stripe from "stripe";
import { buildParams } from "../../lib/billing";
import type { Tier } from "../../lib/tiers";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");

export async function subscribe(input: { tier: Tier; ref: string; mail: string }) {
  const session = await stripe.checkout.sessions.create(
    buildParams(input.tier, { ref: input.ref, mail: input.mail }),
  );
  return session.url;
}

export async function studio(ref: string, mail: string) {
  const session = await stripe.checkout.sessions.create(buildParams("studio", { ref, mail }));
  return session.url;
}
"""

TS_TREE = {
    "lib/tiers.ts": TIERS_TS,
    "lib/billing.ts": BILLING_TS,
    "app/billing/route.ts": ROUTE_TS,
}

TIERS_PY = """TIERS = {
    "solo": "price_solo_y",
    "studio": "price_studio_y",
}
"""

BILLING_PY = """from typing import Any

from .tiers import TIERS


def build_params(tier: str, mail: str) -> dict[str, Any]:
    return {
        "mode": "subscription",
        "line_items": [{"price": TIERS[tier], "quantity": 1}],
        "customer_email": mail,
        "success_url": "https://studio.example/welcome",
    }
"""

VIEWS_PY = """import stripe

from ..billing import build_params


def subscribe(req):
    session = stripe.checkout.Session.create(**build_params(req.POST["tier"], req.user.email))
    return session.url


def studio(request):
    session = stripe.checkout.Session.create(**build_params("studio", request.user.email))
    return session.url
"""

PY_TREE = {
    "studio/__init__.py": "",
    "studio/tiers.py": TIERS_PY,
    "studio/billing.py": BILLING_PY,
    "studio/web/__init__.py": "",
    "studio/web/views.py": VIEWS_PY,
}


def _sites(folder: Path, name: str) -> list[CallSite]:
    sites = [s for s in scan_paths([str(folder)]) if s.kind == "create" and s.file.endswith(name)]
    return sorted(sites, key=lambda s: s.line)


def test_a_typescript_builder_reads_the_table_its_module_imports(tmp_path: Path) -> None:
    run_time, literal = _sites(write_tree(tmp_path, TS_TREE), "route.ts")
    for site in (run_time, literal):
        assert "RT007" not in {f.code for f in site.findings}
    text = run_time.suggestion
    assert '// import { TIERS } from "../../lib/tiers";' in text
    assert "product_id: dodoProductId(TIERS[input.tier].price)," in text
    assert "quantity: TIERS[input.tier].seats," in text
    assert run_time.imports == ('import { TIERS } from "../../lib/tiers";',)
    # a tier the code names is its price and its seats; nothing to import
    assert "quantity: 8," in literal.suggestion
    assert "TIERS" not in literal.suggestion and literal.imports == ()
    assert literal.translation is not None and literal.translation.requires


def test_a_python_builder_reads_the_table_its_module_imports(tmp_path: Path) -> None:
    run_time, literal = _sites(write_tree(tmp_path, PY_TREE), "views.py")
    for site in (run_time, literal):
        assert "RT007" not in {f.code for f in site.findings}
    text = run_time.suggestion
    assert "from studio.tiers import TIERS" in text.splitlines()
    assert '"product_id": dodo_product_id(TIERS[req.POST["tier"]]),' in text
    assert "TIERS" not in literal.suggestion
    assert literal.translation is not None and literal.translation.requires


def test_a_name_the_caller_imports_itself_is_not_imported_again(tmp_path: Path) -> None:
    route = ROUTE_TS.replace(
        'import type { Tier } from "../../lib/tiers";',
        'import { TIERS, type Tier } from "../../lib/tiers";',
    )
    run_time, _ = _sites(
        write_tree(tmp_path, {**TS_TREE, "app/billing/route.ts": route}), "route.ts"
    )
    assert "// import { TIERS }" not in run_time.suggestion and run_time.imports == ()
    assert "dodoProductId(TIERS[input.tier].price)" in run_time.suggestion


def test_a_table_read_at_run_time_keeps_the_builder_unfollowed(tmp_path: Path) -> None:
    tiers = TIERS_TS.replace('"price_studio_y"', "process.env.STUDIO_PRICE!")
    tree = write_tree(tmp_path, {**TS_TREE, "lib/tiers.ts": tiers})
    run_time, _ = _sites(tree, "route.ts")
    assert "RT007" in {f.code for f in run_time.findings}
    assert "TIERS" not in run_time.suggestion.replace("buildParams(", "")


def test_the_fix_imports_the_table(tmp_path: Path) -> None:
    ts = write_tree(tmp_path / "ts", TS_TREE)
    py = write_tree(tmp_path / "py", PY_TREE)
    for tree, name, line in (
        (ts, "route.ts", 'import { TIERS } from "../../lib/tiers";'),
        (py, "views.py", "from studio.tiers import TIERS"),
    ):
        sites = list(scan_paths([str(tree)], options=Options()))
        (fix,) = [f for f in plan_fixes(sites, unsafe=True) if f.path.endswith(name)]
        assert line in fix.after.splitlines()
        assert fix.after.count(line) == 1


@pytest.mark.slow
def test_the_typescript_dodo_call_type_checks(tmp_path: Path) -> None:
    run_time, _ = _sites(write_tree(tmp_path / "tree", TS_TREE), "route.ts")
    ids = Path(__file__).parents[1] / "golden" / "codegen" / "dodo-ids.ts.golden"
    # the suggestion's import, made: the check's files sit side by side (the table is ./tiers)
    (line,) = [x for x in run_time.suggestion.splitlines() if "{ TIERS }" in x]
    route = ROUTE_TS.replace('import { buildParams } from "../../lib/billing";\n', "")
    source = (
        'import { dodoProductId } from "./dodo-ids";\n'
        + line.removeprefix("// ").replace("../../lib/", "./")
        + "\n"
        + route.replace("../../lib/", "./")
    )
    files = {"dodo-ids.ts": ids.read_text(encoding="utf-8"), "tiers.ts": TIERS_TS}
    problems = tsc_problems(tmp_path, source, run_time.suggestion, files=files)
    assert problems == "", problems


@pytest.mark.slow
def test_the_python_dodo_call_type_checks(tmp_path: Path) -> None:
    run_time, _ = _sites(write_tree(tmp_path / "tree", PY_TREE), "views.py")
    ids = Path(__file__).parents[1] / "golden" / "codegen" / "dodo_ids.py.golden"
    check = write_tree(
        tmp_path / "check",
        {
            "studio/__init__.py": "",
            "studio/tiers.py": TIERS_PY,
            "dodo_ids.py": ids.read_text(encoding="utf-8"),
        },
    )
    problems = mypy_problems(check, run_time.suggestion, "def subscribe(req: Any) -> str | None")
    assert problems == "", problems
