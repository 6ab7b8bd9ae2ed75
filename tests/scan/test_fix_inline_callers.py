"""A wrapper that forwards its caller's line items whole (``line_items=line_items``) is rewritten
to read a price id from each line (RT003). When a call of it in the tree gives inline prices
(``price_data``: amounts, a shipping line), that rewrite would raise on every checkout (no
``price`` key) and drop the amounts, even with ``--unsafe-fixes``: the wrapper is left as it is,
saying which caller, and a wrapper whose callers give price ids is rewritten as before."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.fix import plan_fixes
from migrate.scan.scan import scan_paths
from tests.scan.trees import write_tree

WRAPPER = """import stripe


def create_checkout_session(*, line_items, success_url):
    return stripe.checkout.Session.create(
        mode="payment", line_items=line_items, success_url=success_url
    )
"""

INLINE = """from payments import create_checkout_session


def checkout(cart, shipping):
    items = []
    for item in cart:
        items.append({
            "price_data": {
                "currency": "mxn",
                "product_data": {"name": item["name"]},
                "unit_amount": int(item["price"] * 100),
            },
            "quantity": item["quantity"],
        })
    return create_checkout_session(line_items=items, success_url="https://shop.test/ok")
"""

IDS = """from payments import create_checkout_session


def checkout(price_id):
    return create_checkout_session(
        line_items=[{"price": price_id, "quantity": 1}], success_url="https://shop.test/ok"
    )
"""


def _fixes(tmp_path: Path, caller: str) -> tuple[list[str], list[str]]:
    write_tree(tmp_path, {"payments.py": WRAPPER, "views.py": caller})
    sites = list(scan_paths([str(tmp_path)]))
    fixed, skipped = [], []
    for fix in plan_fixes(sites, unsafe=True, roots=[str(tmp_path)]):
        fixed += [Path(s.file).name for s in fix.fixed]
        skipped += [f"{Path(s.file).name}: {why}" for s, why in fix.skipped]
    return fixed, skipped


def test_a_wrapper_whose_caller_gives_inline_prices_is_not_rewritten(tmp_path: Path) -> None:
    fixed, skipped = _fixes(tmp_path, INLINE)
    assert fixed == []
    (wrapper,) = [s for s in skipped if s.startswith("payments.py")]
    assert "views.py:15 gives inline prices (price_data)" in wrapper
    assert "write the cart by hand" in wrapper


def test_a_wrapper_whose_callers_give_price_ids_is_rewritten(tmp_path: Path) -> None:
    fixed, _ = _fixes(tmp_path, IDS)
    assert fixed == ["payments.py"]
