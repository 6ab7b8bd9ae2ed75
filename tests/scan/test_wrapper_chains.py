"""Wrappers of wrappers: a project function whose body calls a wrapper with its own parameters
is a wrapper too (a gateway class over a module of the project's own Stripe helpers); its
callers are creation sites via it, with their arguments carried through every level. The
chain is followed a bounded depth (``migrate/scan/wrappers.py``: ``DEPTH``), and a function
that is a wrapper already never becomes one again through a call (recursion ends)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from migrate.display import shown_path
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree


def _rel(site: CallSite, top: Path) -> tuple[str, int]:
    return Path(site.file).relative_to(top).as_posix(), site.line


def _line(code: str, needle: str) -> int:
    return next(n for n, line in enumerate(code.splitlines(), 1) if needle in line)


# -- one chain in each language ----------------------------------------------------------------

PY_SDK = """\
import stripe


def create_session(price, customer, quantity=1, success_url="https://shop.example/ok"):
    return stripe.checkout.Session.create(
        mode="subscription",
        customer=customer,
        success_url=success_url,
        line_items=[{"price": price, "quantity": quantity}],
    )
"""
PY_GATEWAY = """\
from payments import sdk


class StripeGateway:
    def create_checkout(self, price_id, customer, seats=1):
        session = sdk.create_session(price=price_id, customer=customer, quantity=seats)
        return session.url
"""
PY_VIEWS = """\
from payments.gateway import StripeGateway

gateway = StripeGateway()


def upgrade():
    return gateway.create_checkout("price_1ProMonthly", current_user().stripe_customer_id)


def team():
    return gateway.create_checkout("price_1Team", current_user().stripe_customer_id, seats=5)
"""
TS_STRIPE = """\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function createSession(price: string, email: string) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: [{ price: price, quantity: 1 }],
    success_url: "https://shop.example/ok",
  });
}
"""
TS_GATEWAY = """\
import { createSession } from "./stripe";

export class CheckoutGateway {
  async open(priceId: string, email: string): Promise<string> {
    const session = await createSession(priceId, email);
    return session.url!;
  }
}
"""
TS_ROUTE = """\
import { CheckoutGateway } from "../lib/gateway";

const gateway = new CheckoutGateway();

export async function pro() {
  return gateway.open("price_1TsPro", currentUser().email);
}
"""
RB_SDK = """\
module StripeCheckout
  def self.create_session(price:, email:)
    Stripe::Checkout::Session.create(
      mode: "payment",
      customer_email: email,
      line_items: [{ price: price, quantity: 1 }],
      success_url: "https://app.example.com/done",
    )
  end
end
"""
RB_GATEWAY = """\
class BillingGateway
  def open(price_id, email)
    StripeCheckout.create_session(price: price_id, email: email)
  end
end
"""
RB_CONTROLLER = """\
class PlansController < ApplicationController
  def create
    gateway = BillingGateway.new
    gateway.open("price_1RubyPro", current_user.email)
  end
end
"""
PHP_SDK = """\
<?php
namespace Acme\\Payments;

class Sessions
{
    public static function start($price, $email)
    {
        return \\Stripe\\Checkout\\Session::create([
            'mode' => 'payment',
            'customer_email' => $email,
            'success_url' => 'https://shop.example/ok',
            'line_items' => [['price' => $price, 'quantity' => 1]],
        ]);
    }
}
"""
PHP_GATEWAY = """\
<?php
namespace Acme;

use Acme\\Payments\\Sessions;

class Gateway
{
    public function open($priceId, $email)
    {
        return Sessions::start($priceId, $email);
    }
}
"""
PHP_CONTROLLER = """\
<?php
namespace Acme;

class Controller
{
    public function pro()
    {
        $gateway = new Gateway();
        return $gateway->open('price_1PhpPro', wp_get_current_user()->user_email);
    }
}
"""
GO_SDK = """\
package stripex

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func CreateSession(priceID string, email string) (*stripe.CheckoutSession, error) {
	return session.New(&stripe.CheckoutSessionParams{
		Mode:          stripe.String("payment"),
		CustomerEmail: stripe.String(email),
		SuccessURL:    stripe.String("https://shop.example/ok"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
		},
	})
}
"""
GO_GATEWAY = """\
package billing

