"""Raw HTTP requests to the Stripe API (``migrate/scan/http.py``): found from their URL in
every language, their body read as params, translated by endpoint; look-alikes left alone."""

from __future__ import annotations

from typing import Any

import pytest

from migrate.scan.http import endpoint
from migrate.scan.http_urls import Url
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source


def _sites(code: str, language: str, path: str = "app") -> list[CallSite]:
    suffix = {"python": ".py", "typescript": ".ts", "php": ".php", "ruby": ".rb"}
    suffix |= {"go": ".go", "java": ".java", "csharp": ".cs", "javascript": ".js"}
    return list(scan_source(code, path + suffix[language], BY_NAME[language]))


def _one(code: str, language: str) -> CallSite:
    sites = [s for s in _sites(code, language) if s.kind == "create"]
    assert len(sites) == 1, [(s.line, s.callee) for s in sites]
    return sites[0]


def _dyn(site: CallSite) -> list[tuple[str, str]]:
    return [(d.path, d.source) for d in site.dynamic]


# -- endpoints --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "callee", "generic", "expected"),
    [
        (
            Url("https://api.stripe.com/v1/checkout/sessions"),
            "fetch",
            True,
            "/v1/checkout/sessions",
        ),
        (
            Url("https://api.stripe.com/v1/checkout/sessions/"),
            "fetch",
            True,
            "/v1/checkout/sessions",
        ),
        (
            Url("https://api.stripe.com/v1/checkout/sessions?expand[]=x"),
            "f",
            True,
            "/v1/checkout/sessions",
        ),
        (
            Url("\x00/v1/checkout/sessions", ("BASE",)),
            "requests.post",
            True,
            "/v1/checkout/sessions",
        ),
        (Url("\x00/checkout/sessions", ("STRIPE_API",)), "fetch", True, "/v1/checkout/sessions"),
        (Url("/v1/checkout/sessions"), "self.post", False, "/v1/checkout/sessions"),
        (Url("checkout/sessions"), "ApiRequest.request", False, "/v1/checkout/sessions"),
        (
            Url("https://api.stripe.com/v1/checkout/sessions/\x00", ("id",)),
            "f",
            True,
            "/v1/checkout/sessions/{id}",
        ),
        (Url("https://api.stripe.com/v1/payment_intents"), "f", True, "/v1/payment_intents"),
        # not Stripe: another host, a project's own API, another Stripe endpoint, no path
        (Url("https://api.example.com/v1/checkout/sessions"), "fetch", True, None),
        (Url("https://stripe.com/docs/api/checkout/sessions"), "fetch", True, None),
        (Url("/checkout/sessions"), "fetch", True, None),
        (Url("/api/checkout/sessions"), "axios.post", True, None),
        (Url("\x00/checkout/sessions", ("API_URL",)), "fetch", True, None),
        (Url("checkout/sessions"), "fetch", True, None),
        (Url("https://api.stripe.com/v1/customers"), "fetch", True, None),
        (Url("https://api.stripe.com/v1/checkout/sessions/\x00/other", ("id",)), "f", True, None),
    ],
)
def test_the_endpoint_of_a_url(url: Url, callee: str, generic: bool, expected: str | None) -> None:
    assert endpoint(url, callee, generic) == expected


# -- every language ---------------------------------------------------------------------------

PY_REQUESTS = """\
import requests
STRIPE_API = "https://api.stripe.com"

def checkout(price_id, user):
    response = requests.post(
        f"{STRIPE_API}/v1/checkout/sessions",
        data={
            "mode": "subscription",
            "line_items[0][price]": price_id,
            "line_items[0][quantity]": 1,
            "payment_method_types[]": ["card", "link"],
            "metadata[user_id]": user.id,
            "success_url": "https://app.example.com/ok",
        },
        auth=(STRIPE_KEY, ""),
    )
    return response.json()
"""


