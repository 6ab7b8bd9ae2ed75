"""A map known only at run time merged into the params under a condition (``if vip:
params.update(extra)``) is reported (RT006) with that condition, not as if always merged; and a
choice inside a branch of a choice on the same condition is decided in every writer: PHP's
metadata sent only when given (``metadata`` and ``subscription_data.metadata`` both set under
``if ($meta)``) was ``($meta ? $meta : ($meta ? $meta : null))``: the right value, the test
written twice (``$meta`` was not read as a condition without effects)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.mapping.expr import Expr
from migrate.scan import scan_paths
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, ScanStats, scan_source
from migrate.scan.suggest_json import java_json
from migrate.scan.suggest_langs import CODE

PY = """import stripe

def buy(extra, vip):
    params = {"mode": "payment", "line_items": [{"price": "price_1", "quantity": 1}],
              "success_url": "https://x.test/ok"}
    if vip:
        params.update(extra)
    return stripe.checkout.Session.create(**params)
"""
TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
export async function buy(extra: Record<string, string>, vip: boolean) {
  const params: any = { mode: "payment", line_items: [{ price: "price_1", quantity: 1 }],
    success_url: "https://x.test/ok" };
  if (vip) {
    Object.assign(params, extra);
  }
  return stripe.checkout.sessions.create(params);
}
"""
HTTP = """import os

import requests


def stripe_post(path, data, extra=None, vip=False):
    data["mode"] = "payment"
    if vip:
        data.update(extra)
    return requests.post("https://api.stripe.com/v1" + path, data=data,
                         auth=(os.environ["STRIPE_KEY"], ""))


def buy(extra, vip):
    return stripe_post("/checkout/sessions", {"line_items[0][price]": "price_1",
        "line_items[0][quantity]": 1, "success_url": "https://x.test/ok"}, extra, vip)
"""
PHP = """<?php
function checkout($price, $meta = null) {
    $params = ['mode' => 'subscription', 'line_items' => [['price' => $price, 'quantity' => 1]],
        'success_url' => 'https://x.test/ok'];
    if ($meta) {
        $params['metadata'] = $meta;
        $params['subscription_data'] = ['metadata' => $meta];
    }
    return \\Stripe\\Checkout\\Session::create($params);
}
"""


def _one(code: str, language: str, name: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


@pytest.mark.parametrize(
    ("code", "language", "name", "spread"),
    [
        (PY, "python", "x.py", "extra if vip else {}"),
        (TS, "typescript", "x.ts", "vip ? extra : {}"),
    ],
)
def test_a_map_merged_under_a_condition_is_named_with_it(
    code: str, language: str, name: str, spread: str
) -> None:
    site = _one(code, language, name)
    (finding,) = [f for f in site.findings if f.code == "RT006"]
    assert f"({spread})" in finding.message
    assert [d.source for d in site.dynamic if d.path == ""] == [spread]


def test_a_raw_http_wrapper_merging_a_map_under_a_condition_names_it(tmp_path: Path) -> None:
    (tmp_path / "pay.py").write_text(HTTP, encoding="utf-8")
    stats = ScanStats()
    (site,) = [s for s in scan_paths([str(tmp_path)], stats=stats) if s.kind == "create"]
    (finding,) = [f for f in site.findings if f.code == "RT006"]
    assert "(extra if vip else None)" in finding.message


def test_metadata_chosen_twice_on_one_condition_is_written_once() -> None:
    site = _one(PHP, "php", "x.php")
    assert "$dodoBody->{'metadata'} = ($meta ? $meta : null);" in site.suggestion
    assert "($meta ? $meta : ($meta" not in site.suggestion


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("php", "($meta ? $meta : null)"),
        ("ruby", "((@meta) ? @meta : nil)"),
    ],
)
def test_a_choice_on_a_sigilled_name_is_decided_inside_itself(language: str, written: str) -> None:
    name = "$meta" if language == "php" else "@meta"
    inner = Expr.choice(name, "b", name, Expr(name, "b"), None)
    outer = Expr.choice(name, "a", name, Expr(name, "a"), inner)
    assert CODE[language].value(outer) == written


def test_the_json_writers_decide_a_choice_inside_itself() -> None:
    inner = Expr.choice("meta", "b", "meta", Expr("meta", "b"), None)
    outer = Expr.choice("meta", "a", "meta", Expr("meta", "a"), inner)
    assert java_json(outer).count("meta ?") == 1
