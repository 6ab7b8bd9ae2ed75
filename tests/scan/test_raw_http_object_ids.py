# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A raw HTTP request's object id known at run time is the Dodo call's id, looked up.

Read in a Lightning wallet's Stripe integration (Python, httpx): ``await
self.client.delete(f"/v1/subscriptions/{subscription_id}")``. The Dodo call cancelled the
subscription ``"{subscription_id}"``, the literal text: the id in the path was dropped between
reading the URL and writing the call. The path's run-time segment is now the id's source, looked
up through the id map as an SDK call's id is (``dodo_subscription_id(subscription_id)``).
"""

from __future__ import annotations

from migrate.scan.http_site import id_source
from migrate.scan.http_urls import Url
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY = """import httpx


class Stripe:
    def __init__(self, key):
        self.client = httpx.AsyncClient(base_url="https://api.stripe.com", headers={"Authorization": f"Bearer {key}"})

    async def cancel(self, subscription_id: str):
        r = await self.client.delete(f"/v1/subscriptions/{subscription_id}")
        r.raise_for_status()
        return r.json()
"""

TS = """export async function cancel(subscriptionId: string) {
  const res = await fetch(`https://api.stripe.com/v1/subscriptions/${subscriptionId}`, {
    method: "DELETE",
    headers: { Authorization: `Bearer ${process.env.STRIPE_SECRET_KEY}` },
  });
  return res.json();
}
"""


def _site(source: str, path: str, language: str) -> CallSite:
    (site,) = list(scan_source(source, path, BY_NAME[language]))
    return site


def test_a_python_requests_run_time_id_is_the_dodo_calls_id() -> None:
    text = _site(PY, "fiat.py", "python").suggestion or ""
    assert "client.subscriptions.update(\n    dodo_subscription_id(subscription_id),\n" in text, (
        text
    )
    assert "{subscription_id}" not in text


def test_a_fetch_with_a_template_id_too() -> None:
    text = _site(TS, "cancel.ts", "typescript").suggestion or ""
    assert "dodoSubscriptionId(subscriptionId)" in text, text
    assert "${subscriptionId}" not in text.split("client.", 1)[-1]


def test_the_id_is_a_whole_segment_after_the_base() -> None:
    assert id_source(Url("/v1/subscriptions/\x00", ("sid",))) == "sid"
    assert id_source(Url("\x00/v1/subscriptions/\x00", ("base", "sid"))) == "sid"
    assert id_source(Url("/v1/subscriptions/sub_\x00", ("n",))) is None
