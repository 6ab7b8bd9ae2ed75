# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A trial end a helper gives (``undefined`` when there is no trial) is counted from 0 then.

Read in Vercel's Next.js subscription template: ``subscription_data: { trial_end:
calculateTrialEndUnixTimestamp(price.trial_period_days) }``, the helper (another module)
returning ``undefined`` for a price with no trial. The Dodo call counted the days as
``Math.ceil((calculateTrialEndUnixTimestamp(...) - Date.now() / 1000) / 86400)``: a strict
TypeScript error ("Object is possibly 'undefined'") and NaN at run time. A trial end that is a
call's result or an optional chain is now counted from ``(end ?? 0)`` (Python: ``(end or
0)``): no trial where it is nothing, as on Stripe (``migrate/scan/trial_ends.py``); a field read
is written as before.
"""

from __future__ import annotations

from pathlib import Path

from tests.scan.sdk_checks import tsc_problems
from tests.scan.trees import creates, write_tree

HELPERS = """export function calculateTrialEndUnixTimestamp(days: number | null | undefined) {
  if (days === null || days === undefined || days < 2) return undefined;
  return Math.floor(Date.now() / 1000) + days * 86400;
}
"""

SERVER = """import Stripe from "stripe";
import { calculateTrialEndUnixTimestamp } from "./helpers";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function checkout(price: { id: string; trial_period_days: number | null }, customer: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    line_items: [{ price: price.id, quantity: 1 }],
    subscription_data: { trial_end: calculateTrialEndUnixTimestamp(price.trial_period_days) },
    success_url: "https://app.test/ok",
  });
  return session.url;
}
"""

PY_SERVER = """import stripe

from helpers import trial_end_for


def checkout(price, account):
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": price.id, "quantity": 1}],
        subscription_data={"trial_end": trial_end_for(price.trial_days)},
        success_url="https://app.test/ok",
    )
"""


def _suggestion(tmp_path: Path, files: dict[str, str]) -> str:
    (site,) = [s for s in creates(write_tree(tmp_path / "tree", files)) if not s.via]
    return site.suggestion or ""


def test_a_helpers_trial_end_is_counted_from_zero_when_it_gives_nothing(tmp_path: Path) -> None:
    text = _suggestion(tmp_path, {"helpers.ts": HELPERS, "server.ts": SERVER})
    expected = (
        "trial_period_days: Math.max(0, Math.ceil(((calculateTrialEndUnixTimestamp("
        "price.trial_period_days) ?? 0) - Date.now() / 1000) / 86400)),"
    )
    assert expected in text, text
    cut = "  const session = await stripe.checkout.sessions.create("
    checked = SERVER[: SERVER.index(cut)].replace('import Stripe from "stripe";\n', "")
    checked = checked.replace("const stripe = new Stripe(process.env.STRIPE_KEY!);\n", "")
    ids = {
        "ids.d.ts": "declare function dodoProductId(id: string): string;\ndeclare function dodoCustomerId(id: string): string;\n"
    }
    assert (
        tsc_problems(tmp_path, checked + cut + "\n", text, files={"helpers.ts": HELPERS, **ids})
        == ""
    )


def test_a_python_helpers_trial_end_is_counted_from_zero_too(tmp_path: Path) -> None:
    text = _suggestion(
        tmp_path,
        {"helpers.py": "def trial_end_for(days):\n    return None\n", "server.py": PY_SERVER},
    )
    assert (
        "max(0, math.ceil(((trial_end_for(price.trial_days) or 0) - time.time()) / 86400))" in text
    )


def test_a_field_read_is_written_as_before(tmp_path: Path) -> None:
    server = SERVER.replace(
        "calculateTrialEndUnixTimestamp(price.trial_period_days)", "price.trialEnd"
    )
    server = server.replace(
        "trial_period_days: number | null", "trial_period_days: number | null; trialEnd: number"
    )
    text = _suggestion(tmp_path, {"server.ts": server})
    assert "Math.max(0, Math.ceil((price.trialEnd - Date.now() / 1000) / 86400))" in text
