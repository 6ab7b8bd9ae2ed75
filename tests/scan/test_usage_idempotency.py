"""A usage report sent with an idempotency key carries it as the Dodo event's `event_id`
(UE014): Dodo dedupes events on that id (SDK EventInputParam.event_id), as the key deduped the
request on Stripe. It was `TODO_event_id` with a blocker (UE102) and X018 saying "send this key
as the event's event_id", while the code already had it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from migrate.mapping.expr import Expr
from migrate.mapping.translate import translate_item, translate_params
from migrate.readers.base import SourceRef
from migrate.readers.payloads import read_file
from migrate.scan import scan_paths
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, ScanStats, scan_source

SUFFIX = {"python": "py", "typescript": "ts", "ruby": "rb", "php": "php", "go": "go"}
SUFFIX |= {"java": "java", "csharp": "cs", "bash": "sh"}


def one(code: str, language: str) -> CallSite:
    sites = scan_source(code, f"x.{SUFFIX[language]}", BY_NAME[language])
    (site,) = [s for s in sites if s.kind == "create"]
    return site


def event(site: CallSite) -> dict[str, Any]:
    assert site.translation is not None and site.translation.dodo is not None
    found: dict[str, Any] = site.translation.dodo["events"][0]
    return found


def codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


PY = """\
import stripe


def report(customer_id, tokens, request_id):
    return stripe.billing.MeterEvent.create(
        event_name="ai_tokens",
        payload={"stripe_customer_id": customer_id, "value": str(tokens)},
        idempotency_key=f"usage-{request_id}",
    )
"""
TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function report(customerId: string, tokens: number, requestId: string) {
  return stripe.billing.meterEvents.create(
    { event_name: "ai_tokens", payload: { stripe_customer_id: customerId, value: String(tokens) } },
    { idempotencyKey: `usage-${requestId}` },
  );
}
"""
RUBY = """\
require 'stripe'
def report(customer_id, tokens, request_id)
  Stripe::Billing::MeterEvent.create(
    { event_name: 'ai_tokens', payload: { stripe_customer_id: customer_id, value: tokens.to_s } },
    { idempotency_key: "usage-#{request_id}" }
  )
end
"""
PHP = """\
<?php
function report($stripe, $customerId, $tokens, $requestId) {
    return $stripe->billing->meterEvents->create(
        ['event_name' => 'ai_tokens', 'payload' => ['stripe_customer_id' => $customerId]],
        ['idempotency_key' => $requestId]
    );
}
"""
GO = """\
package usage

import (
\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/billing/meterevent"
)

func Report(customerID string, tokens string, requestID string) (*stripe.BillingMeterEvent, error) {
\tparams := &stripe.BillingMeterEventParams{
\t\tEventName: stripe.String("ai_tokens"),
\t\tPayload:   map[string]string{"stripe_customer_id": customerID, "value": tokens},
\t}
\tparams.SetIdempotencyKey(requestID)
\treturn meterevent.New(params)
}
"""
JAVA = """\
import com.stripe.model.billing.MeterEvent;
import com.stripe.net.RequestOptions;
import com.stripe.param.billing.MeterEventCreateParams;

public class Usage {
    public MeterEvent report(String customerId, String tokens, String requestId) throws Exception {
        MeterEventCreateParams params = MeterEventCreateParams.builder()
            .setEventName("ai_tokens")
            .putPayload("stripe_customer_id", customerId)
            .build();
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(requestId).build();
        return MeterEvent.create(params, options);
    }
}
"""
CSHARP = """\
using Stripe;
using Stripe.Billing;

public class Usage
{
    public MeterEvent Report(string customerId)
    {
        var options = new MeterEventCreateOptions
        {
            EventName = "ai_tokens",
            Payload = new Dictionary<string, string> { { "stripe_customer_id", customerId } },
        };
        var ro = new RequestOptions { IdempotencyKey = "usage-7" };
        return new MeterEventService().Create(options, ro);
    }
}
"""
RAW_HTTP = """\
import os

import httpx


def report(customer_id, tokens, request_id):
    return httpx.post(
        "https://api.stripe.com/v1/billing/meter_events",
        data={"event_name": "ai_tokens", "payload[stripe_customer_id]": customer_id},
        headers={"Idempotency-Key": request_id},
        auth=(os.environ["STRIPE_SECRET_KEY"], ""),
    )
"""
CURL = """\
#!/bin/sh
curl https://api.stripe.com/v1/billing/meter_events \\
  -u "$STRIPE_SECRET_KEY:" \\
  -H "Idempotency-Key: $REQUEST_ID" \\
  -d event_name=ai_tokens \\
  -d "payload[stripe_customer_id]=$CUSTOMER"
"""


