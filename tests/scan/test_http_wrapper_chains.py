"""Wrappers of raw-HTTP wrappers: a function that calls a raw-HTTP wrapper (a project helper
posting to Stripe's API at a path its caller gives) with its own parameters is a wrapper too,
as one calling an SDK wrapper is (``migrate/scan/wrappers.py``): its callers are creation sites
via it, with their arguments carried through each level and the keys the raw wrapper adds to
the body kept."""

from __future__ import annotations

from pathlib import Path

from migrate.display import shown_path
from migrate.scan.scan import CallSite
from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree


def _at(sites: list[CallSite], top: Path, file: str) -> CallSite:
    (site,) = [s for s in sites if Path(s.file).relative_to(top).as_posix() == file]
    return site


PY_API = """\
import requests

STRIPE = "https://api.stripe.com/v1"


def stripe_request(method, path, data=None):
    data.update({"metadata[source]": "web"})
    return requests.request(method, f"{STRIPE}{path}", data=data, auth=(KEY, ""))
"""
PY_CHECKOUT = """\
from billing.stripe_api import stripe_request

SESSIONS = "/checkout/sessions"


def create_checkout(price_id, email):
    return stripe_request("POST", SESSIONS, {
        "mode": "payment",
        "success_url": "https://shop.example/ok",
        "customer_email": email,
        "line_items[0][price]": price_id,
        "line_items[0][quantity]": 1,
    })
"""
PY_GATEWAY = """\
from billing.checkout import create_checkout


class Gateway:
    def upgrade(self, plan, user):
        return create_checkout(plan, user.email)
"""
PY_VIEWS = """\
from billing.gateway import Gateway


def pro():
    user = current_user()
    return Gateway().upgrade("price_1Pro", user)
"""


def test_python_wrappers_of_a_raw_http_wrapper_carry_values_through_every_level(
    tmp_path: Path,
) -> None:
    top = _tree(
        tmp_path,
        {
            "billing/stripe_api.py": PY_API,
            "billing/checkout.py": PY_CHECKOUT,
            "billing/gateway.py": PY_GATEWAY,
            "web/views.py": PY_VIEWS,
        },
    )
    for jobs in (1, 2):
        sites = _creates(top, jobs)
        first = _at(sites, top, "billing/checkout.py")
        assert first.wrapper == "create_checkout(price_id, email)"
        second = _at(sites, top, "billing/gateway.py")
        assert second.via == f"create_checkout at {shown_path(str(top / 'billing/checkout.py'))}:7"
        assert second.wrapper == "Gateway.upgrade(plan, user)"
        last = _at(sites, top, "web/views.py")
        assert last.via == f"Gateway.upgrade at {shown_path(str(top / 'billing/gateway.py'))}:6"
        assert last.wrapper is None
        assert last.params["line_items"] == [{"price": "price_1Pro", "quantity": 1}]
        assert last.params["customer_email"] == {"$dynamic": "user.email"}
        assert last.params["metadata"] == {"source": "web"}  # the raw wrapper's own key


PHP_GATEWAY = """\
<?php
namespace App\\Billing;

use Illuminate\\Support\\Facades\\Http;

class Stripe
{
    private function request($method, $url, $data = [])
    {
        return Http::asForm()->$method('https://api.stripe.com/v1' . $url, $data);
    }

    public function checkout($priceId, $email)
    {
        return $this->request('post', '/checkout/sessions', [
            'mode' => 'payment',
            'success_url' => 'https://shop.example/ok',
            'customer_email' => $email,
            'line_items' => [['price' => $priceId, 'quantity' => 1]],
        ]);
    }

    public function charge($amount, $customer)
    {
        return $this->request('post', '/payment_intents', [
            'amount' => $amount,
            'currency' => 'usd',
            'customer' => $customer,
        ]);
    }
}
"""
PHP_CONTROLLER = """\
<?php
namespace App\\Http;

use App\\Billing\\Stripe;

class PlanController
{
    public function upgrade()
    {
        $stripe = new Stripe;
        return $stripe->checkout('price_1Team', auth()->user()->email);
    }

    public function topUp()
    {
        $stripe = new Stripe;
        return $stripe->charge(1500, auth()->user()->stripe_id);
    }
}
"""


def test_php_methods_over_a_private_raw_request_helper_are_wrappers(tmp_path: Path) -> None:
    top = _tree(
        tmp_path, {"app/Billing/Stripe.php": PHP_GATEWAY, "app/Http/Plan.php": PHP_CONTROLLER}
    )
    sites = _creates(top)
    by_line = {(Path(s.file).name, s.line): s for s in sites}
    assert by_line["Stripe.php", 15].wrapper == "Stripe.checkout($priceId, $email)"
    called = by_line["Plan.php", 11]
    assert called.via == f"Stripe.checkout at {shown_path(str(top / 'app/Billing/Stripe.php'))}:15"
    assert called.params["line_items"] == [{"price": "price_1Team", "quantity": 1}]
    assert called.params["customer_email"] == {"$dynamic": "auth()->user()->email"}
    charged = by_line["Plan.php", 17]  # a call around Checkout through the helper: the same
    assert charged.via == f"Stripe.charge at {shown_path(str(top / 'app/Billing/Stripe.php'))}:25"
    assert charged.params["amount"] == 1500
    assert [f.code for f in charged.findings][:1] == ["X025"]


TS_API = """\
const STRIPE_API = "https://api.stripe.com/v1";

export async function callStripe(path: string, params: Record<string, string>, method = "POST") {
  const res = await fetch(STRIPE_API + path, {
    method,
    headers: { Authorization: `Bearer ${process.env.STRIPE_SECRET_KEY}` },
    body: new URLSearchParams(params),
  });
  return res.json();
}
"""
TS_CHECKOUT = """\
import { callStripe } from "./stripe";

export function startCheckout(priceId: string, origin: string) {
  return callStripe("/checkout/sessions", {
    mode: "subscription",
    success_url: `${origin}/thanks`,
    "line_items[0][price]": priceId,
    "line_items[0][quantity]": "1",
  });
}
"""
TS_ROUTE = """\
import { startCheckout } from "../../lib/checkout";

export async function POST(req: Request) {
  return Response.json(await startCheckout(process.env.PRO_PRICE!, new URL(req.url).origin));
}
"""


def test_typescript_a_function_over_a_fetch_helper_is_a_wrapper(tmp_path: Path) -> None:
    top = _tree(
        tmp_path,
        {"lib/stripe.ts": TS_API, "lib/checkout.ts": TS_CHECKOUT, "app/pay/route.ts": TS_ROUTE},
    )
    sites = _creates(top)
    assert _at(sites, top, "lib/checkout.ts").wrapper == "startCheckout(priceId, origin)"
    route = _at(sites, top, "app/pay/route.ts")
    assert route.via == f"startCheckout at {shown_path(str(top / 'lib/checkout.ts'))}:4"
    assert route.params["line_items"] == [
        {"price": {"$dynamic": "process.env.PRO_PRICE!"}, "quantity": "1"}
    ]
    assert route.params["success_url"] == {"$dynamic": "`${(new URL(req.url).origin)}/thanks`"}
