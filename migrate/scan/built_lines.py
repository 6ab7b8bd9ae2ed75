"""Line items a loop builds from a value it awaits per element, mapped from the built list.

The most common cart of a real shop route reads each product before it adds its line::

    const lineItems = [];
    for (const item of cart) {
      const product = await Product.findById(item.id);
      lineItems.push({ price_data: { currency: "usd", unit_amount: product.price * 100, ... },
                       quantity: item.qty });
    }
    await stripe.checkout.sessions.create({ line_items: lineItems, ... });

The list reads as the cart mapped (``$each`` over ``cart``), but its values come from a local
that awaits a call: written into the Dodo call, the lookup would run again, so each was a
``$local`` value and the cart was blocked (RT002, RT007). The list itself is built by then, and
its elements have the shape the loop writes: the Dodo cart is that list mapped, each value read
from the element the loop built (``line.price_data.unit_amount``, ``line.quantity``), the
literals of the shape (its currency, its recurrence) as written. Nothing runs twice, and each
line charges what the Stripe line would. Only a list the call names (``line_items: lineItems``)
built by that one loop is read so; a shape with a per-element choice of structure, a nested
list or a spread stays as it was. (JavaScript and TypeScript: Python's reader gives such a loop's
list as one value known at run time, RT015.)
"""

from __future__ import annotations

import re
from typing import Any, Final

from migrate.scan.extract import CHOICE, DYNAMIC, EACH, LOCAL, dynamic_marker, each_marker

_NAME: Final = re.compile(r"[A-Za-z_$][\w$]*")
_FAMILIES: Final = frozenset({"node"})


def from_built_list(params: dict[str, Any], family: str) -> dict[str, Any]:
    """``params`` with its ``line_items`` read from the list the code built, when that list's
    elements hold values awaited per element (see the module); ``params`` otherwise."""
    lines = params.get("line_items")
    if family not in _FAMILIES or type(lines) is not dict or EACH not in lines:
        return params
    name = str(lines.get(DYNAMIC, ""))
    each = lines[EACH]
    if not _NAME.fullmatch(name) or type(each) is not dict or not _awaited(each.get("item")):
        return params
    var = "line" if name != "line" else "built"
    item = _read_from(each.get("item"), var, (), family)
    if item is None:
        return params
    return {**params, "line_items": each_marker(name, name, var, item)}


def _awaited(value: Any) -> bool:
    if type(value) is dict:
        return bool(value.get(LOCAL)) or any(_awaited(v) for v in value.values())
    if type(value) is list:
        return any(_awaited(v) for v in value)
    return False


def _read_from(value: Any, var: str, keys: tuple[str, ...], family: str) -> Any:
    """The element shape ``value`` (at ``keys`` in the element) with each run-time value read
    from the built element ``var``; None when a part cannot be read so."""
    if type(value) is dict and DYNAMIC in value:
        if EACH in value or (type(value.get(CHOICE)) is dict and _structured(value[CHOICE])):
            return None  # a nested list, a choice between shapes: not one path per value
        return dynamic_marker(_access(var, keys, family))
    if type(value) is dict:
        out: dict[str, Any] = {}
        for key, inner in value.items():
            if key.startswith("$"):
                return None
            read = _read_from(inner, var, (*keys, str(key)), family)
            if read is None:
                return None
            out[key] = read
        return out
    if type(value) is list:
        return value if not any(type(v) in (dict, list) for v in value) else None
    return value


def _structured(choice: dict[str, Any]) -> bool:
    return any(type(v) in (dict, list) and DYNAMIC not in v for v in choice.values())


def _access(var: str, keys: tuple[str, ...], family: str) -> str:
    return var + "".join(f".{k}" if _NAME.fullmatch(k) else f"[{k!r}]" for k in keys)


__all__ = ["from_built_list"]
