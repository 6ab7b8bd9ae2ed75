"""Stripe request options (a connected account, an idempotency key, a per-request key or API
version) are findings on the call, never dropped silently: a connected account blocks it
(X017), an idempotency key is a warning (X018), a key or version is info (X019). A plain
`scan --fix` then leaves such a call alone (it dropped `stripeAccount` without a word, which
would have taken a connected seller's payments into the platform's own balance)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.findings import Level
from migrate.scan.fix import plan_fixes
from migrate.scan.scan import scan_paths

PY = """import stripe

def pay(acct, order_id, key):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_1Example", "quantity": 1}],
        success_url="https://example.com/ok",
        stripe_account=acct,
        idempotency_key=f"order-{order_id}",
        api_key=key,
    )

def plain():
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_1Example", "quantity": 1}],
        success_url="https://example.com/ok",
    )
"""

TS = """import Stripe from "stripe";
const stripe = new Stripe("k");
export async function pay(acct: string, idempotencyKey: string) {
  return stripe.checkout.sessions.create(
    { mode: "payment", line_items: [{ price: "price_1Example", quantity: 1 }],
      success_url: "https://example.com/ok" },
    { stripeAccount: acct, idempotencyKey, apiVersion: "2024-06-20" },
  );
}
"""


def _creations(tmp_path: Path, name: str, text: str) -> list:
    path = tmp_path / name
    path.write_text(text)
    return [s for s in scan_paths([str(path)]) if s.kind == "create"]


def _options(site) -> dict[str, tuple[str, Level]]:
    codes = ("X017", "X018", "X019", "X029")
    return {f.path: (f.code, f.level) for f in site.findings if f.code in codes}


def test_python_request_options_are_findings(tmp_path: Path) -> None:
    pay, plain = _creations(tmp_path, "pay.py", PY)
    assert _options(pay) == {
        "stripe_account": ("X017", Level.BLOCKER),
        "idempotency_key": ("X018", Level.WARNING),
        # a key the function is given is not the platform's own (X019): a tenant's (X029)
        "api_key": ("X029", Level.BLOCKER),
    }
    assert pay.verdict == "blocked"
    assert "(`stripe_account`: acct)" in next(f.message for f in pay.findings if f.code == "X017")
    assert _options(plain) == {}


def test_node_request_options_are_findings_as_written(tmp_path: Path) -> None:
    (site,) = _creations(tmp_path, "pay.ts", TS)
    assert _options(site) == {
        "stripeAccount": ("X017", Level.BLOCKER),
        "idempotencyKey": ("X018", Level.WARNING),  # shorthand property
        "apiVersion": ("X019", Level.INFO),
    }


@pytest.mark.parametrize(("name", "text"), [("pay.py", PY), ("pay.ts", TS)])
def test_fix_leaves_a_connected_account_call_and_unsafe_fixes_writes_why(
    tmp_path: Path, name: str, text: str
) -> None:
    sites = _creations(tmp_path, name, text)
    (safe,) = plan_fixes(sites, roots=[str(tmp_path)])
    assert sites[0] not in safe.fixed
    assert any("pass --unsafe-fixes" in why for site, why in safe.skipped if site is sites[0])
    (unsafe,) = plan_fixes(sites, unsafe=True, roots=[str(tmp_path)])
    assert sites[0] in unsafe.fixed
    assert "stripe2dodo X017 (blocker): The Stripe call is made on a connected account" in (
        unsafe.after
    )


_ITEMS_RB = (
    "line_items: [{price: 'price_1Example', quantity: 1}], success_url: 'https://x.example/ok'"
)
RUBY = (
    "require 'stripe'\n"
    "def pay(acct)\n"
    f"  Stripe::Checkout::Session.create({{mode: 'payment', {_ITEMS_RB}}},\n"
    "    {stripe_account: acct, idempotency_key: 'k1'})\n"
    "end\n"
    "def keywords(acct)\n"
    f"  Stripe::Checkout::Session.create(mode: 'payment', {_ITEMS_RB}, stripe_account: acct)\n"
    "end\n"
)

RUBY_SHORTHAND = (  # Ruby 3.1: `stripe_account:` is `stripe_account: stripe_account`
    "require 'stripe'\n"
    "def hashed(stripe_account)\n"
    f"  Stripe::Checkout::Session.create({{mode: 'payment', {_ITEMS_RB}}}, {{stripe_account:}})\n"
    "end\n"
    "def keywords(stripe_account, idempotency_key)\n"
    f"  Stripe::Checkout::Session.create({{mode: 'payment', {_ITEMS_RB}}},\n"
    "    stripe_account:, idempotency_key:)\n"
    "end\n"
)

PHP = (
    "<?php\n"
    "function pay($stripe, $acct) {\n"
    "  return $stripe->checkout->sessions->create(['mode' => 'payment',\n"
    "    'line_items' => [['price' => 'price_1Example', 'quantity' => 1]],\n"
    "    'success_url' => 'https://x.example/ok'],\n"
    "    ['stripe_account' => $acct, 'idempotency_key' => 'k']);\n"
    "}\n"
)


def test_ruby_and_php_request_options_are_findings(tmp_path: Path) -> None:
    hashed, keywords = _creations(tmp_path, "pay.rb", RUBY)
    assert _options(hashed) == {
        "stripe_account": ("X017", Level.BLOCKER),
        "idempotency_key": ("X018", Level.WARNING),
    }
    assert _options(keywords) == {"stripe_account": ("X017", Level.BLOCKER)}
    hashed, keywords = _creations(tmp_path, "short.rb", RUBY_SHORTHAND)
    assert _options(hashed) == {"stripe_account": ("X017", Level.BLOCKER)}
    assert _options(keywords) == {
        "stripe_account": ("X017", Level.BLOCKER),
        "idempotency_key": ("X018", Level.WARNING),
    }
    (php,) = _creations(tmp_path, "pay.php", PHP)
    assert _options(php) == {
        "stripe_account": ("X017", Level.BLOCKER),
        "idempotency_key": ("X018", Level.WARNING),
    }


JVM_AND_GO = {
    "Pay.cs": """using Stripe;
