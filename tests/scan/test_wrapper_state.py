"""A wrapper method's own state at a call of it (``migrate/scan/wrapper_state.py``): Ruby's
``@price_id``, Java/C#/Kotlin fields read bare, Go fields through the method's receiver are the
receiver's at a call on another object, as readable there (a public field, a getter, an
``attr_reader``), ``TODO_<field>`` with X021 where the caller cannot name them, as written at a
call on the same object. And a PHP receiver whose class the file says without a type
(``new Billing;``, ``app(Billing::class)``, a ``@var`` docblock) reaches the wrapper."""

from __future__ import annotations

import re
from pathlib import Path

from ast_grep_py import SgRoot

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats
from tests.scan.trees import write_tree as _tree


def _via(top: Path) -> dict[tuple[str, int], CallSite]:
    stats = ScanStats()
    sites = [s for s in scan_paths([str(top)], stats=stats, jobs=1) if s.kind == "create"]
    assert stats.problems == []
    return {(Path(s.file).relative_to(top).as_posix(), s.line): s for s in sites if s.via}


def _codes(site: CallSite) -> list[str]:
    return [f.code for f in site.findings]


def _parses(suggestion: str, language: str, head: str, tail: str) -> None:
    """The suggestion, as the body of a function of ``language``, parses without an error."""
    root = SgRoot(f"{head}\n{suggestion}\n{tail}\n", language).root()
    errors = [n.text()[:60] for n in root.find_all(kind="ERROR")]
    assert errors == [], errors


RUBY_SERVICE = """class CheckoutService
  attr_reader :user

  def initialize(user, price_id)
    @user = user
    @price_id = price_id
  end

  def call(success_url)
    Stripe::Checkout::Session.create(
      customer: @user.stripe_customer_id,
      line_items: [{ price: @price_id, quantity: 1 }],
      mode: "subscription",
      success_url: success_url
    )
  end

  def again
    call("https://shop.example/again")
  end
end
"""
RUBY_CONTROLLER = """class SubscriptionsController < ApplicationController
  def create
    service = CheckoutService.for_user(current_user, params[:price_id])
    session = service.call(success_subscriptions_url)
    redirect_to session.url, allow_other_host: true
  end
end
"""


def test_ruby_instance_variables_are_the_receivers_at_a_call_on_another_object(
    tmp_path: Path,
) -> None:
    """A Rails service object reads `@price_id` and `@user`: the controller's Dodo call named
    them where they are another object's (nil there). An `attr_reader` makes `service.user`;
    otherwise `service.instance_variable_get(:@price_id)`; a call inside the class keeps them.
    (An object the function makes with `.new` reads its maker's arguments instead:
    tests/scan/test_service_objects.py.)"""
    top = _tree(
        tmp_path,
        {
            "app/services/checkout_service.rb": RUBY_SERVICE,
            "app/controllers/subscriptions_controller.rb": RUBY_CONTROLLER,
        },
    )
    via = _via(top)
    outside = via[("app/controllers/subscriptions_controller.rb", 4)]
    text = outside.suggestion
    assert "DodoIds.product_id(service.instance_variable_get(:@price_id))" in text
    assert "DodoIds.customer_id(service.user.stripe_customer_id)" in text
    assert re.search(r"(?<!:)@(?:user|price_id)\b", text) is None
    assert "X021" not in _codes(outside)
    _parses(text, "ruby", "def create", "end")
    same = via[("app/services/checkout_service.rb", 19)]
    assert "DodoIds.product_id(@price_id)" in same.suggestion


JAVA_SERVICE = """package com.shop.billing;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

@Service
public class BillingService {
    @Value("${stripe.price.pro}")
    private String priceId;

    @Value("${app.url}")
    public String appUrl;

    private String cancelUrl;

    public String getCancelUrl() {
        return cancelUrl;
    }

    public Session checkout(String customerId) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setCustomer(customerId)
            .addLineItem(
                SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
            .setSuccessUrl(appUrl + "/ok")
            .setCancelUrl(this.cancelUrl)
            .build();
        return Session.create(params);
    }

    public Session renew(String customerId) throws Exception {
        return checkout(customerId);
    }
}
"""
JAVA_CONTROLLER = """package com.shop.web;

import com.shop.billing.BillingService;
import org.springframework.web.bind.annotation.*;

@RestController
public class BillingController {
    private final BillingService billingService;

    public BillingController(BillingService billingService) {
        this.billingService = billingService;
    }

    @PostMapping("/checkout")
    public String checkout(@RequestParam String customerId) throws Exception {
        return billingService.checkout(customerId).getUrl();
    }
}
"""


