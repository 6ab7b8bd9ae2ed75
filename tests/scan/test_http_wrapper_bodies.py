"""Raw-HTTP wrappers (``migrate/scan/http_routes.py``) that build their body themselves or take
the whole request from the caller, and those whose request sits in a callback.

* a body the wrapper builds around its parameter (``{**params, "expand[]": "x"}``,
  ``{ ...params, "expand[]": "x" }``, ``array_merge($data, [...])``, ``params.merge(...)``): each
  call's site holds the caller's params and the wrapper's own keys (a key given by another of
  its parameters takes the caller's value for it);
* the whole request options from the caller (a fetch ``init`` spread into the wrapper's own,
  Python's ``**kwargs`` passed on): the caller's method and body make the request;
* the request inside a callback (a Ruby block, an arrow function in a promise chain, a PHP
  closure, a Python lambda or inner function the wrapper hands to a call): still the wrapper's
  request, unless the callback's own parameter hides the wrapper's.
"""

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


def _via(top: Path, name: str, file: str, line: int) -> str:
    return f"{name} at {shown_path(str(top / file))}:{line}"


def _codes(site: CallSite) -> list[str]:
    return [f.code for f in site.findings]


# -- Python -----------------------------------------------------------------------------------

PY_API = """\
import requests

BASE = "https://api.stripe.com/v1"


def stripe_post(path, params, customer=None):
    body = {**params, "expand[]": "payment_intent", "customer": customer}
    return requests.post(BASE + path, data=body, headers={"Authorization": "Bearer x"})


def stripe_call(method, path, **kwargs):
    return requests.request(method, BASE + path, auth=("sk", ""), **kwargs)


def stripe_retry(path, data):
    return with_retry(lambda: requests.post(BASE + path, data=data))


def stripe_inner(path, data):
    def send():
        return requests.post(BASE + path, data=data)

    return with_retry(send)
"""
PY_VIEWS = """\
from lib.stripe_api import stripe_call, stripe_inner, stripe_post, stripe_retry


def buy(user):
    return stripe_post("/checkout/sessions", {
        "mode": "payment",
        "line_items[0][price]": "price_1Pro",
        "line_items[0][quantity]": 1,
        "success_url": "https://app.example.com/ok",
    }, customer=user.stripe_id)


def buy_call(email):
    return stripe_call("POST", "/checkout/sessions", data={"mode": "payment",
        "line_items[0][price]": "price_2", "customer_email": email})


def buy_retry():
    return stripe_retry("/checkout/sessions", {"mode": "payment", "line_items[0][price]": "p3"})


def buy_inner():
    return stripe_inner("/checkout/sessions", {"mode": "payment", "line_items[0][price]": "p4"})


def read(session_id):
    return stripe_call("GET", f"/checkout/sessions/{session_id}")
"""


def test_python_wrappers_that_build_the_body_take_kwargs_or_call_back(tmp_path: Path) -> None:
    top = _tree(
        tmp_path, {"lib/stripe_api.py": PY_API, "lib/__init__.py": "", "app/views.py": PY_VIEWS}
    )
    sites = _scan(top)
    api = "lib/stripe_api.py"
    assert [(_where(s, top), s.kind, s.callee, s.via) for s in sites] == [
        (
            ("app/views.py", 5),
            "create",
            "stripe_post POST /v1/checkout/sessions",
            _via(top, "stripe_post", api, 8),
        ),
        (
            ("app/views.py", 14),
            "create",
            "stripe_call POST /v1/checkout/sessions",
            _via(top, "stripe_call", api, 12),
        ),
        (
            ("app/views.py", 19),
            "create",
            "stripe_retry POST /v1/checkout/sessions",
            _via(top, "stripe_retry", api, 16),
        ),
        (
            ("app/views.py", 23),
            "create",
            "stripe_inner POST /v1/checkout/sessions",
            _via(top, "stripe_inner", api, 21),
        ),
        (
            ("app/views.py", 27),
            "related",
            "stripe_call GET /v1/checkout/sessions/{id}",
            _via(top, "stripe_call", api, 12),
        ),
    ]
    post, call, retry, inner, _ = sites
    assert post.params == {
        "mode": "payment",
        "line_items": [{"price": "price_1Pro", "quantity": 1}],
        "success_url": "https://app.example.com/ok",
        "expand": ["payment_intent"],  # the wrapper's own key
        "customer": {"$dynamic": "user.stripe_id"},  # its parameter, the caller's value
    }
    assert "X015" in _codes(post)
    assert post.translation is not None and post.translation.dodo is not None
    assert post.translation.dodo["product_cart"][0]["quantity"] == 1
    assert call.params == {
        "mode": "payment",
        "line_items": [{"price": "price_2"}],
        "customer_email": {"$dynamic": "email"},
    }
    assert retry.params["line_items"] == [{"price": "p3"}]
    assert inner.params["line_items"] == [{"price": "p4"}]
    assert _scan(top, jobs=2) == sites  # the routes travel to the worker processes


