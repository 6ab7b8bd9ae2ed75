"""Raw-HTTP wrappers (``migrate/scan/http_routes.py``): a project's own function that sends a
request to a Stripe API base joined to one of its parameters is a wrapper; each call of it that
passes a literal path is the request written directly, reported via the wrapper, in every
language whose raw HTTP the scanner reads. Look-alikes (another host, a read, a path known only
at run time) are no creation."""

from __future__ import annotations

from pathlib import Path

from migrate.display import shown_path
from migrate.scan import scan_paths
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, ScanStats, scan_source
from tests.scan.trees import write_tree as _tree


def _scan(top: Path, jobs: int = 1) -> list[CallSite]:
    stats = ScanStats()
    sites = list(scan_paths([str(top)], stats=stats, jobs=jobs))
    assert stats.problems == []
    return sites


def _where(site: CallSite, top: Path) -> tuple[str, int]:
    return Path(site.file).relative_to(top).as_posix(), site.line


def _codes(site: CallSite) -> list[str]:
    return [f.code for f in site.findings]


def _via(top: Path, name: str, file: str, line: int) -> str:
    return f"{name} at {shown_path(str(top / file))}:{line}"


# -- PHP: Paymenter's gateway -----------------------------------------------------------------

PAYMENTER = """\
<?php
use Illuminate\\Support\\Facades\\Http;

class StripeGateway
{
    private function request($method, $url, $data = [])
    {
        return Http::withHeaders([
            'Authorization' => 'Bearer ' . $this->config('stripe_secret_key'),
        ])->asForm()->$method('https://api.stripe.com/v1' . $url, $data)->throw()->object();
    }

    public function checkout($invoice, $total)
    {
        $session = $this->request('post', '/checkout/sessions', [
            'mode' => 'payment',
            'line_items' => [[
                'price_data' => ['currency' => 'eur', 'unit_amount' => $total * 100,
                    'product_data' => ['name' => 'Invoice']],
                'quantity' => 1,
            ]],
            'success_url' => route('invoices.show', $invoice),
        ]);
        return redirect($session->url);
    }

    public function pay($invoice, $customer)
    {
        $intentData = [
            'amount' => $invoice->total * 100,
            'currency' => 'eur',
            'customer' => $customer,
            'off_session' => 'true',
            'confirm' => 'true',
        ];
        return $this->request('post', '/payment_intents', $intentData);
    }

    public function upgrade($subscription, $item)
    {
        return $this->request('post', '/subscriptions/' . $subscription, [
            'items' => [['id' => $item, 'price' => 'price_1Pro']],
            'proration_behavior' => 'always_invoice',
        ]);
    }

    public function show($id, $path)
    {
        $this->request('get', '/checkout/sessions/' . $id);
        $this->request('get', '/checkout/sessions');
        return $this->request('post', $path, ['mode' => 'payment']);
    }

    public function direct()
    {
        return Http::asForm()->post('https://api.stripe.com/v1/checkout/sessions', [
            'mode' => 'payment',
            'line_items' => [['price' => 'price_123', 'quantity' => 1]],
            'success_url' => 'https://x.test/ok',
        ])->object();
    }
}
"""


def test_php_helper_joining_the_stripe_base_to_its_path_parameter_is_a_wrapper() -> None:
    sites = list(scan_source(PAYMENTER, "Gateway.php", BY_NAME["php"]))
    via = f"StripeGateway.request at {shown_path('Gateway.php')}:8"
    assert [(s.line, s.kind, s.callee, s.via) for s in sites] == [
        (15, "create", "this.request POST /v1/checkout/sessions", via),
        (36, "create", "this.request POST /v1/payment_intents", via),
        (41, "create", "this.request POST /v1/subscriptions/{id}", via),
        (49, "related", "this.request GET /v1/checkout/sessions/{id}", via),
        (56, "create", "Http.asForm.post POST /v1/checkout/sessions", None),
    ]  # a list (GET /checkout/sessions) is no site; a run-time path is not guessed at
    session, intent, plan, _, direct = sites
    # a method calling the helper with its own parameters is a wrapper of it (as of an SDK
    # wrapper): its site says so first
    assert _codes(session)[:2] == ["X014", "X015"]
    assert session.wrapper == "StripeGateway.checkout($invoice, $total)"
    assert session.params == {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": "eur",
                    "unit_amount": {"$dynamic": "$total * 100"},
                    "product_data": {"name": "Invoice"},
                },
                "quantity": 1,
            }
        ],
        "success_url": {"$dynamic": "route('invoices.show', $invoice)"},
    }
    assert session.translation is not None and session.translation.dodo is not None
    assert session.translation.dodo["product_cart"][0]["amount"].source == "$total * 100"
    assert _codes(intent)[:2] == ["X024", "X025"]  # a PaymentIntent creation through it
    assert intent.params["amount"] == {"$dynamic": "$invoice->total * 100"}  # the local followed
    assert intent.translation is not None and intent.translation.request is not None
    assert _codes(plan)[0] == "X025"
    assert plan.params["items"] == [{"id": {"$dynamic": "$item"}, "price": "price_1Pro"}]
    assert direct.params["line_items"] == [{"price": "price_123", "quantity": 1}]


