"""Issue 14: run-time values travel into the Dodo call through the right transform.

The scanner hands the translator ``$dynamic`` markers (an opaque value), ``$choice`` markers (a
ternary, an if/else, ``a || "x"``) and ``$each`` markers (a list mapped from a collection);
``with_exprs`` makes them expressions and the rules with ``runtime: carry`` put them into the Dodo
body. These tests give the translator the markers the extractors produce, as a scanned call
does (``session_meta``: the Checkout Session endpoint), and check the body, the findings, the
money check and that every body fits the official SDK once its run-time values hold values of
the types the translator gives them (both branches of every choice).
"""

from __future__ import annotations

from typing import Any

from dodopayments.types import CheckoutSessionCreateParams

from migrate.findings import Level
from migrate.mapping.expr import Expr, exprs_in
from migrate.mapping.translate import Options, Translation, translate_params
from migrate.readers.base import SourceRef
from migrate.readers.idmap import IdMap
from migrate.scan.extract import Dynamic, choice_marker, dynamic_marker, each_marker, with_exprs
from migrate.scan.site import static_view
from tests.dodo_contract import concrete, contract_errors

SOURCE = SourceRef("app.ts", "code", line=1)
IDS = IdMap.from_json(
    {
        "price_live_monthly": "pdt_monthly",
        "price_live_yearly": "pdt_yearly",
        "cus_known": "cus_dodo_known",
        "SUMMER": "SUMMER25",
    }
)
D = dynamic_marker


def scanned(params: dict[str, Any], ids: IdMap = IDS, spread: str = "") -> Translation:
    """The translation of a scanned Checkout Session creation with these params, as the scan
    shows it (findings about values only run time knows are judged by their rules)."""
    dynamic = tuple(_dynamic(params))
    meta = {"endpoint": "/v1/checkout/sessions", "method": "POST"}  # as a scanned call says
    if spread:
        dynamic += (Dynamic("", spread),)
        meta["runtime_params"] = spread
    t = translate_params(with_exprs(params), SOURCE, Options(ids=ids), meta)
    t = static_view(t, dynamic)
    assert t.status == "translated" and t.dodo is not None
    if not blocked(t):
        for branch in ("then", "else"):
            errors = contract_errors(concrete(t.dodo, branch), CheckoutSessionCreateParams)
            assert errors == [], (branch, errors)
    return t


def _dynamic(value: Any, path: str = "") -> list[Dynamic]:
    if type(value) is dict and next(iter(value), None) == "$dynamic":
        return [Dynamic(path, value["$dynamic"])]
    if type(value) is dict:
        return [d for k, v in value.items() for d in _dynamic(v, f"{path}.{k}".lstrip("."))]
    if type(value) is list:
        return [d for i, v in enumerate(value) for d in _dynamic(v, f"{path}[{i}]")]
    return []


def codes(t: Translation) -> set[str]:
    return {f.code for f in t.findings}


def blocked(t: Translation) -> bool:
    return any(f.level is Level.BLOCKER for f in t.findings)


def body(t: Translation) -> dict[str, Any]:
    assert t.dodo is not None
    return t.dodo


BASE: dict[str, Any] = {"mode": "payment", "success_url": "https://shop.example/ok"}


# -- prices -----------------------------------------------------------------------------------


def test_a_choice_between_two_literal_prices_is_a_choice_between_their_products() -> None:
    price = choice_marker(
        "yearly ? 'price_live_yearly' : 'price_live_monthly'",
        "yearly",
        "price_live_yearly",
        "price_live_monthly",
    )
    t = scanned({**BASE, "line_items": [{"price": price, "quantity": 1}]})
    (line,) = body(t)["product_cart"]
    chosen = line["product_id"]
    assert (chosen.form, chosen.cond, chosen.op) == ("choice", "yearly", "product_id")
    assert (chosen.then, chosen.else_) == ("pdt_yearly", "pdt_monthly")  # both mapped ids
    assert line["quantity"] == 1
    assert t.review and t.money is not None and t.money["status"] == "unverified"
    assert "chosen at run time" in t.money["reason"]
    json = t.as_dict()["dodo"]["product_cart"][0]["product_id"]
    assert json == {
        "$dynamic": "yearly ? 'price_live_yearly' : 'price_live_monthly'",
        "then": "product_id",
        "$choice": {"if": "yearly", "then": "pdt_yearly", "else": "pdt_monthly"},
    }


