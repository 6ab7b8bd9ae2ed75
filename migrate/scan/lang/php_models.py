"""A method of the application's model called on an instance: ``$order->stripeLineItems()``.

Laravel and Symfony shops keep the cart on the model: ``Order::stripeLineItems()`` returns the
line items, each an inline ``price_data`` built from ``$this`` (the order's rows, its total), and
the controller passes ``'line_items' => $order->stripeLineItems()``. Only methods of the
controller's own class were followed, so such a list stayed run-time line items built with
inline prices, blocked (RT015), although the method says every amount in terms of the order.

:func:`model_method` finds the method such a call runs when the object's class is known where the
controller binds it: a parameter typed with the class (Laravel's route model binding,
``store(Order $order)``), a query giving one row (``Order::findOrFail($id)``,
``Order::where(...)->firstOrFail()``, ``Order::create([...])``) or ``new Order(...)``. The class
file is found by its full name (the file's ``use`` or namespace) through ``composer.json``'s PSR-4
map, else under ``app/`` or ``src/``. The follower reads the method's body with ``$this`` bound
to the caller's object (``$this->total_cents`` is written ``$order->total_cents``). A method is
not read when it does more than build its array (a call statement, a change to ``$this``) or
names what means something else at the caller (``self::``, ``static::``, ``parent::``, a
private or protected member of its class).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import Extractor, text
from migrate.scan.helper_reads import parsed
from migrate.scan.lang.php_source import CLASSES, class_method
from migrate.scan.symbols import context
from migrate.scan.tree_constants import record

_ONE_ROW: Final = re.compile(
    r"^\\?(?:[\w\\]+\\)?(?P<cls>[A-Z]\w*)::(?:[\s\S]*->)?\s*(?:findOrFail|find|firstOrFail|first"
    r"|sole|create|firstOrCreate|firstOrNew|updateOrCreate|make)\s*\((?:[^()]|\([^()]*\))*\)$"
)
"""A query giving one row of the model ``cls`` (``get()`` or ``all()`` at the end: rows)."""
_NEW: Final = re.compile(r"^new\s+\\?(?:[\w\\]+\\)?(?P<cls>[A-Z]\w*)\s*\(")
_FOREIGN: Final = re.compile(r"\b(?:self|static|parent)::")
_BUILDS: Final = re.compile(r"^\$\w+\s*\[\s*[^\]]*\]\s*=|^\$(?!this\b)\w+\s*=")
"""A statement that only builds the method's own array (``$lines[] = [...]``, ``$x = ...``)."""


def model_method(flow: Extractor, call: SgNode, receiver: SgNode, name: str) -> SgNode | None:
    """The method ``name`` of the model class of ``receiver`` (a variable) that ``call`` runs;
    None when the class or its file is not known, or the method cannot be read at the call."""
    cls = _class_name(flow, receiver)
    if not cls or not flow.file:
        return None
    root = call.get_root().root()
    full = context(root, "php", flow.file).imports.get(cls.lower(), "")
    if not full:
        namespace = context(root, "php", flow.file).namespace
        full = f"{namespace}\\{cls}" if namespace else cls
    for file in _class_files(Path(flow.file).absolute().parent, full):
        owner = _class(file, cls)
        record(("php-model", str(file), cls, owner.text() if owner is not None else ""))
        found = _readable(owner, name) if owner is not None else None
        if found is not None:
            return found
    return None


def class_text(file: str, cls: str) -> str:
    """The text of the class ``cls`` declared in ``file`` ("" when there is none): what the
    scan's cache asks again."""
    owner = _class(Path(file), cls)
    return owner.text() if owner is not None else ""


def _class(file: Path, cls: str) -> SgNode | None:
    root = parsed(file, "php")
    if root is None:
        return None
    return next(
        (
            c
            for kind in CLASSES
            for c in root.find_all(kind=kind)
            if text(c.field("name")).lower() == cls.lower()
        ),
        None,
    )


def _class_name(flow: Extractor, receiver: SgNode) -> str:
    typed = _parameter_type(receiver)
    if typed:
        return typed
    found = flow.binding(receiver)
    if found is None:
        return ""
    value = " ".join(found[0].text().split())
    match = _ONE_ROW.match(value) or _NEW.match(value)
    return match.group("cls") if match is not None else ""


