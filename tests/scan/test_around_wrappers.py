"""Project wrappers of a call around Checkout (``migrate/scan/wrappers.py``, X024/X025): a
function whose PaymentIntent create, charge, SetupIntent, subscription creation or plan change
takes its params (or the object id) from its own parameters is the payment API for its
callers; each call of it in the tree is reported via the wrapper, the caller's arguments in
place, and translated as the Stripe call itself would be."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migrate.findings import Level
from migrate.scan import scan_paths
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, ScanStats, scan_source
from tests.scan.trees import write_tree as _tree


def _scan(top: Path) -> list[CallSite]:
    stats = ScanStats()
    sites = [s for s in scan_paths([str(top)], stats=stats, jobs=1) if s.kind == "create"]
    assert stats.problems == []
    return sites


def _codes(site: CallSite) -> list[str]:
    return [f.code for f in site.findings]


def _dyn(site: CallSite) -> dict[str, str]:
    return {d.path: d.source for d in site.dynamic}


def _call_kind(site: CallSite) -> str:
    assert site.translation is not None
    return site.translation.kind


# invoiceninja's shape: a payment driver's createPaymentIntent($data) wraps the Stripe call;
# Charge::tokenBilling builds the off-session charge and calls it on the driver it holds
DRIVER = """\
<?php
namespace App\\PaymentDrivers;

class StripeDriver
{
    public function createPaymentIntent($data)
    {
        return \\Stripe\\PaymentIntent::create($data, $this->options());
    }
}
"""
CHARGE = """\
<?php
namespace App\\PaymentDrivers\\Stripe;

use App\\PaymentDrivers\\StripeDriver;

class Charge
{
    /** @var StripeDriver */
    public $stripe;

    public function __construct(StripeDriver $stripe)
    {
        $this->stripe = $stripe;
    }

    public function tokenBilling($cgt, $hash, $amount)
    {
        $data = [
            'amount' => $amount,
            'currency' => 'usd',
            'payment_method' => $cgt->token,
            'customer' => $cgt->gateway_customer_reference,
            'confirm' => true,
            'off_session' => true,
            'metadata' => ['payment_hash' => $hash->hash],
        ];
        return $this->stripe->createPaymentIntent($data);
    }
}
"""


def test_a_php_token_billing_charge_through_the_drivers_wrapper_is_an_off_session_charge(
    tmp_path: Path,
) -> None:
    top = _tree(tmp_path, {"Drivers/StripeDriver.php": DRIVER, "Drivers/Stripe/Charge.php": CHARGE})
    wrapper, call = sorted(_scan(top), key=lambda s: s.via is not None)
    # the wrapper's own site says it is one; its params being its parameter is no RT034 (the
    # callers build them), and the amount it cannot see still blocks its frame
    assert wrapper.wrapper == "StripeDriver.createPaymentIntent($data)"
    assert _codes(wrapper)[0] == "X024"
    assert "a PaymentIntent creation" in wrapper.findings[0].message
    assert "RT034" not in _codes(wrapper)
    pi106 = next(f for f in wrapper.findings if f.code == "PI106")
    assert pi106.level is Level.BLOCKER
    assert pi106.message.endswith("Set by the caller of createPaymentIntent.")
    # the caller that builds the real charge is a site, via the wrapper, its values carried
    assert Path(call.file).name == "Charge.php" and call.line == 27
    assert call.via is not None and call.via.startswith("StripeDriver.createPaymentIntent at ")
    assert call.span is None  # a call to a wrapper is never rewritten
    # tokenBilling passes its own parameters on: a wrapper of the wrapper, then the call
    assert call.wrapper == "Charge.tokenBilling($cgt, $hash, $amount)"
    assert _codes(call)[:2] == ["X024", "X025"]
    assert _dyn(call) == {
        "amount": "$amount",
        "payment_method": "$cgt->token",
        "customer": "$cgt->gateway_customer_reference",
        "metadata.payment_hash": "$hash->hash",
    }
    assert call.params["currency"] == "usd" and call.params["off_session"] is True
    assert _call_kind(call) == "on_demand_charge"
    # the options the driver computes itself (`$this->options()`) are the caller's charge's
    # too: they may hold an idempotency key (or a connected account), so the charge blocks
    x022 = next(f for f in call.findings if f.code == "X022")
    assert x022.level is Level.BLOCKER and "$this->options()" in x022.message
    assert x022.message.endswith("Set inside the wrapper createPaymentIntent.")
    assert call.verdict == "blocked"
    assert "PI100" in _codes(call) and "RT034" not in _codes(call)
    assert "$dodoBody->{'product_price'} = (filter_var($amount, FILTER_VALIDATE_INT," in (
        call.suggestion
    )
    assert "$dodoBody->{'metadata'}->{'payment_hash'} = strval($hash->hash);" in call.suggestion
    assert "'/subscriptions/' . TODO_subscription_id . '/charge'" in call.suggestion


def test_a_call_through_a_wrapper_translates_as_the_direct_call_with_the_same_params() -> None:
    # the same charge written at the Stripe call: its translation, findings and Dodo call are
    # those of the call through the wrapper (the wrapper's notes aside)
    # (with the options the wrapper passes: they are the call's too)
    direct_code = CHARGE.replace(
        "$this->stripe->createPaymentIntent($data)",
        "\\Stripe\\PaymentIntent::create($data, $this->options())",
    )
    (direct,) = scan_source(direct_code, "Charge.php", BY_NAME["php"])
    caller = CHARGE.replace("<?php\n", "", 1).replace("namespace App\\PaymentDrivers\\Stripe;", "")
    both = DRIVER + caller
    (call,) = [s for s in scan_source(both, "All.php", BY_NAME["php"]) if s.via]
    assert call.translation is not None and direct.translation is not None
    assert call.translation.dodo == direct.translation.dodo
    assert call.translation.request == direct.translation.request
    assert call.suggestion == direct.suggestion

    def plain(site: CallSite) -> list[tuple[str, str, str]]:
        return [
            (
                f.code,
                f.path,
                f.message.removesuffix(" Set by the caller of tokenBilling.").removesuffix(
                    " Set inside the wrapper createPaymentIntent."
                ),
            )
            for f in site.findings
            if f.code not in ("X024", "X025")
        ]

    assert plain(call) == plain(direct)


PY_BILLING = """\
import stripe


