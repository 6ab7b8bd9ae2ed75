"""A wrapper that copies its caller's metadata map into the params entry by entry, as its own
key and value: Go's ``for k, v := range extra { params.AddMetadata(k, v) }``, Java's
``extra.forEach((k, v) -> builder.putMetadata(k, v))``, Kotlin's ``extra.forEach { (k, v) ->
builder.putMetadata(k, v) }``. Each puts all of ``extra``, as ``putAllMetadata(extra)`` does,
but the scan read an entry it could not place (RT012; Java's lambda a spread, RT006) and the
Dodo metadata lost every entry. Seen in a Go payments host and a Kotlin subscription library.
An entry put under an ``if`` (a filtered copy) still cannot be placed."""

from __future__ import annotations

import textwrap

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

GO_HEAD = """\
package pay

import (
\tstripe "github.com/stripe/stripe-go/v82"
\tcheckoutsession "github.com/stripe/stripe-go/v82/checkout/session"
)

"""

GO = """\
func Open(priceID string, extra map[string]string) (string, error) {
\tparams := &stripe.CheckoutSessionParams{
\t\tSuccessURL: stripe.String("https://shop.example.com/done"),
\t\tMode:       stripe.String(string(stripe.CheckoutSessionModeSubscription)),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
\t\t},
\t}
\tfor key, val := range extra {
\t\tparams.AddMetadata(key, val)
\t}
\tparams.AddMetadata("channel", "web")
\ts, err := checkoutsession.New(params)
\tif err != nil {
\t\treturn "", err
\t}
\treturn s.URL, nil
}
"""

JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.Map;

public class Plans {
    public String open(String priceId, Map<String, String> extra) throws Exception {
        SessionCreateParams.Builder builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setSuccessUrl("https://shop.example.com/done")
            .addLineItem(SessionCreateParams.LineItem.builder()
                .setPrice(priceId).setQuantity(1L).build())
            .putMetadata("channel", "web");
        extra.forEach((key, val) -> { builder.putMetadata(key, val); });
        return Session.create(builder.build()).getUrl();
    }
}
"""

KOTLIN = """\
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Plans {
    fun open(priceId: String, extra: Map<String, String>): String {
        val builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setSuccessUrl("https://shop.example.com/done")
            .addLineItem(
                SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build()
            )
            .putMetadata("channel", "web")
        extra.forEach { (key, value) -> builder.putMetadata(key, value) }
        return Session.create(builder.build()).url
    }
}
"""


def _site(code: str, name: str, family: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[family]) if s.kind == "create"]
    return site


def _codes(site: CallSite) -> list[str]:
    return [f.code for f in site.findings]


def test_a_java_two_parameter_lambda_putting_each_entry_carries_the_map() -> None:
    site = _site(textwrap.dedent(JAVA), "Plans.java", "java")
    text = site.suggestion or ""
    # "channel" is put before extra's entries: extra's own "channel" wins, as on Stripe
    assert 'put("channel", "web"); if (extra != null) putAll(extra);' in text
    assert "RT006" not in _codes(site)
    assert "RT012" not in _codes(site)


def test_a_kotlin_destructured_for_each_putting_each_entry_carries_the_map() -> None:
    site = _site(KOTLIN, "Plans.kt", "kotlin")
    text = site.suggestion or ""
    assert 'mapOf<String, Any?>("channel" to "web") + (extra ?: emptyMap<String, Any?>())' in text
    assert "RT012" not in _codes(site)


GO_INDEXED = """\
func Open(priceID string, extra map[string]string) (string, error) {
\tmetadata := map[string]string{}
\tfor key, val := range extra {
\t\tmetadata[key] = val
\t}
\tmetadata["channel"] = "web"
\tparams := &stripe.CheckoutSessionParams{
\t\tSuccessURL: stripe.String("https://shop.example.com/done"),
\t\tMode:       stripe.String(string(stripe.CheckoutSessionModeSubscription)),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
\t\t},
\t\tMetadata: metadata,
\t}
\ts, err := checkoutsession.New(params)
\tif err != nil {
\t\treturn "", err
\t}
\treturn s.URL, nil
}
"""


@pytest.mark.parametrize(
    "body",
    [GO, GO_INDEXED],
    ids=["AddMetadata(key, val)", "metadata[key] = val"],  # each puts all of extra
)
def test_a_go_range_copy_carries_the_whole_map_into_the_dodo_metadata(body: str) -> None:
    site = _site(GO_HEAD + body, "pay.go", "go")
    text = site.suggestion or ""
    assert "for dodoKey, dodoValue := range extra {" in text
    assert 'dodoMetadata["channel"] = "web"' in text
    assert "RT012" not in _codes(site)


@pytest.mark.parametrize(
    "body",
    [
        GO.replace(
            "\t\tparams.AddMetadata(key, val)\n",
            '\t\tif key != "internal" {\n\t\t\tparams.AddMetadata(key, val)\n\t\t}\n',
        ),
        GO_INDEXED.replace("\t\tmetadata[key] = val\n", "\t\tmetadata[val] = key\n"),
    ],
    ids=["filtered under an if", "written with other names"],
)
def test_a_go_copy_that_is_not_the_whole_map_is_still_an_entry_not_placed(body: str) -> None:
    site = _site(GO_HEAD + body, "pay.go", "go")
    assert "RT012" in _codes(site)
    assert "range extra" not in (site.suggestion or "")