def test_a_test_mode_literal_fallback_is_never_taken_for_the_price() -> None:
    # `process.env.PRICE_ID || "price_test_123"`: the literal is one branch, not the price
    price = choice_marker(
        'process.env.PRICE_ID || "price_test_123"',
        "process.env.PRICE_ID is set",
        D("process.env.PRICE_ID"),
        "price_test_123",
    )
    t = scanned({**BASE, "line_items": [{"price": price, "quantity": 1}]})
    chosen = body(t)["product_cart"][0]["product_id"]
    assert chosen.then == Expr("process.env.PRICE_ID", "line_items[0].price", "product_id", "str")
    assert chosen.else_.startswith("s2d_pdt_")  # the unmapped literal: a placeholder product
    assert {r["stripe"]["price"] for r in t.requires} == {"price_test_123"}
    assert {"L101", "L113"} <= codes(t)  # the literal is missing from the id map; the lookup


def test_a_run_time_quantity_is_carried_and_the_money_check_says_why_not() -> None:
    line = {"price": "price_live_monthly", "quantity": D("seats")}
    t = scanned({**BASE, "line_items": [line]})
    assert body(t)["product_cart"] == [
        {
            "product_id": "pdt_monthly",
            "quantity": Expr("seats", "line_items[0].quantity", type="int"),
        }
    ]
    assert t.money == {
        "status": "unverified",
        "stripe": [],
        "dodo": [],
        "reason": "the quantity of line_items[0] is computed at run time",
    }


def test_a_bad_literal_quantity_in_a_choice_is_reported() -> None:
    quantity = choice_marker("bulk ? 0 : 1", "bulk", 0, 1)
    t = scanned({**BASE, "line_items": [{"price": "price_live_monthly", "quantity": quantity}]})
    assert "L109" in codes(t)


# -- run-time amounts and currencies ----------------------------------------------------------


def test_a_run_time_amount_beside_a_literal_line_is_never_a_money_match() -> None:
    lines = [
        {
            "price_data": {"currency": "usd", "unit_amount": 500, "product_data": {"name": "Mug"}},
            "quantity": 1,
        },
        {
            "price_data": {
                "currency": "usd",
                "unit_amount": D("tip.cents"),
                "product_data": {"name": "Tip"},
            },
            "quantity": 1,
        },
    ]
    t = scanned({**BASE, "line_items": lines})
    assert body(t)["product_cart"][1]["amount"] == Expr(
        "tip.cents", "line_items[1].price_data.unit_amount", type="int"
    )
    assert t.money is not None and t.money["status"] == "unverified"  # was "match" (the mug)
    assert "unit amount of line_items[1]" in t.money["reason"]


def test_a_choice_between_literal_currencies_chooses_one_product_per_currency() -> None:
    currency = choice_marker("eu ? 'eur' : 'usd'", "eu", "eur", "usd")
    item = {
        "price_data": {"currency": currency, "unit_amount": 900, "product_data": {"name": "Box"}},
        "quantity": 2,
    }
    t = scanned({**BASE, "line_items": [item]})
    (line,) = body(t)["product_cart"]
    chosen = line["product_id"]
    assert chosen.form == "choice" and chosen.cond == "eu" and chosen.op == ""
    by_id = {r["id"]: r["product"]["price"]["currency"] for r in t.requires}
    assert (by_id[chosen.then], by_id[chosen.else_]) == ("EUR", "USD")
    assert line["quantity"] == 2


def test_a_run_time_currency_of_an_inline_price_looks_its_product_up_by_currency() -> None:
    """The line was blocked (RT011) with `TODO_product_id` (seen on shops passing the store's
    currency setting): a Dodo product has one currency, so the product is the one made in the
    currency the code passes, looked up in the generated id module by the line's currency key
    and that currency (`<key>.EUR`); `plan --currency` creates one per listed currency."""
    item = {
        "price_data": {"currency": D("cur"), "unit_amount": 900, "product_data": {"name": "B"}},
        "quantity": 1,
    }
    t = scanned({**BASE, "line_items": [item]})
    assert "RT011" in codes(t) and not blocked(t)
    (line,) = body(t)["product_cart"]
    chosen = line["product_id"]
    assert (chosen.source, chosen.op, chosen.type) == ("cur", "product_in_currency", "str")
    (need,) = t.requires
    assert chosen.key == need["id"] and need["per_currency"] is True
    assert need["product"]["price"]["price"] == 900  # the same amount in every currency
    assert "amount" not in line and line["quantity"] == 1
    assert t.money is not None and t.money["status"] != "match"  # only run time knows


def test_a_run_time_billing_currency_is_upper_cased_by_the_code() -> None:
    t = scanned({**BASE, "line_items": [{"price": "price_live_monthly"}], "currency": D("cur")})
    assert body(t)["billing_currency"] == Expr("cur", "currency", "upper", "str")
    bad = choice_marker("x ? 'usd' : 'xyz'", "x", "usd", "xyz")
    t = scanned({**BASE, "line_items": [{"price": "price_live_monthly"}], "currency": bad})
    assert "D009" in codes(t) and blocked(t)


