"""A Stripe call made with a tenant's own key (read from the tenant's stored data: a
workspace's credentials, a store's settings row) pays the tenant's own Stripe account; the
Dodo call the scan suggests uses the platform's one DODO_PAYMENTS_API_KEY, so it would pay the
platform instead: a blocker (X029). The platform's own key (the environment, settings, config,
a constant, a value of the module) stays the info it was (X019), or nothing for a client."""

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


def _keys(site: CallSite) -> set[tuple[str, str, Level]]:
    return {(f.code, f.path, f.level) for f in site.findings if f.code in ("X019", "X029")}


_TENANT_CLIENT = ("X029", "", Level.BLOCKER)

# typebot's shape: the bot creator's keys, decrypted from the workspace's credentials
TS = """import Stripe from "stripe";
import { loadCredentials } from "./credentials";

const LINE = [{ price: "price_Ebook", quantity: 1 }];
const platform = new Stripe(process.env.STRIPE_SECRET_KEY!);

function getStripe(workspace: { stripeSecretKey: string }) {
  return new Stripe(workspace.stripeSecretKey);
}

export async function payBotOwner(workspaceId: string, amount: number) {
  const creds = await loadCredentials(workspaceId);
  const stripe = new Stripe(creds.secretKey, { apiVersion: "2024-09-30.acacia" });
  return stripe.paymentIntents.create({ amount, currency: "usd" });
}

export async function perRequestKey(creds: { secretKey: string }) {
  return platform.checkout.sessions.create(
    { mode: "payment", line_items: LINE, success_url: "https://shop.example.com/ok" },
    { apiKey: creds.secretKey },
  );
}

export async function viaHelper(workspace: { stripeSecretKey: string }) {
  const stripe = getStripe(workspace);
  return stripe.checkout.sessions.create(
    { mode: "payment", line_items: LINE, success_url: "https://shop.example.com/ok" },
  );
}

export async function platformOnly() {
  return platform.checkout.sessions.create(
    { mode: "payment", line_items: LINE, success_url: "https://shop.example.com/ok" },
    { apiKey: process.env.STRIPE_OTHER_KEY },
  );
}
"""


def test_ts_a_client_or_key_built_from_a_tenant_s_keys_blocks(tmp_path: Path) -> None:
    owner, per_request, helper, platform = _sites(tmp_path, "pay.ts", TS)
    assert _keys(owner) == {_TENANT_CLIENT}
    (x029,) = [f for f in owner.findings if f.code == "X029"]
    assert "(the Stripe client: creds.secretKey)" in x029.message
    assert _keys(per_request) == {("X029", "apiKey", Level.BLOCKER)}
    assert _keys(helper) == {_TENANT_CLIENT}  # built in a helper of the file, from its parameter
    assert "workspace.stripeSecretKey" in str(helper.findings)
    assert _keys(platform) == {("X019", "apiKey", Level.INFO)}  # the environment: the platform's
    assert [s.verdict for s in (owner, per_request, helper)] == ["blocked"] * 3
    assert platform.verdict == "translated"


PY = """import os

import stripe
from django.conf import settings

LINE = [{"price": "price_A", "quantity": 1}]
KEY = os.environ["STRIPE_SECRET_KEY"]


def store_key(store):
    return stripe.checkout.Session.create(
        mode="payment", line_items=LINE, success_url="https://x/ok", api_key=store.stripe_key
    )


def settings_key():
    return stripe.checkout.Session.create(
        mode="payment", line_items=LINE, success_url="https://x/ok",
        api_key=settings.STRIPE_SECRET_KEY,
    )


def env_local():
    key = os.getenv("STRIPE_SECRET_KEY")
    return stripe.checkout.Session.create(
        mode="payment", line_items=LINE, success_url="https://x/ok", api_key=key
    )


def module_key():
    return stripe.checkout.Session.create(
        mode="payment", line_items=LINE, success_url="https://x/ok", api_key=KEY
    )


def tenant_client(shop):
    client = stripe.StripeClient(shop.secret_key)
    return client.checkout.sessions.create(
        params={"mode": "payment", "line_items": LINE, "success_url": "https://x/ok"}
    )


def tenant_global(shop):
    stripe.api_key = shop.secret_key
    return stripe.checkout.Session.create(mode="payment", line_items=LINE, success_url="https://x/ok")
"""


