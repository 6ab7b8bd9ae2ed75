"""curl commands as Stripe's docs print them, to request payloads (and never secrets)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from migrate.readers.curl import CurlCommand, CurlProblem, iter_curl_commands, redact

KEY = "sk_test_51SeCrEtKeyAbCdEfGhIjKlMnOp"

# Seed 002 (Stripe's Checkout prices migration guide), first example, as the docs print it.
SEED_INLINE_PRICE_DATA = """\
curl https://api.stripe.com/v1/checkout/sessions \\
  -u <>: \\
  -d "line_items[0][quantity]"=1 \\
  -d "line_items[0][price_data][unit_amount]"=2000 \\
  -d "line_items[0][price_data][product_data][name]"=T-shirt \\
  -d "line_items[0][price_data][product_data][description]"="Comfortable cotton t-shirt" \\
  -d "line_items[0][price_data][product_data][images][]"="https://example.com/t-shirt.png" \\
  -d "line_items[0][price_data][currency]"=usd \\
  -d mode=payment \\
  -d success_url="https://example.com/success" \\
"""

# Seed 002, the product + price + session block, flattened onto one line as received.
SEED_FLATTENED = (
    "次の例は、API を使用して商品と価格を作成する方法を示しています。 #### curl ```bash "
    "curl https://api.stripe.com/v1/products \\ -u<>: \\ -d name=T-shirt \\ "
    '-d description="Comfortable cotton t-shirt" \\ '
    '-d "images[]"="https://example.com/t-shirt.png" '
    'curl https://api.stripe.com/v1/prices \\ -u<>: \\ -d product="{{PRODUCT_ID}}" \\ '
    "-d unit_amount=2000 \\ -d currency=usd curl https://api.stripe.com/v1/checkout/sessions \\ "
    '-u <>: \\ -d "line_items[0][quantity]"=1 \\-d "line_items[0][price]"="{{PRICE_ID}}" \\ '
    '-d mode=payment \\ -d success_url="https://example.com/success" \\ ``` '
    "## サブスクリプション 継続支払いの組み込みには以下の変更点があります。 it's `curl`-free prose"
)


def commands(text: str, base_dir: Path | None = None) -> list[CurlCommand | CurlProblem]:
    return list(iter_curl_commands(text, base_dir=base_dir))


def only_command(text: str, base_dir: Path | None = None) -> CurlCommand:
    (result,) = commands(text, base_dir)
    assert isinstance(result, CurlCommand), result
    return result


def test_seed_inline_price_data_command() -> None:
    command = only_command(SEED_INLINE_PRICE_DATA)
    assert command.method == "POST"
    assert command.url == "https://api.stripe.com/v1/checkout/sessions"
    assert command.endpoint == "/v1/checkout/sessions"
    assert command.line == 1
    assert command.index == 0
    assert command.auth is True
    assert command.body_format == "form"
    assert command.stripe_version is None
    assert command.data == {
        "line_items": [
            {
                "quantity": "1",
                "price_data": {
                    "unit_amount": "2000",
                    "product_data": {
                        "name": "T-shirt",
                        "description": "Comfortable cotton t-shirt",
                        "images": ["https://example.com/t-shirt.png"],
                    },
                    "currency": "usd",
                },
            }
        ],
        "mode": "payment",
        "success_url": "https://example.com/success",
    }


def test_seed_flattened_line_gives_three_commands() -> None:
    results = commands(SEED_FLATTENED)
    assert all(isinstance(r, CurlCommand) for r in results), results
    found = [(r.endpoint, r.line, r.index) for r in results if isinstance(r, CurlCommand)]
    assert found == [("/v1/products", 1, 0), ("/v1/prices", 1, 1), ("/v1/checkout/sessions", 1, 2)]
    products, prices, session = (r for r in results if isinstance(r, CurlCommand))
    assert products.data == {
        "name": "T-shirt",
        "description": "Comfortable cotton t-shirt",
        "images": ["https://example.com/t-shirt.png"],
    }
    assert prices.data == {"product": "{{PRODUCT_ID}}", "unit_amount": "2000", "currency": "usd"}
    assert session.data == {
        "line_items": [{"quantity": "1", "price": "{{PRICE_ID}}"}],
        "mode": "payment",
        "success_url": "https://example.com/success",
    }
    assert all(r.auth for r in (products, prices, session))


def test_script_with_prompts_comments_and_other_lines() -> None:
    text = """\
#!/bin/sh
# Create a product first (this curl https://api.stripe.com/v1/x is only a comment)
export STRIPE_KEY=whatever
$ curl https://api.stripe.com/v1/products \\
    -u "$STRIPE_KEY:" \\
    -d name=Gold
{"id": "prod_1", "object": "product"}

echo done
curl https://api.stripe.com/v1/checkout/sessions -d mode=subscription \\
  -d "line_items[0][price]"=price_1 # the plan's price
