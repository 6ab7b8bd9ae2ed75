"""``line_items`` chosen at run time where a branch is a list mapped from a collection (an
``.map``, a comprehension, a Ruby block, or a local helper that returns one): the Dodo cart is
the same choice, the mapped branch mapped into cart lines as a mapped list alone is. The branch
was not read: RT002 and RT007 blocked the call and the cart was one ``TODO_product_id`` line, in
both branches (seen in a TypeScript billing provider choosing ``mode === "setup" ? undefined :
formatLineItems(items)``)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

SUFFIX = {"python": "py", "typescript": "ts", "ruby": "rb"}


def one(code: str, language: str) -> CallSite:
    (site,) = [
        s
        for s in scan_source(code, f"billing.{SUFFIX[language]}", BY_NAME[language])
        if s.kind == "create"
    ]
    return site


def codes(site: CallSite) -> set[str]:
    assert site.translation is not None
    return {f.code for f in site.translation.findings}


TS_HELPER = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

type Entry = { stripePrice: string; count?: number };

function toLines(entries: Entry[]): Stripe.Checkout.SessionCreateParams.LineItem[] {
  return entries.map((e) => ({ price: e.stripePrice, quantity: e.count ?? 1 }));
}

export async function start(entries: Entry[], back: string, flow: "payment" | "setup") {
  return stripe.checkout.sessions.create({
    mode: flow,
    success_url: back,
    line_items: flow === "setup" ? undefined : toLines(entries),
  });
}
"""


def test_a_helper_returning_a_mapped_list_in_one_branch_is_that_branch_s_cart() -> None:
    site = one(TS_HELPER, "typescript")
    text = site.suggestion
    assert "TODO_product_id" in text  # the setup branch has no line items: RT007 says so
    assert 'product_cart: (flow === "setup") ? [' in text
    assert "] : entries.map((e: any) => ({" in text
    assert "product_id: dodoProductId(e.stripePrice)," in text
    found = codes(site)
    assert "RT002" not in found
    assert "RT007" in found and "L113" in found


TS_INLINE = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function buy(rows: { cents: number; n: number }[], back: string, gift: boolean) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    success_url: back,
    line_items: gift
      ? [{ price: "price_1Gift", quantity: 1 }]
      : rows.map((r) => ({
          price_data: { currency: "eur", unit_amount: r.cents, product_data: { name: "Print" } },
          quantity: r.n,
        })),
  });
}
"""


def test_a_mapped_inline_price_beside_a_literal_cart_keeps_its_amount_and_quantity() -> None:
    site = one(TS_INLINE, "typescript")
    text = site.suggestion
    assert "product_cart: gift ? [" in text
    assert "] : rows.map((r: any) => ({" in text
    assert "quantity: r.n," in text and "amount: r.cents," in text
    assert "TODO_product_id" not in text
    found = codes(site)
    assert not found & {"RT002", "RT007"}
    assert "L112" in found  # the amount is a pay-what-you-want product's, said so


PY = """\
import stripe


def start(rows, flow, back):
    return stripe.checkout.Session.create(
        mode=flow,
        success_url=back,
        line_items=None
        if flow == "setup"
        else [{"price": r.stripe_price, "quantity": r.count} for r in rows],
    )
"""


def test_a_comprehension_in_one_branch_is_that_branch_s_cart_in_python() -> None:
    site = one(PY, "python")
    text = site.suggestion
    assert '] if flow == "setup" else [' in text
    assert '"product_id": dodo_product_id(r.stripe_price),' in text
    assert '"quantity": r.count,' in text and "for r in rows" in text
    assert "RT002" not in codes(site)


RUBY = """\
class OrdersController < ApplicationController
  def create
    session = Stripe::Checkout::Session.create(
      mode: "payment",
      success_url: root_url,
      line_items: params[:single] ? [{ price: "price_1One", quantity: 1 }] :
        basket.rows.map { |r| { price: r.stripe_price, quantity: r.count } }
    )
    redirect_to session.url
  end
end
"""


def test_a_mapped_block_in_one_branch_is_that_branch_s_cart_in_ruby() -> None:
    site = one(RUBY, "ruby")
    text = site.suggestion
    assert ": basket.rows.map { |r| {" in text
    assert '"product_id" => DodoIds.product_id(r.stripe_price),' in text
    assert '"quantity" => r.count,' in text
    assert not codes(site) & {"RT002", "RT007"}