def _parameter_type(receiver: SgNode) -> str:
    """The class a parameter ``receiver`` of the method around it is declared with."""
    function = next(
        (
            a
            for a in receiver.ancestors()
            if a.kind() in ("method_declaration", "function_definition")
        ),
        None,
    )
    params = function.field("parameters") if function is not None else None
    for param in params.named_children() if params is not None else []:
        if text(param.field("name")) != receiver.text():
            continue
        typ = text(param.field("type")).lstrip("?").strip()
        typ = typ.rsplit("\\", 1)[-1]
        return typ if re.fullmatch(r"[A-Z]\w*", typ) else ""
    return ""


def _class_files(folder: Path, full: str) -> list[Path]:
    """The files the class ``full`` (``App\\Models\\Order``) may be declared in: by the PSR-4
    map of the ``composer.json`` above ``folder``, else under its ``app/`` or ``src/``."""
    parts = full.strip("\\").split("\\")
    for up in [folder, *list(folder.parents)[:6]]:
        composer = up / "composer.json"
        if not composer.is_file():
            continue
        found = [
            up / where / f"{'/'.join(parts[len(prefix) :])}.php"
            for prefix, where in _psr4(composer)
        ]
        found = [f for f in found if f.is_file()]
        if found:
            return found
    for up in [folder, *list(folder.parents)[:6]]:
        for base in ("app", "src"):
            candidate = up / base / f"{'/'.join(parts[1:] or parts)}.php"
            if candidate.is_file():
                return [candidate]
    return []


def _psr4(composer: Path) -> list[tuple[list[str], str]]:
    try:
        return _psr4_of(str(composer), composer.stat().st_mtime_ns)
    except OSError:
        return []


@functools.lru_cache(maxsize=64)
def _psr4_of(composer: str, mtime: int) -> list[tuple[list[str], str]]:
    """The PSR-4 map of ``composer`` (read once per version of the file)."""
    try:
        data = json.loads(Path(composer).read_text(encoding="utf-8"))
        table = data.get("autoload", {}).get("psr-4", {})
    except (OSError, ValueError, AttributeError):
        return []
    out: list[tuple[list[str], str]] = []
    for prefix, where in table.items() if isinstance(table, dict) else []:
        for one in where if isinstance(where, list) else [where]:
            if isinstance(prefix, str) and isinstance(one, str):
                out.append(([p for p in prefix.split("\\") if p], one.strip("/")))
    return out


def _readable(owner: SgNode, name: str) -> SgNode | None:
    """The public method ``name`` of the class ``owner``, when its body only builds what it
    returns and names nothing that means something else at the caller."""
    method = class_method(owner, name)
    if method is None or _FOREIGN.search(method.text()):
        return None
    if re.search(r"\b(?:private|protected|static)\b", method.text().split("(", 1)[0]):
        return None
    hidden = _hidden_members(owner)
    used = set(re.findall(r"\$this->(\w+)", method.text()))
    if used & hidden:
        return None
    for stmt in method.find_all(kind="expression_statement"):
        if not _BUILDS.match(stmt.text()):
            return None
    return method


def _hidden_members(cls: SgNode) -> set[str]:
    """The private and protected properties and methods of ``cls``, by name."""
    out: set[str] = set()
    body = cls.field("body")
    for member in body.named_children() if body is not None else []:
        head = member.text().split("{", 1)[0]
        if member.kind() == "method_declaration":
            if re.search(r"\b(?:private|protected)\b", head.split("(", 1)[0]):
                out.add(text(member.field("name")))
            out.update(_PROMOTED.findall(head))  # __construct(private Store $store)
        elif re.search(r"\b(?:private|protected)\b", head):
            out.update(v.lstrip("$") for v in re.findall(r"\$\w+", head))
    return out


_PROMOTED: Final = re.compile(r"\b(?:private|protected)\b[^$,()]*\$(\w+)")
"""A constructor's parameter promoted to a private or protected property."""


__all__ = ["class_text", "model_method"]
