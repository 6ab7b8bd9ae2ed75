"""Project wrappers of a Checkout Session creation (``migrate/scan/wrappers.py``): a function
whose creation takes values from its parameters is a creation API; its calls in the scanned
tree are creation sites with the caller's arguments in place, in every language."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from migrate.display import shown_path
from migrate.scan import scan_paths
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, ScanStats, index_wrappers, scan_source
from tests.scan.trees import write_tree as _tree

ROOT = Path(__file__).resolve().parents[2]
CODE = ROOT / "samples" / "code"


def _creates(*paths: Path, jobs: int = 1) -> list[CallSite]:
    stats = ScanStats()
    sites = [
        s for s in scan_paths([str(p) for p in paths], stats=stats, jobs=jobs) if s.kind == "create"
    ]
    assert stats.problems == []
    return sites


def _where(site: CallSite, top: Path) -> tuple[str, int]:
    return Path(site.file).relative_to(top).as_posix(), site.line


def _codes(site: CallSite) -> list[str]:
    return [f.code for f in site.findings]


# -- Python -----------------------------------------------------------------------------------


def test_python_wrapper_calls_from_two_views_carry_their_arguments() -> None:
    top = CODE / "python" / "shop"
    sites = _creates(top)
    via = f"create_checkout at {shown_path(str(top / 'billing.py'))}:12"
    assert [(_where(s, top), s.via) for s in sites] == [
        (("billing.py", 12), None),
        (("views.py", 12), via),
        (("views.py", 19), via),
    ]  # reports.py defines its own create_checkout: its call is not the billing helper
    wrapper, upgrade, team = sites
    assert wrapper.wrapper == "create_checkout(user, price_id, quantity, trial_days)"
    assert _codes(wrapper)[0] == "X014"
    l113 = next(f for f in wrapper.findings if f.code == "L113")
    assert l113.message.endswith("Set by the caller of create_checkout.")
    assert upgrade.params["line_items"] == [{"price": "price_1ShopProMonthly", "quantity": 1}]
    assert upgrade.params["subscription_data"] == {"trial_period_days": 14}
    assert upgrade.params["metadata"] == {"plan": "price_1ShopProMonthly"}
    assert upgrade.params["customer"] == {"$dynamic": "request.user.stripe_customer_id"}
    assert "subscription_data" not in team.params  # trial_days left out: its default is None
    assert team.params["line_items"] == [
        {"price": {"$dynamic": "settings.TEAM_PRICE_ID"}, "quantity": {"$dynamic": "seats"}}
    ]
    assert _codes(upgrade)[0] == "X015"
    assert upgrade.translation is not None and upgrade.translation.dodo is not None
    assert upgrade.translation.dodo["product_cart"][0]["quantity"] == 1  # a literal cart now
    assert (upgrade.span, team.span) == (None, None)  # a call to a wrapper is never rewritten
    assert "request.user.stripe_customer_id" in {d.source for d in upgrade.dynamic}


def test_python_imports_decide_which_function_a_call_reaches(tmp_path: Path) -> None:
    wrapper = (
        "import stripe\n"
        "def create_checkout(price_id):\n"
        "    return stripe.checkout.Session.create(mode='payment',"
        " line_items=[{'price': price_id, 'quantity': 1}], success_url='https://x.example/ok')\n"
    )
    top = _tree(
        tmp_path,
        {
            "billing/services.py": wrapper,
            "billing/__init__.py": "",
            "app/a.py": "from billing.services import create_checkout as cc\ncc('price_1A')\n",
            "app/b.py": "import billing.services as bs\nbs.create_checkout('price_1B')\n",
            "app/c.py": "from shop.services import create_checkout\ncreate_checkout('price_1C')\n",
            "app/d.py": "create_checkout('price_1D')\n",  # nothing imported: another name
            "billing/e.py": "from .services import create_checkout\ncreate_checkout('price_1E')\n",
        },
    )
    found = [(_where(s, top), s.params["line_items"][0]["price"]) for s in _creates(top) if s.via]
    assert found == [
        (("app/a.py", 2), "price_1A"),
        (("app/b.py", 2), "price_1B"),
        (("billing/e.py", 2), "price_1E"),
    ]


def test_arguments_bind_by_position_name_default_and_pass_through_keys() -> None:
    code = """\
import stripe

def checkout(plan, email=None, *, quantity=2, **extra):
    return stripe.checkout.Session.create(
        mode="subscription",
        customer_email=email,
        line_items=[{"price": plan["price"], "quantity": quantity}],
        metadata={"source": extra.get("source", "web"), "plan": plan["name"]},
        success_url="https://x.example/ok",
    )

PLAN = {"price": "price_1Gold", "name": "gold"}

def view(user):
    return checkout(PLAN, user.email, quantity=1)

def spread(args):
    return checkout(*args)
"""
    sites = [s for s in scan_source(code, "billing.py", BY_NAME["python"]) if s.kind == "create"]
    assert [(s.line, s.via is not None) for s in sites] == [(4, False), (15, True), (18, True)]
    view, spread = sites[1], sites[2]
    assert view.params["customer_email"] == {"$dynamic": "user.email"}
    assert view.params["line_items"] == [{"price": "price_1Gold", "quantity": 1}]
    assert view.params["metadata"] == {
        "source": {"$dynamic": '{}.get("source", "web")'},
        "plan": "gold",
    }
    # a spread argument the reader cannot read binds nothing: the parameters it may pass are
    # named TODO_<name> (X021), never written as names the caller does not define
    assert spread.params["line_items"] == [
        {"price": {"$dynamic": 'TODO_plan["price"]'}, "quantity": {"$dynamic": "TODO_quantity"}}
    ]
    unseen = [f.message for f in spread.findings if f.code == "X021"]
    assert unseen and all("(passed in a spread argument)" in m for m in unseen)


def test_a_function_reading_only_a_request_is_not_a_wrapper_and_recursion_is_no_call() -> None:
    code = """\
import stripe

def checkout(request):
    return stripe.checkout.Session.create(mode="payment", success_url="https://x.example/ok",
        line_items=[{"price": request.POST["price"], "quantity": 1}])

def retry(price_id, attempts):
    if attempts:
        return retry(price_id, attempts - 1)
    return stripe.checkout.Session.create(mode="payment", success_url="https://x.example/ok",
        line_items=[{"price": price_id, "quantity": 1}])
