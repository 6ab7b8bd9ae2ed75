"""The scanner translates the calls around Checkout (PaymentIntents, SetupIntents, subscription
updates, invoice previews) into the Dodo calls that replace them, in Python, Node and curl."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.fix import safety
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_paths, scan_source, site_kind
from tests.dodo_contract import REQUEST_TYPES, concrete, contract_errors

ROOT = Path(__file__).resolve().parents[2]


def sites(code: str, language: str = "python") -> list[CallSite]:
    suffix = {"python": "py", "javascript": "js", "typescript": "ts", "php": "php"}[language]
    return list(scan_source(code, f"x.{suffix}", BY_NAME[language]))


def one(code: str, language: str = "python") -> CallSite:
    (site,) = sites(code, language)
    return site


def test_off_session_charge_with_run_time_ids_is_an_on_demand_charge() -> None:
    s = one(
        "import stripe\n"
        "stripe.PaymentIntent.create(amount=2500, currency='usd', customer=cus,\n"
        "    payment_method=pm, off_session=True, confirm=True)\n"
    )
    assert s.translation is not None and s.translation.kind == "on_demand_charge"
    assert s.translation.request == ("POST", "/subscriptions/{subscription_id}/charge")
    assert s.translation.dodo == {"product_price": 2500, "product_currency": "USD"}
    assert "client.subscriptions.charge(" in s.suggestion
    # the customer's on-demand subscription is named by no Stripe id: a name defined nowhere,
    # and a finding at `customer` says why (never a bare TODO comment)
    assert "    TODO_subscription_id,\n" in s.suggestion and "product_price=2500" in s.suggestion
    assert "TODO: set from" not in s.suggestion
    found = {(f.code, f.path): f for f in s.findings}
    assert "TODO_subscription_id" in found["RT031", "customer"].message
    assert found["RT030", "payment_method"].level.value == "info"  # nothing to pass
    assert site_kind(s) == "call"


def test_a_variable_customer_and_method_still_make_a_one_click_upsell_in_node() -> None:
    s = one(
        "const s = require('stripe')('sk');\n"
        "await s.paymentIntents.create({amount: 900, currency: 'eur', customer: c,"
        " payment_method: pm, confirm: true});\n",
        "javascript",
    )
    t = s.translation
    assert t is not None and t.kind == "upsell" and t.dodo is not None
    customer = t.dodo["customer"]["customer_id"]
    assert (customer.source, customer.op) == ("c", "customer_id")  # looked up, not "{customer}"
    assert t.dodo["payment_method_id"].source == "TODO_payment_method_id"  # defined nowhere
    assert t.dodo["confirm"] is True
    assert t.fallback is not None and "payment_method_id" not in t.fallback
    assert t.fallback["customer"]["customer_id"] == customer
    levels = {f.code: f.level.value for f in s.findings}
    assert levels["PI103"] == levels["RT030"] == "warning"
    assert "customer_id: dodoCustomerId(c)," in s.suggestion
    assert "payment_method_id: TODO_payment_method_id" in s.suggestion
    assert "TODO: set from" not in s.suggestion
    # the suggestion shows the one-click call, then the fallback checkout
    assert s.suggestion.count("client.checkoutSessions.create(") == 2
    assert "without a saved Dodo payment method" in s.suggestion


def test_subscription_modify_with_a_literal_id_names_its_subscription() -> None:
    s = one(
        "import stripe\n"
        "stripe.Subscription.modify('sub_9', items=[{'id': 'si_1', 'price': 'price_2',"
        " 'quantity': 3}], proration_behavior='none')\n"
    )
    t = s.translation
    assert t is not None and t.kind == "change_plan"
    assert t.request is not None and t.request[1].startswith("/subscriptions/s2d_sub_")
    assert t.dodo is not None
    assert (t.dodo["quantity"], t.dodo["proration_billing_mode"]) == (3, "do_not_bill")
    assert 'client.subscriptions.change_plan(\n    "s2d_sub_' in s.suggestion


def test_a_subscription_update_that_is_not_a_plan_change_is_not_a_site() -> None:
    # (a cancel-only update was not a site either; it is Dodo's PATCH now: tests below)
    assert sites("import stripe\nstripe.Subscription.modify(sub, metadata={'a': 'b'})\n") == []


CANCEL_ONLY = {
    "python": "import stripe\n\ndef f(owner):\n    stripe.Subscription.modify(\n"
    "        owner.stripe_subscription_id, cancel_at_period_end=True, proration_behavior='none')\n",
    "javascript": "const stripe = require('stripe')(key);\n"
    "async function f(id) {\n"
    "  await stripe.subscriptions.update(id, { cancel_at_period_end: true });\n}\n",
    "ruby": "def f(id)\n  Stripe::Subscription.update(id, { cancel_at_period_end: true })\nend\n",
    "php": "<?php\nfunction f($stripe, $id) {\n"
    "  $stripe->subscriptions->update($id, ['cancel_at_period_end' => true]);\n}\n",
    "go": 'package b\n\nimport (\n\t"github.com/stripe/stripe-go/v82"\n'
    '\t"github.com/stripe/stripe-go/v82/subscription"\n)\n\nfunc f(id string) error {\n'
    "\t_, err := subscription.Update(id, &stripe.SubscriptionParams{CancelAtPeriodEnd:"
    " stripe.Bool(true)})\n\treturn err\n}\n",
    "java": "import com.stripe.model.Subscription;\n"
    "import com.stripe.param.SubscriptionUpdateParams;\n"
    "class A {\n  void f(String id) throws Exception {\n"
    "    Subscription sub = Subscription.retrieve(id);\n"
    "    sub.update(SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true).build());\n"
    "  }\n}\n",
    "csharp": "using Stripe;\nclass A {\n  void F(string id) {\n"
    "    var service = new SubscriptionService();\n"
    "    service.Update(id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true });\n  }\n}\n",
}
PATCH_CALL = {
    "python": "client.subscriptions.update(",
    "javascript": "client.subscriptions.update(",
    "ruby": "Net::HTTP::Patch.new(",
    "php": "CURLOPT_CUSTOMREQUEST => 'PATCH',",
    "go": "http.NewRequest(http.MethodPatch,",
    "java": '.method("PATCH", HttpRequest.BodyPublishers',
    "csharp": "new HttpRequestMessage(HttpMethod.Patch,",
}
SUFFIX = {"ruby": "rb", "go": "go", "java": "java", "csharp": "cs"}


@pytest.mark.parametrize("language", sorted(CANCEL_ONLY))
def test_a_cancel_only_update_is_dodos_subscription_patch(language: str) -> None:
    """Read from a reviewer's report: `Subscription.modify(id, cancel_at_period_end=True,
    proration_behavior="none")` was a blocked plan change (SU106) with a change-plan
    suggestion; without `proration_behavior` it was not reported at all. On Dodo it is
    `PATCH /subscriptions/{id}` with `cancel_at_next_billing_date`, in every language."""
    suffix = SUFFIX.get(language) or {"python": "py", "javascript": "js", "php": "php"}[language]
    (s,) = scan_source(CANCEL_ONLY[language], f"x.{suffix}", BY_NAME[language])
    t = s.translation
    assert t is not None and t.kind == "subscription_patch"
    assert t.request == ("PATCH", "/subscriptions/{subscription_id}")
    assert t.dodo == {"cancel_at_next_billing_date": True}
    assert contract_errors(concrete(t.dodo), REQUEST_TYPES[t.kind]) == []
    codes = {f.code: f.level.value for f in s.findings}
    assert "blocker" not in codes.values() and "SU106" not in codes and "SU011" not in codes
    assert codes["SU108"] == "info"
    assert PATCH_CALL[language] in s.suggestion
    assert "change-plan" not in s.suggestion and "change_plan" not in s.suggestion
    if language == "python":  # the proration behaviour has no effect: said, not a mode
        assert codes["SU109"] == "info"
        assert "cancel_at_next_billing_date=True," in s.suggestion


def test_a_resume_and_a_run_time_flag_are_the_same_patch() -> None:
    resume, chosen = sites(
        "import stripe\n\ndef f(sub_id, flag):\n"
        "    stripe.Subscription.modify(sub_id, cancel_at_period_end=False)\n"
        "    stripe.Subscription.modify(sub_id, cancel_at_period_end=flag)\n"
    )
    assert resume.translation is not None
    assert resume.translation.dodo == {"cancel_at_next_billing_date": False}
    assert "withdrawn" in next(f.message for f in resume.findings if f.code == "SU108")
    t = chosen.translation
    assert t is not None and t.kind == "subscription_patch" and t.dodo is not None
    flag = t.dodo["cancel_at_next_billing_date"]
    assert (flag.source, flag.type) == ("flag", "bool")
    assert "cancel_at_next_billing_date=flag," in chosen.suggestion
    assert not {"RT001", "RT002"} & {f.code for f in chosen.findings}


def test_a_plan_change_that_also_cancels_is_a_plan_change_and_says_the_patch() -> None:
    s, chosen = sites(
        "import stripe\n\ndef f(sub_id, item, when):\n"
        "    stripe.Subscription.modify(sub_id, items=[{'id': item, 'price': 'price_2',"
        " 'quantity': 1}], proration_behavior='none', cancel_at_period_end=True)\n"
        "    stripe.Subscription.modify(sub_id, items=[{'id': item, 'price': 'price_2',"
        " 'quantity': 1}], proration_behavior='none', cancel_at_period_end=when)\n"
    )
    t = s.translation
    assert t is not None and t.kind == "change_plan" and t.dodo is not None
    assert "cancel_at_next_billing_date" not in t.dodo
    found = {f.code: f for f in s.findings}
    assert found["SU021"].level.value == "warning" and "PATCH" in found["SU021"].message
    assert "SU011" in found and "SU108" not in found
    # a run-time flag is in no Dodo call: said (RT001, naming SU021), not dropped silently
    lost = [f for f in chosen.findings if (f.code, f.path) == ("RT001", "cancel_at_period_end")]
    assert len(lost) == 1 and "SU021" in lost[0].message


def test_stripe_client_invoice_preview_and_item_update() -> None:
    got = sites(
        "client.invoices.create_preview(params={'subscription': sid,"
        " 'subscription_details': {'items': [{'id': i, 'price': 'price_2'}]}})\n"
        "stripe.SubscriptionItem.modify(item_id, quantity=seats)\n"
    )
    kinds = [(s.translation.kind, s.translation.request) for s in got if s.translation]
    assert kinds == [
        ("change_plan_preview", ("POST", "/subscriptions/{subscription_id}/change-plan/preview")),
        ("change_plan", ("POST", "/subscriptions/{subscription_id}/change-plan")),
    ]
    codes = {f.code for f in got[1].findings}
    assert "SU102" in codes and "SU106" not in codes  # a run-time quantity is still a quantity


def test_confirm_is_related_code_not_a_call() -> None:
    s = one("import stripe\nstripe.PaymentIntent.confirm(pi_id, off_session=True)\n")
    assert (s.kind, s.rule) == ("related", "X013")


def test_lifecycle_sites_are_never_rewritten_by_fix() -> None:
    s = one("import stripe\nstripe.SetupIntent.create(customer='cus_1', usage='off_session')\n")
    level, why = safety(s)
    assert level == "never" and "by hand" in why


@pytest.mark.parametrize(
    "folder", ["python", "node", "shell", "ruby", "php", "go", "java", "csharp"]
)
def test_every_call_in_the_samples_fits_the_sdk_unless_blocked(folder: str) -> None:
    calls = [
        s for s in scan_paths([str(ROOT / "samples" / "code" / folder)]) if site_kind(s) == "call"
    ]
    assert calls
    for s in calls:
        t = s.translation
        assert t is not None and t.dodo is not None
        # every run-time value is carried or reported: no bare TODO comment is left
        assert "TODO: set from" not in s.suggestion, s.label()
        if any(f.level.value == "blocker" for f in s.findings):
            continue
        assert contract_errors(concrete(t.dodo), REQUEST_TYPES[t.kind]) == [], s.label()


def test_curl_in_a_script_is_routed_by_its_endpoint(tmp_path: Path) -> None:
    script = tmp_path / "charge.sh"
    script.write_text(
        "curl https://api.stripe.com/v1/subscriptions/sub_1 -u sk_test_x: \\\n"
        "  -d 'items[0][price]'=price_2 -d proration_behavior=always_invoice\n"
        "curl -X POST https://api.stripe.com/v1/payment_intents/pi_1/confirm -u sk_test_x:\n",
        encoding="utf-8",
    )
    got = list(scan_paths([str(script)]))
    assert [(s.kind, s.rule) for s in got] == [("create", None), ("related", "X013")]
    t = got[0].translation
    assert t is not None and t.kind == "change_plan"
    assert (
        'curl -X POST "${DODO_PAYMENTS_BASE_URL:-https://test.dodopayments.com}/subscriptions/'
        in (got[0].suggestion)
    )


@pytest.mark.parametrize(
    ("call", "path"),
    [
        ("stripe.Subscription.modify(sub_id, items=items, proration_behavior='none')", "items"),
        (
            "stripe.Invoice.upcoming(subscription=sub_id, subscription_items=items)",
            "subscription_items",
        ),
        (
            "stripe.Invoice.create_preview(subscription=sub_id, "
            "subscription_details={'items': items})",
            "subscription_details.items",
        ),
    ],
)
def test_a_run_time_list_of_new_items_blocks_the_plan_change(call: str, path: str) -> None:
    """A plan change whose items are a run-time list was translated with the product
    "{product_id}" and a quantity of 1, with only a warning (its SU106 was dropped as being
    about a run-time value): which element is the new plan, and its quantity, are unknown."""
    s = one(f"import stripe\n\ndef change(sub_id, items):\n    return {call}\n")
    assert s.translation is not None and s.translation.dodo is not None
    (blocker,) = [f for f in s.findings if f.level.value == "blocker"]
    assert (blocker.code, blocker.path) == ("RT033", path)
    assert "(items)" in blocker.message
    assert s.translation.dodo["product_id"].missing == "product_id"
    assert s.translation.dodo["quantity"].missing == "quantity"
    assert "product_id=TODO_product_id," in s.suggestion
    assert "quantity=TODO_quantity," in s.suggestion
    assert "TODO: set from" not in s.suggestion
    assert "RT001" not in {f.code for f in s.findings}  # RT033 says what is lost


def test_a_run_time_item_id_hides_no_finding_about_the_item() -> None:
    """`items[0].id` known only at run time is a value Dodo does not need (SU004); it hid the
    item's SU104 (no quantity: 1 was used), so a 5-seat subscriber moved to 1 seat silently."""
    run_time = one(
        "import stripe\n\ndef f(item_id):\n    return stripe.Subscription.modify('sub_1', "
        "items=[{'id': item_id, 'price': 'price_B'}], proration_behavior='none')\n"
    )
    literal = one(
        "import stripe\n\ndef f():\n    return stripe.Subscription.modify('sub_1', "
        "items=[{'id': 'si_1', 'price': 'price_B'}], proration_behavior='none')\n"
    )
    assert ("SU104", "items[0]") in {(f.code, f.path) for f in literal.findings}
    assert ("SU104", "items[0]") in {(f.code, f.path) for f in run_time.findings}


def test_a_run_time_price_hides_no_missing_quantity() -> None:
    """`items: [{id: item.id, price: newPrice}]` with no quantity: SU104 was dropped as being
    about a run-time value (the price), and the plan change sent quantity 1 silently."""
    s = one(
        "import stripe\n\ndef f(sub, new_price):\n    return stripe.Subscription.modify(sub.id, "
        "items=[{'id': sub['items'].data[0].id, 'price': new_price}], proration_behavior='none')\n"
    )
    assert ("SU104", "items[0]") in {(f.code, f.path) for f in s.findings}


@pytest.mark.parametrize(
    ("code", "language", "carried"),
    [
        (
            "import stripe\n\ndef f(sub_id, item_id, price, body, user_id):\n"
            "    return stripe.Subscription.modify(sub_id, items=[{'id': item_id, 'price': price,"
            " 'quantity': 1}], proration_behavior='none', metadata={'service': 'app', **body,"
            " 'user': user_id})\n",
            "python",
            'metadata={ "service": "app", **body, "user": str(user_id), }',
        ),
        (
            "export async function f(subId: string, itemId: string, priceId: string, body: any,"
            " userId: string) {\n  await stripe.subscriptions.update(subId, { items: [{ id: itemId,"
            " price: priceId, quantity: 1 }], proration_behavior: 'none',"
            " metadata: { service: 'app', ...body, userId } });\n}\n",
            "typescript",
            'metadata: { service: "app", ...body, userId: String(userId), }',
        ),
    ],
)
def test_run_time_metadata_of_a_plan_change_is_carried(
    code: str, language: str, carried: str
) -> None:
    """Read from a real application (postiz): Dodo's change-plan takes `metadata` (it goes on
    the plan change's payment, SU015), so an object known only at run time is carried whole;
    it was dropped with RT001. The keys are written as text beside it, in the code's order."""
    s = one(code, language)
    assert "RT001" not in {f.code for f in s.findings}
    t = s.translation
    assert t is not None and t.dodo is not None
    assert carried in " ".join(s.suggestion.split())
    assert contract_errors(concrete(t.dodo), REQUEST_TYPES[t.kind]) == []


def test_a_proration_behaviour_chosen_at_run_time_is_the_same_choice_of_modes() -> None:
    """Read from a real application (codecov): `proration_behavior` is `"always_invoice"` on an
    upgrade and `"none"` otherwise. It was RT001 (a warning) while the suggestion sent one fixed
    mode, billing a downgrade at once where Stripe bills nothing now. A choice between named
    behaviours is the same choice between modes; an unknown behaviour blocks (RT002)."""
    chosen = one(
        "import stripe\n\ndef f(sub_id, item_id, price, upgrading):\n"
        "    proration = 'always_invoice' if upgrading else 'none'\n"
        "    return stripe.Subscription.modify(sub_id, items=[{'id': item_id, 'price': price,"
        " 'quantity': 1}], proration_behavior=proration)\n"
    )
    assert not {"RT001", "RT002"} & {f.code for f in chosen.findings}
    assert (
        'proration_billing_mode="prorated_immediately_keep_cycle" if upgrading else "do_not_bill"'
        in chosen.suggestion
    )
    ts = one(
        "export async function f(subId: string, itemId: string, price: string, up: boolean) {\n"
        "  await stripe.subscriptions.update(subId, { items: [{ id: itemId, price,"
        " quantity: 1 }], proration_behavior: up ? 'always_invoice' : 'none' });\n}\n",
        "typescript",
    )
    # the Node SDK's types lack the keep-cycle mode: the line says so for tsc
    assert "// @ts-expect-error" in ts.suggestion
    opaque = one(
        "import stripe\n\ndef f(sub_id, item_id, price, behaviour):\n"
        "    return stripe.Subscription.modify(sub_id, items=[{'id': item_id, 'price': price,"
        " 'quantity': 1}], proration_behavior=behaviour)\n"
    )
    blockers = {(f.code, f.path) for f in opaque.findings if f.level.value == "blocker"}
    assert ("RT002", "proration_behavior") in blockers


def test_a_run_time_amount_and_description_are_never_a_bare_todo() -> None:
    """Read from a real application (FOSSBilling): with the currency known only at run time
    the amount became a `TODO: set from` comment, no `amount` on the cart line and no finding;
    a run-time description was such a comment too. The amount rides on the line (for the
    pay-what-you-want product of the currency PI111 asks for); the description is RT001."""
    php = sites(
        "<?php\nclass G {\n  function f($invoice) {\n"
        "    return $this->stripe->paymentIntents->create(['amount' => $this->cents($invoice),"
        " 'currency' => strtolower($invoice->getCurrency())]);\n  }\n"
        "  function g($invoice) {\n"
        "    return $this->stripe->paymentIntents->create(['amount' => 1500, 'currency' => 'usd',"
        " 'description' => $invoice->getTitle()]);\n  }\n}\n",
        "php",
    )
    first, second = php
    assert "TODO: set from" not in first.suggestion + second.suggestion
    assert "->{'amount'} = (filter_var($this->cents($invoice), FILTER_VALIDATE_INT," in (
        first.suggestion
    )
    assert "PI111" in {f.code for f in first.findings}
    assert ("RT001", "description") in {(f.code, f.path) for f in second.findings}
    py = one(
        "import stripe\n\ndef f(invoice):\n    return stripe.PaymentIntent.create("
        "amount=invoice.cents, currency=invoice.currency, description=invoice.title)\n"
    )
    assert '"amount": invoice.cents' in py.suggestion
    assert ("RT001", "description") in {(f.code, f.path) for f in py.findings}


def test_a_call_whose_whole_params_are_built_elsewhere_is_blocked() -> None:
    """Read from a real application (bitwarden): an adapter passing its options on
    (`_invoiceService.CreatePreviewAsync(options)`, `_setupIntentService.CreateAsync(options)`)
    was "translated" with no finding, its Dodo call full of placeholders. It is blocked
    (RT034); part of the params spread beside readable ones is RT006. (Params that are the
    function's own parameter make it a wrapper, its callers reported with theirs:
    tests/scan/test_around_wrappers.py.)"""
    whole = one(
        "import stripe\nfrom billing import build_params\n\ndef f(order):\n"
        "    params = build_params(order)\n    return stripe.PaymentIntent.create(**params)\n"
    )
    assert ("RT034", "") in {(f.code, f.path) for f in whole.findings}
    part = one(
        "import stripe\n\ndef f(extra):\n    return stripe.SetupIntent.create(customer='cus_1',"
        " usage='off_session', **extra)\n"
    )
    codes = {f.code for f in part.findings}
    assert "RT006" in codes and "RT034" not in codes


def test_a_quantity_only_update_with_a_run_time_quantity_says_the_product_is_a_stand_in() -> None:
    """Read from a real application (bitwarden's seat updates): SU102 (the product id stands
    for the current product) was hidden when the quantity was known only at run time."""
    s = one(
        "import stripe\n\ndef f(sub, seats):\n"
        "    return stripe.Subscription.modify(sub.id, items=[{'id': 'si_1', 'quantity': seats}])\n"
    )
    assert ("SU102", "items[0]") in {(f.code, f.path) for f in s.findings}


def test_a_proration_behaviour_chosen_at_run_time_keeps_the_timing_warning() -> None:
    """A literal `proration_behavior` shows SU011 (Dodo bills the proration at the change, or
    not at all); a run-time choice between named behaviours hid it, the path being a run-time
    one, though each alternative is read from the code. It shows once per alternative."""
    s = one(
        "import stripe\n\ndef f(sub_id, item_id, price, now):\n"
        "    return stripe.Subscription.modify(sub_id, items=[{'id': item_id, 'price': price,"
        " 'quantity': 1}],\n"
        "        proration_behavior='always_invoice' if now else 'create_prorations')\n"
    )
    su011 = [f for f in s.findings if f.code == "SU011"]
    assert [f.path for f in su011] == ["proration_behavior", "proration_behavior"]
    assert all(f.level.value == "warning" for f in su011)
    messages = " ".join(f.message for f in su011)
    assert "`proration_behavior: always_invoice`" in messages
    assert "`proration_behavior: create_prorations`" in messages
    assert "Dodo bills it now" in messages  # create_prorations' timing difference


SUBSCRIPTION_CREATE = {
    "python": "import stripe\n\ndef f(org):\n    return stripe.Subscription.create("
    "customer='cus_9', items=[{'price': 'price_1Gold', 'quantity': 2}],\n"
    "        default_payment_method='pm_1', trial_period_days=7, metadata={'org': org.id})\n",
    "javascript": "const stripe = require('stripe')(key);\nasync function f(org) {\n"
    "  await stripe.subscriptions.create({ customer: 'cus_9', items: [{ price: 'price_1Gold',"
    " quantity: 2 }], trial_period_days: 7, metadata: { org: org.id } });\n}\n",
    "ruby": "def f(org)\n  Stripe::Subscription.create({customer: 'cus_9', items: [{price:"
    " 'price_1Gold', quantity: 2}], trial_period_days: 7, metadata: {org: org.id}})\nend\n",
    "php": "<?php\nfunction f($stripe, $org) {\n  $stripe->subscriptions->create(['customer' =>"
    " 'cus_9', 'items' => [['price' => 'price_1Gold', 'quantity' => 2]],"
    " 'trial_period_days' => 7, 'metadata' => ['org' => $org->id]]);\n}\n",
    "go": 'package b\n\nimport (\n\t"github.com/stripe/stripe-go/v82"\n'
    '\t"github.com/stripe/stripe-go/v82/subscription"\n)\n\nfunc f(org string) error {\n'
    '\t_, err := subscription.New(&stripe.SubscriptionParams{Customer: stripe.String("cus_9"),'
    ' Items: []*stripe.SubscriptionItemsParams{{Price: stripe.String("price_1Gold"),'
    " Quantity: stripe.Int64(2)}}, TrialPeriodDays: stripe.Int64(7),"
    ' Metadata: map[string]string{"org": org}})\n\treturn err\n}\n',
    "java": "import com.stripe.model.Subscription;\n"
    "import com.stripe.param.SubscriptionCreateParams;\n"
    "class A {\n  void f(String org) throws Exception {\n"
    '    Subscription.create(SubscriptionCreateParams.builder().setCustomer("cus_9")\n'
    '      .addItem(SubscriptionCreateParams.Item.builder().setPrice("price_1Gold")'
    ".setQuantity(2L).build())\n"
    '      .setTrialPeriodDays(7L).putMetadata("org", org).build());\n  }\n}\n',
    "csharp": "using Stripe;\nclass A {\n  void F(string org) {\n"
    "    var service = new SubscriptionService();\n"
    '    service.Create(new SubscriptionCreateOptions { Customer = "cus_9", Items = new'
    ' List<SubscriptionItemOptions> { new SubscriptionItemOptions { Price = "price_1Gold",'
    " Quantity = 2 } }, TrialPeriodDays = 7, Metadata = new Dictionary<string, string>"
    ' { { "org", org } } });\n  }\n}\n',
}


@pytest.mark.parametrize("language", sorted(SUBSCRIPTION_CREATE))
def test_a_subscription_created_on_the_server_is_reported_and_translated(language: str) -> None:
    """Read from real code (fider, FOSSBilling): Checkout in setup mode saves a card, then the
    server creates the subscription on it (`subscription.New`), the call that bills the
    customer; it was not reported unless it passed `proration_behavior` (X005, related code
    with no translation). It is a checkout of the subscription product confirmed with the
    customer's saved Dodo method (SC100), a normal checkout as the fallback: its price,
    quantity, customer, trial and metadata carried."""
    suffix = SUFFIX.get(language) or {"python": "py", "javascript": "js", "php": "php"}[language]
    (s,) = scan_source(SUBSCRIPTION_CREATE[language], f"x.{suffix}", BY_NAME[language])
    t = s.translation
    assert t is not None and t.kind == "saved_method_subscription" and s.kind == "create"
    assert t.request == ("POST", "/checkouts")
    assert t.dodo is not None and t.fallback is not None
    (line,) = t.dodo["product_cart"]
    assert line["product_id"].startswith("s2d_pdt_") and line["quantity"] == 2
    assert t.dodo["customer"]["customer_id"].startswith("s2d_cus_")
    assert t.dodo["subscription_data"] == {"trial_period_days": 7}
    assert t.dodo["metadata"]["org"].source.endswith(("org.id", "org->id", "org"))
    assert t.dodo["confirm"] is True and "payment_method_id" in t.dodo
    assert "payment_method_id" not in t.fallback and "confirm" not in t.fallback
    assert t.fallback["product_cart"] == t.dodo["product_cart"]
    for body in (t.dodo, t.fallback):
        assert contract_errors(concrete(body), REQUEST_TYPES[t.kind]) == []
    assert {f.code: f.level.value for f in s.findings}["SC100"] == "warning"


def test_the_subscription_after_a_setup_checkout_carries_its_run_time_values() -> None:
    """The shape of the reviewer's Go repro (ids known only at run time, the card saved by a
    setup Checkout): the price, customer and metadata are looked up or carried; the Stripe
    payment method stands for the customer's Dodo one, a name defined nowhere (RT030)."""
    src = (
        'package w\n\nimport (\n\t"github.com/stripe/stripe-go/v83"\n'
        '\t"github.com/stripe/stripe-go/v83/subscription"\n)\n\n'
        "func start(customerID, paymentMethodID, priceID, tenantID string) error {\n"
        "\tparams := &stripe.SubscriptionParams{\n"
        "\t\tCustomer:             stripe.String(customerID),\n"
        "\t\tDefaultPaymentMethod: stripe.String(paymentMethodID),\n"
        "\t\tItems: []*stripe.SubscriptionItemsParams{{Price: stripe.String(priceID)}},\n"
        '\t\tMetadata: map[string]string{"tenant_id": tenantID},\n\t}\n'
        "\t_, err := subscription.New(params)\n\treturn err\n}\n"
    )
    (s,) = scan_source(src, "w.go", BY_NAME["go"])
    t = s.translation
    assert t is not None and t.kind == "saved_method_subscription" and t.dodo is not None
    assert not t.requires  # nothing planned: every id is looked up at run time
    assert "dodoids.ProductID(priceID)" in s.suggestion
    assert "dodoids.CustomerID(customerID)" in s.suggestion
    assert '["tenant_id"] = dodoids.Text(tenantID)' in s.suggestion
    assert "TODO_payment_method_id" in s.suggestion
    found = {(f.code, f.path) for f in s.findings}
    assert ("RT030", "default_payment_method") in found and ("SC100", "") in found


def test_subscription_look_alikes_are_not_a_subscription_creation() -> None:
    got = sites(
        "import stripe\nfrom unittest.mock import MagicMock\n\ndef f(sub_id):\n"
        "    stripe.Subscription.retrieve(sub_id)\n"
        "    stripe.Subscription.list(customer='cus_9')\n"
        "    stripe.Subscription.cancel(sub_id)\n"
        "    stripe.Subscription.delete(sub_id)\n"
        "    stripe.SubscriptionSchedule.create(customer='cus_9')\n"
        "    mock_stripe = MagicMock()\n"
        "    mock_stripe.Subscription.create(customer='cus_9', items=[{'price': 'price_1'}])\n"
    )
    # none is a creation; the two cancellations are Dodo's PATCH to cancelled now
    # (tests/scan/test_around_more.py)
    assert [(s.line, s.translation and s.translation.kind) for s in got] == [
        (7, "subscription_patch"),
        (8, "subscription_patch"),
    ]