# -- lists mapped from a collection, and lists the scanner cannot read -------------------------


def test_each_over_a_map_is_translated_element_by_element() -> None:
    items = each_marker(
        "cart.items.map((item) => ({price: item.priceId, quantity: item.qty}))",
        "cart.items",
        "item",
        {"price": D("item.priceId"), "quantity": D("item.qty")},
    )
    t = scanned({**BASE, "line_items": items})
    cart = body(t)["product_cart"]
    assert (cart.form, cart.over, cart.var) == ("each", "cart.items", "item")
    assert cart.item == {
        "product_id": Expr("item.priceId", "line_items[].price", "product_id", "str"),
        "quantity": Expr("item.qty", "line_items[].quantity", type="int"),
    }
    assert t.as_dict()["dodo"]["product_cart"]["$each"] == {
        "over": "cart.items",
        "as": "item",
        "item": {
            "product_id": {"$dynamic": "item.priceId", "then": "product_id"},
            "quantity": {"$dynamic": "item.qty"},
        },
    }
    assert t.money is not None and t.money["status"] == "unverified"


def test_each_over_inline_prices_sells_the_pay_what_you_want_product() -> None:
    template = {
        "price_data": {
            "currency": "usd",
            "unit_amount": D("p.cents"),
            "product_data": {"name": D("p.title")},
        },
        "quantity": D("p.qty"),
    }
    items = each_marker("[... for p in products]", "products", "p", template)
    t = scanned({**BASE, "line_items": items})
    item = body(t)["product_cart"].item
    assert item["amount"] == Expr("p.cents", "line_items[].price_data.unit_amount", type="int")
    assert item["quantity"] == Expr("p.qty", "line_items[].quantity", type="int")
    (req,) = t.requires
    assert req["product"]["price"]["pay_what_you_want"] is True and item["product_id"] == req["id"]
    (lost,) = [f for f in t.findings if f.code == "RT001"]
    assert lost.path == "line_items[].price_data.product_data.name"
    assert "p.title" in lost.message and "fixed values" in lost.message


def test_an_opaque_list_of_line_items_is_mapped_through_its_fields() -> None:
    t = scanned({**BASE, "line_items": D("lineItems")})
    cart = body(t)["product_cart"]
    assert (cart.form, cart.over, cart.var) == ("each", "lineItems", "item")
    assert cart.item == {
        "product_id": Expr.field_of("item", "price", "line_items[].price")
        .with_op("product_id")
        .typed("str"),
        "quantity": Expr.field_of("item", "quantity", "line_items[].quantity", 1).typed("int"),
    }
    assert t.as_dict()["dodo"]["product_cart"]["$each"]["item"] == {
        "product_id": {"$field": "price", "of": "item", "then": "product_id"},
        "quantity": {"$field": "quantity", "of": "item", "default": 1},
    }
    (warning,) = [f for f in t.findings if f.code == "RT003"]
    assert warning.level is Level.WARNING and "price_data" in warning.message


def test_an_opaque_line_item_reads_its_price_and_quantity() -> None:
    t = scanned({**BASE, "line_items": [D("line"), {"price": "price_live_yearly", "quantity": 1}]})
    first, second = body(t)["product_cart"]
    assert first["product_id"] == Expr.field_of("line", "price", "line_items[0].price").with_op(
        "product_id"
    ).typed("str")
    assert first["quantity"].default == 1
    assert second == {"product_id": "pdt_yearly", "quantity": 1}


def test_two_carts_of_the_same_shape_are_one_cart_of_choices() -> None:
    monthly = [{"price": "price_live_monthly", "quantity": 1}]
    yearly = [{"price": "price_live_yearly", "quantity": 1}]
    items = choice_marker("annual ? [...] : [...]", "annual", yearly, monthly)
    t = scanned({**BASE, "line_items": items})
    (line,) = body(t)["product_cart"]
    assert (line["product_id"].then, line["product_id"].else_) == ("pdt_yearly", "pdt_monthly")
    assert line["quantity"] == 1


# -- customer, email, URLs, metadata, trial, discounts, flags, mode -----------------------------


def test_a_run_time_customer_id_goes_through_the_customer_lookup() -> None:
    t = scanned({**BASE, "line_items": [{"price": "price_live_monthly"}], "customer": D("cus")})
    assert body(t)["customer"] == {"customer_id": Expr("cus", "customer", "customer_id", "str")}


def test_a_customer_read_from_a_record_is_a_dodo_customer_only_when_set() -> None:
    """A record's attribute (`user.cus`) is unset for a user with no Stripe customer yet: Stripe
    made a guest checkout; the id map's look-up of nothing would throw."""
    t = scanned(
        {**BASE, "line_items": [{"price": "price_live_monthly"}], "customer": D("user.cus")}
    )
    chosen = body(t)["customer"]
    assert (chosen.form, chosen.cond, chosen.else_) == ("choice", "user.cus is set", None)
    assert chosen.then == {"customer_id": Expr("user.cus", "customer", "customer_id", "str")}