def test_java_fields_are_the_receivers_where_readable_else_todo(tmp_path: Path) -> None:
    """A Spring service's `@Value` fields read bare (`priceId`) or through `this`: the
    controller's Dodo call named `priceId` (undefined there) and `this.cancelUrl` (the
    controller's own object). A public field is the receiver's, a private one with a getter
    its getter, one without `TODO_priceId` (X021); a call inside the class keeps them."""
    top = _tree(
        tmp_path,
        {
            "src/main/java/com/shop/billing/BillingService.java": JAVA_SERVICE,
            "src/main/java/com/shop/web/BillingController.java": JAVA_CONTROLLER,
        },
    )
    via = _via(top)
    outside = via[("src/main/java/com/shop/web/BillingController.java", 16)]
    values = {d.path: d.source for d in outside.dynamic}
    assert values["line_items[0].price"] == "TODO_priceId"
    assert values["success_url"] == 'billingService.appUrl + "/ok"'
    assert values["cancel_url"] == "billingService.getCancelUrl()"
    unseen = [f for f in outside.findings if f.code == "X021"]
    assert [f.path for f in unseen] == ["line_items[0].price"]
    assert "its field `priceId`" in unseen[0].message
    assert "this." not in outside.suggestion
    _parses(outside.suggestion, "java", "class C { void m() throws Exception {", "} }")
    same = via[("src/main/java/com/shop/billing/BillingService.java", 35)]
    assert {d.path: d.source for d in same.dynamic}["line_items[0].price"] == "priceId"
    assert "X021" not in _codes(same)


CS_SERVICE = """using Microsoft.Extensions.Options;
using Stripe.Checkout;

namespace Shop.Billing;

public class CheckoutService
{
    private readonly StripeOptions _options;
    public string CancelUrl { get; set; } = "https://shop.example/cancel";

    public CheckoutService(IOptions<StripeOptions> options)
    {
        _options = options.Value;
    }

    public async Task<string> StartAsync(string customerId)
    {
        var options = new SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customerId,
            LineItems = new List<SessionLineItemOptions>
            {
                new() { Price = _options.PriceId, Quantity = 1 },
            },
            SuccessUrl = _options.SuccessUrl,
            CancelUrl = CancelUrl,
        };
        var session = await new SessionService().CreateAsync(options);
        return session.Url;
    }
}
"""
CS_CONTROLLER = """using Microsoft.AspNetCore.Mvc;
using Shop.Billing;

namespace Shop.Web;

public class BillingController : Controller
{
    private readonly CheckoutService _checkout;

    public BillingController(CheckoutService checkout)
    {
        _checkout = checkout;
    }

    [HttpPost]
    public async Task<IActionResult> Subscribe(string customerId)
    {
        var url = await _checkout.StartAsync(customerId);
        return Redirect(url);
    }
}
"""


def test_csharp_options_field_is_todo_and_a_public_property_the_receivers(
    tmp_path: Path,
) -> None:
    """An ASP.NET service reads `_options.PriceId` (a private IOptions value) and its public
    `CancelUrl`: the controller's Dodo call named `_options` (the controller has none) and
    `CancelUrl` (the controller's own). The private field is `TODO__options` with X021, the
    property `_checkout.CancelUrl` (an object initializer's `CancelUrl = ...` is no local)."""
    top = _tree(
        tmp_path, {"Billing/CheckoutService.cs": CS_SERVICE, "Web/Billing.cs": CS_CONTROLLER}
    )
    outside = _via(top)[("Web/Billing.cs", 18)]
    values = {d.path: d.source for d in outside.dynamic}
    assert values["line_items[0].price"] == "TODO__options.PriceId"
    assert values["success_url"] == "TODO__options.SuccessUrl"
    assert values["cancel_url"] == "_checkout.CancelUrl"
    assert sorted(f.path for f in outside.findings if f.code == "X021") == [
        "line_items[0].price",
        "success_url",
    ]
    assert re.search(r"(?<![\w.])_options\b", outside.suggestion) is None
    _parses(outside.suggestion, "csharp", "class C { async Task M() {", "} }")