def test_python_requests_post_with_a_form_dict() -> None:
    site = _one(PY_REQUESTS, "python")
    assert site.callee == "requests.post POST /v1/checkout/sessions"
    assert (site.line, site.span) == (5, None)  # never rewritten in place: the response differs
    assert site.params == {
        "mode": "subscription",
        "line_items": [{"price": {"$dynamic": "price_id"}, "quantity": 1}],
        "payment_method_types": ["card", "link"],
        "metadata": {"user_id": {"$dynamic": "user.id"}},
        "success_url": "https://app.example.com/ok",
    }
    assert _dyn(site) == [("line_items[0].price", "price_id"), ("metadata.user_id", "user.id")]
    assert site.translation is not None and site.translation.dodo is not None
    assert "client.checkout_sessions.create(" in site.suggestion


def test_python_httpx_json_and_a_url_bound_to_a_name() -> None:
    code = (
        "import httpx\n"
        "URL = 'https://api.stripe.com/v1/checkout/sessions'\n"
        "async def go(client: httpx.AsyncClient, email):\n"
        "    url = URL\n"
        "    return await client.post(url, json={'mode': 'setup', 'customer_email': email})\n"
    )
    site = _one(code, "python")
    assert site.params == {"mode": "setup", "customer_email": {"$dynamic": "email"}}


def test_python_form_keys_set_in_a_loop_make_a_run_time_map_entry() -> None:
    code = (
        "def body(self, metadata):\n"
        "    data = {'mode': 'payment', 'metadata[source]': 'web'}\n"
        "    for k, v in metadata.items():\n"
        "        data[f'metadata[{k}]'] = v\n"
        "    return self.post('/v1/checkout/sessions', data=data)\n"
    )
    site = _one(code, "python")
    assert site.callee == "self.post POST /v1/checkout/sessions"
    assert site.params == {"mode": "payment", "metadata": {"source": "web"}}
    assert _dyn(site) == [("metadata", "metadata")]  # the map the loop walks the pairs of


TS_FETCH = """\
const STRIPE = "https://api.stripe.com";
export async function createSession(priceId: string, origin: string, items: Item[]) {
  const form = new URLSearchParams();
  form.set("mode", "payment");
  form.set("success_url", `${origin}/success`);
  form.append("payment_method_types[]", "card");
  form.set("line_items[0][price]", priceId);
  let i = 1;
  for (const item of items) {
    form.set(`line_items[${i}][quantity]`, String(item.quantity));
    form.set(`line_items[${i}][price_data][currency]`, "eur");
    form.set(`line_items[${i}][price_data][unit_amount]`, String(item.cents));
    i++;
  }
  form.set(`line_items[${i}][price]`, "price_1Delivery");
  form.set(`line_items[${i}][quantity]`, "1");
  const res = await fetch(`${STRIPE}/v1/checkout/sessions`, {
    method: "POST",
    headers: { Authorization: `Bearer ${process.env.STRIPE_SECRET_KEY}` },
    body: form.toString(),
  });
  return res.json();
}
"""


def test_fetch_with_url_search_params_built_by_calls_and_a_loop() -> None:
    site = _one(TS_FETCH, "typescript")
    assert (site.line, site.callee) == (17, "fetch POST /v1/checkout/sessions")
    each: dict[str, Any] = {
        "$dynamic": "items",
        "$each": {
            "over": "items",
            "as": "item",
            "item": {
                "quantity": {"$dynamic": "String(item.quantity)"},
                "price_data": {
                    "currency": "eur",
                    "unit_amount": {"$dynamic": "String(item.cents)"},
                },
            },
        },
    }
    assert site.params == {
        "mode": "payment",
        "success_url": {"$dynamic": "`${origin}/success`"},
        "payment_method_types": ["card"],
        "line_items": [
            {"price": {"$dynamic": "priceId"}},
            each,
            {"price": "price_1Delivery", "quantity": "1"},
        ],
    }


