"""Kotlin's functions, classes, parameters, imports and call arguments, as the wrapper finder
reads them (``migrate/scan/symbols.py``, ``params.py``, ``wrapper_args.py``): Kotlin's syntax
tree has no named fields, so each part is read from a node's children.

* a function is a ``function_declaration`` named by its ``simple_identifier``; in a class it is
  a method (called on an instance), in an ``object`` or a ``companion object`` it is called on
  the object or the class around the companion (static); a top-level extension function
  (``fun Order.checkout(...)``) is a method of its receiver's type (its owner: a call on a
  value of that type reaches it where the function is imported or in the package); one
  declared in a class is none a call can be told to reach;
* its parameters are ``function_value_parameters``: each ``parameter`` may be followed by
  ``= default`` and preceded by ``vararg``; any may be passed by name;
* a file's package is its namespace; ``import a.b.C`` binds ``C``, ``import a.b.C as D``
  binds ``D``, ``import a.b.*`` opens the package ``a.b`` (kept with the file's ``uses``);
* a call's arguments are the ``value_argument`` nodes of its ``call_suffix``: ``name = value``
  is named, ``*xs`` is spread, a trailing lambda is the last positional argument.
"""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.lang import kotlin_nodes
from migrate.scan.nodes import is_comment
from migrate.scan.params import Param

KOTLIN_CLASSES: Final = frozenset({"class_declaration", "object_declaration", "companion_object"})
"""What holds a method: a class (or interface), an ``object``, a ``companion object``."""


def child(node: SgNode, kind: str) -> SgNode | None:
    """The first child of a node of the kind ``kind``."""
    return next((c for c in node.children() if c.kind() == kind), None)


def declared_name(node: SgNode) -> SgNode | None:
    """The name of a function (its ``simple_identifier``) or of a class, an object or a named
    companion (its ``type_identifier``)."""
    kind = "simple_identifier" if node.kind() == "function_declaration" else "type_identifier"
    return child(node, kind)


def kotlin_function(node: SgNode, cls: SgNode | None) -> tuple[str, str, bool] | None:
    """``(name, owner, static)`` of a Kotlin function declaration in the class, object or
    companion ``cls`` (None: a top-level function); None for an extension function or one
    without a name."""
    name = declared_name(node)
    if name is None:
        return None
    if child(node, "receiver_type") is not None:
        receiver = extension_receiver(node)
        return (name.text(), receiver, False) if cls is None and receiver else None
    if cls is None:
        return name.text(), "", True
    if cls.kind() == "companion_object":  # Billing.create(...): the class around it
        holder = next((a for a in cls.ancestors() if a.kind() in KOTLIN_CLASSES), None)
        owner = declared_name(holder) if holder is not None else None
        return (name.text(), owner.text(), True) if owner is not None else None
    owner = declared_name(cls)
    if owner is None:
        return None
    return name.text(), owner.text(), cls.kind() == "object_declaration"


def extension_receiver(node: SgNode) -> str | None:
    """The class an extension function extends, by its simple name (``Order`` for ``fun
    Order.checkout()``, ``fun shop.Order?.checkout()``); None for a function that is no
    extension, or one of a generic or function type."""
    written = child(node, "receiver_type")
    if written is None:
        return None
    inner = next(iter(written.named_children()), None)
    if inner is not None and inner.kind() == "nullable_type":
        inner = next(iter(inner.named_children()), None)
    if inner is None or inner.kind() != "user_type" or child(inner, "type_arguments") is not None:
        return None
    names = [c.text() for c in inner.children() if c.kind() == "type_identifier"]
    return names[-1] if names else None


def parameter_list(node: SgNode) -> SgNode | None:
    """A Kotlin function's or lambda's parameter list."""
    return child(node, "function_value_parameters")


