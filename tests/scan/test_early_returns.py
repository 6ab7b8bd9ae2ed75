"""Early returns decide the conditions met after them (issue 14, section 3: follow the data as a
reader does). Found on a real TypeScript app (Capgo): a helper's `if (!configured(c)) return {
priceId }` (null there) became a choice with a `TODO_product_id` branch and a blocker (RT007),
though the caller returns on the same condition before calling the helper and rejects when
`!prices.priceId` right after it.

After `if (COND) return/throw` COND is false for the rest of the function, and a choice on the
same condition text (or its negation) met later on that path is decided, inside a helper called
from there too; after `if (!x) return/throw` a value read from `x` is set. Conservative: only
guards that always leave the function, not in a loop, not across a reassignment of a name in
the condition, on the path to the call."""

from __future__ import annotations

from typing import Any

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

_SUFFIX = {"typescript": "ts", "python": "py"}


def one(code: str, language: str = "typescript") -> CallSite:
    (site,) = [
        s
        for s in scan_source(code, f"x.{_SUFFIX[language]}", BY_NAME[language])
        if s.kind == "create"
    ]
    return site


def codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def price(site: CallSite) -> Any:
    return site.params["line_items"][0]["price"]


PLAN_CHOICE = {
    "$dynamic": "plan === 'pro' ? 'price_1Pro' : 'price_1Basic'",
    "$choice": {"if": "plan === 'pro'", "then": "price_1Pro", "else": "price_1Basic"},
}

_TS = """\
import Stripe from 'stripe'
const stripe = new Stripe(process.env.STRIPE_KEY!)

function configured(c: any): boolean { return !!c.env.STRIPE_KEY }

function priceFor(c: any, plan: string) {
  if (!configured(c))
    return { priceId: null }
  return { priceId: plan === 'pro' ? 'price_1Pro' : 'price_1Basic' }
}

export async function start(c: any, plan: string) {
  GUARD
  const prices = priceFor(c, plan)
  AFTER
  return stripe.checkout.sessions.create({
    mode: 'subscription', success_url: 'https://app.example.com/ok',
    line_items: [{ price: prices.priceId, quantity: 1 }],
  })
}
"""


def ts(guard: str = "", after: str = "") -> str:
    return _TS.replace("GUARD", guard).replace("AFTER", after)


def test_without_a_guard_the_helpers_empty_branch_is_a_blocking_choice() -> None:
    """The control: nothing says the helper's early return is not taken."""
    site = one(ts())
    assert price(site)["$choice"]["if"] == "!configured(c)"
    assert price(site)["$choice"]["then"] is None
    assert "RT007" in codes(site)


@pytest.mark.parametrize(
    "guard",
    [
        "if (!configured(c))\n    return { url: '' }",
        "if (!configured(c)) {\n    console.log('off')\n    throw new Error('not configured')\n  }",
    ],
)
def test_the_callers_early_return_decides_the_same_condition_in_the_helper(guard: str) -> None:
    site = one(ts(guard=guard))
    assert price(site) == PLAN_CHOICE
    assert "RT007" not in codes(site)
    assert "TODO_product_id" not in site.suggestion


@pytest.mark.parametrize(
    "after",
    [
        "if (!prices.priceId)\n    return Promise.reject(new Error('Cannot find price'))",
        "if (!prices.priceId) throw new Error('Cannot find price')",
    ],
)
def test_after_a_guard_on_a_missing_value_its_empty_branch_is_left_out(after: str) -> None:
    site = one(ts(after=after))
    assert price(site) == PLAN_CHOICE
    assert "RT007" not in codes(site)


@pytest.mark.parametrize(
    ("guard", "after"),
    [
        # not leaving the function: the path after it may have taken the branch
        ("if (!configured(c))\n    console.log('off')", ""),
        ("if (!configured(c)) {\n    console.log('off')\n  }", ""),
        # an else: not an early return
        ("if (!configured(c))\n    return { url: '' }\n  else\n    console.log('on')", ""),
        # in a loop
        ("for (const x of [1]) {\n    if (!configured(c)) return { url: '' }\n  }", ""),
        # another block than the call's
        ("if (c.strict) {\n    if (!configured(c)) return { url: '' }\n  }", ""),
        # a name of the condition assigned between the guard and the call
        ("if (!configured(c))\n    return { url: '' }\n  c = c.fallback", ""),
        ("", "if (!prices.priceId) return null\n  prices.priceId = null"),
        # another condition
        ("if (!c.configured)\n    return { url: '' }", ""),
    ],
)
def test_guards_that_do_not_decide_the_condition_leave_the_choice(guard: str, after: str) -> None:
    site = one(ts(guard=guard, after=after))
    assert price(site) != PLAN_CHOICE
    if after:  # set again after the guard: the variable's field holds it at run time
        assert price(site) == {"$dynamic": "prices.priceId"}
    else:  # the helper's early return may have been taken: its empty branch still blocks
        assert price(site)["$choice"]["then"] is None
        assert "RT007" in codes(site)


