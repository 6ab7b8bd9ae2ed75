"""A creation inside a callback a function passes to a call (a Ruby block, a lambda, an arrow
function, a PHP closure, a Go function literal) is still that function's: a wrapper when it
reads the function's parameters (``migrate/scan/wrappers.py``, ``function_at(callbacks=True)``
in ``migrate/scan/symbols.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import scan_paths
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, ScanStats, scan_source

_CALLBACKS: dict[str, tuple[str, str]] = {
    # language: (file name, a wrapper whose creation is in a callback, and a call of it)
    "ruby": (
        "billing.rb",
        """\
class Billing
  def self.checkout(price_id, account)
    with_config(account) do |settings|
      Stripe::Checkout::Session.create(mode: "payment", success_url: "https://x.example/ok",
        line_items: [{ price: price_id, quantity: 1 }])
    end
  end
end

class Plans
  def buy
    Billing.checkout("price_1Cb", current_account)
  end
end
""",
    ),
    "ruby-braces": (
        "billing.rb",
        """\
class Billing
  def self.checkout(price_id)
    with_lock { Stripe::Checkout::Session.create(mode: "payment",
      success_url: "https://x.example/ok", line_items: [{ price: price_id, quantity: 1 }]) }
  end

  def buy
    Billing.checkout("price_1Cb")
  end
end
""",
    ),
    "python": (
        "billing.py",
        """\
import stripe


def create_checkout(price_id):
    return with_retry(lambda: stripe.checkout.Session.create(mode="payment",
        success_url="https://x.example/ok", line_items=[{"price": price_id, "quantity": 1}]))


def view(request):
    return create_checkout("price_1Cb")
""",
    ),
    "python-inner": (  # an inner function the function hands to a call by its name
        "billing.py",
        """\
import stripe


def create_checkout(price_id):
    def create():
        return stripe.checkout.Session.create(mode="payment",
            success_url="https://x.example/ok", line_items=[{"price": price_id, "quantity": 1}])

    return with_retry(create)


def view(request):
    return create_checkout("price_1Cb")
""",
    ),
    "typescript-inner": (  # an inner arrow function bound to a name, then called
        "billing.ts",
        """\
import Stripe from "stripe";
const stripe = new Stripe("sk_test_x");

export async function createCheckout(priceId: string) {
  const create = () => stripe.checkout.sessions.create({ mode: "payment",
    success_url: "https://x.example/ok", line_items: [{ price: priceId, quantity: 1 }] });
  return create();
}

export const buy = () => createCheckout("price_1Cb");
""",
    ),
    "python-with": (  # held already: a with block is no function
        "billing.py",
        """\
import stripe


def create_checkout(price_id):
    with stripe_lock() as lock:
        return stripe.checkout.Session.create(mode="payment",
            success_url="https://x.example/ok", line_items=[{"price": price_id, "quantity": 1}])


def view(request):
    return create_checkout("price_1Cb")
""",
    ),
    "javascript": (
        "lib.js",
        """\
const stripe = require("stripe")(process.env.STRIPE_KEY);

export async function createCheckout(priceId) {
  return withRetry(() =>
    stripe.checkout.sessions.create({ mode: "payment", success_url: "https://x.example/ok",
      line_items: [{ price: priceId, quantity: 1 }] }),
  );
}

export async function buy() {
  return createCheckout("price_1Cb");
}
""",
    ),
    "typescript": (
        "lib.ts",
        """\
import Stripe from "stripe";
const stripe = new Stripe("k");

export async function createCheckout(priceId: string) {
  return retry(3, async function () {
    return stripe.checkout.sessions.create({ mode: "payment", success_url: "https://x.example/ok",
      line_items: [{ price: priceId, quantity: 1 }] });
  });
}

export async function buy() {
  return createCheckout("price_1Cb");
}
""",
    ),
    "php": (
        "Billing.php",
        """\
