"""A wrapper's parameter defaults as values (``migrate/scan/wrapper_args.py`` puts them where
a call leaves the parameter out): a literal, ``None`` for a null, a marker for code, ``OMIT``
when there is none."""

from __future__ import annotations

import re
from typing import Any

from migrate.scan.extract import OMIT, dynamic_marker
from migrate.scan.params import Param


def null_defaults(params: tuple[Param, ...]) -> dict[str, str]:
    """The plain parameters whose default is null (or none), and that null as written
    (``None``, ``null``; ``undefined``: JavaScript's value of an argument not passed)."""
    return {
        p.name: "undefined" if p.default is None else p.default.strip()
        for p in params
        if not p.keys and not p.rest and default_value(p.default, p.rest) in (None, OMIT)
    }


def default_value(default: str | None, rest: str) -> Any:
    """A parameter's default (its source) as a value (a literal) or a marker; ``OMIT`` when it
    has none."""
    if rest == "**":
        return {}
    if default is None or default == "undefined":
        return OMIT
    raw = default.strip()
    if raw in ("None", "null", "nil", "NULL"):
        return None
    if raw in ("True", "true"):
        return True
    if raw in ("False", "false"):
        return False
    if re.fullmatch(r"-?\d+", raw):
        return int(raw)
    if re.fullmatch(r"-?\d+\.\d+", raw):
        return float(raw)
    quoted = re.fullmatch(r"""(['"])(.*)\1""", raw, re.DOTALL)
    if quoted is not None and "\\" not in raw and "{" not in raw and "$" not in raw:
        return quoted.group(2)
    return dynamic_marker(raw)
