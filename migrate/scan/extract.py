"""Turn a matched call into Stripe params, using only ast-grep's node API.

``Extractor`` holds what every language shares: recording run-time values as dynamic, following
a name to the literal last bound to it above the use (in the same function, else at module
level), later ``name["key"] = value`` assignments, and merging spreads of such literals. Each
language subclasses it (``migrate/scan/lang/``) to say which nodes are literals, bindings and
scopes, and how a call passes its params.

Literals become values (dicts, lists, strings, numbers, booleans, None). Anything computed at
run time becomes the marker ``{"$dynamic": "<source text>"}`` and is listed in ``dynamic``; so
does a literal that cannot be read: nested deeper than ``migrate.readers.limits.MAX_DEPTH`` or
a number Python cannot convert (more than 4,300 digits).
"""

from __future__ import annotations

import bisect
import codecs
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final

from ast_grep_py import SgNode, SgRoot

from migrate.mapping.expr import Expr
from migrate.readers.limits import MAX_DEPTH as MAX_NESTING
from migrate.readers.limits import too_large
from migrate.scan.field_state import field_may_change
from migrate.scan.int_arith import folded
from migrate.scan.line_choices import LINE, one_of_two_lines
from migrate.scan.nodes import is_comment, of_kind
from migrate.scan.offload import arguments_of as _arguments
from migrate.scan.offload import offload_at
from migrate.scan.patterns import CallPattern, Family
from migrate.scan.reach import Paths, reaches

DYNAMIC: Final = "$dynamic"
CHOICE: Final = "$choice"
EACH: Final = "$each"
LOCAL: Final = "$local"
"""Beside ``$dynamic``: a value a followed helper computes from a local the call cannot name (an
awaited call's result): known at run time inside the helper only, its source is the helper's
text, which must never be written into the Dodo call (``migrate/scan/follow.py``)."""
STRIPE_REQUEST: Final = r"\b(?:[Ss]tripe|STRIPE)(?:Client)?\s*(?:\.|::)\s*[\w.:]+\s*\("
"""A call of the Stripe API in an expression's text (``stripe.customers.create(``,
``this.stripe.x(``, ``Stripe::Customer.create(``): a value holding one must not be computed
again elsewhere (the follower, a wrapper's locals)."""
NO_PARAMS: Final = frozenset({"nil", "None", "null", "NULL", "undefined", "{}", "[]", "array()"})
"""Params written as nothing (each language's null, an empty map): a call with no params."""


def empty_params(node: SgNode) -> bool:
    """Whether ``node`` is params written as nothing (:data:`NO_PARAMS`): merged, it adds no key
    (``subscription.Cancel(id, nil)`` is a cancel without params, not params built at run
    time)."""
    return node.text().strip() in NO_PARAMS


MAX_DEPTH: Final = 16
"""How many names deep a value is followed (guards against ``a = b; b = a``)."""

OMIT: Final = object()
"""A value that leaves its key out (JavaScript's ``undefined``), as Stripe's SDKs do."""


@dataclass(frozen=True, slots=True)
class Dynamic:
    """A value known only at run time: where it goes in the params and its source text.

    ``path`` is a Stripe params path (``line_items[0].price``); for a spread or keyword
    unpacking that cannot be followed it is the object spread into (``""`` for the top level).
    """

    path: str
    source: str
    before: tuple[str, ...] = field(default=(), compare=False)
    """For an object merged whole into one the code writes key by key: the keys written before
    it (``{"k": v, **extra}``, ``putMetadata("k", v)`` then ``putAllMetadata(extra)``), which its
    own keys win over, as they win over none written after it."""

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "source": self.source}


@dataclass(frozen=True, slots=True)
class Extracted:
    """The params of one call, with ``$dynamic`` markers, and every dynamic value found."""

    params: dict[str, Any]
    dynamic: tuple[Dynamic, ...] = ()
    options: tuple[tuple[str, str], ...] = ()
    """Stripe request options the params set (Go's embedded ``stripe.Params``): name, source
    (the name ``RUN_TIME_OPTIONS``: options that cannot be read, such as ``Params: base``)."""


