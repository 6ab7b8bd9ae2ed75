"""Project wrappers of a Checkout Session creation, and the calls to them.

A *wrapper* is a named function or method of the scanned project whose Checkout Session
creation takes values from its own parameters (``def create_checkout(user, price_id):
stripe.checkout.Session.create(line_items=[{"price": price_id}], ...)``): for its callers it is
the creation API. The scan finds them in a first pass over the tree (:class:`WrapperIndex`:
each wrapper's name, owner, parameters and Stripe params with their run-time markers; no
syntax trees are kept), then, file by file, the calls that reach one (``symbols.py``, and
``wrapper_selectors.py`` for a switch on a parameter): each a creation site, *via* the
wrapper, with the caller's arguments bound to the wrapper's parameters (by position, by name,
through a JavaScript object pattern) and put where the wrapper uses them
(``wrapper_args.py``): a literal argument makes a literal, an expression the caller's
expression; the wrapper's locals its params use are written out from what they hold
(``wrapper_locals.py``), or, when a caller cannot write one, are ``TODO_<local>`` (``X021``).

The wrapper's own site is reported too: its findings about its parameters' values say they are
set by the caller (kept at their level); one passing its params on whole forwards them (X039).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.findings import Finding, Level
from migrate.mapping.translate import Options, translate_params
from migrate.readers.base import SourceRef
from migrate.scan.around import PAYMENT_METHOD_UPDATE, Endpoint, translate_around, update_kind
from migrate.scan.built_lines import from_built_list, passes_lines
from migrate.scan.call_frame import call_frame, wrapper_call_frame
from migrate.scan.caller_made import caller_made
from migrate.scan.client_components import client_component
from migrate.scan.configured_urls import configured_templates, said_once
from migrate.scan.extract import (
    Dynamic,
    Extracted,
    Extractor,
    file_cache,
    option_source,
    under,
)
from migrate.scan.go_func_types import typed_calls
from migrate.scan.http_bodies import nested
from migrate.scan.http_routes import Route
from migrate.scan.identity import Resolved
from migrate.scan.inline_carts import unread_inline_carts
from migrate.scan.inline_lines import inline_line_findings, inline_paths
from migrate.scan.lang import extractor_for
from migrate.scan.made_fields import made_uses
from migrate.scan.marker_texts import marked, marker_texts
from migrate.scan.metadata_wholes import session_doc
from migrate.scan.module_instances import module_instances
from migrate.scan.module_vars import module_vars, portable_values
from migrate.scan.nodes import of_kind
from migrate.scan.optional_params import optional_marked
from migrate.scan.options import TENANT_CODE, connect_in_file, keyed
from migrate.scan.overloads import Signature, choose, overloads_of, unbound
from migrate.scan.params import default_texts
from migrate.scan.patterns import Language
from migrate.scan.php_invoke import INVOKE, invoked
from migrate.scan.site import (
    CallSite,
    located,
    related_finding,
    related_site,
    session_meta,
    static_view,
)
from migrate.scan.suggest import ENDPOINT, suggestion
from migrate.scan.symbols import Function, aliases, context, function_at, reaches
from migrate.scan.template_locals import templated_locals
from migrate.scan.unseen_locals import unseen_at_call
from migrate.scan.wrapper_args import identifiers, identifiers_of, rewritten, substitute
from migrate.scan.wrapper_binding import bind, call_arguments, handed_callee, with_unplaced
from migrate.scan.wrapper_branches import one_of
from migrate.scan.wrapper_constants import constants_of
from migrate.scan.wrapper_forward import forward_said, forwarded_via
from migrate.scan.wrapper_handlers import caller_locals, entry_point, handler_callback
from migrate.scan.wrapper_imports import chain_files, with_chain_imports
from migrate.scan.wrapper_index import (
    Wrapper,
    WrapperIndex,
    calls_family,
    named_twice,
    test_file,
    under_paths,
)
from migrate.scan.wrapper_locals import Locals, rebound_paths, through_locals, wrapper_locals
from migrate.scan.wrapper_once import read_once
from migrate.scan.wrapper_options import (
    caller_idempotency,
    caller_key,
    caller_option_findings,
    key_passed_in,
    options_through,
    params_passed_on,
    uses_parameters,
)
from migrate.scan.wrapper_place import placed
from migrate.scan.wrapper_receivers import spreads, wrapper_receiver
from migrate.scan.wrapper_roles import delegates, keyed_call
from migrate.scan.wrapper_routes import AROUND_WRAPPER_CALL, WRAPPER_CALL, route_call, with_id
from migrate.scan.wrapper_selectors import deselected, selector_of
from migrate.scan.wrapper_state import state_of
from migrate.scan.wrapper_statements import binder_at, named_unseen, statements, with_bound

WRAPPER: Final = "X014"
AROUND_WRAPPER: Final = "X024"
WHOLE_PARAMS: Final = "RT034"
"""The params of a call around Checkout built where the scan cannot see them."""


# -- finding a wrapper ------------------------------------------------------------------------


def wrapper_of(
    node: SgNode,
    params: dict[str, Any],
    dynamic: tuple[Dynamic, ...],
    *,
    family: str,
    path: str,
    endpoint: Endpoint | None = None,
    option_keys: frozenset[str] = frozenset(),
    options: tuple[tuple[str, str], ...] = (),
    text: str = "",
) -> Wrapper | None:
    """The wrapper a Checkout Session creation (``node``, with its extracted params) makes of
    the named function around it, when its params use that function's parameters; or a call
    around Checkout (to ``endpoint``), when its params, its run-time id or its request
    ``options`` (as read at the call) do.
    ``option_keys``: what the call's SDK reads as request options among spread params.
    ``text``: the file's, for a wrapper its own site says it is: when the file names the
    function nowhere else, no call of it there can be read, and what only a call reads (its
    constants, state, overloads, module values, where its lines are built) is left out."""
    function = function_at(node, family, callbacks=True)
    if function is None or handler_callback(function):
        return None
    bound = set(function.bound)  # a callback's parameters: neither the function's nor a caller's
    names = caller_locals(function, family) - bound  # a framework passes the others
    used: dict[str, None] = {}
    paths: list[str] = []
    for entry in dynamic:
        found = [n for n in identifiers(entry.source, family) if n in names]
        if found:
            used.update(dict.fromkeys(found))
            paths.append(entry.path)
    id_source = endpoint.id_source if endpoint is not None else None
    if id_source is not None:
        used.update(dict.fromkeys(n for n in identifiers(id_source, family) if n in names))
    used.update(dict.fromkeys(uses_parameters(options, names)))
    if not used:  # its parameters may reach the params through its locals
        got = extractor_for(family).name_kinds, identifiers_of(family), bound
        used, paths = through_locals(function.node, node, dynamic, names=names, kinds=got)
    if not used:  # a service object's fields, set by its constructor from a caller's arguments
        used, paths = made_uses(function, family, dynamic)
    if not used:
        return None
    texts = [e.source for e in dynamic] + list(marker_texts(params)) + [id_source or ""]
    texts += [source for _, source in options]
    hidden = bound.intersection(local for p in function.params for local in p.locals)
    if hidden and any(n in hidden for t in texts for n in identifiers(t, family)):
        return None  # a callback's parameter hides the function's: which one is read is unsure
    found_locals = wrapper_locals(
        function.node,
        node,
        extractor_for(family).name_kinds,
        used=[n for t in texts for n in identifiers(t, family)],
        params={local for p in function.params for local in p.locals},
        identifiers=identifiers_of(family),
        unknown=bound,
        paths=extractor_for(family).paths,
    )
    texts += [v or "" for _, v in found_locals] + default_texts(function.params)
    called = not text or named_twice(text, function.name)
    own = Wrapper(
        **placed(function, node, family, path, called=called),
        chain=(function_key(function, path),),
        body=params,
        dynamic=dynamic,
        uses=tuple(used),
        caller_paths=tuple(dict.fromkeys(paths)),
        rebound_paths=rebound_paths(dynamic, names, found_locals, identifiers_of(family)),
        locals=found_locals,
        statements=statements(
            function.node, node, found_locals, names, family=family, path=path, dynamic=dynamic
        ),
        endpoint=endpoint,
        option_keys=option_keys,
        options=options,
        instances=module_instances(node, function.owner, family),
        awaited=call_frame(node, family).awaited,
        selector=selector_of(node, function.node, {p.name for p in function.params}),
    )
    if not called:
        return own  # said at its own site only: what its calls read is never asked for
    package_vars = (
        module_vars(node, texts, names | dict(found_locals).keys(), family)
        if family in ("go", "kotlin", "python", "node")
        else ()
    )
    return replace(
        own,
        constants=constants_of(function.node, family, texts),
        state=state_of(function.node, function.owner, family, function.static),
        connect=connect_in_file(node),
        overloads=overloads_of(function, family),
        inline=inline_paths(node, extractor_for(family).functions, dynamic, family, path),
        passes_lines=passes_lines(node, params, function.node),
        package_vars=package_vars,
        package_values=portable_values(node, package_vars, family),
    )


def route_wrapper(node: SgNode, route: Route, *, family: str, path: str) -> Wrapper | None:
    """The raw-HTTP wrapper the function around a request (``node``; maybe in a callback the
    function passes to a call) is, with its route; the params it adds to its callers' are its
    body, with its locals and state they read (written out at each call, as a wrapper's)."""
    function = function_at(node, family, callbacks=True)
    if function is None or not function.params or handler_callback(function):
        return None
    if entry_point(function, family):
        return None
    names = {local for p in function.params for local in p.locals} - set(function.bound)
    texts = [n for d in route.own_dynamic for n in identifiers(d.source, family)]
    parts = (route.path, route.verb, route.body, route.init)  # `options.path`: options
    given = (*(p.split(".")[0] for p in parts if p), *(n for n in texts if n in names))
    where = placed(function, node, family, path)
    found_locals: Locals = ()
    state = None
    if route.own_dynamic:
        kinds = extractor_for(family).name_kinds
        found_locals = wrapper_locals(
            function.node,
            node,
            kinds,
            used=texts,
            params=names,
            identifiers=identifiers_of(family),
            unknown=function.bound,
            paths=extractor_for(family).paths,
        )
        state = state_of(function.node, function.owner, family, function.static)
    return Wrapper(
        **where,
        chain=(function_key(function, path),),
        body=route.own,
        dynamic=route.own_dynamic,
        uses=tuple(dict.fromkeys(p for p in given if p is not None)),
        caller_paths=(),
        locals=found_locals,
        state=state,
        route=route,
        awaited=call_frame(node, family).awaited,
    )


def function_key(function: Function, path: str) -> str:
    """Which function of the tree it is: its file and the line it starts on."""
    return f"{path}:{function.node.range().start.line + 1}"


def as_wrapper(site: CallSite, wrapper: Wrapper) -> CallSite:
    """A creation site that is a wrapper's: it says so, and its findings about values that
    come from its parameters say they are set by the caller (not those of one it rebinds to a
    value no caller can write: ``amount, fee = with_fee(amount)``). Their levels stay: a wrapper
    nobody in the tree calls is still the only place they show. A call around Checkout whose
    params are all its parameter (``create($data)``) is no call with params built somewhere
    the scan cannot see (RT034): its callers build them, and each is reported; unless no
    other blocker is left (a subscription started from ``**params``): then RT034 is what
    keeps its Dodo frame from reading as a translation, and it stays, set by the caller."""
    named = [p or "(params)" for p in wrapper.caller_paths if p not in wrapper.rebound_paths]
    ident = wrapper.endpoint.id_source if wrapper.endpoint is not None else None
    if ident is not None and any(n in wrapper.uses for n in identifiers(ident, wrapper.family)):
        named.append("the object id")
    if uses_parameters(wrapper.options, set(wrapper.uses)):
        named.append("the request options")
    paths = ", ".join(named)
    if wrapper.endpoint is None:
        info = related_finding(
            WRAPPER, name=wrapper.signature, params=", ".join(wrapper.uses), paths=paths
        )
    else:
        info = related_finding(
            AROUND_WRAPPER,
            name=wrapper.signature,
            call=wrapper.endpoint.what,
            params=", ".join(wrapper.uses),
            paths=paths,
        )
    kept: list[Finding] = []
    passed_key = key_passed_in(wrapper)
    for finding in site.findings:
        if finding.code == TENANT_CODE and passed_key:
            kept.append(caller_key(finding, wrapper))
            continue
        mine = under_paths(finding.path, wrapper.rebound_paths)
        if under_paths(finding.path, wrapper.caller_paths) and not mine:
            who = (
                f"the caller of {wrapper.name}"
                if wrapper.params
                else f"the maker of {wrapper.owner}"
            )
            message = f"{finding.message.rstrip()} Set by {who}."
            kept.append(finding._replace(message=message))
        else:
            kept.append(finding)
    if wrapper.endpoint is not None and params_passed_on(wrapper):
        others = [f for f in kept if f.code != WHOLE_PARAMS]
        if any(f.level is Level.BLOCKER for f in others):
            kept = others
    return replace(site, findings=(info, *kept), wrapper=wrapper.signature)


# -- calls to wrappers ------------------------------------------------------------------------


def wrapper_calls(
    root: SgNode,
    language: Language,
    ex_type: type[Extractor],
    *,
    text: str,
    path: str,
    lines: list[str],
    options: Options | None,
    index: WrapperIndex,
) -> Iterator[tuple[int, CallSite | None]]:
    """Each call in a file that reaches a wrapper of the index, as a creation site; None for
    a call of a raw-HTTP wrapper that makes no site (its path or method cannot be told, or it
    is a request the scan does not report): no other reading of it may report one. A call of
    an overloaded wrapper that cannot be bound to one overload is a related site (X030). A
    React client component's file (``"use client"``) has none: its call of a server action
    runs the action on the server, and a Dodo call written there would run in the browser."""
    if language.family == "node" and client_component(text):
        return
    for at, site, _ in _followed(
        root, language, ex_type, text=text, path=path, lines=lines, options=options, index=index
    ):
        yield at, site


def overload_wrappers(
    root: SgNode,
    language: Language,
    ex_type: type[Extractor],
    *,
    text: str,
    path: str,
    own: list[Wrapper],
) -> list[Wrapper]:
    """The wrappers a file's overloads of its own wrappers make by calling them (the first
    pass: another file's call of such an overload is a call of the wrapper)."""
    if not any(w.overloads for w in own):
        return []
    index = WrapperIndex().merged(own, text)
    return _wrappers_made(
        root, language, ex_type, text=text, path=path, index=index, mode=_DELEGATIONS
    )


def composed_wrappers(
    root: SgNode,
    language: Language,
    ex_type: type[Extractor],
    *,
    text: str,
    path: str,
    index: WrapperIndex,
) -> list[Wrapper]:
    """The wrappers a file's functions make by calling a wrapper of ``index`` with their own
    parameters (``migrate/scan/wrapper_compose.py`` reads a tree for them)."""
    return _wrappers_made(
        root, language, ex_type, text=text, path=path, index=index, mode=_COMPOSED
    )


def _wrappers_made(
    root: SgNode,
    language: Language,
    ex_type: type[Extractor],
    *,
    text: str,
    path: str,
    index: WrapperIndex,
    mode: int,
) -> list[Wrapper]:
    """The wrappers the calls of ``index``'s wrappers in a file make (``mode``: which calls)."""
    lines = text.splitlines()
    found = _followed(
        root,
        language,
        ex_type,
        text=text,
        path=path,
        lines=lines,
        options=None,
        index=index,
        mode=mode,
    )
    return [made for _, _, made in found if made is not None]


DEPTH: Final = 4
"""Wrappers of wrappers are followed this deep: a function calling (through its parameters)
one that calls one that calls one that calls Stripe is a wrapper; the next one up is not."""
_ROUNDS: Final = DEPTH
"""The calls of a file are read this many times: each round follows the calls of the wrappers
the last one made (overloads delegating to overloads, a wrapper of a wrapper of the file)."""
_ALL: Final = 0
_DELEGATIONS: Final = 1
"""Only the calls in overloads of the wrapper called (the first pass)."""
_COMPOSED: Final = 2
"""Only the calls that may make a wrapper of the wrapper called."""


def _followed(
    root: SgNode,
    language: Language,
    ex_type: type[Extractor],
    *,
    text: str,
    path: str,
    lines: list[str],
    options: Options | None,
    index: WrapperIndex,
    mode: int = _ALL,
) -> Iterator[tuple[int, CallSite | None, Wrapper | None]]:
    """Each call that reaches a wrapper, as a site (see :func:`wrapper_calls`), with the
    wrapper it makes of the named function it is in when that function passes its own
    parameters (a wrapper of a wrapper, up to ``DEPTH`` levels; an overload of the wrapper it
    is in, Java, C#: ``CreateAsync(Amount total)`` calling ``CreateAsync(options)``); then, with
    those wrappers, the calls not yet followed, and so on. ``mode``: every call, or only those
    in such overloads (``_DELEGATIONS``), or only those that may make a wrapper
    (``_COMPOSED``)."""
    if test_file(path):
        return
    done: set[int] = set()
    for _ in range(_ROUNDS):
        made: list[Wrapper] = []
        for call, callee, wrapper, tied, places in _reaching(
            root, language, text=text, path=path, index=index, done=done
        ):
            at = call.range().start.index
            done.add(at)
            if tied:
                if mode == _ALL:
                    where = {"file": path, **located(call, lines), "callee": callee}
                    yield at, unbound(wrapper, tied, {**where, "language": language.name}), None
                continue
            delegating = delegates(call, wrapper, path)
            composing = _composes(call, wrapper, path, language.family)
            if (mode == _DELEGATIONS and not delegating) or (mode == _COMPOSED and not composing):
                continue
            ex = ex_type(source=text, file=path)
            if wrapper.route is not None:
                routed = route_call(
                    call,
                    wrapper,
                    ex,
                    callee=callee,
                    language=language,
                    text=text,
                    path=path,
                    lines=lines,
                    options=options,
                )
                found, around = routed if routed is not None else (None, None)
                raw = None
                if found is not None and composing:
                    found, raw = _routed(
                        call, found, wrapper, around, family=language.family, path=path
                    )
                if raw is not None:
                    made.append(raw)
                yield at, found, raw
                continue
            key = ("wrapper-call", at, wrapper.label, wrapper.origin, delegating or composing)
            cache = file_cache(call) if options is None else {}
            found_call: tuple[CallSite | None, Wrapper | None] | None = cache.get(key)
            if found_call is None:  # a file's first pass reads a call twice: once is enough
                found_call = cache[key] = _made(
                    call,
                    wrapper,
                    ex,
                    callee=callee,
                    language=language,
                    path=path,
                    lines=lines,
                    options=options,
                    derive=delegating or composing,
                )
            site, derived = found_call
            if derived is not None:
                made.append(derived)
            if places and site is not None and site.kind == "create":
                site = one_of(site, wrapper, places)
            yield at, site, derived
        more = index.merged(made, text)
        if more is index:
            return
        index = more


def _made(
    call: SgNode,
    wrapper: Wrapper,
    ex: Extractor,
    *,
    callee: str,
    language: Language,
    path: str,
    lines: list[str],
    options: Options | None,
    derive: bool,
) -> tuple[CallSite | None, Wrapper | None]:
    """The site of one call of an SDK wrapper, and (``derive``) the wrapper it makes of the
    function it is in, the site then saying it is one."""
    site, endpoint = _call_site(
        call,
        wrapper,
        ex,
        callee=callee,
        language=language,
        path=path,
        lines=lines,
        options=options,
    )
    if site is None or site.kind != "create" or not derive:  # related code makes no wrapper
        return site, None
    derived = wrapper_of(
        call,
        *named_unseen(call, site.params, site.dynamic),
        family=language.family,
        path=path,
        endpoint=endpoint,
        option_keys=wrapper.option_keys,
        options=options_through(wrapper, call, ex) if _optioned(wrapper) else (),
    )
    if derived is None:
        return site, None
    chain = (*derived.chain, *wrapper.chain)
    inline = tuple(dict.fromkeys((*derived.inline, *wrapper.inline)))
    derived = replace(derived, depth=wrapper.depth + 1, chain=chain, raw=wrapper.raw, inline=inline)
    derived = replace(derived, awaited=wrapper.awaited)  # the Stripe call it reaches in the end
    derived = replace(derived, passes_lines=derived.passes_lines and wrapper.passes_lines)
    derived = replace(derived, made=tuple(dict.fromkeys((*derived.made, *wrapper.made))))
    seen = wrapper.seen_from(path)  # still named as written: this package's too
    kept = seen.package_vars
    derived = replace(derived, package_vars=tuple(sorted({*derived.package_vars, *kept})))
    values = dict((*derived.package_values, *seen.package_values))
    derived = replace(derived, package_values=tuple(sorted(values.items())))
    derived = replace(derived, origin=wrapper.reached)
    return forwarded_via(as_wrapper(site, derived), derived, call, language), derived


def _routed(
    call: SgNode,
    site: CallSite,
    wrapper: Wrapper,
    around: Endpoint | None,
    *,
    family: str,
    path: str,
) -> tuple[CallSite, Wrapper | None]:
    """A call of a raw-HTTP wrapper (``site``: the request it makes, ``around``: the call
    around Checkout it is, None for a Checkout Session) that makes a wrapper of the function
    it is in, as a call of an SDK wrapper does, the site then saying it is one: its request's
    body (form-encoded or not, as the raw wrapper sends it) is that wrapper's params. A call
    around Checkout whose object id is known only at run time makes none (whose it is cannot
    be told)."""
    if site.kind != "create" or not site.via or (around is not None and "{id}" in around.path):
        return site, None
    assert wrapper.route is not None
    derived = wrapper_of(call, site.params, site.dynamic, family=family, path=path, endpoint=around)
    if derived is None:
        return site, None
    derived = replace(
        derived,
        depth=wrapper.depth + 1,
        chain=(*derived.chain, *wrapper.chain),
        form=wrapper.route.format != "json",
        raw=True,
        awaited=wrapper.awaited,
    )
    return as_wrapper(site, derived), derived


def _optioned(wrapper: Wrapper) -> bool:
    """Whether a call of the wrapper may pass request options (``options_through`` reads the
    call's arguments again for them): it passes some, or it is Go's (set on the params)."""
    return bool(wrapper.options) or wrapper.family == "go"


def _reaching(
    root: SgNode, language: Language, *, text: str, path: str, index: WrapperIndex, done: set[int]
) -> Iterator[tuple[SgNode, str, Wrapper, tuple[Signature, ...], tuple[str, ...]]]:
    """Each call (not in ``done``) that reaches a wrapper of the index: the call, its callee,
    the wrapper, the overloads it may reach when it cannot be bound to one (else empty), and
    the Stripe calls of the function when it has several (each of them is yielded, RT051)."""
    names, family = index.names_in(text), language.family
    objects = invoked(root) if family == "php" and INVOKE in index.by_name else []  # $action()
    if not names and not objects:
        return
    ctx = context(root, family, path)
    renamed = {local: name for local, name in aliases(ctx, family).items() if name in names}
    typed = typed_calls(root, names) if family == "go" else {}  # s.newSession(...): a func type
    words = sorted(names | set(renamed) | set(typed))
    # Rust regex; a name that ends in no word character (Ruby's `charge!`, `paid?`) has no
    # word boundary after it before its `(`
    ends = [re.escape(n) + (r"\b" if re.match(r"\w", n[-1:]) else "") for n in words]
    pattern = r"\b(?:" + "|".join(ends) + r")"
    calls = [c for k in language.call_kinds for c in of_kind(root, k, pattern)]
    found = [(c, handed_callee(c, family)) for c in calls]
    for call, callee in [*(found if names else []), *objects]:
        if call.range().start.index in done:
            continue
        called = typed.get(callee.rsplit(".", 1)[-1], callee)  # as its func type's value
        last = called.rsplit(".", 1)[-1]
        candidates = index.by_name.get(renamed.get(last, last), [])
        for wrapper in candidates:
            if calls_family(wrapper.family) != calls_family(family) or wrapper.holds(call, path):
                continue
            if deselected(wrapper.selector, wrapper.params, call, family):
                continue  # `create_request('get_session', $id)`: another case of its switch
            if not any(
                reaches(called, call, family=family, ctx=ctx, target=target, source=text)
                for target in index.targets(wrapper, receiver="." in callee)
            ) and not keyed_call(call, callee, wrapper, len(candidates), index.sole(wrapper)):
                continue
            tied: tuple[Signature, ...] = ()
            if wrapper.overloads:
                tied = choose(call, call_arguments(call, family), wrapper.overloads, family)
                if wrapper.params not in tied:
                    continue  # another overload's call (maybe another wrapper's)
                if len(tied) == 1:
                    tied = ()
            group = [wrapper, *(w for w in candidates if wrapper.siblings(w))]  # RT051
            places = tuple(w.reached for w in group) if len(group) > 1 else ()
            yield from ((call, callee, w, tied, places) for w in group)
            break


def _composes(call: SgNode, wrapper: Wrapper, path: str, family: str) -> bool:
    """Whether a call of a wrapper may make a wrapper of the named function it is in (what
    :func:`wrapper_of` then decides from its params): the wrapper (an SDK or a raw-HTTP one) is
    less than ``DEPTH`` levels deep, and the function, one with parameters a caller sets, is none
    of those the wrapper runs through (a recursion)."""
    if wrapper.depth >= DEPTH or spreads(call):
        return False
    function = function_at(call, family, callbacks=True)
    if function is None or not function.params or handler_callback(function):
        return False
    return function_key(function, path) not in wrapper.chain and not entry_point(function, family)


def _call_site(
    call: SgNode,
    wrapper: Wrapper,
    ex: Extractor,
    *,
    callee: str,
    language: Language,
    path: str,
    lines: list[str],
    options: Options | None,
) -> tuple[CallSite | None, Endpoint | None]:
    """The site of one call of ``wrapper`` (None: a subscription update that changes nothing
    a migration touches, as the same call made directly is no site), and the wrapper's
    endpoint at it (its object id the caller's)."""
    wrapper = wrapper.seen_from(path, ex.source)  # its top-level variables, from elsewhere
    bound, spread = bind(wrapper.params, call_arguments(call, ex.family), ex)
    own = (
        (wrapper.state, wrapper_receiver(call, wrapper, path, ex, wrapper.state))
        if wrapper.state
        else None
    )
    if not wrapper.params and (own is None or not own[1].made):
        return None, None  # a service object's method not called on one made here: nothing new
    frame = wrapper_call_frame(call, language.family, awaited=wrapper.awaited)
    binder = binder_at(wrapper, call, ex.source, path, frame.error_return)
    subbed = substitute(wrapper, bound, spread=spread, own=own, binder=binder)
    params, dynamic, inner, hidden = with_unplaced(subbed, bound, wrapper)
    if wrapper.form:  # a raw request's form: the caller's bracket keys nest
        params, dynamic = nested(params, dynamic)
    taken = [(key, option_source(params[key])) for key in params if key in wrapper.option_keys]
    if taken:  # the caller's request options, passed into the wrapper's **kwargs
        params = {k: v for k, v in params.items() if k not in wrapper.option_keys}
        dynamic = tuple(d for d in dynamic if not any(under(d.path, k) for k, _ in taken))
    made: tuple[Finding, ...] = ()
    if wrapper.endpoint is None:  # a line's price the caller makes before the call (RT042)
        if wrapper.passes_lines:  # a list the caller built, as the wrapper passes it on
            params = from_built_list(params, ex.family, call)
        got, made = caller_made(call, ex, language, Extracted(params, dynamic), path)
        params, dynamic = got.params, got.dynamic
    where = located(call, lines)
    source = SourceRef(path, "code", line=where["line"])
    inner_text = ", ".join(inner) if inner else "none"
    endpoint = wrapper.endpoint
    ids: Resolved | None = None
    if endpoint is None:
        # a Checkout Session whatever its params (caller's map: RT006; none: RT007), as its own;
        # a map the caller gives merged as the wrapper's, the caller's optional parameters so
        meta = session_meta(dynamic)
        doc = session_doc(optional_marked(call, params, language.family), dynamic)
        translation = static_view(translate_params(doc, source, options, meta), dynamic, params)
        note = related_finding(WRAPPER_CALL, wrapper=wrapper.label, inner=inner_text)
    else:  # translated as the call around Checkout itself, with the caller's values
        if endpoint.id_source is not None:
            ident, more = rewritten(wrapper, bound, endpoint.id_source, spread=spread, own=own)
            hidden = [*hidden, *(n for n in more if n not in hidden)]
            endpoint = with_id(endpoint, ident)
        kind = update_kind(endpoint, params, dynamic)
        if kind != "translate":  # a subscription's payment method (X028), or nothing to move
            common = {"file": path, **where, "language": language.name, "callee": callee}
            related = related_site(PAYMENT_METHOD_UPDATE, common)
            found = replace(related, via=wrapper.label) if kind == "payment_method" else None
            return found, endpoint
        told = caller_idempotency(wrapper, call, ex, (bound, spread, own, taken))
        ids = translate_around(
            params, dynamic, source=source, options=options, endpoint=endpoint, told=told
        )
        translation = ids.translation
        note = related_finding(
            AROUND_WRAPPER_CALL, call=endpoint.what, wrapper=wrapper.label, inner=inner_text
        )
    inline = inline_line_findings(
        call,
        ex.source,
        ex.functions,
        params=params,
        dynamic=dynamic,
        findings=translation.findings,
        wrapper=(wrapper.label, wrapper.inline),
        family=language.family,
        file=path,
    )
    translation = translation._replace(dodo=unread_inline_carts(translation.dodo, inline))
    written = (*dynamic, *marked(params))  # a choice's or an each's parts too
    if binder is not None:  # a value reading a local bound before the call reads its code
        written = with_bound(written, binder.bindings)
    hidden_values = unseen_at_call(wrapper, hidden, written)
    urls = (  # a URL's local, or its setting, with a template
        *templated_locals(call, ex.functions, dynamic, file=path, family=language.family),
        *configured_templates(dynamic, ex.source),
    )
    site = CallSite(
        file=path,
        **where,
        language=language.name,
        kind="create",
        callee=callee,
        params=params,
        dynamic=dynamic,
        translation=translation,
        findings=(
            note,
            *forward_said(wrapper),  # X039: it forwards this call's params whole
            *caller_option_findings(
                wrapper,
                call,
                ex,
                (bound, spread, own, taken),
                translation.kind,
                keyed=keyed(translation),
            ),
            *hidden_values,
            *wrapper.made_at_call(translation.findings),
            *made,
            *inline,
            *said_once(translation.findings, urls),
            *urls,
        ),
        suggestion=suggestion(
            language.family,
            translation.dodo,
            dynamic,
            path=translation.request[1] if ids is not None and translation.request else ENDPOINT,
            fallback=translation.fallback if ids is not None else None,
            findings=translation.findings,  # a value a finding reports is no comment
            typescript=language.name in ("typescript", "tsx"),
            ident=ids.ident if ids is not None else None,
            handled=ids.handled if ids is not None else (),
            frame=frame,
            once=read_once(bound, ex.family, call, ex.source),
            before=tuple(binder.bindings) if binder is not None else (),
        ),
        via=wrapper.label,
    )
    return with_chain_imports(site, chain_files(wrapper), call), endpoint