"""
    results = commands(text)
    assert [(r.line, r.index) for r in results] == [(4, 0), (10, 1)]
    first, second = results
    assert isinstance(first, CurlCommand)
    assert isinstance(second, CurlCommand)
    assert first.endpoint == "/v1/products"
    assert first.data == {"name": "Gold"}
    assert second.data == {"mode": "subscription", "line_items": [{"price": "price_1"}]}
    assert second.auth is False


def test_bare_curl_word_starts_a_new_command_on_the_same_logical_line() -> None:
    text = "curl https://a.test/v1/x -d a=1 \\\n  curl https://a.test/v1/y -d b=2\n"
    results = commands(text)
    assert [(r.line, r.index) for r in results] == [(1, 0), (2, 1)]
    assert [r.data for r in results if isinstance(r, CurlCommand)] == [{"a": "1"}, {"b": "2"}]


def test_data_urlencode_forms(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("50% off & free + fast\n", encoding="utf-8")
    text = """\
curl https://api.stripe.com/v1/checkout/sessions \\
  --data-urlencode "line_items[0][price_data][product_data][name]=Tee & cap + socks" \\
  --data-urlencode "success_url=https://x.test/ok?a=1&b=2" \\
  --data-urlencode "metadata[note]@note.txt" \\
  --data-urlencode "=just content" \\
  --data-urlencode "mode=pay@ment"
"""
    command = only_command(text, base_dir=tmp_path)
    assert command.data == {
        "line_items": [{"price_data": {"product_data": {"name": "Tee & cap + socks"}}}],
        "success_url": "https://x.test/ok?a=1&b=2",
        "metadata": {"note": "50% off & free + fast\n"},
        "just content": "",
        "mode": "pay@ment",
    }


def test_get_moves_data_to_the_query_string() -> None:
    text = (
        "curl -G https://api.stripe.com/v1/checkout/sessions -u sk_test_123456789: "
        '-d limit=3 -d "expand[]"=data.line_items --url-query "customer=cus 1"'
    )
    command = only_command(text)
    assert command.method == "GET"
    assert command.endpoint == "/v1/checkout/sessions"
    assert command.data == {"limit": "3", "expand": ["data.line_items"], "customer": "cus 1"}
    assert command.url.startswith("https://api.stripe.com/v1/checkout/sessions?")
    assert "limit=3" in command.url


def test_get_without_data_reads_the_url_query() -> None:
    command = only_command("curl 'https://api.stripe.com/v1/checkout/sessions?limit=2&expand[]=x'")
    assert command.method == "GET"
    assert command.data == {"limit": "2", "expand": ["x"]}


def test_explicit_method_and_attached_short_options() -> None:
    command = only_command(f"curl -sSXPOST -u{KEY}: -dmode=setup https://api.stripe.com/v1/x/")
    assert command.method == "POST"
    assert command.endpoint == "/v1/x"
    assert command.data == {"mode": "setup"}
    delete = only_command("curl --request delete https://api.stripe.com/v1/customers/cus_1")
    assert delete.method == "DELETE"
    assert delete.data == {}


def test_stripe_version_header_and_skipped_options() -> None:
    text = """\
curl https://api.stripe.com/v1/checkout/sessions \\
  --silent --compressed -o out.json -w '%{http_code}' --max-time 10 \\
  -H "Stripe-Version: 2019-05-16" \\
  -H 'Idempotency-Key: abc' \\
  -d "subscription_data[items][0][plan]"=plan_gold
"""
    command = only_command(text)
    assert command.stripe_version == "2019-05-16"
    assert command.data == {"subscription_data": {"items": [{"plan": "plan_gold"}]}}


def test_backslash_dash_oddity_from_the_docs() -> None:
    command = only_command('curl https://a.test/v1/x \\ -u <>: \\ -d "a[0]"=1 \\-d b=2')
    assert command.data == {"a": ["1"], "b": "2"}


def test_json_body_by_content_type_keeps_decimals(tmp_path: Path) -> None:
    (tmp_path / "body.json").write_text('{"amount": 12.50, "n": 3}', encoding="utf-8")
    text = (
        "curl https://api.example.test/v2/things -H 'Content-Type: application/json' "
        "--data-binary @body.json"
    )
    command = only_command(text, base_dir=tmp_path)
    assert command.body_format == "json"
    assert command.data == {"amount": Decimal("12.50"), "n": 3}
    assert isinstance(command.data["amount"], Decimal)


def test_json_object_data_is_recognised_without_header() -> None:
    command = only_command("""curl https://a.test/v1/x -d '{"mode": "payment"}'""")
    assert command.body_format == "json"
    assert command.data == {"mode": "payment"}


def test_data_file_strips_newlines_like_curl(tmp_path: Path) -> None:
    (tmp_path / "body.form").write_text("mode=payment&\nsuccess_url=https://x.test\n")
    command = only_command("curl https://a.test/v1/x -d @body.form", base_dir=tmp_path)
    assert command.data == {"mode": "payment", "success_url": "https://x.test"}


def test_data_raw_does_not_read_files() -> None:
    command = only_command("curl https://a.test/v1/x --data-raw @literal")
    assert command.data == {"@literal": ""}


