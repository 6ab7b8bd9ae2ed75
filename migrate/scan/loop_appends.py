"""A list a loop appends to in each branch of an ``if``: one line per element, chosen.

Go builds a cart by rebinding the list (``items = append(items, ...)``), once per branch::

    for _, l := range lines {
        if l.Kind == "price" {
            items = append(items, &stripe.CheckoutSessionLineItemParams{Price: ...})
        } else {
            items = append(items, &stripe.CheckoutSessionLineItemParams{PriceData: ...})
        }
    }

The reader of branches (``migrate/scan/flow.py``) read each append from the list as its branch
sees it (the other branch's append does not reach it in one turn), so the two appends read as two
different lists, a choice between them: the cart known only at run time (RT002, RT007). Each
append adds its elements to the list as it stands (:func:`appended`), one ``$each`` of the loop
per append, under its branch; two eaches of the same loop whose branches never both hold (the
``then`` and the ``else`` of one ``if``, an ``else if`` chain) are one each whose element is
the choice of the two lines (:func:`exclusive_eaches`), so each element of the collection gives
the line its branch gives, in order. Appends in two ``if``s that can both hold stay two eaches
(an element may give two lines).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from migrate.scan.extract import CHOICE, DYNAMIC, EACH, choice_marker

Render = Callable[[str, Any, Any], str]

_CLASH: Final = object()


def appended(current: Any, got: Any, count: int | None) -> list[Any] | None:
    """The elements an append of ``count`` elements made (the tail of ``got``, the list it
    returns) when ``current`` is the list as the appends before it left it; None when it is not
    such an append."""
    if count is None or count < 1 or type(current) is not list or type(got) is not list:
        return None
    if len(got) < count:
        return None
    return got[-count:]


def exclusive_eaches(items: list[Any], render: Render | None) -> list[Any]:
    """``items`` with each run of eaches over the same loop whose elements are chosen by
    branches that never both hold made one each of the choices overlaid."""
    out: list[Any] = []
    for item in items:
        if out and _each(item) and _each(out[-1]) and _same_loop(out[-1], item):
            merged = _overlay(out[-1][EACH]["item"], item[EACH]["item"], render)
            if merged is not _CLASH:
                out[-1] = {**out[-1], EACH: {**out[-1][EACH], "item": merged}}
                continue
        out.append(item)
    return out


def _each(value: Any) -> bool:
    return type(value) is dict and EACH in value and DYNAMIC in value


def _same_loop(a: dict[str, Any], b: dict[str, Any]) -> bool:
    one, two = a[EACH], b[EACH]
    return bool(a[DYNAMIC] == b[DYNAMIC] and one["over"] == two["over"] and one["as"] == two["as"])


def _choice(value: Any) -> bool:
    return type(value) is dict and CHOICE in value


def _overlay(a: Any, b: Any, render: Render | None) -> Any:
    """The element ``a`` gives where it is set and ``b`` where it is set; ``_CLASH`` when both
    can be set at once (the same branch, or conditions not of one ``if``)."""
    if a is None:
        return b
    if b is None:
        return a
    if not (_choice(a) and _choice(b)) or a[CHOICE]["if"] != b[CHOICE]["if"]:
        return _CLASH
    cond = a[CHOICE]["if"]
    then = _overlay(a[CHOICE]["then"], b[CHOICE]["then"], render)
    else_ = _overlay(a[CHOICE]["else"], b[CHOICE]["else"], render)
    if then is _CLASH or else_ is _CLASH:
        return _CLASH
    source = render(cond, then, else_) if render is not None else str(a[DYNAMIC])
    return choice_marker(source, cond, then, else_)