def test_a_list_built_only_in_a_loop_is_an_each_over_the_collection() -> None:
    code = (
        "async function go(items) {\n"
        "  const body = new URLSearchParams({ mode: 'payment' });\n"
        "  items.forEach(() => {});\n"
        "  for (const [i, item] of items.entries()) {\n"
        "    body.append(`line_items[${i}][price]`, item.priceId);\n"
        "    body.append(`line_items[${i}][quantity]`, String(item.qty));\n"
        "  }\n"
        "  return fetch('https://api.stripe.com/v1/checkout/sessions', { method: 'POST', body });\n"
        "}\n"
    )
    site = _one(code, "javascript")
    item = {"price": {"$dynamic": "item.priceId"}, "quantity": {"$dynamic": "String(item.qty)"}}
    over = "items.entries()"
    assert site.params == {
        "mode": "payment",
        "line_items": {"$dynamic": over, "$each": {"over": over, "as": "[i, item]", "item": item}},
    }


@pytest.mark.parametrize(
    "call",
    [
        'axios.post("https://api.stripe.com/v1/checkout/sessions", qs.stringify(params))',
        'got.post("https://api.stripe.com/v1/checkout/sessions", { form: params })',
        "ky.post(STRIPE_SESSIONS, { body: new URLSearchParams(params) })",
        'axios({ url: STRIPE_SESSIONS, method: "post", data: params })',
        'stripeApi.post("/checkout/sessions", params)',
    ],
)
def test_javascript_clients(call: str) -> None:
    code = (
        "const STRIPE_SESSIONS = 'https://api.stripe.com/v1/checkout/sessions';\n"
        "const params = { mode: 'payment', line_items: [{ price: 'price_1Js', quantity: 1 }] };\n"
        f"await {call};\n"
    )
    site = _one(code, "javascript")
    assert site.params == {"mode": "payment", "line_items": [{"price": "price_1Js", "quantity": 1}]}


PHP_CURL = """\
<?php
namespace App\\Billing;

class StripeGateway
{
    const API = 'https://api.stripe.com/v1';

    public function checkout($priceId, $email)
    {
        $data = ['mode' => 'subscription', 'customer_email' => $email];
        $data['line_items'] = [['price' => $priceId, 'quantity' => 1]];
        $ch = curl_init(self::API . '/checkout/sessions');
        curl_setopt($ch, CURLOPT_POSTFIELDS, http_build_query($data));
        curl_setopt($ch, CURLOPT_USERPWD, $this->key . ':');
        return json_decode(curl_exec($ch), true);
    }

    public function guzzle($price)
    {
        return $this->http->request('POST', self::API . '/checkout/sessions', [
            'form_params' => [
                'mode' => 'payment',
                'line_items' => [['price' => $price, 'quantity' => 2]],
            ],
        ]);
    }

    public function wordpress($args)
    {
        return wp_remote_post(self::API . '/checkout/sessions', ['body' => ['mode' => 'setup']]);
    }

    public static function helper($args)
    {
        return ApiRequest::request($args, 'checkout/sessions');
    }
}
"""


def test_php_curl_guzzle_wordpress_and_a_request_helper() -> None:
    sites = [s for s in _sites(PHP_CURL, "php") if s.kind == "create"]
    assert [(s.line, s.callee) for s in sites] == [
        (12, "curl_init POST /v1/checkout/sessions"),
        (20, "this.http.request POST /v1/checkout/sessions"),
        (30, "wp_remote_post POST /v1/checkout/sessions"),
        (35, "ApiRequest.request POST /v1/checkout/sessions"),
    ]
    assert sites[0].params == {
        "mode": "subscription",
        "customer_email": {"$dynamic": "$email"},
        "line_items": [{"price": {"$dynamic": "$priceId"}, "quantity": 1}],
    }
    assert sites[1].params == {
        "mode": "payment",
        "line_items": [{"price": {"$dynamic": "$price"}, "quantity": 2}],
    }
    assert sites[2].params == {"mode": "setup"}
    assert (sites[3].params, _dyn(sites[3])) == ({}, [("", "$args")])