import "github.com/acme/app/internal/stripex"

type Gateway struct{}

func (g *Gateway) Open(priceID string, email string) (string, error) {
	s, err := stripex.CreateSession(priceID, email)
	if err != nil {
		return "", err
	}
	return s.URL, nil
}
"""
GO_MAIN = """\
package main

import "github.com/acme/app/internal/billing"

func pro(gw *billing.Gateway) {
	gw.Open("price_1GoPro", currentUser().Email)
}
"""
JAVA_SDK = """\
package com.acme.payments;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class StripeSessions {
  public static Session start(String priceId, String email) throws Exception {
    return Session.create(SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
        .setCustomerEmail(email)
        .setSuccessUrl("https://example.com/ok")
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
        .build());
  }
}
"""
JAVA_GATEWAY = """\
package com.acme.billing;

import com.acme.payments.StripeSessions;

public class Gateway {
  public String open(String priceId, String email) throws Exception {
    return StripeSessions.start(priceId, email).getUrl();
  }
}
"""
JAVA_CONTROLLER = """\
package com.acme.web;

import com.acme.billing.Gateway;

public class PlanController {
  private final Gateway gateway = new Gateway();
  public String pro() throws Exception { return gateway.open("price_1JavaPro", currentEmail()); }
}
"""
CS_SDK = """\
using Stripe.Checkout;
namespace Acme.Payments;
public static class StripeSessions
{
    public static Session Start(string priceId, string email)
    {
        var options = new SessionCreateOptions { Mode = "payment", CustomerEmail = email,
            SuccessUrl = "https://example.com/ok",
            LineItems = new List<SessionLineItemOptions> {
                new SessionLineItemOptions { Price = priceId, Quantity = 1 },
            } };
        return new SessionService().Create(options);
    }
}
"""
CS_GATEWAY = """\
using Acme.Payments;
namespace Acme.Billing;
public class Gateway
{
    public string Open(string priceId, string email) => StripeSessions.Start(priceId, email).Url;
}
"""
CS_PLANS = """\
using Acme.Billing;
namespace Acme.Web;
public class Plans
{
    private readonly Gateway _gateway = new();
    public string Pro() => _gateway.Open("price_1CsPro", CurrentEmail());
}
"""

_CHAINS: dict[str, tuple[dict[str, str], tuple[str, str, str], str, str, str, str]] = {
    # files; (inner wrapper's file, its Stripe call, the gateway's call of it); the gateway's
    # label and signature; the caller's file, price and email (or customer) expression
    "python": (
        {
            "payments/__init__.py": "",
            "payments/sdk.py": PY_SDK,
            "payments/gateway.py": PY_GATEWAY,
            "web/views.py": PY_VIEWS,
        },
        ("payments/sdk.py", "stripe.checkout.Session.create(", "sdk.create_session("),
        "StripeGateway.create_checkout",
        "StripeGateway.create_checkout(price_id, customer, seats)",
        "web/views.py",
        "current_user().stripe_customer_id",
    ),
    "node": (
        {"lib/stripe.ts": TS_STRIPE, "lib/gateway.ts": TS_GATEWAY, "app/route.ts": TS_ROUTE},
        ("lib/stripe.ts", "stripe.checkout.sessions.create(", "await createSession("),
        "CheckoutGateway.open",
        "CheckoutGateway.open(priceId, email)",
        "app/route.ts",
        "currentUser().email",
    ),
    "ruby": (
        {
            "app/services/stripe_checkout.rb": RB_SDK,
            "app/services/billing_gateway.rb": RB_GATEWAY,
            "app/controllers/plans_controller.rb": RB_CONTROLLER,
        },
        (
            "app/services/stripe_checkout.rb",
            "Stripe::Checkout::Session.create(",
            "StripeCheckout.create_session(",
        ),
        "BillingGateway.open",
        "BillingGateway.open(price_id, email)",
        "app/controllers/plans_controller.rb",
        "current_user.email",
    ),
    "php": (
        {
            "src/Payments/Sessions.php": PHP_SDK,
            "src/Gateway.php": PHP_GATEWAY,
            "src/Controller.php": PHP_CONTROLLER,
        },
        ("src/Payments/Sessions.php", "Session::create(", "Sessions::start("),
        "Gateway.open",
        "Gateway.open($priceId, $email)",
        "src/Controller.php",
        "wp_get_current_user()->user_email",
    ),
    "go": (
        {
            "internal/stripex/session.go": GO_SDK,
            "internal/billing/gateway.go": GO_GATEWAY,
            "cmd/api/main.go": GO_MAIN,
        },
        ("internal/stripex/session.go", "session.New(", "stripex.CreateSession("),
        "Gateway.Open",
        "Gateway.Open(priceID, email)",
        "cmd/api/main.go",
        "currentUser().Email",
    ),
    "java": (
        {
            "src/com/acme/payments/StripeSessions.java": JAVA_SDK,
            "src/com/acme/billing/Gateway.java": JAVA_GATEWAY,
            "src/com/acme/web/PlanController.java": JAVA_CONTROLLER,
        },
        ("src/com/acme/payments/StripeSessions.java", "Session.create(", "StripeSessions.start("),
        "Gateway.open",
        "Gateway.open(priceId, email)",
        "src/com/acme/web/PlanController.java",
        "currentEmail()",
    ),
    "csharp": (
        {
            "Payments/StripeSessions.cs": CS_SDK,
            "Billing/Gateway.cs": CS_GATEWAY,
            "Web/Plans.cs": CS_PLANS,
        },
        ("Payments/StripeSessions.cs", ".Create(options)", "StripeSessions.Start("),
        "Gateway.Open",
        "Gateway.Open(priceId, email)",
        "Web/Plans.cs",
        "CurrentEmail()",
    ),
}


@pytest.mark.parametrize("family", sorted(_CHAINS))
def test_a_wrapper_calling_another_wrapper_with_its_parameters_is_one(
    tmp_path: Path, family: str
) -> None:
    # the gateway's callers were not reported: only a function calling Stripe itself was a
    # wrapper, not one calling the project's own wrapper of Stripe with its parameters
    files, (inner_file, stripe_call, inner_call), label, signature, caller, who = _CHAINS[family]
    top = _tree(tmp_path, files)
    gateway_file = next(
        name for name, code in files.items() if inner_call in code and name != inner_file
    )
    at = _line(files[gateway_file], inner_call)
    sites = {_rel(s, top): s for s in _creates(top)}
    inner = sites[(inner_file, _line(files[inner_file], stripe_call))]
    gateway = sites[(gateway_file, at)]
    assert inner.via is None and inner.wrapper is not None
    # the gateway's own call of the inner wrapper: a creation via it, and a wrapper itself
    assert gateway.via is not None and gateway.via.startswith(inner.wrapper.split("(")[0])
    assert gateway.wrapper == signature
    assert gateway.findings[0].code == "X014"
    # its caller: via the gateway, the caller's arguments carried through both levels
    called = [s for (f, _), s in sites.items() if f == caller]
    assert len(called) == (2 if family == "python" else 1)  # Python's: upgrade() and team()
    site = called[0]
    assert site.via == f"{label} at {shown_path(str(top / gateway_file))}:{at}"
    price = site.params["line_items"][0]["price"]
    assert price.startswith("price_1") and price in files[caller]
    values = {d.source for d in site.dynamic}
    assert who in values
    assert site.translation is not None and site.translation.dodo is not None
    assert site.translation.dodo["product_cart"][0]["quantity"] == 1


def test_go_packages_are_read_from_go_mod_when_the_folder_is_not_named_as_the_module(
    tmp_path: Path,
) -> None:
    # module github.com/acme/shop checked out as acme__shop: "github.com/acme/shop/stripex" is
    # the folder stripex/ (the import's last two segments, acme/shop... named no folder)
    files = {
        "go.mod": "module github.com/acme/shop\n\ngo 1.21\n",
        "stripex/session.go": GO_SDK,
        "billing/gateway.go": GO_GATEWAY.replace("acme/app/internal/", "acme/shop/"),
        "cmd/api/main.go": GO_MAIN.replace("acme/app/internal/", "acme/shop/"),
    }
    _tree(tmp_path / "acme__shop", files)
    found = [(_rel(s, tmp_path), (s.via or "").split(" at ")[0]) for s in _creates(tmp_path)]
    assert found == [
        (("acme__shop/billing/gateway.go", 8), "CreateSession"),
        (("acme__shop/cmd/api/main.go", 6), "Gateway.Open"),
        (("acme__shop/stripex/session.go", 9), ""),
    ]


def test_python_arguments_bind_by_keyword_and_default_through_both_levels(
    tmp_path: Path,
) -> None:
    files, *_ = _CHAINS["python"]
    top = _tree(tmp_path, files)
    called = [s for s in _creates(top) if _rel(s, top)[0] == "web/views.py"]
    assert [(s.line, s.params["line_items"]) for s in called] == [
        (7, [{"price": "price_1ProMonthly", "quantity": 1}]),  # the gateway's default
        (11, [{"price": "price_1Team", "quantity": 5}]),  # the caller's keyword
    ]
    for site in called:
        assert site.params["customer"] == {"$dynamic": "current_user().stripe_customer_id"}
        assert site.params["success_url"] == "https://shop.example/ok"  # the inner default
    # the same in worker processes
    parallel = [(s.file, s.line, s.via, str(s.params)) for s in _creates(top, jobs=2)]
    serial = [(s.file, s.line, s.via, str(s.params)) for s in _creates(top)]
    assert parallel == serial


def test_a_chain_in_one_file_scanned_alone() -> None:
    code = """\
