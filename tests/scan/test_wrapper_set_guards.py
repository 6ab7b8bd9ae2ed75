"""A wrapper that sends a value only when a parameter is set (``if seat_price and seats > 0:
items.append(...)``, ``if (coupon) params.discounts = [{ coupon }]``), called with a local the
caller sets under its own condition (``None``, then a price when ``extra > 0``), gives the
caller's value without its branch of nothing where the wrapper's condition holds. That branch
was kept: the cart's optional line was ``dodo_product_id(seat_price) if extra > 0 else
TODO_product_id`` with an RT007 blocker, and the discount codes ``[dodo_discount_code(coupon) if
code else None]``, a list holding ``None`` that does not type-check (seen in a Python SaaS whose
checkout orchestrator calls its billing module's session helper)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

PY_WRAPPER = """\
import stripe


def open_session(customer, plan_price, seat_price=None, seats=0, coupon=None):
    items = [{"price": plan_price, "quantity": 1}]
    if seat_price and seats > 0:
        items.append({"price": seat_price, "quantity": seats})
    params = {"customer": customer, "mode": "payment", "line_items": items,
              "success_url": "https://example.com/done"}
    if coupon:
        params["discounts"] = [{"coupon": coupon}]
    return stripe.checkout.Session.create(**params)
"""
PY_CALLER = """\
from payments import open_session


def purchase(account, plan, extra, code):
    seat_price = None
    if extra > 0:
        seat_price = seat_price_for(plan)
    coupon = None
    if code:
        coupon = coupon_for(code)
    return open_session(account.customer_id, plan.price_id, seat_price=seat_price,
                        seats=extra, coupon=coupon)
"""
TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function openSession(price: string, coupon?: string | null) {
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "payment",
    line_items: [{ price, quantity: 1 }],
    success_url: "https://example.com/done",
  };
  if (coupon) {
    params.discounts = [{ coupon }];
  }
  return stripe.checkout.sessions.create(params);
}

export async function purchase(price: string, code: string) {
  let coupon = null;
  if (code.length > 0) {
    coupon = await couponFor(code);
  }
  return openSession(price, coupon);
}
"""


def _via(root: Path, files: dict[str, str]) -> CallSite:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    stats = ScanStats()
    (site,) = [s for s in scan_paths([str(root)], stats=stats) if s.kind == "create" and s.via]
    assert stats.problems == []
    return site


def _codes(site: CallSite) -> set[str]:
    assert site.translation is not None
    return {f.code for f in site.translation.findings}


def test_a_python_caller_s_optional_line_and_coupon_are_the_set_values(tmp_path: Path) -> None:
    site = _via(tmp_path, {"payments.py": PY_WRAPPER, "views.py": PY_CALLER})
    text = site.suggestion
    assert '"product_id": dodo_product_id(seat_price),' in text
    assert "] if seat_price and extra > 0 else []" in text
    assert "TODO_product_id" not in text
    assert "dodo_discount_code(coupon),\n    ] if coupon else None," in text
    assert "if code else None" not in text
    assert "RT007" not in _codes(site)


def test_a_typescript_caller_s_coupon_is_the_set_value(tmp_path: Path) -> None:
    site = _via(tmp_path, {"shop.ts": TS})
    text = site.suggestion
    assert "discount_codes: coupon ? [\n    dodoDiscountCode(coupon),\n  ] : null," in text
    assert "? dodoDiscountCode(coupon) : null" not in text


def test_a_cart_the_wrapper_builds_in_a_local_is_not_said_to_be_unseen(tmp_path: Path) -> None:
    """The wrapper's ``items`` (a literal list, a line appended under an if) is written at the
    call from its parts: no value names ``TODO_items``, and no X021 says one does (it did)."""
    site = _via(tmp_path, {"payments.py": PY_WRAPPER, "views.py": PY_CALLER})
    assert "TODO_" not in site.suggestion
    assert "X021" not in _codes(site) | {f.code for f in site.findings}
    assert not any("TODO_items" in d.source for d in site.dynamic)