RUN_TIME_OPTIONS: Final = ""
"""The name of request options that cannot be read (computed at run time) in a list of
``(name, source)`` options (``migrate/scan/options.py``: X022)."""


def _written_again(dynamic: Dynamic, path: str, key: str) -> Dynamic:
    """``dynamic`` with ``key`` no more among the keys written before it, when it is an object
    merged in at ``path`` before ``key`` was written again."""
    if dynamic.path != path or key not in dynamic.before:
        return dynamic
    return Dynamic(dynamic.path, dynamic.source, tuple(k for k in dynamic.before if k != key))


def is_dynamic(value: Any) -> bool:
    """Whether ``value`` is a run-time marker: a dict whose first key is ``$dynamic`` (an
    opaque value, or a ``$choice`` / ``$each`` one: ``migrate/scan/flow.py``)."""
    return type(value) is dict and bool(value) and next(iter(value)) == DYNAMIC


def dynamic_marker(source: str) -> dict[str, str]:
    return {DYNAMIC: source}


def choice_marker(source: str, cond: str, then: Any, else_: Any) -> dict[str, Any]:
    """``cond ? then : else_`` (``source`` the whole text, each branch a literal or a marker)."""
    return {DYNAMIC: source, CHOICE: {"if": cond, "then": then, "else": else_}}


def each_marker(source: str, over: str, var: str, item: Any) -> dict[str, Any]:
    """A list built by mapping ``over`` element by element (``var``) to ``item``."""
    return {DYNAMIC: source, EACH: {"over": over, "as": var, "item": item}}


def joined_lists(parts: Iterable[Any]) -> list[Any] | None:
    """The lists ``parts`` (as a reader read them) one after the other, a mapped list spliced in
    whole, in place (``[*lines, fee]``, ``lines.concat([fee])``); None when one is no list read."""
    out: list[Any] = []
    for got in parts:
        if type(got) is list:
            out.extend(got)
        elif type(got) is dict and EACH in got:
            out.append(got)  # a mapped list spliced in: its elements, in place
        else:
            return None
    return out


def spliced(source: str, over: str, path: str) -> dict[str, Any]:
    """A list the scanner cannot read (``over``), spliced into the list at ``path`` (``source``:
    ``[*items, x]``, ``[...items, x]``, ``addAllLineItem(items)``): in line items, one line per
    element of it, each read at run time through its own ``price`` and ``quantity`` (RT003), not
    one line whose price is the list's; anywhere else, one value known only at run time."""
    if path.rpartition(".")[2] != "line_items":
        return dynamic_marker(source)
    return each_marker(source, over, "item", dynamic_marker("item"))


def without_dynamic(value: Any) -> Any:
    """``value`` with every ``$dynamic`` marker removed (dict entries and list elements)."""
    if type(value) is dict:
        return {k: without_dynamic(v) for k, v in value.items() if not is_dynamic(v)}
    if type(value) is list:
        return [without_dynamic(v) for v in value if not is_dynamic(v)]
    return value


