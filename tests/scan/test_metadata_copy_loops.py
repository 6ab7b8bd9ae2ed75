"""A for-each loop that copies a map into the metadata entry by entry, each entry with its own
key and value (C#'s ``foreach (var kv in extra) options.Metadata[kv.Key] = kv.Value;``, Java's
``for (Map.Entry<String, String> e : extra.entrySet()) builder.putMetadata(e.getKey(),
e.getValue());``, Kotlin's ``for ((k, v) in extra) builder.putMetadata(k, v)``) puts all of
``extra``: it was an entry the scan could not place (RT012) and the Dodo metadata lost every
entry. It is merged now, in the code's order (the map's entries win over the keys put before
the loop, not over those put after). A filtered copy still cannot be placed; a copy, or a
``putAllMetadata(extra)``, under an ``if`` (not a null check of the map) is left out with RT012
instead of being merged whatever the condition."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

CS = """\
using System.Collections.Generic;
using Stripe;
using Stripe.Checkout;

public class Checkout
{
    public Session Open(string priceId, string userId, Dictionary<string, string> extra, bool vip)
    {
        var options = new SessionCreateOptions
        {
            Mode = "subscription",
            SuccessUrl = "https://shop.example.com/done",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = priceId, Quantity = 1 },
            },
            Metadata = new Dictionary<string, string> { { "user_id", userId } },
        };
COPY
        return new SessionService().Create(options);
    }
}
"""

CS_LOOP = """\
        foreach (var kv in extra)
        {
            options.Metadata[kv.Key] = kv.Value;
        }
"""

JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.HashMap;
import java.util.Map;

public class Plans {
    public String open(String priceId, String userId, Map<String, String> extra, boolean vip)
            throws Exception {
        SessionCreateParams.Builder builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setSuccessUrl("https://shop.example.com/done")
            .addLineItem(SessionCreateParams.LineItem.builder()
                .setPrice(priceId).setQuantity(1L).build())
            .putMetadata("user_id", userId);
COPY
        return Session.create(builder.build()).getUrl();
    }
}
"""

KOTLIN = """\
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Plans {
    fun open(priceId: String, userId: String, extra: Map<String, String>): String {
        val builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setSuccessUrl("https://shop.example.com/done")
            .addLineItem(
                SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build()
            )
            .putMetadata("user_id", userId)
COPY
        return Session.create(builder.build()).url
    }
}
"""

GO = """\
package pay

import (
\tstripe "github.com/stripe/stripe-go/v82"
\tcheckoutsession "github.com/stripe/stripe-go/v82/checkout/session"
)

func Open(priceID string, userID string, extra map[string]string, vip bool) (string, error) {
\tparams := &stripe.CheckoutSessionParams{
\t\tSuccessURL: stripe.String("https://shop.example.com/done"),
\t\tMode:       stripe.String(string(stripe.CheckoutSessionModeSubscription)),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
\t\t},
\t}
\tparams.AddMetadata("user_id", userID)
\tif COND {
\t\tfor k, v := range extra {
\t\t\tparams.AddMetadata(k, v)
\t\t}
\t}
\ts, err := checkoutsession.New(params)
\tif err != nil {
\t\treturn "", err
\t}
\treturn s.URL, nil
}
"""

CS_MERGED = "(extra?.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value))"
JAVA_MERGED = (
    'if (userId != null && !userId.isEmpty()) { put("user_id", String.valueOf(userId)); }'
    " if (extra != null) putAll(extra);"
)
"""The key put before the copy, then the map: ``userId`` a ``String`` parameter that may be
null or empty (a key only when set, as Stripe keeps none for it: the z-unset merge)."""


def _site(code: str, name: str, family: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[family]) if s.kind == "create"]
    return site


def _codes(site: CallSite) -> list[str]:
    return [f.code for f in site.findings]


@pytest.mark.parametrize(
    "copy",
    [
        CS_LOOP,
        "        foreach (var kv in extra) options.Metadata.Add(kv.Key, kv.Value);\n",
        "        foreach (var (key, value) in extra) { options.Metadata[key] = value; }\n",
        "        foreach (var key in extra.Keys)\n"
        "            options.Metadata[key] = extra[key];\n",
        "        if (extra != null)\n        {\n" + CS_LOOP + "        }\n",
    ],
    ids=["indexer", "Add", "tuple", "Keys", "under a null check"],
)
def test_a_csharp_loop_copying_a_map_merges_it_after_the_keys_put_before(copy: str) -> None:
    site = _site(CS.replace("COPY\n", copy), "Checkout.cs", "csharp")
    text = site.suggestion or ""
    assert CS_MERGED in text
    assert text.index('["user_id"] = ') < text.index(CS_MERGED)  # extra's user_id wins
    assert "RT012" not in _codes(site)
    assert "RT010" in _codes(site)


def test_a_key_put_after_the_csharp_copy_wins_over_the_map() -> None:
    copy = CS_LOOP + '        options.Metadata["channel"] = "web";\n'
    text = _site(CS.replace("COPY\n", copy), "Checkout.cs", "csharp").suggestion or ""
    assert text.index('["user_id"] = ') < text.index(CS_MERGED) < text.index('["channel"] = "web"')


@pytest.mark.parametrize(
    "copy",
    [
        "        foreach (var kv in extra)\n        {\n"
        '            if (kv.Key == "internal") continue;\n'
        "            options.Metadata[kv.Key] = kv.Value;\n        }\n",
        "        foreach (var kv in extra) options.Metadata[kv.Value] = kv.Key;\n",
    ],
    ids=["filtered", "key and value swapped"],
)
def test_a_csharp_copy_that_may_not_be_the_whole_map_is_not_merged(copy: str) -> None:
    site = _site(CS.replace("COPY\n", copy), "Checkout.cs", "csharp")
    assert CS_MERGED not in (site.suggestion or "")
    assert "RT012" in _codes(site)


