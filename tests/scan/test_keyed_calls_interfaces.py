# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A keyword call on an untyped receiver is a wrapper's only when no other class could take it.

Read in a Lightning wallet's fiat payments (the regression diff of the nineteenth session): a
provider chosen by name at run time (``provider = await get_provider(name)``, Stripe or PayPal,
both subclasses of one base) is called ``provider.create_invoice(amount=..., currency=...)``;
the call was taken for the Stripe provider's wrapper by its keyword arguments alone, so a PayPal
webhook was reported as a Checkout creation. When the wrapper's class shares its base with
another class of the tree, such a call is not read as the wrapper's; when it is the base's only
subclass, it still is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan.trees import creates, write_tree

PROVIDERS = """from abc import ABC, abstractmethod

import stripe


class Provider(ABC):
    @abstractmethod
    async def open_payment(self, cents, currency): ...


class CardProvider(Provider):
    async def open_payment(self, cents, currency):
        return stripe.checkout.Session.create(
            mode="payment",
            line_items=[{"price_data": {"currency": currency, "unit_amount": cents, "product_data": {"name": "Top-up"}}, "quantity": 1}],
            success_url="https://wallet.example/done",
        )
OTHER

PROVIDERS_BY_NAME = {"card": CardProvider}


def get_provider(name):
    return PROVIDERS_BY_NAME[name]()
"""

WALLET = """

class WalletProvider(Provider):
    async def open_payment(self, cents, currency):
        return {"redirect": f"https://wallet.example/pay?c={cents}"}
"""

CHARGE = """from providers import get_provider


async def charge(amount, currency, name):
    provider = get_provider(name)
    return await provider.open_payment(cents=int(amount * 100), currency=currency)
"""


@pytest.mark.parametrize(("other", "expected"), [(WALLET, 1), ("", 2)], ids=["two", "one"])
def test_a_keyword_call_reaches_a_wrapper_only_when_its_base_has_no_other_class(
    tmp_path: Path, other: str, expected: int
) -> None:
    top = write_tree(
        tmp_path, {"providers.py": PROVIDERS.replace("OTHER", other), "charges.py": CHARGE}
    )
    assert len(creates(top)) == expected
