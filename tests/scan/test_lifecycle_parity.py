"""Scan parity: the calls around Checkout (PaymentIntents, Charges, SetupIntents, subscription
and subscription-item updates, invoice previews, confirms) are found and translated to the same
Dodo call in every language the scanner reads, with a suggestion in that language."""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from typing import Any

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source, site_kind

LANGUAGES = ("python", "javascript", "ruby", "php", "go", "java", "csharp")
SUFFIX = {
    "python": "py",
    "javascript": "js",
    "ruby": "rb",
    "php": "php",
    "go": "go",
    "java": "java",
    "csharp": "cs",
}


def scan(code: str, language: str) -> list[CallSite]:
    return list(scan_source(code, f"x.{SUFFIX[language]}", BY_NAME[language]))


def pascal(key: str, *, go: bool = False) -> str:
    parts = key.split("_")
    if go:
        return "".join(p.upper() if p in ("id", "url") else p.capitalize() for p in parts)
    return "".join(p.capitalize() for p in parts)


def camel(key: str) -> str:
    first, *rest = key.split("_")
    return first + "".join(p.capitalize() for p in rest)


@dataclass(frozen=True)
class Call:
    """One Stripe call with flat params, written in each SDK's own spelling."""

    cls: str  # PaymentIntent
    method: str  # create / update
    params: dict[str, Any]
    ident: str | None = None  # the object id, for updates

    def python(self) -> str:
        args = [repr(self.ident)] if self.ident else []
        args += [f"{k}={v!r}" for k, v in self.params.items()]
        method = "modify" if self.method == "update" else self.method
        return f"import stripe\nstripe.{self.cls}.{method}({', '.join(args)})\n"

    def javascript(self) -> str:
        service = camel(_snake(self.cls)) + "s"
        args = [json.dumps(self.ident)] if self.ident else []
        args.append(json.dumps(self.params))
        return (
            "const stripe = require('stripe')(process.env.KEY);\n"
            f"stripe.{service}.{self.method}({', '.join(args)});\n"
        )

    def ruby(self) -> str:
        def value(v: Any) -> str:
            return json.dumps(v) if not isinstance(v, bool) else str(v).lower()

        pairs = ", ".join(f"{k}: {value(v)}" for k, v in self.params.items())
        args = f"'{self.ident}', {{{pairs}}}" if self.ident else pairs
        return f"Stripe::{self.cls}.{self.method}({args})\n"

    def php(self) -> str:
        def value(v: Any) -> str:
            if isinstance(v, bool):
                return "true" if v else "false"
            return repr(v) if isinstance(v, str) else str(v)

        array = "[" + ", ".join(f"'{k}' => {value(v)}" for k, v in self.params.items()) + "]"
        args = f"'{self.ident}', {array}" if self.ident else array
        return f"<?php\n\\Stripe\\{self.cls}::{self.method}({args});\n"

    def go(self) -> str:
        def value(v: Any) -> str:
            if isinstance(v, bool):
                return f"stripe.Bool({str(v).lower()})"
            if isinstance(v, int):
                return f"stripe.Int64({v})"
            return f"stripe.String({json.dumps(v)})"

        package = self.cls.lower()
        fields = ", ".join(f"{pascal(k, go=True)}: {value(v)}" for k, v in self.params.items())
        params = f"&stripe.{self.cls}Params{{{fields}}}"
        call = "Update" if self.method == "update" else "New"
        args = f'"{self.ident}", {params}' if self.ident else params
        return (
            "package main\n\nimport (\n"
            '\t"github.com/stripe/stripe-go/v82"\n'
            f'\t"github.com/stripe/stripe-go/v82/{package}"\n)\n\n'
            f"func f() {{\n\t{package}.{call}({args})\n}}\n"
        )

    def java(self) -> str:
        def value(v: Any) -> str:
            if isinstance(v, bool):
                return str(v).lower()
            return f"{v}L" if isinstance(v, int) else json.dumps(v)

        kind = "Update" if self.method == "update" else "Create"
        setters = "".join(f".set{pascal(k)}({value(v)})" for k, v in self.params.items())
        params = f"{self.cls}{kind}Params.builder(){setters}.build()"
        if self.ident:
            call = f'{self.cls}.retrieve("{self.ident}").update({params})'
        else:
            call = f"{self.cls}.create({params})"
        return (
            f"import com.stripe.model.{self.cls};\n"
            f"import com.stripe.param.{self.cls}{kind}Params;\n\n"
            f"class A {{\n  void f() throws Exception {{\n    {call};\n  }}\n}}\n"
        )

    def csharp(self) -> str:
        def value(v: Any) -> str:
            if isinstance(v, bool):
                return str(v).lower()
            return str(v) if isinstance(v, int) else json.dumps(v)

        kind = "Update" if self.method == "update" else "Create"
        fields = ", ".join(f"{pascal(k)} = {value(v)}" for k, v in self.params.items())
        options = f"new {self.cls}{kind}Options {{ {fields} }}"
        args = f'"{self.ident}", {options}' if self.ident else options
        return (
            "using Stripe;\n\nclass A\n{\n    void F()\n    {\n"
            f"        new {self.cls}Service().{kind}({args});\n    }}\n}}\n"
        )

    def written(self, language: str) -> str:
        code: str = getattr(self, language)()
        return code


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