def with_exprs(value: Any, path: str = "") -> Any:
    """``value`` with every ``$dynamic`` marker as an ``Expr`` (its source and params path): the
    translator carries the ones its rules can into the Dodo call and leaves the others out.

    A ``$choice`` marker becomes a choice (each branch converted at the same path), an
    ``$each`` marker an each (its item template at ``path[]``); a malformed one (a branch or
    template missing, a name that is not text) is an opaque value, its whole source."""
    if is_dynamic(value):
        return _marker_expr(value, path)
    if type(value) is dict:
        out = {k: with_exprs(v, join(path, str(k))) for k, v in value.items()}
        return one_of_two_lines(out, path) if LINE.search(path) else out
    if type(value) is list:
        return [with_exprs(v, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


def _marker_expr(marker: dict[str, Any], path: str) -> Expr:
    source = str(marker[DYNAMIC])
    if marker.get(LOCAL) is True:
        return Expr(source, path, local=True)
    choice, each = marker.get(CHOICE), marker.get(EACH)
    if type(choice) is dict and {"if", "then", "else"} <= set(choice):
        cond = choice["if"]
        then, other = choice["then"], choice["else"]
        if type(cond) is str and _two_items(then, other) and not LINE.search(path):
            # a price or an inline price kept whole for a Checkout line (follow_base's
            # price_or_inline): any other item (a subscription's) is read key by key
            keys = dict.fromkeys([*then, *other])
            split = {k: choice_marker(source, cond, then.get(k), other.get(k)) for k in keys}
            return with_exprs(split, path)  # type: ignore[no-any-return]
        if type(cond) is str:
            then, else_ = with_exprs(choice["then"], path), with_exprs(choice["else"], path)
            return Expr.choice(source, path, cond, then, else_)
    if type(each) is dict and {"over", "as", "item"} <= set(each):
        over, var = each["over"], each["as"]
        if type(over) is str and type(var) is str and over and var:
            # an each in a list's element (a mapped list spread into it) stands for elements
            # at that place: its template has the element's path
            at = path if path.endswith("]") else f"{path}[]"
            return Expr.each(source, path, over, var, with_exprs(each["item"], at))
    return Expr(source, path)


def _two_items(then: Any, other: Any) -> bool:
    """Whether ``then`` and ``other`` are two items, one with ``price`` and the other with
    ``price_data``."""
    if type(then) is not dict or type(other) is not dict or is_dynamic(then) or is_dynamic(other):
        return False
    return {"price", "price_data"} <= {*then, *other} and not (
        {"price", "price_data"} <= set(then) or {"price", "price_data"} <= set(other)
    )


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def key_path(keys: Iterable[Any]) -> str:
    """The params path of nested keys, a list index in brackets as everywhere else
    (``line_items[0].price_data``, not ``line_items.0.price_data``); a ``metadata`` key is
    free text, kept as it is even when it is digits."""
    out, last = "", ""
    for key in map(str, keys):
        index = key.isdigit() and out and last != "metadata"
        out += f"[{key}]" if index else (f".{key}" if out else key)
        last = key
    return out


def under(path: str, root: str) -> bool:
    """Whether params path ``path`` is ``root`` or inside it."""
    return path == root or path.startswith((f"{root}.", f"{root}["))


def option_source(value: Any) -> str:
    """How a request option's value read from the params is shown: a run-time value's source,
    a literal as written (a string quoted)."""
    if is_dynamic(value):
        return str(value[DYNAMIC])
    return repr(value) if type(value) is str else json.dumps(value, default=str)


_REQUIRED: Final = re.compile(
    r"^(?:line_items|items|price|plan|amount|currency|mode|client_reference_id)(?:$|[.\[])"
    r"|(?:^|\.)metadata\."
)
"""Params a call cannot go without (the cart, a charge's amount), and values Dodo keeps as
metadata text (a key cannot be left out by a choice there): ``x || undefined`` stays one
run-time value."""


def may_be_absent(path: str) -> bool:
    """Whether the param at ``path`` may be left out, so that ``x || undefined`` (``x or
    None``, ``$x ?? null``) is the choice between ``x`` and nothing."""
    return _REQUIRED.match(path) is None


Binding = tuple[int, SgNode, int]
"""``(start offset, value node, end offset)`` of one assignment of a name."""


@dataclass
class Extractor:
    """Reads one call's params. Subclasses set the class attributes and implement ``literal``
    (and ``params`` when the call does not pass one params argument or keyword arguments)."""

    family: ClassVar[Family]
    functions: ClassVar[frozenset[str]] = frozenset()
    """Node kinds that open a scope for names (functions, methods, lambdas, blocks)."""
    wrappers: ClassVar[frozenset[str]] = frozenset({"parenthesized_expression"})
    """Node kinds that only wrap one expression (parentheses, casts, ``await``)."""
    bindings_spec: ClassVar[tuple[tuple[str, str, str], ...]] = ()
    in_place_kinds: ClassVar[tuple[str, ...]] = ()
    """Node kinds that change a name from its own value (``total += x``, ``n++``); an
    assignment of ``bindings_spec`` with such an operator (Java's, Go's ``+=``) is one too."""
    """``(node kind, target field, value field)`` of the statements that bind a name; the last
    one is the plain assignment also used for ``name[key] = value``."""
    name_kinds: ClassVar[frozenset[str]] = frozenset({"identifier"})
    """Node kinds of a plain variable name (PHP's ``variable_name``)."""
    paths: ClassVar[Paths | None] = None
    """How the language branches and leaves a block (None: every statement above reaches)."""

    dynamic: list[Dynamic] = field(default_factory=list)
    depth: int = 0
    nesting: int = 0
    """How many literals deep ``value`` is (a dict in a list in a dict is 3)."""
    source: str = ""
    """The whole file's text (for languages whose guards look at imports)."""
    file: str = ""
    """The file's path, when known (Go: the other files of its folder declare constants)."""
    options: list[tuple[str, str]] = field(default_factory=list)
    """Request options found among the params (left out of them): name, source."""
    hidden: list[tuple[str, str]] = field(default_factory=list)
    """Locals of a helper followed into that the call cannot see (each ``TODO_<local>`` in the
    params), with the helper's description."""
    borrowed: list[tuple[str, str, str, str]] = field(default_factory=list)
    """Constants a followed helper of another file reads through its module's imports: the name,
    the file declaring it, its name there and the module as imported (borrowed_imports.py)."""

    # -- hooks ---------------------------------------------------------------------------

    def accept(self, call: SgNode, pattern: CallPattern) -> bool:
        """Whether ``call`` really is what ``pattern.guard`` says (imports, receiver types)."""
        return pattern.guard is None

    def params(self, call: SgNode, pattern: CallPattern) -> dict[str, Any]:
        """The params passed to ``call``: the first argument by default, the second when the
        first is the object's id (``pattern.id_arg``)."""
        params: dict[str, Any] = {}
        for index, arg in enumerate(arguments(call)):
            if index < (1 if pattern.id_arg else 0):
                continue
            self.merge(params, arg, "", arg.text())
            break
        return params

    def id_node(self, call: SgNode, pattern: CallPattern) -> SgNode | None:
        """The node holding the id of the object a call around Checkout acts on (an endpoint
        with ``{id}``, ``Subscription.modify(id, ...)``): the first argument by default."""
        args = arguments(call)
        return args[0] if args else None

    def literal(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``(value,)`` when ``node`` (unwrapped) is a literal or a name bound to one."""
        raise NotImplementedError

    def key_of(self, target: SgNode, name: str) -> str | None:
        """The key when ``target`` is ``name[key]`` / ``name.key`` (an assignment target)."""
        return None

    # -- the call ------------------------------------------------------------------------

    def call(self, call: SgNode, pattern: CallPattern) -> Extracted:
        params = self.params(call, pattern)
        return Extracted(params, tuple(self.dynamic), tuple(self.options))

    def merge(self, into: dict[str, Any], node: SgNode, path: str, source: str) -> None:
        """Merge the dict ``node`` evaluates to (a literal, or a name bound to one) into
        ``into``; otherwise record the whole thing as dynamic."""
        if empty_params(node):
            return
        value = self.value(node, path, record=False)
        if type(value) is dict and not is_dynamic(value):
            into.update(value)
        else:
            self.dynamic.append(Dynamic(path, source))

    def take_options(self, params: dict[str, Any], keys: frozenset[str]) -> None:
        """Move the request options a spread put among the params (``**opts`` holding
        ``stripe_account``: the SDK reads them as options, not params) to ``options``, each
        with its source, and drop their run-time entries: they are no params to translate.
        ``headers`` gives each header it holds (``Stripe-Account``: ``migrate/scan/options.py``
        says which are options), or, known only at run time, options that cannot be read."""
        taken = [key for key in params if key in keys]
        for key in taken:
            value = params.pop(key)
            if key == "headers" and type(value) is dict and not is_dynamic(value):
                self.options.extend((k, option_source(v)) for k, v in value.items())
            elif key == "headers" and is_dynamic(value):  # may hold any header
                self.options.append((RUN_TIME_OPTIONS, option_source(value)))
            else:
                self.options.append((key, option_source(value)))
        if taken:
            self.dynamic[:] = [
                d for d in self.dynamic if not any(under(d.path, key) for key in taken)
            ]

    def merged_after(self, mark: int, path: str, keys: Iterable[str]) -> None:
        """The objects listed at ``path`` since ``mark`` merged after ``keys`` (the keys their
        object held then: theirs win over those, ``Dynamic.before``)."""
        before = tuple(keys)
        if before:
            self.dynamic[mark:] = [
                Dynamic(d.path, d.source, before) if d.path == path else d
                for d in self.dynamic[mark:]
            ]

    def put(self, into: dict[str, Any], key: str, node: SgNode, path: str) -> None:
        value = self.value(node, join(path, key))
        if value is not OMIT:
            if key in into:
                self.written_again(join(path, key))
            into[key] = value

    def written_again(self, path: str) -> None:
        """The key at ``path`` written again: after the objects merged in before, no more among
        the keys each was merged after (``Dynamic.before``)."""
        parent, _, key = path.rpartition(".")
        if any(key in d.before for d in self.dynamic):
            self.dynamic[:] = [_written_again(d, parent, key) for d in self.dynamic]

    def value(self, node: SgNode, path: str, *, record: bool = True) -> Any:
        """The literal ``node`` denotes, or a ``$dynamic`` marker (recorded unless told)."""
        got: tuple[Any] | None = None
        if self.nesting < MAX_NESTING:
            self.nesting += 1
            try:
                got = self.literal_of(self.unwrap(node), path)
            except (RecursionError, ValueError) as exc:
                if not too_large(exc):
                    raise
                got = None  # not readable from the code: a number past Python's digit limit
            finally:
                self.nesting -= 1
        if got is None:
            if record:
                self.dynamic.append(Dynamic(path, node.text()))
            return dynamic_marker(node.text())
        return got[0]

    def literal_of(self, node: SgNode, path: str) -> tuple[Any] | None:
        """:meth:`literal`, or the whole number that arithmetic on numbers the code gives
        computes (``2500 * 100``: ``migrate/scan/int_arith.py``)."""
        return self.literal(node, path) or folded(self, node, path)

    def unwrap(self, node: SgNode) -> SgNode:
        while node.kind() in self.wrappers:
            inner = [c for c in node.named_children() if not is_comment(c)]
            if not inner:
                break
            node = inner[0]
        return node

    # -- names ---------------------------------------------------------------------------

    def resolve(self, name: SgNode, path: str) -> tuple[Any] | None:
        """The literal last bound to ``name`` above it in its function (or module), with later
        key assignments applied; None when there is none."""
        if self.depth >= MAX_DEPTH:
            return None
        found = self.binding(name)
        if found is None:
            return None
        value_node, scope, after = found
        self.depth += 1
        try:
            got = self.literal_of(self.unwrap(value_node), path)
            if got is None:
                return None
            value = got[0]
            if type(value) in (dict, list) and not is_dynamic(value):
                self.update(value, scope, name.text(), (after, start(name)), path)
            return (value,)
        finally:
            self.depth -= 1

    def update(
        self, value: Any, scope: SgNode, name: str, span: tuple[int, int], path: str
    ) -> None:
        """Apply to ``value`` (bound to ``name``) what ``scope`` does to it within ``span``
        (between the binding and the use): ``name[key] = v`` by default; languages add their
        own (``params.AddMetadata``, ``builder.addLineItem``, ``options.X = v``)."""
        if type(value) is not dict:
            return
        for key, assigned in self.key_assignments(scope, name, *span):
            self.put(value, key, assigned, path)

    def scope(self, node: SgNode) -> SgNode:
        """The nearest enclosing function, else the file."""
        last = node
        for ancestor in node.ancestors():
            if ancestor.kind() in self.functions:
                return ancestor
            last = ancestor
        return last

    def is_parameter(self, scope: SgNode, name: str) -> bool:
        params = scope.field("parameters") or scope.field("parameter")
        if params is None:
            return False
        return any(n.text() == name for k in self.name_kinds for n in params.find_all(kind=k))

    # -- what a scope holds, read once per file -----------------------------------------

    def direct(self, scope: SgNode, kind: str) -> list[SgNode]:
        """The ``kind`` nodes made directly in ``scope`` (not in a nested function), in source
        order. Read once per scope and kind in a file: every call site asks again, and a
        function with thousands of them must not cost thousands of walks."""
        key = (type(self), "direct", scope, kind)
        cache = file_cache(scope)
        found: list[SgNode] | None = cache.get(key)
        if found is None:
            found = [node for node in of_kind(scope, kind) if self.scope(node) == scope]
            cache[key] = found
        return found

    def rooted(self, scope: SgNode, kind: str, name: str, after: int, before: int) -> list[SgNode]:
        """The ``direct`` ``kind`` nodes whose text starts with the name ``name`` (``name[k] =
        v``, ``name.X = v``, ``name.add(...)``) and that start between two offsets, in order."""
        key = (type(self), "rooted", scope, kind)
        cache = file_cache(scope)
        by_name: dict[str, tuple[list[int], list[SgNode]]] | None = cache.get(key)
        if by_name is None:
            by_name = {}
            for node in self.direct(scope, kind):
                word = _ROOT_WORD.match(node.text())
                if word is not None:
                    starts, nodes = by_name.setdefault(word.group("word"), ([], []))
                    starts.append(start(node))
                    nodes.append(node)
            cache[key] = by_name
        starts, nodes = by_name.get(name, ([], []))
        return nodes[bisect.bisect_left(starts, after) : bisect.bisect_left(starts, before)]

    def bindings(self, scope: SgNode, name: str) -> list[Binding]:
        """Each binding of ``name`` made directly in ``scope`` (not in a nested function)."""
        key = (type(self), "bindings", scope)
        cache = file_cache(scope)
        by_name: dict[str, list[Binding]] | None = cache.get(key)
        if by_name is None:
            by_name = {}
            for kind, target_field, value_field in self.bindings_spec:
                for node in self.direct(scope, kind):
                    target, value = node.field(target_field), node.field(value_field)
                    if target is None or value is None or target.kind() not in self.name_kinds:
                        continue
                    binding = (start(node), value, node.range().end.index)
                    by_name.setdefault(target.text(), []).append(binding)
            cache[key] = by_name
        return by_name.get(name, [])

    def binding(self, name: SgNode) -> tuple[SgNode, SgNode, int] | None:
        """The value node of the last binding of ``name`` before it, its scope, and where the
        binding ends; the enclosing function is searched first, then outer scopes."""
        scope = self.scope(name)
        use = start(name)
        text = name.text()
        while True:
            before = [b for b in self.bindings(scope, text) if b[2] <= use]
            if before:  # bound here: the last binding on a path to the use, if any
                found = self.reaching(before, use)
                if found is None or (
                    scope.kind() not in self.functions and field_may_change(found[1], text)
                ):
                    return None  # a field code may assign: its value at the call is run-time
                if self.changed_in_place(scope, text, found[2], use):
                    return None  # `total += x` after `total = 0`: the value is the run's
                return found[1], scope, found[2]
            if scope.kind() not in self.functions or self.is_parameter(scope, text):
                return None
            scope = self.scope(scope)

    def changed_in_place(self, scope: SgNode, name: str, after: int, use: int) -> bool:
        """Whether ``name`` is changed in place (``total += x``, ``$ref .= $code``, ``n++``)
        directly in ``scope`` between a binding ending at ``after`` and the use at ``use``,
        on a path that can reach the use (in a loop too): its value there is not the
        binding's."""
        kinds = (*self.in_place_kinds, *(k for k, _, _ in self.bindings_spec))
        for kind in dict.fromkeys(kinds):
            for node in self.rooted(scope, kind, name, after, use):
                if _changed_name(node, kind in self.in_place_kinds) == name and self.reaches(
                    node, use
                ):
                    return True
        return self.family == "ruby" and self._appended(scope, name, after, use)

    def _appended(self, scope: SgNode, name: str, after: int, use: int) -> bool:
        """Whether a Ruby string bound to ``name`` (its binding ending at ``after``) is
        appended to (``ref << id``) before ``use``: a list's ``<<`` is the followers' append."""
        bound = [b for b in self.bindings(scope, name) if b[2] == after]
        if not bound or bound[0][1].kind() != "string":
            return False
        for node in self.rooted(scope, "binary", name, after, use):
            left, op = node.field("left"), node.field("operator")
            said = (left.text(), op.text()) if left is not None and op is not None else None
            if said == (name, "<<") and self.reaches(node, use):
                return True
        return False

    def reaching(self, before: list[Binding], use: int) -> Binding | None:
        """The last of the bindings ``before`` (made above the offset ``use``) that can have
        run when ``use`` runs (see ``reaches``)."""
        for binding in sorted(before, key=lambda b: b[0], reverse=True):
            if self.reaches(binding[1], use):
                return binding
        return None

    def reaches(self, node: SgNode, use: int) -> bool:
        """Whether what ``node`` does (a binding, a change) can have run when the code at
        offset ``use`` after it runs: not from another branch of the same ``if``/``switch``,
        nor from a block left by a ``return`` before (``migrate/scan/reach.py``)."""
        return self.paths is None or reaches(self.paths, node, use, self.functions)

    def seen_at(self, node: SgNode, scope: SgNode, use: int, value: Any) -> Any:
        """``value``, set by the change ``node`` makes in ``scope``, as seen at offset ``use``:
        a choice on the conditions it runs under that ``use`` does not share (the other branch:
        not set), a run-time value under ones that cannot be told (a loop), ``OMIT`` on no path
        to ``use``. The followers of each family say; this one knows no conditions."""
        return value

    def key_assignments(
        self, scope: SgNode, name: str, after: int, before: int
    ) -> list[tuple[str, SgNode]]:
        """``name[key] = value`` / ``name.key = value`` made directly in ``scope`` between two
        offsets, in source order."""
        if not self.bindings_spec:
            return []
        kind, target_field, value_field = self.bindings_spec[-1]
        found: list[tuple[str, SgNode]] = []
        for node in self.rooted(scope, kind, name, after, before):
            target, value = node.field(target_field), node.field(value_field)
            if target is None or value is None or not self.reaches(node, before):
                continue
            key = self.key_of(target, name)
            if key is not None:
                found.append((key, value))
        return found


# -- helpers over nodes -----------------------------------------------------------------------

_ROOT_WORD: Final = re.compile(r"(?:\+\+|--)?\s*(?P<word>[$@]*\w+)")
"""The name a node's text starts with (after a prefix ``++``/``--``: ``++line.quantity``)."""
_UPDATED: Final = re.compile(r"\+\+|--")
_PLAIN: Final = frozenset({"=", ":=", "?="})
C_IN_PLACE: Final = ("augmented_assignment_expression", "update_expression")
"""In-place changes in the C-like grammars (JavaScript, TypeScript, PHP): ``x += y``, ``x++``."""


def _changed_name(node: SgNode, in_place: bool) -> str | None:
    """The name an in-place change (``in_place``) or an assignment with an operator other
    than a plain ``=`` (``total += x``, Java's and Go's) changes; None for a plain binding."""
    target = node.field("left") or node.field("argument") or node.field("operand")
    if target is None:
        return _UPDATED.sub("", node.text()).strip() if in_place else None
    value = node.field("right") or node.field("value")
    if value is not None and value.text().lstrip().startswith(("[", "{", "array(")):
        return None  # `$params += ['key' => v]`: a container change the followers read
    if not in_place:
        if value is None:
            return None
        at = start(node)
        between = node.text()[target.range().end.index - at : start(value) - at].strip()
        if between in _PLAIN:
            return None
    return target.text().strip()


"""The name a statement starts with (``params`` in ``params["k"] = v``, PHP's ``$params``)."""
_CACHE: list[tuple[SgRoot, dict[Any, Any]]] = []


def file_cache(node: SgNode) -> dict[Any, Any]:
    """What is read once from the file ``node`` is in (the last file asked about only)."""
    root = node.get_root()
    if not _CACHE or _CACHE[0][0] is not root:
        _CACHE[:] = [(root, {})]
    return _CACHE[0][1]


def text(node: SgNode | None) -> str:
    return node.text() if node is not None else ""


def start(node: SgNode) -> int:
    return node.range().start.index


def with_names(node: SgNode, written: str, edits: dict[SgNode, str]) -> str:
    """``written`` with each name of ``edits`` (a node inside ``node``) replaced by its text:
    at its place when ``written`` is ``node``'s own text, else (a text written otherwise) at
    each whole-word use of the name."""
    if not edits:
        return written
    if written != node.text():
        for ident, inner in edits.items():
            written = re.sub(rf"(?<![\w.$]){re.escape(ident.text())}(?![\w$])", inner, written)
        return written
    base = start(node)
    for ident, inner in sorted(edits.items(), key=lambda e: -start(e[0])):
        begin, end = start(ident) - base, ident.range().end.index - base
        written = written[:begin] + inner + written[end:]
    return written


def arguments(call: SgNode) -> list[SgNode]:
    """The argument expressions of ``call`` (its ``arguments`` field), comments left out; of a
    call run in a worker thread (:func:`offloaded`), those after the function it runs."""
    args = _arguments(call.field("arguments"))
    found = offload_at(call, args) if args else None
    return args[found[1] + 1 :] if found is not None else args


def quoted(raw: str) -> str | None:
    """The content of a string literal's source text (quotes included; C#'s ``@`` prefix
    allowed), escapes kept as written except ``\\\\``, ``\\'`` and ``\\"``; None when
    it is not quoted."""
    raw = raw.removeprefix("@")
    for q in ('"""', "'''", '"', "'", "`"):
        if len(raw) >= 2 * len(q) and raw.startswith(q) and raw.endswith(q):
            inner = raw[len(q) : -len(q)]
            return inner.replace("\\\\", "\x00").replace(f"\\{q[0]}", q[0]).replace("\x00", "\\")
    return None


def c_escape(source: str) -> str:
    """The character of one C-style escape sequence (``\\n``, ``\\u00e9``, ``\\"``), as
    Python reads it; the text after the backslash when Python has no such escape."""
    if source in ('\\"', "\\'", "\\\\"):
        return source[1]
    try:
        return codecs.decode(source, "unicode_escape")
    except UnicodeDecodeError:
        return source[1:]


def string_text(
    node: SgNode, content: tuple[str, ...], unescape: Callable[[str], str] = c_escape
) -> str:
    """A string literal's value: its ``content`` children as written, its ``escape_sequence``
    children read by ``unescape``."""
    parts: list[str] = []
    for child in node.children():
        kind = child.kind()
        if kind in content:
            parts.append(child.text())
        elif kind == "escape_sequence":
            parts.append(unescape(child.text()))
    return "".join(parts)
