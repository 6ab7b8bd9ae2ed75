"""A call's arguments bound to a wrapper's parameters, and the wrapper's params with them in
place (``migrate/scan/wrappers.py`` finds the wrappers and the calls to them).

* a marker that is a parameter takes the argument's value: a literal when the caller passes
  one, else the caller's expression; a parameter the caller leaves out takes its default (left
  out when there is none, or it is ``None``/``null``/``nil``);
* ``param.key`` / ``param["key"]`` take the key of a literal dict argument;
* any other expression using parameters is rewritten with the caller's expressions, and the
  wrapper's locals it names with their values (``migrate/scan/wrapper_locals.py``), so the
  carried code is the caller's; a local a caller cannot write becomes ``TODO_<local>``, and a
  name inside a string literal is left alone;
* a params object passed whole (``create(params)``, ``**kwargs``, ``...opts``) takes the
  caller's literal dict.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

from migrate.scan.extract import (
    CHOICE,
    DYNAMIC,
    EACH,
    OMIT,
    Dynamic,
    dynamic_marker,
    is_dynamic,
)
from migrate.scan.fold_conds import converted, decide, literal
from migrate.scan.http_bodies import markers
from migrate.scan.js_undefined import without_undefined
from migrate.scan.jvm_records import RECORD, component_key
from migrate.scan.kotlin_symbols import (
    braced_templates,
    plain_string,
    template_literals,
)
from migrate.scan.params import Param
from migrate.scan.patterns import snake
from migrate.scan.retry_values import closes_at_end
from migrate.scan.suggest_values import IS_SET, NOT_NULL, atomic
from migrate.scan.wrapped_lists import wrapped_list
from migrate.scan.wrapper_binding import MEMBER, SPREAD, Bound
from migrate.scan.wrapper_binding import SIMPLE as _SIMPLE
from migrate.scan.wrapper_binding import operand as _operand
from migrate.scan.wrapper_choices import nonzero_fields, required_set, set_value, structured
from migrate.scan.wrapper_constants import MEMBERS, Constants, member, reference
from migrate.scan.wrapper_defaults import default_value as _default
from migrate.scan.wrapper_defaults import null_defaults as _nulls
from migrate.scan.wrapper_eaches import expanded_each
from migrate.scan.wrapper_locals import (
    MAX_LOCALS,
    each_own,
    fstring_holes,
    requoted,
    settled,
    string_spans,
    todo_name,
)
from migrate.scan.wrapper_state import Receiver, State, own_reads, put_back
from migrate.scan.wrapper_statements import Binder

_IDENTIFIER: Final = re.compile(r"(?<![\w$.>:@'\"])[$]?[A-Za-z_][A-Za-z0-9_]*(?![\w'\"(])")
_WORD: Final = re.compile(
    r"(?:(?<=\.\.\.)|(?<![\w$.>:@'\"]))[$]?[A-Za-z_][A-Za-z0-9_]*(?![\w'\"(])"
)
"""A name an expression reads, a spread one too (``...metadata``): what ``rewrite`` replaces."""
_ACCESS: Final = re.compile(
    r"""\.get\(\s*['"](?P<got>[^'"]+)['"]\s*\)|\.(?P<call>[A-Za-z_]\w*)\(\s*\)"""
    r"""|\??\.(?P<attr>[A-Za-z_]\w*)"""
    r"""|->(?P<prop>[A-Za-z_]\w*)|\[\s*(?:['"](?P<key>[^'"]+)['"]|:(?P<sym>\w+))\s*\]"""
)
_PARAM_PATH: Final = re.compile(
    r"""(?:(?<=\.\.\.)|(?<![\w$.>:@'"]))([$@]?[A-Za-z_]\w*)((?:\.get\(\s*(?:'[^']+'|"[^"]+")\s*\)"""
    r"""|\??\.[A-Za-z_]\w*|->[A-Za-z_]\w*"""
    r"""|\[\s*(?:'[^'\]]+'|"[^"\]]+"|:\w+)\s*\])+)(?![\w(])"""
)
_PLAIN_TEXT: Final = re.compile(r"[^\"'\\$#{}\n]*")
"""A text written the same in every language's double quotes (nothing escaped, interpolated)."""
_EMPTY_MAP: Final = re.compile(r"\{\s*\}|dict\(\s*\)|\[\s*\]|array\(\s*\)")


def identifiers(source: str, family: str = "") -> list[str]:
    """The names an expression reads (not attributes or keys: ``user.id`` reads ``user``);
    in Kotlin also those its string templates' holes read (``"$baseUrl/ok"`` reads
    ``baseUrl``)."""
    if family == "kotlin":
        source = braced_templates(source)
    return [m.group().lstrip("*.") for m in _IDENTIFIER.finditer(source)] + [
        m.group(1) for m in re.finditer(r"(?:^|[\s(,])(?:\*\*|\.\.\.)([A-Za-z_]\w*)", source)
    ]


def identifiers_of(family: str) -> Callable[[str], list[str]]:
    """:func:`identifiers` of a language's texts."""
    return lambda source: identifiers(source, family)


class Wrapped(Protocol):
    """What substituting needs of a wrapper (``migrate/scan/wrappers.py``'s ``Wrapper``)."""

    @property
    def params(self) -> tuple[Param, ...]: ...
    @property
    def body(self) -> dict[str, Any]: ...
    @property
    def dynamic(self) -> tuple[Dynamic, ...]: ...
    @property
    def locals(self) -> tuple[tuple[str, str | None], ...]: ...
    @property
    def file(self) -> str: ...
    @property
    def family(self) -> str: ...
    @property
    def owner(self) -> str: ...
    @property
    def extension(self) -> bool: ...
    @property
    def constants(self) -> Constants: ...


def substitute(
    wrapper: Wrapped,
    bound: Bound,
    *,
    spread: bool,
    own: tuple[State, Receiver] | None = None,
    binder: Binder | None = None,
) -> tuple[dict[str, Any], tuple[Dynamic, ...], list[str], list[str]]:
    """The wrapper's params with the caller's arguments put where its parameters are used
    (and its locals written out), the run-time values of the result, and the locals and
    fields a caller cannot write (each named ``TODO_<name>`` in the result). ``own``: how the
    wrapper reads its object's state and what the call is made on (its reads become the
    receiver's: ``billing.pro_price`` for ``self.pro_price`` at ``billing.open_checkout(...)``,
    see ``migrate/scan/wrapper_state.py``)."""
    inner: list[str] = []
    state = _state(wrapper, bound, spread, inner, own)
    state.binder = binder  # a local bound before the Dodo call (wrapper_statements.py)
    params = state.walk(wrapper.body)
    if type(params) is not dict:
        params = {}
    extra: list[Dynamic] = []
    marked = {d.path for d in markers(wrapper.body, "")}
    for entry in wrapper.dynamic:
        if entry.path in marked:
            continue
        source = entry.source.lstrip("*.").removeprefix("...")
        value: tuple[Any, ...] | None = bound.get(source)
        if entry.path == "" and value is None:
            value = state.value_of(source)  # a key of one (``opts.extra``), a default
            if value is not None and value[0] is OMIT:
                continue  # a map the call does not give (``extra=None``): nothing merged
        if (
            entry.path == ""
            and value is not None
            and type(value[0]) is dict
            and DYNAMIC not in value[0]
        ):
            params = {**params, **{k: v for k, v in value[0].items() if v is not OMIT}}
            continue
        extra.append(Dynamic(entry.path, state.rewrite(entry.source) or entry.source, entry.before))
    dynamic = tuple(extra) + tuple(markers(params, ""))
    return params, dynamic, list(dict.fromkeys(inner)), list(dict.fromkeys(state.hidden))


def rewritten(
    wrapper: Wrapped,
    bound: Bound,
    source: str,
    *,
    spread: bool,
    own: tuple[State, Receiver] | None = None,
) -> tuple[Any, list[str]]:
    """One run-time text of the wrapper's Stripe call outside its params (the object id of a
    plan change) at a call: the argument's value when it is a parameter (a literal, a
    marker), else a marker of the text in the caller's terms (as :func:`substitute` writes
    them); and the locals a caller cannot write (each ``TODO_<name>`` in it)."""
    state = _state(wrapper, bound, spread, [], own)
    got = state.marker(dynamic_marker(source))
    return got, list(dict.fromkeys(state.hidden))


def _state(
    wrapper: Wrapped,
    bound: Bound,
    spread: bool,
    inner: list[str],
    own: tuple[State, Receiver] | None,
) -> _State:
    """What a call of ``wrapper`` with ``bound`` arguments reads its values with: the
    parameters' defaults (an object pattern's names' too), Go's zero values of a struct
    parameter's fields, the nulls, the module's constants."""
    defaults = {p.name: _default(p.default, p.rest) for p in wrapper.params}
    for param in wrapper.params:
        for local, raw in param.key_defaults:
            defaults[local] = _default(raw, "")
    names = {local for p in wrapper.params for local in p.locals}
    state = _State(bound, defaults, names, spread, inner, dict(wrapper.locals), own=own)
    state.family = wrapper.family
    state.nulls = _nulls(wrapper.params)
    state.zeros = {p.name: {k: _default(v, "") for k, v in p.zeros} for p in wrapper.params}
    state.constants = {ref: (code, value) for ref, code, value in wrapper.constants}
    return state


_INDEXED: Final = re.compile(r"\s*(?P<name>[A-Za-z_$][\w$]*)\s*\[(?P<key>[^\[\]]+)\]\s*")
"""A local read at an index (``prices[product]``)."""
_STRING: Final = re.compile(r"\"([^\"\\\n]*)\"|'([^'\\\n]*)'")
_STRING_LIST: Final = re.compile(
    r"\s*\[(?P<items>(?:\s*(?:\"[^\"\\\n]*\"|'[^'\\\n]*')\s*,)*"
    r"(?:\s*(?:\"[^\"\\\n]*\"|'[^'\\\n]*'))?\s*,?\s*)\]\s*"
)
"""A list of plain string literals only (``["price_a", 'price_b',]``)."""


@dataclass
class _State:
    bound: Bound
    defaults: dict[str, Any]
    names: set[str]
    spread: bool
    inner: list[str]
    locals: dict[str, str | None] = field(default_factory=dict)
    """The wrapper's locals its params use, with their values in its own terms."""
    _parts: int = 0
    """How many choices' or eaches' parts are being walked: there a parameter the wrapper
    reassigns is the argument (the follower wrote the value bound to it in its branches)."""
    _open: set[str] = field(default_factory=set)
    """The locals being written out (a value naming itself is not written again)."""
    _nonzero: set[tuple[str, str]] = field(default_factory=set)
    """Go: the struct fields (parameter, field) the choice being walked requires set."""
    _testing: int = 0
    """How many conditions are being read: there a Go string field the caller leaves out is
    ``""`` (``req.Coupon != ""`` is false); as a value it is unset (Stripe takes an empty
    string as no value: a metadata entry of ``""`` is none)."""
    params_used: int = 0
    """How many times a parameter was replaced (a value that uses none is the wrapper's)."""
    hidden: list[str] = field(default_factory=list)
    """The locals (and fields) a caller cannot write (each ``TODO_<name>``)."""
    own: tuple[State, Receiver] | None = None
    """How the wrapper reads its object's state, and what the call is made on."""
    _held: list[str] = field(default_factory=list)
    constants: dict[str, tuple[str, Any]] = field(default_factory=dict)
    """The constants of the wrapper's module its params read: how it names each, its literal
    as code and its value (``migrate/scan/wrapper_constants.py``)."""
    nulls: dict[str, str] = field(default_factory=dict)
    """The parameters whose default is null (or none), and that null as the wrapper writes it."""
    zeros: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Go: the zero value of each field of a struct parameter's type (``Param.zeros``), what a
    struct literal that leaves the field out holds there."""
    family: str = ""
    """The wrapper's language (Kotlin: its string templates' holes are code; Go: its struct
    literals hold their fields as snake keys)."""
    binder: Binder | None = None

    def walk(self, value: Any) -> Any:
        if type(value) is dict:
            if DYNAMIC in value and next(iter(value)) == DYNAMIC:
                return self.marker(value)
            out = {}
            for key, item in value.items():
                got = self.walk(item)
                if got is not OMIT and not (got == {} and item != {}):  # emptied: left out
                    out[key] = got
            return out
        if type(value) is list:  # an element emptied (``[{"coupon": coupon}]``, none): left out
            got = [g for v in value if (g := self.walk(v)) is not OMIT and not (g == {} != v)]
            if self.family == "php" and len(got) == 1 == len(value) and is_dynamic(value[0]):
                return got[0] if type(got[0]) is list else got  # ``[$lines]`` given a list is it
            return got  # (stripe-php sends it so, and the reader reads a local one so: _list)
        return value

    def marker(self, marker: dict[str, Any]) -> Any:
        source = str(marker[DYNAMIC])
        record = self.own[1].record if self.own is not None else None
        if len(marker) == 1 and record is not None:  # this.priceId of Order("price_pro", 2)
            read = re.fullmatch(r"\s*(this\s*\.\s*)?([A-Za-z_]\w*)\s*", source)
            field = read.group(2) if read is not None else RECORD
            mine = self.names | set(self.locals)  # a bare name: a parameter or local first
            if read is not None and (read.group(1) or field not in mine) and field in record:
                return record[field] if field != RECORD else marker
        if len(marker) == 1:
            direct = (
                self.value_of(source)
                or self._alias(source.strip())
                or wrapped_list(source, self.value_of)
            )
            if direct is not None:
                return direct[0]
        self._parts += 1  # a choice is read as its parts are (see below)
        try:
            decided = self._decided(marker.get(CHOICE))
            if decided is not None:  # the caller's literal argument decides the condition
                return self.walk(decided[0])
        finally:
            self._parts -= 1
        if len(marker) == 1 and self.constants:
            entry = self._entry(source)
            if entry is not None:  # ``PRICES[plan]`` at ``checkout("pro")``: its value
                return entry[0]
        if len(marker) == 1:
            listed = self._listed(source)
            if listed is not None:  # ``prices[product]`` at ``subscribe({ product: 1 })``
                return listed[0]
        expanded = expanded_each(self, marker.get(EACH))
        if expanded is not None:  # ``opts.items.map(...)`` at ``f({ items: [{...}, {...}] })``
            return expanded
        mark, hid = self.params_used, len(self.hidden)
        rewritten = self.rewrite(source)
        if self.params_used == mark:  # computed inside the wrapper (its locals written out)
            self.inner.append(source)
        if len(self.hidden) > hid and structured(marker):
            # a choice or an each is written from its parts (walked below, each naming what
            # the call cannot see): its whole text is a message's, never the call's code
            del self.hidden[hid:]
            rewritten = source
        if rewritten is None:  # literals and names from outside the wrapper: as written
            if not structured(marker):
                return marker
            rewritten = source  # a choice's or an each's parts may name the wrapper's own
        if self.family == "kotlin" and len(marker) == 1 and plain_string(rewritten) is not None:
            return plain_string(rewritten)  # "$priceId" at f("price_team"): "price_team"
        out: dict[str, Any] = {DYNAMIC: rewritten}
        self._parts += 1  # a choice's branches: a follower wrote them before any reassignment
        try:
            for key, item in list(marker.items())[1:]:
                out[key] = self._part(item)
        finally:
            self._parts -= 1
        each = out.get("$each")
        if type(each) is dict and type(each.get("as")) is str:
            return each_own(out, each)
        choice = out.get(CHOICE)
        if type(choice) is dict and choice.get("then") is None and choice.get("else") is None:
            return OMIT  # set in neither branch at this call (a key its literal leaves out)
        return out

    def _decided(self, choice: Any) -> tuple[Any] | None:
        """The branch of a choice whose condition is a parameter (or a key path into one)
        bound to a literal at this call (a key the caller's literal leaves out is falsy):
        ``(opts.customer ? {...} : {})`` at ``f({price: p})``; or a test of parameters that
        is one of literals with the call's values in (``coupon is None`` at ``f(price)``, its
        default ``None``: ``migrate/scan/fold_conds.py``)."""
        if type(choice) is not dict or type(choice.get("if")) is not str:
            return None
        self._testing += 1
        try:
            got = self.value_of(choice["if"].strip())
            if got is None:
                got = self._set_test(choice["if"].strip())
            if got is None:  # a test of literals once the caller's are in (``None is None``)
                text = self.rewrite(choice["if"])
                known = decide(text if text is not None else choice["if"])
                if known is None:
                    return None
                got = (known,)
        finally:
            self._testing -= 1
        if type(got[0]) is dict and DYNAMIC in got[0]:
            return None
        value = got[0]
        truthy = value is not OMIT and value is not None and bool(value)
        branch = choice.get("then" if truthy else "else", OMIT)
        return (OMIT if branch is None else branch,)  # a create's null is a field not sent

    def _alias(self, name: str) -> tuple[Any] | None:
        """The literal value of a local that only reads a parameter's key (``const { priceId }
        = args``: ``args.priceId``) at a call that gives it."""
        value = self.locals.get(name)
        got = self.value_of(value) if value is not None and name not in self._open else None
        return None if got is None or (type(got[0]) is dict and DYNAMIC in got[0]) else got

    def _set_test(self, cond: str) -> tuple[bool] | None:
        """Whether ``x ?? d`` / ``x || d`` (read as ``x is not null`` / ``x is set``) takes
        ``x`` when ``x`` is a parameter's key path the call's literal gives or leaves out
        (``args.quantity ?? 1`` at ``f({ priceId })``: no quantity, 1)."""
        test = NOT_NULL.match(cond) or IS_SET.match(cond)
        got = self.value_of(test["what"].strip()) if test is not None else None
        if got is None or test is None or (type(got[0]) is dict and DYNAMIC in got[0]):
            return None
        if got[0] is OMIT or got[0] is None:
            return (False,)
        return (True,) if test.re is NOT_NULL or got[0] else None  # `0 || 1` is 1

    def _listed(self, source: str) -> tuple[str] | None:
        """The entry of a list of string literals the wrapper binds to a local that ``source``
        reads with an index the call gives as a literal number (``prices[product]`` with
        ``const prices = ["price_a", "price_b"]`` at ``subscribe({ product: 1 })``), when the
        list has it."""
        read = _INDEXED.fullmatch(source)
        value = self.locals.get(read["name"]) if read is not None else None
        listed = _STRING_LIST.fullmatch(value) if value is not None else None
        if read is None or listed is None:
            return None
        index = self.value_of(read["key"].strip())
        if index is None or type(index[0]) is not int or index[0] < 0:
            return None
        entries = [m[1] if m[1] is not None else m[2] for m in _STRING.finditer(listed["items"])]
        return (entries[index[0]],) if index[0] < len(entries) else None

    def _entry(self, source: str, depth: int = 0) -> tuple[Any] | None:
        """The entry of a constant map of the wrapper's module that ``source`` reads with a key
        the call gives as a literal (``PRICES[plan]``, ``PRICES.get(plan)``, PHP's
        ``self::PRICES[$plan]`` at ``checkout("pro")``), when the map has it; or a member of
        that entry (``BOOKS[slug].priceUSD``), also through a local of the wrapper bound to it
        (``const config = BOOKS[slug]`` read as ``config.priceUSD``, ``chosen["amount"]``)."""
        head = re.match(r"\s*([A-Za-z_$][\w$]*)", source)
        if head is not None and depth < 3 and head.group(1) not in self.names:
            bound = self.locals.get(head.group(1))
            path = source[head.end() :]
            if type(bound) is str and MEMBERS.fullmatch(path):
                got = self._entry(bound, depth + 1)
                return member(got[0], path) if got is not None else None
        for ref, (_, value) in self.constants.items():
            if type(value) is not dict or not source.strip().startswith(ref):
                continue
            rest = source.strip()[len(ref) :]
            pattern = r"(?:\[(.+?)\]|\.get\((.+?)\))(" + MEMBERS.pattern + ")"
            key = re.fullmatch(pattern, rest, re.S)
            if key is None:
                continue
            text = (key.group(1) or key.group(2)).strip()
            got = self.value_of(text)
            if got is None:
                written = self.rewrite(text)
                got = (literal(written if written is not None else text),)
            key_of = got[0] if self.family == "python" else str(got[0])  # `{100: ...}` exact
            if type(got[0]) in (str, int) and key_of in value:
                return member(value[key_of], key.group(3))
        return None

    def _part(self, item: Any) -> Any:
        """A part of a choice or an each: its texts (``if``, ``over``) rewritten, its values
        walked. A choice's ``then`` runs only where its condition holds: a parameter that the
        condition requires set (``coupon``, ``seat_price and seats > 0``) holds there the
        caller's value without its branches of nothing (``code if promo else None``: ``code``)."""
        if type(item) is not dict or DYNAMIC in item:
            return self.walk(item)
        out = {}
        for key, value in item.items():
            text = None
            if key in ("if", "over") and type(value) is str:
                self._testing += key == "if"
                try:
                    text = self.rewrite(value)
                finally:
                    self._testing -= key == "if"
            if key == "then" and type(item.get("if")) is str:
                got = self._where_set(item["if"], value)
            else:
                got = text or (value if type(value) is str else self._part(value))
            out[key] = None if got is OMIT else got  # a branch the caller leaves unset: nothing
        return out

    def _where_set(self, cond: str, value: Any) -> Any:
        """``value`` walked where ``cond`` holds (see ``_part``)."""
        saved, nonzero = dict(self.bound), set(self._nonzero)
        if self.family == "go":
            self._nonzero.update((name, snake(key)) for name, key in nonzero_fields(cond))
        for name in required_set(cond):
            if name in self.bound and not self._reassigned(name):
                arg, written = self.bound[name]
                self.bound[name] = (set_value(arg), written)
        try:
            return value if type(value) is str else self._part(value)
        finally:
            self.bound.clear()
            self.bound.update(saved)
            self._nonzero = nonzero

    def value_of(self, source: str) -> tuple[Any] | None:
        """The value of a parameter, or of a key path into it (``opts.price``)."""
        name = re.match(r"^[$@]?[A-Za-z_]\w*", source)
        if name is None or name.group() not in self.names:
            return None
        param = name.group()
        rest = source[name.end() :]
        if self._reassigned(param):
            return None  # reassigned in the wrapper: not the argument (see ``rewrite``)
        if param in self.bound:
            value, written = self.bound[param]
        elif self.spread:
            return None
        else:
            value, written = self.defaults.get(param, OMIT), ""
            if type(value) is dict and _EMPTY_MAP.fullmatch(str(value.get(DYNAMIC, ""))):
                value = {}  # `opts = {}`: no key of it is set
            elif type(value) is dict and set(value) == {DYNAMIC} and self.constants:
                value = {DYNAMIC: self._with_constants(str(value[DYNAMIC]))}
        steps = list(_ACCESS.finditer(rest))
        if "".join(m.group() for m in steps) != rest:
            return None
        for at, step in enumerate(steps):
            called = step.group("call")
            if type(value) is dict and RECORD in value:  # a record's component, or run time
                key = component_key(value, called or step.group("attr") or "", bool(called))
                if key is not None:
                    value = value[key]
                    if at + 1 < len(steps) and type(value) is not dict:
                        return None  # a literal's member (.trim()): the text at the call
                    continue
                value = {DYNAMIC: written}  # another member: read at run time
            elif called and type(value) is dict and DYNAMIC not in value:
                return None  # a method of a map: run time
            number = converted(value, called or step.group("attr"))
            if number is not None:  # `quantity.longValue()` of a literal 5: the number
                value = number[0]
                continue
            key = (
                called
                or step.group("got")
                or step.group("attr")
                or step.group("prop")
                or step.group("key")
                or step.group("sym")
            )
            if type(value) is dict and DYNAMIC not in value:
                spread = self.bound.get(SPREAD + param) if at == 0 else None
                if spread is not None and key not in spread[0][0]:  # a key the spread may hold
                    tail = "".join(m.group() for m in steps[at + 1 :])
                    return (dynamic_marker(spread[0][1](key) + tail),)
                if self.family == "go" and key not in value:
                    key = snake(key)  # &CheckoutRequest{PriceID: ...} is read as price_id
                elif key not in value and snake(key) in value:
                    key = snake(key)  # C#'s priceData?.Product of the params' `product`
                zero = self.zeros.get(param, {}) if at == 0 and param in self.bound else {}
                if not self._testing:
                    zero = {k: v for k, v in zero.items() if v != ""}
                value = value.get(key, zero.get(key, OMIT))
                if (param, snake(key)) in self._nonzero:
                    value = set_value(value)  # a `then` of `req.Quantity > 0`: set there
                elif key in zero:  # set under a condition only: the zero value elsewhere
                    value = _zeroed(value, zero[key])
                continue
            if value is OMIT or value is None:
                return (OMIT,)
            base = str(value[DYNAMIC]) if type(value) is dict else written
            tail = "".join(m.group() for m in steps[at:])
            return (dynamic_marker(_operand(base) + tail),)
        if value is None:
            return (OMIT,)
        return (value,)

    def rewrite(self, source: str) -> str | None:
        """The expression with each parameter replaced by the caller's expression and each
        local of the wrapper by its value (itself rewritten), or ``TODO_<local>`` when a caller
        cannot write it, and each read of its object's state by the call's receiver's; None
        when it uses none of these (literals and names from outside)."""
        used = False
        if self.family == "kotlin":  # "$name" is "${name}": the name is code
            source = braced_templates(source)
        if self.own is not None:
            spans = string_spans(source)
            begins = [a for a, _ in spans]

            def in_code(at: int) -> bool:
                index = bisect.bisect_right(begins, at) - 1
                return index < 0 or at >= spans[index][1]

            masked = own_reads(
                *self.own,
                source,
                code=in_code,
                skip=self.names | set(self.locals) | set(self.constants),
                hidden=self.hidden,
                held=self._held,
            )
            if masked is not source:
                used = True
                self.params_used += 1
                source = masked

        held_paths = self._paths(source)
        if held_paths is not source:
            used = True
            source = held_paths
        inlined = self._inlined(source)
        if inlined is not source:
            used = True
            source = inlined

        def swap(match: re.Match[str]) -> str:
            nonlocal used
            word = match.group()
            if _is_key(source, match.start(), match.end()):
                return word  # a keyword argument's or a key's name, not a variable
            if self._reassigned(word):
                used = True  # a parameter the wrapper reassigns: what it made of the argument
                return self._local(word, whole=match.start() == 0 and match.end() == len(source))
            if word not in self.names:
                if word not in self.locals:
                    return word
                used = True
                whole = match.start() == 0 and match.end() == len(source)
                return self._local(word, whole=whole)
            used = True
            self.params_used += 1
            if word in self.bound:
                value, written = self.bound[word]
                text = str(value[DYNAMIC]) if type(value) is dict and DYNAMIC in value else written
                return _operand(text) if text else word
            if self.spread:  # passed in a spread the reader cannot read, or not at all
                self.hidden.append(word)
                return todo_name(word)
            default = self.defaults.get(word, OMIT)
            if type(default) is dict and DYNAMIC in default:  # written as code: as written
                return _operand(self._with_constants(str(default[DYNAMIC])))
            if default is None:  # the wrapper's null (``None``, ``null``): the caller has no name
                return self.nulls.get(word, word)
            if default is OMIT and self.family == "node" and word in self.nulls:
                return "undefined"  # a JavaScript argument not passed
            return repr(default) if default is not OMIT else word

        literal = string_spans(source)
        starts = [a for a, _ in literal]
        holes = fstring_holes(source) if self.family == "python" else []

        def code(match: re.Match[str]) -> str:  # not a word of a string literal
            at = bisect.bisect_right(starts, match.start()) - 1
            if at >= 0 and match.start() < literal[at][1]:
                return match.group()
            out = swap(match)
            quotes = [q for a, b, q in holes if a < match.start() < b]
            return requoted(out, quotes[-1]) if quotes else out

        def written(match: re.Match[str]) -> str:
            out = code(match) if literal else swap(match)
            if out != match.group() and self.family == "node" and _shorthand(source, match):
                return f"{match.group()}: {out}"  # { userId } is { userId: userId }
            return out

        out = _WORD.sub(written, source)
        if not used:
            return None
        out = put_back(out, self._held)
        if self.family == "node":  # f({ a }) read at opts.b || x: x; `${"https://x"}/ok`
            return _LITERAL_HOLE.sub(r"\1", without_undefined(out))
        return template_literals(out) if self.family == "kotlin" else out

    def _paths(self, source: str) -> str:
        """``source`` with each key path into a parameter bound to the caller's literal
        (``input.customerId`` at ``f({customerId: customer.id})``) held as the caller's
        expression for that key (put back by :func:`put_back`); ``source`` itself when none."""
        if not any(type(v) is dict and DYNAMIC not in v for v, _ in self.bound.values()):
            return source
        spans = string_spans(source)

        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            bound = self.bound.get(name)
            if name not in self.names or bound is None or type(bound[0]) is not dict:
                return match.group()
            if DYNAMIC in bound[0] or any(a <= match.start() < b for a, b in spans):
                return match.group()
            got = self.value_of(match.group())
            code = self._code(got[0], name, match.group(2)) if got is not None else None
            if code is None:
                return match.group()
            self.params_used += 1
            self._held.append(code)
            return f"\x00{len(self._held) - 1}\x00"

        out = _PARAM_PATH.sub(one, source)
        return source if out == source else out

    def _code(self, value: Any, name: str, path: str) -> str | None:
        """The caller's code for the value of a key path into ``name``: its expression, a
        literal every language reads alike, or the object literal's member as written; a key
        the caller's JavaScript object literal does not set is ``undefined``."""
        if value is OMIT and self.family == "node":  # f({ priceId }) read at opts.quantity
            return "undefined"
        if type(value) is dict and set(value) == {DYNAMIC}:
            return _operand(str(value[DYNAMIC]))
        if type(value) is bool:
            return str(value) if self.family == "python" else str(value).lower()
        if type(value) in (int, float) or (type(value) is str and _PLAIN_TEXT.fullmatch(value)):
            return repr(value) if type(value) is not str else f'"{value}"'
        member = self.bound.get(MEMBER + name)
        step = re.fullmatch(r"""\??\.(\w+)|\[\s*['"]([^'"]+)['"]\s*\]""", path)
        key = (step.group(1) or step.group(2)) if step is not None else ""
        if type(value) is dict and member is not None and key in member[0]:
            return _operand(member[0][key])  # { metadata: {...} }: as the call writes it
        return None

    def _inlined(self, source: str) -> str:
        """``source`` with each constant of the wrapper's module it reads held as the
        constant's literal (put back by :func:`put_back`); ``source`` itself when none."""
        out = source
        for ref, (code, _) in self.constants.items():
            out = reference(ref, self.family).sub(functools.partial(self._hold, out, code), out)
        return source if out == source else out

    def _with_constants(self, text: str) -> str:
        """``text`` (a parameter's default, as written in the wrapper) with the constants of
        the wrapper's module it reads written in (a caller's file does not define them)."""
        held = self._inlined(text)
        return text if held is text else put_back(held, self._held)

    def _hold(self, text: str, code: str, match: re.Match[str]) -> str:
        """A read of a constant (``match`` in ``text``) as a stand-in for its literal ``code``;
        as written in a string literal or as a key's name."""
        if any(a <= match.start() < b for a, b in string_spans(text)):
            return match.group()
        if _is_key(text, match.start(), match.end()):
            return match.group()
        self._held.append(code if code.startswith("(") else _operand(code))
        return f"\x00{len(self._held) - 1}\x00"

    def _reassigned(self, name: str) -> bool:
        """Whether ``name`` is a parameter the wrapper gives another value before its Stripe
        call, read as that variable here (not inside its own value, nor a choice's part)."""
        return (
            name in self.names
            and name in self.locals
            and name not in self._open
            and not self._parts
        )

    def _local(self, name: str, *, whole: bool) -> str:
        """A local of the wrapper as the caller writes it (``whole``: it is the whole text, no
        parentheses needed)."""
        value = self.locals[name]
        if name in self._open:  # in its own value: a name bound there (a callback's)
            return name
        if self.binder is not None and len(self._open) < MAX_LOCALS:  # bound before the call
            local = self.binder.bind(name, self, self._open)
            if local is not None:
                self.inner.append(name)  # computed in the wrapper: a statement before the call
                return local
        if value is None or len(self._open) >= MAX_LOCALS:
            self.hidden.append(name)
            return todo_name(name)
        self._open.add(name)
        try:
            written = self.rewrite(value)
        finally:
            self._open.discard(name)
        text = settled(written if written is not None else value, self.family)
        return text if whole or _primary(text) or closes_at_end(text) else f"({text})"