CALLS = {
    "off-session charge": Call(
        "PaymentIntent",
        "create",
        {
            "amount": 2500,
            "currency": "usd",
            "customer": "cus_1",
            "payment_method": "pm_1",
            "off_session": True,
            "confirm": True,
        },
    ),
    "one-click upsell": Call(
        "PaymentIntent",
        "create",
        {
            "amount": 1900,
            "currency": "eur",
            "customer": "cus_1",
            "payment_method": "pm_1",
            "confirm": True,
            "return_url": "https://shop.example.com/thanks",
        },
    ),
    "charge and save": Call(
        "PaymentIntent",
        "create",
        {
            "amount": 4900,
            "currency": "usd",
            "customer": "cus_1",
            "setup_future_usage": "off_session",
        },
    ),
    "one-time payment": Call("PaymentIntent", "create", {"amount": 1000, "currency": "usd"}),
    "setup intent": Call("SetupIntent", "create", {"customer": "cus_1", "usage": "off_session"}),
    "legacy charge": Call(
        "Charge", "create", {"amount": 2500, "currency": "usd", "customer": "cus_1"}
    ),
    "seat change": Call(
        "SubscriptionItem", "update", {"quantity": 3, "proration_behavior": "none"}, "si_1"
    ),
}


def _translation(site: CallSite) -> tuple[Any, ...]:
    t = site.translation
    assert t is not None
    codes = sorted(f.code for f in t.findings)
    return (t.kind, t.request, t.dodo, t.fallback, codes, t.requires)


@pytest.mark.parametrize("name", list(CALLS))
def test_a_call_around_checkout_is_the_same_dodo_call_in_every_language(name: str) -> None:
    call = CALLS[name]
    translated: dict[str, tuple[Any, ...]] = {}
    for language in LANGUAGES:
        code = call.written(language)
        sites = scan(code, language)
        assert [site_kind(s) for s in sites] == ["call"], (language, code)
        assert sites[0].params == call.params, language
        translated[language] = _translation(sites[0])
    assert all(t == translated["python"] for t in translated.values()), translated


# -- calls with nested params, written by hand --------------------------------------------------

