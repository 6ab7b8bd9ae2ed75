# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A cart list filled by index rather than by append: ``lines = []`` then ``lines[0] = {...}``,
``lines[1] = {...}`` (Ruby, JavaScript; the same shape as a PHP gateway's ``$lines[0][...] =``).
The set at an index one past the list's end was dropped: the cart read as empty (D004, "nothing
to sell") while the code sells two lines. An index one past the end appends, as the language
does; an index further out is a run-time value, never dropped."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

RUBY = """\
class BasketController < ApplicationController
  def create
    lines = []
    lines[0] = { price: 'price_mug', quantity: 2 }
    lines[1] = { price: 'price_cap', quantity: params[:caps].to_i }
    session = Stripe::Checkout::Session.create(mode: 'payment', line_items: lines, success_url: root_url)
    redirect_to session.url, allow_other_host: true
  end

  def gap
    lines = []
    lines[2] = { price: 'price_mug', quantity: 1 }
    session = Stripe::Checkout::Session.create(mode: 'payment', line_items: lines, success_url: root_url)
    redirect_to session.url, allow_other_host: true
  end
end
"""

NODE = """\
const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);

export async function basket(req) {
  const lines = [];
  lines[0] = { price: "price_mug", quantity: 2 };
  lines[1] = { price: "price_cap", quantity: req.body.caps };
  return stripe.checkout.sessions.create({ mode: "payment", line_items: lines, success_url: req.body.back });
}
"""


def _sites(code: str, name: str, lang: str) -> list[CallSite]:
    found = scan_source(code, name, BY_NAME[lang])
    return sorted((s for s in found if s.kind == "create"), key=lambda s: s.line)


def test_ruby_lines_set_by_index_are_the_cart() -> None:
    site = _sites(RUBY, "basket_controller.rb", "ruby")[0]
    assert "D004" not in {f.code for f in site.findings}
    assert [line["price"] for line in site.params["line_items"]] == ["price_mug", "price_cap"]
    assert "params[:caps].to_i" in (site.suggestion or "")


def test_ruby_index_past_the_end_is_never_dropped() -> None:
    site = _sites(RUBY, "basket_controller.rb", "ruby")[1]
    assert site.verdict == "blocked" or any(d.path.startswith("line_items") for d in site.dynamic)
    assert not site.params.get("line_items")  # no line was invented


def test_node_lines_set_by_index_are_the_cart() -> None:
    (site,) = _sites(NODE, "basket.js", "javascript")
    assert "D004" not in {f.code for f in site.findings}
    assert [line["price"] for line in site.params["line_items"]] == ["price_mug", "price_cap"]
    assert "req.body.caps" in (site.suggestion or "")
