"""Kotlin extension functions as wrappers (``fun Order.checkout(url: String) = Session.create(
...setPrice(this.priceId)...)``): a top-level extension is a method of its receiver's class
(``migrate/scan/kotlin_symbols.py``), called on a value of that class (``order.checkout(url)``).

* a call reaches it when its receiver is a name bound to or declared as that class (``val
  order = Order(...)``, ``o: Order``) and the function is seen where the call is: the same
  file, imported by name (``import shop.billing.checkout``), or the same package or one
  imported whole;
* inside it, ``this.x`` and a bare ``x`` read the receiver's members: those the class declares
  when it is in the same file (an extension reads only what any caller may read), else each
  name its body reads that it does not declare itself, that the file does not declare at its
  top level or import, and that names no class or constant (upper case): at a call on
  ``order`` each is ``order.x``.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.classes import receiver_scope, typed_as
from migrate.scan.extract import DYNAMIC
from migrate.scan.kotlin_symbols import child, declared_name, extension_receiver, lambda_names
from migrate.scan.lang.kotlin_nodes import callee

_MEMBER: Final = re.compile(r"[a-z_]\w*\Z")
_JVM_NAME: Final = re.compile(r"@file\s*:\s*JvmName\s*\(\s*\"(\w+)\"\s*\)")


def jvm_names(function: SgNode, family: str, owner: str, path: str) -> dict[str, Any]:
    """What a Kotlin wrapper is on the JVM beyond its name (fields of ``Wrapper``): whether it
    is an extension function, and a top-level function's class for Java (``facade``: the
    file's ``@file:JvmName``, else its name with ``Kt``: ``BillingKt`` for ``Billing.kt``)."""
    if family != "kotlin":
        return {}
    if extension_receiver(function) is not None:
        return {"extension": True}
    if owner:
        return {}
    named = _JVM_NAME.search(function.get_root().root().text()[:4096])
    stem = re.sub(r"\W", "_", PurePath(path).stem)
    return {"facade": named.group(1) if named else stem[:1].upper() + stem[1:] + "Kt"}


def extension_visible(
    name: str,
    *,
    imports: dict[str, str],
    namespace: str,
    package: str,
    uses: tuple[str, ...],
    same_file: bool,
) -> bool:
    """Whether a Kotlin file (its ``package``, ``imports`` and whole-package ``uses``) sees the
    extension function ``name`` of the package ``namespace``."""
    written = imports.get(name)
    if written is not None:
        return written == f"{namespace}.{name}"
    return same_file or package == namespace or namespace in uses


def typed_receiver(receiver: str, call: SgNode, owner: str, source: str) -> bool:
    """Whether a call's receiver (a plain name or path, or the class's constructor called:
    ``Order("price_pro", 2).checkout(url)``) is a value of the class ``owner``."""
    made = callee(call)[0] if call.kind() == "call_expression" else None
    if made is not None and made.kind() == "call_expression":
        head = next(iter(made.named_children()), None)
        return head is not None and head.kind() == "simple_identifier" and head.text() == owner
    last = receiver.rsplit(".", maxsplit=1)[-1]
    if not receiver or not re.fullmatch(r"[A-Za-z_][\w.]*", receiver) or last == owner:
        return False
    return typed_as(last, owner, receiver_scope(call, last, "kotlin", source)) is not None


def extension_fields(function: SgNode, owner: str) -> tuple[tuple[str, str], ...] | None:
    """The receiver's members an extension function reads, each read by a caller as
    ``{}.name`` (see the module docstring); None when ``function`` is no extension."""
    if extension_receiver(function) != owner:
        return None
    root = function.get_root().root()
    declared = _class_members(root, owner)
    if declared is not None:
        return tuple((n, "{}." + n) for n in declared)
    own = _declared_in(function) | _top_level(root)
    body = child(function, "function_body")
    found: dict[str, None] = {}
    for ident in body.find_all(kind="simple_identifier") if body is not None else []:
        word = ident.text()
        parent = ident.parent()
        if parent is not None and parent.kind() in ("navigation_suffix", "value_argument_label"):
            continue
        if _MEMBER.match(word) and word not in own:
            found[word] = None
    return tuple((n, "{}." + n) for n in found)


def _class_members(root: SgNode, owner: str) -> list[str] | None:
    """The public properties of the class ``owner`` when the file declares it."""
    for cls in root.find_all(kind="class_declaration"):
        name = declared_name(cls)
        if name is None or name.text() != owner:
            continue
        out: list[str] = []
        for node in [
            *cls.find_all(kind="class_parameter"),
            *cls.find_all(kind="property_declaration"),
        ]:
            head = node.text().split("=", 1)[0]
            if re.search(r"\b(?:private|protected)\b", head):
                continue
            if node.kind() == "class_parameter" and not re.search(r"\b(?:val|var)\b", head):
                continue
            names = [c.text() for c in node.find_all(kind="simple_identifier")][:1]
            if node.kind() == "property_declaration":
                decl = child(node, "variable_declaration")
                names = [decl.text().split(":")[0].strip()] if decl is not None else []
            out += names
        return out
    return None


def _declared_in(function: SgNode) -> set[str]:
    """The names a function declares: its parameters, locals and lambdas' parameters."""
    out = {"it", "this", "super"}
    for kind in ("parameter", "variable_declaration"):
        for node in function.find_all(kind=kind):
            name = child(node, "simple_identifier")
            if name is not None:
                out.add(name.text())
    for lam in function.find_all(kind="lambda_literal"):
        out.update(lambda_names(lam))
    return out


def _top_level(root: SgNode) -> set[str]:
    """The names a Kotlin file declares at its top level or imports."""
    out: set[str] = set()
    for node in root.children():
        kind = node.kind()
        if kind == "function_declaration":
            name = declared_name(node)
            out.update([name.text()] if name is not None else [])
        elif kind == "property_declaration":
            decl = child(node, "variable_declaration")
            out.update([decl.text().split(":")[0].strip()] if decl is not None else [])
        elif kind == "import_list":
            for header in node.find_all(kind="import_header"):
                words = re.findall(r"\w+", header.text())
                out.update(words[-1:])
    return out


def receiver_reads(
    value: tuple[Any], fields: tuple[tuple[str, str], ...], receiver: str
) -> tuple[Any]:
    """What an extension function of the file returns (``fun Item.asLine() = LineItem
    .builder().setPrice(priceId)...``) as called on ``receiver`` (``it.asLine()``): each
    run-time value's reads of its receiver (``this.priceId``, a bare member of ``fields``)
    written as reads of ``receiver`` (``it.priceId``)."""
    names = sorted((n for n, _ in fields), key=len, reverse=True)
    ways = [r"(?<![\w$.])this\s*\.\s*(?P<own>[A-Za-z_]\w*)"]
    if names:
        ways.append(r"(?<![\w$.\"])(?P<bare>" + "|".join(map(re.escape, names)) + r")(?![\w(\"])")
    pattern = re.compile("|".join(ways))
    base = receiver if re.fullmatch(r"[\w.]+", receiver) else f"({receiver})"

    def one(found: re.Match[str]) -> str:
        return f"{base}.{found.group('own') or found.group('bare')}"

    def walk(item: Any) -> Any:
        if type(item) is dict:
            return {
                k: pattern.sub(one, v) if k == DYNAMIC and type(v) is str else walk(v)
                for k, v in item.items()
            }
        if type(item) is list:
            return [walk(v) for v in item]
        return item

    return (walk(value[0]),)