@pytest.mark.parametrize(
    ("code", "language", "key"),
    [
        (PY, "python", 'f"usage-{request_id}"'),
        (TS, "typescript", "`usage-${requestId}`"),
        (RUBY, "ruby", '"usage-#{request_id}"'),
        (PHP, "php", "$requestId"),
        (GO, "go", "requestID"),
        (JAVA, "java", "requestId"),
        (CSHARP, "csharp", "usage-7"),
        (RAW_HTTP, "python", "request_id"),
        (CURL, "bash", "$REQUEST_ID"),
    ],
)
def test_the_idempotency_key_is_the_event_id(code: str, language: str, key: str) -> None:
    site = one(code, language)
    event_id = event(site)["event_id"]
    if key == "usage-7":  # a literal key is the literal id
        assert event_id == key
    else:
        assert isinstance(event_id, Expr) and event_id.source == key and not event_id.missing
    found = codes(site)
    assert "UE014" in found
    assert "UE102" not in found and "X018" not in found
    assert "TODO_event_id" not in site.suggestion


def test_a_meter_event_identifier_stays_the_event_id() -> None:
    """Stripe dedupes the events on `identifier`; the key only made the request safe to retry."""
    code = PY.replace('event_name="ai_tokens",', 'event_name="ai_tokens", identifier=event_key,')
    site = one(code, "python")
    event_id = event(site)["event_id"]
    assert isinstance(event_id, Expr) and event_id.source == "event_key"
    assert "UE014" not in codes(site) and "X018" in codes(site)


def test_a_report_without_a_key_still_needs_an_id() -> None:
    site = one(PY.replace('        idempotency_key=f"usage-{request_id}",\n', ""), "python")
    assert "UE102" in codes(site)
    assert "TODO_event_id" in site.suggestion


def test_a_checkout_keeps_its_idempotency_finding() -> None:
    """Only a usage event has a field that takes the key: a checkout's is still X018."""
    code = (
        "import stripe\n\ndef pay(order_id):\n    return stripe.checkout.Session.create("
        "mode='payment', line_items=[{'price': 'price_1A', 'quantity': 1}],"
        " success_url='https://e.com/ok', idempotency_key=f'order-{order_id}')\n"
    )
    assert "X018" in codes(one(code, "python"))


def test_a_wrapper_caller_passes_its_own_key(tmp_path: Path) -> None:
    (tmp_path / "usage.py").write_text(PY, encoding="utf-8")
    (tmp_path / "jobs.py").write_text(
        "from usage import report\n\n\ndef on_tokens(user, n, req):\n"
        "    return report(user.stripe_customer_id, n, req.id)\n",
        encoding="utf-8",
    )
    stats = ScanStats()
    sites = [s for s in scan_paths([str(tmp_path)], stats=stats, jobs=1) if s.kind == "create"]
    (caller,) = [s for s in sites if s.file.endswith("jobs.py")]
    event_id = event(caller)["event_id"]
    assert isinstance(event_id, Expr) and event_id.source == 'f"usage-{req.id}"'
    assert "UE014" in codes(caller) and "UE102" not in codes(caller)


def test_translated_from_a_curl_file(tmp_path: Path) -> None:
    """`stripe2dodo translate` of a curl command with a literal Idempotency-Key header."""
    path = tmp_path / "report.sh"
    path.write_text(
        "curl https://api.stripe.com/v1/billing/meter_events -u sk_test_x: "
        "-H 'Idempotency-Key: usage-2024-05-01-42' -d event_name=ai_tokens "
        "-d 'payload[stripe_customer_id]=cus_1' -d 'payload[value]=3'\n",
        encoding="utf-8",
    )
    (item,) = list(read_file(path))
    result = translate_item(item)
    assert result.dodo is not None
    assert result.dodo["events"][0]["event_id"] == "usage-2024-05-01-42"
    assert "UE014" in {f.code for f in result.findings}


def test_the_translator_is_told_the_key() -> None:
    params = {"event_name": "ai_tokens", "payload": {"stripe_customer_id": "cus_1", "value": "3"}}
    meta = {"endpoint": "/v1/billing/meter_events", "method": "POST"}
    told = translate_params(params, SourceRef("x", "json"), meta={**meta, "idempotency_key": "k1"})
    assert told.dodo is not None and told.dodo["events"][0]["event_id"] == "k1"
    plain = translate_params(params, SourceRef("x", "json"), meta=meta)
    assert "UE102" in {f.code for f in plain.findings}


@pytest.mark.parametrize(
    "key",
    ["key if retry else None", "None if not retry else key", "key or None", "key or ''"],
)
def test_a_key_that_is_nothing_on_some_runs_is_no_event_id(key: str) -> None:
    # found by review: `idempotency_key=key if retry else None` became `"event_id": key if
    # retry else None`; Dodo requires the id, so the first (not retried) report was refused
    # and its usage never billed. The id stays to write (UE102) and the key is X018's
    code = PY.replace('f"usage-{request_id}"', key)
    site = one(code, "python")
    assert "UE014" not in codes(site)
    assert {"UE102", "X018"} <= codes(site)
    assert "TODO_event_id" in (site.suggestion or "")
