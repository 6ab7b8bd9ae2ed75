"""The text of a ``scan --fix`` rewrite (Python, JavaScript/TypeScript): the Dodo call in place
of the Stripe one, the uses of its answer, and what the file needs once (imports, the client).

- The call is the suggestion's SDK call (suggest.py) on the module's one client, every run-time
  value carried by its source text through what the Dodo field does to it (a Stripe price id
  through the id map's ``dodo_product_id`` / ``dodoProductId``); a literal Stripe price the id map
  does not know yet goes through the same look-up (which fails loudly until it is migrated).
- The client is made once per module, lazily, from the environment: the SDK reads
  ``DODO_PAYMENTS_API_KEY``; ``DODO_PAYMENTS_ENVIRONMENT=live_mode`` is live, anything else test
  mode (the SDK alone would default to live). Lazily, so importing the module (a Next.js build,
  a test) does not need the key.
- The answer: ``session.url`` is ``checkout_url`` and ``session.id`` is ``session_id`` in the
  function that made the call (``const { url } = ...`` too); any other use of it is a finding
  (:data:`RESPONSE_CODE`), written above the call with ``--unsafe-fixes``.
- The imports are added once, after the file's own (a docstring, ``from __future__``, a shebang,
  ``"use client"`` and leading comments stay first); the id-map module is imported by the name
  :class:`IdsModule` gives.
"""

from __future__ import annotations

import ast
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.findings import Finding, Level
from migrate.mapping.expr import Expr
from migrate.scan.deno import ids_module as deno_ids
from migrate.scan.firebase import ids_module as firebase_ids
from migrate.scan.firebase import secret_splices
from migrate.scan.offload import partial_of
from migrate.scan.rewrite_header import (
    BLOCKED,
    JS_CLIENT,
    PY_ASYNC_CLIENT,
    PY_CLIENT,
    package_type,
    tree,
    with_header,
)
from migrate.scan.site import CallSite
from migrate.scan.suggest import python_needs, sdk_call
from migrate.scan.suggest_langs import code_for
from migrate.scan.suggest_values import lookups_used, ops_used
from migrate.scan.worker_env import CLIENT_FOR, bound_env

RESPONSE_CODE: Final = "X016"
"""The finding for a use of the Stripe session the rewrite cannot carry (mappings/code.yaml)."""
RENAMED: Final = {"url": "checkout_url", "id": "session_id"}
"""Stripe session fields and their Dodo names."""
_JS_FUNCTIONS: Final = frozenset(
    {
        "function_declaration",
        "function_expression",
        "function",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
    }
)
_JS_WRAPPERS: Final = frozenset(
    {"await_expression", "parenthesized_expression", "as_expression", "non_null_expression"}
)
_KEEP_EXTENSION: Final = (".mjs", ".cjs")


_TS_SUFFIXES: Final = (".ts", ".tsx", ".mts", ".cts")


def _typescript_project(folder: Path) -> bool:
    """Whether a ``tsconfig.json`` is in ``folder`` or a folder above it."""
    here = folder.absolute()
    return any((base / "tsconfig.json").is_file() for base in (here, *here.parents))


_NODE_RESOLUTION: Final = re.compile(
    r'"(?:module|moduleResolution)"\s*:\s*"node(?:16|next)"', re.IGNORECASE
)


def _node_modules(importer: str) -> bool:
    """Whether TypeScript compiles ``importer`` to one of Node's own ES modules, where a
    relative import needs its extension: the nearest ``tsconfig.json`` resolves as Node 16+
    does, and the file is ``.mts`` or its package's ``"type"`` is ``"module"``."""
    here = Path(importer).absolute().parent
    for base in (here, *here.parents):
        config = base / "tsconfig.json"
        if config.is_file():
            try:
                text = config.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return False
            if _NODE_RESOLUTION.search(text) is None:
                return False
            return importer.endswith(".mts") or package_type(str(here)) == "module"
    return False


