"""Following the data in Python and JavaScript/TypeScript as a reader does (issue 14, section 3).

Params built over several statements, conditionals as ``$choice``, lists built by mapping as
``$each``, helpers of the same file followed into their bodies, environment reads kept by name,
and no look-alike (mocks, comments, retrieve) taken for a creation. Each test scans a small file
and checks the params the scanner read and the run-time values it lists (``site.dynamic``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from migrate.formats import format_for
from migrate.scan import CallSite, Dynamic, collect, language_for
from migrate.scan.scan import scan_source


def creations(source: str, path: str) -> list[CallSite]:
    language = language_for(path)
    assert language is not None
    return [s for s in scan_source(source, path, language) if s.kind == "create"]


def one(source: str, path: str) -> CallSite:
    (site,) = creations(source, path)
    return site


def choice(source: str, cond: str, then: Any, else_: Any) -> dict[str, Any]:
    return {"$dynamic": source, "$choice": {"if": cond, "then": then, "else": else_}}


def each(source: str, over: str, var: str, item: Any) -> dict[str, Any]:
    return {"$dynamic": source, "$each": {"over": over, "as": var, "item": item}}


def dyn(source: str) -> dict[str, str]:
    return {"$dynamic": source}


# -- Python ----------------------------------------------------------------------------------


def test_python_params_dict_built_over_statements() -> None:
    site = one(
        "import stripe\n"
        "BASE = {'mode': 'payment', 'success_url': 'https://shop.example/ok'}\n"
        "def pay(order):\n"
        "    params = {**BASE, 'line_items': [{'price': 'price_1Book', 'quantity': 1}]}\n"
        "    params['customer_email'] = order.email\n"
        "    params['metadata'] = {'order': order.id}\n"
        "    params['metadata']['channel'] = 'web'\n"
        "    params.update({'allow_promotion_codes': True}, client_reference_id=order.ref)\n"
        "    params['line_items'].append({'price': 'price_1Gift', 'quantity': 2})\n"
        "    extra = dict(params, locale='fr') | {'submit_type': 'pay'}\n"
        "    del extra['locale']\n"
        "    return stripe.checkout.Session.create(**extra)\n",
        "pay.py",
    )
    assert site.params == {
        "mode": "payment",
        "success_url": "https://shop.example/ok",
        "line_items": [
            {"price": "price_1Book", "quantity": 1},
            {"price": "price_1Gift", "quantity": 2},
        ],
        "customer_email": dyn("order.email"),
        "metadata": {"order": dyn("order.id"), "channel": "web"},
        "allow_promotion_codes": True,
        "client_reference_id": dyn("order.ref"),
        "submit_type": "pay",
    }
    assert site.dynamic == (
        Dynamic("customer_email", "order.email"),
        Dynamic("metadata.order", "order.id"),
        Dynamic("client_reference_id", "order.ref"),
    )


def test_python_if_else_and_elif_are_choices_never_one_branch() -> None:
    site = one(
        "import stripe\n"
        "def subscribe(user, plan, annual):\n"
        "    if plan == 'pro':\n"
        "        price = 'price_1ProMonthly'\n"
        "    elif plan == 'team':\n"
        "        price = 'price_1TeamMonthly'\n"
        "    else:\n"
        "        price = 'price_1Basic'\n"
        "    params = {'mode': 'subscription', 'line_items': [{'price': price}]}\n"
        "    if user.stripe_id:\n"
        "        params['customer'] = user.stripe_id\n"
        "    else:\n"
        "        params['customer_email'] = user.email\n"
        "    if annual:\n"
        "        params['subscription_data'] = {'trial_period_days': 30}\n"
        "    return stripe.checkout.Session.create(**params)\n",
        "subscribe.py",
    )
    assert site.params["line_items"] == [
        {
            "price": choice(
                "price",
                "plan == 'pro'",
                "price_1ProMonthly",
                choice(
                    """("price_1TeamMonthly" if plan == 'team' else "price_1Basic")""",
                    "plan == 'team'",
                    "price_1TeamMonthly",
                    "price_1Basic",
                ),
            )
        }
    ]
    assert site.params["customer"] == choice(
        "(user.stripe_id if user.stripe_id else None)",
        "user.stripe_id",
        dyn("user.stripe_id"),
        None,
    )
    assert site.params["customer_email"] == choice(
        "(None if user.stripe_id else user.email)", "user.stripe_id", None, dyn("user.email")
    )
    assert site.params["subscription_data"] == choice(
        '({"trial_period_days": 30} if annual else None)', "annual", {"trial_period_days": 30}, None
    )
    assert Dynamic("line_items[0].price", "price") in site.dynamic


def test_params_bound_in_both_branches_keep_the_changes_made_after_them() -> None:
    """A dict bound in both branches of an if/else, then a key set on it: each key is the
    choice between the branches, the later key carried; the whole was a run-time value (the
    cart unknown, RT007)."""
    py = one(
        "import stripe\n"
        "def membership(plan_id, currency, email):\n"
        "    if not plan_id:\n"
        "        opts = {'line_items': [{'price_data': {'currency': currency}, 'quantity': 1}],"
        " 'mode': 'payment'}\n"
        "    else:\n"
        "        opts = {'line_items': [{'price': plan_id}], 'mode': 'subscription'}\n"
        "    if email:\n"
        "        opts['customer_email'] = email\n"
        "    return stripe.checkout.Session.create(**opts)\n",
        "membership.py",
    )
    js = one(
        "export async function membership(planId, currency, email) {\n"
        "  let opts;\n"
        "  if (!planId) {\n"
        "    opts = { line_items: [{ price_data: { currency }, quantity: 1 }], mode: 'payment' };\n"
        "  } else {\n"
        "    opts = { line_items: [{ price: planId }], mode: 'subscription' };\n"
        "  }\n"
        "  if (email) opts.customer_email = email;\n"
        "  return stripe.checkout.sessions.create(opts);\n"
        "}\n",
        "membership.js",
    )
    once = [{"price_data": {"currency": dyn("currency")}, "quantity": 1}]
    assert py.params["line_items"] == choice(
        '([{"price_data": {"currency": currency}, "quantity": 1}] if not plan_id'
        ' else [{"price": plan_id}])',
        "not plan_id",
        once,
        [{"price": dyn("plan_id")}],
    )
    assert py.params["customer_email"] == choice(
        "(email if email else None)", "email", dyn("email"), None
    )
    assert js.params["line_items"] == choice(
        '(!planId ? [{"price_data": {"currency": currency}, "quantity": 1}] : [{"price": planId}])',
        "!planId",
        once,
        [{"price": dyn("planId")}],
    )
    assert js.params["customer_email"] == choice(
        "(email ? email : undefined)", "email", dyn("email"), None
    )
    for site in (py, js):
        codes = [f.code for f in site.findings]
        assert {"RT011", "L113", "RT005"} <= set(codes) and "RT007" not in codes


def test_python_ternary_and_or_with_a_literal_fallback_are_choices() -> None:
    site = one(
        "import stripe\n"
        "def pay(order, coupon=None):\n"
        "    return stripe.checkout.Session.create(\n"
        "        mode='payment',\n"
        "        line_items=[{'price': 'price_1Live' if order.live else 'price_1Test',"
        " 'quantity': order.qty or 1}],\n"
        "        discounts=[{'coupon': coupon or 'WELCOME10'}],\n"
        "        success_url=order.url or f'{order.base}/ok',\n"
        "    )\n",
        "pay.py",
    )
    assert site.params["line_items"] == [
        {
            "price": choice(
                "'price_1Live' if order.live else 'price_1Test'",
                "order.live",
                "price_1Live",
                "price_1Test",
            ),
            "quantity": choice("order.qty or 1", "order.qty is set", dyn("order.qty"), 1),
        }
    ]
    assert site.params["discounts"] == [
        {"coupon": choice("coupon or 'WELCOME10'", "coupon is set", dyn("coupon"), "WELCOME10")}
    ]
    # the fallback is not a literal: the whole value stays run-time
    assert site.params["success_url"] == dyn("order.url or f'{order.base}/ok'")
    assert [d.path for d in site.dynamic] == [
        "line_items[0].price",
        "line_items[0].quantity",
        "discounts[0].coupon",
        "success_url",
    ]


def test_python_comprehension_and_append_loop_are_each() -> None:
    sites = creations(
        "import stripe\n"
        "def cart(order):\n"
        "    return stripe.checkout.Session.create(mode='payment', line_items=[\n"
        "        {'price': row.price_id, 'quantity': row.qty} for row in order.rows if row.qty])\n"
        "def loop(order):\n"
        "    items = []\n"
        "    for row in order.rows:\n"
        "        price = PRICES[row.sku]\n"
        "        items.append({'price': price, 'quantity': row.qty})\n"
        "    return stripe.checkout.Session.create(mode='payment', line_items=items)\n"
        "def counted(order):\n"
        "    items = []\n"
        "    while order.more():\n"
        "        items.append({'price': order.next()})\n"
        "    return stripe.checkout.Session.create(mode='payment', line_items=items)\n",
        "cart.py",
    )
    template = {"price": dyn("row.price_id"), "quantity": dyn("row.qty")}
    assert sites[0].params["line_items"] == each(
        "[\n        {'price': row.price_id, 'quantity': row.qty} for row in order.rows if row.qty]",
        "[row for row in order.rows if row.qty]",
        "row",
        template,
    )
    # a local of the loop body is written as what it holds: it does not exist at the call
    assert sites[1].params["line_items"] == each(
        "items",
        "order.rows",
        "row",
        {"price": dyn("PRICES[row.sku]"), "quantity": dyn("row.qty")},
    )
    assert sites[1].dynamic == (Dynamic("line_items", "items"),)
    assert sites[2].params["line_items"] == dyn("items")  # a while loop: run-time only


def test_python_helpers_of_the_same_class_and_module_are_followed() -> None:
    site = one(
        "import os\n"
        "import stripe\n"
        "def line_items(rows, quantity=1):\n"
        "    return [{'price': r.price_id, 'quantity': quantity} for r in rows]\n"
        "class Checkout:\n"
        "    def _params(self, order, **extra):\n"
        "        params = {'mode': 'payment', 'line_items': line_items(order.rows, quantity=2)}\n"
        "        params['customer'] = self._customer(order)\n"
        "        return {**params, **extra}\n"
        "    def _customer(self, order):\n"
        "        customer = order.account.stripe_customer\n"
        "        return customer.id\n"
        "    def start(self, order):\n"
        "        return stripe.checkout.Session.create(\n"
        "            **self._params(order, success_url=os.environ['SUCCESS_URL']))\n",
        "checkout.py",
    )
    assert site.params == {
        "mode": "payment",
        "line_items": each(
            "line_items(order.rows, quantity=2)",
            "order.rows",
            "r",
            {"price": dyn("r.price_id"), "quantity": 2},
        ),
        "customer": dyn("self._customer(order)"),
        "success_url": dyn("os.environ['SUCCESS_URL']"),
    }
    assert site.dynamic == (
        Dynamic("line_items", "line_items(order.rows, quantity=2)"),
        Dynamic("customer", "self._customer(order)"),
        Dynamic("success_url", "os.environ['SUCCESS_URL']"),
    )


def test_python_environment_reads_keep_the_variable_name() -> None:
    site = one(
        "import os\n"
        "import stripe\n"
        "from django.conf import settings\n"
        "PRO = os.environ['STRIPE_PRICE_PRO']\n"
        "def pay(user):\n"
        "    team = os.getenv('STRIPE_PRICE_TEAM')\n"
        "    basic = lookup(user)\n"
        "    return stripe.checkout.Session.create(mode='subscription', line_items=[\n"
        "        {'price': PRO}, {'price': team}, {'price': basic},"
        " {'price': settings.STRIPE_PRICE_BASIC}])\n",
        "pay.py",
    )
    assert site.params["line_items"] == [
        {"price": dyn("os.environ['STRIPE_PRICE_PRO']")},
        {"price": dyn("os.getenv('STRIPE_PRICE_TEAM')")},
        {"price": dyn("basic")},  # the variable holds it where the call is
        {"price": dyn("settings.STRIPE_PRICE_BASIC")},
    ]


def test_python_changes_the_reader_cannot_follow_leave_the_value_run_time() -> None:
    sites = creations(
        "import stripe\n"
        "def a(order):\n"
        "    params = {'mode': 'payment'}\n"
        "    for key, value in order.extra.items():\n"
        "        params['metadata'] = {key: value}\n"
        "    return stripe.checkout.Session.create(**params)\n"
        "def b(order):\n"
        "    metadata = {'order': order.id}\n"
        "    metadata[order.key] = order.value\n"
        "    return stripe.checkout.Session.create(mode='payment', metadata=metadata)\n"
        "def c(order):\n"
        "    price = 'price_1A'\n"
        "    try:\n"
        "        price = order.price()\n"
        "    except KeyError:\n"
        "        price = 'price_1Fallback'\n"
        "    return stripe.checkout.Session.create(line_items=[{'price': price}])\n",
        "changes.py",
    )
    assert sites[0].params == {"mode": "payment", "metadata": dyn('params["metadata"]')}
    # a key known only at run time: the keys known stay, what it sets is a spread at its place
    assert sites[1].params["metadata"] == {"order": dyn("order.id")}
    assert Dynamic("metadata", "metadata[order.key] = order.value") in sites[1].dynamic
    assert sites[2].params["line_items"] == [{"price": dyn("price")}]  # except: not followed


# -- JavaScript / TypeScript -----------------------------------------------------------------


def test_typescript_typed_params_variable_with_later_assignments() -> None:
    site = one(
        'import Stripe from "stripe";\n'
        "const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n"
        "export async function checkout(user: User, priceId: string) {\n"
        "  const params: Stripe.Checkout.SessionCreateParams = {\n"
        '    mode: "subscription",\n'
        '    success_url: "https://app.example/ok",\n'
        "  };\n"
        "  params.line_items = [];\n"
        "  params.line_items.push({ price: priceId, quantity: 1 });\n"
        "  if (user.stripeCustomerId) params.customer = user.stripeCustomerId;\n"
        "  else params.customer_email = user.email;\n"
        "  params.metadata = { userId: user.id };\n"
        '  params.metadata["source"] = "pricing";\n'
        "  Object.assign(params, { allow_promotion_codes: true });\n"
        "  delete params.success_url;\n"
        '  params.success_url = "https://app.example/welcome";\n'
        "  return stripe.checkout.sessions.create(params);\n"
        "}\n",
        "checkout.ts",
    )
    assert site.params == {
        "mode": "subscription",
        "line_items": [{"price": dyn("priceId"), "quantity": 1}],
        "customer": choice(
            "(user.stripeCustomerId ? user.stripeCustomerId : undefined)",
            "user.stripeCustomerId",
            dyn("user.stripeCustomerId"),
            None,
        ),
        "customer_email": choice(
            "(user.stripeCustomerId ? undefined : user.email)",
            "user.stripeCustomerId",
            None,
            dyn("user.email"),
        ),
        "metadata": {"userId": dyn("user.id"), "source": "pricing"},
        "allow_promotion_codes": True,
        "success_url": "https://app.example/welcome",
    }


def test_javascript_ternaries_and_fallbacks_are_choices() -> None:
    site = one(
        "export async function pay(annual, customerId, email, coupon) {\n"
        "  const price = annual ? process.env.STRIPE_PRICE_YEARLY : 'price_1Monthly';\n"
        "  return stripe.checkout.sessions.create({\n"
        "    mode: 'subscription',\n"
        "    line_items: [{ price, quantity: 1 }],\n"
        "    customer: customerId ?? undefined,\n"
        "    customer_email: customerId ? undefined : email,\n"
        "    discounts: [{ promotion_code: coupon || 'promo_1Launch' }],\n"
        "    success_url: process.env.SUCCESS_URL || 'https://shop.example/ok',\n"
        "  });\n"
        "}\n",
        "pay.js",
    )
    assert site.params["line_items"] == [
        {
            "price": choice(
                "price", "annual", dyn("process.env.STRIPE_PRICE_YEARLY"), "price_1Monthly"
            ),
            "quantity": 1,
        }
    ]
    assert site.params["customer"] == choice(  # the id when it is set, else nothing
        "customerId ?? undefined", "customerId is set", dyn("customerId"), None
    )
    assert site.params["customer_email"] == choice(
        "customerId ? undefined : email", "customerId", None, dyn("email")
    )
    assert site.params["discounts"] == [
        {
            "promotion_code": choice(
                "coupon || 'promo_1Launch'", "coupon is set", dyn("coupon"), "promo_1Launch"
            )
        }
    ]
    assert site.params["success_url"] == choice(
        "process.env.SUCCESS_URL || 'https://shop.example/ok'",
        "process.env.SUCCESS_URL is set",
        dyn("process.env.SUCCESS_URL"),
        "https://shop.example/ok",
    )
    assert [d.source for d in site.dynamic] == [
        "price",
        "customerId ?? undefined",
        "customerId ? undefined : email",
        "coupon || 'promo_1Launch'",
        "process.env.SUCCESS_URL || 'https://shop.example/ok'",
    ]


def test_javascript_lists_built_by_mapping_are_each() -> None:
    sites = creations(
        "async function a(cart) {\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment',\n"
        "    line_items: cart.items.map((item) => ({ price: item.priceId, quantity: item.qty })),\n"
        "  });\n"
        "}\n"
        "async function b(cart) {\n"
        "  const lineItems = cart.lines.map(function (line) {\n"
        "    const price = line.variant.stripePriceId;\n"
        "    return { price, quantity: line.count };\n"
        "  });\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment', line_items: lineItems });\n"
        "}\n"
        "async function c(rows) {\n"
        "  const items = [];\n"
        "  for (const row of rows) {\n"
        "    items.push({ price: row.price, quantity: 1 });\n"
        "  }\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment', line_items: items });\n"
        "}\n"
        "async function d(rows) {\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment',\n"
        "    line_items: rows.map((row, i) => ({ price: row.price, quantity: i })) });\n"
        "}\n",
        "cart.js",
    )
    assert sites[0].params["line_items"] == each(
        "cart.items.map((item) => ({ price: item.priceId, quantity: item.qty }))",
        "cart.items",
        "item",
        {"price": dyn("item.priceId"), "quantity": dyn("item.qty")},
    )
    assert sites[1].params["line_items"] == each(
        "lineItems",
        "cart.lines",
        "line",
        {"price": dyn("line.variant.stripePriceId"), "quantity": dyn("line.count")},
    )
    assert sites[2].params["line_items"] == each(
        "items", "rows", "row", {"price": dyn("row.price"), "quantity": 1}
    )
    # the callback takes the index too: not an element template
    assert sites[3].params["line_items"] == dyn(
        "rows.map((row, i) => ({ price: row.price, quantity: i }))"
    )
    assert [s.dynamic for s in sites[:3]] == [
        (Dynamic("line_items", sites[0].params["line_items"]["$dynamic"]),),
        (Dynamic("line_items", "lineItems"),),
        (Dynamic("line_items", "items"),),
    ]


def test_typescript_helpers_of_the_same_file_and_class_are_followed() -> None:
    site = one(
        "const PLANS = {\n"
        "  pro: { priceId: process.env.STRIPE_PRICE_PRO!, trialDays: 14 },\n"
        "  basic: { priceId: 'price_1Basic', trialDays: 0 },\n"
        "};\n"
        "const buildLineItems = (cart: Cart) =>\n"
        "  cart.items.map((item) => ({ price: item.priceId, quantity: item.quantity ?? 1 }));\n"
        "function trial(days: number) {\n"
        "  if (days === 0) return undefined;\n"
        "  return { trial_period_days: days };\n"
        "}\n"
        "class Billing {\n"
        "  private params(cart: Cart, { customerId }: { customerId: string }) {\n"
        "    return {\n"
        "      mode: 'subscription' as const,\n"
        "      customer: customerId,\n"
        "      line_items: [{ price: PLANS.pro.priceId, quantity: 1 }, ...[]],\n"
        "      subscription_data: trial(PLANS.pro.trialDays),\n"
        "      metadata: { cart: cart.id },\n"
        "      extra_items: buildLineItems(cart),\n"
        "    };\n"
        "  }\n"
        "  async start(cart: Cart, account: Account) {\n"
        "    return this.stripe.checkout.sessions.create(\n"
        "      this.params(cart, { customerId: account.stripeId }));\n"
        "  }\n"
        "}\n",
        "billing.ts",
    )
    assert site.params == {
        "mode": "subscription",
        "customer": dyn("account.stripeId"),
        "line_items": [{"price": dyn("process.env.STRIPE_PRICE_PRO!"), "quantity": 1}],
        "subscription_data": {"trial_period_days": 14},
        "metadata": {"cart": dyn("cart.id")},
        "extra_items": each(
            "buildLineItems(cart)",
            "cart.items",
            "item",
            {
                "price": dyn("item.priceId"),
                "quantity": choice(
                    "item.quantity ?? 1", "item.quantity is not null", dyn("item.quantity"), 1
                ),
            },
        ),
    }


def test_javascript_helper_that_cannot_be_written_at_the_call_stays_as_called() -> None:
    site = one(
        "function lineItems(cart) {\n"
        "  let price;\n"
        "  for (const p of cart.prices) price = p;\n"
        "  return [{ price, quantity: 1 }];\n"
        "}\n"
        "async function pay(cart) {\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment',"
        " line_items: lineItems(cart) });\n"
        "}\n",
        "pay.js",
    )
    assert site.params["line_items"] == dyn("lineItems(cart)")


def test_a_helper_that_does_more_than_return_a_value_stays_as_called() -> None:
    """Read from a real application (postiz): ``createOrGetCustomer`` returns the id, but also
    creates the Stripe customer and saves its id; written into the Dodo call, its returned
    value would create a *Stripe* customer and call the team look-up once per use, and skip the
    save. Such a helper's call stays as written, in Python as in TypeScript."""
    ts = one(
        "class Billing {\n"
        "  async createOrGetCustomer(org) {\n"
        "    if (org.paymentId) { return org.paymentId; }\n"
        "    const users = await this.orgs.getTeam(org.id);\n"
        "    const customer = await stripe.customers.create({ email: users[0].email });\n"
        "    await this.subscriptions.updateCustomerId(org.id, customer.id);\n"
        "    return customer.id;\n"
        "  }\n"
        "  async pay(org, price) {\n"
        "    const customer = await this.createOrGetCustomer(org);\n"
        "    return stripe.checkout.sessions.create({ mode: 'subscription', customer,"
        " line_items: [{ price, quantity: 1 }], success_url: 'https://x.example/ok' });\n"
        "  }\n"
        "}\n",
        "billing.ts",
    )
    assert ts.params["customer"] == dyn("customer")
    py = one(
        "import stripe\n"
        "class Billing:\n"
        "    async def customer_id(self, org):\n"
        "        if org.payment_id:\n"
        "            return org.payment_id\n"
        "        team = await self.orgs.team(org.id)\n"
        "        return (await self.make(team.email, team.email)).id\n"
        "    def reference(self, org):\n"
        "        found = stripe.Customer.create(email=org.email)\n"
        "        return found.id\n"
        "    async def pay(self, org, price):\n"
        "        customer = await self.customer_id(org)\n"
        "        return stripe.checkout.Session.create(mode='payment', customer=customer,"
        " client_reference_id=self.reference(org),"
        " line_items=[{'price': price, 'quantity': 1}], success_url='https://x.example/ok')\n",
        "billing.py",
    )
    assert py.params["customer"] == dyn("customer")
    assert py.params["client_reference_id"] == dyn("self.reference(org)")


