"""``migrate.scan`` on Go, Java and C#: params extraction, guards, related code, look-alikes."""

from __future__ import annotations

import textwrap

import pytest

from migrate.mapping.expr import Expr
from migrate.scan.extract import Dynamic
from migrate.scan.lang.go import enum_value
from migrate.scan.lang.jvm import plural
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source, site_kind

FILES = {"go": "x.go", "java": "X.java", "csharp": "X.cs"}


def scan(code: str, language: str) -> list[CallSite]:
    return list(scan_source(textwrap.dedent(code), FILES[language], BY_NAME[language]))


def creates(code: str, language: str) -> list[CallSite]:
    return [s for s in scan(code, language) if s.kind == "create"]


def related(code: str, language: str) -> list[tuple[str | None, int, str | None]]:
    """``(rule, line, event)`` of each related site."""
    return [(s.rule, s.line, s.event) for s in scan(code, language) if s.kind == "related"]


def one_time_cart(site: CallSite, quantity: int = 1) -> None:
    """The site translates to one Dodo product (a placeholder for the Stripe item)."""
    t = site.translation
    assert t is not None and t.dodo is not None
    assert t.status == "translated"
    assert t.dodo["product_cart"] == [{"product_id": t.requires[0]["id"], "quantity": quantity}]


# -- Go ---------------------------------------------------------------------------------------

GO_ONE_TIME = """\
    package main

    import (
        "net/http"
        "os"

        "github.com/stripe/stripe-go/v82"
        "github.com/stripe/stripe-go/v82/checkout/session"
    )

    var domain = os.Getenv("APP_DOMAIN")

    func buy(w http.ResponseWriter, r *http.Request) {
        params := &stripe.CheckoutSessionParams{
            Mode: stripe.String(string(stripe.CheckoutSessionModePayment)),
            PaymentMethodTypes: stripe.StringSlice([]string{"card"}),
            LineItems: []*stripe.CheckoutSessionLineItemParams{
                {
                    PriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
                        Currency:   stripe.String("usd"),
                        UnitAmount: stripe.Int64(2000),
                        ProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{
                            Name: stripe.String("T-shirt"),
                        },
                    },
                    Quantity: stripe.Int64(1),
                },
            },
            SuccessURL: stripe.String(domain + "/success"),
            CancelURL:  stripe.String("https://example.com/cancel"),
        }
        s, err := session.New(params)
        _, _ = s, err
    }
"""


def test_go_struct_literal_one_time_payment() -> None:
    (site,) = creates(GO_ONE_TIME, "go")
    assert (site.line, site.column, site.callee, site.language) == (32, 15, "session.New", "go")
    assert site.params == {
        "mode": "payment",
        "payment_method_types": ["card"],
        "line_items": [
            {
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 2000,
                    "product_data": {"name": "T-shirt"},
                },
                "quantity": 1,
            }
        ],
        "success_url": {"$dynamic": 'domain + "/success"'},
        "cancel_url": "https://example.com/cancel",
    }
    assert site.dynamic == (Dynamic("success_url", 'domain + "/success"'),)
    one_time_cart(site)
    t = site.translation
    assert t is not None and t.requires[0]["product"]["name"] == "T-shirt"
    assert t.dodo is not None  # a run-time URL is carried (issue 14), as Dodo's return_url
    assert t.dodo["return_url"] == Expr('domain + "/success"', "success_url", "return_url", "str")