def test_ruby_net_http_and_httparty() -> None:
    code = """\
class Billing
  BASE = "https://api.stripe.com/v1"
  def checkout(price_id)
    uri = URI("#{BASE}/checkout/sessions")
    req = Net::HTTP::Post.new(uri)
    req.basic_auth(ENV["STRIPE_SECRET_KEY"], "")
    req.set_form_data("mode" => "payment", "line_items[0][price]" => price_id)
    Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |http| http.request(req) }
  end

  def setup(email)
    HTTParty.post("#{BASE}/checkout/sessions", body: { mode: "setup", customer_email: email })
  end
end
"""
    sites = [s for s in _sites(code, "ruby") if s.kind == "create"]
    assert [(s.line, s.params) for s in sites] == [
        (5, {"mode": "payment", "line_items": [{"price": {"$dynamic": "price_id"}}]}),
        (12, {"mode": "setup", "customer_email": {"$dynamic": "email"}}),
    ]


def test_go_new_request_with_url_values() -> None:
    code = """\
package billing

const stripeAPI = "https://api.stripe.com/v1"

func Checkout(priceID string) (*http.Response, error) {
	form := url.Values{"mode": {"subscription"}}
	form.Set("line_items[0][price]", priceID)
	form.Add("line_items[0][quantity]", "1")
	body := strings.NewReader(form.Encode())
	req, _ := http.NewRequest(http.MethodPost, stripeAPI+"/checkout/sessions", body)
	return http.DefaultClient.Do(req)
}
"""
    site = _one(code, "go")
    assert site.params == {
        "mode": "subscription",
        "line_items": [{"price": {"$dynamic": "priceID"}, "quantity": "1"}],
    }


def test_csharp_post_async_with_form_url_encoded_content() -> None:
    code = """\
class Billing {
  const string Url = "https://api.stripe.com/v1/checkout/sessions";
  async Task<string> Create(string priceId) {
    var form = new Dictionary<string, string> {
      { "mode", "payment" },
      ["line_items[0][price]"] = priceId,
    };
    form.Add("line_items[0][quantity]", "1");
    var res = await http.PostAsync(Url, new FormUrlEncodedContent(form));
    return await res.Content.ReadAsStringAsync();
  }
}
"""
    site = _one(code, "csharp")
    assert site.params == {
        "mode": "payment",
        "line_items": [{"price": {"$dynamic": "priceId"}, "quantity": "1"}],
    }


def test_csharp_form_dictionary_indexer_assignments_after_its_initializer() -> None:
    """``parameters["line_items[0][...]"] = ...`` after the initializer (dynamicweb's shape)
    counts as the initializer's entries do: the cart was unknown (RT007)."""
    code = """\
class Billing {
  async Task<string> Create(Order order, string completeUrl) {
    var parameters = new Dictionary<string, string>
    {
      ["mode"] = "payment",
      ["success_url"] = completeUrl,
    };
    parameters["line_items[0][quantity]"] = "1";
    parameters["line_items[0][price_data][currency]"] = order.CurrencyCode;
    parameters.Add("line_items[0][price_data][unit_amount]", order.PricePip.ToString());
    parameters["line_items[0][price_data][product_data][name]"] = "Total amount";
    parameters["mode"] = "subscription";
    var res = await http.PostAsync("https://api.stripe.com/v1/checkout/sessions",
        new FormUrlEncodedContent(parameters));
    return await res.Content.ReadAsStringAsync();
  }
}
"""
    site = _one(code, "csharp")
    assert site.params == {
        "mode": "subscription",
        "success_url": {"$dynamic": "completeUrl"},
        "line_items": [
            {
                "quantity": "1",
                "price_data": {
                    "currency": {"$dynamic": "order.CurrencyCode"},
                    "unit_amount": {"$dynamic": "order.PricePip.ToString()"},
                    "product_data": {"name": "Total amount"},
                },
            }
        ],
    }
    assert "RT011" in [f.code for f in site.findings]
    assert "RT007" not in [f.code for f in site.findings]


