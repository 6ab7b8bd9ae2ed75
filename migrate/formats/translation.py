"""Formats of ``stripe2dodo translate``: json, jsonl, text.

A renderer streams: ``start()`` once, ``item()`` per translation, ``end(summary)`` once, so memory
stays flat however many payloads are translated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple, Protocol

from migrate import __version__
from migrate.findings import Level
from migrate.mapping.expr import json_view
from migrate.mapping.lifecycle import kind_text
from migrate.mapping.money import format_amount, per_interval
from migrate.mapping.translate import Translation

SCHEMA_VERSION = 1


class Format(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    TEXT = "text"


class Outline(NamedTuple):
    """What the run needs to know of one rendered result (so results can be rendered in
    worker processes and only this travels back)."""

    status: str
    label: str
    error: str | None
    levels: tuple[int, int, int]
    money: str | None

    @classmethod
    def of(cls, result: Translation) -> Outline:
        counts = [0, 0, 0]
        for finding in result.findings:
            counts[finding.level.rank] += 1
        money = str(result.money.get("status")) if result.money is not None else None
        return cls(
            result.status,
            result.source.label(),
            result.error,
            (counts[0], counts[1], counts[2]),
            money,
        )


@dataclass
class Summary:
    """Counts over a whole run; what the exit code is computed from."""

    items: int = 0
    translated: int = 0
    skipped: int = 0
    errors: int = 0
    levels: dict[str, int] = field(default_factory=lambda: {lv.value: 0 for lv in Level})
    money: dict[str, int] = field(default_factory=dict)

    def add(self, outline: Outline) -> None:
        self.items += 1
        if outline.status == "translated":
            self.translated += 1
        elif outline.status == "skipped":
            self.skipped += 1
        else:
            self.errors += 1
        for level, count in zip(Level, outline.levels, strict=True):
            self.levels[level.value] += count
        if outline.money is not None:
            self.money[outline.money] = self.money.get(outline.money, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "translated": self.translated,
            "skipped": self.skipped,
            "errors": self.errors,
            "findings": dict(self.levels),
            "money": dict(sorted(self.money.items())),
        }


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(value: Any, *, indent: int | None = None) -> str:
    return json.dumps(value, default=_default, ensure_ascii=False, indent=indent)


class Renderer(Protocol):
    """``item`` is stateless (it may run in a worker process); the caller writes
    ``separator`` between items."""

    separator: str

    def start(self) -> str: ...
    def item(self, result: Translation) -> str: ...
    def end(self, summary: Summary) -> str: ...


class JsonLinesRenderer:
    """One JSON object per input item, one per line; no header or footer."""

    separator = ""

    def __init__(self, *, full: bool = False) -> None:
        self.full = full

    def start(self) -> str:
        return ""

    def item(self, result: Translation) -> str:
        return dumps(result.as_dict(full=self.full)) + "\n"

    def end(self, summary: Summary) -> str:
        return ""


class JsonRenderer:
    """One JSON document: ``{"schema", "tool", "results": [...], "summary"}``, written
    incrementally."""

    separator = ",\n"

    def __init__(self, *, full: bool = False) -> None:
        self.full = full

    def start(self) -> str:
        head = {
            "schema": f"stripe2dodo.translate/v{SCHEMA_VERSION}",
            "tool": f"stripe2dodo {__version__}",
        }
        return dumps(head)[:-1] + ', "results": [\n'

    def item(self, result: Translation) -> str:
        return dumps(result.as_dict(full=self.full), indent=2)

    def end(self, summary: Summary) -> str:
        return '\n], "summary": ' + dumps(summary.as_dict(), indent=2) + "}\n"


_MARK = {Level.INFO: "info", Level.WARNING: "WARN", Level.BLOCKER: "BLOCK"}


class TextRenderer:
    """A readable listing for people: per item the status, the body and the findings."""

    separator = ""

    def __init__(self, *, verbose: bool = False) -> None:
        self.verbose = verbose

    def start(self) -> str:
        return ""

    def item(self, result: Translation) -> str:
        label = result.source.label()
        if result.status == "skipped" and not self.verbose:
            reason = result.findings[0].message if result.findings else "not a checkout payload"
            return f"== {label}: skipped: {reason}\n"
        lines = [f"== {label}: {result.status}"]
        if result.error:
            lines.append(f"   error: {result.error}")
        if result.request is not None:
            method, path = result.request
            lines.append(f"   dodo call: {method} {path} ({kind_text(result.kind)})")
        if result.dodo is not None:
            body = dumps(json_view(result.dodo), indent=2).replace("\n", "\n   ")
            lines.append(f"   dodo body: {body}")
        if result.fallback is not None:
            body = dumps(json_view(result.fallback), indent=2).replace("\n", "\n   ")
            lines.append(f"   fallback (no saved method): {body}")
        for req in result.requires:
            lines.append(f"   requires {req.get('kind')}: {req['id']} ({_req_text(req)})")
        if result.money is not None and result.money.get("status") not in (None, "none"):
            lines.append(f"   money: {result.money['status']}")
        for f in result.findings:
            if f.level is Level.INFO and not self.verbose:
                continue
            where = f" at {f.path}" if f.path else ""
            lines.append(f"   [{_MARK[f.level]}] {f.code}{where}: {f.message}")
            if f.suggestion and f.level is not Level.INFO:
                lines.append(f"          -> {f.suggestion}")
        hidden = sum(1 for f in result.findings if f.level is Level.INFO)
        if hidden and not self.verbose:
            lines.append(f"   ({hidden} info finding(s); --verbose shows them)")
        return "\n".join(lines) + "\n\n"

    def end(self, summary: Summary) -> str:
        lv = summary.levels
        return (
            f"{summary.items} item(s): {summary.translated} translated, {summary.skipped} skipped, "
            f"{summary.errors} unreadable; findings: {lv['blocker']} blocker, "
            f"{lv['warning']} warning, "
            f"{lv['info']} info\n"
        )


def _req_text(req: dict[str, Any]) -> str:
    product = req.get("product")
    if isinstance(product, dict):
        price = product.get("price", {})
        amount, currency = price.get("price"), price.get("currency")
        if isinstance(amount, int) and isinstance(currency, str):
            money = format_amount(amount, currency)  # major units, as people read money
        else:
            money = f"{amount} {currency}"
        every = price.get("payment_frequency_interval")
        count = price.get("payment_frequency_count")
        when = per_interval(str(every), count if isinstance(count, int) else 1) if every else ""
        return f"{product.get('name')}, {money}{when or ' one-time'}"
    stripe = next(
        (req[k] for k in ("stripe", "stripe_id", "stripe_customer", "stripe_item") if req.get(k)),
        None,
    )
    return f"from {stripe}"


def renderer_for(fmt: Format, *, verbose: bool = False, full: bool = False) -> Renderer:
    """The renderer of a format (exhaustive over ``Format``)."""
    match fmt:
        case Format.JSON:
            return JsonRenderer(full=full)
        case Format.JSONL:
            return JsonLinesRenderer(full=full)
        case Format.TEXT:
            return TextRenderer(verbose=verbose)
