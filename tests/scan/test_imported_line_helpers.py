"""Line items built by a helper of another file of the tree (a serverless cart's ``const
toLines = require("./toLines")`` then ``line_items: toLines(cart.items)``; an app's ``import {
cartLines } from "./cart"``). The follower read only the file's own functions, so the list was
a run-time list mapped through each element's missing ``price`` (``dodoProductId(item.price)``,
RT003), its amounts lost. The imported helper is read as one of the same file now; one whose
body reads a name of its own module stays a run-time list (that name means nothing where the
Dodo call is written)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import CallSite, scan_paths
from tests.scan import node_sdk
from tests.scan.trees import write_tree

CJS_HELPER = """const toLines = function (rows) {
  const lines = rows.map((r) => ({
    name: r.sku,
    amount: r.total.cents,
    currency: "inr",
    quantity: r.count,
  }));
  return lines;
};
module.exports = toLines;
"""

CJS_PAY = """const toLines = require("./toLines");
const stripe = require("stripe")(process.env.STRIPE_KEY);

module.exports = async function pay(cart, cartId) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    client_reference_id: cartId,
    line_items: toLines(cart.items),
    success_url: "https://cart.example/ok",
  });
  return session.url;
};
"""

TS_HELPER = """export type Row = { title: string; cents: number; count: number };

export function cartLines(rows: Row[], currency: string) {
  return rows.map((row) => ({
    price_data: { currency, product_data: { name: row.title }, unit_amount: row.cents },
    quantity: row.count,
  }));
}
"""

TS_PAY = """import Stripe from "stripe";
import { cartLines, type Row } from "./cart";

const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function pay(rows: Row[]) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: cartLines(rows, "eur"),
    success_url: "https://cart.example/ok",
  });
  return session.url;
}
"""

READS_ITS_MODULE = """import { FEE } from "./fees";

type Row = { title: string; cents: number; count: number };

export function cartLines(rows: Row[], currency: string) {
  return rows.map((row) => ({
    price_data: { currency, product_data: { name: row.title }, unit_amount: row.cents + FEE },
    quantity: row.count,
  }));
}
"""


def _site(folder: Path, name: str) -> CallSite:
    (site,) = [s for s in scan_paths([str(folder)]) if s.kind == "create" and s.file.endswith(name)]
    return site


def test_legacy_lines_of_a_required_helper_carry_each_amount(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "cjs", {"toLines.js": CJS_HELPER, "pay.js": CJS_PAY})
    site = _site(folder, "pay.js")
    assert "RT003" not in {f.code for f in site.findings}
    text = site.suggestion or ""
    assert "product_cart: cart.items.map((r) => ({" in text
    assert "quantity: r.count," in text and "amount: r.total.cents," in text
    assert "item.price" not in text
    assert site.translation is not None
    (product,) = [r for r in site.translation.requires if r.get("kind") == "product"]
    assert product["product"]["price"]["currency"] == "INR"


def test_inline_prices_of_an_imported_helper_carry_each_amount(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "esm", {"cart.ts": TS_HELPER, "pay.ts": TS_PAY})
    site = _site(folder, "pay.ts")
    assert "RT003" not in {f.code for f in site.findings}
    text = site.suggestion or ""
    assert "product_cart: rows.map((row: any): DodoPayments.ProductItemReq => ({" in text
    assert "quantity: row.count," in text and "amount: row.cents," in text


def test_a_helper_reading_a_name_of_its_own_module_stays_a_run_time_list(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "fee", {"cart.ts": READS_ITS_MODULE, "pay.ts": TS_PAY})
    site = _site(folder, "pay.ts")
    assert "RT003" in {f.code for f in site.findings}
    assert "FEE" not in (site.suggestion or "")


TSCONFIG = """{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "ES2022", "module": "ESNext",
    "moduleResolution": "Bundler", "skipLibCheck": true, "types": []
  },
  "files": ["shims.d.ts", "cart.ts", "pay.ts"]
}
"""
SHIMS = """declare module "stripe" {
  const Stripe: { new (key: string): any };
  export default Stripe;
}
declare const process: { env: Record<string, string | undefined> };
"""


@pytest.mark.slow
def test_the_dodo_call_type_checks_with_tsc(tmp_path: Path) -> None:
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the suggestion is not type-checked")
    site = _site(write_tree(tmp_path / "esm", {"cart.ts": TS_HELPER, "pay.ts": TS_PAY}), "pay.ts")
    call = "\n".join(
        line for line in (site.suggestion or "").splitlines() if not line.lstrip().startswith("//")
    )
    cut = "  const session = await stripe.checkout.sessions.create("
    code = (
        'import DodoPayments from "dodopayments";\n'
        'const client = new DodoPayments({ bearerToken: "t", environment: "test_mode" });\n'
        + TS_PAY[: TS_PAY.index(cut)]
        + "  const session = await "
        + call.strip()
        + ";\n  return session.checkout_url;\n}\n"
    )
    folder = write_tree(
        tmp_path / "check",
        {"shims.d.ts": SHIMS, "tsconfig.json": TSCONFIG, "cart.ts": TS_HELPER, "pay.ts": code},
    )
    done = node_sdk.run_tsc(folder)
    assert done.returncode == 0, done.stdout + done.stderr + code


EMAIL_HELPER = """type User = { emails: { id: string; value: string }[]; main: string };

export function emailOf(user: User) {
  return user.emails.find((e) => e.id === user.main)?.value ?? "";
}
"""

EMAIL_PAY = """import Stripe from "stripe";
import { emailOf } from "./users";

const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function pay(user: { emails: { id: string; value: string }[]; main: string }) {
  const email = emailOf(user);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: [{ price: "price_1", quantity: 1 }],
    success_url: "https://cart.example/ok",
  });
  return session.url;
}
"""


def test_another_param_keeps_the_name_the_call_has_in_scope(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "email", {"users.ts": EMAIL_HELPER, "pay.ts": EMAIL_PAY})
    text = _site(folder, "pay.ts").suggestion or ""
    assert "customer: email ? {" in text and "email: email," in text
    assert "emails.find" not in text


PY_UTILS = """def order_lines(order):
    return [
        {
            "price_data": {
                "currency": "eur",
                "product_data": {"name": entry.product.name},
                "unit_amount": int(entry.price * 100),
            },
            "quantity": entry.quantity,
        }
        for entry in order.entries.all()
    ]
"""

PY_VIEWS = """import stripe
from django.shortcuts import get_object_or_404, redirect

from .models import Order
from .utils import order_lines


def pay(request, order_id):
    order = get_object_or_404(Order, id=order_id)
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=order_lines(order),
        success_url="https://cart.example/ok",
    )
    return redirect(session.url)
"""


def test_a_python_helper_imported_from_the_package_gives_the_cart(tmp_path: Path) -> None:
    # the caller's own local (``order``) stays its name: the helper's offsets are another file's
    files = {"__init__.py": "", "utils.py": PY_UTILS, "views.py": PY_VIEWS}
    folder = write_tree(tmp_path / "shop", files)
    site = _site(folder, "views.py")
    codes = {f.code for f in site.findings}
    assert "RT015" not in codes and "RT003" not in codes
    text = site.suggestion or ""
    assert '"quantity": entry.quantity,' in text and '"amount": int(entry.price * 100),' in text
    assert "for entry in order.entries.all()" in text
    assert "get_object_or_404" not in text
