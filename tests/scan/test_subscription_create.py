"""Subscriptions created on the server (and what scans like them): run-time items, timing
params, Stripe's legacy `plan`, a preview that changes nothing, non-Stripe clients."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source


def sites(code: str, language: str = "python") -> list[CallSite]:
    suffix = {"python": "py", "typescript": "ts", "ruby": "rb"}[language]
    return list(scan_source(code, f"x.{suffix}", BY_NAME[language]))


def one(code: str, language: str = "python") -> CallSite:
    (site,) = sites(code, language)
    return site


def blockers(site: CallSite) -> set[tuple[str, str]]:
    return {(f.code, f.path) for f in site.findings if f.level.value == "blocker"}


@pytest.mark.parametrize(
    ("code", "language"),
    [
        (
            "import stripe\nfrom billing.catalog import get_line_items\n\n"
            "def start(customer_id, plan):\n    line_items = get_line_items(plan)\n"
            "    return stripe.Subscription.create(customer=customer_id, items=line_items)\n",
            "python",
        ),
        (
            "import Stripe from 'stripe';\nconst stripe = new Stripe('sk');\n"
            "export async function start(customerId: string, items: any[]) {\n"
            "  return stripe.subscriptions.create({ customer: customerId, items });\n}\n",
            "typescript",
        ),
    ],
)
def test_run_time_items_block_and_sell_no_placeholder(code: str, language: str) -> None:
    """agenta/unkey: `items` built at run time was "translated" with product_id
    "{product_id}" (a placeholder sold) and only a warning (RT001)."""
    s = one(code, language)
    assert s.translation is not None and s.translation.dodo is not None
    assert ("SC103", "items") in blockers(s)
    assert s.verdict == "blocked"
    assert "{product_id}" not in s.suggestion
    assert "TODO_product_id" in s.suggestion
    assert "RT001" not in {f.code for f in s.findings}  # SC103 says what is lost
    # no Stripe payment method in the call: nothing computed at run time to report
    assert "RT030" not in {f.code for f in s.findings}


ANCHOR_CONFIG = (
    "import Stripe from 'stripe';\nconst stripe = new Stripe('sk');\n"
    "export async function subscribe(customerId: string) {\n"
    "  return stripe.subscriptions.create({ customer: customerId,\n"
    "    items: [{ price: 'price_1PlanMonthly', quantity: 1 }],\n"
    "    billing_cycle_anchor_config: { day_of_month: 1 },\n"
    "    proration_behavior: 'create_prorations' });\n}\n"
)


def test_billing_cycle_anchor_config_on_create_blocks() -> None:
    """unkey: `billing_cycle_anchor_config` on subscriptions.create was `[WARN] SC090 Unknown
    parameter` and the call translated; at Checkout the same field blocks (S005)."""
    s = one(ANCHOR_CONFIG, "typescript")
    assert ("SC030", "billing_cycle_anchor_config") in blockers(s)
    assert "SC090" not in {f.code for f in s.findings}
    assert s.verdict == "blocked"


@pytest.mark.parametrize(
    "param", ["billing_cycle_anchor", "backdate_start_date", "billing_cycle_anchor_config"]
)
def test_run_time_anchor_or_backdate_on_create_blocks(param: str) -> None:
    """A literal anchor or backdated start blocks (SC018, SC019, SC030); the same field
    computed at run time was only RT001 (a warning) and the call translated: it blocks as a
    field no value of which moves to Dodo (RT013)."""
    s = one(
        "import stripe\n\ndef f(cus, when):\n    return stripe.Subscription.create(customer=cus, "
        f"items=[{{'price': 'price_1'}}], {param}=when)\n"
    )
    assert ("RT013", param) in blockers(s)
    assert s.verdict == "blocked"


@pytest.mark.parametrize(
    ("code", "product"),
    [
        (
            "def create(customer_id, plan)\n  Stripe::Subscription.create(customer: customer_id, "
            "plan: plan, quantity: 2)\nend\n",
            "DodoIds.product_id(plan)",
        ),
        (
            "def create_basic(customer_id)\n  Stripe::Subscription.create(customer: customer_id, "
            'plan: "basic-monthly-2019", quantity: 2)\nend\n',
            "s2d_pdt_",
        ),
    ],
)
def test_legacy_top_level_plan_is_the_one_item(code: str, product: str) -> None:
    """feedbin: Stripe's legacy `plan` (and `quantity`) on subscription create was not read:
    RT001/SC090 at `plan`, a wrong SC101 (names no price) and a "{product_id}" cart."""
    s = one(code, "ruby")
    codes = {f.code for f in s.findings}
    assert not {"SC101", "SC090", "RT001"} & codes, codes
    assert s.verdict != "blocked"
    assert "{product_id}" not in s.suggestion
    assert product in s.suggestion
    assert s.translation is not None and s.translation.dodo is not None
    (line,) = s.translation.dodo["product_cart"]
    assert line["quantity"] == 2


def test_items_plan_on_create_is_the_price() -> None:
    """`items: [{plan: ...}]` on subscription create was an unknown parameter (SC090)."""
    s = one(
        "import stripe\n\ndef f(cus):\n    return stripe.Subscription.create(customer=cus, "
        "items=[{'plan': 'plan_Gold', 'quantity': 3}])\n"
    )
    assert not {"SC101", "SC090"} & {f.code for f in s.findings}
    assert s.translation is not None and s.translation.dodo is not None
    (line,) = s.translation.dodo["product_cart"]
    assert line["product_id"].startswith("s2d_pdt_") and line["quantity"] == 3


@pytest.mark.parametrize(
    ("code", "language"),
    [
        (
            "import Stripe from 'stripe';\nconst stripe = new Stripe('sk');\n"
            "export async function upcoming(customerId: string, subscriptionId: string) {\n"
            "  return await stripe.invoices.createPreview({ customer: customerId,"
            " subscription: subscriptionId });\n}\n",
            "typescript",
        ),
        (
            "import stripe\n\ndef upcoming(sid):\n"
            "    return stripe.Invoice.upcoming(subscription=sid)\n",
            "python",
        ),
    ],
)
def test_preview_that_changes_nothing_reads_the_renewal(code: str, language: str) -> None:
    """unkey: the next invoice of a subscription (no items, no change) was a plan-change
    preview with a false SU106 blocker and a "{product_id}" suggestion."""
    s = one(code, language)
    assert s.kind == "related" and s.translation is None
    assert [f.code for f in s.findings] == ["X027"]
    assert not blockers(s)
    assert "client.subscriptions.retrieve(" in s.suggestion
    assert "{product_id}" not in s.suggestion


@pytest.mark.parametrize(
    "args",
    [
        "subscription=sid, subscription_details={'items': [{'id': 'si_1', 'price': 'price_B'}]}",
        "subscription=sid, subscription_details={'cancel_at_period_end': True}",
        "subscription=sid, subscription_details=details",
        "**params",
    ],
)
def test_preview_that_changes_something_is_not_a_renewal_read(args: str) -> None:
    s = one(
        f"import stripe\n\ndef f(sid, details, params):\n"
        f"    return stripe.Invoice.create_preview({args})\n"
    )
    assert s.kind != "related" and s.translation is not None
    assert "X027" not in {f.code for f in s.findings}


NON_STRIPE_PY = (
    "from stripe import StripeClient\nfrom polar.v2026_04 import PolarAsync\nimport stripe as s\n\n"
    "client = StripeClient('sk')\n\n"
    "async def polar_typed(polar: PolarAsync, sid):\n"
    "    return await polar.subscriptions.update(sid, cancel_at_period_end=True)\n\n"
    "def polar_built(sid):\n    polar = PolarAsync(access_token='x')\n"
    "    return polar.subscriptions.update(sid, cancel_at_period_end=True)\n\n"
    "def stripe_client(sid):\n"
    "    return client.subscriptions.update(sid, params={'cancel_at_period_end': True})\n\n"
    "def injected(stripe, sid):\n"
    "    return stripe.Subscription.modify(sid, cancel_at_period_end=True)\n\n"
    "def module_client(sid):\n    sc = s.StripeClient('k')\n"
    "    return sc.subscriptions.update(sid, params={'cancel_at_period_end': True})\n"
)
NON_STRIPE_TS = (
    "import Stripe from 'stripe';\nimport { Polar } from '@polar-sh/sdk';\n"
    "const stripe = new Stripe('sk');\nconst polar = new Polar({ accessToken: 'x' });\n"
    "export const a = (id: string) =>\n"
    "  stripe.subscriptions.update(id, { cancel_at_period_end: true });\n"
    "export const b = (id: string) =>\n"
    "  polar.subscriptions.update(id, { cancel_at_period_end: true });\n"
    "export const c = (client: Stripe, id: string) =>\n"
    "  client.subscriptions.update(id, { cancel_at_period_end: true });\n"
    "export const d = (client: Polar, id: string) =>\n"
    "  client.subscriptions.update(id, { cancel_at_period_end: true });\n"
)


@pytest.mark.parametrize(
    ("code", "language", "lines"),
    [(NON_STRIPE_PY, "python", [15, 18, 22]), (NON_STRIPE_TS, "typescript", [6, 10])],
)
def test_a_non_stripe_client_is_not_stripe(code: str, language: str, lines: list[int]) -> None:
    """polar: `polar.subscriptions.update(id, cancel_at_period_end=True)` on Polar's own client
    was reported as a Stripe update (an SU106 blocker) because "stripe" appears elsewhere in
    the file. Stripe's clients (`stripe`, `StripeClient(...)`, `new Stripe(...)`, an injected
    `stripe`, a parameter typed `Stripe`) are still found; Polar's (built or typed) are not."""
    assert [s.line for s in sites(code, language)] == lines


