"""What stripe2dodo needs from Dodo's API, as a Protocol: the apply engine's ``DodoSink`` and
``sessions create`` are written against it, ``migrate.dodo.client.DodoClient`` implements it, and
tests may pass any object that does (an in-memory fake, a client on ``httpx.MockTransport``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal, Protocol, runtime_checkable

MetadataKind = Literal["product", "discount", "customer"]
"""The kinds of Dodo object that carry ``metadata`` and can be listed."""


class CheckoutPreviewer(Protocol):
    """Dodo's own price breakdown of a checkout body (``POST /checkouts/preview``; creates
    nothing)."""

    def preview_checkout(self, body: Mapping[str, Any]) -> dict[str, Any]: ...


@runtime_checkable
class DodoAPI(CheckoutPreviewer, Protocol):
    """Sending a plan's requests, and finding what an earlier run may already have created.
    (``isinstance`` checks that the methods exist, not their signatures: mypy does that.)"""

    def send(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        *,
        idempotent: bool = False,
        params: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """One request; only reads and requests marked ``idempotent`` may be retried after an
        ambiguous failure (``DodoAmbiguousError``)."""
        ...

    def get_discount_by_code(self, code: str) -> dict[str, Any] | None: ...

    def find_by_metadata(
        self, kind: MetadataKind, key: str, value: str
    ) -> dict[str, Any] | None: ...

    def iter_products(self, **filters: Any) -> Iterator[dict[str, Any]]: ...

    def iter_discounts(self, **filters: Any) -> Iterator[dict[str, Any]]: ...

    def iter_customers(self, **filters: Any) -> Iterator[dict[str, Any]]: ...


@runtime_checkable
class SubscriptionReader(Protocol):
    """Reading Dodo's subscriptions: which subscribers converted (``subscribers create``,
    ``status`` and ``cutover``)."""

    def iter_subscriptions(self, **filters: Any) -> Iterator[dict[str, Any]]: ...
