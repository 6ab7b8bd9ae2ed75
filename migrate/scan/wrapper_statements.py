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
under a branch) stays ``TODO_<local>`` with X021.

A local a value could write inline that does something (a call, a construction: ``const cents
= toCents(price)``) or chooses (``existing = found.data[0] if found.data else None``) is bound
so too when the Stripe params read it more than once (:func:`_read_twice`: written into each,
it would run each time, and a type checker would no longer narrow the choice where a value
tests it and then reads it); where its statement reads what the caller cannot see, it is still
written once, those names as they would be inline (``TODO_<name>``, X021). One read once stays
inline. Java, C# and Kotlin
keep the declaration's type (``long amount = Billing.toCents(price);``, ``var course = ...``;
``var`` where the caller does not see the type; Kotlin's ``val``); a name the statement reads
is seen alike where the caller's file imports the same class, or has it unimported as the
wrapper's file does (the same package or namespace, using the same ones whole); a member of
the wrapper's class is the substitution's (``wrapper_state.py``: a static one on its class; a
private one, or an instance field, from another class: X021). A statement reading another
such local comes after it; the locals two Dodo calls of one function bind take names of their
own (``wrapper_once.taken_at``)."""

from __future__ import annotations

import builtins
import functools
import re
from collections.abc import Callable, Collection
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
from migrate.scan.wrapper_once import chooses, effects, taken_at

FAMILIES: Final = ("python", "node", "go", "java", "csharp", "kotlin")
"""The languages whose wrappers' statements are written at their callers."""
_NAME_KINDS: Final = {"kotlin": frozenset({"simple_identifier"})}
"""The node kinds of a name in these languages (their extractors' ``name_kinds``; else
``identifier``)."""
_TYPED: Final = frozenset({"java", "csharp", "kotlin"})
"""The languages whose declarations name a type (``long amount = ...``, ``val total: Long``):
kept at the caller where it sees the type's names."""


class Statement(NamedTuple):
    """A wrapper local's one binding, to write at a caller."""

    value: str
    """Its value in the wrapper's terms (``await getCourse(slug)``)."""
    error: str
    """Go: the error it also binds, checked right after (``if err != nil``); else ""."""
    outside: tuple[tuple[str, str], ...]
    """The names from outside the function it reads, each with where the wrapper's file has
    it from (an import: ``module#name``, Go's package path, a Java or Kotlin class's full name;
    "" defined there or built in)."""
    declared: str = ""
    """Java, C#: the declaration's type (``long``, ``var``, ``Course``); Kotlin: its type
    annotation (``Long``), if any."""
    typed: tuple[tuple[str, str], ...] = ()
    """The names the declared type reads, as ``outside``."""
    scope: tuple[str, ...] = ()
    """Java, C#, Kotlin: the wrapper file's package or namespace, then the packages or
    namespaces it uses whole (``import shop.*;``, ``using Shop.Data;``): a name it reads
    unimported is one of those."""
    once: bool = False
    """A local a caller could write into each value, bound once as it does something or
    chooses: where the statement reads what the caller cannot see, it is still bound, those
    names written as they would be inline (``TODO_<name>``, X021)."""


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
    "java": frozenset(
        {
            *("new", "true", "false", "null", "instanceof", "var", "long", "int", "double"),
            *("float", "boolean", "char", "byte", "short", "String", "Math", "Long", "Integer"),
            *("Double", "Float", "Boolean", "Character", "Object", "System", "StringBuilder"),
        }
    ),
    "csharp": frozenset(
        {
            *("await", "new", "true", "false", "null", "is", "as", "typeof", "nameof", "var"),
            *("string", "int", "long", "decimal", "double", "float", "bool", "object", "Math"),
            *("Convert", "String", "Decimal", "Int32", "Int64", "Math", "DateTime", "Guid"),
        }
    ),
    "kotlin": frozenset(
        {
            *("it", "true", "false", "null", "is", "as", "in", "to", "if", "else", "when"),
            *("listOf", "mapOf", "setOf", "emptyList", "maxOf", "minOf", "require", "error"),
            *("requireNotNull", "checkNotNull", "String", "Long", "Int", "Double", "Math"),
        }
    ),
}
"""The language's own words and names (keywords, built-in functions and globals): every
caller sees them alike."""
_INNER: Final = re.compile(
    r"\bfor\s+(?P<for>[\w\s,()]+?)\s+in\b|\blambda\s+(?P<lambda>[^:]*):"
    r"|(?P<arrow>[A-Za-z_$][\w$]*)\s*[=-]>|\((?P<args>[^()]*)\)\s*[=-]>"
    r"|\{\s*(?P<block>[\w\s,:<>]+?)\s*->"
)
"""Names a value binds itself (a comprehension's, a lambda's, an arrow function's, a Java or
Kotlin lambda's)."""