"""
    sites = list(scan_source(code, "views.py", BY_NAME["python"]))
    assert [(s.line, s.wrapper, s.via) for s in sites] == [
        (4, None, None),
        (10, "retry(price_id, attempts)", None),
    ]


# -- JavaScript / TypeScript ------------------------------------------------------------------


def test_a_next_js_lib_called_from_api_routes_through_an_object_pattern() -> None:
    top = CODE / "node" / "next"
    sites = _creates(top)
    assert [(_where(s, top), s.callee) for s in sites] == [
        (("app/api/checkout/route.ts", 9), "createCheckoutSession"),
        (("app/api/upgrade/route.ts", 8), "checkout"),  # imported as checkout
        (("lib/stripe.ts", 9), "stripe.checkout.sessions.create"),
    ]  # lib/analytics.ts has its own createCheckoutSession: app/api/track is not a creation
    checkout, upgrade, wrapper = sites
    assert wrapper.wrapper == "createCheckoutSession({ priceId, userId, quantity = 1 })"
    assert checkout.params["line_items"] == [{"price": {"$dynamic": "priceId"}, "quantity": 1}]
    assert checkout.params["client_reference_id"] == {"$dynamic": "user.id"}
    assert upgrade.params["line_items"] == [{"price": "price_1NextTeamYearly", "quantity": 5}]


def test_javascript_modules_namespaces_require_and_classes(tmp_path: Path) -> None:
    wrapper = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
export async function startCheckout(priceId, email) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://x.example/ok",
  });
}
export class Billing {
  static async pro(email) {
    return stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: email,
      line_items: [{ price: "price_1Pro", quantity: 1 }],
      success_url: "https://x.example/ok",
    });
  }
}
"""
    top = _tree(
        tmp_path,
        {
            "src/lib/billing.js": wrapper,
            "src/a.js": (
                'import * as billing from "./lib/billing";\nbilling.startCheckout("price_1A", e);\n'
            ),
            "src/b.js": (
                'const { startCheckout } = require("./lib/billing");\n'
                'startCheckout("price_1B", e);\n'
            ),
            "src/c.js": 'import { Billing } from "~/lib/billing";\nBilling.pro(user.email);\n',
            "src/d.js": 'import { startCheckout } from "./other";\nstartCheckout("price_1D", e);\n',
        },
    )
    found = [(_where(s, top), s.params.get("customer_email")) for s in _creates(top) if s.via]
    assert found == [
        (("src/a.js", 2), {"$dynamic": "e"}),
        (("src/b.js", 2), {"$dynamic": "e"}),
        (("src/c.js", 2), {"$dynamic": "user.email"}),
    ]


# -- PHP --------------------------------------------------------------------------------------


def test_a_php_plugin_class_wrapper_called_with_use_imports_and_named_arguments() -> None:
    top = CODE / "php" / "plugin"
    sites = _creates(top)
    wrapper_file = shown_path(str(top / "src" / "Stripe" / "CheckoutSession.php"))
    via = f"CheckoutSession.create at {wrapper_file}:21"
    assert [(_where(s, top), s.via) for s in sites] == [
        (("src/Gateway.php", 13), via),
        (("src/Gateway.php", 18), via),
        (("src/Stripe/CheckoutSession.php", 21), None),
    ]  # Acme\Shop\CheckoutSession::create is another class of the same name
    join, gift, wrapper = sites
    assert wrapper.wrapper == "CheckoutSession.create($priceId, $email, $quantity)"
    assert join.params["line_items"] == [{"price": "price_1AcmeGoldYearly", "quantity": 1}]
    assert join.params["customer_email"] == {"$dynamic": "$user->user_email"}
    assert gift.params["line_items"] == [
        {"price": {"$dynamic": "get_option('acme_gift_price')"}, "quantity": {"$dynamic": "$seats"}}
    ]


def test_php_same_class_calls_and_functions_in_a_namespace() -> None:
    code = """\
<?php
namespace App;

function checkout_for($price) {
    return \\Stripe\\Checkout\\Session::create(['mode' => 'payment', 'success_url' => 'https://x.example/ok',
        'line_items' => [['price' => $price, 'quantity' => 1]]]);
}

class Plans {
    private function open(string $price) {
        return $this->stripe->checkout->sessions->create(['mode' => 'payment',
            'success_url' => 'https://x.example/ok',
            'line_items' => [['price' => $price, 'quantity' => 1]]]);
    }
    public function pro() { return $this->open('price_1PhpPro'); }
    public function basic() { return checkout_for('price_1PhpBasic'); }
}
"""
    sites = [s for s in scan_source(code, "plans.php", BY_NAME["php"]) if s.via]
    assert [(s.line, s.params["line_items"][0]["price"]) for s in sites] == [
        (15, "price_1PhpPro"),
        (16, "price_1PhpBasic"),
    ]


# -- Ruby, Go, Java, C# -----------------------------------------------------------------------

RUBY_WRAPPER = """\
module Billing
  class Checkout
    def self.start(user, price_id, quantity: 1)
      Stripe::Checkout::Session.create(
        mode: "subscription",
        customer: user.stripe_customer_id,
        line_items: [{ price: price_id, quantity: quantity }],
        success_url: "https://app.example.com/billing/done",
      )
    end

    def open(price_id)
      Stripe::Checkout::Session.create(mode: "payment", success_url: "https://app.example.com/x",
        line_items: [{ price: price_id, quantity: 1 }])
    end
  end
end
"""
RUBY_CALLER = """\
class PlansController < ApplicationController
  def create
    session = Billing::Checkout.start(current_user, "price_1RubyPro", quantity: 3)
    checkout = Billing::Checkout.new
    checkout.open("price_1RubyOnce")
    Checkout.start(current_user, "price_1Other")
    Other.start(current_user, "price_1Other")
  end
end
"""


def test_ruby_class_methods_instances_and_keyword_arguments(tmp_path: Path) -> None:
    top = _tree(
        tmp_path,
        {"app/services/billing.rb": RUBY_WRAPPER, "app/controllers/plans.rb": RUBY_CALLER},
    )
    found = [(_where(s, top), s.params["line_items"]) for s in _creates(top) if s.via]
    assert found == [
        (("app/controllers/plans.rb", 3), [{"price": "price_1RubyPro", "quantity": 3}]),
        (("app/controllers/plans.rb", 5), [{"price": "price_1RubyOnce", "quantity": 1}]),
    ]  # a top-level Checkout and Other are not Billing::Checkout


def test_go_java_and_csharp_wrappers(tmp_path: Path) -> None:
    top = _tree(
        tmp_path,
        {
            "internal/billing/checkout.go": """\
package billing

import "github.com/stripe/stripe-go/v76/checkout/session"

func NewCheckout(priceID string) (*stripe.CheckoutSession, error) {
	return session.New(&stripe.CheckoutSessionParams{
		Mode:       stripe.String("payment"),
		SuccessURL: stripe.String("https://example.com/ok"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
		},
	})
}
""",
            "cmd/api/main.go": """\
package main

import "github.com/acme/app/internal/billing"

func pro() { billing.NewCheckout("price_1GoPro") }
""",
            "src/com/acme/billing/CheckoutService.java": """\
package com.acme.billing;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class CheckoutService {
  public Session create(String priceId) throws Exception {
    return Session.create(SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://example.com/ok")
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
        .build());
  }
}
""",
            "src/com/acme/web/PlanController.java": """\
package com.acme.web;

import com.acme.billing.CheckoutService;

public class PlanController {
  private final CheckoutService checkoutService;
  public String pro() throws Exception { return checkoutService.create("price_1JavaPro").getUrl(); }
}
""",
            "Billing.cs": """\
using Stripe.Checkout;
namespace Acme.Billing;
public class CheckoutGateway
{
    public static Session Start(string priceId)
    {
        var options = new SessionCreateOptions { Mode = "payment", SuccessUrl = "https://example.com/ok",
            LineItems = new List<SessionLineItemOptions> {
                new SessionLineItemOptions { Price = priceId, Quantity = 1 },
            } };
        return new SessionService().Create(options);
    }
}
""",
            "Plans.cs": """\
using Acme.Billing;
namespace Acme.Web;
public class Plans { public string Pro() => CheckoutGateway.Start("price_1CsPro").Url; }
""",
        },
    )
    found = [(_where(s, top), s.params["line_items"][0]["price"]) for s in _creates(top) if s.via]
    assert found == [
        (("Plans.cs", 3), "price_1CsPro"),
        (("cmd/api/main.go", 5), "price_1GoPro"),
        (("src/com/acme/web/PlanController.java", 7), "price_1JavaPro"),
    ]


