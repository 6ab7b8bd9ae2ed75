"""Request bodies read as Stripe params: form-encoded or JSON, literal or built by calls.

What wraps a body is taken off first (``http_build_query($x)``, ``JSON.stringify(x)``,
``URI.encode_www_form(h)``, ``form.Encode()``, ``new FormUrlEncodedContent(d)``, a name bound
to one of those). A form built by calls is read from them: ``new URLSearchParams()`` then
``form.set(k, v)``, Go's ``url.Values`` and ``form.Set``, C#'s dictionary initializer,
``Add`` and ``form["k"] = v`` (a list of ``KeyValuePair`` items too), OkHttp's ``new
FormBody.Builder().add(k, v)``, a dict filled with run-time keys, Python's list of pairs (also
extended: ``http_pair_lists.py``). Bracket keys (``line_items[0][price]``) nest as form fields
do; keys set with a run-time index in a loop (``line_items[${i}][price]``) make the template of
an ``$each`` over the loop's collection (``migrate/scan/http.py`` uses this module)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.readers.form import FormParseError, iter_pairs, split_key
from migrate.scan.extract import (
    CHOICE,
    DYNAMIC,
    OMIT,
    Dynamic,
    Extractor,
    arguments,
    dynamic_marker,
    is_dynamic,
    join,
    start,
    text,
)
from migrate.scan.fold_conds import tests_itself, unwrapped
from migrate.scan.follow_base import inside
from migrate.scan.form_loops import ARGUMENTS, CALLBACKS, LOOPS, fold_eaches, loop_seen, set_again
from migrate.scan.form_strings import interpolated_form
from migrate.scan.http_clients import CALLS, Body, Format
from migrate.scan.http_merges import merged_pairs, merged_unknown
from migrate.scan.http_pair_lists import pair_list
from migrate.scan.http_urls import CALL_KINDS, callee_of, url_of
from migrate.scan.index_loops import index_loop, indices
from migrate.scan.nodes import is_comment

_UNKNOWN: Final = "\x00"


# -- bodies -----------------------------------------------------------------------------------

_UNWRAP: Final[dict[str, tuple[tuple[str, int, Format | None], ...]]] = {
    # (callee tail, the argument holding the body (-1: the receiver), the format it says)
    "python": (("urlencode", 0, "form"), ("json.dumps", 0, "json"), ("encode", -1, None)),
    "node": (
        ("JSON.stringify", 0, "json"),
        ("stringify", 0, "form"),
        ("toString", -1, None),
        ("URLSearchParams", 0, "form"),
    ),
    "php": (
        ("http_build_query", 0, "form"),
        ("json_encode", 0, "json"),
        ("apply_filters", 1, None),
    ),
    "ruby": (
        ("encode_www_form", 0, "form"),
        ("to_json", -1, "json"),
        ("JSON.generate", 0, "json"),
        ("JSON.dump", 0, "json"),
        ("to_query", -1, "form"),
    ),
    "go": (
        ("NewReader", 0, None),
        ("NewBufferString", 0, None),
        ("NewBuffer", 0, None),
        ("Encode", -1, "form"),
        ("json.Marshal", 0, "json"),
    ),
    "csharp": (
        ("FormUrlEncodedContent", 0, "form"),
        ("StringContent", 0, None),
        ("Serialize", 0, "json"),
        ("SerializeObject", 0, "json"),
        ("JsonContent.Create", 0, "json"),
    ),
    "java": (("ofString", 0, None), ("BodyPublishers.ofString", 0, None)),
}


def body_node(body: Body, ex: Extractor) -> tuple[SgNode, Format]:
    """The expression holding a body's params, with what wraps it (``http_build_query($x)``,
    ``JSON.stringify(x)``, ``form.Encode()``, names bound to those) taken off."""
    node, fmt = ex.unwrap(body.node), body.format
    for _ in range(8):
        inner = _unwrapped(node, ex)
        if inner is None and _is_name(node, ex) and collector_pairs(node, ex) is None:
            found = ex.binding(node)
            if found is not None:
                inner = _unwrapped(ex.unwrap(found[0]), ex)
        if inner is None:
            break
        node, said = inner
        fmt = said or fmt
    return node, fmt


def _unwrapped(node: SgNode, ex: Extractor) -> tuple[SgNode, Format | None] | None:
    if node.kind() not in CALL_KINDS:
        return None
    callee = callee_of(node)
    for tail, index, fmt in _UNWRAP.get(ex.family, ()):
        if callee != tail and not callee.endswith("." + tail):
            continue
        if index < 0:
            receiver = node.field("receiver") or node.field("object")
            function = node.field("function")
            if receiver is None and function is not None:
                receiver = function.field("object") or function.field("operand")
            return (ex.unwrap(receiver), fmt) if receiver is not None else None
        args = arguments(node)
        return (ex.unwrap(args[index]), fmt) if len(args) > index else None
    args = arguments(node)
    if args and _encoder(node, callee.rsplit(".", 1)[-1], ex.family):
        return ex.unwrap(args[0]), "form"  # the project's own form encoder of its params
    return None


_ENCODES: Final[dict[str, re.Pattern[str]]] = {
    "php": re.compile(r"\b(?:rawurlencode|urlencode|http_build_query)\s*\("),
    "python": re.compile(r"\b(?:quote_plus|quote|urlencode)\s*\("),
    "node": re.compile(r"\b(?:encodeURIComponent|encodeURI)\s*\("),
    "ruby": re.compile(r"\b(?:CGI\.escape|url_encode|encode_www_form_component|escape)\b"),
}
"""What a function that writes its argument as a form body calls to escape it."""


def _encoder(call: SgNode, name: str, family: str) -> bool:
    """Whether ``name`` is a function or method of the call's file that walks its first
    parameter's keys into a form body (it escapes them, and calls itself for nested arrays:
    a hand-written ``http_build_query``, seen in a WordPress tickets plugin posting to Stripe
    with ``wp_remote_post``)."""
    wanted = _ENCODES.get(family)
    if wanted is None or not name.isidentifier():
        return False
    root = call.get_root().root()
    for fn in root.find_all(regex=rf"\b{re.escape(name)}\b"):
        if text(fn.field("name")) != name or fn.field("body") is None:
            continue
        body = text(fn.field("body"))
        if wanted.search(body) and re.search(rf"\b{re.escape(name)}\s*\(", body):
            return True
    return False


_COLLECTORS: Final = re.compile(
    r"^(?:new\s+)?(?:URLSearchParams|FormData|url\.Values|make\(url\.Values\)|"
    r"(?:new\s+)?(?:Dictionary|List)<|FormBody\.Builder)"
)
_ADDERS: Final = frozenset({"set", "append", "Set", "Add", "add"})


def collector_pairs(node: SgNode, ex: Extractor) -> list[tuple[Any, Any]] | None:
    """The ``(key, value)`` pairs of a form built by calls (``form.set(k, v)``, ``form.Add(k,
    v)``, ``new FormBody.Builder().add(k, v)...``, a Python dict filled with run-time keys or a
    list of pairs extended), or None when ``node`` is not such a form. A key known only at run
    time is a marker (with the loop it is set in, when there is one)."""
    chain = _chain_pairs(node, ex)
    if chain is not None:
        return chain
    if node.kind() == "argument_list":  # Ruby's bare pairs: set_form_data("k" => v, ...)
        return _ruby_pairs(node, ex)
    if _COLLECTORS.match(node.text()):
        return _initial_pairs(node, ex)
    if not _is_name(node, ex):
        return None
    found = ex.binding(node)
    if found is None:
        return pair_list(node, ex, _key)  # Python's [(k, v), ...] and `+=` after it
    value, scope, end = found
    value = ex.unwrap(value)
    chain = _chain_pairs(value, ex)
    if chain is not None:
        return chain
    initial = _COLLECTORS.match(value.text())
    pairs: list[tuple[Any, Any]] = _initial_pairs(value, ex) if initial is not None else []
    name = node.text()
    adders = _adders(scope, name, end, start(node), ex)
    if ex.family == "node":  # items.forEach((item, i) => form.append(...))
        adders += _nested_adders(scope, name, end, node, ex)
    # a form started by an initializer: the extractor reads none of its later `name["k"] = v`
    keyed = _keyed(scope, name, end, start(node), ex, literal=initial is not None)
    if initial is None and not adders and not keyed:
        return None
    if initial is None:  # a dict filled with run-time keys: its literal part comes first
        first = ex.value(node, "", record=False)
        if type(first) is dict and not is_dynamic(first):
            pairs.extend(first.items())
    seen = [(start(call), _seen(call, pair, scope, start(node), ex)) for call, pair in adders]
    made = [(at, pair) for at, pair in seen if pair is not None] + keyed
    return pairs + [pair for _, pair in sorted(made, key=lambda found: found[0])]


def _nested_adders(
    scope: SgNode, name: str, after: int, use: SgNode, ex: Extractor
) -> list[tuple[SgNode, tuple[Any, Any]]]:
    """``name.append(k, v)`` calls made in a function nested in ``scope`` before ``use`` (a
    callback: ``items.forEach((item, i) => form.append(...))``), which run there a number of
    times the form cannot tell: each is a run-time part of it, never nothing (an empty cart)."""
    out: list[tuple[SgNode, tuple[Any, Any]]] = []
    for call in scope.find_all(kind="call_expression"):
        if not after <= start(call) < start(use):
            continue
        callee = callee_of(call)
        if callee.rsplit(".", 1)[0] != name or callee.rsplit(".", 1)[-1] not in _ADDERS:
            continue
        nested = next((a for a in call.ancestors() if a.kind() in CALLBACKS), None)
        if nested is None or nested == scope or not inside(scope, nested):
            continue
        args, loop = arguments(call), _loop(call)
        if loop not in (None, UNREAD) and len(args) == 2:  # a forEach: a loop over its list
            pair = (_key(args[0], ex), ex.value(args[1], "", record=False))
            seen = loop_seen(call, pair, ex, args[1])
            out.extend([(call, seen)] if seen is not None else [])
        else:
            out.append((call, (dynamic_marker(call.text()), None)))
    return out


def _seen(
    call: SgNode, pair: tuple[Any, Any], scope: SgNode, use: int, ex: Extractor
) -> tuple[Any, Any] | None:
    """A pair a call adds to a form, as the request at ``use`` sees it: a key set under a
    condition the request does not share is a choice on it (not sent in the other branch:
    ``if (firstTime) form.set("subscription_data[trial_period_days]", "14")``), never a value
    always sent; None on no path to the request. A key made in a loop stays as it is read
    (the loop makes an ``$each``)."""
    key, value = pair
    loop = _loop(call)
    if type(key) is not str or loop is not None:
        given = arguments(call)
        value_node = given[1] if len(given) == 2 else None
        return loop_seen(call, pair, ex, value_node) if loop not in (None, UNREAD) else pair
    seen = ex.seen_at(call, scope, use, value)
    return None if seen is OMIT else (key, seen)


def _adders(
    scope: SgNode, name: str, after: int, before: int, ex: Extractor
) -> list[tuple[SgNode, tuple[Any, Any]]]:
    """The pairs ``name.set(k, v)`` / ``Set`` / ``Add`` / ``append`` calls add between two
    offsets, with the call adding each."""
    out: list[tuple[SgNode, tuple[Any, Any]]] = []
    for kind in CALLS[ex.family]:
        for call in ex.rooted(scope, kind, name, after, before):
            callee = callee_of(call)
            if callee.rsplit(".", 1)[0] != name or callee.rsplit(".", 1)[-1] not in _ADDERS:
                continue
            args = arguments(call)
            if len(args) == 1:  # list.Add(new KeyValuePair<string, string>("k", v))
                args = _key_value_pair(args[0], ex) or args
            if len(args) == 2:
                pair = (_key(args[0], ex), ex.value(args[1], "", record=False))
                out.append((call, pair))
    return out


def added_params(node: SgNode, ex: Extractor) -> tuple[dict[str, Any], tuple[Dynamic, ...]]:
    """The params a function adds to the name ``node`` (its parameter: a caller's body) before
    ``node`` in it: ``name["k"] = v``, ``$name['k'] = v``, ``form.Set(k, v)``, ``Add``,
    ``append``, a map merged in (``name.update({...})``, ``Object.assign(name, {...})``,
    ``name.merge!(...)``); with their run-time values (a map known only at run time merged
    in, a key known only at run time: a run-time spread, path ``""``)."""
    if not _is_name(node, ex):
        return {}, ()
    scope = ex.scope(node)
    name, after, before = node.text(), start(scope), start(node)
    found = _adders(scope, name, after, before, ex) + merged_pairs(scope, name, after, before, ex)
    if ex.bindings_spec:
        kind, target_field, value_field = ex.bindings_spec[-1]
        for assign in ex.rooted(scope, kind, name, after, before):
            target, value = assign.field(target_field), assign.field(value_field)
            key = _key_path(text(target), name)
            if key is not None and value is not None:
                found.append((assign, (key, ex.value(value, "", record=False))))
    whole: list[Dynamic] = []
    for call, source in merged_unknown(scope, name, after, before, ex):
        # a map known only at run time merged in: a spread of the params (RT006 at each call)
        seen = ex.seen_at(call, scope, before, dynamic_marker(source))
        if seen is not OMIT:  # under a condition the request does not share: named with it
            chosen = type(seen) is dict and CHOICE in seen and seen.get(DYNAMIC)
            if chosen and tests_itself(str(seen[CHOICE]["if"]), source):
                chosen = type(seen[CHOICE]["then"]) is dict and CHOICE in seen[CHOICE]["then"]
            whole.append(Dynamic("", unwrapped(str(seen[DYNAMIC])) if chosen else source))
    pairs: list[tuple[Any, Any]] = []
    for change, (key, set_to) in sorted(found, key=lambda f: start(f[0])):
        # a key set under a condition the request does not share: a choice on it (not set
        # in the other branch), never a value always sent
        seen = ex.seen_at(change, scope, before, set_to)
        if seen is not OMIT:
            pairs.append((key, seen))
    params = _nest(pairs, whole)
    return params, tuple(whole) + tuple(markers(params, ""))


_STEP: Final = re.compile(r"""\[\s*(?:'([^'\\]*)'|"([^"\\$#{]*)"|:(\w+))\s*\]|\.(\w+)""")


def _key_path(target: str, name: str) -> str | None:
    """The form key an assignment to ``name``'s keys sets (``$data['metadata']['k']``:
    ``metadata[k]``, ``params[:expand]``, ``form["expand[]"]``, ``params.mode``), or None
    when the target is no literal key of ``name``."""
    if not target.startswith(name):
        return None
    rest, keys, at = target[len(name) :], [], 0
    while at < len(rest):
        step = _STEP.match(rest, at)
        if step is None:
            return None
        keys.append(next(g for g in step.groups() if g is not None))
        at = step.end()
    if not keys:
        return None
    return keys[0] + "".join(f"[{k}]" for k in keys[1:])


def _key_value_pair(node: SgNode, ex: Extractor) -> list[SgNode] | None:
    """The key and value of C#'s ``new KeyValuePair<string, string>("k", v)``, else None."""
    node = ex.unwrap(node)
    if node.kind() != "object_creation_expression" or "KeyValuePair" not in text(
        node.field("type")
    ):
        return None
    args = arguments(node)
    return args if len(args) == 2 else None


def _is_name(node: SgNode, ex: Extractor) -> bool:
    """A plain name (JavaScript's ``{ body }`` shorthand too)."""
    return node.kind() in ex.name_kinds or node.kind() == "shorthand_property_identifier"


def _initial_pairs(value: SgNode, ex: Extractor) -> list[tuple[Any, Any]]:
    """The pairs a form starts with: ``new URLSearchParams({...})``, ``url.Values{...}``, C#'s."""
    pairs: list[tuple[Any, Any]] = []
    args = arguments(value) if value.field("arguments") is not None else []
    first = ex.value(args[0], "", record=False) if args else None
    if type(first) is dict and not is_dynamic(first):
        pairs.extend(first.items())
    pairs.extend(_literal_pairs(value, ex))
    return pairs


def _ruby_pairs(args: SgNode, ex: Extractor) -> list[tuple[Any, Any]]:
    out: list[tuple[Any, Any]] = []
    for pair in args.named_children():
        if pair.kind() == "hash":
            got = ex.value(pair, "", record=False)
            if type(got) is dict and not is_dynamic(got):
                out.extend(got.items())
            continue
        key, value = pair.field("key"), pair.field("value")
        if pair.kind() != "pair" or key is None or value is None:
            continue
        name = ex.value(key, "", record=False)
        out.append((name if type(name) is str else key.text().strip(":"), ex.value(value, "")))
    return out


def _key(node: SgNode, ex: Extractor) -> Any:
    """A form key: its text, or (known only at run time) a marker with the key's template
    (``line_items[\x00][price]``, ``\x00`` standing for each run-time part) and the loop it
    is set in (``$loop``: the collection, ``$as``: the element's name)."""
    key = ex.value(node, "", record=False)
    if type(key) is str:
        return key
    marker: dict[str, Any] = dynamic_marker(node.text())
    marker["$template"] = url_of(node, ex).text
    loop = _loop(node)
    if loop is not None:
        marker["$loop"], marker["$as"] = loop
    return marker


def _loop(node: SgNode) -> tuple[str, str] | None:
    """The collection a node is in a loop over, and the element's name (``for (const item of
    items)``: ``("items", "item")``); None outside a ``for`` over a collection."""
    for ancestor in node.ancestors():
        kind = ancestor.kind()
        if kind not in LOOPS:
            continue
        over, var = ancestor.field("right"), ancestor.field("left")
        named = [c for c in ancestor.named_children() if not is_comment(c)]
        if kind == "foreach_statement" and len(named) >= 2:  # PHP: foreach ($xs as [$k =>] $x)
            over, var = named[0], named[1]
            if var.kind() == "pair":
                var = var.named_children()[-1]
        elif kind == "for" and len(named) >= 2:  # Ruby: for x in xs
            inner = named[1].named_children()
            var, over = named[0], inner[0] if inner else None
        elif over is None:  # Go: for _, x := range xs
            clause = next((c for c in ancestor.children() if c.kind() == "range_clause"), None)
            if clause is not None:
                over, left = clause.field("right"), clause.field("left")
                names = left.named_children() if left is not None else []
                var = names[-1] if names else left
        if over is None and kind == "for_statement":  # for (let i = 0; i < xs.length; i++)
            counted = index_loop(ancestor)
            if counted is not None:
                return indices(counted[1].text()), counted[0].text()
        if over is None or var is None:
            return UNREAD
        return over.text(), var.text().removeprefix("const ").removeprefix("let ")
    for ancestor in node.ancestors():
        parent = ancestor.parent()
        handed = parent is not None and parent.kind() in ARGUMENTS
        if parent is not None and ancestor.kind() in CALLBACKS and handed:
            return _each_loop(ancestor, parent) or UNREAD
        if ancestor.kind() in _REPEATS:
            return UNREAD  # run a number of times the form cannot tell (a while, a callback)
    return None


def _each_loop(callback: SgNode, arguments: SgNode) -> tuple[str, str] | None:
    """``xs.forEach((x) => ...)`` as the loop ``for (const x of xs)``, and ``xs.forEach((x, i)
    => ...)`` as ``for (const [i, x] of xs.entries())``; None for another callback."""
    call = arguments.parent()
    callee = call.field("function") if call is not None else None
    receiver = callee.field("object") if callee is not None else None
    if callee is None or receiver is None or text(callee.field("property")) != "forEach":
        return None
    listed = callback.field("parameters") or callback.field("parameter")
    names = [p.text() for p in listed.named_children()] if listed is not None else []
    if listed is not None and listed.kind() == "identifier":
        names = [listed.text()]
    if not 0 < len(names) <= 2 or not all(_NAME.fullmatch(n) for n in names):
        return None
    if len(names) == 1:
        return receiver.text(), names[0]
    return f"{receiver.text()}.entries()", f"[{names[1]}, {names[0]}]"


_NAME: Final = re.compile(r"[A-Za-z_$][\w$]*")


UNREAD: Final = ("", "")
"""What :func:`_loop` says of a loop it cannot read (a ``while``, a ``for`` counting otherwise,
a callback handed to ``forEach``): the keys it sets with a run-time index are no one element."""
_REPEATS: Final = frozenset({"while_statement", "do_statement", "while", "until"})


def _keyed(
    scope: SgNode, name: str, after: int, before: int, ex: Extractor, *, literal: bool
) -> list[tuple[int, tuple[Any, Any]]]:
    """``name[<run-time key>] = value`` assignments (the extractor reads the literal keys of a
    dict it builds), with where each is made; with ``literal``, ``name["k"] = v`` too (a C#
    dictionary started by an initializer, which the extractor does not build)."""
    if not ex.bindings_spec:
        return []
    kind, target_field, value_field = ex.bindings_spec[-1]
    out: list[tuple[int, tuple[Any, Any]]] = []
    for node in ex.rooted(scope, kind, name, after, before):
        target, value = node.field(target_field), node.field(value_field)
        if target is None or value is None or ex.key_of(target, name) is not None:
            continue
        index = _index(target, name)
        if index is None:
            continue
        key = _key(index, ex)
        pair = (key, ex.value(value, "", record=False))
        seen = loop_seen(node, pair, ex, value) if _loop(node) not in (None, UNREAD) else pair
        if (type(key) is dict or literal) and seen is not None:
            out.append((start(node), seen))
    return out


def _index(target: SgNode, name: str) -> SgNode | None:
    """The index of ``name[index]`` (C#'s ``name["k"]`` too), else None."""
    if target.kind() == "element_access_expression":  # C#: name[argument]
        if text(target.field("expression")) != name:
            return None
        inner = target.field("subscript")
        argument = inner.find(kind="argument") if inner is not None else None
        named = argument.named_children() if argument is not None else []
        return named[0] if len(named) == 1 else None
    if target.field("value") is None and target.field("object") is None:
        return None
    return target.field("subscript") or target.field("index")


def _chain_pairs(node: SgNode, ex: Extractor) -> list[tuple[Any, Any]] | None:
    """``new FormBody.Builder().add(k, v)...build()`` (Java): the pairs added in the chain."""
    if node.kind() != "method_invocation":
        return None
    pairs: list[tuple[Any, Any]] = []
    current: SgNode | None = node
    while current is not None and current.kind() == "method_invocation":
        name = text(current.field("name"))
        args = arguments(current)
        if name in ("add", "addEncoded") and len(args) == 2:
            pairs.append((_key(args[0], ex), ex.value(args[1], "", record=False)))
        current = current.field("object")
    if current is None or "FormBody" not in current.text():
        return None
    return list(reversed(pairs))


def _go_values(value: SgNode, ex: Extractor) -> list[tuple[Any, Any]]:
    """Go's ``url.Values{"k": {"v"}}``: one pair per value."""
    out: list[tuple[Any, Any]] = []
    for child in value.find_all(kind="keyed_element"):
        parts = [c for c in child.named_children() if not is_comment(c)]
        if len(parts) == 2:
            key = _key(parts[0], ex)
            for element in parts[1].find_all(kind="literal_element"):
                out.append((key, ex.value(element, "", record=False)))
    return out


def _literal_pairs(value: SgNode, ex: Extractor) -> list[tuple[Any, Any]]:
    """The pairs of a collection initializer: Go's ``url.Values{"k": {"v"}}``, C#'s
    ``new Dictionary<string, string> { { "k", "v" }, ["k"] = v }``, a list of
    ``new KeyValuePair<string, string>("k", v)``."""
    if ex.family == "go":
        return _go_values(value, ex)
    out: list[tuple[Any, Any]] = []
    if ex.family != "csharp":
        return out
    for init in value.find_all(kind="initializer_expression"):
        parent = init.parent()
        parts = [c for c in init.named_children() if not is_comment(c)]
        if parent is not None and parent.kind() == "initializer_expression" and len(parts) == 2:
            out.append((_key(parts[0], ex), ex.value(parts[1], "", record=False)))
    for item in value.find_all(kind="object_creation_expression"):
        kv = _key_value_pair(item, ex) if item != value else None
        if kv is not None:  # new List<KeyValuePair<string, string>> { new KeyValuePair<..>(k, v) }
            out.append((_key(kv[0], ex), ex.value(kv[1], "", record=False)))
    for assign in value.find_all(kind="assignment_expression"):
        left, right = assign.field("left"), assign.field("right")
        if left is not None and right is not None and left.kind() == "element_binding_expression":
            inner = left.find(kind="argument")
            if inner is not None and inner.named_children():
                key = _key(inner.named_children()[0], ex)
                out.append((key, ex.value(right, "", record=False)))
    return out


def body_params(body: Body | None, ex: Extractor) -> tuple[dict[str, Any], tuple[Dynamic, ...]]:
    """A request body as Stripe params, with its run-time values (markers, and each one's
    params path); bracket keys (``line_items[0][price]``) nest as form fields do."""
    if body is None:
        return {}, ()
    node, fmt = body_node(body, ex)
    pairs = collector_pairs(node, ex)
    whole: list[Dynamic] = []
    if pairs is not None:
        value: Any = {}
        params = fold_eaches(_nest(pairs, whole), ex, whole)
    else:
        value, spreads = _read(node, ex)
        whole.extend(spreads)
        if type(value) is str and fmt != "json":
            params = _nest(_form_text(value), whole)
        elif type(value) is dict and not is_dynamic(value):
            params = _nest(list(value.items()), whole) if fmt != "json" else value
        elif fmt != "json" and _pair_list(value):  # Python's [("mode", "payment"), ...]
            params = _nest([(k, v) for k, v in value], whole)
        elif fmt != "json" and (form := interpolated_form(node, ex, whole)) is not None:
            params = _nest(form, whole)  # "customer=$id&line_items[][price]=price_1&..."
        else:  # known only at run time: what the code adds to it before is still read
            added, more = added_params(node, ex)
            return added, (Dynamic("", node.text()), *more)
    return params, tuple(whole) + tuple(markers(params, ""))


def _pair_list(value: Any) -> bool:
    """Whether a body is a list of ``(key, value)`` pairs with literal keys (Python's tuples)."""
    pairs = value if type(value) is list else []
    return bool(pairs) and all(type(p) is list and len(p) == 2 and type(p[0]) is str for p in pairs)


def _read(node: SgNode, ex: Extractor) -> tuple[Any, list[Dynamic]]:
    """The value of a body, and the values spread into it whole that the code does not show
    (``{**params, ...}``, ``array_merge($data, [...])``, ``params.merge(...)``): a run-time
    part of the params, never dropped. The extractor's records are left as they were."""
    kept = len(ex.dynamic), len(ex.hidden), len(ex.options)
    try:
        value = ex.value(node, "")
        spreads = [d for d in ex.dynamic[kept[0] :] if not d.path]
    finally:
        del ex.dynamic[kept[0] :], ex.hidden[kept[1] :], ex.options[kept[2] :]
    return value, spreads if type(value) is dict and not is_dynamic(value) else []


def nested(
    params: dict[str, Any], dynamic: tuple[Dynamic, ...]
) -> tuple[dict[str, Any], tuple[Dynamic, ...]]:
    """Form params whose bracket keys nest (a caller's ``line_items[0][price]`` put into a raw
    request's body), with their run-time values (those of the whole params kept)."""
    if not any("[" in key for key in params):
        return params, dynamic
    out = _nest(list(params.items()), [])
    return out, tuple(d for d in dynamic if not d.path) + tuple(markers(out, ""))


def _form_text(body: str) -> list[tuple[str, Any]]:
    try:
        return list(iter_pairs(body))
    except FormParseError:
        return []


def _nest(pairs: list[tuple[Any, Any]], whole: list[Dynamic]) -> dict[str, Any]:
    """Nested params from ``(key, value)`` pairs: bracket keys nest (``a[b][0]``; ``a[]``
    appends, and a list value under such a key is one pair per element).

    A key with a run-time index (``line_items[${i}][price]``) adds an element to the list
    before it: the keys with the same index make one element (its fields from the rest of each
    key), and when they are set in a loop over a collection the element is the template of an
    ``$each`` over it. A run-time map key (``metadata[${k}]``) is a run-time entry of the map."""
    out: dict[str, Any] = {}
    groups: dict[tuple[tuple[str, ...], str, str], list[tuple[Any, Any]]] = {}
    loops: dict[tuple[tuple[str, ...], str, str], tuple[str, str]] = {}
    sources: dict[tuple[tuple[str, ...], str, str], str] = {}
    for key, value in pairs:
        if type(key) is not str:
            split = _run_time_key(key)
            if split is None or key.get("$loop") == UNREAD[0]:  # a loop it cannot read
                whole.append(Dynamic("", _source(key)))
                continue
            head, index, rest = split
            group = (head, index, str(key.get("$loop", "")))
            groups.setdefault(group, []).append((rest, value))
            sources.setdefault(group, _source(key))
            if "$loop" in key:
                loops[group] = (str(key["$loop"]), str(key["$as"]))
            continue
        if "[" not in key:
            out[key] = value
            continue
        try:
            segments = split_key(key)
        except FormParseError:
            out[key] = value
            continue
        items = value if type(value) is list and segments[-1] is None else [value]
        for item in items:
            _insert(out, segments, item)
    heads: dict[tuple[str, ...], int] = {}
    for head, _, _ in groups:
        heads[head] = heads.get(head, 0) + 1
    for group, fields in groups.items():
        alone = heads[group[0]] == 1  # the list is this loop and nothing else: the whole list
        _place(
            out,
            group,
            fields,
            loop=loops.get(group),
            source=sources[group],
            whole=whole,
            alone=alone,
        )
    return out


def _run_time_key(key: dict[str, Any]) -> tuple[tuple[str, ...], str, str] | None:
    """A run-time key's names before its first run-time part, that part (its template text),
    and the rest (``[price]``); None when it starts with a run-time part."""
    template = str(key.get("$template", ""))
    before, marker, rest = template.partition(_UNKNOWN)
    if not marker:
        return None
    names = tuple(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", before))
    if not names or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(?:\[[A-Za-z0-9_]*\])*\[?", before):
        return None
    if before.endswith("["):
        return names, "[]", rest.removeprefix("]")
    return names, "", rest


_PAIRS: Final = (
    re.compile(r"Object\.entries\((?P<map>.+)\)"),  # for (const [k, v] of Object.entries(m))
    re.compile(r"(?P<map>.+)\.items\(\)"),  # for k, v in m.items()
)


def _pairs_of(over: str) -> str:
    """The map a loop over its pairs walks (``m`` of ``Object.entries(m)``, ``m.items()``):
    each pair set as a key of the form is that map's entry, so the map is what is merged."""
    for pattern in _PAIRS:
        found = pattern.fullmatch(over.strip())
        if found is not None:
            return found.group("map")
    return over


def _source(key: Any) -> str:
    return str(key[DYNAMIC]) if type(key) is dict and DYNAMIC in key else str(key)


def _place(
    out: dict[str, Any],
    group: tuple[tuple[str, ...], str, str],
    fields: list[tuple[str, Any]],
    *,
    loop: tuple[str, str] | None,
    source: str,
    whole: list[Dynamic],
    alone: bool = False,
) -> None:
    """The keys of one run-time index as one element of the list at the group's names (an
    ``$each`` over the loop's collection when set in a loop); a run-time map key as a run-time
    entry of the map."""
    head, index, _ = group
    node: Any = out
    for segment in head[:-1]:
        node = node.setdefault(segment, {})
        if type(node) is not dict or is_dynamic(node):
            return
    name = head[-1]
    existing = node.get(name)
    if not index or head[-1] == "metadata":  # metadata[${k}]: keys of the caller's choosing
        source = _pairs_of(loop[0]) if loop is not None else source
        if existing is None:
            node[name] = dynamic_marker(source)
        else:
            whole.append(Dynamic(".".join(head), source))
        return
    element: dict[str, Any] = {}
    for rest, value in fields:
        if _UNKNOWN in rest or not rest.startswith("["):
            continue
        try:
            segments = split_key("x" + rest)[1:]
        except FormParseError:
            continue
        number = segments[-1] in _NUMBERS and loop is not None
        _insert(element, segments, set_again(element, segments, value, number=number))
    item: Any = element
    if loop is not None:
        over, var = loop
        item = {DYNAMIC: over, "$each": {"over": over, "as": var, "item": element}}
        if alone and existing is None:
            node[name] = item  # the list mapped from the collection (spec: the whole list)
            return
    if existing is None:
        node[name] = [item]
    elif type(existing) is list:
        existing.append(item)


_NUMBERS: Final = frozenset({"quantity", "unit_amount", "amount", "minimum", "maximum"})
"""A line's fields Stripe reads as numbers: a form sends them as text (``"1"``), which the
params' check turns into numbers, but not inside a line a loop makes (its template)."""


def _insert(out: dict[str, Any], segments: list[str | int | None], value: Any) -> None:
    node: Any = out
    for at, segment in enumerate(segments):
        last = at == len(segments) - 1
        following = None if last else segments[at + 1]
        if type(node) is dict:
            if is_dynamic(node):
                return
            key = str(segment)
            if last:
                node[key] = value
                return
            child = node.get(key)
            if child is None:
                child = [] if following is None or type(following) is int else {}
                node[key] = child
            node = child
        elif type(node) is list:
            index = len(node) if segment is None else int(segment)
            filling = segment is None and not last and node and type(node[-1]) is dict
            if filling and following is not None and str(following) not in node[-1]:
                index = len(node) - 1  # a[][x]=1&a[][y]=2 fill one element (Rack)
            while len(node) <= index:
                node.append({} if not last else None)
            if last:
                node[index] = value
                return
            if node[index] is None:
                node[index] = [] if following is None or type(following) is int else {}
            node = node[index]
        else:
            return


def markers(value: Any, path: str) -> Iterator[Dynamic]:
    """Each run-time marker in ``value`` (its first key ``$dynamic``) with its params path."""
    if type(value) is dict:
        if DYNAMIC in value and next(iter(value)) == DYNAMIC:
            yield Dynamic(path, str(value[DYNAMIC]))
            return
        for key, item in value.items():
            yield from markers(item, join(path, str(key)))
    elif type(value) is list:
        for i, item in enumerate(value):
            yield from markers(item, f"{path}[{i}]")
