"""A params builder that reads a constant table of its own module: typed by the table
(``function params(plan: keyof typeof PLANS)``), given a default from a constant (``currency =
DEFAULT_CURRENCY``), or in another file that declares the table beside it (``export const
PLANS`` in ``lib/billing.ts``; Python's module-level ``PRICES``).

A name in a parameter's type or default was taken for a parameter of the function, which the
call did not pass: the table was unknown and the cart with it (RT007), even for a plan the call
names. A table declared beside a builder of another file stopped the builder from being
followed at all. Now a type's or a default's names are not parameters (``js_bound_names.py``),
and a builder of another file reads a table its module declares as a literal through and
through when the caller's file can import it (exported, in JS/TS): a named plan is its price,
a plan known at run time keeps the table's lookup, imported from the caller's file. A table the
caller cannot import (not exported) kept the builder unfollowed (RT007: the cart, the customer
and the URLs lost for one missing keyword): it is read as an exported one, imported all the
same, and X034 says to export it."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_paths, scan_source
from tests.scan.sdk_checks import tsc_problems
from tests.scan.trees import write_tree

SAME_FILE = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");

const TIERS = {
  solo: { price: "price_solo_q", seats: 1 },
  crew: { price: "price_crew_q", seats: 6 },
} as const;

function params(tier: keyof typeof TIERS, mail: string): Stripe.Checkout.SessionCreateParams {
  return {
    mode: "subscription",
    line_items: [{ price: TIERS[tier].price, quantity: TIERS[tier].seats }],
    customer_email: mail,
    success_url: "https://crew.example/in",
  };
}

export async function crew(mail: string) {
  const session = await stripe.checkout.sessions.create(params("crew", mail));
  return session.url;
}
"""

DEFAULTED = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");
const HOME_CURRENCY = "nok";

function gift(cents: number, currency = HOME_CURRENCY): Stripe.Checkout.SessionCreateParams {
  return {
    mode: "payment",
    line_items: [
      { price_data: { currency, unit_amount: cents, product_data: { name: "Gift" } }, quantity: 1 },
    ],
    success_url: "https://gift.example/thanks",
  };
}

export async function give() {
  const session = await stripe.checkout.sessions.create(gift(4500));
  return session.url;
}
"""

BILLING_TS = """import type Stripe from "stripe";

export const TIERS = {
  solo: { price: "price_solo_q", seats: 1 },
  crew: { price: "price_crew_q", seats: 6 },
} as const;

export function params(
  tier: keyof typeof TIERS,
  mail: string,
): Stripe.Checkout.SessionCreateParams {
  return {
    mode: "subscription",
    line_items: [{ price: TIERS[tier].price, quantity: TIERS[tier].seats }],
    customer_email: mail,
    success_url: "https://crew.example/in",
  };
}
"""

ROUTE_TS = """import Stripe from "stripe";
import { params } from "../../lib/billing";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");

export async function join(input: { tier: "solo" | "crew"; mail: string }) {
  const session = await stripe.checkout.sessions.create(params(input.tier, input.mail));
  return session.url;
}

export async function crew(mail: string) {
  const session = await stripe.checkout.sessions.create(params("crew", mail));
  return session.url;
}
"""

BILLING_PY = """from typing import Any

PRICES = {"solo": "price_solo_q", "crew": "price_crew_q"}


def params(tier: str, mail: str) -> dict[str, Any]:
    return {
        "mode": "subscription",
        "line_items": [{"price": PRICES[tier], "quantity": 1}],
        "customer_email": mail,
        "success_url": "https://crew.example/in",
    }
"""

VIEWS_PY = """import stripe

from ..billing import params


def join(req):
    return stripe.checkout.Session.create(**params(req.POST["tier"], req.user.email)).url
