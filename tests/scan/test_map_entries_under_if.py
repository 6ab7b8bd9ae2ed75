"""Metadata entries set one by one on a map, plainly or under an ``if``, reach the Dodo call (as a
choice on the condition when under one), in Go and Kotlin as in the other languages.

Go: ``metadata["order_id"] = orderID`` (a literal or constant key) on the map later given as
``Metadata``, or on ``params.Metadata``, was read as a key known only at run time: the entry was
left out with RT012, or the whole of ``params.Metadata`` became one run-time value. Kotlin:
``metadata["order_id"] = orderId`` on the map given to ``putAllMetadata`` was dropped without a
word (and ``metadata.set("k", v)`` left out with RT012). A webhook reading the order id back from
the session's metadata lost it. A Go choice is quoted as the choice (``if promo { orderID } else {
nil }``), not the whole ``if`` statement with its other statements; at a wrapper's caller that
sets it in neither branch, the entry is left out (it was a ``// TODO: set from`` comment)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.trees import creates

GO_HEAD = """\
package billing

import (
\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

const refKey = "ref"

func Buy(orderID string, ref string, promo bool) (*stripe.CheckoutSession, error) {
"""

GO_PARAMS = """\
\tparams := &stripe.CheckoutSessionParams{
\t\tMode:       stripe.String("payment"),
\t\tSuccessURL: stripe.String("https://shop.example/ok"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String("price_1"), Quantity: stripe.Int64(1)},
\t\t},
\t\tMetadata: metadata,
\t}
"""


def _go(body: str, tail: str = "") -> CallSite:
    source = GO_HEAD + body + GO_PARAMS + tail + "\treturn session.New(params)\n}\n"
    (site,) = [s for s in scan_source(source, "x.go", BY_NAME["go"]) if s.kind == "create"]
    return site


def _codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_go_entry_set_under_an_if_is_a_choice_in_the_dodo_call() -> None:
    site = _go(
        '\tmetadata := map[string]string{"user": "u1"}\n'
        "\tif promo {\n"
        '\t\tmetadata["order_id"] = orderID\n'
        "\t}\n"
    )
    assert "RT012" not in _codes(site)
    suggestion = site.suggestion or ""
    # set only under the if (it was the empty text otherwise: a key Stripe never had), and
    # only when not empty (stripe-go sends "" as it is, which Stripe reads as no key)
    assert (
        '\tdodoMetadata["user"] = "u1"\n'
        "\tif promo {\n"
        '\t\tif orderID != "" {\n'
        '\t\t\tdodoMetadata["order_id"] = dodoids.Text(orderID)\n'
        "\t\t}\n"
        "\t}\n"
    ) in suggestion
    assert 'return ""' not in suggestion


def test_go_entry_set_plainly_with_a_constant_key_is_carried() -> None:
    site = _go('\tmetadata := map[string]string{"user": "u1"}\n\tmetadata[refKey] = ref\n')
    assert "RT012" not in _codes(site)
    sets = 'if ref != "" {\n\t\tdodoMetadata["ref"] = dodoids.Text(ref)\n\t}'
    assert sets in (site.suggestion or "")


def test_go_entries_set_on_the_params_metadata_are_carried() -> None:
    site = _go(
        '\tmetadata := map[string]string{"user": "u1"}\n',
        '\tparams.Metadata["source"] = "pricing"\n'
        "\tif promo {\n"
        '\t\tparams.Metadata["order_id"] = orderID\n'
        "\t}\n",
    )
    assert "RT012" not in _codes(site)
    suggestion = site.suggestion or ""
    assert 'dodoMetadata["user"] = "u1"\n\tdodoMetadata["source"] = "pricing"\n' in suggestion
    assert "range params.Metadata" not in suggestion
    assert '\tif promo {\n\t\tif orderID != "" {\n\t\t\tdodoMetadata["order_id"]' in suggestion


def test_go_entry_at_a_run_time_key_still_says_it_is_lost() -> None:
    site = _go(
        '\tmetadata := map[string]string{"user": "u1"}\n'
        '\tkey := orderID + "_id"\n'
        "\tmetadata[key] = ref\n"
    )
    assert "RT012" in _codes(site)


KOTLIN = """\
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Billing {
    fun create(orderId: String, ref: String, promo: Boolean): Session {
        val metadata = mutableMapOf("user" to "u1")
%s
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok")
            .addLineItem(
                SessionCreateParams.LineItem.builder().setPrice("price_1").setQuantity(1L).build()
            )
            .putAllMetadata(metadata)
            .build()
        return Session.create(params)
    }
}
"""


def _kotlin(body: str) -> CallSite:
    source = KOTLIN % body
    (site,) = [
        s for s in scan_source(source, "Billing.kt", BY_NAME["kotlin"]) if s.kind == "create"
    ]
    return site


def test_kotlin_entry_set_by_index_is_carried() -> None:
    site = _kotlin('        metadata["order_id"] = orderId\n        metadata.set("ref", ref)')
    assert "RT012" not in _codes(site)
    assert site.params["metadata"] == {
        "user": "u1",
        "order_id": {"$dynamic": "orderId"},
        "ref": {"$dynamic": "ref"},
    }
    suggestion = site.suggestion or ""
    assert "dodoJson(orderId.toString())" in suggestion
    assert "dodoJson(ref.toString())" in suggestion


def test_kotlin_entry_set_by_index_under_an_if_is_a_choice() -> None:
    site = _kotlin('        if (promo) {\n            metadata["order_id"] = orderId\n        }')
    assert "RT012" not in _codes(site)
    assert [(d.path, d.source) for d in site.dynamic] == [
        ("metadata.order_id", "if (promo) orderId else null")
    ]
    # the key only under the if (it was the empty text otherwise: a key Stripe never had)
    entry = '(if (promo) mapOf<String, Any?>("order_id" to orderId.toString()) else emptyMap'
    assert entry in (site.suggestion or "")


def test_go_choice_is_quoted_as_the_choice_not_the_whole_if() -> None:
    site = _go(
        '\tmetadata := map[string]string{"user": "u1"}\n'
        "\tif promo {\n"
        '\t\tmetadata["order_id"] = orderID\n'
        '\t\tmetadata["tier"] = "gold"\n'
        "\t}\n"
    )
    said = {d.path: d.source for d in site.dynamic}
    assert said["metadata.order_id"] == "if promo { orderID } else { nil }"
    assert said["metadata.tier"] == 'if promo { "gold" } else { nil }'


GO_WRAPPER = """\
package billing

import (
\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

type Req struct {
\tPrice  string
\tPlanID string
}

func Create(req Req, vip bool) (*stripe.CheckoutSession, error) {
\tmetadata := map[string]string{"source": "web"}
\tif vip {
\t\tmetadata["plan"] = req.PlanID
\t}
\treturn session.New(&stripe.CheckoutSessionParams{
\t\tMode:       stripe.String("payment"),
\t\tSuccessURL: stripe.String("https://shop.example/ok"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(req.Price), Quantity: stripe.Int64(1)},
\t\t},
\t\tMetadata: metadata,
\t})
}

func Handle(isVip bool) {
\tCreate(Req{Price: "price_1"}, isVip)
}
"""


def test_an_entry_a_caller_sets_in_neither_branch_is_left_out(tmp_path: Path) -> None:
    """The caller's struct gives no PlanID: the entry is set in neither branch there, so it is
    no run-time value (it was one, and a ``// TODO: set from if isVip {...}`` comment)."""
    (tmp_path / "main.go").write_text(GO_WRAPPER, encoding="utf-8")
    (site,) = [s for s in creates(tmp_path) if s.via is not None]
    assert site.params["metadata"] == {"source": "web"}
    assert "TODO" not in (site.suggestion or "")
    assert not [d for d in site.dynamic if d.path.startswith("metadata")]


CSHARP = """\
using Stripe;
using Stripe.Checkout;
using System.Collections.Generic;

public class Billing {
    public Session Create(string orderId, bool promo) {
        var metadata = new Dictionary<string, string> { { "user", "u1" } };
        if (promo) {
            metadata["order_id"] = orderId;
            metadata["tier"] = "gold";
        }
        var options = new SessionCreateOptions {
            Mode = "payment",
            SuccessUrl = "https://shop.example/ok",
            LineItems = new List<SessionLineItemOptions> {
                new SessionLineItemOptions { Price = "price_1", Quantity = 1 },
            },
            Metadata = metadata,
        };
        return new SessionService().Create(options);
    }
}
"""


def test_csharp_choice_is_quoted_as_the_choice_not_the_whole_if() -> None:
    (site,) = [
        s for s in scan_source(CSHARP, "Billing.cs", BY_NAME["csharp"]) if s.kind == "create"
    ]
    said = {d.path: d.source for d in site.dynamic}
    assert said["metadata.order_id"] == "promo ? orderId : null"
    assert said["metadata.tier"] == 'promo ? "gold" : null'
