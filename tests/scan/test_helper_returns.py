"""A helper whose returns give different values has no one value
(``migrate/scan/helper_returns.py``): its call is a run-time value. Java, C#, Kotlin, Ruby and
PHP read the last return as the value, and every buyer was sold the last price (``price_basic``
for the pro plan too); a helper with one return, or returns that all say the same, is still its
value."""

from __future__ import annotations

from typing import Any

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


JAVA_LAMBDA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.List;
import java.util.stream.Collectors;
public class L {
  public Session buy(List<Item> items) throws Exception {
    List<SessionCreateParams.LineItem> lines = items.stream().map(i -> {
      if (i.pro) {
        return SessionCreateParams.LineItem.builder().setPrice("price_pro").setQuantity(1L).build();
      }
      return SessionCreateParams.LineItem.builder().setPrice("price_basic").setQuantity(1L).build();
    }).collect(Collectors.toList());
    return Session.create(SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
      .setSuccessUrl("https://x.example/ok").addAllLineItem(lines).build());
  }
}
"""
CSHARP_LAMBDA = """\
using Stripe.Checkout;
public class C {
  public Session Buy(List<Item> items) {
    var options = new SessionCreateOptions { Mode = "payment", SuccessUrl = "https://x.example/ok",
      LineItems = items.Select(i => {
        if (i.Pro) {
          return new SessionLineItemOptions { Price = "price_pro", Quantity = 1 };
        }
        return new SessionLineItemOptions { Price = "price_basic", Quantity = 1 };
      }).ToList() };
    return new SessionService().Create(options);
  }
}
"""
PHP_CLOSURE = r"""
<?php
use Stripe\Checkout\Session;
function buy($items) {
  return Session::create(['mode' => 'payment', 'success_url' => 'https://x.example/ok',
    'line_items' => array_map(function ($i) {
      if ($i->pro) {
        return ['price' => 'price_pro', 'quantity' => 1];
      }
      return ['price' => 'price_basic', 'quantity' => 1];
    }, $items)]);
}
"""
LAMBDAS = [("L.java", JAVA_LAMBDA), ("C.cs", CSHARP_LAMBDA), ("p.php", PHP_CLOSURE)]


def _literal_prices(value: Any) -> list[str]:
    """The literal ``price`` values anywhere in ``value`` (an each's element template too)."""
    if isinstance(value, dict):
        found = [value["price"]] if isinstance(value.get("price"), str) else []
        return found + [p for k, v in value.items() if k != "$dynamic" for p in _literal_prices(v)]
    if isinstance(value, list):
        return [p for v in value for p in _literal_prices(v)]
    return []


@pytest.mark.parametrize(("name", "code"), LAMBDAS, ids=[c[0] for c in LAMBDAS])
def test_a_callback_with_two_returns_sells_no_one_price(name: str, code: str) -> None:
    """The callback mapping a cart (``map(i -> { if (i.pro) return ...; return ...; })``) was
    read as its last return: every line ``price_basic``. Its elements' prices are looked up at
    run time instead (RT003)."""
    language = language_for(name)
    assert language is not None
    (site,) = [s for s in scan_source(code, name, language) if s.kind == "create"]
    assert _literal_prices(site.params["line_items"]) == []
    assert "RT003" in {f.code for f in site.findings}


@pytest.mark.parametrize(("name", "code"), LAMBDAS, ids=[c[0] for c in LAMBDAS])
def test_a_callback_whose_returns_say_the_same_is_its_value(name: str, code: str) -> None:
    language = language_for(name)
    assert language is not None
    same = code.replace("price_pro", "price_basic")
    (site,) = [s for s in scan_source(same, name, language) if s.kind == "create"]
    assert _literal_prices(site.params["line_items"]) == ["price_basic"]
