"""NUL bytes and other control characters in emails and URLs are blockers (D018, CU103) and
never reach a Dodo body (issue 12, item 20)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate import cli
from migrate.errors import ExitCode
from migrate.mapping.catalog import PlanOptions
from migrate.mapping.controls import control_in
from migrate.mapping.translate import Translation, translate_params
from migrate.plan.planner import CatalogPlanner, MemorySource
from migrate.readers.base import SourceRef
from migrate.readers.idmap import IdMap

SOURCE = SourceRef("payload.json", "json")
CART = [{"price_data": {"currency": "usd", "unit_amount": 1000, "product_data": {"name": "A"}}}]
SESSION: dict[str, Any] = {
    "mode": "payment",
    "success_url": "https://example.com/ok",
    "cancel_url": "https://example.com/cart",
    "customer_email": "ada@example.com",
    "line_items": [{**CART[0], "quantity": 1}],
}
RECORDED: dict[str, Any] = {
    "object": "checkout.session",
    "id": "cs_test_1",
    "mode": "payment",
    "currency": "usd",
    "amount_subtotal": 1000,
    "success_url": "https://example.com/ok",
    "customer_details": {"email": "ada@example.com", "name": "Ada"},
    "line_items": {
        "object": "list",
        "data": [
            {
                "object": "item",
                "quantity": 1,
                "price": {
                    "id": "price_1",
                    "object": "price",
                    "currency": "usd",
                    "unit_amount": 1000,
                    "type": "one_time",
                },
            }
        ],
    },
}
CHARGE: dict[str, Any] = {
    "amount": 1000,
    "currency": "usd",
    "customer": "cus_1",
    "payment_method": "pm_1",
    "off_session": True,
    "confirm": True,
    "receipt_email": "ada@example.com",
}
CHARGE_META = {"method": "POST", "endpoint": "/v1/payment_intents"}
CONTROLS = ["\x00", "\x07", "\n", "\r", "\t", "\x1b", "\x7f", "\x85", "\u2028", "\u202e"]


def emitted(t: Translation) -> str:
    """Everything of a translation that is sent to Dodo or planned for it."""
    return json.dumps([t.dodo, t.fallback, list(t.requires)], default=str)


def blockers(t: Translation) -> list[tuple[str, str]]:
    return [(f.code, f.path) for f in t.findings if f.code == "D018"]


def test_nul_bytes_in_a_checkout_are_blockers_and_never_sent() -> None:
    doc = {
        **SESSION,
        "customer_email": "ada@example.com\x00@evil.test",
        "success_url": "https://example.com/ok\x00.evil.test",
        "cancel_url": "https://example.com/cart\x07",
    }
    t = translate_params(doc, SOURCE)
    assert blockers(t) == [
        ("D018", "success_url"),
        ("D018", "cancel_url"),
        ("D018", "customer_email"),
    ]
    assert t.dodo is not None and "\\u0000" not in emitted(t) and "\\u0007" not in emitted(t)
    assert "return_url" not in t.dodo and "cancel_url" not in t.dodo and "customer" not in t.dodo
    assert t.fields["customer_email"][1] == "D018"
    message = next(f.message for f in t.findings if f.path == "customer_email")
    assert message == (
        "`customer_email` holds a control character (NUL, U+0000): "
        "it was left out of the Dodo body."
    )


def test_embedded_return_url_recorded_email_and_event_paths() -> None:
    embedded = {**SESSION, "ui_mode": "embedded_page", "return_url": "https://e.test/r\u202e"}
    del embedded["success_url"]
    assert blockers(translate_params(embedded, SOURCE)) == [("D018", "return_url")]

    recorded = json.loads(json.dumps(RECORDED))
    recorded["customer_details"]["email"] = "ada@example.com\x00"
    t = translate_params(recorded, SOURCE)
    assert blockers(t) == [("D018", "customer_details.email")]
    assert "\\u0000" not in emitted(t) and "ada@example.com" not in emitted(t)

    event = {
        "object": "event",
        "type": "checkout.session.completed",
        "data": {"object": recorded},
    }
    assert blockers(translate_params(event, SOURCE)) == [
        ("D018", "data.object.customer_details.email")
    ]


def test_nul_in_other_text_is_a_blocker_too_but_line_breaks_are_not() -> None:
    doc = json.loads(json.dumps(SESSION))
    doc["line_items"][0]["price_data"]["product_data"]["name"] = "Mug\x00"
    doc["line_items"][0]["price_data"]["product_data"]["description"] = "Big\nmug"
    t = translate_params(doc, SOURCE)
    assert blockers(t) == [("D018", "line_items[0].price_data.product_data.name")]
    assert "\\u0000" not in emitted(t) and "Big\\nmug" in emitted(t)


def test_calls_around_checkout_are_screened() -> None:
    t = translate_params({**CHARGE, "receipt_email": "a@e.test\x00"}, SOURCE, meta=CHARGE_META)
    assert t.request is not None
    assert blockers(t) == [("D018", "receipt_email")]
    assert "\\u0000" not in emitted(t)


@pytest.mark.parametrize("items", ["\x00", [{"price": "price_gold\x00"}]])
def test_an_update_whose_items_are_screened_out_is_still_a_plan_change(items: Any) -> None:
    """A subscription update naming items (a change of plan) whose items held a NUL byte: they
    are left out (D018), and the update was then read as cancel-only, a PATCH that keeps the old
    plan. It is the change of plan it was, blocked (found by the property tests)."""
    doc = {"items": items, "cancel_at_period_end": False, "proration_behavior": "none"}
    t = translate_params(doc, SOURCE, meta={"endpoint": "/v1/subscriptions/sub_1"})
    assert t.kind == "change_plan"
    assert t.request is not None and t.request[1].endswith("/change-plan")
    assert ("D018", "items" if items == "\x00" else "items[0].price") in blockers(t)


def test_a_skipped_document_is_not_blocked() -> None:
    t = translate_params({"object": "product", "name": "x", "url": "https://e\x00"}, SOURCE)
    assert t.status == "skipped" and blockers(t) == []


def test_the_input_is_not_changed() -> None:
    doc = {**SESSION, "customer_email": "a@e.test\x00"}
    before = json.dumps(doc)
    translate_params(doc, SOURCE)
    assert json.dumps(doc) == before


@pytest.mark.property
@settings(max_examples=120, deadline=None)
@given(
    field=st.sampled_from(["customer_email", "success_url", "cancel_url"]),
    control=st.sampled_from(CONTROLS),
    head=st.text(alphabet="abc.@/:", max_size=10),
    tail=st.text(alphabet="abc.@/:", max_size=10),
)
def test_any_control_character_in_an_email_or_url_blocks_and_is_never_sent(
    field: str, control: str, head: str, tail: str
) -> None:
    doc = {**SESSION, field: head + control + tail}
    t = translate_params(doc, SOURCE)
    assert ("D018", field) in blockers(t)
    assert control not in json.dumps([t.dodo, t.fallback, list(t.requires)], ensure_ascii=False)


def test_translate_cli_exits_1_with_the_blocker(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps([SESSION, {**SESSION, "success_url": "https://e.test/\x00"}]))
    result = CliRunner().invoke(cli.main, ["translate", str(path), "--format", "json"])
    assert result.exit_code == ExitCode.FINDINGS
    first, second = json.loads(result.stdout)["results"]
    assert first["dodo"]["return_url"] == "https://example.com/ok"
    assert [f["code"] for f in second["findings"] if f["level"] == "blocker"] == ["D018"]
    assert "return_url" not in second["dodo"]


def test_a_customer_whose_email_holds_a_control_character_is_not_created() -> None:
    objects = (
        {"id": "cus_1", "object": "customer", "email": "ada@example.com\x00", "name": "Ada"},
        {"id": "cus_2", "object": "customer", "email": "bob@example.com", "name": "Bob"},
        {"id": "cus_3", "object": "customer", "email": "eve@example.com\x00", "name": "Eve"},
    )
    ids = IdMap.from_json({"cus_3": "cus_dodo_eve"})
    ops = list(CatalogPlanner(MemorySource(objects), PlanOptions(ids=ids)).plan())
    by_id = {op.stripe_id: op for op in ops}
    assert by_id["cus_1"].action == "manual" and by_id["cus_1"].request is None
    assert [f.code for f in by_id["cus_1"].findings] == ["CU103"]
    assert by_id["cus_1"].findings[0].level.value == "blocker"
    assert by_id["cus_2"].action == "create"
    assert by_id["cus_3"].action == "adopt"  # mapped to an existing Dodo customer: nothing sent
    assert all("\x00" not in json.dumps(op.request) for op in ops)


def test_control_in_names_the_character() -> None:
    assert control_in("a\x00b", strict=False) == "NUL, U+0000"
    assert control_in("a\nb", strict=False) is None
    assert control_in("a\nb", strict=True) == "LF, U+000A"
    assert control_in("https://e.test/\u202egnp.exe", strict=True) == "U+202E"
    assert control_in("https://example.com/ok", strict=True) is None