RUBY_CONCERN = """\
module StripeV2ClientHelper
  extend ActiveSupport::Concern

  def create_checkout_session(params)
    Stripe::Checkout::Session.create(params)
  end
end
"""


def test_a_ruby_module_included_in_a_class_of_another_file_is_reached_by_a_bare_call(
    tmp_path: Path,
) -> None:
    # a concern defining the wrapper, a service including it calling it with no receiver (the
    # call was missed: only same-file calls and explicit receivers were resolved)
    service = """\
class CheckoutService
  include StripeV2ClientHelper

  def call(account, price_id)
    checkout_session_params = {
      customer: account.stripe_customer_id,
      mode: "subscription",
      line_items: [{ price: price_id, quantity: 1 }],
      success_url: "https://app.example.com/ok",
    }
    create_checkout_session(checkout_session_params)
  end
end
"""
    top = _tree(
        tmp_path,
        {
            "app/models/concerns/stripe_v2_client_helper.rb": RUBY_CONCERN,
            "app/services/checkout_service.rb": service,
            # not including the module: its bare call is some other method of that name
            "app/services/other.rb": service.replace("  include StripeV2ClientHelper\n", ""),
            # including it, but defining its own method of that name: the call is that one
            "app/services/own.rb": service.replace(
                "  def call", "  def create_checkout_session(p) = p\n\n  def call"
            ),
        },
    )
    found = [(_where(s, top), s.via, s.params) for s in _creates(top) if s.via]
    wrapper = shown_path(str(top / "app/models/concerns/stripe_v2_client_helper.rb"))
    assert found == [
        (
            ("app/services/checkout_service.rb", 11),
            f"StripeV2ClientHelper.create_checkout_session at {wrapper}:5",
            {
                "customer": {"$dynamic": "account.stripe_customer_id"},
                "mode": "subscription",
                "line_items": [{"price": {"$dynamic": "price_id"}, "quantity": 1}],
                "success_url": "https://app.example.com/ok",
            },
        )
    ]


def test_a_python_mixin_of_another_module_is_reached_through_self(tmp_path: Path) -> None:
    mixin = """\
import stripe


class CheckoutMixin:
    def open_checkout(self, price_id, **extra):
        return stripe.checkout.Session.create(
            mode="subscription",
            line_items=[{"price": price_id, "quantity": 1}],
            success_url="https://app.example.com/ok",
            **extra,
        )
"""
    billing = """\
from billing.mixins import CheckoutMixin


class Billing(CheckoutMixin):
    def upgrade(self, account):
        return self.open_checkout("price_1Mixin", customer=account.stripe_customer_id)
"""
    top = _tree(
        tmp_path,
        {
            "billing/mixins.py": mixin,
            "billing/views.py": billing,
            # a class without the mixin, and one whose base is another module's CheckoutMixin
            "billing/plain.py": billing.replace("(CheckoutMixin)", ""),
            "billing/other.py": billing.replace("billing.mixins", "shop.mixins"),
        },
    )
    found = [(_where(s, top), s.params) for s in _creates(top) if s.via]
    assert found == [
        (
            ("billing/views.py", 6),
            {
                "mode": "subscription",
                "line_items": [{"price": "price_1Mixin", "quantity": 1}],
                "success_url": "https://app.example.com/ok",
                "customer": {"$dynamic": "account.stripe_customer_id"},
            },
        )
    ]


_INHERITED = {
    "php": (
        "src/Billing/OpensCheckout.php",
        """\
<?php
namespace App\\Billing;

trait OpensCheckout
{
    protected function openCheckout($priceId)
    {
        return \\Stripe\\Checkout\\Session::create(['mode' => 'payment',
            'success_url' => 'https://x.example/ok',
            'line_items' => [['price' => $priceId, 'quantity' => 1]]]);
    }
}
""",
        "src/Web/Plans.php",
        """\
<?php
namespace App\\Web;

use App\\Billing\\OpensCheckout;

class Plans
{
    use OpensCheckout;

    public function pro() { return $this->openCheckout('price_1Inherited'); }
}
""",
        "    use OpensCheckout;\n",
    ),
    "node": (
        "src/base.ts",
        """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
export class CheckoutBase {
  async openCheckout(priceId: string) {
    return stripe.checkout.sessions.create({ mode: "payment", success_url: "https://x.example/ok",
      line_items: [{ price: priceId, quantity: 1 }] });
  }
}
""",
        "src/plans.ts",
        """\
import { CheckoutBase } from "./base";
export class Plans extends CheckoutBase {
  pro() { return this.openCheckout("price_1Inherited"); }
}
""",
        " extends CheckoutBase",
    ),
    "java": (
        "src/com/acme/billing/CheckoutBase.java",
        """\
package com.acme.billing;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class CheckoutBase {
  protected Session openCheckout(String priceId) throws Exception {
    return Session.create(SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://x.example/ok")
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
        .build());
  }
}
""",
        "src/com/acme/web/Plans.java",
        """\
package com.acme.web;

import com.acme.billing.CheckoutBase;

public class Plans extends CheckoutBase {
  public String pro() throws Exception { return openCheckout("price_1Inherited").getUrl(); }
}
""",
        " extends CheckoutBase",
    ),
    "csharp": (
        "Billing/CheckoutBase.cs",
        """\
using Stripe.Checkout;
namespace Acme.Billing;
public class CheckoutBase
{
    protected Session OpenCheckout(string priceId)
    {
        var options = new SessionCreateOptions { Mode = "payment", SuccessUrl = "https://x.example/ok",
            LineItems = new() { new SessionLineItemOptions { Price = priceId, Quantity = 1 } } };
        return new SessionService().Create(options);
    }
}
""",
        "Web/Plans.cs",
        """\
using Acme.Billing;
namespace Acme.Web;
public class Plans : CheckoutBase { public string Pro() => OpenCheckout("price_1Inherited").Url; }
""",
        " : CheckoutBase",
    ),
}


@pytest.mark.parametrize("family", sorted(_INHERITED))
def test_a_wrapper_inherited_from_a_base_class_or_trait_of_another_file(
    tmp_path: Path, family: str
) -> None:
    base_path, base, caller_path, caller, inherits = _INHERITED[family]
    alone = caller_path.replace("Plans", "Alone").replace("plans", "alone")
    top = _tree(
        tmp_path,
        {
            base_path: base,
            caller_path: caller,
            # the same call in a class that does not inherit it: a method of its own
            alone: caller.replace(inherits, "").replace("Plans", "Alone"),
        },
    )
    found = [(_where(s, top)[0], s.params["line_items"]) for s in _creates(top) if s.via]
    assert found == [(caller_path, [{"price": "price_1Inherited", "quantity": 1}])]