def test_python_a_wrapper_left_out_parameter_of_its_own_body_is_left_out(tmp_path: Path) -> None:
    views = "from lib.stripe_api import stripe_post\n\n"
    views += 'stripe_post("/checkout/sessions", {"mode": "setup"})\n'
    top = _tree(tmp_path, {"lib/stripe_api.py": PY_API, "lib/__init__.py": "", "app/v.py": views})
    (site,) = _scan(top)
    assert site.params == {"mode": "setup", "expand": ["payment_intent"]}  # customer=None: none


LOOKALIKES = """\
import requests

API = "https://api.stripe.com/v1"


def signed(path, data):
    return requests.post(API + path, data=sign(data))


def two(path, data, extra):
    return requests.post(API + path, data={**data, **extra})


def hidden(path, data):
    return with_retry(lambda path: requests.post(API + path, data=data))


def calls():
    signed("/checkout/sessions", {"mode": "payment"})
    two("/checkout/sessions", {"mode": "payment"}, {})
    hidden("/checkout/sessions", {"mode": "payment"})
"""


def test_bodies_and_callbacks_that_make_no_raw_http_wrapper() -> None:
    """A body the wrapper computes from its parameter (a call of it), two parameters spread
    into one body (which holds what is not known), a callback's own parameter hiding the
    wrapper's path: no call of them is a site."""
    assert list(scan_source(LOOKALIKES, "helpers.py", BY_NAME["python"])) == []


# -- TypeScript -------------------------------------------------------------------------------

TS_API = """\
const base = "https://api.stripe.com";

export async function stripeFetch(path: string, init: RequestInit = {}) {
  const res = await fetch(base + path, {
    ...init,
    headers: { ...init.headers, Authorization: `Bearer ${process.env.STRIPE_SECRET_KEY}` },
  });
  return res.json();
}

export async function stripeForm(path: string, params: Record<string, string>) {
  return fetch(`${base}/v1${path}`, {
    method: "POST",
    body: new URLSearchParams({ ...params, "expand[]": "payment_intent" }),
  });
}

export function stripeThen(path: string, params: Record<string, string>) {
  return token().then((bearer) =>
    fetch(base + "/v1" + path, {
      method: "POST",
      body: new URLSearchParams(params),
      headers: { Authorization: bearer },
    }),
  );
}
"""
TS_CALLS = """\
import { stripeFetch, stripeForm, stripeThen } from "../lib/stripe";

export async function buy(email: string) {
  return stripeFetch("/v1/checkout/sessions", {
    method: "POST",
    body: new URLSearchParams({
      mode: "payment",
      "line_items[0][price]": "price_1Book",
      "line_items[0][quantity]": "2",
      customer_email: email,
    }),
  });
}

export async function plan(email: string) {
  const params = { mode: "subscription", "line_items[0][price]": "price_2", customer_email: email };
  return stripeForm("/checkout/sessions", params);
}

export const later = () =>
  stripeThen("/checkout/sessions", { mode: "payment", "line_items[0][price]": "p3" });

export async function read(id: string) {
  return stripeFetch(`/v1/checkout/sessions/${id}`);
}
"""