_LITERAL_HOLE: Final = re.compile(r"\$\{\s*\"([^\"\\`$]*)\"\s*\}")
"""A template literal's hole holding a plain string literal (a caller's argument put there):
its text, written in the template."""
_KEY_AFTER: Final = re.compile(r"\s*(?:=(?![=>])|:(?!:))")


def _zeroed(value: Any, zero: Any) -> Any:
    """Go: a struct field a caller sets in some branches (``if perSeat { req.Quantity = n }``),
    its other branches (unset: None) holding the field's zero value."""
    if value is None or value is OMIT:
        return zero
    choice = value.get(CHOICE) if type(value) is dict else None
    if type(choice) is not dict:
        return value
    branches = {k: _zeroed(choice.get(k), zero) for k in ("then", "else")}
    return {**value, CHOICE: {**choice, **branches}}


def _is_key(source: str, begin: int, end: int) -> bool:
    """Whether the word at ``begin:end`` names an argument or a key (``f(org=org)``, Kotlin's
    ``f(org = org)``, C#'s ``f(org: org)``, ``{org: org}``, Ruby's ``org: org``): right after
    an opening bracket or a comma, before ``=`` or ``:``."""
    before = source[:begin].rstrip()
    return bool(before) and before[-1] in "({," and _KEY_AFTER.match(source, end) is not None


def _shorthand(source: str, match: re.Match[str]) -> bool:
    """Whether the name ``match`` finds is a JavaScript object literal's shorthand property
    (``{ ...metadata, userId }``): between ``{`` or ``,`` and ``,`` or ``}``, in braces."""
    before, after = source[: match.start()].rstrip(), source[match.end() :].lstrip()
    if not before or before[-1] not in "{," or not after or after[0] not in ",}":
        return False
    depth = 0
    for at in range(len(before) - 1, -1, -1):
        char = before[at]
        if char in ")]}":
            depth += 1
        elif char in "([{":
            if depth == 0:  # a brace, not a template's hole (`${origin}`)
                return char == "{" and not before[:at].endswith("$")
            depth -= 1
    return False


def _primary(text: str) -> bool:
    """Whether an expression needs no parentheses as an operand: a literal string, or a name
    path followed only by calls, indexes and member reads (``request.POST["price"]``)."""
    return bool(_SIMPLE.match(text)) or atomic(text)
