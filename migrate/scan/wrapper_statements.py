"""A wrapper's local its caller cannot write inline, written as a statement before the call.

A wrapper's locals its params use are written out in the caller's terms where a value may be
written again (``migrate/scan/wrapper_locals.py``). One whose value awaits or calls something
(``const course = await getCourse(slug)``), or Go's ``amount, err := toCents(price)`` with its
error checked after, cannot be: written into each value that names it, it would run again.
Such a statement is written once at the caller, before its Dodo call, with the caller's
arguments in place of the parameters, as a caller's argument read once is
(``migrate/scan/wrapper_once.py``): ``const course = await getCourse("react");``, Go's ``amount,
err := toCents(req.Price)`` and ``if err != nil { <the caller's error return> }``. The values
then name that local (numbered when the caller's function uses its name). Only where the
statement reads nothing the caller cannot see: the wrapper's parameters and the locals it can
write, the language's own names, and names the caller's file sees alike (a TypeScript or Python
name it imports from the same module, one the wrapper's module defines imported from it; a Go
name of the same package, or a package the wrapper's file imports). Any other (a ``this.``
field, a name of the wrapper's module the caller does not import, a Stripe call, a statement
under a branch) stays ``TODO_<local>`` with X021."""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Any, Final, NamedTuple, Protocol

from ast_grep_py import SgNode

from migrate.scan.extract import DYNAMIC, Dynamic, file_cache, start
from migrate.scan.symbols import context
from migrate.scan.wrapper_locals import (
    IMPURE,
    PLAIN,
    Locals,
    cached_writes,
    changed,
    controlled,
    single,
    string_spans,
    todo_name,
    value_node,
)
from migrate.scan.wrapper_once import caller_text

FAMILIES: Final = ("python", "node", "go")
"""The languages whose wrappers' statements are written at their callers."""
_NAME_KINDS: Final = frozenset({"identifier"})
"""The node kind of a name in these languages (their extractors' ``name_kinds``)."""


class Statement(NamedTuple):
    """A wrapper local's one binding, to write at a caller."""

    value: str
    """Its value in the wrapper's terms (``await getCourse(slug)``)."""
    error: str
    """Go: the error it also binds, checked right after (``if err != nil``); else ""."""
    outside: tuple[tuple[str, str], ...]
    """The names from outside the function it reads, each with where the wrapper's file has
    it from (an import: ``module#name``, Go's package path; "" defined there or built in)."""


Statements = tuple[tuple[str, Statement], ...]

_WORD: Final = re.compile(r"(?<![\w$.])[A-Za-z_$][\w$]*")
_KEYWORDS: Final[dict[str, frozenset[str]]] = {
    "python": frozenset(
        {"await", "not", "and", "or", "in", "is", "for", "if", "else", "lambda", "async"}
    )
    | frozenset(dir(builtins)),
    "node": frozenset(
        {
            *("await", "new", "typeof", "instanceof", "in", "of", "void", "true", "false"),
            *("null", "undefined", "async", "function", "as", "Math", "JSON", "Number"),
            *("String", "Boolean", "Array", "Object", "Date", "BigInt", "parseInt"),
            *("parseFloat", "encodeURIComponent", "decodeURIComponent", "isNaN", "process"),
        }
    ),
    "go": frozenset(
        {
            *("func", "nil", "true", "false", "len", "cap", "append", "make", "new", "string"),
            *("int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32"),
            *("uint64", "float32", "float64", "byte", "rune", "bool", "min", "max", "error"),
        }
    ),
}
"""The language's own words and names (keywords, built-in functions and globals): every
caller sees them alike."""
_INNER: Final = re.compile(
    r"\bfor\s+(?P<for>[\w\s,()]+?)\s+in\b|\blambda\s+(?P<lambda>[^:]*):"
    r"|(?P<arrow>[A-Za-z_$][\w$]*)\s*=>|\((?P<args>[^()]*)\)\s*=>"
)
"""Names a value binds itself (a comprehension's, a lambda's, an arrow function's)."""


def statements(
    function: SgNode, call: SgNode, found: Locals, params: set[str], *, family: str, path: str
) -> Statements:
    """The locals of ``found`` a caller cannot write inline (value None) whose one binding is
    a statement it can write before its Dodo call (see the module docstring), with what a
    caller needs to know of it. Read only when such a local exists."""
    unknown = [n for n, v in found if v is None and n not in params]
    if family not in FAMILIES or not unknown:
        return ()
    writes = cached_writes(function, _NAME_KINDS)
    text = function.text()
    imports = context(function.get_root().root(), family, path).imports
    mine = dict(found)
    out: list[tuple[str, Statement]] = []
    for name in unknown:
        got = _statement(name, writes, call, function, text)
        if got is None:
            continue
        value, error = got
        inner = _inner(value)
        words = [
            w
            for w in _words(value)
            if w not in params and w not in inner and w not in _KEYWORDS[family]
        ]
        if any(w in writes and w not in mine for w in words):
            continue  # a local it does not know the value of: the caller cannot write it
        outside = tuple(dict.fromkeys((w, imports.get(w, "")) for w in words if w not in mine))
        out.append((name, Statement(value, error, outside)))
    return tuple(out)


