# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A cart whose items are each either a Stripe price id or an inline ``price_data`` (a ternary
in a ``.map`` callback or a comprehension, a callback returning one or the other, a Ruby block,
a PHP ``array_map``): the scanner read the element as a choice between two lines, but the
translation took only an element that is one dict, so the call was blocked (RT002, RT007) and
its cart was one ``TODO_product_id`` line; a callback's two returns were merged key by key,
leaving the price missing in the inline branch (RT007 "no price there"). The Dodo cart is the
same per-element choice now: the price id's product looked up, or the pay-what-you-want product
with the inline amount."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan import node_sdk
from tests.scan.trees import write_tree

SUFFIX = {"python": "py", "typescript": "ts", "ruby": "rb", "php": "php"}


def one(code: str, language: str) -> CallSite:
    (site,) = [
        s
        for s in scan_source(code, f"shop.{SUFFIX[language]}", BY_NAME[language])
        if s.kind == "create"
    ]
    return site


def codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


TS_TERNARY = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

type Entry = { stripePrice?: string; label: string; cents: number; n: number };

export async function checkout(entries: Entry[], back: string) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    success_url: back,
    line_items: entries.map((e) =>
      e.stripePrice
        ? { price: e.stripePrice, quantity: e.n }
        : { price_data: { currency: "eur", unit_amount: e.cents, product_data: { name: e.label } }, quantity: e.n },
    ),
  });
}
"""

TS_RETURNS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

type Entry = { stripePrice?: string; label: string; cents: number; n: number };

export async function checkout(entries: Entry[], back: string) {
  const lines = entries.map((e) => {
    if (e.stripePrice) {
      return { price: e.stripePrice, quantity: e.n };
    }
    return { price_data: { currency: "eur", unit_amount: e.cents, product_data: { name: e.label } }, quantity: e.n };
  });
  return stripe.checkout.sessions.create({ mode: "payment", success_url: back, line_items: lines });
}
"""


@pytest.mark.parametrize("code", [TS_TERNARY, TS_RETURNS], ids=["ternary", "returns"])
def test_each_element_of_a_mapped_cart_is_a_price_id_or_an_inline_amount(code: str) -> None:
    site = one(code, "typescript")
    text = site.suggestion
    assert (
        "product_cart: entries.map((e: any): DodoPayments.ProductItemReq => (e.stripePrice ? {"
        in text
    )
    assert "product_id: dodoProductId(e.stripePrice)," in text
    assert "amount: e.cents," in text
    assert text.count("quantity: e.n,") == 2
    assert "TODO_product_id" not in text
    found = codes(site)
    assert not found & {"RT002", "RT007", "RT015"}, site.findings
    assert {"L112", "L113"} <= found
    assert site.verdict != "blocked"


PY = """\
import stripe


def checkout(entries, back):
    return stripe.checkout.Session.create(
        mode="payment",
        success_url=back,
        line_items=[
            {"price": e.stripe_price, "quantity": e.n}
            if e.stripe_price
            else {
                "price_data": {"currency": "eur", "unit_amount": e.cents, "product_data": {"name": e.label}},
                "quantity": e.n,
            }
            for e in entries
        ],
    )
"""

PY_IF_ELSE = """\
import stripe


def checkout(entries, back):
    lines = []
    for e in entries:
        if e.stripe_price:
            line = {"price": e.stripe_price, "quantity": e.n}
        else:
            line = {
                "price_data": {"currency": "eur", "unit_amount": e.cents, "product_data": {"name": e.label}},
                "quantity": e.n,
            }
        lines.append(line)
    return stripe.checkout.Session.create(mode="payment", success_url=back, line_items=lines)
"""


@pytest.mark.parametrize("code", [PY, PY_IF_ELSE], ids=["conditional", "if-else"])
def test_each_element_is_a_price_id_or_an_inline_amount_in_python(code: str) -> None:
    site = one(code, "python")
    text = site.suggestion
    assert '"product_id": dodo_product_id(e.stripe_price),' in text
    assert "} if e.stripe_price else {" in text
    assert '"amount": e.cents,' in text and "for e in entries" in text
    assert "TODO_product_id" not in text
    found = codes(site)
    assert not found & {"RT002", "RT007", "RT015"}, site.findings
    assert {"L112", "L113"} <= found


RUBY = """\
class OrdersController < ApplicationController
  def create
    session = Stripe::Checkout::Session.create(
      mode: "payment",
      success_url: params[:back],
      line_items: params[:entries].map { |e| e[:price] ? { price: e[:price], quantity: e[:n] } : { price_data: { currency: "eur", unit_amount: e[:cents], product_data: { name: e[:label] } }, quantity: e[:n] } }
    )
    redirect_to session.url
  end
end
"""

PHP = """\
<?php
function checkout($stripe, $entries, $back) {
    return $stripe->checkout->sessions->create([
        'mode' => 'payment',
        'success_url' => $back,
        'line_items' => array_map(fn($e) => $e['price'] ? ['price' => $e['price'], 'quantity' => $e['n']] : ['price_data' => ['currency' => 'eur', 'unit_amount' => $e['cents'], 'product_data' => ['name' => $e['label']]], 'quantity' => $e['n']], $entries),
    ]);
}
"""


