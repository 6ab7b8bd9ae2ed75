"""C# and Kotlin helpers reached through an await are followed, as Python's and TypeScript's
are: ``var items = await BuildLineItemsAsync(cart);`` then ``LineItems = items``, Kotlin's
``val items = buildItems(cart)`` whose body is ``withContext(Dispatchers.IO) { ... }``, a call
inside ``withContext { }``, and ``async { ... }.await()``. They were left as a list the scanner
could not read (RT003: each element's ``price`` looked up at run time, RT014 in subscription
mode). A value the helper computes from what it awaits is not written into the Dodo call (the
awaited call would run again there): it is a name defined nowhere, with X021."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source


def one(code: str, language: str) -> CallSite:
    suffix = {"csharp": "cs", "kotlin": "kt"}[language]
    (site,) = [s for s in scan_source(code, f"x.{suffix}", BY_NAME[language]) if s.kind == "create"]
    return site


def codes(site: CallSite) -> set[tuple[str, str]]:
    return {(f.code, f.path) for f in site.findings}


CS = """\
using System.Collections.Generic;
using System.Threading.Tasks;
using Stripe.Checkout;

public class CheckoutController
{
    private async Task<List<SessionLineItemOptions>> BuildLineItemsAsync(Cart cart)
    {
        BODY
        return new List<SessionLineItemOptions>
        {
            new SessionLineItemOptions { Price = PRICE, Quantity = cart.Seats },
        };
    }

    public async Task<Session> Create(Cart cart)
    {
        CALL
        var options = new SessionCreateOptions
        {
            Mode = "subscription",
            LineItems = ITEMS,
            SuccessUrl = "https://example.com/ok",
        };
        return await new SessionService().CreateAsync(options);
    }
}
"""


@pytest.mark.parametrize(
    ("call", "items"),
    [
        ("var items = await BuildLineItemsAsync(cart);", "items"),
        ("", "await BuildLineItemsAsync(cart)"),
        ("var items = await this.BuildLineItemsAsync(cart).ConfigureAwait(false);", "items"),
    ],
)
def test_csharp_awaited_helper_is_followed(call: str, items: str) -> None:
    body = "var plan = await _db.Plans.FindAsync(cart.PlanId);"  # awaited, bound, unused
    code = CS.replace("BODY", body).replace("PRICE", "cart.PriceId")
    site = one(code.replace("CALL", call).replace("ITEMS", items), "csharp")
    assert site.params["line_items"] == [
        {"price": {"$dynamic": "cart.PriceId"}, "quantity": {"$dynamic": "cart.Seats"}}
    ]
    found = {c for c, _ in codes(site)}
    assert not found & {"RT003", "RT014", "RT007"}, found
    assert "DodoIds.ProductId(cart.PriceId)" in site.suggestion


def test_csharp_helper_value_from_what_it_awaits_is_not_run_again() -> None:
    code = (
        CS.replace("BODY", "var plan = await _db.Plans.FindAsync(cart.PlanId);")
        .replace("PRICE", "plan.StripePriceId")
        .replace("CALL", "var items = await BuildLineItemsAsync(cart);")
        .replace("ITEMS", "items")
    )
    site = one(code, "csharp")
    assert ("X021", "line_items[0].price") in codes(site)
    assert site.params["line_items"][0]["quantity"] == {"$dynamic": "cart.Seats"}
    assert "FindAsync" not in site.suggestion  # the database read is not made again
    assert "TODO_plan" in site.suggestion


def test_csharp_helper_that_drops_an_awaited_result_is_not_followed() -> None:
    """What it returns is not all it does (a write): the call stays as written, as Python's."""
    code = (
        CS.replace("BODY", "await _db.SaveChangesAsync();")
        .replace("PRICE", "cart.PriceId")
        .replace("CALL", "var items = await BuildLineItemsAsync(cart);")
        .replace("ITEMS", "items")
    )
    site = one(code, "csharp")
    assert site.params["line_items"] == {"$dynamic": "items"}
    assert ("RT003", "line_items") in codes(site)


KT = """\
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withContext

class Checkout {
    HELPER

    suspend fun create(cart: Cart): Session = coroutineScope {
        val items = CALL
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .addAllLineItem(items)
            .setSuccessUrl("https://example.com/ok")
            .build()
        Session.create(params)
    }
}
"""
LINE = "SessionCreateParams.LineItem.builder().setPrice(PRICE).setQuantity(cart.seats).build()"
EXPRESSION_BODY = (
    "private suspend fun buildItems(cart: Cart): List<SessionCreateParams.LineItem> =\n"
    f"        withContext(Dispatchers.IO) {{ BODY listOf({LINE}) }}"
)
RETURNED = (
    "private suspend fun buildItems(cart: Cart): List<SessionCreateParams.LineItem> {\n"
    f"        return withContext(Dispatchers.IO) {{\n            BODY\n            listOf({LINE})\n"
    "        }\n    }"
)
PLAIN = (
    "private suspend fun buildItems(cart: Cart): List<SessionCreateParams.LineItem> {\n"
    f"        BODY\n        return listOf({LINE})\n    }}"
)


@pytest.mark.parametrize(
    ("helper", "call"),
    [
        (EXPRESSION_BODY, "buildItems(cart)"),
        (RETURNED, "buildItems(cart)"),
        (PLAIN, "withContext(Dispatchers.IO) { buildItems(cart) }"),
        (PLAIN, "async { buildItems(cart) }.await()"),
        (EXPRESSION_BODY, "async(Dispatchers.IO) { buildItems(cart) }.await()"),
    ],
)
def test_kotlin_suspending_helper_is_followed(helper: str, call: str) -> None:
    code = KT.replace("HELPER", helper.replace("BODY", "").replace("PRICE", "cart.priceId"))
    site = one(code.replace("CALL", call), "kotlin")
    assert site.params["line_items"] == [
        {"price": {"$dynamic": "cart.priceId"}, "quantity": {"$dynamic": "cart.seats"}}
    ]
    found = {c for c, _ in codes(site)}
    assert not found & {"RT003", "RT014", "RT007"}, found
    assert "DodoIds.productId(cart.priceId)" in site.suggestion


def test_kotlin_helper_value_from_what_it_awaits_is_not_run_again() -> None:
    helper = PLAIN.replace("BODY", "val plan = plans.findAsync(cart.planId).await()")
    code = KT.replace("HELPER", helper.replace("PRICE", "plan.priceId"))
    site = one(code.replace("CALL", "buildItems(cart)"), "kotlin")
    assert ("X021", "line_items[0].price") in codes(site)
    assert "findAsync" not in site.suggestion
    assert "TODO_plan" in site.suggestion
