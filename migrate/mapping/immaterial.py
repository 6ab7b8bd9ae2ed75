"""A choice that changes nothing on Dodo: its value settled before the run-time values are kept.

A field no rule carries at run time and whose value decides the charge (``capture_method``,
``trial_end``...) blocks when it is known only at run time (RT002): the Dodo call cannot say it.
A choice between literals there (``$delayed ? null : 'automatic'``, WordPress fluentform) is
known at run time only in which of its values it takes; when each of them translates to the
same Dodo call, and none blocks, which one the code takes does not matter on Dodo: the field is
translated as the first of them that is set, and RT043 says the choice was immaterial. A value
that blocks still blocks (RT002 names the choice, with its condition, as its source).

Each value is tried by translating the whole document with it in place (the other run-time
values as they are), so every rule that reads the field, or reads it with another one, has its
say. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, Final

from migrate.findings import Level
from migrate.mapping.cart import Translation
from migrate.mapping.expr import Expr, is_choice
from migrate.mapping.runtime import IMMATERIAL, blocks_any_value, decides_money, rule_at
from migrate.mapping.trace import Trace, short

MAX_CHOICES: Final = 8
"""At most so many choices are tried in one document (each value costs a translation)."""


def settle_immaterial(
    doc: dict[str, Any],
    subject: str,
    carried: Callable[[str], bool],
    translate: Callable[[dict[str, Any]], Translation],
    trace: Trace,
) -> dict[str, Any]:
    """``doc`` with each choice between literals that no rule carries, that would block, and
    whose every value gives the same Dodo call without a blocker, replaced by its first value
    that is set (RT043 at its path)."""
    tried = 0
    for path, keys, expr in list(choices_in(doc, "", ())):
        if tried >= MAX_CHOICES:
            break
        if carried(path) or not would_block(trace, subject, path):
            continue
        leaves = expr.leaves()
        if any(type(v) in (Expr, dict, list) for v in leaves) or len({repr(v) for v in leaves}) < 2:
            continue
        tried += 1
        results = [translate(with_leaf(doc, keys, leaf)) for leaf in leaves]
        if not _same(results, path):
            continue
        chosen = next((v for v in leaves if v is not None), None)
        doc = with_leaf(doc, keys, chosen)
        if _line_blocked(results[0], path):
            continue  # its line is not translated whatever the value: its blocker says why
        shown = "nothing" if chosen is None else repr(chosen)
        trace.emit(IMMATERIAL, path, path=path, source=short(expr.source), value=shown)
    return doc


_LINE: Final = re.compile(r"^line_items\[\d+\]")


def _line_blocked(result: Translation, path: str) -> bool:
    """Whether the list element ``path`` is in (``line_items[0]``) blocks elsewhere (its amount
    known only at run time, L114): a choice there is settled, but "translated as 'year'" would
    say of a line that is not translated at all."""
    line = _LINE.match(path)
    return line is not None and any(
        f.level is Level.BLOCKER and f.path.startswith(line.group(0)) for f in result.findings
    )


def would_block(trace: Trace, subject: str, path: str) -> bool:
    if decides_money(path):
        return True
    rule = rule_at(trace.table, subject, path)
    return rule is not None and blocks_any_value(rule)


def _same(results: list[Translation], path: str) -> bool:
    """Whether each translation gives the same Dodo call, blocked at the same places (what
    blocks one value alone would be lost with the other chosen), and none blocks at ``path``
    (or below it)."""
    first = results[0]
    blocked = _blockers(first)
    for result in results:
        if result.status != first.status or result.dodo != first.dodo:
            return False
        if _blockers(result) != blocked:
            return False
        for finding in result.findings:
            at = finding.path
            here = at == path or at.startswith(path + ".") or at.startswith(path + "[")
            if here and finding.level is Level.BLOCKER:
                return False
    return True


def _blockers(result: Translation) -> set[tuple[str, str]]:
    return {(f.code, f.path) for f in result.findings if f.level is Level.BLOCKER}


def choices_in(
    value: Any, path: str, keys: tuple[str | int, ...]
) -> Iterator[tuple[str, tuple[str | int, ...], Expr]]:
    """Each choice held by a dict key or a list element of ``value``, with its path."""
    if type(value) is dict:
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if is_choice(item):
                yield where, (*keys, key), item
            else:
                yield from choices_in(item, where, (*keys, key))
    elif type(value) is list:
        for index, item in enumerate(value):
            where = f"{path}[{index}]"
            if is_choice(item):
                yield where, (*keys, index), item
            else:
                yield from choices_in(item, where, (*keys, index))


def with_leaf(value: Any, keys: tuple[str | int, ...], leaf: Any) -> Any:
    """``value`` with ``leaf`` at ``keys`` (``None``: a dict key left out)."""
    head, rest = keys[0], keys[1:]
    if type(value) is dict:
        out = dict(value)
        if rest:
            out[head] = with_leaf(out[head], rest, leaf)
        elif leaf is None:
            del out[head]
        else:
            out[head] = leaf
        return out
    items = list(value)
    assert type(head) is int
    items[head] = with_leaf(items[head], rest, leaf) if rest else leaf
    return items