@pytest.mark.parametrize(
    "loop",
    [
        "for (const plan of plans) {\n    BODY\n  }",
        "plans.forEach(async (plan: string) => {\n    BODY\n  })",
    ],
)
def test_a_name_of_the_condition_assigned_later_in_a_loop_around_the_call(loop: str) -> None:
    """The next time round the guard's condition may no longer hold."""
    body = (
        "const prices = priceFor(c, plan)\n"
        "    await stripe.checkout.sessions.create({ mode: 'subscription',\n"
        "      success_url: 'https://e.com/ok',\n"
        "      line_items: [{ price: prices.priceId, quantity: 1 }] })\n"
        "    c = c.next"
    )
    code = _TS.split("export async function", maxsplit=1)[0] + (
        "export async function start(c: any, plans: string[]) {\n"
        "  if (!configured(c))\n"
        "    return\n"
        f"  {loop.replace('BODY', body)}\n"
        "}\n"
    )
    site = one(code)
    assert price(site)["$choice"]["if"] == "!configured(c)"
    assert price(site)["$choice"]["then"] is None
    if loop.startswith("for"):  # a callback is not read past: it may run later
        assert price(one(code.replace("    c = c.next\n", ""))) == PLAN_CHOICE


def test_the_negated_condition_is_decided_in_the_calls_own_function() -> None:
    site = one(
        "import Stripe from 'stripe'\n"
        "const stripe = new Stripe(process.env.STRIPE_KEY!)\n"
        "export async function start(user: any) {\n"
        "  if (!user) throw new Error('sign in')\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment',\n"
        "    success_url: 'https://e.com/ok', line_items: [{ price: 'price_1A', quantity: 1 }],\n"
        "    customer_email: user ? user.email : undefined })\n"
        "}\n"
    )
    assert site.params["customer_email"] == {"$dynamic": "user.email"}


_CAPGO = """\
import Stripe from 'stripe'

const stripe = new Stripe(process.env.STRIPE_KEY!)

function configured(c: any): boolean { return !!c.env.STRIPE_KEY }

async function storedPriceId(planId: string): Promise<string> { return `price_${planId}` }

async function getPriceIds(c: any, planId: string, recurrence: string) {
  let priceId = null
  if (!configured(c))
    return { priceId }
  const prices = await stripe.prices.list({ product: planId })
  prices.data.forEach((price) => {
    if (price.recurring && price.recurring.interval === recurrence)
      priceId = price.id
  })
  if (!priceId)
    priceId = await storedPriceId(planId)
  return { priceId }
}

export async function createCheckout(c: any, customerId: string, planId: string,
                                     recurrence: string) {
  if (!configured(c))
    return { url: '' }
  const prices = await getPriceIds(c, planId, recurrence)
  if (!prices.priceId)
    return Promise.reject(new Error('Cannot find price'))
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customerId,
    success_url: 'https://app.example.com/ok',
    line_items: [{ price: prices.priceId, quantity: 1 }],
  })
  return { url: session.url }
}
"""


def test_the_real_app_shape_carries_the_price_found_in_the_loop() -> None:
    """Before: `(!configured(c)) ? TODO_product_id : dodoProductId(await storedPriceId(planId))`
    with RT007: the price found in Stripe's list dropped, a false blocker."""
    site = one(_CAPGO)
    assert price(site) == {"$dynamic": "prices.priceId"}
    assert "product_id: dodoProductId(prices.priceId)," in site.suggestion
    assert "TODO_product_id" not in site.suggestion
    assert "L113" in codes(site)
    assert "RT007" not in codes(site)
    assert site.verdict != "blocked"


# -- Python -----------------------------------------------------------------------------------

_PY = """\
import stripe


def configured(c):
    return bool(c.key)


def price_for(c, plan):
    if not configured(c):
        return {"price_id": None}
    return {"price_id": "price_1Pro" if plan == "pro" else "price_1Basic"}


def start(c, plan):
GUARD
    prices = price_for(c, plan)
AFTER
    return stripe.checkout.Session.create(
        mode="subscription",
        success_url="https://app.example.com/ok",
        line_items=[{"price": prices["price_id"], "quantity": 1}],
    )
"""

PY_PLAN = {
    "$dynamic": '"price_1Pro" if plan == "pro" else "price_1Basic"',
    "$choice": {"if": 'plan == "pro"', "then": "price_1Pro", "else": "price_1Basic"},
}


def py(guard: str = "", after: str = "") -> str:
    return _PY.replace("GUARD\n", guard).replace("AFTER\n", after)


def test_python_without_a_guard_the_empty_branch_blocks() -> None:
    site = one(py(), "python")
    assert price(site)["$choice"]["then"] is None
    assert "RT007" in codes(site)


@pytest.mark.parametrize(
    ("guard", "after"),
    [
        ("    if not configured(c):\n        return None\n", ""),
        ("    if not configured(c):\n        raise RuntimeError('off')\n", ""),
        ("", '    if not prices["price_id"]:\n        raise ValueError("no price")\n'),
    ],
)
def test_python_early_returns_decide_the_helpers_choice(guard: str, after: str) -> None:
    site = one(py(guard, after), "python")
    assert price(site) == PY_PLAN
    assert "RT007" not in codes(site)
    assert "TODO_product_id" not in site.suggestion


def test_python_guard_inside_a_loop_decides_nothing() -> None:
    guard = "    for _ in range(1):\n        if not configured(c):\n            return None\n"
    site = one(py(guard), "python")
    assert price(site)["$choice"]["then"] is None