class Refused(Exception):
    """Why a call cannot be rewritten (it stays as it is, with this reason)."""


@dataclass(frozen=True, slots=True)
class IdsModule:
    """Where the id-map module is (or will be written by ``stripe2dodo ledger ids -o``): a
    Python file and a JS/TS file; ``root`` is the folder a Python module name is taken from."""

    python: str
    node: str
    root: str
    named: bool = False
    """Whether ``--ids-module`` named the JS/TS module."""

    @classmethod
    def default(cls, roots: Sequence[str], node_files: Sequence[str] = ()) -> IdsModule:
        """``dodo_ids.py`` and ``dodo-ids.ts`` in the first scanned folder (a file's folder).
        When the JavaScript files to rewrite (``node_files``) hold no TypeScript and no
        ``tsconfig.json`` is above the folder, ``dodo-ids.cjs``: Node cannot load a ``.ts``
        module without a build step, and a CommonJS one is what both ``require`` and an ES
        module's ``import`` can load."""
        first = Path(roots[0]) if roots else Path()
        folder = first if first.is_dir() else first.parent
        plain = bool(node_files) and not any(f.endswith(_TS_SUFFIXES) for f in node_files)
        node = "dodo-ids.cjs" if plain and not _typescript_project(folder) else "dodo-ids.ts"
        return cls(str(folder / "dodo_ids.py"), str(folder / node), str(folder))

    def with_paths(self, paths: Sequence[str]) -> IdsModule:
        """The same with the module files of ``--ids-module`` (a ``.py`` one for Python, any
        other for JS/TS)."""
        out = self
        for path in paths:
            if path.endswith(".py"):
                out = IdsModule(path, out.node, out.root, out.named)
            else:
                out = IdsModule(out.python, path, out.root, named=True)
        return out

    def python_name(self) -> str:
        """The module's dotted name, from the scanned folder (``dodo_ids``, ``app.dodo_ids``)."""
        rel = os.path.relpath(Path(self.python).absolute(), Path(self.root).absolute())
        if rel.startswith(".."):
            return Path(self.python).stem
        return ".".join(Path(rel).with_suffix("").parts)

    def node_path(self, importer: str, deno: bool = False) -> str:
        """The JS/TS module ``importer`` imports (on Deno: :func:`~migrate.scan.deno.ids_module`;
        in a Firebase functions package: :func:`~migrate.scan.firebase.ids_module`; one
        ``--ids-module`` names is the same for every file)."""
        if self.named:
            return self.node
        return deno_ids(importer, self.node) if deno else firebase_ids(importer, self.node)

    def node_specifier(self, importer: str, esm: bool = False, deno: bool = False) -> str:
        """The specifier ``importer`` imports the module by: relative to its folder, without a
        ``.ts``/``.js`` extension (``.mjs``/``.cjs`` kept, as Node needs them). An ES module
        keeps the extension where Node resolves it: a JavaScript one importing a ``.js``
        module, and TypeScript compiled for Node's own ES modules (``"module"`` or
        ``"moduleResolution"`` ``node16``/``nodenext``), which imports ``.ts`` as ``.js``."""
        target = Path(self.node_path(importer, deno)).absolute()
        rel = os.path.relpath(target, Path(importer).absolute().parent)
        rel = rel.replace(os.sep, "/")
        if deno:  # Deno resolves a module by its whole file name only
            return rel if rel.startswith(".") else f"./{rel}"
        if not rel.endswith(_KEEP_EXTENSION):
            stem = re.sub(r"\.(d\.)?[cm]?[jt]sx?$", "", rel)
            if esm and importer.endswith((".js", ".mjs")) and rel.endswith(".js"):
                stem = rel
            elif esm and importer.endswith(_TS_SUFFIXES) and _node_modules(importer):
                stem = re.sub(r"\.(d\.)?[cm]?[jt]sx?$", ".js", rel)
            rel = stem
        return rel if rel.startswith(".") else f"./{rel}"

    def write_hint(self, family: str, path: str = "") -> str:
        path = path or (self.python if family == "python" else self.node)
        return f"stripe2dodo ledger ids <ledger> -o {path}"


