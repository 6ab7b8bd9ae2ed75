"""A checkout's customer from a function of a module of the tree, called through the module's
imported name (``from integrations import stripe_service`` then ``customer_id = await
stripe_service.find_or_create_customer(user_id)``), which creates the Stripe customer when
there is none: the Dodo call looks it up in the id map, which holds no customer made after the
move, and X020 said nothing (a helper was read by its bare name or as a method of an object
the class holds only; seen in an AI agents platform's billing routes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths
from tests.scan.trees import write_tree

SERVICE = """import stripe


async def find_or_create_customer(user_id):
    found = await stripe.Customer.search_async(query=f"metadata['user_id']:'{user_id}'")
    if found.data:
        return found.data[0].id
    customer = await stripe.Customer.create_async(metadata={"user_id": user_id})
    return customer.id


def saved_customer(user_id):
    return lookup(user_id)
"""

ROUTE = """import stripe
IMPORT


async def subscribe(user_id, price_id):
    customer_id = await SERVICE.find_or_create_customer(user_id)
    return await stripe.checkout.Session.create_async(
        customer=customer_id,
        line_items=[{"price": price_id, "quantity": 1}],
        mode="subscription",
        success_url="https://app.test/ok",
    )


async def saved(user_id, price_id):
    return await stripe.checkout.Session.create_async(
        customer=SERVICE.saved_customer(user_id),
        line_items=[{"price": price_id, "quantity": 1}],
        mode="subscription",
        success_url="https://app.test/ok",
    )
"""


@pytest.mark.parametrize(
    ("imported", "name"),
    [
        ("from integrations import stripe_service", "stripe_service"),
        ("import integrations.stripe_service as billing", "billing"),
    ],
)
def test_a_customer_made_by_a_function_of_an_imported_module_is_x020(
    tmp_path: Path, imported: str, name: str
) -> None:
    route = ROUTE.replace("IMPORT", imported).replace("SERVICE", name)
    write_tree(
        tmp_path,
        {
            "integrations/__init__.py": "",
            "integrations/stripe_service.py": SERVICE,
            "routes/billing.py": route,
        },
    )
    made, saved = sorted(
        (s for s in scan_paths([str(tmp_path)]) if s.kind == "create"), key=lambda s: s.line
    )
    (found,) = [f for f in made.findings if f.code == "X020"]
    assert f"in {name}.find_or_create_customer" in found.message
    assert "X020" not in {f.code for f in saved.findings}  # a helper creating none: silent
