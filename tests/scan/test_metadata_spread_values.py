"""A Python or TS/JS metadata literal with a spread (``{"user_id": 5, **extra}``, ``{ user_id:
user.id, ...extra }``) was carried whole as written: its numbers and booleans stayed numbers and
booleans in the Dodo metadata, a map of text to text (tsc refused ``{ count: 3, ...extra }``).
It is now its keys with the spread objects merged in the code's order, each value written as
text as the scan writes the keys of a literal without a spread (``"5"``, ``String(user.id)``,
``"true"``); the object's own entries still win over the keys written before it."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY = """\
import stripe


def open_session(price_id, user, extra):
    return stripe.checkout.Session.create(
        mode="subscription",
        success_url="https://shop.example.com/done",
        line_items=[{"price": price_id, "quantity": 1}],
        METADATA,
    )
"""

JS = """\
const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);

async function openSession(priceId, user, extra) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    success_url: "https://shop.example.com/done",
    line_items: [{ price: priceId, quantity: 1 }],
    METADATA,
  });
}
module.exports = { openSession };
"""


def _site(code: str, name: str, family: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[family]) if s.kind == "create"]
    return site


def _flat(site: CallSite) -> str:
    return " ".join((site.suggestion or "").split())


@pytest.mark.parametrize(
    ("metadata", "written"),
    [
        (
            'metadata={"user_id": 5, "plan": user.plan_id, "trial": True, **extra}',
            'metadata={ "user_id": "5", "plan": str(user.plan_id), "trial": "true", **extra, }',
        ),
        (
            'metadata={**extra, "user_id": 5}',
            'metadata={ **extra, "user_id": "5", }',
        ),
        (
            'metadata={"seats": 3, **(extra or {})}',
            'metadata={ "seats": "3", **(extra or {}), }',
        ),
    ],
    ids=["keys-then-spread", "spread-then-key", "spread-of-an-expression"],
)
def test_a_python_metadata_literal_with_a_spread_writes_its_values_as_text(
    metadata: str, written: str
) -> None:
    site = _site(PY.replace("METADATA", metadata), "app.py", "python")
    assert written in _flat(site)
    assert "RT010" in [f.code for f in site.findings]


@pytest.mark.parametrize(
    ("metadata", "written"),
    [
        (
            "metadata: { user_id: user.id, count: 3, paid: true, ...extra }",
            'metadata: { user_id: String(user.id), count: "3", paid: "true", ...extra, }',
        ),
        (
            "metadata: { ...extra, count: 3 }",
            'metadata: { ...extra, count: "3", }',
        ),
        (
            "payment_intent_data: { metadata: { n: 1, ...(extra || {}) } }",
            'metadata: { n: "1", ...(extra || {}), }',
        ),
    ],
    ids=["keys-then-spread", "spread-then-key", "payment-intent-spread-of-an-expression"],
)
def test_a_js_metadata_object_with_a_spread_writes_its_values_as_text(
    metadata: str, written: str
) -> None:
    site = _site(JS.replace("METADATA", metadata), "app.js", "javascript")
    assert written in _flat(site)


def test_a_key_the_literal_writes_again_after_the_spread_stays_after_it() -> None:
    site = _site(PY.replace("METADATA", 'metadata={"a": 1, **extra, "a": 2}'), "app.py", "python")
    assert 'metadata={ **extra, "a": "2", }' in _flat(site)


def test_a_spread_beside_a_computed_key_is_still_one_run_time_value() -> None:
    metadata = 'metadata={f"k_{user.id}": 1, **extra}'
    site = _site(PY.replace("METADATA", metadata), "app.py", "python")
    assert '{f"k_{user.id}": 1, **extra}' in _flat(site)
