"""A Ruby wrapper that sells a price kept in a constant of its module or class: a call from
another class reads it by its full path.

Probe after the Go/Java/C#/Kotlin fixes, in the shape of a Rails billing module
(``PRO_PRICE = ENV.fetch("PRO_PRICE")`` in ``module Billing``, read as ``price: PRO_PRICE`` in
``def self.open``): a controller calling ``Billing.open`` had ``PRO_PRICE`` written as it is -
Ruby looks constants up lexically, so in a controller with its own ``PRO_PRICE`` (an old price)
that one was sold without a word, and in any other one it was a NameError. The call now reads
``Billing::PRO_PRICE`` (``Shop::Billing::...`` when nested); a ``private_constant`` is
``TODO_<name>`` (X021)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths

BILLING = """module Shop
  module Billing
    PRO_PRICE = ENV.fetch("PRO_PRICE")
    TEAM_PRICE = ENV.fetch("TEAM_PRICE")
    private_constant :TEAM_PRICE

    def self.open(email)
      Stripe::Checkout::Session.create(
        mode: "subscription",
        customer_email: email,
        line_items: [{ price: PRO_PRICE, quantity: 1 }, { price: TEAM_PRICE, quantity: 2 }],
        success_url: "https://x.test/ok"
      )
    end
  end
end
"""

CONTROLLER = """class UpgradesController < ApplicationController
  PRO_PRICE = "price_1Legacy"

  def create
    session = Shop::Billing.open(current_user.email)
    redirect_to session.url, allow_other_host: true
  end
end
"""


def test_a_wrappers_module_constants_are_read_by_their_path(tmp_path: Path) -> None:
    (tmp_path / "billing.rb").write_text(BILLING)
    (tmp_path / "upgrades_controller.rb").write_text(CONTROLLER)
    (call,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create" and s.via]
    sources = {d.path: d.source for d in call.dynamic}
    assert sources["line_items[0].price"] == "Shop::Billing::PRO_PRICE"
    assert sources["line_items[1].price"] == "TODO_TEAM_PRICE"
    assert [f.path for f in call.findings if f.code == "X021"] == ["line_items[1].price"]
