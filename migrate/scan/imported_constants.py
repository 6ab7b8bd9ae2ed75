"""A constant a JavaScript/TypeScript or Python file imports from another file of the tree, read
where the checkout uses it (``import { TRIAL } from "./lib/plans"`` with ``export const TRIAL =
{ trial_period_days: 14 }``; ``from .config import SHIPPING`` with ``SHIPPING = [...]``).

Real applications keep their prices, trials and shipping rates in a config module: a Next.js
shop's ``shipping_options`` from ``../stripe/shipping`` (``export const shipping_options =
[...] satisfies ...``). Read as a name the file does not bind, the value was a run-time one:
a shipping charge blocked (RT002) where the same list in the checkout's own file is a shipping
product (C025), a subscription's trial was dropped (RT001). The module's top-level ``const``
(Python: a ``NAME = value`` its module does not change) is read as its own file reads it, and
kept only when it is a literal through and through (nothing read at run time in it). The scan's
cache asks again whether the declaring module's bytes are the same (``imported-constant``).
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import DYNAMIC, Extractor
from migrate.scan.helper_reads import declarations, module_files, parsed, parsed_path
from migrate.scan.symbols import context
from migrate.scan.tree_constants import record

_READING: set[tuple[str, str]] = set()
"""The constants being read (a module importing its importer's constant: read once)."""
_FAMILIES: Final = frozenset({"node", "python"})


def imported_constant(reader: Extractor, name: SgNode, path: str) -> tuple[Any] | None:
    """What ``name`` (bound nowhere in the file ``reader`` reads) holds when the file imports
    it from a module of the tree that declares it a literal constant; None otherwise."""
    family = str(getattr(reader, "family", ""))
    home = parsed_path(name) or reader.file  # a followed helper of another file: its imports
    if family not in _FAMILIES or not home:
        return None
    written = context(name.get_root().root(), family, home).imports.get(name.text(), "")
    module, _, symbol = written.partition("#")
    if not module or not symbol or symbol == "default":
        return None
    folder = str(Path(home).absolute().parent)
    found = _declared(module, symbol, family, folder)
    record(
        ("imported-constant", module, family, folder, constant_signature(module, family, folder))
    )
    if found is None or (found[1], symbol) in _READING:
        return None
    value, file = found
    if home != reader.file:  # the Dodo call, written in the reader's file, may name it
        reader.borrowed.append((name.text(), file, symbol, module))
    other = type(reader)(source=value.get_root().root().text(), file=file)
    _READING.add((file, symbol))
    try:
        got = other.literal(other.unwrap(value), path)
    finally:
        _READING.discard((file, symbol))
    if got is None or _run_time(got[0]):
        return None
    return got


def literal_import(
    root: SgNode, name: str, family: str, file: str
) -> tuple[str, str, str, str] | None:
    """When ``name``, which the module ``root`` (the file ``file``) imports, is a constant its
    own module declares as a literal through and through (``PLANS`` from ``./plans``, a table of
    price ids a params builder of another file reads, read where that builder is followed: see
    :func:`imported_constant`): the name, the file declaring it, its name there and the module
    as imported; None otherwise."""
    written = context(root, family, file).imports.get(name, "")
    module, _, symbol = written.partition("#")
    if not module or not symbol or symbol == "default" or family not in _FAMILIES:
        return None
    folder = str(Path(file).absolute().parent)
    found = _declared(module, symbol, family, folder)
    record(
        ("imported-constant", module, family, folder, constant_signature(module, family, folder))
    )
    if found is None or not literal_text(found[0], family):
        return None
    return name, found[1], symbol, module


def own_constant(
    root: SgNode, name: str, value: SgNode, family: str, file: str
) -> tuple[str, str, str, str] | None:
    """When ``value``, what the top-level ``name`` of the module ``root`` (the file ``file``)
    holds, is a constant literal through and through: the name, the file, its name there and
    the module; None otherwise (a params builder reading a table of its own module). One not
    exported (JavaScript/TypeScript) is too: the Dodo call imports it all the same, and says
    it must be exported (X034, ``borrowed_imports.py``). The scan's cache asks again whether
    the module's bytes are the same (its other declarations decide)."""
    if family not in _FAMILIES:
        return None
    module, folder = str(Path(file).absolute().with_suffix("")), str(Path(file).absolute().parent)
    record(
        ("imported-constant", module, family, folder, constant_signature(module, family, folder))
    )
    if not literal_text(value, family):
        return None
    if not _constant(value, name, root, family):
        return None
    return name, file, name, module


def exported(root: SgNode, name: str) -> bool:
    """Whether the JavaScript/TypeScript module ``root`` exports its top-level ``name``
    (``export const NAME``, ``export { NAME }``)."""
    value = declarations(root, "node").get(name)
    decl = value.parent() if value is not None else None
    statement = decl.parent() if decl is not None else None
    outer = statement.parent() if statement is not None else None
    if outer is not None and outer.kind() == "export_statement":
        return True
    word = re.escape(name)
    return re.search(rf"export\s*\{{[^}}]*(?<![\w$]){word}(?![\w$])", root.text()) is not None


def literal_text(value: SgNode, family: str) -> bool:
    """Whether ``value`` is written with literals only: no name in it (a type's names are
    ``type_identifier`` nodes), no call, no ``this``."""
    if value.kind() in ("identifier", "call_expression", "call", "this", "new_expression"):
        return False
    if value.find(kind="identifier") is not None:
        return False
    return family != "node" or value.find(kind="this") is None


def constant_signature(module: str, family: str, folder: str) -> str:
    """What the scan's cache asks again of an imported constant: the files ``module`` is, and a
    digest of their bytes, as the tree holds them now (read, not parsed: a scan after a scan
    asks it of every file that imports a name)."""
    digest = hashlib.sha256()
    for file in module_files(module, family, folder):
        digest.update(str(file).encode() + b"\0")
        try:
            digest.update(file.read_bytes())
        except OSError:
            digest.update(b"\0unreadable")
    return digest.hexdigest()


def _declared(module: str, symbol: str, family: str, folder: str) -> tuple[SgNode, str] | None:
    """The value node of the top-level constant ``symbol`` of the module, and its file."""
    for file in module_files(module, family, folder):
        if not _binds(file, symbol):  # most imported names are functions or classes
            continue
        root = parsed(file, family)
        if root is None:
            continue
        value = declarations(root, family).get(symbol)
        if value is None or not _constant(value, symbol, root, family):
            continue
        return value, str(file)
    return None


def _binds(file: Path, symbol: str) -> bool:
    """Whether the text of ``file`` binds ``symbol`` at the start of a line (only then is the
    module parsed); read once per version of the file and name."""
    try:
        return _binds_in(str(file), file.stat().st_mtime_ns, symbol)
    except OSError:
        return False


@functools.lru_cache(maxsize=1024)
def _binds_in(file: str, mtime: int, symbol: str) -> bool:
    try:
        text = Path(file).read_text("utf-8", "replace")
    except OSError:
        return False
    return re.search(_BOUND.format(name=re.escape(symbol)), text) is not None


_BOUND: Final = r"(?m)^[ \t]*(?:export\s+)?(?:(?:const|let|var)\s+)?{name}\s*(?::[^=\n]*)?=(?!=)"
"""A top-level-looking binding of a name (``X = ...``, ``export const X: T = ...``)."""
_CHANGED: Final = (
    r"(?<![\w$.]){name}\s*(?:\[[^\]\n]*\]\s*=(?!=)"
    r"|\.\s*(?:append|extend|update|insert|setdefault|pop|push|splice)\s*\("
    r"|[+\-*/|&]=|=(?!=))"
)
"""A binding or change of a name: ``X = ...``, ``X[k] = v``, ``X.append(...)``, ``X += ...``."""


def _constant(value: SgNode, symbol: str, root: SgNode, family: str) -> bool:
    """Whether ``value`` is what ``symbol`` holds whenever the module is imported: a ``const``
    (JavaScript), or a Python name bound once and never changed in its module."""
    if family == "node":
        decl = value.parent()
        statement = decl.parent() if decl is not None else None
        return statement is not None and statement.text().lstrip().startswith("const")
    changes = re.findall(_CHANGED.format(name=re.escape(symbol)), root.text())
    return len(changes) == 1  # its own binding only


def _run_time(value: Any) -> bool:
    if type(value) is dict:
        return DYNAMIC in value or any(_run_time(v) for v in value.values())
    if type(value) is list:
        return any(_run_time(v) for v in value)
    return False


__all__ = [
    "constant_signature",
    "exported",
    "imported_constant",
    "literal_import",
    "literal_text",
    "own_constant",
]
