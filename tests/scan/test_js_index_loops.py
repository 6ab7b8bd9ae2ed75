"""Line items pushed in a JavaScript/TypeScript counting loop (``for (let i = 0; i <
items.length; i++) { lines.push({ ... items[i] ... }) }``, seen in an Express shop filling its
cart from ``req.body.items[i]``). The scanner read only ``for...of`` loops: such a list was a
run-time value mapped through each element's missing ``price`` (RT003), its amounts lost. The
loop's body runs once per index of the list, so the cart is mapped from the list's indices now,
each line reading the element it read; a loop that counts otherwise stays a run-time list."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan import node_sdk
from tests.scan.trees import write_tree

SHOP = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_KEY!);

type Row = { title: string; cents: number; count: number };

export async function pay(body: { rows: Row[]; email: string }) {
  const lines: Stripe.Checkout.SessionCreateParams.LineItem[] = [];
  for (let n = 0; n < body.rows.length; n++) {
    lines.push({
      price_data: {
        currency: "eur",
        product_data: { name: body.rows[n].title },
        unit_amount: body.rows[n].cents,
      },
      quantity: body.rows[n].count,
    });
  }
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: body.email,
    line_items: lines,
    success_url: "https://shop.example/thanks",
  });
  return session.url;
}
"""


def _site(code: str) -> CallSite:
    (site,) = [s for s in scan_source(code, "pay.ts", BY_NAME["typescript"]) if s.kind == "create"]
    return site


def test_lines_pushed_in_a_counting_loop_carry_each_amount_and_quantity() -> None:
    site = _site(SHOP)
    codes = {f.code for f in site.findings}
    assert "RT003" not in codes and "RT015" not in codes, site.findings
    text = site.suggestion or ""
    assert "product_cart: Array.from(body.rows.keys()).map((n" in text
    assert "quantity: body.rows[n].count," in text
    assert "amount: body.rows[n].cents," in text
    assert "L112" in codes


LEGACY = """const stripe = require("stripe")(process.env.STRIPE_KEY);

async function pay(req) {
  const order_lines = [];
  for (let k = 0; k < req.body.items.length; ++k) {
    order_lines.push({
      name: req.body.items[k].name,
      amount: req.body.items[k].rupees * 100,
      currency: "inr",
      quantity: req.body.items[k].qty,
    });
  }
  return stripe.checkout.sessions.create({ line_items: order_lines, success_url: "https://x" });
}
"""


def test_pre_prices_lines_pushed_in_a_counting_loop_carry_their_amount() -> None:
    (site,) = [
        s for s in scan_source(LEGACY, "pay.js", BY_NAME["javascript"]) if s.kind == "create"
    ]
    text = site.suggestion or ""
    assert "Array.from(req.body.items.keys()).map((k) => ({" in text
    assert "amount: req.body.items[k].rupees * 100," in text
    assert "quantity: req.body.items[k].qty," in text
    assert site.verdict != "blocked"


@pytest.mark.parametrize(
    "loop",
    [
        "for (let n = 1; n < body.rows.length; n++) {",  # skips the first row
        "for (let n = 0; n < body.rows.length; n += 2) {",  # every other row
        "for (let n = 0; n < body.rows.length - 1; n++) {",  # all but the last
    ],
)
def test_a_loop_that_counts_otherwise_stays_a_run_time_list(loop: str) -> None:
    code = SHOP.replace("for (let n = 0; n < body.rows.length; n++) {", loop)
    site = _site(code)
    codes = {f.code for f in site.findings}
    assert "RT015" in codes and site.verdict == "blocked"
    assert "Array.from" not in (site.suggestion or "")


def test_a_loop_that_moves_its_index_in_its_body_stays_a_run_time_list() -> None:
    code = SHOP.replace(
        "      quantity: body.rows[n].count,\n", "      quantity: body.rows[n++].count,\n"
    )
    site = _site(code)
    assert "RT015" in {f.code for f in site.findings}