def test_a_customer_or_an_email_becomes_the_same_choice_on_dodo() -> None:
    params = {
        **BASE,
        "line_items": [{"price": "price_live_monthly"}],
        "customer": D("user.stripeId"),
        "customer_email": D("user.email"),
    }
    t = scanned(params)
    customer = body(t)["customer"]
    assert (customer.form, customer.cond) == ("choice", "user.stripeId is set")
    assert customer.then == {"customer_id": Expr("user.stripeId", "customer", "customer_id", "str")}
    email = Expr("user.email", "customer_email", type="str")
    assert customer.else_ == Expr.choice(
        "user.email", "customer_email", "user.email is set", {"email": email}, None
    )
    assert "RT009" in codes(t)


def test_a_literal_customer_id_in_a_choice_is_mapped_and_nothing_means_the_email() -> None:
    customer = choice_marker("known ? 'cus_known' : undefined", "known", "cus_known", None)
    t = scanned({**BASE, "line_items": [{"price": "price_live_monthly"}], "customer": customer})
    chosen = body(t)["customer"]
    assert chosen.then == {"customer_id": "cus_dodo_known"} and chosen.else_ is None


def test_a_run_time_email_prefills_the_new_customer_when_there_is_one() -> None:
    # Stripe leaves a missing email out (and asks for it); Dodo refuses a customer without
    # one, and the SDKs' types refuse an email that may be missing (`string | undefined`)
    t = scanned(
        {**BASE, "line_items": [{"price": "price_live_monthly"}], "customer_email": D("email")}
    )
    email = Expr("email", "customer_email", type="str")
    assert body(t)["customer"] == Expr.choice(
        "email", "customer_email", "email is set", {"email": email}, None
    )


def test_a_template_literal_url_keeps_its_source_and_says_the_template_goes() -> None:
    url = D("`${origin}/thanks?session_id={CHECKOUT_SESSION_ID}`")
    t = scanned({**BASE, "line_items": [{"price": "price_live_monthly"}], "success_url": url})
    source = "`${origin}/thanks?session_id={CHECKOUT_SESSION_ID}`"
    assert body(t)["return_url"] == Expr(source, "success_url", "return_url", "str")
    (c003,) = [f for f in t.findings if f.code == "C003"]  # kept in the scan's view
    assert "{CHECKOUT_SESSION_ID}" in c003.message and "RT008" not in codes(t)


def test_a_url_from_a_variable_is_kept_and_checked_by_hand() -> None:
    params = {
        **BASE,
        "line_items": [{"price": "price_live_monthly"}],
        "success_url": D("settings.successUrl"),
        "cancel_url": D("settings.cancelUrl"),
    }
    t = scanned(params)
    assert body(t)["return_url"].source == "settings.successUrl"
    assert body(t)["cancel_url"] == Expr("settings.cancelUrl", "cancel_url", type="str")
    assert "RT008" in codes(t) and "C003" not in codes(t)


def test_literal_urls_in_a_choice_lose_their_templates_here() -> None:
    url = choice_marker(
        "dev ? 'http://localhost/ok?s={CHECKOUT_SESSION_ID}' : 'https://shop.example/ok'",
        "dev",
        "http://localhost/ok?s={CHECKOUT_SESSION_ID}",
        "https://shop.example/ok",
    )
    t = scanned({**BASE, "line_items": [{"price": "price_live_monthly"}], "success_url": url})
    chosen = body(t)["return_url"]
    assert (chosen.then, chosen.else_) == ("http://localhost/ok", "https://shop.example/ok")
    assert "C003" in codes(t)


def test_metadata_keys_are_merged_as_text_with_the_client_reference() -> None:
    params = {
        **BASE,
        "line_items": [{"price": "price_live_monthly"}],
        "client_reference_id": D("user.id"),
        "metadata": {"userId": D("user.id"), "plan": "pro"},
        "payment_intent_data": {"metadata": {"orderId": D("order.id")}},
    }
    t = scanned(params)
    assert body(t)["metadata"] == {
        "client_reference_id": Expr("user.id", "client_reference_id", "str", "str"),
        "userId": Expr("user.id", "metadata.userId", "str", "str"),
        "plan": "pro",
        "orderId": Expr("order.id", "payment_intent_data.metadata.orderId", "str", "str"),
    }