def test_missing_data_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    results = commands(
        "curl https://a.test/v1/x -d @nope.txt\ncurl https://a.test/v1/y -d a=1\n",
        base_dir=tmp_path,
    )
    problem, command = results
    assert isinstance(problem, CurlProblem)
    assert "nope.txt" in problem.message
    assert problem.line == 1
    assert isinstance(command, CurlCommand)
    assert command.data == {"a": "1"}


def test_data_file_that_is_a_folder_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (result,) = commands("curl https://a.test/v1/x -d @sub", base_dir=tmp_path)
    assert isinstance(result, CurlProblem)
    assert "@sub" in result.message


def test_multipart_is_unsupported() -> None:
    (result,) = commands("curl https://files.stripe.com/v1/files -F purpose=dispute_evidence")
    assert isinstance(result, CurlProblem)
    assert "multipart" in result.message
    assert "-d" in result.hint


def test_unbalanced_quote_is_reported_and_later_commands_still_read() -> None:
    text = 'curl https://a.test/v1/x \\\n  -d "mode=payment\n\ncurl https://a.test/v1/y -d b=2\n'
    problem, command = commands(text)
    assert isinstance(problem, CurlProblem)
    assert "quote" in problem.message
    assert (problem.line, problem.index) == (1, 0)
    assert isinstance(command, CurlCommand)
    assert (command.line, command.index, command.data) == (4, 1, {"b": "2"})


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("curl -d a=1", "no URL"),
        ("curl https://a.test/v1/x -d", "has no value"),
        ("curl https://a.test/v1/x stray -d a=1", "stray word"),
        ("curl https://a.test/v1/x -d 'a[b=1'", "malformed form key"),
        ("curl https://a.test/v1/x -H 'Content-Type: application/json' -d '{bad'", "JSON"),
        ("curl https://a.test/v1/x --json '[1]'", "not an object"),
        ("curl https://a.test/v1/x -d @-", "stdin"),
    ],
)
def test_broken_commands_are_problems(text: str, needle: str) -> None:
    (result,) = commands(text)
    assert isinstance(result, CurlProblem)
    assert needle in result.message
    assert result.hint


def test_shell_operators_end_the_command() -> None:
    text = "curl https://a.test/v1/x -d a=1 | jq . > out.json && echo 'it''s done\n"
    command = only_command(text)
    assert command.data == {"a": "1"}


def test_document_mode_ignores_prose_mentions_of_curl() -> None:
    text = "Use curl to test, or #### curl ```bash with nothing after it.\n"
    assert commands(text) == []


def test_crlf_line_endings() -> None:
    text = "curl https://a.test/v1/x \\\r\n  -d a=1 \\\r\n  -d b=2\r\ncurl https://a.test/v1/y\r\n"
    first, second = commands(text)
    assert isinstance(first, CurlCommand)
    assert first.data == {"a": "1", "b": "2"}
    assert second.line == 4


def _all_text(results: list[CurlCommand | CurlProblem]) -> str:
    return "\n".join(f"{r!r}\n{r}" for r in results)


def test_secrets_never_appear_in_any_output(tmp_path: Path) -> None:
    text = f"""\
curl https://api.stripe.com/v1/checkout/sessions -u {KEY}: -d mode=payment
curl https://api.stripe.com/v1/checkout/sessions --user "{KEY}:" -d "metadata[k]={KEY}"
curl https://api.stripe.com/v1/checkout/sessions -H "Authorization: Bearer {KEY}" -d a=1
curl https://{KEY}:@api.stripe.com/v1/checkout/sessions -d a=1
curl https://api.stripe.com/v1/checkout/sessions -u {KEY}: -d "unclosed
curl https://api.stripe.com/v1/checkout/sessions -u {KEY}: -d "a[{KEY}=1"
curl https://api.stripe.com/v1/checkout/sessions -u {KEY}: stray {KEY}
curl https://api.stripe.com/v1/checkout/sessions --oauth2-bearer {KEY} -d @{KEY}.txt
curl https://api.stripe.com/v1/checkout/sessions -u {KEY}:
curl https://api.stripe.com/v1/checkout/sessions -u
"""
    results = commands(text, base_dir=tmp_path)
    assert len(results) == 10
    assert KEY not in _all_text(results)
    assert "sk_test_" not in _all_text(results)
    ok = [r for r in results if isinstance(r, CurlCommand)]
    assert [r.auth for r in ok] == [True] * len(ok)
    assert ok[1].data == {"metadata": {"k": "[redacted]"}}
    assert ok[3].url == "https://api.stripe.com/v1/checkout/sessions"


def test_redact_hides_stripe_shaped_keys() -> None:
    assert redact(f"key {KEY} and rk_live_abc123 and whsec_xyz") == (
        "key [redacted] and [redacted] and [redacted]"
    )
    assert redact("my-own-secret-token here", {"my-own-secret-token"}) == "[redacted] here"
    assert redact("<> stays", {"<>"}) == "<> stays"
