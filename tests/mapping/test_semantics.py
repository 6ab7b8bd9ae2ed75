"""Money and Dodo semantics (issue 12): what a translation sends, and what people read about it.

Each test pins one behaviour that was wrong: amounts shown in minor units, templates left in
URLs, a trial the warning described differently from the body, advice that cannot work, rules
the SDK contradicts, and absurd amounts that passed as a clean match.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from dodopayments.types import CheckoutSessionCreateParams, DiscountCreateParams

from migrate.apply.sessions import create_sessions
from migrate.findings import Finding, Level
from migrate.formats.text import TextFormat
from migrate.mapping.catalog import PlanOptions
from migrate.mapping.translate import Options, Translation, translate_params
from migrate.plan.ops import Operation
from migrate.plan.planner import CatalogPlanner, MemorySource
from migrate.readers.base import SourceRef
from migrate.report.model import outcome_of
from tests.dodo_contract import contract_errors

NOW = 1_767_225_600  # 2026-01-01T00:00:00Z
SOURCE = SourceRef("payload", "json")


def translate(doc: dict[str, Any]) -> Translation:
    return translate_params(doc, SOURCE, Options(now=NOW))


def found(result: Translation | Operation, code: str) -> list[Finding]:
    return [f for f in result.findings if f.code == code]


def blockers(result: Translation | Operation) -> list[str]:
    return [f.code for f in result.findings if f.level is Level.BLOCKER]


def inline(currency: str, amount: Any, quantity: Any = 1, **price: Any) -> dict[str, Any]:
    """A payment-mode session with one inline price."""
    data = {"currency": currency, "product_data": {"name": "Mug"}, **price}
    if amount is not None:
        data["unit_amount"] = amount
    return {"mode": "payment", "line_items": [{"price_data": data, "quantity": quantity}]}


def plan(*objects: dict[str, Any]) -> list[Operation]:
    source = MemorySource(tuple(objects))
    return list(CatalogPlanner(source, PlanOptions(tax_default="saas")).plan())


def price(**fields: Any) -> dict[str, Any]:
    product = {"id": "prod_1", "object": "product", "name": "Course"}
    return {"id": "price_1", "object": "price", "type": "one_time", "product": product, **fields}


def coupon(**fields: Any) -> dict[str, Any]:
    return {"id": "SAVE", "object": "coupon", "duration": "once", "valid": True, **fields}


# ---------------------------------------------------------------------------------------------
# 23. Amounts for people are in major units with the currency's decimals


@pytest.mark.parametrize(
    ("currency", "amount", "shown"),
    [("usd", 1000, "10.00 USD"), ("jpy", 500, "500 JPY"), ("bhd", 1500, "1.500 BHD")],
)
def test_translate_text_shows_required_products_in_major_units(
    currency: str, amount: int, shown: str
) -> None:
    text = TextFormat().item(translate(inline(currency, amount)))
    assert f"(Mug, {shown} one-time)" in text
    recurring = inline(currency, amount, recurring={"interval": "month"})
    recurring["mode"] = "subscription"
    assert f"(Mug, {shown} / month)" in TextFormat().item(translate(recurring))


def test_fractional_amount_findings_show_major_units() -> None:
    folded = translate(inline("usd", None, 4, unit_amount_decimal="12.5"))
    [l104] = found(folded, "L104")
    assert "Unit amount 0.125 USD" in l104.message and "line total 0.50 USD" in l104.message
    refused = translate(inline("usd", None, 1, unit_amount_decimal="12.25"))
    [l105] = found(refused, "L105")
    assert "Unit amount 0.1225 USD x 1" in l105.message


def test_catalog_findings_show_major_units() -> None:
    [op] = plan(price(currency="usd", unit_amount_decimal="12.5"))
    [k104] = found(op, "K104")
    assert "Unit amount 0.125 USD " in k104.message
    tip = price(currency="jpy", custom_unit_amount={"minimum": 500, "maximum": 10000})
    [pr017] = found(plan(tip)[0], "PR017")
    assert "maximum 10000 JPY " in pr017.message


class _Previewing:
    """A Dodo client stand-in whose preview quotes 15.00 USD."""

    def preview_checkout(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"currency": "USD", "product_cart": [{"og_price": 1500, "quantity": 1}]}


def test_session_preview_mismatch_names_amounts_in_major_units() -> None:
    out = io.StringIO()
    stripe = [{"currency": "USD", "amount": 1000, "interval": None, "interval_count": 1}]
    result = Translation(
        SOURCE,
        "translated",
        dodo={"product_cart": [{"product_id": "pdt_real", "quantity": 1}]},
        money={"status": "match", "stripe": stripe, "dodo": stripe},
    )
    create_sessions([result], client=_Previewing(), ledger=None, out=out, apply=False, preview=True)
    line = json.loads(out.getvalue())
    assert line["status"] == "blocked"
    assert line["error"] == "Dodo's preview totals 15.00 USD, Stripe charged 10.00 USD"


# ---------------------------------------------------------------------------------------------
# 5. Embedded Checkout's return_url loses Stripe's templates, as success_url does (C003)


def test_embedded_return_url_template_is_removed_with_a_warning() -> None:
    result = translate(
        {
            "ui_mode": "embedded_page",
            "return_url": "https://example.com/done?session_id={CHECKOUT_SESSION_ID}&x=1",
            **inline("usd", 1000),
        }
    )
    assert result.dodo is not None and result.dodo["return_url"] == "https://example.com/done?x=1"
    [c003] = found(result, "C003")
    assert c003.path == "return_url" and c003.level is Level.WARNING
    assert c003.message.startswith("`return_url` uses the {CHECKOUT_SESSION_ID} template")
    assert result.fields["return_url"][0].value == "approximated"
    hosted = translate({"success_url": "https://example.com/ok/{CHECKOUT_SESSION_ID}"})
    assert found(hosted, "C003")[0].message.startswith("`success_url` uses the")


# ---------------------------------------------------------------------------------------------
# 6. trial_period_days with trial_end: the conflict is flagged, messages describe what is sent


@pytest.mark.parametrize("end_first", [False, True])
def test_trial_days_and_trial_end_together_send_the_days_and_say_so(end_first: bool) -> None:
    end = NOW + 116 * 86400
    trial = {"trial_end": end, "trial_period_days": 7}
    if not end_first:
        trial = {"trial_period_days": 7, "trial_end": end}
    doc = inline("usd", 1000, recurring={"interval": "month"})
    result = translate({**doc, "mode": "subscription", "subscription_data": trial})
    assert result.dodo is not None
    assert result.dodo["subscription_data"] == {"trial_period_days": 7}
    assert not found(result, "S002")  # it would describe a 116-day trial that is not sent
    [conflict] = found(result, "S103")
    assert conflict.level is Level.WARNING and conflict.path == "subscription_data"
    assert "sends `trial_period_days: 7`" in conflict.message
    assert "(116 days from --now) was dropped" in conflict.message
    assert result.fields["subscription_data.trial_end"][0].value == "dropped"
    assert result.fields["subscription_data.trial_period_days"][0].value == "mapped"


def test_trial_end_alone_is_sent_as_the_days_its_warning_names() -> None:
    doc = inline("usd", 1000, recurring={"interval": "month"})
    result = translate(
        {**doc, "mode": "subscription", "subscription_data": {"trial_end": NOW + 116 * 86400}}
    )
    assert result.dodo is not None
    assert result.dodo["subscription_data"] == {"trial_period_days": 116}
    [s002] = found(result, "S002")
    assert "becomes 116 trial days" in s002.message
    assert not found(result, "S103")


# ---------------------------------------------------------------------------------------------
# 7, 8. Mixed carts: a warning that states both sources, with advice that works


def _setup_fee_cart() -> dict[str, Any]:
    monthly = inline("usd", 1000, recurring={"interval": "month"})["line_items"][0]
    fee = inline("usd", 4900)["line_items"][0]
    return {"mode": "subscription", "line_items": [monthly, fee]}


def test_mixed_cart_is_sent_with_a_warning_not_blocked() -> None:
    result = translate(_setup_fee_cart())
    assert blockers(result) == []
    [d001] = found(result, "D001")
    assert d001.level is Level.WARNING
    assert result.dodo is not None and len(result.dodo["product_cart"]) == 2
    assert contract_errors(result.dodo, CheckoutSessionCreateParams) == []
    assert result.money is not None and result.money["status"] == "match"
    kinds = {(m["amount"], m["interval"]) for m in result.money["dodo"]}
    assert kinds == {(1000, "Month"), (4900, None)}
    assert outcome_of(result.findings, table=None) == "decision"  # the report's bucket


def test_mixed_cart_rule_cites_both_sources_and_gives_advice_that_works() -> None:
    from migrate.mapping.table import load_table

    rule = load_table().by_code["D001"]
    assert "seed 000" in rule.why and "SDK" in rule.why and "product_cart" in rule.why
    [d001] = found(translate(_setup_fee_cart()), "D001")
    assert "sessions create --preview" in d001.suggestion
    # the charge endpoint works on on-demand subscriptions only: not advice for a setup fee
    assert "charges on-demand subscriptions only" in d001.suggestion
    assert "or charge it after activation" not in d001.suggestion


# ---------------------------------------------------------------------------------------------
# 9. Flat coupons: amount is basis points in the SDK; other currencies are converted (warned)


def _discount(*objects: dict[str, Any]) -> Operation:
    [op] = [o for o in plan(*objects) if o.kind == "discount"]
    return op


def test_flat_coupon_sends_its_deduction_in_the_currency_row_not_in_amount() -> None:
    op = _discount(coupon(amount_off=50000, currency="usd"))  # 500.00 USD off
    assert op.action == "create" and op.request is not None
    body = op.request["body"]
    assert body["type"] == "flat"
    assert body["amount"] == 10000  # basis points (100 %), never 50000 (refused above 10000)
    assert body["currency_options"] == [
        {"currency": "USD", "is_default": True, "max_amount_possible": 50000}
    ]
    assert contract_errors(body, DiscountCreateParams) == []


@pytest.mark.parametrize(
    ("options", "currencies"), [(None, "USD"), ({"eur": {"amount_off": 450}}, "USD, EUR")]
)
def test_flat_coupon_warns_that_dodo_converts_it_for_other_currencies(
    options: dict[str, Any] | None, currencies: str
) -> None:
    extra = {"currency_options": options} if options else {}
    op = _discount(coupon(amount_off=500, currency="usd", **extra))
    [cp002] = found(op, "CP002")
    assert cp002.level is Level.WARNING
    assert f"currencies other than {currencies}, converting 5.00 USD" in cp002.message


# ---------------------------------------------------------------------------------------------
# 10. customer_creation=always is dropped with a note, never always_create_new_customer


def test_customer_creation_always_keeps_one_buyer_one_customer() -> None:
    result = translate({"customer_creation": "always", **inline("usd", 1000)})
    assert result.dodo is not None
    assert "always_create_new_customer" not in result.dodo["feature_flags"]
    [c009] = found(result, "C009")
    assert c009.level is Level.INFO and "dropped" in c009.message
    assert result.fields["customer_creation"][0].value == "dropped"


# ---------------------------------------------------------------------------------------------
# 12. Smaller semantics


def test_tax_id_required_if_supported_carries_a_note() -> None:
    collection = {"enabled": True, "required": "if_supported"}
    result = translate({"tax_id_collection": collection, **inline("usd", 1000)})
    assert result.dodo is not None
    assert result.dodo["feature_flags"]["require_tax_id"] is True
    [c057] = found(result, "C057")
    assert c057.path == "tax_id_collection.required" and "as a business" in c057.message
    assert result.fields["tax_id_collection"][0].value == "approximated"
    plain = translate({"tax_id_collection": {"enabled": True}, **inline("usd", 1000)})
    assert not found(plain, "C057")


@pytest.mark.parametrize(
    ("percent", "reason"),
    [
        (12.345, "rounded it would be 12.34 % (1234 basis points), a different discount"),
        (33.335, "rounded it would be 33.34 % (3334 basis points), a different discount"),
        (0.004, "Dodo takes 0.01 to 100 %"),
        (150, "Dodo takes 0.01 to 100 %"),
    ],
)
def test_percent_off_that_basis_points_cannot_hold_is_blocked_not_truncated(
    percent: float, reason: str
) -> None:
    op = _discount(coupon(percent_off=percent))
    assert op.action == "manual"
    [cp106] = found(op, "CP106")
    assert cp106.level is Level.BLOCKER and cp106.message.endswith(f"{reason}.")
    promo = {
        "id": "promo_1",
        "object": "promotion_code",
        "code": "ODD",
        "active": True,
        "promotion": {"type": "coupon", "coupon": coupon(percent_off=percent)},
    }
    [via_code] = [o for o in plan(promo) if o.stripe_id == "promo_1"]
    assert via_code.action == "manual"
    assert [f.path for f in found(via_code, "CP106")] == ["promo_1.promotion.coupon.percent_off"]


def test_percent_off_with_two_decimals_is_exact() -> None:
    op = _discount(coupon(percent_off=12.34))
    assert op.action == "create" and op.request is not None
    assert (op.request["body"]["type"], op.request["body"]["amount"]) == ("percentage", 1234)
    assert not found(op, "CP106")


def test_webhook_table_says_where_items_and_failed_renewals_are() -> None:
    import typing

    from dodopayments.types import WebhookEventType

    from migrate.mapping.webhooks import load_events

    events = load_events()
    completed = events["checkout.session.completed"].note
    assert "product_cart lists its items, and is set for one-time payments only" in completed
    assert "data.product_id" in completed
    failed = events["invoice.payment_failed"]
    assert {"payment.failed", "subscription.past_due", "dunning.started"} <= set(failed.dodo)
    assert set(failed.dodo) <= set(typing.get_args(WebhookEventType))


@pytest.mark.parametrize("behavior", ["create_prorations", "always_invoice", None])
def test_prorating_plan_changes_keep_stripes_billing_cycle(behavior: str | None) -> None:
    update: dict[str, Any] = {"items": [{"id": "si_1", "price": "price_1X"}]}
    if behavior is not None:
        update["proration_behavior"] = behavior
    meta = {"endpoint": "/v1/subscriptions/sub_1"}
    kept = translate_params(update, SOURCE, Options(now=NOW), meta)
    assert kept.dodo is not None
    assert kept.dodo["proration_billing_mode"] == "prorated_immediately_keep_cycle"
    restarted = translate_params({**update, "billing_cycle_anchor": "now"}, SOURCE, None, meta)
    assert restarted.dodo is not None
    assert restarted.dodo["proration_billing_mode"] == "prorated_immediately"
    [su014] = found(restarted, "SU014")
    assert "(prorated_immediately restarts the cycle" in su014.message


def test_scanned_plan_changes_suggest_the_keep_cycle_mode() -> None:
    from migrate.scan.patterns import BY_NAME
    from migrate.scan.scan import scan_source

    # a plan change is translated into the change-plan call (every language scans it)
    code = (
        "Stripe::Subscription.update(sub_id, {items: [{id: item_id, price: 'price_2'}], "
        "proration_behavior: 'always_invoice'})\n"
    )
    (site,) = scan_source(code, "billing.rb", BY_NAME["ruby"])
    assert site.translation is not None and site.translation.dodo is not None
    assert site.translation.dodo["proration_billing_mode"] == "prorated_immediately_keep_cycle"
    # a subscription created with a proration flag was related code (X005) worded the same
    # way; it is translated now (a new subscription has nothing to prorate: SC017)
    code = (
        "Stripe::Subscription.create({customer: c, items: [{price: 'price_2'}], "
        "proration_behavior: 'always_invoice'})\n"
    )
    (created,) = scan_source(code, "billing.rb", BY_NAME["ruby"])
    assert created.translation is not None
    assert created.translation.kind == "saved_method_subscription"
    assert "SC017" in {f.code for f in created.findings}


# ---------------------------------------------------------------------------------------------
# 12. Negative, zero and absurd amounts and quantities are blockers, never a clean match

HUGE = 10**13  # 13 digits: more than Stripe charges in any currency


@pytest.mark.parametrize(
    ("doc", "path", "what"),
    [
        (inline("usd", -500), "line_items[0].price_data.unit_amount", "Unit amount -5.00 USD"),
        (
            inline("usd", HUGE),
            "line_items[0].price_data.unit_amount",
            "Unit amount 100000000000.00",
        ),
        (
            inline("usd", None, 3, unit_amount_decimal="-12.5"),
            "line_items[0].price_data.unit_amount_decimal",
            "Unit amount -0.125 USD",
        ),
        (inline("usd", 500, 2**80), "line_items[0].quantity", "Quantity 1208925819614629174706176"),
        (
            inline("jpy", 10**11, 100),
            "line_items[0].price_data.unit_amount",
            "The line total 10000000000000 JPY",
        ),
    ],
)
def test_absurd_checkout_amounts_are_blocked(doc: dict[str, Any], path: str, what: str) -> None:
    result = translate(doc)
    [m005] = found(result, "M005")
    assert m005.level is Level.BLOCKER and m005.path == path
    assert m005.message.startswith(what)
    assert result.requires == ()  # no product is planned from such an amount
    assert result.money is not None and result.money["status"] != "match"


def test_absurd_recorded_and_shipping_amounts_are_blocked() -> None:
    recorded = {
        "object": "checkout.session",
        "id": "cs_test_neg",
        "mode": "payment",
        "line_items": {
            "object": "list",
            "data": [
                {
                    "object": "item",
                    "quantity": 1,
                    "price": {
                        "id": "price_neg",
                        "object": "price",
                        "currency": "usd",
                        "unit_amount": -100,
                        "type": "one_time",
                    },
                }
            ],
        },
    }
    result = translate(recorded)
    assert [f.path for f in found(result, "M005")] == ["line_items[0].price"]
    assert all("product" not in r for r in result.requires)
    rate = {
        "display_name": "Express",
        "type": "fixed_amount",
        "fixed_amount": {"amount": -700, "currency": "usd"},
    }
    shipped = translate({**inline("usd", 1000), "shipping_options": [{"shipping_rate_data": rate}]})
    [m005] = found(shipped, "M005")
    assert m005.path == "shipping_options[0].shipping_rate_data.fixed_amount.amount"
    assert shipped.dodo is not None and len(shipped.dodo["product_cart"]) == 1  # no shipping line


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        (0, "it is zero"),
        (HUGE, "it has more than 12 digits"),
        (2**80, "it has more than 12 digits"),
    ],
)
def test_absurd_payment_intent_amounts_are_blocked(amount: int, reason: str) -> None:
    for extra in ({}, {"customer": "cus_1", "off_session": True, "confirm": True}):
        result = translate({"amount": amount, "currency": "usd", **extra})
        [m005] = found(result, "M005")
        assert m005.path == "amount" and m005.message.endswith(f"is out of range: {reason}.")
        assert "M005" in blockers(result)


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"unit_amount": -500}, "unit_amount"),
        ({"unit_amount": HUGE}, "unit_amount"),
        ({"unit_amount_decimal": "-0.5"}, "unit_amount_decimal"),
        (
            {"unit_amount": 500, "currency_options": {"eur": {"unit_amount": -450}}},
            "currency_options.eur.unit_amount",
        ),
        (
            {"unit_amount": None, "custom_unit_amount": {"minimum": -100}},
            "custom_unit_amount.minimum",
        ),
    ],
)
def test_absurd_catalog_prices_are_manual_work(fields: dict[str, Any], path: str) -> None:
    [op, *localized] = plan(price(currency="usd", **fields))
    assert op.action == "manual" and localized == []
    [k112] = found(op, "K112")
    assert k112.level is Level.BLOCKER and k112.path == f"price_1.{path}"


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"amount_off": 0, "currency": "usd"}, "amount_off"),
        ({"amount_off": -500, "currency": "usd"}, "amount_off"),
        ({"amount_off": HUGE, "currency": "usd"}, "amount_off"),
        (
            {"amount_off": 500, "currency": "usd", "currency_options": {"eur": {"amount_off": -1}}},
            "currency_options.eur.amount_off",
        ),
    ],
)
def test_absurd_coupon_amounts_are_manual_work(fields: dict[str, Any], path: str) -> None:
    op = _discount(coupon(**fields))
    assert op.action == "manual"
    assert [f.path for f in found(op, "K112")] == [f"SAVE.{path}"]


def test_absurd_plan_change_quantities_are_blocked() -> None:
    meta = {"endpoint": "/v1/subscriptions/sub_1"}
    seats = {"items": [{"id": "si_1", "quantity": 2**80}], "proration_behavior": "none"}
    result = translate_params(seats, SOURCE, Options(now=NOW), meta)
    [m005] = found(result, "M005")
    assert m005.path == "items[0].quantity" and m005.level is Level.BLOCKER
