"""Import specifiers as paths, and whether one names a file of the tree.

A Python module (``from .billing import f``, ``import shop.billing``) or a JavaScript specifier
(``./billing``, an alias path ``@/lib/billing``, a workspace package ``@shop/billing/checkout``)
is written as a ``/``-path, relative ones resolved from the importing file's folder; a path
that can only be matched as a suffix starts with ``*/``. ``same_module`` tells whether such a
path names a file (``migrate/scan/symbols.py`` reads the imports with them).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Final

from migrate.scan.import_maps import mapped


def python_module(written: str, here: str) -> str:
    """A Python module as written (``billing.stripe``, ``..billing``) as a ``/``-path,
    relative ones resolved from the importing file's folder ``here``."""
    dots = len(written) - len(written.lstrip("."))
    rest = written[dots:].replace(".", "/")
    if not dots:
        return rest
    base = here
    for _ in range(dots - 1):
        base = posixpath.dirname(base)
    return posixpath.join(base, rest) if rest else base


_SOURCE_EXTENSION: Final = re.compile(r"\.[cm]?[jt]sx?$")


def node_module(spec: str, here: str) -> str:
    """A module specifier as a ``/``-path: relative ones resolved from the importing file's
    folder; alias paths (``@/lib/m``, ``~/lib/m``) kept as ``*/lib/m`` (matched as a suffix).
    A source file's extension is dropped, as a module's path has none: Node's ES modules import
    ``./checkout.js`` (TypeScript compiled for them too, for ``checkout.ts``) and Deno
    ``./checkout.ts``. A bare specifier an import map or tsconfig ``paths`` maps to a file of the
    project is that file (``migrate/scan/import_maps.py``)."""
    target = mapped(spec, here)  # an import map's or tsconfig paths' name of a file
    if target is not None:
        if not posixpath.isabs(here):
            target = posixpath.relpath(target, Path.cwd().as_posix())
        return _SOURCE_EXTENSION.sub("", target)
    spec = _SOURCE_EXTENSION.sub("", spec)
    if spec.startswith("."):
        return posixpath.normpath(posixpath.join(here, spec))
    alias = re.match(r"^(?:@|~|#|@@|\$lib|src)/", spec)
    return "*/" + spec[alias.end() :] if alias is not None else "*/" + spec


_SCOPED: Final = re.compile(r"^\*/@[\w.-]+/")


def same_module(written: str, module: str) -> bool:
    """Whether an import's module (a ``/``-path, ``*/`` for a suffix) names the file
    ``module`` (its path without suffix; a package's ``index``/``__init__`` too). A scoped
    package's path (``@shop/billing/stripe/checkout``, a monorepo's workspace package) names
    the file under the package's folder, named as the package is without its scope
    (``packages/billing/stripe/checkout``)."""
    suffixes = [written[2:]] if written.startswith("*/") else []
    scope = _SCOPED.match(written)
    if scope is not None:
        suffixes.append(written[scope.end() :])
    for candidate in (module, module.removesuffix("/index"), module.removesuffix("/__init__")):
        if any(candidate.endswith("/" + tail) or candidate == tail for tail in suffixes):
            return True
        if not suffixes and (candidate == written or candidate.endswith("/" + written)):
            return True
    return False


_PY_REEXPORT: Final = r"from\s+\.{stem}\s+import\s+(?:\*|\([^)]*\b{name}\b|[^\n(]*\b{name}\b)"
_JS_REEXPORT: Final = (
    r"export\s+(?:\*|\{{[^}}]*\b{name}\b[^}}]*\}})\s+from\s+['\"]\./{stem}"
    r"(?:\.[cm]?[jt]sx?)?['\"]"
)
"""A package's re-export of a name from a file of its folder (``{stem}``, ``{name}``)."""


def reexported(written: str, module: str, name: str, family: str) -> bool:
    """Whether an import's module ``written`` is the package (a folder's ``__init__.py``, or
    its ``index`` file) that re-exports ``name`` from the file ``module`` in it (``from .client
    import StripeAPIWrapper``, ``export { createCheckout } from "./checkout"``): importing the
    package's name is importing the file's."""
    if written.startswith("*/") or posixpath.dirname(module) != written:
        return False
    stem = re.escape(posixpath.basename(module))
    word = re.escape(name)
    files: tuple[str, ...] = ("index.ts", "index.js", "index.tsx", "index.mjs")
    pattern = _JS_REEXPORT.format(stem=stem, name=word)
    if family == "python":
        files, pattern = ("__init__.py",), _PY_REEXPORT.format(stem=stem, name=word)
    for file in files:
        try:
            text = Path(written, file).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if re.search(pattern, text):
            return True
    return False