def test_go_assignments_add_calls_and_append_in_source_order() -> None:
    src = """\
        package main

        import (
            "fmt"

            "github.com/stripe/stripe-go/v82"
            cs "github.com/stripe/stripe-go/v82/checkout/session"
        )

        func subscribe(customer string) {
            params := &stripe.CheckoutSessionParams{
                Mode: stripe.String(string(stripe.CheckoutSessionModeSubscription)),
                BillingAddressCollection: stripe.String(
                    string(stripe.CheckoutSessionBillingAddressCollectionRequired)),
                PaymentMethodTypes: []*string{
                    stripe.String(string(stripe.CheckoutSessionPaymentMethodTypeCard))},
                Customer:                 stripe.String(customer),
                Discounts:                nil,
            }
            params.SuccessURL = stripe.String(fmt.Sprintf("https://x/%s", customer))
            params.Context = ctx
            params.AddMetadata("order", "42")
            params.AddExpand("line_items")
            params.LineItems = append(params.LineItems, &stripe.CheckoutSessionLineItemParams{
                PriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
                    Currency:   stripe.String(string(stripe.CurrencyEUR)),
                    UnitAmount: stripe.Int64(1500),
                    Recurring: &stripe.CheckoutSessionLineItemPriceDataRecurringParams{
                        Interval: stripe.String(string(stripe.PriceRecurringIntervalMonth)),
                    },
                },
                Quantity: stripe.Int64(1),
            })
            params.SubscriptionData = &stripe.CheckoutSessionSubscriptionDataParams{}
            params.SubscriptionData.TrialPeriodDays = stripe.Int64(7)
            cs.New(params)
            params.CancelURL = stripe.String("https://x/too-late")
        }
    """
    (site,) = creates(src, "go")
    assert site.callee == "cs.New"
    assert site.params == {
        "mode": "subscription",
        "billing_address_collection": "required",
        "payment_method_types": ["card"],
        "customer": {"$dynamic": "customer"},
        "success_url": {"$dynamic": 'fmt.Sprintf("https://x/%s", customer)'},
        "metadata": {"order": "42"},
        "expand": ["line_items"],
        "line_items": [
            {
                "price_data": {
                    "currency": "eur",
                    "unit_amount": 1500,
                    "recurring": {"interval": "month"},
                },
                "quantity": 1,
            }
        ],
        "subscription_data": {"trial_period_days": 7},
    }  # nil left out, ctx is a request option, the assignment after the call does not count
    assert [d.path for d in site.dynamic] == ["customer", "success_url"]


def test_go_zero_value_params_client_api_and_embedded_params() -> None:
    src = """\
        package main

        import (
            "github.com/stripe/stripe-go/v82"
            "github.com/stripe/stripe-go/v82/checkout/session"
        )

        func a() {
            var params stripe.CheckoutSessionParams
            params.Mode = stripe.String("payment")
            params.Params = stripe.Params{Metadata: map[string]string{"a": "b"}}
            items := []*stripe.CheckoutSessionLineItemParams{}
            items = append(items, &stripe.CheckoutSessionLineItemParams{
                Price: stripe.String("price_A"), Quantity: stripe.Int64(3)})
            params.LineItems = items
            session.New(&params)
        }

        func b(ctx context.Context, sc *stripe.Client) {
            sc.V1CheckoutSessions.Create(ctx, &stripe.CheckoutSessionCreateParams{
                Mode: stripe.String(string(stripe.CheckoutSessionModePayment)),
                LineItems: []*stripe.CheckoutSessionCreateLineItemParams{
                    {Price: stripe.String("price_B"), Quantity: stripe.Int64(2)},
                },
            })
            sc.CheckoutSessions.New(&stripe.CheckoutSessionParams{
                Mode:   stripe.String("setup"),
                Params: stripe.Params{
                    Metadata: map[string]string{"k": "v"}, IdempotencyKey: stripe.String("x"),
                },
            })
        }
    """
    a, b, c = creates(src, "go")
    assert a.params == {
        "mode": "payment",
        "metadata": {"a": "b"},
        "line_items": [{"price": "price_A", "quantity": 3}],
    }
    assert (b.callee, b.params) == (
        "sc.V1CheckoutSessions.Create",
        {"mode": "payment", "line_items": [{"price": "price_B", "quantity": 2}]},
    )
    one_time_cart(b, quantity=2)
    assert (c.callee, c.params) == (
        "sc.CheckoutSessions.New",
        {"mode": "setup", "metadata": {"k": "v"}},
    )


def test_go_literal_kinds_and_scopes() -> None:
    src = """\
        package main

        import "github.com/stripe/stripe-go/v82/checkout/session"

        var shared = &stripe.CheckoutSessionParams{Mode: stripe.String("payment")}

        const priceID = "price_const"

        func a(params *stripe.CheckoutSessionParams) {
            session.New(params)
        }

        func b() {
            inner := func() {
                shared := &stripe.CheckoutSessionParams{Mode: stripe.String("setup")}
                _ = shared
            }
            inner()
            session.New(&stripe.CheckoutSessionParams{
                A: stripe.String(`raw\\n`),
                B: stripe.String("tab\\t\\"q\\" \\u00e9"),
                C: stripe.Float64(1.5),
                D: stripe.Int64(-3),
                E: stripe.Int64(0x10),
                F: stripe.Bool(false),
                G: map[string]string{"k": "v"},
                H: [][]string{{"x"}},
                I: stripe.String(string(stripe.SomethingUnknown)),
                ClientReferenceID: stripe.String("ref"),
                LineItems: []*stripe.CheckoutSessionLineItemParams{{Price: stripe.String(priceID)}},
            })
            session.New(shared)
        }
    """
    a, b, c = creates(src, "go")
    assert a.params == {} and a.dynamic == (Dynamic("", "params"),)  # a parameter
    assert b.params == {
        "a": "raw\\n",
        "b": 'tab\t"q" é',
        "c": 1.5,
        "d": -3,
        "e": 16,
        "f": False,
        "g": {"k": "v"},
        "h": [["x"]],
        "i": {"$dynamic": "stripe.SomethingUnknown"},
        "client_reference_id": "ref",
        "line_items": [{"price": "price_const"}],
    }
    assert c.params == {"mode": "payment"}  # the package-level var, not inner()'s


