"""A checkout's customer that an imported helper gets or creates through functions its own file
imports from other files (a ``utils/stripe`` folder of one function per file: ``customerOrCreate``
calling ``findCustomer`` from ``./find-customer`` and ``makeCustomer`` from
``./make-customer``, which calls ``stripe.customers.create``). Only a function defined beside
the helper was followed, so the call got no X020 though a buyer's first checkout after the move
would make a Stripe customer no id map knows (``dodoCustomerId(customerId)`` fails for it). The
helper's own imports are followed now, one level as a function beside it is."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import creates, write_tree

MAKE = """\
import Stripe from "stripe";

export async function makeCustomer(stripe: Stripe, email: string, name?: string) {
  return stripe.customers.create({ email, name });
}
"""

FIND = """\
import Stripe from "stripe";

export async function findCustomer(stripe: Stripe, email: string) {
  const found = await stripe.customers.search({ query: `email:'${email}'` });
  return found.data[0] ?? null;
}
"""

HELPER = """\
import Stripe from "stripe";
import { findCustomer } from "./find-customer.js";
import { makeCustomer } from "./make-customer.js";

export async function customerOrCreate(email: string, name?: string): Promise<string> {
  const stripe = new Stripe(process.env.STRIPE_KEY!);
  let customer = await findCustomer(stripe, email);
  if (!customer) customer = await makeCustomer(stripe, email, name);
  return customer.id;
}
"""

ROUTE = """\
import Stripe from "stripe";
import { customerOrCreate } from "../lib/stripe/customer-or-create.js";

const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function POST(request: Request) {
  const { email, name } = await request.json();
  const customerId = await customerOrCreate(email, name);
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customerId,
    line_items: [{ price: "price_1Plan", quantity: 1 }],
    success_url: "https://shop.test/done",
  });
  return Response.json({ url: session.url });
}
"""


def _site(top: Path) -> CallSite:
    (site,) = [s for s in creates(top) if s.file.endswith("route.ts")]
    return site


def test_a_customer_created_in_a_file_the_helper_imports_is_x020(tmp_path: Path) -> None:
    top = write_tree(
        tmp_path / "app",
        {
            "package.json": "{}",
            "lib/stripe/make-customer.ts": MAKE,
            "lib/stripe/find-customer.ts": FIND,
            "lib/stripe/customer-or-create.ts": HELPER,
            "api/route.ts": ROUTE,
        },
    )
    site = _site(top)
    # customerOrCreate(email, name) creates the customer through makeCustomer, a file it
    # imports: read as X020 reads it, and given an email, the Dodo customer is that email
    said = [f.message for f in site.findings if f.code == "X035"]
    assert len(said) == 1
    assert "(customerId, made from email)" in said[0]
    assert "X020" not in {f.code for f in site.findings}
    nameless = ROUTE.replace("customerOrCreate(email, name)", "customerOrCreate(name)")
    write_tree(top, {"api/route.ts": nameless})  # no email given: the helper's X020 as before
    said = [f.message for f in _site(top).findings if f.code == "X020"]
    assert len(said) == 1
    assert "(customerId, in customerOrCreate)" in said[0]


def test_a_helper_importing_only_a_read_is_not_x020(tmp_path: Path) -> None:
    reads_only = HELPER.replace(
        "  if (!customer) customer = await makeCustomer(stripe, email, name);\n", ""
    )
    top = write_tree(
        tmp_path / "app",
        {
            "package.json": "{}",
            "lib/stripe/make-customer.ts": MAKE,
            "lib/stripe/find-customer.ts": FIND,
            "lib/stripe/customer-or-create.ts": reads_only,
            "api/route.ts": ROUTE,
        },
    )
    assert [f for f in _site(top).findings if f.code == "X020"] == []