def test_each_element_is_a_price_id_or_an_inline_amount_in_ruby_and_php() -> None:
    ruby = one(RUBY, "ruby")
    assert '"product_id" => DodoIds.product_id(e[:price]),' in ruby.suggestion
    # an element of the request's params: its values are text, made numbers (as PHP's are)
    assert '"amount" => Integer(e[:cents].to_s, 10),' in ruby.suggestion
    php = one(PHP, "php")
    assert "'product_id' => \\DodoIds::productId($e['price'])," in php.suggestion
    assert "'amount' => (filter_var($e['cents']" in php.suggestion
    for site in (ruby, php):
        assert not codes(site) & {"RT002", "RT007", "RT015"}, site.findings
        assert "TODO_product_id" not in site.suggestion


TSCONFIG = """{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "ES2022", "module": "ESNext",
    "moduleResolution": "Bundler", "skipLibCheck": true, "types": []
  },
  "files": ["shims.d.ts", "pay.ts"]
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
def test_the_per_element_choice_type_checks_with_tsc(tmp_path: Path) -> None:
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the suggestion is not type-checked")
    site = one(TS_TERNARY, "typescript")
    call = "\n".join(
        line for line in site.suggestion.splitlines() if not line.lstrip().startswith("//")
    )
    cut = "  return stripe.checkout.sessions.create("
    code = (
        'import DodoPayments from "dodopayments";\n'
        'const client = new DodoPayments({ bearerToken: "t", environment: "test_mode" });\n'
        + TS_TERNARY[: TS_TERNARY.index(cut)]
        + "  const session = await "
        + call.strip()
        + ";\n  return session.checkout_url;\n}\n"
    )
    folder = write_tree(
        tmp_path / "check", {"shims.d.ts": SHIMS, "tsconfig.json": TSCONFIG, "pay.ts": code}
    )
    done = node_sdk.run_tsc(folder)
    assert done.returncode == 0, done.stdout + done.stderr + code


PY_KEYS = """\
import stripe


def checkout(stripe_price, cents, back):
    line = {"quantity": 2}
    if stripe_price:
        line["price"] = stripe_price
    else:
        line["price_data"] = {"currency": "eur", "unit_amount": cents, "product_data": {"name": "Custom"}}
    return stripe.checkout.Session.create(mode="payment", success_url=back, line_items=[line])
"""


def test_a_line_given_its_price_or_its_inline_price_key_by_key_is_one_of_two_lines() -> None:
    # each branch sets one key of the same line: read key by key, the inline branch had no
    # price (RT007) and its amount was lost; the line is the choice between the two lines
    site = one(PY_KEYS, "python")
    text = site.suggestion
    assert '"product_id": dodo_product_id(stripe_price),' in text
    assert '"amount": cents,' in text
    assert text.count('"quantity": 2,') == 2
    assert "TODO_product_id" not in text
    found = codes(site)
    assert not found & {"RT002", "RT007"}, site.findings
    assert {"L112", "L113"} <= found


TS_HELPER_IN_A_BRANCH = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

type Entry = { stripePrice?: string; label: string; cents: number; n: number };

function toLines(entries: Entry[]): Stripe.Checkout.SessionCreateParams.LineItem[] {
  return entries.map((e) => {
    if (e.stripePrice) {
      return { price: e.stripePrice, quantity: e.n };
    }
    const inline: Stripe.Checkout.SessionCreateParams.LineItem.PriceData = {
      currency: "eur",
      unit_amount: e.cents,
      product_data: { name: e.label },
    };
    return { price_data: inline, quantity: e.n };
  });
}

export async function checkout(entries: Entry[], flow: "payment" | "setup", back: string) {
  return stripe.checkout.sessions.create({
    mode: flow,
    success_url: back,
    line_items: flow === "setup" ? undefined : toLines(entries),
  });
}
"""


def test_a_per_element_choice_in_one_branch_of_the_cart_is_that_branch_s_cart() -> None:
    site = one(TS_HELPER_IN_A_BRANCH, "typescript")
    text = site.suggestion
    assert "] : entries.map((e: any) => (e.stripePrice ? {" in text
    assert "product_id: dodoProductId(e.stripePrice)," in text
    assert "amount: e.cents," in text
    found = codes(site)
    assert "RT002" not in found, site.findings
    assert {"L112", "L113"} <= found
    # the setup branch has no line items: said so, never a cart made up for it
    (unknown,) = [f for f in site.findings if f.code == "RT007"]
    assert 'in one branch of flow === "setup"' in unknown.message


TS_SUBSCRIPTION_ITEM = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

function item(stripePrice?: string, cents?: number) {
  if (stripePrice) {
    return { price: stripePrice, quantity: 1 };
  }
  return {
    price_data: { currency: "eur", product: "prod_1Plan", unit_amount: cents!, recurring: { interval: "month" as const } },
    quantity: 1,
  };
}

export async function subscribe(customer: string, stripePrice?: string, cents?: number) {
  return stripe.subscriptions.create({ customer, items: [item(stripePrice, cents)] });
}
"""


def test_a_subscription_item_of_either_shape_still_blocks() -> None:
    # kept whole only where a Checkout cart takes it: a subscription's item is read key by
    # key as before, its inline branch blocked, never left out with a warning
    (site,) = [
        s
        for s in scan_source(TS_SUBSCRIPTION_ITEM, "plans.ts", BY_NAME["typescript"])
        if s.callee.endswith("subscriptions.create")
    ]
    found = codes(site)
    assert site.verdict == "blocked"
    assert "RT007" in found and "L113" in found
    assert not [f for f in site.findings if f.code == "RT001" and f.path == "items[0]"]