@dataclass(frozen=True, slots=True)
class CallEdit:
    """One call's rewrite: ``[start, end)`` becomes ``text``; ``uses`` rewrites the answer's
    uses (``[start, end)`` -> text); ``notes`` are the uses it cannot rewrite; ``comments`` go
    above the statement holding the call (``anchor``: that statement's start)."""

    site: CallSite
    start: int
    end: int
    text: str
    anchor: int
    uses: tuple[tuple[int, int, str], ...] = ()
    notes: tuple[Finding, ...] = ()
    comments: tuple[str, ...] = ()
    lookups: tuple[str, ...] = ()
    cast: bool = False
    asynchronous: bool = False
    kept: tuple[str, ...] = ()
    """The comments inside the Stripe call, kept above the Dodo one."""
    blocked: bool = False
    """Whether a branch calls :data:`BLOCKED` (the module then defines it)."""
    env: str = ""
    """The bindings object its Stripe client is made from (``c.env``: ``worker_env.py``), which
    its Dodo client is made from too; "" for the module's one client."""
    needs: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    """Python: the standard modules and SDK types its values read (``suggest.python_needs``)."""
    imports: tuple[str, ...] = ()
    """Imports its values need that the file lacks (``CallSite.imports``)."""


def body_of(site: CallSite, *, unsafe: bool = False) -> dict[str, Any]:
    """The Dodo body to write: the translation's, with each placeholder product of a Stripe
    price the id map does not know yet looked up by that price at run time. Raises
    :class:`Refused` when the call needs something no rewrite can give.

    A value the Stripe call does not give in one branch of a run-time choice (RT007: no line
    item when ``mode`` is ``setup``) is refused too, unless ``unsafe``: then that branch calls
    :data:`BLOCKED` with the finding, which raises when the branch is taken (never an empty or
    made-up cart), and the other branches are written as translated."""
    t = site.translation
    assert t is not None and t.dodo is not None
    family = "python" if site.language == "python" else "node"
    by_placeholder: dict[str, str] = {}
    for need in t.requires:
        stripe = need.get("stripe") or {}
        stripe_id = next((v for v in stripe.values() if isinstance(v, str) and "_" in v), None)
        if need.get("per_currency"):
            raise Refused(
                "its products must be created in Dodo in each currency the code charges in "
                "first: `stripe2dodo plan --code PATH --currency EUR --currency USD ...`, "
                "`apply`, `ledger ids LEDGER -o ids.json` (and the id module), then scan again "
                "with --id-map ids.json"
            )
        if need.get("kind") != "product" or stripe_id is None or "." in stripe_id:
            raise Refused(
                "its products must be created in Dodo first: `stripe2dodo plan --code PATH`, "
                "`apply`, `ledger ids LEDGER -o ids.json`, then scan again with --id-map ids.json"
            )
        by_placeholder[need["id"]] = stripe_id
    scalar = code_for(family).scalar

    def walk(value: Any, path: str, branch: str = "") -> Any:
        if type(value) is Expr:
            if value.missing:
                if unsafe and branch:
                    return _blocked(site, value, family, branch)
                if branch:
                    raise Refused(
                        f"the Dodo call has no {value.missing} {branch}, which the Stripe call "
                        "does not give: pass --unsafe-fixes to write that branch as a call that "
                        "raises"
                    )
                raise Refused(
                    f"the Dodo call needs {value.missing}, which the Stripe call does not give "
                    "(see the suggestion)"
                )
            if value.form == "choice":
                cond = _one_line(value.cond)
                cond = cond if len(cond) <= 80 else cond[:77] + "..."
                outer = f"{branch} and " if branch else "when "
                return _replace(
                    value,
                    then=walk(value.then, path, f"{outer}`{cond}`"),
                    else_=walk(value.else_, path, f"{outer}not `{cond}`"),
                )
            if value.form == "each":
                return _replace(value, item=walk(value.item, path, branch))
            return value
        if type(value) is dict:
            return {k: walk(v, f"{path}.{k}" if path else k, branch) for k, v in value.items()}
        if type(value) is list:
            return [walk(v, f"{path}[{i}]", branch) for i, v in enumerate(value)]
        if type(value) is str and value in by_placeholder:
            return Expr(scalar(by_placeholder[value]), path, "product_id", "str")
        return value

    out: dict[str, Any] = walk(t.dodo, "")
    return out