CS_ADAPTER = """\
using Stripe.Checkout;
namespace Acme.Billing;
public interface IStripeAdapter
{
    Task<Session> CreateCheckoutSessionAsync(SessionCreateOptions options);
}
public class StripeAdapter : IStripeAdapter
{
    private readonly SessionService _checkoutSessionsService = new();
    public Task<Session> CreateCheckoutSessionAsync(SessionCreateOptions options) =>
        _checkoutSessionsService.CreateAsync(options);
}
"""
CS_COMMAND = """\
using Acme.Billing;
using Stripe.Checkout;
namespace Acme.Commands;
public class PremiumCheckoutCommand
{
    private readonly IStripeAdapter stripeAdapter;
    public PremiumCheckoutCommand(IStripeAdapter adapter) { stripeAdapter = adapter; }
    public async Task<string> Run(string customerId)
    {
        var sessionOptions = new SessionCreateOptions
        {
            Customer = customerId,
            Mode = "subscription",
            LineItems = [new SessionLineItemOptions { Price = "price_1Premium", Quantity = 1 }],
            SuccessUrl = "https://app.example.com/ok",
        };
        var session = await stripeAdapter.CreateCheckoutSessionAsync(sessionOptions);
        return session.Url;
    }
}
public class TeamCheckoutCommand(IStripeAdapter stripeAdapter)
{
    public Task<Session> Run() => stripeAdapter.CreateCheckoutSessionAsync(
        new SessionCreateOptions { Mode = "payment", SuccessUrl = "https://app.example.com/ok",
            LineItems = [new SessionLineItemOptions { Price = "price_1Team", Quantity = 2 }] });
}
"""


def test_a_csharp_receiver_typed_as_the_interface_its_one_implementer_wraps(
    tmp_path: Path,
) -> None:
    # the usual .NET shape: the command gets IStripeAdapter injected (a field, a primary
    # constructor parameter); StripeAdapter : IStripeAdapter passes the options through
    top = _tree(tmp_path, {"Billing/StripeAdapter.cs": CS_ADAPTER, "Commands/C.cs": CS_COMMAND})
    found = [(_where(s, top), s.params) for s in _creates(top) if s.via]
    assert found == [
        (
            ("Commands/C.cs", 17),
            {
                "customer": {"$dynamic": "customerId"},
                "mode": "subscription",
                "line_items": [{"price": "price_1Premium", "quantity": 1}],
                "success_url": "https://app.example.com/ok",
            },
        ),
        (
            ("Commands/C.cs", 23),
            {
                "mode": "payment",
                "success_url": "https://app.example.com/ok",
                "line_items": [{"price": "price_1Team", "quantity": 2}],
            },
        ),
    ]
    # a second implementer in the tree: the interface no longer says which class it is
    fake = "namespace Acme.Billing;\npublic class FakeAdapter : IStripeAdapter { }\n"
    _tree(tmp_path, {"Billing/FakeAdapter.cs": fake})
    assert [s for s in _creates(top) if s.via] == []


def test_a_java_field_typed_as_an_interface_with_one_implementer(tmp_path: Path) -> None:
    gateway = """\
package com.acme.billing;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class StripeCheckoutGateway implements CheckoutGateway {
  public Session open(String priceId) throws Exception {
    return Session.create(SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://example.com/ok")
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
        .build());
  }
}
"""
    caller = """\
package com.acme.web;

import com.acme.billing.CheckoutGateway;

public class PlanController {
  private final CheckoutGateway gateway;
  public String pro() throws Exception { return gateway.open("price_1JavaIface").getUrl(); }
}
"""
    top = _tree(
        tmp_path,
        {
            "src/com/acme/billing/CheckoutGateway.java": "package com.acme.billing;\n"
            "public interface CheckoutGateway { Object open(String priceId) throws Exception; }\n",
            "src/com/acme/billing/StripeCheckoutGateway.java": gateway,
            "src/com/acme/web/PlanController.java": caller,
        },
    )
    found = [(_where(s, top), s.params["line_items"]) for s in _creates(top) if s.via]
    assert found == [
        (
            ("src/com/acme/web/PlanController.java", 7),
            [{"price": "price_1JavaIface", "quantity": 1}],
        )
    ]


def test_a_receiver_type_is_read_in_the_class_of_the_call(tmp_path: Path) -> None:
    # two classes of one file declare a field of the same name: each call is resolved by its
    # own class's declaration (Audit's _adapter is another interface's: it was taken for a
    # StripeAdapter because Checkout's field of that name is one)
    code = """\
using Acme.Billing;
using Stripe.Checkout;
namespace Acme.Web;
public class Checkout
{
    private readonly StripeAdapter _adapter = new();
    public Task<Session> Go(SessionCreateOptions o) => _adapter.CreateCheckoutSessionAsync(o);
}
public class Audit
{
    private readonly IAuditLog _adapter;
    public Task<Session> Go(SessionCreateOptions o) => _adapter.CreateCheckoutSessionAsync(o);
}
"""
    top = _tree(tmp_path, {"Billing/StripeAdapter.cs": CS_ADAPTER, "Web/Both.cs": code})
    assert [_where(s, top) for s in _creates(top) if s.via] == [("Web/Both.cs", 7)]


# -- a wrapper's locals at its callers ------------------------------------------------------

GO_BILLING = """\
package billing

import (
	"strconv"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func createCheckoutSession(c *web.Context, priceID string) (string, error) {
	tenantIDStr := strconv.Itoa(c.Tenant().ID)
	returnURL := c.BaseURL() + "/admin/billing"
	plan, err := plans.Find(priceID)
	if err != nil {
		return "", err
	}
	params := &stripe.CheckoutSessionParams{
		Mode:       stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		SuccessURL: stripe.String(returnURL + "?checkout=success"),
		CancelURL:  stripe.String(returnURL),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
		},
		Metadata:   map[string]string{"tenant_id": tenantIDStr, "plan": plan.Name},
	}
	s, err := session.New(params)
	if err != nil {
		return "", err
	}
	return s.URL, nil
}

func Monthly(ctx *web.Context) error {
	_, err := createCheckoutSession(ctx, Config.MonthlyPriceID)
	return err
}

func Yearly(ctx *web.Context) error {
	_, err := createCheckoutSession(ctx, Config.YearlyPriceID)
	return err
}
"""


def _names(code: str) -> set[str]:
    """The variable names a suggestion's code reads (not its comments, string literals or
    attributes)."""
    import re

    lines = [x for x in code.splitlines() if not x.lstrip().startswith(("//", "#"))]
    text = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', '""', "\n".join(lines))
    return set(re.findall(r"(?<![\w$@.>])[$@]?[A-Za-z_]\w*", text))


def test_a_go_wrappers_locals_are_written_in_the_callers_terms() -> None:
    # fider's shape: the suggestion at each handler named the wrapper's tenantIDStr and
    # returnURL, defined only inside it (the handler's code did not compile)
    sites = [s for s in scan_source(GO_BILLING, "billing.go", BY_NAME["go"]) if s.via]
    assert [s.line for s in sites] == [34, 39]
    monthly = sites[0]
    assert {d.path: d.source for d in monthly.dynamic} == {
        # returnURL calls ctx.BaseURL() and is read twice: bound once, before the Dodo call
        "success_url": 'returnURL + "?checkout=success"',
        "cancel_url": "returnURL",
        "line_items[0].price": "Config.MonthlyPriceID",
        "metadata.tenant_id": "strconv.Itoa(ctx.Tenant().ID)",
        # plan, err := ...: not a value to write twice; its statement is written before the
        # Dodo call, with the wrapper's error check (was TODO_plan with X021)
        "metadata.plan": "plan.Name",
    }
    assert monthly.suggestion is not None
    assert '["tenant_id"] = strconv.Itoa(ctx.Tenant().ID)\n' in monthly.suggestion  # text already
    assert {"tenantIDStr", "c"}.isdisjoint(_names(monthly.suggestion))
    bound = (
        'returnURL := ctx.BaseURL() + "/admin/billing"\n'
        "plan, err := plans.Find(Config.MonthlyPriceID)\nif err != nil {\n\treturn err\n}\n"
    )
    assert bound in monthly.suggestion
    assert not [f for f in monthly.findings if f.code == "X021"]
    assert "Config.YearlyPriceID" in (sites[1].suggestion or "")


