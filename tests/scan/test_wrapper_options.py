"""A call through a project wrapper makes the Stripe call with the request options the caller
passes (bound through the wrapper's parameters as its params are) and those the wrapper sets
itself: each caller's site has their findings, as a direct call would (X017 a connected account,
X018 an idempotency key). Before, the wrapper's site said X022 (options it cannot read) and the
caller that held the real `{ stripeAccount }` was a clean "translated": a seller's payment
migrated into the platform's own Dodo business without a word."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.findings import Level
from migrate.scan.scan import scan_paths
from migrate.scan.site import CallSite


def _sites(tmp_path: Path, name: str, text: str) -> list[CallSite]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return sorted(scan_paths([str(path)]), key=lambda s: s.line)


def _options(site: CallSite) -> set[tuple[str, str, Level]]:
    return {
        (f.code, f.path, f.level)
        for f in site.findings
        if f.code in ("X017", "X018", "X019", "X022")
    }


def _by_line(sites: list[CallSite], text: str) -> dict[str, CallSite]:
    """The sites by the name of the function they are in (``def a``, ``function a``...)."""
    lines = text.splitlines()
    out: dict[str, CallSite] = {}
    for site in sites:
        above = [x for x in lines[: site.line] if x.strip().startswith(_OPENERS)]
        word = above[-1].strip().split("(")[0].split()[-1]
        out[word] = site
    return out


_OPENERS = ("def ", "function ", "public function ", "async ", "func ", "Session ", "public ")

TS = """import Stripe from "stripe";

const LINE = [{ price: "price_T", quantity: 1 }];

export class StripeApiClient {
  constructor(private readonly stripe: Stripe) {}

  createPaymentIntent(params: Stripe.PaymentIntentCreateParams, options?: Stripe.RequestOptions) {
    return this.stripe.paymentIntents.create(params, options);
  }

  createCheckoutSession(
    params: Stripe.Checkout.SessionCreateParams,
    options?: Stripe.RequestOptions,
  ) {
    return this.stripe.checkout.sessions.create(params, options);
  }

  createForSeller(params: Stripe.Checkout.SessionCreateParams) {
    return this.stripe.checkout.sessions.create(params, { stripeAccount: "acct_1Seller" });
  }
}

export class Gifts {
  constructor(private readonly api: StripeApiClient) {}

  async chargeSaved(customer: string, pm: string, amount: number, key: string) {
    return this.api.createPaymentIntent(
      { amount, currency: "eur", customer, payment_method: pm, confirm: true },
      { idempotencyKey: `${key}--pi` },
    );
  }

  async sellerCheckout(seller: string) {
    return this.api.createCheckoutSession(
      { mode: "payment", line_items: LINE, success_url: "https://t.example/ok" },
      { stripeAccount: seller },
    );
  }

  async platformCheckout() {
    return this.api.createCheckoutSession(
      { mode: "payment", line_items: LINE, success_url: "https://t.example/ok" },
    );
  }

  async alwaysSeller() {
    return this.api.createForSeller(
      { mode: "payment", line_items: LINE, success_url: "https://t.example/ok" },
    );
  }
}
"""


def test_ts_a_caller_s_options_through_the_wrapper_s_options_parameter(tmp_path: Path) -> None:
    sites = _sites(tmp_path, "client.ts", TS)
    saved, seller, platform, always = sorted((s for s in sites if s.via), key=lambda s: s.line)
    # the confirmed charge on a saved card: a retry without its key charges twice
    assert _options(saved) == {("X018", "idempotencyKey", Level.BLOCKER)}
    assert saved.verdict == "blocked"
    # the seller's checkout: the payment would land in the platform's own business
    assert _options(seller) == {("X017", "stripeAccount", Level.BLOCKER)}
    assert "(`stripeAccount`: seller)" in next(
        f.message for f in seller.findings if f.code == "X017"
    )
    assert seller.verdict == "blocked"
    # no options passed: nothing to say, the translation stands
    assert _options(platform) == set()
    assert platform.verdict == "translated"
    # the wrapper always works on a connected account: so does each of its calls
    assert _options(always) == {("X017", "stripeAccount", Level.BLOCKER)}
    (x017,) = [f for f in always.findings if f.code == "X017"]
    assert x017.message.endswith("Set inside the wrapper createForSeller.")
    # the wrappers' own sites: options from their parameter cannot be read there (X022)
    own = [s for s in sites if not s.via]
    assert [sorted(_options(s)) for s in own] == [
        [("X022", "", Level.BLOCKER)],
        [("X022", "", Level.BLOCKER)],  # the file names `stripeAccount`: Connect is used
        [("X017", "stripeAccount", Level.BLOCKER)],
    ]


PY = """import stripe