<?php
class Billing {
    public static function checkout($priceId) {
        return retry(3, function () use ($priceId) {
            return \\Stripe\\Checkout\\Session::create(['mode' => 'payment',
                'success_url' => 'https://x.example/ok',
                'line_items' => [['price' => $priceId, 'quantity' => 1]]]);
        });
    }
    public function buy() { return Billing::checkout('price_1Cb'); }
}
""",
    ),
    "php-arrow": (
        "Billing.php",
        """\
<?php
class Billing {
    public static function checkout($priceId) {
        return retry(3, fn () => \\Stripe\\Checkout\\Session::create(['mode' => 'payment',
            'success_url' => 'https://x.example/ok',
            'line_items' => [['price' => $priceId, 'quantity' => 1]]]));
    }
    public function buy() { return Billing::checkout('price_1Cb'); }
}
""",
    ),
    "go": (
        "billing.go",
        """\
package billing

import "github.com/stripe/stripe-go/v76/checkout/session"

func NewCheckout(priceID string) error {
	return retry(func() error {
		_, err := session.New(&stripe.CheckoutSessionParams{
			Mode:       stripe.String("payment"),
			SuccessURL: stripe.String("https://x.example/ok"),
			LineItems: []*stripe.CheckoutSessionLineItemParams{
				{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
			},
		})
		return err
	})
}

func Buy() { NewCheckout("price_1Cb") }
""",
    ),
    "java": (
        "CheckoutService.java",
        """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class CheckoutService {
  public Session create(String priceId) throws Exception {
    return retry.execute(() -> Session.create(SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT).setSuccessUrl("https://x.example/ok")
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
        .build()));
  }
  public Session buy() throws Exception { return create("price_1Cb"); }
}
""",
    ),
    "csharp": (
        "Gateway.cs",
        """\
using Stripe.Checkout;
public class Gateway
{
    public async Task<Session> Start(string priceId)
    {
        var options = new SessionCreateOptions { Mode = "payment", SuccessUrl = "https://x.example/ok",
            LineItems = new List<SessionLineItemOptions> {
                new SessionLineItemOptions { Price = priceId, Quantity = 1 } } };
        return await _policy.ExecuteAsync(
            async () => await new SessionService().CreateAsync(options));
    }
    public Task<Session> Buy() => Start("price_1Cb");
}
""",
    ),
}


def _language(case: str) -> str:
    return case.split("-", maxsplit=1)[0]


@pytest.mark.parametrize("case", sorted(_CALLBACKS))
def test_a_creation_in_a_callback_makes_its_function_a_wrapper(case: str) -> None:
    # the creation was in a callback (not directly in the function), so the function was no
    # wrapper and its call was not reported at all
    name, code = _CALLBACKS[case]
    sites = [s for s in scan_source(code, name, BY_NAME[_language(case)]) if s.kind == "create"]
    wrapper = next(s for s in sites if s.via is None)
    assert wrapper.wrapper is not None
    called = [s for s in sites if s.via is not None]
    assert len(called) == 1
    assert called[0].params["line_items"] == [{"price": "price_1Cb", "quantity": 1}]
    assert called[0].findings[0].code == "X015"


def test_the_ruby_report_a_method_calling_stripe_in_a_block_and_its_caller(
    tmp_path: Path,
) -> None:
    # sharetribe's shape (the reproduction of the report): the creation inside
    # with_config(community) do ... end was no wrapper and its caller was not reported
    (tmp_path / "stripe_api_wrapper.rb").write_text(_REPRO, encoding="utf-8")
    stats = ScanStats()
    sites = list(scan_paths([str(tmp_path)], stats=stats))
    assert stats.problems == []
    wrapper = next(s for s in sites if s.line == 14)
    assert wrapper.wrapper == (
        "StripeAPIWrapper.create_payment_intent"
        "(community, payment_method_id, amount, currency, description)"
    )
    caller = next(s for s in sites if s.via is not None)
    assert caller.line == 28
    assert caller.params["amount"] == 1000
    assert caller.params["currency"] == "usd"
    assert caller.params["payment_method"] == {"$dynamic": "pm"}


_REPRO = """\
# a Ruby method whose Stripe call is inside a block, and its caller
# ...
# ...
# ...
# ...
# ...
# ...
# ...
# ...
class StripeAPIWrapper
  class << self
    def create_payment_intent(community:, payment_method_id:, amount:, currency:, description:)
      with_config(community) do |settings|
        Stripe::PaymentIntent.create(
          payment_method: payment_method_id,
          amount: amount,
          currency: currency,
          confirm: true,
          description: description
        )
      end
    end
  end