PLAN_CHANGE = {
    "python": (
        "import stripe\n"
        "stripe.Subscription.modify('sub_123', items=[{'id': 'si_1', 'price': 'price_2'}],"
        " proration_behavior='always_invoice')\n"
    ),
    "javascript": (
        "stripe.subscriptions.update('sub_123', {items: [{id: 'si_1', price: 'price_2'}],"
        " proration_behavior: 'always_invoice'});\n"
    ),
    "ruby": (
        "client.v1.subscriptions.update('sub_123', {items: [{id: 'si_1', price: 'price_2'}],"
        " proration_behavior: 'always_invoice'})\n"
    ),
    "php": (
        "<?php\n$stripe->subscriptions->update('sub_123', ['items' => [['id' => 'si_1',"
        " 'price' => 'price_2']], 'proration_behavior' => 'always_invoice']);\n"
    ),
    "go": """\
        package main

        func f(ctx context.Context, sc *stripe.Client) {
        \tsc.V1Subscriptions.Update(ctx, "sub_123", &stripe.SubscriptionUpdateParams{
        \t\tItems: []*stripe.SubscriptionUpdateItemParams{
        \t\t\t{ID: stripe.String("si_1"), Price: stripe.String("price_2")},
        \t\t},
        \t\tProrationBehavior: stripe.String("always_invoice"),
        \t})
        }
    """,
    "java": """\
        class A {
          void f(StripeClient client) throws Exception {
            client.subscriptions().update("sub_123", SubscriptionUpdateParams.builder()
                .addItem(SubscriptionUpdateParams.Item.builder().setId("si_1").setPrice("price_2").build())
                .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.ALWAYS_INVOICE)
                .build());
          }
        }
    """,
    "csharp": """\
        using Stripe;
        class A
        {
            async Task F(StripeClient client)
            {
                await client.V1.Subscriptions.UpdateAsync("sub_123", new SubscriptionUpdateOptions
                {
                    Items = new List<SubscriptionItemOptions>
                    {
                        new SubscriptionItemOptions { Id = "si_1", Price = "price_2" },
                    },
                    ProrationBehavior = "always_invoice",
                });
            }
        }
    """,
}

PREVIEW = {
    "python": (
        "import stripe\n"
        "stripe.Invoice.create_preview(subscription='sub_123', subscription_details="
        "{'items': [{'id': 'si_1', 'price': 'price_2'}], 'proration_behavior': 'none'})\n"
    ),
    "javascript": (
        "stripe.invoices.createPreview({subscription: 'sub_123', subscription_details:"
        " {items: [{id: 'si_1', price: 'price_2'}], proration_behavior: 'none'}});\n"
    ),
    "ruby": (
        "Stripe::Invoice.create_preview(subscription: 'sub_123', subscription_details:"
        " {items: [{id: 'si_1', price: 'price_2'}], proration_behavior: 'none'})\n"
    ),
    "php": (
        "<?php\nuse Stripe\\Invoice;\nInvoice::createPreview(['subscription' => 'sub_123',"
        " 'subscription_details' => ['items' => [['id' => 'si_1', 'price' => 'price_2']],"
        " 'proration_behavior' => 'none']]);\n"
    ),
    "go": """\
        package main

        import (
        \t"github.com/stripe/stripe-go/v82"
        \t"github.com/stripe/stripe-go/v82/invoice"
        )

        func f() {
        \tinvoice.CreatePreview(&stripe.InvoiceCreatePreviewParams{
        \t\tSubscription: stripe.String("sub_123"),
        \t\tSubscriptionDetails: &stripe.InvoiceCreatePreviewSubscriptionDetailsParams{
        \t\t\tItems: []*stripe.InvoiceCreatePreviewSubscriptionDetailsItemParams{
        \t\t\t\t{ID: stripe.String("si_1"), Price: stripe.String("price_2")},
        \t\t\t},
        \t\t\tProrationBehavior: stripe.String("none"),
        \t\t},
        \t})
        }
    """,
    "java": """\
        import com.stripe.model.Invoice;
        class A {
          void f() throws Exception {
            Invoice.createPreview(InvoiceCreatePreviewParams.builder()
                .setSubscription("sub_123")
                .setSubscriptionDetails(InvoiceCreatePreviewParams.SubscriptionDetails.builder()
                    .addItem(InvoiceCreatePreviewParams.SubscriptionDetails.Item.builder()
                        .setId("si_1").setPrice("price_2").build())
                    .setProrationBehavior(
                        InvoiceCreatePreviewParams.SubscriptionDetails.ProrationBehavior.NONE)
                    .build())
                .build());
          }
        }
    """,
    "csharp": """\
        using Stripe;
        class A
        {
            void F()
            {
                new InvoiceService().CreatePreview(new InvoiceCreatePreviewOptions
                {
                    Subscription = "sub_123",
                    SubscriptionDetails = new InvoiceSubscriptionDetailsOptions
                    {
                        Items = new List<InvoiceSubscriptionDetailsItemOptions>
                        {
                            new InvoiceSubscriptionDetailsItemOptions
                            {
                                Id = "si_1", Price = "price_2",
                            },
                        },
                        ProrationBehavior = "none",
                    },
                });
            }
        }
    """,
}