LINE = [{"price": "price_A", "quantity": 1}]


def open_checkout(email, stripe_account=None, idempotency_key=None):
    return stripe.checkout.Session.create(
        customer_email=email, mode="payment", line_items=LINE, success_url="https://x/ok",
        stripe_account=stripe_account, idempotency_key=idempotency_key,
    )


def open_with(email, options=None):
    return stripe.checkout.Session.create(
        customer_email=email, mode="payment", line_items=LINE, success_url="https://x/ok",
        **(options or {}),
    )


def for_seller(email):
    return stripe.checkout.Session.create(
        customer_email=email, mode="payment", line_items=LINE, success_url="https://x/ok",
        stripe_account="acct_1Seller",
    )


def seller(acct):
    return open_checkout("a@example.com", stripe_account=acct)


def retried(key):
    return open_checkout("a@example.com", idempotency_key=key)


def platform():
    return open_checkout("a@example.com")


def passed_none():
    return open_checkout("a@example.com", stripe_account=None)


def as_options(acct):
    return open_with("a@example.com", {"stripe_account": acct})


def always():
    return for_seller("a@example.com")
"""


def test_python_a_caller_s_options_through_the_wrapper_s_parameters(tmp_path: Path) -> None:
    sites = _by_line([s for s in _sites(tmp_path, "pay.py", PY) if s.via], PY)
    assert _options(sites["seller"]) == {("X017", "stripe_account", Level.BLOCKER)}
    assert "(`stripe_account`: acct)" in str(sites["seller"].findings)
    assert _options(sites["retried"]) == {("X018", "idempotency_key", Level.WARNING)}
    assert _options(sites["platform"]) == set()
    assert _options(sites["passed_none"]) == set()
    assert _options(sites["as_options"]) == {("X017", "stripe_account", Level.BLOCKER)}
    assert _options(sites["always"]) == {("X017", "stripe_account", Level.BLOCKER)}
    for name in ("seller", "as_options", "always"):
        assert sites[name].verdict == "blocked", name
    assert sites["platform"].verdict == "translated"


RB = """require 'stripe'

class Pay
  LINE = [{ price: 'price_A', quantity: 1 }]
  PARAMS = { mode: 'payment', line_items: LINE, success_url: 'https://x/ok' }

  def self.open(email, opts = {})
    Stripe::Checkout::Session.create(PARAMS.merge(customer_email: email), opts)
  end

  def self.seller(email)
    opts = { stripe_account: 'acct_1' }
    Stripe::Checkout::Session.create(PARAMS.merge(customer_email: email), opts)
  end
end

class Use
  def seller(acct)
    Pay.open('a@example.com', { stripe_account: acct })
  end

  def retried(key)
    Pay.open('a@example.com', idempotency_key: key)
  end

  def platform
    Pay.open('a@example.com')
  end

  def always
    Pay.seller('a@example.com')
  end
