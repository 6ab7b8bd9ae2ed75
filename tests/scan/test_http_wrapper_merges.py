"""Keys a raw-HTTP wrapper merges into its caller's body before sending it, a map at once:
Python's ``params.update({...})`` / ``params.update(k=v)``, JavaScript's ``Object.assign(body,
{...})``, Ruby's ``params.merge!(...)`` / ``params.update(...)``: each caller's site holds them,
with the caller's values for the wrapper's other parameters (``migrate/scan/http_merges.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree

PY_API = """\
import requests

STRIPE = "https://api.stripe.com/v1"


def stripe_post(path, params, account):
    params.update({"metadata[source]": "web", "client_reference_id": account.ref})
    params.update(customer=account.customer_id)
    return requests.post(f"{STRIPE}{path}", data=params, auth=(KEY, ""))
"""
PY_CALLER = """\
from billing.stripe_api import stripe_post


def buy(price_id):
    acct = current_account()
    return stripe_post("/checkout/sessions", {
        "mode": "payment",
        "success_url": "https://shop.example/ok",
        "line_items[0][price]": price_id,
        "line_items[0][quantity]": 1,
    }, acct)
"""
JS_API = """\
const BASE = "https://api.stripe.com/v1";

export async function stripePost(path, body, account) {
  Object.assign(body, { "metadata[source]": "web", client_reference_id: account.ref },
    { customer: account.customerId });
  return fetch(BASE + path, { method: "POST", body: new URLSearchParams(body) });
}
"""
JS_CALLER = """\
import { stripePost } from "./stripe";

export async function buy(priceId) {
  const acct = currentAccount();
  return stripePost("/checkout/sessions", {
    mode: "payment",
    success_url: "https://shop.example/ok",
    "line_items[0][price]": priceId,
    "line_items[0][quantity]": 1,
  }, acct);
}
"""
RB_API = """\
require "net/http"

module StripeApi
  BASE = "https://api.stripe.com/v1"

  def self.post(path, params, account)
    params.merge!("metadata[source]" => "web", "client_reference_id" => account.ref)
    params.update({ "customer" => account.customer_id })
    Net::HTTP.post_form(URI("#{BASE}#{path}"), params)
  end
end
"""
RB_CALLER = """\
require_relative "stripe_api"

def buy(price_id)
  acct = current_account
  StripeApi.post("/checkout/sessions", {
    "mode" => "payment",
    "success_url" => "https://shop.example/ok",
    "line_items[0][price]" => price_id,
    "line_items[0][quantity]" => 1,
  }, acct)
end
"""


@pytest.mark.parametrize(
    ("files", "caller", "account"),
    [
        ({"billing/stripe_api.py": PY_API, "web/views.py": PY_CALLER}, "views.py", "acct"),
        ({"lib/stripe.js": JS_API, "lib/buy.js": JS_CALLER}, "buy.js", "acct"),
        ({"lib/stripe_api.rb": RB_API, "lib/buy.rb": RB_CALLER}, "buy.rb", "acct"),
    ],
    ids=["python-update", "js-object-assign", "ruby-merge-bang"],
)
def test_keys_merged_into_the_caller_s_body_are_the_site_s(
    tmp_path: Path, files: dict[str, str], caller: str, account: str
) -> None:
    top = _tree(tmp_path, files)
    (site,) = [s for s in _creates(top) if s.file.endswith(caller)]
    assert site.via is not None
    params: dict[str, Any] = site.params
    assert params["line_items"][0]["quantity"] == 1
    assert params["metadata"] == {"source": "web"}
    assert params["client_reference_id"] == {"$dynamic": f"{account}.ref"}
    assert params["customer"] == {
        "$dynamic": f"{account}.{'customerId' if caller.endswith('.js') else 'customer_id'}"
    }
    assert site.translation.dodo["metadata"]["source"] == "web"


def test_a_map_merged_into_another_name_or_a_copy_adds_nothing(tmp_path: Path) -> None:
    api = """\
import requests

STRIPE = "https://api.stripe.com/v1"


def stripe_post(path, params):
    extra = {}
    extra.update({"metadata[source]": "web"})
    params.copy().update({"client_reference_id": "ref"})
    return requests.post(f"{STRIPE}{path}", data=params)
"""
    top = _tree(
        tmp_path, {"billing/stripe_api.py": api, "web/views.py": PY_CALLER.replace(", acct)", ")")}
    )
    (site,) = [s for s in _creates(top) if s.file.endswith("views.py")]
    assert "metadata" not in site.params
    assert "client_reference_id" not in site.params
