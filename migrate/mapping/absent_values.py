"""A metadata value the code may leave unset, given as a choice between itself and nothing.

Stripe's SDKs leave out a param whose value is JavaScript's ``undefined`` or ``null`` or
Python's ``None``: ``metadata: { userId: user?.id, ref: ref || undefined }`` sets no key when
there is no user or no ref. Dodo's metadata takes text only, and the suggested call makes each
value text (``String(x)``, ``str(x)``): an unset value became the text ``"undefined"`` or
``"None"``, a key the Stripe call never set, and one a webhook handler reads as set (a
non-empty string). Where the value visibly may be unset, it is given as a choice: the value
when set, nothing (``None``) otherwise; the suggestion writes the key only where it is set
(migrate/scan/suggest_unset.py: ``...(user?.id != null ? { userId: String(user?.id) } : {})``).

Visibly unset-able: an optional member chain (``user?.id``, ``a?.b.c``), a fallback to
nothing (``x || undefined``, ``x ?? null``, Python's ``x or None``), Python's one-argument
``mapping.get(key)``, and an environment variable read without a default (``process.env.X``,
``os.getenv("X")``). (An optional parameter of the function around the call is marked so by
the scanner, migrate/scan/optional_params.py; a local set only under an ``if`` and a caller's
argument that may be ``None`` are choices already.)"""

from __future__ import annotations

import re
from typing import Final

from migrate.mapping.expr import Expr

_CHAIN: Final = re.compile(
    r"^[$A-Za-z_][\w$]*(?:(?:\?\.|\.|->|\?->)[$A-Za-z_][\w$]*|\??\.?\[[^\[\]()]+\])*$"
)
_OPTIONAL: Final = re.compile(r"\?\.|\?->")
_TO_NOTHING: Final = re.compile(
    r"^(?P<what>.+?)\s*(?P<op>\|\||\?\?|\bor\b)\s*(?:undefined|null|None|nil)\s*$", re.S
)
_GET: Final = re.compile(r"^[$A-Za-z_][\w$.\[\]'\"]*\.get\(\s*(?:'[^']*'|\"[^\"]*\"|[\w.]+)\s*\)$")
_ENV: Final = re.compile(
    r"""^(?:process\.env\.[A-Za-z_]\w*|process\.env\[\s*["'][^"'\n]+["']\s*\]"""
    r"""|import\.meta\.env\.[A-Za-z_]\w*|os\.getenv\(\s*["'][^"'\n]+["']\s*\))$"""
)
"""An environment variable read with no default (``undefined``, ``None`` when it is unset; a
TypeScript ``process.env.X!`` asserts it is set)."""


def unset_as_nothing(value: Expr) -> Expr:
    """``value`` (a metadata value, code as written) as a choice between itself and nothing
    (``None``: no key in metadata) when the code may leave it unset; else as it is."""
    if value.form != "code" or value.op or value.missing or value.local:
        return value
    source = value.source.strip()
    m = _TO_NOTHING.match(source)
    if m is not None and "\n" not in m["what"]:
        what = m["what"].strip()
        test = "is not null" if m["op"] == "??" else "is set"
        return Expr.choice(source, value.path, f"{what} {test}", _code(value, what), None)
    if (
        (_CHAIN.match(source) and _OPTIONAL.search(source))
        or _GET.match(source)
        or _ENV.match(source)
    ):
        return Expr.choice(source, value.path, f"{source} is not null", value, None)
    return value


def _code(value: Expr, source: str) -> Expr:
    return Expr(source, value.path, type=value.type)


__all__ = ["unset_as_nothing"]