def test_go_related_sites_and_event_types() -> None:
    src = """\
        package main

        import (
            "github.com/stripe/stripe-go/v82"
            "github.com/stripe/stripe-go/v82/checkout/session"
            "github.com/stripe/stripe-go/v82/webhook"
        )

        func hook(payload []byte, sig, secret string) {
            event, _ := webhook.ConstructEvent(payload, sig, secret)
            switch event.Type {
            case "checkout.session.completed":
                s, _ := session.Get(event.Data.Object["id"].(string), nil)
                session.ListLineItems(&stripe.CheckoutSessionListLineItemsParams{
                    Session: stripe.String(s.ID)})
            case stripe.EventTypeCheckoutSessionExpired:
            }
            r.Header.Get("Stripe-Signature")
        }
    """
    assert related(src, "go") == [
        ("X003", 10, None),
        ("X004", 12, "checkout.session.completed"),
        ("X001", 13, None),
        ("X002", 14, None),
        ("X004", 16, "checkout.session.expired"),
    ]


def test_go_lookalikes_are_not_matched() -> None:
    src = """\
        package main

        import (
            "errors"

            "github.com/stripe/stripe-go/v82"
            portalsession "github.com/stripe/stripe-go/v82/billingportal/session"
            "github.com/stripe/stripe-go/v82/paymentintent"
            "example.com/app/session"
        )

        // session.New(&stripe.CheckoutSessionParams{}) creates a Checkout Session
        const help = "session.New(&stripe.CheckoutSessionParams{})"

        func a() {
            portalsession.New(&stripe.BillingPortalSessionParams{Customer: stripe.String("cus_1")})
            session.New(&stripe.CheckoutSessionParams{})
            session.Get("x")
            paymentintent.New(&stripe.PaymentIntentParams{Amount: stripe.Int64(1000)})
            errors.New("boom")
        }
    """
    # the PaymentIntent is no Checkout Session, but a call around Checkout (translated); the
    # billing portal's session is related code (X036), never a creation
    got = [(s.line, site_kind(s), s.rule) for s in scan(src, "go")]
    assert got == [(16, "related", "X036"), (19, "call", None)]
    unaliased = """\
        package main

        import "github.com/stripe/stripe-go/v82/billingportal/session"

        func a() { session.New(&stripe.BillingPortalSessionParams{}) }
    """
    assert [(site_kind(s), s.rule) for s in scan(unaliased, "go")] == [("related", "X036")]


def test_go_off_session_payment_intent_is_an_on_demand_charge() -> None:
    src = """\
        package main

        import "github.com/stripe/stripe-go/v82/paymentintent"

        func a() {
            paymentintent.New(&stripe.PaymentIntentParams{
                Amount: stripe.Int64(1000), OffSession: stripe.Bool(true)})
        }
    """
    (site,) = scan(src, "go")
    assert site.line == 6 and site.translation is not None
    assert site.translation.kind == "on_demand_charge"
    assert site.translation.dodo == {"product_price": 1000}


def test_go_snippet_without_imports_needs_checkout_params() -> None:
    src = """\
        params := &stripe.CheckoutSessionParams{
            Mode: stripe.String(string(stripe.CheckoutSessionModePayment)),
            LineItems: []*stripe.CheckoutSessionLineItemParams{
                {Price: stripe.String("price_1"), Quantity: stripe.Int64(1)},
            },
        }
        s, _ := session.New(params)
        session.New(&stripe.BillingPortalSessionParams{})
    """
    snippet = "package main\nfunc f() {\n" + textwrap.dedent(src) + "}\n"
    (site,) = creates(snippet, "go")
    assert site.params == {"mode": "payment", "line_items": [{"price": "price_1", "quantity": 1}]}
    one_time_cart(site)


@pytest.mark.parametrize(
    ("constant", "path", "expected"),
    [
        ("CheckoutSessionModePayment", "mode", "payment"),
        ("CheckoutSessionUIModeEmbedded", "ui_mode", "embedded"),
        (
            "CheckoutSessionPaymentMethodTypeUSBankAccount",
            "payment_method_types[1]",
            "us_bank_account",
        ),
        ("CheckoutSessionCustomerCreationIfRequired", "customer_creation", "if_required"),
        ("PriceRecurringIntervalMonth", "line_items[0].price_data.recurring.interval", "month"),
        ("CurrencyUSD", "currency", "usd"),
        ("CheckoutSessionModePayment", "", None),
        ("CheckoutSessionModePayment", "submit_type", None),
    ],
)
def test_go_enum_values(constant: str, path: str, expected: str | None) -> None:
    assert enum_value(constant, path) == expected


