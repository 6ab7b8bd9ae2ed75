"""The Dodo call compiles in the function the Stripe call sits in: Java catches the checked
exceptions of ``HttpClient.send`` unless the method declares them (a method that declares only
``StripeException``, as most do, or a lambda, failed javac); C# awaits only in an ``async``
function (``await`` in a synchronous ``service.Create(...)`` caller did not compile)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.trees import javac

JAVA_HEAD = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Shop {
"""

JAVA_METHODS = {
    "declaresStripe": "throws StripeException",
    "declaresAll": "throws Exception",
    "declaresBoth": "throws java.io.IOException, InterruptedException",
    "inLambda": "throws Exception",
}

CREATE = (
    "Session.create(SessionCreateParams.builder()"
    ".addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())"
    '.setSuccessUrl("https://example.com/ok").build());'
)


def _java_code() -> str:
    parts = [JAVA_HEAD]
    for name, throws in JAVA_METHODS.items():
        call = f"        {CREATE}\n"
        if name == "inLambda":
            call = f"        Runnable r = () -> {{\n    {call}        }};\n"
        parts.append(f"    void {name}(String priceId) {throws} {{\n{call}    }}\n")
    parts.append("}\n")
    return "".join(parts)


def _sites(code: str, name: str, language: str) -> list[CallSite]:
    sites = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return sorted(sites, key=lambda s: s.line)


def test_java_catches_what_the_method_does_not_declare() -> None:
    sites = _sites(_java_code(), "Shop.java", "java")
    caught = {
        name: "catch (java.io.IOException e)" in site.suggestion
        for name, site in zip(JAVA_METHODS, sites, strict=True)
    }
    assert caught == {
        "declaresStripe": True,
        "declaresAll": False,
        "declaresBoth": False,
        "inLambda": True,  # a lambda of Runnable throws nothing checked
    }


@pytest.mark.slow
def test_every_java_suggestion_compiles_where_its_call_was(tmp_path: Path) -> None:
    if shutil.which("javac") is None:
        pytest.skip("no JDK: the catches are read above")
    methods = []
    for (name, throws), site in zip(
        JAVA_METHODS.items(), _sites(_java_code(), "Shop.java", "java"), strict=True
    ):
        _, _, body = site.suggestion.partition("\n")  # the imports comment
        code = textwrap.indent(body + "\nSystem.out.println(dodoResponse.body());", " " * 8)
        if name == "inLambda":
            code = f"        Runnable r = () -> {{\n{textwrap.indent(code, '    ')}\n        }};"
        methods.append(f"    void {name}(String priceId) {throws} {{\n{code}\n    }}\n")
    source = (
        "import java.net.URI;\nimport java.net.http.HttpClient;\n"
        "import java.net.http.HttpRequest;\nimport java.net.http.HttpResponse;\n\n"
        "class StripeException extends Exception {}\n\n"
        "final class DodoIds {\n"
        '    static String productId(Object id) { return "pdt_" + id; }\n'
        "}\n\n"
        "public class Shop {\n" + "\n".join(methods) + "}\n"
    )
    done = javac(tmp_path, "Shop.java", source)
    assert done.returncode == 0, done.stderr + "\n" + source


CSHARP = """\
using Stripe.Checkout;

public class Shop
{
    public Session Sync(string priceId)
    {
        return new SessionService().Create(Options(priceId));
    }

    public async Task<Session> Async(string priceId)
    {
        return await new SessionService().CreateAsync(Options(priceId));
    }

    public void InAsyncLambda(string priceId)
    {
        Func<Task> run = async () => { await new SessionService().CreateAsync(Options(priceId)); };
    }

    [HttpPost("checkout/{priceId}")]
    public async Task<IActionResult> Attributed([FromRoute] string priceId)
    {
        try { return Ok(await new SessionService().CreateAsync(Options(priceId))); }
        catch (StripeException e) { return BadRequest(e.Message); }
    }
}
"""


def test_csharp_awaits_only_in_an_async_function() -> None:
    code = CSHARP.replace(
        "Options(priceId)",
        "new SessionCreateOptions { LineItems = new List<SessionLineItemOptions> "
        "{ new SessionLineItemOptions { Price = priceId, Quantity = 1 } }, "
        'SuccessUrl = "https://example.com/ok" }',
    )
    # an action whose attribute holds a parenthesis (`[HttpPost("checkout/{id}")]`) was read
    # as not async: its Dodo call blocked on Send in an async action
    sync, async_, lambda_, attributed = _sites(code, "Shop.cs", "csharp")
    assert "await" not in sync.suggestion
    assert "using var dodoResponse = dodoHttp.Send(dodoRequest);" in sync.suggestion
    assert "ReadAsStream()).ReadToEnd();" in sync.suggestion
    for site in (async_, lambda_, attributed):
        assert "using var dodoResponse = await dodoHttp.SendAsync(dodoRequest);" in site.suggestion
        assert "await dodoResponse.Content.ReadAsStringAsync();" in site.suggestion
