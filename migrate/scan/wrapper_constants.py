"""The constants of a wrapper's own module (or class) that its Stripe params read, as literals.

A wrapper's params may read a constant declared next to it (``PRICES = {"pro": "price_123"}``
then ``"price": PRICES[plan]``; TypeScript's ``export const PRICES = {...}``; PHP's class
``const PRICES = [...]`` read as ``self::PRICES[$plan]``). At a call of the wrapper in another
file that name is not defined (Python's ``NameError``, PHP's ``self`` is the caller's class), so
each one read is recorded with its literal value, for ``migrate/scan/wrapper_args.py`` to
write at the call: a key the call passes as a literal is looked up (``checkout("pro")`` sends
``"price_123"``, which the id map then maps), any other read is the literal written in its place
(``{"pro": "price_123"}[plan]``; TypeScript's keeps its declared type: ``({...} as
Record<string, string>)[plan]``).

A constant is a module-level binding made once and never changed in the file (Python: one
assignment; TypeScript/JavaScript: a top-level ``const``, exported or not; PHP: a ``const`` of the
wrapper's class; Java: a ``static final`` field of the wrapper's class set to ``Map.of(...)``;
Kotlin: a ``val`` of the file, an ``object`` or a companion set to ``mapOf(... to ...)``), whose
value is a literal: strings without interpolation, numbers, booleans, null, and lists and maps
of them. Anything else stays as written (a name defined elsewhere). Python's map keeps its
number keys (``{100: ...}[credits]``: ``"100"`` would be another key).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.fold_conds import NOT_LITERAL, literal
from migrate.scan.nodes import is_comment

Constants = tuple[tuple[str, str, Any], ...]
"""Each constant read: how the wrapper names it (``PRICES``, ``self::PRICES``), its literal as
code, and its value (a string, number, list or dict of them)."""

_NOTHING: Final = object()
_SCALARS: Final = frozenset(
    {
        "string",
        "encapsed_string",
        "integer",
        "float",
        "number",
        "true",
        "false",
        "none",
        "null",
        "boolean",
    }
)
_MAPS: Final = frozenset({"dictionary", "object", "array_creation_expression"})
_LISTS: Final = frozenset({"list", "tuple", "array"})
_WRAPS: Final = frozenset({"as_expression", "satisfies_expression", "parenthesized_expression"})
_INTERPOLATED: Final = frozenset(
    {"interpolation", "template_substitution", "variable_name", "escape_sequence"}
)
_PHP_CLASSES: Final = frozenset({"class_declaration", "trait_declaration", "enum_declaration"})
MAX_TEXT: Final = 2000
"""A longer literal is not written into each call (a table, not a constant worth inlining)."""


def constants_of(function: SgNode, family: str, texts: Iterable[str]) -> Constants:
    """The constants of ``function``'s module (PHP: its class) that ``texts`` (its Stripe
    params' run-time values, its locals' values) read."""
    texts = [t for t in texts if t]
    if not texts or family not in ("python", "node", "php", "java", "kotlin"):
        return ()
    root = function.get_root().root()
    if family in ("java", "kotlin"):
        found = jvm_constants(function, family)
    elif family == "php":
        found = _php_constants(function)
    else:
        found = _module_constants(root, family)
    if not found:
        return ()
    out: list[tuple[str, str, Any]] = []
    whole = root.text()
    for name, (code, value) in found.items():
        if value is _NOTHING:
            continue
        refs = _references(name, family, function)
        if not any(refs.search(t) for t in texts):
            continue
        if family != "php" and _changed(name, whole):
            continue
        out.extend((ref, code, value) for ref in _names(name, family, function))
    return tuple(out)


def file_constant(node: SgNode, family: str) -> Any:
    """The literal value of the constant of the file (Python, JS/TS: as :func:`constants_of`
    reads them) that the name ``node`` is; None for any other node."""
    if node.kind() != "identifier" or family not in ("python", "node"):
        return None
    root = node.get_root().root()
    found = _module_constants(root, family).get(node.text())
    if found is None or found[1] is _NOTHING or _changed(node.text(), root.text()):
        return None
    return found[1]


def reference(name: str, family: str) -> re.Pattern[str]:
    """Where a text reads the constant named ``name`` (as :func:`constants_of` records it)."""
    if family == "php":
        return re.compile(rf"(?<![\w$\\]){re.escape(name)}(?![\w(])")
    return re.compile(rf"(?<![\w$.>:@'\"]){re.escape(name)}(?![\w'\"(])")


def _references(name: str, family: str, function: SgNode) -> re.Pattern[str]:
    return re.compile(
        "|".join(reference(n, family).pattern for n in _names(name, family, function))
    )


def _names(name: str, family: str, function: SgNode) -> list[str]:
    if family != "php":
        return [name]
    cls = _php_class(function)
    owner = cls.field("name") if cls is not None else None
    ways = ["self", "static"] + ([owner.text()] if owner is not None else [])
    return [f"{way}::{name}" for way in ways]


def _module_constants(root: SgNode, family: str) -> dict[str, tuple[str, Any]]:
    out: dict[str, tuple[str, Any]] = {}
    for stmt in root.children():
        if family == "python" and stmt.kind() == "expression_statement":
            for assign in stmt.children():
                left, right = assign.field("left"), assign.field("right")
                if assign.kind() != "assignment" or left is None or right is None:
                    continue
                if left.kind() == "identifier":
                    _keep(out, left.text(), right, "", family, exact=True)
        elif family == "node":
            decl = stmt
            if stmt.kind() == "export_statement":
                decl = stmt.field("declaration") or stmt
            if decl.kind() != "lexical_declaration" or not decl.text().startswith("const"):
                continue
            for declarator in decl.children():
                name, value = declarator.field("name"), declarator.field("value")
                if declarator.kind() != "variable_declarator" or name is None or value is None:
                    continue
                typed = declarator.field("type")
                shown = typed.text().lstrip(":").strip() if typed is not None else ""
                if name.kind() == "identifier":
                    _keep(out, name.text(), value, shown, family)
    return out


def _php_constants(function: SgNode) -> dict[str, tuple[str, Any]]:
    out: dict[str, tuple[str, Any]] = {}
    cls = _php_class(function)
    body = cls.field("body") if cls is not None else None
    for decl in body.children() if body is not None else ():
        if decl.kind() != "const_declaration":
            continue
        for element in decl.children():
            if element.kind() != "const_element":
                continue
            parts = [c for c in element.children() if c.is_named()]
            if len(parts) == 2 and parts[0].kind() == "name":
                _keep(out, parts[0].text(), parts[1], "", "php")
    return out


def _php_class(function: SgNode) -> SgNode | None:
    return next((a for a in function.ancestors() if a.kind() in _PHP_CLASSES), None)


def _keep(
    out: dict[str, tuple[str, Any]],
    name: str,
    node: SgNode,
    typed: str,
    family: str,
    *,
    exact: bool = False,
) -> None:
    if name in out:
        out[name] = ("", _NOTHING)  # bound twice: not a constant
        return
    value = _value(node, exact=exact)
    if value is _NOTHING and family == "node" and _environment(node):
        text = " ".join(node.text().split())  # `process.env.APP_URL ?? "https://..."`
        out[name] = (text if _bare(node) is node and "?" not in text else f"({text})", ENV_READ)
        return
    code = render(value, family) if value is not _NOTHING else ""
    if value is _NOTHING or len(code) > MAX_TEXT:
        out[name] = ("", _NOTHING)
        return
    if typed and type(value) in (dict, list):
        code = f"({code} as {typed})"  # the declared type kept (TypeScript)
    out[name] = (code, value)


def render(value: Any, family: str) -> str:
    """A literal value as code of ``family``, on one line."""
    if type(value) is dict and family in ("java", "kotlin"):
        pairs = [(render(k, family), render(v, family)) for k, v in value.items()]
        if family == "kotlin":
            return "mapOf(" + ", ".join(f"{k} to {v}" for k, v in pairs) + ")"
        return "java.util.Map.of(" + ", ".join(f"{k}, {v}" for k, v in pairs) + ")"
    if type(value) is dict:
        if family == "php":
            return (
                "["
                + ", ".join(f"{render(k, family)} => {render(v, family)}" for k, v in value.items())
                + "]"
            )
        return (
            "{" + ", ".join(f"{json.dumps(k)}: {render(v, family)}" for k, v in value.items()) + "}"
        )
    if type(value) in (list, tuple):
        return "[" + ", ".join(render(v, family) for v in value) + "]"
    if value is None:
        return {"python": "None", "php": "null"}.get(family, "null")
    if type(value) is bool:
        return ("True" if value else "False") if family == "python" else json.dumps(value)
    if type(value) is str and family == "php":
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return json.dumps(value)


ENV_READ: Final = "$environment"
"""The value of a constant read from the environment (its code is written at the call)."""
_ENV: Final = re.compile(r"process\.env(?:\.[A-Za-z_]\w*|\[\s*(?:\"[\w.-]+\"|'[\w.-]+')\s*\])!?")


def _environment(node: SgNode) -> bool:
    """Whether a JavaScript constant's value is a read of the environment, or one with a
    literal fallback (``process.env.APP_URL``, ``process.env.APP_URL ?? "https://..."``,
    ``process.env["KEY"]!``): the same value in every module of the process, so a caller in
    another file can write it as it is (``process`` is a global)."""
    node = _bare(node)
    if node.kind() == "binary_expression":
        left, right, op = node.field("left"), node.field("right"), node.field("operator")
        if left is None or right is None or op is None or op.text() not in ("??", "||"):
            return False
        return _environment(left) and (_environment(right) or _value(right) is not _NOTHING)
    return _ENV.fullmatch(node.text().strip()) is not None


def _bare(node: SgNode) -> SgNode:
    while node.kind() in _WRAPS:
        inner = [c for c in node.children() if c.is_named()]
        if not inner:
            break
        node = inner[0]
    return node


def _value(node: SgNode, *, exact: bool = False) -> Any:
    """The value of a literal node (a scalar, a list or a map of them), else ``_NOTHING``;
    ``exact``: a map's number keys stay numbers (Python's ``{100: ...}[100]``, where ``"100"``
    is another key), else they are text (a JavaScript object's, a PHP array's)."""
    node = _bare(node)
    kind = node.kind()
    if kind in _SCALARS:
        if any(d.kind() in _INTERPOLATED for d in _descendants(node)):
            return _NOTHING
        if node.text().lstrip()[:1].lower() in ("f", "b", "r", "u"):
            return _NOTHING  # a prefixed Python string
        value = literal(node.text())  # a string with an escape is none it reads
        return _NOTHING if value is NOT_LITERAL else value
    parts = [c for c in node.children() if c.is_named() and not is_comment(c)]
    if kind in _LISTS:
        items = [_value(c, exact=exact) for c in parts]
        return _NOTHING if _NOTHING in items else items
    if kind not in _MAPS:
        return _NOTHING
    out: dict[str, Any] = {}
    for pair in parts:
        inner = [c for c in pair.children() if c.is_named() and not is_comment(c)]
        if pair.kind() not in ("pair", "array_element_initializer") or len(inner) != 2:
            return _NOTHING
        key = inner[0].text() if inner[0].kind() == "property_identifier" else _value(inner[0])
        value = _value(inner[1], exact=exact)
        if type(key) not in (str, int) or value is _NOTHING:
            return _NOTHING
        out[key if exact else str(key)] = value
    return out


def _descendants(node: SgNode) -> list[SgNode]:
    out: list[SgNode] = []
    todo = list(node.children())
    while todo and len(out) < 64:
        child = todo.pop()
        out.append(child)
        todo.extend(child.children())
    return out


def _changed(name: str, text: str) -> bool:
    """Whether the file binds ``name`` more than once or changes it (a key or attribute set,
    a method that changes it in place, ``global``, ``Object.assign``, ``delete``)."""
    word = rf"(?<![\w$.>:@'\"]){re.escape(name)}"
    binds = re.findall(rf"{word}\s*(?::[^=\n]*)?=(?!=)", text)
    if len(binds) != 1:
        return True
    changes = (
        rf"{word}\s*(?:\[[^\]\n]*\]|\??\.\w+)+\s*(?:[-+*/|&]|\?\?)?=(?!=)",
        rf"{word}\s*(?:\.\w+)*\.(?:update|pop|popitem|setdefault|clear|append|extend|insert|"
        r"remove|push|splice|set|delete|shift|unshift|sort|reverse)\(",
        rf"\bglobal\s+[^\n]*\b{re.escape(name)}\b",
        rf"\bObject\.assign\(\s*{re.escape(name)}\b",
        rf"\bdelete\s+{re.escape(name)}\b",
        rf"\bdel\s+{re.escape(name)}\b",
    )
    return any(re.search(pattern, text) for pattern in changes)


_JVM_TYPES: Final = frozenset(
    {"class_declaration", "enum_declaration", "interface_declaration", "record_declaration"}
)
_KOTLIN_HOLDERS: Final = frozenset({"source_file", "companion_object", "object_declaration"})


def jvm_constants(function: SgNode, family: str) -> dict[str, tuple[str, Any]]:
    """The constant maps a JVM wrapper reads by name: Java's ``static final`` fields of its
    class set to ``Map.of(...)``, Kotlin's ``val`` of its file, ``object`` or companion set
    to ``mapOf(... to ...)``, of literal keys and values (a mutable map is none)."""
    out: dict[str, tuple[str, Any]] = {}
    if family == "java":
        cls = next((a for a in function.ancestors() if a.kind() in _JVM_TYPES), None)
        body = cls.field("body") if cls is not None else None
        for field in body.children() if body is not None else ():
            modifiers = next((c for c in field.children() if c.kind() == "modifiers"), None)
            words = set(modifiers.text().split()) if modifiers is not None else set()
            if field.kind() != "field_declaration" or not {"static", "final"} <= words:
                continue
            for decl in field.children():
                name, value = decl.field("name"), decl.field("value")
                if decl.kind() == "variable_declarator" and name is not None and value is not None:
                    _keep_jvm(out, name.text(), _java_map(value), family)
        return out
    root = function.get_root().root()
    for prop in root.find_all(kind="property_declaration"):
        holder = next((a for a in prop.ancestors() if a.kind() != "class_body"), None)
        if holder is None or holder.kind() not in _KOTLIN_HOLDERS:
            continue
        kids = prop.children()
        if not any(c.kind() == "binding_pattern_kind" and c.text() == "val" for c in kids):
            continue
        named = next((c for c in kids if c.kind() == "variable_declaration"), None)
        value = next((c for c in kids if c.kind() == "call_expression"), None)
        if named is not None and value is not None:
            _keep_jvm(out, named.text().split(":")[0].strip(), _kotlin_map(value), family)
    return out


def _keep_jvm(out: dict[str, tuple[str, Any]], name: str, value: Any, family: str) -> None:
    if name in out or value is _NOTHING:
        out[name] = ("", _NOTHING)
        return
    code = render(value, family)
    out[name] = (code, value) if len(code) <= MAX_TEXT else ("", _NOTHING)


def _scalar(node: SgNode) -> Any:
    value = literal(node.text())
    return _NOTHING if value is NOT_LITERAL or type(value) in (list, tuple, dict) else value


def _java_map(node: SgNode) -> Any:
    """``Map.of("a", "x", ...)``'s entries, else ``_NOTHING``."""
    callee = node.field("object")
    args = node.field("arguments")
    if node.kind() != "method_invocation" or callee is None or args is None:
        return _NOTHING
    if callee.text() not in ("Map", "java.util.Map") or (node.field("name") or node).text() != "of":
        return _NOTHING
    items = [_scalar(c) for c in args.children() if c.is_named() and not is_comment(c)]
    if _NOTHING in items or len(items) % 2 or any(type(k) is not str for k in items[::2]):
        return _NOTHING
    return dict(zip(items[::2], items[1::2], strict=True))