def _statement(
    name: str,
    writes: dict[str, list[tuple[SgNode, SgNode]]],
    call: SgNode,
    function: SgNode,
    text: str,
) -> tuple[str, str] | None:
    """A local's one plain binding before the call, not under a branch or loop that does not
    hold the call, never changed after: its value's text, and (Go) the error it binds too."""
    found = writes.get(name, [])
    if len(found) != 1:
        return None
    writer, target = found[0]
    if writer.kind() not in PLAIN or writer.range().end.index > start(call):
        return None
    if controlled(writer, call, function) or changed(name, text):
        return None
    value = value_node(writer)
    if value is None:
        return None
    error = ""
    if single(target).text() != name:
        error = _checked_error(writer, target, name)
        if not error:
            return None
    source = single(value).text()
    if IMPURE.search(re.sub(r"\bawait\b", "", source)):
        return None  # a Stripe call, a yield, or a call named like a write (create_customer)
    return source, error


def _checked_error(writer: SgNode, target: SgNode, name: str) -> str:
    """Go's ``name, err := f(x)`` whose next statement is ``if err != nil { ... }``: ``err``."""
    names = [c.text() for c in target.named_children()]
    if writer.kind() != "short_var_declaration" or len(names) != 2 or names[0] != name:
        return ""
    after = writer.next()
    while after is not None and not after.is_named():
        after = after.next()
    test = (
        after.field("condition") if after is not None and after.kind() == "if_statement" else None
    )
    if test is None or " ".join(test.text().split()) != f"{names[1]} != nil":
        return ""
    return names[1] if re.fullmatch(r"[A-Za-z]\w*", names[1]) else ""


def _words(source: str) -> list[str]:
    """The names a value's code reads (not in its strings, not members, nor keys)."""
    spans = string_spans(source)
    out: list[str] = []
    for m in _WORD.finditer(source):
        if any(a <= m.start() < b for a, b in spans):
            continue
        before = source[: m.start()].rstrip()
        after = source[m.end() :]
        if before[-1:] in ("{", ",", "(") and re.match(r"\s*(?::(?!:)|=(?![=>]))", after):
            continue  # a key's or a keyword argument's name
        out.append(m.group())
    return list(dict.fromkeys(out))


def _inner(value: str) -> set[str]:
    out: set[str] = set()
    for m in _INNER.finditer(value):
        bound = next(g for g in m.groups() if g is not None)
        out.update(re.findall(r"[A-Za-z_$][\w$]*", bound))
    return out


class _Writer(Protocol):
    """What a binding needs of the substitution (``migrate/scan/wrapper_args.py``'s state)."""

    hidden: list[str]

    def rewrite(self, source: str) -> str | None: ...


_BINDINGS: Final = {
    "python": "{name} = {code}",
    "node": "const {name} = {code};",
    "go": "{name} := {code}",
}


@dataclass
class Binder:
    """The statements of a wrapper a call writes before its Dodo call, as they are bound."""

    statements: dict[str, Statement]
    sees: Callable[[str, str], bool]
    """Whether the caller's file sees a name the statement reads (and where the wrapper's
    file has it from) alike."""
    family: str
    taken: set[str]
    """The names the caller's function (or file) uses: a local bound here takes none."""
    error_return: str = "return err"
    awaits: bool = True
    """Whether the caller may ``await`` (its function is ``async``)."""
    names: dict[str, str] = field(default_factory=dict)
    """Each wrapper local bound -> the caller's local."""
    bindings: list[tuple[str, str]] = field(default_factory=list)
    """The caller's locals and their statements, in order."""

    def bind(self, name: str, state: _Writer, opened: set[str]) -> str | None:
        """The caller's local holding the wrapper's ``name``, its statement written (None: the
        caller cannot write it)."""
        if name in self.names:
            return self.names[name]
        stmt = self.statements.get(name)
        if stmt is None or not all(self.sees(w, where) for w, where in stmt.outside):
            return None
        if re.search(r"\bawait\b", stmt.value) and not self.awaits:
            return None
        hidden = len(state.hidden)
        opened.add(name)
        try:
            written = state.rewrite(stmt.value)
        finally:
            opened.discard(name)
        if len(state.hidden) > hidden:
            del state.hidden[hidden:]
            return None
        code = _bare(written if written is not None else stmt.value)
        local = name
        n = 2
        while local in self.taken:
            local, n = f"{name}{n}", n + 1
        self.taken.add(local)
        self.names[name] = local
        if stmt.error:
            text = f"{local}, err := {code}\nif err != nil {{\n\t{self.error_return}\n}}"
        else:
            text = _BINDINGS[self.family].format(name=local, code=code)
        self.bindings.append((local, text))
        return local


_KEPT: Final = re.compile(r"\bfor\b|\blambda\b|=>|\byield\b")


