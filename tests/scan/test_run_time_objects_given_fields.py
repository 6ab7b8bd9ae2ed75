"""A run-time object given a field (``order.status = "pending"``) is still that object.

Read in a usage-based billing engine: ``attachParams.branch = branch`` before the wrapper chain
that creates the session. A local bound to a run-time value and then given a key was read as a
dict of that key alone (a params dict begun at run time, which it may be): every other field
read from it was lost. At the wrapper's calls ``org`` became ``undefined`` (the currency
``undefined.default_currency``, which does not compile, USD otherwise), the price and URL went
missing; without a wrapper, a line item reading ``order.price`` became a run-time value. The
object keeps its name where a field it was not given is read (``migrate/scan/follow.py``,
``lang/node.py``).
"""

from __future__ import annotations

from pathlib import Path

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source
from tests.scan.trees import via_site, write_tree

DIRECT = """import Stripe from "stripe"
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!)
export async function pay(req: any) {
  const order = req.body.order
  order.status = "pending"
  return stripe.checkout.sessions.create({
    line_items: [{ price: order.price, quantity: order.qty }],
    mode: "payment",
    success_url: order.url,
    metadata: { orderId: order.id, status: order.status },
  })
}
"""

CALLER = """import { mk } from "./wrap"
declare function load(): Promise<{ params: any }>
export async function top(ctx: any, config: any) {
  const { params } = await load()
  params.branch = "x"
  const r = await mk({ ctx, params, config })
  return r
}
"""

WRAPPER = """import Stripe from "stripe"
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!)
const cur = ({ org }: { org: any }) => org.default_currency || "usd"
export async function mk({
  ctx,
  params,
  // biome-ignore lint/correctness/noUnusedFunctionParameters: later
  config,
  returnCheckout = false,
}: { ctx: any; params: any; config: any; returnCheckout?: boolean }) {
  const { org, rewards } = params
  return stripe.checkout.sessions.create({
    currency: cur({ org }),
    discounts: rewards ? rewards.map((r: any) => ({ coupon: r.id })) : undefined,
    line_items: [{ price: params.price, quantity: 1 }],
    mode: "payment",
    success_url: params.url,
  })
}
"""


def test_a_run_time_object_given_a_field_is_read_by_name() -> None:
    (site,) = [
        s for s in scan_source(DIRECT, "pay.ts", BY_NAME["typescript"]) if s.kind == "create"
    ]
    assert site.params["line_items"] == [
        {"price": {"$dynamic": "order.price"}, "quantity": {"$dynamic": "order.qty"}}
    ]
    assert site.params["metadata"]["orderId"] == {"$dynamic": "order.id"}
    assert "RT006" not in [f.code for f in site.findings]


def test_at_a_wrapper_call_its_fields_are_read_from_it(tmp_path: Path) -> None:
    site = via_site(write_tree(tmp_path / "tree", {"a.ts": CALLER, "wrap.ts": WRAPPER}), "a")
    text = site.suggestion or ""
    assert "undefined." not in text and "TODO_product_id" not in text
    assert "product_id: dodoProductId(params.price)," in text
    assert "params.org.default_currency" in text
