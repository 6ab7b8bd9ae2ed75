"""A metadata value or customer that is an optional parameter of the function around the call.

A wrapper of a Checkout Session creation often takes what it writes into metadata (or into
``client_reference_id``, which Dodo keeps in metadata) as an optional parameter:
``def start_checkout(price_id, ref=None)``, ``ref: str | None = None``, ``ref: Optional[str]``,
TypeScript's ``ref?: string``, ``ref: string | undefined``, ``ref = undefined``. A caller that
leaves it out passes nothing, and Stripe's SDKs leave a ``None``/``undefined`` param out: no
key. Written as the value's text (``str(ref)``, ``String(ref)``), the wrapper's own suggested
call would send the text ``"None"`` or ``"undefined"``. Such a value is given to the translator
as a choice (``ref is not null``: the value, else nothing), which the suggestion writes as an
entry present only when set (migrate/scan/suggest_unset.py).

Python, JavaScript/TypeScript, Ruby (``ref: nil``, ``ref = nil``) and PHP (``$ref = null``),
whose suggestions set such a key only when set (Ruby's ``nil.to_s`` and PHP's ``strval(null)``
were the empty text, a key Stripe never set). Cheap: a look at the
params first; the function's parameters are read only when a metadata value (or
``client_reference_id``) is a bare name."""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import DYNAMIC, choice_marker, dynamic_marker, is_dynamic
from migrate.scan.params import Param
from migrate.scan.symbols import function_at

FAMILIES: Final = frozenset({"python", "node", "ruby", "php"})
_NAME: Final = re.compile(r"^[A-Za-z_$][\w$]*$")
_NOTHING: Final = frozenset({"None", "undefined", "null", "NULL", "nil"})
"""A default that is nothing: the parameter is unset when a caller leaves it out."""
_TOP_KEYS: Final = ("client_reference_id", "customer")
"""The Stripe params, besides metadata's values, that may be left unset: ``client_reference_id``
(whose Dodo place is a metadata value) and ``customer`` (no Dodo customer then, as Stripe makes
a guest checkout: the id map's look-up of nothing throws)."""
_TRUTHY: Final = frozenset({"python", "node"})
"""Families whose optional customer is tested as the code tests it, by its truth."""
_NULLABLE_FAMILIES: Final = frozenset({"csharp"})
"""Families whose ``customer`` only is read so: a nullable parameter (``string? customerId``,
``string customerId = null``); their metadata keeps its own handling (the empty text)."""


def optional_marked(node: SgNode, params: dict[str, Any], family: str) -> dict[str, Any]:
    """``params`` with each metadata value (and ``client_reference_id``) that is an optional
    parameter of the function around ``node`` a choice between itself and nothing."""
    if family not in FAMILIES and family not in _NULLABLE_FAMILIES:
        return params
    sdk = family in FAMILIES
    meta = params.get("metadata") if sdk else None
    keys = _TOP_KEYS if sdk else ("customer",)
    names = {_bare(params.get(key)) for key in keys}
    if type(meta) is dict and not is_dynamic(meta):
        names |= {_bare(v) for v in meta.values()}
    names.discard(None)
    if not names:
        return params
    function = function_at(node, family, callbacks=True)
    if function is None:
        return params
    listed = function.node.field("parameters")
    written = listed.text() if listed is not None else ""
    optional = {
        p.name
        for p in function.params
        if p.name in names and p.name not in function.bound and _optional(p, written, sdk)
    }
    first = function.node.range().start.index
    after = listed.range().end.index - first if listed is not None else 0
    body = function.node.text()[after : node.range().start.index - first]
    optional = {n for n in optional if not _set_again(n, body)}
    if not optional:
        return params
    out = dict(params)
    for key in keys:
        if _bare(out.get(key)) in optional:
            out[key] = _maybe(out[key], truthy=key == "customer" and family in _TRUTHY)
    if type(meta) is dict and not is_dynamic(meta):
        out["metadata"] = {k: _maybe(v) if _bare(v) in optional else v for k, v in meta.items()}
    return out


def _set_again(name: str, body: str) -> bool:
    """Whether the function sets the parameter before the call (``if (!customerId) customerId
    = await createCustomer(user)``): then it may hold a value the caller did not pass."""
    word = re.escape(name)
    return re.search(rf"(?<![\w$.>]){word}\s*(?:\?\?|\|\||\.)?=(?![=>~])", body) is not None


def _bare(value: Any) -> str | None:
    """The name a run-time value is, when it is a bare name."""
    if not is_dynamic(value) or len(value) != 1:
        return None
    source = str(value[DYNAMIC]).strip()
    return source if _NAME.match(source) else None


def _maybe(marker: dict[str, Any], *, truthy: bool = False) -> dict[str, Any]:
    """The value or nothing: where it is not null (``truthy``: where it is set at all, as an
    empty customer id is no customer either; the code's own ``customer_email: customerId ?
    undefined : email`` tests the same)."""
    name = str(marker[DYNAMIC]).strip()
    cond = name if truthy else f"{name} is not null"
    return choice_marker(name, cond, dynamic_marker(name), None)


def _optional(param: Param, written: str, sdk: bool = True) -> bool:
    """Whether a parameter may be unset: a default of nothing, or a declared type that admits
    nothing (``str | None``, ``Optional[str]``, ``?: string``, ``string | undefined``; C#'s
    ``string?`` where not ``sdk``)."""
    if param.rest or param.keys:
        return False
    if param.default is not None:
        return param.default.strip() in _NOTHING
    name = re.escape(param.name)
    if not sdk:
        return re.search(rf"[\w>\]]\?\s+{name}\s*(?:[,)=]|$)", written) is not None
    typed = re.search(
        rf"(?<![\w$.]){name}\s*(?P<opt>\?)?\s*:\s*(?P<type>[^,=()]*(?:\[[^\]]*\])?[^,=()]*)",
        written,
    )
    if typed is None:
        return False
    if typed["opt"]:
        return True
    kind = typed["type"]
    return kind.lstrip().startswith("Optional[") or bool(
        re.search(r"(?:\|\s*(?:None|undefined|null)\b|\b(?:None|undefined|null)\s*\|)", kind)
    )


__all__ = ["optional_marked"]