def test_a_run_time_trial_end_on_create_is_the_days_until_it() -> None:
    """A literal ``trial_end`` becomes trial days (SC010); one known only at run time is the
    whole days until it, counted where the session is made (RT055), as a Checkout Session's is
    (it was blocked, RT002; never dropped: the subscription would charge at once)."""
    s = one(
        "import stripe\n\ndef f(cus, ends_at):\n    return stripe.Subscription.create("
        "customer=cus, items=[{'price': 'price_1'}], trial_end=ends_at)\n"
    )
    assert ("RT002", "trial_end") not in blockers(s)
    assert "RT055" in {f.code for f in s.findings}
    assert "max(0, math.ceil((ends_at - time.time()) / 86400))" in s.suggestion


CANCEL_AT = (
    "import Stripe from 'stripe';\nconst stripe = new Stripe('sk');\n"
    "export async function installments(customerId: string, endDate: Date) {\n"
    "  return stripe.subscriptions.create({ customer: customerId,\n"
    "    cancel_at: Math.round(endDate.getTime() / 1000),\n"
    "    items: [{ price: 'price_Installment_Monthly' }] });\n}\n"
    "export async function fixedTerm(customerId: string) {\n"
    "  return stripe.subscriptions.create({ customer: customerId, cancel_at: 1767225600,\n"
    "    items: [{ price: 'price_Installment_Monthly' }] });\n}\n"
)


