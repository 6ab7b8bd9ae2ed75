"""A wrapper that passes its caller's params to Stripe whole forwards them to Dodo (X039).

Read in real applications (a Go notification server's ``NewCheckoutSession(params)``, a C#
billing adapter, a Java lease service, a Python ``create_checkout_session(**kwargs)``, PHP,
Ruby and TypeScript services): the function builds nothing of its own. Its site was a Dodo call
with ``TODO_product_id`` and a blocker (RT007: no line item), though each caller's cart is read
at the caller. Now its Dodo call forwards the parameter (the SDK call with it as the params, or
the REST request with it as the body), X039 says the parameter's type and its callers change,
and ``scan --fix`` leaves it alone (its callers still build Stripe params)."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from migrate.scan import CallSite
from migrate.scan.fix import safety
from tests.scan.sdk_checks import CUT, mypy_problems, tsc_problems
from tests.scan.trees import creates, go_parts, javac, php_lint, vet_go_module, write_tree

PYTHON = """\
import stripe


def create_checkout_session(**kwargs):
    return stripe.checkout.Session.create(**kwargs)


def buy(price_id, url):
    return create_checkout_session(
        mode="payment", line_items=[{"price": price_id, "quantity": 2}], success_url=url
    )
"""

TYPESCRIPT = """\
import Stripe from "stripe";
const stripe = new Stripe("sk_test_x");

export async function createCheckoutSession(params: Stripe.Checkout.SessionCreateParams) {
  const session = await stripe.checkout.sessions.create(params);
  return session.url;
}

export async function buy(priceId: string) {
  return createCheckoutSession({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://shop.example/ok",
  });
}
"""

GO = """\
package server

import (
\t"github.com/stripe/stripe-go/v74"
\t"github.com/stripe/stripe-go/v74/checkout/session"
)

type realStripeAPI struct{}

func (s *realStripeAPI) NewCheckoutSession(
\tparams *stripe.CheckoutSessionParams,
) (*stripe.CheckoutSession, error) {
\treturn session.New(params)
}
"""

RUBY = """\
class BowlersController
  def create_stripe_checkout_session(session_params)
    Stripe::Checkout::Session.create(session_params)
  end
