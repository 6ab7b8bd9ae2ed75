"""Java records and Kotlin data classes passed to a wrapper (``checkout(new
CheckoutRequest("price_pro", 2))``, ``checkout(Order("price_pro", 2))``): the wrapper reads
their components (``req.priceId()``, ``order.quantity``, Java's ``getQuantity()`` of a Kotlin
property), and at a call that constructs one they are the caller's arguments.

The components of a type are read from the tree's ``.java`` and ``.kt`` files as text (once per
scan, only when a call passes a constructed value; a question the scan's cache keeps with its
answer, as ``migrate/scan/tree_constants.py``'s): a Java ``record T(A a, B b)``, a Kotlin ``data
class T(val a: A, val b: B = x)``. A name two files declare differently is none; a scan of
no tree (one file) knows none. A constructor
call is bound component by component (by position, Kotlin also by name); a component the call
leaves to its default, and any other member, is read at run time from the caller's value.
"""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan import tree_constants
from migrate.scan.extract import OMIT, Extractor
from migrate.scan.kotlin_symbols import kotlin_arguments
from migrate.scan.nodes import is_comment

RECORD: Final = "\x00record"
"""The key of a value bound to a wrapper's parameter that marks it a constructed record (its
other keys are its components)."""
_JAVA: Final = re.compile(r"\brecord\s+(\w+)\s*(?:<[^>{]*>)?\s*\(")
_KOTLIN: Final = re.compile(r"\bdata\s+class\s+(\w+)\s*(?:<[^>{]*>)?\s*[\w\s@]*?\(")
Fields = tuple[tuple[str, str | None], ...]
"""A record's components in order, each with its default as written (Kotlin; None: none)."""
_FOUND: list[tuple[tuple[str, ...], dict[str, Fields | None]]] = []
"""The tree the records were read from, and its records."""


def components(name: str) -> Fields | None:
    """The components of the record or data class ``name`` in order, when the tree declares
    it once (or alike everywhere), each with its default."""
    tree = tree_constants.tree()
    if not _FOUND or _FOUND[0][0] is not tree:
        _FOUND[:] = [(tree, _read())]
    answer = _FOUND[0][1].get(name)
    tree_constants.record(("record", name, answer))
    return answer


def _read() -> dict[str, Fields | None]:
    out: dict[str, Fields | None] = {}
    wanted = (".java", ".kt")
    for file, text in tree_constants.texts(lambda path: path.lower().endswith(wanted)):
        pattern = _JAVA if file.suffix.lower() == ".java" else _KOTLIN
        if ("record" if pattern is _JAVA else "data") not in text:
            continue
        for found in pattern.finditer(text):
            inside = _inside(text, found.end())
            if inside is None:
                continue
            fields: Fields | None = tuple(
                _field(part, pattern is _KOTLIN) for part in _parts(inside)
            )
            if fields is not None and any(not n for n, _ in fields):
                fields = None
            name = found.group(1)
            out[name] = fields if name not in out or out[name] == fields else None
    return out


def _inside(text: str, at: int) -> str | None:
    """The text between the parenthesis before ``at`` and the one closing it."""
    depth = 1
    for end in range(at, min(len(text), at + 4000)):
        char = text[end]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return text[at:end]
    return None


def _parts(inside: str) -> list[str]:
    """The parameters of a parameter list, split at its top-level commas (comments out)."""
    inside = re.sub(r"//[^\n]*|/\*.*?\*/", "", inside, flags=re.DOTALL)
    parts: list[str] = []
    depth = 0
    start = 0
    for at, char in enumerate(inside):
        if char in "(<[{":
            depth += 1
        elif char in ")>]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(inside[start:at])
            start = at + 1
    parts.append(inside[start:])
    return [p.strip() for p in parts if p.strip()]


def _field(part: str, kotlin: bool) -> tuple[str, str | None]:
    """A parameter's name ("" when it cannot be told) and its default."""
    head, _, default = part.partition("=")
    head = re.sub(r"@\w+(?:\([^)]*\))?", "", head).strip()
    if kotlin:
        found = re.search(r"(?:\bva[lr]\s+)(\w+)\s*:", head)
        return (found.group(1) if found is not None else "", default.strip() or None)
    words = re.findall(r"\w+", re.sub(r"<[^>]*>", "", head))
    return (words[-1] if len(words) >= 2 else "", None)


def record_value(node: SgNode, ex: Extractor) -> dict[str, Any] | None:
    """A caller's argument that constructs a record of the tree (directly, or a local bound to
    one): its components' values, keyed by name, marked :data:`RECORD`; None otherwise."""
    if ex.family not in ("java", "kotlin"):
        return None
    built = node
    if node.kind() in ("identifier", "simple_identifier"):
        found = ex.binding(node)
        if found is None:
            return None
        built = found[0]
    while built.kind() == "parenthesized_expression" and len(built.named_children()) == 1:
        built = built.named_children()[0]
    positional: list[SgNode]
    named: dict[str, SgNode] = {}
    type_ = built.field("type") if built.kind() == "object_creation_expression" else None
    if type_ is not None:
        listed = built.field("arguments")
        if listed is None or any(c.kind() == "class_body" for c in built.children()):
            return None
        name = type_.text()
        positional = [a for a in listed.named_children() if not is_comment(a)]
    elif built.kind() == "call_expression":
        head = built.named_children()[0]
        if head.kind() != "simple_identifier":
            return None
        name = head.text()
        positional, named, spread = kotlin_arguments(built)
        if spread:
            return None
    else:
        return None
    fields = components(re.sub(r"<.*>", "", name).rsplit(".", 1)[-1])
    names = [n for n, _ in fields or ()]
    if fields is None or len(positional) > len(names) or set(named) - set(names):
        return None
    out: dict[str, Any] = {RECORD: name}
    for field, arg in [*zip(names, positional, strict=False), *named.items()]:
        value = ex.value(arg, "", record=False)
        if value is not OMIT:
            out[field] = value
    for field, default in fields:
        if field not in out and default is not None and (known := _literal(default)):
            out[field] = known[0]  # left to a plain default: PlanRequest("price_b"), seats = 1
    return out


def _literal(default: str) -> tuple[Any] | None:
    """A Kotlin default that is a plain literal: a number, a string, a boolean, ``null`` (a
    field not sent)."""
    if re.fullmatch(r"-?\d+[lL]?", default):
        return (int(default.rstrip("lL")),)
    if default in ("true", "false"):
        return (default == "true",)
    if default == "null":
        return (OMIT,)
    found = re.fullmatch(r'"([^"\\$]*)"', default)
    return (found.group(1),) if found is not None else None


def component_key(value: dict[str, Any], key: str, called: bool) -> str | None:
    """Which component of a record a read names (``priceId`` for ``.priceId()`` or Java's
    ``.getPriceId()`` of a Kotlin data class); None for another member."""
    if key in value and key != RECORD:
        return key
    if called and key.startswith("get") and key[3:4].isupper():
        bare = key[3].lower() + key[4:]
        return bare if bare in value else None
    return None