def charge_saved_card(customer_id, amount, currency="usd", **metadata):
    return stripe.PaymentIntent.create(
        amount=amount,
        currency=currency,
        customer=customer_id,
        payment_method="pm_1Saved",
        off_session=True,
        confirm=True,
        metadata=metadata,
    )


def change_plan(subscription_id, item_id, price_id):
    return stripe.Subscription.modify(
        subscription_id,
        items=[{"id": item_id, "price": price_id}],
        proration_behavior="always_invoice",
    )
"""
PY_VIEWS = """\
from billing import change_plan, charge_saved_card


def renew(account, invoice):
    return charge_saved_card(account.stripe_customer_id, invoice.total, order=invoice.id)


def upgrade(account):
    return change_plan(account.subscription_id, account.item_id, "price_1Pro")


def upgrade_one():
    return change_plan("sub_1Known", "si_1", "price_1Pro")
"""


def test_python_wrappers_of_a_charge_and_a_plan_change(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"billing.py": PY_BILLING, "views.py": PY_VIEWS})
    sites = _scan(top)
    assert [(Path(s.file).name, s.line, s.via is not None) for s in sites] == [
        ("billing.py", 5, False),
        ("billing.py", 17, False),
        ("views.py", 5, True),
        ("views.py", 9, True),
        ("views.py", 13, True),
    ]
    charge_wrapper, plan_wrapper, renew, upgrade, known = sites
    assert charge_wrapper.wrapper == "charge_saved_card(customer_id, amount, currency, metadata)"
    assert "the object id" in plan_wrapper.findings[0].message  # its id is set by the caller
    # the charge: amount and customer carried, the default currency, the keyword as metadata
    assert _codes(renew)[:2] == ["X024", "X025"]  # renew passes its parameters: a wrapper too
    assert (renew.wrapper, known.wrapper) == ("renew(account, invoice)", None)
    assert _dyn(renew) == {
        "amount": "invoice.total",
        "customer": "account.stripe_customer_id",
        "metadata.order": "invoice.id",
    }
    assert renew.params["currency"] == "usd"
    assert _call_kind(renew) == "on_demand_charge"
    assert "product_price=invoice.total," in renew.suggestion
    assert '"order": str(invoice.id),' in renew.suggestion
    # the plan change: the caller's subscription, looked up as its Dodo one
    assert _call_kind(upgrade) == "change_plan"
    assert "dodo_subscription_id(account.subscription_id)," in upgrade.suggestion
    assert _dyn(upgrade) == {"items[0].id": "account.item_id"}
    # a literal id at the call is the path's id, as at a direct call
    assert known.translation is not None and known.translation.request is not None
    assert "subscription_id" not in known.translation.request[1]
    assert ("SU101", "subscription") in {(f.code, f.path) for f in known.findings}


# saleor's shape: the wrapper writes off_session into a dict of extra params, as a choice
PY_INTENTS = """\
import stripe


