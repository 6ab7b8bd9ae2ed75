# ruff: noqa: E501  (the fixtures are Go and Java written as an application writes them)
"""Go, Java, Kotlin, C# and curl: a metadata value (or ``client_reference_id``) the code may
leave unset is a Dodo key only where Stripe would have had it.

Stripe's SDKs there form-encode (read in their sources): stripe-go's ``form.mapEncoder``
encodes a metadata map's ``""`` as it is; stripe-java keeps a null map value
(``ApiRequestParamsConverter.NullValuesInMapsTypeAdapterFactory``) and its ``FormEncoder``
writes null as ``""``; Stripe.net's ``ContentEncoder.FlattenParamsValue`` writes a null
dictionary value as ``string.Empty``; curl sends ``metadata[ref]=$REF`` empty when ``$REF`` is.
Stripe reads an empty metadata value as "unset this key": no key. A null
``client_reference_id`` is left out (a nil ``*string``, a null field or property). The
suggestions wrote such a value as it was: Java ``String.valueOf(ref)`` and Kotlin
``ref.toString()`` the text "null", Go and curl the empty text, C# a JSON null. Now the key is
set only under the value's test (``ref != null && !ref.isEmpty()``, ``if ref != "" {...}``,
``[ -n "$REF" ]``), and the metadata the suggestion builds is run (Go, Java, C#, sh with jq)
and compared with what Stripe would have stored."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from migrate.codegen import Target, render
from migrate.readers.idmap import IdMap
from migrate.scan.suggest_http import JAVA_JSON
from tests.scan.trees import creates, go_vet, write_tree

GO = """package pay

import (
\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

func Pay(priceID string, ref *string, signedIn bool, userID string, coupon string) (*stripe.CheckoutSession, error) {
\tnote := ""
\tif signedIn {
\t\tnote = userID
\t}
\tparams := &stripe.CheckoutSessionParams{
\t\tMode:              stripe.String("payment"),
\t\tSuccessURL:        stripe.String("https://shop.example/ok"),
\t\tClientReferenceID: ref,
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String("price_123"), Quantity: stripe.Int64(1)},
\t\t},
\t}
\tparams.AddMetadata("ref", stripe.StringValue(ref))
\tparams.AddMetadata("note", note)
\tparams.AddMetadata("coupon", coupon)
\tparams.AddMetadata("gift", "")
\tparams.AddMetadata("plan", "pro")
\treturn session.New(params)
}
"""

JAVA = """import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import org.jspecify.annotations.NonNull;

public class Pay {
    public Session pay(String priceId, String ref, boolean signedIn, @NonNull String plan) throws Exception {
        String note = null;
        if (signedIn) {
            note = "member";
        }
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok")
            .setClientReferenceId(ref)
            .addLineItem(
                SessionCreateParams.LineItem.builder().setPrice("price_123").setQuantity(1L).build())
            .putMetadata("ref", ref)
            .putMetadata("note", note)
            .putMetadata("plan", plan)
            .build();
        return Session.create(params);
    }
}
"""

KOTLIN = """import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

fun pay(priceId: String, ref: String? = null, plan: String): Session {
    val params = SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://shop.example/ok")
        .setClientReferenceId(ref)
        .addLineItem(
            SessionCreateParams.LineItem.builder().setPrice("price_123").setQuantity(1L).build())
        .putMetadata("ref", ref)
        .putMetadata("plan", plan)
        .build()
    return Session.create(params)
}
"""

CSHARP = """using Stripe.Checkout;
using System.Collections.Generic;