"""


def _one(code: str) -> CallSite:
    sites = scan_source(code, "route.ts", BY_NAME["typescript"])
    (site,) = [s for s in sites if s.kind == "create"]
    return site


def _sites(tree: Path, name: str) -> list[CallSite]:
    sites = [s for s in scan_paths([str(tree)]) if s.kind == "create" and s.file.endswith(name)]
    return sorted(sites, key=lambda s: s.line)


def test_a_parameter_typed_by_the_table_is_no_name_of_the_table() -> None:
    site = _one(SAME_FILE)
    assert "RT007" not in {f.code for f in site.findings}
    assert "quantity: 6," in site.suggestion
    assert site.translation is not None and site.translation.requires


def test_a_default_read_from_a_constant_is_the_constant() -> None:
    site = _one(DEFAULTED)
    assert "RT007" not in {f.code for f in site.findings}
    assert site.translation is not None
    (product,) = site.translation.requires
    price = product["product"]["price"]
    assert (price["price"], price["currency"]) == (4500, "NOK")


def test_a_builder_s_exported_table_is_read_and_imported(tmp_path: Path) -> None:
    files = {"lib/billing.ts": BILLING_TS, "app/join/route.ts": ROUTE_TS}
    run_time, named = _sites(write_tree(tmp_path, files), "route.ts")
    assert '// import { TIERS } from "../../lib/billing";' in run_time.suggestion
    assert "product_id: dodoProductId(TIERS[input.tier].price)," in run_time.suggestion
    assert "quantity: 6," in named.suggestion and "TIERS" not in named.suggestion


def test_a_table_not_exported_is_read_and_said_to_be_exported(tmp_path: Path) -> None:
    billing = BILLING_TS.replace("export const TIERS", "const TIERS")
    files = {"lib/billing.ts": billing, "app/join/route.ts": ROUTE_TS}
    run_time, named = _sites(write_tree(tmp_path, files), "route.ts")
    found = {f.code: f for f in run_time.findings}
    assert "RT007" not in found
    assert "product_id: dodoProductId(TIERS[input.tier].price)," in run_time.suggestion
    assert '// import { TIERS } from "../../lib/billing";' in run_time.suggestion
    assert "customer: input.mail ? {" in run_time.suggestion
    assert found["X034"].level.value == "warning"
    assert "`TIERS`, which ../../lib/billing.ts declares without exporting it" in (
        found["X034"].message
    )
    # a named plan names no table: nothing to import, nothing to export
    assert "quantity: 6," in named.suggestion
    assert "X034" not in {f.code for f in named.findings}
    # exported, no finding
    files["lib/billing.ts"] = BILLING_TS
    exported, _ = _sites(write_tree(tmp_path / "exported", files), "route.ts")
    assert "X034" not in {f.code for f in exported.findings}


def test_a_python_builder_s_table_is_read_and_imported(tmp_path: Path) -> None:
    files = {
        "crew/__init__.py": "",
        "crew/billing.py": BILLING_PY,
        "crew/web/__init__.py": "",
        "crew/web/views.py": VIEWS_PY,
    }
    (site,) = _sites(write_tree(tmp_path, files), "views.py")
    assert "from crew.billing import PRICES" in site.suggestion.splitlines()
    assert '"product_id": dodo_product_id(PRICES[req.POST["tier"]]),' in site.suggestion


@pytest.mark.slow
def test_the_dodo_call_with_the_imported_table_type_checks(tmp_path: Path) -> None:
    files = {"lib/billing.ts": BILLING_TS, "app/join/route.ts": ROUTE_TS}
    run_time, _ = _sites(write_tree(tmp_path / "tree", files), "route.ts")
    (line,) = [x for x in run_time.suggestion.splitlines() if "{ TIERS }" in x]
    ids = Path(__file__).parents[1] / "golden" / "codegen" / "dodo-ids.ts.golden"
    route = ROUTE_TS.replace('import { params } from "../../lib/billing";\n', "")
    source = (
        'import { dodoProductId } from "./dodo-ids";\n'
        + line.removeprefix("// ").replace("../../lib/", "./")
        + "\n"
        + route
    )
    billing = BILLING_TS.replace('import type Stripe from "stripe";\n', "").replace(
        ": Stripe.Checkout.SessionCreateParams", ""
    )
    extra = {"dodo-ids.ts": ids.read_text(encoding="utf-8"), "billing.ts": billing}
    problems = tsc_problems(tmp_path, source, run_time.suggestion, files=extra)
    assert problems == "", problems