def test_javascript_conditions_on_names_the_call_cannot_see_keep_the_variable() -> None:
    # `created` only exists inside the if block: a choice on it could not be written at the
    # call, so the value is the variable, which holds it there
    site = one(
        "async function pay(user) {\n"
        "  let customerId = user.stripeCustomerId;\n"
        "  if (!customerId) {\n"
        "    const created = await stripe.customers.create({ metadata: { uid: user.id } });\n"
        "    customerId = created.id;\n"
        "  }\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment', customer: customerId });\n"
        "}\n",
        "pay.js",
    )
    # (a customer made from an email is that email: X035, tests/scan/test_stored_customer_...)
    assert site.params["customer"] == dyn("customerId")


# -- end to end ------------------------------------------------------------------------------


def test_the_scan_report_carries_choices_and_each_in_its_json(tmp_path: Path) -> None:
    (tmp_path / "app.js").write_text(
        "const items = (cart) => cart.map((i) => ({ price: i.price, quantity: i.qty }));\n"
        "stripe.checkout.sessions.create({ mode: dev ? 'payment' : 'subscription',"
        " line_items: items(rows), success_url: 'https://x.example/ok' });\n",
        encoding="utf-8",
    )
    doc = json.loads(format_for("json").render(collect([str(tmp_path)])))
    (reported,) = doc["sites"]
    assert reported["params"]["line_items"]["$each"] == {
        "over": "rows",
        "as": "i",
        "item": {"price": {"$dynamic": "i.price"}, "quantity": {"$dynamic": "i.qty"}},
    }
    assert reported["params"]["mode"]["$choice"] == {
        "if": "dev",
        "then": "payment",
        "else": "subscription",
    }
    assert {d["path"] for d in reported["dynamic"]} == {"mode", "line_items"}
    assert reported["status"] != "skipped"


