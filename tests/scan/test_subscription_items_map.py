"""Subscriptions created on the server whose `items` is no list of items: a map `{data: [...]}`
(the shape a retrieved subscription's `items` has, which Stripe's create rejects) or missing.
The Dodo cart must never sell a literal "{product_id}", and the blocker saying there is no
price must reach the user even where values under `items` are known only at run time."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY_MAP = (
    "import stripe\n\n\ndef subscribe(customer_id, price_id):\n"
    "    return stripe.Subscription.create(\n"
    "        customer=customer_id,\n"
    '        items={"data": [{"price": price_id, "quantity": 1}]},\n'
    "    )\n"
)
TS_MAP = (
    "import Stripe from 'stripe';\nconst stripe = new Stripe('sk');\n"
    "export async function subscribe(customerId: string, priceId: string) {\n"
    "  return stripe.subscriptions.create({ customer: customerId,\n"
    "    items: { data: [{ price: priceId }] } } as any);\n}\n"
)
JAVA_MAP = (
    "import com.stripe.model.Subscription;\nimport java.util.HashMap;\n"
    "import java.util.List;\nimport java.util.Map;\n\n"
    "public class Sub {\n"
    "    public Subscription subscribe(String customerId, String priceId) throws Exception {\n"
    "        Map<String, Object> item = new HashMap<>();\n"
    '        item.put("price", priceId);\n'
    "        Map<String, Object> items = new HashMap<>();\n"
    '        items.put("data", List.of(item));\n'
    "        Map<String, Object> params = new HashMap<>();\n"
    '        params.put("customer", customerId);\n'
    '        params.put("items", items);\n'
    "        return Subscription.create(params);\n"
    "    }\n}\n"
)
PY_NO_ITEMS = (
    "import stripe\n\n\ndef subscribe(customer_id):\n"
    "    return stripe.Subscription.create(customer=customer_id)\n"
)


def one(code: str, language: str) -> CallSite:
    suffix = {"python": "py", "typescript": "ts", "java": "java"}[language]
    (site,) = scan_source(code, f"Sub.{suffix}", BY_NAME[language])
    return site


@pytest.mark.parametrize(
    ("code", "language"),
    [(PY_MAP, "python"), (TS_MAP, "typescript"), (JAVA_MAP, "java"), (PY_NO_ITEMS, "python")],
)
def test_items_not_a_list_blocks_and_sells_no_literal_stand_in(code: str, language: str) -> None:
    """`items: {data: [...]}` with a run-time price was translated with a cart selling the
    literal "{product_id}" and no blocker (SC101 was dropped as a finding under a run-time
    path); no items at all sold the same literal."""
    s = one(code, language)
    blockers = [f for f in s.findings if f.level.value == "blocker"]
    assert [(f.code, f.path) for f in blockers if f.code == "SC101"] == [("SC101", "items")]
    assert s.verdict == "blocked"
    assert "{product_id}" not in s.suggestion
    assert "TODO_product_id" in s.suggestion


def test_items_map_finding_says_stripe_wants_a_list() -> None:
    (finding,) = [f for f in one(PY_MAP, "python").findings if f.code == "SC101"]
    assert "a list" in finding.message and "{data" in finding.message


def test_one_run_time_item_is_a_run_time_list() -> None:
    """`items: [item]` (the one item a run-time value): its price is not in the code. It was
    a cart selling "{product_id}" with only a warning (RT001), then (SC101 kept) a blocker
    saying the call names no price; it blocks as a run-time list of items does (SC103)."""
    s = one(
        "import stripe\n\n\ndef subscribe(customer_id, item):\n"
        "    return stripe.Subscription.create(customer=customer_id, items=[item])\n",
        "python",
    )
    blockers = [(f.code, f.path) for f in s.findings if f.level.value == "blocker"]
    assert blockers == [("SC103", "items[0]")]
    assert "(item)" in next(f.message for f in s.findings if f.code == "SC103")
    assert "RT001" not in {f.code for f in s.findings}
    assert "{product_id}" not in s.suggestion and "TODO_product_id" in s.suggestion


def test_a_run_time_item_beside_a_known_one_is_one_more_item() -> None:
    """`items: [{price: "price_1Base"}, extra]`: the run-time item was RT001 (a warning) and
    the cart sold the first item alone, the extra item's charge gone; it counts as one more
    item, which no id map names as an add-on (SU103, a blocker naming it)."""
    s = one(
        "import stripe\n\n\ndef subscribe(customer_id, extra):\n"
        "    return stripe.Subscription.create(customer=customer_id,\n"
        '        items=[{"price": "price_1Base"}, extra])\n',
        "python",
    )
    (finding,) = [f for f in s.findings if f.code == "SU103"]
    assert finding.level.value == "blocker"
    assert "2 items" in finding.message and "items[1] (extra)" in finding.message
    assert "RT001" not in {f.code for f in s.findings}
    assert s.verdict == "blocked"