def _kotlin_map(node: SgNode) -> Any:
    """``mapOf("a" to "x", ...)``'s entries, else ``_NOTHING``."""
    kids = node.children()
    if not kids or kids[0].text() != "mapOf":
        return _NOTHING
    out: dict[str, Any] = {}
    for arg in node.find_all(kind="value_argument"):
        pair = next((c for c in arg.children() if c.kind() == "infix_expression"), None)
        parts = [c for c in pair.children() if c.is_named()] if pair is not None else []
        if len(parts) != 3 or parts[1].text() != "to":
            return _NOTHING
        key, value = _scalar(parts[0]), _scalar(parts[2])
        if type(key) is not str or value is _NOTHING:
            return _NOTHING
        out[key] = value
    return out


MEMBERS: Final = re.compile(
    r"""\s*(?:(?:\??\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\n]*"|'[^'\n]*')\s*\])\s*)*"""
)
"""A path of members read with literal names (``.priceUSD``, ``["amount"]``), or none."""
_MEMBER: Final = re.compile(r"""\??\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\n]*)"|'([^'\n]*)')\s*\]""")


def member(value: Any, path: str) -> tuple[Any] | None:
    """``value`` (a constant's entry) read along ``path`` (:data:`MEMBERS`): the literal it
    leads to, or None when a step names no key of a map."""
    for step in _MEMBER.finditer(path):
        key = step.group(1) or step.group(2) or step.group(3) or ""
        if type(value) is not dict or key not in value:
            return None
        value = value[key]
    return (value,)