# -- look-alikes -----------------------------------------------------------------------------


def test_mocks_comments_and_other_calls_are_not_creations() -> None:
    ts = (
        'import Stripe from "stripe";\n'
        "const stripe = new Stripe('sk_test_x');\n"
        "const mockStripe = { checkout: { sessions: { create: jest.fn() } } };\n"
        "const client = { checkout: { sessions: { create: vi.fn() } } };\n"
        "it('creates', async () => {\n"
        "  await mockStripe.checkout.sessions.create({ mode: 'payment' });\n"
        "  await client.checkout.sessions.create({ mode: 'payment' });\n"
        "  expect(stripe.checkout.sessions.create).toHaveBeenCalledWith({ mode: 'payment' });\n"
        "  // await stripe.checkout.sessions.create({ mode: 'payment' });\n"
        "  await stripe.checkout.sessions.retrieve('cs_test_1');\n"
        "  await stripe.checkout.sessions.expire('cs_test_1');\n"
        "  await stripe.checkout.sessions.list({ limit: 3 });\n"
        "  await stripe.billingPortal.sessions.create({ customer: 'cus_1' });\n"
        "  await stripe.checkout.sessions.create({ mode: 'setup' });\n"
        "});\n"
    )
    assert [s.params for s in creations(ts, "checkout.test.ts")] == [{"mode": "setup"}]
    spied = ts + "jest.spyOn(stripe.checkout.sessions, 'create').mockResolvedValue({});\n"
    assert creations(spied, "checkout.test.ts") == []
    module = "jest.mock('stripe');\n" + ts
    assert creations(module, "checkout.test.ts") == []
    py = (
        "from unittest.mock import MagicMock, patch\n"
        "import stripe\n"
        "client = MagicMock()\n"
        "mock_stripe = object()\n"
        "def test_pay():\n"
        "    client.checkout.sessions.create(params={'mode': 'payment'})\n"
        "    mock_stripe.checkout.Session.create(mode='payment')\n"
        "    # stripe.checkout.Session.create(mode='payment')\n"
        "    stripe.checkout.Session.retrieve('cs_test_1')\n"
        "    stripe.billing_portal.Session.create(customer='cus_1')\n"
        "    stripe.checkout.Session.create(mode='setup')\n"
    )
    assert [s.params for s in creations(py, "test_pay.py")] == [{"mode": "setup"}]
    patched = '@patch("stripe.checkout.Session.create")\n' + py
    assert creations(patched, "test_pay.py") == []