using Stripe.Checkout;
class B {
  Session Pay(string acct) {
    var options = new SessionCreateOptions {
      Mode = "payment",
      SuccessUrl = "https://x.example/ok",
      LineItems = new List<SessionLineItemOptions> {
        new SessionLineItemOptions { Price = "price_1Example", Quantity = 1 } },
    };
    var service = new SessionService();
    return service.Create(
      options, new RequestOptions { StripeAccount = acct, IdempotencyKey = "k" });
  }
}
""",
    "Pay.java": """import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.checkout.SessionCreateParams;

class A {
  Session pay(String acct) throws Exception {
    SessionCreateParams params = SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://x.example/ok")
        .addLineItem(
            SessionCreateParams.LineItem.builder()
                .setPrice("price_1Example").setQuantity(1L).build())
        .build();
    RequestOptions options = RequestOptions.builder().setStripeAccount(acct).build();
    return Session.create(params, options);
  }
}
""",
    "Pay.kt": """import com.stripe.model.checkout.Session
import com.stripe.net.RequestOptions
import com.stripe.param.checkout.SessionCreateParams

fun pay(acct: String): Session {
    val params = SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://x.example/ok")
        .addLineItem(
            SessionCreateParams.LineItem.builder()
                .setPrice("price_1Example").setQuantity(1L).build())
        .build()
    val opts = RequestOptions.builder().setIdempotencyKey("k").build()
    return Session.create(params, opts)
}
""",
    "pay.go": """package main

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func pay(acct string) (*stripe.CheckoutSession, error) {
	params := &stripe.CheckoutSessionParams{
		Mode:       stripe.String("payment"),
		SuccessURL: stripe.String("https://x.example/ok"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String("price_1Example"), Quantity: stripe.Int64(1)},
		},
	}
	params.SetStripeAccount(acct)
	params.SetIdempotencyKey("k1")
	return session.New(params)
}
""",
}
"""Go sets the options on the params (``params.SetStripeAccount``, the embedded
``stripe.Params``); Java, Kotlin and C# pass a ``RequestOptions`` after the params, inline or
in a variable of the same function."""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("pay.go", {"stripe_account": "X017", "idempotency_key": "X018"}),
        ("Pay.java", {"stripeAccount": "X017"}),
        ("Pay.cs", {"stripeAccount": "X017", "idempotencyKey": "X018"}),
        ("Pay.kt", {"idempotencyKey": "X018"}),
    ],
)
def test_go_jvm_and_csharp_request_options_are_findings(
    tmp_path: Path, name: str, expected: dict[str, str]
) -> None:
    (site,) = _creations(tmp_path, name, JVM_AND_GO[name])
    assert {path: code for path, (code, _) in _options(site).items()} == expected


def test_a_setter_s_argument_is_shown_whole(tmp_path: Path) -> None:
    text = JVM_AND_GO["Pay.java"].replace(
        "setStripeAccount(acct)", "setStripeAccount(accounts.of(seller).id())"
    )
    (site,) = _creations(tmp_path, "Pay.java", text)
    (found,) = [f for f in site.findings if f.code == "X017"]
    assert "(`stripeAccount`: accounts.of(seller).id())" in found.message


def test_an_idempotency_key_on_a_charge_blocks_it(tmp_path: Path) -> None:
    """A charge retried after a timeout without its key may charge twice; a checkout session
    retried is only a second session."""
    (charge,) = _creations(
        tmp_path,
        "charge.py",
        "import stripe\n\ndef charge(cus, pm, order_id):\n"
        "    return stripe.PaymentIntent.create(amount=2500, currency='usd', customer=cus,\n"
        "        payment_method=pm, off_session=True, confirm=True,\n"
        "        idempotency_key=f'charge-{order_id}')\n",
    )
    assert charge.translation is not None and charge.translation.kind == "on_demand_charge"
    (found,) = [f for f in charge.findings if f.code == "X018"]
    assert found.level is Level.BLOCKER
    assert "makes a second charge" in found.message
    pay, _ = _creations(tmp_path, "pay.py", PY)
    (session,) = [f for f in pay.findings if f.code == "X018"]
    assert session.level is Level.WARNING
    assert "a second checkout session" in session.message


# -- options passed as a value: followed like params; what cannot be read is X022 ---------------

PHP_VALUES = """<?php
class Gateway {
    public $connect_auth = [];
    public function init($gw) { $this->connect_auth = ['stripe_account' => $gw->accountId()]; }