# -- Java -------------------------------------------------------------------------------------

JAVA_ONE_TIME = """\
    import com.stripe.model.checkout.Session;
    import com.stripe.param.checkout.SessionCreateParams;

    public class Server {
      static Session buy(String domain) throws Exception {
        SessionCreateParams params =
            SessionCreateParams.builder()
                .addPaymentMethodType(SessionCreateParams.PaymentMethodType.CARD)
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(
                    SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPriceData(
                            SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency("usd")
                                .setUnitAmount(2000L)
                                .setProductData(
                                    SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName("T-shirt")
                                        .build())
                                .build())
                        .build())
                .setSuccessUrl(domain + "/success")
                .setCancelUrl("https://example.com/cancel")
                .build();
        return Session.create(params);
      }
    }
"""


def test_java_builder_one_time_payment() -> None:
    (site,) = creates(JAVA_ONE_TIME, "java")
    assert (site.line, site.callee, site.language) == (26, "Session.create", "java")
    assert site.params == {
        "payment_method_types": ["card"],
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 2000,
                    "product_data": {"name": "T-shirt"},
                },
            }
        ],
        "success_url": {"$dynamic": 'domain + "/success"'},
        "cancel_url": "https://example.com/cancel",
    }
    assert site.dynamic == (Dynamic("success_url", 'domain + "/success"'),)
    one_time_cart(site)
    t = site.translation
    assert t is not None and t.requires[0]["product"]["name"] == "T-shirt"


def test_java_builder_variable_and_statement_calls() -> None:
    src = """\
        import com.stripe.model.checkout.*;
        import com.stripe.param.checkout.SessionCreateParams;
        import com.stripe.param.checkout.SessionCreateParams.Mode;
        import java.util.*;

        class A {
          Session a(String email) throws Exception {
            SessionCreateParams.Builder builder = SessionCreateParams.builder()
                .setMode(Mode.SUBSCRIPTION)
                .setCustomerEmail(email)
                .addAllPaymentMethodType(List.of(SessionCreateParams.PaymentMethodType.CARD,
                    SessionCreateParams.PaymentMethodType.US_BANK_ACCOUNT))
                .setExpiresAt(null);
            builder.addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setPriceData(
                        SessionCreateParams.LineItem.PriceData.builder()
                            .setCurrency("eur")
                            .setUnitAmount(1500L)
                            .setRecurring(
                                SessionCreateParams.LineItem.PriceData.Recurring.builder()
                                    .setInterval(
                                        SessionCreateParams.LineItem.PriceData.Recurring.Interval.MONTH)
                                    .build())
                            .build())
                    .setQuantity(1L)
                    .build());
            builder.putAllMetadata(Map.of("a", "1")).putMetadata("b", "2").addExpand("line_items");
            builder.setShippingAddressCollection(
                SessionCreateParams.ShippingAddressCollection.builder()
                    .addAllowedCountry(SessionCreateParams.ShippingAddressCollection.AllowedCountry.US)
                    .build());
            builder.setSubscriptionData(
                SessionCreateParams.SubscriptionData.builder().setTrialPeriodDays(14L).build());
            return Session.create(builder.build());
          }
        }
    """
    (site,) = creates(src, "java")
    assert site.params == {
        "mode": "subscription",
        "customer_email": {"$dynamic": "email"},
        "payment_method_types": ["card", "us_bank_account"],
        "line_items": [
            {
                "price_data": {
                    "currency": "eur",
                    "unit_amount": 1500,
                    "recurring": {"interval": "month"},
                },
                "quantity": 1,
            }
        ],
        "metadata": {"a": "1", "b": "2"},
        "expand": ["line_items"],
        "shipping_address_collection": {"allowed_countries": ["us"]},
        "subscription_data": {"trial_period_days": 14},
    }  # setExpiresAt(null) leaves the param out
    assert site.dynamic == (Dynamic("customer_email", "email"),)


