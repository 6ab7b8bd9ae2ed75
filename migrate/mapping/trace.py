"""The trace of one translation: findings and the fate of every Stripe field.

Both the normaliser and the mapper write into one ``Trace``; rules are looked up by code in the
mapping table, so every message and level comes from ``mappings/``.
"""

from __future__ import annotations

from typing import Any

from migrate.findings import Finding, Level, Outcome
from migrate.mapping.expr import is_expr
from migrate.mapping.table import Rule, RuleTable, uncommented


def short(value: Any, limit: int = 60) -> str:
    """A one-line, bounded rendering of a value for messages (a value known only at run time:
    its source text)."""
    if is_expr(value):
        value = value.source
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(uncommented(text).split())  # a comment would run on over the code
    return text if len(text) <= limit else text[: limit - 3] + "..."


_TEXTS: dict[tuple[Any, ...], tuple[str, str]] = {}
"""A finding's filled-in message and suggestion, per templates and details: most findings of a
run repeat (the same rule, the same values), and filling a template is not free. The key holds
each detail's type too (``True``, ``1`` and ``1.0`` are equal keys but read differently)."""
_TEXTS_MAX = 16_384


def _texts(rule: Rule, details: dict[str, Any]) -> tuple[str, str]:
    key: tuple[Any, ...] = (rule.summary, rule.suggestion)
    for name, value in details.items():
        key += (name, value.__class__, value)
    try:
        found = _TEXTS.get(key)
    except TypeError:  # a detail that cannot be hashed: fill it in every time
        return rule.message(**details), rule.advice(**details)
    if found is None:
        found = rule.message(**details), rule.advice(**details)
        if len(_TEXTS) >= _TEXTS_MAX:
            _TEXTS.clear()
        _TEXTS[key] = found
    return found


class Trace:
    """Collects findings and field outcomes. ``prefix`` is prepended to every path (e.g. the
    ``data.object`` of a webhook event), so paths point into the document as read."""

    __slots__ = ("fields", "findings", "prefix", "table")

    def __init__(self, table: RuleTable, prefix: str = "") -> None:
        self.table = table
        self.prefix = prefix
        self.findings: list[Finding] = []
        self.fields: dict[str, tuple[Outcome, str]] = {}

    def where(self, path: str) -> str:
        if not self.prefix:
            return path
        return f"{self.prefix}.{path}" if path else self.prefix

    def emit(self, code: str, path: str, /, **details: Any) -> Rule:
        """Record the finding of rule ``code`` at ``path``; details fill its message."""
        rule = self.table.by_code[code]
        level = self.table.levels[code] or Level.INFO
        message, suggestion = _texts(rule, details)
        self.findings.append(Finding(code, level, self.where(path), message, suggestion))
        return rule

    def field(self, path: str, outcome: Outcome, code: str) -> None:
        """Record what became of the Stripe field at ``path``."""
        self.fields[self.where(path) if self.prefix else path] = (outcome, code)