def statements(
    function: SgNode,
    call: SgNode,
    found: Locals,
    params: set[str],
    *,
    family: str,
    path: str,
    dynamic: Collection[Dynamic] = (),
) -> Statements:
    """The locals of ``found`` a caller cannot write inline (value None) whose one binding is
    a statement it can write before its Dodo call (see the module docstring), with what a
    caller needs to know of it; also those whose value does something (a call, a
    construction) that the params' run-time values (``dynamic``) read more than once: written
    into each, it would run each time. Read only when such a local exists."""
    if family not in FAMILIES:
        return ()
    once = _read_twice(found, dynamic)
    unknown = [n for n, v in found if (v is None or n in once) and n not in params]
    if not unknown:
        return ()
    writes = cached_writes(function, _NAME_KINDS.get(family, _IDENTIFIER))
    text = function.text()
    ctx = context(function.get_root().root(), family, path)
    imports = ctx.imports
    scope = (ctx.namespace, *(u for u in ctx.uses if not _SDK.match(u))) if family in _TYPED else ()
    mine = dict(found)
    out: list[tuple[str, Statement]] = []
    for name in unknown:
        got = _statement(name, writes, call, function, text, family=family)
        if got is None:
            continue
        value, error, declared = got
        inner = _inner(value)
        words = [
            w
            for w in _words(value)
            if w not in params and w not in inner and w not in _KEYWORDS[family]
        ]
        if any(w in writes and w not in mine for w in words):
            continue  # a local it does not know the value of: the caller cannot write it
        outside = tuple(dict.fromkeys((w, imports.get(w, "")) for w in words if w not in mine))
        typed = tuple(
            (w, imports.get(w, ""))
            for w in dict.fromkeys(re.findall(r"[A-Za-z_]\w*", declared))
            if w not in _KEYWORDS[family]
        )
        stmt = Statement(value, error, outside, declared, typed, scope, name in once)
        out.append((name, stmt))
    return tuple(out)


def _read_twice(found: Locals, dynamic: Collection[Dynamic]) -> set[str]:
    """The locals of ``found`` with a value that does something (``wrapper_once.effects``) or
    chooses (``wrapper_once.chooses``) read more than once by the run-time values, directly
    or through other locals."""
    values = dict(found)
    texts = [d.source for d in dynamic]
    counts: dict[str, int] = {}

    def reads(name: str, depth: int = 0) -> int:
        if name not in counts:
            total = sum(_reads(t).count(name) for t in texts)
            if depth < 4:
                total += sum(
                    _reads(v).count(name) * reads(other, depth + 1)
                    for other, v in values.items()
                    if v is not None and other != name
                )
            counts[name] = total
        return counts[name]

    return {
        n
        for n, v in values.items()
        if v is not None and (effects(v) or chooses(v)) and reads(n) > 1
    }


_IDENTIFIER: Final = frozenset({"identifier"})
_SDK: Final = re.compile(r"(?i)(?:com\.)?stripe\b|System\b|java\.lang\b|kotlin\b")
"""The packages and namespaces a wrapper's file may use whole that a caller need not: the
Stripe SDK's (the caller's Dodo call names none of it) and the language's own."""


def _declared(writer: SgNode, family: str) -> str:
    """The type a Java or C# declaration gives its names (``long``, ``var``), a Kotlin
    ``val``'s type annotation (``Long``); "" for none."""
    if family == "kotlin":
        names = [c for c in writer.named_children() if c.kind() == "variable_declaration"]
        types = [c for c in names[0].named_children() if c.kind() != "simple_identifier"]
        return types[0].text() if len(names) == 1 and len(types) == 1 else ""
    if family in ("java", "csharp"):
        holder = writer.parent()
        kind = holder.field("type") if holder is not None else None
        return kind.text() if kind is not None else ""
    return ""