def _blocked(site: CallSite, value: Expr, family: str, branch: str) -> Expr:
    codes = [f.code for f in site.findings if f.level is Level.BLOCKER]
    code = "RT007" if "RT007" in codes else (codes[0] if codes else "RT007")
    message = (
        f"stripe2dodo {code}: no Dodo {value.missing} {branch}; see the comment above the call"
    )
    return Expr(f"{BLOCKED[family]}({json.dumps(message)})", value.path, "as_is", value.type)


def _replace(expr: Expr, **changes: Any) -> Expr:
    import dataclasses

    return dataclasses.replace(expr, **changes)


# -- finding the call and its answer in the file ----------------------------------------------


def _call_node(root: SgNode, start: int, end: int, language: str) -> SgNode | None:
    kind = "call" if language == "python" else "call_expression"
    for node in root.find_all(kind=kind):
        rng = node.range()
        if rng.start.index == start and rng.end.index == end:
            return node
    return None


def _same(a: SgNode | None, b: SgNode) -> bool:
    if a is None:
        return False
    ra, rb = a.range(), b.range()
    return ra.start.index == rb.start.index and ra.end.index == rb.end.index


def _statement(node: SgNode) -> SgNode:
    """The statement holding ``node`` (comments go above its first line)."""
    for up in node.ancestors():
        kind = up.kind()
        if kind.endswith("_statement") or kind in (
            "lexical_declaration",
            "variable_declaration",
            "export_statement",
        ):
            return up
    return node


def _scope(node: SgNode, language: str) -> SgNode:
    kinds = {"function_definition", "lambda"} if language == "python" else _JS_FUNCTIONS
    for up in node.ancestors():
        if up.kind() in kinds:
            return up
    return node.get_root().root()


def _line(node: SgNode) -> int:
    return node.range().start.line + 1


def _note(site: CallSite, message: str, path: str = "response") -> Finding:
    return Finding(
        RESPONSE_CODE,
        Level.WARNING,
        path,
        message,
        "Read checkout_url and session_id where the answer is used; the rest of Stripe's "
        "session is on GET /checkouts/{id} and the payment webhooks.",
    )


def _use_note(site: CallSite, text: str, line: int, leaves: bool) -> Finding:
    if leaves:
        message = (
            f"the Checkout answer leaves the function ({text}, line {line}): code reading "
            "Stripe's fields on it (url, id) must read Dodo's checkout_url and session_id"
        )
    else:
        message = (
            f"{text} (line {line}) reads a field Dodo's checkout answer does not have "
            "(it has session_id and checkout_url)"
        )
    return _note(site, message)


