"""What a ``scan --fix`` rewrite adds to a file once (rewrite.py makes the calls): the imports
(the SDK, the id map's look-ups, ``typing``), the module's one client, made lazily from the
environment, and ``dodo_blocked`` / ``dodoBlocked`` when a branch raises; after the file's own
imports (a docstring, ``from __future__``, a shebang, ``"use client"`` and leading comments stay
first)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Final, Protocol

from ast_grep_py import SgNode, SgRoot

from migrate.scan.deno import SDK as deno_sdk
from migrate.scan.deno import is_deno
from migrate.scan.js_env import env_reader
from migrate.scan.packages import nearest_package
from migrate.scan.py_env import PyEnvReader, py_env_reader
from migrate.scan.suggest_values import LOOKUP_OPS, LOOKUPS
from migrate.scan.worker_env import CLIENT_FOR, client_for


class CallEdit(Protocol):
    """What the header needs to know of each rewritten call (rewrite.py's ``CallEdit``)."""

    @property
    def lookups(self) -> tuple[str, ...]: ...
    @property
    def cast(self) -> bool: ...
    @property
    def asynchronous(self) -> bool: ...
    @property
    def blocked(self) -> bool: ...
    @property
    def env(self) -> str: ...
    @property
    def needs(self) -> tuple[tuple[str, ...], tuple[str, ...]]: ...
    @property
    def imports(self) -> tuple[str, ...]: ...


class IdsModule(Protocol):
    """Where the id-map module is (rewrite.py's ``IdsModule``)."""

    def python_name(self) -> str: ...
    def node_specifier(self, importer: str, esm: bool = False, deno: bool = False) -> str: ...


PY_CLIENT: Final = "dodo_client"
PY_ASYNC_CLIENT: Final = "dodo_async_client"
JS_CLIENT: Final = "dodoClient"
BLOCKED: Final = {"python": "dodo_blocked", "node": "dodoBlocked"}
"""The function an unsafe rewrite calls in a branch it could not translate (defined once per
module, next to the client): it raises with the finding."""
ESM_SUFFIXES: Final = (".mjs", ".mts", ".ts", ".tsx")
CJS_SUFFIXES: Final = (".cjs", ".cts")


def is_esm(path: str, root: SgNode) -> bool:
    """Whether a JavaScript/TypeScript file is an ES module (``import`` works in it, ``require``
    does not): by its suffix, its own ``import`` or ``export`` statements, or the ``"type":
    "module"`` of its package; a CommonJS file otherwise (a file exporting with ``export``
    and importing nothing is a module: ``require`` there fails when it runs)."""
    if path.endswith(CJS_SUFFIXES):
        return False
    if path.endswith(ESM_SUFFIXES):
        return True
    if root.find(kind="import_statement") is not None:
        return True
    if root.find(kind="export_statement") is not None:
        return True
    return package_type(str(Path(path).absolute().parent)) == "module"


def package_type(folder: str) -> str:
    """The ``type`` of the nearest ``package.json`` above ``folder`` ("" when none says)."""
    found = nearest_package(folder)
    kind = found[1].get("type") if found is not None else None
    return kind if isinstance(kind, str) else ""


def tree(text: str, language: str) -> SgNode:
    return SgRoot(text, language).root()


def with_header(  # noqa: PLR0917
    text: str, path: str, language: str, nl: str, edits: Sequence[CallEdit], ids: IdsModule
) -> str:
    """The imports and the client the rewritten calls need, added once after the file's
    imports."""
    root = tree(text, language)
    lookups = [op for op in LOOKUP_OPS if any(op in e.lookups for e in edits)]
    python = language == "python"
    if python:
        block = _python_header(text, path, edits, lookups, ids)
        kinds: tuple[str, ...] = (
            "import_statement",
            "import_from_statement",
            "future_import_statement",
        )
        esm = False
    else:
        deno = is_deno(path, text)
        esm = deno or is_esm(path, root)
        blocked = any(e.blocked for e in edits)
        clients = (any(not e.env for e in edits), any(e.env for e in edits))
        block = _node_header(text, path, language, (esm, deno), lookups, ids, blocked, clients)
        kinds = ("import_statement",)
    borrowed = [i if python or esm else _required(i) for e in edits for i in e.imports]
    borrowed = [i for i in dict.fromkeys(borrowed) if i not in text]
    if borrowed:  # a constant a params builder of another file reads (borrowed_imports.py)
        block = ([*borrowed, *block[0]], block[1]) if block else (borrowed, "")
    if not block:
        return text
    last_end = -1
    for child in root.children():
        if child.kind() in kinds or (not python and not esm and _is_require(child.text())):
            last_end = child.range().end.index
    imports, definition = block
    if last_end < 0:
        first = _after_preamble(root)
        head = nl.join(imports) + nl if imports else ""
        added = head + (nl + definition.replace("\n", nl) + nl if definition else "") + nl
        return text[:first] + added + text[first:]
    cut = text.find("\n", last_end)
    cut = len(text) if cut < 0 else cut + 1
    prefix = "" if text[:cut].endswith("\n") else nl
    head = nl.join(imports) + nl if imports else ""
    added = head + (
        (nl * (2 if python else 1)) + definition.replace("\n", nl) if definition else ""
    )
    return text[:cut] + prefix + added + text[cut:]


def _from_typing(text: str, name: str) -> bool:
    """Whether the module imports ``name`` from ``typing`` already (on one line, or in a
    parenthesised import)."""
    return _has(text, rf"^from typing import (?:[^\n(]*\b{name}\b|\([^)]*\b{name}\b)")


def _has(text: str, pattern: str) -> bool:
    return re.search(pattern, text, re.MULTILINE) is not None


def _python_header(
    text: str, path: str, edits: Sequence[CallEdit], lookups: list[str], ids: IdsModule
) -> tuple[list[str], str] | None:
    imports: list[str] = []
    sync = any(not e.asynchronous for e in edits)
    asynchronous = any(e.asynchronous for e in edits)
    reader = py_env_reader(path, text)
    if not _has(text, r"^import functools\b"):
        imports.append("import functools")
    modules = dict.fromkeys(m for e in edits for m in e.needs[0])
    for line in (*reader.imports, *(f"import {m}" for m in modules)):
        if not _has(text, "^" + re.escape(line) + r"\b") and line not in imports:
            imports.append(line)
    blocked = any(e.blocked for e in edits) and not _has(text, rf"^def {BLOCKED['python']}\(")
    if any(e.cast for e in edits) and not _from_typing(text, "cast"):
        imports.append("from typing import cast")
    if blocked and not _from_typing(text, "NoReturn"):
        imports.append("from typing import NoReturn")
    clients = [
        name for name, used in (("DodoPayments", sync), ("AsyncDodoPayments", asynchronous)) if used
    ]
    imports.append(f"from dodopayments import {', '.join(clients)}")
    types = ["Currency"] if any(e.cast for e in edits) else []
    types += dict.fromkeys(t for e in edits for t in e.needs[1] if t not in types)
    if types:
        imports.append(f"from dodopayments.types import {', '.join(types)}")
    if lookups:
        names = ", ".join(LOOKUPS["python"][op] for op in lookups)
        imports.append(f"from {ids.python_name()} import {names}")
    imports = [i for i in imports if not _has(text, "^" + re.escape(i) + "$")]
    parts: list[str] = []
    for name, cls, used in (
        (PY_CLIENT, "DodoPayments", sync),
        (PY_ASYNC_CLIENT, "AsyncDodoPayments", asynchronous),
    ):
        if used and not _has(text, rf"^def {name}\("):
            parts.append(_py_client(name, cls, reader))
    if blocked:
        parts.append(
            f"def {BLOCKED['python']}(finding: str) -> NoReturn:\n"
            '    """A branch stripe2dodo could not translate (the finding is above the call): it '
            'fails\n    loudly rather than send Dodo a wrong cart."""\n'
            "    raise RuntimeError(finding)\n"
        )
    if not parts and not imports:
        return None
    return imports, "\n\n".join(parts)


def _py_client(name: str, cls: str, reader: PyEnvReader) -> str:
    """The module's one client, made lazily where ``reader`` says the app keeps its secrets."""
    load = f"    {reader.load}\n" if reader.load else ""
    key = f"bearer_token={reader.key}, " if reader.key else ""
    return (
        "@functools.lru_cache(maxsize=None)\n"
        f"def {name}() -> {cls}:\n"
        '    """The Dodo Payments client, made once: the key from DODO_PAYMENTS_API_KEY; live\n'
        '    only when DODO_PAYMENTS_ENVIRONMENT is "live_mode", test mode otherwise.'
        f'{reader.where}"""\n'
        f"{load}"
        f'    live = {reader.mode} == "live_mode"\n'
        f'    return {cls}({key}environment="live_mode" if live else "test_mode")\n'
    )


def _node_header(  # noqa: PLR0917
    text: str,
    path: str,
    language: str,
    module: tuple[bool, bool],
    lookups: list[str],
    ids: IdsModule,
    blocked: bool,
    clients: tuple[bool, bool] = (True, False),
) -> tuple[list[str], str] | None:
    """``module``: whether the file is an ES module, and whether it runs on Deno (the SDK from
    ``npm:``, the id map by its file name, the environment from ``Deno.env``). ``clients``:
    whether a call uses the module's one client, and whether one uses a client of its request's
    bindings (``worker_env.py``)."""
    esm, deno = module
    imports: list[str] = []
    if not _SDK_IMPORTED.search(text):
        imports.append(
            f'import DodoPayments from "{deno_sdk if deno else "dodopayments"}";'
            if esm
            else 'const { DodoPayments } = require("dodopayments");'
        )
    if lookups:
        names = ", ".join(LOOKUPS["node"][op] for op in lookups)
        spec = json.dumps(ids.node_specifier(path, esm, deno))
        line = (
            f"import {{ {names} }} from {spec};"
            if esm
            else f"const {{ {names} }} = require({spec});"
        )
        if line not in text:
            imports.append(line)
    definition = ""
    shared, bound = clients
    ts = language in ("typescript", "tsx")
    reader = env_reader(path, text)
    if shared and reader.imports and reader.imports not in text:
        imports.append(reader.imports)
    key = f"      bearerToken: {reader.key},\n" if reader.key else ""
    if bound and not re.search(rf"\bfunction {CLIENT_FOR}\(", text):
        definition = client_for(ts)
    if shared and not re.search(rf"\bfunction {JS_CLIENT}\(", text):
        typed = ": DodoPayments | undefined" if ts else ""
        doc = (
            "/** The Dodo Payments client, made once: the key from DODO_PAYMENTS_API_KEY; live "
            'only when\n * DODO_PAYMENTS_ENVIRONMENT is "live_mode", test mode otherwise. */\n'
        )
        jsdoc = "" if ts else "/** @type {InstanceType<typeof DodoPayments> | undefined} */\n"
        definition += ("\n" if definition else "") + (
            f"{jsdoc}let dodoClientInstance{typed};\n"
            f"{doc}function {JS_CLIENT}(){': DodoPayments' if ts else ''} {{\n"
            "  if (!dodoClientInstance) {\n"
            "    dodoClientInstance = new DodoPayments({\n"
            f"{key}"
            "      environment:\n"
            f'        {reader.mode} === "live_mode" ? "live_mode" : '
            '"test_mode",\n'
            "    });\n"
            "  }\n"
            "  return dodoClientInstance;\n"
            "}\n"
        )
    name = BLOCKED["node"]
    if blocked and not re.search(
        rf"\b(?:function\s+{name}\s*\(|(?:const|let|var)\s+{name}\b)", text
    ):
        ts = language in ("typescript", "tsx")
        definition += ("\n" if definition else "") + (
            "/** A branch stripe2dodo could not translate (the finding is above the call): it fails"
            "\n * loudly rather than send Dodo a wrong cart."
            + ("" if ts else "\n * @param {string} finding\n * @returns {never}")
            + " */\n"
            f"function {name}(finding{': string' if ts else ''}){': never' if ts else ''} {{\n"
            "  throw new Error(finding);\n"
            "}\n"
        )
    if not imports and not definition:
        return None
    return imports, definition


_SDK_IMPORTED: Final = re.compile(
    r"""(?:from|require\()\s*["'](?:npm:|https://esm\.sh/)?dodopayments(?:@[^"'/]*)?["']"""
)
"""The file imports the Dodo SDK already (from npm, or Deno's ``npm:`` or esm.sh)."""


def _required(statement: str) -> str:
    """An ES import (``import { A as B } from "./m";``) as a CommonJS file writes it."""
    found = re.match(r'import \{ (.+) \} from ("[^"]+");$', statement)
    if found is None:
        return statement
    names = found.group(1).replace(" as ", ": ")
    return f"const {{ {names} }} = require({found.group(2)});"


def _is_require(source: str) -> bool:
    return bool(re.match(r"^(const|let|var)\s[^=]+=\s*require\(", source))


def _after_preamble(root: SgNode) -> int:
    """Where to put an import in a file that has none: after a module docstring, leading
    comments, a shebang and directives (``'use strict'``, ``"use client"``)."""
    end = 0
    for child in root.children():
        kind = child.kind()
        text = child.text()
        if kind in ("comment", "hash_bang_line") or (
            kind == "expression_statement" and text.lstrip()[:1] in ("'", '"')
        ):
            end = child.range().end.index
            continue
        break
    source = root.text()
    if end == 0:
        return 0
    nl = source.find("\n", end)
    return len(source) if nl < 0 else nl + 1