    public function pay($invoice) {
        return \\Stripe\\Checkout\\Session::create([
            'mode' => 'payment',
            'line_items' => [['price' => 'price_Inv100', 'quantity' => 1]],
            'success_url' => 'https://example.com/ok',
        ], $this->connect_auth);
    }

    public function merged($invoice) {
        return \\Stripe\\PaymentIntent::create([
            'amount' => 1500, 'currency' => 'usd', 'customer' => $invoice->customerId,
            'payment_method' => $invoice->pmId, 'confirm' => true, 'off_session' => true,
        ], array_merge($this->connect_auth, ['idempotency_key' => $invoice->hash]));
    }

    public function local($acct) {
        $opts = $acct ? ['stripe_account' => $acct] : [];
        return \\Stripe\\Checkout\\Session::create([
            'mode' => 'payment',
            'line_items' => [['price' => 'price_Inv100', 'quantity' => 1]],
            'success_url' => 'https://example.com/ok',
        ], $opts);
    }
}
"""

TS_VALUES = """import Stripe from "stripe";
const stripe = new Stripe("k");

export async function chargeSaved(
  stripeId: string, amount: number, pmId: string, idempotencyKey?: string,
) {
  return stripe.paymentIntents.create(
    { amount, customer: stripeId, payment_method: pmId, currency: "usd", confirm: true },
    idempotencyKey ? { idempotencyKey } : undefined,
  );
}

export async function connected(acct: string | undefined) {
  const opts = acct ? { stripeAccount: acct } : undefined;
  return stripe.checkout.sessions.create(
    { mode: "payment", line_items: [{ price: "price_A", quantity: 1 }],
      success_url: "https://x.example/ok" },
    opts,
  );
}