def create_intent(amount, customer_id=None, pm_id=None, off_session=None):
    extra = {}
    if customer_id:
        extra["customer"] = customer_id
    if pm_id and customer_id:
        extra["payment_method"] = pm_id
        extra["off_session"] = off_session if off_session else False
    return stripe.PaymentIntent.create(amount=amount, currency="usd", **extra)


def direct(amount, customer_id, pm_id, off_session):
    return stripe.PaymentIntent.create(
        amount=amount, currency="usd", customer=customer_id, payment_method=pm_id,
        off_session=off_session,
    )


def storefront(order):
    return create_intent(1500, order.customer_id, order.pm_id, False)


def renewal(order):
    return create_intent(1500, order.customer_id, order.pm_id, True)


def storefront_direct(order):
    return direct(1500, order.customer_id, order.pm_id, False)
"""


def test_an_off_session_choice_in_a_wrapper_s_dict_follows_the_caller_s_literal(
    tmp_path: Path,
) -> None:
    """A dict entry set to a choice (``off_session if off_session else False``) keeps the
    choice, so a caller passing False is the customer-present payment (a checkout, as a call
    passing the keyword itself is): it was the wrapper's `TODO_extra` (X021) and an on-demand
    charge of the saved mandate without the buyer. A run-time off_session says which Dodo call
    was chosen (RT035)."""
    sites = _scan(_tree(tmp_path, {"pay.py": PY_INTENTS}))
    wrapper, direct, storefront, renewal, storefront_direct = sites
    assert _dyn(wrapper)["off_session"] == (
        "((off_session if off_session else False) if pm_id and customer_id else None)"
    )
    assert _call_kind(storefront) == _call_kind(storefront_direct) == "checkout_session"
    assert "X021" not in _codes(storefront) and "TODO_extra" not in storefront.suggestion
    assert "RT035" not in _codes(storefront)
    assert _call_kind(renewal) == "on_demand_charge"
    for site in (wrapper, direct):
        assert _call_kind(site) == "on_demand_charge"
        (said,) = [f for f in site.findings if f.code == "RT035"]
        assert said.level == Level.WARNING and said.path == "off_session"
        assert "a checkout session the buyer pays" in said.message


def test_typescript_wrapper_of_an_off_session_charge_called_from_another_module(
    tmp_path: Path,
) -> None:
    top = _tree(
        tmp_path,
        {
            "lib/billing.ts": """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function chargeSavedCard(customerId: string, amount: number, orderId: string) {
  return stripe.paymentIntents.create({
    amount,
    currency: "eur",
    customer: customerId,
    payment_method: "pm_1Saved",
    off_session: true,
    confirm: true,
    metadata: { orderId },
  });
}
""",
            "app/renew.ts": """\
import { chargeSavedCard } from "../lib/billing";

export async function renew(account: { customerId: string }, total: number) {
  return chargeSavedCard(account.customerId, total, "ord_1");
}
""",
        },
    )
    (call,) = [s for s in _scan(top) if s.via]
    assert Path(call.file).name == "renew.ts" and call.line == 4
    assert _dyn(call) == {"amount": "total", "customer": "account.customerId"}
    assert call.params["metadata"] == {"orderId": "ord_1"}
    assert _call_kind(call) == "on_demand_charge"
    assert "product_price: total," in call.suggestion
    assert 'product_currency: "EUR",' in call.suggestion


_JVM_GO: dict[str, dict[str, str]] = {
    "go": {
        "internal/billing/charge.go": """\
package billing

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/paymentintent"
)