end
"""

PHP = """<?php
class Pay {
    private $stripe;
    public function open($email, $opts = null) {
        return $this->stripe->checkout->sessions->create(
            ['customer_email' => $email, 'mode' => 'payment', 'success_url' => 'https://x/ok',
             'line_items' => [['price' => 'price_A', 'quantity' => 1]]],
            $opts
        );
    }
    public function seller($email) {
        return $this->stripe->checkout->sessions->create(
            ['customer_email' => $email, 'mode' => 'payment', 'success_url' => 'https://x/ok',
             'line_items' => [['price' => 'price_A', 'quantity' => 1]]],
            ['stripe_account' => 'acct_1']
        );
    }
}
class UsePay {
    private Pay $pay;
    public function seller($acct) {
        return $this->pay->open('a@example.com', ['stripe_account' => $acct]);
    }
    public function retried($key) {
        $opts = ['idempotency_key' => $key];
        return $this->pay->open('a@example.com', $opts);
    }
    public function platform() {
        return $this->pay->open('a@example.com');
    }
    public function always() {
        return $this->pay->seller('a@example.com');
    }
}
"""


@pytest.mark.parametrize(("name", "text"), [("pay.rb", RB), ("Pay.php", PHP)])
def test_ruby_and_php_a_caller_s_options_through_the_wrapper(
    tmp_path: Path, name: str, text: str
) -> None:
    sites = _by_line([s for s in _sites(tmp_path, name, text) if s.via], text)
    assert _options(sites["seller"]) == {("X017", "stripe_account", Level.BLOCKER)}
    assert _options(sites["retried"]) == {("X018", "idempotency_key", Level.WARNING)}
    assert _options(sites["platform"]) == set()
    assert _options(sites["always"]) == {("X017", "stripe_account", Level.BLOCKER)}
    assert sites["always"].verdict == sites["seller"].verdict == "blocked"
    assert sites["platform"].verdict == "translated"


GO = """package pay

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func Open(params *stripe.CheckoutSessionParams) (*stripe.CheckoutSession, error) {
	return session.New(params)
}

func Seller(email string) (*stripe.CheckoutSession, error) {
	params := &stripe.CheckoutSessionParams{
		CustomerEmail: stripe.String(email),
		Mode:          stripe.String("payment"),
		SuccessURL:    stripe.String("https://x/ok"),
	}
	params.SetStripeAccount("acct_1")
	return session.New(params)
}

func seller(acct string) (*stripe.CheckoutSession, error) {
	params := &stripe.CheckoutSessionParams{
		Mode:       stripe.String("payment"),
		SuccessURL: stripe.String("https://x/ok"),
	}
	params.SetStripeAccount(acct)
	return Open(params)
}

func always() (*stripe.CheckoutSession, error) {
	return Seller("a@example.com")
}
"""

JAVA = """import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.checkout.SessionCreateParams;

public class Pay {
    public static Session open(String email, RequestOptions ro) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder().setCustomerEmail(email)
            .setMode(SessionCreateParams.Mode.PAYMENT).setSuccessUrl("https://x/ok").build();
        return Session.create(params, ro);
    }
}

class Use {
    Session seller(String acct) throws Exception {
        return Pay.open("a@example.com", RequestOptions.builder().setStripeAccount(acct).build());
    }
    Session retried(String key) throws Exception {
        RequestOptions ro = RequestOptions.builder().setIdempotencyKey(key).build();
        return Pay.open("a@example.com", ro);
    }
    Session platform() throws Exception {
        return Pay.open("a@example.com", null);
    }
}
"""


def test_go_and_java_a_caller_s_options_through_the_wrapper(tmp_path: Path) -> None:
    go = _by_line([s for s in _sites(tmp_path, "pay.go", GO) if s.via], GO)
    assert _options(go["seller"]) == {("X017", "stripe_account", Level.BLOCKER)}
    assert _options(go["always"]) == {("X017", "stripe_account", Level.BLOCKER)}
    java = _by_line([s for s in _sites(tmp_path, "Pay.java", JAVA) if s.via], JAVA)
    assert _options(java["seller"]) == {("X017", "stripeAccount", Level.BLOCKER)}
    assert _options(java["retried"]) == {("X018", "idempotencyKey", Level.WARNING)}
    assert _options(java["platform"]) == set()
