# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A customer created from an email, stored in a record, and read from it gives X035.

Read in a widely forked Next.js course platform: ``let stripeCustomer = await
db.stripeCustomer.findUnique(...)``; when there is none, ``const customer = await
stripe.customers.create({ email: user.emailAddresses[0].emailAddress })`` and
``db.stripeCustomer.create({ data: { stripeCustomerId: customer.id } })``; then ``customer:
stripeCustomer.stripeCustomerId``. The Dodo call looked the id up in the id map (X020): every
buyer new after the move hit a missing entry. The record's field is filled from the customer
made from the email in scope: the Dodo call passes that email, as for a customer made just
before the checkout (X035, ``migrate/scan/customer_emails.py``).
"""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

TS = """import Stripe from "stripe";
import { db } from "@/lib/db";
import { currentUser } from "@clerk/nextjs";
const stripe = new Stripe(process.env.STRIPE_API_KEY!);

export async function POST(req: Request, { params }: { params: { courseId: string } }) {
  const user = await currentUser();
  const course = await db.course.findUnique({ where: { id: params.courseId } });
  let stripeCustomer = await db.stripeCustomer.findUnique({
    where: { userId: user.id },
    select: { stripeCustomerId: true },
  });
  if (!stripeCustomer) {
    const customer = await stripe.customers.create({
      email: user.emailAddresses[0].emailAddress,
    });
    stripeCustomer = await db.stripeCustomer.create({
      data: { userId: user.id, stripeCustomerId: customer.id },
    });
  }
  const session = await stripe.checkout.sessions.create({
    customer: stripeCustomer.stripeCustomerId,
    line_items: [{ price: course.stripePriceId, quantity: 1 }],
    mode: "payment",
    success_url: `${process.env.NEXT_PUBLIC_APP_URL}/courses/${course.id}?success=1`,
    metadata: { courseId: course.id, userId: user.id },
  });
  return Response.json({ url: session.url });
}
"""

PY = """import stripe

from billing.models import StripeCustomer


def checkout(request, price_id):
    record = StripeCustomer.objects.filter(user=request.user).first()
    if record is None:
        made = stripe.Customer.create(email=request.user.email)
        record = StripeCustomer.objects.create(user=request.user, stripe_customer_id=made.id)
    return stripe.checkout.Session.create(
        customer=record.stripe_customer_id,
        mode="payment",
        line_items=[{"price": price_id, "quantity": 1}],
        success_url="https://app.test/ok",
    )
"""


def _site(source: str, path: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(source, path, BY_NAME[language]) if s.kind == "create"]
    return site


def _codes(site: CallSite) -> list[str]:
    return [f.code for f in site.findings]


def test_a_stored_customer_made_from_an_email_passes_the_email() -> None:
    site = _site(TS, "route.ts", "typescript")
    assert "email: user.emailAddresses[0].emailAddress," in (site.suggestion or "")
    assert "X035" in _codes(site) and "X020" not in _codes(site)
    assert "dodoCustomerId" not in (site.suggestion or "")


def test_the_same_in_python() -> None:
    site = _site(PY, "billing/views.py", "python")
    assert '"email": request.user.email,' in (site.suggestion or "")
    assert "X035" in _codes(site)


def test_an_email_the_call_cannot_see_stays_x020() -> None:
    hidden = TS.replace(
        "    const customer = await stripe.customers.create({\n      email: user.emailAddresses[0].emailAddress,\n    });",
        "    const address = user.emailAddresses[0].emailAddress;\n    const customer = await stripe.customers.create({\n      email: address,\n    });",
    )
    assert "const address" in hidden
    site = _site(hidden, "route.ts", "typescript")
    assert "X020" in _codes(site) and "X035" not in _codes(site)


FOUND_OR_MADE = """import Stripe from "stripe";
export default async function Checkout() {
  const userSession = (await getServerSession())!;
  const existing = await getUserSubscriptionInfo(userSession.user.email!);
  const s = new Stripe(process.env.STRIPE_SECRET_KEY!);
  const customerId =
    existing?.stripeCustomerId ||
    (
      await s.customers.create({
        email: userSession.user.email!,
      })
    ).id;
  const session = await s.checkout.sessions.create({
    customer: customerId,
    line_items: [{ price: process.env.PRO_PRICE!, quantity: 1 }],
    mode: "subscription",
    success_url: "https://app.test/ok",
  });
  return session.url;
}
"""


def test_a_customer_found_or_else_made_in_one_expression_over_lines_passes_the_email() -> None:
    # read in an observability SaaS's checkout page (lmnr)
    site = _site(FOUND_OR_MADE, "page.tsx", "typescript")
    assert "email: userSession.user.email!," in (site.suggestion or "")
    assert "X035" in _codes(site)


GET_OR_CREATE = {
    "ts": """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function buy(team: { email: string; stripeId?: string }, price: string) {
  let cid = team.stripeId;
  if (!cid) {
    const made = await stripe.customers.create({ email: team.email });
    cid = made.id;
  }
  return stripe.checkout.sessions.create({ mode: "subscription", customer: cid,
    success_url: "https://example.com/ok", line_items: [{ price, quantity: 1 }] });
}
""",
    "py": """import stripe