public class Pay {
    public Session Create(string priceId, string? reference = null, string plan = "pro") {
        var options = new SessionCreateOptions {
            Mode = "payment",
            SuccessUrl = "https://shop.example/ok",
            ClientReferenceId = reference,
            LineItems = new List<SessionLineItemOptions> {
                new SessionLineItemOptions { Price = "price_123", Quantity = 1 },
            },
            Metadata = new Dictionary<string, string> { { "ref", reference }, { "plan", plan } },
        };
        return new SessionService().Create(options);
    }
}
"""

SHELL = """#!/bin/sh
curl https://api.stripe.com/v1/checkout/sessions \\
  -u "$STRIPE_SECRET_KEY:" \\
  -d mode=payment \\
  -d "line_items[0][price]=price_123" \\
  -d "line_items[0][quantity]=1" \\
  -d "success_url=https://shop.example/ok" \\
  -d "client_reference_id=$REF" \\
  -d "metadata[ref]=$REF" \\
  -d "metadata[plan]=pro"
"""


_GO_STRIPE = (
    'package stripe\n\n// StringValue as stripe-go\'s: the text p points to, "" for nil\n'
    'func StringValue(p *string) string {\n\tif p == nil {\n\t\treturn ""\n\t}\n\treturn *p\n}\n'
)


def _suggestion(tmp_path: Path, name: str, text: str) -> str:
    (site,) = creates(write_tree(tmp_path / "src", {name: text}))
    assert site.suggestion is not None
    return site.suggestion


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False, env=env
    )
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


def _go_block(text: str) -> str:
    block = re.search(
        r'dodoPayload\["metadata"\] = func\(\) map\[string\]any \{.*?\n\}\(\)', text, re.S
    )
    assert block is not None, text
    return block[0]


def test_go_sets_a_key_only_when_its_value_is_not_empty(tmp_path: Path) -> None:
    block = _go_block(_suggestion(tmp_path, "pay.go", GO))
    ref = 'if ref != nil && *ref != "" {\n\t\tdodoMetadata["ref"] = dodoids.Text(stripe.StringValue(ref))\n\t}'
    assert ref in block
    assert 'if ref != nil && *ref != "" {\n\t\tdodoMetadata["client_reference_id"]' in block
    assert 'if coupon != "" {\n\t\tdodoMetadata["coupon"] = dodoids.Text(coupon)\n\t}' in block
    note = 'if signedIn {\n\t\tif userID != "" {\n\t\t\tdodoMetadata["note"] = dodoids.Text(userID)'
    assert note in block
    assert '"gift"' not in block and 'return ""' not in block
    assert 'dodoMetadata["plan"] = "pro"\n' in block


@pytest.mark.slow
def test_the_go_metadata_compiles_and_holds_what_stripe_keeps(tmp_path: Path) -> None:
    block = _go_block(_suggestion(tmp_path, "pay.go", GO))
    if shutil.which("go") is None:
        pytest.skip("go is not installed: the text is checked above")
    program = (
        'package main\n\nimport (\n\t"encoding/json"\n\t"fmt"\n\n'
        '\t"example.com/app/dodoids"\n\t"example.com/app/stripe"\n)\n\n'
        "func meta(ref *string, signedIn bool, userID string, coupon string) string {\n"
        "\tdodoPayload := map[string]any{}\n"
        + "\n".join("\t" + line for line in block.splitlines())
        + '\n\tout, _ := json.Marshal(dodoPayload["metadata"])\n\treturn string(out)\n}\n\n'
        "func main() {\n"
        '\tempty, r1 := "", "r1"\n'
        '\tfmt.Println(meta(nil, false, "u7", ""))\n'
        '\tfmt.Println(meta(&empty, true, "", "c1"))\n'
        '\tfmt.Println(meta(&r1, true, "u7", ""))\n'
        "}\n"
    )
    write_tree(
        tmp_path / "mod",
        {
            "go.mod": "module example.com/app\n\ngo 1.19\n",
            "dodoids/dodo_ids.go": render(IdMap.from_json({}), Target.GO, command="ids"),
            "stripe/stripe.go": _GO_STRIPE,
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
    unset, empty, given = (
        json.loads(line) for line in _run(["go", "run", "."], tmp_path / "mod", env).splitlines()
    )
    assert unset == {"plan": "pro"}
    assert empty == {"plan": "pro", "coupon": "c1"}
    assert given == {"plan": "pro", "ref": "r1", "note": "u7", "client_reference_id": "r1"}


@pytest.mark.slow
def test_the_whole_go_suggestion_vets(tmp_path: Path) -> None:
    text = _suggestion(tmp_path, "pay.go", GO)
    if shutil.which("go") is None:
        pytest.skip("go is not installed: the text is checked above")
    first, _, body = text.partition("\n")
    imports = {i.strip().strip('"') for i in first.removeprefix("// imports: ").split(",")}
    imports = {"example.com/app/dodoids" if i == "<module>/dodoids" else i for i in imports}
    imports.add("example.com/app/stripe")
    program = (
        "package app\n\nimport (\n"
        + "".join(f'\t"{i}"\n' for i in sorted(imports))
        + ")\n\ntype Session struct{ URL string }\n\n"
        "func Pay(priceID string, ref *string, signedIn bool, userID string, coupon string)"
        " (*Session, error) {\n"
        + textwrap.indent(body, "\t")
        + "\n\t_ = dodoSession\n\treturn nil, nil\n}\n"
    )
    write_tree(
        tmp_path / "mod",
        {
            "go.mod": "module example.com/app\n\ngo 1.19\n",
            "dodoids/dodo_ids.go": render(IdMap.from_json({}), Target.GO, command="ids"),
            "stripe/stripe.go": _GO_STRIPE,
            "pay.go": program,
        },
    )
    done = go_vet(tmp_path / "mod")
    assert done.returncode == 0, done.stderr + program


def _java_metadata(text: str) -> str:
    found = re.search(r'\.replace\("\\"@stripe2dodo:0@\\"", (.*)\);\n', text)
    assert found is not None and '"metadata": "@stripe2dodo:0@"' in text, text
    return found[1]


def test_java_puts_a_key_only_when_its_value_is_set(tmp_path: Path) -> None:
    made = _java_metadata(_suggestion(tmp_path, "Pay.java", JAVA))
    ref = (
        '((ref != null && !ref.isEmpty()) ? "\\"ref\\":" + DodoJson.of(String.valueOf(ref)) : null)'
    )
    assert ref in made
    assert '((ref != null && !ref.isEmpty()) ? "\\"client_reference_id\\":" + ' in made
    assert '(signedIn ? "\\"note\\":\\"member\\"" : null)' in made
    assert '"\\"plan\\":" + DodoJson.of(String.valueOf(plan))' in made  # @NonNull: always set
    assert "plan != null" not in made
    # no map initializer (an inner class reads only effectively final locals)
    assert "LinkedHashMap" not in made and ".filter(java.util.Objects::nonNull)" in made


@pytest.mark.slow
def test_the_java_metadata_compiles_and_holds_what_stripe_keeps(tmp_path: Path) -> None:
    made = _java_metadata(_suggestion(tmp_path, "Pay.java", JAVA))
    if shutil.which("javac") is None or shutil.which("java") is None:
        pytest.skip("no JDK: the text is checked above")
    source = (
        JAVA_JSON + "\npublic class Main {\n"
        "    static String meta(String ref, boolean signedIn, String plan) {\n"
        "        ref = ref == null ? null : ref.strip(); // assigned: not effectively final\n"
        f"        return {made};\n    }}\n"
        "    public static void main(String[] args) {\n"
        '        System.out.println(meta(null, false, "b"));\n'
        '        System.out.println(meta("", true, "b"));\n'
        '        System.out.println(meta("r1", true, "b"));\n'
        "    }\n}\n"
    )
    (tmp_path / "Main.java").write_text(source)
    _run(["javac", "-d", str(tmp_path), str(tmp_path / "Main.java")], tmp_path)
    out = _run(["java", "-cp", str(tmp_path), "Main"], tmp_path).splitlines()
    unset, empty, given = (json.loads(line) for line in out)
    assert unset == {"plan": "b"}
    assert empty == {"plan": "b", "note": "member"}
    assert given == {"plan": "b", "ref": "r1", "note": "member", "client_reference_id": "r1"}


def test_kotlin_adds_a_nullable_value_only_when_set(tmp_path: Path) -> None:
    text = _suggestion(tmp_path, "Pay.kt", KOTLIN)
    ref = '(if (!ref.isNullOrEmpty()) mapOf<String, Any?>("ref" to ref.toString()) else emptyMap<String, Any?>())'
    assert ref in text
    assert (
        '(if (!ref.isNullOrEmpty()) mapOf<String, Any?>("client_reference_id" to ref.toString())'
        in text
    )
    assert 'mapOf<String, Any?>("plan" to plan.toString())' in text  # String: never null
    assert "dodoJson(ref.toString())" not in text


def _csharp_metadata(text: str) -> str:
    found = re.search(
        r'dodoBody\["metadata"\] = JsonSerializer\.SerializeToNode\((.*?)\);\n', text, re.S
    )
    assert found is not None, text
    return found[1]


def test_csharp_adds_a_nullable_value_only_when_set(tmp_path: Path) -> None:
    made = _csharp_metadata(_suggestion(tmp_path, "Pay.cs", CSHARP))
    assert made.count("(!string.IsNullOrEmpty(reference) ? new Dictionary<string, object?>") == 2
    assert ": new Dictionary<string, object?>())" in made
    assert '["plan"] = Convert.ToString(plan' in made


@pytest.mark.slow
def test_the_csharp_metadata_compiles_and_holds_what_stripe_keeps(tmp_path: Path) -> None:
    made = _csharp_metadata(_suggestion(tmp_path, "Pay.cs", CSHARP))
    if shutil.which("mcs") is None or shutil.which("mono") is None:
        pytest.skip("mcs is not installed: the text is checked above")
    # mcs reads C# 7: nullable reference annotations (object?, string?) are only annotations
    made = made.replace("object?", "object")
    source = (
        "using System;\nusing System.Collections.Generic;\nusing System.Linq;\n"
        "class Check {\n"
        "  static string Meta(string reference, string plan) {\n"
        f"    var made = {made};\n"
        '    return string.Join(",", made.OrderBy(kv => kv.Key).Select(kv => kv.Key + "=" + kv.Value));\n'
        "  }\n"
        "  static void Main() {\n"
        '    Console.WriteLine(Meta(null, "pro"));\n'
        '    Console.WriteLine(Meta("", "pro"));\n'
        '    Console.WriteLine(Meta("r1", "pro"));\n'
        "  }\n}\n"
    )
    (tmp_path / "Check.cs").write_text(source)
    _run(["mcs", "Check.cs", "-out:check.exe"], tmp_path)
    out = _run(["mono", "check.exe"], tmp_path).splitlines()
    assert out == ["plan=pro", "plan=pro", "client_reference_id=r1,plan=pro,ref=r1"]


def _shell_body(text: str) -> str:
    _, _, body = text.partition("  -d ")
    assert body.startswith("'"), text
    return body


def test_curl_sends_a_variable_s_key_only_when_it_is_not_empty(tmp_path: Path) -> None:
    body = _shell_body(_suggestion(tmp_path, "pay.sh", SHELL))
    assert body.count("$(if [ -n \"$REF\" ]; then printf '%s' '{\"") == 2
    assert '"ref": \'"$(jq' not in body  # no longer always a key


@pytest.mark.slow
def test_the_curl_body_holds_what_stripe_keeps(tmp_path: Path) -> None:
    body = _shell_body(_suggestion(tmp_path, "pay.sh", SHELL))
    if shutil.which("jq") is None or shutil.which("sh") is None:
        pytest.skip("jq is not installed: the text is checked above")
    got = []
    for ref in (None, "", "r1"):
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            **({} if ref is None else {"REF": ref}),
        }
        got.append(json.loads(_run(["sh", "-c", f"printf '%s' {body}"], tmp_path, env))["metadata"])
    assert got == [
        {"plan": "pro"},
        {"plan": "pro"},
        {"plan": "pro", "ref": "r1", "client_reference_id": "r1"},
    ]