func ChargeSaved(customerID string, amount int64) (*stripe.PaymentIntent, error) {
	params := &stripe.PaymentIntentParams{
		Amount:        stripe.Int64(amount),
		Currency:      stripe.String("usd"),
		Customer:      stripe.String(customerID),
		PaymentMethod: stripe.String("pm_1Saved"),
		OffSession:    stripe.Bool(true),
		Confirm:       stripe.Bool(true),
	}
	return paymentintent.New(params)
}
""",
        "cmd/renew/main.go": """\
package main

import "github.com/acme/app/internal/billing"

func renew(acct Account) error {
	_, err := billing.ChargeSaved(acct.CustomerID, acct.Total)
	return err
}
""",
    },
    "java": {
        "src/com/acme/billing/Billing.java": """\
package com.acme.billing;

import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCreateParams;

public class Billing {
    public PaymentIntent chargeSaved(String customerId, long amount) throws Exception {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
            .setAmount(amount)
            .setCurrency("usd")
            .setCustomer(customerId)
            .setPaymentMethod("pm_1Saved")
            .setOffSession(true)
            .setConfirm(true)
            .build();
        return PaymentIntent.create(params);
    }
}
""",
        "src/com/acme/web/Renewals.java": """\
package com.acme.web;

import com.acme.billing.Billing;

public class Renewals {
    private final Billing billing = new Billing();

    public void renew(Account acct) throws Exception {
        billing.chargeSaved(acct.customerId, acct.total);
    }
}
""",
    },
    "csharp": {
        "Billing.cs": """\
using Stripe;

namespace Acme.Billing;

public class Charges
{
    public PaymentIntent ChargeSaved(string customerId, long amount)
    {
        var options = new PaymentIntentCreateOptions
        {
            Amount = amount,
            Currency = "usd",
            Customer = customerId,
            PaymentMethod = "pm_1Saved",
            OffSession = true,
            Confirm = true,
        };
        return new PaymentIntentService().Create(options);
    }
}
""",
        "Renewals.cs": """\
using Acme.Billing;

namespace Acme.Web;

public class Renewals
{
    private readonly Charges _charges = new Charges();

    public void Renew(Account acct)
    {
        _charges.ChargeSaved(acct.CustomerId, acct.Total);
    }
}
""",
    },
    "ruby": {
        "app/services/billing.rb": """\
require "stripe"

class Billing
  def charge_saved(customer_id, amount)
    Stripe::PaymentIntent.create(amount: amount, currency: "usd", customer: customer_id,
      payment_method: "pm_1Saved", off_session: true, confirm: true)
  end
end
""",
        "app/jobs/renewals.rb": """\
class Renewals
  def renew(acct)
    billing = Billing.new
    billing.charge_saved(acct.customer_id, acct.total)
  end
end
""",
    },
}
_CALLER_VALUES = {
    "go": ("main.go", 6, "acct.CustomerID", "acct.Total"),
    "java": ("Renewals.java", 9, "acct.customerId", "acct.total"),
    "csharp": ("Renewals.cs", 11, "acct.CustomerId", "acct.Total"),
    "ruby": ("renewals.rb", 4, "acct.customer_id", "acct.total"),
}


@pytest.mark.parametrize("family", sorted(_JVM_GO))
def test_go_java_csharp_and_ruby_wrappers_of_an_off_session_charge(
    tmp_path: Path, family: str
) -> None:
    top = _tree(tmp_path, _JVM_GO[family])
    sites = _scan(top)
    wrapper = next(s for s in sites if s.wrapper and not s.via)
    assert _codes(wrapper)[0] == "X024"
    (call,) = [s for s in sites if s.via]
    name, line, customer, amount = _CALLER_VALUES[family]
    assert (Path(call.file).name, call.line) == (name, line)
    # the caller passes its own parameter's fields on: a wrapper of the wrapper, then the call
    assert call.wrapper is not None and call.wrapper.lower().endswith("renew(acct)")
    assert _codes(call)[:2] == ["X024", "X025"]
    assert _dyn(call) == {"amount": amount, "customer": customer}
    assert call.params["currency"] == "usd"
    assert _call_kind(call) == "on_demand_charge"
    assert amount in call.suggestion


def test_params_passed_whole_block_where_they_are_unknown(tmp_path: Path) -> None:
    # a wrapper whose params are its parameter: no RT034 where money still blocks (PI106);
    # a SetupIntent's frame, which nothing else blocks, keeps RT034, set by the caller; a
    # caller that passes on an object it does not build is RT034 there
    code = """\
import stripe


def pay(params):
    return stripe.PaymentIntent.create(**params)