def test_typescript_fetch_init_from_the_caller_a_built_body_and_a_promise_chain(
    tmp_path: Path,
) -> None:
    top = _tree(tmp_path, {"lib/stripe.ts": TS_API, "app/checkout.ts": TS_CALLS})
    sites = _scan(top)
    lib = "lib/stripe.ts"
    assert [(_where(s, top), s.kind, s.callee, s.via) for s in sites] == [
        (
            ("app/checkout.ts", 4),
            "create",
            "stripeFetch POST /v1/checkout/sessions",
            _via(top, "stripeFetch", lib, 4),
        ),
        (
            ("app/checkout.ts", 17),
            "create",
            "stripeForm POST /v1/checkout/sessions",
            _via(top, "stripeForm", lib, 12),
        ),
        (
            ("app/checkout.ts", 21),
            "create",
            "stripeThen POST /v1/checkout/sessions",
            _via(top, "stripeThen", lib, 20),
        ),
        (
            ("app/checkout.ts", 24),
            "related",
            "stripeFetch GET /v1/checkout/sessions/{id}",
            _via(top, "stripeFetch", lib, 4),
        ),
    ]
    fetched, form, later, _ = sites
    assert fetched.params == {
        "mode": "payment",
        "line_items": [{"price": "price_1Book", "quantity": "2"}],
        "customer_email": {"$dynamic": "email"},
    }
    assert fetched.translation is not None and fetched.translation.dodo is not None
    assert fetched.translation.dodo["product_cart"][0]["quantity"] == 2
    assert form.params == {
        "mode": "subscription",
        "line_items": [{"price": "price_2"}],
        "customer_email": {"$dynamic": "email"},
        "expand": ["payment_intent"],
    }
    assert later.params["line_items"] == [{"price": "p3"}]


# -- Ruby -------------------------------------------------------------------------------------

RB_CLIENT = """\
class StripeClient
  BASE = "https://api.stripe.com/v1"

  def self.post(path, params)
    HTTParty.post("#{BASE}#{path}", body: params.merge(expand: ["payment_intent"]))
  end

  def self.retrying(path, params)
    with_retries(max_tries: 3) do
      HTTParty.post("#{BASE}#{path}", body: params, basic_auth: { username: KEY })
    end
  end
end
"""
RB_BILLING = """\
class Billing
  def checkout(user)
    StripeClient.post("/checkout/sessions", {
      mode: "subscription",
      "line_items[0][price]" => "price_1Pro",
      customer_email: user.email,
    })
  end

  def later
    StripeClient.retrying("/checkout/sessions", { mode: "payment", "line_items[0][price]" => "p2" })
  end
end
"""


def test_ruby_a_merged_body_and_a_request_in_a_block(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"lib/stripe_client.rb": RB_CLIENT, "app/billing.rb": RB_BILLING})
    sites = _scan(top)
    lib = "lib/stripe_client.rb"
    assert [(_where(s, top), s.kind, s.callee, s.via) for s in sites] == [
        (
            ("app/billing.rb", 3),
            "create",
            "StripeClient.post POST /v1/checkout/sessions",
            _via(top, "StripeClient.post", lib, 5),
        ),
        (
            ("app/billing.rb", 11),
            "create",
            "StripeClient.retrying POST /v1/checkout/sessions",
            _via(top, "StripeClient.retrying", lib, 10),
        ),
    ]
    merged, retried = sites
    assert merged.params == {
        "mode": "subscription",
        "line_items": [{"price": "price_1Pro"}],
        "customer_email": {"$dynamic": "user.email"},
        "expand": ["payment_intent"],
    }
    assert retried.params["line_items"] == [{"price": "p2"}]


# -- PHP --------------------------------------------------------------------------------------

PHP_GATEWAY = """\
<?php
use Illuminate\\Support\\Facades\\Http;

class Gateway
{
    private function request($url, $data)
    {
        return Http::asForm()->post('https://api.stripe.com/v1' . $url, array_merge($data, [
            'expand' => ['payment_intent'],
        ]))->object();
    }

    private function retried($url, $data)
    {
        return retry(3, function () use ($url, $data) {
            return Http::asForm()->post('https://api.stripe.com/v1' . $url, $data)->object();
        });
    }

    public function pay($total)
    {
        $this->request('/checkout/sessions', [
            'mode' => 'payment',
            'line_items' => [['price' => 'price_1', 'quantity' => 1]],
        ]);
        return $this->retried('/checkout/sessions', [
            'mode' => 'payment',
            'line_items' => [['price' => 'price_2', 'quantity' => 1]],
        ]);
    }
}
"""