def kotlin_params(params: SgNode) -> list[Param]:
    """The parameters of a ``function_value_parameters`` node: positional and nameable, each
    with its default (the expression after ``=``) and its type as written; ``vararg`` is a
    rest parameter."""
    out: list[Param] = []
    children = params.children()
    vararg = False
    for at, node in enumerate(children):
        kind = node.kind()
        if kind == "parameter_modifiers":
            vararg = any(c.text() == "vararg" for c in node.find_all(kind="parameter_modifier"))
            continue
        if kind != "parameter":
            continue
        name = child(node, "simple_identifier")
        if name is None:
            vararg = False
            continue
        named = [c for c in node.named_children() if c != name and not is_comment(c)]
        type_ = named[-1].text() if named else ""
        default = None
        if at + 2 < len(children) and children[at + 1].kind() == "=":
            default = children[at + 2].text()
        if vararg:
            out.append(Param(name.text(), None, False, rest="...", type=f"{type_}[]"))
        else:
            out.append(Param(name.text(), 0, True, default, type=type_))
        vararg = False
    return out


def lambda_names(lam: SgNode) -> list[str]:
    """The names a lambda binds: its parameters, or ``it`` when it declares none."""
    params = child(lam, "lambda_parameters")
    if params is None:
        return ["it"]
    return [
        name.text()
        for decl in params.find_all(kind="variable_declaration")
        if (name := child(decl, "simple_identifier")) is not None
    ]


def lambda_passed(lam: SgNode) -> bool:
    """Whether a Kotlin lambda is given to a call (a trailing lambda, or an argument): it runs
    when that call runs (``withRetry { ... }``, ``runCatching { ... }``)."""
    parent = lam.parent()
    if parent is None:
        return False
    if parent.kind() == "annotated_lambda":
        holder = parent.parent()
        return holder is not None and holder.kind() == "call_suffix"
    if parent.kind() == "value_argument":
        holder = parent.parent()
        return holder is not None and holder.kind() == "value_arguments"
    return False


def kotlin_context(root: SgNode) -> tuple[str, dict[str, str], list[str]]:
    """A Kotlin file's package, its imports (local name -> the full name) and the packages
    it imports whole (``import a.b.*``)."""
    package = next((c for c in root.children() if c.kind() == "package_header"), None)
    name = child(package, "identifier") if package is not None else None
    namespace = _dotted(name) if name is not None else ""
    imports: dict[str, str] = {}
    whole: list[str] = []
    for header in root.find_all(kind="import_header"):
        path = child(header, "identifier")
        if path is None:
            continue
        full = _dotted(path)
        if child(header, "wildcard_import") is not None:
            whole.append(full)
            continue
        alias = child(header, "import_alias")
        local = declared_name(alias) if alias is not None else None
        imports[local.text() if local is not None else full.rsplit(".", 1)[-1]] = full
    return namespace, imports, whole


def _dotted(identifier: SgNode) -> str:
    return ".".join(c.text() for c in identifier.children() if c.kind() == "simple_identifier")


def call_suffix(call: SgNode) -> SgNode | None:
    """A Kotlin call's arguments (its ``call_suffix``: the value arguments and a trailing
    lambda); None for another language's call."""
    return kotlin_nodes.call_suffix(call) if call.kind() == "call_expression" else None


def argument_list(call: SgNode) -> SgNode | None:
    """A call's argument list: its ``arguments`` field, or a Kotlin call's suffix."""
    return call.field("arguments") or call_suffix(call)


def kotlin_arguments(call: SgNode) -> tuple[list[SgNode], dict[str, SgNode], bool]:
    """A Kotlin call's positional arguments in order (a trailing lambda last), its named ones
    by name, and whether one is spread (``*xs``)."""
    positional: list[SgNode] = []
    keyword: dict[str, SgNode] = {}
    spread = False
    suffix = call_suffix(call)
    values = child(suffix, "value_arguments") if suffix is not None else None
    for arg in values.named_children() if values is not None else []:
        if arg.kind() != "value_argument":
            continue
        named = [c for c in arg.named_children() if not is_comment(c)]
        if not named:
            continue
        if named[-1].kind() == "spread_expression":
            spread = True
        elif len(named) >= 2 and any(c.kind() == "=" for c in arg.children()):
            keyword[named[0].text()] = named[-1]
        else:
            positional.append(named[-1])
    trailing = child(suffix, "annotated_lambda") if suffix is not None else None
    lam = child(trailing, "lambda_literal") if trailing is not None else None
    if lam is not None:
        positional.append(lam)
    return positional, keyword, spread


