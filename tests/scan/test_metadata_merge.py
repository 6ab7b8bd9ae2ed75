"""A metadata object known only at run time next to keys the code writes is merged in the Dodo
call (RT010, info), in every language: ``{...meta, client_reference_id: id}``, ``{**meta,
...}``, ``extra.merge(user_id: id)``, ``array_merge($extra, [...])``, ``putAllMetadata(extra)``
then ``putMetadata(k, v)``, ``Metadata = extra`` then ``Metadata["k"] = v``. It was left out
of the Dodo metadata (RT010 warning, RT012): an order id a webhook reads back was lost.

The merged object the suggestion builds is run where the language is on the machine (Ruby,
PHP, Go, Java, jq) and compared with what Stripe would have stored; Python and TypeScript are
type-checked in test_suggest_types.py ("metadata-merge")."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.codegen import Target, render
from migrate.readers.idmap import IdMap
from migrate.scan.site import CallSite
from migrate.scan.suggest_http import JAVA_JSON
from tests.scan.trees import creates, write_tree

RUBY = """require "stripe"

def checkout(price_id, user, extra)
  Stripe::Checkout::Session.create(
    mode: "payment",
    line_items: [{ price: price_id, quantity: 1 }],
    success_url: "https://shop.example/ok",
    metadata: extra.merge(user_id: user.id)
  )
end
"""

PHP = """<?php
function checkout($priceId, $user, $extra) {
    return \\Stripe\\Checkout\\Session::create([
        'mode' => 'payment',
        'line_items' => [['price' => $priceId, 'quantity' => 1]],
        'success_url' => 'https://shop.example/ok',
        'metadata' => array_merge($extra, ['user_id' => $user->id]),
    ]);
}
"""

GO = """package pay

import (
\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

func Pay(priceID string, orderID string, extra map[string]string) (*stripe.CheckoutSession, error) {
\tparams := &stripe.CheckoutSessionParams{
\t\tMode:              stripe.String("payment"),
\t\tSuccessURL:        stripe.String("https://shop.example/ok"),
\t\tClientReferenceID: stripe.String(orderID),
\t\tMetadata:          extra,
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
\t\t},
\t}
\treturn session.New(params)
}
"""

JAVA = """import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.Map;

public class Pay {
    public Session pay(String priceId, String orderId, Map<String, String> extra) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok")
            .addLineItem(
                SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
            .putAllMetadata(extra)
            .putMetadata("user_id", orderId)
            .build();
        return Session.create(params);
    }
}
"""

CSHARP = """using Stripe.Checkout;
using System.Collections.Generic;

public class Pay {
    public Session Create(string priceId, string orderId, Dictionary<string, string> extra) {
        var options = new SessionCreateOptions {
            Mode = "payment",
            SuccessUrl = "https://shop.example/ok",
            LineItems = new List<SessionLineItemOptions> {
                new SessionLineItemOptions { Price = priceId, Quantity = 1 },
            },
            Metadata = extra,
        };
        options.Metadata["user_id"] = orderId;
        return new SessionService().Create(options);
    }
}
"""

EXPECTED = {"a": "1", "user_id": "7"}
"""Stripe's metadata for ``extra = {a: 1, user_id: old}`` and the user (order) 7: the key the
code writes wins over the object's."""


def _site(tmp_path: Path, name: str, text: str) -> CallSite:
    (site,) = creates(write_tree(tmp_path / "src", {name: text}))
    assert site.suggestion is not None
    codes = {(f.code, f.level.value) for f in site.findings}
    assert ("RT010", "info") in codes and not {c for c, _ in codes} & {"RT012"}, codes
    return site


def _run(args: list[str], cwd: Path, **env: str) -> str:
    done = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False, env=env or None
    )
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


def test_ruby_merge_is_carried_and_runs(tmp_path: Path) -> None:
    site = _site(tmp_path, "pay.rb", RUBY)
    block = re.search(r"dodo_body\['metadata'\] = \{.*?\n\}", site.suggestion or "", re.S)
    assert block is not None and "**extra.to_h" in block[0]
    if shutil.which("ruby") is None:
        pytest.skip("ruby is not installed: the text is checked above")
    script = (
        'require "json"\n'
        'extra = { "a" => "1", "user_id" => "old" }\n'
        "user = Struct.new(:id).new(7)\n"
        "dodo_body = {}\n"
        f"{block[0]}\n"
        "puts JSON.generate(dodo_body['metadata'])\n"
        "extra = nil\n"
        f"{block[0]}\n"
        "puts JSON.generate(dodo_body['metadata'])\n"
    )
    (tmp_path / "m.rb").write_text(script)
    first, second = _run(["ruby", "m.rb"], tmp_path).splitlines()
    assert json.loads(first) == EXPECTED and json.loads(second) == {"user_id": "7"}


def test_php_array_merge_is_carried_and_runs(tmp_path: Path) -> None:
    site = _site(tmp_path, "pay.php", PHP)
    block = re.search(
        r"\$dodoBody->\{'metadata'\} = \(object\) array_merge\(.*?\n\);",
        site.suggestion or "",
        re.S,
    )
    assert block is not None and "(array) $extra" in block[0]
    if shutil.which("php") is None:
        pytest.skip("php is not installed: the text is checked above")
    script = (
        "<?php\n"
        "$extra = ['a' => '1', 'user_id' => 'old'];\n"
        "$user = (object) ['id' => 7];\n"
        "$dodoBody = new stdClass();\n"
        f"{block[0]}\n"
        "echo json_encode($dodoBody->{'metadata'}), \"\\n\";\n"
        "$extra = null;\n"
        f"{block[0]}\n"
        "echo json_encode($dodoBody->{'metadata'}), \"\\n\";\n"
    )
    (tmp_path / "m.php").write_text(script)
    first, second = _run(["php", "m.php"], tmp_path).splitlines()
    assert json.loads(first) == EXPECTED and json.loads(second) == {"user_id": "7"}