def test_csharp_form_list_of_key_value_pairs() -> None:
    code = """\
class Billing {
  async Task<string> Create(string priceId) {
    var form = new List<KeyValuePair<string, string>>
    {
      new KeyValuePair<string, string>("mode", "payment"),
    };
    form.Add(new KeyValuePair<string, string>("line_items[0][price]", priceId));
    var res = await http.PostAsync("https://api.stripe.com/v1/checkout/sessions",
        new FormUrlEncodedContent(form));
    return await res.Content.ReadAsStringAsync();
  }
}
"""
    assert _one(code, "csharp").params == {
        "mode": "payment",
        "line_items": [{"price": {"$dynamic": "priceId"}}],
    }


def test_java_okhttp_form_body() -> None:
    code = """\
class Billing {
  Response create(String priceId) throws Exception {
    RequestBody body = new FormBody.Builder()
        .add("mode", "payment")
        .add("line_items[0][price]", priceId)
        .build();
    Request request = new Request.Builder()
        .url("https://api.stripe.com/v1/checkout/sessions")
        .post(body)
        .build();
    return client.newCall(request).execute();
  }
}
"""
    site = _one(code, "java")
    assert site.params == {"mode": "payment", "line_items": [{"price": {"$dynamic": "priceId"}}]}


# -- by endpoint ------------------------------------------------------------------------------


def test_the_calls_around_checkout_and_reads_route_by_endpoint() -> None:
    code = (
        "def charge(customer_id, pm):\n"
        "    requests.post('https://api.stripe.com/v1/payment_intents', data={'amount': 2000,"
        " 'currency': 'usd', 'customer': customer_id, 'payment_method': pm,"
        " 'off_session': 'true', 'confirm': 'true'})\n"
        "def read(session_id):\n"
        "    return requests.get(f'https://api.stripe.com/v1/checkout/sessions/{session_id}')\n"
        "def expire(session_id):\n"
        "    requests.post(f'https://api.stripe.com/v1/checkout/sessions/{session_id}/expire')\n"
        "def card(sub_id, pm):\n"
        "    requests.post(f'https://api.stripe.com/v1/subscriptions/{sub_id}',"
        " data={'default_payment_method': pm})\n"
    )
    sites = _sites(code, "python")
    assert [(s.line, s.kind, s.rule) for s in sites] == [
        (2, "create", None),
        (4, "related", "X001"),
        (6, "related", "X011"),
        (8, "related", "X028"),
    ]  # a subscription update that only sets the payment method: related code, as the SDK's
    t = sites[0].translation
    assert t is not None and t.request is not None  # routed as a call around Checkout


LOOKALIKES = {
    "python": """\
import requests, respx
# requests.post("https://api.stripe.com/v1/checkout/sessions", data=params)
requests.post("https://api.example.com/v1/checkout/sessions", data={"mode": "payment"})
requests.post("https://api.stripe.com/v1/customers", data={"email": "a@example.com"})
respx.post("https://api.stripe.com/v1/checkout/sessions").mock(return_value=httpx.Response(200))
responses.add(responses.POST, "https://api.stripe.com/v1/checkout/sessions", json={})
log.info("POST https://api.stripe.com/v1/checkout/sessions")
""",
    "typescript": """\
await fetch("/checkout/sessions", { method: "POST", body: JSON.stringify({ priceId }) });
await axios.post(`${API_URL}/checkout/sessions`, { priceId });
await fetch("https://api.stripe.com/v1/checkout/sessions/" + id);
server.use(http.post("https://api.stripe.com/v1/checkout/sessions", () => HttpResponse.json({})));
nock("https://api.stripe.com").post("/v1/checkout/sessions").reply(200, {});
const docs = "https://stripe.com/docs/api/checkout/sessions";
""",
    "ruby": """\
stub_request(:post, "https://api.stripe.com/v1/checkout/sessions").to_return(body: "{}")
WebMock.stub_request(:post, "https://api.stripe.com/v1/payment_intents")
""",
}


