"""A helper's value that names the helper's own locals: no value at its call.

A helper of the file is read as what it returns (``follow_call`` in ``migrate/scan/follow.py``),
its parameters replaced by the call's arguments and its locals by what they hold. A local the
reader cannot write out (``const early = await this.flags.isEarly(id)``, an awaited read) stays
a name, which means nothing where the helper is called: read in a workspace app's billing
service, the suggestion at ``const { price, coupon } = await this.pickPrice(...)`` named the
helper's ``early`` and ``had`` and ran its Stripe price look-ups again, where ``price`` and
``coupon`` were in scope. Such a reading is dropped: the call stays the run-time value it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final, Protocol

from ast_grep_py import SgNode

from migrate.scan.extract import CHOICE, DYNAMIC, EACH, LOCAL, is_dynamic

_WORD: Final = re.compile(r"(?<![\w$.])[A-Za-z_$][\w$]*")
_QUOTED: Final = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|`(?:[^`\\]|\\.)*`")


class _Reader(Protocol):
    def is_parameter(self, scope: SgNode, name: str) -> bool: ...

    def bindings(self, scope: SgNode, name: str) -> list[Any]: ...


def leaked(reader: _Reader, fn: SgNode, got: Any, call: SgNode | None = None) -> str | None:
    """The first local of the helper ``fn`` (bound in it, no parameter) that what it returns
    (``got``, as read) still names; None when it names none. A word of the arguments of
    ``call`` (the helper's call) is the caller's, put in for a parameter: never a leak."""
    args = call.field("arguments") if call is not None else None
    given = set(_WORD.findall(_QUOTED.sub('""', args.text()))) if args is not None else set()
    words: set[str] = set()
    mapped: set[str] = set()  # an each's own element name
    for text, names in _texts(got, frozenset()):
        found = set(_WORD.findall(_QUOTED.sub('""', text)))
        words |= found - names
        mapped |= names
    for word in sorted(words - mapped - given):
        if not reader.is_parameter(fn, word) and reader.bindings(fn, word):
            return word
    return None


def _texts(value: Any, names: frozenset[str]) -> Iterator[tuple[str, frozenset[str]]]:
    """The code texts of a reading (each marker's source, a choice's condition), with the
    element names of the eaches they are in."""
    if type(value) is list:
        for item in value:
            yield from _texts(item, names)
        return
    if type(value) is not dict or value.get(LOCAL):
        return  # a value made from what the helper awaits: left out, and reported so
    structured = CHOICE in value or EACH in value  # its text is its parts': read in them
    for key, item in value.items():
        if key == DYNAMIC and type(item) is str:
            if not structured:
                yield item, names
        elif key == CHOICE and type(item) is dict:
            if type(item.get("if")) is str:
                yield item["if"], names
            yield from _texts([item.get("then"), item.get("else")], names)
        elif key == EACH and type(item) is dict:
            inner = names | frozenset(_WORD.findall(str(item.get("as") or "")))
            if type(item.get("over")) is str:
                yield item["over"], names
            yield from _texts(item.get("item"), inner)
        else:
            yield from _texts(item, names)


def has_local(value: Any) -> bool:
    """Whether a reading holds a value made from what a followed helper awaits (left out of
    the Dodo call: the awaited call would run again)."""
    if type(value) is list:
        return any(has_local(item) for item in value)
    if type(value) is not dict:
        return False
    return bool(value.get(LOCAL)) or any(has_local(item) for item in value.values())


def scalar(value: Any) -> bool:
    """Whether a reading is one value (a literal, a marker, a choice between such), not a list
    or a map (whose parts, a line's inline price, a reader needs)."""
    if type(value) in (list, dict) and not is_dynamic(value):
        return False
    if is_dynamic(value):
        if EACH in value:
            return False
        chosen = value.get(CHOICE)
        if type(chosen) is dict:
            return scalar(chosen.get("then")) and scalar(chosen.get("else"))
    return True


def awaited_one(value: Any) -> bool:
    """Whether a caller's name holds one value (no list or map: their parts, a line's inline
    price, are read whole) made from what a helper it called awaits (``const { price } = await
    pickPrice()``): the name, in scope at the call, is what the Dodo call can write."""
    return is_dynamic(value) and scalar(value) and has_local(value)
