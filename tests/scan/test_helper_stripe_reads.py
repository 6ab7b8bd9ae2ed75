"""A checkout's price or customer that a project helper reads from the Stripe API (X023 through
``migrate/scan/helper_reads.py``; seen in a Next.js monorepo whose billing module resolves the
plan's prices with ``stripe.prices.list({ lookup_keys })`` and whose checkout puts
``pricing.monthly.id`` in the line). The read was not in the checkout's function: no X023, and
nothing said that the suggested call still needs Stripe. The helper is found in the same file,
or imported by a relative module or an alias path."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import creates, write_tree

PRICING_TS = """import Stripe from "stripe";

export async function loadPlanPrices(stripe: Stripe) {
  const found = await stripe.prices.list({ lookup_keys: ["team-monthly", "team-yearly"] });
  const [monthly, yearly] = found.data;
  return { monthly: { id: monthly.id }, yearly: { id: yearly.id } };
}
"""
ACTION_TS = """import Stripe from "stripe";
import { loadPlanPrices } from "@/lib/pricing";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function upgrade(period: string, customerId: string) {
  const plans = await loadPlanPrices(stripe);
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customerId,
    line_items: [{ price: period === "year" ? plans.yearly.id : plans.monthly.id, quantity: 1 }],
    success_url: "https://app.example/billing",
  });
  return session.url;
}
"""
LOCAL_PY = """import stripe


class Billing:
    def _current_price(self, product_id):
        product = stripe.Product.retrieve(product_id, expand=["default_price"])
        return product.default_price

    def checkout(self, product_id, email):
        price = self._current_price(product_id)
        return stripe.checkout.Session.create(
            mode="payment",
            customer_email=email,
            line_items=[{"price": price.id, "quantity": 1}],
            success_url="https://shop.example/done",
        )
"""
HELPERS_PY = """import stripe


def find_customer(email):
    found = stripe.Customer.list(email=email, limit=1)
    return found.data[0].id if found.data else None
"""
VIEW_PY = """import os

import stripe

from .helpers import find_customer


def start(email):
    customer = find_customer(email)
    return stripe.checkout.Session.create(
        mode="subscription",
        customer=customer,
        line_items=[{"price": os.environ["PRICE_PRO"], "quantity": 1}],
        success_url="https://app.example/done",
    )
"""
PLAIN_PY = """import os

import stripe


def price_for(plan):
    return os.environ["PRICE_" + plan.upper()]


def start(plan):
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": price_for(plan), "quantity": 1}],
        success_url="https://app.example/done",
    )
"""


def _x023(site: CallSite) -> list[str]:
    return [f.message for f in site.findings if f.code == "X023"]


def _instead(site: CallSite) -> list[str]:
    return [f.suggestion for f in site.findings if f.code == "X023"]


def test_an_alias_imported_helper_reading_prices_is_said(tmp_path: Path) -> None:
    top = write_tree(
        tmp_path,
        {
            "package.json": "{}",
            "src/lib/pricing.ts": PRICING_TS,
            "src/app/billing/actions.ts": ACTION_TS,
        },
    )
    (site,) = creates(top)
    said = _x023(site)
    assert said and all("stripe.prices.list(...) in loadPlanPrices" in m for m in said)
    assert all("metadata.stripe_lookup_key" in s for s in _instead(site))  # the helper's keys


def test_a_same_class_helper_and_a_relatively_imported_one(tmp_path: Path) -> None:
    top = write_tree(
        tmp_path,
        {
            "shop/billing.py": LOCAL_PY,
            "app/helpers.py": HELPERS_PY,
            "app/views.py": VIEW_PY,
            "app/plain.py": PLAIN_PY,
        },
    )
    by_file = {Path(s.file).name: s for s in creates(top)}
    (local,) = _x023(by_file["billing.py"])
    assert "line_items[0].price" in local
    assert "stripe.Product.retrieve(...) in _current_price" in local
    (customer,) = _x023(by_file["views.py"])
    assert "`customer`" in customer and "stripe.Customer.list(...) in find_customer" in customer
    assert _x023(by_file["plain.py"]) == []  # a helper that reads no Stripe API


PACKAGE_JSON = '{"name": "@acme/payments", "exports": {".": "./src/index.ts"}}'
INDEX_TS = 'export * from "./prices";\nexport { PLANS } from "./plans";\n'
WEB_TS = ACTION_TS.replace('"@/lib/pricing"', '"@acme/payments"')


def test_a_helper_of_a_workspace_package_through_its_index_re_export(tmp_path: Path) -> None:
    top = write_tree(
        tmp_path / "mono",
        {
            "pnpm-workspace.yaml": "packages:\n  - apps/*\n  - packages/*\n",
            "packages/payments/package.json": PACKAGE_JSON,
            "packages/payments/src/index.ts": INDEX_TS,
            "packages/payments/src/prices.ts": PRICING_TS,
            "apps/web/package.json": '{"name": "web"}',
            "apps/web/src/actions.ts": WEB_TS,
        },
    )
    (site,) = creates(top)
    said = _x023(site)
    assert said and all("stripe.prices.list(...) in loadPlanPrices" in m for m in said)
    other = write_tree(tmp_path / "alone", {"apps/web/src/actions.ts": WEB_TS})
    (alone,) = creates(other)  # the package is not in the tree: nothing is said
    assert _x023(alone) == []


CLIENT_TS = """import Stripe from "stripe";

export async function buy(client: Stripe, productId: string, email: string) {
  const product = await client.products.retrieve(productId, { expand: ["default_price"] });
  const price = product.default_price as Stripe.Price;
  return client.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: "https://shop.example/ok",
  });
}

export async function other(client: Stripe, shop: { products: { list(): Promise<any> } }) {
  const found = await shop.products.list();
  return client.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: found.data[0].id, quantity: 1 }],
    success_url: "https://shop.example/ok",
  });
}
"""


def test_a_read_on_the_checkout_s_own_client_named_without_stripe(tmp_path: Path) -> None:
    """A billing service whose Stripe client is `client` (seen in a TS billing service): its
    `client.products.retrieve(...)` is the read; another object's `products.list()` is not."""
    buy, other = creates(write_tree(tmp_path, {"billing.ts": CLIENT_TS}))
    (said,) = _x023(buy)
    assert "client.products.retrieve(...)" in said
    assert _x023(other) == []


SERVICE_TS = """import Stripe from "stripe";

export class Billing {
  private async productWithPrice(api: Stripe, id: string) {
    const product = await api.products.retrieve(id, { expand: ["default_price"] });
    return product.default_price as Stripe.Price;
  }

  async checkout(client: Stripe, productId: string, metered: boolean) {
    const lines = await (async () => {
      const price = await this.productWithPrice(client, productId);
      if (metered) {
        return [{ price: price.id }];
      }
      return [{ price: price.id, quantity: 1 }];
    })();
    return client.checkout.sessions.create({
      mode: "subscription",
      line_items: lines,
      success_url: "https://app.example/billing",
    });
  }
}
"""


def test_a_helper_reading_on_a_client_typed_stripe_through_a_multi_line_binding(
    tmp_path: Path,
) -> None:
    """A billing service (seen in an LLM-ops platform) builds its lines in an async closure
    written over several lines, from a method whose Stripe client is a parameter `api: Stripe`:
    the binding was read to the end of its first line only, and a receiver named without
    `stripe` was no Stripe read."""
    (site,) = creates(write_tree(tmp_path, {"billing.ts": SERVICE_TS}))
    said = _x023(site)
    assert any("api.products.retrieve(...) in productWithPrice" in m for m in said), said