def test_one_run_time_metadata_object_is_carried_whole_even_given_twice() -> None:
    params = {
        **BASE,
        "line_items": [{"price": "price_live_monthly"}],
        "metadata": D("meta"),
        "payment_intent_data": {"metadata": D("meta")},
    }
    t = scanned(params)
    assert body(t)["metadata"] == Expr("meta", "metadata", type="metadata")
    assert "RT010" not in codes(t)


def test_a_run_time_metadata_object_beside_other_keys_is_merged_under_them() -> None:
    # was: RT010 and the subscription's object left out of the Dodo metadata
    params = {
        **BASE,
        "line_items": [{"price": "price_live_monthly"}],
        "client_reference_id": D("user.id"),
        "metadata": {"source": "web"},
        "subscription_data": {"metadata": D("subMeta")},
    }
    t = scanned(params)
    merged = body(t)["metadata"]
    assert merged.form == "merge" and merged.type == "metadata"
    whole, keys = merged.parts
    assert whole == Expr("subMeta", "subscription_data.metadata", type="metadata")
    assert keys["source"] == "web"  # the keys written in the code come last: they win
    assert keys["client_reference_id"].source == "user.id"
    assert keys["client_reference_id"].op == "str"
    (f,) = [f for f in t.findings if f.code == "RT010"]
    assert f.path == "subscription_data.metadata" and f.level is Level.INFO
    assert "subMeta" in f.message and "merges it" in f.message


def test_two_run_time_metadata_objects_are_merged_the_session_s_winning() -> None:
    params = {
        **BASE,
        "line_items": [{"price": "price_live_monthly"}],
        "metadata": D("meta"),
        "payment_intent_data": {"metadata": D("payMeta")},
    }
    merged = body(scanned(params))["metadata"]
    assert [p.source for p in merged.parts] == ["payMeta", "meta"]


def test_run_time_trial_days_are_carried_and_literal_ones_checked() -> None:
    params = {
        **BASE,
        "mode": "subscription",
        "line_items": [{"price": "price_live_monthly"}],
        "subscription_data": {"trial_period_days": D("plan.trialDays")},
    }
    t = scanned(params)
    days = Expr("plan.trialDays", "subscription_data.trial_period_days", type="int")
    assert body(t)["subscription_data"] == {"trial_period_days": days}
    params["subscription_data"] = {
        "trial_period_days": choice_marker("x ? 7 : 20000", "x", 7, 20000)
    }
    assert "S101" in codes(scanned(params))


def test_coupons_become_discount_codes_through_the_lookup_or_the_id_map() -> None:
    coupon = choice_marker("summer ? 'SUMMER' : 'WINTER'", "summer", "SUMMER", "WINTER")
    params = {
        **BASE,
        "line_items": [{"price": "price_live_monthly"}],
        "discounts": [{"coupon": coupon}, {"promotion_code": D("promo.id")}],
    }
    t = scanned(params)
    first, second = body(t)["discount_codes"]
    assert (first.then, first.else_) == ("SUMMER25", "WINTER")  # the id map, else the coupon id
    assert second == Expr("promo.id", "discounts[1].promotion_code", "discount_code", "str")
    assert "C016" in codes(t)


def test_discounts_mapped_from_a_list_are_the_same_mapping() -> None:
    items = each_marker("codes.map((c) => ({coupon: c}))", "codes", "c", {"coupon": D("c")})
    t = scanned({**BASE, "line_items": [{"price": "price_live_monthly"}], "discounts": items})
    codes_ = body(t)["discount_codes"]
    assert (codes_.form, codes_.over, codes_.var) == ("each", "codes", "c")
    assert codes_.item == Expr("c", "discounts[].coupon", "discount_code", "str")


def test_discounts_the_scanner_cannot_read_block_the_translation() -> None:
    t = scanned({**BASE, "line_items": [{"price": "price_live_monthly"}], "discounts": D("ds")})
    (f,) = [f for f in t.findings if f.code == "RT002"]
    assert f.path == "discounts" and blocked(t)
    assert "discount_codes" not in body(t)


def test_a_run_time_promotion_code_flag_is_carried() -> None:
    params = {**BASE, "line_items": [{"price": "price_live_monthly"}]}
    t = scanned({**params, "allow_promotion_codes": D("allowPromo")})
    flag = body(t)["feature_flags"]["allow_discount_code"]
    assert flag == Expr("allowPromo", "allow_promotion_codes", type="bool")