def test_java_map_params() -> None:
    src = """\
        import com.stripe.model.checkout.Session;
        import java.util.*;

        class A {
          private static final String PRICE = "price_const";

          Session a() throws Exception {
            Map<String, Object> lineItem = new HashMap<>();
            lineItem.put("price", PRICE);
            lineItem.put("quantity", 2);
            List<Object> lineItems = new ArrayList<>();
            lineItems.add(lineItem);
            Map<String, Object> params = new HashMap<String, Object>() {{
              put("mode", "payment");
              put("payment_method_types", Arrays.asList("card"));
            }};
            params.put("line_items", lineItems);
            params.put("metadata", Map.ofEntries(Map.entry("k", "v")));
            params.put("success_url", "https://example.com/s");
            Session s = Session.create(params);
            params.put("cancel_url", "https://example.com/too-late");
            return s;
          }

          Session b() throws Exception {
            return Session.create(
                Map.of("mode", "setup", "currency", "usd", "custom", List.of(1, 2.5)));
          }
        }
    """
    a, b = creates(src, "java")
    assert a.params == {
        "mode": "payment",
        "payment_method_types": ["card"],
        "line_items": [{"price": "price_const", "quantity": 2}],
        "metadata": {"k": "v"},
        "success_url": "https://example.com/s",
    }
    assert a.dynamic == ()
    one_time_cart(a, quantity=2)
    assert b.params == {"mode": "setup", "currency": "usd", "custom": [1, 2.5]}


def test_java_client_fully_qualified_and_literal_kinds() -> None:
    src = """\
        import com.stripe.StripeClient;
        import com.stripe.param.checkout.SessionCreateParams;

        class A {
          void a(StripeClient client) throws Exception {
            client.checkout().sessions().create(
                SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.PAYMENT)
                    .setClientReferenceId("it's \\"quoted\\" \\u00e9")
                    .setCustomText(\"\"\"
                        multi
                          line\"\"\")
                    .setAmount(-5)
                    .setRatio(1.5d)
                    .setMask(0x1FL)
                    .setFlag(true)
                    .setDescription(com.stripe.param.common.EmptyParam.EMPTY)
                    .setLocale(Config.LOCALE)
                    .build(),
                requestOptions);
            com.stripe.model.checkout.Session.create(
                SessionCreateParams.builder().setMode(SessionCreateParams.Mode.SETUP).build());
          }
        }
    """
    a, b = creates(src, "java")
    assert a.callee == "client.checkout.sessions.create"
    assert a.params == {
        "mode": "payment",
        "client_reference_id": 'it\'s "quoted" é',
        "custom_text": "multi\n  line",
        "amount": -5,
        "ratio": 1.5,
        "mask": 31,
        "flag": True,
        "description": "",
        "locale": {"$dynamic": "Config.LOCALE"},
    }
    assert (b.callee, b.params) == ("com.stripe.model.checkout.Session.create", {"mode": "setup"})


def test_java_related_sites() -> None:
    src = """\
        import com.stripe.model.Event;
        import com.stripe.model.PaymentIntent;
        import com.stripe.model.Subscription;
        import com.stripe.model.checkout.Session;
        import com.stripe.net.Webhook;
        import com.stripe.param.SubscriptionCreateParams;
        import com.stripe.param.SubscriptionUpdateParams;

        class Hook {
          void handle(String payload, String sig, String secret) throws Exception {
            Event event = Webhook.constructEvent(payload, sig, secret);
            if ("checkout.session.completed".equals(event.getType())) {
              Session session = Session.retrieve("cs_1");
              session.listLineItems(Map.of("limit", 5));
            }
            Subscription.create(SubscriptionCreateParams.builder().setCustomer("cus_1")
                .setProrationBehavior(SubscriptionCreateParams.ProrationBehavior.NONE).build());
            Subscription sub = Subscription.retrieve("sub_1");
            sub.update(SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true).build());
            cache.update("key");
            PaymentIntent intent = PaymentIntent.retrieve("pi_1");
            intent.confirm();
          }
        }
    """
    sites = scan(src, "java")
    assert [(s.rule, s.line, s.event) for s in sites] == [
        ("X003", 11, None),
        ("X004", 12, "checkout.session.completed"),
        ("X001", 13, None),
        ("X002", 14, None),
        (None, 16, None),  # was X005: a subscription created on the server is translated
        (None, 19, None),  # a cancel-only update is Dodo's PATCH (it was no site)
        ("X013", 22, None),
    ]
    kinds = [s.translation.kind if s.translation else None for s in sites[4:6]]
    assert kinds == ["saved_method_subscription", "subscription_patch"]
    assert "SC017" in {f.code for f in sites[4].findings}  # the proration behaviour: no effect


