"""Params set in one branch never reach a call in another (migrate/scan/reach.py).

A binding or a change made in one branch of an if/else (an elif, a switch case, a catch) is not
seen by a call in another branch of the same statement, and one made in a block that returns
(or throws) is not seen by a call after that block: the path that reaches the call did not run
it. Read in stellarwp/restrict-content, whose SetupIntent (else branch) was given the amount and
currency the PaymentIntent branch merged in: two SI090 warnings, RT001 in the real file."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from migrate.scan import CallSite
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

SUFFIX = {
    "python": "py",
    "javascript": "js",
    "typescript": "ts",
    "ruby": "rb",
    "php": "php",
    "go": "go",
    "java": "java",
    "csharp": "cs",
    "kotlin": "kt",
}


def scan(code: str, language: str) -> list[CallSite]:
    """The sites of ``code``, in source order."""
    source = textwrap.dedent(code)
    sites = scan_source(source, f"x.{SUFFIX[language]}", BY_NAME[language])
    return sorted(sites, key=lambda s: (s.line, s.column))


def dyn(source: str) -> dict[str, str]:
    return {"$dynamic": source}


def codes(site: CallSite) -> list[str]:
    assert site.translation is not None
    return sorted(f"{f.code}@{f.path}" for f in site.translation.findings)


# -- the restrict-content shape in each language: an if/else whose branches each make a call,
# and an if that returns, then a call after it (PaymentIntent and SetupIntent) ----------------

INTENTS: dict[str, tuple[str, str]] = {
    "python": (
        """\
        import stripe

        def f(customer_id, amount):
            params = {"customer": customer_id}
            if amount > 0:
                params = {**params, "amount": 1500, "currency": "usd"}
                return stripe.PaymentIntent.create(**params)
            else:
                params["usage"] = "off_session"
                return stripe.SetupIntent.create(**params)

        def g(customer_id, amount):
            params = {"customer": customer_id}
            if amount > 0:
                params["amount"] = 1500
                params["currency"] = "usd"
                return stripe.PaymentIntent.create(**params)
            return stripe.SetupIntent.create(**params)
        """,
        "customer_id",
    ),
    "javascript": (
        """\
        const stripe = require('stripe')(process.env.KEY);

        async function f(customerId, amount) {
          let params = { customer: customerId };
          if (amount > 0) {
            params = { ...params, amount: 1500, currency: 'usd' };
            return stripe.paymentIntents.create(params);
          } else {
            params.usage = 'off_session';
            return stripe.setupIntents.create(params);
          }
        }

        async function g(customerId, amount) {
          const params = { customer: customerId };
          if (amount > 0) {
            params.amount = 1500;
            params.currency = 'usd';
            return stripe.paymentIntents.create(params);
          }
          return stripe.setupIntents.create(params);
        }
        """,
        "customerId",
    ),
    "ruby": (
        """\
        def f(customer_id, amount)
          params = { customer: customer_id }
          if amount > 0
            params = params.merge(amount: 1500, currency: 'usd')
            return Stripe::PaymentIntent.create(params)
          else
            params[:usage] = 'off_session'
            return Stripe::SetupIntent.create(params)
          end
        end

        def g(customer_id, amount)
          params = { customer: customer_id }
          if amount > 0
            params[:amount] = 1500
            params[:currency] = 'usd'
            return Stripe::PaymentIntent.create(params)
          end
          Stripe::SetupIntent.create(params)
        end
        """,
        "customer_id",
    ),
    "php": (
        """\
        <?php
        function f( $customer_id, $amount ) {
            $args = array( 'customer' => $customer_id );
            if ( $amount > 0 ) {
                $args = array_merge( $args, array( 'amount' => 1500, 'currency' => 'usd' ) );
                return \\Stripe\\PaymentIntent::create( $args );
            } else {
                $args['usage'] = 'off_session';
                return \\Stripe\\SetupIntent::create( $args );
            }
        }

        function g( $customer_id, $amount ) {
            $args = array( 'customer' => $customer_id );
            if ( $amount > 0 ) {
                $args['amount'] = 1500;
                $args['currency'] = 'usd';
                return \\Stripe\\PaymentIntent::create( $args );
            }
            return \\Stripe\\SetupIntent::create( $args );
        }
        """,
        "$customer_id",
    ),
}


@pytest.mark.parametrize("language", list(INTENTS))
def test_a_setup_intent_gets_nothing_from_the_payment_intents_branch(language: str) -> None:
    code, customer = INTENTS[language]
    branches, after = scan(code, language)[:2], scan(code, language)[2:]
    payment = {"customer": dyn(customer), "amount": 1500, "currency": "usd"}
    assert [s.params for s in branches] == [
        payment,
        {"customer": dyn(customer), "usage": "off_session"},
    ]
    assert "SI090@amount" not in codes(branches[1])
    assert [s.params for s in after] == [payment, {"customer": dyn(customer)}]
    assert not [c for c in codes(after[1]) if c.startswith(("SI090", "RT001"))]


# -- the same in the languages of typed params: the PaymentIntent's builder, options or struct
# gains a description in one branch; the other branch, and the call after an if that returned,
# do not send it --------------------------------------------------------------------------------

TYPED: dict[str, str] = {
    "go": """\
        package main

        import (
        \t"github.com/stripe/stripe-go/v82"
        \t"github.com/stripe/stripe-go/v82/paymentintent"
        )

        func f(customerID string, upgrade bool) (*stripe.PaymentIntent, error) {
        \tparams := &stripe.PaymentIntentParams{
        \t\tAmount: stripe.Int64(1000), Currency: stripe.String("usd"),
        \t}
        \tif upgrade {
        \t\tparams.Description = stripe.String("upgrade")
        \t\treturn paymentintent.New(params)
        \t} else {
        \t\tparams.Customer = stripe.String(customerID)
        \t\treturn paymentintent.New(params)
        \t}
        }

        func g(customerID string, upgrade bool) (*stripe.PaymentIntent, error) {
        \tparams := &stripe.PaymentIntentParams{
        \t\tAmount: stripe.Int64(1000), Currency: stripe.String("usd"),
        \t}
        \tif upgrade {
        \t\tparams = &stripe.PaymentIntentParams{
        \t\t\tAmount: stripe.Int64(2000), Currency: stripe.String("eur"),
        \t\t}
        \t\treturn paymentintent.New(params)
        \t}
        \treturn paymentintent.New(params)
        }
    """,
    "java": """\
        import com.stripe.model.PaymentIntent;
        import com.stripe.param.PaymentIntentCreateParams;

        class A {
          PaymentIntent f(String customerId, boolean upgrade) throws Exception {
            PaymentIntentCreateParams.Builder builder = PaymentIntentCreateParams.builder()
                .setAmount(1000L).setCurrency("usd");
            if (upgrade) {
              builder.setDescription("upgrade");
              return PaymentIntent.create(builder.build());
            } else {
              builder.setCustomer(customerId);
              return PaymentIntent.create(builder.build());
            }
          }

          PaymentIntent g(String customerId, boolean upgrade) throws Exception {
            PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                .setAmount(1000L).setCurrency("usd").build();
            if (upgrade) {
              params = PaymentIntentCreateParams.builder()
                  .setAmount(2000L).setCurrency("eur").build();
              return PaymentIntent.create(params);
            }
            return PaymentIntent.create(params);
          }
        }
    """,
    "kotlin": """\
        import com.stripe.model.PaymentIntent
        import com.stripe.param.PaymentIntentCreateParams

        class A {
            fun f(customerId: String, upgrade: Boolean): PaymentIntent {
                val builder = PaymentIntentCreateParams.builder()
                    .setAmount(1000L).setCurrency("usd")
                if (upgrade) {
                    builder.setDescription("upgrade")
                    return PaymentIntent.create(builder.build())
                } else {
                    builder.setCustomer(customerId)
                    return PaymentIntent.create(builder.build())
                }
            }

            fun g(customerId: String, upgrade: Boolean): PaymentIntent {
                var params = PaymentIntentCreateParams.builder()
                    .setAmount(1000L).setCurrency("usd").build()
                if (upgrade) {
                    params = PaymentIntentCreateParams.builder()
                        .setAmount(2000L).setCurrency("eur").build()
                    return PaymentIntent.create(params)
                }
                return PaymentIntent.create(params)
            }
        }
    """,
    "csharp": """\
        using Stripe;

        class A
        {
            PaymentIntent F(string customerId, bool upgrade)
            {
                var options = new PaymentIntentCreateOptions { Amount = 1000, Currency = "usd" };
                if (upgrade)
                {
                    options.Description = "upgrade";
                    return new PaymentIntentService().Create(options);
                }
                else
                {
                    options.Customer = customerId;
                    return new PaymentIntentService().Create(options);
                }
            }

            PaymentIntent G(string customerId, bool upgrade)
            {
                var options = new PaymentIntentCreateOptions { Amount = 1000, Currency = "usd" };
                if (upgrade)
                {
                    options = new PaymentIntentCreateOptions { Amount = 2000, Currency = "eur" };
                    return new PaymentIntentService().Create(options);
                }
                return new PaymentIntentService().Create(options);
            }
        }
    """,
}


@pytest.mark.parametrize("language", list(TYPED))
def test_a_builder_changed_in_one_branch_is_not_changed_in_the_other(language: str) -> None:
    sites = scan(TYPED[language], language)
    customer = "customerID" if language == "go" else "customerId"
    base = {"amount": 1000, "currency": "usd"}
    assert [s.params for s in sites] == [
        {**base, "description": "upgrade"},
        {**base, "customer": dyn(customer)},
        {"amount": 2000, "currency": "eur"},
        base,  # after the if that made other params and returned
    ]
    assert all(not s.dynamic for s in sites[2:])


# -- switch cases, catch clauses, elif chains: a key set in one never reaches a call in another;
# each snippet's calls are listed with the description each must send (None: none) ---------------

ARMS: dict[str, tuple[str, list[str | None]]] = {
    "python": (
        """\
        import stripe

        def f(kind):
            params = {"amount": 1000, "currency": "usd"}
            match kind:
                case "gift":
                    params["description"] = "gift"
                    stripe.PaymentIntent.create(**params)
                case _:
                    stripe.PaymentIntent.create(**params)

        def g():
            params = {"amount": 1000, "currency": "usd"}
            try:
                stripe.PaymentIntent.create(**params)
            except ValueError:
                params["description"] = "retry"
                stripe.PaymentIntent.create(**params)
            except KeyError:
                stripe.PaymentIntent.create(**params)

        def h(kind):
            params = {"amount": 1000, "currency": "usd"}
            if kind == "a":
                params["description"] = "a"
            elif kind == "b":
                stripe.PaymentIntent.create(**params)
        """,
        ["gift", None, None, "retry", None, None],
    ),
    "javascript": (
        """\
        const stripe = require('stripe')(process.env.KEY);

        async function f(kind) {
          const params = { amount: 1000, currency: 'usd' };
          switch (kind) {
            case 'gift':
              params.description = 'gift';
              await stripe.paymentIntents.create(params);
              break;
            default:
              await stripe.paymentIntents.create(params);
          }
        }

        async function g() {
          const params = { amount: 1000, currency: 'usd' };
          try {
            await stripe.paymentIntents.create(params);
          } catch (e) {
            params.description = 'retry';
            await stripe.paymentIntents.create(params);
          }
        }

        async function h(kind) {
          const params = { amount: 1000, currency: 'usd' };
          if (kind === 'a') {
            params.description = 'x';
          } else if (kind === 'b') {
            await stripe.paymentIntents.create(params);
          }
        }
        """,
        ["gift", None, None, "retry", None],
    ),
    "ruby": (
        """\
        def f(kind)
          params = { amount: 1000, currency: 'usd' }
          case kind
          when 'gift'
            params[:description] = 'gift'
            Stripe::PaymentIntent.create(params)
          else
            Stripe::PaymentIntent.create(params)
          end
        end

        def g
          params = { amount: 1000, currency: 'usd' }
          begin
            Stripe::PaymentIntent.create(params)
          rescue Stripe::CardError
            params[:description] = 'retry'
            Stripe::PaymentIntent.create(params)
          rescue StandardError
            Stripe::PaymentIntent.create(params)
          end
        end

        def h(kind)
          params = { amount: 1000, currency: 'usd' }
          if kind == 'a'
            params[:description] = 'a'
          elsif kind == 'b'
            Stripe::PaymentIntent.create(params)
          end
        end
        """,
        ["gift", None, None, "retry", None, None],
    ),
    "php": (
        """\
        <?php
        function f( $kind ) {
            $args = array( 'amount' => 1000, 'currency' => 'usd' );
            switch ( $kind ) {
                case 'gift':
                    $args['description'] = 'gift';
                    \\Stripe\\PaymentIntent::create( $args );
                    break;
                default:
                    \\Stripe\\PaymentIntent::create( $args );
            }
        }

        function g( $kind ) {
            $args = array( 'amount' => 1000, 'currency' => 'usd' );
            try {
                \\Stripe\\PaymentIntent::create( $args );
            } catch ( \\Stripe\\Exception\\CardException $e ) {
                $args['description'] = 'retry';
                \\Stripe\\PaymentIntent::create( $args );
            } catch ( Exception $e ) {
                \\Stripe\\PaymentIntent::create( $args );
            }
        }

        function h( $kind ) {
            $args = array( 'amount' => 1000, 'currency' => 'usd' );
            if ( $kind === 'a' ) {
                $args['description'] = 'a';
            } elseif ( $kind === 'b' ) {
                \\Stripe\\PaymentIntent::create( $args );
            }
        }
        """,
        ["gift", None, None, "retry", None, None],
    ),
    "go": (
        """\
        package main

        import (
        \t"github.com/stripe/stripe-go/v82"
        \t"github.com/stripe/stripe-go/v82/paymentintent"
        )

        func f(kind string) {
        \tparams := &stripe.PaymentIntentParams{
        \t\tAmount: stripe.Int64(1000), Currency: stripe.String("usd"),
        \t}
        \tswitch kind {
        \tcase "gift":
        \t\tparams.Description = stripe.String("gift")
        \t\tpaymentintent.New(params)
        \tdefault:
        \t\tpaymentintent.New(params)
        \t}
        }

        func h(kind string) {
        \tparams := &stripe.PaymentIntentParams{
        \t\tAmount: stripe.Int64(1000), Currency: stripe.String("usd"),
        \t}
        \tif kind == "a" {
        \t\tparams.Description = stripe.String("a")
        \t} else if kind == "b" {
        \t\tpaymentintent.New(params)
        \t}
        }
        """,
        ["gift", None, None],
    ),
    "java": (
        """\
        import com.stripe.model.PaymentIntent;
        import com.stripe.param.PaymentIntentCreateParams;

        class A {
          void f(String kind) throws Exception {
            PaymentIntentCreateParams.Builder builder = PaymentIntentCreateParams.builder()
                .setAmount(1000L).setCurrency("usd");
            switch (kind) {
              case "gift" -> {
                builder.setDescription("gift");
                PaymentIntent.create(builder.build());
              }
              default -> PaymentIntent.create(builder.build());
            }
          }

          void g() throws Exception {
            PaymentIntentCreateParams.Builder builder = PaymentIntentCreateParams.builder()
                .setAmount(1000L).setCurrency("usd");
            try {
              PaymentIntent.create(builder.build());
            } catch (IllegalStateException e) {
              builder.setDescription("retry");
              PaymentIntent.create(builder.build());
            } catch (RuntimeException e) {
              PaymentIntent.create(builder.build());
            }
          }
        }
        """,
        ["gift", None, None, "retry", None],
    ),
    "csharp": (
        """\
        using Stripe;

        class A
        {
            void F(string kind)
            {
                var options = new PaymentIntentCreateOptions { Amount = 1000, Currency = "usd" };
                switch (kind)
                {
                    case "gift":
                        options.Description = "gift";
                        new PaymentIntentService().Create(options);
                        break;
                    default:
                        new PaymentIntentService().Create(options);
                        break;
                }
            }

            void G()
            {
                var options = new PaymentIntentCreateOptions { Amount = 1000, Currency = "usd" };
                try
                {
                    new PaymentIntentService().Create(options);
                }
                catch (StripeException)
                {
                    options.Description = "retry";
                    new PaymentIntentService().Create(options);
                }
                catch (System.Exception)
                {
                    new PaymentIntentService().Create(options);
                }
            }
        }
        """,
        ["gift", None, None, "retry", None],
    ),
    "kotlin": (
        """\
        import com.stripe.model.PaymentIntent
        import com.stripe.param.PaymentIntentCreateParams

        class A {
            fun f(kind: String) {
                val builder = PaymentIntentCreateParams.builder()
                    .setAmount(1000L).setCurrency("usd")
                when (kind) {
                    "gift" -> {
                        builder.setDescription("gift")
                        PaymentIntent.create(builder.build())
                    }
                    else -> PaymentIntent.create(builder.build())
                }
            }

            fun g() {
                val builder = PaymentIntentCreateParams.builder()
                    .setAmount(1000L).setCurrency("usd")
                try {
                    PaymentIntent.create(builder.build())
                } catch (e: IllegalStateException) {
                    builder.setDescription("retry")
                    PaymentIntent.create(builder.build())
                } catch (e: RuntimeException) {
                    PaymentIntent.create(builder.build())
                }
            }
        }
        """,
        ["gift", None, None, "retry", None],
    ),
}


@pytest.mark.parametrize("language", list(ARMS))
def test_a_case_or_a_catch_sets_nothing_for_another(language: str) -> None:
    code, expected = ARMS[language]
    sites = scan(code, language)
    assert [s.params.get("description") for s in sites] == expected
    assert all(not s.dynamic for s in sites)


# -- what still reaches: a case that falls into the next one, and the branch that ran when every
# other one returned (its value holds after the if, no choice with the value before) -------------

RUN_ON: dict[str, tuple[str, list[Any]]] = {
    "javascript": (
        """\
        const stripe = require('stripe')(process.env.KEY);

        async function f(kind) {
          const params = { amount: 1000, currency: 'usd' };
          switch (kind) {
            case 'late':
              params.description = 'late';
            case 'plain':
              await stripe.paymentIntents.create(params);
          }
        }

        async function g(kind) {
          const params = { amount: 1000, currency: 'usd' };
          if (kind === 'free') {
            return null;
          } else if (kind === 'gift') {
            throw new Error('no gifts');
          } else {
            params.description = 'paid';
          }
          return stripe.paymentIntents.create(params);
        }
        """,
        ["late", "paid"],
    ),
    "python": (
        """\
        import stripe

        def g(kind):
            params = {"amount": 1000, "currency": "usd"}
            if kind == "free":
                return None
            elif kind == "gift":
                raise ValueError("no gifts")
            else:
                params["description"] = "paid"
            return stripe.PaymentIntent.create(**params)
        """,
        ["paid"],
    ),
    "php": (
        """\
        <?php
        function f( $kind ) {
            $args = array( 'amount' => 1000, 'currency' => 'usd' );
            switch ( $kind ) {
                case 'late':
                    $args['description'] = 'late';
                case 'plain':
                    \\Stripe\\PaymentIntent::create( $args );
            }
        }

        function g( $kind ) {
            $args = array( 'amount' => 1000, 'currency' => 'usd' );
            if ( $kind === 'free' ) {
                return null;
            } else {
                $args['description'] = 'paid';
            }
            return \\Stripe\\PaymentIntent::create( $args );
        }
        """,
        ["late", "paid"],
    ),
    "go": (
        """\
        package main

        import (
        \t"github.com/stripe/stripe-go/v82"
        \t"github.com/stripe/stripe-go/v82/paymentintent"
        )

        func f(kind string) {
        \tparams := &stripe.PaymentIntentParams{
        \t\tAmount: stripe.Int64(1000), Currency: stripe.String("usd"),
        \t}
        \tswitch kind {
        \tcase "late":
        \t\tparams.Description = stripe.String("late")
        \t\tfallthrough
        \tcase "plain":
        \t\tpaymentintent.New(params)
        \t}
        }

        func g(kind string) (*stripe.PaymentIntent, error) {
        \tparams := &stripe.PaymentIntentParams{
        \t\tAmount: stripe.Int64(1000), Currency: stripe.String("usd"),
        \t}
        \tif kind == "free" {
        \t\treturn nil, nil
        \t} else {
        \t\tparams.Description = stripe.String("paid")
        \t}
        \treturn paymentintent.New(params)
        }
        """,
        ["late", "paid"],
    ),
}


@pytest.mark.parametrize("language", list(RUN_ON))
def test_a_case_falling_through_and_the_only_branch_left_still_reach(language: str) -> None:
    code, expected = RUN_ON[language]
    sites = scan(code, language)
    assert [s.params.get("description") for s in sites] == expected
    assert all(not s.dynamic for s in sites)


def test_a_return_inside_a_lambda_only_ends_the_lambda() -> None:
    # Kotlin's apply { } is no scope: the setters inside it change the builder, and a
    # return@apply there ends the block, not the function (the setters before it were lost:
    # an amount missing is PI106, a blocker)
    code = """\
        import com.stripe.model.PaymentIntent
        import com.stripe.param.PaymentIntentCreateParams

        class A {
            fun f(gift: Boolean) {
                val params = PaymentIntentCreateParams.builder().apply {
                    setAmount(1000L)
                    setCurrency("usd")
                    if (gift) {
                        setDescription("gift")
                        return@apply
                    }
                }.build()
                PaymentIntent.create(params)
            }

            fun g() {
                val params = PaymentIntentCreateParams.builder().apply {
                    setAmount(1000L)
                    setCurrency("usd")
                    return@apply
                }.build()
                PaymentIntent.create(params)
            }
        }
    """
    gift, plain = scan(code, "kotlin")
    assert gift.params["amount"] == 1000
    assert gift.params["description"]["$choice"] == {"if": "gift", "then": "gift", "else": None}
    assert plain.params == {"amount": 1000, "currency": "usd"}
