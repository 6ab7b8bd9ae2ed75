"""``{CHECKOUT_SESSION_ID}`` as a segment of the return URL's path
(``/success/{CHECKOUT_SESSION_ID}``, a Symfony shop whose ``/success/{stripeSessionId}`` route
marks the order paid): removed, the return is ``/success``, which that route no longer matches.
C003 says so there, and what to do (a page reading Dodo's query parameters, the Dodo session id
stored); a query value's template is said removed as before."""

from __future__ import annotations

import pytest

from migrate.mapping.translate import translate_params
from migrate.readers.base import SourceRef
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

PHP = """<?php
use Stripe\\Checkout\\Session;

class CreerSessionService {
    public function create($order, $priceId) {
        $session = Session::create([
            'line_items' => [['price' => $priceId, 'quantity' => 1]],
            'mode' => 'payment',
            'success_url' => $this->getDomain() . '/success/{CHECKOUT_SESSION_ID}',
            'cancel_url' => $this->getDomain() . '/cancel?session={CHECKOUT_SESSION_ID}',
        ]);
        $order->setStripeSessionId($session->id);
        return $session;
    }
}
"""


def _c003(findings: object) -> dict[str, str]:
    return {f.path: f.message for f in findings if f.code == "C003"}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("url", "in_path"),
    [
        ("https://shop.test/success/{CHECKOUT_SESSION_ID}", True),
        ("https://shop.test/success?session_id={CHECKOUT_SESSION_ID}", False),
    ],
)
def test_a_literal_url(url: str, in_path: bool) -> None:
    doc = {
        "mode": "payment",
        "line_items": [{"price": "price_1", "quantity": 1}],
        "success_url": url,
    }
    result = translate_params(doc, SourceRef("p.json", "json"))
    said = _c003(result.findings)["success_url"]
    assert ("no longer matches" in said) is in_path
    assert result.dodo is not None and "{CHECKOUT" not in result.dodo["return_url"]
    if in_path:  # the project's own URL, never an example path (vocfaucet has no /success)
        assert f"`{url}` is now `https://shop.test/success/`" in said


def test_a_url_built_at_run_time() -> None:
    (site,) = [s for s in scan_source(PHP, "S.php", BY_NAME["php"]) if s.kind == "create"]
    said = _c003(site.findings)
    # the URL is built at run time: the change is said with an example, as one
    assert "a path like `/success/{CHECKOUT_SESSION_ID}` becomes `/success`" in said["success_url"]
    assert "session_id" in said["success_url"]
    assert said["cancel_url"].endswith("it was removed.")
    assert "$this->getDomain() . '/success';" in (site.suggestion or "")