@pytest.mark.parametrize("language", sorted(LOOKALIKES))
def test_look_alikes_are_not_creations(language: str) -> None:
    assert [
        (s.line, s.callee) for s in _sites(LOOKALIKES[language], language) if s.kind != "related"
    ] == []


GET_HELPERS = {
    "python": """\
def validate(secret_key):
    header = {"Authorization": "Bearer {}".format(secret_key)}
    make_get_request(url="https://api.stripe.com/v1/charges", headers=header)
    stripe_request("https://api.stripe.com/v1/payment_intents", headers=header)
""",
    "typescript": """\
const ok = await stripeGet("https://api.stripe.com/v1/charges", { headers: { Authorization } });
""",
    "php": """\
<?php
function check($headers) {
    return $this->apiGet('https://api.stripe.com/v1/charges', ['headers' => $headers]);
}
""",
    "ruby": """\
def check(headers)
  stripe_get("https://api.stripe.com/v1/payment_intents", headers: headers)
end
""",
    "go": """\
package billing

func check(headers map[string]string) error {
	return sendGetRequest("https://api.stripe.com/v1/charges", headers)
}
""",
    "java": """\
class Keys {
  String check(Map<String, String> headers) {
    return apiGet("https://api.stripe.com/v1/charges", headers);
  }
}
""",
    "csharp": """\
class Keys {
  async Task<string> Check(Dictionary<string, string> headers) {
    return await SendGetRequest("https://api.stripe.com/v1/charges", headers);
  }
}
""",
}


@pytest.mark.parametrize("language", sorted(GET_HELPERS))
def test_a_helper_that_says_get_or_passes_only_headers_is_no_creation(language: str) -> None:
    """A project's request helper whose name says GET (a key check listing charges), or that
    passes headers and no body, reads: its headers are not the params of a creation."""
    assert [
        (s.line, s.callee) for s in _sites(GET_HELPERS[language], language) if s.kind != "related"
    ] == []


def test_a_helper_s_headers_are_never_its_body() -> None:
    code = (
        "def create(h):\n"
        "    return stripe_request('POST', 'https://api.stripe.com/v1/checkout/sessions',"
        " headers=h, data={'mode': 'payment'})\n"
    )
    assert _one(code, "python").params == {"mode": "payment"}


VENDORED_PHP = """\
<?php
namespace Stripe\\Service\\Checkout;

class SessionService extends \\Stripe\\Service\\AbstractService
{
    public function create($params = null, $opts = null)
    {
        return $this->request('post', '/v1/checkout/sessions', $params, $opts);
    }
}
"""


def test_stripe_sdk_source_copied_into_a_project_is_skipped() -> None:
    assert (
        _sites(VENDORED_PHP, "php", "includes/lib/Stripe/lib/Service/Checkout/SessionService") == []
    )
    own = VENDORED_PHP.replace("namespace Stripe\\Service\\Checkout;", "namespace App\\Payments;")
    assert [s.kind for s in _sites(own, "php")] == ["create"]  # the same code, the project's own
    python_sdk = (
        "from stripe._api_requestor import _APIRequestor\n"
        "def create(params):\n"
        "    return _APIRequestor.request('post', '/v1/checkout/sessions', params)\n"
    )
    assert _sites(python_sdk, "python", "vendor_libs/stripe/_checkout_session") == []
    assert [s.kind for s in _sites(python_sdk, "python", "billing/checkout")] == ["create"]


