"""The Dodo call a scan suggests (migrate/scan/suggest.py): the SDK call for Python and Node,
a plain HTTP request to ``POST /checkouts`` for every other family. Each suggestion is checked
by the language's own rules: the JSON body is read back out of it as that language would read
it, and where the tool is installed (bash, node, java) the code is parsed or run offline."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from migrate.mapping.expr import Expr
from migrate.scan.extract import Dynamic
from migrate.scan.suggest import suggestion

TRICKY = 'it\'s "quoted" \\ back`tick` $HOME $(id) ${X} é 💳 """ %s {}'

BODY: dict[str, Any] = {
    "product_cart": [{"product_id": "pdt_ebook", "quantity": 2}],
    "return_url": "https://example.com/thanks?session={CHECKOUT_SESSION_ID}",
    "metadata": {"note": TRICKY, "order-id": "A-1"},
    "customer": {"email": "o'brien@example.com"},
    "feature_flags": {},
    "allowed_payment_method_types": [],
    "confirm": False,
    "discount_code": None,
    "billing_address": {"country": "US", "zipcode": "10001"},
    "amount": 12.5,
    "line\nbreak": "tab\there\r\nnext",
}

DYNAMIC = (
    Dynamic("customer.email", 'request.form["email"]'),
    Dynamic("metadata.user", "get_user(\n        request,\n    ).id"),
    Dynamic("", "**extra"),
)

COMMENT = {
    "ruby": "#",
    "php": "//",
    "go": "//",
    "java": "//",
    "kotlin": "//",
    "csharp": "//",
    "shell": "#",
}
HTTP_FAMILIES = sorted(COMMENT)


# -- reading the JSON body back as each language would ---------------------------------------


def ruby_body(code: str) -> str:
    # <<~'JSON' is a raw heredoc: no escapes; the common indentation is removed
    m = re.search(r"<<~'JSON'\)\n(.*?)\nJSON\n", code, re.DOTALL)
    assert m is not None, code
    return textwrap.dedent(m[1])


def php_body(code: str) -> str:
    # <<<'JSON' is a nowdoc: raw
    m = re.search(r"<<<'JSON'\n(.*?)\nJSON\b", code, re.DOTALL)
    assert m is not None, code
    return m[1]


def go_body(code: str) -> str:
    # a raw string literal: no escapes, no backticks inside
    m = re.search(r"\[\]byte\(`([^`]*)`\)", code)
    assert m is not None, code
    return m[1]


_JAVA_ESCAPES = {"\\": "\\", '"': '"', "'": "'", "n": "\n", "t": "\t", "r": "\r", "s": " "}


def java_body(code: str) -> str:
    # a text block: incidental indentation (that of the closing delimiter) is stripped, then
    # escape sequences are processed
    m = re.search(r'String dodoBody = """\n(.*?\n)( *)""";', code, re.DOTALL)
    assert m is not None, code
    pad = m[2]
    lines = m[1].splitlines()
    assert all(line.startswith(pad) for line in lines)
    raw = "\n".join(line[len(pad) :] for line in lines) + "\n"
    out, i = [], 0
    while i < len(raw):
        if raw[i] == "\\":
            assert raw[i + 1] in _JAVA_ESCAPES, raw[i : i + 6]
            out.append(_JAVA_ESCAPES[raw[i + 1]])
            i += 2
        else:
            out.append(raw[i])
            i += 1
    return "".join(out)


def kotlin_body(code: str) -> str:
    # a raw string: no escapes, `${'$'}` for a dollar; trimIndent() removes the common
    # indentation and the blank first and last lines
    m = re.search(r'val dodoBody = """\n(.*?)\n *"""\.trimIndent\(\)', code, re.DOTALL)
    assert m is not None, code
    return textwrap.dedent(m[1]).replace("${'$'}", "$")


def csharp_body(code: str) -> str:
    # a raw string literal: no escapes; the closing delimiter's indentation is removed
    m = re.search(r'var dodoBody = ("{3,})\n(.*?)\n( *)\1;', code, re.DOTALL)
    assert m is not None, code
    quotes, content, pad = m[1], m[2], m[3]
    assert quotes not in content
    lines = content.splitlines()
    assert all(line.startswith(pad) for line in lines)
    return "\n".join(line[len(pad) :] for line in lines)


def shell_words(code: str) -> list[str]:
    # bash drops a backslash-newline outside quotes (a continuation); shlex would keep the newline
    return shlex.split(code.replace("\\\n", " "), comments=True)


def shell_body(code: str) -> str:
    args = shell_words(code)
    return args[args.index("-d") + 1]


