"""A Rails engine's checkout concern that passes its own keyword arguments on whole with Ruby
3.2's anonymous forwarding (``def create_checkout_session(**)`` ... ``Session.create(
success_url:, cancel_url:, **)``), the cart set by the app's controllers through ``super``.
The blocker is right (the cart is not in this code), but it read "the params are built at run
time: **", a bare operator the reader has to decode; it now says they are the method's own
arguments, passed on whole."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

CONCERN = """module Checkouts
  module Session
    def open_checkout(**)
      Stripe::Checkout::Session.create(success_url: "https://club.test/ok", **)
    end
  end
end
"""


def test_anonymous_forwarding_is_named_in_the_blocker() -> None:
    found = scan_source(CONCERN, "session.rb", BY_NAME["ruby"])
    (site,) = [s for s in found if s.kind == "create"]
    (blocker,) = [f for f in site.findings if f.code == "RT007"]
    assert "the method's own arguments, passed on whole by `**`" in blocker.message
    assert "built at run time: **)" not in blocker.message
