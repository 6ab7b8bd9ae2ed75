"""The client is what the apply engine and `sessions create` are written against."""

from __future__ import annotations

import inspect

import httpx

from migrate.dodo.client import DodoClient
from migrate.dodo.interface import CheckoutPreviewer, DodoAPI


def test_the_client_implements_the_protocol_method_for_method() -> None:
    client = DodoClient(
        "sk_test_x",
        base_url="http://127.0.0.1:9",
        transport=httpx.MockTransport(lambda request: httpx.Response(500)),
    )
    assert isinstance(client, DodoAPI)
    members = [
        name
        for proto in (DodoAPI, CheckoutPreviewer)
        for name, value in vars(proto).items()
        if inspect.isfunction(value) and not name.startswith("_")
    ]
    assert {"send", "preview_checkout", "find_by_metadata", "iter_products"} <= set(members)
    for name in members:
        wanted = inspect.signature(getattr(DodoAPI, name)).parameters
        got = inspect.signature(getattr(DodoClient, name)).parameters
        assert [(p.name, p.kind) for p in got.values()] == [
            (p.name, p.kind) for p in wanted.values()
        ], name