GO_SERVICE = """package billing

import (
	"github.com/stripe/stripe-go/v83"
	"github.com/stripe/stripe-go/v83/checkout/session"
)

type Service struct {
	cfg Config
	Cfg Config
}

func (s *Service) Checkout(customerID string) (string, error) {
	params := &stripe.CheckoutSessionParams{
		Mode:       stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		Customer:   stripe.String(customerID),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(s.cfg.PriceID), Quantity: stripe.Int64(1)},
		},
		SuccessURL: stripe.String(s.Cfg.SuccessURL),
	}
	sess, err := session.New(params)
	if err != nil {
		return "", err
	}
	return sess.URL, nil
}

func Renew(svc *Service, id string) (string, error) {
	return svc.Checkout(id)
}
"""
GO_HANDLER = """package web

import "example.com/shop/internal/billing"

type Handler struct {
	billing *billing.Service
}

func (h *Handler) Subscribe(customerID string) (string, error) {
	return h.billing.Checkout(customerID)
}
"""


def test_go_fields_through_the_receiver_are_the_callers_receivers(tmp_path: Path) -> None:
    """A Go method reads its config through its receiver (`s.cfg.PriceID`): its callers'
    Dodo calls named `s` (undefined there; the calls were not found at all when the receiver
    was a parameter `svc *Service` or a field `billing *billing.Service`). In the package,
    `svc.cfg.PriceID`; in another, an exported field is `h.billing.Cfg.SuccessURL`, an
    unexported one `TODO_cfg` with X021."""
    top = _tree(
        tmp_path,
        {
            "go.mod": "module example.com/shop\n",
            "internal/billing/service.go": GO_SERVICE,
            "internal/web/handler.go": GO_HANDLER,
        },
    )
    via = _via(top)
    inside = via[("internal/billing/service.go", 30)]
    values = {d.path: d.source for d in inside.dynamic}
    assert values["line_items[0].price"] == "svc.cfg.PriceID"
    assert values["success_url"] == "svc.Cfg.SuccessURL"
    assert "X021" not in _codes(inside)
    other = via[("internal/web/handler.go", 10)]
    values = {d.path: d.source for d in other.dynamic}
    assert values["line_items[0].price"] == "TODO_cfg.PriceID"
    assert values["success_url"] == "h.billing.Cfg.SuccessURL"
    assert [f.path for f in other.findings if f.code == "X021"] == ["line_items[0].price"]
    for site in (inside, other):
        assert re.search(r"(?<![\w.])s\.", site.suggestion) is None
        _parses(site.suggestion, "go", "package p\nfunc f() error {", "return nil\n}")


def test_a_receiver_the_caller_cannot_name_makes_todo(tmp_path: Path) -> None:
    """A call on a new object or on the class (`Billing().open_checkout(...)`,
    `Billing.open_checkout(...)`) has no name for the object whose `self.pro_price` the
    wrapper reads: the Dodo call named `self.pro_price` there (a NameError). It is
    `TODO_pro_price`, with X021."""
    top = _tree(
        tmp_path,
        {
            "billing.py": (
                "import stripe\n\nclass Billing:\n"
                "    def open_checkout(self, user):\n"
                "        return stripe.checkout.Session.create(mode='subscription',"
                " line_items=[{'price': self.pro_price, 'quantity': 1}],"
                " customer_email=user.email, success_url='https://x.example/ok')\n\n"
                "def upgrade(request):\n    return Billing().open_checkout(request.user)\n"
            ),
        },
    )
    site = _via(top)[("billing.py", 8)]
    assert "dodo_product_id(TODO_pro_price)" in site.suggestion
    assert "self." not in site.suggestion
    unseen = [f for f in site.findings if f.code == "X021"]
    assert [f.path for f in unseen] == ["line_items[0].price"]


