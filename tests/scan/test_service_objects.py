# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A service object made and called in one expression: its fields are what its maker gave.

Rails apps create a checkout through a service object (``CreateCheckout.new(current_user, plan:
plan).call``), Laravel apps through an action (``(new CheckoutAction($order, $customer))->
handle()``), TypeScript and Python ones likewise (``new Billing(cfg, user).open()``,
``CheckoutService(request.user).create(price)``). Their method takes no parameter (or not all of
what the checkout needs): it reads the fields its constructor set. Such a method was no wrapper
(none of its parameters reached the params), so its calls were not reported at all; and where it
was one, each field it read was ``TODO_<field>`` (X021) at the call. A field the constructor sets
straight from a parameter is now the argument the call gives it (``migrate/scan/made_fields.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan.trees import creates, write_tree

RUBY = {
    "app/services/create_checkout.rb": """class CreateCheckout
  def initialize(user, plan:, coupon: nil)
    @user = user
    @plan = plan
    @coupon = coupon
  end

  def call
    Stripe::Checkout::Session.create(
      mode: "subscription",
      customer_email: @user.email,
      line_items: [{ price: @plan.stripe_price_id, quantity: 1 }],
      metadata: { user_id: @user.id },
      success_url: "https://shop.example/ok"
    )
  end
end
""",
    "app/controllers/billing_controller.rb": """class BillingController < ApplicationController
  def create
    session = CreateCheckout.new(current_user, plan: Plan.find(params[:plan_id])).call
    redirect_to session.url, allow_other_host: true
  end
end
""",
}

PHP = {
    "src/CheckoutAction.php": """<?php
class CheckoutAction
{
    public function __construct(private $order, $customer)
    {
        $this->customer = $customer;
    }

    public function handle()
    {
        return \\Stripe\\Checkout\\Session::create([
            'mode' => 'payment',
            'customer' => $this->customer,
            'line_items' => [['price' => $this->order->price_id, 'quantity' => $this->order->qty]],
            'success_url' => 'https://shop.example/ok',
        ]);
    }
}
""",
    "src/pay.php": """<?php
function pay($order, $user)
{
    return (new CheckoutAction($order, $user->stripe_id))->handle();
}
""",
}

TS = {
    "billing.ts": """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export class Billing {
  user: { email: string };
  constructor(private cfg: { price: string }, user: { email: string }) {
    this.user = user;
  }

  async open() {
    return stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: this.user.email,
      line_items: [{ price: this.cfg.price, quantity: 1 }],
      success_url: "https://shop.example/ok",
    });
  }
}
""",
    "route.ts": """import { Billing } from "./billing";

export async function POST(req: Request) {
  const body = await req.json();
  return new Billing({ price: body.price }, body.user).open();
}
""",
}

PY = {
    "svc.py": """import stripe


class CheckoutService:
    def __init__(self, user, *, trial_days=0):
        self.user = user
        self.trial_days = trial_days

    def create(self, price_id):
        return stripe.checkout.Session.create(
            mode="subscription",
            customer_email=self.user.email,
            line_items=[{"price": price_id, "quantity": 1}],
            subscription_data={"trial_period_days": self.trial_days},
            success_url="https://shop.example/ok",
        )
""",
    "views.py": """from svc import CheckoutService


def buy(request):
    session = CheckoutService(request.user, trial_days=14).create(request.POST["price"])
    return session.url
""",
}


@pytest.mark.parametrize(
    ("files", "caller", "expected"),
    [
        (
            RUBY,
            "billing_controller.rb",
            [
                "dodo_body['product_cart'][0]['product_id'] = DodoIds.product_id(Plan.find(params[:plan_id]).stripe_price_id)",
                '"email" => current_user.email,',
                "dodo_body['metadata']['user_id'] = current_user.id.to_s",
            ],
        ),
        (
            PHP,
            "pay.php",
            [
                "= \\DodoIds::productId($order->price_id);",
                "'customer_id' => \\DodoIds::customerId($user->stripe_id),",
            ],
        ),
        (TS, "route.ts", ["email: body.user.email,", "dodoProductId({ price: body.price }.price)"]),
        (PY, "views.py", ['"email": request.user.email,', '"trial_period_days": 14,']),
    ],
)
def test_a_service_object_s_fields_are_its_maker_s_arguments(
    tmp_path: Path, files: dict[str, str], caller: str, expected: list[str]
) -> None:
    top = write_tree(tmp_path, files)
    (site,) = [s for s in creates(top) if s.via]
    assert Path(site.file).name == caller
    text = site.suggestion or ""
    for line in expected:
        assert line in text, text
    assert "TODO_" not in text
    assert "X021" not in {f.code for f in site.findings}


def test_a_service_object_bound_to_a_local_first_reads_its_maker_s_arguments(
    tmp_path: Path,
) -> None:
    files = dict(RUBY)
    files["app/controllers/billing_controller.rb"] = files[
        "app/controllers/billing_controller.rb"
    ].replace(
        "session = CreateCheckout.new(current_user, plan: Plan.find(params[:plan_id])).call",
        "service = CreateCheckout.new(current_user, plan: Plan.find(params[:plan_id]))\n    session = service.call",
    )
    top = write_tree(tmp_path, files)
    (site,) = [s for s in creates(top) if s.via]
    text = site.suggestion or ""
    assert '"email" => current_user.email,' in text and "TODO_" not in text


DESTRUCTURED = {
    "billing.ts": """import Stripe from "stripe";

export class Billing {
  private stripe: Stripe;
  private customerEmail: string;
  private priceId: string;

  constructor({ apiKey }: { apiKey: string }, customerEmail: string, priceId: string) {
    this.stripe = new Stripe(apiKey);
    this.customerEmail = customerEmail;
    this.priceId = priceId;
  }

  async open() {
    return this.stripe.checkout.sessions.create({
      mode: "payment",
      customer_email: this.customerEmail,
      line_items: [{ price: this.priceId, quantity: 1 }],
      success_url: "https://shop.example/ok",
    });
  }
}
""",
    "route.ts": """import { Billing } from "./billing";

export async function POST(req: Request) {
  const body = await req.json();
  return new Billing({ apiKey: process.env.STRIPE_KEY! }, body.email, body.priceId).open();
}
""",
}


def test_a_destructured_constructor_parameter_keeps_the_places_after_it(tmp_path: Path) -> None:
    # a reviewer's case: the pattern parameter was skipped uncounted, so the price was read
    # from the email argument and the email from the options object
    top = write_tree(tmp_path, DESTRUCTURED)
    (site,) = [s for s in creates(top) if s.via]
    text = site.suggestion or ""
    assert "dodoProductId(body.priceId)" in text and "email: body.email," in text


FACTORY_PY = {
    "svc.py": PY["svc.py"],
    "views.py": """from svc import CheckoutService


def buy(request, container):
    service = CheckoutService.for_user(request.user.account)
    other = container.resolve(CheckoutService)
    other.create(request.POST["price"])
    return service.create(request.POST["price"])
""",
}

REBOUND_RUBY = {
    "app/services/create_checkout.rb": RUBY["app/services/create_checkout.rb"],
    "app/controllers/billing_controller.rb": """class BillingController < ApplicationController
  def create
    service = CreateCheckout.new(current_user, plan: Plan.default)
    if params[:admin]
      service = CreateCheckout.new(User.find(params[:user_id]), plan: Plan.default)
    end
    session = service.call
    redirect_to session.url, allow_other_host: true
  end
end
""",
}


@pytest.mark.parametrize(
    ("files", "wrong"),
    [
        (FACTORY_PY, ["request.user.account.email", "CheckoutService.email"]),
        (REBOUND_RUBY, ["current_user.email", "User.find(params[:user_id]).email"]),
    ],
    ids=["factory-calls", "bound-in-a-branch"],
)
def test_no_maker_s_arguments_where_the_instance_is_not_made_there(
    tmp_path: Path, files: dict[str, str], wrong: list[str]
) -> None:
    # a class's factory or a container's lookup is no constructor; a name bound again in a
    # branch holds one of two objects: neither is written as the maker's arguments
    top = write_tree(tmp_path, files)
    for site in [s for s in creates(top) if s.via]:
        for text in wrong:
            assert text not in (site.suggestion or ""), text


SAME_OBJECT = {
    "src/Basket.php": """<?php
class Basket
{
    public function __construct($owner, $extra)
    {
        $this->owner = $owner;
        $this->extra = $extra;
    }

    public function openCheckout()
    {
        return \\Stripe\\Checkout\\Session::create(array_merge($this->extra, [
            'mode' => 'payment',
            'customer' => $this->owner->stripe_id,
            'line_items' => [['price' => 'price_1Basket', 'quantity' => 1]],
            'success_url' => 'https://shop.example/ok',
        ]));
    }

    public function checkoutUrl()
    {
        return $this->openCheckout()->url;
    }
}
""",
}


def test_a_service_object_s_method_called_on_the_same_object_is_no_second_site(
    tmp_path: Path,
) -> None:
    # the regression check on real code: a Laravel package's in-class calls of such a method
    # were reported as creations again, with the same params and no argument of their own
    top = write_tree(tmp_path, SAME_OBJECT)
    sites = creates(top)
    assert [(s.line, s.via) for s in sites] == [(12, None)]
    spread = next(f for f in sites[0].findings if f.code == "RT006")
    assert spread.message.endswith("Set by the maker of Basket.")