# -- Python -----------------------------------------------------------------------------------

PY_CLIENT = """\
import requests

STRIPE_API = "https://api.stripe.com/v1"


def stripe_request(method, path, data=None):
    response = requests.request(method, f"{STRIPE_API}{path}", data=data, auth=(KEY, ""))
    response.raise_for_status()
    return response.json()


def stripe_post(path, params, method="POST"):
    return requests.request(method, STRIPE_API + "/" + path.lstrip("/"), data=params)


def retrieve(path):
    return requests.get(STRIPE_API + path, auth=(KEY, ""))


def our_api(method, path, data=None):
    return requests.request(method, "https://api.example.com/v1" + path, data=data)


def customer(customer_id, data):
    return requests.post(STRIPE_API + "/customers/" + customer_id, data=data)
"""
PY_VIEWS = """\
from billing.stripe_api import customer, our_api, retrieve, stripe_post, stripe_request


def checkout(user):
    session = stripe_request("POST", "/checkout/sessions", {
        "mode": "subscription",
        "line_items[0][price]": "price_1Pro",
        "line_items[0][quantity]": 1,
        "customer_email": user.email,
        "success_url": "https://app.example.com/ok",
    })
    return session["url"]


def charge(customer_id, cents):
    body = {"amount": cents, "currency": "usd", "customer": customer_id,
            "off_session": "true", "confirm": "true"}
    return stripe_post("payment_intents", body)


def setup(email):
    return stripe_request(method="post", path="/checkout/sessions",
                          data={"mode": "setup", "customer_email": email,
                                "success_url": "https://app.example.com/ok"})


def reads(session_id, path, verb):
    stripe_request("GET", f"/checkout/sessions/{session_id}")
    retrieve("/checkout/sessions")
    stripe_request(verb, "/checkout/sessions", {"mode": "payment"})
    stripe_request("POST", path, {"mode": "payment"})
    our_api("POST", "/checkout/sessions", {"mode": "payment"})
    customer("checkout/sessions", {"mode": "payment"})
"""


def test_python_raw_http_wrappers_in_another_module(tmp_path: Path) -> None:
    top = _tree(
        tmp_path,
        {"billing/stripe_api.py": PY_CLIENT, "billing/__init__.py": "", "app/views.py": PY_VIEWS},
    )
    sites = _scan(top)
    request = _via(top, "stripe_request", "billing/stripe_api.py", 7)
    post = _via(top, "stripe_post", "billing/stripe_api.py", 13)
    assert [(_where(s, top), s.kind, s.callee, s.via) for s in sites] == [
        (("app/views.py", 5), "create", "stripe_request POST /v1/checkout/sessions", request),
        (("app/views.py", 18), "create", "stripe_post POST /v1/payment_intents", post),
        (("app/views.py", 22), "create", "stripe_request POST /v1/checkout/sessions", request),
        (("app/views.py", 28), "related", "stripe_request GET /v1/checkout/sessions/{id}", request),
    ]  # a list, a run-time verb or path, another host, a customer's id: none is a site
    session, intent, setup, _ = sites
    assert session.params == {
        "mode": "subscription",
        "line_items": [{"price": "price_1Pro", "quantity": 1}],
        "customer_email": {"$dynamic": "user.email"},
        "success_url": "https://app.example.com/ok",
    }
    assert session.wrapper == "checkout(user)"  # still a wrapper of a creation itself
    assert _codes(session)[:2] == ["X014", "X015"]
    assert intent.params["amount"] == {"$dynamic": "cents"}  # the caller's local followed
    assert setup.params["mode"] == "setup"  # bound by keyword, the verb in lower case
    assert _scan(top, jobs=2) == sites  # the wrappers travel to the worker processes


