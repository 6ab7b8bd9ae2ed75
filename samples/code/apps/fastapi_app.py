"""FastAPI: the client posts a plan and a seat count; the answer is the URL to go to."""

import os

import stripe
from fastapi import FastAPI
from pydantic import BaseModel

api = FastAPI()
client = stripe.StripeClient(os.environ["STRIPE_SECRET_KEY"])
PRICES = {"team": os.environ["STRIPE_PRICE_TEAM"], "pro": os.environ["STRIPE_PRICE_PRO"]}
FRONTEND = os.environ["FRONTEND_URL"]


class Order(BaseModel):
    plan: str
    seats: int
    email: str


@api.post("/api/checkout")
def create_checkout(order: Order) -> dict[str, str | None]:
    created = stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": PRICES[order.plan], "quantity": order.seats}],
        customer_email=order.email,
        allow_promotion_codes=True,
        success_url=FRONTEND + "/welcome",
        cancel_url=FRONTEND + "/pricing",
    )
    return {"url": created.url, "id": created.id}
