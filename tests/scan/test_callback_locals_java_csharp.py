"""A cart mapped by a lambda with a block body that binds a local before what it returns (C#
``rows.Select(r => { var item = Find(r.Id); return new SessionLineItemOptions { ...item.Cents...
}; })``, Java ``rows.stream().map(r -> { Item item = find(r); return LineItem.builder()...; })``).
The suggestion writes the map as an expression lambda, where the local does not exist: the
amount read ``item.Cents``, a name defined nowhere at the Dodo call (or an outer variable of the
same name: another item's price). The local is now written as what it holds; a local no one
expression writes leaves the list a run-time value (blocked RT015,
as its inline prices cannot reach the cart)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source


def one(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


CSHARP = """\
using Stripe.Checkout;
using System.Linq;

public class BasketController : Controller
{
    public ActionResult Pay(Basket basket)
    {
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            SuccessUrl = "https://shop.example/done",
            LineItems = basket.Rows.Select(r =>
            {
                var item = _store.Items.Find(r.ItemId);
                return new SessionLineItemOptions
                {
                    Quantity = r.Count,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = "eur",
                        UnitAmount = item.Cents,
                        ProductData = new SessionLineItemPriceDataProductDataOptions
                        {
                            Name = "Row",
                        },
                    },
                };
            }).ToList(),
        };
        var session = new SessionService().Create(options);
        return Redirect(session.Url);
    }
}
"""


def test_a_csharp_select_block_local_is_written_as_its_value() -> None:
    text = one(CSHARP, "BasketController.cs", "csharp").suggestion
    assert "basket.Rows.Select(r => new Dictionary<string, object?>" in text
    assert '["amount"] = _store.Items.Find(r.ItemId).Cents,' in text
    assert '["quantity"] = r.Count,' in text
    assert "= item.Cents" not in text


JAVA = """\
package shop;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.List;
import java.util.stream.Collectors;

public class BasketService {
    public String pay(List<Row> rows) throws Exception {
        List<SessionCreateParams.LineItem> lines = rows.stream().map(r -> {
            Item item = store.find(r.getItemId());
            return SessionCreateParams.LineItem.builder()
                .setQuantity(r.getCount())
                .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                    .setCurrency("eur")
                    .setUnitAmount(item.getCents())
                    .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                        .setName("Row").build())
                    .build())
                .build();
        }).collect(Collectors.toList());
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .addAllLineItem(lines)
            .setSuccessUrl("https://shop.example/done")
            .build();
        return Session.create(params).getUrl();
    }
}
"""


def test_a_java_stream_map_block_local_is_written_as_its_value() -> None:
    text = one(JAVA, "BasketService.java", "java").suggestion
    assert "rows.stream().map(r -> " in text
    assert '\\"amount\\":" + DodoJson.of(store.find(r.getItemId()).getCents())' in text
    assert "DodoJson.of(item.getCents())" not in text


CSHARP_OUT = CSHARP.replace(
    "var item = _store.Items.Find(r.ItemId);",
    "_store.Items.TryGetValue(r.ItemId, out var item);",
)


def test_a_local_no_expression_writes_leaves_the_list_a_run_time_value() -> None:
    site = one(CSHARP_OUT, "BasketController.cs", "csharp")
    assert '["amount"] = item.Cents' not in site.suggestion
    codes = {f.code: f.level.value for f in site.findings}
    assert codes.get("RT015") == "blocker"  # the lambda visibly builds inline prices


KOTLIN = """\
package shop

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class BasketService(private val store: Store) {
    fun pay(rows: List<Row>): String {
        val lines = rows.map { r ->
            val item = store.find(r.itemId)
            SessionCreateParams.LineItem.builder()
                .setQuantity(r.count)
                .setPriceData(
                    SessionCreateParams.LineItem.PriceData.builder()
                        .setCurrency("eur")
                        .setUnitAmount(item.cents)
                        .setProductData(
                            SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                .setName("Row")
                                .build()
                        )
                        .build()
                )
                .build()
        }
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .addAllLineItem(lines)
            .setSuccessUrl("https://shop.example/done")
            .build()
        return Session.create(params).url
    }
}
"""


def test_a_kotlin_map_lambda_local_is_written_as_its_value() -> None:
    text = one(KOTLIN, "BasketService.kt", "kotlin").suggestion
    assert 'rows.joinToString(",", "[", "]") { r -> ' in text
    assert '\\"amount\\":" + dodoJson(store.find(r.itemId).cents)' in text
    assert "dodoJson(item.cents)" not in text