BODY_OF: dict[str, Callable[[str], str]] = {
    "ruby": ruby_body,
    "php": php_body,
    "go": go_body,
    "java": java_body,
    "kotlin": kotlin_body,
    "csharp": csharp_body,
    "shell": shell_body,
}


# -- every HTTP family ------------------------------------------------------------------------


@pytest.mark.parametrize("family", HTTP_FAMILIES)
def test_http_suggestion_posts_the_body_as_json(family: str) -> None:
    code = suggestion(family, BODY, ())
    assert json.loads(BODY_OF[family](code)) == BODY
    assert "/checkouts" in code
    assert "https://test.dodopayments.com" in code
    assert "DODO_PAYMENTS_BASE_URL" in code
    assert "DODO_PAYMENTS_API_KEY" in code
    assert re.search(r"\bBearer\b", code)
    assert "application/json" in code
    assert "checkoutSessions" not in code and "checkout_sessions" not in code


@pytest.mark.parametrize("family", HTTP_FAMILIES)
def test_the_body_round_trips_a_quote_a_double_quote_and_a_backslash(family: str) -> None:
    for value in ("'", '"', "\\", "\\\"'", "`", '"""', "\\u0041", "\\n", "JSON", "\nJSON\n"):
        body = {"metadata": {"v": value}, value: [value]}
        assert json.loads(BODY_OF[family](suggestion(family, body, ()))) == body, value


@pytest.mark.parametrize("family", HTTP_FAMILIES)
def test_dynamic_values_come_first_as_comments(family: str) -> None:
    code = suggestion(family, BODY, DYNAMIC)
    lines = code.splitlines()
    comment = COMMENT[family]
    assert lines[0] == f'{comment} TODO: set from request.form["email"] (Stripe customer.email)'
    assert lines[1].startswith(f"{comment} TODO: set from get_user(")
    assert lines[1].endswith(").id (Stripe metadata.user)")  # folded onto one line
    assert lines[2] == f"{comment} TODO: set from **extra (Stripe params)"
    assert not lines[3].startswith(f"{comment} TODO")
    assert json.loads(BODY_OF[family](code)) == BODY


@pytest.mark.parametrize("family", [*HTTP_FAMILIES, "python", "node"])
def test_no_body_says_so_in_a_comment(family: str) -> None:
    comment = {**COMMENT, "python": "#", "node": "//"}[family]
    assert suggestion(family, None, DYNAMIC[:1]).splitlines() == [
        f'{comment} TODO: set from request.form["email"] (Stripe customer.email)',
        f"{comment} no Dodo equivalent: see the findings",
    ]


def test_php_comments_cannot_leave_php_mode() -> None:
    code = suggestion("php", BODY, (Dynamic("x", "$a ?> $b"),))
    assert "?>" not in code.splitlines()[0]


# -- shell: bash parses it, and curl gets exactly the JSON ------------------------------------


def test_shell_is_one_curl_command_whose_data_is_the_json() -> None:
    code = suggestion("shell", BODY, DYNAMIC)
    args = shell_words(code)
    assert args[:3] == [
        "curl",
        "-X",
        "POST",
    ]
    assert args[3] == "${DODO_PAYMENTS_BASE_URL:-https://test.dodopayments.com}/checkouts"
    assert args[4:8] == [
        "-H",
        "Authorization: Bearer $DODO_PAYMENTS_API_KEY",
        "-H",
        "Content-Type: application/json",
    ]
    assert args[8] == "-d" and json.loads(args[9]) == BODY
    assert len(args) == 10


BASH = shutil.which("bash")


