"""The locals of a wrapper that its Stripe params use, as a caller can write them.

A wrapper's params are read where its Stripe call is: a value it computes before the call is
named there by its local variable (``SuccessURL: stripe.String(back + "?ok=1")`` after ``back :=
c.BaseURL() + "/admin/billing"``). At a call of the wrapper that name means nothing (or, worse,
something else), so each local its params use is recorded with what it holds, in the wrapper's
own terms (its parameters, literals, names from outside the function), for
``migrate/scan/wrappers.py`` to write in the caller's terms. A local is written out only when
its one binding is a plain assignment, made before the call, not under a branch, loop or
``try`` that does not also hold the call, never changed after (no other assignment, ``+=``,
``++``, no method called on it as a statement, no ``&x`` / ``ref x`` / ``out x``), and its value
neither awaits, calls Stripe, nor calls something named like a write (``create``, ``save``,
``send``...: a caller writing it in its own Dodo call would run it again). Any other local (a
loop variable, a destructured name, one bound twice) is recorded as unknown: the caller's
suggestion names it ``TODO_<name>``, defined nowhere (see :func:`todo_name`).

Read from the syntax tree of the wrapper's function: no tree is kept, only texts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterator
from itertools import pairwise
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import DYNAMIC, STRIPE_REQUEST, Dynamic, Extractor, file_cache, start
from migrate.scan.fold_conds import literal
from migrate.scan.loop_filters import GO_SKIP, GO_SKIPPED
from migrate.scan.nodes import is_comment
from migrate.scan.reach import Paths, reaches
from migrate.scan.retry_values import strip_parens

_PATH: Final = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*")
_EMPTY_DEFAULT: Final = re.compile(r"\s*(?:\|\||\?\?)\s*\{\s*\}\s*$")
"""An empty object a destructured parameter falls back to (``const { a } = options || {}``)."""
UNSEEN_LOCAL: Final = "X021"
"""A run-time value naming a local of a wrapper or a helper that its caller cannot see."""

Locals = tuple[tuple[str, str | None], ...]
"""Each local a wrapper's params use -> its value in the wrapper's terms (None: unknown)."""

_FIRST: Final = "#first"
_DECLARED: Final = "#declared"
"""Kotlin's ``val``/``var``: the target is its ``variable_declaration`` child."""
_REST: Final = "#rest"
_ALL: Final = "#all"
_WRITES: Final[dict[str, tuple[str, ...]]] = {
    # Python (Kotlin's assignment has no fields: its first child)
    "assignment": ("left", _FIRST),
    "augmented_assignment": ("left",),
    "for_statement": ("left",),
    "for_in_clause": ("left",),
    "named_expression": ("name",),
    "as_pattern": ("alias",),
    # JavaScript, Java, C#, PHP
    "variable_declarator": ("name", _FIRST),
    "assignment_expression": ("left",),
    "augmented_assignment_expression": ("left",),
    "update_expression": (_ALL,),
    "for_in_statement": ("left",),
    "catch_clause": ("parameter", "name"),
    "enhanced_for_statement": ("name",),
    "catch_formal_parameter": ("name",),
    "resource": ("name",),
    "catch_declaration": ("name",),
    "declaration_expression": ("name",),
    "declaration_pattern": ("name",),
    "postfix_unary_expression": (_ALL,),
    "prefix_unary_expression": (_ALL,),
    "foreach_statement": ("left", _REST),
    # Ruby
    "operator_assignment": ("left",),
    "for": ("pattern",),
    "exception_variable": (_ALL,),
    # Go
    "short_var_declaration": ("left",),
    "var_spec": ("name",),
    "const_spec": ("name",),
    "assignment_statement": ("left",),
    "range_clause": ("left",),
    "inc_statement": (_ALL,),
    "dec_statement": (_ALL,),
    "receive_statement": ("left",),
    # Kotlin (no fields: the declaration holds the name)
    "property_declaration": (_DECLARED,),
}
"""The nodes that give a name a value, and where their targets are (a field; the first named
child; the named children after the first, PHP's ``foreach``; the whole node)."""
_PLAIN: Final = frozenset(
    {
        "assignment",
        "variable_declarator",
        "assignment_expression",
        "short_var_declaration",
        "var_spec",
        "assignment_statement",
        "property_declaration",
    }
)
"""The writes that can be a local's one plain binding (``name = value``)."""
_VALUES: Final = ("right", "value")
_OBJECT_ONLY: Final = frozenset(
    {
        "subscript",
        "subscript_expression",
        "element_reference",
        "index_expression",
        "array_access",
        "element_access_expression",
        "attribute",
        "member_expression",
        "selector_expression",
        "field_access",
        "member_access_expression",
        "call",
    }
)
"""In a target, only the object of these is written (``x[k] = v`` changes ``x``, not ``k``)."""
_CONTROL: Final = frozenset(
    {
        "if",
        "else",
        "elif",
        "elsif",
        "for",
        "foreach",
        "while",
        "do",
        "loop",
        "switch",
        "case",
        "when",
        "match",
        "try",
        "catch",
        "except",
        "rescue",
        "finally",
        "ensure",
        "with",
        "using",
        "until",
        "unless",
        "select",
        "conditional",
        "ternary",
        "begin",
        "lock",
        "communication",
        "range",
        "enhanced",
    }
)
"""Words of the node kinds a statement under which runs maybe, or more than once."""
_VERBS: Final = (
    *("create", "insert", "save", "update", "delete", "destroy", "remove", "send", "post", "put"),
    *("patch", "charge", "register", "upsert", "persist", "store", "write", "push", "enqueue"),
    *("publish", "emit", "increment", "decrement", "sync", "ensure", "add", "set"),
)
_WRITE: Final = (
    r"(?:" + "|".join(f"[{v[0]}{v[0].upper()}]{v[1:]}" for v in _VERBS) + r")(?:[A-Z_]\w*)?[!?]?"
)
IMPURE: Final = re.compile(
    rf"\bawait\b|<-|\byield\b|{STRIPE_REQUEST}"
    rf"|(?<![\w$]){_WRITE}\s*\("
    # a method named like a write called without parentheses (Ruby), or a get-or-create
    rf"|\.{_WRITE}(?![\w$(])|[A-Za-z]\w*(?:_or_create|OrCreate)\w*"
)
"""A value a caller must not compute again: it awaits, receives, yields, calls Stripe or
something named like a write (a verb starting its name: ``create_customer(...)``,
``db.SaveOrder(...)``, Ruby's ``@service.create_customer``, any ``find_or_create_x``)."""
MAX_LOCALS: Final = 32