def test_stripe_sdk_source_copied_under_a_plugin_prefix_is_skipped() -> None:
    # WordPress plugins ship stripe-php renamed by Strauss / PHP-Scoper: the SDK's own
    # SessionService is no creation site of the plugin
    prefixed = VENDORED_PHP.replace("Stripe\\Service", "Acme\\Vendor\\Stripe\\Service")
    assert "namespace Acme\\Vendor\\Stripe\\Service\\Checkout;" in prefixed
    assert _sites(prefixed, "php", "lib/Stripe/lib/Service/Checkout/SessionService") == []
    resource = (
        "<?php\nnamespace Acme\\Vendor\\Stripe;\n"
        "class Subscription extends ApiResource {\n"
        "    public static function make($params) {\n"
        "        return static::_staticRequest('post', '/v1/checkout/sessions', $params);\n"
        "    }\n"
        "}\n"
    )
    assert _sites(resource, "php", "lib/Stripe/lib/Subscription") == []
    # the plugin's own class in a Stripe namespace, extending its own base, is still read
    own = prefixed.replace("\\Acme\\Vendor\\Stripe\\Service\\AbstractService", "Gateway")
    assert [s.kind for s in _sites(own, "php")] == ["create"]


REQUEST_CLASS = """\
<?php
namespace Acme\\Stripe\\Message;

class PurchaseRequest extends AbstractRequest
{
    public function getData()
    {
        $data = [
            'mode' => 'payment',
            'success_url' => $this->getReturnUrl(),
            'line_items' => [['price' => $this->getPriceId(), 'quantity' => 1]],
        ];
        return $data;
    }

    public function getEndpoint()
    {
        return $this->endpoint . '/checkout/sessions';
    }
}

class FetchRequest extends AbstractRequest
{
    public function getHttpMethod()
    {
        return 'GET';
    }

    public function getEndpoint()
    {
        return $this->endpoint . '/checkout/sessions/' . $this->getSessionId();
    }
}
"""


def test_a_request_class_s_endpoint_and_data_methods_make_the_request() -> None:
    sites = _sites(REQUEST_CLASS, "php")
    assert [(s.line, s.kind, s.callee, s.rule) for s in sites] == [
        (
            18,
            "create",
            "Acme.Stripe.Message.PurchaseRequest.getEndpoint POST /v1/checkout/sessions",
            None,
        ),
        (
            31,
            "related",
            "Acme.Stripe.Message.FetchRequest.getEndpoint GET /v1/checkout/sessions/{id}",
            "X001",
        ),
    ]
    assert sites[0].params == {
        "mode": "payment",
        "success_url": {"$dynamic": "$this->getReturnUrl()"},
        "line_items": [{"price": {"$dynamic": "$this->getPriceId()"}, "quantity": 1}],
    }
    elsewhere = REQUEST_CLASS.replace("Acme\\Stripe\\Message", "Acme\\Shop\\Message")
    assert _sites(elsewhere, "php") == []  # a relative path joined to a base not Stripe's


# -- URLs held by constants, methods said by expressions --------------------------------------

HELD = {
    "php": """\
<?php
class Gateway
{
    const SESSIONS = 'https://api.stripe.com/v1/checkout/sessions';

    public function pay($price)
    {
        return wp_remote_post(self::SESSIONS, ['method' => 'POST', 'body' => apply_filters(
            'my_body', ['mode' => 'payment', 'line_items' => [['price' => $price]]])]);
    }
}
""",
    "go": """\
package billing

const sessionsURL = "https://api.stripe.com/v1/checkout/sessions"

func Checkout(price string) {
	form := url.Values{"mode": {"payment"}}
	form.Set("line_items[0][price]", price)
	req, _ := http.NewRequest("POST", sessionsURL, strings.NewReader(form.Encode()))
	http.DefaultClient.Do(req)
}
""",
    "csharp": """\
class Billing {
  const string Base = "https://api.stripe.com/v1";
  async Task<string> Create(string price) {
    var form = new Dictionary<string, string> { { "mode", "payment" } };
    form.Add("line_items[0][price]", price);
    var res = await http.PostAsync($"{Base}/checkout/sessions", new FormUrlEncodedContent(form));
    return await res.Content.ReadAsStringAsync();
  }
}
""",
    "ruby": """\
class Billing
  SESSIONS = "https://api.stripe.com/v1/checkout/sessions"
  def checkout(price)
    params = { "mode" => "payment", "line_items[0][price]" => price }
    req = Net::HTTP::Post.new(URI(Billing::SESSIONS))
    req.set_form_data(params)
  end
end
""",
    "python": """\
import requests
SESSIONS = "https://api.stripe.com/v1/checkout/sessions"

def go(price):
    return requests.post(f"{SESSIONS}", data={"mode": "payment", "line_items[0][price]": price})
""",
}