def save_card(options):
    return stripe.SetupIntent.create(**options)


def view(request):
    return pay(request.session_params)


def bill(order):
    return pay({"amount": order.cents, "currency": "usd"})
"""
    sites = [s for s in scan_source(code, "pay.py", BY_NAME["python"]) if s.kind == "create"]
    pay, save, view, bill = sites
    assert "RT034" not in _codes(pay) and "PI106" in _codes(pay)
    rt034 = next(f for f in save.findings if f.code == "RT034")
    assert rt034.level is Level.BLOCKER
    assert rt034.message.endswith("Set by the caller of save_card.")
    assert view.via is not None and "RT034" in _codes(view)
    assert bill.via is not None and "RT034" not in _codes(bill) and "PI106" not in _codes(bill)
    assert _dyn(bill) == {"amount": "order.cents"}


def test_the_json_and_text_outputs_say_via_which_wrapper(tmp_path: Path) -> None:
    from migrate.cli import main

    top = _tree(tmp_path / "src", {"StripeDriver.php": DRIVER, "Charge.php": CHARGE})
    out = tmp_path / "scan.json"
    with pytest.raises(SystemExit) as done:  # 1: the wrapper's frame is blocked (PI106)
        main(["scan", str(top), "--format", "json", "-o", str(out)])
    assert done.value.code == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    (via,) = [s for s in data["sites"] if s.get("via")]
    assert via["file"].endswith("Charge.php")
    assert [f["code"] for f in via["findings"][:2]] == ["X024", "X025"]  # tokenBilling's too
    text = tmp_path / "scan.txt"
    with pytest.raises(SystemExit) as done:
        main(["scan", str(top), "-o", str(text)])
    assert done.value.code == 1
    lines = text.read_text(encoding="utf-8").splitlines()
    assert any(
        x.startswith("   this.stripe.createPaymentIntent -> blocked")  # X022: its options
        and "(via wrapper StripeDriver.createPaymentIntent at " in x
        for x in lines
    )


# restrict-content's shape: update_subscription($id, $args) passes its params on whole to the
# Stripe update; its callers change the plan, move the bill date (trial_end) or set the default
# payment method. The update was no site at all: it names no plan-change param, so the scan took
# it for a metadata update (the `needs` of a subscription update), and no wrapper was indexed.
RCP_GATEWAY = """\
<?php
class RCP_Gateway {
    public function update_subscription( $subscription_id, $args ) {
        try {
            \\Stripe\\Subscription::update( $subscription_id, $args );
            return true;
        } catch ( Exception $e ) {
            return new WP_Error( $e->getCode(), $e->getMessage() );
        }
    }

    public function change_plan( $subscription_id, $item_id, $plan_id ) {
        $args = array(
            'proration_behavior' => 'none',
            'items'              => array( array( 'id' => $item_id, 'plan' => $plan_id ) ),
        );
        return $this->update_subscription( $subscription_id, $args );
    }

    public function move_bill_date( $subscription_id, $when ) {
        return $this->update_subscription( $subscription_id, array( 'trial_end' => $when ) );
    }

    public function set_default_pm( $sub, $pm ) {
        \\Stripe\\Subscription::update( $sub->id, array( 'default_payment_method' => $pm->id ) );
    }
}
"""
RCP_MEMBERS = """\
<?php
class RCP_Member {
    public function save_card( RCP_Gateway $gateway, $subscription_id, $pm ) {
        $gateway->update_subscription( $subscription_id, array( 'default_payment_method' => $pm ) );
    }

