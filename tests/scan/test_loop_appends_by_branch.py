# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A loop whose body appends one line in each branch of an ``if``/``else`` in the languages the
reader of branches reads (Go's ``items = append(items, ...)``, Java's ``b.addLineItem(...)``,
C#'s ``items.Add(...)``): the two appends read as two lists, a choice between them, so the cart
was blocked as a run-time value (RT002, RT007) however plain each line was. Each element now
gives the line its branch gives (``migrate/scan/loop_appends.py``): a price id looked up, an
inline amount on the pay-what-you-want product; an ``else if`` chain is a choice of three;
appends under two ``if``s that can both hold stay two filtered lists (an element may give
two lines)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.trees import go_parts, javac, vet_go_module

GO_HEAD = """\
package shop

import (
\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

"""

GO_PRICE_OR_INLINE = (
    GO_HEAD
    + """\
type Line struct {
\tKind    string
\tPriceID string
\tPence   int64
\tName    string
\tQty     int64
}

func Start(lines []Line, origin string) (*stripe.CheckoutSession, error) {
\titems := []*stripe.CheckoutSessionLineItemParams{}
\tfor _, l := range lines {
\t\tif l.Kind == "price" {
\t\t\titems = append(items, &stripe.CheckoutSessionLineItemParams{
\t\t\t\tPrice:    stripe.String(l.PriceID),
\t\t\t\tQuantity: stripe.Int64(l.Qty),
\t\t\t})
\t\t} else {
\t\t\titems = append(items, &stripe.CheckoutSessionLineItemParams{
\t\t\t\tPriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
\t\t\t\t\tCurrency:   stripe.String("gbp"),
\t\t\t\t\tUnitAmount: stripe.Int64(l.Pence),
\t\t\t\t\tProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{
\t\t\t\t\t\tName: stripe.String(l.Name),
\t\t\t\t\t},
\t\t\t\t},
\t\t\t\tQuantity: stripe.Int64(l.Qty),
\t\t\t})
\t\t}
\t}
\tparams := &stripe.CheckoutSessionParams{
\t\tMode:       stripe.String(string(stripe.CheckoutSessionModePayment)),
\t\tLineItems:  items,
\t\tSuccessURL: stripe.String(origin + "/ok"),
\t}
\treturn session.New(params)
}
"""
)

GO_CHAIN = (
    GO_HEAD
    + """\
type Item struct {
\tGift    bool
\tWrap    bool
\tPriceID string
\tQty     int64
}

func Pay(cart []Item) (*stripe.CheckoutSession, error) {
\tvar lines []*stripe.CheckoutSessionLineItemParams
\tfor _, item := range cart {
\t\tif item.Gift {
\t\t\tlines = append(lines, &stripe.CheckoutSessionLineItemParams{Price: stripe.String("price_gift"), Quantity: stripe.Int64(1)})
\t\t} else if item.Qty > 5 {
\t\t\tlines = append(lines, &stripe.CheckoutSessionLineItemParams{Price: stripe.String(item.PriceID), Quantity: stripe.Int64(5)})
\t\t} else {
\t\t\tlines = append(lines, &stripe.CheckoutSessionLineItemParams{Price: stripe.String(item.PriceID), Quantity: stripe.Int64(item.Qty)})
\t\t}
\t}
\treturn session.New(&stripe.CheckoutSessionParams{Mode: stripe.String("payment"), LineItems: lines, SuccessURL: stripe.String("https://shop.example/ok")})
}
"""
)

GO_TWO_IFS = GO_CHAIN.replace(
    "\t\t} else if item.Qty > 5 {\n\t\t\tlines = append(lines, &stripe.CheckoutSessionLineItemParams{Price: stripe.String(item.PriceID), Quantity: stripe.Int64(5)})\n\t\t} else {",
    "\t\t}\n\t\tif item.Wrap {",
)

JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.List;

public class Shop {
    record Line(String kind, String priceId, long pence, String name, long qty) {}

    Session start(List<Line> lines) throws Exception {
        SessionCreateParams.Builder b = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok");
        for (Line l : lines) {
            if (l.kind().equals("price")) {
                b.addLineItem(SessionCreateParams.LineItem.builder().setPrice(l.priceId()).setQuantity(l.qty()).build());
            } else {
                b.addLineItem(SessionCreateParams.LineItem.builder()
                    .setQuantity(l.qty())
                    .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                        .setCurrency("gbp")
                        .setUnitAmount(l.pence())
                        .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder().setName(l.name()).build())
                        .build())
                    .build());
            }
        }
        return Session.create(b.build());
    }
}
"""

CSHARP = """\
using Stripe.Checkout;
using System.Collections.Generic;

public class Line { public string Kind; public string PriceId; public long Pence; public string Name; public long Qty; }

