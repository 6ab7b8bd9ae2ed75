"""Values known only at run time (issue 12, item 1).

A run-time value in scanned code travels as an expression (``migrate.expr.Expr``) through the
translator into the Dodo call wherever the Dodo field is the same value: ``amount`` ->
``product_price``, ``currency`` -> ``product_currency`` upper-cased, ``description``,
``metadata``. A required value the code does not pass is a name defined nowhere.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from migrate.expr import Expr, exprs_in
from migrate.findings import Level
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from migrate.sources.base import SourceRef
from migrate.translate import Translation

from .dodo_contract import REQUEST_TYPES, concrete, contract_errors

ROOT = Path(__file__).resolve().parent.parent
SOURCE = SourceRef("x", "json")
PI = {"endpoint": "/v1/payment_intents"}


def one(code: str, language: str = "python") -> CallSite:
    (site,) = [s for s in scan_source(code, "x", BY_NAME[language]) if s.kind == "create"]
    return site


def codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def translation(site: CallSite) -> Translation:
    assert site.translation is not None and site.translation.dodo is not None
    return site.translation


def blocked(findings: Any) -> bool:
    return any(f.level is Level.BLOCKER for f in findings)


# -- item 1: the amount (and the other same-value fields) reach the Dodo call ----------------


def test_a_run_time_amount_is_the_charges_product_price_in_node() -> None:
    s = one(
        "const stripe = require('stripe')('sk_test_x');\n"
        "async function later(cents, customer) {\n"
        "  return stripe.paymentIntents.create({amount: cents, currency: 'usd',\n"
        "    customer, payment_method: pm, off_session: true, confirm: true});\n"
        "}\n",
        "javascript",
    )
    t = translation(s)
    assert t.kind == "on_demand_charge"
    assert t.dodo == {
        "product_price": Expr("cents", "amount", type="int"),
        "product_currency": "USD",
    }
    assert "product_price: cents," in s.suggestion
    assert "TODO: set from cents" not in s.suggestion  # carried, not left to wire by hand
    assert contract_errors(concrete(t.dodo), REQUEST_TYPES[t.kind]) == []
    assert t.as_dict()["dodo"]["product_price"] == {"$dynamic": "cents"}


def test_a_legacy_charge_of_a_run_time_amount_in_python() -> None:
    s = one(
        "import stripe\n"
        "def usage(customer_id, cents):\n"
        "    return stripe.Charge.create(amount=cents, currency='usd', customer=customer_id)\n"
    )
    assert translation(s).kind == "on_demand_charge"
    assert "    product_price=cents,\n" in s.suggestion


def test_currency_description_and_metadata_travel_as_expressions() -> None:
    s = one(
        "import stripe\n"
        "def charge(cents, currency, note, tags):\n"
        "    return stripe.PaymentIntent.create(amount=cents, currency=currency,\n"
        "        customer='cus_1', off_session=True, confirm=True, description=note,\n"
        "        metadata=tags)\n"
    )
    t = translation(s)
    assert t.dodo is not None
    assert t.dodo["product_currency"] == Expr("currency", "currency", "upper", "str")
    assert t.dodo["product_description"] == Expr("note", "description", type="str")
    assert t.dodo["metadata"] == Expr("tags", "metadata", type="metadata")
    assert 'product_currency=cast("Currency", currency.upper()),' in s.suggestion
    assert "from dodopayments.types import Currency" in s.suggestion
    assert "product_description=note," in s.suggestion and "metadata={**tags}," in s.suggestion
    assert "TODO: set from" not in s.suggestion
    assert contract_errors(concrete(t.dodo), REQUEST_TYPES[t.kind]) == []


def test_a_metadata_value_known_at_run_time_keeps_its_key() -> None:
    s = one(
        "const stripe = require('stripe')('sk');\n"
        "stripe.paymentIntents.create({amount: 900, currency: 'eur', customer: 'cus_1',"
        " off_session: true, confirm: true, metadata: {order: order.id, channel: 'web'}});\n",
        "javascript",
    )
    t = translation(s)
    assert t.dodo is not None
    assert t.dodo["metadata"] == {
        "order": Expr("order.id", "metadata.order", type="str"),
        "channel": "web",
    }
    assert "order: order.id," in s.suggestion


def test_a_charge_without_any_amount_names_a_placeholder_that_cannot_run() -> None:
    s = one("import stripe\nstripe.PaymentIntent.create(**params, off_session=True)\n")
    t = translation(s)
    assert t.kind == "on_demand_charge"
    assert "PI106" in codes(s)  # kept, though the params are spread (it is about that)
    assert "    product_price=TODO_product_price,\n" in s.suggestion
    client = SimpleNamespace(subscriptions=SimpleNamespace(charge=lambda *a, **k: None))
    namespace: dict[str, Any] = {"client": client}
    with pytest.raises(NameError, match="TODO_product_price"):
        exec(compile(s.suggestion, "<suggestion>", "exec"), namespace)
    assert contract_errors(concrete(t.dodo), REQUEST_TYPES[t.kind]) != []


def test_a_run_time_value_no_rule_carries_is_still_left_out() -> None:
    s = one(
        "import stripe\n"
        "stripe.PaymentIntent.create(amount=900, currency='usd', customer='cus_1',"
        " off_session=True, confirm=True, statement_descriptor=label)\n"
    )
    t = translation(s)
    assert not any(True for _ in exprs_in(t.dodo))
    assert "# TODO: set from label (Stripe statement_descriptor)" in s.suggestion