    public function tag( RCP_Gateway $gateway, $subscription_id, $tags ) {
        $gateway->update_subscription( $subscription_id, array( 'metadata' => $tags ) );
    }
}
"""


def _sites(top: Path) -> list[CallSite]:
    stats = ScanStats()
    sites = list(scan_paths([str(top)], stats=stats, jobs=1))
    assert stats.problems == []
    return sites


def test_a_pass_through_subscription_update_wrapper_reports_each_caller(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"gateway.php": RCP_GATEWAY, "member.php": RCP_MEMBERS})
    sites = [s for s in _sites(top) if s.rule is None or s.rule == "X028"]
    assert [(Path(s.file).name, s.line, s.kind, s.via is not None) for s in sites] == [
        ("gateway.php", 5, "create", False),  # the wrapper's own update
        ("gateway.php", 17, "create", True),  # the plan change
        ("gateway.php", 21, "create", True),  # the bill date moved
        ("gateway.php", 25, "related", False),  # the default payment method, directly
        ("member.php", 4, "related", True),  # ... and through the wrapper; tag() is no site
    ]
    wrapper, plan, trial, direct, card = sites
    assert _codes(wrapper)[0] == "X024"
    assert wrapper.wrapper == "RCP_Gateway.update_subscription($subscription_id, $args)"
    # the plan change goes through the change-plan rules, with the caller's values
    # change_plan and move_bill_date pass their parameters on: wrappers of the wrapper too
    assert plan.wrapper == "RCP_Gateway.change_plan($subscription_id, $item_id, $plan_id)"
    assert _codes(plan)[:2] == ["X024", "X025"] and _call_kind(plan) == "change_plan"
    assert _dyn(plan) == {"items[0].id": "$item_id", "items[0].plan": "$plan_id"}
    assert plan.params["proration_behavior"] == "none"
    assert plan.translation is not None and plan.translation.dodo is not None
    assert plan.translation.dodo["proration_billing_mode"] == "do_not_bill"
    # a trial_end moved has no Dodo equivalent on an update: blocked
    assert _codes(trial)[:2] == ["X024", "X025"]
    assert {(f.code, f.path) for f in trial.findings} >= {("RT002", "trial_end")}
    assert any(f.level is Level.BLOCKER and f.code == "RT002" for f in trial.findings)
    # the default payment method alone: related code, Dodo's update-payment-method
    assert _codes(direct) == ["X028"] and _codes(card) == ["X028"]
    assert "update-payment-method" in card.findings[0].message
    assert card.via is not None and "RCP_Gateway.update_subscription" in card.via


PASS_THROUGH = {
    "billing.py": """\
import stripe


def update_subscription(subscription_id, **args):
    return stripe.Subscription.modify(subscription_id, **args)


def upgrade(account, price_id):
    return update_subscription(
        account.subscription_id,
        items=[{"id": account.item_id, "price": price_id}],
        proration_behavior="always_invoice",
    )


def save_card(account, pm):
    return update_subscription(account.subscription_id, default_payment_method=pm)
""",
    "billing.ts": """\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function updateSubscription(id: string, args: Stripe.SubscriptionUpdateParams) {
  return stripe.subscriptions.update(id, args);
}

export async function upgrade(subscriptionId: string, itemId: string, priceId: string) {
  return updateSubscription(subscriptionId, {
    items: [{ id: itemId, price: priceId }],
    proration_behavior: "always_invoice",
  });
}

export async function saveCard(subscriptionId: string, pm: string) {
  return updateSubscription(subscriptionId, { default_payment_method: pm });
}
""",
    # bitwarden's StripeAdapter: every update goes through UpdateSubscriptionAsync(id, options)
    "Billing.cs": """\
using Stripe;

namespace Acme.Billing;

public class StripeAdapter
{
    private readonly SubscriptionService _subscriptionService = new();

    public Task<Subscription> UpdateSubscriptionAsync(string id, SubscriptionUpdateOptions o) =>
        _subscriptionService.UpdateAsync(id, o);
}

public class SeatService
{
    private readonly StripeAdapter _stripeAdapter;
    public SeatService(StripeAdapter stripeAdapter) { _stripeAdapter = stripeAdapter; }

    public async Task MoveToPlan(Subscription sub, string itemId, string newPriceId)
    {
        await _stripeAdapter.UpdateSubscriptionAsync(sub.Id, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = itemId, Price = newPriceId }],
            ProrationBehavior = "always_invoice",
        });
    }
}
""",
}


@pytest.mark.parametrize("name", sorted(PASS_THROUGH))
def test_python_typescript_and_csharp_pass_through_updates(tmp_path: Path, name: str) -> None:
    top = _tree(tmp_path, {name: PASS_THROUGH[name]})
    sites = [s for s in _sites(top) if s.rule is None or s.rule == "X028"]
    wrapper, plan, *rest = sites
    assert _codes(wrapper)[0] == "X024" and wrapper.via is None
    # the plan change passes its own parameters on: a wrapper of the wrapper, then the call
    assert plan.wrapper is not None and plan.via is not None
    assert _codes(plan)[:2] == ["X024", "X025"] and _call_kind(plan) == "change_plan"
    assert plan.translation is not None and plan.translation.dodo is not None
    assert plan.translation.dodo["proration_billing_mode"] == "prorated_immediately_keep_cycle"
    assert sorted(_dyn(plan)) == ["items[0].id", "items[0].price"]
    if name != "Billing.cs":
        (card,) = rest
        assert card.kind == "related" and card.via is not None and _codes(card) == ["X028"]


def test_a_subscription_update_of_a_trial_end_or_a_payment_method_alone_is_reported() -> None:
    code = """\
