"""A map known only at run time that a raw-HTTP wrapper merges into its caller's body
(``params.update(extra)``, ``Object.assign(body, opts.extra)``, ``body.merge!(extra)``) adds keys
the scan cannot see: never dropped silently, each call that gives one is a run-time spread of the
params (RT006, as ``**extra`` into an SDK call), and one that gives none (``extra=None`` left
out) merges nothing (``migrate/scan/http_merges.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _creates(top: Path) -> dict[int, CallSite]:
    stats = ScanStats()
    sites = [s for s in scan_paths([str(top)], stats=stats) if s.kind == "create"]
    assert stats.problems == []
    return {s.line: s for s in sites if "/web/" in s.file}


PY_API = """\
import requests

STRIPE = "https://api.stripe.com/v1"


def stripe_post(path, params, extra=None):
    params.update({"metadata[source]": "web"})
    if extra:
        params.update(extra)
    return requests.post(f"{STRIPE}{path}", data=params, auth=(KEY, ""))
"""
PY_CALLER = """\
from billing.stripe_api import stripe_post

BODY = {"mode": "payment", "success_url": "https://shop.example/ok"}


def plain():
    return stripe_post("/checkout/sessions", {**BODY, "line_items[0][price]": "price_1A"})


def extended(more):
    return stripe_post("/checkout/sessions", {**BODY, "line_items[0][price]": "price_1A"}, more)
"""
JS_API = """\
const BASE = "https://api.stripe.com/v1";

export async function stripePost(path, body, opts = {}) {
  Object.assign(body, { "metadata[source]": "web" });
  if (opts.extra) Object.assign(body, opts.extra);
  return fetch(BASE + path, { method: "POST", body: new URLSearchParams(body) });
}
"""
JS_CALLER = """\
import { stripePost } from "../lib/stripe";

const BODY = { mode: "payment", success_url: "https://shop.example/ok" };

export async function plain() {
  return stripePost("/checkout/sessions", { ...BODY, "line_items[0][price]": "price_1A" });
}

export async function extended(more) {
  return stripePost("/checkout/sessions", { ...BODY, "line_items[0][price]": "price_1A" },
    { extra: more });
}
"""
RB_API = """\
require "net/http"

module StripeApi
  BASE = "https://api.stripe.com/v1"

  def self.post(path, params, extra = nil)
    params.merge!("metadata[source]" => "web")
    params.merge!(extra) if extra
    Net::HTTP.post_form(URI("#{BASE}#{path}"), params)
  end
end
"""
RB_CALLER = """\
require_relative "../lib/stripe_api"

BODY = { "mode" => "payment", "success_url" => "https://shop.example/ok" }

def plain
  StripeApi.post("/checkout/sessions", BODY.merge("line_items[0][price]" => "price_1A"))
end

def extended(more)
  StripeApi.post("/checkout/sessions", BODY.merge("line_items[0][price]" => "price_1A"), more)
end
"""


@pytest.mark.parametrize(
    ("files", "plain", "extended", "more"),
    [
        ({"billing/stripe_api.py": PY_API, "web/views.py": PY_CALLER}, 7, 11, "more"),
        ({"lib/stripe.js": JS_API, "web/buy.js": JS_CALLER}, 6, 10, "more"),
        ({"lib/stripe_api.rb": RB_API, "web/buy.rb": RB_CALLER}, 6, 10, "more"),
    ],
    ids=["python-update", "js-object-assign", "ruby-merge-bang"],
)
def test_a_run_time_map_merged_in_is_a_spread_at_each_call_that_gives_one(
    tmp_path: Path, files: dict[str, str], plain: int, extended: int, more: str
) -> None:
    sites = _creates(_tree(tmp_path, files))
    given = sites[extended]
    assert given.via is not None
    assert [(d.path, d.source) for d in given.dynamic if not d.path] == [("", more)]
    spread = [f for f in given.findings if f.code == "RT006"]
    assert len(spread) == 1 and f"({more})" in spread[0].message
    assert given.params["metadata"] == {"source": "web"}  # the keys it shows: still read
    none_given = sites[plain]
    assert not [f for f in none_given.findings if f.code == "RT006"]
    assert not [d for d in none_given.dynamic if not d.path]
    assert none_given.params["metadata"] == {"source": "web"}


def test_a_literal_map_given_for_the_merge_is_read(tmp_path: Path) -> None:
    caller = PY_CALLER.replace(", more)", ', {"client_reference_id": "ref_1"})')
    sites = _creates(_tree(tmp_path, {"billing/stripe_api.py": PY_API, "web/views.py": caller}))
    site = sites[11]
    assert site.params["client_reference_id"] == "ref_1"
    assert not [f for f in site.findings if f.code == "RT006"]


FIXED_API = """\
import requests


def create_session(params, extra):
    params.update({"metadata[source]": "web"})
    params.update(extra)
    return requests.post("https://api.stripe.com/v1/checkout/sessions", data=params)
"""
SDK_API = """\
import stripe


def create_session(price, extra):
    return stripe.checkout.Session.create(
        mode="payment", success_url="https://shop.example/ok",
        line_items=[{"price": price, "quantity": 1}], **extra)
"""
FIXED_CALLER = """\
from billing.api import create_session


def buy(more):
    return create_session({"mode": "payment", "success_url": "https://shop.example/ok",
        "line_items[0][price]": "price_1A", "line_items[0][quantity]": 1}, more)
"""
SDK_CALLER = """\
from billing.api import create_session


def buy(more):
    return create_session("price_1A", more)
"""


@pytest.mark.parametrize(
    ("api", "caller"),
    [(FIXED_API, FIXED_CALLER), (SDK_API, SDK_CALLER)],
    ids=["raw-request-of-a-parameter", "sdk-keyword-spread"],
)
def test_a_wrapper_s_run_time_map_is_a_spread_at_the_wrapper_and_its_callers(
    tmp_path: Path, api: str, caller: str
) -> None:
    top = _tree(tmp_path, {"billing/api.py": api, "web/views.py": caller})
    stats = ScanStats()
    sites = [s for s in scan_paths([str(top)], stats=stats) if s.kind == "create"]
    (inside,) = [s for s in sites if s.file.endswith("api.py")]
    assert "extra" in [d.source.lstrip("*") for d in inside.dynamic if not d.path]
    (call,) = [s for s in sites if s.file.endswith("views.py")]
    assert [d.source.lstrip("*") for d in call.dynamic if not d.path] == ["more"]
    (spread,) = [f for f in call.findings if f.code == "RT006"]
    assert "more" in spread.message
    assert call.translation.dodo["product_cart"]
    if api is FIXED_API:  # the keys the wrapper shows, at its site and its callers'
        assert inside.params["metadata"] == {"source": "web"}
        assert call.params["metadata"] == {"source": "web"}