def test_a_conversion_is_read_again_at_the_call_but_not_a_call_that_does_something() -> None:
    site = one(
        "import stripe\n"
        "def pay(user):\n"
        "    params = {'mode': 'payment'}\n"
        "    params.update(client_reference_id=str(user.pk))\n"
        "    params['customer'] = stripe.Customer.create(email=user.email).id\n"
        "    return stripe.checkout.Session.create(**params)\n",
        "pay.py",
    )
    assert site.params["client_reference_id"] == dyn("str(user.pk)")
    # creating a customer again where the call is would be wrong: the params' field holds it
    assert site.params["customer"] == dyn('params["customer"]')


def test_a_helper_returning_run_time_values_is_followed_for_its_keys() -> None:
    site = one(
        "function urls(teamId) {\n"
        "  return { success_url: `${process.env.APP_URL}/t/${teamId}`, cancel_url: base() };\n"
        "}\n"
        "stripe.checkout.sessions.create({ mode: 'payment', ...urls(team.id) });\n",
        "pay.js",
    )
    assert site.params == {
        "mode": "payment",
        "success_url": dyn("`${process.env.APP_URL}/t/${team.id}`"),
        "cancel_url": dyn("base()"),
    }


def test_a_map_callback_may_take_the_index_if_the_item_does_not_use_it() -> None:
    site = one(
        "async function pay(items) {\n"
        "  const lineItems = items.map((item: CartItem, idx: number) => {\n"
        "    const quantity = Math.round(Number(item.quantity ?? 1));\n"
        "    if (quantity < 1) throw new Error(`ITEM_${idx}_QTY`);\n"
        "    return { price: item.priceId, quantity };\n"
        "  });\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment', line_items: lineItems });\n"
        "}\n",
        "pay.ts",
    )
    assert site.params["line_items"] == each(
        "lineItems",
        "items",
        "item",
        {
            "price": dyn("item.priceId"),
            # the callback's local is written as what it holds: it does not exist at the call
            "quantity": dyn("Math.round(Number(item.quantity ?? 1))"),
        },
    )