# -- JavaScript / TypeScript ------------------------------------------------------------------

TS_CLIENT = """\
const STRIPE_API = "https://api.stripe.com/v1";

export async function stripeFetch(path: string, params: Record<string, string>, method = "POST") {
  const res = await fetch(`${STRIPE_API}${path}`, {
    method,
    headers: { Authorization: `Bearer ${process.env.STRIPE_SECRET_KEY}` },
    body: new URLSearchParams(params),
  });
  return res.json();
}

export const stripePost = (path: string, data: any) =>
  axios.post(STRIPE_API + path, qs.stringify(data), { headers: {} });

export const ownApi = (path: string, data: any) => axios.post("/api" + path, data);
"""
TS_CALLS = """\
import { ownApi, stripeFetch, stripePost } from "../lib/stripe";

export async function buy(email: string) {
  const session = await stripeFetch("/checkout/sessions", {
    mode: "payment",
    "line_items[0][price]": "price_1Book",
    "line_items[0][quantity]": "2",
    customer_email: email,
    success_url: "https://shop.example.com/ok",
  });
  return session.url;
}

export async function plan(subId: string, itemId: string) {
  return stripePost(`/subscriptions/${subId}`, {
    "items[0][id]": itemId,
    "items[0][price]": "price_1Pro",
    proration_behavior: "always_invoice",
  });
}

export async function read(id: string) {
  await ownApi("/checkout/sessions", { mode: "payment" });
  return stripeFetch(`/checkout/sessions/${id}`, {}, "GET");
}
"""


def test_typescript_fetch_and_axios_helpers(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"lib/stripe.ts": TS_CLIENT, "app/checkout.ts": TS_CALLS})
    sites = _scan(top)
    fetcher = _via(top, "stripeFetch", "lib/stripe.ts", 4)
    poster = _via(top, "stripePost", "lib/stripe.ts", 13)
    assert [(_where(s, top), s.kind, s.callee, s.via) for s in sites] == [
        (("app/checkout.ts", 4), "create", "stripeFetch POST /v1/checkout/sessions", fetcher),
        (("app/checkout.ts", 15), "create", "stripePost POST /v1/subscriptions/{id}", poster),
        (("app/checkout.ts", 24), "related", "stripeFetch GET /v1/checkout/sessions/{id}", fetcher),
    ]
    session, change, _ = sites
    assert session.params["line_items"] == [{"price": "price_1Book", "quantity": "2"}]
    assert session.translation is not None and session.translation.dodo is not None
    assert session.translation.dodo["product_cart"][0]["quantity"] == 2
    assert _codes(change)[0] == "X025"
    assert change.params["items"] == [{"id": {"$dynamic": "itemId"}, "price": "price_1Pro"}]


# -- Ruby -------------------------------------------------------------------------------------

RB_CLIENT = """\
class StripeClient
  BASE = "https://api.stripe.com/v1"

  def self.request(method, path, params = {})
    HTTParty.send(method, "#{BASE}#{path}", body: params, basic_auth: { username: KEY })
  end

  def post(path, form)
    uri = URI("#{BASE}/#{path}")
    req = Net::HTTP::Post.new(uri)
    req.set_form_data(form)
    Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |http| http.request(req) }
  end
end
"""
RB_BILLING = """\
class Billing
  def checkout(user)
    StripeClient.request(:post, "/checkout/sessions", {
      mode: "subscription",
      "line_items[0][price]" => "price_1Pro",
      "line_items[0][quantity]" => 1,
      customer_email: user.email,
      success_url: "https://app.example.com/ok",
    })
  end

  def charge(customer_id, cents)
    client = StripeClient.new
    client.post("payment_intents", { amount: cents, currency: "eur", customer: customer_id,
                                     off_session: true, confirm: true })
  end

  def read(id)
    StripeClient.request(:get, "/checkout/sessions/#{id}")
  end
end
"""


