"""``Subscription.create`` with a ``trial_end`` known only at run time (``TRIAL.from_now.to_i``,
``int(time.time()) + 14 * 86400``, a date on the account). Seen in a Rails menu app creating its
restaurants' subscriptions with a one-month trial: blocked (RT002), though the Checkout Session's
``subscription_data.trial_end`` of the same kind is carried as the whole days until it (RT055).
The Dodo checkout a subscription becomes has the same ``trial_period_days``: it is now carried
the same way, ``now`` (the trial ends at once) as no day."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

RUBY = """class Membership
  TRIAL = 1.month

  def start(customer_id, plan_id)
    Stripe::Subscription.create(
      customer: customer_id,
      items: [{ price: plan_id }],
      trial_end: TRIAL.from_now.to_i
    )
  end
end
"""

PY = """import time

import stripe


def start(customer_id, plan_id, instant):
    return stripe.Subscription.create(
        customer=customer_id,
        items=[{"price": plan_id}],
        trial_end="now" if instant else int(time.time()) + 14 * 86400,
    )
"""


def _site(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


@pytest.mark.parametrize(
    ("code", "name", "language", "days"),
    [
        (
            RUBY,
            "membership.rb",
            "ruby",
            "[0, ((TRIAL.from_now.to_i - Time.now.to_i) / 86400.0).ceil].max",
        ),
        (PY, "membership.py", "python", "math.ceil((int(time.time()) + 14 * 86400 - time.time())"),
    ],
)
def test_a_run_time_trial_end_is_the_days_until_it(
    code: str, name: str, language: str, days: str
) -> None:
    site = _site(code, name, language)
    assert site.translation is not None
    codes = {f.code for f in site.findings}
    assert "RT002" not in codes and "RT055" in codes
    assert site.verdict != "blocked"
    assert days in site.suggestion


def test_now_in_a_branch_is_no_trial_day() -> None:
    site = _site(PY, "membership.py", "python")
    assert "0 if instant else" in site.suggestion.replace("\n", " ").replace("  ", "")