def test_python_wrapper_locals_bound_once_are_written_out_others_are_todo() -> None:
    code = """\
import stripe
from django.conf import settings

def create_checkout(user, price_id):
    back = settings.SITE_URL + "/billing"
    tenant = str(user.tenant_id)
    customer = create_customer(user)
    ok, no = urls_for(user)
    code = user.code
    code += "-web"
    for plan in user.plans:
        label = plan.name
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": price_id, "quantity": 1}],
        success_url=f"{back}/done?tenant={tenant}",
        cancel_url=no,
        customer=customer,
        metadata={"tenant": tenant, "label": label, "code": code, "site": settings.SITE_URL},
    )

def upgrade(request):
    return create_checkout(request.user, "price_1Pro")
"""
    sites = [s for s in scan_source(code, "billing.py", BY_NAME["python"]) if s.via]
    assert len(sites) == 1
    got = {d.path: d.source for d in sites[0].dynamic}
    assert got == {
        # the local's string takes the other quote inside the f-string (Python 3.11 parses it)
        "success_url": "f\"{(settings.SITE_URL + '/billing')}/done?tenant={tenant}\"",
        "cancel_url": "TODO_no",  # destructured
        "customer": "TODO_customer",  # a call that writes: not run again by the caller
        "metadata.tenant": "tenant",  # a call read twice: bound once before the Dodo call
        "metadata.label": "TODO_label",  # bound in a loop
        "metadata.code": "TODO_code",  # changed after its binding
        "metadata.site": "settings.SITE_URL",  # from outside the wrapper: as written
    }
    assert sorted(f.path for f in sites[0].findings if f.code == "X021") == [
        "cancel_url",
        "customer",
        "metadata.code",
        "metadata.label",
    ]
    assert "\ntenant = str(request.user.tenant_id)\n" in (sites[0].suggestion or "")


def test_one_x020_per_value_and_a_callbacks_own_name_is_left_alone() -> None:
    # a value naming two unseen locals had one X021 per local at the same path; a local whose
    # value holds a callback with a parameter of the same name had that parameter rewritten
    code = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
export async function openCheckout(user: User, priceId: string) {
  const [config, extra] = await loadConfig();
  const offer = Object.values(OFFERS).find((offer) => offer.priceId === priceId);
  return stripe.checkout.sessions.create({ mode: "payment", success_url: "https://x.example/ok",
    line_items: [{ price: priceId, quantity: 1 }],
    metadata: { plan: config.name + extra.tier, offer: offer.id } });
}
export async function buy(req: Req) { return openCheckout(req.user, req.body.price); }
"""
    site = next(s for s in scan_source(code, "c.ts", BY_NAME["typescript"]) if s.via)
    got = {d.path: d.source for d in site.dynamic}
    assert got["metadata.plan"] == "TODO_config.name + TODO_extra.tier"
    assert got["metadata.offer"] == (
        "Object.values(OFFERS).find((offer) => offer.priceId === req.body.price).id"
    )
    unseen = [f for f in site.findings if f.code == "X021"]
    assert [f.path for f in unseen] == ["metadata.plan"]
    assert "its locals `config`, `extra`" in unseen[0].message
    assert "`TODO_config`, `TODO_extra`" in unseen[0].message


_LOCALS = {
    "node": (
        "a.ts",
        """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
export async function startCheckout(user: User, priceId: string) {
  const back = process.env.APP_URL + "/billing/" + user.id;
  const [ok, no] = urls(user);
  return stripe.checkout.sessions.create({ mode: "payment", success_url: back + "?ok=1",
    cancel_url: no, line_items: [{ price: priceId, quantity: 1 }] });
}
export async function buy(req: Req) { return startCheckout(req.account, "price_1Locals"); }
""",
        'process.env.APP_URL + "/billing/" + req.account.id',
    ),
    "ruby": (
        "b.rb",
        """\
class Billing
  def self.start(account, price_id)
    back = "#{ENV['APP_URL']}/billing/#{account.id}"
    ok, no = urls(account)
    Stripe::Checkout::Session.create(mode: "payment", success_url: back + "?ok=1", cancel_url: no,
      line_items: [{ price: price_id, quantity: 1 }])
  end
end
class PlansController
  def create
    Billing.start(req.account, "price_1Locals")
  end
end
""",
        "\"#{ENV['APP_URL']}/billing/#{req.account.id}\"",
    ),
    "php": (
        "c.php",
        """\
<?php
function start_checkout($account, $priceId) {
    $back = getenv('APP_URL') . '/billing/' . $account->id;
    [$ok, $no] = urls($account);
    return \\Stripe\\Checkout\\Session::create(['mode' => 'payment',
        'success_url' => $back . '?ok=1', 'cancel_url' => $no,
        'line_items' => [['price' => $priceId, 'quantity' => 1]]]);
}
function buy($req) { return start_checkout($req->account, 'price_1Locals'); }
""",
        "getenv('APP_URL') . '/billing/' . $req->account->id",
    ),
    "java": (
        "D.java",
        """\
package com.acme;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class D {
  public Session start(Account account, String priceId) throws Exception {
    String back = baseUrl(account) + "/billing";
    String no = null;
    for (String ok : account.urls()) { no = ok; }
    return Session.create(SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl(back + "?ok=1").setCancelUrl(no)
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
        .build());
  }
  public Session pro(Req req) throws Exception { return start(req.account, "price_1Locals"); }
}
""",
        'baseUrl(req.account) + "/billing"',
    ),
    "csharp": (
        "E.cs",
        """\
using Stripe.Checkout;
public class E
{
    public Session Start(Account account, string priceId)
    {
        var back = account.BaseUrl + "/billing";
        var (ok, no) = Urls(account);
        var options = new SessionCreateOptions { Mode = "payment", SuccessUrl = back + "?ok=1",
            CancelUrl = no,
            LineItems = new() { new SessionLineItemOptions { Price = priceId, Quantity = 1 } } };
        return new SessionService().Create(options);
    }
    public Session Pro(Req req) => Start(req.Account, "price_1Locals");
}
""",
        'req.Account.BaseUrl + "/billing"',
    ),
}


@pytest.mark.parametrize("family", sorted(_LOCALS))
def test_wrapper_locals_at_the_caller_in_every_language(family: str) -> None:
    # the plain local (back) is written in the caller's terms (the "ok" inside "?ok=1" is
    # text, not the local ok); the destructured or loop-bound one (no) is TODO_no, with X021
    name, code, back = _LOCALS[family]
    language = BY_NAME["typescript" if family == "node" else family]
    sites = [s for s in scan_source(code, name, language) if s.via]
    assert len(sites) == 1
    got = {d.path: d.source for d in sites[0].dynamic}
    separator = " . " if family == "php" else " + "
    quote = "'" if family == "php" else '"'
    if family == "ruby":
        assert got["success_url"] == f"{back}{separator}{quote}?ok=1{quote}"
    else:
        assert got["success_url"] == f"({back}){separator}{quote}?ok=1{quote}"
    assert got["cancel_url"] == "TODO_no"
    assert [f.path for f in sites[0].findings if f.code == "X021"] == ["cancel_url"]
    assert sites[0].suggestion is not None
    assert {"back", "$back", "no", "$no", "account", "$account"}.isdisjoint(
        _names(sites[0].suggestion)
    )


_HELPERS = {
    "csharp": (
        "Premium.cs",
        """\
