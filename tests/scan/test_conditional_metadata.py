"""Metadata given under a condition on the mode, `payment_intent_data` in one branch and
`subscription_data` in the other: both are merged into Dodo's one `metadata`, a choice too;
the subscription branch's values never become the empty text. Found by a reviewer on real code
(podkrepi-bg: the donation's campaign, which the webhook books it by)."""

from __future__ import annotations

from typing import Any

from migrate.mapping.expr import json_view
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY = """import stripe


def give(mode, campaign_id, email):
    metadata = {"campaign_id": campaign_id, "source": "web"}
    return stripe.checkout.Session.create(
        mode=mode,
        customer_email=email,
        line_items=[{"price": "price_Gift10", "quantity": 1}],
        payment_intent_data={"metadata": metadata} if mode == "payment" else None,
        subscription_data={"metadata": metadata} if mode == "subscription" else None,
        success_url="https://give.example.org/thanks",
    )
"""

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function give(mode: "payment" | "subscription", meta: Record<string, string>) {
  await stripe.checkout.sessions.create({
    mode,
    line_items: [{ price: "price_Gift10", quantity: 1 }],
    payment_intent_data: mode == "payment" ? { metadata: meta } : undefined,
    subscription_data: mode == "subscription" ? { metadata: meta } : undefined,
    success_url: "https://give.example.org/thanks",
  });
}
"""


def one(code: str, name: str, language: str) -> CallSite:
    (site,) = scan_source(code, name, BY_NAME[language])
    return site


def dodo_metadata(site: CallSite) -> Any:
    assert site.translation is not None
    return json_view(site.translation.dodo["metadata"])


def branches(value: Any) -> list[object]:
    """The values of a choice as JSON, innermost last."""
    out: list[object] = []
    while isinstance(value, dict) and "$choice" in value:
        choice = value["$choice"]
        assert isinstance(choice, dict)
        out.append((choice["if"], choice["then"]))
        value = choice["else"]
    out.append(value)
    return out


def test_subscription_metadata_under_a_condition_is_merged_as_a_choice() -> None:
    """Was: `"campaign_id": str(campaign_id) if mode == "payment" else ""`: in subscription
    mode every value empty, while S010 said the metadata was merged."""
    s = one(PY, "give.py", "python")
    campaign = branches(dodo_metadata(s)["campaign_id"])
    assert campaign == [
        ('mode == "payment"', {"$dynamic": "campaign_id", "then": "str"}),
        ('mode == "subscription"', {"$dynamic": "campaign_id", "then": "str"}),
        None,  # in neither mode: no key (Stripe's SDK leaves the metadata out)
    ]
    assert '{"campaign_id": str(campaign_id)} if mode == "subscription" else {}' in (
        s.suggestion or ""
    )
    assert "TODO" not in (s.suggestion or "")
    assert {"P004", "S010"} <= {f.code for f in s.findings}


def test_subscription_metadata_object_under_a_condition_is_merged_as_a_choice() -> None:
    """Was: `metadata: (mode == "payment") ? meta : null` and RT010 for the other branch."""
    s = one(TS, "give.ts", "typescript")
    assert branches(dodo_metadata(s)) == [
        ('mode == "payment"', {"$dynamic": "meta"}),
        ('mode == "subscription"', {"$dynamic": "meta"}),
        None,
    ]
    assert "RT010" not in {f.code for f in s.findings}