def test_ruby_httparty_send_and_net_http_helpers(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"lib/stripe_client.rb": RB_CLIENT, "app/billing.rb": RB_BILLING})
    sites = _scan(top)
    request = _via(top, "StripeClient.request", "lib/stripe_client.rb", 5)
    post = _via(top, "StripeClient.post", "lib/stripe_client.rb", 10)
    assert [(_where(s, top), s.kind, s.callee, s.via) for s in sites] == [
        (
            ("app/billing.rb", 3),
            "create",
            "StripeClient.request POST /v1/checkout/sessions",
            request,
        ),
        (("app/billing.rb", 14), "create", "client.post POST /v1/payment_intents", post),
        (
            ("app/billing.rb", 19),
            "related",
            "StripeClient.request GET /v1/checkout/sessions/{id}",
            request,
        ),
    ]
    session, intent, _ = sites
    assert session.params["line_items"] == [{"price": "price_1Pro", "quantity": 1}]
    assert intent.params["customer"] == {"$dynamic": "customer_id"}


# -- Go, C#, Java -----------------------------------------------------------------------------

GO_CLIENT = """\
package billing

import (
	"net/http"
	"net/url"
	"strings"
)

const stripeAPI = "https://api.stripe.com/v1"

func stripeDo(method, path string, form url.Values) (*http.Response, error) {
	req, err := http.NewRequest(method, stripeAPI+path, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(key, "")
	return http.DefaultClient.Do(req)
}
"""
GO_CHECKOUT = """\
package billing

import "net/url"

func Checkout(email string) error {
	form := url.Values{}
	form.Set("mode", "subscription")
	form.Set("line_items[0][price]", "price_1Pro")
	form.Set("customer_email", email)
	form.Set("success_url", "https://app.example.com/ok")
	_, err := stripeDo(http.MethodPost, "/checkout/sessions", form)
	return err
}
"""
CS_SHOP = """\
using System.Net.Http;

public class StripeApi
{
    private const string Base = "https://api.stripe.com/v1";
    private readonly HttpClient http = new HttpClient();

    public async Task<string> Send(HttpMethod method, string path, Dictionary<string, string> form)
    {
        var request = new HttpRequestMessage(method, Base + path) {
            Content = new FormUrlEncodedContent(form) };
        var response = await http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    public Task<HttpResponseMessage> Post(string path, Dictionary<string, string> form)
    {
        return http.PostAsync($"{Base}/{path}", new FormUrlEncodedContent(form));
    }
}

public class Shop
{
    private readonly StripeApi stripe = new StripeApi();

    public Task<string> Buy(string email)
    {
        var form = new Dictionary<string, string> {
            { "mode", "payment" }, ["customer_email"] = email };
        form.Add("line_items[0][price]", "price_1Book");
        return stripe.Send(HttpMethod.Post, "/checkout/sessions", form);
    }

    public Task<HttpResponseMessage> Charge(string customerId)
    {
        return stripe.Post("payment_intents", new Dictionary<string, string> {
            ["amount"] = "500", ["currency"] = "usd", ["customer"] = customerId,
            ["confirm"] = "true", ["off_session"] = "true" });
    }
}
"""
JAVA_SHOP = """\
class StripeHttp {
  static final String API = "https://api.stripe.com/v1";
  private final OkHttpClient client = new OkHttpClient();

  Response post(String path, RequestBody body) throws Exception {
    Request request = new Request.Builder().url(API + path).post(body).build();
    return client.newCall(request).execute();
  }
}

class Shop {
  private final StripeHttp stripe = new StripeHttp();

  Response buy(String email) throws Exception {
    RequestBody body = new FormBody.Builder()
        .add("mode", "payment")
        .add("line_items[0][price]", "price_1Book")
        .add("customer_email", email)
        .build();
    return stripe.post("/checkout/sessions", body);
  }
}
"""