def test_an_immediately_called_function_is_read_as_what_it_returns() -> None:
    site = one(
        "async function pay(product, legacy) {\n"
        "  const lineItems = await (async () => {\n"
        "    if (legacy) {\n"
        "      return [{ price: product.priceId }];\n"
        "    }\n"
        "    return [{ price: product.priceId, quantity: 1 }, { price: 'price_1Usage' }];\n"
        "  })();\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment', line_items: lineItems });\n"
        "}\n",
        "pay.ts",
    )
    assert site.params["line_items"] == choice(
        "lineItems",
        "legacy",
        [{"price": dyn("product.priceId")}],
        [{"price": dyn("product.priceId"), "quantity": 1}, {"price": "price_1Usage"}],
    )


def test_a_nested_object_known_only_in_part_is_a_run_time_value_as_a_whole() -> None:
    site = one(
        "async function pay(user, extra) {\n"
        "  const tracking = { [ATTRIBUTION_KEY]: user.ref, source: 'app' };\n"
        "  return stripe.checkout.sessions.create({\n"
        "    ...extra,\n"
        "    mode: 'subscription',\n"
        "    customer_update: { ...user.prefs, address: 'auto' },\n"
        "    metadata: { ...user.utm, plan: 'pro' },\n"
        "    subscription_data: { trial_period_days: 7, metadata: tracking },\n"
        "  });\n"
        "}\n",
        "pay.js",
    )
    # the params keep what is known (the spread is listed); a nested dict with a run-time part
    # is not shown as the part that is known; a metadata object's spread is merged into its
    # keys (test_metadata_spread_values.py)
    assert site.params == {
        "mode": "subscription",
        "customer_update": dyn("{ ...user.prefs, address: 'auto' }"),
        "metadata": {"plan": "pro"},
        "subscription_data": {"trial_period_days": 7, "metadata": dyn("tracking")},
    }
    assert site.dynamic == (
        Dynamic("", "...extra"),
        Dynamic("metadata", "...user.utm"),
        Dynamic("customer_update", "{ ...user.prefs, address: 'auto' }"),
        Dynamic("subscription_data.metadata", "tracking"),
    )