def test_python_a_tenant_s_key_blocks_the_platform_s_is_info(tmp_path: Path) -> None:
    store, from_settings, env_local, module, client, global_key = _sites(tmp_path, "pay.py", PY)
    assert _keys(store) == {("X029", "api_key", Level.BLOCKER)}
    assert "(`api_key`: store.stripe_key)" in str(store.findings)
    for platform in (from_settings, env_local, module):
        assert _keys(platform) == {("X019", "api_key", Level.INFO)}, platform.line
        assert platform.verdict == "translated"
    assert _keys(client) == {_TENANT_CLIENT}
    assert _keys(global_key) == {_TENANT_CLIENT}
    assert "the global Stripe key: shop.secret_key" in str(global_key.findings)


# shopizer's shape: each store's keys from its integration configuration
JAVA = """import com.stripe.Stripe;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;

public class Payments {
    public PaymentIntent perRequest(Store store) throws Exception {
        PaymentIntentCreateParams params =
            PaymentIntentCreateParams.builder().setAmount(500L).setCurrency("usd").build();
        RequestOptions ro = RequestOptions.builder().setApiKey(store.getKey()).build();
        return PaymentIntent.create(params, ro);
    }
    public PaymentIntent global(IntegrationConfiguration configuration) throws Exception {
        Stripe.apiKey = configuration.getIntegrationKeys().get("secretKey");
        PaymentIntentCreateParams params =
            PaymentIntentCreateParams.builder().setAmount(500L).setCurrency("usd").build();
        return PaymentIntent.create(params);
    }
    public PaymentIntent platform() throws Exception {
        Stripe.apiKey = System.getenv("STRIPE_SECRET_KEY");
        PaymentIntentCreateParams params =
            PaymentIntentCreateParams.builder().setAmount(500L).setCurrency("usd").build();
        return PaymentIntent.create(params);
    }
}
"""

PHP = """<?php
function tenant($store) {
    \\Stripe\\Stripe::setApiKey($store->stripe_secret);
    return \\Stripe\\PaymentIntent::create(['amount' => 500, 'currency' => 'usd']);
}
function platform() {
    return \\Stripe\\PaymentIntent::create(
        ['amount' => 500, 'currency' => 'usd'], ['api_key' => config('services.stripe.secret')]
    );
}
"""

RUBY = """require 'stripe'

def tenant(shop)
  Stripe.api_key = shop.stripe_key
  Stripe::PaymentIntent.create(amount: 500, currency: 'usd')
end

def platform
  Stripe::PaymentIntent.create({ amount: 500, currency: 'usd' }, { api_key: ENV['STRIPE_KEY'] })
end
"""


@pytest.mark.parametrize(
    ("name", "text"), [("Payments.java", JAVA), ("pay.php", PHP), ("pay.rb", RUBY)]
)
def test_java_php_ruby_a_tenant_s_key_blocks(tmp_path: Path, name: str, text: str) -> None:
    sites = _sites(tmp_path, name, text)
    *tenants, platform = sites
    for site in tenants:
        assert {code for code, _, _ in _keys(site)} == {"X029"}, site.line
        assert site.verdict == "blocked"
    assert {code for code, _, _ in _keys(platform)} <= {"X019"}
    assert platform.verdict != "blocked"


WRAPPED = """import Stripe from "stripe";
import { loadCredentials } from "./credentials";

export async function chargeForWorkspace(workspaceId: string, amount: number) {
  const creds = await loadCredentials(workspaceId);
  const stripe = new Stripe(creds.secretKey);
  return stripe.paymentIntents.create({ amount, currency: "usd" });
}

export async function chargeWithKey(key: string, amount: number) {
  const stripe = new Stripe(key);
  return stripe.paymentIntents.create({ amount, currency: "usd" });
}

export async function order(ws: string) {
  return chargeForWorkspace(ws, 1500);
}

export async function seller(shop: { key: string }) {
  return chargeWithKey(shop.key, 1500);
}

export async function platform() {
  return chargeWithKey(process.env.STRIPE_SECRET_KEY!, 1500);
}
"""


def test_a_wrapper_s_tenant_key_reaches_its_callers(tmp_path: Path) -> None:
    sites = [s for s in _sites(tmp_path, "pay.ts", WRAPPED) if s.via]
    order, seller, platform = sites
    assert _keys(order) == {_TENANT_CLIENT}  # the key is loaded inside the wrapper
    assert "Set inside the wrapper chargeForWorkspace." in str(order.findings)
    assert _keys(seller) == {_TENANT_CLIENT}  # the caller passes a tenant's key
    assert "shop.key" in next(f.message for f in seller.findings if f.code == "X029")
    assert _keys(platform) == set()  # the caller passes the platform's
    assert order.verdict == seller.verdict == "blocked"


