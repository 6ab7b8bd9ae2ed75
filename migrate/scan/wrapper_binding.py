"""A call's arguments bound to a wrapper's parameters (``migrate/scan/wrapper_args.py`` puts
them where the wrapper's params use the parameters): positional and named arguments, a JavaScript
object pattern's keys, an object literal that spreads another."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import (
    DYNAMIC,
    OMIT,
    Dynamic,
    Extractor,
    dynamic_marker,
    text,
)
from migrate.scan.http_urls import callee_of
from migrate.scan.jvm_records import record_value
from migrate.scan.kotlin_symbols import kotlin_arguments
from migrate.scan.nodes import is_comment
from migrate.scan.offload import handed_over
from migrate.scan.params import Param
from migrate.scan.patterns import normalise_callee
from migrate.scan.suggest_values import atomic

SPREAD: Final = "..."
"""``bound[SPREAD + name]``: the keys an object literal bound to ``name`` sets after the object
it spreads, and how another key of it is read (see ``_spread_keys``)."""
MEMBER: Final = "."
"""``bound[MEMBER + name]``: the source of each key of a JavaScript object literal bound to
``name``, as the call writes it."""
UNPLACED: Final = "!"
"""``bound[UNPLACED + name]``: what the reader of the argument bound to ``name`` found but
could not place in its value (a key computed in a loop, ``$meta[$k] = $v``: RT012; a map
merged whole): the caller's, said at the call when the wrapper passes it as its params."""
SIMPLE: Final = re.compile(r"^[$@]?[A-Za-z_][\w]*(?:(?:\.|->|::)[A-Za-z_]\w*)*$")


# -- a call's arguments -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Arguments:
    """A call's arguments: positional ones in order, keyword (named) ones by name, and whether
    some are spread (``*args``, ``**kw``, ``...xs``) so the rest cannot be bound."""

    positional: tuple[SgNode, ...]
    keyword: dict[str, SgNode]
    spread: bool
    mapping: SgNode | None = None
    """Python: the mapping of the call's one ``**`` argument (``f(**serializer.validated_data)``)
    when it spreads nothing else; its keys are the parameters it passes (:func:`bind`)."""


def handed_callee(call: SgNode, family: str) -> str:
    """A call's callee; for a Python call handing a function over to be called with its other
    arguments (``asyncio.to_thread(self.billing.start, a)``, ``partial(start, a)``), that
    function's: the call is a call of it (its arguments: :func:`call_arguments`)."""
    handed = handed_over(call) if family == "python" else None
    return normalise_callee(handed[0].text()) if handed is not None else callee_of(call)


def call_arguments(call: SgNode, family: str, *, hash_only: bool = False) -> Arguments:
    """``hash_only``: ``call`` is a Ruby hash literal, its pairs the keyword arguments."""
    if family == "kotlin":  # f(a, name = b) { trailing }
        listed, named, spread_kotlin = kotlin_arguments(call)
        return Arguments(tuple(listed), named, spread_kotlin)
    positional: list[SgNode] = []
    keyword: dict[str, SgNode] = {}
    spread = False
    mappings: list[SgNode] = []
    raw = call if hash_only else call.field("arguments")
    nodes = [c for c in raw.named_children() if not is_comment(c)] if raw is not None else []
    handed = handed_over(call) if family == "python" and not hash_only else None
    if handed is not None:  # asyncio.to_thread(f, a, k=b): f's arguments follow it
        nodes = nodes[handed[1] :]
    for node in nodes:
        kind = node.kind()
        if kind in ("list_splat", "dictionary_splat", "spread_element", "splat_argument"):
            spread = True
            mappings.append(node if kind == "dictionary_splat" else call)  # call: no mapping
        elif kind in ("hash_splat_argument", "variadic_unpacking", "block_argument"):
            spread = spread or kind != "block_argument"
        elif kind == "keyword_argument":
            name, value = node.field("name"), node.field("value")
            if name is not None and value is not None:
                keyword[name.text()] = value
        elif kind == "pair" and family == "ruby":
            key, value = node.field("key"), node.field("value")
            if value is None and key is not None and key.kind() == "hash_key_symbol":
                value = key  # Ruby 3.1's shorthand: price: is price: price
            if key is not None and value is not None:
                keyword[key.text().strip(":\"'")] = value
        elif kind == "argument":  # PHP, C#: maybe named (price: $p)
            inner = [c for c in node.named_children() if not is_comment(c)]
            name = node.field("name")
            if not inner:
                continue
            if inner[0].kind() == "variadic_unpacking":
                unpacked = _php_unpacked(inner[0], call) if family == "php" else None
                if unpacked is None:
                    spread = True
                    continue
                for label, element in unpacked:
                    if label is None:
                        positional.append(element)
                    else:
                        keyword[label] = element
            elif name is not None and len(inner) > 1:
                keyword[name.text()] = inner[-1]
            else:
                positional.append(inner[-1])
        else:
            positional.append(node)
    splat = mappings[0] if len(mappings) == 1 and family == "python" else None
    inner = [c for c in splat.named_children() if not is_comment(c)] if splat is not None else []
    mapping = inner[0] if len(inner) == 1 and splat is not call else None
    return Arguments(tuple(positional), keyword, spread, mapping)


