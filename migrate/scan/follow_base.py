"""The reader ``migrate/scan/follow.py`` builds on: its hooks (each language module implements
them), what it records about the statements it reads (``Event``, ``Frame``, ``Guards``), test
doubles, and the helpers that read and change nested values (``get_in``, ``set_in``,
``simplify``). Nothing here reads a statement: ``Follower`` does."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final, NamedTuple

from ast_grep_py import SgNode

from migrate.scan.extract import (
    CHOICE,
    DYNAMIC,
    EACH,
    LOCAL,
    OMIT,
    Extractor,
    file_cache,
    is_dynamic,
    start,
)
from migrate.scan.nodes import is_comment, of_kind

_ROOT: Final = re.compile(r"[$@]*\w+")
"""The name a statement starts with (``price`` in ``price = p.id``)."""
_MOCK_NAME: Final = re.compile(
    r"^_*(mock|mocked|fake|stub)(?=[A-Z_0-9]|$)|(Mock|Stub|Fake|_mock|_stub|_fake)$", re.I
)
"""A receiver named as a test double: ``mockStripe``, ``stripe_mock``, ``fake_stripe``."""
UNSET: Final = object()
"""No value yet (a name not bound, a key not set, a function that returns nothing)."""
MAX_RETURNS: Final = 16
"""A followed function with more return statements stays opaque."""

Keys = tuple[str | int, ...]
Conds = list[tuple[str, bool]]
"""The conditions a statement runs under: (condition source, whether it holds), outer first."""


class Guards(NamedTuple):
    """What a statement runs under, seen from a use below it: the conditions (outer first),
    their nodes, and the for-each loop it is in (None: not in one)."""

    conds: Conds
    loop: SgNode | None
    nodes: list[SgNode]
    reachable: bool = True
    """False when a condition on the way is known to be false (a literal argument)."""
    inner: tuple[tuple[str, bool], ...] = ()
    """The conditions inside the loop (``follow_pairs.py`` reads an if/else appending in both)."""


class Unfollowable(Exception):
    """A value inside a followed function or map callback that cannot be written at the call."""


class Unwritable(Unfollowable):
    """A value inside a followed function computed from one of its locals that holds an
    awaited call (or a Stripe request): known at run time there only. The helper is still
    followed: that value alone is a ``$local`` marker (``migrate/scan/extract.py``)."""


@dataclass(frozen=True, slots=True)
class Arg:
    """What a parameter of a followed function stands for: the argument ``node`` (evaluated
    where the call is) or its field ``key``; with no node, ``value`` (None for a parameter the
    call does not pass) or the ``kwargs`` gathered by ``**kw``."""

    node: SgNode | None = None
    key: str | None = None
    value: Any = None
    kwargs: tuple[tuple[str, SgNode], ...] = ()


@dataclass(frozen=True, slots=True, eq=False)
class Frame:
    """A region read on behalf of a call elsewhere: a followed function (``args``: its
    parameters), a map callback, a for-each loop or a comprehension (``keep``: the element
    variables, written as they are; ``hidden``: names that cannot be written at the call, such
    as a map callback's index)."""

    region: SgNode
    keep: frozenset[str] = frozenset()
    args: dict[str, Arg] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()
    call: SgNode | None = None
    """The call a followed function is read for."""


@dataclass(frozen=True, slots=True)
class Event:
    """One statement that binds or changes a name: ``op`` is ``bind`` (``values``: the value),
    ``set`` (the key path ``keys`` gets ``values[0]``), ``unset`` (``keys`` removed),
    ``merge`` (dicts, or Python's ``key=value`` argument nodes, merged at ``keys``), ``push``
    (elements appended to the list at ``keys``), ``extend`` (a list appended) or ``opaque``
    (a change the reader cannot follow: a computed key, ``splice``, ``pop``)."""

    at: int
    end: int
    node: SgNode
    op: str
    keys: Keys = ()
    values: tuple[SgNode, ...] = ()


def contains(node: SgNode, at: int) -> bool:
    rng = node.range()
    return rng.start.index <= at < rng.end.index


def inside(outer: SgNode, node: SgNode) -> bool:
    """Whether ``node`` is ``outer`` or within it (in the same file: a helper imported from
    another file is read in that file's tree, whose offsets are not this one's)."""
    a, b = outer.range(), node.range()
    if not (a.start.index <= b.start.index and b.end.index <= a.end.index):
        return False
    return outer.get_root() is node.get_root()


def is_structured(value: Any) -> bool:
    return is_dynamic(value) and (CHOICE in value or EACH in value)


def is_opaque(value: Any) -> bool:
    return is_dynamic(value) and not is_structured(value)


@dataclass
class FollowerBase(Extractor):
    """The hooks and state of ``Follower`` (``migrate/scan/follow.py``), which reads the rest."""

    if_kinds: ClassVar[frozenset[str]] = frozenset()
    ternary_kinds: ClassVar[frozenset[str]] = frozenset()
    """Conditional expressions: a change made in one of their branches (``params.update(a) if c
    else params.update(b)``) runs under its condition, as one in an ``if``'s branch does."""
    loop_kinds: ClassVar[frozenset[str]] = frozenset()
    """For-each loops: a list filled in one is an ``$each``; anything else set in one is opaque."""
    blocking_kinds: ClassVar[frozenset[str]] = frozenset()
    """Statements a value set inside stays opaque from (while, switch, except, catch)."""
    mutation_kinds: ClassVar[tuple[str, ...]] = ()
    """Node kinds that may change a value (assignments to a key, method calls)."""
    mutation_roots: ClassVar[tuple[str, ...]] = ()
    """Names other than the value's own that a change may start with (``Object``)."""
    declaration_kinds: ClassVar[dict[str, tuple[str, ...]]] = {}
    """Node kinds that declare names, and the fields holding the names."""
    return_kind: ClassVar[str] = "return_statement"
    effect_kinds: ClassVar[tuple[str, ...]] = ()
    """Node kinds that do something when evaluated (calls, awaits): not read twice."""
    pure_calls: ClassVar[frozenset[str]] = frozenset()
    """Functions and methods that only convert a value (``str``, ``toLowerCase``)."""
    assigning_kinds: ClassVar[tuple[str, ...]] = (
        "named_expression",
        "assignment_expression",
        "augmented_assignment_expression",
        "assignment",
        "operator_assignment",
        "update_expression",
    )
    """Expressions that assign (Python's walrus, ``(qty = user.seats) > 10``, ``i++``): a
    condition holding one is never written again at the call (it would run again and overwrite
    the names it assigns); what it decides is the name's value there."""
    block_kinds: ClassVar[frozenset[str]] = frozenset()
    """Blocks that scope a declaration (empty: names are function-scoped)."""
    mock_values: ClassVar[re.Pattern[str]] = re.compile(r"(?!)")
    """The text of a value that is a test double (``jest.fn()``, ``MagicMock()``)."""
    rebinding_kinds: ClassVar[tuple[tuple[str, str], ...]] = ()
    """Statements that give a name a new value, and the field holding the name: what a
    closure (a callback, a nested function) does to a local of the function around it."""

    frames: list[Frame] = field(default_factory=list)
    site: int = 0
    """Where the call being read is: what is carried must be readable there."""
    quiet: int = 0
    """Above 0 while a value is being worked out: markers are recorded once, at the end."""

    # -- hooks (the language modules implement them) --------------------------------------

    def condition(self, node: SgNode) -> tuple[str, list[SgNode]] | None:
        """``(kind, operands)`` of a condition the reader can decide: ``not``, ``and``,
        ``or``, ``same`` / ``loose`` (equal), ``differ``; None for anything else."""
        return None

    def parameter_nodes(self, fn: SgNode) -> list[SgNode]:
        """The parameter nodes of ``fn``."""
        raise NotImplementedError

    def pattern_text(self, param: SgNode) -> str:
        """A parameter's element pattern as written (type annotation left out)."""
        return param.text()

    def branches(self, stmt: SgNode) -> list[tuple[SgNode | None, SgNode]]:
        """The ``(condition, body)`` of each branch of an if statement (None: ``else``)."""
        raise NotImplementedError

    def loop_parts(self, loop: SgNode) -> tuple[SgNode, SgNode] | None:
        """The element pattern and the collection of a for-each loop (None: not one)."""
        raise NotImplementedError

    def loop_over(self, loop: SgNode, over: str) -> str:
        """What a for-each loop's body runs once per element of, written (``over``: its
        collection's source): the collection, or the list of its indices for a counting loop."""
        return over

    def mutation(self, node: SgNode, name: str) -> Event | None:
        """The change ``node`` makes to the value of ``name``, if any."""
        raise NotImplementedError

    def structured(self, node: SgNode, path: str) -> Any:
        """What a reader makes of a node that is not a literal (a choice, an each, a followed
        call, a field of a known dict), or None when it stays opaque."""
        raise NotImplementedError

    def env_read(self, source: str) -> bool:
        """Whether the expression ``source`` reads an environment variable."""
        raise NotImplementedError

    def references(self, node: SgNode) -> list[SgNode]:
        """The names ``node`` refers to (not attribute or keyword names), in order."""
        raise NotImplementedError

    def params_of(self, fn: SgNode, call: SgNode, receiver: SgNode | None) -> dict[str, Arg] | None:
        """What each parameter of ``fn`` stands for at ``call`` (None: cannot tell)."""
        raise NotImplementedError

    def helper(self, call: SgNode) -> tuple[SgNode, SgNode | None] | None:
        """The function of the same file ``call`` calls, and its receiver (``self``/``this``
        for a method, to bind to ``self``), or None."""
        raise NotImplementedError

    def expression_body(self, fn: SgNode) -> SgNode | None:
        """An arrow function's (or lambda's) expression body."""
        return None

    def pattern_names(self, pattern: SgNode) -> frozenset[str]:
        """The names a loop or parameter pattern binds."""
        raise NotImplementedError

    def render(self, value: Any) -> str:
        """``value`` as code in the language (literals; a marker is its source)."""
        raise NotImplementedError

    def ternary(self, cond: str, then: str, else_: str) -> str:
        raise NotImplementedError

    def mapped(self, over: str, var: str, item: str) -> str:
        raise NotImplementedError

    def member(self, base: str, keys: Keys) -> str:
        """The source text of the field ``keys`` of the value written ``base``."""
        raise NotImplementedError

    def patched_targets(self, source: str) -> set[str]:
        """The methods a file replaces with mocks, as dotted paths (``*``: the whole SDK)."""
        return set()

    def receiver(self, callee: SgNode) -> SgNode | None:
        """The name a call's callee starts from (``stripe`` in ``stripe.checkout...``)."""
        return None

    def reference_text(self, ident: SgNode, replacement: str) -> str:
        """The text that replaces a reference (JavaScript's ``{x}`` becomes ``{x: ...}``)."""
        return replacement

    def local_to(self, fn: SgNode, name: str, node: SgNode) -> bool:
        """Whether ``name`` where ``node`` (inside the function ``fn``) uses it is a local of
        ``fn`` (a parameter, a declaration around it), not the enclosing function's."""
        if self.is_parameter(fn, name):
            return True
        return any(inside(b, node) for _, b in self._declarations(fn).get(name, []))

    # -- closures ---------------------------------------------------------------------------

    def closure_events(self, scope: SgNode, name: str) -> list[Event]:
        """What closures made in ``scope`` (a callback passed to ``forEach`` or ``then``, a
        nested function) do to its variable ``name``: each a binding or a change made inside a
        function, which a reader knows only at run time (``guards`` stop at a function), so
        the variable after the closure is a run-time value, not what it held before."""
        key = (type(self), "closures", scope)
        cache = file_cache(scope)
        by_name: dict[str, list[SgNode]] | None = cache.get(key)
        if by_name is None:
            by_name = {}
            kinds = dict.fromkeys([*(k for k, _ in self.rebinding_kinds), *self.mutation_kinds])
            for kind in kinds:
                for node in of_kind(scope, kind):
                    if self.scope(node) != scope:  # in a function made in scope
                        word = _ROOT.match(node.text())
                        if word is not None:
                            by_name.setdefault(word.group(), []).append(node)
            cache[key] = by_name
        fields = dict(self.rebinding_kinds)
        found: list[Event] = []
        for root in (name, *self.mutation_roots):
            for node in by_name.get(root, []):
                target = node.field(fields[node.kind()]) if node.kind() in fields else None
                event: Event | None
                rng = node.range()
                if target is not None and target.text() == name:
                    event = Event(rng.start.index, rng.end.index, node, "bind", (), (node,))
                else:
                    event = self.mutation(node, name)
                if event is not None and self._captured(node, scope, name):
                    found.append(event)
        return found

    def _captured(self, node: SgNode, scope: SgNode, name: str) -> bool:
        """Whether ``name`` at ``node`` is the variable of ``scope`` (no function between
        holds a local of that name)."""
        for ancestor in node.ancestors():
            if ancestor == scope:
                return True
            if ancestor.kind() in self.functions and self.local_to(ancestor, name, node):
                return False
        return True

    # -- mocks ----------------------------------------------------------------------------

    def mocked(self, call: SgNode) -> bool:
        """Whether ``call`` is made on a test double: its receiver is named as one
        (``mockStripe``, ``stripe_mock``) or bound to one (``jest.fn()``, ``MagicMock()``), or
        the file mocks the SDK or the method (``jest.mock("stripe")``, ``@patch(...)``)."""
        callee = call.field("function")
        if callee is None:
            return False
        cache = file_cache(call)
        targets: set[str] | None = cache.get((type(self), "patched"))
        if targets is None:  # read once per file
            targets = {".".join(t.split(".")[-2:]) for t in self.patched_targets(self.source)}
            cache[(type(self), "patched")] = targets
        flat = "".join(callee.text().split())
        if "*" in targets or ".".join(flat.split(".")[-2:]) in targets:
            return True
        root = self.receiver(callee)
        if root is None:
            return False
        if _MOCK_NAME.search(root.text()):
            return True
        found = self.binding(root)
        return found is not None and self.mock_values.search(found[0].text()) is not None

    # -- scopes: where a name is declared ----------------------------------------------------

    def _declaring_block(self, ident: SgNode) -> SgNode | None:
        """The block of the declaration ``ident`` refers to (None: a parameter or a global)."""
        name = ident.text()
        at = start(ident)
        scope = self.scope(ident)
        while True:
            best: SgNode | None = None
            for begin, block in self._declarations(scope).get(name, []):
                if begin <= at and inside(block, ident) and (best is None or inside(best, block)):
                    best = block
            if best is not None:
                return best
            if scope.kind() not in self.functions or self.is_parameter(scope, name):
                return None
            scope = self.scope(scope)

    def _declarations(self, scope: SgNode) -> dict[str, list[tuple[int, SgNode]]]:
        """Where each name is declared directly in ``scope``, and the block it holds for; read
        once per scope."""
        key = (type(self), "declarations", scope)
        cache = file_cache(scope)
        found: dict[str, list[tuple[int, SgNode]]] | None = cache.get(key)
        if found is None:
            found = {}
            for kind, fields in self.declaration_kinds.items():
                for decl in self.direct(scope, kind):
                    target = decl.field(fields[0])
                    if target is None:
                        continue
                    block = self._block(decl)
                    for name in self.pattern_names(target):
                        found.setdefault(name, []).append((start(decl), block))
            cache[key] = found
        return found

    def _block(self, node: SgNode) -> SgNode:
        last = node
        for ancestor in node.ancestors():
            if ancestor.kind() in self.block_kinds or ancestor.kind() in self.functions:
                return ancestor
            last = ancestor
        return last

    def is_parameter(self, scope: SgNode, name: str) -> bool:
        params = scope.field("parameters") or scope.field("parameter")
        return params is not None and name in self.pattern_names(params)

    def _declared(self, region: SgNode, name: str) -> bool:
        key = (type(self), "declared", region)
        cache = file_cache(region)
        names: set[str] | None = cache.get(key)
        if names is None:
            names = set()
            for kind, fields in self.declaration_kinds.items():
                for node in region.find_all(kind=kind):
                    for name_field in fields:
                        target = node.field(name_field)
                        if target is not None:
                            names |= self.pattern_names(target)
            cache[key] = names
        return name in names


# -- values -------------------------------------------------------------------------------------


def _scalar(value: Any) -> bool:
    return value is None or value is OMIT or type(value) in (str, int, float, bool)


def informative(value: Any) -> bool:
    """Whether ``value`` says more than a run-time value: a literal, a dict (its keys say where
    each value goes), a choice or an each."""
    if is_dynamic(value):
        return is_structured(value)
    if type(value) is list:
        return any(informative(v) for v in value) or not value
    return True


def plain_dict(value: Any) -> bool:
    return type(value) is dict and not is_dynamic(value)


def get_in(value: Any, keys: Keys) -> Any:
    """The value at ``keys`` (UNSET when missing; a marker on the way is returned as is)."""
    for key in keys:
        found = (plain_dict(value) and key in value) or (
            type(value) is list and type(key) is int and 0 <= key < len(value)
        )
        if found:
            value = value[key]
        elif is_dynamic(value):
            return value
        else:
            return UNSET
    return value


def set_in(value: Any, keys: Keys, new: Any, fail: Callable[[], None]) -> Any:
    """A copy of ``value`` with ``new`` at ``keys`` (UNSET, OMIT remove it); missing dicts on the
    way are made, and an index one past a list's end appends to it. A run-time value on the
    way holds the change at run time: ``value`` is returned as it is (after ``fail``, which
    raises when that cannot be written)."""
    if not keys:
        return new
    key, rest = keys[0], keys[1:]
    if plain_dict(value) and type(key) is str:
        out = dict(value)
        inner = set_in(out.get(key, {}), rest, new, fail) if rest else new
        if inner is UNSET or inner is OMIT:
            out.pop(key, None)
        else:
            out[key] = inner
        return out
    if type(value) is list and type(key) is int and 0 <= key < len(value):
        items = list(value)
        items[key] = set_in(items[key], rest, new, fail) if rest else new
        return items
    held = new is not UNSET and new is not OMIT and not (is_dynamic(new) and CHOICE in new)
    if type(value) is list and key == len(value) and not rest and held:
        return [*value, new]  # lines[0] = {...} on []: the list filled by index (not sometimes)
    fail()
    return value


def simplify(value: Any, known: dict[str, bool]) -> Any:
    """``value`` with each choice whose condition is already decided on the way taken."""
    if is_dynamic(value) and CHOICE in value:
        choice = value[CHOICE]
        cond = choice["if"]
        if cond in known:
            return simplify(choice["then"] if known[cond] else choice["else"], known)
        then = simplify(choice["then"], {**known, cond: True})
        else_ = simplify(choice["else"], {**known, cond: False})
        if then == else_:
            return then
        if then == choice["then"] and else_ == choice["else"]:
            return value
        return {**value, DYNAMIC: "", CHOICE: {"if": cond, "then": then, "else": else_}}
    if plain_dict(value):
        return {k: simplify(v, known) for k, v in value.items()}
    if type(value) is list:
        return [simplify(v, known) for v in value]
    return value


def paren(source: str) -> str:
    """``source`` in parentheses unless it is a name, a field or a call (safe anywhere)."""
    stripped = source.strip()
    depth = 0
    for ch in stripped:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and not (ch.isalnum() or ch in "_.$?!"):
            return f"({stripped})"
    return stripped


def local_as_a_whole(value: Any) -> bool:
    """Whether ``value`` is (in some branch of a choice) as a whole a ``$local`` value: a
    helper returning what it awaits says no more than its call, which the caller can name."""
    if is_dynamic(value) and value.get(LOCAL) is True:
        return True
    choice = value.get(CHOICE) if is_dynamic(value) else None
    return type(choice) is dict and any(local_as_a_whole(choice.get(k)) for k in ("then", "else"))


def binds_local(stmt: SgNode) -> bool:
    """Whether the expression statement ``stmt`` binds a plain name (Python's ``x = await
    f()``): what depends on the name is a ``$local`` value, the rest of a helper is read."""
    inner = [c for c in stmt.named_children() if not is_comment(c)]
    if len(inner) != 1 or inner[0].kind() not in ("assignment", "assignment_expression"):
        return False
    left = inner[0].field("left")
    return left is not None and left.kind() == "identifier"


_LINE_ELEMENT = re.compile(r"(^|\.)line_items\[\d*\]$")


def two_lines(path: str, then: Any, else_: Any) -> bool:
    """Whether a choice at ``path`` is between two Checkout line items of different shapes
    (each branch has a field the other lacks: ``price_data`` against ``price``): kept as a
    choice between the two lines, where splitting it key by key would leave each field
    missing in one branch (no price there, RT007)."""
    if not (_LINE_ELEMENT.search(path) and plain_dict(then) and plain_dict(else_)):
        return False
    return bool(set(then) - set(else_)) and bool(set(else_) - set(then))


def price_or_inline(then: Any, else_: Any) -> bool:
    """Whether ``then`` and ``else_`` are two line items, one naming a price id and the other
    an inline price (``price`` in one, ``price_data`` in the other, never both): a choice
    between them made where no path is known (the returns of a ``.map`` callback) is kept
    whole, as ``two_lines`` keeps it, never split key by key."""
    if not (plain_dict(then) and plain_dict(else_)):
        return False
    keys = (set(then), set(else_))
    return any(
        "price" in a and "price_data" not in a and "price_data" in b and "price" not in b
        for a, b in (keys, keys[::-1])
    )


def reads_itself(node: SgNode, name: str) -> bool:
    """Whether a value bound to ``name`` reads ``name`` (its earlier value)."""
    return re.search(rf"(?<![\w$.@>]){re.escape(name)}(?![\w$])", node.text()) is not None


def tests_itself(event: Event, conds: list[SgNode], name: str, old: Any) -> bool:
    """Whether ``event`` binds ``name`` under a test of ``name`` when its ``old`` value is not
    ``name`` itself: a choice written at the call would test the new value and take the old
    branch (``if (x === OLD) x = NEW`` after ``x = plan.annual``: ``plan.annual``, the old
    price); with ``x`` itself there, it is the new value either way."""
    if event.op != "bind" or not any(reads_itself(n, name) for n in conds):
        return False
    return not (is_dynamic(old) and len(old) == 1 and str(old[DYNAMIC]).strip() == name)
