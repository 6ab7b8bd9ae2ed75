"""One operation, one type: what the planner yields, what the plan file writes and reads back,
and what ``apply`` carries out, for the catalog (products, localized prices, discounts,
customers) and for checkout sessions (``sessions create``) alike.

A create names the objects it needs by their *placeholder* (``PLACEHOLDER``, e.g.
``s2d_pdt_<20 hex>``): the Dodo id the plan gives an object until apply has made it and the
ledger knows its real id. ``resolve_placeholders`` is the one place they are replaced.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypedDict

from migrate.findings import Finding, Level

Action = Literal["create", "adopt", "skip", "manual"]
CatalogKind = Literal["product", "localized_price", "discount", "customer"]
Kind = Literal["product", "localized_price", "discount", "customer", "checkout_session"]
ACTIONS: tuple[Action, ...] = typing.get_args(Action)
CATALOG_KINDS: tuple[CatalogKind, ...] = typing.get_args(CatalogKind)
"""The kinds a catalog plan file holds; a subscribers plan (``subscribers plan``) also holds
checkout sessions, one per subscriber."""
KINDS: tuple[Kind, ...] = typing.get_args(Kind)

PLACEHOLDER = re.compile(r"s2d_[a-z]+_[0-9a-f]{20}")
"""A planned object's Dodo id until apply replaces it with the real one."""


class Request(TypedDict):
    """The one request a create sends."""

    method: str
    path: str
    body: dict[str, Any]


@dataclass(frozen=True)
class Operation:
    """One step. ``dodo_id`` is the placeholder a create will replace, the existing id an adopt
    records, or the id a skipped duplicate maps to; ``request`` is what a create sends (None for
    the other actions); ``charge`` what a product charges (the money check compares carts with
    it)."""

    key: str
    action: Action
    kind: Kind
    stripe_id: str
    dodo_id: str | None
    request: Request | None
    depends_on: tuple[str, ...]
    findings: tuple[Finding, ...]
    title: str
    charge: dict[str, Any] | None = None
    subscriber: dict[str, Any] | None = None
    """A subscriber's checkout: who (email, name, Stripe customer), Stripe's period end, the
    trial days, the reference instant they are counted from and when a link is on time
    (``send_from``, ``send_until``, unix seconds; absent: any time)."""

    @property
    def level(self) -> Level | None:
        """The highest level of the findings (None without findings)."""
        if not self.findings:
            return None
        return max((f.level for f in self.findings), key=lambda lv: lv.rank)

    @property
    def own(self) -> frozenset[str]:
        """The placeholders that name this operation itself, not an object it needs: its Dodo
        id's and those in its key (an inline product per currency is keyed by the currency key,
        ``product:inline:s2d_pdt_....EUR``), which its metadata key repeats."""
        named = PLACEHOLDER.findall(self.key)
        return frozenset([*named, self.dodo_id] if self.dodo_id else named)

    @property
    def body(self) -> dict[str, Any] | None:
        return self.request["body"] if self.request is not None else None

    @property
    def code(self) -> str | None:
        """A discount's code (what checkouts apply, and how Dodo finds it again)."""
        body = self.body
        return str(body["code"]) if self.kind == "discount" and body and "code" in body else None

    @property
    def reason(self) -> str | None:
        """For a manual operation: what a person must do, from its blocker findings (without
        one, its warnings: a decision), on one line; None for the other actions."""
        if self.action != "manual":
            return None
        blockers = [f"{f.code}: {f.message}" for f in self.findings if f.level is Level.BLOCKER]
        warnings = [f"{f.code}: {f.message}" for f in self.findings if f.level is Level.WARNING]
        text = (
            "; ".join(blockers or warnings)
            or "the plan leaves it to a person (no blocker is recorded)"
        )
        return " ".join(text.split())

    def as_dict(self) -> dict[str, Any]:
        """The operation as the plan file writes it (``from_dict`` reads it back)."""
        out: dict[str, Any] = {
            "key": self.key,
            "action": self.action,
            "kind": self.kind,
            "stripe_id": self.stripe_id,
            "title": self.title,
        }
        if self.dodo_id is not None:
            out["dodo_id"] = self.dodo_id
        if self.request is not None:
            out["request"] = self.request
        if self.depends_on:
            out["depends_on"] = list(self.depends_on)
        if self.charge is not None:
            out["charge"] = self.charge
        if self.subscriber is not None:
            out["subscriber"] = self.subscriber
        level = self.level
        out["level"] = level.value if level else None
        out["findings"] = [f.as_dict() for f in self.findings]
        return out

    @classmethod
    def from_dict(cls, op: Mapping[str, Any]) -> Operation:
        """An operation from its plan-file form. The form must have passed
        ``migrate.plan.planfile.check_operations`` (``read_plan`` does both); ``level`` is
        derived from the findings, not read."""
        request = op.get("request")
        return cls(
            key=op["key"],
            action=op["action"],
            kind=op["kind"],
            stripe_id=op.get("stripe_id") or "",
            dodo_id=op.get("dodo_id"),
            request=Request(method=request["method"], path=request["path"], body=request["body"])
            if isinstance(request, dict)
            else None,
            depends_on=tuple(op.get("depends_on") or ()),
            findings=tuple(
                Finding(
                    f["code"],
                    Level(f["level"]),
                    f.get("path") or "",
                    f["message"],
                    f.get("suggestion") or "",
                )
                for f in op.get("findings") or ()
            ),
            title=op.get("title") or "",
            charge=op.get("charge"),
            subscriber=op.get("subscriber"),
        )


def resolve_placeholders(
    value: Any, real_id: Callable[[str], str | None], *, own: Collection[str] = ()
) -> tuple[Any, list[str]]:
    """``value`` (a path, a body) with every placeholder replaced by ``real_id(placeholder)``,
    and the placeholders it knows no id for (left as they are). ``own``, an operation's own
    placeholders (:attr:`Operation.own`: inside its metadata key), are never replaced."""
    missing: list[str] = []

    def swap(match: re.Match[str]) -> str:
        found = match.group()
        if found in own:
            return found
        real = real_id(found)
        if real is None:
            missing.append(found)
            return found
        return real

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return PLACEHOLDER.sub(swap, item)
        if isinstance(item, list):
            return [walk(v) for v in item]
        if isinstance(item, dict):
            return {k: walk(v) for k, v in item.items()}
        return item

    return walk(value), missing