def test_run_time_phone_and_tax_id_collection_flags_are_carried() -> None:
    """`phone_number_collection: {enabled: o.phone}` and `tax_id_collection: {enabled: ...}`
    were RT001 ("decided when translating") and the Dodo call said false: the checkout never
    asked for the phone number the code asked for. They are the same booleans now; a whole
    setting known only at run time is still said lost."""
    params = {**BASE, "line_items": [{"price": "price_live_monthly"}]}
    t = scanned(
        {
            **params,
            "phone_number_collection": {"enabled": D("o.phone")},
            "tax_id_collection": {"enabled": D("o.b2b")},
        }
    )
    flags = body(t)["feature_flags"]
    phone = Expr("o.phone", "phone_number_collection.enabled", type="bool")
    assert flags["allow_phone_number_collection"] == phone
    assert flags["require_phone_number"] == phone
    assert flags["allow_tax_id"] == Expr("o.b2b", "tax_id_collection.enabled", type="bool")
    assert "RT001" not in codes(t)
    whole = scanned({**params, "phone_number_collection": D("o.phone_settings")})
    (f,) = [f for f in whole.findings if f.code == "RT001"]
    assert f.path == "phone_number_collection"
    assert body(whole)["feature_flags"]["allow_phone_number_collection"] is False


def test_a_mode_chosen_at_run_time_is_left_to_the_products() -> None:
    mode = choice_marker("y ? 'subscription' : 'payment'", "y", "subscription", "payment")
    params = {
        **BASE,
        "mode": mode,
        "line_items": [{"price": "price_live_monthly"}],
        "subscription_data": {"trial_period_days": 7},
    }
    t = scanned(params)
    assert "RT005" in codes(t)
    assert "S102" not in codes(t)  # a trial is fine: the mode may be subscription
    assert "mode" not in body(t)


# -- values with no Dodo counterpart: a finding at their path, saying what is lost --------------


def test_a_run_time_value_without_a_counterpart_says_what_is_lost() -> None:
    params = {**BASE, "line_items": [{"price": "price_live_monthly"}], "expires_at": D("deadline")}
    t = scanned(params)
    (f,) = [f for f in t.findings if f.code == "RT001"]
    assert f.path == "expires_at" and f.level is Level.WARNING
    assert "deadline" in f.message and "C022" in f.message
    assert t.fields["expires_at"][1] == "RT001"
    assert not blocked(t)


def test_a_lost_value_that_decides_the_money_blocks_and_unverifies() -> None:
    params = {
        **BASE,
        "mode": "subscription",
        "line_items": [
            {
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 900,
                    "recurring": {"interval": D("plan.interval")},
                    "product_data": {"name": "Box"},
                },
                "quantity": 1,
            }
        ],
    }
    t = scanned(params)
    (f,) = [f for f in t.findings if f.code == "RT002"]
    assert f.path == "line_items[0].price_data.recurring.interval" and f.level is Level.BLOCKER
    assert t.money is not None and t.money["status"] == "unverified"  # never a false match
    assert "line_items[0].price_data.recurring.interval" in t.money["reason"]


# -- statuses: a creation site is never skipped because its params are computed ----------------


def test_params_built_at_run_time_are_a_blocked_session_not_a_skipped_one() -> None:
    t = scanned({}, spread="params")
    assert t.status == "translated" and t.review and blocked(t)
    (f,) = [f for f in t.findings if f.code == "RT007"]
    assert "params" in f.message
    (line,) = body(t)["product_cart"]
    assert line["product_id"].missing == "product_id"  # never an empty cart
    assert t.as_dict()["review"] is True


def test_a_spread_beside_readable_params_is_a_warning() -> None:
    t = scanned({**BASE, "line_items": [{"price": "price_live_monthly"}]}, spread="**options")
    assert "RT006" in codes(t) and not blocked(t) and t.review


def test_a_literal_translation_is_not_marked_for_review() -> None:
    t = scanned({**BASE, "line_items": [{"price": "price_live_monthly", "quantity": 1}]})
    assert not t.review and "review" not in t.as_dict()
    assert not any(True for _ in exprs_in(t.dodo))


def test_a_choice_between_metadata_objects_is_merged_branch_by_branch() -> None:
    offer = choice_marker("offer ? {offer: offer.id} : {}", "offer", {"offer": D("offer.id")}, {})
    params = {
        **BASE,
        "line_items": [{"price": "price_live_monthly"}],
        "client_reference_id": D("user.id"),
        "metadata": offer,
    }
    t = scanned(params)
    merged = body(t)["metadata"]
    ref = Expr("user.id", "client_reference_id", "str", "str")
    assert (merged.form, merged.cond) == ("choice", "offer")
    assert merged.then == {
        "offer": Expr("offer.id", "metadata.offer", "str", "str"),
        "client_reference_id": ref,
    }
    assert merged.else_ == {"client_reference_id": ref}
    assert "RT010" not in codes(t)


def test_a_run_time_currency_keeps_the_run_time_amount_on_the_line() -> None:
    item = {
        "price_data": {
            "currency": D("order.currency"),
            "unit_amount": D("order.cents"),
            "product_data": {"name": "Order"},
        },
        "quantity": 1,
    }
    t = scanned({**BASE, "line_items": [item]})
    (line,) = body(t)["product_cart"]
    assert line["amount"] == Expr("order.cents", "line_items[0].price_data.unit_amount", type="int")
    assert line["product_id"].op == "product_in_currency" and "RT011" in codes(t)
    assert line["product_id"].source == "order.currency"