def buy(team, price):
    cid = team.stripe_id
    if not cid:
        made = stripe.Customer.create(email=team.email)
        cid = made.id
    return stripe.checkout.Session.create(mode="subscription", customer=cid,
        success_url="https://example.com/ok", line_items=[{"price": price, "quantity": 1}])
""",
    "rb": """def buy(team, price)
  cid = team.stripe_id
  unless cid
    made = Stripe::Customer.create(email: team.email)
    cid = made.id
  end
  Stripe::Checkout::Session.create(mode: "subscription", customer: cid,
    success_url: "https://example.com/ok", line_items: [{ price: price, quantity: 1 }])
end
""",
    "php": """<?php
function buy($team, $price) {
    $cid = $team->stripe_id;
    if (!$cid) {
        $made = \\Stripe\\Customer::create(['email' => $team->email]);
        $cid = $made->id;
    }
    return \\Stripe\\Checkout\\Session::create(['mode' => 'subscription', 'customer' => $cid,
        'success_url' => 'https://example.com/ok', 'line_items' => [['price' => $price]]]);
}
""",
}
_LANGUAGES = {"ts": "typescript", "py": "python", "rb": "ruby", "php": "php"}


def test_an_inline_get_or_create_customer_passes_the_email() -> None:
    """Three of thirteen TypeScript apps of a survey (karakeep, rybbit, communique): the id
    made just now was looked up in the id map (X020), which throws for every new customer."""
    for suffix, source in GET_OR_CREATE.items():
        site = _site(source, f"x.{suffix}", _LANGUAGES[suffix])
        assert "X035" in _codes(site) and "X020" not in _codes(site), suffix
        email = "$team->email" if suffix == "php" else "team.email"
        assert site.params["customer_email"] == {"$dynamic": email}, suffix
        assert "customer" not in site.params, suffix


BUILT_ARGS = {
    "php": """<?php
function open_checkout($stripe, $user, $priceId) {
    $customerArgs = array('name' => $user['first'], 'email' => $user['email']);
    $cu = $stripe->customers->create($customerArgs);
    return $stripe->checkout->sessions->create(array('customer' => $cu->id,
        'mode' => 'subscription', 'line_items' => array(array('price' => $priceId)),
        'success_url' => 'https://news.example/ok'));
}
""",
    "ts": """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function open(user: { email: string; name: string }, priceId: string) {
  const customerArgs = { name: user.name, email: user.email };
  const cu = await stripe.customers.create(customerArgs);
  return stripe.checkout.sessions.create({ customer: cu.id, mode: "subscription",
    line_items: [{ price: priceId }], success_url: "https://news.example/ok" });
}
""",
}


def test_a_customer_made_from_params_built_first_passes_their_email() -> None:
    """leaky-paywall: the customer's params are built in a local array, then created: the
    email was not seen (X020), and the suggested lookup raised at every registration."""
    for suffix, source in BUILT_ARGS.items():
        site = _site(source, f"x.{suffix}", _LANGUAGES[suffix])
        assert "X035" in _codes(site) and "X020" not in _codes(site), suffix
        email = "$user['email']" if suffix == "php" else "user.email"
        assert site.params["customer_email"] == {"$dynamic": email}, suffix


WRAPPER_CALLERS = {
    "cs": """using Stripe;
using Stripe.Checkout;

public class BillingHelper
{
    public Task<Customer> NewCustomer(string email)
    {
        return new CustomerService().CreateAsync(new CustomerCreateOptions { Email = email });
    }

    public async Task<Session> NewSession(string customerId, string priceId)
    {
        var options = new SessionCreateOptions { Mode = "subscription", Customer = customerId,
            SuccessUrl = "https://example.com/ok",
            LineItems = new List<SessionLineItemOptions> { new SessionLineItemOptions { Price = priceId } } };
        return await new SessionService().CreateAsync(options);
    }
}

public class CheckoutController
{
    private readonly BillingHelper _helper;
    public CheckoutController(BillingHelper helper) { _helper = helper; }

    public async Task<string> Subscribe(string email, string priceId)
    {
        var customer = await _helper.NewCustomer(email);
        var session = await _helper.NewSession(customer.Id, priceId);
        return session.Url;
    }
}
""",
    "ts": """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

async function openCheckout(customer: string, price: string) {
  return stripe.checkout.sessions.create({ mode: "subscription", customer,
    line_items: [{ price }], success_url: "https://example.com/ok" });
}