def test_cancel_at_on_create_blocks_literal_or_run_time() -> None:
    """pinelab (rv-reports/e): `cancel_at` on subscriptions.create was RT001 (run-time) or
    SC090 (literal), warnings: the Dodo subscription has no end and would charge past
    Stripe's end date. Any value blocks (SC034, RT013 at run time)."""
    run_time, literal = sites(CANCEL_AT, "typescript")
    assert ("RT013", "cancel_at") in blockers(run_time)
    assert ("SC034", "cancel_at") in blockers(literal)
    for s in (run_time, literal):
        assert s.verdict == "blocked"
        assert not {"RT001", "SC090"} & {f.code for f in s.findings}


@pytest.mark.parametrize(("value", "code"), [("True", "SC022"), ("flag", "RT002"), ("False", None)])
def test_cancel_at_period_end_on_create_blocks_unless_false(value: str, code: str | None) -> None:
    """`cancel_at_period_end: true` on create charges one period on Stripe; the Dodo checkout
    renews (it was SC022 "dropped", a warning). A run-time flag may be true; false is the
    default and changes nothing."""
    s = one(
        "import stripe\n\ndef f(cus, flag):\n    return stripe.Subscription.create(customer=cus, "
        f"items=[{{'price': 'price_1'}}], cancel_at_period_end={value})\n"
    )
    if code is None:
        assert not blockers(s)
        assert "SC022" not in {f.code for f in s.findings}
    else:
        assert blockers(s) == {(code, "cancel_at_period_end")}
        assert s.verdict == "blocked"


PRICE_DATA = (
    "import Stripe from 'stripe';\nconst stripe = new Stripe('sk');\n"
    "export async function order(customerId: string, currencyCode: string, amount: number,\n"
    "    interval: 'month' | 'year') {\n"
    "  return stripe.subscriptions.create({ customer: customerId, items: [{ price_data: {\n"
    "    product: 'prod_VeggieBox', currency: currencyCode, unit_amount: amount,\n"
    "    recurring: { interval } } }] });\n}\n"
    "export async function amountOnly(customerId: string, amount: number) {\n"
    "  return stripe.subscriptions.create({ customer: customerId, items: [{ price_data: {\n"
    "    product: 'prod_VeggieBox', currency: 'eur', unit_amount: amount,\n"
    "    recurring: { interval: 'month' } } }] });\n}\n"
)


def test_run_time_price_data_on_create_blocks_as_at_checkout() -> None:
    """pinelab (rv-reports/e): an item's inline price with a run-time currency, amount or
    interval was RT001 (warnings) and the suggestion sold `product_id: "{product_id}"`, a
    literal that type-checks: the charge the code computes was lost. As a Checkout line: a
    run-time interval (RT002) blocks, and so does a run-time recurring amount (L114); the
    product is a name defined nowhere (the run-time currency says it chooses no product)."""
    order, amount_only = sites(PRICE_DATA, "typescript")
    assert ("RT002", "items[0].price_data.recurring.interval") in blockers(order)
    (currency,) = [f for f in order.findings if f.code == "RT011"]
    assert "no product can be chosen" in currency.message
    assert blockers(amount_only) == {("L114", "items[0].price_data.unit_amount")}
    for s in (order, amount_only):
        assert s.verdict == "blocked"
        assert "RT001" not in {f.code for f in s.findings}
        assert "{product_id}" not in s.suggestion
        assert "TODO_product_id" in s.suggestion


def test_run_time_price_data_on_plan_change_blocks() -> None:
    """The same inline price on a plan change was RT001 too, with "{product_id}"."""
    s = one(
        "import stripe\n\ndef change(sub_id, item_id, cents):\n"
        "    return stripe.Subscription.modify(sub_id, proration_behavior='none', items=[{\n"
        "        'id': item_id, 'quantity': 1, 'price_data': {'currency': 'usd',"
        " 'product': 'prod_1', 'unit_amount': cents, 'recurring': {'interval': 'month'}}}])\n"
    )
    assert ("L114", "items[0].price_data.unit_amount") in blockers(s)
    assert "{product_id}" not in s.suggestion
    assert "TODO_product_id" in s.suggestion