@pytest.mark.skipif(BASH is None, reason="no bash")
def test_bash_accepts_the_command(tmp_path: Path) -> None:
    assert BASH is not None
    script = tmp_path / "suggested.sh"
    script.write_text(suggestion("shell", BODY, DYNAMIC) + "\n", encoding="utf-8")
    done = subprocess.run(
        [BASH, "-n", str(script)], check=False, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(BASH is None, reason="no bash")
@pytest.mark.parametrize("base_url", [None, "http://localhost:8080"])
def test_bash_passes_curl_the_expected_arguments(tmp_path: Path, base_url: str | None) -> None:
    """Run the command with ``curl`` replaced by a function that prints its arguments: no
    network, and bash (not shlex) decides what curl would get."""
    assert BASH is not None
    script = tmp_path / "suggested.sh"
    stub = "curl() { printf '%s\\0' \"$@\"; }\n"
    script.write_text(stub + suggestion("shell", BODY, DYNAMIC) + "\n", encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", ""), "DODO_PAYMENTS_API_KEY": "sk_test_123"}
    if base_url is not None:
        env["DODO_PAYMENTS_BASE_URL"] = base_url
    done = subprocess.run(
        [BASH, str(script)], check=False, capture_output=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    args = done.stdout.decode("utf-8").split("\0")[:-1]
    url = (base_url or "https://test.dodopayments.com") + "/checkouts"
    assert args[:7] == [
        "-X",
        "POST",
        url,
        "-H",
        "Authorization: Bearer sk_test_123",
        "-H",
        "Content-Type: application/json",
    ]
    assert args[7] == "-d" and json.loads(args[8]) == BODY


# -- Java: the text block is what javac reads --------------------------------------------------

JAVA, JAVAC = shutil.which("java"), shutil.which("javac")

JAVA_CLASS = """\
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

public class Suggested {{
    static void send() throws Exception {{
{snippet}
    }}

    public static void main(String[] args) throws Exception {{
{text_block}
        System.out.write(dodoBody.getBytes(StandardCharsets.UTF_8));
        System.out.flush();
    }}
}}
"""


@pytest.mark.slow
@pytest.mark.skipif(JAVA is None or JAVAC is None, reason="no JDK")
def test_java_compiles_and_its_text_block_is_the_json(tmp_path: Path) -> None:
    assert JAVA is not None and JAVAC is not None
    code = suggestion("java", BODY, DYNAMIC)
    block = re.search(r'String dodoBody = """\n.*?""";', code, re.DOTALL)
    assert block is not None
    source = JAVA_CLASS.format(
        snippet=textwrap.indent(code, " " * 8), text_block=textwrap.indent(block[0], " " * 8)
    )
    (tmp_path / "Suggested.java").write_text(source, encoding="utf-8")
    compiled = subprocess.run(
        [JAVAC, "-encoding", "UTF-8", "-d", str(tmp_path), str(tmp_path / "Suggested.java")],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert compiled.returncode == 0, compiled.stderr
    ran = subprocess.run(
        [JAVA, "-cp", str(tmp_path), "Suggested"], check=False, capture_output=True, timeout=300
    )
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout.decode("utf-8")) == BODY


# -- Python and Node: the dodopayments SDKs ---------------------------------------------------


class FakeResource:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def create(self, **kwargs: Any) -> None:
        self.calls.append(kwargs)


class FakeClient:
    def __init__(self) -> None:
        self.checkout_sessions = FakeResource()


@pytest.mark.parametrize("body", [BODY, {"product_cart": [{"product_id": "p", "quantity": 1}]}, {}])
def test_python_compiles_and_calls_checkout_sessions_create(body: dict[str, Any]) -> None:
    code = suggestion("python", body, DYNAMIC)
    compiled = compile(code, "<suggestion>", "exec")
    client = FakeClient()
    exec(compiled, {"client": client})
    assert client.checkout_sessions.calls == [body]


def test_the_python_sdk_has_the_suggested_method() -> None:
    dodopayments = pytest.importorskip("dodopayments")
    client = dodopayments.DodoPayments(bearer_token="test-key", environment="test_mode")
    assert callable(client.checkout_sessions.create)
    assert str(client.base_url).rstrip("/") == "https://test.dodopayments.com"


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="no node")
def test_node_parses_and_calls_checkout_sessions_create(tmp_path: Path) -> None:
    assert NODE is not None
    code = suggestion("node", BODY, DYNAMIC)
    script = tmp_path / "suggested.js"
    script.write_text(code + "\n", encoding="utf-8")
    checked = subprocess.run(
        [NODE, "--check", str(script)], check=False, capture_output=True, timeout=60
    )
    assert checked.returncode == 0, checked.stderr
    stub = (
        "const client = { checkoutSessions: { create: (body) => "
        "process.stdout.write(JSON.stringify(body)) } };\n"
    )
    script.write_text(stub + code + "\n", encoding="utf-8")
    ran = subprocess.run([NODE, str(script)], check=False, capture_output=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout.decode("utf-8")) == BODY


def test_python_and_node_keep_their_format() -> None:
    body = {"product_cart": [{"product_id": "pdt_1", "quantity": 1}], "metadata": {"a-b": "x"}}
    dynamic = (Dynamic("customer_email", 'request.form["email"]'),)
    assert suggestion("python", body, dynamic) == (
        '# TODO: set from request.form["email"] (Stripe customer_email)\n'
        '# client: DodoPayments(environment="test_mode") (from dodopayments import DodoPayments)\n'
        "client.checkout_sessions.create(\n"
        "    product_cart=[\n"
        "        {\n"
        '            "product_id": "pdt_1",\n'
        '            "quantity": 1,\n'
        "        },\n"
        "    ],\n"
        "    metadata={\n"
        '        "a-b": "x",\n'
        "    },\n"
        ")"
    )
    assert suggestion("node", body, dynamic) == (
        '// TODO: set from request.form["email"] (Stripe customer_email)\n'
        '// client: new DodoPayments({ environment: "test_mode" })'
        ' (import DodoPayments from "dodopayments")\n'
        "client.checkoutSessions.create({\n"
        "  product_cart: [\n"
        "    {\n"
        '      product_id: "pdt_1",\n'
        "      quantity: 1,\n"
        "    },\n"
        "  ],\n"
        "  metadata: {\n"
        '    "a-b": "x",\n'
        "  },\n"
        "})"
    )


# -- run-time values: the source expression where the Dodo field takes it ---------------------

TEXT = 'he said "hi"\nand left \\ é'
RUN_TIME_BODY: dict[str, Any] = {
    "product_price": Expr("cents", "amount", type="int"),
    "product_currency": Expr("cur", "currency", "upper", "str"),
    "product_description": Expr("desc", "description", type="str"),
    "metadata": {"note": Expr("desc", "metadata.note", type="str"), "order-id": "A-1"},
}
RUN_TIME_SENT = {
    "product_price": 2500,
    "product_currency": "USD",
    "product_description": TEXT,
    "metadata": {"note": TEXT, "order-id": "A-1"},
}
CHARGE = "/subscriptions/sub_1/charge"
SETS = {
    "ruby": "dodo_body['product_price'] = cents\ndodo_body['product_currency'] = cur.upcase\n",
    "php": "$dodoBody->{'product_price'} = (filter_var(cents, FILTER_VALIDATE_INT, "
    "FILTER_NULL_ON_FAILURE) ?? throw new \\UnexpectedValueException('stripe2dodo: a whole "
    "number was expected'));\n$dodoBody->{'product_currency'} = strtoupper(cur);\n",
    "go": 'dodoPayload["product_price"] = cents\n'
    'dodoPayload["product_currency"] = strings.ToUpper(dodoids.Text(cur))\n',
    "csharp": 'dodoBody["product_price"] = JsonSerializer.SerializeToNode(cents);\n'
    'dodoBody["product_currency"] = JsonSerializer.SerializeToNode(cur.ToUpperInvariant());\n',
}


@pytest.mark.parametrize("family", sorted(SETS))
def test_http_suggestions_set_run_time_values_after_parsing(family: str) -> None:
    code = suggestion(family, RUN_TIME_BODY, (), path=CHARGE)
    assert SETS[family] in code
    if family == "csharp":  # the literal is parsed into a JsonNode, then set
        m = re.search(r'var dodoRaw = ("{3,})\n(.*?)\n( *)\1;', code, re.DOTALL)
        assert m is not None
        literal = json.loads(textwrap.dedent(m[2]))
    else:
        literal = json.loads(BODY_OF[family](code))
    assert literal["product_price"] is None and literal["metadata"] == {
        "note": None,
        "order-id": "A-1",
    }
    assert "TODO" not in code


def test_python_passes_run_time_values_to_the_sdk() -> None:
    code = suggestion("python", RUN_TIME_BODY, (), path=CHARGE)
    calls: list[tuple[Any, ...]] = []
    client = SimpleNamespace(
        subscriptions=SimpleNamespace(charge=lambda *a, **k: calls.append((a, k)))
    )
    exec(
        compile(code, "<suggestion>", "exec"),
        {"client": client, "cents": 2500, "cur": "usd", "desc": TEXT},
    )
    assert calls == [(("sub_1",), RUN_TIME_SENT)]


@pytest.mark.skipif(NODE is None, reason="no node")
def test_node_passes_run_time_values_to_the_sdk(tmp_path: Path) -> None:
    assert NODE is not None
    stub = (
        "const client = { subscriptions: { charge: (id, body) => "
        "process.stdout.write(JSON.stringify([id, body])) } };\n"
        f"const cents = 2500, cur = 'usd', desc = {json.dumps(TEXT)};\n"
    )
    script = tmp_path / "suggested.js"
    script.write_text(stub + suggestion("node", RUN_TIME_BODY, (), path=CHARGE) + "\n", "utf-8")
    ran = subprocess.run([NODE, str(script)], check=False, capture_output=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout.decode("utf-8")) == ["sub_1", RUN_TIME_SENT]


@pytest.mark.skipif(NODE is None, reason="no node")
def test_node_refuses_a_missing_amount(tmp_path: Path) -> None:
    assert NODE is not None
    body = {"product_price": Expr.absent("product_price", "int")}
    script = tmp_path / "suggested.js"
    stub = "const client = { subscriptions: { charge: () => process.stdout.write('sent') } };\n"
    script.write_text(stub + suggestion("node", body, (), path=CHARGE) + "\n", "utf-8")
    ran = subprocess.run([NODE, str(script)], check=False, capture_output=True, timeout=60)
    assert ran.returncode != 0 and b"TODO_product_price is not defined" in ran.stderr
    assert ran.stdout == b""


JAVA_RUN_TIME = """\
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

public class Suggested {{
    static void send(long cents, String cur, String desc) throws Exception {{
{snippet}
    }}

    public static void main(String[] args) throws Exception {{
        long cents = 2500;
        String cur = "usd";
        String desc = {desc};
{body}
        System.out.write(dodoBody.getBytes(StandardCharsets.UTF_8));
        System.out.flush();
    }}
}}
"""


def _javac(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    assert JAVAC is not None
    (tmp_path / "Suggested.java").write_text(source, encoding="utf-8")
    return subprocess.run(
        [JAVAC, "-encoding", "UTF-8", "-d", str(tmp_path), str(tmp_path / "Suggested.java")],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
@pytest.mark.skipif(JAVA is None or JAVAC is None, reason="no JDK")
def test_java_writes_run_time_values_as_json(tmp_path: Path) -> None:
    assert JAVA is not None
    code = suggestion("java", RUN_TIME_BODY, (), path=CHARGE)
    body = code[code.index("// DodoJson") : code.index("String dodoBaseUrl")]
    source = JAVA_RUN_TIME.format(
        snippet=textwrap.indent(code, " " * 8),
        body=textwrap.indent(body, " " * 8),
        desc=json.dumps(TEXT, ensure_ascii=False),
    )
    compiled = _javac(tmp_path, source)
    assert compiled.returncode == 0, compiled.stderr
    ran = subprocess.run(
        [JAVA, "-cp", str(tmp_path), "Suggested"], check=False, capture_output=True, timeout=300
    )
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout.decode("utf-8")) == RUN_TIME_SENT


@pytest.mark.slow
@pytest.mark.skipif(JAVA is None or JAVAC is None, reason="no JDK")
def test_java_does_not_compile_without_the_amount(tmp_path: Path) -> None:
    body = {"product_price": Expr.absent("product_price", "int")}
    code = suggestion("java", body, (), path=CHARGE)
    source = JAVA_RUN_TIME.format(snippet=textwrap.indent(code, " " * 8), body="", desc='""')
    compiled = _javac(tmp_path, source.replace("System.out.write(dodoBody", "System.out.write(cur"))
    assert compiled.returncode != 0
    assert "TODO_product_price" in compiled.stderr and "cannot find symbol" in compiled.stderr


@pytest.mark.skipif(BASH is None or shutil.which("jq") is None, reason="no bash or jq")
def test_bash_splices_run_time_values_into_the_json(tmp_path: Path) -> None:
    assert BASH is not None
    body = {
        "product_price": Expr('"$CENTS"', "amount", type="int"),
        "product_currency": Expr('"$CUR"', "currency", "upper", "str"),
        "product_description": Expr('"$DESC"', "description", type="str"),
    }
    script = tmp_path / "suggested.sh"
    stub = "curl() { printf '%s\\0' \"$@\"; }\n"
    script.write_text(stub + suggestion("shell", body, (), path=CHARGE) + "\n", encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "CENTS": "2500",
        "CUR": "usd",
        "DESC": TEXT,
    }
    done = subprocess.run(
        [BASH, str(script)], check=False, capture_output=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    args = done.stdout.decode("utf-8").split("\0")[:-1]
    assert json.loads(args[args.index("-d") + 1]) == {
        "product_price": 2500,
        "product_currency": "USD",
        "product_description": TEXT,
    }


def test_a_missing_required_value_is_never_json() -> None:
    body = {"product_price": Expr.absent("product_price", "int"), "product_currency": "USD"}
    data = shell_body(suggestion("shell", body, (), path=CHARGE))
    assert '"product_price": TODO_product_price' in data
    with pytest.raises(json.JSONDecodeError):
        json.loads(data)
    for family in SETS:
        assert "TODO_product_price" in suggestion(family, body, (), path=CHARGE)


def test_carried_values_are_not_also_listed_as_todo() -> None:
    dynamic = (Dynamic("amount", "cents"), Dynamic("customer", "customer_id"))
    code = suggestion("python", {"product_price": Expr("cents", "amount", type="int")}, dynamic)
    assert "# TODO: set from customer_id (Stripe customer)" in code
    assert "set from cents" not in code
