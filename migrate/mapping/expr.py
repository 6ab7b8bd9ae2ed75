"""Values known only at run time, carried from scanned code into the Dodo call.

The scanner reads a call's arguments; a value it cannot read statically (a variable, a call) is
passed to the translator as an ``Expr``: the source text that computes it, in the scanned file's
language, and the Stripe path it was given at. Where a rule says the Dodo field holds the same
value (``runtime: carry`` in mappings/), the translator puts the ``Expr`` into the Dodo body,
saying what the field needs done to it (``op``: upper-case a currency, look a Stripe price id up
as a Dodo product id) and what type the field takes; the suggestion builder writes it back as
code in the file's language. Any other run-time value is left out of the body, with a finding
saying what is lost (RT001, RT002).

An expression has a *form*:

- ``code`` (the default): ``source`` is an expression in the scanned file's language;
- ``choice``: ``cond ? then : else_`` (``cond`` is source text; each branch a literal or an
  ``Expr``, nested choices allowed): a ternary, an if/else that assigns both ways, or ``a || "x"``;
- ``each``: a list built by mapping ``over`` (source text) with the element variable ``var``:
  ``item`` is the element template (a Dodo element: usually a dict of literals and ``Expr``
  that refer to ``var``);
- ``field``: the Stripe field ``key`` (``price``, ``quantity``) of ``var``, an element of a
  run-time list (or a run-time object), ``default`` when the element does not set it;
- ``concat``: a list built of ``parts``, in order: an ``each`` is spliced in (its elements go in
  its place), a choice with ``None`` among its values is an element present only when its
  condition leads to a value (:func:`optional`), anything else is one element. Code that adds
  line items over several statements (a loop, then a literal, then one under an ``if``);
- ``merge``: a metadata object made of ``parts``, in order, a later part's keys winning: an
  ``Expr`` is an object known only at run time (spread in whole), a dict the keys written in the
  code (``{...meta, client_reference_id: id}``, ``extra.merge(user_id: id)``).

What the translator guarantees about the values inside an expression, so that a renderer
never applies a transform twice: **a literal inside an expression is already the Dodo value**
(a price id is already the Dodo product id, a currency already upper-case, a URL already without
Stripe's templates); ``op`` applies to ``source`` only. A choice's own ``op`` is the one every
``Expr`` branch also has (set by :meth:`Expr.with_op`), given for the JSON view: render a choice
as its branches, each with its own ``op``. An each's ``item`` carries its own ops.

A *missing* expression (``Expr.absent``) stands for a value the Dodo call requires that the Stripe
call does not give at all: it renders as a name defined nowhere, so the suggested code cannot
compile (or run) silently.

In JSON (translate and scan output, reports) an expression is ``{"$dynamic": source}``, the
scanner's own marker for run-time params, with ``"then": op`` when the field transforms it; a
choice adds ``"$choice": {"if", "then", "else"}``, an each ``"$each": {"over", "as", "item"}``;
a field is ``{"$field": key, "of": var}`` (with ``"default"`` when there is one); a concat
``{"$dynamic": source, "$concat": [part, ...]}``, a merge ``{"$dynamic": source, "$merge": [part,
...]}``; a missing value is ``{"$missing": field}``.
Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Final, Literal, TypeGuard, get_args

Op = Literal[
    "",
    "upper",
    "str",
    "product_id",
    "customer_id",
    "discount_code",
    "subscription_id",
    "product_in_currency",
    "whole_amount",
    "return_url",
    "trial_days",
    "as_is",
]
"""What the Dodo field does to the value: nothing; upper-case it (currencies); make it text
(metadata values); look a Stripe id up as its Dodo id through the project's id module
(``product_id``: a price, plan or SKU id; ``customer_id``; ``discount_code``: a coupon or promotion
code id; ``subscription_id``: a moved subscriber's subscription; ``product_in_currency``: the
source is a currency and the value the product of the currency key ``key`` in that currency,
``<key>.<CURRENCY>``, migrate/mapping/currency_lines.py; ``whole_amount``: a decimal amount in
minor units made the whole number a cart line's ``amount`` takes, failing on a fraction, by the
id module's conversion, migrate/codegen/amounts.py); or remove Stripe's
``{CHECKOUT_SESSION_ID}`` template from a URL (``return_url``, where the source shows it in a string
literal part); ``trial_days``: the source is a Unix time (a trial's end) and the value the whole
days from now until it, rounded up, never below 0 (Dodo's ``trial_period_days``); ``as_is``:
the source is the Dodo value already and an enclosing choice's op does not apply to it (the
failing call an ``--unsafe-fixes`` rewrite writes in a branch it could not translate; never in
JSON)."""
Form = Literal["code", "choice", "each", "field", "concat", "merge"]
"""What an expression is (see the module docstring)."""
Type = Literal["int", "str", "bool", "metadata", "list"]
"""The type of the Dodo field that receives the value (``metadata``: string keys to strings;
``list``: an each, whose elements are typed by its ``item``)."""
OPS: tuple[Op, ...] = get_args(Op)
FORMS: tuple[Form, ...] = get_args(Form)


@dataclass(frozen=True, slots=True)
class Expr:
    """A value known only at run time, on its way into a Dodo call."""

    source: str
    """The expression that computes it, as written in the scanned file ("" when missing; for a
    ``field``, a description such as ``item.price``, not code)."""
    path: str
    """The Stripe params path it was passed at (``amount``, ``line_items[0].price``)."""
    op: Op = ""
    type: Type | None = None
    missing: str = ""
    """For a value the Stripe call does not give: the Dodo field it stands for."""
    form: Form = "code"
    cond: str = ""
    """A choice's condition, as written in the scanned file."""
    then: Any = None
    """A choice's value when ``cond`` holds: a literal (the Dodo value) or an ``Expr``."""
    else_: Any = None
    """A choice's value otherwise."""
    over: str = ""
    """An each's collection, as written in the scanned file."""
    var: str = ""
    """An each's element variable; a field's element (a variable or an expression)."""
    item: Any = None
    """An each's element template: the Dodo element, literals and ``Expr`` referring to ``var``."""
    key: str = ""
    """A field's Stripe key (``price``, ``quantity``); a ``product_in_currency``'s currency key."""
    default: Any = None
    """A field's value when the element does not set it (``None``: no default)."""
    parts: tuple[Any, ...] = ()
    """A concat's parts, in order: an each (spliced), an optional element (a choice with
    ``None`` among its values), or one element."""
    local: bool = False
    """Computed inside a helper the scanner followed, from its local holding an awaited call
    (``source`` is the helper's text): it cannot be written into the Dodo call, which would
    run that call again, so no rule carries it (``keep``)."""

    # -- constructors ----------------------------------------------------------------------

    @classmethod
    def absent(cls, field: str, type_: Type, path: str = "") -> Expr:
        """A required Dodo value the Stripe call does not give (``product_price``)."""
        return cls("", path, "", type_, field)

    @classmethod
    def choice(cls, source: str, path: str, cond: str, then: Any, else_: Any) -> Expr:
        """``cond ? then : else_``; ``source`` is the whole text (a ternary, an if/else)."""
        return cls(source, path, form="choice", cond=cond, then=then, else_=else_)

    @classmethod
    def each(cls, source: str, path: str, over: str, var: str, item: Any) -> Expr:
        """The list ``over`` mapped element by element (``var``) to ``item``."""
        return cls(source, path, type="list", form="each", over=over, var=var, item=item)

    @classmethod
    def field_of(cls, var: str, key: str, path: str, default: Any = None) -> Expr:
        """The Stripe field ``key`` of ``var`` (an element of a run-time list)."""
        return cls(f"{var}.{key}", path, form="field", var=var, key=key, default=default)

    @classmethod
    def concat(cls, source: str, path: str, parts: list[Any]) -> Expr:
        """The list of ``parts``: each ones spliced, optional ones present when their condition
        gives a value, the others one element each."""
        return cls(source, path, type="list", form="concat", parts=tuple(parts))

    @classmethod
    def merge(cls, source: str, path: str, parts: list[Any]) -> Expr:
        """The metadata object of ``parts`` (objects known only at run time, dicts of keys
        written in the code), merged in order: a later part's key wins."""
        return cls(source, path, type="metadata", form="merge", parts=tuple(parts))

    # -- the same value, on its way into a Dodo field --------------------------------------

    def with_op(self, op: Op) -> Expr:
        """The same value, transformed by the Dodo field (``upper``, ``product_id``); a choice
        passes the op to its ``Expr`` branches (its literal branches are already Dodo values)."""
        if self.form != "choice":
            return dataclasses.replace(self, op=op)
        return dataclasses.replace(
            self, op=op, then=_on_expr(self.then, op=op), else_=_on_expr(self.else_, op=op)
        )

    def typed(self, type_: Type) -> Expr:
        """The same value, going into a Dodo field of ``type_`` (a choice's branches too)."""
        if self.form != "choice":
            return dataclasses.replace(self, type=type_)
        return dataclasses.replace(
            self,
            type=type_,
            then=_on_expr(self.then, type_=type_),
            else_=_on_expr(self.else_, type_=type_),
        )

    def leaves(self) -> list[Any]:
        """A choice's possible values (nested choices opened), in order; ``[self]`` for any
        other form."""
        if self.form != "choice":
            return [self]
        out: list[Any] = []
        stack: list[Any] = [self]
        while stack:
            node = stack.pop()
            if type(node) is Expr and node.form == "choice":
                stack.extend((node.else_, node.then))
            else:
                out.append(node)
        return out

    def as_json(self) -> dict[str, Any]:
        if self.missing:
            return {"$missing": self.missing}
        out: dict[str, Any]
        if self.form == "field":
            out = {"$field": self.key, "of": self.var}
            if self.default is not None:
                out["default"] = self.default
        else:
            out = {"$dynamic": self.source}
        if self.op:
            out["then"] = self.op
            if self.op == "product_in_currency":
                out["key"] = self.key
        if self.form == "choice":
            out["$choice"] = {
                "if": self.cond,
                "then": json_view(self.then),
                "else": json_view(self.else_),
            }
        elif self.form == "each":
            out["$each"] = {"over": self.over, "as": self.var, "item": json_view(self.item)}
        elif self.form == "concat":
            out["$concat"] = [json_view(part) for part in self.parts]
        elif self.form == "merge":
            out["$merge"] = [json_view(part) for part in self.parts]
        return out


def _on_expr(value: Any, *, op: Op | None = None, type_: Type | None = None) -> Any:
    if type(value) is not Expr or value.missing:
        return value
    if op is not None:
        value = value.with_op(op)
    if type_ is not None:
        value = value.typed(type_)
    return value


def is_expr(value: Any) -> TypeGuard[Expr]:
    return type(value) is Expr


def is_choice(value: Any) -> TypeGuard[Expr]:
    return type(value) is Expr and value.form == "choice"


def map_leaves(value: Any, fn: Callable[[Any], Any]) -> Any:
    """``value`` with each possible value of a choice (or ``value`` itself, when it is not
    one) replaced by ``fn(leaf)``: the same choice, between the translated values."""
    if not is_choice(value):
        return fn(value)
    return dataclasses.replace(
        value, then=map_leaves(value.then, fn), else_=map_leaves(value.else_, fn)
    )


def rebuilt(value: Any, fn: Callable[[Any], Any]) -> Any:
    """As :func:`map_leaves`, for a choice whose values become other things (an id becomes
    ``{"customer_id": id}``): its nodes lose their ``op`` and ``type``, which were the leaves'."""
    if not is_choice(value):
        return fn(value)
    return dataclasses.replace(
        value, op="", type=None, then=rebuilt(value.then, fn), else_=rebuilt(value.else_, fn)
    )


def filled(value: Any, otherwise: Any) -> Any:
    """``value`` (a choice) with ``otherwise`` where it gives nothing (its ``None`` leaves)."""

    def fill(leaf: Any) -> Any:
        return otherwise if leaf is None else leaf

    return map_leaves(value, fill)


def leaves(value: Any) -> list[Any]:
    """The possible values of ``value``: a choice's leaves, else ``[value]``."""
    return value.leaves() if type(value) is Expr else [value]


def children(expr: Expr) -> list[Any]:
    """What an expression holds: a choice's branches, an each's item template, a concat's or
    a merge's parts."""
    if expr.form == "choice":
        return [expr.then, expr.else_]
    if expr.form == "each":
        return [expr.item]
    if expr.form in ("concat", "merge"):
        return list(expr.parts)
    return []


def optional(part: Any) -> bool:
    """Whether a part of a concat (or an element of a list) is an element present only under a
    condition: a choice with ``None`` (no element) among its values."""
    return is_choice(part) and any(leaf is None for leaf in part.leaves())


def spliced(part: Any) -> bool:
    """Whether a part of a list is a list to splice in: an each, or an optional element."""
    return (type(part) is Expr and part.form == "each") or optional(part)


def short_sources(parts: list[Any]) -> str:
    """The source texts of the expressions among ``parts`` (a concat's source, for messages)."""
    return ", ".join(part.source for part in parts if type(part) is Expr and part.source)


def as_list(part: Any) -> Any:
    """A part of a concat as the list it adds: an each as it is, an optional element as the
    choice between ``[element]`` and ``[]``, any other element as ``[element]``."""
    if type(part) is Expr and part.form == "each":
        return part
    if optional(part):  # a mapped list under a condition is that list, not an element
        return rebuilt(part, lambda leaf: [] if leaf is None else leaf if _each(leaf) else [leaf])
    return [part]


def _each(value: Any) -> bool:
    return type(value) is Expr and value.form == "each"


def exprs_in(value: Any) -> Iterator[Expr]:
    """Every ``Expr`` inside ``value`` (dicts, lists, and the branches and item templates of
    expressions), in order. Iterative: any depth of input is walked without recursion."""
    stack = [value]
    while stack:
        node = stack.pop()
        if type(node) is Expr:
            yield node
            stack.extend(reversed(children(node)))
        elif type(node) is dict:
            stack.extend(reversed(list(node.values())))
        elif type(node) is list:
            stack.extend(reversed(node))


def substitute(value: Any, ids: dict[str, str]) -> Any:
    """``value`` with each string that is a key of ``ids`` replaced by its value, in dicts,
    lists and the branches, item templates and parts of expressions (a Dodo body: its depth is
    the body's own, a few levels)."""
    kind = type(value)
    if kind is str:
        return ids.get(value, value)
    if kind is dict:
        return {k: substitute(v, ids) for k, v in value.items()}
    if kind is list:
        return [substitute(v, ids) for v in value]
    if kind is Expr:
        if value.form == "choice":
            return dataclasses.replace(
                value, then=substitute(value.then, ids), else_=substitute(value.else_, ids)
            )
        if value.form == "each":
            return dataclasses.replace(value, item=substitute(value.item, ids))
        if value.form in ("concat", "merge"):
            return dataclasses.replace(value, parts=tuple(substitute(p, ids) for p in value.parts))
    return value


def has_expr(value: Any) -> bool:
    """Whether any ``Expr`` is inside ``value``: ``any(exprs_in(value))``, faster (the hot
    path: a payload read from a file holds none)."""
    stack = [value]
    pop, extend = stack.pop, stack.extend
    while stack:
        node = pop()
        kind = type(node)
        if kind is Expr:
            return True
        if kind is dict:
            extend(node.values())
        elif kind is list:
            extend(node)
    return False


def json_view(value: Any) -> Any:
    """``value`` with every ``Expr`` as its JSON form (the same object when there is none)."""
    if type(value) is Expr:
        return value.as_json()
    if type(value) is dict:
        if not has_expr(value):
            return value
        return {k: json_view(v) for k, v in value.items()}
    if type(value) is list:
        if not has_expr(value):
            return value
        return [json_view(v) for v in value]
    return value


def distribute(value: Any, *, field: bool = False) -> Any:
    """``value`` with each choice between two dicts with the same keys (or two lists of the
    same length) turned into the dict (list) of choices per key (element), and a choice
    between two equal values into that value: ``x ? {price: a, quantity: 1} : {price: b,
    quantity: 1}`` is ``{price: x ? a : b, quantity: 1}``, which the rules translate field by
    field. The value of a field (``field``) that is a choice between a dict and nothing (``x ?
    {trial_period_days: 7} : undefined``) is the dict of choices between each value and
    nothing; in a list such a choice is an element present only when its branch is taken, and
    stays. Other values are kept as they are."""
    if type(value) is dict:
        return {k: distribute(v, field=True) for k, v in value.items()}
    if type(value) is list:
        return [distribute(v) for v in value]
    if type(value) is Expr and value.form == "each":
        return dataclasses.replace(value, item=distribute(value.item))
    if type(value) is Expr and value.form == "concat":
        return dataclasses.replace(value, parts=tuple(distribute(p) for p in value.parts))
    if not is_choice(value):
        return value
    then, else_ = distribute(value.then, field=field), distribute(value.else_, field=field)
    if then == else_:
        return then
    if type(then) is dict and type(else_) is dict and list(then) == list(else_):
        return {k: _branch(value, k, then[k], else_[k]) for k in then}
    if type(then) is dict and type(else_) is dict and _one_adds_keys(then, else_):
        # one branch sets more (`tax_behavior` only where tax is on): key by key, each key
        # one branch leaves out set only when the other is taken
        keys = list(dict.fromkeys([*then, *else_]))
        return {k: _branch(value, k, then.get(k), else_.get(k)) for k in keys}
    if type(then) is list and type(else_) is list and len(then) == len(else_):
        return [
            _branch(value, f"[{i}]", a, b) for i, (a, b) in enumerate(zip(then, else_, strict=True))
        ]
    if type(then) is list and type(else_) is list and then and else_:
        # one list is the other with elements added (`if (c) lines.push(x)`, and again under
        # another condition: `[a, b, c?]` beside `[a, c?]`): the shared elements in their
        # order, each added one present only when its branch is taken
        merged = _added_elements(value, then, else_)
        if merged is not None:
            return merged
    if field and type(then) is dict and else_ is None:  # `x ? {...} : undefined`
        return {k: _branch(value, k, then[k], None) for k in then}
    if field and then is None and type(else_) is dict:
        return {k: _branch(value, k, None, else_[k]) for k in else_}
    return dataclasses.replace(value, then=then, else_=else_)


_WHICH: Final = frozenset({"price", "price_data", "product", "product_data", "plan", "amount"})
"""Keys that say what a line sells: one branch setting one the other does not sells another
kind of line (a price or an inline price), and stays a choice between the two lines."""


def _one_adds_keys(then: dict[str, Any], else_: dict[str, Any]) -> bool:
    """Whether one dict is the other (not empty: ``c ? {...} : {}`` stays a choice, merged branch
    by branch) with keys added, none of which says what a line sells."""
    small, big = (then, else_) if len(then) <= len(else_) else (else_, then)
    extra = set(big) - set(small)
    return bool(extra) and bool(small) and set(small) <= set(big) and not extra & _WHICH


def _added_elements(choice: Expr, then: list[Any], else_: list[Any]) -> list[Any] | None:
    """The list of ``choice`` (between lists ``then`` and ``else_`` of different lengths) when
    the shorter is the longer with elements left out, in order: the shared elements, and each
    left-out one present only when its branch is taken; None when it is not."""
    if len(then) == len(else_):
        return None
    shorter, longer = (then, else_) if len(then) < len(else_) else (else_, then)
    out: list[Any] = []
    matched = 0
    for i, element in enumerate(longer):
        if matched < len(shorter) and _same(element, shorter[matched]):
            out.append(element)  # the longer list's: its paths are the element's place
            matched += 1
        elif longer is then:
            out.append(_branch(choice, f"[{i}]", element, None))
        else:
            out.append(_branch(choice, f"[{i}]", None, element))
    return out if matched == len(shorter) else None


def _same(a: Any, b: Any) -> bool:
    """Whether two values mean the same whatever their place: equal, but for the paths of the
    expressions in them and the source text of their choices (an element added under a
    condition, at index 2 of one list and 1 of the other, is the same choice in both)."""
    if type(a) is Expr and type(b) is Expr:
        if a.form == "choice" and b.form == "choice":
            return a.cond == b.cond and _same(a.then, b.then) and _same(a.else_, b.else_)
        return dataclasses.replace(a, path=b.path) == b
    if type(a) is dict and type(b) is dict:
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if type(a) is list and type(b) is list:
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b and type(a) is type(b))


def _branch(choice: Expr, step: str, then: Any, else_: Any) -> Any:
    if then == else_:
        return then
    path = choice.path + step if step.startswith("[") else f"{choice.path}.{step}"
    choice_here = Expr.choice(choice.source, path.lstrip("."), choice.cond, then, else_)
    return distribute(choice_here, field=not step.startswith("["))


def any_local(value: Any) -> bool:
    """Whether ``value`` holds an expression that cannot be written at the call (``local``)."""
    if type(value) is dict:
        return any(any_local(v) for v in value.values())
    if type(value) in (list, tuple):
        return any(any_local(v) for v in value)
    if type(value) is not Expr:
        return False
    return value.local or any(
        any_local(v) for v in (value.then, value.else_, value.item, value.parts)
    )


def _local_whole(value: Expr) -> bool:
    """Whether ``value`` cannot be written at the call as a whole: it, or one of its values
    (a choice's leaf, not a value inside a leaf's object or list), is ``local``."""
    if value.form != "choice":
        return any_local(value)
    return any(type(leaf) is Expr and any_local(leaf) for leaf in value.leaves())


def keep(
    value: Any,
    carried: Callable[[str], bool],
    path: str = "",
    dropped: list[Expr] | None = None,
) -> Any:
    """``value`` without the expressions ``carried`` rejects (given where each one is): their
    dict entries and list elements are left out, as the scanner leaves out a value it cannot
    read; each one left out is added to ``dropped`` (when given)."""

    def rejected(item: Any, where: str) -> bool:
        if type(item) is Expr and (not carried(where) or _local_whole(item)):
            if dropped is not None:
                dropped.append(item)
            return True
        return False

    if type(value) is dict:
        out = {}
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if rejected(item, where):
                continue
            out[key] = keep(item, carried, where, dropped)
        return out
    if type(value) is Expr and value.form == "choice" and any_local(value):
        # a choice between objects or lists, a value in one of them computed from what a
        # helper awaits: that value alone is left out (and reported), the choice is kept
        return dataclasses.replace(
            value,
            then=keep(value.then, carried, path, dropped),
            else_=keep(value.else_, carried, path, dropped),
        )
    if type(value) is list:
        return [
            keep(item, carried, f"{path}[{i}]", dropped)
            for i, item in enumerate(value)
            if not rejected(item, f"{path}[{i}]")
        ]
    return value


Lifted = list[tuple[tuple[str | int, ...], Expr]]


def lift(value: Any) -> tuple[Any, Lifted]:
    """``value`` without its expressions, and where each one was: a validator that checks the
    literal params never sees them; :func:`put` puts them back (a list element where it was)."""
    found: Lifted = []

    def walk(node: Any, at: tuple[str | int, ...]) -> Any:
        if type(node) is dict:
            out = {}
            for key, item in node.items():
                if type(item) is Expr:
                    found.append(((*at, key), item))
                else:
                    out[key] = walk(item, (*at, key))
            return out
        if type(node) is list:
            kept = []
            for i, item in enumerate(node):
                if type(item) is Expr:
                    found.append(((*at, i), item))
                else:
                    kept.append(walk(item, (*at, i)))
            return kept
        return node

    return walk(value, ()), found


def put(value: dict[str, Any], lifted: Lifted) -> dict[str, Any]:
    """Put lifted expressions back where they were; one whose container the validator removed
    stays out (its container was invalid)."""
    for where, expr in lifted:
        node: Any = value
        for step in where[:-1]:
            node = _child(node, step)
            if node is None:
                break
        else:
            last = where[-1]
            if type(node) is dict and type(last) is str:
                node[last] = expr
            elif type(node) is list and type(last) is int:
                node.insert(min(last, len(node)), expr)
    return value


def _child(node: Any, step: str | int) -> Any:
    if type(node) is dict:
        return node.get(step)
    if type(node) is list and type(step) is int and 0 <= step < len(node):
        return node[step]
    return None


def element_name(over: str) -> str:
    """The name of each element of a list the Dodo call maps from the code's ``over``:
    ``item``, unless ``over`` names an ``item`` of its own (``item.to_line_items()``, where
    ``[... for item in item.to_line_items()]`` would read as the wrong one)."""
    for name in ("item", "line", "stripe_line"):
        if not re.search(rf"(?<![\w.]){name}\b", over):
            return name
    return "stripe_line_item"
