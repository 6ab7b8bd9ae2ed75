"""An entry of a local hash read by a literal key, in the languages whose params are hashes built
over statements (PHP ``$base['mode']``, ``$plans[0]``; Ruby ``base[:mode]``, ``base["mode"]``).

The readers of Python and JavaScript read ``base["mode"]`` and ``base.mode`` through the
dict the name holds; PHP and Ruby read the key of a local array or hash as a run-time value
(``$base['mode']`` in the Dodo call, its literal unknown: a price id not inlined, a ``mode``
taken as chosen at run time, ``$args['metadata'] = array_merge($args['metadata'], [...])``
naming ``$args`` at a wrapper's callers, where it is defined nowhere). The entry is read when the
holder is a local name or a constant (or an entry of one, key by key), or a property or
instance variable the class sets once to a literal (``$this->config['prices']['pro']``,
``@config[:prices][:pro]``: ``class_literals.py``) whose value the reader knows at the read
(with the changes made to it before), each key is a literal (or a name bound to one) and the entry
holds no run-time value.
"""

from __future__ import annotations

import copy
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.hashflow import Flow
from migrate.scan.hashflow_values import is_marker
from migrate.scan.lang.class_literals import PROPERTIES, class_literal
from migrate.scan.nodes import is_comment

_HOLDERS: Final = frozenset(
    {"variable_name", "identifier"}  # a local
    | {"class_constant_access_expression", "constant", "scope_resolution"}  # a constant
)
"""A local's name or a constant (``self::PRICES``, ``PRICES``, ``Billing::PRICES``), not
``$this->x`` or ``@x`` (read when the class sets it once: ``class_literals.py``) nor a call."""


def entry_read(flow: Flow, node: SgNode, path: str) -> tuple[Any] | None:
    """The literal entry ``node`` (a PHP ``subscript_expression`` or a Ruby
    ``element_reference``, of a local or of an entry of one: ``$config['stripe']['price']``)
    reads; None when the reader cannot tell it."""
    keys: list[SgNode] = []
    holder: SgNode | None = node
    while holder is not None and holder.kind() == node.kind():
        split = _split(holder)
        if split is None:
            return None
        holder, key = split
        keys.insert(0, key)
    if holder is None:
        return None
    if holder.kind() in PROPERTIES:  # $this->config, @config: a literal the class sets once
        literal = class_literal(holder)
        if literal is None:
            return None
        holder = literal
    elif holder.kind() not in _HOLDERS:
        return None
    entry: Any = flow.branch(holder, path)
    for key_node in keys:
        key = flow.branch(key_node, "")
        if type(entry) is dict and not is_marker(entry) and type(key) in (str, int):
            entry = entry.get(str(key), _ABSENT)
        elif type(entry) is list and type(key) is int and 0 <= key < len(entry):
            entry = entry[key]
        else:
            return None
    if entry is _ABSENT or _run_time(entry):
        return None
    return (copy.deepcopy(entry),)


def _split(node: SgNode) -> tuple[SgNode | None, SgNode] | None:
    """The holder and the one key of an entry read; None for another shape (PHP's ``$a[]``)."""
    if node.kind() == "subscript_expression":
        parts = [c for c in node.named_children() if not is_comment(c)]
        return (parts[0], parts[1]) if len(parts) == 2 else None
    holder = node.field("object")
    keys = [c for c in node.named_children() if c != holder and not is_comment(c)]
    return (holder, keys[0]) if len(keys) == 1 else None


_ABSENT: Final = object()


def _run_time(value: Any) -> bool:
    """Whether ``value`` is or holds a run-time marker."""
    if type(value) is dict:
        return is_marker(value) or any(_run_time(v) for v in value.values())
    if type(value) is list:
        return any(_run_time(v) for v in value)
    return False
