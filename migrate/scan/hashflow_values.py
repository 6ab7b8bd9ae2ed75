"""The values the data follower of Ruby and PHP (``migrate/scan/hashflow.py``) works with:
the markers of a choice and a list made by mapping, the changes made to a bound name, the loop
around an append, and the helper or loop being read."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Literal, Protocol

from ast_grep_py import SgNode

from migrate.scan.extract import DYNAMIC, Dynamic, join, start
from migrate.scan.wrapper_locals import in_each

CHOICE: Final = "$choice"
EACH: Final = "$each"
IS_SET: Final = " is set"
IS_NOT_NULL: Final = " is not null"
"""Appended to an operand's source: the condition of a fallback (``a || 'x'``)."""


class _Missing:
    """No value: a parameter with no argument, a branch that does not assign a name."""


MISSING: Final = _Missing()
COMPUTED: Final = "\x00computed"
"""A key of an ``Effect`` known only at run time (``params[:metadata][ref_key] = v``): the
change is listed as a run-time value at the object it changes, never made at a made-up key."""

Op = Literal["set", "default", "append", "merge", "under", "delete"]


@dataclass(frozen=True, slots=True)
class Effect:
    """A change made to the value bound to a name: ``op`` at ``keys`` inside it (``()`` is the
    value itself), with the node giving the new value (None for a delete)."""

    op: Op
    keys: tuple[str, ...]
    value: SgNode | None
    node: SgNode
    """The statement (or expression) that makes the change."""
    target: SgNode
    """What it changes, as written (``$data['line_items']``, ``params[:metadata]``)."""


@dataclass(frozen=True, slots=True)
class Loop:
    """A loop around an append: what it iterates over and the element's name."""

    node: SgNode
    over: SgNode
    var: str


@dataclass(slots=True)
class Frame:
    """A helper being followed: its function node, and the caller's argument node (or the
    parameter's default) for each parameter name; None when there is neither."""

    function: SgNode
    args: dict[str, SgNode | None]
    unwritable: bool = False
    """Set when a value read in the helper cannot be written at the call (a local list)."""


@dataclass(slots=True)
class LoopFrame:
    """A loop whose appended element becomes the item of a mapped list: names bound in its
    body are out of reach of the map the suggestion writes, so they are written as what they
    hold; ``unwritable`` when one cannot be (then the list is a run-time value)."""

    loop: Loop
    unwritable: bool = False


def end(node: SgNode) -> int:
    return node.range().end.index


def inside(node: SgNode, container: SgNode) -> bool:
    return start(container) <= start(node) and end(node) <= end(container)


def is_marker(value: Any) -> bool:
    """A ``$dynamic`` marker of any form (opaque, ``$choice``, ``$each``)."""
    return type(value) is dict and next(iter(value), None) == DYNAMIC


def is_opaque(value: Any) -> bool:
    return is_marker(value) and len(value) == 1


def choice(cond: str, then: Any, else_: Any) -> dict[str, Any]:
    """A ``$choice`` marker; its ``$dynamic`` is filled in where it is used."""
    return {DYNAMIC: "", CHOICE: {"if": cond, "then": then, "else": else_}}


def each(over: str, var: str, item: Any) -> dict[str, Any]:
    """An ``$each`` marker; its ``$dynamic`` is filled in where it is used."""
    return {DYNAMIC: "", EACH: {"over": over, "as": var, "item": in_each(item, var)}}


def sourced(marker: dict[str, Any], source: str) -> dict[str, Any]:
    """``marker`` with ``source`` as its ``$dynamic``, and as that of the choices nested in its
    branches that have none yet (an ``elsif`` chain reads as the same expression)."""
    out = {DYNAMIC: source, **{k: v for k, v in marker.items() if k != DYNAMIC}}
    if CHOICE in out:
        branches = dict(out[CHOICE])
        for key in ("then", "else"):
            inner = branches[key]
            if is_marker(inner) and CHOICE in inner and not inner[DYNAMIC]:
                branches[key] = sourced(inner, source)
        out[CHOICE] = branches
    return out


_BARE: Final = re.compile(r"[\w$@:.?!\[\]'\"]+")
"""Source text that needs no parentheses where a name stood (``$order``, ``cart.items``)."""


def wrapped(text: str) -> str:
    flat = text.replace("->", ".").replace("::", ".")
    if _BARE.fullmatch(flat) or (flat.endswith(")") and _BARE.fullmatch(flat.split("(", 1)[0])):
        return text
    return f"({text})"


def fold(outcomes: list[tuple[str | None, Any]]) -> Any:
    """One value from ``(condition, value)`` outcomes in order, the last one the fallback
    (its condition, if any, left out): nested choices."""
    value = outcomes[-1][1]
    for cond, then in reversed(outcomes[:-1]):
        value = choice(cond or "", then, value)
    return value


def folded(outcomes: list[tuple[str | None, Any]]) -> Any:
    """As :func:`fold`; the value itself when every outcome is the same (a choice between
    equal values is none)."""
    first = outcomes[0][1]
    return first if all(v == first for _, v in outcomes) else fold(outcomes)


