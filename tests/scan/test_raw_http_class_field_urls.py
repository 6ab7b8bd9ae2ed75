# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A raw request to a URL built from a class field holding Stripe's base URL is read.

Read in a Remix multi-store app (on Workers, no SDK): ``private baseUrl =
'https://api.stripe.com/v1'`` then ``fetch(`${this.baseUrl}/checkout/sessions`, { method:
'POST', body })``. The same request with a module constant or a literal URL was found; through
the class field it was not reported at all (a missed creation). A field declared with a value
the class never assigns again is read as that value (``migrate/scan/http_urls.py``); one set
again (in the constructor) depends on the object, and is not.
"""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

SERVICE = """export class StripeService {
  private secretKey: string;
  private baseUrl = "https://api.stripe.com/v1";

  constructor(secretKey: string) {
    this.secretKey = secretKey;
  }

  async createCheckoutSession(priceId: string, email: string) {
    const body = new URLSearchParams({
      mode: "payment",
      "line_items[0][price]": priceId,
      "line_items[0][quantity]": "1",
      customer_email: email,
      success_url: "https://shop.test/ok",
    });
    const response = await fetch(`${this.baseUrl}/checkout/sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${this.secretKey}`, "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
    return response.json();
  }
}
"""


def test_a_fetch_to_a_class_fields_stripe_url_is_a_creation() -> None:
    (site,) = [
        s
        for s in scan_source(SERVICE, "stripe.server.ts", BY_NAME["typescript"])
        if s.kind == "create"
    ]
    assert site.callee == "fetch POST /v1/checkout/sessions"
    assert "product_id: dodoProductId(priceId)," in (site.suggestion or "")


def test_a_field_the_class_sets_again_is_not_read() -> None:
    again = SERVICE.replace(
        "    this.secretKey = secretKey;\n",
        "    this.secretKey = secretKey;\n    this.baseUrl = process.env.PROXY_URL!;\n",
    )
    assert [
        s
        for s in scan_source(again, "stripe.server.ts", BY_NAME["typescript"])
        if s.kind == "create"
    ] == []
