"""The field walker shared by every mapping: visit each field of a Stripe document with the rule
declared for its path, so that every field ends with an outcome.

One way to apply a rule (:func:`apply_rule`) for every subject: checkout sessions, the calls
around Checkout and catalog objects. A rule's transform (``TRANSFORMS``) writes into the state
being built (a cart, a draft) and may decide the outcome; otherwise the rule's own outcome
stands and its finding, if it has a level, is emitted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from migrate.findings import Outcome
from migrate.mapping.rule_types import Subject
from migrate.mapping.table import OBJECT_SUBJECTS, TRANSFORMS, UNKNOWN, WHOLE, Rule
from migrate.mapping.trace import Trace, short

Visit = Callable[[Rule, str, Any], None]
Unknown = Callable[[str, Any], None]


class Walked(Protocol):
    """What a walk writes into: a cart or a draft, with the trace of its findings."""

    @property
    def trace(self) -> Trace: ...


def unset(value: Any) -> bool:
    """None, empty, ``{"enabled": false, ...}`` and all-null objects mean "not set" in Stripe."""
    if value is None:
        return True
    kind = type(value)
    if kind is dict:
        if not value or value.get("enabled") is False:
            return True
        return all(v is None for v in value.values())
    if kind is list:
        return not value
    return value in ({}, [])  # a dict or list subclass


def walk(
    node: Mapping[str, Any], rules: Mapping[str, Any], prefix: str, visit: Visit, unknown: Unknown
) -> None:
    """Call ``visit(rule, path, value)`` for every set field of ``node`` that has a rule, and
    ``unknown(path, value)`` for fields no rule covers. ``rules`` is a rule-table tree."""
    for key, value in node.items():
        kind = value.__class__
        if key.startswith("_") or (kind is not str and kind is not int and unset(value)):
            continue  # (a str or an int is always set: the call is saved for most leaves)
        path = f"{prefix}.{key}" if prefix else key
        target = rules.get(key)
        if type(target) is Rule:
            visit(target, path, value)
        elif target is not None and type(value) is dict:
            walk(value, target, path, visit, unknown)
        elif target is not None and type(value) is list and "[]" in target:
            element_rules = target["[]"]
            whole = element_rules.get(WHOLE) if type(element_rules) is dict else None
            for i, item in enumerate(value):
                if type(item) is dict:
                    walk(item, element_rules, f"{path}[{i}]", visit, unknown)
                elif whole is not None:  # an element known only at run time
                    visit(whole, f"{path}[{i}]", item)
        elif target is not None and type(target.get(WHOLE)) is Rule:
            visit(target[WHOLE], path, value)  # the whole value, known only at run time
        else:
            unknown(path, value)


def apply_rule(state: Walked, rule: Rule, path: str, value: Any) -> Outcome:
    """Apply ``rule`` to the Stripe ``value`` at ``path``: run its transform, if it names one,
    on ``state``; when the transform leaves the outcome to the rule (or there is none), the
    rule's outcome stands and its finding is emitted (when it has a level). The field's fate
    is recorded in the trace, and returned."""
    trace = state.trace
    outcome = None
    if rule.transform is not None:
        outcome = _TRANSFORMS[rule.subject][rule.transform](state, rule, path, value)
    if outcome is None:
        assert rule.outcome is not None
        outcome = rule.outcome
        if trace.table.levels[rule.code] is not None:
            wanted = "{value}" in rule.summary or "{value}" in rule.suggestion
            trace.emit(rule.code, path, value=short(value) if wanted else "", path=path)
    trace.field(path, outcome, rule.code)
    return outcome


_TRANSFORMS = TRANSFORMS._by_subject
"""The registry's transforms by subject and name (what ``TRANSFORMS.get`` looks up)."""


def walk_rules(state: Walked, node: Mapping[str, Any], subject: Subject, prefix: str = "") -> bool:
    """Apply to every set field of ``node`` (a ``subject`` document; ``prefix`` is where it
    sits in what was read) the rule declared for its path. A field no rule covers is, in a
    Stripe object (catalog or subscription), one of the fields its ``recorded`` rules name;
    otherwise it is dropped with the subject's unknown-field rule (``UNKNOWN``). Says whether
    a field ended blocked."""
    trace = state.trace
    table = trace.table
    recorded = table.state_fields[subject] if subject in OBJECT_SUBJECTS else {}
    unknown_code = UNKNOWN[subject]
    blocked = False

    def visit(rule: Rule, path: str, value: Any) -> None:
        nonlocal blocked
        if apply_rule(state, rule, path, value) is Outcome.BLOCKED:
            blocked = True

    def unknown(path: str, value: Any) -> None:
        name = path.removeprefix(f"{prefix}.") if prefix else path
        rule = recorded.get(name)
        if rule is not None:
            assert rule.outcome is not None
            if table.levels[rule.code] is not None:
                trace.emit(rule.code, path, field=name)
            trace.field(path, rule.outcome, rule.code)
        else:
            trace.emit(unknown_code, path, path=path)
            trace.field(path, Outcome.DROPPED, unknown_code)

    walk(node, table.trees[subject], prefix, visit, unknown)
    return blocked