def response_uses(
    site: CallSite, call: SgNode, language: str
) -> tuple[list[tuple[int, int, str]], list[Finding]]:
    """The rewrites of the answer's uses in the calling function, and the uses no rewrite can
    carry (findings)."""
    python = language == "python"
    node = call
    parent = node.parent()
    while parent is not None and (
        parent.kind() == "await" if python else parent.kind() in _JS_WRAPPERS
    ):
        node, parent = parent, parent.parent()
    if parent is None:
        return [], []
    kind = parent.kind()
    if kind in ("attribute", "member_expression") and _same(parent.field("object"), node):
        return _member(site, parent, language)
    if python and kind == "assignment" and _same(parent.field("right"), node):
        left = parent.field("left")
        edits: list[tuple[int, int, str]] = []
        annotation = parent.field("type")
        if left is not None and annotation is not None:  # Stripe's type: not Dodo's
            edits.append((left.range().end.index, annotation.range().end.index, ""))
        if left is not None and left.kind() == "identifier":
            more, notes = _uses_of(site, left.text(), call, language)
            return edits + more, notes
        return edits, [
            _use_note(site, f"{left.text() if left else '?'} = ...", _line(parent), True)
        ]
    if not python and kind == "variable_declarator" and _same(parent.field("value"), node):
        name = parent.field("name")
        edits = []
        annotation = parent.field("type")
        if annotation is not None:  # Stripe.Checkout.Session is not Dodo's type
            edits.append((annotation.range().start.index, annotation.range().end.index, ""))
        if name is not None and name.kind() == "identifier":
            more, notes = _uses_of(site, name.text(), call, language)
            return edits + more, notes
        if name is not None and name.kind() == "object_pattern":
            more, notes = _pattern(site, name)
            return edits + more, notes
        return edits, []
    if not python and kind == "assignment_expression" and _same(parent.field("right"), node):
        left = parent.field("left")
        if left is not None and left.kind() == "identifier":
            return _uses_of(site, left.text(), call, language)
        return [], [_use_note(site, parent.text().split("=")[0].strip(), _line(parent), True)]
    if kind == "expression_statement":
        return [], []  # the answer is not used
    return [], [_use_note(site, _where(parent), _line(parent), True)]


def _where(parent: SgNode) -> str:
    """Where the answer goes, without quoting the Stripe call it came from."""
    kind = parent.kind()
    if kind == "return_statement":
        return "returned"
    if kind in ("argument_list", "arguments"):
        callee = parent.parent()
        target = callee.field("function") if callee is not None else None
        return f"passed to {_short(target.text())}" if target is not None else "passed on"
    return f"in a {kind.replace('_', ' ')}"


def _short(text: str) -> str:
    flat = re.sub(r"\s+", " ", text)
    return flat if len(flat) <= 60 else flat[:57] + "..."


def _member(
    site: CallSite, access: SgNode, language: str
) -> tuple[list[tuple[int, int, str]], list[Finding]]:
    """``<answer>.url`` (or ``.id``): renamed; any other field is a finding."""
    prop = access.field("attribute" if language == "python" else "property")
    if prop is None:
        return [], []
    new = RENAMED.get(prop.text())
    if new is None:
        return [], [_use_note(site, _short(access.text()), _line(access), False)]
    rng = prop.range()
    return [(rng.start.index, rng.end.index, new)], []


def _pattern(site: CallSite, pattern: SgNode) -> tuple[list[tuple[int, int, str]], list[Finding]]:
    """``const { url, id: sessionId } = ...``: each key renamed (``{ checkout_url: url }``)."""
    edits: list[tuple[int, int, str]] = []
    notes: list[Finding] = []
    for child in pattern.named_children():
        kind = child.kind()
        if kind == "shorthand_property_identifier_pattern":
            new = RENAMED.get(child.text())
            rng = child.range()
            if new is not None:
                edits.append((rng.start.index, rng.end.index, f"{new}: {child.text()}"))
            else:
                notes.append(_use_note(site, child.text(), _line(child), False))
        elif kind == "pair_pattern":
            key = child.field("key")
            new = RENAMED.get(key.text()) if key is not None else None
            if key is not None and new is not None:
                edits.append((key.range().start.index, key.range().end.index, new))
            else:
                notes.append(_use_note(site, _short(child.text()), _line(child), False))
        elif kind != "comment":
            notes.append(_use_note(site, _short(child.text()), _line(child), False))
    return edits, notes


