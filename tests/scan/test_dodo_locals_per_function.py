"""Two Dodo calls in one Java, Kotlin, C# or Go function declare their own locals apart.

The Dodo call of these languages is an HTTP request whose code declares locals (``String
dodoBody``, ``HttpRequest dodoRequest``, Java's helper class ``DodoJson``, Kotlin's ``fun
dodoJson``, C#'s ``using var dodoHttp``, Go's ``dodoRaw :=``). Two Stripe creations in one
method, or a creation and a call of a wrapper, each had the same code: pasted in place, the
method declared each name twice (javac: variable dodoBody is already defined; Go: no new
variables on left side of :=). The second Dodo call of a function numbers the names its code
declares (``dodoBody2``, ``DodoJson2``); a call of another function keeps them
(``migrate/scan/call_frame.py``'s ``nth``, ``migrate/scan/suggest.py``)."""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from migrate.scan import CallSite
from tests.scan.trees import creates, go_parts, vet_go_module, write_tree

JAVA_CREATION = """        SessionCreateParams {name} = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://shop.test/ok")
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity({quantity}L)
                        .setPrice("{price}")
                        .build())
                .putMetadata("email", email)
                .build();
        Session {name}Session = Session.create({name});
"""

JAVA_PAY = (
    """package shop;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Pay {
    private final Billing billing = new Billing();

    public String both(String email) throws Exception {
"""
    + JAVA_CREATION.format(name="first", quantity=1, price="price_a")
    + JAVA_CREATION.format(name="second", quantity=2, price="price_b")
    + """        return firstSession.getUrl() + secondSession.getUrl();
    }

    public String mixed(String email) throws Exception {
"""
    + JAVA_CREATION.format(name="own", quantity=3, price="price_c")
    + """        return ownSession.getUrl() + billing.checkout(email).getUrl();
    }
}
"""
)

JAVA_BILLING = """package shop;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Billing {
    public Session checkout(String email) throws Exception {
"""
JAVA_BILLING += JAVA_CREATION.format(name="params", quantity=4, price="price_d")
JAVA_BILLING += """        return paramsSession;
    }
}
"""


def _sites(top: Path, stem: str) -> list[CallSite]:
    found = [s for s in creates(top) if Path(s.file).stem == stem]
    return sorted(found, key=lambda s: s.line)


def _java(tmp_path: Path) -> tuple[list[CallSite], CallSite]:
    files = {"shop/Pay.java": JAVA_PAY, "shop/Billing.java": JAVA_BILLING}
    top = write_tree(tmp_path / "tree", files)
    (own,) = _sites(top, "Billing")
    return _sites(top, "Pay"), own


def test_two_java_creations_of_one_method_declare_their_locals_apart(tmp_path: Path) -> None:
    (first, second, mixed, call), own = _java(tmp_path)
    assert not first.via and not second.via and not mixed.via and call.via
    one, two = first.suggestion or "", second.suggestion or ""
    assert "final class DodoJson {" in one and "String dodoBody = " in one
    assert "HttpResponse<String> dodoResponse = " in one
    # the same method: each name the first declares is the second's numbered
    assert "final class DodoJson2 {" in two and "DodoJson2.of(" in two
    assert "String dodoBody2 = " in two and "HttpRequest dodoRequest2 = " in two
    assert ".ofString(dodoBody2))" in two and ".send(dodoRequest2, " in two
    assert "String dodoBaseUrl2 = " in two and "HttpResponse<String> dodoResponse2 = " in two
    assert not re.search(r"\b(?:dodoBody|dodoRequest|dodoResponse|DodoJson)\b", two)
    # a creation and a call of a wrapper in one method: the call's code is the second's
    assert "String dodoBody = " in (mixed.suggestion or "")
    assert "String dodoBody2 = " in (call.suggestion or "")
    assert "final class DodoJson2 {" in (call.suggestion or "")
    # the wrapper's own creation, alone in its method, keeps the names
    assert "String dodoBody = " in (own.suggestion or "")


def _java_body(site: CallSite) -> str:
    """A Java suggestion's code after its imports line."""
    head, _, body = (site.suggestion or "").partition("\n")
    assert head.startswith("// imports: ")
    return body


