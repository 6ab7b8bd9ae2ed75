"""Run-time values of every form (code, choice, each, field, missing) and op in the suggested Dodo
call of every family (migrate/scan/suggest.py, suggest_values.py, suggest_langs.py), on the bodies
of runtime_cases.py. Where the language runs here (Python, Node, bash, Java) the suggestion is run
against stubs of the client, the id-map look-ups and the site's values, and the body it sends is
compared with the one the Stripe call meant; for Ruby, PHP, Go and C#, whose tools are not
installed, the code is checked for its structure (the language's map and conditional, brackets
that balance outside strings, the look-ups' import)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import types
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from migrate.mapping.expr import Expr
from migrate.scan.extract import Dynamic
from migrate.scan.suggest import suggestion
from migrate.scan.suggest_values import without_session_template
from tests.scan.runtime_cases import CHARGE, FAMILIES, MISSING, SOURCES, bodies

IDS = {
    "price_basic": "pdt_basic",
    "price_basic_yearly": "pdt_basic_yearly",
    "price_env": "pdt_env",
    "price_a": "pdt_a",
    "price_b": "pdt_b",
    "cus_1": "cus_dodo_1",
    "SPRING": "SPRING24",
}
"""The id map the look-up stubs read (each fails loudly on an id it does not hold)."""


def _rendered(family: str, name: str, **kw: Any) -> str:
    body, path = bodies(family)[name]
    return suggestion(family, body, (), path=path, **kw)


# -- every family: what the code says --------------------------------------------------------

CASES = sorted(bodies("python"))


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("name", CASES)
def test_run_time_values_are_code_not_todo(family: str, name: str) -> None:
    code = _rendered(family, name)
    assert "TODO: set from" not in code
    assert "{CHECKOUT_SESSION_ID}" not in code and "{{CHECKOUT_SESSION_ID}}" not in code
    assert "TODO_" not in code or (family == "shell" and name == "each-field")


LOOKUP_IMPORT = {
    "python": "from dodo_ids import ",
    "node": 'from "./dodo-ids";',
    "ruby": 'require_relative "dodo_ids"',
    "php": "require_once __DIR__ . '/DodoIds.php';",
    "go": '"<module>/dodoids"',
    "java": "dodo.DodoIds",
    "kotlin": "dodo.DodoIds",
    "csharp": ", Dodo",
    "shell": ". ./dodo_ids.sh",
}
LOOKUP_CALL = {
    "python": "dodo_product_id(",
    "node": "dodoProductId(",
    "ruby": "DodoIds.product_id(",
    "php": "\\DodoIds::productId(",
    "go": "dodoids.ProductID(",
    "java": "DodoIds.productId(",
    "kotlin": "DodoIds.productId(",
    "csharp": "DodoIds.ProductId(",
    "shell": "$(dodo_product_id ",
}


@pytest.mark.parametrize("family", FAMILIES)
def test_a_suggestion_notes_the_imports_it_needs(family: str) -> None:
    with_lookups = _rendered(family, "choices")
    assert LOOKUP_IMPORT[family] in with_lookups and LOOKUP_CALL[family] in with_lookups
    without = _rendered(family, "amount")  # no look-up
    assert LOOKUP_IMPORT[family] not in without and LOOKUP_CALL[family] not in without
    if family in ("python", "node"):  # the SDK client the call is made on
        assert "DodoPayments" in without.splitlines()[0]


FORMS: dict[str, dict[str, list[str]]] = {
    # family: case: snippets the rendering holds (the language's own forms)
    "ruby": {
        "concat": ["*(cart.items.map { |item| {", "*((yearly ? [", "] : [])),"],
        "each-field": [
            "dodo_body['product_cart'] = cart.items.map { |item| {",
            '"product_id" => DodoIds.product_id((item[:price] || item["price"])),',
            '"quantity" => (item[:quantity] || item["quantity"] || 1),',
            "} }",
            "dodo_body['return_url'] = \"#{root_url}thanks?from=app\"",
            "dodo_body['billing_currency'] = order.currency.upcase",
            "dodo_body['metadata']['client_reference_id'] = current_user.id.to_s",
        ],
        "choices": [
            '((plan == "pro") ? "pdt_pro" : (yearly ? DodoIds.product_id("price_basic_yearly")'
            " : DodoIds.product_id(order.price_id)))",
            '(ENV["STRIPE_PRICE"] ? DodoIds.product_id(ENV["STRIPE_PRICE"]) : "pdt_default")',
            "(yearly ? 30 : 7)",
            "DodoIds.discount_code(params[:coupon])",
        ],
    },
    "php": {
        "concat": [
            "    ...array_values(array_map(fn($item) => [",
            "    ...($yearly ? [",
            "] : []),",
        ],
        "each-field": [
            "$dodoBody->{'product_cart'} = array_values(array_map(fn($item) => [",
            "'product_id' => \\DodoIds::productId($item['price']),",
            "'quantity' => ($item['quantity'] ?? 1),",
            "], $cart['items']));",
            "$dodoBody->{'return_url'} = $base . '/thanks?from=app';",
            "strtoupper($order->currency)",
            "strval($user->id)",
        ],
        "choices": [
            "(($plan === 'pro') ? 'pdt_pro' : ($yearly ? \\DodoIds::productId('price_basic_yearly')"
            " : \\DodoIds::productId($order->price_id)))",
            "(!empty(getenv('STRIPE_PRICE')) ? \\DodoIds::productId(getenv('STRIPE_PRICE'))"
            " : 'pdt_default')",
        ],
    },
    "go": {
        "concat": [
            "dodoParts = append(dodoParts, func() []any {",
            "}()...)",
            "}().([]any)...)",
            "return dodoParts",
        ],
        "each-field": [
            'dodoPayload["product_cart"] = func() []any {',
            "\tfor _, item := range cart.Items {",
            "\t\tdodoList = append(dodoList, map[string]any{",
            '"product_id": dodoids.ProductID(*item.Price),',
            '"quantity": func() int64 { if item.Quantity != nil { return *item.Quantity };'
            " return 1 }(),",
            "\treturn dodoList\n}()",
            'dodoPayload["return_url"] = base + "/thanks?from=app"',
            "strings.ToUpper(dodoids.Text(order.Currency))",
            "dodoids.Text(user.ID)",
        ],
        "choices": [
            '= func() any {\n\tif plan == "pro" {\n\t\treturn "pdt_pro"\n\t}\n\treturn func() any',
            'if os.Getenv("STRIPE_PRICE") != "" {',
            'return dodoids.ProductID("price_basic_yearly")',
        ],
    },
    "java": {
        "each-field": [
            'cart.getItems().stream().map(item -> "{\\"product_id\\":"'
            " + DodoJson.of(DodoIds.productId(item.getPrice())) + "
            '",\\"quantity\\":" + DodoJson.of(java.util.Objects.requireNonNullElse('
            'item.getQuantity(), 1L)) + "}")'
            '.collect(java.util.stream.Collectors.joining(",", "[", "]"))',
            'DodoJson.of(base + "/thanks?from=app")',
            "DodoJson.of(order.getCurrency().toUpperCase())",
            'DodoJson.of(java.util.Objects.toString(user.getId(), ""))',  # null: "", not "null"
        ],
        "choices": [
            '(plan.equals("pro") ? "\\"pdt_pro\\"" : (yearly ? '
            'DodoJson.of(DodoIds.productId("price_basic_yearly"))',
            '(System.getenv("STRIPE_PRICE") != null ? ',
        ],
    },
    "kotlin": {
        "concat": [
            "listOf<List<String>>(cart.items.map { item -> ",
            "(if (yearly) listOf<String>(",
            '.flatten().joinToString(",", "[", "]")',
        ],
        "each-field": [
            'cart.items.joinToString(",", "[", "]") { item -> "{\\"product_id\\":"'
            " + dodoJson(DodoIds.productId(item.price)) + "
            '",\\"quantity\\":" + dodoJson((item.quantity ?: 1L)) + "}" }',
            'dodoJson("$base/thanks?from=app")',
            "dodoJson(order.currency.uppercase())",
            # a property may be null: its text is "" then, as stripe-java sends it, never "null"
            'dodoJson(java.util.Objects.toString(user.id, ""))',
        ],
        "choices": [
            '(if (plan == "pro") "\\"pdt_pro\\"" else (if (yearly) '
            'dodoJson(DodoIds.productId("price_basic_yearly"))',
            '(if (System.getenv("STRIPE_PRICE") != null) ',
        ],
    },
    "csharp": {
        "concat": [
            "Enumerable.Empty<object?>()",
            ".Concat(cart.Items.Select(item => new Dictionary<string, object?>",
            ".Concat((yearly ? new object?[]",
            " : new object?[] { }))",
            "System.Linq",
        ],
        "each-field": [
            "JsonSerializer.SerializeToNode(cart.Items.Select(item => new Dictionary<string,"
            " object?>",
            '["product_id"] = DodoIds.ProductId(item.Price),',
            '["quantity"] = (item.Quantity ?? 1),',
            "}).ToList());",
            'JsonSerializer.SerializeToNode($"{domain}/thanks?from=app");',
            "order.Currency.ToUpperInvariant()",
            "Convert.ToString(user.Id, System.Globalization.CultureInfo.InvariantCulture)",
            "System.Collections.Generic, System.Linq, Dodo",
        ],
        "choices": [
            '((plan == "pro") ? "pdt_pro" : (yearly ? DodoIds.ProductId("price_basic_yearly")'
            " : DodoIds.ProductId(order.PriceId)))",
            '(Environment.GetEnvironmentVariable("STRIPE_PRICE") is not null ? ',
        ],
    },
    "shell": {
        "concat": ["$({ for price_id in ", '; if [ "$INTERVAL" = year ]; then ', "} | jq -cs .)"],
        "each-template": [
            "$(for price_id in \"${PRICE_IDS[@]}\"; do printf '%s\\n' ",
            '$(dodo_product_id "$price_id")',
            "done | jq -cs .)",
        ],
        "choices": [
            "$(if [ \"$PLAN\" = pro ]; then printf '%s' '\"pdt_pro\"'; else ",
            '$(if [ -n "$STRIPE_PRICE" ]; then ',
        ],
    },
}


@pytest.mark.parametrize(
    ("family", "name"), [(f, n) for f, cases in sorted(FORMS.items()) for n in sorted(cases)]
)
def test_each_family_writes_its_own_forms(family: str, name: str) -> None:
    code = _rendered(family, name)
    for snippet in FORMS[family][name]:
        assert snippet in code, f"{snippet}\n---\n{code}"


_PAIRS = {"(": ")", "[": "]", "{": "}"}


def _balanced(code: str, quotes: str) -> bool:
    """Brackets balance outside string literals (``quotes``), as a parser would need."""
    stack: list[str] = []
    quote = ""
    i = 0
    while i < len(code):
        c = code[i]
        if quote:
            if c == "\\" and quote != "`":
                i += 1
            elif c == quote:
                quote = ""
        elif c in quotes:
            quote = c
        elif c in _PAIRS:
            stack.append(_PAIRS[c])
        elif c in ")]}" and (not stack or stack.pop() != c):
            return False
        i += 1
    return not stack and not quote


SETS = {
    # the part of an HTTP suggestion that sets the run-time values, and its string quotes
    "ruby": (r"\nJSON\n(.*?)\ndodo_uri = ", "\"'"),
    "php": (r"\nJSON, false, 512, JSON_THROW_ON_ERROR\);\n(.*?)\n\$dodoCurl = ", "\"'"),
    "go": (r"\n\}\n(dodoPayload\[.*?)\ndodoBody, err := ", '"`'),
    "csharp": (r"\nvar dodoBody = JsonNode\.Parse\(dodoRaw\)!;\n(.*?)\nvar dodoBaseUrl", '"'),
}


@pytest.mark.parametrize("family", sorted(SETS))
@pytest.mark.parametrize("name", CASES)
def test_the_values_set_after_parsing_are_well_formed(family: str, name: str) -> None:
    code = _rendered(family, name)
    pattern, quotes = SETS[family]
    m = re.search(pattern, code, re.DOTALL)
    assert m is not None, code
    statements = m[1]
    assert _balanced(statements, quotes), statements
    starts = {
        "ruby": "dodo_body[",
        "php": "$dodoBody->",
        "go": "dodoPayload[",
        "csharp": "dodoBody[",
    }
    starts = starts[family]
    assert statements.startswith(starts)
    if family in ("php", "csharp"):  # every statement ends with a semicolon
        assert statements.endswith(";") and not re.search(
            r"[^;\n]\n" + re.escape(starts), statements
        )


@pytest.mark.parametrize("family", FAMILIES)
def test_a_missing_required_value_still_cannot_run(family: str) -> None:
    code = suggestion(family, MISSING, (), path=CHARGE)
    assert "TODO_product_price" in code
    assert "TODO: set from" not in code


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('f"{base}/ok?session_id={{CHECKOUT_SESSION_ID}}"', 'f"{base}/ok"'),
        ("`${o}/ok?session_id={CHECKOUT_SESSION_ID}&a=1`", "`${o}/ok?a=1`"),
        ("`${o}/ok?a=1&session_id={CHECKOUT_SESSION_ID}`", "`${o}/ok?a=1`"),
        ("`${o}/ok?a=1&session_id={CHECKOUT_SESSION_ID}&b=2`", "`${o}/ok?a=1&b=2`"),
        ('base + "/ok/{CHECKOUT_SESSION_ID}"', 'base + "/ok"'),
        ('base + "/ok/{CHECKOUT_SESSION_ID}/done"', 'base + "/ok/done"'),
        ('$"{d}/ok?sid={{CHECKOUT_SESSION_ID}}"', '$"{d}/ok"'),
        ('"#{root}ok"', '"#{root}ok"'),  # nothing to remove
        ('base + "/ok#" + "{CHECKOUT_SESSION_ID}"', None),  # not a parameter: by hand (C003)
        # the query parameter given by name to a URL helper (Rails, Laravel, Flask, WordPress)
        (
            'CGI.unescape(url_for([:refresh, @sub, session_id: "{CHECKOUT_SESSION_ID}"]))',
            "CGI.unescape(url_for([:refresh, @sub]))",
        ),
        ("paid_url(session_id: '{CHECKOUT_SESSION_ID}', plan: p.id)", "paid_url(plan: p.id)"),
        ("paid_url(:sid => '{CHECKOUT_SESSION_ID}')", "paid_url()"),
        (
            "route('paid', ['order' => $o->id, 'sid' => '{CHECKOUT_SESSION_ID}'])",
            "route('paid', ['order' => $o->id])",
        ),
        (
            "url_for('paid', session_id='{CHECKOUT_SESSION_ID}', _external=True)",
            "url_for('paid', _external=True)",
        ),
        (
            "add_query_arg('session_id', '{CHECKOUT_SESSION_ID}', Utils::return_url($req))",
            "Utils::return_url($req)",
        ),
        ("sprintf('%s?id=%s', $u, '{CHECKOUT_SESSION_ID}')", None),  # positional: by hand
        # the whole joined literal was the parameter: no `+ ""` left behind
        ('uri(reverse("ok")) + "?session_id={CHECKOUT_SESSION_ID}"', 'uri(reverse("ok"))'),
        ("$url . '?session_id={CHECKOUT_SESSION_ID}'", "$url"),
    ],
)
def test_the_session_template_is_removed_from_the_source(source: str, expected: str) -> None:
    assert without_session_template(source) == expected


def test_a_template_that_cannot_be_removed_is_kept_as_written() -> None:
    source = 'base + "/ok#" + "{CHECKOUT_SESSION_ID}"'
    body = {"product_cart": [], "return_url": Expr(source, "success_url", "return_url", "str")}
    assert f"return_url={source}," in suggestion("python", body, ())


def test_a_value_reported_as_lost_is_not_listed_again() -> None:
    """A run-time value the translator dropped with a finding (a rule with ``runtime: report``
    at its path) is not also a TODO line: the finding says what is lost."""
    from migrate.findings import Finding, Level

    dynamic = (Dynamic("payment_intent_data.statement_descriptor", "shop.name"),)
    body = {"product_cart": [{"product_id": "pdt_1", "quantity": 1}]}
    listed = suggestion("python", body, dynamic)
    assert "TODO: set from shop.name" in listed  # no finding: still listed, never dropped
    report = _report_rules()[0]
    finding = Finding(report, Level.WARNING, dynamic[0].path, "lost", "")
    assert "TODO" not in suggestion("python", body, dynamic, findings=[finding])
    other = Finding(report, Level.WARNING, "customer_email", "lost", "")
    assert "TODO: set from shop.name" in suggestion("python", body, dynamic, findings=[other])


def _report_rules() -> list[str]:
    from migrate.mapping.table import load_table

    return [rule.code for rule in load_table() if rule.runtime == "report"]


def test_a_value_inside_a_carried_list_is_not_listed_again() -> None:
    body, _ = bodies("python")["each-template"]
    dynamic = (
        Dynamic("line_items", "cart.items"),
        Dynamic("line_items[0].price", 'item["price_id"]'),
        Dynamic("customer_email", "user.email"),
        Dynamic("payment_method_types", "methods"),
    )
    lines = [line for line in suggestion("python", body, dynamic).splitlines() if "TODO" in line]
    assert lines == ["# TODO: set from methods (Stripe payment_method_types)"]


# -- Python: run the suggestion ---------------------------------------------------------------


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append((args, kwargs))


def _lookup(x: object) -> str:
    if not isinstance(x, str) or x not in IDS:
        raise KeyError(f"no Dodo id for {x!r}")  # loud, as the generated module is
    return IDS[x]


def _run_python(code: str, values: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    ids = types.ModuleType("dodo_ids")
    for op in ("product_id", "customer_id", "discount_code"):
        setattr(ids, f"dodo_{op}", _lookup)
    monkeypatch.setitem(sys.modules, "dodo_ids", ids)
    create, charge = _Recorder(), _Recorder()
    client = SimpleNamespace(
        checkout_sessions=SimpleNamespace(create=create),
        subscriptions=SimpleNamespace(charge=charge),
    )
    exec(compile(code, "<suggestion>", "exec"), {"client": client, "os": os, **values})
    (call,) = create.calls + charge.calls
    return call


SITE = {
    "order": SimpleNamespace(
        price_id="price_basic", currency="eur", total_cents=2500, metadata={"k": "v"}
    ),
    "user": SimpleNamespace(id=42, stripe_customer_id="cus_1", email="a@example.com"),
    "base": "https://shop.example",
    "form": SimpleNamespace(quantity=3),
    "request": SimpleNamespace(args={"coupon": "SPRING"}),
}


@pytest.mark.parametrize(
    ("plan", "yearly", "env", "product", "trial", "currency"),
    [
        ("pro", False, None, "pdt_pro", 7, "USD"),
        ("basic", True, None, "pdt_basic_yearly", 30, "EUR"),
        ("basic", False, "price_env", "pdt_basic", 7, "EUR"),
    ],
)
def test_python_chooses_as_the_stripe_code_did(
    monkeypatch: pytest.MonkeyPatch,
    *,
    plan: str,
    yearly: bool,
    env: str | None,
    product: str,
    trial: int,
    currency: str,
) -> None:
    if env is None:
        monkeypatch.delenv("STRIPE_PRICE", raising=False)
    else:
        monkeypatch.setenv("STRIPE_PRICE", env)
    values = {**SITE, "plan": plan, "yearly": yearly}
    _, sent = _run_python(_rendered("python", "choices"), values, monkeypatch)
    assert sent == {
        "product_cart": [
            {"product_id": product, "quantity": 3},
            {"product_id": "pdt_env" if env else "pdt_default", "quantity": 1},
        ],
        "subscription_data": {"trial_period_days": trial},
        "billing_currency": currency,
        "discount_codes": ["SPRING24"],
    }


def test_python_maps_a_run_time_list_of_line_items(monkeypatch: pytest.MonkeyPatch) -> None:
    cart = SimpleNamespace(items=[{"price": "price_a", "quantity": 2}, {"price": "price_b"}])
    _, sent = _run_python(_rendered("python", "each-field"), {**SITE, "cart": cart}, monkeypatch)
    assert sent == {
        "product_cart": [
            {"product_id": "pdt_a", "quantity": 2},
            {"product_id": "pdt_b", "quantity": 1},
        ],
        "customer": {"customer_id": "cus_dodo_1"},
        "return_url": "https://shop.example/thanks?from=app",
        "cancel_url": "https://shop.example/cart",
        "billing_currency": "EUR",
        "metadata": {"client_reference_id": "42", "source": "stripe2dodo"},
    }


def test_python_look_ups_fail_loudly_on_an_unknown_id(monkeypatch: pytest.MonkeyPatch) -> None:
    cart = SimpleNamespace(items=[{"price": "price_unknown"}])
    with pytest.raises(KeyError, match="price_unknown"):
        _run_python(_rendered("python", "each-field"), {**SITE, "cart": cart}, monkeypatch)


def test_python_charges_the_run_time_amount(monkeypatch: pytest.MonkeyPatch) -> None:
    args, sent = _run_python(_rendered("python", "charge"), SITE, monkeypatch)
    assert args == ("sub_1",)
    assert sent == {"product_price": 2500, "product_currency": "EUR", "metadata": {"order": "42"}}


# -- Node: run the JavaScript suggestion ------------------------------------------------------

NODE = shutil.which("node")

NODE_STUB = """\
const sent = [];
const client = {
  checkoutSessions: { create: (body) => sent.push(body) },
  subscriptions: { charge: (id, body) => sent.push([id, body]) },
};
const ids = %s;
const look = (x) => { if (!(x in ids)) throw new Error("no Dodo id for " + x); return ids[x]; };
const dodoProductId = look, dodoCustomerId = look, dodoDiscountCode = look;
const process = { env: %s };
const order = { priceId: "price_basic", currency: "eur", totalCents: 2500, metadata: { k: "v" } };
const user = { id: 42, stripeCustomerId: "cus_1", email: "a@example.com" };
const origin = "https://shop.example";
const req = { body: { quantity: "3" }, query: { coupon: "SPRING" } };
const cart = { items: %s };
const plan = %s, yearly = %s;
"""


@pytest.mark.skipif(NODE is None, reason="no node")
@pytest.mark.parametrize(
    ("name", "env", "items", "plan", "expected"),
    [
        (
            "choices",
            {"STRIPE_PRICE": "price_env"},
            [],
            "basic",
            {
                "product_cart": [
                    {"product_id": "pdt_basic", "quantity": 3},
                    {"product_id": "pdt_env", "quantity": 1},
                ],
                "subscription_data": {"trial_period_days": 7},
                "billing_currency": "EUR",
                "discount_codes": ["SPRING24"],
            },
        ),
        (
            "each-field",
            {},
            [{"price": "price_a", "quantity": 2}, {"price": "price_b"}],
            "pro",
            {
                "product_cart": [
                    {"product_id": "pdt_a", "quantity": 2},
                    {"product_id": "pdt_b", "quantity": 1},
                ],
                "customer": {"customer_id": "cus_dodo_1"},
                "return_url": "https://shop.example/thanks?from=app",
                "cancel_url": "https://shop.example/cart",
                "billing_currency": "EUR",
                "metadata": {"client_reference_id": "42", "source": "stripe2dodo"},
            },
        ),
    ],
)
def test_node_sends_what_the_stripe_code_meant(
    tmp_path: Path,
    *,
    name: str,
    env: dict[str, str],
    items: list[Any],
    plan: str,
    expected: Any,
) -> None:
    assert NODE is not None
    stub = NODE_STUB % (
        json.dumps(IDS),
        json.dumps(env),
        json.dumps(items),
        json.dumps(plan),
        "false",
    )
    code = _rendered("node", name, typescript=False)
    script = tmp_path / "suggested.js"
    script.write_text(
        stub + code + "\nrequire('fs').writeSync(1, JSON.stringify(sent[0]));\n", "utf-8"
    )
    ran = subprocess.run([NODE, str(script)], check=False, capture_output=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout.decode("utf-8")) == expected


# -- shell: bash runs it, curl (a stub) gets the JSON -----------------------------------------

BASH = shutil.which("bash")
LOOKUPS_SH = "".join(
    f'dodo_{op}() {{ case "$1" in {" ".join(f"{k}) printf %s {v};;" for k, v in IDS.items())}'
    f' *) echo "no Dodo id for $1" >&2; return 1;; esac; }}\n'
    for op in ("product_id", "customer_id", "discount_code")
)


@pytest.mark.skipif(BASH is None or shutil.which("jq") is None, reason="no bash or jq")
@pytest.mark.parametrize(
    ("name", "env", "expected"),
    [
        (
            "each-template",
            {"EMAIL": "a@example.com", "METADATA_JSON": '{"k":"v"}'},
            {
                "product_cart": [
                    {"product_id": "pdt_a", "quantity": 1},
                    {"product_id": "pdt_b", "quantity": 1},
                ],
                "customer": {"email": "a@example.com"},
                "metadata": {"k": "v"},
                "feature_flags": {"allow_discount_code": True},
                "discount_codes": ["SPRING24"],
            },
        ),
        (
            "choices",
            {
                "PLAN": "basic",
                "INTERVAL": "year",
                "QUANTITY": "3",
                "CURRENCY": "eur",
                "COUPON": "SPRING",
                "PRICE_ID": "price_basic",
            },
            {
                "product_cart": [
                    {"product_id": "pdt_basic_yearly", "quantity": 3},
                    {"product_id": "pdt_default", "quantity": 1},
                ],
                "subscription_data": {"trial_period_days": 30},
                "billing_currency": "EUR",
                "discount_codes": ["SPRING24"],
            },
        ),
    ],
)
def test_bash_sends_what_the_stripe_code_meant(
    tmp_path: Path, name: str, env: dict[str, str], expected: Any
) -> None:
    assert BASH is not None
    (tmp_path / "dodo_ids.sh").write_text(LOOKUPS_SH, encoding="utf-8")
    stub = "curl() { printf '%s\\0' \"$@\"; }\nPRICE_IDS=(price_a price_b)\nCOUPONS=(SPRING)\n"
    script = tmp_path / "suggested.sh"
    script.write_text(stub + _rendered("shell", name) + "\n", encoding="utf-8")
    done = subprocess.run(
        [BASH, str(script)],
        check=False,
        capture_output=True,
        env={"PATH": os.environ.get("PATH", ""), **env},
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    args = done.stdout.decode("utf-8").split("\0")[:-1]
    assert json.loads(args[args.index("-d") + 1]) == expected


# -- Java: javac compiles it, and the JSON it builds is the body ------------------------------

JAVA, JAVAC = shutil.which("java"), shutil.which("javac")

JAVA_SITE = """\
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

