"""A Kotlin file that calls Stripe's REST API by URL (OkHttp, Ktor's client) besides its SDK
calls: the raw-HTTP reader does not read Kotlin's requests, and it no longer stops the file.

Seen in a Ktor sample whose Stripe client lists products and searches prices with OkHttp
(``baseUrl().addPathSegment("v1")`` on ``api.stripe.com``): the raw-HTTP pass looked the
language up in tables that have no Kotlin, so the whole file was an internal error (exit 3)
and a Checkout creation in the same file was never reported."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import ScanStats, scan_paths

KOTLIN = """package shop.pay

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams
import okhttp3.OkHttpClient
import okhttp3.Request

class Payments(private val http: OkHttpClient) {
    private val api = "https://api.stripe.com/v1"

    fun activePrices(): String {
        val req = Request.Builder()
            .url("https://api.stripe.com/v1/prices?active=true")
            .addHeader("Authorization", "Bearer " + System.getenv("STRIPE_KEY"))
            .get()
            .build()
        return http.newCall(req).execute().body!!.string()
    }

    fun products(): String {
        val req = Request.Builder().url(api + "/products").get().build()
        return http.newCall(req).execute().body!!.string()
    }

    fun open(priceId: String, seats: Long): String {
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .addLineItem(
                SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(seats).build()
            )
            .setSuccessUrl("https://shop.test/thanks")
            .build()
        return Session.create(params).url
    }
}
"""


def test_a_kotlin_file_calling_stripes_rest_api_is_scanned(tmp_path: Path) -> None:
    path = tmp_path / "Payments.kt"
    path.write_text(KOTLIN)
    stats = ScanStats()
    sites = list(scan_paths([str(path)], stats=stats))
    assert stats.problems == []
    (site,) = [s for s in sites if s.kind == "create"]
    assert site.callee == "Session.create"
    assert {d.path: d.source for d in site.dynamic} == {
        "line_items[0].price": "priceId",
        "line_items[0].quantity": "seats",
    }
    assert site.verdict != "blocked"