_ATTRIBUTE_READS: Final = frozenset({"getattr", "hasattr"})


def _attribute_read(
    site: CallSite, ident: SgNode, args: SgNode
) -> tuple[list[tuple[int, int, str]], list[Finding]] | None:
    """``getattr(<answer>, "url", None)`` (or ``hasattr``): the field's name renamed as for
    ``<answer>.url`` (any other field a finding); None when ``ident`` is not the object of such
    a read by a name written in the code."""
    call = args.parent()
    function = call.field("function") if call is not None else None
    if call is None or function is None or function.text() not in _ATTRIBUTE_READS:
        return None
    given = [a for a in args.named_children() if a.kind() != "comment"]
    if len(given) < 2 or not _same(given[0], ident) or given[1].kind() != "string":
        return None
    key = _string_key(given[1])
    if key is None:
        return None
    new = RENAMED.get(key)
    if new is None:
        return [], [_use_note(site, _short(call.text()), _line(call), False)]
    literal = given[1].text()
    quote = literal[-1]
    rng = given[1].range()
    return [(rng.start.index, rng.end.index, f"{quote}{new}{quote}")], []


def _uses_of(
    site: CallSite, name: str, call: SgNode, language: str
) -> tuple[list[tuple[int, int, str]], list[Finding]]:
    """Every use of ``name`` after the call in the calling function."""
    python = language == "python"
    scope = _scope(call, language)
    after = call.range().end.index
    edits: list[tuple[int, int, str]] = []
    notes: list[Finding] = []
    kinds = ("identifier",) if python else ("identifier", "shorthand_property_identifier")
    for kind in kinds:
        for ident in scope.find_all(kind=kind, regex=f"^{re.escape(name)}$"):
            if ident.range().start.index < after or ident.text() != name:
                continue
            parent = ident.parent()
            if parent is None:
                continue
            pkind = parent.kind()
            if python and pkind == "keyword_argument" and _same(parent.field("name"), ident):
                continue
            if pkind in ("attribute", "member_expression"):
                if not _same(parent.field("object"), ident):
                    continue  # `x.session`: another name
                more, found = _member(site, parent, language)
                edits += more
                notes += found
                continue
            if pkind in ("subscript", "subscript_expression"):
                index = parent.field("subscript" if python else "index")
                key = _string_key(index)
                new = RENAMED.get(key or "")
                if _same(parent.field("value" if python else "object"), ident) and new:
                    rng = parent.range()
                    replacement = f"{name}.{new}"
                    edits.append((rng.start.index, rng.end.index, replacement))
                    continue
                if _same(parent.field("value" if python else "object"), ident):
                    notes.append(_use_note(site, _short(parent.text()), _line(parent), False))
                    continue
            if python and pkind == "argument_list":
                read = _attribute_read(site, ident, parent)
                if read is not None:  # getattr(session, "url", None): the field renamed too
                    edits += read[0]
                    notes += read[1]
                    continue
            if pkind in ("assignment", "assignment_expression") and _same(
                parent.field("left"), ident
            ):
                break  # assigned again: later uses are not the answer
            notes.append(_use_note(site, _short(parent.text()), _line(parent), True))
    return edits, notes


def _string_key(node: SgNode | None) -> str | None:
    if node is None or node.kind() != "string":
        return None
    try:
        value = ast.literal_eval(node.text())
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, str) else None


# -- the call ---------------------------------------------------------------------------------