import stripe


def create_session(price, email):
    return stripe.checkout.Session.create(
        mode="payment",
        customer_email=email,
        success_url="https://x.example/ok",
        line_items=[{"price": price, "quantity": 1}],
    )


def open_checkout(price_id, email):
    return create_session(price_id, email)


def pro(user):
    return open_checkout("price_1OneFile", user.email)
"""
    sites = [s for s in scan_source(code, "billing.py", BY_NAME["python"]) if s.kind == "create"]
    assert [(s.line, s.via, s.wrapper) for s in sites] == [
        (5, None, "create_session(price, email)"),
        (14, "create_session at billing.py:5", "open_checkout(price_id, email)"),
        (18, "open_checkout at billing.py:14", "pro(user)"),
    ]
    assert sites[2].params["line_items"] == [{"price": "price_1OneFile", "quantity": 1}]
    assert sites[2].params["customer_email"] == {"$dynamic": "user.email"}


# -- bounds -----------------------------------------------------------------------------------


def _chain(levels: int) -> dict[str, str]:
    """``level1`` creates a session from its parameter; ``levelN`` calls ``levelN-1`` with its
    own; ``main`` calls ``levelN``: each in a module of its own."""
    files = {
        "chain/__init__.py": "",
        "chain/level1.py": (
            "import stripe\n\n\ndef level1(price):\n    return stripe.checkout.Session.create(\n"
            '        mode="payment", success_url="https://x.example/ok",\n'
            '        line_items=[{"price": price, "quantity": 1}],\n    )\n'
        ),
    }
    for n in range(2, levels + 1):
        files[f"chain/level{n}.py"] = (
            f"from chain.level{n - 1} import level{n - 1}\n\n\n"
            f"def level{n}(price):\n    return level{n - 1}(price)\n"
        )
    for n in range(1, levels + 1):
        files[f"app/main{n}.py"] = (
            f"from chain.level{n} import level{n}\n\n\n"
            f'def go():\n    return level{n}("price_1Level{n}")\n'
        )
    return files


def test_the_chain_is_followed_four_levels_deep(tmp_path: Path) -> None:
    top = _tree(tmp_path, _chain(6))
    sites = _creates(top)
    mains = {_rel(s, top)[0]: s for s in sites if _rel(s, top)[0].startswith("app/")}
    # the callers of levels 1 to 4 are creation sites, each with its own price
    assert sorted(mains) == [f"app/main{n}.py" for n in range(1, 5)]
    for n in range(1, 5):
        assert mains[f"app/main{n}.py"].params["line_items"] == [
            {"price": f"price_1Level{n}", "quantity": 1}
        ]
    wrappers = {_rel(s, top)[0]: s.wrapper for s in sites if s.file.endswith(".py")}
    assert wrappers["chain/level4.py"] == "level4(price)"
    # level5 calls level4 (a creation via it) but is past the bound: no wrapper, so its
    # caller and level6's are not followed
    assert wrappers["chain/level5.py"] is None
    assert "chain/level6.py" not in wrappers


def test_recursive_wrappers_end(tmp_path: Path) -> None:
    # ping creates a session or asks pong, which asks ping again: each is a wrapper once
    files = {
        "loop/__init__.py": "",
        "loop/ping.py": """\