def todo_name(local: str) -> str:
    """The name defined nowhere that stands for a wrapper local a caller cannot write:
    ``TODO_tenant`` (its sigil left out: ``$tenant``, ``@tenant``; a method, ``name()``, is
    ``TODO_name`` before its arguments)."""
    return "TODO_" + local.lstrip("$@&*.").removesuffix("()")


def through_locals(
    function: SgNode,
    call: SgNode,
    dynamic: Collection[Dynamic],
    *,
    names: Collection[str],
    kinds: tuple[frozenset[str], Callable[[str], list[str]], Collection[str]],
) -> tuple[dict[str, None], list[str]]:
    """The parameters (``names``) the run-time values of a call's params read through the
    function's locals (``url = "https://" + host``, ``chosen = price_id.strip()``), and the
    paths of the values that do: a wrapper whose parameters reach its Stripe call only that
    way is a wrapper too (its callers' values are written out through the locals).
    ``kinds``: the language's node kinds of a name, how a text's names are read, and the
    names bound where no caller sees them (as :func:`wrapper_locals` takes them)."""
    name_kinds, identifiers, unknown = kinds
    used: dict[str, None] = {}
    paths: list[str] = []
    params = set(names)
    sources = {entry.path: identifiers(entry.source) for entry in dynamic}
    if not any(sources.values()):
        return used, paths  # no name read at all: no local to follow
    everything = [n for read in sources.values() for n in read]
    found = dict(
        wrapper_locals(
            function,
            call,
            name_kinds,
            used=everything,
            params=params,
            identifiers=identifiers,
            unknown=unknown,
        )
    )
    for path, read in sources.items():
        reached: dict[str, str | None] = {}
        todo = [n for n in read if n in found]
        while todo:  # the locals this value reads, and those their values read in turn
            name = todo.pop()
            if name in reached:
                continue
            reached[name] = found[name]
            todo += [n for n in identifiers(found[name] or "") if n in found]
        named = [n for v in reached.values() if v for n in identifiers(v) if n in params]
        if named and None not in reached.values():
            used.update(dict.fromkeys(named))
            paths.append(path)
    return used, paths


