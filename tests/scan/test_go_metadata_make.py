"""Go metadata made empty with ``make`` and filled key by key: ``params.Metadata =
make(map[string]string)`` then ``params.Metadata["user"] = uid``, or ``m := make(...); m["k"] =
v; params.Metadata = m``. ``make(map[K]V)`` was a run-time value: the Dodo metadata was the
empty map it makes (``dodoPayload["metadata"] = make(map[string]string)``), every entry the
code writes after it lost without a finding. It is an empty map now, as ``map[string]string{}``
is, and the entries are carried one by one; ``*stripe.String("web")`` is the text it points to."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

HEAD = """\
package pay

import (
\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

func Pay(priceID string, uid string, extra map[string]string) (*stripe.CheckoutSession, error) {
"""

PARAMS = """\
\tparams := &stripe.CheckoutSessionParams{
\t\tMode:       stripe.String("payment"),
\t\tSuccessURL: stripe.String("https://shop.example/ok"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
\t\t},
\t}
"""

TAIL = "\treturn session.New(params)\n}\n"

FIELD = """\
\tparams.Metadata = make(map[string]string)
\tparams.Metadata["user"] = uid
\tparams.Metadata["plan"] = "pro"
"""

LOCAL = """\
\tm := make(map[string]string, 2)
\tm["user"] = uid
\tm["plan"] = *stripe.String("pro")
\tparams.Metadata = m
"""

LITERAL = """\
\tparams.Metadata = map[string]string{}
\tparams.Metadata["user"] = uid
\tparams.Metadata["plan"] = "pro"
"""


def _site(body: str) -> CallSite:
    code = HEAD + PARAMS + body + TAIL
    (site,) = [s for s in scan_source(code, "pay.go", BY_NAME["go"]) if s.kind == "create"]
    return site


@pytest.mark.parametrize(
    "body",
    [FIELD, LOCAL, LITERAL],
    ids=["params.Metadata = make(...)", "m := make(..., 2); params.Metadata = m", "map{}"],
)
def test_metadata_made_empty_then_written_key_by_key_is_carried(body: str) -> None:
    site = _site(body)
    text = site.suggestion or ""
    assert 'dodoMetadata["plan"] = "pro"\n' in text
    # stripe-go sends an empty uid as it is, which Stripe reads as no key
    assert 'if uid != "" {\n\t\tdodoMetadata["user"] = dodoids.Text(uid)\n\t}' in text
    assert "make(map" not in text
    codes = [f.code for f in site.findings]
    assert "RT012" not in codes and "RT010" not in codes


def test_a_map_made_empty_then_copied_by_range_is_merged_before_a_written_key() -> None:
    body = """\
\tm := make(map[string]string)
\tfor k, v := range extra {
\t\tm[k] = v
\t}
\tm["user"] = uid
\tparams.Metadata = m
"""
    site = _site(body)
    text = site.suggestion or ""
    assert "range extra" in text and 'dodoMetadata["user"] = dodoids.Text(uid)' in text
    assert text.index("range extra") < text.index('dodoMetadata["user"]')
    assert "RT012" not in [f.code for f in site.findings]
