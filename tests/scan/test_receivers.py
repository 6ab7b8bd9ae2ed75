"""Calls on another SDK's client are not Stripe's (migrate/scan/receivers.py), in every
language whose receiver's class or package the file says: a receiver built from a class (or a
package) the file imports from elsewhere (``Polar::Client.new``, ``new Polar(...)``,
``polargo.New(...)``, ``Polar.builder()...build()``), or a parameter, a local or a field
declared of such a type, is not Stripe, however its calls are spelled. Stripe's own clients
(``StripeClient``, ``*stripe.Client``), a receiver whose name says Stripe, and one whose
origin cannot be read (an injected parameter with no type) stay Stripe's.

In each file below, the calls on Polar's client come first; the lines listed are those of the
Stripe calls, the only sites."""

from __future__ import annotations

import textwrap

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

SUFFIX = {"ruby": "rb", "php": "php", "go": "go", "java": "java", "kotlin": "kt", "csharp": "cs"}

CODE: dict[str, tuple[str, list[int]]] = {
    "ruby": (
        """\
        require 'stripe'
        require 'polar'

        class Billing
          def cancel_polar(sid)
            polar = Polar::Client.new(access_token: ENV['POLAR_TOKEN'])
            polar.v1.subscriptions.update(sid, { cancel_at_period_end: true })
          end

          def cancel_stripe(sid)
            client = Stripe::StripeClient.new(ENV['STRIPE_KEY'])
            client.v1.subscriptions.update(sid, { cancel_at_period_end: true })
          end

          def cancel_injected(client, sid)
            client.v1.subscriptions.update(sid, { cancel_at_period_end: true })
          end
        end
        """,
        [12, 16],
    ),
    "php": (
        """\
        <?php
        use Polar\\Polar;
        use Stripe\\StripeClient;

        class Billing {
            private Polar $polar;

            public function cancel_built( $sid ) {
                $polar = new Polar( getenv( 'POLAR_TOKEN' ) );
                $polar->subscriptions->update( $sid, [ 'cancel_at_period_end' => true ] );
            }

            public function cancel_typed( Polar $client, $sid ) {
                $client->subscriptions->update( $sid, [ 'cancel_at_period_end' => true ] );
            }

            public function cancel_field( $sid ) {
                $this->polar->subscriptions->update( $sid, [ 'cancel_at_period_end' => true ] );
            }

            public function cancel_stripe( $sid ) {
                $client = new StripeClient( getenv( 'STRIPE_KEY' ) );
                $client->subscriptions->update( $sid, [ 'cancel_at_period_end' => true ] );
            }

            public function cancel_injected( $client, $sid ) {
                $client->subscriptions->update( $sid, [ 'cancel_at_period_end' => true ] );
            }
        }
        """,
        [23, 27],
    ),
    "go": (
        """\
        package billing

        import (
        \t"context"

        \tpolargo "github.com/polarsource/polar-go"
        \t"github.com/polarsource/polar-go/models/components"
        \t"github.com/stripe/stripe-go/v82"
        )

        func CancelPolar(ctx context.Context, id string) error {
        \tclient := polargo.New(polargo.WithSecurity("token"))
        \tupdate := components.SubscriptionUpdate{CancelAtPeriodEnd: true}
        \t_, err := client.V1Subscriptions.Update(ctx, id, update)
        \treturn err
        }

        func CancelTyped(ctx context.Context, client *polargo.Polar, id string) error {
        \tupdate := components.SubscriptionUpdate{CancelAtPeriodEnd: true}
        \t_, err := client.V1Subscriptions.Update(ctx, id, update)
        \treturn err
        }

        func CancelStripe(ctx context.Context, sc *stripe.Client, id string) error {
        \tparams := &stripe.SubscriptionUpdateParams{CancelAtPeriodEnd: stripe.Bool(true)}
        \t_, err := sc.V1Subscriptions.Update(ctx, id, params)
        \treturn err
        }
        """,
        [26],
    ),
    "java": (
        """\
        import com.polar.sdk.Polar;
        import com.polar.sdk.models.SubscriptionUpdate;
        import com.stripe.StripeClient;
        import com.stripe.param.SubscriptionUpdateParams;

        class Billing {
          private final Polar polar = Polar.builder().accessToken("x").build();

          void cancelBuilt(String sid) throws Exception {
            Polar client = Polar.builder().accessToken("x").build();
            client.subscriptions().update(sid, SubscriptionUpdate.builder()
                .cancelAtPeriodEnd(true).build());
          }

          void cancelTyped(Polar client, String sid) throws Exception {
            client.subscriptions().update(sid, SubscriptionUpdate.builder()
                .cancelAtPeriodEnd(true).build());
          }

          void cancelField(String sid) throws Exception {
            polar.subscriptions().update(sid, SubscriptionUpdate.builder()
                .cancelAtPeriodEnd(true).build());
          }

          void cancelStripe(StripeClient client, String sid) throws Exception {
            client.subscriptions().update(sid, SubscriptionUpdateParams.builder()
                .setCancelAtPeriodEnd(true).build());
          }
        }
        """,
        [26],
    ),
    "kotlin": (
        """\
        import com.polar.sdk.Polar
        import com.polar.sdk.models.SubscriptionUpdate
        import com.stripe.StripeClient
        import com.stripe.param.SubscriptionUpdateParams

        class Billing(private val polar: Polar) {
            fun cancelBuilt(sid: String) {
                val client = Polar("x")
                client.subscriptions().update(sid, SubscriptionUpdate.builder()
                    .setCancelAtPeriodEnd(true).build())
            }

            fun cancelTyped(client: Polar, sid: String) {
                client.subscriptions().update(sid, SubscriptionUpdate.builder()
                    .setCancelAtPeriodEnd(true).build())
            }

            fun cancelField(sid: String) {
                polar.subscriptions().update(sid, SubscriptionUpdate.builder()
                    .setCancelAtPeriodEnd(true).build())
            }

            fun cancelStripe(client: StripeClient, sid: String) {
                client.subscriptions().update(sid, SubscriptionUpdateParams.builder()
                    .setCancelAtPeriodEnd(true).build())
            }
        }
        """,
        [24],
    ),
    "csharp": (
        """\
        using PolarSdk;
        using PolarSdk.Models;
        using Stripe;

        public class Billing
        {
            private readonly PolarClient _polar;

            public Billing(PolarClient polar) { _polar = polar; }

            public async Task CancelBuilt(string sid)
            {
                var polar = new PolarClient("token");
                await polar.V1.Subscriptions.UpdateAsync(sid, new SubscriptionUpdate
                {
                    CancelAtPeriodEnd = true,
                });
            }

            public async Task CancelField(string sid)
            {
                await _polar.V1.Subscriptions.UpdateAsync(sid, new SubscriptionUpdate
                {
                    CancelAtPeriodEnd = true,
                });
            }

            public async Task CancelStripe(StripeClient client, string sid)
            {
                await client.V1.Subscriptions.UpdateAsync(sid, new SubscriptionUpdateOptions
                {
                    CancelAtPeriodEnd = true,
                });
            }
        }
        """,
        [30],
    ),
}


