"""The Pay gem's Checkout (``user.payment_processor.checkout(...)``, ``checkout_charge(amount:,
name:)``) makes a Stripe Checkout Session from a Rails model: it was not found at all (read in
a Rails shop whose cart service calls ``current_user.payment_processor.checkout(line_items:,
mode:, success_url:, cancel_url:)``). Each is read as the params Pay sends: its defaults
(``mode: "payment"``, ``root_url``), a price id as a line of ``quantity:``, the charge's inline
price (USD unless given)."""

from __future__ import annotations

import json
from pathlib import Path

from migrate.scan.scan import scan_paths
from migrate.scan.site import CallSite

CONTROLLER = """\
class PlansController < ApplicationController
  def monthly_or_yearly
    session = current_user.payment_processor.checkout(
      mode: "subscription",
      line_items: params[:annual] ? "price_Annual" : "price_Month",
      allow_promotion_codes: true,
      subscription_data: { trial_period_days: 7 },
      success_url: account_url,
    )
    redirect_to session.url, allow_other_host: true
  end

  def team
    session = @account.owner.payment_processor.checkout(
      line_items: params[:plan_price], quantity: params[:users].to_i
    )
    redirect_to session.url, allow_other_host: true
  end

  def donate
    session = current_user.set_payment_processor(params[:via]).checkout_charge(
      amount: 25_00, name: "Donation", currency: "gbp", metadata: { campaign: params[:c] }
    )
    redirect_to session.url, allow_other_host: true
  end

  def cart
    lines = @cart.items.map { |item| { price: item.price_ref, quantity: item.count } }
    current_user.payment_processor.checkout(line_items: lines, success_url: done_url)
  end

  def other
    @basket.checkout(line_items: "price_NotPay")
  end
end
"""


def _sites(tmp_path: Path, gemfile: str | None) -> list[CallSite]:
    app = tmp_path / "app"
    (app / "app" / "controllers").mkdir(parents=True)
    if gemfile is not None:
        (app / "Gemfile").write_text(gemfile, encoding="utf-8")
    (app / "app" / "controllers" / "plans_controller.rb").write_text(CONTROLLER, encoding="utf-8")
    found = scan_paths([str(app)])
    return sorted((s for s in found if s.kind == "create"), key=lambda s: s.line)


def _body(site: CallSite) -> dict[str, object]:
    text = site.suggestion
    return json.loads(text[text.index("{") : text.index("\nJSON")])


def test_pay_s_checkout_calls_are_creations_read_as_pay_sends_them(tmp_path: Path) -> None:
    gemfile = 'source "https://rubygems.org"\ngem "pay", "~> 7.0"\ngem "stripe", "~> 12.0"\n'
    yearly, team, donate, cart = _sites(tmp_path, gemfile)  # @basket.checkout is no Pay call
    assert {s.verdict.split(",")[0] for s in (yearly, team, donate, cart)} == {"translated"}

    body = _body(yearly)
    assert body["feature_flags"]["allow_discount_code"] is True  # type: ignore[index]
    assert body["subscription_data"] == {"trial_period_days": 7}
    lines = yearly.suggestion.splitlines()
    (product,) = [line for line in lines if line.startswith("dodo_body['product_cart'][0]")]
    ids = {r["stripe"]["price"]: r["id"] for r in yearly.translation.requires}  # type: ignore[union-attr]
    assert product == (
        "dodo_body['product_cart'][0]['product_id'] = "
        f'(params[:annual] ? "{ids["price_Annual"]}" : "{ids["price_Month"]}")'
    )
    assert "dodo_body['return_url'] = account_url" in lines
    assert "dodo_body['cancel_url'] = root_url" in lines  # Pay's default

    lines = team.suggestion.splitlines()
    assert (
        "dodo_body['product_cart'][0]['product_id'] = DodoIds.product_id(params[:plan_price])"
        in lines
    )
    assert "dodo_body['product_cart'][0]['quantity'] = params[:users].to_i" in lines
    assert "dodo_body['return_url'] = root_url" in lines

    (made,) = donate.translation.requires  # type: ignore[union-attr]
    assert made["product"]["price"]["currency"] == "GBP"
    assert made["product"]["price"]["price"] == 2500
    assert _body(donate)["product_cart"] == [{"product_id": made["id"], "quantity": 1}]
    assert "dodo_body['metadata']['campaign'] = params[:c].to_s" in donate.suggestion

    assert "(@cart.items).map { |item| {" in cart.suggestion
    assert '"product_id" => DodoIds.product_id(item.price_ref),' in cart.suggestion
    assert '"quantity" => item.count,' in cart.suggestion


def test_pay_on_another_processor_names_no_stripe(tmp_path: Path) -> None:
    # the controller names no Stripe: the application's Gemfile decides
    assert _sites(tmp_path, 'gem "pay"\ngem "braintree"\n') == []


LOCALS = """\
class PacksController < ApplicationController
  def buy
    processor = current_account.set_payment_processor(params[:via])
    @session = processor.checkout(mode: :payment, line_items: @pack.stripe_price_id)
  end

  def embedded
    args = { mode: :payment, ui_mode: :embedded, return_url: done_url,
             line_items: @cart.map { |row| { price: row.price_ref, quantity: row.n } } }
    @session = payment_processor.checkout(**args)
  end

  def not_pay
    processor = Checkout.new(@cart)
    processor.checkout(line_items: "price_NotPay")
  end
end
"""


def test_a_local_bound_to_a_pay_customer_and_a_splat_of_params(tmp_path: Path) -> None:
    path = tmp_path / "packs_controller.rb"
    path.write_text(LOCALS, encoding="utf-8")
    buy, embedded = sorted(
        (s for s in scan_paths([str(path)]) if s.kind == "create"), key=lambda s: s.line
    )
    assert "DodoIds.product_id(@pack.stripe_price_id)" in buy.suggestion
    assert "dodo_body['return_url'] = root_url" in buy.suggestion  # Pay's default
    assert '"product_id" => DodoIds.product_id(row.price_ref),' in embedded.suggestion
    assert "dodo_body['return_url'] = done_url" in embedded.suggestion
    assert "root_url" not in embedded.suggestion  # embedded: Pay sets no URL of its own


def test_pay_s_customer_is_carried_as_cashier_s_is(tmp_path: Path) -> None:
    """Pay attaches the owner's Stripe customer (made from the owner's email when there is
    none): it was dropped with no finding, so the Dodo checkout was tied to no user."""
    gemfile = 'gem "pay", "~> 7.0"\ngem "stripe", "~> 12.0"\n'
    yearly, team, _, _ = _sites(tmp_path, gemfile)
    assert yearly.params["customer"]["$choice"]["if"] == (
        "current_user.payment_processor.processor_id"
    )
    assert yearly.params["customer_email"] == {"$dynamic": "current_user.email"}
    assert "DodoIds.customer_id(current_user.payment_processor.processor_id)" in (yearly.suggestion)
    assert '"email" => current_user.email' in yearly.suggestion
    assert team.params["customer_email"] == {"$dynamic": "@account.owner.email"}
    path = tmp_path / "packs_controller.rb"
    path.write_text(LOCALS, encoding="utf-8")
    buy = min((s for s in scan_paths([str(path)]) if s.kind == "create"), key=lambda s: s.line)
    assert buy.params["customer_email"] == {"$dynamic": "processor.owner.email"}
