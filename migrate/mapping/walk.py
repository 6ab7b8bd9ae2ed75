"""The field walker shared by every mapping: visit each field of a Stripe object with the rule
declared for its path, so that every field ends with an outcome."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from migrate.mapping.table import Rule

Visit = Callable[[Rule, str, Any], None]
Unknown = Callable[[str, Any], None]


def unset(value: Any) -> bool:
    """None, empty, ``{"enabled": false, ...}`` and all-null objects mean "not set" in Stripe."""
    if value is None or value in ({}, []):
        return True
    if type(value) is dict:
        if value.get("enabled") is False:
            return True
        return all(v is None for v in value.values())
    return False


def walk(
    node: Mapping[str, Any], rules: Mapping[str, Any], prefix: str, visit: Visit, unknown: Unknown
) -> None:
    """Call ``visit(rule, path, value)`` for every set field of ``node`` that has a rule, and
    ``unknown(path, value)`` for fields no rule covers. ``rules`` is a rule-table tree."""
    for key, value in node.items():
        if key.startswith("_") or unset(value):
            continue
        path = f"{prefix}.{key}" if prefix else key
        target = rules.get(key)
        if type(target) is Rule:
            visit(target, path, value)
        elif target is not None and type(value) is dict:
            walk(value, target, path, visit, unknown)
        elif target is not None and type(value) is list and "[]" in target:
            element_rules = target["[]"]
            for i, item in enumerate(value):
                if type(item) is dict:
                    walk(item, element_rules, f"{path}[{i}]", visit, unknown)
        else:
            unknown(path, value)