def _php_unpacked(unpacking: SgNode, call: SgNode) -> list[tuple[str | None, SgNode]] | None:
    """The arguments a PHP spread gives (``f(...$args)``, ``f(...[$a, 'k' => $b])``): the
    elements of the array literal it spreads, or that the one assignment of its variable in
    the function holds (a variable assigned or changed anywhere else is not read), a string
    key naming the parameter (PHP 8.1); None when they cannot be told."""
    inner = [c for c in unpacking.named_children() if not is_comment(c)]
    if len(inner) != 1:
        return None
    array: SgNode | None = inner[0]
    if array is not None and array.kind() == "variable_name":
        array = _php_only_value(array, call)
    if array is None or array.kind() != "array_creation_expression":
        return None
    out: list[tuple[str | None, SgNode]] = []
    for element in array.named_children():
        if is_comment(element):
            continue
        parts = [c for c in element.named_children() if not is_comment(c)]
        keyed = any(c.text() == "=>" for c in element.children() if not c.is_named())
        if element.kind() != "array_element_initializer" or not parts or len(parts) > 2:
            return None
        if parts[0].kind() == "variadic_unpacking":
            return None
        if not keyed:
            out.append((None, parts[0]))
            continue
        key = parts[0]
        content = [c for c in key.named_children() if c.kind() == "string_content"]
        if key.kind() not in ("string", "encapsed_string") or len(content) != 1:
            return None
        out.append((content[0].text(), parts[-1]))
    return out


def _php_only_value(name: SgNode, call: SgNode) -> SgNode | None:
    """The value of the one assignment to the variable ``name`` in the function ``call`` is
    in, before it, when the function names the variable nowhere else."""
    function = next(
        (a for a in call.ancestors() if a.kind() in _PHP_FUNCTIONS), call.get_root().root()
    )
    uses = [n for n in function.find_all(kind="variable_name") if n.text() == name.text()]
    if len(uses) != 2:
        return None
    target = uses[0]
    assigned = target.parent()
    if assigned is None or assigned.kind() != "assignment_expression":
        return None
    if assigned.field("left") != target or target.range().end.index > call.range().start.index:
        return None
    return assigned.field("right")


_PHP_FUNCTIONS: Final = frozenset(
    {"method_declaration", "function_definition", "anonymous_function", "arrow_function"}
)


# -- binding and substituting -----------------------------------------------------------------

Bound = dict[str, tuple[Any, str]]
"""A parameter (as written) -> the argument's value (a literal or a marker) and its source."""


