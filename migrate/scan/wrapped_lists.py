"""A wrapper's list made of a parameter that holds one item or a list of them.

Wrappers that take "one line item or many" make a list of what their caller passes
(ActiveSupport's ``Array.wrap(line_items)``, Laravel's ``Arr::wrap($items)``, lodash's
``_.castArray(items)``). At a call with a literal, the list is known: the caller's literal list,
or its one literal item as a list of one (``migrate/scan/wrapper_args.py`` binds the caller's
arguments).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from migrate.scan.extract import DYNAMIC, OMIT

_WRAP: Final = re.compile(
    r"(?:Array\.wrap|\\?(?:Illuminate\\Support\\)?Arr::wrap|(?:_|lodash)\.castArray|castArray)"
    r"\(\s*(.+)\s*\)"
)


def wrapped_list(source: str, value_of: Callable[[str], tuple[Any] | None]) -> tuple[Any] | None:
    """The list ``source`` makes of a parameter (``value_of``: its value at the call, None when
    not known): the caller's literal list, or its one literal item in a list; None otherwise."""
    wrap = _WRAP.fullmatch(source.strip())
    got = value_of(wrap.group(1).strip()) if wrap is not None else None
    if got is None:
        return None
    value = got[0]
    if type(value) is list or value is OMIT:
        return (value,)
    return ([value],) if type(value) is dict and DYNAMIC not in value else None