def wrapper_locals(
    function: SgNode,
    call: SgNode,
    name_kinds: frozenset[str],
    *,
    used: list[str],
    params: set[str],
    identifiers: Callable[[str], list[str]],
    unknown: Collection[str] = (),
    paths: Paths | None = None,
) -> Locals:
    """The locals of ``function`` that the texts ``used`` (its params' run-time values) name,
    and those their values name in turn, each with its value (None: not one a caller can
    write); ``name_kinds``: the language's node kinds of a variable name, ``params``: the
    function's parameter names, ``identifiers`` reads the names of a text, ``unknown``: names
    bound where no caller can see them (the parameters of a callback the call is in);
    ``paths``: the language's, to leave out a write that never reaches the call."""
    writes = _cached_writes(function, name_kinds)
    text = function.text()
    out: dict[str, str | None] = {}
    moved = reassigned(writes, params, call, paths)
    todo = [n for n in used if n not in params or n in unknown or n in moved]
    while todo and len(out) < MAX_LOCALS:
        name = todo.pop(0)
        if name in out:
            continue
        if name in unknown:
            out[name] = None
            continue
        if (name in params and name not in moved) or name not in writes:
            continue
        value = _value(name, writes[name], call, function, text)
        if value is None and name in moved:
            value = _defaulted(name, writes[name], call, function)
        out[name] = value
        if value is not None:  # a name the value binds itself (`for i in items`) is its own
            inner = _bound_inside(writes, writes[name][0][0]) if len(writes[name]) == 1 else ()
            todo.extend(n for n in identifiers(value) if n not in inner)
        elif len(writes[name]) == 1:  # a statement a caller may write (wrapper_statements.py):
            bound = _value_node(writes[name][0][0])  # the locals it reads are the caller's too
            todo.extend(identifiers(bound.text()) if bound is not None else ())
    return tuple(out.items())


def _bound_inside(writes: dict[str, list[tuple[SgNode, SgNode]]], writer: SgNode) -> set[str]:
    """The names only a comprehension inside ``writer`` binds (``total = sum(i.cents for i in
    items)``: ``i``): the value binds them itself, they are no locals a caller needs."""
    rng = writer.range()
    return {
        name
        for name, found in writes.items()
        if all(
            w.kind() == "for_in_clause"
            and rng.start.index <= start(w)
            and w.range().end.index <= rng.end.index
            for w, _ in found
        )
    }


def reassigned(
    writes: dict[str, list[tuple[SgNode, SgNode]]],
    params: Collection[str],
    call: SgNode,
    paths: Paths | None = None,
) -> frozenset[str]:
    """The parameters given another value before ``call`` (``seats = max(seats, 3)``, ``if
    seats < 3 { seats = 3 }``): at the call they hold what the wrapper made of the caller's
    argument, not the argument. Each is a local: written out in the caller's terms (its own
    value's reads of it are the argument) when one plain assignment binds it, else unknown
    (``TODO_<name>``), never the caller's argument passed through (review: ``team(2)`` was a
    quantity of 2 for a cart of 3)."""
    at = start(call)
    return frozenset(
        name
        for name in params
        if any(
            start(w) < at
            and not _apart(w, t, name, call)
            and (paths is None or reaches(paths, w, at))  # not in a branch that returns first
            for w, t in writes.get(name, ())
        )
    )


_ARMS: Final = frozenset({"if", "unless", "case", "switch", "match", "when"})
"""Words of the kinds of a conditional whose arms run one or the other."""


def _apart(writer: SgNode, target: SgNode, name: str, call: SgNode) -> bool:
    """Whether a write sets a member of ``name`` (``order.status = :paid``, ``$o['k'] = v``:
    the same object, not another value) in an arm of a conditional whose other arm holds
    ``call``: it never reaches the call, so the parameter is still the caller's argument."""
    if _single(target).text() == name:
        return False  # the name given another value
    path = [writer, *writer.ancestors()]
    for below, above in pairwise(path):
        rng = above.range()
        if not (rng.start.index <= start(call) and call.range().end.index <= rng.end.index):
            continue
        if not set(above.kind().split("_")) & _ARMS:
            return False
        holder = next((c for c in above.children() if _holds(c, call)), None)
        test = above.field("condition")
        return holder is not None and holder != below and test not in (below, holder)
    return False


