# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A wrapper's return and cancel URLs looked up in a list of properties its caller builds
(``get_value("success_url", "<default>", props)``), where the template is in the list's success
URL only: the caller's site said C003 twice at ``success_url`` ("it was removed" for the
wrapper's default, "remove it there by hand" for the list: a contradiction to the reader) and
once at ``cancel_url``, which holds no template (seen on a Java billing plugin). It says one
C003, where the template is left, and none at the cancel URL."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

SHOP = """import stripe


def get_value(key, default, props):
    return next((v for k, v in props if k == key), default)


def start(props):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_1Book", "quantity": 1}],
        success_url=get_value("success_url", "https://shop.test/ok?sid={CHECKOUT_SESSION_ID}", props),
        cancel_url=get_value("cancel_url", "https://shop.test/cancel", props),
    )


def buy(success):
    props = [
        ("success_url", success or "https://shop.test/ok?sid={CHECKOUT_SESSION_ID}"),
        ("cancel_url", "https://shop.test/cancel"),
    ]
    return start(props)
"""


def test_one_c003_where_the_template_is_left_and_none_at_the_cancel_url() -> None:
    sites = [s for s in scan_source(SHOP, "shop.py", BY_NAME["python"]) if s.kind == "create"]
    (call,) = [s for s in sites if s.via]
    said = [(f.path, f.message) for f in call.findings if f.code == "C003"]
    assert len(said) == 1, said
    assert said[0][0] == "success_url"
    assert "it is in `props`, built before the call: remove it there by hand" in said[0][1]
    (wrapper,) = [s for s in sites if not s.via]  # the wrapper's own: its default, removed
    assert [f.path for f in wrapper.findings if f.code == "C003"] == ["success_url"]