def test_java_lookalikes_are_not_matched() -> None:
    src = """\
        import com.stripe.model.PaymentIntent;
        import com.stripe.param.PaymentIntentCreateParams;

        class A {
          // Session.create(params) starts Checkout
          static final String HELP = "Session.create(SessionCreateParams)";

          void a() throws Exception {
            com.stripe.model.billingportal.Session.create(
                com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer("c").build());
            PaymentIntent.create(PaymentIntentCreateParams.builder().setAmount(1000L).build());
            Session.create(params);
          }
        }
    """
    # the PaymentIntent is no Checkout Session, but a call around Checkout (translated); the
    # billing portal's session, written in full, is related code (X036)
    got = [(s.line, site_kind(s), s.rule) for s in scan(src, "java")]
    assert got == [(9, "related", "X036"), (11, "call", None)]
    imported_portal = """\
        import com.stripe.model.billingportal.Session;
        import com.stripe.param.billingportal.SessionCreateParams;

        class A {
          void a() throws Exception {
            Session.create(SessionCreateParams.builder().setCustomer("cus_1").build());
          }
        }
    """
    assert [(site_kind(s), s.rule) for s in scan(imported_portal, "java")] == [("related", "X036")]


def test_java_snippet_without_imports() -> None:
    src = """\
        class Snippet {
          void a() throws Exception {
            SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice("price_1").setQuantity(2L).build())
                .build();
            Session session = Session.create(params);
            Session again = Session.retrieve("cs_1");
          }
        }
    """
    (site,) = creates(src, "java")
    assert site.params == {"mode": "payment", "line_items": [{"price": "price_1", "quantity": 2}]}
    one_time_cart(site, quantity=2)
    assert related(src, "java") == [("X001", 8, None)]


def test_java_plural_list_params() -> None:
    assert [plural(k) for k in ("line_item", "allowed_country", "expand", "tax_rate", "box")] == [
        "line_items",
        "allowed_countries",
        "expand",
        "tax_rates",
        "boxes",
    ]


# -- C# ---------------------------------------------------------------------------------------

CSHARP_ONE_TIME = """\
    using System.Collections.Generic;
    using Stripe;
    using Stripe.Checkout;

    public class CheckoutController
    {
        private readonly string domain = "https://shop.example.com";

        public Session Buy()
        {
            var options = new SessionCreateOptions
            {
                LineItems = new List<SessionLineItemOptions>
                {
                    new SessionLineItemOptions
                    {
                        PriceData = new SessionLineItemPriceDataOptions
                        {
                            Currency = "usd",
                            UnitAmount = 2000,
                            ProductData = new SessionLineItemPriceDataProductDataOptions
                            {
                                Name = "T-shirt",
                            },
                        },
                        Quantity = 1,
                    },
                },
                Mode = "payment",
                SuccessUrl = domain + "/success",
                CancelUrl = "https://example.com/cancel",
            };
            var service = new SessionService();
            return service.Create(options);
        }
    }
"""


def test_csharp_object_initializer_one_time_payment() -> None:
    (site,) = creates(CSHARP_ONE_TIME, "csharp")
    assert (site.line, site.callee, site.language) == (34, "service.Create", "csharp")
    assert site.params == {
        "line_items": [
            {
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 2000,
                    "product_data": {"name": "T-shirt"},
                },
                "quantity": 1,
            }
        ],
        "mode": "payment",
        "success_url": {"$dynamic": 'domain + "/success"'},
        "cancel_url": "https://example.com/cancel",
    }
    assert site.dynamic == (Dynamic("success_url", 'domain + "/success"'),)
    one_time_cart(site)


def test_csharp_later_assignments_add_calls_and_literal_kinds() -> None:
    src = """\
        using System.Collections.Generic;
        using Stripe;
        using Stripe.Checkout;

        public class Shop
        {
            private const string Price = "price_const";

            public Session A(string email)
            {
                var options = new SessionCreateOptions
                {
                    Mode = "subscription",
                    CustomerEmail = email,
                    PaymentMethodTypes = new List<string> { "card" },
                    LineItems = new List<SessionLineItemOptions>(),
                    Metadata = new Dictionary<string, string> { ["a"] = "1" },
                    SuccessUrl = @"https://x/s?q=""1""\",
                    CancelUrl = $"https://x/c",
                    ClientReferenceId = $"user-{email}",
                    ExpiresAt = null,
                };
                options.LineItems.Add(new SessionLineItemOptions
                {
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = "eur",
                        UnitAmountDecimal = 1500.5m,
                        Recurring = new SessionLineItemPriceDataRecurringOptions
                        {
                            Interval = "month",
                        },
                    },
                    Quantity = 1L,
                });
                options.LineItems.Add(new() { Price = Price, Quantity = 2 });
                options.Metadata["b"] = "2";
                options.Metadata.Add("c", "3");
                options.SubscriptionData = new SessionSubscriptionDataOptions
                {
                    TrialPeriodDays = 7,
                };
                options.AddExpand("line_items");
                var result = new SessionService().Create(options);
                options.Mode = "payment";
                return result;
            }
        }
    """
    (site,) = creates(src, "csharp")
    assert site.params == {
        "mode": "subscription",
        "customer_email": {"$dynamic": "email"},
        "payment_method_types": ["card"],
        "line_items": [
            {
                "price_data": {
                    "currency": "eur",
                    "unit_amount_decimal": 1500.5,
                    "recurring": {"interval": "month"},
                },
                "quantity": 1,
            },
            {"price": "price_const", "quantity": 2},
        ],
        "metadata": {"a": "1", "b": "2", "c": "3"},
        "success_url": 'https://x/s?q="1"',
        "cancel_url": "https://x/c",
        "client_reference_id": {"$dynamic": '$"user-{email}"'},
        "subscription_data": {"trial_period_days": 7},
        "expand": ["line_items"],
    }  # null leaves ExpiresAt out; the assignment after the call does not count
    assert [d.path for d in site.dynamic] == ["customer_email", "client_reference_id"]