import stripe

from loop import pong


def ping(price, tries):
    if tries:
        return pong.pong(price, tries - 1)
    return stripe.checkout.Session.create(
        mode="payment",
        success_url="https://x.example/ok",
        line_items=[{"price": price, "quantity": 1}],
    )
""",
        "loop/pong.py": """\
from loop import ping


def pong(price, tries):
    return ping.ping(price, tries)
""",
        "app.py": 'from loop.pong import pong\n\n\ndef go():\n    return pong("price_1Loop", 3)\n',
    }
    top = _tree(tmp_path, files)
    sites = [(*_rel(s, top), s.wrapper, (s.via or "").split(" at ")[0]) for s in _creates(top)]
    assert sites == [
        ("app.py", 5, None, "pong"),
        ("loop/ping.py", 8, None, "pong"),  # ping is a wrapper already (its own creation)
        ("loop/ping.py", 9, "ping(price, tries)", ""),
        ("loop/pong.py", 5, "pong(price, tries)", "ping"),
    ]


def test_a_function_calling_a_wrapper_with_literals_only_is_no_wrapper(tmp_path: Path) -> None:
    files: dict[str, Any] = dict(_CHAINS["python"][0])
    files["payments/gateway.py"] = PY_GATEWAY.replace(
        "sdk.create_session(price=price_id, customer=customer, quantity=seats)",
        'sdk.create_session(price="price_1Fixed", customer="cus_1Fixed")',
    )
    top = _tree(tmp_path, files)
    sites = {_rel(s, top): s for s in _creates(top)}
    assert sites[("payments/gateway.py", 6)].wrapper is None
    assert not [k for k in sites if k[0] == "web/views.py"]


def test_only_files_passing_a_value_of_their_own_are_parsed_for_wrappers_of_wrappers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # each file names Stripe (StripeGateway): the first pass scans it, the second again (it
    # names a wrapper). The gateway is parsed once more, for wrappers of wrappers (its call
    # passes price_id, declared above it); the views are not: they pass literals and a name
    # they hold first in such a call, not declared before it
    from migrate.scan import file_scan

    files, *_ = _CHAINS["python"]
    top = _tree(tmp_path, files)
    parsed: dict[str, int] = {}
    real = file_scan.SgRoot

    def counting(text: str, language: str) -> Any:
        name = next(n for n, t in files.items() if t == text)
        parsed[name] = parsed.get(name, 0) + 1
        return real(text, language)

    monkeypatch.setattr(file_scan, "SgRoot", counting)
    assert [_rel(s, top)[0] for s in _creates(top) if s.via][-1] == "web/views.py"
    assert parsed == {"payments/sdk.py": 2, "payments/gateway.py": 3, "web/views.py": 2}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_public_method_over_a_private_helper_no_other_file_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    # _session is named in its own file only, so the first pass left it out of the index (no
    # other file can call it): Gateway.checkout, which passes its parameters to it, was no
    # wrapper of the tree, and the view's call was missed
    from migrate.scan import scan as scan_module

    monkeypatch.setattr(scan_module, "PARALLEL_MIN_FILES", 2)
    gateway = """\
