"""A key read from the application's configuration reached through the request (Pyramid's
``request.registry.settings[...]``, Express's ``req.app.locals``, Starlette's
``request.app.state``) is the platform's, the same for every call: it blocked as a tenant's
own key (X029) because ``request`` is a parameter of the view (seen in a Pyramid donation
view). A key read from the request's own data (``req.body``, a tenant found from it) stays a
tenant's."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths

PYRAMID = """import stripe
from pyramid.view import view_config

@view_config(route_name="give", request_method="POST")
def give(request, amount: float):
    stripe.api_key = request.registry.settings["keys.stripe.secret"]
    session = stripe.checkout.Session.create(
        line_items=[{"price": "price_GIFT", "quantity": 1}],
        mode="payment",
        success_url="https://gifts.example/thanks",
    )
    return {"id": session.id}
"""

STARLETTE = """import stripe

async def buy(request):
    client = stripe.StripeClient(request.app.state.config.stripe_key)
    return client.checkout.sessions.create(params={
        "line_items": [{"price": "price_B", "quantity": 1}],
        "mode": "payment",
        "success_url": "https://b.example/ok",
    })
"""

EXPRESS = """const Stripe = require("stripe");

async function checkout(req, res) {
  const stripe = new Stripe(req.app.locals.stripeSecret);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_C", quantity: 1 }],
    success_url: "https://c.example/ok",
  });
  res.json({ url: session.url });
}
module.exports = { checkout };
"""

TENANT_FROM_REQUEST = """const Stripe = require("stripe");

async function checkout(req, res) {
  const stripe = new Stripe(req.body.stripeSecret);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_C", quantity: 1 }],
    success_url: "https://c.example/ok",
  });
  res.json({ url: session.url });
}
module.exports = { checkout };
"""


@pytest.mark.parametrize(
    ("name", "text"),
    [("donate.py", PYRAMID), ("shop.py", STARLETTE), ("checkout.js", EXPRESS)],
)
def test_a_key_from_the_app_config_reached_through_the_request_is_the_platform_s(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    sites = [s for s in scan_paths([str(path)]) if s.kind == "create"]
    assert len(sites) == 1
    assert "X029" not in {f.code for f in sites[0].findings}
    assert sites[0].verdict != "blocked"


def test_a_key_from_the_request_s_own_data_stays_a_tenant_s(tmp_path: Path) -> None:
    path = tmp_path / "checkout.js"
    path.write_text(TENANT_FROM_REQUEST, encoding="utf-8")
    sites = [s for s in scan_paths([str(path)]) if s.kind == "create"]
    assert len(sites) == 1
    assert "X029" in {f.code for f in sites[0].findings}