export async function none() {
  return stripe.checkout.sessions.create(
    { mode: "payment", line_items: [{ price: "price_A", quantity: 1 }],
      success_url: "https://x.example/ok" },
    undefined,
  );
}
"""


def _all_options(site) -> set[tuple[str, str, Level]]:
    return {
        (f.code, f.path, f.level)
        for f in site.findings
        if f.code in ("X017", "X018", "X019", "X022")
    }


def test_php_options_from_a_field_a_merge_or_a_local_are_not_dropped(tmp_path: Path) -> None:
    # invoiceninja's shape: a Connect `stripe_account` kept in a property and passed as the
    # options, alone or merged with an idempotency key: the charge would land in the platform
    pay, merged, local = _creations(tmp_path, "gateway.php", PHP_VALUES)
    assert _all_options(pay) == {("X022", "", Level.BLOCKER)}
    (x022,) = [f for f in pay.findings if f.code == "X022"]
    assert "($this->connect_auth)" in x022.message and "connected account" in x022.message
    assert pay.verdict == "blocked"
    assert _all_options(merged) == {
        ("X022", "", Level.BLOCKER),
        ("X018", "idempotency_key", Level.BLOCKER),  # an off-session charge
    }
    assert _all_options(local) == {("X017", "stripe_account", Level.BLOCKER)}


def test_ts_options_in_a_choice_give_each_branch_s_findings(tmp_path: Path) -> None:
    # dub's shape: `idempotencyKey ? { idempotencyKey } : undefined` on a saved-card charge
    charge, connected, none = _creations(tmp_path, "pay.ts", TS_VALUES)
    assert _all_options(charge) == {("X018", "idempotencyKey", Level.BLOCKER)}
    assert _all_options(connected) == {("X017", "stripeAccount", Level.BLOCKER)}
    assert _all_options(none) == set()


OTHER_VALUES = {
    "pay.py": (
        "import stripe\nclient = stripe.StripeClient('k')\n\n"
        "def a(acct):\n"
        "    opts = {'stripe_account': acct} if acct else None\n"
        "    return client.checkout.sessions.create(params={'mode': 'payment', 'line_items': "
        "[{'price': 'price_A', 'quantity': 1}], 'success_url': 'https://x/ok'}, options=opts)\n\n"
        "def b(request_options):\n"
        "    return client.checkout.sessions.create(params={'mode': 'payment', 'line_items': "
        "[{'price': 'price_A', 'quantity': 1}], 'success_url': 'https://x/ok'}, "
        "options=request_options)\n",
        [{("X017", "stripe_account", Level.BLOCKER)}, {("X022", "", Level.BLOCKER)}],
    ),
    "pay.rb": (
        "def a(key)\n  Stripe::Checkout::Session.create({ mode: 'payment', line_items: "
        "[{ price: 'price_A', quantity: 1 }], success_url: 'https://x/ok' }, "
        "key ? { idempotency_key: key } : {})\nend\n"
        "def b\n  Stripe::Checkout::Session.create({ mode: 'payment', line_items: "
        "[{ price: 'price_A', quantity: 1 }], success_url: 'https://x/ok' }, "
        "base_opts.merge(idempotency_key: 'k'))\nend\n",
        # no trace of Connect in the file, a checkout session: a warning
        [
            {("X018", "idempotency_key", Level.WARNING)},
            {("X022", "", Level.WARNING), ("X018", "idempotency_key", Level.WARNING)},
        ],
    ),
    "pay.go": (
        'package main\n\nimport (\n\t"github.com/stripe/stripe-go/v76"\n'
        '\t"github.com/stripe/stripe-go/v76/checkout/session"\n)\n\n'
        "func a(acct string) (*stripe.CheckoutSession, error) {\n"
        "\tp := stripe.Params{StripeAccount: stripe.String(acct)}\n"
        '\tparams := &stripe.CheckoutSessionParams{Params: p, Mode: stripe.String("payment"),\n'
        '\t\tSuccessURL: stripe.String("https://x.example/ok"),\n'
        "\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{\n"
        '\t\t\t{Price: stripe.String("price_1Example"), Quantity: stripe.Int64(1)}}}\n'
        "\treturn session.New(params)\n}\n\n"
        "func b(o *Opts) (*stripe.CheckoutSession, error) {\n"
        '\tparams := &stripe.CheckoutSessionParams{Mode: stripe.String("payment"),\n'
        '\t\tSuccessURL: stripe.String("https://x.example/ok"),\n'
        "\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{\n"
        '\t\t\t{Price: stripe.String("price_1Example"), Quantity: stripe.Int64(1)}}}\n'
        "\tparams.Params = o.base()\n"
        "\treturn session.New(params)\n}\n",
        [{("X017", "stripe_account", Level.BLOCKER)}, {("X022", "", Level.BLOCKER)}],
    ),
    "Pay.java": (
        JVM_AND_GO["Pay.java"]
        .replace("Session pay(String acct)", "Session pay(RequestOptions given)")
        .replace("return Session.create(params, options);", "return Session.create(params, given);")
        .replace("RequestOptions.builder().setStripeAccount(acct).build()", "null"),
        [{("X022", "", Level.WARNING)}],
    ),
    "Pay.cs": (
        JVM_AND_GO["Pay.cs"]
        .replace("Session Pay(string acct)", "Session Pay(RequestOptions ro, CancellationToken ct)")
        .replace(
            'options, new RequestOptions { StripeAccount = acct, IdempotencyKey = "k" });',
            "options, ro);\n  }\n  Session Later(CancellationToken ct) {\n"
            '    var options = new SessionCreateOptions { Mode = "payment" };\n'
            "    return new SessionService().Create(options, null, ct);",
        ),
        [{("X022", "", Level.WARNING)}, set()],
    ),
}


@pytest.mark.parametrize("name", sorted(OTHER_VALUES))
def test_options_as_a_value_in_every_language(tmp_path: Path, name: str) -> None:
    text, expected = OTHER_VALUES[name]
    sites = _creations(tmp_path, name, text)
    assert [_all_options(s) for s in sites] == expected


def test_a_kotlin_typed_request_options_variable_is_read(tmp_path: Path) -> None:
    # `val requestOptions: RequestOptions = RequestOptions.builder()...`: the type between the
    # name and `=` hid the binding, and the connected account was dropped
    text = JVM_AND_GO["Pay.kt"].replace(
        'val opts = RequestOptions.builder().setIdempotencyKey("k").build()',
        "val opts: RequestOptions =\n"
        '        RequestOptions.builder().setStripeAccount("acct_1Seller").build()',
    )
    (site,) = _creations(tmp_path, "Pay.kt", text)
    assert _all_options(site) == {("X017", "stripeAccount", Level.BLOCKER)}


# -- request options spread into a call's keywords: options, not params ------------------------

_SESSION_KW = (
    "mode='payment', line_items=[{'price': 'price_1Example', 'quantity': 1}],\n"
    "        success_url='https://example.com/ok'"
)

PY_SPREADS = {
    # the shape: a local dict of options spread into the keywords
    "local": (
        "def pay(acct_id, key):\n"
        "    opts = {'stripe_account': acct_id, 'idempotency_key': key}\n"
        f"    return stripe.checkout.Session.create({_SESSION_KW}, **opts)\n",
        {
            ("X017", "stripe_account", Level.BLOCKER),
            ("X018", "idempotency_key", Level.WARNING),
        },
    ),
    "literal account": (
        "def pay():\n"
        "    opts = {'stripe_account': 'acct_1Seller'}\n"
        f"    return stripe.checkout.Session.create({_SESSION_KW}, **opts)\n",
        {("X017", "stripe_account", Level.BLOCKER)},
    ),
    "built over statements": (
        "def pay(acct):\n"
        "    opts = {}\n"
        "    opts['stripe_account'] = acct\n"
        f"    return stripe.checkout.Session.create({_SESSION_KW}, **opts)\n",
        {("X017", "stripe_account", Level.BLOCKER)},
    ),
    "dict call": (
        "def pay(acct):\n"
        f"    return stripe.checkout.Session.create({_SESSION_KW},\n"
        "        **dict(stripe_account=acct))\n",
        {("X017", "stripe_account", Level.BLOCKER)},
    ),
    "params and options in one dict": (
        "def pay(acct):\n"
        "    params = {'mode': 'payment', 'success_url': 'https://example.com/ok',\n"
        "        'line_items': [{'price': 'price_1Example', 'quantity': 1}],\n"
        "        'expand': ['line_items'], 'stripe_account': acct}\n"
        "    return stripe.checkout.Session.create(**params)\n",
        {("X017", "stripe_account", Level.BLOCKER)},
    ),
}


def _py(body: str) -> str:
    return f"import stripe\n\n{body}"


@pytest.mark.parametrize("shape", sorted(PY_SPREADS))
def test_python_options_spread_into_the_keywords_are_options(tmp_path: Path, shape: str) -> None:
    # `**opts` holding `stripe_account`: the SDK takes it out of the keywords as a request
    # option, and the scanner read it as a Checkout param: RT001, a warning, for a call on a
    # connected account (a literal one: C090, "unknown parameter")
    body, expected = PY_SPREADS[shape]
    (site,) = _creations(tmp_path, "pay.py", _py(body))
    assert _all_options(site) == expected
    assert site.verdict == "blocked"
    assert not [
        f
        for f in site.findings
        if f.path in ("stripe_account", "idempotency_key") and f.code not in ("X017", "X018")
    ]
    assert "stripe_account" not in site.params
    assert not [d for d in site.dynamic if d.path == "stripe_account"]
    # the params in the same spread are still params
    assert site.params["mode"] == "payment"
    assert site.params["line_items"] == [{"price": "price_1Example", "quantity": 1}]
    assert site.translation.dodo["product_cart"]


def test_python_expand_in_a_spread_stays_a_param(tmp_path: Path) -> None:
    body, _ = PY_SPREADS["params and options in one dict"]
    (site,) = _creations(tmp_path, "pay.py", _py(body))
    assert site.params["expand"] == ["line_items"]
    assert any(f.code == "C054" and f.path == "expand" for f in site.findings)


def test_python_a_literal_account_in_a_spread_is_shown(tmp_path: Path) -> None:
    body, _ = PY_SPREADS["literal account"]
    (site,) = _creations(tmp_path, "pay.py", _py(body))
    (found,) = [f for f in site.findings if f.code == "X017"]
    assert "(`stripe_account`: 'acct_1Seller')" in found.message


UNREADABLE = {
    # a parameter, a function's **kwargs passed on, a call's result, a spread inside the
    # spread: X022 (what cannot be read, as written), at the level its rule gives (a checkout
    # session without a trace of Connect: a warning)
    "a parameter": ("def pay(opts):\n", "opts", "opts", set()),
    "kwargs passed on": ("def pay(**kwargs):\n", "kwargs", "kwargs", set()),
    "a call's result": (
        "def pay(user):\n",
        "user.request_options()",
        "user.request_options()",
        set(),
    ),
    "a spread in the spread": (
        "def pay(base, key):\n    opts = {**base, 'idempotency_key': key}\n",
        "opts",
        "base",
        {("X018", "idempotency_key", Level.WARNING)},
    ),
}


@pytest.mark.parametrize("shape", sorted(UNREADABLE))
def test_python_a_spread_that_cannot_be_read_may_hold_options(tmp_path: Path, shape: str) -> None:
    head, spread, source, read = UNREADABLE[shape]
    body = f"{head}    return stripe.checkout.Session.create({_SESSION_KW}, **{spread})\n"
    (site,) = _creations(tmp_path, "pay.py", _py(body))
    assert _all_options(site) == {("X022", "", Level.WARNING), *read}
    (x022,) = [f for f in site.findings if f.code == "X022"]
    assert f"({source})" in x022.message
    assert any(f.code == "RT006" for f in site.findings)  # and may hold params, as before


def test_python_an_unreadable_spread_blocks_a_charge_or_a_connect_file(tmp_path: Path) -> None:
    (charge,) = _creations(
        tmp_path,
        "charge.py",
        _py(
            "def charge(cus, pm, opts):\n"
            "    return stripe.PaymentIntent.create(amount=2500, currency='usd', customer=cus,\n"
            "        payment_method=pm, off_session=True, confirm=True, **opts)\n"
        ),
    )
    assert _all_options(charge) == {("X022", "", Level.BLOCKER)}
    (session,) = _creations(
        tmp_path,
        "connect.py",
        _py(
            "SELLER_OPTION = 'stripe_account'\n\n"
            f"def pay(opts):\n    return stripe.checkout.Session.create({_SESSION_KW}, **opts)\n"
        ),
    )
    assert _all_options(session) == {("X022", "", Level.BLOCKER)}


def test_python_a_caller_s_account_through_a_wrapper_s_kwargs_is_x017(tmp_path: Path) -> None:
    # the wrapper passes its **kwargs on: the caller's `stripe_account=` reaches the Stripe
    # call as a request option; its creation site read it as a param (RT001 / C090)
    text = _py(
        f"def open_checkout(**kwargs):\n"
        f"    return stripe.checkout.Session.create({_SESSION_KW}, **kwargs)\n\n"
        "def seller_view(acct):\n"
        "    return open_checkout(stripe_account=acct, customer_email='a@example.com')\n\n"
        "def platform_view():\n"
        "    return open_checkout(stripe_account='acct_1Seller')\n"
    )
    wrapper, seller, platform = _creations(tmp_path, "pay.py", text)
    assert _all_options(wrapper) == {("X022", "", Level.BLOCKER)}
    assert _all_options(seller) == {("X017", "stripe_account", Level.BLOCKER)}
    assert _all_options(platform) == {("X017", "stripe_account", Level.BLOCKER)}
    assert "stripe_account" not in seller.params
    assert seller.params["customer_email"] == "a@example.com"  # a param stays one
    assert not [f for f in seller.findings + platform.findings if f.code in ("RT001", "C090")]


_RB_KW = (
    "mode: 'payment', line_items: [{ price: 'price_A', quantity: 1 }], success_url: 'https://x/ok'"
)
_RB_PARAMS = "{ " + _RB_KW + " }"
_RB_CREATE = "  Stripe::Checkout::Session.create"

RUBY_SPREADS = {
    # the options hash spread after the params: Ruby passes it as the second argument
    "literal hash spread": (
        f"def pay(acct)\n{_RB_CREATE}({_RB_PARAMS}, **{{ stripe_account: acct }})\nend\n",
        {("X017", "stripe_account", Level.BLOCKER)},
    ),
    "a parameter spread": (
        f"def pay(opts)\n  Stripe::Checkout::Session.create({_RB_PARAMS}, **opts)\nend\n",
        {("X022", "", Level.WARNING)},
    ),
    "a method's **opts": (
        f"def pay(**opts)\n  Stripe::Checkout::Session.create({_RB_PARAMS}, **opts)\nend\n",
        {("X022", "", Level.WARNING)},
    ),
    # spread among the keyword params: read as the literal keywords there are
    "spread into the keywords": (
        "def pay(acct)\n  opts = { stripe_account: acct }\n"
        f"  Stripe::Checkout::Session.create({_RB_KW}, **opts)\nend\n",
        {("X017", "stripe_account", Level.BLOCKER)},
    ),
    "params hash spread whole": (
        f"def pay(acct)\n  params = {{ {_RB_KW}, stripe_account: acct }}\n"
        "  Stripe::Checkout::Session.create(**params)\nend\n",
        {("X017", "stripe_account", Level.BLOCKER)},
    ),
}


@pytest.mark.parametrize("shape", sorted(RUBY_SPREADS))
def test_ruby_options_spread_are_options(tmp_path: Path, shape: str) -> None:
    text, expected = RUBY_SPREADS[shape]
    (site,) = _creations(tmp_path, "pay.rb", "require 'stripe'\n" + text)
    assert _all_options(site) == expected
    assert not [f for f in site.findings if f.code in ("RT001", "C090")]
    assert "stripe_account" not in site.params
    assert site.params["line_items"] == [{"price": "price_A", "quantity": 1}]


_PHP_CALL = (
    "    return $stripe->checkout->sessions->create(['mode' => 'payment',\n"
    "        'line_items' => [['price' => 'price_A', 'quantity' => 1]],\n"
    "        'success_url' => 'https://x/ok'], $opts);\n"
)

PHP_BUILT = {
    "a key set after": "    $opts = [];\n    $opts['stripe_account'] = $acct;\n",
    "an array added": (
        "    $opts = ['idempotency_key' => 'k'];\n    $opts += ['stripe_account' => $acct];\n"
    ),
    "merged from arrays": (
        "    $base = ['idempotency_key' => 'k'];\n"
        "    $opts = array_merge($base, ['stripe_account' => $acct]);\n"
    ),
    "spread in an array": (
        "    $base = ['stripe_account' => $acct];\n"
        "    $opts = [...$base, 'idempotency_key' => 'k'];\n"
    ),
}


@pytest.mark.parametrize("shape", sorted(PHP_BUILT))
def test_php_options_built_over_statements_are_read(tmp_path: Path, shape: str) -> None:
    # `$opts['stripe_account'] = $acct` after `$opts = []`, or `$opts += [...]`: the connected
    # account was dropped without a word (the options follower saw only `$opts = []`)
    text = f"<?php\nfunction pay($stripe, $acct) {{\n{PHP_BUILT[shape]}{_PHP_CALL}}}\n"
    (site,) = _creations(tmp_path, "pay.php", text)
    assert ("X017", "stripe_account", Level.BLOCKER) in _all_options(site)
    assert site.verdict == "blocked"


CHANGED_AFTER = {
    # the options passed as a value, changed after their binding: the connected account was
    # dropped without a word (the options follower saw only the binding)
    "pay.rb": (
        "def pay(acct)\n  opts = { idempotency_key: 'k' }\n  opts.merge!(stripe_account: acct)\n"
        f"{_RB_CREATE}({_RB_PARAMS}, opts)\nend\n"
        "def keyed(acct)\n  opts = {}\n  opts[:stripe_account] = acct\n"
        f"{_RB_CREATE}({_RB_PARAMS}, opts)\nend\n"
    ),
    "pay.py": _py(
        "client = stripe.StripeClient('k')\n\n"
        "def pay(acct):\n    opts = {'idempotency_key': 'k'}\n"
        "    opts.update(stripe_account=acct)\n"
        "    return client.checkout.sessions.create(params={'mode': 'payment', 'line_items': "
        "[{'price': 'price_A', 'quantity': 1}], 'success_url': 'https://x/ok'}, options=opts)\n"
    ),
}


@pytest.mark.parametrize("name", sorted(CHANGED_AFTER))
def test_options_changed_after_their_binding_are_read(tmp_path: Path, name: str) -> None:
    for site in _creations(tmp_path, name, CHANGED_AFTER[name]):
        assert ("X017", "stripe_account", Level.BLOCKER) in _all_options(site)


_TS_PARAMS = (
    "{ mode: 'payment', line_items: [{ price: 'price_A', quantity: 1 }], "
    "success_url: 'https://x/ok' }"
)

TS_SPREADS = {
    "a local spread": (
        "export async function pay(acct: string) {\n  const opts = { stripeAccount: acct };\n"
        f"  return stripe.checkout.sessions.create({_TS_PARAMS},\n"
        "    { ...opts, idempotencyKey: 'k' });\n}\n",
        {("X017", "stripeAccount", Level.BLOCKER), ("X018", "idempotencyKey", Level.WARNING)},
    ),
    "a key set after": (
        "export async function pay(acct: string) {\n  const opts: Stripe.RequestOptions = {};\n"
        "  opts.stripeAccount = acct;\n"
        f"  return stripe.checkout.sessions.create({_TS_PARAMS}, {{ ...opts }});\n}}\n",
        {("X017", "stripeAccount", Level.BLOCKER)},
    ),
    "a parameter spread": (
        "export async function pay(opts: Stripe.RequestOptions) {\n"
        f"  return stripe.checkout.sessions.create({_TS_PARAMS}, {{ ...opts }});\n}}\n",
        {("X022", "", Level.WARNING)},
    ),
}


@pytest.mark.parametrize("shape", sorted(TS_SPREADS))
def test_ts_options_spread_into_the_options_object(tmp_path: Path, shape: str) -> None:
    # already read so (the options object's spreads are followed): kept so
    text, expected = TS_SPREADS[shape]
    head = 'import Stripe from "stripe";\nconst stripe = new Stripe("k");\n'
    (site,) = _creations(tmp_path, "pay.ts", head + text)
    assert _all_options(site) == expected


# -- no API key written in the code reaches any output ------------------------------------------

_KEYS = ("key_Confidential42", "sk_live_51Confidential0042")
"""One key of no Stripe shape (no output filter knows it), one of Stripe's shape."""

