"""Stripe webhook event types and their Dodo counterparts, from ``mappings/_webhooks.yaml``."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from migrate.errors import RuleTableError
from migrate.findings import Level

Match = Literal["exact", "approximate", "none"]


class EventMapping(BaseModel):
    """What a Dodo integration listens to instead of one Stripe event type."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stripe: str
    dodo: tuple[str, ...]
    match: Match
    note: str

    @property
    def level(self) -> Level:
        """A finding's level: info when a Dodo event says the same thing, else a warning."""
        return Level.INFO if self.match == "exact" else Level.WARNING

    def describe(self) -> str:
        if not self.dodo:
            return "no Dodo event"
        return " / ".join(self.dodo)


@functools.cache
def load_events() -> dict[str, EventMapping]:
    """Every Stripe event type the table knows, by name."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = resources.files("mappings").joinpath("_webhooks.yaml").read_text(encoding="utf-8")
    doc = yaml.load(raw, Loader=loader)
    out: dict[str, EventMapping] = {}
    for name, entry in (doc.get("events") or {}).items():
        try:
            out[name] = EventMapping.model_validate({"stripe": name, **entry})
        except (ValidationError, TypeError) as exc:
            raise RuleTableError(f"mappings/_webhooks.yaml: {name}: {exc}") from exc
    return out


def squashed(name: str) -> str:
    """An event name with dots, underscores and case removed, to compare with SDK constant
    names (``CheckoutSessionCompleted``)."""
    return name.replace(".", "").replace("_", "").lower()


@functools.cache
def by_squashed() -> dict[str, EventMapping]:
    return {squashed(name): entry for name, entry in load_events().items()}
