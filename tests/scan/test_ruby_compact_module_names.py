"""A Ruby wrapper in a module declared with a compact name (``module
Billing::Concerns::StripeHelper``), included in a class, is reached by a bare call of its
method there, as one declared nested (``module Billing; module Concerns; module StripeHelper``)
already was.

Read in a support-desk SaaS's billing: ``include Enterprise::Billing::Concerns::
StripeV2ClientHelper`` and ``create_checkout_session(checkout_session_params)``; the helper's
own site was reported (X014, X039), its caller was not: the module's name was taken as its last
part only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan.trees import creates, write_tree

SERVICE = """\
class BillingService
  include Billing::Concerns::StripeHelper

  def checkout(price_id)
    session = create_checkout_session(
      line_items: [{ price: price_id, quantity: 1 }],
      mode: 'subscription',
      success_url: 'https://x.test/ok'
    )
    session.url
  end
end
"""

COMPACT = """\
module Billing::Concerns::StripeHelper
  def create_checkout_session(params)
    Stripe::Checkout::Session.create(params)
  end
end
"""

NESTED = """\
module Billing
  module Concerns
    module StripeHelper
      def create_checkout_session(params)
        Stripe::Checkout::Session.create(params)
      end
    end
  end
end
"""

OTHER = COMPACT.replace("Billing::Concerns::StripeHelper", "Shop::Concerns::StripeHelper")


@pytest.mark.parametrize("helper", [COMPACT, NESTED])
def test_the_included_modules_method_is_reached(tmp_path: Path, helper: str) -> None:
    files = {"app/helper.rb": helper, "app/svc.rb": SERVICE}
    (via,) = [s for s in creates(write_tree(tmp_path, files)) if s.via is not None]
    assert via.file.endswith("svc.rb") and via.line == 5
    assert "DodoIds.product_id(price_id)" in via.suggestion


def test_a_module_of_another_namespace_is_not(tmp_path: Path) -> None:
    files = {"app/helper.rb": OTHER, "app/svc.rb": SERVICE}
    assert [s for s in creates(write_tree(tmp_path, files)) if s.via is not None] == []