KEYED = _py(
    "def spread(acct):\n"
    "    opts = {\n"
    f"        'api_key': '{_KEYS[0]}',\n"
    "        'stripe_account': acct,\n"
    "    }\n"
    f"    return stripe.checkout.Session.create({_SESSION_KW},\n"
    "        **opts)\n\n"
    "def keyword():\n"
    f"    return stripe.checkout.Session.create({_SESSION_KW},\n"
    f"        api_key='{_KEYS[0]}')\n\n"
    "def spread_stripe_key():\n"
    f"    return stripe.checkout.Session.create({_SESSION_KW},\n"
    f"        **{{'api_key': '{_KEYS[1]}'}})\n"
)


@pytest.mark.parametrize(
    "args",
    [
        ("scan", "--format", "text", "-v"),
        ("scan", "--format", "json"),
        ("scan", "--format", "sarif"),
        ("scan", "--format", "github"),
        ("report", "--format", "text", "--details"),
        ("report", "--format", "json"),
        ("report", "--format", "html"),
        ("report", "--format", "sarif"),
        ("report", "--format", "markdown", "--details"),
    ],
    ids=lambda a: " ".join(a[:3]),
)
def test_an_api_key_in_a_spread_reaches_no_output(tmp_path: Path, args: tuple[str, ...]) -> None:
    # a spread's `api_key` was read as a Checkout param: its value was in the JSON's params
    src = tmp_path / "src"
    src.mkdir()
    (src / "pay.py").write_text(KEYED)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.main, [*args, str(src), "-o", str(out)])
    written = out.read_text() + result.output
    for key in _KEYS:
        assert key[8:] not in written  # no part of a key's value, in any format
    assert "api_key" in written  # the option itself is reported (X019)
    assert result.exit_code == 1, result.output  # the connected account blocks


def test_an_api_key_written_in_the_code_is_never_in_a_finding(tmp_path: Path) -> None:
    sites = _creations(tmp_path, "pay.py", KEYED)
    assert len(sites) == 3
    for site in sites:
        (x019,) = [f for f in site.findings if f.code == "X019"]
        assert "a key written in the code, not shown" in x019.message
        assert "api_key" not in site.params
        texts = repr((site.findings, site.params, site.dynamic, site.suggestion))
        assert not [key for key in _KEYS if key[8:] in texts]
