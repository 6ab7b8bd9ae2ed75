"""Java's ``items.forEach(item -> { ... builder.addLineItem(line); })`` and C#'s
``items.ForEach(item => lines.Add(...))`` are loops: the cart is one line per element, as the
same body in a ``for`` loop gives. The lambda was read as a function of its own, so nothing the
builder was given in it was seen: the cart was "unknown" (RT007) or "empty" (D004), and the
Checkout Session of a Spring shop adding its order's items so was blocked
(``migrate/scan/each_lambdas.py``). A map's ``forEach((key, value) -> ...)`` is no such loop."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.trees import javac

JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

public class Gateway {
    public Session order(Order order) throws Exception {
        var builder = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://shop.example/done")
                .putMetadata("order", String.valueOf(order.getId()));
        order.getLines().forEach(line -> {
            String title = line.getTitle() != null ? line.getTitle() : "Item";
            var item = SessionCreateParams.LineItem.builder()
                    .setQuantity(Long.valueOf(line.getCount()))
                    .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                            .setCurrency("inr")
                            .setUnitAmount(line.getPrice().multiply(BigDecimal.valueOf(100)).longValue())
                            .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                    .setName(title).build())
                            .build())
                    .build();
            builder.addLineItem(item);
        });
        return Session.create(builder.build());
    }

    private SessionCreateParams.LineItem priced(Line line) {
        return SessionCreateParams.LineItem.builder()
                .setPrice(line.getPriceId()).setQuantity(line.getCount()).build();
    }

    public Session plans(List<Line> lines) throws Exception {
        SessionCreateParams.Builder builder = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://shop.example/done");
        lines.forEach(line -> builder.addLineItem(priced(line)));
        return Session.create(builder.build());
    }

    public Session byPrice(Map<String, Long> counts) throws Exception {
        SessionCreateParams.Builder builder = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://shop.example/done");
        counts.forEach((price, count) -> builder.addLineItem(
                SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(count).build()));
        return Session.create(builder.build());
    }
}
"""

CSHARP = """\
using System.Collections.Generic;
using Stripe.Checkout;

public class Pay
{
    public string Basket(Basket basket)
    {
        var lines = new List<SessionLineItemOptions>();
        basket.Lines.ForEach(line => lines.Add(new SessionLineItemOptions
        {
            Quantity = line.Count,
            PriceData = new SessionLineItemPriceDataOptions
            {
                Currency = "eur",
                UnitAmount = (long)(line.Price * 100),
                ProductData = new SessionLineItemPriceDataProductDataOptions { Name = line.Title },
            },
        }));
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            LineItems = lines,
            SuccessUrl = "https://shop.example/done",
        };
        return new SessionService().Create(options).Url;
    }
}
"""


def _sites(code: str, path: str, family: str) -> list[CallSite]:
    return [s for s in scan_source(code, path, BY_NAME[family]) if s.kind == "create"]


def _codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_a_java_foreach_lambda_adding_built_lines_is_one_line_per_element() -> None:
    site = _sites(JAVA, "Gateway.java", "java")[0]
    assert not {"RT007", "D004"} & _codes(site)
    suggestion = site.suggestion
    assert "order.getLines().stream().map(line -> " in suggestion
    assert '\\"quantity\\":" + DodoJson.of(Long.valueOf(line.getCount()))' in suggestion
    assert (
        '\\"amount\\":" + DodoJson.of(line.getPrice().multiply(BigDecimal.valueOf(100))'
        ".longValue())" in suggestion
    )
    assert "String.valueOf(order.getId())" in suggestion  # the metadata still


def test_a_java_foreach_expression_lambda_is_read_through_its_helper() -> None:
    site = _sites(JAVA, "Gateway.java", "java")[1]
    assert "D004" not in _codes(site)  # "the cart is empty" it was not
    suggestion = site.suggestion
    assert "lines.stream().map(line -> " in suggestion
    assert "DodoIds.productId(line.getPriceId())" in suggestion
    assert "DodoJson.of(line.getCount())" in suggestion


def test_a_maps_foreach_is_not_read_as_a_loop_of_lines() -> None:
    site = _sites(JAVA, "Gateway.java", "java")[2]
    assert "counts.stream()" not in site.suggestion  # not one line per entry, nor one line
    # its lines are known only at run time (migrate/scan/each_lambdas.py): no "empty cart"
    assert "RT007" in _codes(site) and "D004" not in _codes(site)


@pytest.mark.slow
def test_the_java_foreach_suggestion_compiles_where_its_call_was(tmp_path: Path) -> None:
    if shutil.which("javac") is None:
        pytest.skip("no JDK: the suggestion's text is read above")
    site = _sites(JAVA, "Gateway.java", "java")[0]
    _, _, body = site.suggestion.partition("\n")  # the imports comment
    body = body.split("\n", 1)[1] if body.startswith("// java.net") else body
    code = textwrap.indent(body + "\nSystem.out.println(dodoResponse.body());", " " * 8)
    source = (
        "import java.math.BigDecimal;\nimport java.util.List;\nimport java.net.URI;\n"
        "import java.net.http.HttpClient;\nimport java.net.http.HttpRequest;\n"
        "import java.net.http.HttpResponse;\n\n"
        "class Line {\n    String getTitle() { return null; }\n"
        "    int getCount() { return 1; }\n"
        "    BigDecimal getPrice() { return BigDecimal.ONE; }\n}\n\n"
        "class Order {\n    long getId() { return 1; }\n"
        "    List<Line> getLines() { return List.of(); }\n}\n\n"
        "public class Gateway {\n    void order(Order order) throws Exception {\n"
        f"{code}\n    }}\n}}\n"
    )
    done = javac(tmp_path, "Gateway.java", source)
    assert done.returncode == 0, done.stderr + "\n" + source


def test_a_csharp_foreach_lambda_adding_lines_is_one_line_per_element() -> None:
    (site,) = _sites(CSHARP, "Pay.cs", "csharp")
    assert not {"RT007", "D004"} & _codes(site)
    suggestion = site.suggestion
    assert "basket.Lines.Select(line => new Dictionary<string, object?>" in suggestion
    assert '["quantity"] = line.Count,' in suggestion
    assert '["amount"] = (long)(line.Price * 100),' in suggestion
