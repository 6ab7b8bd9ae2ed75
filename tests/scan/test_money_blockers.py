"""Carts whose money the scan cannot vouch for must block: a subscription Checkout whose line
items are a list built at run time (RT014), a price line without `quantity` (L115, L116).
Found by a reviewer on real code (warehouse)."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source


def one(code: str, language: str = "python") -> CallSite:
    suffix = {"python": "py", "typescript": "ts"}[language]
    (site,) = scan_source(code, f"x.{suffix}", BY_NAME[language])
    return site


def blockers(site: CallSite) -> set[tuple[str, str]]:
    return {(f.code, f.path) for f in site.findings if f.level.value == "blocker"}


def checkout(mode: str, line_items: str, args: str = "customer_id, price_ids") -> str:
    return (
        f"import stripe\n\n\ndef start({args}):\n    return stripe.checkout.Session.create(\n"
        f"        customer=customer_id,\n        mode={mode!r},\n        line_items={line_items},\n"
        "        success_url='https://app.example.com/ok',\n    )\n"
    )


@pytest.mark.parametrize(
    ("code", "language"),
    [
        (checkout("subscription", "[{'price': p, 'quantity': 1} for p in price_ids]"), "python"),
        (checkout("subscription", "line_items", "customer_id, line_items"), "python"),
        (checkout("subscription", "[*[{'price': p, 'quantity': 1} for p in price_ids]]"), "python"),
        (
            "import Stripe from 'stripe';\nconst stripe = new Stripe('sk');\n"
            "export async function start(customerId: string, priceIds: string[]) {\n"
            "  return stripe.checkout.sessions.create({ customer: customerId, mode: 'subscription',"
            " success_url: 'https://e.com/ok',\n"
            "    line_items: priceIds.map((p) => ({ price: p, quantity: 1 })) });\n}\n",
            "typescript",
        ),
    ],
)
def test_run_time_list_in_subscription_mode_blocks(code: str, language: str) -> None:
    """warehouse: `line_items=[{"price": p} for p in price_ids]` in subscription mode was
    "translated" (every price in one Dodo cart, N subscriptions on Dodo) where two literal
    prices are blocked (D002)."""
    s = one(code, language)
    assert ("RT014", "line_items") in blockers(s)
    assert s.verdict == "blocked"


@pytest.mark.parametrize(
    "line_items",
    [
        "[{'price': price_id, 'quantity': 1}]",  # one element, known only at run time
        "[line]",  # one element the scan cannot read
    ],
)
def test_one_run_time_element_is_one_item(line_items: str) -> None:
    s = one(checkout("subscription", line_items, "customer_id, price_id, line"))
    assert not blockers(s)
    assert s.verdict != "blocked"


def test_run_time_list_in_payment_mode_is_not_a_subscription() -> None:
    s = one(checkout("payment", "[{'price': p, 'quantity': 1} for p in price_ids]"))
    assert "RT014" not in {f.code for f in s.findings}
    assert not blockers(s)


METERED = (
    "import stripe\n\n\ndef start_org_subscription(customer_id):\n"
    "    return stripe.checkout.Session.create(\n        customer=customer_id,\n"
    "        mode='subscription',\n        line_items=[{'price': 'price_OrgMemberMetered'}],\n"
    "        success_url='https://app.example.com/ok',\n    )\n"
)


def test_line_without_quantity_in_subscription_mode_blocks() -> None:
    """warehouse (rv-reports/e): a price line without `quantity` (Stripe accepts it only for a
    metered price) became quantity 1 of a fixed product with info findings only."""
    s = one(METERED)
    assert ("L115", "line_items[0].quantity") in blockers(s)
    assert s.verdict == "blocked"


def test_run_time_list_of_lines_without_quantity_blocks() -> None:
    s = one(checkout("subscription", "[{'price': p} for p in price_ids]"))
    assert ("L115", "line_items[].quantity") in blockers(s)


def test_line_without_quantity_in_payment_mode_is_said() -> None:
    s = one(checkout("payment", "[{'price': 'price_1Mug'}]"))
    (finding,) = [f for f in s.findings if f.code == "L116"]
    assert finding.level.value == "warning"
    assert "payment" in finding.message
    assert not blockers(s)