def test_conditional_spreads_add_their_keys_as_choices() -> None:
    site = one(
        "async function pay(priceId, oldAccount, couponId, offer) {\n"
        "  const lineItem = {\n"
        "    price: priceId,\n"
        "    quantity: 1,\n"
        "    ...(!oldAccount && { adjustable_quantity: { enabled: true, minimum: 1 } }),\n"
        "  };\n"
        "  return stripe.checkout.sessions.create({\n"
        "    mode: 'subscription',\n"
        "    line_items: [lineItem],\n"
        "    ...(couponId\n"
        "      ? { discounts: [{ coupon: couponId }] }\n"
        "      : { allow_promotion_codes: true }),\n"
        "    metadata: offer ? { offer: JSON.stringify(offer) } : {},\n"
        "  });\n"
        "}\n",
        "pay.js",
    )
    assert site.params == {
        "mode": "subscription",
        "line_items": [
            {
                "price": dyn("priceId"),
                "quantity": 1,
                "adjustable_quantity": choice(
                    '(!oldAccount ? {"enabled": true, "minimum": 1} : undefined)',
                    "!oldAccount",
                    {"enabled": True, "minimum": 1},
                    None,
                ),
            }
        ],
        "discounts": choice(
            '(couponId ? [{"coupon": couponId}] : undefined)',
            "couponId",
            [{"coupon": dyn("couponId")}],
            None,
        ),
        "allow_promotion_codes": choice("(couponId ? undefined : true)", "couponId", None, True),
        "metadata": {
            "offer": choice(
                "(offer ? JSON.stringify(offer) : undefined)",
                "offer",
                dyn("JSON.stringify(offer)"),
                None,
            )
        },
    }
    assert [d.path for d in site.dynamic] == [
        "line_items[0].price",
        "line_items[0].adjustable_quantity",
        "discounts",
        "allow_promotion_codes",
        "metadata.offer",
    ]