using Stripe.Checkout;
public class PremiumCheckout
{
    public async Task<string> Run(User user, string platform)
    {
        var options = BuildOptions(user, platform);
        var session = await new SessionService().CreateAsync(options);
        return session.Url;
    }
    private SessionCreateOptions BuildOptions(User user, string platform)
    {
        var (successUrl, cancelUrl) = GetCheckoutUrls(platform);
        var origin = user.Origin;
        return new SessionCreateOptions
        {
            Mode = "subscription",
            LineItems = [new SessionLineItemOptions { Price = "price_1Premium", Quantity = 1 }],
            SuccessUrl = successUrl,
            CancelUrl = origin + "/cancel",
        };
    }
}
""",
        ("successUrl", "BuildOptions", 'user.Origin + "/cancel"'),
    ),
    "ruby": (
        "checkout.rb",
        """\
class Checkout
  def run(user, platform)
    Stripe::Checkout::Session.create(checkout_params(user, platform))
  end

  private

  def checkout_params(user, platform)
    success_url, cancel_url = checkout_urls(platform)
    origin = user.origin
    { mode: "subscription", success_url: success_url, cancel_url: origin + "/cancel",
      line_items: [{ price: "price_1Premium", quantity: 1 }] }
  end
end
""",
        ("success_url", "checkout_params", 'user.origin + "/cancel"'),
    ),
    "php": (
        "Checkout.php",
        """\
<?php
class Checkout {
    public function run($user, $platform) {
        return \\Stripe\\Checkout\\Session::create($this->params($user, $platform));
    }
    private function params($user, $platform) {
        [$successUrl, $cancelUrl] = checkout_urls($platform);
        $origin = $user->origin;
        return ['mode' => 'subscription', 'success_url' => $successUrl,
            'cancel_url' => $origin . '/cancel',
            'line_items' => [['price' => 'price_1Premium', 'quantity' => 1]]];
    }
}
""",
        ("$successUrl", "params", "$user->origin . '/cancel'"),
    ),
}


@pytest.mark.parametrize("family", sorted(_HELPERS))
def test_a_params_helpers_destructured_locals_do_not_reach_the_call(family: str) -> None:
    # bitwarden's shape: the options come from a helper whose successUrl is deconstructed from
    # a tuple; the suggestion at the Stripe call named it (undefined there)
    name, code, (local, helper, origin) = _HELPERS[family]
    site = next(s for s in scan_source(code, name, BY_NAME[family]) if s.kind == "create")
    got = {d.path: d.source for d in site.dynamic}
    todo = "TODO_" + local.lstrip("$")
    assert got["success_url"] == todo
    assert got["cancel_url"] == origin  # a plain local: written out, as before
    assert site.params["line_items"] == [{"price": "price_1Premium", "quantity": 1}]
    unseen = [f for f in site.findings if f.code == "X021"]
    assert [f.path for f in unseen] == ["success_url"]
    assert f"the helper {helper}" in unseen[0].message
    assert site.suggestion is not None and todo in site.suggestion
    assert local not in _names(site.suggestion)


# -- the two passes ---------------------------------------------------------------------------


def test_the_index_holds_signatures_not_syntax_trees() -> None:
    index = index_wrappers([str(CODE)])
    assert {"createCheckoutSession", "create_checkout", "create"} <= set(index.by_name)
    restored: Any = pickle.loads(pickle.dumps(index))  # no syntax tree: it pickles (workers)
    assert len(restored) == len(index)


def test_parallel_scan_reports_the_same_wrapper_calls(tmp_path: Path) -> None:
    files = {f"pad/f{i:03}.py": f"x = {i}\n" for i in range(210)}
    files["z/billing.py"] = (
        "import stripe\ndef buy(price_id):\n    return stripe.checkout.Session.create("
        "mode='payment', success_url='https://x.example/ok', line_items=[{'price': price_id,"
        " 'quantity': 1}])\n"
    )
    files["a/views.py"] = "from z.billing import buy\ndef v():\n    return buy('price_1Par')\n"
    top = _tree(tmp_path, files)
    serial = [(s.file, s.line, s.via, str(s.params)) for s in _creates(top)]
    parallel = [(s.file, s.line, s.via, str(s.params)) for s in _creates(top, jobs=2)]
    assert serial == parallel
    assert [Path(f).name for f, _, via, _ in serial if via] == ["views.py"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_first_pass_reads_only_wrappers_another_file_can_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    # In a dense tree most creations sit in functions with parameters that no other file
    # names: the first pass read the params of every one of them, then the file's own scan
    # read them again. Only a wrapper another file names (buy) is read in the first pass
    # now; the file's own calls to its others (solo) are found by its own scan, as before.
    from migrate.scan import scan as scan_module

    monkeypatch.setattr(scan_module, "PARALLEL_MIN_FILES", 2)
    files = {f"pad/f{i:03}.py": f"x = {i}\n" for i in range(3)}
    files["z/billing.py"] = (
        "import stripe\ndef buy(price_id):\n    return stripe.checkout.Session.create("
        "mode='payment', success_url='https://x.example/ok', line_items=[{'price': price_id,"
        " 'quantity': 1}])\n"
        "def solo(price_id):\n    return stripe.checkout.Session.create("
        "mode='payment', success_url='https://x.example/ok', line_items=[{'price': price_id,"
        " 'quantity': 2}])\n"
        "def again():\n    return solo('price_1Solo')\n"
    )
    files["a/views.py"] = "from z.billing import buy\ndef v():\n    return buy('price_1Par')\n"
    top = _tree(tmp_path, files)
    read: list[str] = []
    real = scan_module.file_wrappers

    def counting(text: str, path: str, *args: Any, **kwargs: Any) -> Any:
        found = real(text, path, *args, **kwargs)
        read.extend(w.name for w in found)
        return found

    monkeypatch.setattr(scan_module, "file_wrappers", counting)
    sites = _creates(top, jobs=jobs)
    if jobs == 1:  # workers count in their own process
        assert read == ["buy"]
    vias = sorted((Path(s.file).name, s.line, s.via or "") for s in sites)
    assert [(f, line) for f, line, via in vias if via] == [("billing.py", 7), ("views.py", 3)]
    prices = {s.line: s.params["line_items"][0]["price"] for s in sites if s.via}
    assert sorted(prices.values()) == ["price_1Par", "price_1Solo"]


@pytest.mark.parametrize("folder", ["python", "node", "php"])
def test_a_wrapper_call_translates_like_any_creation(folder: str) -> None:
    for site in scan_paths([str(CODE / folder)]):
        if site.via is not None:
            assert site.translation is not None
            assert site.translation.status.startswith(("translated", "blocked")), site.label()
            assert site.as_dict()["via"] == site.via


def test_a_file_that_does_not_name_stripe_only_has_its_wrapper_calls_read(tmp_path: Path) -> None:
    # a Stripe-shaped gateway of the project's own (its own SessionCreateOptions, declared next to
    # it), no Stripe in it
    dummy = """\
