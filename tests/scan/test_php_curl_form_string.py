"""A plain-PHP checkout posted with curl, its form body one interpolated string
(``$body = "customer=$cid&line_items[][price]=price_x&...&metadata[user]={$user->id}"``), and
the handle's URL set twice (``curl_init($url)``, then ``curl_setopt($ch, CURLOPT_URL, $url)``):
the one request was two creations, each blocked by RT007 (no line item readable, the body a
run-time value as a whole). It is one creation whose literal form fields are read, each
interpolation the run-time value of its field (read in a cinema subscription site)."""

from __future__ import annotations

import json
from pathlib import Path

from migrate.scan.scan import scan_paths

SHOP = r"""<?php
function subscribe($cid, $user, $key) {
    $url = "https://api.stripe.com/v1/checkout/sessions";
    $ch = curl_init($url);
    curl_setopt($ch, CURLOPT_URL, $url);
    curl_setopt($ch, CURLOPT_POST, true);
    curl_setopt($ch, CURLOPT_HTTPHEADER, array("Authorization: Bearer $key"));
    $body = "customer=$cid&line_items[][price]=price_Gold&line_items[][quantity]=2&mode=subscription&subscription_data[trial_period_days]=7&metadata[user]={$user->id}&success_url=https://films.example/ok";
    curl_setopt($ch, CURLOPT_POSTFIELDS, $body);
    $out = json_decode(curl_exec($ch));
    curl_close($ch);
    return $out->url;
}
"""


def test_an_interpolated_form_string_is_read_field_by_field(tmp_path: Path) -> None:
    path = tmp_path / "subscribe.php"
    path.write_text(SHOP, encoding="utf-8")
    (site,) = [s for s in scan_paths([str(path)]) if s.kind == "create"]  # one request
    assert site.verdict.startswith("translated")
    assert [f.code for f in site.findings if f.level.value == "blocker"] == []
    text = site.suggestion
    body = json.loads(text[text.index("{") : text.index("\nJSON")])
    assert site.translation is not None
    (product,) = site.translation.requires
    assert product["stripe"] == {"price": "price_Gold"}
    assert body["product_cart"] == [{"product_id": product["id"], "quantity": 2}]
    assert body["subscription_data"] == {"trial_period_days": 7}
    assert body["return_url"] == "https://films.example/ok"
    assert "$dodoBody->{'customer'}->{'customer_id'} = \\DodoIds::customerId($cid);" in text
    assert "$dodoBody->{'metadata'}->{'user'} = strval($user->id);" in text
