"""A cart mapped at run time over a collection whose own code maps too (``orders.flatMap((o) =>
o.items.map((item) => ({ price: item.priceId, ... })))``): the Dodo call declares the SDK's
element type on the callback that makes the Dodo elements, the one it adds, not on the first
callback it finds in the collection's code.

Before, the return type was written on the collection's inner ``map`` (whose elements are the
app's Stripe-shaped lines), so tsc refused the suggested call: ``price`` is not a field of
``ProductItemReq``, ``product_id`` is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source
from tests.scan import node_sdk
from tests.scan.trees import write_tree

ROUTE = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function POST(req: Request) {
  const { orders } = await req.json();
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: orders.flatMap((o: any) =>
      o.items.map((line: any) => ({ price: line.priceId, quantity: line.qty })),
    ),
    success_url: "https://shop.test/ok",
  });
  return Response.json({ url: session.url });
}
"""


def _suggestion() -> str:
    (site,) = [
        s for s in scan_source(ROUTE, "route.ts", BY_NAME["typescript"]) if s.kind == "create"
    ]
    return site.suggestion or ""


def test_the_element_type_is_on_the_dodo_elements_callback() -> None:
    suggestion = _suggestion()
    assert "o.items.map((line: any) => ({ price: line.priceId" in suggestion
    assert ".map((item: any): DodoPayments.ProductItemReq => ({" in suggestion
    assert suggestion.count("DodoPayments.ProductItemReq") == 1


TSCONFIG = """{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "ES2022", "module": "ESNext",
    "lib": ["ES2022", "DOM"], "moduleResolution": "Bundler", "skipLibCheck": true, "types": []
  },
  "files": ["shims.d.ts", "route.ts"]
}
"""
SHIMS = """declare module "stripe" {
  const Stripe: { new (key: string): any };
  export default Stripe;
}
declare const process: { env: Record<string, string | undefined> };
declare function dodoProductId(stripeId: string): string;
"""


@pytest.mark.slow
def test_the_suggested_call_type_checks_with_tsc(tmp_path: Path) -> None:
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the suggestion is not type-checked")
    call = "\n".join(
        line for line in _suggestion().splitlines() if not line.lstrip().startswith("//")
    )
    cut = "  const session = await stripe.checkout.sessions.create("
    code = (
        'import DodoPayments from "dodopayments";\n'
        'const client = new DodoPayments({ bearerToken: "t", environment: "test_mode" });\n'
        + ROUTE[: ROUTE.index(cut)]
        + "  const session = await "
        + call.strip()
        + ";\n  return Response.json({ url: session.checkout_url });\n}\n"
    )
    folder = write_tree(
        tmp_path / "check", {"shims.d.ts": SHIMS, "tsconfig.json": TSCONFIG, "route.ts": code}
    )
    done = node_sdk.run_tsc(folder)
    assert done.returncode == 0, done.stdout + done.stderr + code
