"""One planned operation: what ``plan`` writes and ``apply`` carries out."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from migrate.findings import Finding, Level

Action = Literal["create", "adopt", "skip", "manual"]
Kind = Literal["product", "localized_price", "discount", "customer"]


class Operation(NamedTuple):
    """One step of the plan. ``dodo_id`` is the placeholder a create will replace, the existing
    id an adopt records, or the id a skipped duplicate maps to."""

    key: str
    action: Action
    kind: Kind
    stripe_id: str
    dodo_id: str | None
    request: dict[str, Any] | None
    depends_on: tuple[str, ...]
    findings: tuple[Finding, ...]
    title: str
    charge: dict[str, Any] | None = None

    @property
    def level(self) -> Level | None:
        if not self.findings:
            return None
        return max((f.level for f in self.findings), key=lambda lv: lv.rank)

    def as_dict(self) -> dict[str, Any]:
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
        level = self.level
        out["level"] = level.value if level else None
        out["findings"] = [f.as_dict() for f in self.findings]
        return out