@pytest.mark.parametrize("language", list(CODE))
def test_a_call_on_another_sdks_client_is_not_stripes(language: str) -> None:
    code, lines = CODE[language]
    source = textwrap.dedent(code)
    sites = scan_source(source, f"billing.{SUFFIX[language]}", BY_NAME[language])
    assert [s.line for s in sites] == lines


def test_a_client_made_by_a_factory_whose_name_says_stripe_stays_stripes() -> None:
    # a project's own factory imported from a module that is not Stripe's: the call it makes
    # is Stripe's when its name says so (it was taken for another SDK's client and dropped)
    code = """\
from app.payments import make_stripe_client
from polar_sdk import Polar


def cancel(sid):
    client = make_stripe_client()
    return client.subscriptions.update(sid, params={"cancel_at_period_end": True})


def cancel_polar(sid):
    client = Polar(access_token="x")
    return client.subscriptions.update(sid, cancel_at_period_end=True)
"""
    sites = scan_source(code, "billing.py", BY_NAME["python"])
    assert [s.line for s in sites] == [7]
    go = """\
package billing

import (
\t"context"

\t"github.com/acme/app/payments"
\t"github.com/stripe/stripe-go/v82"
)

func Cancel(ctx context.Context, id string) error {
\tsc := payments.NewStripeClient()
\tparams := &stripe.SubscriptionUpdateParams{CancelAtPeriodEnd: stripe.Bool(true)}
\t_, err := sc.V1Subscriptions.Update(ctx, id, params)
\treturn err
}
"""
    assert [s.line for s in scan_source(go, "billing.go", BY_NAME["go"])] == [13]
