"""A wrapper that sets a member of its parameter only in the arm of an ``if`` that does not
make the Stripe call (``if order.free? then order.status = :paid ... else
Stripe::Checkout::Session.create(... order.quantity ...)``) still reads the caller's argument
at the call: the scan took the member write for a new value of the parameter, and every
caller's Dodo call named ``TODO_order`` (X021) instead of ``@order`` (read in a Rails event
ticketing app's checkout service). A member write that can reach the call still makes the
parameter the wrapper's own value."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths
from migrate.scan.site import CallSite

RUBY = """\
class TicketCheckout
  def self.call(order)
    if order.free?
      order.status = :paid
      OpenStruct.new(url: "/done")
    else
      Stripe::Checkout::Session.create(mode: "payment", success_url: "https://t.example/ok",
                                       customer: order.user.stripe_id,
                                       line_items: [{ price: order.price_ref, quantity: order.n }])
    end
  end

  def self.bumped(order)
    order.n = 2 if order.n < 2
    Stripe::Checkout::Session.create(mode: "payment", success_url: "https://t.example/ok",
                                     line_items: [{ price: order.price_ref, quantity: order.n }])
  end
end

class OrdersController < ApplicationController
  def create
    TicketCheckout.call(@order)
  end

  def group
    TicketCheckout.bumped(@order)
  end
end
"""

PHP = """<?php
class TicketCheckout {
    public static function start($order) {
        if ($order->free) {
            $order->status = 'paid';
            return null;
        } else {
            return \\Stripe\\Checkout\\Session::create([
                'mode' => 'payment', 'success_url' => 'https://t.example/ok',
                'line_items' => [['price' => $order->price_ref, 'quantity' => $order->seats]],
            ]);
        }
    }
}
function buy($cart) {
    return TicketCheckout::start($cart->order);
}
"""


def _callers(tmp_path: Path, name: str, text: str) -> list[CallSite]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return sorted((s for s in scan_paths([str(path)]) if s.via), key=lambda s: s.line)


@pytest.mark.parametrize(
    ("name", "text", "argument"),
    [("tickets.rb", RUBY, "@order"), ("tickets.php", PHP, "$cart->order")],
)
def test_a_member_write_in_the_other_arm_keeps_the_caller_s_argument(
    tmp_path: Path, name: str, text: str, argument: str
) -> None:
    first = _callers(tmp_path, name, text)[0]
    assert "X021" not in {f.code for f in first.findings}
    assert "TODO_order" not in first.suggestion
    assert f"{argument}.price_ref" in first.suggestion or f"{argument}->price_ref" in (
        first.suggestion
    )


def test_a_member_write_that_reaches_the_call_is_the_wrapper_s_own(tmp_path: Path) -> None:
    _, group = _callers(tmp_path, "tickets.rb", RUBY)
    assert "X021" in {f.code for f in group.findings}  # `order.n = 2` may run first