def bind(params: tuple[Param, ...], args: Arguments, ex: Extractor) -> tuple[Bound, bool]:
    """The caller's arguments bound to a wrapper's parameters, and whether some could not be
    (a spread argument)."""
    bound: Bound = {}
    positional = [p for p in params if p.position is not None and not p.rest]
    if ex.family == "ruby" and not positional and _one_hash(args):  # Ruby 2: f({a: 1}) to
        args = call_arguments(args.positional[0], "ruby", hash_only=True)  # def f(a:)
    for param, node in zip(positional, args.positional, strict=False):
        _put(bound, param, node, ex)
    by_name = {p.bare: p for p in params if p.keyword and not p.rest}
    extra: dict[str, SgNode] = {}
    catch: Param | None = None
    for name, node in args.keyword.items():
        named = by_name.get(name)
        if named is not None:
            _put(bound, named, node, ex)
        else:
            extra[name] = node
    if extra:  # **kwargs, or (Ruby) the trailing pairs as a hash for a positional parameter
        catch = next((p for p in params if p.rest == "**"), None)
        free = [p for p in positional if p.name not in bound]
        if catch is None and free and ex.family == "ruby":
            catch = free[0]
        if catch is not None:
            values = {k: ex.value(v, "", record=False) for k, v in extra.items()}
            bound[catch.name] = (values, _hash_text(extra, ex.family, args.mapping))
            if args.mapping is not None:  # f(user=u, **data): the other keys are data's
                where = operand(args.mapping.text())
                keys = (frozenset(extra), lambda key: f"{where}[{json.dumps(key)}]")
                bound[SPREAD + catch.name] = (keys, "")
    if args.mapping is not None and (not extra or catch is not None):
        return bound, not _bind_mapping(bound, params, args.mapping, ex)
    return bound, args.spread


def _hash_text(extra: dict[str, SgNode], family: str, mapping: SgNode | None) -> str:
    """The keyword arguments a ``**kwargs`` parameter (or a Ruby hash parameter) gathers, as a
    literal of the language (``{"user": request.user, **data}``)."""
    if family == "ruby":
        return "{" + ", ".join(f"{k}: {n.text()}" for k, n in extra.items()) + "}"
    pairs = [f"{json.dumps(k)}: {n.text()}" for k, n in extra.items()]
    return (
        "{" + ", ".join([*pairs, *([f"**{mapping.text()}"] if mapping is not None else [])]) + "}"
    )


def _bind_mapping(bound: Bound, params: tuple[Param, ...], mapping: SgNode, ex: Extractor) -> bool:
    """Python's ``f(**data)``: each parameter the other arguments leave unbound is the
    mapping's entry of its name (a dict the caller builds: its values; any other mapping,
    ``serializer.validated_data``: read at its key, with the parameter's default when it has
    one), and a ``**kwargs`` parameter the mapping itself. Whether every parameter is so bound
    (a dict built with a value the reader cannot write keeps the call a spread)."""
    value = ex.value(mapping, "", record=False)
    known = type(value) is dict and DYNAMIC not in value
    named = [p for p in params if p.name not in bound and not p.keys and not p.rest]
    if known and named and not all(_writable(v) for v in value.values()):
        return False  # a value a named parameter reads must be written as code; **kwargs
        # takes the dict whole, as params (f(**session_params) into create(**kwargs))
    where = operand(mapping.text())
    for param in params:
        if param.name in bound or param.keys or param.rest == "*":
            continue
        if param.rest == "**":
            rest = {k: v for k, v in value.items() if k not in _named(params)} if known else None
            bound[param.name] = (rest if rest is not None else dynamic_marker(where), where)
        elif known:
            if param.bare in value:
                item = value[param.bare]
                bound[param.name] = (item, _source_of(item, repr(item)))
        else:
            key = json.dumps(param.bare)
            got = f"{where}[{key}]" if param.default is None else ""
            read = got or f"{where}.get({key}, {param.default})"
            bound[param.name] = (dynamic_marker(read), read)
    return True


def _named(params: tuple[Param, ...]) -> set[str]:
    return {p.bare for p in params if not p.rest}


def _writable(value: Any) -> bool:
    """Whether a value of a dict the caller builds can be written as code at its call."""
    if type(value) is dict:
        return DYNAMIC in value and next(iter(value)) == DYNAMIC and len(value) == 1
    return value is None or type(value) in (str, int, float, bool)


def _one_hash(args: Arguments) -> bool:
    return len(args.positional) == 1 and not args.keyword and args.positional[0].kind() == "hash"