def spelled(
    value: Any, null: str, hash_text: Callable[[list[tuple[str, str]]], str] | None = None
) -> str | None:
    """``value`` as a Ruby or PHP expression (a choice as a ternary, which they share; ``null``
    the language's nil); None for a list built by mapping, and for a hash or an array unless
    ``hash_text`` writes a hash of its keys and values' texts."""
    if is_marker(value):
        if EACH in value:
            return None
        if CHOICE not in value:
            return str(value[DYNAMIC])
        branches = value[CHOICE]
        cond = branches["if"]
        parts = [branches["then"], branches["else"]]
        spelt = [spelled(part, null, hash_text) for part in parts]
        if None in spelt or cond.endswith(IS_SET):
            return None
        then, other = (
            str(t) if type(p) in (list, dict) and not is_marker(p) else wrapped(str(t))
            for p, t in zip(parts, spelt, strict=True)
        )
        return f"{wrapped(cond)} ? {then} : {other}"
    if type(value) is str:
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if type(value) is bool:
        return "true" if value else "false"
    if value is None:
        return null
    if type(value) in (int, float):
        return repr(value)
    if hash_text is not None and type(value) in (list, dict):
        items = list(value.items()) if type(value) is dict else list(enumerate(value))
        texts = [(str(k), spelled(v, null, hash_text)) for k, v in items]
        if any(t is None for _, t in texts):
            return None
        if type(value) is list:
            return "[" + ", ".join(str(t) for _, t in texts) + "]"
        return hash_text([(k, str(t)) for k, t in texts])
    return None


class _Speller(Protocol):
    dynamic: list[Dynamic]

    def spelled(self, value: Any, *, literals: bool = False) -> str | None: ...

    def keyed(self, target: SgNode, keys: tuple[str, ...], key: str) -> str: ...


def spread_into(into: dict[str, Any], value: Any, flow: _Speller, node: SgNode, path: str) -> bool:
    """Merge a choice between hashes (``$opts = [...]`` in both branches of an ``if``/``else``,
    each with the changes made after it) into ``into``, key by key: each key the choice between
    what the branches hold there (nothing in a branch without it), written as a ternary, else as
    the key of ``node`` (which holds it at the call). Its run-time values are recorded; False
    when ``value`` is no such choice."""
    added = _spread(value) if is_marker(value) else None
    if added is None:
        return False
    for key, got in list(added.items()):
        if is_marker(got) and CHOICE in got and not got[DYNAMIC]:
            text = flow.spelled(got, literals=True) or flow.keyed(node, (), key)
            added[key] = sourced(got, text)
        found = _markers(added[key], join(path, key))
        flow.dynamic.extend(d for d in found if d not in flow.dynamic)
    into.update(added)
    return True


def empty_lists(value: Any) -> None:
    """Each choice in ``value`` (nested in branches too) with an empty map facing a list made
    the empty list, in place: PHP's ``[]`` is both (``$c ? [['coupon' => $id]] : []``)."""
    if not (is_marker(value) and CHOICE in value):
        return
    branches = value[CHOICE]
    for one, other in (("then", "else"), ("else", "then")):
        empty_lists(branches[one])
        if type(branches[other]) is list and branches[one] == {}:
            branches[one] = []


def _spread(value: Any) -> dict[str, Any] | None:
    if value is None or isinstance(value, _Missing):
        return {}
    if type(value) is dict and not is_marker(value):
        return value
    if not (is_marker(value) and CHOICE in value):
        return None
    branches = value[CHOICE]
    then, other = _spread(branches["then"]), _spread(branches["else"])
    if then is None or other is None:
        return None
    out: dict[str, Any] = {}
    for key in dict.fromkeys([*then, *other]):
        a, b = then.get(key), other.get(key)
        out[key] = a if a == b else choice(branches["if"], a, b)
    return out


def _markers(value: Any, path: str) -> list[Dynamic]:
    """The run-time values in ``value`` (a marker whole), each at its path."""
    if is_marker(value):
        return [Dynamic(path, str(value[DYNAMIC]))]
    if type(value) is dict:
        return [d for k, v in value.items() for d in _markers(v, join(path, str(k)))]
    if type(value) is list:
        return [d for i, v in enumerate(value) for d in _markers(v, f"{path}[{i}]")]
    return []


def _walk(value: Any, keys: tuple[str, ...], *, create: bool, lists: bool = False) -> Any:
    """The dict at ``keys`` inside ``value`` (dicts made on the way when ``create``; a list
    is stepped into by index), or the list there when ``lists``; None when a step is neither
    (a marker: a run-time value)."""
    for key in keys:
        if type(value) is list and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
            continue
        if type(value) is not dict or is_marker(value):  # a run-time value: not a dict
            return None
        if key not in value and create:
            value[key] = {}
        value = value.get(key)
    if lists and type(value) is list:
        return value
    return value if type(value) is dict and not is_marker(value) else None


def put(container: Any, key: str, made: Callable[[], Any], *, default: bool = False) -> bool:
    """Set ``key`` of ``container`` to ``made()``: a dict's key, or a list's index (one past
    its end appends: ``lines[0] = {...}`` on ``[]``, Ruby's and PHP's arrays filled by index).
    ``default``: only when it has none. False when a list has no such place (a run-time
    value); True otherwise (a container that is neither takes nothing, as before)."""
    if type(container) is list and key.isdigit() and int(key) <= len(container):
        if int(key) == len(container):
            container.append(made())
        elif not default:
            container[int(key)] = made()
        return True
    if type(container) is list:
        return False
    if type(container) is dict and not (default and key in container):
        container[key] = made()
    return True


def under_marker(value: Any, keys: tuple[str, ...]) -> bool:
    """Whether the path ``keys`` into ``value`` meets a run-time value (a marker: a choice, a
    value only run time knows) on its way: a change there cannot be placed."""
    for key in keys:
        if is_marker(value):
            return True
        if type(value) is list and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        elif type(value) is dict:
            value = value.get(key)
        else:
            return False
    return is_marker(value)


def always(value: Any) -> Callable[[SgNode], Any]:
    """An outcome that is ``value`` in the branch that makes the change."""
    return lambda _: value


def path_within(path: str, where: str) -> bool:
    """Whether ``path`` is ``where`` or a path inside it."""
    return path == where or path.startswith((f"{where}.", f"{where}["))