@pytest.mark.slow
def test_go_merge_is_carried_and_runs(tmp_path: Path) -> None:
    site = _site(tmp_path, "pay.go", GO)
    block = re.search(
        r'dodoPayload\["metadata"\] = func\(\) map\[string\]any \{.*?\n\}\(\)',
        site.suggestion or "",
        re.S,
    )
    assert block is not None and "range extra" in block[0]
    if shutil.which("go") is None:
        pytest.skip("go is not installed: the text is checked above")
    ids = IdMap.from_json({"price_x": "pdt_x"})
    program = (
        'package main\n\nimport (\n\t"encoding/json"\n\t"fmt"\n\n\t"example.com/app/dodoids"\n)\n\n'
        "func main() {\n"
        '\textra := map[string]string{"a": "1", "client_reference_id": "old"}\n'
        '\torderID := "7"\n'
        "\tdodoPayload := map[string]any{}\n"
        + "\n".join("\t" + line for line in block[0].splitlines())
        + '\n\tout, _ := json.Marshal(dodoPayload["metadata"])\n\tfmt.Println(string(out))\n}\n'
    )
    write_tree(
        tmp_path / "mod",
        {
            "go.mod": "module example.com/app\n\ngo 1.19\n",
            "dodoids/dodo_ids.go": render(ids, Target.GO, command="stripe2dodo ledger ids"),
            "main.go": program,
        },
    )
    env = {
        "PATH": "/usr/bin:/bin:/usr/local/bin:/usr/local/go/bin",
        "HOME": str(tmp_path),
        "GOCACHE": str(tmp_path / ".gocache"),
        "GOFLAGS": "-mod=mod",
        "GOPROXY": "off",
        "CGO_ENABLED": "0",
    }
    out = _run(["go", "run", "."], tmp_path / "mod", **env)
    assert json.loads(out) == {"a": "1", "client_reference_id": "7"}


@pytest.mark.slow
def test_java_put_all_then_put_is_carried_and_runs(tmp_path: Path) -> None:
    site = _site(tmp_path, "Pay.java", JAVA)
    found = re.search(
        r"DodoJson\.of\((new java\.util\.LinkedHashMap.*?\}\})\)", site.suggestion or ""
    )
    assert found is not None and "putAll(extra)" in found[1]
    if shutil.which("javac") is None or shutil.which("java") is None:
        pytest.skip("no JDK: the text is checked above")
    source = (
        "import java.util.Map;\n\n"
        + JAVA_JSON
        + "\npublic class Main {\n    public static void main(String[] args) {\n"
        '        Map<String, String> extra = Map.of("a", "1", "user_id", "old");\n'
        '        String orderId = "7";\n'
        f"        System.out.println(DodoJson.of({found[1]}));\n"
        "    }\n}\n"
    )
    (tmp_path / "Main.java").write_text(source)
    _run(["javac", "-d", str(tmp_path), str(tmp_path / "Main.java")], tmp_path)
    out = _run(["java", "-cp", str(tmp_path), "Main"], tmp_path)
    assert json.loads(out) == EXPECTED


def test_csharp_entries_added_to_a_whole_object_are_merged(tmp_path: Path) -> None:
    site = _site(tmp_path, "Pay.cs", CSHARP)
    text = site.suggestion or ""
    assert "extra?.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value))" in text
    assert '["user_id"] = Convert.ToString(orderId' in text and "g.Last().Value" in text


def test_shell_metadata_merge_runs_through_jq(tmp_path: Path) -> None:
    # the jq program a merge becomes, run as a shell suggestion would
    from migrate.mapping.expr import Expr
    from migrate.scan.suggest_json import Shell

    word = Shell().expr(
        Expr.merge(
            "$META", "metadata", [Expr("$META", "metadata", type="metadata"), {"order": "7"}]
        )
    )
    if shutil.which("jq") is None or shutil.which("sh") is None:
        pytest.skip("jq is not installed")
    out = _run(
        ["sh", "-c", f"printf '%s' {word}"],
        tmp_path,
        META='{"a":"1","order":"old"}',
        PATH="/usr/bin:/bin",
    )
    assert json.loads(out) == {"a": "1", "order": "7"}


FETCH = """export async function pay(priceId: string, email: string, meta: Record<string, string>) {
  const payload = new URLSearchParams();
  payload.set("mode", "payment");
  payload.set("success_url", "https://shop.example/ok");
  payload.set("line_items[0][price]", priceId);
  payload.set("line_items[0][quantity]", "1");
  payload.set("metadata[user_email]", email);
  for (const [key, value] of Object.entries(meta)) {
    payload.set(`metadata[${key}]`, String(value));
    payload.set(`payment_intent_data[metadata][${key}]`, String(value));
  }
  const res = await fetch("https://api.stripe.com/v1/checkout/sessions", {
    method: "POST",
    headers: { Authorization: `Bearer ${process.env.STRIPE_SECRET_KEY}` },
    body: payload,
  });
  return res.json();
}
"""


def test_a_raw_request_s_metadata_copied_pair_by_pair_is_merged_once(tmp_path: Path) -> None:
    # seen in a Next.js course shop: the copied map was merged in the session's metadata but
    # the payment's copy of the same map was also a bare "TODO: set from meta"
    (site,) = creates(write_tree(tmp_path / "src", {"pay.ts": FETCH}))
    text = site.suggestion or ""
    assert "...meta," in text and "user_email: String(email)," in text
    assert "TODO" not in text