end
"""

PHP = """\
<?php
class StripeService {
    public function createSession($data) {
        return \\Stripe\\Checkout\\Session::create($data);
    }
}
"""

JAVA = """\
package com.shop;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
public class StripeClient {
    public Session createCheckoutSession(SessionCreateParams params) throws Exception {
        return Session.create(params);
    }
}
"""

CSHARP = """\
using Stripe.Checkout;
public class StripeAdapter {
    public async Task<Session> CreateCheckoutSessionAsync(SessionCreateOptions options) {
        var service = new SessionService();
        return await service.CreateAsync(options);
    }
}
"""

KOTLIN = """\
package shop
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams
class Gateway {
    fun open(params: SessionCreateParams): Session = Session.create(params)
}
"""

CASES = {
    "python": ("app.py", PYTHON, "kwargs", "client.checkout_sessions.create(**kwargs)"),
    "typescript": ("app.ts", TYPESCRIPT, "params", "client.checkoutSessions.create(params)"),
    "go": ("pay.go", GO, "params", "dodoBody := params\n"),
    "ruby": ("bowlers.rb", RUBY, "session_params", "dodo_body = session_params\n"),
    "php": ("StripeService.php", PHP, "$data", "$dodoBody = $data;\n"),
    "java": ("StripeClient.java", JAVA, "params", "String dodoBody = params;\n"),
    "csharp": ("StripeAdapter.cs", CSHARP, "options", "var dodoBody = options;\n"),
    "kotlin": ("Gateway.kt", KOTLIN, "params", "val dodoBody = params\n"),
}


def _own_site(tmp_path: Path, name: str, code: str) -> CallSite:
    (site,) = [s for s in creates(write_tree(tmp_path, {name: code})) if s.via is None]
    return site


@pytest.mark.parametrize("language", list(CASES))
def test_the_wrapper_forwards_its_parameter_with_no_blocker(tmp_path: Path, language: str) -> None:
    name, code, param, forward = CASES[language]
    site = _own_site(tmp_path, name, code)
    codes = [f.code for f in site.findings]
    assert "X039" in codes and "X014" in codes
    assert "RT007" not in codes  # the cart is each caller's, not unknown
    assert not [f for f in site.findings if f.level.value == "blocker"], site.findings
    assert forward in site.suggestion
    assert "TODO_product_id" not in site.suggestion and "TODO: set from" not in site.suggestion
    assert site.as_dict()["dodo"] == {"$dynamic": param}
    (said,) = [f for f in site.findings if f.code == "X039"]
    assert f"`{param.lstrip('$')}`" in said.message
    assert safety(site)[0] == "never"
    if language in ("python", "typescript"):  # the others are never rewritten anyway
        assert "X039" in safety(site)[1]


def test_each_caller_is_told_it_passes_the_dodo_params_and_keeps_its_cart(tmp_path: Path) -> None:
    sites = creates(write_tree(tmp_path, {"app.ts": TYPESCRIPT}))
    (caller,) = [s for s in sites if s.via is not None]
    assert "X039" in [f.code for f in caller.findings]
    assert "product_id: dodoProductId(priceId)" in caller.suggestion
    assert 'return_url: "https://shop.example/ok"' in caller.suggestion


@pytest.mark.parametrize(
    ("name", "code"),
    [
        (  # its own field beside the caller's: not a forward (the caller's map is merged)
            "own.ts",
            'import Stripe from "stripe";\nconst stripe = new Stripe("k");\n'
            "export async function open(params: any) {\n"
            '  return stripe.checkout.sessions.create({ ...params, mode: "payment" });\n}\n',
        ),
        (  # a params object the function builds itself: not its caller's
            "local.py",
            "import stripe\n\ndef open_checkout(user):\n    params = load_params(user)\n"
            "    return stripe.checkout.Session.create(**params)\n",
        ),
    ],
)
def test_what_is_not_the_callers_params_whole_is_not_forwarded(
    tmp_path: Path, name: str, code: str
) -> None:
    site = _own_site(tmp_path, name, code)
    assert "X039" not in [f.code for f in site.findings]
    assert not (isinstance(site.as_dict()["dodo"], dict) and "$dynamic" in site.as_dict()["dodo"])


def test_the_python_forward_type_checks_with_the_sdk(tmp_path: Path) -> None:
    site = _own_site(tmp_path, "app.py", PYTHON)
    problems = mypy_problems(
        tmp_path, site.suggestion, "def create_checkout_session(**kwargs: Any) -> str | None"
    )
    assert problems == ""


def test_the_typescript_forward_type_checks_with_the_parameter_the_finding_names(
    tmp_path: Path,
) -> None:
    site = _own_site(tmp_path, "app.ts", TYPESCRIPT)
    (said,) = [f for f in site.findings if f.code == "X039"]
    assert "`DodoPayments.CheckoutSessionCreateParams`" in said.message
    # the function as the finding says to write it: the parameter of the Dodo type
    source = TYPESCRIPT.replace(
        "params: Stripe.Checkout.SessionCreateParams",
        "params: DodoPayments.CheckoutSessionCreateParams",
    ).replace("const session = await stripe.checkout.sessions.create(params);", CUT.strip())
    source = source.replace("  " + CUT.strip(), CUT)
    assert tsc_problems(tmp_path, source, site.suggestion) == ""


def test_the_go_forward_vets_with_the_json_body_as_the_parameter(tmp_path: Path) -> None:
    if shutil.which("go") is None:
        pytest.skip("no Go toolchain")
    site = _own_site(tmp_path / "scan", "pay.go", GO)
    imports, body = go_parts(site.suggestion)
    program = (
        "package pay\n\nimport (\n"
        + "".join(f'\t"{i}"\n' for i in sorted(imports))
        + ")\n\nfunc NewCheckoutSession(params []byte) (*string, error) {\n"
        + textwrap.indent(body, "\t")
        + "\n\treturn &dodoSession.CheckoutURL, nil\n}\n"
    )
    done = vet_go_module(tmp_path / "mod", {"pay/pay.go": program})
    assert done.returncode == 0, done.stdout + done.stderr + program


def test_the_java_forward_compiles_with_the_json_body_as_the_parameter(tmp_path: Path) -> None:
    if shutil.which("javac") is None:
        pytest.skip("no JDK")
    site = _own_site(tmp_path / "scan", "StripeClient.java", JAVA)
    _, _, body = site.suggestion.partition("\n")  # the imports comment
    source = (
        "import java.net.URI;\nimport java.net.http.HttpClient;\n"
        "import java.net.http.HttpRequest;\nimport java.net.http.HttpResponse;\n\n"
        "public class StripeClient {\n"
        "    String createCheckoutSession(String params) throws Exception {\n"
        + textwrap.indent(body, " " * 8)
        + "\n        return dodoResponse.body();\n    }\n}\n"
    )
    (tmp_path / "out").mkdir()
    done = javac(tmp_path / "out", "StripeClient.java", source)
    assert done.returncode == 0, done.stderr + "\n" + source


def test_the_php_and_ruby_forwards_parse(tmp_path: Path) -> None:
    php = _own_site(tmp_path / "php", "StripeService.php", PHP)
    ruby = _own_site(tmp_path / "rb", "bowlers.rb", RUBY)
    if shutil.which("php") is not None:
        assert php_lint(f"function createSession($data) {{\n{php.suggestion}\n}}\n") == ""
    if shutil.which("ruby") is not None:
        code = f"def create_stripe_checkout_session(session_params)\n{ruby.suggestion}\nend\n"
        done = subprocess.run(
            ["ruby", "-c"], check=False, input=code, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr + code


TWO_LEVELS = {
    "stripe.service.ts": """\
import Stripe from "stripe";
const stripe = new Stripe("sk_test_x");

export class StripeService {
  async createCheckOutSession(params: Stripe.Checkout.SessionCreateParams) {
    return stripe.checkout.sessions.create(params);
  }
}
""",
    "subscription.service.ts": """\
import Stripe from "stripe";
import { StripeService } from "./stripe.service";

export class SubscriptionService {
  constructor(private readonly stripeService: StripeService) {}

  async checkout(stripeSessionObject: Stripe.Checkout.SessionCreateParams) {
    return await this.stripeService.createCheckOutSession(stripeSessionObject);
  }
}
""",
}


def test_a_wrapper_passing_its_parameter_to_a_forwarding_wrapper_forwards_it(
    tmp_path: Path,
) -> None:
    sites = creates(write_tree(tmp_path, TWO_LEVELS))
    (outer,) = [s for s in sites if s.via is not None]
    assert outer.suggestion.endswith("client.checkoutSessions.create(stripeSessionObject)")
    assert "RT007" not in [f.code for f in outer.findings]
    (said,) = [f for f in outer.findings if f.code == "X039"]  # said once, of this function
    assert said.message.startswith("checkout passes its parameter `stripeSessionObject`")
    assert outer.as_dict()["dodo"] == {"$dynamic": "stripeSessionObject"}