def _statement(
    name: str,
    writes: dict[str, list[tuple[SgNode, SgNode]]],
    call: SgNode,
    function: SgNode,
    text: str,
    *,
    family: str,
) -> tuple[str, str, str] | None:
    """A local's one plain binding before the call, not under a branch or loop that does not
    hold the call, never changed after: its value's text, (Go) the error it binds too, and
    the type it declares (:func:`_declared`)."""
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
    declared = _declared(writer, family)
    if family in ("java", "csharp") and not declared:
        return None  # a field's or another declaration's: not a local's statement
    return source, error, declared


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
    """The names a value's code reads (not in its strings, not members, nor keys), each once."""
    return list(dict.fromkeys(_reads(source)))


@functools.lru_cache(maxsize=256)
def _reads(source: str) -> tuple[str, ...]:
    """The names a value's code reads (not in its strings, not members, nor keys), as often as
    it reads them."""
    spans = string_spans(source)
    out: list[str] = []
    for m in _WORD.finditer(source):
        if any(a <= m.start() < b for a, b in spans) or source[: m.start()].endswith("::"):
            continue  # a string's word, a method reference's method (String::valueOf)
        before = source[: m.start()].rstrip()
        after = source[m.end() :]
        if before[-1:] in ("{", ",", "(") and re.match(r"\s*(?::(?!:)|=(?![=>]))", after):
            continue  # a key's or a keyword argument's name
        out.append(m.group())
    return tuple(out)


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
    "java": "{type} {name} = {code};",
    "csharp": "{type} {name} = {code};",
    "kotlin": "val {name}{type} = {code}",
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
    own: set[str]
    """The names bound here (the caller's other Dodo calls take none: wrapper_once.taken_at)."""
    error_return: str = "return err"
    awaits: bool = True
    """Whether the caller may ``await`` (its function is ``async``)."""
    names: dict[str, str] = field(default_factory=dict)
    """Each wrapper local bound -> the caller's local."""
    inline: dict[str, str] = field(default_factory=dict)
    """Of the caller's locals, those bound once that a value may also write inline
    (:attr:`Statement.once`) -> that code."""
    bindings: list[tuple[str, str]] = field(default_factory=list)
    """The caller's locals and their statements, in order."""

    def bind(self, name: str, state: _Writer, opened: set[str]) -> str | None:
        """The caller's local holding the wrapper's ``name``, its statement written (None: the
        caller cannot write it)."""
        if name in self.names:
            return self.names[name]
        stmt = self.statements.get(name)
        if stmt is None:
            return None
        unseen = not all(self.sees(w, where) for w, where in stmt.outside)
        if (unseen and not stmt.once) or (re.search(r"\bawait\b", stmt.value) and not self.awaits):
            return None
        hidden = len(state.hidden)
        opened.add(name)
        try:
            written = state.rewrite(stmt.value)
        finally:
            opened.discard(name)
        if len(state.hidden) > hidden and not stmt.once:
            del state.hidden[hidden:]
            return None
        # a local read more than once is bound even where it reads what the caller cannot
        # write: written as inline it would be (``TODO_<name>``, X021), but once
        code = _bare(written if written is not None else stmt.value)
        local = name
        n = 2
        while local in self.taken:
            local, n = f"{name}{n}", n + 1
        self.taken.add(local)
        self.own.add(local)
        self.names[name] = local
        if stmt.once:
            self.inline[local] = code
        if stmt.error:
            text = f"{local}, err := {code}\nif err != nil {{\n\t{self.error_return}\n}}"
        else:  # a type the caller does not see: Java's and C#'s `var`, no Kotlin annotation
            seen = stmt.declared and all(self.sees(w, where) for w, where in stmt.typed)
            kind = stmt.declared if seen else "var"
            if self.family == "kotlin":
                kind = f": {stmt.declared}" if seen else ""
            text = _BINDINGS[self.family].format(name=local, code=code, type=kind)
        self.bindings.append((local, text))
        return local


