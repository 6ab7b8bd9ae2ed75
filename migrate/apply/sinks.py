"""Where the engine's requests go: Dodo (``DodoSink``), or nowhere (``RecordingSink``, a dry
run that records each request and answers as if Dodo had made the object). One code path for
real runs and dry runs, for the catalog and for checkout sessions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from migrate.dodo.interface import DodoAPI
from migrate.mapping.catalog import KEY_FIELD
from migrate.plan.ops import Operation


class Sink(Protocol):
    """Where requests go."""

    def send(
        self, op: Operation, method: str, path: str, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        """Carry out one request; Dodo's answer."""
        ...

    def find(self, op: Operation, path: str) -> dict[str, Any] | None:
        """The object ``op`` makes, if it exists already (after an ambiguous failure)."""
        ...

    def existing(self, kinds: set[str]) -> dict[str, dict[str, Any]]:
        """Objects of ``kinds`` already in Dodo, by the operation key in their metadata (and
        discounts also by ``code:<CODE>``)."""
        ...


class RecordingSink:
    """A dry run: records each request and answers as if Dodo had created the object."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []

    def send(
        self, op: Operation, method: str, path: str, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        self.requests.append({"key": op.key, "method": method, "path": path, "body": body})
        return {"id": op.dodo_id or op.key}

    def find(self, op: Operation, path: str) -> dict[str, Any] | None:
        return None

    def existing(self, kinds: set[str]) -> dict[str, dict[str, Any]]:
        return {}


class DodoSink:
    """The real thing, through any ``DodoAPI`` (``migrate.dodo.client.DodoClient``)."""

    def __init__(self, client: DodoAPI) -> None:
        self.client = client

    def send(
        self, op: Operation, method: str, path: str, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        result = self.client.send(method, path, body)
        return result if isinstance(result, dict) else {}

    def find(self, op: Operation, path: str) -> dict[str, Any] | None:
        body = op.body
        if op.kind == "discount" and op.code:
            found = self.client.get_discount_by_code(op.code)
            return found if isinstance(found, dict) else None
        if op.kind in ("product", "customer"):
            found = self.client.find_by_metadata(op.kind, KEY_FIELD, op.key)
            return found if isinstance(found, dict) else None
        if op.kind == "localized_price" and body:
            listing = self.client.send("GET", path, None, idempotent=True)
            items = listing.get("items", listing) if isinstance(listing, dict) else listing
            for item in items if isinstance(items, list) else []:
                if item.get("currency") == body.get("currency") and item.get("amount") == body.get(
                    "amount"
                ):
                    return dict(item)
        return None  # a checkout session cannot be looked up: Dodo has no list of them

    def existing(self, kinds: set[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        listers: dict[str, Callable[[], Iterable[dict[str, Any]]]] = {
            "product": self.client.iter_products,
            "discount": self.client.iter_discounts,
            "customer": self.client.iter_customers,
        }
        for kind in sorted(kinds & set(listers)):
            for obj in listers[kind]():
                key = (obj.get("metadata") or {}).get(KEY_FIELD)
                if isinstance(key, str):
                    found[key] = obj
                if kind == "discount" and isinstance(obj.get("code"), str):
                    found[f"code:{str(obj['code']).upper()}"] = obj
        return found