@pytest.mark.parametrize("language", sorted(HELD))
def test_a_url_held_by_a_constant_read_on_its_class_or_interpolated_is_followed(
    language: str,
) -> None:
    """``self::SESSIONS``, ``Billing::SESSIONS``, Go's ``const``, a name interpolated in a
    string (``f"{SESSIONS}"``, ``$"{Base}/..."``); WordPress's body filter and
    ``set_form_data(params)`` are read through."""
    site = _one(HELD[language], language)
    assert site.callee.endswith(" POST /v1/checkout/sessions")
    price = {"csharp": "price", "php": "$price"}.get(language, "price")
    assert site.params == {"mode": "payment", "line_items": [{"price": {"$dynamic": price}}]}


def test_a_method_said_by_an_expression_is_read_where_the_client_takes_it() -> None:
    """Guzzle's ``request($method, $url, $options)``, Laravel's ``->$method($url, $data)`` and
    WordPress's ``'method'`` option (which wins over the function's name)."""
    code = """\
<?php
class Gateway
{
    const SESSIONS = 'https://api.stripe.com/v1/checkout/sessions';

    public function guzzle($method)
    {
        $url = self::SESSIONS;
        return $this->client->request($method, $url, ['form_params' => ['mode' => 'setup']]);
    }

    public function laravel($verb)
    {
        return Http::asForm()->$verb(self::SESSIONS, ['mode' => 'payment']);
    }

    public function read()
    {
        return wp_remote_post(self::SESSIONS . '/cs_1', ['method' => 'GET']);
    }
}
"""
    sites = _sites(code, "php")
    assert [(s.line, s.kind, s.callee) for s in sites] == [
        (9, "create", "this.client.request POST /v1/checkout/sessions"),
        (14, "create", "Http.asForm.$verb POST /v1/checkout/sessions"),
        (19, "related", "wp_remote_post GET /v1/checkout/sessions/cs_1"),
    ]  # a run-time method with a body: a POST, as for curl and Go
    assert sites[0].params == {"mode": "setup"}  # the options' form, not the method


def test_a_raw_request_s_value_a_finding_speaks_for_has_no_todo_comment_too() -> None:
    # seen in a WordPress plugin posting to checkout/sessions: every run-time value with a
    # finding saying what it becomes (RT001: the product's name; RT050: the address choice
    # carried as minimal_address) was also a bare "TODO: set from" above the Dodo call
    site = _one(
        "import requests\n\n"
        "def checkout(name, cents, need_address, price_id, secret):\n"
        "    return requests.post(\n"
        '        "https://api.stripe.com/v1/checkout/sessions",\n'
        "        auth=(secret, ''),\n"
        "        data={\n"
        '            "mode": "payment",\n'
        '            "line_items[0][price]": price_id,\n'
        '            "line_items[0][quantity]": 1,\n'
        '            "success_url": "https://shop.example/ok",\n'
        '            "submit_type": "donate" if cents > 500 else "pay",\n'
        '            "billing_address_collection": "required" if need_address else "auto",\n'
        "        },\n"
        "    )\n",
        "python",
    )
    codes = {(f.code, f.path) for f in site.findings}
    assert ("RT050", "billing_address_collection") in codes
    assert any(code.startswith(("RT0", "C0")) and path == "submit_type" for code, path in codes)
    assert site.suggestion is not None and "TODO: set from" not in site.suggestion
    assert "minimal_address" in site.suggestion and "need_address" in site.suggestion