def test_csharp_collections() -> None:
    src = """\
        using Stripe.Checkout;

        class A
        {
            void F(string[] more)
            {
                new SessionService().Create(new SessionCreateOptions
                {
                    A = new[] { "x" },
                    B = new string[] { "y", "z" },
                    C = ["card", ..more],
                    D = new Dictionary<string, string> { { "k", "v" } },
                    E = new List<long> { 1u, 0x10L, -2 },
                    F = \"\"\"raw "text\"\"\",
                    G = "tab\\t\\"q\\" \\u00e9",
                    H = (long)5,
                });
            }
        }
    """
    (site,) = creates(src, "csharp")
    assert site.params == {
        "a": ["x"],
        "b": ["y", "z"],
        "c": ["card", {"$dynamic": "..more"}],
        "d": {"k": "v"},
        "e": [1, 16, -2],
        "f": 'raw "text',
        "g": 'tab\t"q" é',
        "h": 5,
    }


def test_csharp_service_receivers() -> None:
    src = """\
        using Stripe;
        using Stripe.Checkout;

        public class Shop
        {
            private readonly SessionService _sessions;
            private SessionService Sessions { get; } = new SessionService();

            public Shop(SessionService sessions) { _sessions = sessions; }

            public void A(SessionService injected, IStripeClient client, Services services)
            {
                _sessions.Create(new SessionCreateOptions { Mode = "payment" });
                this._sessions.CreateAsync(new SessionCreateOptions { Mode = "setup" });
                Sessions.Create(new SessionCreateOptions { Mode = "subscription" });
                injected.Create(new SessionCreateOptions { Currency = "usd" });
                client.V1.Checkout.Sessions.Create(new SessionCreateOptions { Currency = "eur" });
                new Stripe.Checkout.SessionService(client).Create(
                    new SessionCreateOptions { Currency = "gbp" });
                services.Checkout().Create(new SessionCreateOptions { Currency = "jpy" });
                services.Other().Create(new OtherOptions { Currency = "chf" });
            }
        }
    """
    assert [(s.callee, s.params) for s in creates(src, "csharp")] == [
        ("_sessions.Create", {"mode": "payment"}),
        ("this._sessions.CreateAsync", {"mode": "setup"}),
        ("Sessions.Create", {"mode": "subscription"}),
        ("injected.Create", {"currency": "usd"}),
        ("client.V1.Checkout.Sessions.Create", {"currency": "eur"}),
        ("Stripe.Checkout.SessionService(client).Create", {"currency": "gbp"}),
        ("services.Checkout.Create", {"currency": "jpy"}),  # known by its options
    ]


def test_csharp_related_sites_and_event_constants() -> None:
    src = """\
        using Stripe;
        using Stripe.Checkout;

        public class Hooks
        {
            private readonly SubscriptionService subscriptions = new SubscriptionService();

            public void Handle(string json, string sig, string secret, string id)
            {
                var stripeEvent = EventUtility.ConstructEvent(json, sig, secret);
                if (stripeEvent.Type == EventTypes.CheckoutSessionCompleted)
                {
                    var service = new SessionService();
                    var session = service.Get(id);
                    service.ListLineItems(id);
                    service.Expire(id);
                }
                if (stripeEvent.Type == "invoice.paid") { }
                subscriptions.Create(
                    new SubscriptionCreateOptions { Customer = "c", ProrationBehavior = "none" });
                subscriptions.Update("sub_1", new SubscriptionUpdateOptions { Quantity = 2 });
                new PaymentIntentService().Confirm("pi_1");
                new PaymentIntentService().ConfirmAsync("pi_1", new PaymentIntentConfirmOptions());
            }
        }
    """
    sites = scan(src, "csharp")
    assert [(s.rule, s.line, s.event) for s in sites] == [
        ("X003", 10, None),
        ("X004", 11, "checkout.session.completed"),
        ("X001", 14, None),
        ("X002", 15, None),
        ("X011", 16, None),
        ("X004", 18, "invoice.paid"),
        (None, 19, None),  # was X005: a subscription created on the server is translated
        ("X013", 22, None),
        ("X013", 23, None),
    ]
    assert sites[6].translation is not None
    assert sites[6].translation.kind == "saved_method_subscription"
    assert "SC017" in {f.code for f in sites[6].findings}