CONFIRM = {
    "python": "import stripe\nstripe.PaymentIntent.confirm('pi_1', off_session=True)\n",
    "javascript": "stripe.paymentIntents.confirm('pi_1', {off_session: true});\n",
    "ruby": "client.v1.payment_intents.confirm('pi_1', {off_session: true})\n",
    "php": "<?php\n\\Stripe\\PaymentIntent::confirm('pi_1', ['off_session' => true]);\n",
    "go": 'package main\n\nfunc f() { sc.V1PaymentIntents.Confirm(ctx, "pi_1", nil) }\n',
    "java": "class A {\n  void f() throws Exception {\n"
    '    client.paymentIntents().confirm("pi_1");\n  }\n}\n',
    "csharp": "using Stripe;\nclass A\n{\n    void F()\n    {\n"
    '        new PaymentIntentService().Confirm("pi_1");\n    }\n}\n',
}


@pytest.mark.parametrize(
    ("table", "kind", "path"),
    [
        (PLAN_CHANGE, "change_plan", "/change-plan"),
        (PREVIEW, "change_plan_preview", "/change-plan/preview"),
    ],
    ids=["plan change", "invoice preview"],
)
def test_plan_changes_and_previews_are_the_same_dodo_call_in_every_language(
    table: dict[str, str], kind: str, path: str
) -> None:
    translated: dict[str, tuple[Any, ...]] = {}
    for language in LANGUAGES:
        (site,) = scan(textwrap.dedent(table[language]), language)
        assert site_kind(site) == "call", language
        translated[language] = _translation(site)
    python = translated["python"]
    assert python[0] == kind and python[1][1].endswith(path)
    assert python[1][1].startswith("/subscriptions/s2d_sub_")  # the literal id, as a placeholder
    assert all(t == python for t in translated.values()), translated


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_payment_intent_confirm_is_related_code_in_every_language(language: str) -> None:
    (site,) = scan(textwrap.dedent(CONFIRM[language]), language)
    assert (site.kind, site.rule) == ("related", "X013")


# -- suggestions: the Dodo call in the language of the code -------------------------------------

SUGGESTED = {
    # language: (what the charge suggestion must hold, what it reads from the answer)
    "ruby": (
        "Net::HTTP::Post.new(dodo_uri)",
        'dodo_payment = JSON.parse(dodo_response.body) # dodo_payment["payment_id"]',
    ),
    "php": (
        "CURLOPT_POST => true",
        "$dodoPayment = json_decode(curl_exec($dodoCurl), true); // $dodoPayment['payment_id']",
    ),
    "go": ("http.NewRequest(http.MethodPost", 'PaymentID string `json:"payment_id"`'),
    "java": (
        ".POST(HttpRequest.BodyPublishers.ofString(dodoBody))",
        "// dodoResponse.body() is JSON with payment_id",
    ),
    "csharp": (
        "new HttpRequestMessage(HttpMethod.Post",
        # F() is not async: the request is sent synchronously (`await` would not compile)
        "var dodoPayment = new System.IO.StreamReader(dodoResponse.Content.ReadAsStream())"
        ".ReadToEnd(); // JSON: payment_id",
    ),
}


@pytest.mark.parametrize("language", list(SUGGESTED))
def test_the_suggestion_is_an_http_call_to_the_dodo_path_in_that_language(language: str) -> None:
    (site,) = scan(CALLS["off-session charge"].written(language), language)
    t = site.translation
    assert t is not None and t.request is not None
    method, path = t.request
    assert method == "POST" and re.fullmatch(r"/subscriptions/s2d_sub_[0-9a-f]+/charge", path)
    request, answer = SUGGESTED[language]
    assert request in site.suggestion and answer in site.suggestion
    assert f'{path}"' in site.suggestion or f"{path}'" in site.suggestion
    assert (
        '"product_price": 2500' in site.suggestion
        and '"product_currency": "USD"' in site.suggestion
    )
    assert "checkout_url" not in site.suggestion  # a charge answers with its payment id


