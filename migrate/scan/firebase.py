"""Firebase Cloud Functions: where the id map a function's module imports must be.

Read from real applications: a Firebase project's checkout is a callable or HTTP function in
``functions/index.js`` (or ``functions/src/index.ts``, compiled to ``functions/lib/``), a folder
with its own ``package.json`` depending on ``firebase-functions``. ``firebase deploy`` uploads
that folder only (``firebase.json``'s ``functions.source``), so a module it imports from outside
(``require("../dodo-ids.cjs")``, the id map at the repository's root) is missing where the
function runs, and the function fails to load. Its id map lives in the functions folder
instead: beside the sources of a TypeScript package (``functions/src/dodo-ids.ts``, which
``tsc`` compiles with them: a file outside ``src`` would move the output out of ``lib/``), at
the folder's top otherwise (``functions/dodo-ids.cjs``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.packages import depends_on, nearest_package

_SDK: Final = "firebase-functions"
_SOURCES: Final = "src"


def functions_folder(importer: str) -> Path | None:
    """The Firebase functions package ``importer`` belongs to (the nearest folder above it with
    a ``package.json``, when that package depends on ``firebase-functions``), or None."""
    found = nearest_package(str(Path(importer).absolute().parent))
    return found[0] if found is not None and depends_on(found[1], _SDK) else None


def ids_module(importer: str, default: str) -> str:
    """Where the id map ``importer`` imports is: ``default`` unless ``importer`` is in a
    Firebase functions package that ``default`` lies outside of; then the same file name in
    that package (in its ``src`` folder when ``importer`` is there)."""
    package = functions_folder(importer)
    if package is None:
        return default
    target = Path(default).absolute()
    if package in target.parents:
        return default
    home = package
    if (package / _SOURCES) in Path(importer).absolute().parents:
        home = package / _SOURCES
    moved = home / target.name
    return str(moved) if Path(default).is_absolute() else os.path.relpath(moved)


KEY_SECRET: Final = "DODO_PAYMENTS_API_KEY"
"""The secret a rewritten function's Dodo client reads from ``process.env``."""


def secret_splices(call: SgNode) -> list[tuple[int, int, str]]:
    """The edit that lets the Dodo client of ``call`` find its key where the function finds its
    Stripe one: a Firebase function that binds its secrets (``onCall({ secrets: [stripeKey] },
    handler)``, v1's ``runWith({ secrets: [...] })``, ``setGlobalOptions({ secrets: [...] })``)
    sees in ``process.env`` only the secrets it lists, so :data:`KEY_SECRET` is added to that
    list (a secret's name is an entry Firebase takes as it takes a ``defineSecret`` param).
    None when no list is found or it names the key already."""
    root = call
    while root.parent() is not None:
        root = root.parent()  # type: ignore[assignment]
    if _SDK not in root.text():  # a module of Firebase's functions SDK only
        return []
    listed = _function_secrets(call) or _global_secrets(root)
    if listed is None or KEY_SECRET in listed.text():
        return []
    items = list(listed.named_children())
    if not items:
        at = listed.range().start.index + 1
        return [(at, at, f'"{KEY_SECRET}"')]
    at = items[-1].range().end.index
    return [(at, at, f', "{KEY_SECRET}"')]


def _function_secrets(call: SgNode) -> SgNode | None:
    """The ``secrets`` array of the options the function around ``call`` is registered with."""
    for handler in call.ancestors():
        if handler.kind() not in ("arrow_function", "function_expression"):
            continue
        holder = handler.parent()
        if holder is None or holder.kind() != "arguments":
            continue
        registered = holder.parent()
        while registered is not None and registered.kind() == "call_expression":
            found = _secrets_in(registered)
            if found is not None:
                return found
            chain = registered.field("function")
            while chain is not None and chain.kind() == "member_expression":
                chain = chain.field("object")
            registered = chain  # v1: functions.runWith({...}).https.onCall(handler)
    return None


def _global_secrets(root: SgNode) -> SgNode | None:
    """The ``secrets`` array of the module's ``setGlobalOptions({...})``."""
    for made in root.find_all(kind="call_expression"):
        function = made.field("function")
        if function is not None and function.text().split(".")[-1] == "setGlobalOptions":
            found = _secrets_in(made)
            if found is not None:
                return found
    return None


def _secrets_in(made: SgNode) -> SgNode | None:
    args = made.field("arguments")
    for arg in args.named_children() if args is not None else ():
        if arg.kind() != "object":
            continue
        for pair in arg.named_children():
            key, value = pair.field("key"), pair.field("value")
            if pair.kind() != "pair" or key is None or value is None:
                continue
            if key.text().strip("\"'") == "secrets" and value.kind() == "array":
                return value
    return None