def test_setup_intent_metadata_known_at_run_time_is_carried() -> None:
    meta = {"endpoint": "/v1/setup_intents", "method": "POST"}
    doc = with_exprs({"customer": "cus_known", "usage": "off_session", "metadata": D("meta")})
    t = translate_params(doc, SOURCE, Options(ids=IDS), meta)
    assert body(t)["metadata"] == Expr("meta", "metadata", type="metadata")
    assert "RT001" not in codes(t)


def test_every_sample_body_fits_the_sdk_once_its_run_time_values_are_values() -> None:
    from pathlib import Path

    from migrate.scan.scan import scan_paths
    from tests.dodo_contract import REQUEST_TYPES

    root = Path(__file__).resolve().parents[2] / "samples" / "code"
    checked = 0
    for site in scan_paths([str(root)]):
        t = site.translation
        if t is None or t.dodo is None or any(f.level is Level.BLOCKER for f in site.findings):
            continue
        for value, kind in ((t.dodo, t.kind), (t.fallback, "checkout_session")):
            if value is None or not any(True for _ in exprs_in(value)):
                continue
            for branch in ("then", "else"):
                errors = contract_errors(concrete(value, branch), REQUEST_TYPES[kind])
                assert errors == [], (site.label(), branch, errors)
            checked += 1
    assert checked >= 20


# -- lists that mix literal elements, spliced lists and elements present under a condition ------


def _gift_wrap() -> dict[str, Any]:
    wrap = {"price": D("env.GIFT_WRAP_PRICE"), "quantity": 1}
    return choice_marker("if (cart.giftWrap) params.addLineItem(...)", "cart.giftWrap", wrap, None)


def _spliced() -> dict[str, Any]:
    return each_marker(
        "cart.items.stream().map(...)",
        "cart.items",
        "line",
        {"price": D("line.priceId"), "quantity": D("line.qty")},
    )


def test_a_spliced_list_a_literal_line_and_an_optional_one_are_one_cart() -> None:
    shipping = {"price": "price_live_monthly", "quantity": 1}
    t = scanned({**BASE, "line_items": [_spliced(), shipping, _gift_wrap()]})
    cart = body(t)["product_cart"]
    assert cart.form == "concat"
    each, literal, optional = cart.parts
    assert (each.form, each.over, each.var) == ("each", "cart.items", "line")
    assert each.item == {  # its elements stand at line_items[0]: their rules are line_items[]'s
        "product_id": Expr("line.priceId", "line_items[0].price", "product_id", "str"),
        "quantity": Expr("line.qty", "line_items[0].quantity", type="int"),
    }
    assert literal == {"product_id": "pdt_monthly", "quantity": 1}
    assert (optional.form, optional.cond, optional.else_) == ("choice", "cart.giftWrap", None)
    assert optional.then == {
        "product_id": Expr("env.GIFT_WRAP_PRICE", "line_items[2].price", "product_id", "str"),
        "quantity": 1,
    }
    assert "RT002" not in codes(t) and "RT007" not in codes(t) and not blocked(t)
    assert t.money is not None and t.money["status"] == "unverified"
    assert "built at run time" in " ".join(t.money.get("reasons", [str(t.money)]))
    concat = t.as_dict()["dodo"]["product_cart"]["$concat"]
    assert concat[0]["$each"]["over"] == "cart.items"
    assert concat[1] == {"product_id": "pdt_monthly", "quantity": 1}
    assert concat[2]["$choice"]["else"] is None


def test_an_optional_discount_is_a_code_present_only_when_its_condition_holds() -> None:
    promo = choice_marker(
        "couponCode?.let { addDiscount(...) }",
        "couponCode != null",
        {"promotion_code": D("couponCode")},
        None,
    )
    t = scanned({**BASE, "line_items": [{"price": "price_live_monthly"}], "discounts": [promo]})
    codes_ = body(t)["discount_codes"]
    assert codes_.form == "concat"
    (optional,) = codes_.parts
    assert (optional.cond, optional.else_) == ("couponCode != null", None)
    assert optional.then == Expr(
        "couponCode", "discounts[0].promotion_code", "discount_code", "str"
    )
    assert "RT002" not in codes(t) and not blocked(t)


