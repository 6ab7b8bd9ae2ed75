"""What a call of a wrapper is made on, and whether it spreads its arguments.

A call of a wrapper method reads the wrapper's state off the object it is made on
(``billing.open_checkout(u)``: ``billing``'s fields), or off the same object (``self``,
``this``), or off one it cannot name again (a class, a call's result); a Kotlin extension
called on a record constructed at the call reads the record's values. A call that spreads a
value into its arguments (``**kw``, ``...args``) sets parameters only run time knows.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePath
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import Extractor
from migrate.scan.jvm_records import record_value
from migrate.scan.kotlin_symbols import argument_list, call_suffix, kotlin_arguments
from migrate.scan.lang.kotlin_nodes import callee
from migrate.scan.made_fields import made_values
from migrate.scan.wrapper_args import Wrapped
from migrate.scan.wrapper_binding import plain_path
from migrate.scan.wrapper_state import Receiver, State

_RECEIVER: Final = re.compile(
    r"^(?P<receiver>.+?)\s*(?:\?\.|\.|\?->|->|::)\s*[A-Za-z_]\w*\s*$", re.S
)
_SAME: Final = frozenset({"self", "this", "$this", "super", "parent", "static"})


def wrapper_receiver(
    call: SgNode,
    wrapper: Wrapped,
    path: str,
    ex: Extractor | None = None,
    state: State | None = None,
) -> Receiver:
    """What a call (in the file ``path``) of a wrapper method is made on: :func:`receiver_at`,
    the package being the wrapper's when both files are in one folder; for a Kotlin extension
    (read by the caller's ``ex``), the record it is constructed as, if one
    (``Order("price_pro", 2).checkout(url)``, a local bound to one); for an instance made at the
    call, what its constructor was given for the wrapper's ``state``'s fields."""
    package = PurePath(path).parent == PurePath(wrapper.file).parent
    found = receiver_at(call, family=wrapper.family, owner=wrapper.owner, package=package)
    fields = state.made if state is not None else ()
    if fields and not found.same:  # made at the call, or bound to one made in the function
        found = replace(found, made=made_values(call, wrapper.family, fields))
    made = callee(call)[0] if ex is not None and wrapper.extension else None
    record = record_value(made, ex) if made is not None and ex is not None else None
    return replace(found, record=record) if record is not None else found


def receiver_at(call: SgNode, *, family: str, owner: str, package: bool) -> Receiver:
    """What a call of a wrapper method (of the class ``owner``) is made on: the same object
    (no receiver, ``self``, ``this``), another one named by a plain path (``billing`` in
    ``billing.open_checkout(u)``; the wrapper's own state is then that object's; ``package``:
    the call is in the wrapper's folder), or one the call cannot name again (a class, a call's
    result: writing a call again would run it again)."""
    args = argument_list(call)
    if args is None:
        return Receiver(same=False)
    head = call.text()[: args.range().start.index - call.range().start.index]
    found = _RECEIVER.match(head)
    if found is None:
        return Receiver(same=family != "go")  # a bare call: on the same object
    receiver = found.group("receiver").strip()
    separator = head[found.end("receiver") :].strip()
    if receiver in _SAME:
        return Receiver(same=True)
    if separator.startswith("::") or receiver.split(".")[-1].split("->")[-1] == owner:
        return Receiver(same=False)  # on the class
    if not plain_path(receiver):
        return Receiver(same=False)
    return Receiver(same=False, text=receiver, package=package)


_SPREADS: Final = frozenset(
    {
        "dictionary_splat",
        "list_splat",
        "spread_element",
        "hash_splat_argument",
        "splat_argument",
        "variadic_unpacking",
        "variadic_argument",
        "spread_expression",
    }
)
"""Arguments spread into a call (``**kw``, ``...args``, ``*rest``): which of the wrapper's
parameters they set, and to what, only run time tells."""


def spreads(call: SgNode) -> bool:
    """Whether a call spreads a value into its arguments: a function passing its ``**kw`` on
    to a wrapper is no wrapper of it (review: the inner wrapper's parameters were written at
    the outer caller, where no such names exist)."""
    if call_suffix(call) is not None:  # Kotlin: f(*xs)
        return kotlin_arguments(call)[2]
    args = argument_list(call)
    if args is None:
        return False
    return any(
        a.kind() in _SPREADS or any(c.kind() in _SPREADS for c in a.named_children())
        for a in args.named_children()
    )