def test_a_csharp_copy_under_an_if_is_merged_under_it() -> None:
    """The map is the choice the branch makes (``vip ? extra : null``): merged only then, a
    null map merging nothing (it was left out, RT012)."""
    copy = "        if (vip)\n        {\n" + CS_LOOP + "        }\n"
    site = _site(CS.replace("COPY\n", copy), "Checkout.cs", "csharp")
    assert "((vip ? extra : null)?.Select(kv => " in (site.suggestion or "")
    assert "RT012" not in _codes(site) and "RT010" in _codes(site)


@pytest.mark.parametrize(
    "copy",
    [
        "        for (Map.Entry<String, String> e : extra.entrySet()) {\n"
        "            builder.putMetadata(e.getKey(), e.getValue());\n        }\n",
        "        for (String k : extra.keySet()) builder.putMetadata(k, extra.get(k));\n",
        "        if (extra != null) builder.putAllMetadata(extra);\n",
    ],
    ids=["entrySet", "keySet", "putAll under a null check"],
)
def test_a_java_loop_copying_a_map_merges_it_after_the_keys_put_before(copy: str) -> None:
    site = _site(JAVA.replace("COPY\n", copy), "Plans.java", "java")
    assert JAVA_MERGED in (site.suggestion or "")
    assert "RT012" not in _codes(site)


def test_a_java_map_local_filled_by_a_copy_loop_is_merged() -> None:
    copy = (
        "        Map<String, String> meta = new HashMap<>();\n"
        '        meta.put("user_id", userId);\n'
        "        for (var e : extra.entrySet()) meta.put(e.getKey(), e.getValue());\n"
        "        builder.putAllMetadata(meta);\n"
    )
    code = JAVA.replace('            .putMetadata("user_id", userId);', "            ;")
    site = _site(code.replace("COPY\n", copy), "Plans.java", "java")
    assert JAVA_MERGED in (site.suggestion or "")
    assert "RT012" not in _codes(site)


@pytest.mark.parametrize(
    "copy",
    [
        "        for (Map.Entry<String, String> e : extra.entrySet()) {\n"
        '            if (!e.getKey().startsWith("_"))\n'
        "                builder.putMetadata(e.getKey(), e.getValue());\n"
        "        }\n",
    ],
    ids=["filtered"],
)
def test_a_java_copy_that_may_not_be_the_whole_map_is_not_merged(copy: str) -> None:
    site = _site(JAVA.replace("COPY\n", copy), "Plans.java", "java")
    assert "putAll(extra)" not in (site.suggestion or "")
    assert "RT012" in _codes(site)


@pytest.mark.parametrize(
    ("copy", "chosen"),
    [
        ("        if (vip) builder.putAllMetadata(extra);\n", "(vip ? extra : null)"),
        (
            "        if (vip) {\n        } else {\n"
            "            for (var e : extra.entrySet())\n"
            "                builder.putMetadata(e.getKey(), e.getValue());\n"
            "        }\n",
            "(vip ? null : extra)",
        ),
    ],
    ids=["putAll under an if", "copy in an else"],
)
def test_a_java_merge_under_an_if_is_merged_under_it(copy: str, chosen: str) -> None:
    """The map is the choice the branch makes: merged only then, never whatever the condition
    (it was left out, RT012)."""
    site = _site(JAVA.replace("COPY\n", copy), "Plans.java", "java")
    text = site.suggestion or ""
    assert f"if ({chosen} != null) putAll({chosen});" in text
    assert "putAll(extra)" not in text
    assert "RT012" not in _codes(site) and "RT010" in _codes(site)


@pytest.mark.parametrize(
    "copy",
    [
        "        for ((key, value) in extra) {\n            builder.putMetadata(key, value)\n"
        "        }\n",
        "        for (entry in extra.entries) builder.putMetadata(entry.key, entry.value)\n",
    ],
    ids=["destructured", "entries"],
)
def test_a_kotlin_loop_copying_a_map_merges_it_after_the_keys_put_before(copy: str) -> None:
    site = _site(KOTLIN.replace("COPY\n", copy), "Plans.kt", "kotlin")
    text = site.suggestion or ""
    assert 'mapOf<String, Any?>("user_id" to userId.toString()) + (extra ?: emptyMap' in text
    assert "RT012" not in _codes(site)


@pytest.mark.parametrize(("cond", "merged"), [("vip", False), ("extra != nil", True)])
def test_a_go_range_copy_under_an_if_is_merged_only_under_a_null_check(
    cond: str, merged: bool
) -> None:
    site = _site(GO.replace("COND", cond), "pay.go", "go")
    assert ("range extra" in (site.suggestion or "")) is merged
    assert ("RT012" in _codes(site)) is not merged


def test_a_kotlin_merge_under_an_if_is_merged_under_it() -> None:
    code = KOTLIN.replace("COPY\n", "        if (vip) builder.putAllMetadata(extra)\n").replace(
        "extra: Map<String, String>)", "extra: Map<String, String>, vip: Boolean)"
    )
    site = _site(code, "Plans.kt", "kotlin")
    assert "((if (vip) extra else null) ?: emptyMap<String, Any?>())" in (site.suggestion or "")
    assert "RT012" not in _codes(site) and "RT010" in _codes(site)
