"""Params with their empty entries dropped before the call, the way a service avoids sending
nulls: Python's ``params = {k: v for k, v in params.items() if v is not None}`` before
``Session.create(**params)``, PHP's ``Session::create(array_filter([...]))``.

Probe of real billing code, after the Ruby ``{...}.compact`` seen in a Rails cafe's order
service: both idioms made the whole params a run-time value, so the call was blocked with an
unknown cart (RT007) though every entry is written out just above. The filtered params are read
as the params they copy; a filter that names the key (it drops chosen entries) is not."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import mypy_problems

PY = """\
import stripe


def pay(email, order_id):
    params = {
        "mode": "payment",
        "line_items": [{"price": "price_1Tote", "quantity": 3}],
        "customer_email": email,
        "success_url": "https://shop.test/thanks",
        "metadata": {"order_id": order_id},
    }
    params = {key: value for key, value in params.items() FILTER}
    session = stripe.checkout.Session.create(**params)
    return session.url
"""

PHP = r"""<?php
function pay($user, $orderId) {
    $session = \Stripe\Checkout\Session::create(array_filter([
        'mode' => 'payment',
        'line_items' => [['price' => 'price_1Tote', 'quantity' => 3]],
        'customer_email' => $user->email ?? null,
        'success_url' => 'https://shop.test/thanks',
        'metadata' => ['order_id' => $orderId],
    ]));
    return $session->url;
}
"""


def _site(source: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(source, name, BY_NAME[language]) if s.kind == "create"]
    return site


@pytest.mark.parametrize("kept", ["if value is not None", "if value"])
def test_a_python_dict_without_its_nones_is_the_params(kept: str) -> None:
    site = _site(PY.replace("FILTER", kept), "shop.py", "python")
    assert "RT007" not in {f.code for f in site.findings}
    text = site.suggestion
    assert '"product_id": "s2d_pdt_' in text
    assert '"quantity": 3,' in text
    assert '"email": email,' in text
    assert '"order_id": str(order_id),' in text
    assert 'return_url="https://shop.test/thanks",' in text


def test_a_filter_on_the_key_is_still_run_time() -> None:
    site = _site(PY.replace("FILTER", 'if key != "customer_email"'), "shop.py", "python")
    assert "RT007" in {f.code for f in site.findings}


@pytest.mark.slow
def test_the_python_dodo_call_type_checks_with_mypy(tmp_path: Path) -> None:
    suggestion = _site(PY.replace("FILTER", "if value is not None"), "shop.py", "python")
    signature = "def pay(email: str | None, order_id: int) -> str | None"
    problems = mypy_problems(tmp_path, suggestion.suggestion, signature)
    assert not problems, problems


def test_a_php_array_filter_is_the_params() -> None:
    site = _site(PHP, "shop.php", "php")
    assert "RT007" not in {f.code for f in site.findings}
    text = site.suggestion
    assert '"product_id": "s2d_pdt_' in text
    assert '"quantity": 3' in text
    assert "$dodoBody->{'metadata'}->{'order_id'} = strval($orderId);" in text
    assert "'email' => $user->email," in text
    if shutil.which("php") is None:
        pytest.skip("php is not installed")
    lint = subprocess.run(
        ["php", "-l"], check=False, input="<?php\n" + text, capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_a_filtered_list_with_an_optional_line_stays_a_run_time_list() -> None:
    # array_filter drops the null line; a cart written line by line would keep it
    source = r"""<?php
function pay(int $boxes, bool $wrap) {
    return \Stripe\Checkout\Session::create([
        'mode' => 'payment',
        'line_items' => array_filter([
            ['price' => 'price_1Box', 'quantity' => $boxes],
            $wrap ? ['price' => 'price_1Wrap', 'quantity' => 1] : null,
        ]),
        'success_url' => 'https://shop.test/thanks',
    ]);
}
"""
    site = _site(source, "boxes.php", "php")
    assert "RT003" in {f.code for f in site.findings}
    # listed once, as the run-time list: nothing left from reading its lines one by one
    assert [d.path for d in site.dynamic] == ["line_items"]
    assert "'product_id' => \\DodoIds::productId($item['price'])," in site.suggestion