end

class Payments
  def pay(tx, pm)
    StripeAPIWrapper.create_payment_intent(community: tx.community_id, payment_method_id: pm,
      amount: 1000, currency: "usd", description: "Order")
  end
end
"""


def _sites(code: str, name: str, language: str) -> list[CallSite]:
    return [s for s in scan_source(code, name, BY_NAME[language]) if s.kind != "related"]


def test_a_callbacks_own_parameter_is_no_callers_value_it_is_todo() -> None:
    # the block's settings is bound by with_config, not by the caller: written as it is at the
    # call, it would name nothing there (or another variable)
    code = """\
class Pay
  def self.charge(amount, account)
    with_config(account) do |settings|
      Stripe::PaymentIntent.create(amount: amount, currency: settings.currency)
    end
  end

  def go
    Pay.charge(1000, acct)
  end
end
"""
    called = next(s for s in _sites(code, "pay.rb", "ruby") if s.via is not None)
    assert called.params == {"amount": 1000, "currency": {"$dynamic": "TODO_settings.currency"}}
    unseen = [f for f in called.findings if f.code == "X021"]
    assert [f.path for f in unseen] == ["currency"]
    assert "`settings`" in unseen[0].message


def test_a_callback_parameter_hiding_the_functions_is_not_followed() -> None:
    code = """\
class Pay
  def self.each_amount(amount)
    [1, 2].each do |amount|
      Stripe::PaymentIntent.create(amount: amount, currency: "usd")
    end
  end

  def go
    Pay.each_amount(5)
  end
end
"""
    sites = _sites(code, "pay.rb", "ruby")
    assert [(s.line, s.via, s.wrapper) for s in sites] == [(4, None, None)]


def test_a_handler_a_framework_calls_and_a_callback_kept_for_later_are_no_wrappers() -> None:
    # a route registered inside a function runs on a request, not when the function is
    # called; a returned arrow function runs when its taker calls it
    code = """\
const stripe = require("stripe")(process.env.K);
function mount(app, priceId) {
  app.post("/checkout", async (req, res) => {
    res.json(await stripe.checkout.sessions.create({ mode: "payment",
      success_url: "https://x.example/ok", line_items: [{ price: priceId, quantity: 1 }] }));
  });
}
function later(priceId) {
  return () => stripe.checkout.sessions.create({ mode: "payment",
    success_url: "https://x.example/ok", line_items: [{ price: priceId, quantity: 1 }] });
}
mount(app, "price_1Mount");
later("price_1Later");
"""
    sites = _sites(code, "routes.js", "javascript")
    assert [(s.line, s.via, s.wrapper) for s in sites] == [(4, None, None), (9, None, None)]


def test_a_recursive_call_inside_a_callback_is_no_new_creation() -> None:
    code = """\
import stripe


def create_checkout(price_id, attempts):
    return with_retry(lambda: stripe.checkout.Session.create(mode="payment",
        success_url="https://x.example/ok", line_items=[{"price": price_id, "quantity": 1}]),
        on_error=lambda e: create_checkout(price_id, attempts - 1))
"""
    sites = _sites(code, "billing.py", "python")
    assert [(s.line, s.via is None, s.wrapper is not None) for s in sites] == [(5, True, True)]
