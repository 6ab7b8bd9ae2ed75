"""A Kotlin wrapper that sells a price kept at its file's top level (``private val proPrice =
System.getenv("PRO_PRICE")``) or in its ``object`` (``private val teamPrice``): a call from
another file cannot name it.

Probe after the Go and static-field fixes, in the shape of a Kotlin billing file: a controller
in another package calling ``openPro(email)`` or ``Plans.openTeam(email)`` had ``proPrice`` /
``teamPrice`` written as they are - the controller's own properties of those names (the prices
being left), sold without a word. Such a call now writes ``TODO_<name>`` (X021), or the value
itself when a top-level one is bound once to an environment read; a call in the wrapper's own
file keeps the name, and a literal top-level value is still written as it is."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths

BILLING = """package shop.billing

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

private val proPrice: String = System.getenv("PRO_PRICE")

object Plans {
    private val teamPrice: String = System.getenv("TEAM_PRICE")

    fun openTeam(email: String): Session {
        val p = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .addLineItem(
                SessionCreateParams.LineItem.builder().setPrice(teamPrice).setQuantity(5L).build()
            )
            .setCustomerEmail(email)
            .setSuccessUrl("https://x.test/ok")
            .build()
        return Session.create(p)
    }
}

fun openPro(email: String): Session {
    val p = SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(proPrice).setQuantity(1L).build())
        .setCustomerEmail(email)
        .setSuccessUrl("https://x.test/ok")
        .build()
    return Session.create(p)
}

fun openProForMe(): Session = openPro("me@x.test")
"""

UPGRADE = """package shop.web

import shop.billing.openPro
import shop.billing.Plans

class Upgrade {
    private val proPrice = "price_1Legacy"
    private val teamPrice = "price_1LegacyTeam"

    fun post(email: String): String = openPro(email).url

    fun team(email: String): String = Plans.openTeam(email).url
}
"""


def _calls(tmp_path: Path) -> dict[tuple[str, int], object]:
    for name, text in {"billing/Billing.kt": BILLING, "web/Upgrade.kt": UPGRADE}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create" and s.via]
    return {(Path(s.file).name, s.line): s for s in found}


def test_another_files_call_cannot_name_the_wrappers_top_level_values(tmp_path: Path) -> None:
    calls = _calls(tmp_path)
    call = calls["Upgrade.kt", 12]  # an object's private member
    sources = {d.path: d.source for d in call.dynamic}
    assert sources["line_items[0].price"] == "TODO_teamPrice"
    assert [f.path for f in call.findings if f.code == "X021"] == ["line_items[0].price"]
    # a top-level value bound once to an environment read: the caller reads the same one
    call = calls["Upgrade.kt", 10]
    sources = {d.path: d.source for d in call.dynamic}
    assert sources["line_items[0].price"] == 'System.getenv("PRO_PRICE")'
    assert not [f for f in call.findings if f.code == "X021"]


def test_the_wrappers_own_file_keeps_the_name(tmp_path: Path) -> None:
    call = _calls(tmp_path)["Billing.kt", 34]
    assert {d.path: d.source for d in call.dynamic}["line_items[0].price"] == "proPrice"
    assert not [f for f in call.findings if f.code == "X021"]
