"""A helper whose returns give different values has no one value
(``migrate/scan/helper_returns.py``): its call is a run-time value. Java, C#, Kotlin, Ruby and
PHP read the last return as the value, and every buyer was sold the last price (``price_basic``
for the pro plan too); a helper with one return, or returns that all say the same, is still its
value."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import language_for
from migrate.scan.scan import scan_source

JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
public class E {
  private String priceFor(String plan) {
    if (plan.equals("pro")) {
      return "price_pro";
    }
    return "price_basic";
  }
  public Session buy(String plan) throws Exception {
    return Session.create(SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
      .setSuccessUrl("https://x.example/ok")
      .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceFor(plan)).setQuantity(1L).build()).build());
  }
}
"""
CSHARP = """\
using Stripe.Checkout;
public class F {
  private string PriceFor(string plan) {
    if (plan == "pro") {
      return "price_pro";
    }
    return "price_basic";
  }
  public Session Buy(string plan) {
    var options = new SessionCreateOptions { Mode = "payment", SuccessUrl = "https://x.example/ok",
      LineItems = new List<SessionLineItemOptions> {
        new SessionLineItemOptions { Price = PriceFor(plan), Quantity = 1 } } };
    return new SessionService().Create(options);
  }
}
"""
KOTLIN = """\
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams
class G {
  private fun priceFor(plan: String): String {
    if (plan == "pro") {
      return "price_pro"
    }
    return "price_basic"
  }
  fun buy(plan: String): Session {
    return Session.create(SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
      .setSuccessUrl("https://x.example/ok")
      .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceFor(plan)).setQuantity(1L).build()).build())
  }
}
"""
RUBY = """\
require 'stripe'
class Buy
  def price_for(plan)
    return 'price_pro' if plan == 'pro'
    'price_basic'
  end
  def buy(plan)
    Stripe::Checkout::Session.create(mode: 'payment', success_url: 'https://x.example/ok',
      line_items: [{ price: price_for(plan), quantity: 1 }])
  end
end
"""
PHP = r"""
<?php
use Stripe\Checkout\Session;
class Buy {
  private function priceFor($plan) {
    if ($plan === 'pro') {
      return 'price_pro';
    }
    return 'price_basic';
  }
  public function buy($plan) {
    return Session::create(['mode' => 'payment', 'success_url' => 'https://x.example/ok',
      'line_items' => [['price' => $this->priceFor($plan), 'quantity' => 1]]]);
  }
}
"""

CASES = [
    ("E.java", JAVA, "priceFor(plan)"),
    ("F.cs", CSHARP, "PriceFor(plan)"),
    ("G.kt", KOTLIN, "priceFor(plan)"),
    ("c.rb", RUBY, "price_for(plan)"),
    ("d.php", PHP, "$this->priceFor($plan)"),
]


def _price(name: str, code: str) -> object:
    language = language_for(name)
    assert language is not None
    (site,) = [s for s in scan_source(code, name, language) if s.kind == "create"]
    (line,) = site.params["line_items"]
    return line["price"]


@pytest.mark.parametrize(("name", "code", "call"), CASES, ids=[c[0] for c in CASES])
def test_a_helper_with_two_returns_is_a_run_time_value(name: str, code: str, call: str) -> None:
    assert _price(name, code) == {"$dynamic": call}


@pytest.mark.parametrize(("name", "code", "call"), CASES, ids=[c[0] for c in CASES])
def test_a_helper_whose_returns_say_the_same_is_its_value(name: str, code: str, call: str) -> None:
    same = code.replace("price_pro", "price_basic")
    assert _price(name, same) == "price_basic"