def test_a_wrapper_s_own_site_blocks_only_a_key_it_loads_itself(tmp_path: Path) -> None:
    loads, takes = [s for s in _sites(tmp_path, "pay.ts", WRAPPED) if s.wrapper]
    assert loads.wrapper.startswith("chargeForWorkspace") and _keys(loads) == {_TENANT_CLIENT}
    # the key is the wrapper's parameter: its calls are judged by the key each passes
    assert takes.wrapper.startswith("chargeWithKey")
    assert _keys(takes) == {("X029", "", Level.WARNING)}
    (said,) = [f.message for f in takes.findings if f.code == "X029"]
    assert "the key the caller of chargeWithKey passes (the Stripe client: key)" in said
    assert takes.verdict != "blocked"


KEY_PARAM = {
    "pay.py": (
        "import os\nimport stripe\n\n"
        "def make_session(price_id, api_key):\n"
        "    return stripe.checkout.Session.create(mode='payment',\n"
        "        line_items=[{'price': price_id, 'quantity': 1}],\n"
        "        success_url='https://shop.example.com/ok', api_key=api_key)\n\n"
        "def platform(request):\n"
        "    return make_session(request.POST['price'], os.environ['STRIPE_SECRET_KEY'])\n\n"
        "def seller(request):\n"
        "    return make_session(request.POST['price'], request.shop.stripe_key)\n"
    ),
    "main.go": (
        'package main\n\nimport (\n\t"net/http"\n\t"os"\n\n'
        '\t"github.com/stripe/stripe-go/v76"\n'
        '\t"github.com/stripe/stripe-go/v76/checkout/session"\n)\n\n'
        "func NewCheckout(price, apiKey string) (string, error) {\n"
        "\tstripe.Key = apiKey\n"
        "\tparams := &stripe.CheckoutSessionParams{\n"
        '\t\tMode: stripe.String("payment"),\n'
        "\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{{\n"
        "\t\t\tPrice: stripe.String(price), Quantity: stripe.Int64(1)}},\n"
        '\t\tSuccessURL: stripe.String("https://shop.example.com/ok"),\n\t}\n'
        '\ts, err := session.New(params)\n\tif err != nil {\n\t\treturn "", err\n\t}\n'
        "\treturn s.URL, nil\n}\n\n"
        "func platform(r *http.Request) {\n"
        '\tNewCheckout(r.FormValue("price"), os.Getenv("STRIPE_SECRET_KEY"))\n}\n\n'
        "func seller(r *http.Request) {\n"
        '\tNewCheckout(r.FormValue("price"), r.Header.Get("X-Shop-Key"))\n}\n'
    ),
}


@pytest.mark.parametrize("name", sorted(KEY_PARAM))
def test_a_key_parameter_is_judged_at_each_call_of_the_wrapper(tmp_path: Path, name: str) -> None:
    wrapper, platform, seller = _sites(tmp_path, name, KEY_PARAM[name])
    assert wrapper.wrapper is not None and platform.via and seller.via
    assert {(code, level) for code, _, level in _keys(wrapper)} == {("X029", Level.WARNING)}
    assert wrapper.verdict != "blocked"
    assert "X029" not in {code for code, _, _ in _keys(platform)}
    assert platform.verdict != "blocked"
    assert {(code, level) for code, _, level in _keys(seller)} == {("X029", Level.BLOCKER)}
    assert seller.verdict == "blocked"


def test_a_tenant_key_s_finding_never_shows_a_key_written_in_the_code(tmp_path: Path) -> None:
    written = "sk_" + "test_51Hx9Tenant0Key0Example0Value0Abc"
    text = (
        "import stripe\n\n"
        "def pay(store, preview):\n"
        "    return stripe.checkout.Session.create(\n"
        "        mode='payment', line_items=[{'price': 'price_A', 'quantity': 1}],\n"
        "        success_url='https://x/ok',\n"
        f"        api_key='{written}' if preview else store.key,\n"
        "    )\n"
    )
    site, secret = _sites(tmp_path, "pay.py", text)  # the key written in the code: CF003 too
    assert _keys(site) == {("X029", "api_key", Level.BLOCKER)}
    assert (secret.kind, secret.rule, secret.line) == ("related", "CF003", 7)
    for said in (site, secret):
        assert written[8:] not in repr((said.findings, said.params, said.dynamic, said.suggestion))
        assert written[8:] not in said.source_line