def test_php_array_merge_body_and_a_request_in_a_closure() -> None:
    sites = list(scan_source(PHP_GATEWAY, "Gateway.php", BY_NAME["php"]))
    assert [(s.line, s.kind, s.callee, s.via) for s in sites] == [
        (
            22,
            "create",
            "this.request POST /v1/checkout/sessions",
            f"Gateway.request at {shown_path('Gateway.php')}:8",
        ),
        (
            26,
            "create",
            "this.retried POST /v1/checkout/sessions",
            f"Gateway.retried at {shown_path('Gateway.php')}:16",
        ),
    ]
    merged, retried = sites
    assert merged.params == {
        "mode": "payment",
        "line_items": [{"price": "price_1", "quantity": 1}],
        "expand": ["payment_intent"],
    }
    assert retried.params["line_items"] == [{"price": "price_2", "quantity": 1}]


# -- keys a wrapper sets on the caller's body, in every language -------------------------------

SET_ON_THE_BODY = {
    "go": (
        "api.go",
        """\
package billing

import (
	"net/http"
	"net/url"
	"strings"
)

const stripeAPI = "https://api.stripe.com/v1"

func stripeDo(path string, form url.Values) (*http.Response, error) {
	form.Set("expand[]", "payment_intent")
	req, _ := http.NewRequest("POST", stripeAPI+path, strings.NewReader(form.Encode()))
	return http.DefaultClient.Do(req)
}

func Checkout(email string) error {
	form := url.Values{}
	form.Set("mode", "payment")
	form.Set("line_items[0][price]", "price_1")
	form.Set("customer_email", email)
	_, err := stripeDo("/checkout/sessions", form)
	return err
}
""",
    ),
    "csharp": (
        "Shop.cs",
        """\
using System.Net.Http;

public class StripeApi
{
    private const string Base = "https://api.stripe.com/v1";
    private readonly HttpClient http = new HttpClient();

    public Task<HttpResponseMessage> Post(string path, Dictionary<string, string> form)
    {
        form["expand[]"] = "payment_intent";
        return http.PostAsync($"{Base}/{path}", new FormUrlEncodedContent(form));
    }
}

public class Shop
{
    private readonly StripeApi stripe = new StripeApi();

    public Task<HttpResponseMessage> Buy(string email)
    {
        return stripe.Post("checkout/sessions", new Dictionary<string, string> {
            ["mode"] = "payment", ["line_items[0][price]"] = "price_1",
            ["customer_email"] = email });
    }
}
""",
    ),
    "php": (
        "pay.php",
        """\
<?php
class Gateway {
    private function request($url, $data)
    {
        $data['expand'] = ['payment_intent'];
        return Http::asForm()->post('https://api.stripe.com/v1' . $url, $data)->object();
    }

    public function pay($email)
    {
        return $this->request('/checkout/sessions', ['mode' => 'payment',
            'customer_email' => $email, 'line_items' => [['price' => 'price_1']]]);
    }
}
""",
    ),
    "python": (
        "pay.py",
        """\
import requests

BASE = "https://api.stripe.com/v1"


def stripe_post(path, params):
    params["expand[]"] = "payment_intent"
    return requests.post(BASE + path, data=params)


def buy(email):
    return stripe_post("/checkout/sessions", {"mode": "payment", "customer_email": email,
                                              "line_items[0][price]": "price_1"})
""",
    ),
    "ruby": (
        "pay.rb",
        """\
class Pay
  BASE = "https://api.stripe.com/v1"

  def self.post(path, params)
    params[:expand] = ["payment_intent"]
    HTTParty.post("#{BASE}#{path}", body: params)
  end

  def self.buy(email)
    post("/checkout/sessions", { mode: "payment", customer_email: email,
                                 "line_items[0][price]" => "price_1" })
  end
end
""",
    ),
    "typescript": (
        "pay.ts",
        """\
const BASE = "https://api.stripe.com/v1";

async function call(path: string, form: URLSearchParams) {
  form.append("expand[]", "payment_intent");
  return fetch(BASE + path, { method: "POST", body: form });
}

export const buy = (email: string) => {
  const form = new URLSearchParams({ mode: "payment", customer_email: email });
  form.set("line_items[0][price]", "price_1");
  return call("/checkout/sessions", form);
};
""",
    ),
}


