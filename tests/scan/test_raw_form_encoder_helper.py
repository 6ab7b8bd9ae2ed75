"""A raw request to Stripe whose form body is written by the project's own encoder. Seen in a
WordPress tickets plugin: ``wp_remote_post('https://api.stripe.com/v1/checkout/sessions',
['body' => $this->build_query($payload)])``, ``build_query`` a method of the class walking the
array's keys, escaping them with ``rawurlencode`` and calling itself for nested arrays (a
hand-written ``http_build_query``). The body was one run-time value: the cart unknown (RT007),
the call blocked, though ``$payload`` is a literal array right above.

A function of the file that escapes and calls itself is read as such an encoder: the body is
its first argument, form-encoded, in each language that writes one so."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PHP = """<?php
class Tickets
{
    public function open(string $price, int $qty)
    {
        $payload = [
            'mode' => 'payment',
            'line_items' => [['price' => $price, 'quantity' => $qty]],
            'success_url' => 'https://tickets.example/ok',
        ];
        return wp_remote_post('https://api.stripe.com/v1/checkout/sessions', [
            'headers' => ['Authorization' => 'Bearer ' . TICKETS_KEY],
            'body' => $this->encode_form($payload),
        ]);
    }

    private function encode_form(array $data, string $prefix = ''): string
    {
        $out = [];
        foreach ($data as $key => $value) {
            $name = $prefix ? $prefix . '[' . $key . ']' : $key;
            $out[] = is_array($value)
                ? $this->encode_form($value, $name)
                : rawurlencode($name) . '=' . rawurlencode((string) $value);
        }
        return implode('&', $out);
    }
}
"""

PY = """import requests
from urllib.parse import quote


def _form(data, prefix=""):
    parts = []
    for key, value in data.items():
        name = f"{prefix}[{key}]" if prefix else key
        if isinstance(value, dict):
            parts.append(_form(value, name))
        else:
            parts.append(f"{quote(name)}={quote(str(value))}")
    return "&".join(parts)


def open_checkout(price, qty):
    params = {
        "mode": "payment",
        "line_items[0][price]": price,
        "line_items[0][quantity]": qty,
        "success_url": "https://tickets.example/ok",
    }
    return requests.post(
        "https://api.stripe.com/v1/checkout/sessions", data=_form(params), auth=(KEY, "")
    )
"""


def _site(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


@pytest.mark.parametrize(
    ("code", "name", "language", "price", "qty"),
    [
        (PHP, "tickets.php", "php", "\\DodoIds::productId($price)", "$qty"),
        (PY, "tickets.py", "python", "dodo_product_id(price)", "qty"),
    ],
)
def test_the_encoders_argument_is_the_body(
    code: str, name: str, language: str, price: str, qty: str
) -> None:
    site = _site(code, name, language)
    assert site.translation is not None
    assert "RT007" not in {f.code for f in site.findings}
    assert site.verdict != "blocked"
    assert price in site.suggestion and qty in site.suggestion
