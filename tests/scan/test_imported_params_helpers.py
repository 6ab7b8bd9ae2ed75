"""The whole params of a Checkout Session built by a helper of another file of the tree (a
NestJS service's ``this.stripe.checkout.sessions.create(buildCheckoutParams(plan, customerId,
origin))`` with the builder in ``params.ts``; a Django view's
``stripe.checkout.Session.create(**checkout_params(...))`` with ``from .params import
checkout_params``). The follower read another file's helper for the line items only, and the
helper's return type (``Stripe.Checkout.SessionCreateParams``, ``-> dict[str, Any]``) counted as
a name of its module it reads: the cart was unknown, the call blocked (RT007). The helper is read
with the caller's arguments now; a type names nothing the code computes."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import CallSite, scan_paths
from tests.scan import node_sdk
from tests.scan.trees import write_tree

TS_PARAMS = """import type Stripe from "stripe";

export function buildCheckoutParams(
  plan: "basic" | "pro",
  customerId: string,
  origin: string,
): Stripe.Checkout.SessionCreateParams {
  return {
    mode: "subscription",
    customer: customerId,
    line_items: [{ price: plan === "pro" ? "price_pro_m" : "price_basic_m", quantity: 1 }],
    success_url: `${origin}/billing/success`,
  };
}
"""

TS_SERVICE = """import Stripe from "stripe";
import { buildCheckoutParams } from "./params";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");

export async function checkout(plan: "basic" | "pro", customerId: string, origin: string) {
  const session = await stripe.checkout.sessions.create(
    buildCheckoutParams(plan, customerId, origin),
  );
  return session.url;
}
"""

PY_PARAMS = """from typing import Any


def checkout_params(plan: str, email: str, base: str) -> dict[str, Any]:
    return {
        "mode": "payment",
        "line_items": [{"price": "price_pro" if plan == "pro" else "price_basic", "quantity": 1}],
        "customer_email": email,
        "success_url": base + "/ok",
    }
"""

PY_VIEW = """import stripe

from .params import checkout_params


def start(request):
    session = stripe.checkout.Session.create(
        **checkout_params(request.POST["plan"], request.user.email, "https://shop.example")
    )
    return session.url
"""


def _site(folder: Path, name: str) -> CallSite:
    (site,) = [s for s in scan_paths([str(folder)]) if s.kind == "create" and s.file.endswith(name)]
    return site


def test_a_typescript_params_builder_of_another_file_is_read(tmp_path: Path) -> None:
    folder = write_tree(tmp_path, {"params.ts": TS_PARAMS, "service.ts": TS_SERVICE})
    site = _site(folder, "service.ts")
    assert "RT007" not in {f.code for f in site.findings}
    assert site.verdict != "blocked"
    text = site.suggestion or ""
    assert "customer_id: dodoCustomerId(customerId)," in text
    assert "return_url: `${origin}/billing/success`," in text
    assert '(plan === "pro") ? "s2d_pdt_' in text


def test_a_python_params_builder_of_another_module_is_read(tmp_path: Path) -> None:
    files = {"shop/__init__.py": "", "shop/params.py": PY_PARAMS, "shop/views.py": PY_VIEW}
    site = _site(write_tree(tmp_path, files), "views.py")
    assert "RT007" not in {f.code for f in site.findings}
    text = site.suggestion or ""
    assert '"email": request.user.email,' in text
    assert 'return_url=("https://shop.example") + "/ok",' in text  # the caller's argument
    assert 'if request.POST["plan"] == "pro" else "s2d_pdt_' in text


@pytest.mark.slow
def test_the_dodo_call_type_checks_with_tsc(tmp_path: Path) -> None:
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(reason)
    folder = write_tree(tmp_path / "tree", {"params.ts": TS_PARAMS, "service.ts": TS_SERVICE})
    suggestion = _site(folder, "service.ts").suggestion or ""
    call = "\n".join(x for x in suggestion.splitlines() if not x.lstrip().startswith("//"))
    code = (
        'import DodoPayments from "dodopayments";\n'
        "declare function dodoCustomerId(id: string): string;\n"
        'const client = new DodoPayments({ bearerToken: "t", environment: "test_mode" });\n'
        'export async function checkout(plan: "basic" | "pro", customerId: string,'
        " origin: string) {\n  const session = await " + call.strip() + ";\n"
        "  return session.checkout_url;\n}\n"
    )
    config = (
        '{"compilerOptions": {"strict": true, "noEmit": true, "target": "ES2022",'
        ' "module": "ESNext", "moduleResolution": "Bundler", "skipLibCheck": true,'
        ' "types": []}, "files": ["check.ts"]}\n'
    )
    done = node_sdk.run_tsc(
        write_tree(tmp_path / "check", {"check.ts": code, "tsconfig.json": config})
    )
    assert done.returncode == 0, done.stdout + done.stderr + code