namespace Shop.Payments;
public class Gateway
{
    public async Task<Session> StartAsync(string priceId)
    {
        var options = new SessionCreateOptions { Mode = "payment", SuccessUrl = "https://x.example/ok",
            LineItems = new() { new SessionLineItemOptions { Price = priceId, Quantity = 1 } } };
        var service = new SessionService();
        return await service.CreateAsync(options);
    }
}
"""
    caller = (
        'namespace Shop.Web;\npublic class C { public void Go(Gateway g) => g.StartAsync("p"); }\n'
    )
    own = "namespace Shop.Payments;\npublic record SessionCreateOptions(string Mode);\n"
    top = _tree(
        tmp_path, {"Payments/Gateway.cs": dummy, "Payments/Options.cs": own, "Web/C.cs": caller}
    )
    assert len(index_wrappers([str(top)])) == 0  # a file that never names Stripe wraps nothing
    assert _creates(top) == []


def test_tests_calling_a_wrapper_are_not_creations(tmp_path: Path) -> None:
    wrapper = (
        "import Stripe from 'stripe';\nconst stripe = new Stripe(process.env.KEY);\n"
        "export async function buy(priceId) {\n  return stripe.checkout.sessions.create("
        "{ mode: 'payment', line_items: [{ price: priceId, quantity: 1 }],"
        " success_url: 'https://x.example/ok' });\n}\n"
    )
    call = "import { buy } from './buy';\nawait buy('price_1T');\n"
    top = _tree(
        tmp_path,
        {
            "lib/buy.ts": wrapper,
            "lib/buy.test.ts": call,
            "lib/__tests__/b.ts": call.replace("./buy", "../buy"),
            "lib/page.ts": call,
        },
    )
    assert [_where(s, top) for s in _creates(top) if s.via] == [("lib/page.ts", 2)]


def test_the_text_output_says_via_which_wrapper_and_which_site_is_one() -> None:
    from migrate.commands.scan import scan
    from migrate.formats import format_for

    top = CODE / "python" / "shop"
    text = format_for("text").render(scan([str(top)]).result)
    wrapper = shown_path(str(top / "billing.py"))
    lines = text.splitlines()
    via = [x for x in lines if x.startswith("   create_checkout -> ")]
    assert len(via) == 2
    assert all(x.endswith(f" (via wrapper create_checkout at {wrapper}:12)") for x in via)
    own = [x for x in lines if x.startswith("   stripe.checkout.Session.create -> ")]
    assert len(own) == 1
    assert own[0].endswith(" (a wrapper: create_checkout(user, price_id, quantity, trial_days))")


def test_each_file_is_parsed_once_unless_it_names_a_wrapper_of_the_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file that could create a session was parsed twice: once to find the wrappers it
    # defines, once by its scan. The first pass now keeps the scan of each file it parses; a
    # file is parsed again only when it names a wrapper of another file (buy), or is one.
    from migrate.scan import file_scan

    creation = (
        "stripe.checkout.Session.create(mode='payment', success_url='https://x.example/ok', "
        "line_items=[{'price': price_id, 'quantity': 1}])"
    )
    files = {
        "z/billing.py": f"import stripe\ndef buy(price_id):\n    return {creation}\n",
        "a/views.py": "from z.billing import buy\ndef v():\n    return buy('price_1Par')\n",
        "c/solo.py": f"import stripe\ndef solo(price_id):\n    return {creation}\n",
        "d/other.py": "import stripe\nfrom z.billing import buy\ndef w():\n"
        "    stripe.Customer.create(email='a@x.example')\n    return buy('price_1Oth')\n",
    }
    top = _tree(tmp_path, files)
    parsed: dict[str, int] = {}
    real = file_scan.SgRoot

    def counting(text: str, language: str) -> Any:
        name = next(n for n, t in files.items() if t == text)
        parsed[name] = parsed.get(name, 0) + 1
        return real(text, language)

    monkeypatch.setattr(file_scan, "SgRoot", counting)
    sites = [(*_where(s, top), s.via or "") for s in _creates(top)]
    assert parsed == {"z/billing.py": 2, "a/views.py": 1, "c/solo.py": 1, "d/other.py": 2}
    assert [(f, line) for f, line, via in sites if via] == [("a/views.py", 3), ("d/other.py", 5)]
    assert [(f, line) for f, line, via in sites if not via] == [
        ("c/solo.py", 3),
        ("z/billing.py", 3),
    ]


def test_the_words_of_a_tree_counted_in_parts_are_the_words_counted_at_once(
    tmp_path: Path,
) -> None:
    # --jobs counts the words shared by two files batch by batch in worker processes: put
    # together, the parts give the words one pass over the whole tree gives
    from migrate.scan.words import Words, shared_words, word_counts

    texts = ["buy sell", "buy", "x y", "y z sell", "solo", "z", "", "buy buy"]
    paths = []
    for n, text in enumerate(texts):
        path = tmp_path / f"f{n}.py"
        path.write_text(text)
        paths.append(str(path))
    paths.append(str(tmp_path / "missing.py"))  # unreadable: skipped, as by the scan
    whole = shared_words(paths)
    assert {w for w in (b"buy", b"sell", b"x", b"y", b"z", b"solo") if w in whole} == {
        b"buy",
        b"sell",
        b"y",
        b"z",
    }
    for size in (1, 2, 3, 5, len(paths)):
        total = Words()
        for start in range(0, len(paths), size):
            total.add(word_counts(paths[start : start + size]))
        assert total.shared() == whole, size


def test_a_call_of_a_wrapper_writes_no_comment_for_what_a_finding_reports(tmp_path: Path) -> None:
    """Read from a real application (postiz): the wrapper's own site said what its run-time
    `subscription_data.metadata` loses (RT010) and wrote no comment; each call of the wrapper
    said it too but also wrote `// TODO: set from ...` above its Dodo call, and its TypeScript
    map callbacks were not typed as the SDK's cart item."""
    top = _tree(
        tmp_path,
        {
            "billing.ts": (
                "export async function open(price: string, rows: any[], body: any) {\n"
                "  return stripe.checkout.sessions.create({ mode: 'subscription',"
                " line_items: rows.map((r: any) => ({ price: r.price, quantity: r.qty })),"
                " success_url: 'https://x.example/ok', metadata: { plan: price },"
                " subscription_data: { metadata: { ...body } } });\n}\n"
                "export async function pro(body: any, rows: any[]) {\n"
                "  return open('price_1Pro', rows, body);\n}\n"
            )
        },
    )
    via = [s for s in _creates(top) if s.via]
    assert via, "the call of the wrapper is a creation"
    for site in via:
        assert "RT010" in _codes(site)
        assert "TODO: set from" not in site.suggestion
        assert "(r: any): DodoPayments.ProductItemReq =>" in site.suggestion