def test_a_list_of_discounts_that_may_be_absent_sends_no_codes_then() -> None:
    coupons = choice_marker(
        "couponId ? [{coupon: couponId}] : undefined", "couponId", [{"coupon": D("couponId")}], None
    )
    t = scanned({**BASE, "line_items": [{"price": "price_live_monthly"}], "discounts": coupons})
    codes_ = body(t)["discount_codes"]
    assert (codes_.form, codes_.cond, codes_.else_) == ("choice", "couponId", None)
    assert codes_.then == [Expr("couponId", "discounts[0].coupon", "discount_code", "str")]
    assert "RT002" not in codes(t) and not blocked(t)


def test_a_choice_between_two_carts_of_different_shapes_is_a_choice_of_carts() -> None:
    subscription = [{"price": D("priceId"), "quantity": 1}]
    one_time = [
        {
            "price_data": {
                "currency": "usd",
                "unit_amount": D("cents"),
                "product_data": {"name": "Pass"},
            }
        },
        {"price": "price_live_monthly", "quantity": 2},
    ]
    items = choice_marker(
        "mode === 'subscription' ? [...] : [...]", "isSub", subscription, one_time
    )
    t = scanned({**BASE, "line_items": items})
    cart = body(t)["product_cart"]
    assert (cart.form, cart.cond) == ("choice", "isSub")
    (sub,) = cart.then
    assert sub["product_id"] == Expr("priceId", "line_items[0].price", "product_id", "str")
    pwyw, monthly = cart.else_
    assert pwyw["amount"] == Expr("cents", "line_items[0].price_data.unit_amount", type="int")
    assert monthly == {"product_id": "pdt_monthly", "quantity": 2}
    assert "RT002" not in codes(t) and "RT007" not in codes(t) and not blocked(t)
    assert t.money is not None and t.money["status"] == "unverified"


def test_a_part_the_translator_cannot_convert_still_blocks_naming_it() -> None:
    odd = choice_marker("x ? a : b", "x", {"price": "price_live_monthly"}, D("someLine"))
    inner = each_marker("o.lines.map(...)", "o.lines", "l", {"price": D("l.price")})
    nested = each_marker("outer.flatMap(...)", "outer", "o", inner)  # a list of lists
    t = scanned({**BASE, "line_items": [_spliced(), nested, odd]})
    lost = {f.path for f in t.findings if f.code == "RT002"}
    assert "line_items[1]" in lost and blocked(t)


def test_line_items_given_only_in_one_branch_leave_the_other_cart_unknown() -> None:
    price = choice_marker("dev ? a : b", "dev", D("env.TEST_PRICE"), D("env.LIVE_PRICE"))
    items = choice_marker(
        "isSub ? [...] : undefined", "isSub", [{"price": price, "quantity": 1}], None
    )
    t = scanned({**BASE, "mode": D("mode"), "line_items": items})
    cart = body(t)["product_cart"]
    assert (cart.form, cart.cond) == ("choice", "isSub")
    (line,) = cart.then
    assert line["product_id"].form == "choice" and line["quantity"] == 1
    (unknown,) = cart.else_
    assert unknown["product_id"].missing == "product_id"  # a name defined nowhere: cannot run
    assert "RT002" not in codes(t) and "RT007" in codes(t) and blocked(t)
    (rt007,) = [f for f in t.findings if f.code == "RT007"]
    assert "isSub" in rt007.message


def test_a_choice_between_a_run_time_list_and_a_literal_one_maps_both() -> None:
    items = choice_marker(
        "line_items ? line_items : [{price, quantity}]",
        "line_items",
        D("line_items"),
        [{"price": D("price"), "quantity": D("quantity")}],
    )
    t = scanned({**BASE, "line_items": items})
    cart = body(t)["product_cart"]
    assert (cart.form, cart.cond) == ("choice", "line_items")
    assert (cart.then.form, cart.then.over) == ("each", "line_items")
    assert cart.then.item["product_id"].form == "field"
    (line,) = cart.else_
    assert line["product_id"] == Expr("price", "line_items[0].price", "product_id", "str")
    assert "RT002" not in codes(t) and "RT003" in codes(t) and not blocked(t)


def test_a_subscription_metadata_key_the_session_also_sets_is_said_to_be_dropped() -> None:
    # seen in a Go billing service: the subscription's copy of the session's keys (set under
    # an `if`) was dropped with only a bare "TODO: set from <the if block>" above the call
    params = {
        **BASE,
        "mode": "subscription",
        "line_items": [{"price": "price_live_monthly"}],
        "metadata": {"org": D("org.id"), "plan": "team"},
        "subscription_data": {"metadata": {"org": D("org.id"), "plan": D("plan.name")}},
    }
    t = scanned(params)
    (f,) = [f for f in t.findings if f.code == "C104"]
    assert f.path == "subscription_data.metadata.plan" and f.level is Level.WARNING
    assert "`plan` (plan.name)" in f.message and "('team')" in f.message
    assert body(t)["metadata"]["plan"] == "team"  # the session's value is the one sent