public class Shop {
    public Session Start(List<Line> lines) {
        var items = new List<SessionLineItemOptions>();
        foreach (var l in lines) {
            if (l.Kind == "price") {
                items.Add(new SessionLineItemOptions { Price = l.PriceId, Quantity = l.Qty });
            } else {
                items.Add(new SessionLineItemOptions {
                    PriceData = new SessionLineItemPriceDataOptions { Currency = "gbp", UnitAmount = l.Pence, ProductData = new SessionLineItemPriceDataProductDataOptions { Name = l.Name } },
                    Quantity = l.Qty,
                });
            }
        }
        var options = new SessionCreateOptions { Mode = "payment", LineItems = items, SuccessUrl = "https://shop.example/ok" };
        return new SessionService().Create(options);
    }
}
"""


def _site(code: str, path: str, family: str) -> CallSite:
    (site,) = [s for s in scan_source(code, path, BY_NAME[family]) if s.kind == "create"]
    return site


def _codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_go_price_or_inline_line_per_element() -> None:
    site = _site(GO_PRICE_OR_INLINE, "pay.go", "go")
    text = site.suggestion or ""
    assert not _codes(site) & {"RT002", "RT007"}, site.findings
    assert site.verdict != "blocked"
    assert "for _, l := range lines {" in text
    assert 'if l.Kind == "price" {\n\t\t\t\treturn map[string]any{' in text, text
    assert '"product_id": dodoids.ProductID(l.PriceID),' in text
    assert '"amount": l.Pence,' in text
    assert {"L112", "L113"} <= _codes(site)  # the inline amount on the product of any amount


def test_go_else_if_chain_is_one_line_per_element() -> None:
    site = _site(GO_CHAIN, "pay.go", "go")
    text = site.suggestion or ""
    assert not _codes(site) & {"RT002", "RT003", "RT007"}, site.findings
    assert text.count("for _, item := range cart {") == 1, text
    assert "if item.Gift {" in text and "if item.Qty > 5 {" in text
    assert "return dodoids.ProductID(item.PriceID)" in text
    assert "continue" not in text  # no element left out: each gives one of the three lines


def test_go_appends_under_two_ifs_stay_two_filtered_lists() -> None:
    site = _site(GO_TWO_IFS, "pay.go", "go")
    text = site.suggestion or ""
    assert text.count("for _, item := range cart {") == 2, text
    assert "if !(item.Gift) {" in text and "if !(item.Wrap) {" in text


@pytest.mark.slow
def test_the_go_choice_of_lines_vets(tmp_path: Path) -> None:
    if shutil.which("go") is None:
        pytest.skip("go is not installed: the lines are read above")
    imports, body = go_parts(_site(GO_PRICE_OR_INLINE, "pay.go", "go").suggestion or "")
    imports -= {
        "github.com/stripe/stripe-go/v76",
        "github.com/stripe/stripe-go/v76/checkout/session",
    }
    line = GO_PRICE_OR_INLINE.split("type Line struct", 1)[1].split("\nfunc Start", 1)[0]
    source = (
        "package shop\n\nimport (\n"
        + "".join(f'\t"{i}"\n' for i in sorted(imports))
        + ")\n\ntype Line struct"
        + line
        + "\nfunc Start(lines []Line, origin string) (any, error) {\n"
        + textwrap.indent(body, "\t")
        + "\n\treturn dodoSession, nil\n}\n"
    )
    done = vet_go_module(tmp_path, {"pay.go": source})
    assert done.returncode == 0, done.stderr + "\n" + source


def test_java_price_or_inline_line_per_element() -> None:
    site = _site(JAVA, "Shop.java", "java")
    text = site.suggestion or ""
    assert not _codes(site) & {"RT002", "RT007"}, site.findings
    assert 'lines.stream().map(l -> (l.kind().equals("price") ? ' in text, text
    assert "DodoJson.of(DodoIds.productId(l.priceId()))" in text
    assert '\\"amount\\":" + DodoJson.of(l.pence())' in text


def test_csharp_price_or_inline_line_per_element() -> None:
    site = _site(CSHARP, "Shop.cs", "csharp")
    text = site.suggestion or ""
    assert not _codes(site) & {"RT002", "RT007"}, site.findings
    assert 'lines.Select(l => ((l.Kind == "price") ? new Dictionary<string, object?>' in text
    assert '["product_id"] = DodoIds.ProductId(l.PriceId),' in text
    assert '["amount"] = l.Pence,' in text


@pytest.mark.slow
def test_the_java_choice_of_lines_compiles(tmp_path: Path) -> None:
    if shutil.which("javac") is None:
        pytest.skip("no JDK: the suggestion's text is read above")
    suggestion = _site(JAVA, "Shop.java", "java").suggestion or ""
    body = "\n".join(line for line in suggestion.splitlines() if not line.startswith("// "))
    support = (
        "class DodoIds {\n    static String productId(String id) { return id; }\n}\n\n"
        "class DodoJson {\n    static String of(Object v) { return String.valueOf(v); }\n}\n\n"
    )
    source = (
        "import java.net.URI;\nimport java.net.http.HttpClient;\n"
        "import java.net.http.HttpRequest;\nimport java.net.http.HttpResponse;\n"
        "import java.util.List;\n\n" + support + "public class Shop {\n"
        "    record Line(String kind, String priceId, long pence, String name, long qty) {}\n\n"
        "    void start(List<Line> lines) throws Exception {\n"
        + textwrap.indent(body + "\nSystem.out.println(dodoResponse.body());", " " * 8)
        + "\n    }\n}\n"
    )
    done = javac(tmp_path, "Shop.java", source)
    assert done.returncode == 0, done.stderr + "\n" + source