final class DodoIds {{
    static final Map<String, String> IDS = Map.of({ids});
    static String lookUp(Object id) {{
        String found = IDS.get(String.valueOf(id));
        if (found == null) throw new IllegalArgumentException("no Dodo id for " + id);
        return found;
    }}
    static String productId(Object id) {{ return lookUp(id); }}
    static String customerId(Object id) {{ return lookUp(id); }}
    static String discountCode(Object id) {{ return lookUp(id); }}
}}

public class Suggested {{
    record Order(String getPriceId, String getCurrency, long getTotalCents,
            Map<String, String> getMetadata) {{}}
    record User(long getId, String getStripeCustomerId, String getEmail) {{}}
    record Item(String getPrice, Long getQuantity, String getPriceId, Long getQty) {{}}
    record Cart(List<Item> getItems) {{}}

    static String send(Order order, User user, Cart cart, String plan, boolean yearly,
            long quantity, String base, Map<String, String> query) throws Exception {{
        class Req {{ String getParameter(String name) {{ return query.get(name); }} }}
        Req request = new Req();
{snippet}
        return body;
    }}

    public static void main(String[] args) throws Exception {{
        Order order = new Order("price_basic", "eur", 2500, Map.of("k", "v"));
        User user = new User(42, "cus_1", "a@example.com");
        Cart cart = new Cart(List.of(
            new Item("price_a", 2L, "price_a", 2L), new Item("price_b", null, "price_b", 1L)));
        String body = send(order, user, cart, args[0], Boolean.parseBoolean(args[1]), 3,
            "https://shop.example", Map.of("coupon", "SPRING"));
        System.out.write(body.getBytes(StandardCharsets.UTF_8));
        System.out.flush();
    }}
}}
"""


def _java_snippet(code: str) -> str:
    """The suggestion up to the body it builds (the request itself is not sent)."""
    return code[: code.index("String dodoBaseUrl")]


@pytest.mark.slow
@pytest.mark.skipif(JAVA is None or JAVAC is None, reason="no JDK")
def test_java_compiles_and_builds_the_body(tmp_path: Path) -> None:
    assert JAVA is not None and JAVAC is not None
    snippets = []
    for name in ("each-field", "choices", "charge"):
        snippet = _java_snippet(_rendered("java", name))
        if snippets:  # one DodoJson per method
            snippet = snippet[snippet.index("String dodoBody") :]
        snippets.append((name, snippet))
    # the three bodies in turn: the first two are kept in variables, the last is returned
    parts = []
    for n, (_, snippet) in enumerate(snippets):
        text = snippet.replace("String dodoBody = ", f"String body{n} = ")
        parts.append(text)
    joined = "\n".join(parts) + ('\nString body = "[" + body0 + "," + body1 + "," + body2 + "]";')
    ids = ", ".join(f"{json.dumps(k)}, {json.dumps(v)}" for k, v in IDS.items())
    source = JAVA_SITE.format(ids=ids, snippet=textwrap.indent(joined, " " * 8))
    (tmp_path / "Suggested.java").write_text(source, encoding="utf-8")
    compiled = subprocess.run(
        [JAVAC, "-encoding", "UTF-8", "-d", str(tmp_path), str(tmp_path / "Suggested.java")],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert compiled.returncode == 0, compiled.stderr + source
    env = {k: v for k, v in os.environ.items() if k != "STRIPE_PRICE"}
    ran = subprocess.run(
        [JAVA, "-cp", str(tmp_path), "Suggested", "basic", "true"],
        check=False,
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert ran.returncode == 0, ran.stderr
    each, choices, charge = json.loads(ran.stdout.decode("utf-8"))
    assert each["product_cart"] == [
        {"product_id": "pdt_a", "quantity": 2},
        {"product_id": "pdt_b", "quantity": 1},
    ]
    assert each["customer"] == {"customer_id": "cus_dodo_1"}
    assert each["return_url"] == "https://shop.example/thanks?from=app"
    assert each["billing_currency"] == "EUR"
    assert each["metadata"] == {"client_reference_id": "42", "source": "stripe2dodo"}
    assert choices["product_cart"] == [
        {"product_id": "pdt_basic_yearly", "quantity": 3},
        {"product_id": "pdt_default", "quantity": 1},
    ]
    assert choices["subscription_data"] == {"trial_period_days": 30}
    assert choices["billing_currency"] == "EUR"
    assert choices["discount_codes"] == ["SPRING24"]
    assert charge == {"product_price": 2500, "product_currency": "EUR", "metadata": {"order": "42"}}


def test_sources_cover_every_family() -> None:
    assert set(SOURCES) == set(FAMILIES) == set(LOOKUP_IMPORT) == set(LOOKUP_CALL)


JAVA_CALLER = """\
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class Suggested {{
    interface ServletRequest {{ String getParameter(String name); }}

    static void doPost(ServletRequest request, String body, long cents) throws Exception {{
{snippet}
    }}
}}
"""


@pytest.mark.slow
@pytest.mark.skipif(JAVA is None or JAVAC is None, reason="no JDK")
def test_java_declares_none_of_the_site_names_and_compiles_twice_over(tmp_path: Path) -> None:
    """The suggestion's own names cannot clash with the site's (a servlet's ``request``, a
    ``body``), and a fallback call (one-click upsells) is a block of its own."""
    assert JAVAC is not None
    body = {"product_price": Expr("cents", "amount", type="int"), "product_currency": "USD"}
    fallback = {"product_cart": [{"product_id": "pdt_1", "quantity": 1}]}
    code = suggestion("java", body, (), path=CHARGE, fallback=fallback)
    assert "String dodoBody = " in code and "String dodoFallbackBody = " in code
    source = JAVA_CALLER.format(snippet=textwrap.indent(code, " " * 8))
    (tmp_path / "Suggested.java").write_text(source, encoding="utf-8")
    compiled = subprocess.run(
        [JAVAC, "-encoding", "UTF-8", "-d", str(tmp_path), str(tmp_path / "Suggested.java")],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert compiled.returncode == 0, compiled.stderr + source


def test_a_go_fallback_call_is_a_block_of_its_own() -> None:
    body = {"product_price": Expr("cents", "amount", type="int"), "product_currency": "USD"}
    fallback = {"product_cart": [{"product_id": "pdt_1", "quantity": 1}]}
    code = suggestion("go", body, (), path=CHARGE, fallback=fallback)
    _, _, second = code.partition("a normal checkout:\n")
    assert second.startswith("{\n") and second.endswith("\n}")
    assert _balanced(second, '"`') and "dodoBody := []byte(" in second


def test_a_csharp_fallback_call_declares_its_own_names() -> None:
    body = {"product_price": Expr("cents", "amount", type="int"), "product_currency": "USD"}
    fallback = {"product_cart": [{"product_id": "pdt_1", "quantity": 1}]}
    code = suggestion("csharp", body, (), path=CHARGE, fallback=fallback)
    declared = re.findall(r"\b(?:var|using var) (\w+) =", code)
    assert len(declared) == len(set(declared)) and "dodoFallbackRequest" in declared


def test_a_literal_branch_is_the_dodo_value_unless_it_is_a_stripe_price() -> None:
    """The translator gives a choice's literal branches as Dodo values (the id map's product
    id, or a placeholder); one that is still a Stripe price id is looked up, never sent as is."""

    def choice(op: Any, then: Any, else_: Any) -> Expr:
        return Expr("x", "p", op, "str", form="choice", cond="pro", then=then, else_=else_)

    code = suggestion(
        "python", {"product_cart": [], "a": choice("product_id", "pdt_1", "price_2")}, ()
    )
    assert 'a="pdt_1" if pro else dodo_product_id("price_2"),' in code
    customer = choice("customer_id", "cus_dodo", Expr("c", "customer", type="str"))
    code = suggestion("python", {"product_cart": [], "customer": {"customer_id": customer}}, ())
    assert '"customer_id": "cus_dodo" if pro else dodo_customer_id(c),' in code


def test_shell_splices_numbers_and_booleans_as_they_are() -> None:
    body = {
        "product_cart": [],
        "confirm": Expr('"$CONFIRM"', "confirm", "", "bool"),
        "quantity": Expr('"$QTY"', "q", "", "int"),
    }
    data = shell_json_of(suggestion("shell", body, ()))
    assert '"confirm": \'"$CONFIRM"\'' in data and '"quantity": \'"$QTY"\'' in data


def shell_json_of(code: str) -> str:
    return code[code.index("-d '") :]


KOTLINC = shutil.which("kotlinc")
KOTLIN_SITE = """\
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