_HOLE_NAME: Final = re.compile(r"\$([A-Za-z_]\w*)")


def braced_templates(source: str) -> str:
    """A Kotlin expression with each ``$name`` hole of its string templates written
    ``${name}`` (the same value): a hole's name is code, read and replaced as any other
    (``"$baseUrl/ok"`` is ``"${baseUrl}/ok"``; a caller's ``cfg.domain`` in its place stays
    Kotlin, ``"${cfg.domain}/ok"``). Character literals and ``${...}`` holes are kept."""
    out: list[str] = []
    at = 0
    size = len(source)
    while at < size:
        char = source[at]
        if char == "'":  # a character literal: '$', '"', '\''
            end = at + 1
            while end < size and source[end] != "'":
                end += 2 if source[end] == "\\" else 1
            out.append(source[at : end + 1])
            at = end + 1
            continue
        if char != '"':
            out.append(char)
            at += 1
            continue
        raw = source.startswith('"""', at)
        quote = '"""' if raw else '"'
        out.append(quote)
        at += len(quote)
        while at < size and not source.startswith(quote, at):
            if source[at] == "\\" and not raw:
                out.append(source[at : at + 2])
                at += 2
            elif source.startswith("${", at):
                end = _closing(source, at + 1)
                out.append("${" + braced_templates(source[at + 2 : end]) + "}")
                at = end + 1
            elif (name := _HOLE_NAME.match(source, at)) is not None:
                out.append("${" + name.group(1) + "}")
                at = name.end()
            else:
                out.append(source[at])
                at += 1
        out.append(source[at : at + len(quote)])
        at += len(quote)
    return "".join(out)


def _closing(source: str, at: int) -> int:
    """Where the brace opening at ``at`` closes (the text's end when it does not)."""
    depth = 0
    for end in range(at, len(source)):
        if source[end] == "{":
            depth += 1
        elif source[end] == "}":
            depth -= 1
            if depth == 0:
                return end
    return len(source)


_LITERAL_HOLE: Final = re.compile(r'\$\{(\()?"([^"\\$]*)"(?(1)\))\}')
_NAME_HOLE: Final = re.compile(r"\$\{([A-Za-z_]\w*)\}(?![A-Za-z0-9_])")


def template_literals(source: str) -> str:
    """A Kotlin expression written back after :func:`braced_templates` and a substitution: a
    hole holding a plain string literal is its text (``"${"shop.example.com"}/ok"`` is
    ``"shop.example.com/ok"``), one holding a name is ``$name`` again."""
    return _NAME_HOLE.sub(r"$\1", _LITERAL_HOLE.sub(lambda m: m.group(2), source))


def plain_string(source: str) -> str | None:
    """The text of a Kotlin string literal with no hole and no escape (``"price_team"``)."""
    found = re.fullmatch(r'"([^"\\$]*)"', source.strip())
    return found.group(1) if found is not None else None


def supertypes(cls: SgNode) -> list[tuple[SgNode, bool]]:
    """A Kotlin class's or object's supertypes (its ``delegation_specifier`` nodes: ``:
    Base(x), Gateway, Repo by impl``), each its type as written and whether it is constructed
    there (a class; the others are interfaces)."""
    out: list[tuple[SgNode, bool]] = []
    for spec in cls.children():
        if spec.kind() != "delegation_specifier":
            continue
        inner = next(iter(spec.named_children()), None)
        if inner is None:
            continue
        called = inner.kind() == "constructor_invocation"
        written = inner if inner.kind() == "user_type" else child(inner, "user_type")
        if written is not None:
            out.append((written, called))
    return out
