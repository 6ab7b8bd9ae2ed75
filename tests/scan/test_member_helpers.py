"""A checkout's price or customer from a method of an object the service class holds (a
NestJS-style service: ``const price = await this.priceRepo.findByProductId(id)``, the
repository, in another file, doing ``this.stripe.prices.list(...)``; ``const customer = await
this.customers.ensure(email)`` creating the Stripe customer). The helpers were looked for by
name only (a function, a method of ``this``), so neither X023 (the code keeps calling Stripe)
nor X020 (a customer made after the move, in no id map) was said. The member's class is read
from its declaration (a typed field or constructor parameter, ``= Class.getInstance()``,
``= new Class()``, Python's ``self.x = Class()``) and its method found in the file or the
module the class is imported from."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

SERVICE_TS = """import Stripe from "stripe";
import { PriceRepo } from "../repos/price.repo";
import { CustomerRepo } from "../repos/customer.repo";

export class CheckoutService {
  private readonly stripe = new Stripe(process.env.STRIPE_KEY!);
  private readonly prices = PriceRepo.getInstance();

  constructor(private readonly customers: CustomerRepo) {}

  async start(productId: string, email: string) {
    const price = await this.prices.forProduct(productId);
    const customer = await this.customers.ensure(email);
    return this.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: "https://app.example/ok",
    });
  }
}
"""
PRICE_REPO_TS = """import Stripe from "stripe";

export class PriceRepo {
  private static one: PriceRepo;
  private readonly stripe = new Stripe(process.env.STRIPE_KEY!);
  static getInstance() {
    return (this.one ??= new PriceRepo());
  }
  async forProduct(productId: string) {
    const found = await this.stripe.prices.list({ product: productId, active: true, limit: 1 });
    return found.data[0];
  }
}
"""
CUSTOMER_REPO_TS = """import Stripe from "stripe";

export class CustomerRepo {
  constructor(private readonly stripe: Stripe, private readonly db: any) {}
  async ensure(email: string) {
    const row = await this.db.find(email);
    if (row) return { id: row.customerId };
    return this.stripe.customers.create({ email });
  }
}
"""
SERVICE_PY = """import stripe

from .repos import CustomerRepository


class Billing:
    def __init__(self, db):
        self.customers = CustomerRepository(db)

    def subscribe(self, user, price_id):
        customer_id = self.customers.ensure(user)
        return stripe.checkout.Session.create(
            mode="subscription",
            customer=customer_id,
            line_items=[{"price": price_id, "quantity": 1}],
            success_url="https://app.example/ok",
        )
"""
REPOS_PY = """import stripe


class CustomerRepository:
    def __init__(self, db):
        self.db = db

    def ensure(self, user):
        if user.customer_id:
            return user.customer_id
        made = stripe.Customer.create(email=user.email)
        self.db.save(user, made.id)
        return made.id
"""


def _codes(site) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {f"{f.code}@{f.path}": f.message for f in site.findings}


def test_a_member_objects_methods_in_other_files_are_read_typescript(tmp_path: Path) -> None:
    tree = write_tree(
        tmp_path,
        {
            "src/services/checkout.service.ts": SERVICE_TS,
            "src/repos/price.repo.ts": PRICE_REPO_TS,
            "src/repos/customer.repo.ts": CUSTOMER_REPO_TS,
            "package.json": "{}",
        },
    )
    (site,) = [s for s in creates(tree) if s.file.endswith("checkout.service.ts")]
    found = _codes(site)
    assert "this.stripe.prices.list(...) in prices.forProduct" in found["X023@line_items[0].price"]
    # customers.ensure(email) makes the Stripe customer (read in its file): given an email, the
    # Dodo customer is that email (X035, which reads the helper as X020 does)
    assert "(customer.id, made from email)" in found["X035@customer"]
    assert "X020@customer" not in found


def test_a_member_objects_methods_in_other_files_are_read_python(tmp_path: Path) -> None:
    tree = write_tree(
        tmp_path,
        {"app/billing.py": SERVICE_PY, "app/repos.py": REPOS_PY, "app/__init__.py": ""},
    )
    (site,) = [s for s in creates(tree) if s.file.endswith("billing.py")]
    assert "in customers.ensure" in _codes(site)["X020@customer"]