export async function signUp(email: string, price: string) {
  const made = await stripe.customers.create({ email });
  return openCheckout(made.id, price);
}
""",
}
_LANGUAGES["cs"] = "csharp"


def test_a_customer_a_wrapper_s_caller_makes_from_an_email_passes_it() -> None:
    """A new signup's customer is created, then handed to the wrapper that makes the session:
    the caller's call looked the new id up in the id map, which raises for every new signup."""
    for suffix, source in WRAPPER_CALLERS.items():
        sites = scan_source(source, f"x.{suffix}", BY_NAME[_LANGUAGES[suffix]])
        (caller,) = [s for s in sites if s.kind == "create" and s.via]
        assert "X035" in _codes(caller) and "X020" not in _codes(caller), suffix
        assert caller.params["customer_email"] == {"$dynamic": "email"}, suffix
        assert "customer" not in caller.params, suffix


def test_the_params_local_is_read_as_it_is_at_the_creation() -> None:
    """The local is given another value (with someone else's email) after the customer is
    made: that email is not the customer's (review)."""
    source = """<?php
function open_team($stripe, $team, $admin, $priceId) {
    $params = ['name' => $team['name'], 'metadata' => ['team_id' => $team['id']]];
    $cu = $stripe->customers->create($params);
    $params = ['subject' => 'New team billing', 'email' => $admin['email']];
    notify_admin($params);
    return $stripe->checkout->sessions->create(['mode' => 'subscription',
        'customer' => $cu->id, 'line_items' => [['price' => $priceId]],
        'success_url' => 'https://example.com/ok']);
}
"""
    site = _site(source, "x.php", "php")
    assert "X020" in _codes(site) and "X035" not in _codes(site)
    assert "customer_email" not in site.params


HELPER_READS_EMAIL = {
    "rb": """class CheckoutPledgesController < ApplicationController
  def create
    @customer = find_or_create_stripe_customer
    session = Stripe::Checkout::Session.create(customer: @customer.id, mode: "payment",
      line_items: [{ price: params[:price_id], quantity: 1 }], success_url: pledges_url)
    redirect_to session.url, allow_other_host: true
  end

  private

  def find_or_create_stripe_customer
    return Stripe::Customer.retrieve(current_user.stripe_id) if current_user.stripe_id
    customer = Stripe::Customer.create(email: current_user.email)
    current_user.update(stripe_id: customer.id)
    customer
  end
end
""",
    "php": """<?php
class StripeService {
    private $stripe;
    public function getOrCreateCustomer(User $user) {
        if ($user->stripe_id) { return $user->stripe_id; }
        $customer = $this->stripe->customers->create(['email' => $user->email]);
        return $customer->id;
    }
    public function checkout($member, $priceId) {
        $customerId = $this->getOrCreateCustomer($member);
        return $this->stripe->checkout->sessions->create(['customer' => $customerId,
            'mode' => 'subscription', 'line_items' => [['price' => $priceId]],
            'success_url' => 'https://x/ok']);
    }
}
""",
}


def test_a_get_or_create_helper_given_no_email_passes_the_one_it_reads() -> None:
    """paul (Rails), EterCloud (Laravel): the helper reads the email from the user itself; the
    email, in the call's terms, is the Dodo customer (was X020 and a lookup that raises for
    every new customer)."""
    expected = {"rb": "current_user.email", "php": "$member->email"}
    for suffix, source in HELPER_READS_EMAIL.items():
        site = _site(source, f"x.{suffix}", _LANGUAGES[suffix])
        assert "X035" in _codes(site) and "X020" not in _codes(site), suffix
        assert site.params["customer_email"] == {"$dynamic": expected[suffix]}, suffix


def test_a_helper_s_email_held_in_its_own_local_stays_x020() -> None:
    """The email is a local of the helper (`$addr = strtolower($user->email)`): no name the
    call can write."""
    made = "$customer = $this->stripe->customers->create(['email' => $user->email]);"
    source = HELPER_READS_EMAIL["php"].replace(
        made,
        "$addr = strtolower($user->email);\n"
        "        $customer = $this->stripe->customers->create(['email' => $addr]);",
    )
    site = _site(source, "x.php", "php")
    assert "X020" in _codes(site) and "X035" not in _codes(site)


def test_a_helper_whose_signature_is_not_read_maps_no_email() -> None:
    """`def ensure(user, opts=dict())`: the parameters are not read, so `user.email` cannot be
    written in the call's terms (the call passes `account`, not `user`): X020 stays."""
    source = """import stripe

def ensure(user, opts=dict()):
    if user.customer_id:
        return user.customer_id
    return stripe.Customer.create(email=user.email).id

def buy(account, user):
    return stripe.checkout.Session.create(mode="payment", customer=ensure(account),
        line_items=[{"price": "price_1", "quantity": 1}], success_url="https://x/ok")
"""
    site = _site(source, "x.py", "python")
    assert "X020" in _codes(site) and "X035" not in _codes(site)
