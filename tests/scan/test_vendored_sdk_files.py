"""Stripe's SDK copied into a project (a WordPress plugin shipping stripe-php under
``includes/stripe-php/lib``) is not the project's code: its ``Event.php`` declares a constant for
every event name, and each was reported as related code (X004, 94 warnings in one plugin). Only
raw HTTP requests skipped such a file; now the whole file is skipped, in every language whose
SDK namespace, package or module it declares. The project's own webhook code is still read."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

SDK_PHP = """\
<?php

namespace Stripe;

class Event extends ApiResource
{
    const OBJECT_NAME = 'event';
    const CHECKOUT_SESSION_COMPLETED = 'checkout.session.completed';
    const INVOICE_PAID = 'invoice.paid';
}
"""
OWN_PHP = """\
<?php

namespace MyPlugin;

function handle($event) {
    switch ($event->type) {
        case 'checkout.session.completed':
            return fulfil($event);
    }
}
"""
SDK_JAVA = """\
package com.stripe.model;

public class EventNames {
  public static final String CHECKOUT_SESSION_COMPLETED = "checkout.session.completed";
}
"""


def test_a_vendored_stripe_php_event_file_says_nothing() -> None:
    sites = list(scan_source(SDK_PHP, "includes/stripe-php/lib/Event.php", BY_NAME["php"]))
    assert sites == []


def test_a_vendored_java_sdk_file_says_nothing() -> None:
    path = "libs/stripe-java/src/main/java/com/stripe/model/EventNames.java"
    assert list(scan_source(SDK_JAVA, path, BY_NAME["java"])) == []


def test_the_project_s_own_webhook_is_still_read() -> None:
    sites = list(scan_source(OWN_PHP, "includes/class-webhooks.php", BY_NAME["php"]))
    assert [f.code for s in sites for f in s.findings] == ["X004"]


GO_APP = """\
package stripe

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func Checkout(priceID string) (*stripe.CheckoutSession, error) {
	return session.New(&stripe.CheckoutSessionParams{
		Mode:       stripe.String("subscription"),
		LineItems:  []*stripe.CheckoutSessionLineItemParams{{Price: stripe.String(priceID)}},
		SuccessURL: stripe.String("https://app.example/ok"),
	})
}
"""
CS_APP = """\
using Stripe;
using Stripe.Checkout;

namespace Stripe.Onboarding.Features.Billing
{
    public class CheckoutService
    {
        public Session Create(string priceId)
        {
            var options = new SessionCreateOptions
            {
                Mode = "payment",
                LineItems = new List<SessionLineItemOptions> { new() { Price = priceId } },
                SuccessUrl = "https://app.example/ok",
            };
            return new SessionService().Create(options);
        }
    }
}
"""


def test_an_app_package_named_after_stripe_is_the_app_s_code() -> None:
    """A Go service's own ``internal/stripe`` package and a .NET app whose namespace starts with
    ``Stripe.`` wrap the SDK: their checkouts are found (they were skipped as the SDK's)."""
    go = list(scan_source(GO_APP, "backend/internal/stripe/stripe.go", BY_NAME["go"]))
    assert [s.kind for s in go] == ["create"]
    path = "Features/Billing/CheckoutService.cs"
    cs = list(scan_source(CS_APP, path, BY_NAME["csharp"]))
    assert [s.kind for s in cs] == ["create"]


def test_the_same_files_under_a_copy_of_the_sdk_are_skipped() -> None:
    path = "third_party/stripe-go/checkout.go"
    assert list(scan_source(GO_APP, path, BY_NAME["go"])) == []
