"""The keys a function merges into a name holding a request body, a map at once: Python's
``params.update({...})`` (or ``params.update(k=v)``), JavaScript's ``Object.assign(body, {...})``
and Ruby's ``body.merge!(...)`` / ``body.update(...)`` (a hash or bare pairs).
``migrate/scan/http_bodies.py`` reads them with the keys set one by one (``params["k"] = v``), as
a raw-HTTP wrapper's own keys added to its caller's body before it is sent. A map known only at
run time merged in (``params.update(extra)``) is a run-time spread of the params (RT006), never
left out silently."""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import Extractor, arguments, is_dynamic
from migrate.scan.http_clients import CALLS
from migrate.scan.http_urls import callee_of

_MERGERS: Final[dict[str, frozenset[str]]] = {
    "python": frozenset({"update"}),
    "ruby": frozenset({"merge!", "update"}),
}
"""The methods that merge a map into the one they are called on, by language family."""


def merged_pairs(
    scope: SgNode, name: str, after: int, before: int, ex: Extractor
) -> list[tuple[SgNode, tuple[Any, Any]]]:
    """The ``(key, value)`` pairs merged into the map ``name`` between two offsets of
    ``scope``, with the call making each merge (a map known only at run time: see
    :func:`merged_unknown`)."""
    out: list[tuple[SgNode, tuple[Any, Any]]] = []
    for call, args in _merges(scope, name, after, before, ex):
        out.extend((call, pair) for pair in merged_by(call, ex, args))
    return out


def merged_unknown(
    scope: SgNode, name: str, after: int, before: int, ex: Extractor
) -> list[tuple[SgNode, str]]:
    """The maps known only at run time merged into the map ``name`` between two offsets of
    ``scope`` (``params.update(extra)``, ``Object.assign(body, opts.extra)``,
    ``body.merge!(extra)``), with the call making each merge and the map's source: keys the
    scan cannot see, never left out silently (a run-time spread, RT006)."""
    out: list[tuple[SgNode, str]] = []
    for call, args in _merges(scope, name, after, before, ex):
        for arg in args:
            if arg.kind() in ("keyword_argument", "pair"):
                continue
            got = ex.value(arg, "", record=False)
            if type(got) is not dict or is_dynamic(got):
                out.append((call, _SPLAT.sub("", arg.text().strip())))
    return out


_SPLAT: Final = re.compile(r"^(?:\*\*|\.\.\.)")


def _merges(
    scope: SgNode, name: str, after: int, before: int, ex: Extractor
) -> list[tuple[SgNode, list[SgNode]]]:
    """The calls merging maps into ``name`` between two offsets of ``scope``, each with the
    arguments it merges (``Object.assign``'s target left out)."""
    out: list[tuple[SgNode, list[SgNode]]] = []
    methods = _MERGERS.get(ex.family, frozenset())
    for kind in CALLS.get(ex.family, ()):
        if methods:
            for call in ex.rooted(scope, kind, name, after, before):
                callee = callee_of(call)
                if callee.rsplit(".", 1)[0] == name and callee.rsplit(".", 1)[-1] in methods:
                    out.append((call, arguments(call)))
        if ex.family == "node":
            for call in ex.rooted(scope, kind, "Object", after, before):
                args = arguments(call)
                if callee_of(call) == "Object.assign" and args and args[0].text() == name:
                    out.append((call, args[1:]))
    return out


def merged_by(
    call: SgNode, ex: Extractor, args: list[SgNode] | None = None
) -> list[tuple[Any, Any]]:
    """The pairs one ``update`` / ``merge!`` call's arguments (``args``: those it merges, all
    by default) hold: maps written out, Python's keywords, Ruby's bare pairs."""
    out: list[tuple[Any, Any]] = []
    for arg in arguments(call) if args is None else args:
        kind = arg.kind()
        if kind == "keyword_argument":  # Python: params.update(mode="payment")
            key, value = arg.field("name"), arg.field("value")
            if key is not None and value is not None:
                out.append((key.text(), ex.value(value, "", record=False)))
        elif kind == "pair":  # Ruby: params.merge!("expand[]" => "x", mode: "payment")
            key, value = arg.field("key"), arg.field("value")
            if key is None or value is None:
                continue
            named = ex.value(key, "", record=False)
            label = named if type(named) is str else key.text().strip(":")
            out.append((label, ex.value(value, "", record=False)))
        else:
            out.extend(_map(arg, ex))
    return out


def _map(node: SgNode, ex: Extractor) -> list[tuple[Any, Any]]:
    """The pairs of a map written out (``{...}``); none for one known only at run time
    (:func:`merged_unknown` reports it)."""
    got = ex.value(node, "", record=False)
    if type(got) is dict and not is_dynamic(got):
        return list(got.items())
    return []