def call_edit(
    site: CallSite, root: SgNode, comments: Sequence[str], *, unsafe: bool = False
) -> CallEdit:
    """The rewrite of ``site`` (found in ``root``, the file's tree). Raises :class:`Refused`;
    ``unsafe``: see :func:`body_of`."""
    assert site.span is not None
    language = site.language
    python = language == "python"
    body = body_of(site, unsafe=unsafe)
    call = _call_node(root, site.span[0], site.span[1], language)
    if call is None:
        raise Refused("the call is not where the scan found it: scan again")
    asynchronous = python and any(up.kind() == "await" for up in _chain_up(call))
    body = _hold_breaks(body)
    if python:
        client = f"{PY_ASYNC_CLIENT if asynchronous else PY_CLIENT}()"
        text = sdk_call("python", body, client)
        bound = partial_of(call)  # partial(stripe...create, ...) makes a function: so does ours
        method = f"{client}.checkout_sessions.create"
        if bound is not None and text.startswith(method + "("):
            rest = text[len(method) + 1 :]
            text = f"{bound}({method},{'' if rest.startswith(chr(10)) else ' '}{rest}"
    else:
        env = bound_env(call) or ""
        client = f"{CLIENT_FOR}({env})" if env else f"{JS_CLIENT}()"
        text = sdk_call("node", body, client, typescript=language in ("typescript", "tsx"))
    uses, notes = response_uses(site, call, language)
    if not python and not env:
        uses = [*uses, *secret_splices(call)]
    return CallEdit(
        site,
        site.span[0],
        site.span[1],
        text,
        _statement(call).range().start.index,
        tuple(uses),
        tuple(notes),
        tuple(comments),
        tuple(lookups_used(body)),
        python and "upper" in ops_used(body),
        asynchronous,
        tuple(_one_line(c.text()) for c in call.find_all(kind="comment")),
        f"{BLOCKED['python' if python else 'node']}(" in text,
        "" if python else env,
        python_needs(body) if python else ((), ()),
        site.imports,
    )


_BREAKS: Final = (("\r\n", "\x01"), ("\n", "\x00"), ("\r", "\x02"))
"""Line breaks inside a carried source (a multi-line expression, a template literal), held as
control characters while the call is indented, so the source keeps its own lines as written."""


def _hold_breaks(value: Any) -> Any:
    if type(value) is Expr:
        changes = {
            name: _held(getattr(value, name))
            for name in ("source", "cond", "over")
            if getattr(value, name)
        }
        if value.form == "choice":
            changes |= {"then": _hold_breaks(value.then), "else_": _hold_breaks(value.else_)}
        if value.form == "each":
            changes["item"] = _hold_breaks(value.item)
        return _replace(value, **changes)
    if type(value) is dict:
        return {k: _hold_breaks(v) for k, v in value.items()}
    if type(value) is list:
        return [_hold_breaks(v) for v in value]
    return value


def _held(text: str) -> str:
    for brk, mark in _BREAKS:
        text = text.replace(brk, mark)
    return text


def _released(text: str) -> str:
    for brk, mark in _BREAKS:
        text = text.replace(mark, brk)
    return text


def _chain_up(call: SgNode) -> list[SgNode]:
    parent = call.parent()
    return [parent] if parent is not None else []


# -- the file ---------------------------------------------------------------------------------


def newline_of(text: str) -> str:
    """The line break a file mostly uses: ``\\r\\n`` or ``\\n``."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


@dataclass
class _Splice:
    start: int
    end: int
    text: str
    order: int = field(default=0)


def apply_edits(text: str, edits: Sequence[CallEdit], path: str, ids: IdsModule) -> str:
    """``text`` with the calls, their answers' uses and their comments rewritten, and the file's
    imports and client added; in the file's own line breaks."""
    language = edits[0].site.language
    python = language == "python"
    nl = newline_of(text)
    mark = "#" if python else "//"
    splices: list[_Splice] = []
    seen: set[tuple[int, int, str]] = set()
    directed: set[int] = set()
    for edit in edits:
        line_start = text.rfind("\n", 0, edit.start) + 1
        indent = re.match(r"[ \t]*", text[line_start:]).group(0)  # type: ignore[union-attr]
        call = _released(edit.text.replace("\n", nl + indent))
        splices.append(_Splice(edit.start, edit.end, call))
        splices += [_Splice(s, e, t) for s, e, t in edit.uses if (s, e, t) not in seen]
        seen.update(edit.uses)  # two calls of one function add its secret once
        if not python and edit.anchor not in directed:  # a @ts-expect-error for the Stripe
            directed.add(edit.anchor)  # call fails the Dodo call's tsc (once per statement)
            splices += _directive(text, edit.anchor)
        if edit.comments or edit.kept:
            top = text.rfind("\n", 0, edit.anchor) + 1
            pad = re.match(r"[ \t]*", text[top:]).group(0)  # type: ignore[union-attr]
            lines = "".join(f"{pad}{mark} {_one_line(c)}{nl}" for c in edit.comments)
            lines += "".join(f"{pad}{c}{nl}" for c in edit.kept)
            splices.append(_Splice(top, top, lines, order=-1))
    out = text
    for s in sorted(splices, key=lambda s: (s.start, s.order), reverse=True):
        out = out[: s.start] + s.text + out[s.end :]
    return with_header(out, path, language, nl, edits, ids)