def test_a_wrappers_own_state_is_the_receivers_at_its_call(tmp_path: Path) -> None:
    """A method that creates the session from its object's state (`self.pro_price`,
    `this.proPrice`) called on another object (`billing.open_checkout(...)`): the Dodo call at
    the caller named `self.pro_price` where there is no `self` (a NameError in Python, another
    object's field in TypeScript). It is the receiver's: `billing.pro_price`; a call on the same
    object keeps `self`."""
    top = _tree(
        tmp_path,
        {
            "billing.py": (
                "import stripe\n\nclass Billing:\n"
                "    def open_checkout(self, user):\n"
                "        return stripe.checkout.Session.create(mode='subscription',"
                " line_items=[{'price': self.pro_price, 'quantity': 1}],"
                " customer_email=user.email, success_url=self.base_url + '/ok')\n\n"
                "    def again(self, user):\n        return self.open_checkout(user)\n\n"
                "def upgrade(request, billing: Billing):\n"
                "    return billing.open_checkout(request.user)\n"
            ),
            "billing.ts": (
                "export class Billing {\n  async open(email: string) {\n"
                "    return stripe.checkout.sessions.create({ mode: 'subscription',"
                " line_items: [{ price: this.proPrice, quantity: 1 }], customer_email: email,"
                " success_url: 'https://x.example/ok' });\n  }\n}\n"
                "export class Controller {\n"
                "  constructor(private readonly billing: Billing) {}\n"
                "  async upgrade(user: any) { return this.billing.open(user.email); }\n}\n"
            ),
        },
    )
    via = {(Path(s.file).name, s.line): s for s in _creates(top) if s.via}
    outside = via[("billing.py", 11)]
    assert "dodo_product_id(billing.pro_price)" in outside.suggestion
    assert "return_url=billing.base_url + '/ok'" in outside.suggestion
    assert "self." not in outside.suggestion
    same = via[("billing.py", 8)]
    assert "dodo_product_id(self.pro_price)" in same.suggestion
    ts = via[("billing.ts", 8)]
    assert "dodoProductId(this.billing.proPrice)" in ts.suggestion


def test_a_wrapper_local_inlined_at_a_caller_keeps_keyword_and_key_names() -> None:
    """``customer_for(org=org)`` with the local ``org = load_org(org_id)``: only the variable
    is the local's value at the caller; the keyword's name stays (it was
    ``customer_for(load_org(org_id)=load_org(org_id))``, a SyntaxError; read in agenta)."""
    code = (
        "import stripe\n\n"
        "def checkout(org_id, price_id):\n"
        "    org = load_org(org_id)\n"
        "    return stripe.checkout.Session.create(\n"
        "        mode='subscription',\n"
        "        customer=customer_for(org=org).stripe_id,\n"
        "        metadata={'org': str(org_id)},\n"
        "        line_items=[{'price': price_id, 'quantity': 1}],\n"
        "        success_url='https://example.com/ok',\n"
        "    )\n\n"
        "def start(org_id):\n"
        "    return checkout(org_id, 'price_1Pro')\n"
    )
    sites = [s for s in scan_source(code, "x.py", BY_NAME["python"]) if s.via]
    (site,) = sites
    # read once: the local's value is written inline (read twice, it would be bound once)
    assert "customer_for(org=load_org(org_id)).stripe_id" in site.suggestion
    compile(site.suggestion.split("\n\n", 1)[-1], "suggestion", "exec")  # it parses


# -- a parameter bound to the caller's literal --------------------------------------------------


def test_a_key_of_a_literal_argument_is_the_callers_expression_and_an_absent_key_is_unset(
    tmp_path: Path,
) -> None:
    # unkey's shape: the wrapper tests `input.customerId` and spreads an optional field; the
    # caller passes an object literal with the customer and without the custom text
    top = _tree(
        tmp_path,
        {
            "checkout.ts": (
                'import Stripe from "stripe";\n'
                "export async function createCheckout(stripe: Stripe, input: any) {\n"
                "  const params: Stripe.Checkout.SessionCreateParams = {\n"
                '    mode: "subscription",\n'
                "    line_items: [{ price: input.price, quantity: 1 }],\n"
                "    ...(input.customerId ? { customer: input.customerId } : {}),\n"
                "    ...(input.customText ? { custom_text: input.customText } : {}),\n"
                "    success_url: input.successUrl,\n"
                "  };\n"
                "  return stripe.checkout.sessions.create(params);\n"
                "}\n"
                "export async function subscribe(stripe: Stripe, team: any, plan: any) {\n"
                "  return createCheckout(stripe, {\n"
                "    price: plan.priceId,\n"
                "    customerId: team.stripeCustomerId,\n"
                '    successUrl: "https://app.example.com/ok",\n'
                "  });\n"
                "}\n"
            ),
        },
    )
    wrapper, call = _creates(top)
    assert call.via is not None and "custom_text" not in call.params
    assert call.params["customer"]["$dynamic"] == (
        "(team.stripeCustomerId ? team.stripeCustomerId : undefined)"
    )
    assert "custom_text" in wrapper.params  # at the wrapper itself it may be set
    suggested = call.suggestion or ""
    assert "customer: team.stripeCustomerId ? {" in suggested
    assert "dodoCustomerId(team.stripeCustomerId)" in suggested and "stripeCustomerId: " not in (
        suggested
    )


def test_a_python_key_of_a_literal_dict_argument_is_the_callers_expression(
    tmp_path: Path,
) -> None:
    top = _tree(
        tmp_path,
        {
            "billing.py": (
                "import stripe\n\n\n"
                "def open_checkout(opts):\n"
                "    return stripe.checkout.Session.create(\n"
                '        mode="payment",\n'
                '        line_items=[{"price": opts["price"], "quantity": 1}],\n'
                '        customer=opts["customer"] if opts["customer"] else None,\n'
                '        customer_email=opts["email"] if opts.get("email") else None,\n'
                '        success_url="https://x.test/ok",\n'
                "    )\n\n\n"
                "def buy(user, price):\n"
                '    opts = {"price": price.stripe_id, "customer": user.customer_id}\n'
                "    return open_checkout(opts)\n"
            ),
        },
    )
    _, call = _creates(top)
    assert call.params["line_items"] == [{"price": {"$dynamic": "price.stripe_id"}, "quantity": 1}]
    assert call.params["customer"]["$dynamic"] == ("user.customer_id if user.customer_id else None")
    suggested = call.suggestion or ""
    assert "user.customer_id" in suggested and '"customer": user.customer_id' not in suggested


def test_ruby_shorthand_keyword_arguments_reach_the_wrapper(tmp_path: Path) -> None:
    # Ruby 3.1: `open_checkout(price:, customer:)` passes the caller's locals of those names
    top = _tree(
        tmp_path,
        {
            "billing.rb": (
                "class Billing\n"
                "  def self.open_checkout(price:, customer:)\n"
                "    Stripe::Checkout::Session.create(\n"
                "      mode: 'payment', customer: customer,\n"
                "      line_items: [{ price: price, quantity: 1 }],\n"
                "      success_url: 'https://x.test/ok'\n"
                "    )\n"
                "  end\n"
                "end\n"
            ),
            "orders.rb": (
                "class Orders\n"
                "  def buy(user)\n"
                "    price = user.plan.stripe_price_id\n"
                "    customer = user.stripe_customer_id\n"
                "    Billing.open_checkout(price:, customer:)\n"
                "  end\n"
                "end\n"
            ),
        },
    )
    _, call = _creates(top)
    assert call.via is not None
    assert call.params["customer"] == {"$dynamic": "customer"}
    assert call.params["line_items"] == [{"price": {"$dynamic": "price"}, "quantity": 1}]
