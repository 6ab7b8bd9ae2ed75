"""A Checkout Session created through the Stripe module a service holds, the service injected
by its class (a FastAPI route's ``billing: BillingService = Depends(get_billing)`` then
``billing.stripe.checkout.Session.create(...)``; a TypeScript handler's ``deps: Deps`` then
``deps.stripe.checkout.sessions.create(...)``). The receiver's class is imported from a module
of the project, not Stripe's, so the call was taken for another SDK's and dropped: no site, the
checkout silently left on Stripe. A member named for Stripe on the way to the call says the
call is Stripe's; a client of another SDK (``polar.checkout.sessions.create``) stays out."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

ROUTE_PY = """from fastapi import APIRouter, Depends

from app.billing.services import BillingService, get_billing
from app.users import Member, current_member

router = APIRouter()


@router.post("/upgrade")
async def upgrade(
    member: Member = Depends(current_member),
    billing: BillingService = Depends(get_billing),
):
    session = billing.stripe.checkout.Session.create(
        mode="subscription",
        line_items=[
            {
                "price_data": {
                    "currency": "sek",
                    "product_data": {"name": "Club"},
                    "unit_amount": 4900,
                    "recurring": {"interval": "month"},
                },
                "quantity": 1,
            }
        ],
        customer_email=member.email,
        success_url="https://club.example/done",
    )
    return {"url": session.url}
"""

HANDLER_TS = """import type { Deps } from "./deps";
import { Polar } from "@polar-sh/sdk";

export async function upgrade(deps: Deps, email: string) {
  const session = await deps.stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_club_once", quantity: 2 }],
    customer_email: email,
    success_url: "https://club.example/done",
  });
  return session.url;
}

export async function polarUpgrade(polar: Polar) {
  return polar.checkout.sessions.create({ products: ["prod_1"] });
}
"""


def test_a_python_service_s_stripe_module_is_stripe_s() -> None:
    (site,) = [
        s for s in scan_source(ROUTE_PY, "routes.py", BY_NAME["python"]) if s.kind == "create"
    ]
    text = site.suggestion
    assert '"email": member.email,' in text
    assert site.translation is not None
    (product,) = site.translation.requires
    price = product["product"]["price"]
    assert (price["price"], price["currency"], price["payment_frequency_interval"]) == (
        4900,
        "SEK",
        "Month",
    )


def test_a_typescript_dependency_s_stripe_client_is_stripe_s() -> None:
    sites = [s for s in scan_source(HANDLER_TS, "upgrade.ts", BY_NAME["typescript"])]
    (site,) = [s for s in sites if s.kind == "create"]
    assert site.line == 5  # the Stripe call; Polar's is none of Stripe's
    assert "quantity: 2," in site.suggestion
    assert "email: email," in site.suggestion