// kotlinc older than 1.5 (Debian's) lacks String.uppercase(), which the suggestion uses
fun String.uppercase(): String = this.toUpperCase(java.util.Locale.ROOT)

object DodoIds {{
    val ids = mapOf({ids})
    fun lookUp(id: Any?): String =
        ids[id.toString()] ?: throw IllegalArgumentException("no Dodo id for $id")
    fun productId(id: Any?) = lookUp(id)
    fun customerId(id: Any?) = lookUp(id)
    fun discountCode(id: Any?) = lookUp(id)
}}

class Order(val priceId: String, val currency: String, val totalCents: Long,
    val metadata: Map<String, String>, val couponIds: List<String>)
class User(val id: Long, val stripeCustomerId: String, val email: String)
class Item(val price: String, val quantity: Long?, val priceId: String, val qty: Long)
class Cart(val items: List<Item>)
class Request(val query: Map<String, String>) {{ fun getParameter(name: String) = query[name] }}

fun send(order: Order, user: User, cart: Cart, plan: String, yearly: Boolean, quantity: Long,
        base: String, request: Request): String {{
{snippet}
    return "[" + body0 + "," + body1 + "," + body2 + "," + body3 + "]"
}}

fun main(args: Array<String>) {{
    val order = Order("price_basic", "eur", 2500L, mapOf("k" to "v"), listOf("SPRING"))
    val user = User(42L, "cus_1", "a@example.com")
    val cart = Cart(
        listOf(Item("price_a", 2L, "price_a", 2L), Item("price_b", null, "price_b", 1L)))
    print(send(order, user, cart, args[0], args[1].toBoolean(), 3L, "https://shop.example",
        Request(mapOf("coupon" to "SPRING"))))
}}
"""


@pytest.mark.slow
@pytest.mark.skipif(KOTLINC is None or JAVA is None, reason="no kotlinc")
def test_kotlin_compiles_and_builds_the_body(tmp_path: Path) -> None:
    """Kotlin (the jvm side's family): the same forms, through kotlinc."""
    assert KOTLINC is not None and JAVA is not None
    parts = []
    for n, name in enumerate(("each-field", "choices", "charge", "concat")):
        code = _rendered("kotlin", name)
        snippet = code[: code.index("val dodoBaseUrl")]
        if n:  # one dodoJson per function
            snippet = snippet[snippet.index("val dodoBody") :]
        parts.append(snippet.replace("val dodoBody = ", f"val body{n} = "))
    ids = ", ".join(f"{json.dumps(k)} to {json.dumps(v)}" for k, v in IDS.items())
    source = KOTLIN_SITE.format(ids=ids, snippet=textwrap.indent("\n".join(parts), " " * 4))
    (tmp_path / "Suggested.kt").write_text(source, encoding="utf-8")
    jar = tmp_path / "suggested.jar"
    compiled = subprocess.run(
        [KOTLINC, str(tmp_path / "Suggested.kt"), "-include-runtime", "-d", str(jar)],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert compiled.returncode == 0, compiled.stderr + source
    env = {k: v for k, v in os.environ.items() if k != "STRIPE_PRICE"}
    ran = subprocess.run(
        [JAVA, "-jar", str(jar), "basic", "true"],
        check=False,
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert ran.returncode == 0, ran.stderr
    each, choices, charge, concat = json.loads(ran.stdout.decode("utf-8"))
    assert each["product_cart"] == [
        {"product_id": "pdt_a", "quantity": 2},
        {"product_id": "pdt_b", "quantity": 1},
    ]
    assert each["return_url"] == "https://shop.example/thanks?from=app"
    assert each["billing_currency"] == "EUR" and each["customer"] == {"customer_id": "cus_dodo_1"}
    assert choices["product_cart"] == [
        {"product_id": "pdt_basic_yearly", "quantity": 3},
        {"product_id": "pdt_default", "quantity": 1},
    ]
    assert choices["subscription_data"] == {"trial_period_days": 30}
    assert choices["discount_codes"] == ["SPRING24"]
    assert charge == {"product_price": 2500, "product_currency": "EUR", "metadata": {"order": "42"}}
    assert concat["product_cart"] == [
        {"product_id": "pdt_a", "quantity": 2},
        {"product_id": "pdt_b", "quantity": 1},
        {"product_id": "pdt_default", "quantity": 1},
        {"product_id": "pdt_basic", "quantity": 1},
    ]
    assert concat["discount_codes"] == ["SPRING24"]


def test_a_number_sent_as_form_text_is_a_number_again_in_the_dodo_call() -> None:
    # a form body holds text (`String(quantity)`); Dodo's quantity is a number
    from migrate.mapping.expr import Expr
    from migrate.scan.suggest_langs import code_for

    node, python = code_for("node", typescript=True), code_for("python")
    assert node.value(Expr("String(quantity)", "q", "", "int")) == "quantity"
    assert node.value(Expr("qty.toString()", "q", "", "int")) == "qty"
    assert node.value(Expr("`${n}`", "q", "", "int")) == "Number(`${n}`)"
    # read in a real shop: `unit_amount: (cartItem.price * 100).toFixed(0)`, text in JS
    rounded = "(cartItem.price * 100).toFixed(0)"
    assert node.value(Expr(rounded, "q", "", "int")) == f"Number({rounded})"
    assert node.value(Expr("price.toFixed", "q", "", "int")) == "price.toFixed"
    # not one call of String (never `a) + f(b`): a sum with text in it, text read as a number
    assert node.value(Expr("String(a) + f(b)", "q", "", "int")) == "Number(String(a) + f(b))"
    assert node.value(Expr("a + f(b)", "q", "", "int")) == "a + f(b)"  # numbers: as written
    assert node.value(Expr("String(a)", "q", "", "str")) == "String(a)"  # text stays text
    assert python.value(Expr("str(quantity)", "q", "", "int")) == "quantity"
    assert python.value(Expr("f'{n}'", "q", "", "int")) == "int(f'{n}')"


@pytest.mark.parametrize(
    ("family", "source", "number"),
    [
        ("csharp", "order.PricePip.ToString()", "order.PricePip"),
        ("csharp", "Convert.ToString(order.Total, CultureInfo.InvariantCulture)", "order.Total"),
        ("csharp", '$"{cents}"', 'long.Parse($"{cents}")'),
        ("java", "String.valueOf(order.getCents())", "order.getCents()"),
        ("java", "Long.toString(cents)", "cents"),
        ("java", "qty.toString()", "qty"),
        ("kotlin", "order.cents.toString()", "order.cents"),
        ("ruby", "order.cents.to_s", "order.cents"),
        ("ruby", '"#{cents}"', 'Integer("#{cents}")'),
        (
            "php",
            "strval($order->cents)",
            "(filter_var($order->cents, FILTER_VALIDATE_INT, FILTER_NULL_ON_FAILURE) ?? throw new "
            "\\UnexpectedValueException('stripe2dodo: a whole number was expected'))",
        ),
        (
            "php",
            "(string) $qty",
            "(filter_var($qty, FILTER_VALIDATE_INT, FILTER_NULL_ON_FAILURE) ?? throw new "
            "\\UnexpectedValueException('stripe2dodo: a whole number was expected'))",
        ),
        (
            "php",
            '"{$cents}"',
            '(filter_var("{$cents}", FILTER_VALIDATE_INT, FILTER_NULL_ON_FAILURE) ?? throw new '
            "\\UnexpectedValueException('stripe2dodo: a whole number was expected'))",
        ),
        ("go", "strconv.Itoa(qty)", "qty"),
        ("go", "strconv.FormatInt(order.Cents, 10)", "order.Cents"),
        ("go", 'fmt.Sprintf("%d", cents)', "cents"),
        ("csharp", "Describe(order).ToString() + suffix", "Describe(order).ToString() + suffix"),
    ],
)
def test_every_language_makes_a_form_text_number_a_number_again(
    family: str, source: str, number: str
) -> None:
    # a raw-HTTP form body holds text; Dodo's amount and quantity are numbers (the C# body
    # sent `order.PricePip.ToString()` as a JSON string, which Dodo refuses)
    from migrate.mapping.expr import Expr
    from migrate.scan.suggest_langs import code_for

    assert code_for(family).value(Expr(source, "amount", "", "int")) == number


FORM_CHOICES = {
    "typescript": """\
export async function buy(priceId: string, trial: boolean, big: boolean) {
  const res = await fetch("https://api.stripe.com/v1/checkout/sessions", { method: "POST",
    body: new URLSearchParams({ mode: "subscription", "line_items[0][price]": priceId,
      "line_items[0][quantity]": big ? "5" : "1", success_url: "https://example.com/ok",
      "subscription_data[trial_period_days]": trial ? "14" : "0" }) });
  return res.json();
}
""",
    "python": """\
import requests


def buy(price_id, trial, big):
    return requests.post("https://api.stripe.com/v1/checkout/sessions", data={
        "mode": "subscription", "line_items[0][price]": price_id,
        "line_items[0][quantity]": "5" if big else "1", "success_url": "https://example.com/ok",
        "subscription_data[trial_period_days]": "14" if trial else "0"}, auth=("k", ""))


def charge(big, customer_id):
    return requests.post("https://api.stripe.com/v1/payment_intents", data={
        "amount": "5000" if big else "1000", "currency": "usd", "customer": customer_id,
        "confirm": "true", "off_session": "true"}, auth=("k", ""))
""",
}


@pytest.mark.parametrize("language", sorted(FORM_CHOICES))
def test_a_form_text_number_chosen_at_run_time_is_a_number_in_every_branch(
    language: str,
) -> None:
    # review: `trial ? "14" : "0"` in a form body went into the Dodo call as text, which tsc
    # and mypy refuse against the SDK (a plain "14" was made 14 by the params validator)
    from migrate.mapping.expr import Expr, leaves
    from migrate.scan.patterns import BY_NAME
    from migrate.scan.scan import scan_source

    ext = {"python": "py", "typescript": "ts"}[language]
    sites = scan_source(FORM_CHOICES[language], f"form.{ext}", BY_NAME[language])
    bodies = [s.translation.dodo for s in sites if s.translation and s.translation.dodo]
    checkout = next(b for b in bodies if "product_cart" in b)
    trial = checkout["subscription_data"]["trial_period_days"]
    quantity = checkout["product_cart"][0]["quantity"]
    assert isinstance(trial, Expr) and leaves(trial) == [14, 0]
    assert isinstance(quantity, Expr) and leaves(quantity) == [5, 1]
    if language == "python":  # a lifecycle call's form text: the same, by its key
        charge = next(b for b in bodies if "product_price" in b)
        assert leaves(charge["product_price"]) == [5000, 1000]
    code = "\n".join(s.suggestion for s in sites)
    assert '"14"' not in code and '"5"' not in code and '"5000"' not in code


def test_a_value_already_made_text_is_not_converted_twice() -> None:
    from migrate.mapping.expr import Expr
    from migrate.scan.suggest_langs import code_for

    def text(family: str, source: str) -> str:
        return code_for(family).value(Expr(source, "metadata.k", "str", "str"))

    assert text("ruby", "order.id.to_s") == "order.id.to_s"
    assert text("ruby", "order.id") == "order.id.to_s"
    assert text("python", "str(order.id)") == "str(order.id)"
    assert text("node", "String(order.id)") == "String(order.id)"
    assert text("php", "strval($order->id)") == "strval($order->id)"
    assert text("php", "$order->id") == "strval($order->id)"


# -- lists built of parts (concat) and choices between carts, run -----------------------------


@pytest.mark.parametrize(
    ("yearly", "coupon", "cart", "codes"),
    [
        (
            True,
            "SPRING",
            ["pdt_a", "pdt_b", "pdt_default", "pdt_basic"],
            ["SPRING24"],
        ),
        (False, None, ["pdt_a", "pdt_b", "pdt_default"], []),
    ],
)
def test_python_builds_the_cart_of_parts(
    monkeypatch: pytest.MonkeyPatch,
    *,
    yearly: bool,
    coupon: str | None,
    cart: list[str],
    codes: list[str],
) -> None:
    monkeypatch.setenv("STRIPE_PRICE", "price_env")
    items = SimpleNamespace(
        items=[{"price_id": "price_a", "qty": 2}, {"price_id": "price_b", "qty": 1}]
    )
    values = {
        **SITE,
        "cart": items,
        "yearly": yearly,
        "request": SimpleNamespace(args={"coupon": coupon} if coupon else {}),
    }
    _, sent = _run_python(_rendered("python", "concat"), values, monkeypatch)
    assert [line["product_id"] for line in sent["product_cart"]] == cart
    assert [line["quantity"] for line in sent["product_cart"]] == [2, 1, 1, 1][: len(cart)]
    assert sent["discount_codes"] == codes


@pytest.mark.parametrize(
    ("plan", "coupon", "cart", "codes"),
    [
        ("pro", "SPRING", [{"product_id": "pdt_basic", "quantity": 1}], ["SPRING24"]),
        (
            "basic",
            None,
            [{"product_id": "pdt_a", "quantity": 1}, {"product_id": "pdt_b", "quantity": 3}],
            None,
        ),
    ],
)
def test_python_chooses_between_carts(
    monkeypatch: pytest.MonkeyPatch,
    *,
    plan: str,
    coupon: str | None,
    cart: list[dict[str, Any]],
    codes: list[str] | None,
) -> None:
    values = {
        **SITE,
        "plan": plan,
        "request": SimpleNamespace(args={"coupon": coupon} if coupon else {}),
    }
    _, sent = _run_python(_rendered("python", "carts"), values, monkeypatch)
    assert sent["product_cart"] == cart
    assert sent["discount_codes"] == codes


@pytest.mark.skipif(NODE is None, reason="no node")
def test_node_builds_the_cart_of_parts(tmp_path: Path) -> None:
    assert NODE is not None
    items = [{"priceId": "price_a", "qty": 2}, {"priceId": "price_b", "qty": 1}]
    stub = NODE_STUB % (
        json.dumps(IDS),
        json.dumps({"STRIPE_PRICE": "price_env"}),
        json.dumps(items),
        json.dumps("basic"),
        "true",
    )
    script = tmp_path / "suggested.js"
    code = _rendered("node", "concat", typescript=False)
    script.write_text(stub + code + "\nconsole.log(JSON.stringify(sent[0]));\n", "utf-8")
    ran = subprocess.run([NODE, str(script)], check=False, capture_output=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout.decode("utf-8")) == {
        "product_cart": [
            {"product_id": "pdt_a", "quantity": 2},
            {"product_id": "pdt_b", "quantity": 1},
            {"product_id": "pdt_default", "quantity": 1},
            {"product_id": "pdt_basic", "quantity": 1},
        ],
        "discount_codes": ["SPRING24"],
    }


@pytest.mark.skipif(BASH is None, reason="no bash")
@pytest.mark.parametrize(
    ("env", "cart", "codes"),
    [
        (
            {"INTERVAL": "year", "COUPON": "SPRING"},
            ["pdt_a", "pdt_b", "pdt_default", "pdt_basic"],
            ["SPRING24"],
        ),
        ({"INTERVAL": "month"}, ["pdt_a", "pdt_b", "pdt_default"], []),
    ],
)
def test_bash_builds_the_cart_of_parts(
    tmp_path: Path, env: dict[str, str], cart: list[str], codes: list[str]
) -> None:
    assert BASH is not None
    (tmp_path / "dodo_ids.sh").write_text(LOOKUPS_SH, encoding="utf-8")
    stub = "curl() { printf '%s\\0' \"$@\"; }\nPRICE_IDS=(price_a price_b)\n"
    script = tmp_path / "suggested.sh"
    script.write_text(stub + _rendered("shell", "concat") + "\n", encoding="utf-8")
    done = subprocess.run(
        [BASH, str(script)],
        check=False,
        capture_output=True,
        env={"PATH": os.environ.get("PATH", ""), "PRICE_ID": "price_basic", **env},
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    args = done.stdout.decode("utf-8").split("\0")[:-1]
    sent = json.loads(args[args.index("-d") + 1])
    assert [line["product_id"] for line in sent["product_cart"]] == cart
    assert sent["discount_codes"] == codes


@pytest.mark.slow
@pytest.mark.skipif(JAVA is None or JAVAC is None, reason="no JDK")
def test_java_compiles_and_builds_the_cart_of_parts(tmp_path: Path) -> None:
    assert JAVA is not None and JAVAC is not None
    ids = ", ".join(f"{json.dumps(k)}, {json.dumps(v)}" for k, v in IDS.items())
    snippet = _java_snippet(_rendered("java", "concat")).replace(
        "String dodoBody = ", "String body = "
    )
    source = JAVA_SITE.format(ids=ids, snippet=textwrap.indent(snippet, " " * 8))
    (tmp_path / "Suggested.java").write_text(source, encoding="utf-8")
    compiled = subprocess.run(
        [JAVAC, "-encoding", "UTF-8", "-d", str(tmp_path), str(tmp_path / "Suggested.java")],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert compiled.returncode == 0, compiled.stderr + source
    env = {**os.environ, "STRIPE_PRICE": "price_env"}
    ran = subprocess.run(
        [JAVA, "-cp", str(tmp_path), "Suggested", "basic", "true"],
        check=False,
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert ran.returncode == 0, ran.stderr
    sent = json.loads(ran.stdout.decode("utf-8"))
    assert sent["product_cart"] == [
        {"product_id": "pdt_a", "quantity": 2},
        {"product_id": "pdt_b", "quantity": 1},
        {"product_id": "pdt_default", "quantity": 1},
        {"product_id": "pdt_basic", "quantity": 1},
    ]
    assert sent["discount_codes"] == ["SPRING24"]


def test_a_choice_inside_a_branch_of_the_same_condition_is_decided(tmp_path: Path) -> None:
    """`customer: customerId` and `customer_email: customerId ? undefined : userEmail` nest one
    choice on `customerId` in the other: the code tested `customerId` again where its answer
    was known (`customerId ? {...} : customerId ? null : {email}`). A condition that calls
    something is left as written (evaluating it again may not give the same answer)."""
    from migrate.scan.scan import scan_paths

    code = tmp_path / "pay.ts"
    code.write_text(
        "import Stripe from 'stripe';\n"
        "const stripe = new Stripe('k');\n"
        "export function pay(customerId: string | undefined, userEmail: string) {\n"
        "  return stripe.checkout.sessions.create({\n"
        "    mode: 'payment',\n"
        "    line_items: [{ price: 'price_1Tee', quantity: 1 }],\n"
        "    customer: customerId,\n"
        "    customer_email: customerId ? undefined : userEmail,\n"
        "    success_url: 'https://x.example/ok',\n"
        "  });\n"
        "}\n"
    )
    (site,) = [s for s in scan_paths([str(code)]) if s.kind == "create"]
    flat = " ".join(site.suggestion.split())
    decided = "customer: customerId ? { customer_id: dodoCustomerId(customerId), } : "
    # the run-time email sent only when set, as a plain one is (test_kotlin_optional_email.py)
    assert decided + "userEmail ? { email: userEmail, } : null," in flat, site.suggestion
    assert flat.count("customerId ?") == 1

    held = Expr.choice("x", "customer", "next(it)", "a", "b")
    outer = Expr.choice("y", "customer", "next(it)", "c", held)
    from migrate.scan.suggest_langs import code_for

    text = code_for("python").value(outer)
    assert text.count("next(it)") == 2, text  # a call: not decided


@pytest.mark.parametrize("a", [True, False])
@pytest.mark.parametrize("b", [True, False])
def test_a_choice_in_the_first_branch_of_a_python_choice_keeps_its_meaning(
    a: bool, b: bool
) -> None:
    """`X if b else Y if a else Z` reads as `X if b else (Y if a else Z)`: the nested choice of
    `(B if b else D) if a else C` lost its parentheses, and with a false, b true the Python
    call sent B where Stripe charged C."""
    from migrate.scan.suggest_langs import code_for

    inner = Expr.choice("B if b else D", "price", "b", "pdt_B", "pdt_D")
    outer = Expr.choice("...", "price", "a", inner, "pdt_C")
    text = code_for("python").value(outer)
    expected = ("pdt_B" if b else "pdt_D") if a else "pdt_C"
    assert eval(text, {}, {"a": a, "b": b}) == expected, text


def test_a_conditional_object_field_is_carried_key_by_key(tmp_path: Path) -> None:
    """`subscription_data: eligible ? { trial_period_days: 14 } : undefined` was reported lost
    (RT001, "no rule maps this Stripe field"): the trial is now carried as the same choice."""
    from migrate.scan.scan import scan_paths

    code = tmp_path / "pay.ts"
    code.write_text(
        "import Stripe from 'stripe';\n"
        "const stripe = new Stripe('k');\n"
        "export function pay(eligible: boolean) {\n"
        "  return stripe.checkout.sessions.create({\n"
        "    mode: 'subscription',\n"
        "    line_items: [{ price: 'price_1Tee', quantity: 1 }],\n"
        "    subscription_data: eligible ? { trial_period_days: 14 } : undefined,\n"
        "    success_url: 'https://x.example/ok',\n"
        "  });\n"
        "}\n"
    )
    (site,) = [s for s in scan_paths([str(code)]) if s.kind == "create"]
    assert "RT001" not in {f.code for f in site.findings}
    assert "trial_period_days: eligible ? 14 : null," in site.suggestion, site.suggestion
    assert "TODO" not in site.suggestion


def test_an_object_chosen_at_run_time_that_dodo_drops_is_one_finding(tmp_path: Path) -> None:
    """Carried key by key, a conditional object that one rule drops whole (`customer_update`)
    gave one RT001 per key; it is one finding at the object, as the code wrote it."""
    from migrate.scan.scan import scan_paths

    code = tmp_path / "pay.ts"
    code.write_text(
        "import Stripe from 'stripe';\n"
        "const stripe = new Stripe('k');\n"
        "export function pay(cus: string | null) {\n"
        "  return stripe.checkout.sessions.create({\n"
        "    mode: 'payment',\n"
        "    line_items: [{ price: 'price_1Tee', quantity: 1 }],\n"
        "    customer_update: cus ? { name: 'auto', address: 'auto' } : undefined,\n"
        "    success_url: 'https://x.example/ok',\n"
        "  });\n"
        "}\n"
    )
    (site,) = [s for s in scan_paths([str(code)]) if s.kind == "create"]
    lost = [(f.code, f.path) for f in site.findings if f.code == "RT001"]
    assert lost == [("RT001", "customer_update")]
    assert "TODO" not in site.suggestion