import stripe


def _session(price, customer):
    return stripe.checkout.Session.create(
        mode="subscription",
        customer=customer,
        success_url="https://x.example/ok",
        line_items=[{"price": price, "quantity": 1}],
    )


class Gateway:
    def checkout(self, plan_id, customer):
        return _session(plan_id, customer)
"""
    views = """\
from billing.gateway import Gateway


def pro(account):
    return Gateway().checkout("price_1Private", account.customer_id)
"""
    files = {"billing/__init__.py": "", "billing/gateway.py": gateway, "web/views.py": views}
    top = _tree(tmp_path, files)
    sites = [(*_rel(s, top), s.wrapper, s.via) for s in _creates(top, jobs=jobs)]
    label = f"Gateway.checkout at {shown_path(str(top / 'billing/gateway.py'))}:15"
    assert sites == [
        ("billing/gateway.py", 5, "_session(price, customer)", None),
        ("billing/gateway.py", 15, "Gateway.checkout(plan_id, customer)", sites[1][3]),
        ("web/views.py", 5, "pro(account)", label),
    ]


def test_each_call_of_a_wrapper_is_read_once_per_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the first pass reads a file's calls of its own wrappers for the wrappers they make, then
    # its scan reads them again: the sites of the first reading are kept for the second
    from migrate.scan import wrappers

    code = """\
