"""Metadata set key by key in a loop over a map's pairs, in a form body sent to Stripe.

A Next.js course shop builds its Checkout request as ``URLSearchParams`` and copies the caller's
metadata with ``for (const [key, value] of Object.entries(metadata)) payload.set(`metadata[${key}]`,
String(value))``. The keys were read as a run-time entry of the loop's collection, so the Dodo call
was given ``metadata: Object.entries(metadata)``: a list of pairs where Dodo takes a map of text
(tsc refuses it; the API would too). The collection a loop walks the pairs of is the map itself."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

JS_FORM = """\
export async function openCourseCheckout(priceId, tags) {
  const form = new URLSearchParams();
  form.set("mode", "payment");
  form.set("success_url", "https://learn.example/done");
  form.set("line_items[0][price]", priceId);
  form.set("line_items[0][quantity]", "1");
  for (const [name, tag] of Object.entries(tags)) {
    form.set(`metadata[${name}]`, String(tag));
  }
  const answer = await fetch("https://api.stripe.com/v1/checkout/sessions", {
    method: "POST",
    headers: { Authorization: `Bearer ${process.env.STRIPE_SECRET_KEY}` },
    body: form,
  });
  return answer.json();
}
"""


def test_metadata_copied_pair_by_pair_from_a_map_is_that_map() -> None:
    (site,) = [
        s for s in scan_source(JS_FORM, "checkout.js", BY_NAME["javascript"]) if s.kind == "create"
    ]
    assert "metadata: tags," in site.suggestion
    assert "Object.entries" not in site.suggestion