def _bare(code: str) -> str:
    """``code`` with each argument in parentheses of its own written bare
    (``getCourse(("react"))``, ``parsed((r.FormValue("price")))``)."""
    spans = string_spans(code)
    at = 0
    while (at := code.find("(", at + 1)) > 0:
        if code[:at].rstrip()[-1:] not in ("(", ",") or any(a <= at < b for a, b in spans):
            continue
        depth, end = 0, at
        for end in range(at, len(code)):
            if any(a <= end < b for a, b in spans):
                continue
            depth += {"(": 1, ")": -1}.get(code[end], 0)
            if depth == 0:
                break
        inner = code[at + 1 : end]
        if _KEPT.search(inner) or any(
            inner[:i].count("(") + inner[:i].count("[") + inner[:i].count("{")
            == inner[:i].count(")") + inner[:i].count("]") + inner[:i].count("}")
            for i, c in enumerate(inner)
            if c == ","
        ):
            continue  # a tuple, a generator, a lambda: its parentheses are its own
        if depth == 0 and code[end + 1 :].lstrip()[:1] in (",", ")"):
            code = code[:at] + code[at + 1 : end] + code[end + 1 :]
            spans = string_spans(code)
    return code


def binder_at(
    wrapper: Any, call: SgNode, source: str, path: str, error_return: str
) -> Binder | None:
    """The binder of a call of ``wrapper`` in the file ``path`` (its text ``source``);
    ``error_return``: how the caller's function hands a Go error back. None when the wrapper has
    no statement to write."""
    found = dict(wrapper.statements)
    if not found:
        return None
    family = wrapper.family
    root = call.get_root().root()
    theirs = context(root, family, path).imports
    same = path == wrapper.file
    if family == "go":
        same = PurePath(path).parent == PurePath(wrapper.file).parent
    own_module = theirs.get(wrapper.name, "").partition("#")[0]

    def sees(name: str, where: str) -> bool:
        if not where:  # defined in the wrapper's file (or the language's own)
            if name in _KEYWORDS[family]:
                return True
            if same:
                return name not in theirs
            got = theirs.get(name, "")
            return family != "go" and bool(own_module) and got == f"{own_module}#{name}"
        if family == "go":  # a package: the suggestion imports it (wrapper_imports.py)
            return theirs.get(name, where) == where
        return theirs.get(name) == where or (same and name not in theirs)

    taken = set(_WORD.findall(caller_text(call, source))) | {"client", "err"}
    cache = file_cache(call)
    binder = Binder(found, sees, family, taken, error_return, awaits(call, family))
    cache[("bound-locals", start(call))] = binder.names
    return binder


def awaits(call: SgNode, family: str) -> bool:
    """Whether the function around ``call`` may ``await`` (``async def``, ``async function``,
    an ``async`` arrow or method): not at a file's top level."""
    for node in call.ancestors():
        kind = node.kind()
        if "function" in kind or "method" in kind or kind in ("arrow_function", "lambda"):
            head = node.text().split("(", 1)[0]
            return re.search(r"\basync\b", head) is not None or family == "go"
    return family == "go"


def named_unseen(
    call: SgNode, params: Any, dynamic: tuple[Dynamic, ...]
) -> tuple[Any, tuple[Dynamic, ...]]:
    """A call's params and run-time values with the locals its Dodo call binds before it
    named ``TODO_<local>`` again: as the values of a wrapper the caller's function makes,
    they name no local of that function (its callers do not write the statement)."""
    names: dict[str, str] = file_cache(call).get(("bound-locals", start(call))) or {}
    if not names:
        return params, dynamic
    pattern = re.compile(r"(?<![\w$.])(" + "|".join(map(re.escape, names.values())) + r")(?![\w$])")
    back = {local: todo_name(wrapper) for wrapper, local in names.items()}

    def text(value: str) -> str:
        return pattern.sub(lambda m: back[m.group(1)], value)

    def walk(value: Any, inside: bool) -> Any:
        if type(value) is dict:
            marked = inside or DYNAMIC in value
            return {k: walk(v, marked) for k, v in value.items()}
        if type(value) is list:
            return [walk(v, inside) for v in value]
        return text(value) if inside and type(value) is str else value

    return walk(params, False), tuple(replace(d, source=text(d.source)) for d in dynamic)


def before_call(call: str, bindings: tuple[tuple[str, str], ...]) -> list[str]:
    """The statements of ``bindings`` the suggested ``call`` needs: those whose local it (or a
    later one needed) names, in order (Go refuses a local declared and not used)."""
    needed: list[str] = []
    text = call
    for local, statement in reversed(bindings):
        if re.search(rf"(?<![\w$.]){re.escape(local)}(?![\w$])", text):
            needed.insert(0, statement)
            text += "\n" + statement
    return needed


__all__ = [
    "Binder",
    "Statement",
    "Statements",
    "awaits",
    "before_call",
    "binder_at",
    "named_unseen",
    "statements",
]