@pytest.mark.parametrize("language", list(SUGGESTED))
def test_an_upsell_suggests_the_one_click_call_then_its_fallback(language: str) -> None:
    (site,) = scan(CALLS["one-click upsell"].written(language), language)
    assert site.translation is not None and site.translation.kind == "upsell"
    assert site.suggestion.count("/checkouts") == 2
    assert "without a saved Dodo payment method, a normal checkout:" in site.suggestion
    assert '"payment_method_id": "s2d_pm_' in site.suggestion


# -- look-alikes: application code that only shares a name -------------------------------------

LOOKALIKES = {
    "ruby": (
        "user.charges.create(amount: 500, currency: 'usd')\n"  # an ActiveRecord association
        "order.payment_intents.create(amount: 500)\n"
        "Billing::Charge.create(amount: 500)\n"
        "Stripe::Subscription.update('sub_1', metadata: {a: 'b'})\n"  # no plan change
    ),
    "php": (
        "<?php\nnamespace App;\n"
        "$user->charges()->create(['amount' => 500]);\n"  # an Eloquent relation
        "Models\\Charge::create(['amount' => 500]);\n"
        "PaymentIntent::create(['amount' => 500]);\n"  # App\\PaymentIntent, not imported
        "$stripe->subscriptions->update('sub_1', ['metadata' => ['a' => 'b']]);\n"
    ),
    "go": """\
        package main

        import (
        \t"example.com/shop/invoice"
        \t"github.com/stripe/stripe-go/v82"
        )

        func f(charge Charger) {
        \tinvoice.Upcoming(&stripe.InvoiceUpcomingParams{})
        \tcharge.New(&stripe.ChargeParams{Amount: stripe.Int64(5)})
        }
    """,
    "java": """\
        import com.stripe.model.Subscription;
        import com.stripe.model.SubscriptionItem;
        import com.example.Charge;
        class A {
          void f(Customer customer, SubscriptionItem item, Cache cache) throws Exception {
            customer.update(params);
            Charge.create(Map.of("amount", 500));
            cache.update(Map.of("items", List.of()));
          }
        }
    """,
    "csharp": """\
        using Stripe;
        class A
        {
            void F(OrderService orders)
            {
                orders.Create(new OrderCreateOptions { Amount = 500 });
                new SubscriptionService().Update(
                    "sub_1", new SubscriptionUpdateOptions { Description = "Gold" });
            }
        }
    """,
}


@pytest.mark.parametrize("language", list(LOOKALIKES))
def test_application_code_that_shares_a_name_is_not_a_stripe_call(language: str) -> None:
    assert scan(textwrap.dedent(LOOKALIKES[language]), language) == []


def test_a_java_update_is_told_apart_by_its_receiver_or_its_params() -> None:
    code = textwrap.dedent(
        """\
        import com.stripe.model.*;
        import com.stripe.param.*;
        class A {
          void f() throws Exception {
            SubscriptionItem item = SubscriptionItem.retrieve("si_1");
            item.update(SubscriptionItemUpdateParams.builder().setQuantity(2L)
                .setProrationBehavior(SubscriptionItemUpdateParams.ProrationBehavior.NONE).build());
            Subscription sub = Subscription.retrieve("sub_9");
            sub.update(Map.of("proration_behavior", "none", "items", List.of()));
          }
        }
        """
    )
    first, second = scan(code, "java")
    (item,) = scan(
        "import stripe\n"
        "stripe.SubscriptionItem.modify('si_1', quantity=2, proration_behavior='none')\n",
        "python",
    )
    (subscription,) = scan(
        "import stripe\nstripe.Subscription.modify('sub_9', proration_behavior='none', items=[])\n",
        "python",
    )
    assert _translation(first) == _translation(item)
    assert _translation(second) == _translation(subscription)
    assert _translation(first) != _translation(second)