def _holds(node: SgNode, call: SgNode) -> bool:
    rng = node.range()
    return rng.start.index <= start(call) and call.range().end.index <= rng.end.index


def _value(
    name: str, found: list[tuple[SgNode, SgNode]], call: SgNode, function: SgNode, text: str
) -> str | None:
    """A local's value when it is one a caller can write (see the module docstring)."""
    if len(found) != 1:
        return None
    writer, target = found[0]
    filled = _filled_in(writer)  # `back ??= "/billing"`: `back ?? "/billing"`
    key = _pattern_key(target, name)
    if (writer.kind() not in _PLAIN and filled is None) or (
        _single(target).text() != name and key is None
    ):
        return None
    value = _value_node(writer)
    if value is None or writer.range().end.index > start(call):
        return None
    if _controlled(writer, call, function) or _changed(name, text):
        return None
    source = _single(value).text()
    if key is not None:  # const { priceId } = args: args.priceId, of a name path only
        source = _EMPTY_DEFAULT.sub("", source)  # `options || {}`: options, when it is given
        return f"{source}.{key}" if _PATH.fullmatch(source) else None
    if IMPURE.search(source):
        return None
    return f"{name} {filled} {source}" if filled is not None else source


def text_of(node: SgNode | None) -> str:
    return node.text() if node is not None and node.kind() == "identifier" else ""


def _pattern_key(target: SgNode, name: str) -> str | None:
    """The key a JavaScript object pattern reads into ``name`` (``{ priceId }``, ``{ price:
    name }``; not one with a default, nested or rest); None for any other target."""
    if target.kind() != "object_pattern":
        return None
    for part in target.named_children():
        if part.kind() == "shorthand_property_identifier_pattern" and part.text() == name:
            return name
        key, value = part.field("key"), part.field("value")
        if part.kind() == "pair_pattern" and key is not None and text_of(value) == name:
            return key.text() if key.kind() == "property_identifier" else None
    return None


def _filled_in(writer: SgNode) -> str | None:
    """The operator of a JavaScript assignment that sets a variable only when it is unset
    (``x ??= v``, ``x ||= v``: ``??``, ``||``), which reads as ``x ?? v``; else None."""
    if writer.kind() != "augmented_assignment_expression":
        return None
    op = writer.field("operator")
    return op.text()[:-1] if op is not None and op.text() in ("??=", "||=") else None


_ONE_STATEMENT: Final = ("expression_statement", "block", "statement_block")
_ABSENT: Final = {
    "assignment": ("{n} is None", "not {n}", "{n} == None"),
    "assignment_expression": (
        "!{n}",
        "{n} == null",
        "{n} === null",
        "{n} == undefined",
        "{n} === undefined",
        'typeof {n} === "undefined"',
        "typeof {n} === 'undefined'",
        'typeof {n} == "undefined"',
    ),
}
"""Python's and JavaScript's tests of a parameter given no value, by the kind of assignment."""


def _defaulted(
    name: str, found: list[tuple[SgNode, SgNode]], call: SgNode, function: SgNode
) -> str | None:
    """A Python or JavaScript/TypeScript parameter given its default in the body (``if
    success_url is None: success_url = url_for(...)``, ``if (!back) back = url;``: an ``if`` of
    that one statement, no ``else``, before the call): the choice between the default and the
    caller's argument, in the wrapper's terms (its reads of the parameter are the argument)."""
    if len(found) != 1:
        return None
    writer, target = found[0]
    value = _value_node(writer)
    tests = _ABSENT.get(writer.kind())
    if tests is None or value is None or _single(target).text() != name:
        return None
    branch = writer.parent()
    while branch is not None and branch.kind() in (
        "expression_statement",
        "block",
        "statement_block",
    ):
        branch = branch.parent() if len(branch.named_children()) == 1 else None
    if branch is None or branch.kind() != "if_statement" or branch.field("alternative"):
        return None
    test = branch.field("condition")
    if test is None or branch.range().end.index > start(call):
        return None
    if _controlled(branch, call, function) or IMPURE.search(value.text()):
        return None
    cond = " ".join(strip_parens(test.text().strip()).split())
    if cond not in [form.format(n=name) for form in tests]:
        return None
    if writer.kind() == "assignment":
        return f"({value.text()} if {cond} else {name})"
    return f"({cond} ? {value.text()} : {name})"