def test_a_mapped_list_spread_into_a_cart_and_a_line_pushed_under_a_condition() -> None:
    """Read from a real shop (Next.js): `[...cart.map(row => ({price_data...})), shipping]`,
    then `if (rebate > 0) lines.push(...)`. The spread was one element whose price was
    `dodoProductId(...cart.map(...).price)` (code that does not parse, every row's amount
    lost); the push made the two carts unequal, so the whole cart was blocked. Each row is now
    a cart line (its run-time amount on the pay-what-you-want product), the pushed line is
    present only under its condition, in TypeScript as in Python."""
    ts = one(
        "export async function pay(cart: any[], rebate: number, fee: number) {\n"
        "  const lines = [\n"
        "    ...cart.map((row: any) => ({ price_data: { currency: 'usd',"
        " product_data: { name: 'Item' }, unit_amount: row.cents }, quantity: row.qty })),\n"
        "    { price: 'price_1Ship', quantity: 1 },\n"
        "  ];\n"
        "  if (rebate > 0) {\n"
        "    lines.push({ price: 'price_1Gift', quantity: 1 });\n"
        "  }\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment', line_items: lines,"
        " success_url: 'https://x.example/ok' });\n"
        "}\n",
        "pay.ts",
    )
    py = one(
        "import stripe\n"
        "def pay(cart, rebate):\n"
        "    lines = [\n"
        "        *[{'price_data': {'currency': 'usd', 'product_data': {'name': 'Item'},"
        " 'unit_amount': r.cents}, 'quantity': r.qty} for r in cart],\n"
        "        {'price': 'price_1Ship', 'quantity': 1},\n"
        "    ]\n"
        "    if rebate > 0:\n"
        "        lines.append({'price': 'price_1Gift', 'quantity': 1})\n"
        "    return stripe.checkout.Session.create(mode='payment', line_items=lines,"
        " success_url='https://x.example/ok')\n",
        "pay.py",
    )
    for site, rows, optional in (
        (ts, "...cart.map((row: any): DodoPayments.ProductItemReq => ({", "...((rebate > 0) ? ["),
        (py, "for r in cart", "] if rebate > 0 else [])"),
    ):
        assert site.translation is not None and site.translation.status == "translated"
        codes = {f.code for f in site.findings}
        assert not codes & {"RT002", "RT003", "RT007"}, codes
        assert "L112" in codes  # each row's run-time amount on the pay-what-you-want product
        assert rows in site.suggestion and optional in site.suggestion, site.suggestion
        assert "amount: row.cents" in site.suggestion or '"amount": r.cents' in site.suggestion


def test_a_change_at_a_computed_key_below_a_list_index_is_listed_at_the_params_path() -> None:
    # regression: listed at `line_items.0.price_data` (the index joined with a dot), a path
    # no rule or carried value names (the suggestion's TODO and the money rules missed it)
    site = one(
        "const stripe = require('stripe')('sk');\n"
        "function buy(key, value) {\n"
        "  const params = {mode: 'payment', line_items: [{quantity: 1, price_data: {\n"
        "    currency: 'usd', unit_amount: 500, product_data: {name: 'T'}}}]};\n"
        "  params.line_items[0].price_data[key] = value;\n"
        "  return stripe.checkout.sessions.create(params);\n"
        "}\n",
        "x.js",
    )
    assert [d.path for d in site.dynamic] == ["line_items[0].price_data"]
