"""Keys a raw-HTTP wrapper adds to its caller's body only under a condition (``if trial:
params.update({...})``, ``if (opts.trial) Object.assign(body, {...})``, ``body.merge!(...) if
trial``, ``if trial: params["k"] = v``) are a choice on that condition, decided by each caller's
argument (its default when it passes none), never a key always sent: a caller that never asks
for a trial must not get one in its Dodo call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats
from tests.scan.trees import write_tree as _tree


def _creates(top: Path) -> dict[str, CallSite]:
    stats = ScanStats()
    sites = [s for s in scan_paths([str(top)], stats=stats) if s.kind == "create"]
    assert stats.problems == []
    return {s.params["line_items"][0]["price"]: s for s in sites}


PY_UPDATE = """\
import requests


def stripe_post(path, params, trial=False):
    params.update({"metadata[source]": "web"})
    if trial:
        params.update({"subscription_data[trial_period_days]": 14})
    return requests.post(f"https://api.stripe.com/v1{path}", data=params, auth=(KEY, ""))
"""
PY_KEYED = """\
import requests


def stripe_post(path, params, trial=False):
    params["metadata[source]"] = "web"
    if trial:
        params["subscription_data[trial_period_days]"] = 14
    return requests.post(f"https://api.stripe.com/v1{path}", data=params, auth=(KEY, ""))
"""
PY_CALLER = """\
from api import stripe_post


def buy_pro():
    return stripe_post("/checkout/sessions", {
        "mode": "subscription",
        "line_items[0][price]": "price_pro",
        "line_items[0][quantity]": 1,
    })


def buy_team():
    return stripe_post("/checkout/sessions", {
        "mode": "subscription",
        "line_items[0][price]": "price_team",
        "line_items[0][quantity]": 1,
    }, trial=True)


def buy_maybe(user):
    return stripe_post("/checkout/sessions", {
        "mode": "subscription",
        "line_items[0][price]": "price_maybe",
        "line_items[0][quantity]": 1,
    }, trial=user.wants_trial)
"""
JS_API = """\
export async function callStripe(path, body, opts = {}) {
  Object.assign(body, { "metadata[source]": "web" });
  if (opts.trial) Object.assign(body, { "subscription_data[trial_period_days]": "14" });
  return fetch("https://api.stripe.com/v1" + path, {
    method: "POST",
    body: new URLSearchParams(body),
  });
}
"""
JS_CALLER = """\
import { callStripe } from "./api";

export const buyPro = () =>
  callStripe("/checkout/sessions", {
    mode: "subscription", "line_items[0][price]": "price_pro", "line_items[0][quantity]": "1",
  });

export const buyTeam = () =>
  callStripe("/checkout/sessions", {
    mode: "subscription", "line_items[0][price]": "price_team", "line_items[0][quantity]": "1",
  }, { trial: true });

export const buyMaybe = (user) =>
  callStripe("/checkout/sessions", {
    mode: "subscription", "line_items[0][price]": "price_maybe", "line_items[0][quantity]": "1",
  }, { trial: user.wantsTrial });
"""
RB_API = """\
require "net/http"

module StripeApi
  def self.post(path, body, trial: false)
    body.merge!("metadata[source]" => "web")
    body.merge!("subscription_data[trial_period_days]" => 14) if trial
    Net::HTTP.post_form(URI("https://api.stripe.com/v1#{path}"), body)
  end
end
"""
RB_CALLER = """\
class CheckoutService
  def pro
    StripeApi.post("/checkout/sessions", {
      "mode" => "subscription", "line_items[0][price]" => "price_pro",
      "line_items[0][quantity]" => 1
    })
  end

  def team
    StripeApi.post("/checkout/sessions", {
      "mode" => "subscription", "line_items[0][price]" => "price_team",
      "line_items[0][quantity]" => 1
    }, trial: true)
  end

  def maybe(user)
    StripeApi.post("/checkout/sessions", {
      "mode" => "subscription", "line_items[0][price]" => "price_maybe",
      "line_items[0][quantity]" => 1
    }, trial: user.wants_trial)
  end
end
"""


@pytest.mark.parametrize(
    "files",
    [
        {"api.py": PY_UPDATE, "checkout.py": PY_CALLER},
        {"api.py": PY_KEYED, "checkout.py": PY_CALLER},
        {"api.js": JS_API, "checkout.js": JS_CALLER},
        {"stripe_api.rb": RB_API, "checkout.rb": RB_CALLER},
    ],
    ids=["python-update", "python-key", "js-object-assign", "ruby-merge-bang-if"],
)
def test_a_key_added_under_a_condition_is_a_choice_decided_by_each_caller(
    tmp_path: Path, files: dict[str, str]
) -> None:
    sites = _creates(_tree(tmp_path, files))
    pro, team, maybe = sites["price_pro"], sites["price_team"], sites["price_maybe"]
    for site in (pro, team, maybe):
        assert site.params["metadata"] == {"source": "web"}  # unconditional: always sent
    # no trial asked: none sent (before: 14 days for every caller)
    assert "subscription_data" not in pro.params
    assert "subscription_data" not in (pro.translation.dodo or {})
    # a trial asked with a literal: sent
    assert int(team.params["subscription_data"]["trial_period_days"]) == 14
    assert team.translation.dodo["subscription_data"]["trial_period_days"] == 14
    # asked at run time: a choice on the caller's expression, never a plain 14
    days: Any = maybe.params["subscription_data"]["trial_period_days"]
    assert type(days) is dict and "$choice" in days
    assert "wants" in days["$choice"]["if"].lower().replace("_", "")
    assert days["$choice"]["else"] is None