def _put(bound: Bound, param: Param, node: SgNode, ex: Extractor) -> None:
    mark = len(ex.dynamic)
    value = record_value(node, ex) or ex.value(node, "", record=False)
    lost = tuple(d for d in ex.dynamic[mark:] if not d.path or d.path.endswith("."))
    if lost and type(value) is dict and DYNAMIC not in value:
        bound[UNPLACED + param.name] = (lost, "")
    if value is OMIT:  # a null the language leaves out (C#, Go) is still the argument's
        if node.text() in ("null", "nil") and not param.keys:
            bound[param.name] = (None, node.text())
        return
    if param.keys:  # a JavaScript object pattern: each key its own name
        spread = _spread_keys(node)
        members = _members(node)
        for key, local in param.keys:
            if spread is not None and key not in spread[0]:  # a key the spreads may hold
                bound[local] = (dynamic_marker(spread[1](key)), "")
            elif type(value) is dict and DYNAMIC not in value:
                if key in value:
                    item = value[key]
                    written = members.get(key, f"{operand(node.text())}.{key}")
                    bound[local] = (item, _source_of(item, written))
            else:
                bound[local] = (dynamic_marker(f"{operand(node.text())}.{key}"), "")
        return
    bound[param.name] = (value, node.text())
    node = _assigned(node)  # Object.assign(new Dto(), {...}): the literal's keys
    if type(value) is not dict or DYNAMIC in value or node.kind() not in _LITERALS:
        return
    spread = _spread_keys(node)
    if spread is not None:  # f({ ...input, metadata }): input's keys are read from it
        bound[SPREAD + param.name] = (spread, "")
    bound[MEMBER + param.name] = (_members(node), "")


def _members(node: SgNode) -> dict[str, str]:
    """The source of each plainly named key of a JavaScript object literal (``f({ metadata:
    { orderId } })``: ``args.metadata`` is written ``{ orderId }`` at the call)."""
    texts: dict[str, str] = {}
    for child in node.named_children() if node.kind() in _LITERALS else []:
        key = child.field("key") if child.kind() == "pair" else None
        if key is not None and key.kind() in ("property_identifier", "string"):
            texts[_key_text(key)] = text(child.field("value"))
        elif child.kind() == "shorthand_property_identifier":
            texts[child.text()] = child.text()
    return texts


def _spread_keys(node: SgNode) -> tuple[frozenset[str], Callable[[str], str]] | None:
    """For an object literal that spreads another (``{ ...input, customerId }``): the keys it
    sets after its last spread (theirs are known), and how another key is read at the call
    (``input.priceId`` from the one spread, else the literal's own member); None without a
    spread."""
    if node.kind() not in _LITERALS:
        return None
    children = [c for c in node.named_children() if not is_comment(c)]
    spread = _LITERALS[node.kind()]
    spreads = [n for n, c in enumerate(children) if c.kind() == spread]
    if not spreads:
        return None
    after: set[str] = set()
    before: set[str] = set()
    for n, child in enumerate(children):
        if child.kind() in ("pair", "shorthand_property_identifier", "method_definition"):
            key = child.field("key")
            name = _key_text(key or child)
            (after if n > spreads[-1] else before).add(name)
    operand = children[spreads[0]].text().lstrip(".*").strip()  # ...input, **base
    chosen = _chosen_keys([children[n] for n in spreads])
    if chosen is not None:  # ...(code ? { code } : {}): each key set under its condition
        known = frozenset(after | (before - set(chosen)))  # the spreads hold no other key
        return known, lambda key: chosen.get(key, f"({node.text()}).{key}")
    if not (len(spreads) == 1 and not before and plain_path(operand)):
        operand = f"({node.text()})"
    if node.kind() == "dictionary":  # Python: base["price"]
        return frozenset(after), lambda key: f"{operand}[{json.dumps(key)}]"
    return frozenset(after), lambda key: f"{operand}.{key}"


def _assigned(node: SgNode) -> SgNode:
    """The object literal ``Object.assign(new Dto(), {...})`` (or ``Object.assign({}, {...})``)
    fills its new object with; ``node`` for anything else."""
    if node.kind() != "call_expression" or callee_of(node) != "Object.assign":
        return node
    args = [c for c in (node.field("arguments") or node).named_children() if not is_comment(c)]
    fresh = len(args) == 2 and (args[0].kind() == "new_expression" or args[0].text() == "{}")
    return args[1] if fresh and args[1].kind() == "object" else node