def test_csharp_lookalikes_are_not_matched() -> None:
    src = """\
        using Stripe;

        namespace Shop.Account
        {
            // new SessionService().Create(options) starts Checkout
            public class Lookalikes
            {
                private const string Help = "Use Stripe.Checkout.SessionService.Create(options)";

                public void A(OtherService other)
                {
                    new Stripe.BillingPortal.SessionService().Create(
                        new Stripe.BillingPortal.SessionCreateOptions { Customer = "cus_1" });
                    new PaymentIntentService().Create(
                        new PaymentIntentCreateOptions { Amount = 1000 });
                    other.Create(new OtherOptions());
                    new SubscriptionService().Update("sub_1", new SubscriptionUpdateOptions());
                }
            }
        }
    """
    # the billing portal session is related code (X036, Dodo's customer portal replaces it),
    # the PaymentIntent no Checkout Session but a call around Checkout (translated); an update
    # that changes no plan is no site
    got = [(s.line, site_kind(s), s.rule) for s in scan(src, "csharp")]
    assert got == [(12, "related", "X036"), (14, "call", None)]
    portal_only = """\
        using Stripe;
        using Stripe.BillingPortal;

        class Portal
        {
            void A()
            {
                var service = new SessionService();
                service.Create(new SessionCreateOptions { Customer = "cus_1" });
            }
        }
    """
    # Stripe.BillingPortal's SessionService, not Checkout's: related code, no creation
    assert [(s.kind, s.rule) for s in scan(portal_only, "csharp")] == [("related", "X036")]


def test_csharp_snippet_without_usings() -> None:
    src = """\
        class Snippet
        {
            void A()
            {
                var options = new SessionCreateOptions
                {
                    Mode = "payment",
                    LineItems = new List<SessionLineItemOptions>
                    {
                        new SessionLineItemOptions { Price = "price_1", Quantity = 3 },
                    },
                };
                var service = new SessionService();
                Session session = service.Create(options);
                var again = service.Get(session.Id);
            }
        }
    """
    (site,) = creates(src, "csharp")
    assert site.params == {"mode": "payment", "line_items": [{"price": "price_1", "quantity": 3}]}
    one_time_cart(site, quantity=3)
    assert related(src, "csharp") == [("X001", 15, None)]


def test_java_new_builder_spelling_as_in_stripe_samples() -> None:
    """``new SessionCreateParams.Builder()`` (stripe-samples' spelling), a builder variable,
    a line item built in its own variable and added by a statement call."""
    (site,) = scan(
        """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionCreateParams.LineItem;

class Server {
    String create(String domainUrl, Long quantity) throws Exception {
        SessionCreateParams.Builder builder = new SessionCreateParams.Builder()
                .setSuccessUrl(domainUrl + "/success.html")
                .setMode(SessionCreateParams.Mode.PAYMENT);
        LineItem item = new LineItem.Builder().setQuantity(quantity).setPrice("price_1").build();
        builder.addLineItem(item);
        SessionCreateParams createParams = builder.build();
        return Session.create(createParams).getUrl();
    }
}
""",
        "java",
    )
    assert site.params == {
        "success_url": {"$dynamic": 'domainUrl + "/success.html"'},
        "mode": "payment",
        "line_items": [{"quantity": {"$dynamic": "quantity"}, "price": "price_1"}],
    }


def test_event_constants_written_over_lines_are_still_event_names() -> None:
    # the strings and constants of a file are read only when its text holds what an event
    # name starts with ("customer.", the SDK's EventType): a constant broken after its dot
    # still holds it
    src = """\
        package main

        import "github.com/stripe/stripe-go/v82"

        func hook(event stripe.Event) {
            switch event.Type {
            case stripe.
                EventTypeCheckoutSessionExpired:
            }
        }
    """
    assert [(r, e) for r, _, e in related(src, "go")] == [("X004", "checkout.session.expired")]