_SETTLED: Final = re.compile(
    r"\((?P<v>.+) if (?:None is None|not None|None == None) else None\)"
    r"|\((?:!undefined|undefined ===? (?:null|undefined)|typeof undefined ===? "
    r"(?:\"undefined\"|'undefined')) \? (?P<js>.+) : undefined\)"
)


def settled(text: str, family: str) -> str:
    """A parameter's default given in the body (:func:`_defaulted`) at a call that
    passes no argument: the default itself, not a test of an absent value."""
    m = _SETTLED.fullmatch(text)
    if m is not None:
        return m["v"] or m["js"]
    value = literal(text) if family in ("python", "node") else None
    if type(value) is str and "\\" not in value:  # `undefined ?? "/billing"`: "/billing"
        return json.dumps(value)
    return text


def _value_node(writer: SgNode) -> SgNode | None:
    for name in _VALUES:
        found = writer.field(name)
        if found is not None:
            return found
    children = [c for c in writer.named_children() if not is_comment(c)]
    if writer.kind() == "property_declaration":  # Kotlin: ``val name = value``
        given = any(c.kind() == "=" for c in writer.children())
        return children[-1] if given and len(children) > 2 else None
    if writer.kind() == "assignment" and writer.field("right") is None:  # Kotlin
        return children[-1] if len(children) > 1 else None
    return children[-1] if writer.kind() == "variable_declarator" and len(children) > 1 else None


def _single(node: SgNode) -> SgNode:
    """The one element of a one-element list (Go's ``expression_list``)."""
    children = [c for c in node.named_children() if not is_comment(c)]
    if node.kind() in ("expression_list", "pattern_list") and len(children) == 1:
        return children[0]
    return node


def _controlled(writer: SgNode, call: SgNode, function: SgNode) -> bool:
    """Whether a binding is under a branch, loop or ``try`` that does not also hold the call."""
    at = call.range()
    for ancestor in writer.ancestors():
        if ancestor == function:
            return False
        words = set(ancestor.kind().split("_"))
        rng = ancestor.range()
        holds = rng.start.index <= at.start.index and at.end.index <= rng.end.index
        if words & _CONTROL and not holds:
            return True
    return False


def _changed(name: str, text: str) -> bool:
    """Whether a function's text changes a local other than by assigning it: a method called
    on it as a statement (``items.append(x)``, ``items << x``), its address taken (``&x``) or
    passed by reference (``ref x``, ``out x``)."""
    word = re.escape(name)
    return (
        re.search(rf"^\s*{word}\s*(?:\.|->|\?\.|\[|<<)", text, re.MULTILINE) is not None
        or re.search(rf"(?<![&\w])&\s*{word}\b|\b(?:ref|out)\s+{word}\b", text) is not None
    )


def written_names(function: SgNode, name_kinds: frozenset[str]) -> frozenset[str]:
    """The names ``function`` gives a value in any way (read once per function and file)."""
    cache = file_cache(function)
    key = ("written-names", function)
    found: frozenset[str] | None = cache.get(key)
    if found is None:
        found = cache[key] = frozenset(_cached_writes(function, name_kinds))
    return found


def _cached_writes(
    function: SgNode, names: frozenset[str]
) -> dict[str, list[tuple[SgNode, SgNode]]]:
    """:func:`_writes`, read once per function (a wrapper's locals are asked more than once)."""
    cache = file_cache(function)
    key = ("wrapper-writes", function, names)
    found: dict[str, list[tuple[SgNode, SgNode]]] | None = cache.get(key)
    if found is None:
        found = cache[key] = _writes(function, names)
    return found


def _writes(function: SgNode, names: frozenset[str]) -> dict[str, list[tuple[SgNode, SgNode]]]:
    """Each name given a value in ``function`` (nested functions too: a name bound there
    counts against the outer one), with the writing node and its target."""
    out: dict[str, list[tuple[SgNode, SgNode]]] = {}
    for node in _descendants(function):
        spec = _WRITES.get(node.kind())
        if spec is None or _member_init(node):
            continue
        for target in _targets(node, spec):
            for ident in _written(target, names):
                out.setdefault(ident.text(), []).append((node, target))
    return out


def _member_init(node: SgNode) -> bool:
    """Whether an assignment sets a member of a new object (C#'s ``new T { Price = p }``),
    not a local."""
    parent = node.parent()
    return parent is not None and parent.kind() == "initializer_expression"