def _chosen_keys(spreads: list[SgNode]) -> dict[str, str] | None:
    """For JavaScript spreads that are each an object literal under a condition (``...(c ? {
    k: v } : {})``, ``...(c && { k: v })``): each key's value, ``c ? v : undefined`` (``c`` for
    ``...(c ? { c } : {})``, whose falsy value left out reads as unset where it is read);
    None when a spread is anything else (its keys unknown)."""
    out: dict[str, str] = {}
    for spread in spreads:
        inner = next((c for c in spread.named_children() if not is_comment(c)), None)
        while inner is not None and inner.kind() == "parenthesized_expression":
            inner = next((c for c in inner.named_children() if not is_comment(c)), None)
        if inner is None:
            return None
        if inner.kind() == "ternary_expression":
            cond, then, other = (
                inner.field(f) for f in ("condition", "consequence", "alternative")
            )
            if other is None or other.kind() != "object" or other.named_children():
                return None
        elif inner.kind() == "binary_expression" and text(inner.field("operator")) == "&&":
            cond, then = inner.field("left"), inner.field("right")
        else:
            return None
        while then is not None and then.kind() == "parenthesized_expression":
            then = next((c for c in then.named_children() if not is_comment(c)), None)
        if cond is None or then is None or then.kind() != "object":
            return None
        for key, value in _members(then).items():
            test = operand(cond.text())
            # ...(c ? { c } : {}): c (a falsy c, left out, reads as unset where it is read)
            out[key] = value if test == value else f"{test} ? {value} : undefined"
    return out


_LITERALS: Final = {"object": "spread_element", "dictionary": "dictionary_splat"}
"""A JavaScript object literal and a Python dict display, and how each spreads another."""


def _key_text(key: SgNode) -> str:
    """A literal's key as text: a name, or a string's content (``"price"``, ``'price'``)."""
    return key.text().strip("'\"")


def _source_of(value: Any, fallback: str) -> str:
    if type(value) is dict and DYNAMIC in value:
        return str(value[DYNAMIC])
    if type(value) is str:
        return repr(value)
    return fallback


def operand(source: str) -> str:
    return source if plain_path(source) or atomic(source) else f"({source})"


def plain_path(text: str) -> bool:
    """Whether ``text`` is a name or a path of attributes (``billing``, ``this.billing``,
    ``$order->customer``): written again, it computes nothing."""
    return SIMPLE.match(text) is not None


__all__ = [
    "MEMBER",
    "SIMPLE",
    "SPREAD",
    "Arguments",
    "Bound",
    "bind",
    "call_arguments",
    "operand",
    "plain_path",
]


def with_unplaced(
    subbed: tuple[Any, tuple[Dynamic, ...], Any, Any], bound: Bound, wrapper: Any
) -> tuple[Any, tuple[Dynamic, ...], Any, Any]:
    """A wrapper call's substitution (params, run-time values, ...) with what the caller's
    argument holds that its reading could not place (:data:`UNPLACED`), where the wrapper
    passes that parameter on whole: as its params (``create($args)``) or as one of them
    (``putAllMetadata(metadata)``: a Java map the caller filled in a ``forEach`` besides its
    ``put``s): said at the call (RT012) under that path, not dropped."""
    params, dynamic, inner, hidden = subbed
    places: dict[str, list[str]] = {}  # a parameter -> the paths it is passed on whole at
    for d in wrapper.dynamic:
        places.setdefault(d.source.strip(), []).append(d.path)
    for param in wrapper.params:
        got = bound.get(UNPLACED + param.name)
        if got is None:
            continue
        for at in places.get(param.name, []):
            dynamic = (*dynamic, *(replace(e, path=_under(at, e.path)) for e in got[0]))
    return params, dynamic, inner, hidden


def _under(at: str, path: str) -> str:
    """``path`` (in a caller's argument) as a path of the params the argument is put at."""
    return f"{at}.{path}" if at and path else at or path