import stripe


def create_session(price, email):
    return stripe.checkout.Session.create(
        mode="payment",
        customer_email=email,
        success_url="https://x.example/ok",
        line_items=[{"price": price, "quantity": 1}],
    )


def open_checkout(price_id, email):
    return create_session(price_id, email)
"""
    top = _tree(tmp_path, {"billing.py": code, "views.py": "from billing import open_checkout\n"})
    read: list[int] = []
    real = wrappers._call_site

    def counting(call: Any, *args: Any, **kwargs: Any) -> Any:
        read.append(call.range().start.line + 1)
        return real(call, *args, **kwargs)

    monkeypatch.setattr(wrappers, "_call_site", counting)
    sites = [(_rel(s, top), s.wrapper) for s in _creates(top)]
    assert sites == [
        (("billing.py", 5), "create_session(price, email)"),
        (("billing.py", 14), "open_checkout(price_id, email)"),
    ]
    assert read == [14, 14]  # the first pass (its wrappers, then its scan), the second pass


def test_a_name_is_counted_as_a_word_only() -> None:
    # whether a function is named again in its file (a call there may make a wrapper of the
    # function around it): words as a scan of the whole file's words counted them
    from migrate.scan.wrapper_index import _as_words

    text = "def pay(x):\n    pass\n\npay(1)\nrepay(2)\n$pay = pay_x + payé + pay2\nobj.pay\n"
    assert _as_words(text, "pay", 10) == 3  # the definition, the call, obj.pay
    assert _as_words(text, "pay", 2) == 2  # counting stops there
    assert _as_words(text, "repay", 10) == 1
    assert _as_words("", "pay", 2) == 0
    assert _as_words("pay", "", 2) == 0


def test_a_function_spreading_its_keywords_into_a_wrapper_is_no_wrapper_of_it(
    tmp_path: Path,
) -> None:
    # found by review: checkout_kw(self, price, **kw) -> create_session(price, **kw) made a
    # wrapper whose params named create_session's own parameters (qty, trial): its callers'
    # Dodo calls used names that do not exist there. Which parameters **kw sets only run time
    # tells: the call inside the function is the site (via create_session), its callers none
    files = {
        "app/billing.py": (
            "import stripe\n\n"
            "def create_session(price, qty=1):\n"
            "    return stripe.checkout.Session.create(\n"
            '        mode="payment",\n'
            '        success_url="https://example.com/ok",\n'
            '        line_items=[{"price": price, "quantity": qty}],\n'
            "    )\n"
        ),
        "app/gateway.py": (
            "from app.billing import create_session\n\n"
            "class Gateway:\n"
            "    def checkout(self, price, seats=5):\n"
            "        return create_session(price, seats)\n\n"
            "    def checkout_kw(self, price, **kw):\n"
            "        return create_session(price, **kw)\n"
        ),
        "app/shop.py": (
            "from app.gateway import Gateway\n\n"
            "def buy(request):\n"
            '    return Gateway().checkout("price_pro").url\n\n'
            "def buy_kw(request):\n"
            '    return Gateway().checkout_kw("price_team", qty=3).url\n'
        ),
    }
    top = _tree(tmp_path, files)
    shop = [s for s in _creates(top) if _rel(s, top)[0] == "app/shop.py"]
    assert [(s.line, s.params["line_items"]) for s in shop] == [
        (4, [{"price": "price_pro", "quantity": 5}])
    ]