import stripe


def move_bill_date(subscription_id, when):
    return stripe.Subscription.modify(subscription_id, trial_end=when)


def save_card(subscription_id, pm):
    return stripe.Subscription.modify(subscription_id, default_payment_method=pm)


def tag(subscription_id):
    return stripe.Subscription.modify(subscription_id, metadata={"a": "b"})
"""
    trial, card = scan_source(code, "subs.py", BY_NAME["python"])
    assert trial.kind == "create" and trial.line == 5
    assert any(f.code == "RT002" and f.path == "trial_end" for f in trial.findings)
    assert card.kind == "related" and card.line == 9 and _codes(card) == ["X028"]


def test_a_renewal_read_in_a_function_makes_no_wrapper_of_the_tree(tmp_path: Path) -> None:
    # langfuse's createInvoicePreview(client, customerId, subscriptionId): an invoice preview
    # naming only the customer and subscription is related code (X027) in its own file, but
    # the tree's first pass indexed it as a wrapper, so its calls in other files were plan-
    # change previews with a false SU106 blocker
    top = _tree(
        tmp_path,
        {
            "billing.py": (
                "import stripe\n\n\n"
                "def upcoming(customer_id, subscription_id):\n"
                "    return stripe.Invoice.create_preview(customer=customer_id,"
                " subscription=subscription_id)\n"
            ),
            "views.py": (
                "from billing import upcoming\n\n\n"
                "def show(account):\n"
                "    return upcoming(account.customer_id, account.subscription_id)\n"
            ),
        },
    )
    stats = ScanStats()
    sites = list(scan_paths([str(top)], stats=stats, jobs=1))
    assert stats.problems == []
    assert [(Path(s.file).name, s.kind, s.rule) for s in sites] == [
        ("billing.py", "related", "X027")
    ]


def test_a_cancellation_through_a_wrapper_and_an_update_beside_a_payment_method(
    tmp_path: Path,
) -> None:
    # a cancellation (DELETE) is never "an update that changes nothing": its caller is
    # reported with the wrapper's blockers; a payment method set beside a coupon and a billing
    # anchor is no payment-method-only update (X028 said "changes nothing else"); metadata
    # alone is nothing to move
    (tmp_path / "w.py").write_text(W_PY)
    (tmp_path / "caller.py").write_text(CALLER_PY)
    by_line = {(Path(s.file).name, s.line): s for s in _sites(tmp_path)}
    stop = by_line["caller.py", 5]
    assert stop.via is not None and {"SX101", "SX102"} <= set(_codes(stop))
    assert ("caller.py", 6) in by_line  # a plain cancel through the wrapper too
    card = by_line["caller.py", 7]
    assert "X028" not in _codes(card) and card.translation is not None
    assert _codes(by_line["caller.py", 8]) == ["X028"]
    assert ("caller.py", 9) not in by_line and ("w.py", 23) not in by_line
    assert ("w.py", 19) in by_line and ("w.py", 5) in by_line


W_PY = """import stripe


def stop(sub_id):
    return stripe.Subscription.cancel(sub_id, prorate=True, invoice_now=True)


def stop_plain(sub_id):
    return stripe.Subscription.cancel(sub_id)


def card(sub_id, pm):
    return stripe.Subscription.modify(
        sub_id, default_payment_method=pm, billing_cycle_anchor="now", coupon="SAVE50"
    )


def card_only(sub_id, pm):
    return stripe.Subscription.modify(sub_id, default_payment_method=pm)


def note(sub_id):
    return stripe.Subscription.modify(sub_id, metadata={"k": "v"})
"""

CALLER_PY = """from w import card, card_only, note, stop, stop_plain


def run(sub, pm):
    stop(sub.id)
    stop_plain(sub.id)
    card(sub.id, pm)
    card_only(sub.id, pm)
    note(sub.id)
"""