def _descendants(node: SgNode) -> Iterator[SgNode]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children()))


def _targets(node: SgNode, spec: tuple[str, ...]) -> list[SgNode]:
    children = [c for c in node.named_children() if not is_comment(c)]
    if node.kind() in ("postfix_unary_expression", "prefix_unary_expression"):
        return children if re.search(r"\+\+|--", node.text()) else []
    for where in spec:
        if where == _ALL:
            return [node]
        if where == _FIRST:
            return children[:1]
        if where == _REST:
            return [c for c in children[1:] if c != node.field("body")]
        if where == _DECLARED:
            return [c for c in children if c.kind() == "variable_declaration"][:1]
        found = node.field(where)
        if found is not None:
            return [found]
    return []


def _written(target: SgNode, names: frozenset[str]) -> Iterator[SgNode]:
    """The names a target gives a value (a pattern's names; the object of ``x.y`` / ``x[k]``)."""
    stack = [target]
    while stack:
        node = stack.pop()
        if node.kind() in names or node.kind() == "shorthand_property_identifier_pattern":
            yield node  # a name, or one a JavaScript object pattern binds (`{ priceId }`)
            continue
        children = [c for c in node.named_children() if not is_comment(c)]
        if node.kind() in _OBJECT_ONLY:
            children = children[:1]
        stack.extend(children)


# -- the text of string literals ----------------------------------------------------------------

_HOLES: Final = re.compile(r"#\{|\$\{|\{\$|\$(?=[A-Za-z_])")
"""Where code starts inside a double-quoted or template string (Ruby ``#{}``, JavaScript
``${}``, PHP ``{$x}`` and ``$x``)."""


def string_spans(source: str) -> list[tuple[int, int]]:
    """The spans of an expression's text that are the literal text of a string (not code):
    its quotes' contents, less the interpolated parts (``#{...}``, ``${...}``, PHP's ``$x``,
    a Python f-string's or C# ``$"..."``'s ``{...}``). A name in them is no variable."""
    out: list[tuple[int, int]] = []
    at = 0
    while at < len(source):
        quote = source[at]
        if quote not in "\"'`":
            at += 1
            continue
        prefix = re.search(r"[A-Za-z$@]*$", source[:at])
        braces = prefix is not None and bool(re.search(r"[fF$]", prefix.group()))
        end = at + 1
        begin = end
        while end < len(source) and source[end] != quote:
            if source[end] == "\\":
                end += 2
                continue
            hole = None
            if quote != "'" or braces:
                found = _HOLES.match(source, end)
                if (
                    braces and source.startswith("{", end) and not source.startswith("{{", end)
                ) or (found is not None and quote != "'"):
                    hole = end
            if hole is None:
                end += 1
                continue
            out.append((begin, hole))
            end = _hole_end(source, hole)
            begin = end
        out.append((begin, min(end, len(source))))
        at = end + 1
    return [(a, b) for a, b in out if b > a]


def fstring_holes(source: str) -> list[tuple[int, int, str]]:
    """The ``{...}`` parts of the Python f-strings in an expression's text (begin, end, and the
    string's quote): what is written into one must not hold that quote, which ends the string
    before Python 3.12."""
    out: list[tuple[int, int, str]] = []
    at = 0
    while at < len(source):
        quote = source[at]
        if quote not in "\"'":
            at += 1
            continue
        close = quote * 3 if source.startswith(quote * 3, at) else quote
        prefix = re.search(r"[A-Za-z]*$", source[:at])
        braces = prefix is not None and "f" in prefix.group().lower() and len(close) == 1
        end = at + len(close)
        while end < len(source) and not source.startswith(close, end):
            if source[end] == "\\" or (braces and source.startswith("{{", end)):
                end += 2
            elif braces and source[end] == "{":
                hole = _hole_end(source, end)
                out.append((end, hole, quote))
                end = hole
            else:
                end += 1
        at = end + len(close)
    return out


def requoted(code: str, quote: str) -> str:
    """``code``, written into an f-string hole of ``quote``, with its own strings in the other
    quote when that is plain (no escape, no other quote in it): ``reverse('home')`` in
    ``f'{...}'`` is ``reverse("home")``."""
    other = '"' if quote == "'" else "'"
    if quote not in code or other in code or "\\" in code:
        return code
    return code.replace(quote, other)


