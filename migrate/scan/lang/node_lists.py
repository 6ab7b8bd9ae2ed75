"""Shapes of JavaScript/TypeScript code the Node reader (``node.py``) reads through.

* ``xs.map(fn).filter(Boolean)``: a shop's cart mapped, then compacted. When ``fn`` returns
  an object for every element, the filter keeps each one: the cart is the map's list, one line
  per element. A callback that may return nothing (``if (!item.price) return null``) leaves
  which elements stay to run time: not read through.
* ``lines.concat([shippingLine])``: the lists one after the other, as ``[...lines,
  shippingLine]`` is read (a shop's rows joined to a shipping or fee line).
* ``{...} as Stripe.Checkout.SessionCreateParams`` (or ``satisfies``): the value cast, not
  the member access the grammar makes of a cast to a qualified type name.
* An inline price's ``product_data`` holding a value the reader cannot follow (a callback's own
  list filled by ``push`` under ifs, joined into the description): a run-time value there, not
  the whole line's loss. A product's name, description and images never reach the Dodo call
  (RT001); the line's amount and currency do.
* ``JSON.parse(JSON.stringify(x))``: a deep copy of ``x``, read as ``x``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import (
    EACH,
    Dynamic,
    Extractor,
    arguments,
    dynamic_marker,
    join,
    joined_lists,
    text,
)
from migrate.scan.follow_base import Unfollowable

_DESCRIBES: Final = re.compile(r"(?:^|\.)product_data(?:$|\.)")
_TRUTHY: Final = re.compile(
    r"^(?:Boolean|\(?(?P<v>[A-Za-z_$][\w$]*)\)?=>(?:!!)?(?P=v)(?:!==?(?:null|undefined))?)$"
)
"""A filter keeping the truthy (or set) elements: ``Boolean``, ``(x) => x``, ``x => !!x``,
``(x) => x !== null`` (its text without spaces)."""


def compacted(
    callee: SgNode, args: list[SgNode], unwrap: Callable[[SgNode], SgNode], read: Callable[..., Any]
) -> Any:
    """The list ``callee(args)`` gives when it is ``xs.map(fn).filter(Boolean)`` and ``fn``
    returns an object for every element: the map's (``read``: how the reader reads the map
    call, at the list's path); None otherwise."""
    inner = callee.field("object")
    inner = unwrap(inner) if inner is not None else None
    if inner is None or inner.kind() != "call_expression":
        return None
    mapper = inner.field("function")
    if mapper is None or mapper.kind() != "member_expression":
        return None
    if text(mapper.field("property")) != "map":
        return None
    if len(args) != 1 or _TRUTHY.match("".join(args[0].text().split())) is None:
        return None
    got = read(inner)
    if type(got) is dict and EACH in got and type(got[EACH].get("item")) is dict:
        return got
    return None


def concatenated(
    over: SgNode | None, args: list[SgNode], evaluate: Callable[[SgNode], Any]
) -> list[Any] | None:
    """The list ``over.concat(args)`` gives when ``over`` and each argument are lists the reader
    reads (``evaluate``): their elements one after the other, a mapped list kept whole in place;
    None otherwise."""
    if over is None or not args:
        return None
    return joined_lists(evaluate(part) for part in [over, *args]) or None


def described(
    reader: Extractor,
    out: dict[str, Any],
    key: str,
    value: SgNode,
    *,
    path: str,
    spread: str = "",
) -> None:
    """``out[key]`` read from ``value`` by ``reader`` (with ``spread``: ``value`` merged in);
    in an inline price's ``product_data``, a value that cannot be followed is a run-time value
    there (an object spread whose keys are not known: the object as a whole)."""
    try:
        if spread:
            reader.merge(out, value, path, spread)
        else:
            reader.put(out, key, value, path)
    except Unfollowable:
        at = join(path, key) if key else path
        if _DESCRIBES.search(at) is None:
            raise
        if key:
            out[key] = dynamic_marker(value.text())
        else:
            reader.dynamic.append(Dynamic(path, spread))


_CASTS: Final = frozenset({"as_expression", "satisfies_expression"})


def qualified_cast(node: SgNode) -> SgNode | None:
    """The value cast in ``value as Stripe.Checkout.SessionCreateParams`` (or ``satisfies``):
    the grammar reads a cast to a qualified type name as a member access on the cast to its
    first part (``(value as Stripe).Checkout.SessionCreateParams``); None for any other node.
    Code cannot mean that access without parentheses, which make the object another node."""
    probe: SgNode | None = node
    while probe is not None and probe.kind() == "member_expression":
        prop = probe.field("property")
        if prop is None or prop.kind() != "property_identifier":
            return None
        probe = probe.field("object")
    if probe is None or probe is node or probe.kind() not in _CASTS:
        return None
    named = [c for c in probe.named_children() if c.kind() != "comment"]
    if len(named) != 2 or named[1].kind() not in ("type_identifier", "nested_type_identifier"):
        return None
    return named[0]


__all__ = ["compacted", "described", "qualified_cast"]


def json_copied(
    callee: SgNode, args: list[SgNode], unwrap: Callable[[SgNode], SgNode]
) -> SgNode | None:
    """``x`` of ``JSON.parse(JSON.stringify(x))``, a deep copy of it (as ``structuredClone(x)``);
    None for any other call."""
    if "".join(callee.text().split()) != "JSON.parse" or len(args) != 1:
        return None
    inner = unwrap(args[0])
    inner_callee = inner.field("function") if inner.kind() == "call_expression" else None
    if inner_callee is None or "".join(inner_callee.text().split()) != "JSON.stringify":
        return None
    copied = arguments(inner)
    return copied[0] if len(copied) == 1 else None