@pytest.mark.slow
def test_the_two_java_dodo_calls_compile_in_one_method(tmp_path: Path) -> None:
    (first, second, mixed, call), _ = _java(tmp_path)
    if shutil.which("javac") is None:
        pytest.skip("no JDK: the text is checked above")
    methods = ""
    for name, sites in (("both", (first, second)), ("mixed", (mixed, call))):
        body = "\n".join(_java_body(s) for s in sites)
        methods += (
            f"    String {name}(String email) throws Exception {{\n"
            + textwrap.indent(body, " " * 8)
            + '\n        return "";\n    }\n\n'
        )
    source = (
        "import java.net.URI;\nimport java.net.http.HttpClient;\n"
        "import java.net.http.HttpRequest;\nimport java.net.http.HttpResponse;\n\n"
        "public class Pay {\n" + methods + "}\n"
    )
    (tmp_path / "Pay.java").write_text(source, encoding="utf-8")
    done = subprocess.run(
        ["javac", "-d", str(tmp_path), str(tmp_path / "Pay.java")],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr + "\n" + source


CS_CREATION = """        var {name} = await new SessionService().CreateAsync(
            new SessionCreateOptions
            {{
                Mode = "payment",
                SuccessUrl = "https://shop.test/ok",
                LineItems = new List<SessionLineItemOptions>
                {{
                    new SessionLineItemOptions {{ Price = "{price}", Quantity = 1 }},
                }},
                Metadata = new Dictionary<string, string> {{ {{ "email", email }} }},
            }});
"""

CS_PAY = (
    """using Stripe.Checkout;

public class Pay
{
    public async Task<string> Both(string email)
    {
"""
    + CS_CREATION.format(name="first", price="price_a")
    + CS_CREATION.format(name="second", price="price_b")
    + """        return first.Url + second.Url;
    }

    public async Task<string> Other(string email)
    {
"""
    + CS_CREATION.format(name="third", price="price_c")
    + """        return third.Url;
    }
}
"""
)


def test_two_csharp_creations_of_one_method_declare_their_locals_apart(tmp_path: Path) -> None:
    # mcs reads C# 7 (no raw string literal, no `using var`): the text is checked
    first, second, other = _sites(write_tree(tmp_path, {"Pay.cs": CS_PAY}), "Pay")
    one, two, three = (s.suggestion or "" for s in (first, second, other))
    for text, n in ((one, ""), (two, "2"), (three, "")):
        assert f"var dodoRaw{n} = " in text and f"JsonNode.Parse(dodoRaw{n})!;" in text
        assert f'dodoBody{n}["metadata"]!["email"] = ' in text
        assert f"using var dodoHttp{n} = new HttpClient();" in text
        assert f"using var dodoRequest{n} = " in text
        assert f"using var dodoResponse{n} = await dodoHttp{n}.SendAsync(dodoRequest{n});" in text
        assert f"var dodoSession{n} = await dodoResponse{n}.Content" in text
    assert not re.search(r"\b(?:dodoRaw|dodoBody|dodoHttp|dodoRequest|dodoResponse)\b", two)


KT_CREATION = """        val {name} = Session.create(
            SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://shop.test/ok")
                .putMetadata("email", email)
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice("{price}").setQuantity(1L).build())
                .build()
        )
"""

KT_PAY = (
    """package shop

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Pay {
    fun both(email: String): String {
"""
    + KT_CREATION.format(name="a", price="price_a")
    + KT_CREATION.format(name="b", price="price_b")
    + """        return a.url + b.url
    }
}
"""
)


def test_two_kotlin_creations_of_one_function_declare_their_locals_apart(tmp_path: Path) -> None:
    # kotlinc is not installed here: the text is checked
    first, second = _sites(write_tree(tmp_path, {"shop/Pay.kt": KT_PAY}), "Pay")
    one, two = first.suggestion or "", second.suggestion or ""
    assert "fun dodoJson(value: Any?): String" in one and "val dodoBody = " in one
    assert "fun dodoJson2(value: Any?): String" in two
    assert "dodoJson2(it.key.toString()) + " in two and "dodoJson2(email" in two
    assert "val dodoBody2 = " in two and "val dodoBaseUrl2 = " in two
    assert "val dodoRequest2 = " in two and ".ofString(dodoBody2))" in two
    assert "val dodoResponse2 = HttpClient.newHttpClient().send(dodoRequest2, " in two
    assert not re.search(r"\b(?:dodoJson|dodoBody|dodoRequest|dodoResponse)\b", two)


GO_CREATION = """\t{name}, err := session.New(&stripe.CheckoutSessionParams{{
\t\tMode:       stripe.String("payment"),
\t\tSuccessURL: stripe.String("https://shop.test/ok"),
\t\tMetadata:   map[string]string{{"email": email}},
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{{
\t\t\t{{Price: stripe.String("{price}"), Quantity: stripe.Int64(1)}},
\t\t}},
\t}})
\tif err != nil {{
\t\treturn "", err
\t}}
"""

GO_PAY = (
    """package main

import (
\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

func both(email string) (string, error) {
"""
    + GO_CREATION.format(name="a", price="price_a")
    + GO_CREATION.format(name="b", price="price_b")
    + "\treturn a.URL + b.URL, nil\n}\n"
)


def test_two_go_creations_of_one_function_declare_their_locals_apart(tmp_path: Path) -> None:
    first, second = _sites(write_tree(tmp_path / "tree", {"pay.go": GO_PAY}), "pay")
    one, two = first.suggestion or "", second.suggestion or ""
    assert "\ndodoRaw := []byte(`{" in one and "\ndodoBody, err := json.Marshal" in one
    assert "\ndodoRaw2 := []byte(`{" in two and "\nvar dodoPayload2 map[string]any" in two
    assert "\ndodoBody2, err := json.Marshal(dodoPayload2)" in two
    assert "\ndodoReq2, err := http.NewRequest(" in two and "\ndefer dodoResp2.Body.Close()" in two
    assert not re.search(r"\b(?:dodoRaw|dodoBody|dodoReq|dodoResp|dodoPayload)\b", two)


@pytest.mark.slow
def test_the_two_go_dodo_calls_vet_in_one_function(tmp_path: Path) -> None:
    first, second = _sites(write_tree(tmp_path / "tree", {"pay.go": GO_PAY}), "pay")
    one, two = first.suggestion or "", second.suggestion or ""
    if shutil.which("go") is None:
        pytest.skip("go is not installed: the text is checked above")
    imports, body = go_parts(one)
    more, after = go_parts(two)
    program = (
        "package main\n\nimport (\n"
        + "".join(f'\t"{i}"\n' for i in sorted(imports | more))
        + ")\n\nfunc both(email string) (string, error) {\n"
        + textwrap.indent(body + "\n" + after, "\t")
        + "\n\treturn dodoSession.CheckoutURL + dodoSession2.CheckoutURL, nil\n}\n\n"
        'func main() { _, _ = both("") }\n'
    )
    text = (
        'package dodoids\n\nimport "fmt"\n\n'
        "func Text(value any) string { return fmt.Sprint(value) }\n"
    )
    done = vet_go_module(tmp_path / "mod", {"main.go": program, "dodoids/text.go": text})
    assert done.returncode == 0, done.stderr + program