PHP_SERVICE = """<?php
namespace App\\Services;

use Stripe\\Checkout\\Session;

class BillingService
{
    public function checkout(string $plan, $user)
    {
        return Session::create([
            'mode' => 'subscription',
            'line_items' => [['price' => $plan, 'quantity' => 1]],
            'success_url' => 'https://shop.example/ok',
            'client_reference_id' => $user->id,
        ]);
    }
}
"""


def test_php_untyped_receivers_whose_class_the_file_says(tmp_path: Path) -> None:
    """`$b = new BillingService;` (no parentheses), `$b = app(BillingService::class)` (a
    container) and a property typed by its `/** @var BillingService */` docblock: the calls on
    them were no creation sites (the cart the controller pays was not reported)."""
    head = "<?php\nnamespace App\\Http;\n\nuse App\\Services\\BillingService;\n\n"
    top = _tree(
        tmp_path,
        {
            "app/Services/BillingService.php": PHP_SERVICE,
            "app/Http/Plain.php": head + "function buy($user)\n{\n    $b = new BillingService;\n"
            "    return $b->checkout('price_plain', $user);\n}\n",
            "app/Http/Container.php": head + "function buy($user)\n{\n"
            "    $b = app(BillingService::class);\n"
            "    return $b->checkout('price_container', $user);\n}\n",
            "app/Http/Docblock.php": head + "class Docblock\n{\n"
            "    /** @var BillingService */\n    private $billing;\n\n"
            "    public function buy($user)\n    {\n"
            "        return $this->billing->checkout('price_doc', $user);\n    }\n}\n",
        },
    )
    via = _via(top)
    prices = {
        where: site.params["line_items"][0]["price"]
        for where, site in via.items()
        if where[0].startswith("app/Http/")
    }
    assert prices == {
        ("app/Http/Plain.php", 9): "price_plain",
        ("app/Http/Container.php", 9): "price_container",
        ("app/Http/Docblock.php", 13): "price_doc",
    }


JAVA_REPO_SERVICE = """package shop.payments;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class PaymentService {
    private final UserRepository userRepository;

    public PaymentService(UserRepository userRepository) { this.userRepository = userRepository; }

    public Session createVoucherSession(String priceId, String stripeId) throws Exception {
        User user = userRepository.findByStripeId(stripeId).orElseThrow();
        SessionCreateParams params = SessionCreateParams.builder()
                .setSuccessUrl("https://example.com/success")
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .putMetadata("userId", String.valueOf(user.getId()))
                .build();
        return Session.create(params);
    }
}
"""
JAVA_REPO_CONTROLLER = """package shop.web;

import com.stripe.model.checkout.Session;
import shop.payments.PaymentService;

public class VoucherController {
    private PaymentService paymentService;

    public String buy(User user) throws Exception {
        Session session = paymentService.createVoucherSession("price_V10", user.getStripeId());
        return session.getUrl();
    }
}
"""


def test_java_wrapper_local_computed_from_a_private_field_names_no_undefined_field(
    tmp_path: Path,
) -> None:
    """CultureFit's shape: the wrapper's local `user` comes from its private field
    `userRepository`; written out at the controller's call, the field is `TODO_userRepository`
    with X021 (the controller has no `userRepository`), never the bare field."""
    top = _tree(
        tmp_path,
        {
            "PaymentService.java": JAVA_REPO_SERVICE,
            "VoucherController.java": JAVA_REPO_CONTROLLER,
        },
    )
    call = _via(top)[("VoucherController.java", 10)]
    user_id = {d.path: d.source for d in call.dynamic}["metadata.userId"]
    assert re.search(r"(?<!TODO_)\buserRepository\b", user_id) is None
    assert "TODO_userRepository.findByStripeId(user.getStripeId())" in user_id
    unseen = [f for f in call.findings if f.code == "X021"]
    assert [f.path for f in unseen] == ["metadata.userId"]
    assert "its field `userRepository`" in unseen[0].message
    assert re.search(r"(?<!TODO_)\buserRepository\b", call.suggestion) is None
    _parses(call.suggestion, "java", "class C { void m() throws Exception {", "} }")