def with_bound(
    dynamic: tuple[Dynamic, ...], bindings: Collection[tuple[str, str]]
) -> tuple[Dynamic, ...]:
    """``dynamic`` with each value's source followed by the statements (``bindings``: each
    caller's local and its statement) of the locals it reads, and of those they read in turn:
    a ``TODO_<name>`` a value holds through a local bound before the call is its own too
    (X021 is said at the value)."""
    texts = dict(bindings)
    if not texts:
        return dynamic
    out = []
    for entry in dynamic:
        held: dict[str, None] = {}
        todo = [n for n in _reads(entry.source) if n in texts]
        while todo:
            name = todo.pop()
            if name not in held:
                held[name] = None
                todo += [n for n in _reads(texts[name]) if n in texts and n != name]
        extra = " ".join(texts[n] for n in held)
        out.append(replace(entry, source=f"{entry.source} {extra}") if extra else entry)
    return tuple(out)


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
    if family in _TYPED:
        return _typed_binder(wrapper, call, source, path, found)

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

    taken, own = taken_at(call, source, "statements")
    cache = file_cache(call)
    binder = Binder(
        found, sees, family, taken | {"client", "err"}, own, error_return, awaits(call, family)
    )
    cache[("bound-locals", start(call))] = binder.names, binder.inline
    return binder


def _typed_binder(
    wrapper: Any, call: SgNode, source: str, path: str, found: dict[str, Statement]
) -> Binder:
    """The binder of a call of a Java, C# or Kotlin wrapper: a name the statement reads is seen
    alike where the caller's file imports the same class or none of that name (the suggestion
    imports the wrapper's: ``wrapper_imports.py``), or has it unimported as the wrapper's file
    does (the same file; the same package or namespace, using whole every one the wrapper's
    file uses; in C# any class the caller's file does not define: the suggestion adds the
    wrapper's namespaces, ``wrapper_imports.py``); a member of the wrapper's class is the
    substitution's (a static one read on its class, another object's where the caller can
    read it, else ``TODO_<member>``: ``migrate/scan/wrapper_state.py``)."""
    family = wrapper.family
    ctx = context(call.get_root().root(), family, path)
    theirs = ctx.imports
    state = wrapper.state
    members = {n for n, _ in (*state.fields, *state.methods)} if state is not None else set()
    scope = next(iter(found.values())).scope
    here = {ctx.namespace, *ctx.uses}
    alike = path == wrapper.file or (
        bool(scope) and scope[0] == ctx.namespace and set(scope[1:]) <= here
    )

    def defined(name: str) -> bool:  # a class of the caller's file by that name
        return (
            re.search(rf"\b(?:class|interface|object|enum|record)\s+{name}\b", source) is not None
        )

    def sees(name: str, where: str) -> bool:
        if name in members:
            return True
        if name in _KEYWORDS[family]:
            return name not in theirs
        if where:  # an import: the same one, or one the suggestion adds (wrapper_imports.py)
            return theirs.get(name) == where or (name not in theirs and not defined(name))
        if family == "csharp":  # the suggestion adds the wrapper's namespaces (the same file)
            return name not in theirs and (alike or not defined(name))
        return alike and name not in theirs

    taken, own = taken_at(call, source, "statements")
    binder = Binder(found, sees, family, taken | {"client"}, own, "", awaits(call, family))
    file_cache(call)[("bound-locals", start(call))] = binder.names, binder.inline
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
    named ``TODO_<local>`` again (or written inline, one a value may write so): as the
    values of a wrapper the caller's function makes, they name no local of that function (its
    callers do not write the statement)."""
    names, inline = file_cache(call).get(("bound-locals", start(call))) or ({}, {})
    if not names:
        return params, dynamic
    pattern = re.compile(r"(?<![\w$.])(" + "|".join(map(re.escape, names.values())) + r")(?![\w$])")
    back = {local: todo_name(wrapper) for wrapper, local in names.items()}
    back.update((local, f"({code})") for local, code in inline.items())

    def text(value: str) -> str:  # again in what it wrote (a local inlined reading another)
        for _ in range(len(back)):
            value, count = pattern.subn(lambda m: back[m.group(1)], value)
            if not count:
                break
        return value

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
    "with_bound",
]