_TS_DIRECTIVE: Final = re.compile(
    r"(?P<pad>[ \t]*)//[ \t]*@ts-(?P<kind>expect-error|ignore)\b(?P<rest>[^\r\n]*?)[ \t]*"
)
"""A TypeScript directive comment on a line of its own: it applies to the line after it."""


def _directive(text: str, anchor: int) -> list[_Splice]:
    """The ``// @ts-expect-error`` (or ``@ts-ignore``) on the line above the statement at
    ``anchor`` made a plain comment: it was for the Stripe call (an unused ``@ts-expect-error``
    is itself an error), and what it said is kept."""
    end = text.rfind("\n", 0, anchor)
    begin = text.rfind("\n", 0, end) + 1 if end > 0 else -1
    stop = end - 1 if end > 0 and text[end - 1] == "\r" else end  # the line's own break kept
    found = _TS_DIRECTIVE.fullmatch(text, begin, stop) if begin >= 0 else None
    if found is None or text[end + 1 : anchor].strip():
        return []
    said = found["rest"].strip(" :-")
    plain = f"{found['pad']}// (stripe2dodo: the Stripe call's @ts-{found['kind']}, removed)"
    return [_Splice(begin, found.end(), plain + (f" {said}" if said else ""))]


def _one_line(text: str) -> str:
    return re.sub(r"\s*(?:\r\n|\r|\n)\s*", " ", text).strip()


# -- checks -----------------------------------------------------------------------------------


def broken(text: str, language: str) -> int | None:
    """The 1-based line of the first syntax error in ``text`` (``None``: it parses): Python's
    own parser, or tree-sitter's for JS/TS (an error or a missing token). A bare ``&`` in JSX
    text or in a JSX attribute's string (``<b>Terms & conditions</b>``, an image URL's query
    ``src="...?a=1&b=2"``) is no error: TypeScript and Babel read it as the character itself,
    though tree-sitter's grammar wants an entity there."""
    if language == "python":
        try:
            ast.parse(text)
        except SyntaxError as exc:
            return exc.lineno or 1
        return None
    stack = [tree(text, language)]
    while stack:
        node = stack.pop()
        kind = node.kind()
        if kind == "ERROR" and _jsx_ampersand(node):
            continue
        if kind == "ERROR" or (
            node.is_leaf() and node.text() == "" and kind not in ("program", "string_fragment")
        ):
            return _line(node)
        stack.extend(node.children())
    return None


def _jsx_ampersand(error: SgNode) -> bool:
    """Whether a tree-sitter error is a bare ``&`` in JSX text (the error a child of the
    element) or in a JSX attribute's string."""
    if not error.text().startswith("&"):
        return False
    parent = error.parent()
    if parent is None:
        return False
    if parent.kind() in ("jsx_element", "jsx_fragment"):
        return True
    above = parent.parent()
    return parent.kind() == "string" and above is not None and above.kind() == "jsx_attribute"