TSCONFIG = """{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "ES2022", "module": "ESNext",
    "moduleResolution": "Bundler", "skipLibCheck": true, "types": []
  },
  "files": ["shims.d.ts", "pay.ts"]
}
"""
SHIMS = """declare module "stripe" {
  namespace Stripe.Checkout.SessionCreateParams { type LineItem = any; }
  const Stripe: { new (key: string): any };
  export default Stripe;
}
declare const process: { env: Record<string, string | undefined> };
"""


@pytest.mark.slow
@pytest.mark.parametrize("name", ["counting", "foreach"])
def test_the_dodo_call_type_checks_with_tsc(tmp_path: Path, name: str) -> None:
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the suggestion is not type-checked")
    source, cut = {
        "counting": (SHOP, "  const session = await stripe.checkout.sessions.create("),
        "foreach": (FOREACH, "  return stripe.checkout.sessions.create("),
    }[name]
    site = _site(source)
    call = "\n".join(
        line for line in (site.suggestion or "").splitlines() if not line.lstrip().startswith("//")
    )
    code = (
        'import DodoPayments from "dodopayments";\n'
        'const client = new DodoPayments({ bearerToken: "t", environment: "test_mode" });\n'
        + source[: source.index(cut)]
        + "  const session = await "
        + call.strip()
        + ";\n  return session.checkout_url;\n}\n"
    )
    folder = write_tree(
        tmp_path / "check", {"shims.d.ts": SHIMS, "tsconfig.json": TSCONFIG, "pay.ts": code}
    )
    done = node_sdk.run_tsc(folder)
    assert done.returncode == 0, done.stdout + done.stderr + code


def test_lines_pushed_in_a_for_in_loop_are_mapped_from_the_keys() -> None:
    # for (const i in rows): the body runs once per key (an array's indices, as strings)
    code = SHOP.replace(
        "for (let n = 0; n < body.rows.length; n++) {", "for (const n in body.rows) {"
    )
    site = _site(code)
    codes = {f.code for f in site.findings}
    assert "RT003" not in codes and "RT015" not in codes, site.findings
    text = site.suggestion or ""
    assert "product_cart: Object.keys(body.rows).map((n" in text
    assert "amount: body.rows[n].cents," in text and "quantity: body.rows[n].count," in text


FOREACH = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function order(cart: { lines: any[] }, email: string) {
  const lineItems: Stripe.Checkout.SessionCreateParams.LineItem[] = [];
  cart.lines.forEach((line: any) => {
    if (line.count <= 0) return;
    const cents = Math.round(line.price * 100);
    lineItems.push({
      price_data: { currency: "gbp", product_data: { name: line.title }, unit_amount: cents },
      quantity: line.count,
    });
  });
  lineItems.push({ price: "price_1Delivery", quantity: 1 });
  return stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: lineItems,
    success_url: "https://shop.example/paid",
  });
}
"""


def test_lines_pushed_in_a_foreach_callback_are_the_list_mapped() -> None:
    # items.forEach((item) => { ... lines.push({...}) }): the callback runs once per element,
    # an early `return` skips one (a filter); the line pushed after the loop follows
    site = _site(FOREACH)
    codes = {f.code for f in site.findings}
    assert "RT003" not in codes and "RT015" not in codes, site.findings
    text = site.suggestion or ""
    assert "...cart.lines.filter((line) => !(line.count <= 0)).map((line" in text
    assert "amount: Math.round(line.price * 100)," in text
    assert "quantity: line.count," in text
    assert "})),\n    {\n      product_id: " in text  # the delivery line, after the mapped ones


@pytest.mark.parametrize(
    "callback",
    [
        "cart.lines.forEach((line: any, n: number) => {",  # the index: not a mapping
        "cart.lines.some((line: any) => {",  # stops early
        "cart.lines.forEach(async (line: any) => {",  # not awaited: pushes may come after
    ],
)
def test_other_callbacks_leave_the_list_to_run_time(callback: str) -> None:
    site = _site(FOREACH.replace("cart.lines.forEach((line: any) => {", callback))
    assert "RT015" in {f.code for f in site.findings}