def test_keys_a_wrapper_sets_on_the_caller_s_body_are_the_site_s(tmp_path: Path) -> None:
    # `form.Set("expand[]", ...)` / `$data['expand'] = [...]` on the wrapper's body parameter:
    # the request sends them with the caller's params (they were lost at each call)
    for language, (name, code) in SET_ON_THE_BODY.items():
        (site,) = scan_source(code, name, BY_NAME[language])
        assert site.via is not None and site.kind == "create", language
        assert site.params["expand"] == ["payment_intent"], language
        assert site.params["line_items"] == [{"price": "price_1"}], language
        assert site.params["customer_email"] in (
            {"$dynamic": "email"},
            {"$dynamic": "$email"},
        ), language


PY_OWN_VALUES = """\
import requests

BASE = "https://api.stripe.com/v1"


class Api:
    def post(self, path, params, account):
        customer = lookup(account)
        reference = self.next_reference()
        body = {**params, "customer": customer, "metadata[tenant]": self.tenant,
                "client_reference_id": reference}
        return requests.post(BASE + path, data=body)

    def buy(self, user):
        return self.post("/checkout/sessions", {"mode": "payment",
                         "line_items[0][price]": "price_1", "line_items[0][quantity]": 1},
                         user.account)
"""


def test_python_own_values_from_the_wrapper_s_locals_and_object() -> None:
    """The wrapper's own keys read its locals and its object: written out in the caller's
    terms (its parameter the caller's argument, ``self`` the receiver)."""
    (site,) = scan_source(PY_OWN_VALUES, "api.py", BY_NAME["python"])
    assert site.params == {
        "mode": "payment",
        "line_items": [{"price": "price_1", "quantity": 1}],
        "customer": {"$dynamic": "lookup(user.account)"},
        "metadata": {"tenant": {"$dynamic": "self.tenant"}},
        "client_reference_id": {"$dynamic": "self.next_reference()"},
    }
    (note,) = [f for f in site.findings if f.code == "X015"]
    assert "inside the wrapper: self.tenant, reference)" in note.message  # uses no parameter
    assert site.suggestion is not None
    assert "dodo_customer_id(lookup(user.account))" in site.suggestion


DIRECT = """\
import requests

SESSIONS = "https://api.stripe.com/v1/checkout/sessions"


def create_session(params):
    return requests.post(SESSIONS, data={**params, "mode": "payment"})


def buy(email):
    return create_session({"line_items[0][price]": "price_1", "line_items[0][quantity]": 1,
                           "customer_email": email})


def loaded():
    extra = load_settings()
    return requests.post(SESSIONS, data={**extra, "mode": "payment",
                                         "line_items[0][price]": "price_2"})
"""


def test_params_spread_into_a_raw_request_s_body_are_never_dropped() -> None:
    """A raw request to the sessions endpoint whose body spreads its function's parameter is
    a wrapper (its callers' bracket keys nest as its own); a spread of a value not read is
    RT006 (the params may hold more), as the SDK's ``**options``. Both were dropped."""
    wrapper, call, loaded = scan_source(DIRECT, "pay.py", BY_NAME["python"])
    assert "X014" in _codes(wrapper)
    assert call.via == "create_session at pay.py:7"
    assert call.params == {
        "mode": "payment",
        "line_items": [{"price": "price_1", "quantity": 1}],
        "customer_email": {"$dynamic": "email"},
    }
    assert "C090" not in _codes(call)
    assert loaded.params["line_items"] == [{"price": "price_2"}]
    assert "RT006" in _codes(loaded)


def test_a_raw_request_whose_body_is_not_read_is_still_a_checkout_session() -> None:
    """worf's shape: the body from a helper method the scan does not read. It was "not a
    Checkout Session create request: skipped" (G012); it is one, its cart unknown (RT007)."""
    code = (
        "import requests\n\n"
        "class Checkouts:\n"
        "    def create(self, customer):\n"
        "        data = self._request_data(customer)\n"
        "        return requests.post('https://api.stripe.com/v1/checkout/sessions', data=data)\n"
    )
    (site,) = scan_source(code, "checkouts.py", BY_NAME["python"])
    assert site.kind == "create"
    assert "G012" not in _codes(site)
    assert "RT007" in _codes(site) and site.verdict == "blocked"