# a Ruby service object made for one record reads the key through its own methods: a method
# that returns a memo, a delegation to the record, an attr_reader over the field set from
# initialize's parameter (each organization's account: X029); the same shapes ending at the
# environment, the Rails credentials or a field that is itself the key stay the platform's
RUBY_SERVICE = """module Billing
  class CheckoutService
    attr_reader :order

    delegate :organization, to: :order

    def initialize(order, key = nil)
      @order = order
      @key = key
    end

    def tenant_through_methods
      ::Stripe::Checkout::Session.create(payload, { api_key: stripe_api_key })
    end

    def tenant_through_field
      ::Stripe::Checkout::Session.create(payload, { api_key: @order.shop.stripe_secret })
    end

    def tenant_through_a_finder(invoice)
      @invoice = invoice
      ::Stripe::Checkout::Session.create(payload, { api_key: finder_key })
    end

    def platform_env
      ::Stripe::Checkout::Session.create(payload, { api_key: env_key })
    end

    def platform_credentials
      ::Stripe::Checkout::Session.create(payload, { api_key: credentials_key })
    end

    def platform_own_field
      ::Stripe::Checkout::Session.create(payload, { api_key: @key })
    end

    private

    def stripe_api_key
      provider.secret_key
    end

    def provider
      @provider ||= organization.stripe_provider
    end

    def env_key = ENV.fetch("STRIPE_SECRET_KEY")

    attr_accessor :invoice

    delegate :customer, to: :invoice

    def finder_key
      found_provider.secret_key
    end

    def found_provider
      @found_provider ||= payment_provider(customer)  # a finder of an included module
    end

    def credentials_key
      Rails.application.credentials.stripe[:secret_key]
    end

    def payload
      { mode: "payment", line_items: [{ price: "price_Plan", quantity: 1 }],
        success_url: "https://shop.example.com/ok" }
    end
  end
end
"""


def test_ruby_a_service_s_key_read_through_its_methods_is_judged_by_where_it_comes_from(
    tmp_path: Path,
) -> None:
    sites = _sites(tmp_path, "checkout_service.rb", RUBY_SERVICE)
    through_methods, through_field, through_finder, env, credentials, own_field = sites
    for site in (through_methods, through_field, through_finder):
        assert _keys(site) == {("X029", "api_key", Level.BLOCKER)}, site.line
        assert site.verdict == "blocked"
    for site in (env, credentials, own_field):
        assert _keys(site) == {("X019", "api_key", Level.INFO)}, site.line
        assert site.verdict != "blocked"


# a Cloudflare Worker's key is its bindings' (the platform's secret), cast in TypeScript; a
# tenant's key cast the same way stays a tenant's
WORKER = """import Stripe from "stripe";

const LINE = [{ price: "price_Ebook", quantity: 1 }];

export default {
  async fetch(request: Request, env: { STRIPE_SECRET_KEY?: string }) {
    const stripe = new Stripe(env.STRIPE_SECRET_KEY as string);
    return stripe.checkout.sessions.create(
      { mode: "payment", line_items: LINE, success_url: "https://shop.example.com/ok" },
    );
  },
};

export async function forStore(store: { secretKey: unknown }) {
  const stripe = new Stripe(store.secretKey as string);
  return stripe.checkout.sessions.create(
    { mode: "payment", line_items: LINE, success_url: "https://shop.example.com/ok" },
  );
}
"""


def test_a_cast_does_not_make_the_bindings_key_a_tenants(tmp_path: Path) -> None:
    worker, store = _sites(tmp_path, "worker.ts", WORKER)
    assert _keys(worker) == set()
    assert _keys(store) == {_TENANT_CLIENT}


def test_a_key_parameter_the_wrapper_sets_again_still_blocks(tmp_path: Path) -> None:
    """The wrapper gives its key parameter a tenant's key before the call: what reaches
    Stripe is not what its callers pass, so its own site keeps the blocker (review)."""
    text = (
        "import os\nimport stripe\nfrom shop.models import current_store\n\n"
        "def pay(price, api_key=None):\n"
        "    if current_store().connected:\n"
        "        api_key = current_store().stripe_secret_key\n"
        "    return stripe.checkout.Session.create(mode='payment',\n"
        "        line_items=[{'price': price, 'quantity': 1}],\n"
        "        success_url='https://example.com/ok', api_key=api_key)\n\n"
        "def buy():\n"
        "    return pay('price_1', os.environ['STRIPE_SECRET_KEY'])\n"
    )
    wrapper = next(s for s in _sites(tmp_path, "pay.py", text) if s.wrapper)
    assert ("X029", "api_key", Level.BLOCKER) in _keys(wrapper)
    assert wrapper.verdict == "blocked"
