"""A wrapper that passes its ``**kwargs`` to Stripe whole (``async def
create_checkout_session(**kwargs): return await stripe.checkout.Session.create_async(
**kwargs)``), in a package that re-exports it (``stripe/__init__.py``: ``from .client import
StripeAPIWrapper``):

* called with a local dict spread in (``create_checkout_session(**session_params)``), every
  value of the dict was lost (``TODO_kwargs``, RT007) because a dict holding lists and maps
  cannot be written as one parameter's code; ``**kwargs`` takes it whole, as params;
* imported from the package (``from .stripe import StripeAPIWrapper``), its calls were not
  reported at all: the package's name is the file's it re-exports (Python's ``__init__.py``,
  JavaScript's ``index``)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite, scan_paths
from tests.scan.trees import write_tree

CLIENT = """\
import stripe


class StripeAPIWrapper:
    @staticmethod
    async def create_checkout_session(**kwargs):
        return await stripe.checkout.Session.create_async(**kwargs)
"""

PAYMENTS = """\
from .stripe import StripeAPIWrapper


async def buy_credits(customer_id, amount, account_id, success_url):
    session_params = {
        "customer": customer_id,
        "line_items": [
            {
                "price_data": {
                    "currency": "usd",
                    "product_data": {"name": "Credits"},
                    "unit_amount": int(amount * 100),
                },
                "quantity": 1,
            }
        ],
        "mode": "payment",
        "success_url": success_url,
        "metadata": {"account_id": account_id},
    }
    session = await StripeAPIWrapper.create_checkout_session(**session_params)
    return session.url
"""

JS_CHECKOUT = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
export async function createCheckout(price, email) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price, quantity: 1 }],
    customer_email: email,
    success_url: "https://app.example/ok",
  });
}
"""

JS_ROUTE = """\
import { createCheckout } from "../billing";
export async function POST(req) {
  const { email } = await req.json();
  return createCheckout(process.env.PRO_PRICE_ID, email);
}
"""


def _callers(tmp_path: Path, files: dict[str, str]) -> list[CallSite]:
    top = write_tree(tmp_path, files)
    return [s for s in scan_paths([str(top)], jobs=1) if s.kind == "create" and s.via]


def test_a_dict_spread_into_kwargs_is_the_params(tmp_path: Path) -> None:
    (site,) = _callers(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/stripe/__init__.py": "from .client import StripeAPIWrapper\n",
            "app/stripe/client.py": CLIENT,
            "app/payments.py": PAYMENTS,
        },
    )
    assert "TODO_" not in site.suggestion
    assert not {"RT007", "X021"} & {f.code for f in site.findings}
    for carried in (
        '"amount": int(amount * 100),',
        '"customer_id": dodo_customer_id(customer_id),',
        '"account_id": str(account_id),',
        "return_url=success_url,",
    ):
        assert carried in site.suggestion, site.suggestion


def test_a_javascript_package_index_re_export_reaches_the_wrapper(tmp_path: Path) -> None:
    (site,) = _callers(
        tmp_path,
        {
            "src/billing/index.js": 'export { createCheckout } from "./checkout";\n',
            "src/billing/checkout.js": JS_CHECKOUT,
            "src/app/route.js": JS_ROUTE,
        },
    )
    assert site.file.endswith("route.js")
    assert "dodoProductId(process.env.PRO_PRICE_ID)" in site.suggestion