def _hole_end(source: str, at: int) -> int:
    """Where an interpolated part that starts at ``at`` ends (after its closing brace; PHP's
    ``$name`` after the name)."""
    if source[at] == "$" and not source.startswith("${", at):
        found = re.match(r"\$[A-Za-z_]\w*(?:->[A-Za-z_]\w*)*", source[at:])
        return at + (found.end() if found is not None else 1)
    depth = 0
    for end in range(at, len(source)):
        if source[end] == "{":
            depth += 1
        elif source[end] == "}":
            depth -= 1
            if depth == 0:
                return end + 1
    return len(source)


def in_each(item: Any, var: str) -> Any:
    """An each's element template with its own variable ``var`` written as itself: the each
    binds it (a loop variable is a helper local the call cannot see anywhere else)."""
    todo = re.compile(rf"\b{re.escape(todo_name(var))}\b")
    if type(item) is str:
        return todo.sub(lambda _: var, item)
    if type(item) is dict:
        return {k: in_each(v, var) for k, v in item.items()}
    if type(item) is list:
        return [in_each(v, var) for v in item]
    return item


def loop_bound(extractor: Extractor, name: SgNode, loop: SgNode) -> bool:
    """Whether a name with no binding of its own is one ``loop`` gives a value (an index, a
    key, a block's other parameter, a destructured part): written in the loop, or a parameter
    of a block inside it. A map written for the loop cannot name it."""
    text = name.text()
    if text in written_names(loop, extractor.name_kinds):
        return True
    scope = extractor.scope(name)
    while scope != loop and start(loop) <= start(scope) and _end(scope) <= _end(loop):
        if extractor.is_parameter(scope, text):
            return True
        outer = extractor.scope(scope)
        if outer == scope:
            break
        scope = outer
    return False


def _end(node: SgNode) -> int:
    return node.range().end.index


def each_own(out: dict[str, Any], each: dict[str, Any]) -> dict[str, Any]:
    """An each written in a caller's terms with its own variable written as itself in its
    element (the Dodo call's loop binds it: ``seat.ExtraPrice``, not ``TODO_seat.ExtraPrice``),
    and the loop's text naming the wrapper's locals its element and collection do not need as
    the loop writes them: they are the loop's workings, no name the Dodo call writes (review: a
    Go loop over ``cart.Seats`` named seven locals the call could not see, and the element's
    amount read ``TODO_seat``)."""
    item = in_each(each.get("item"), each["as"])
    over = each.get("over")
    skipped = GO_SKIPPED.fullmatch(over) if type(over) is str else None
    if skipped is not None:  # the loop's filter reads its element too (``!(row.Qty > 0)``)
        over = f"{skipped['over']} {GO_SKIP.format(in_each(skipped['cond'], each['as']))}"
    needed = repr((over, item))
    source = re.sub(
        r"\bTODO_(\w+)",
        lambda m: m.group() if m.group() in needed else m.group(1),
        str(out[DYNAMIC]),
    )
    return {**out, DYNAMIC: source, "$each": {**each, "over": over, "item": item}}


def rebound_paths(
    dynamic: Collection[Dynamic],
    params: Collection[str],
    found: Locals,
    identifiers: Callable[[str], list[str]],
) -> tuple[str, ...]:
    """The params paths whose run-time values read, of a wrapper's ``params``, only those it
    gives, before its call, a value no caller can write (``found``: its locals, None for such
    a value; ``amount, fee = with_fee(amount)``, ``[amount] = withFee(amount)``): it sends
    that value, which the caller's argument only goes into, not the argument. Never the whole
    params (``args = wp_parse_args(args, defaults)``: a merge the caller's keys go through)."""
    rebound = {name for name, value in found if value is None and name in params}
    out: dict[str, None] = {}
    for entry in [e for e in dynamic if e.path] if rebound else ():
        read = [n for n in identifiers(entry.source) if n in params]
        if read and all(n in rebound for n in read):
            out[entry.path] = None
    return tuple(out)


PLAIN: Final = _PLAIN
cached_writes: Final = _cached_writes
changed: Final = _changed
controlled: Final = _controlled
single: Final = _single
value_node: Final = _value_node
"""For ``migrate/scan/wrapper_statements.py``, which writes a local's binding at a caller."""
