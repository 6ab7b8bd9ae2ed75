"""Dodo products a translated cart needs, and their deterministic placeholder ids.

A Dodo product has one price. An inline Stripe ``price_data`` therefore describes one Dodo
product; its placeholder id is a hash of that description, so identical content gives the same
id on every run and machine (and the catalog plan folds them into one product).
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

SUBSCRIPTION_PERIOD_YEARS = 20
PLACEHOLDER_PREFIX = "s2d_"


def content_hash(content: Any) -> str:
    """A stable hex digest of a string, or of JSON-able content (keys sorted, no whitespace)."""
    if isinstance(content, str):
        canonical = content
    else:
        canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def placeholder_id(kind: str, content: Any) -> str:
    """``s2d_pdt_<20 hex>``: a placeholder that can never be mistaken for a real Dodo id."""
    if content.__class__ is str:  # a Stripe id: the same ones recur from payload to payload
        return _text_placeholder(kind, content)
    return f"{PLACEHOLDER_PREFIX}{kind}_{content_hash(content)[:20]}"


@functools.lru_cache(maxsize=4096)
def _text_placeholder(kind: str, text: str) -> str:
    return f"{PLACEHOLDER_PREFIX}{kind}_{content_hash(text)[:20]}"


def product_spec(
    *,
    name: str,
    description: str | None,
    currency: str,
    amount: int,
    interval: str | None,
    interval_count: int,
    tax_inclusive: bool | None,
    metadata: dict[str, str],
    pay_what_you_want: bool = False,
) -> dict[str, Any]:
    """The body of Dodo's ``POST /products`` for one price (``tax_category`` is chosen by the
    catalog plan, so it is absent here). A pay-what-you-want product (one-time only) takes
    ``amount`` as the minimum the buyer may pay."""
    price: dict[str, Any] = {
        "type": "recurring_price" if interval else "one_time_price",
        "currency": currency,
        "price": amount,
        "discount": 0,
        "purchasing_power_parity": False,
    }
    if pay_what_you_want and not interval:
        price["pay_what_you_want"] = True
    if interval:
        price["payment_frequency_interval"] = interval
        price["payment_frequency_count"] = interval_count
        price["subscription_period_interval"] = "Year"
        price["subscription_period_count"] = SUBSCRIPTION_PERIOD_YEARS
    if tax_inclusive is not None:
        price["tax_inclusive"] = tax_inclusive
    spec: dict[str, Any] = {"name": name[:100], "price": price}
    if description:
        spec["description"] = description[:1000]
    if metadata:
        spec["metadata"] = metadata
    return spec
