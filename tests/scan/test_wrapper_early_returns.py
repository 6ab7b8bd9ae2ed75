"""A wrapper's parameter given another value only in a branch that returns before its Stripe
call (``if order.paid: order = refresh(order); return order``) is still the caller's argument
at the call: it was read as a local of the wrapper, and each caller's Dodo call named
``TODO_order`` for every value (X021), though the caller passes its own ``order``."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths

SOURCES = {
    "pay.py": """import stripe


def start(order, user):
    if order.paid:
        order = refresh(order)
        return order
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": order.price_id, "quantity": order.qty}],
        client_reference_id=str(order.id),
        success_url="https://example.com/ok",
    )


def refresh(order):
    return order


def view(request, current):
    return start(current, request.user)
""",
    "pay.ts": """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

async function start(order: any) {
  if (order.paid) {
    order = await refresh(order);
    return order;
  }
  return stripe.checkout.sessions.create({ mode: "payment",
    line_items: [{ price: order.priceId, quantity: order.qty }],
    success_url: "https://example.com/ok" });
}

declare function refresh(o: any): Promise<any>;

export async function view(current: any) {
  return start(current);
}
""",
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_a_parameter_rebound_only_before_a_return_is_the_caller_s(
    tmp_path: Path, name: str
) -> None:
    (tmp_path / name).write_text(SOURCES[name])
    (caller,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create" and s.via]
    assert "X021" not in {f.code for f in caller.findings}
    assert "TODO_" not in (caller.suggestion or "")
    assert "current." in (caller.suggestion or "")  # the caller's argument