def test_go_csharp_and_java_helpers(tmp_path: Path) -> None:
    top = _tree(
        tmp_path,
        {
            "billing/stripe.go": GO_CLIENT,
            "billing/checkout.go": GO_CHECKOUT,
            "Shop.cs": CS_SHOP,
            "Shop.java": JAVA_SHOP,
        },
    )
    sites = _scan(top)
    assert [(_where(s, top), s.kind, s.callee, s.via) for s in sites] == [
        (
            ("Shop.cs", 31),
            "create",
            "stripe.Send POST /v1/checkout/sessions",
            _via(top, "StripeApi.Send", "Shop.cs", 10),
        ),
        (
            ("Shop.cs", 36),
            "create",
            "stripe.Post POST /v1/payment_intents",
            _via(top, "StripeApi.Post", "Shop.cs", 18),
        ),
        (
            ("Shop.java", 20),
            "create",
            "stripe.post POST /v1/checkout/sessions",
            _via(top, "StripeHttp.post", "Shop.java", 6),
        ),
        (
            ("billing/checkout.go", 11),
            "create",
            "stripeDo POST /v1/checkout/sessions",
            _via(top, "stripeDo", "billing/stripe.go", 12),
        ),
    ]
    cs, _, java, go = sites
    for site in (cs, java, go):
        assert site.params["line_items"][0]["price"] in ("price_1Book", "price_1Pro")
        assert "X015" in _codes(site)
    assert go.params["customer_email"] == {"$dynamic": "email"}


# -- bases from settings, look-alikes ---------------------------------------------------------

SETTINGS = {
    "python": """\
import os
import requests

STRIPE_API = os.getenv("STRIPE_API_BASE", "https://api.stripe.com/v1")
PROXY = os.environ.get("PAYMENTS_PROXY") or "https://api.stripe.com/v1"


def stripe_post(path, data):
    return requests.post(STRIPE_API + path, data=data)


def proxied(path, data):
    return requests.post(f"{PROXY}{path}", data=data)


def checkout():
    stripe_post("/checkout/sessions", {"mode": "payment", "line_items[0][price]": "price_1"})
    proxied("/checkout/sessions", {"mode": "setup"})
""",
    "typescript": """\
const BASE = process.env.STRIPE_API_BASE ?? "https://api.stripe.com/v1";

async function stripeCall(path: string, body: Record<string, string>) {
  return fetch(BASE + path, { method: "POST", body: new URLSearchParams(body) });
}

export const go = () =>
  stripeCall("/checkout/sessions", { mode: "payment", "line_items[0][price]": "price_1" });
""",
    "ruby": """\
class Pay
  BASE = ENV.fetch("STRIPE_API_BASE", "https://api.stripe.com/v1")

  def self.call(path, params)
    HTTParty.post("#{BASE}#{path}", body: params)
  end

  def self.go
    call("/checkout/sessions", { mode: "payment", "line_items[0][price]" => "price_1" })
  end
end
""",
}


def test_a_base_read_from_a_setting_whose_default_is_stripe_s() -> None:
    suffix = {"python": "py", "typescript": "ts", "ruby": "rb"}
    for language, code in SETTINGS.items():
        sites = list(scan_source(code, f"api.{suffix[language]}", BY_NAME[language]))
        assert [s.via is not None for s in sites] == [True] * (2 if language == "python" else 1)
        assert sites[0].params == {"mode": "payment", "line_items": [{"price": "price_1"}]}


LOOKALIKES = """\
import requests

API = "https://api.stripe.com/v1"


def ours(method, path, data=None):
    return requests.request(method, "https://api.example.com/v1" + path, data=data)


def computed(path, data):
    return requests.post(API + path, data=encrypt(data))


def customer(customer_id, data):
    return requests.post(API + "/customers/" + customer_id, data=data)


def mocked(path):
    return respx.post(API + path).mock(return_value=httpx.Response(200))


def calls(path):
    ours("POST", "/checkout/sessions", {"mode": "payment"})
    computed("/checkout/sessions", {"mode": "payment"})
    customer("checkout/sessions", {"mode": "payment"})
    mocked("/checkout/sessions")
"""


def test_helpers_that_are_no_raw_http_wrapper() -> None:
    """Another host, a body the helper computes from its parameter (the caller's params
    spread into one it builds are read: tests/scan/test_http_wrapper_bodies.py), a base that
    is a resource (a customer's id joined to it), a test double: no call of them is a site."""
    assert list(scan_source(LOOKALIKES, "helpers.py", BY_NAME["python"])) == []
