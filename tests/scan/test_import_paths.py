"""Where the imports a suggestion writes point.

* A wrapper's module imports (``import { Products } from "../entities/vo/product.vo"``) that
  the Dodo call at a call of the wrapper names are written relative to the calling file. With a
  tree scanned by a relative path (``stripe2dodo scan backend``, as most runs are), the module
  was taken for a package and written from the scan root
  (``"backend/src/seller-subscription/entities/vo/product.vo"``): no such package.
* A Next.js route of an app whose root ``deno.json`` configures its Supabase functions is Node
  code (it reads ``process.env``): its suggestion imports ``dodopayments``, not Deno's
  ``npm:dodopayments``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths
from tests.scan.trees import write_tree

PRODUCTS = """\
export const Products = { pro: { priceId: "price_1Pro" } };
"""

WRAPPER = """\
import Stripe from "stripe";
import { Products } from "../entities/products";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function startCheckout(plan: "pro", origin: string) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: Products[plan].priceId, quantity: 1 }],
    success_url: `${origin}/thanks`,
  });
}
"""

CALLER = """\
import { startCheckout } from "../services/checkout";

export async function buy(origin: string) {
  return startCheckout("pro", origin);
}
"""


@pytest.fixture
def in_parent(tmp_path: Path) -> Path:
    write_tree(
        tmp_path / "backend",
        {
            "src/entities/products.ts": PRODUCTS,
            "src/services/checkout.ts": WRAPPER,
            "src/controllers/buy.ts": CALLER,
        },
    )
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(here)


def test_a_wrapper_module_import_is_relative_to_the_caller_when_scanned_by_a_relative_path(
    in_parent: Path,
) -> None:
    sites = [s for s in scan_paths(["backend"]) if s.kind == "create"]
    (call,) = [s for s in sites if s.file.endswith("controllers/buy.ts")]
    assert "Products" in (call.suggestion or "")
    assert '// import { Products } from "../entities/products";' in (call.suggestion or "")
    assert not [s for s in call.imports if "backend/" in s]


ROUTE = """\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function POST(request: Request) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_1Poster", quantity: 1 }],
    success_url: "https://shop.test/ok",
  });
  return Response.json({ url: session.url });
}
"""

EDGE = """\
import Stripe from "npm:stripe";

const stripe = new Stripe(Deno.env.get("STRIPE_SECRET_KEY")!);

Deno.serve(async () => {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_1Poster", quantity: 1 }],
    success_url: "https://shop.test/ok",
  });
  return Response.json({ url: session.url });
});
"""

PLAIN = ROUTE.replace("process.env.STRIPE_SECRET_KEY!", '"sk_test_x"')


def test_a_node_route_beside_a_root_deno_json_imports_the_npm_package(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "deno.json": '{"lint": {"include": ["supabase/functions/"]}}\n',
            "package.json": '{"name": "app"}\n',
            "src/app/api/pay/route.ts": ROUTE,
            "src/app/api/plain/route.ts": PLAIN,
            "supabase/functions/edge/index.ts": EDGE,
        },
    )
    sites = {Path(s.file).parts[-2]: s for s in scan_paths([str(tmp_path)]) if s.kind == "create"}
    assert '(import DodoPayments from "dodopayments")' in (sites["pay"].suggestion or "")
    assert "npm:dodopayments" in (sites["plain"].suggestion or "")  # no Node global: deno.json
    assert "npm:dodopayments" in (sites["edge"].suggestion or "")


BILLING = """import stripe
from config import FRONTEND_URL


def create_checkout_session(price_id, email):
    return stripe.checkout.Session.create(
        mode="subscription",
        customer_email=email,
        line_items=[{"price": price_id, "quantity": 1}],
        success_url=f"{FRONTEND_URL}/checkout/success",
    )
"""

ROUTES = """from billing import create_checkout_session


def portal(user):
    from config import FRONTEND_URL
    return FRONTEND_URL + "/portal"


def checkout(user, price_id):
    return create_checkout_session(price_id, user.email)


def again(user, price_id):
    from config import FRONTEND_URL
    return create_checkout_session(price_id, FRONTEND_URL and user.email)
"""


def test_a_python_name_imported_in_another_function_is_imported_for_the_dodo_call(
    tmp_path: Path,
) -> None:
    """``from config import FRONTEND_URL`` inside one view binds nothing in another: the Dodo
    call at a wrapper's call there names it, so it is imported (it was taken as the module's,
    and the call raised NameError)."""
    write_tree(tmp_path, {"billing.py": BILLING, "routes.py": ROUTES})
    calls = sorted(
        (s for s in scan_paths([str(tmp_path)]) if s.kind == "create" and s.via),
        key=lambda s: s.line,
    )
    checkout, again = (s.suggestion or "" for s in calls)
    assert "from config import FRONTEND_URL" in checkout
    assert "from config import FRONTEND_URL" not in again  # imported in its own function
