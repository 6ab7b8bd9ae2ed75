"""Every Dodo SDK method the rule table, the translator's advice, the README or docs/ names exists
in the official SDK (Python names as written; a Node name is the camelCase of the Python one, as
the SDKs are generated from one spec)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dodopayments import DodoPayments

ROOT = Path(__file__).resolve().parents[2]
_CALL = re.compile(r"\bclient\.((?:[A-Za-z_]+\.)+[A-Za-z_]+)\(")
_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")
STRIPE_ONLY = frozenset({"checkout", "payment_intents", "setup_intents", "v1", "invoices"})
"""First segments of Stripe's own client calls, which the scanner's patterns also name."""


def _texts() -> list[tuple[str, str]]:
    files = [
        *ROOT.glob("mappings/*.yaml"),
        *ROOT.glob("migrate/**/*.py"),
        ROOT / "README.md",
        *ROOT.glob("docs/*.md"),
    ]
    return [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in files]


def _named() -> list[tuple[str, str]]:
    found = {(name, where) for where, text in _texts() for name in _CALL.findall(text)}
    return sorted((n, w) for n, w in found if n.split(".")[0] not in STRIPE_ONLY)


def test_the_sdk_names_are_found() -> None:
    names = {name for name, _ in _named()}
    assert "customers.retrieve_payment_methods" in names  # the check reads what it should
    assert "checkout_sessions.retrieve" in names and "customers.retrievePaymentMethods" in names


@pytest.mark.parametrize(("name", "where"), _named())
def test_every_named_sdk_method_exists(name: str, where: str) -> None:
    client = DodoPayments(bearer_token="x", environment="test_mode")
    node: object = client
    for part in name.split("."):
        snake = _CAMEL.sub(r"_\1", part).lower()
        assert hasattr(node, snake), f"{where}: client.{name}: no {snake!r} in the dodopayments SDK"
        node = getattr(node, snake)
    assert callable(node), f"{where}: client.{name} is not a method"
