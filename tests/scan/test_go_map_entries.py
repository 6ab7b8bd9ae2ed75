"""Go metadata merged from another map in a ``range`` loop (``for k, v := range req.Metadata {
metadata[k] = v }``) has keys only run time knows. They were dropped without a word: a billing
provider whose webhook reads ``order_no`` from the session's metadata (given by its caller that
way) lost it; then RT012 said so. Each entry put as it is, with the loop's own key and value
(``metadata[k] = v``, ``params.AddMetadata(k, v)``), puts the whole map, which is carried."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

HEAD = """\
package billing

import (
\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

"""

LINE = (
    "\t\tLineItems:  []*stripe.CheckoutSessionLineItemParams{"
    '{Price: stripe.String("price_1"), Quantity: stripe.Int64(1)}},\n'
)


def _site(body: str) -> CallSite:
    (site,) = [s for s in scan_source(HEAD + body, "x.go", BY_NAME["go"]) if s.kind == "create"]
    return site


def _lost(site: CallSite) -> list[str]:
    return [f.message for f in site.findings if f.code == "RT012" and f.path == "metadata"]


def test_a_map_given_entries_in_a_range_loop_carries_the_whole_map() -> None:
    """``metadata[k] = v`` in ``for k, v := range extra`` puts all of ``extra``, as
    ``params.AddMetadata(k, v)`` there does (it was reported lost: RT012)."""
    site = _site(
        "func Buy(order string, extra map[string]string) (*stripe.CheckoutSession, error) {\n"
        '\tmetadata := map[string]string{"order_id": order}\n'
        "\tfor k, v := range extra {\n"
        "\t\tmetadata[k] = v\n"
        "\t}\n"
        "\treturn session.New(&stripe.CheckoutSessionParams{\n"
        '\t\tMode:       stripe.String("payment"),\n'
        + LINE
        + '\t\tSuccessURL: stripe.String("https://shop.example/ok"),\n'
        "\t\tMetadata:   metadata,\n"
        "\t})\n"
        "}\n"
    )
    assert _lost(site) == []
    text = site.suggestion or ""
    assert "for dodoKey, dodoValue := range extra {" in text
    assert 'dodoMetadata["order_id"] = dodoids.Text(order)' in text


def test_metadata_added_in_a_range_loop_is_the_whole_map_carried() -> None:
    """Each entry of ``extra`` put as it is: all of ``extra``, as in
    tests/scan/test_metadata_entry_loops.py (it was reported lost)."""
    site = _site(
        "func Buy(order string, extra map[string]string) (*stripe.CheckoutSession, error) {\n"
        "\tparams := &stripe.CheckoutSessionParams{\n"
        '\t\tMode:       stripe.String("payment"),\n'
        + LINE
        + '\t\tSuccessURL: stripe.String("https://shop.example/ok"),\n'
        "\t}\n"
        '\tparams.AddMetadata("order_id", order)\n'
        "\tfor k, v := range extra {\n"
        "\t\tparams.AddMetadata(k, v)\n"
        "\t}\n"
        "\treturn session.New(params)\n"
        "}\n"
    )
    assert _lost(site) == []
    text = site.suggestion or ""
    assert "for dodoKey, dodoValue := range extra {" in text
    assert 'dodoMetadata["order_id"] = dodoids.Text(order)' in text
