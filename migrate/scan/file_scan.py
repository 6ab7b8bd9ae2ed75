"""The sites of one file's text: its creations (translated), the calls around Checkout, the
calls to the tree's wrappers, webhook event names and retry loops; and the wrappers of a
creation it defines (the first pass of a scan, ``migrate/scan/scan.py``).

A text is parsed once (:func:`parse`); the syntax tree can be given to :func:`scan_source` and
:func:`file_wrappers` both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from ast_grep_py import SgNode, SgRoot

from migrate.findings import Finding
from migrate.mapping.trace import short
from migrate.mapping.translate import Options, translate_params
from migrate.readers.base import Format, SourceRef
from migrate.readers.files import HEAD_BYTES
from migrate.scan import embedded, nodes, resource_alias
from migrate.scan.around import PAYMENT_METHOD_UPDATE, Endpoint, translate_around, update_kind
from migrate.scan.better_auth_client import better_auth_sites
from migrate.scan.borrowed_imports import with_borrowed
from migrate.scan.built_lines import built_dynamic, from_built_list
from migrate.scan.call_frame import call_frame
from migrate.scan.call_spots import candidates, patterns_by_tail
from migrate.scan.catalog_calls import CATALOG_WRITE
from migrate.scan.catalog_writes import catalog_site, not_stripe, unsaid
from migrate.scan.client_accounts import client_chosen
from migrate.scan.code_secrets import secret_sites
from migrate.scan.configured_urls import configured_templates, said_once
from migrate.scan.customer_emails import by_email
from migrate.scan.customers import customer_findings, made_here
from migrate.scan.deno import for_deno, is_deno
from migrate.scan.event_sites import event_names, event_site, retry_site
from migrate.scan.extract import (
    Extracted,
    Extractor,
    file_cache,
    is_dynamic,
)
from migrate.scan.helper_templates import helper_templates
from migrate.scan.http import http_helpers, http_sites, http_wrappers, sdk_copy
from migrate.scan.identity import resolve
from migrate.scan.inline_carts import unread_inline_carts
from migrate.scan.inline_lines import site_line_findings
from migrate.scan.java_compat import java_floor
from migrate.scan.lang import extractor_for, go, php_source, python
from migrate.scan.made_prices import inline_made_prices
from migrate.scan.marker_texts import marked
from migrate.scan.metadata_wholes import session_doc
from migrate.scan.offload import made_awaitable, offloaded
from migrate.scan.optional_params import optional_marked
from migrate.scan.options import (
    idempotency_meta,
    keyed,
    option_pairs,
    request_option_findings,
    tenant_marked,
)
from migrate.scan.params_handed import handed_findings
from migrate.scan.patterns import (
    ASTRO_SUFFIXES,
    BY_NAME,
    CHECKOUT_JS,
    CLIENT_ONLY,
    FIREBASE_EXTENSION,
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    CallPattern,
    Language,
    callee_matches,
    is_shell_script,
    language_for,
    normalise_callee,
    snake,
)
from migrate.scan.payment_links import payment_links
from migrate.scan.php_compat import php_floor
from migrate.scan.php_filters import filter_findings
from migrate.scan.receivers import foreign_client
from migrate.scan.retrieved_ids import known_ids
from migrate.scan.retry import retry_loops
from migrate.scan.site import (
    CallSite,
    located,
    related_finding,
    related_site,
    session_meta,
    static_view,
)
from migrate.scan.spread_sets import spread_sets
from migrate.scan.stale_reads import stale_findings
from migrate.scan.stripe_reads import stripe_read_findings
from migrate.scan.suggest import ENDPOINT, suggestion
from migrate.scan.template_locals import templated_locals
from migrate.scan.tenant_keys import client_keys, judge_at
from migrate.scan.unseen_locals import said_in_call, unseen
from migrate.scan.words import SharedWords
from migrate.scan.wrapper_forward import forward_site
from migrate.scan.wrapper_gate import may_wrap
from migrate.scan.wrapper_index import Wrapper, WrapperIndex, called_here, nameable, preferred
from migrate.scan.wrappers import (
    as_wrapper,
    composed_wrappers,
    overload_wrappers,
    wrapper_calls,
    wrapper_of,
)

CODE_FORMAT: Final[Format] = "code"
"""The ``SourceRef.format`` of a call site."""
_HISTORY: Final = re.compile(
    r"(?i)(?:change_?log|changes|history|upgrad(?:e|ing)|releases?|news)\b"
)
"""The name of a Markdown file of a project's history: its code blocks show past versions."""

_GUARD_FINDINGS: Final = {
    "checkout_js": CHECKOUT_JS,
    "client_only": CLIENT_ONLY,
    "firestore_checkout": FIREBASE_EXTENSION,
}
# -- one file ---------------------------------------------------------------------------------


def scan_text(
    text: str, path: str, *, options: Options | None = None, wrappers: WrapperIndex | None = None
) -> Iterator[CallSite]:
    """The sites in one file's text, read as its suffix says; ``wrappers`` are the tree's
    wrappers of a creation, whose calls are creation sites too."""
    suffix = Path(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        if _HISTORY.match(Path(path).name):
            return  # a changelog or upgrade guide: code of past versions, never rewritten
        # its prose is documentation (a guide may show a Payment Link), not the application
        for block in embedded.markdown_blocks(text):
            yield from _scan_block(block, path, options)
        return
    if suffix in ASTRO_SUFFIXES:
        sites = [s for b in embedded.astro_frontmatter(text) for s in _scan_block(b, path, options)]
        yield from _with_links(sites, text, path, "astro")
        return
    if suffix in HTML_SUFFIXES:
        sites = list(embedded.checkout_js_buttons(text, path, options))
        sites += [s for b in embedded.html_scripts(text) for s in _scan_block(b, path, options)]
        yield from _with_links(sites, text, path, "html")
        return
    language = language_for(path) or _script_language(path, text)
    if language is not None:
        yield from scan_source(text, path, language, options=options, wrappers=wrappers)


def _with_links(sites: list[CallSite], text: str, path: str, language: str) -> list[CallSite]:
    """A page's sites (Astro, HTML) with the Payment Links of its whole text (its buy button,
    not only its code), in order."""
    links = [site for _, site in payment_links(text, path, language)]
    if not links:
        return sites
    return sorted([*sites, *links], key=lambda s: (s.line, s.column))


def wrapper_sites(
    text: str, path: str, options: Options | None, index: WrapperIndex
) -> list[CallSite]:
    """The calls to the tree's wrappers in a source file that does not name Stripe (its own
    calls are not searched: what looks like a Stripe call there is not one). An Astro page's
    are searched in its frontmatter."""
    if Path(path).suffix.lower() in ASTRO_SUFFIXES:
        return [
            embedded.shifted(site, block)
            for block in embedded.astro_frontmatter(text)
            for site in _wrapper_sites_in(block.text, path, BY_NAME["typescript"], options, index)
        ]
    language = language_for(path)
    if language is None or language.family == "shell":
        return []
    return _wrapper_sites_in(text, path, language, options, index)


def _wrapper_sites_in(
    text: str, path: str, language: Language, options: Options | None, index: WrapperIndex
) -> list[CallSite]:
    root = parse(text, language)
    found = wrapper_calls(
        root,
        language,
        extractor_for(language.family),
        text=text,
        path=path,
        lines=text.splitlines(),
        options=options,
        index=index,
    )
    return [_said(site) for _, site in sorted(found, key=lambda f: f[0]) if site is not None]


def _said(site: CallSite) -> CallSite:
    """``site`` without an X021 naming what its Dodo call does not hold; its suggestion's
    lines ended as the rest of it (a value copied from a file with Windows line ends kept
    them: ``\r\n`` among ``\n``; ``--fix`` writes the file's own)."""
    if site.suggestion and "\r" in site.suggestion:
        site = replace(site, suggestion=site.suggestion.replace("\r\n", "\n"))
    kept = said_in_call(site.findings, site.suggestion)
    return site if kept == site.findings else replace(site, findings=kept)


def _script_language(path: str, text: str) -> Language | None:
    """Bash for a file without a suffix that starts with a shell shebang; None otherwise."""
    if Path(path).suffix or not is_shell_script(text[:HEAD_BYTES].encode("utf-8", "replace")):
        return None
    return BY_NAME["bash"]


def parse(text: str, language: Language) -> SgNode:
    """The syntax tree of a source text in ``language`` (the root node), parsed from
    :func:`parser_text`."""
    tree = SgRoot(parser_text(text, language.family), language.name)
    nodes.register(tree, language.name)
    return tree.root()


def parser_text(text: str, family: str) -> str:
    """What the parser reads of ``text``: the same length, with what tree-sitter misreads
    blanked (see the ``parser_text`` function of each language that has one)."""
    if family == "python":
        return python.parser_text(text)
    if family == "php":
        return php_source.parser_text(text)
    return text


def _scan_block(block: embedded.Block, path: str, options: Options | None) -> Iterator[CallSite]:
    language = BY_NAME[block.language]
    for site in scan_source(block.text, path, language, options=options, fixable=False):
        yield embedded.shifted(site, block)


# -- one source text --------------------------------------------------------------------------


def scan_source(
    text: str,
    path: str,
    language: Language,
    *,
    options: Options | None = None,
    fixable: bool = True,
    wrappers: WrapperIndex | None = None,
    root: SgNode | None = None,
) -> Iterator[CallSite]:
    """The sites in ``text`` (already read), in source order: with the calls that reach a
    wrapper of a creation, the tree's (``wrappers``) or one this text defines. ``root``: the
    text's syntax tree when it is already parsed (:func:`parse`). A PHP file's suggestions are
    written for the oldest PHP its project runs on (``php_compat.py``), a Java file's for the Java
    its build names (``java_compat.py``)."""
    found = _scan_source(text, path, language, (options, fixable, wrappers, root))
    floors = {"php": php_floor, "java": java_floor}.get(language.family)
    if floors is None:
        yield from found
        return
    with floors(path):
        sites = list(found)
    yield from sites


def _scan_source(
    text: str,
    path: str,
    language: Language,
    given: tuple[Options | None, bool, WrapperIndex | None, SgNode | None],
) -> Iterator[CallSite]:
    options, fixable, wrappers, root = given
    root = parse(text, language) if root is None else root
    lines = text.splitlines()
    found: list[tuple[int, CallSite]] = []
    if language.family == "shell":
        for site in embedded.curl_sites(root, path, lines, options):
            found.append((0, site))
        found += payment_links(text, path, language.name) + secret_sites(text, path, language.name)
        yield from (s for _, s in found)
        return
    if sdk_copy(path, text, language.family):
        return  # Stripe's SDK copied into the tree (its Event constants, its services)
    extractor_type = extractor_for(language.family)
    own: list[Wrapper] = []
    for node, pattern, callee in _creations(root, language, text):
        site, wrapper = _site(
            node,
            pattern=pattern,
            language=language,
            callee=callee,
            path=path,
            lines=lines,
            options=options,
            text=text,
            fixable=fixable,
        )
        if wrapper is not None:
            own.append(wrapper)
        found.append((node.range().start.index, site))
    if language.family == "node":  # Better Auth's Stripe plugin: its config, its upgrades
        found += better_auth_sites(
            root, extractor_type(source=text, file=path), text, path, lines, options, fixable
        )
    http = http_sites(
        root, language, extractor_type, text=text, path=path, lines=lines, options=options
    )
    requests: dict[int, tuple[CallSite, Wrapper | None]] = {}
    for at, site, wrapper in http:
        if wrapper is not None:
            own.append(wrapper)
        requests[at] = (site, wrapper)
    own.extend(http_helpers(root, language, extractor_type, text=text, path=path))
    index = (wrappers or WrapperIndex()).merged(own, text)
    calls = list(
        wrapper_calls(
            root,
            language,
            extractor_type,
            text=text,
            path=path,
            lines=lines,
            options=options,
            index=index,
        )
    )
    # a call of a raw-HTTP wrapper may read as a request helper's too: the wrapper's reading
    # (its parameters bound) is kept, a wrapper of the function around it still said
    for at, called in calls:
        _, around = requests.pop(at, (None, None))
        if called is not None:
            said = called
            if around is not None and called.via and called.wrapper is None:
                said = as_wrapper(called, around)
            found.append((at, said))
    found.extend((at, site) for at, (site, _) in requests.items())
    for node, event in event_names(root, language, text):
        found.append((node.range().start.index, event_site(node, event, language, path, lines)))
    for loop in retry_loops(root, language, text):
        found.append((loop.node.range().start.index, retry_site(loop, language, path, lines)))
    found += payment_links(text, path, language.name) + secret_sites(text, path, language.name)
    found = unsaid(root, found)  # a creation X026 names at the checkout is said there
    found = [(at, _said(site)) for at, site in found]
    if language.family == "node" and found and is_deno(path, text):
        found = [(at, replace(s, suggestion=for_deno(s.suggestion))) for at, s in found]
    found.sort(key=lambda f: f[0])
    yield from (site for _, site in found)


def _creations(
    root: SgNode, language: Language, text: str, *, only_creations: bool = False
) -> Iterator[tuple[SgNode, CallPattern, str]]:
    """Each call the language's patterns report (a creation, a call around Checkout, related
    code): its node, the pattern it matches and its callee. ``only_creations``: the Checkout
    Session creations and the calls around Checkout only (what a wrapper can make), the calls
    searched by the names they end with."""
    extractor_type = extractor_for(language.family)
    patterns = language.calls
    if only_creations:
        patterns = tuple(p for p in patterns if p.kind == "create")
    by_tail = patterns_by_tail(language, patterns)
    if not by_tail:
        return
    # a file's first pass and its scan ask about the same calls: each answer is read once
    cache = file_cache(root)
    callees: dict[SgNode, tuple[str, str]] = cache.setdefault("callees", {})
    accepted: dict[tuple[SgNode, int], bool] = cache.setdefault("accepted", {})
    for node in candidates(root, language, text):
        read = callees.get(node)
        if read is None:
            read = callees[node] = _callee_spelled(node, language.family)
        callee, spelled = read
        if not callee:
            continue
        for pattern in by_tail.get(callee.rsplit(".", 1)[-1], ()):
            if not callee_matches(pattern, spelled):
                continue
            ok = accepted.get((node, id(pattern)))
            if ok is None:
                extractor = extractor_type(source=text)
                ok = (
                    extractor.accept(node, pattern)
                    and (pattern.own_receiver or not foreign_client(extractor, node))
                    and (not pattern.needs or _needs_met(node, pattern, extractor))
                    and not not_stripe(node, pattern, language.family, text)
                )
                accepted[node, id(pattern)] = ok
            if not ok:
                continue
            yield node, pattern, callee
            break


def _callee_spelled(node: SgNode, family: str) -> tuple[str, str]:
    """A call's callee, and as the patterns spell it: Go's aliased stripe-go package
    (``stripesub.New``); in Python and JS/TS a name bound to a resource or service (``api =
    stripe.Subscription``)."""
    callee = _callee(node)
    if not callee:
        return "", ""
    if family == "go":
        return callee, go.stripe_callee(node, callee)
    return callee, resource_alias.spelled(node, callee, family)


def file_wrappers(
    text: str,
    path: str,
    language: Language,
    shared: SharedWords | None = None,
    *,
    root: SgNode | None = None,
) -> list[Wrapper]:
    """The wrappers of a Checkout Session creation or of a call around Checkout one source
    text defines; with ``shared``
    (:func:`shared_words`), only those another file of the tree can name (the file's own
    calls to its wrappers are found in its own scan, which reads every creation anyway).
    ``root``: the text's syntax tree when it is already parsed."""
    root = parse(text, language) if root is None else root
    extractor_type = extractor_for(language.family)
    out: list[Wrapper] = []
    private: list[Wrapper] = []  # named in this file only: for the wrappers its calls make
    for node, pattern, _ in _creations(root, language, text, only_creations=True):
        if pattern.guard in _GUARD_FINDINGS:
            continue
        named = may_wrap(node, language.family, shared)
        if not named and not (
            shared is not None
            and may_wrap(node, language.family)
            and called_here(node, language.family, text)
        ):
            continue
        extractor = extractor_type(source=text)
        extracted = extractor.call(node, pattern)
        endpoint = endpoint_of(extractor, node, pattern)
        if endpoint is not None and _reads_renewal(endpoint.path, extracted):
            continue  # related code (X027), as the file's own scan reports it: no wrapper
        extracted, inlined = inline_made_prices(node, extractor, language, extracted, endpoint)
        found = wrapper_of(
            node,
            extracted.params,
            extracted.dynamic,
            family=language.family,
            path=path,
            endpoint=endpoint,
            option_keys=_option_keys(pattern),
            options=_own_options(node, pattern, language, extracted.options, extractor),
        )
        if found is not None:
            dynamic = extracted.dynamic  # what it makes in Stripe, its calls say too
            functions = extractor.functions
            reads = stripe_read_findings(node, language.family, functions, dynamic, path)
            (out if named else private).append(replace(found, made=reads + inlined))
    out.extend(http_wrappers(root, language, extractor_type, text=text, path=path))
    out.extend(overload_wrappers(root, language, extractor_type, text=text, path=path, own=out))
    out.extend(http_helpers(root, language, extractor_type, text=text, path=path, shared=shared))
    if out or private:  # the wrappers of wrappers of the file (another file's: between passes)
        own = WrapperIndex().merged([*out, *private], text)
        made = composed_wrappers(root, language, extractor_type, text=text, path=path, index=own)
        out = preferred(out, [w for w in made if nameable(w.name, w.owner, shared)])
    return out


def _callee(node: SgNode) -> str:
    """The normalised text of a call before its arguments (``stripe.checkout.sessions.create``);
    the SDK method's, for a Python call running it in a worker thread (``offloaded``)."""
    inner = offloaded(node) or made_awaitable(node)
    if inner is not None:
        return normalise_callee(inner.text())
    args = node.field("arguments") or next(
        (c for c in node.children() if c.kind() == "call_suffix"),
        None,  # Kotlin's
    )
    if args is None:
        return normalise_callee(node.text())
    whole = node.text()
    cut = args.range().start.index - node.range().start.index
    return normalise_callee(whole[:cut])


def _needs_met(call: SgNode, pattern: CallPattern, extractor: Extractor) -> bool:
    """Whether a related call passes one of ``pattern.needs``: named in its arguments, or in
    the params they evaluate to (a params object built above the call); or passes on whole
    the params its function is given (``update_subscription($id, $args)``): a pass-through
    wrapper, whose callers say what it changes (X024)."""
    if _mentions(call, pattern.needs):
        return True
    try:
        params = extractor.params(call, pattern)
        whole = [d.source for d in extractor.dynamic if not d.path]
    except NotImplementedError:
        return False
    finally:
        extractor.dynamic.clear()
    if any(snake(str(key)) in pattern.needs for key in params):
        return True
    return bool(whole) and all(_parameter(call, source, extractor) for source in whole)


def _parameter(call: SgNode, source: str, extractor: Extractor) -> bool:
    """Whether ``source`` (``**args``, ``$args``, ``options``) is a parameter of the function
    ``call`` is made in."""
    name = source.lstrip("*.&")
    scope = extractor.scope(call)
    return (
        name.lstrip("$").isidentifier()
        and scope.kind() in extractor.functions
        and extractor.is_parameter(scope, name)
    )


def _mentions(call: SgNode, keys: tuple[str, ...]) -> bool:
    """Whether a call's arguments name one of ``keys`` (as a key, keyword, setter or field)."""
    args = call.field("arguments")
    if args is None:
        return False
    for node in args.find_all(regex=r"^[\"':]?\$?[A-Za-z_][A-Za-z0-9_]*[\"']?:?$"):
        word = node.text().strip("\"':$")
        if word.startswith("set") and word[3:4].isupper():
            word = word[3:]
        if snake(word) in keys:
            return True
    return False


def _site(
    node: SgNode,
    *,
    pattern: CallPattern,
    language: Language,
    callee: str,
    path: str,
    lines: list[str],
    options: Options | None,
    text: str,
    fixable: bool,
) -> tuple[CallSite, Wrapper | None]:
    rng = node.range()
    span = (rng.start.index, rng.end.index) if fixable else None
    common: dict[str, Any] = {
        "file": path,
        **located(node, lines),
        "language": language.name,
        "callee": callee,
        "span": span,
    }
    extractor = extractor_for(language.family)(source=text, file=path)
    if pattern.kind == "related":
        assert pattern.rule is not None
        if pattern.rule == CATALOG_WRITE:
            return catalog_site(node, pattern, extractor, common, language), None
        return related_site(pattern.rule, common), None
    extracted = known_ids(node, extractor.functions, language.family, extractor.call(node, pattern))
    built = from_built_list(extracted.params, language.family, node)
    dynamic = built_dynamic(extracted.params, built, extracted.dynamic)
    extracted = replace(extracted, params=built, dynamic=dynamic)
    source = SourceRef(path, CODE_FORMAT, line=common["line"])
    endpoint = endpoint_of(extractor, node, pattern)
    mailed: tuple[Finding, ...] = ()
    if endpoint is None:  # a session's customer made from an email: that email (X035)
        kinds = frozenset(extractor.functions)
        before = extracted.dynamic

        def maker() -> str | None:  # the X020 that names the helper making the customer
            said = customer_findings(node, text, kinds, before, family=language.family, path=path)
            return next((f.message for f in said if f.code == "X020"), None)

        extracted, mailed = by_email(node, kinds, extracted, language.family, maker)
    extracted, inlined = inline_made_prices(node, extractor, language, extracted, endpoint)
    if endpoint is not None and _reads_renewal(endpoint.path, extracted):
        return related_site(RENEWAL_READ, common), None
    kind = update_kind(endpoint, extracted.params, extracted.dynamic) if endpoint else ""
    if kind == "payment_method":  # a subscription's default payment method, nothing else
        return related_site(PAYMENT_METHOD_UPDATE, common), None
    passed = _own_options(node, pattern, language, extracted.options, extractor)
    if endpoint is not None:
        key = idempotency_meta(passed)  # a usage event's event_id (UE014)
        ids = translate_around(
            extracted.params,
            extracted.dynamic,
            source=source,
            options=options,
            endpoint=endpoint,
            told={**key, **made_here(node, extractor.functions, extracted.dynamic)},
        )
    else:  # a Checkout Session creation: a session whatever its params hold
        meta = session_meta(extracted.dynamic)
        marked_params = optional_marked(node, extracted.params, language.family)
        doc = session_doc(marked_params, extracted.dynamic)
        translated = translate_params(doc, source, options, meta)
        translation = static_view(translated, extracted.dynamic, extracted.params)
        ids = resolve(translation, extracted.dynamic, endpoint=meta["endpoint"])
    translation = ids.translation
    guard = _GUARD_FINDINGS.get(pattern.guard or "")
    extra = (
        mailed
        + ((related_finding(guard),) if guard else ())
        + request_option_findings(passed, translation.kind, text, keyed=keyed(translation))
    )
    functions, dynamic = extractor.functions, extracted.dynamic
    if any(d.path == "customer" for d in dynamic):
        family = language.family
        extra += customer_findings(node, text, functions, dynamic, family=family, path=path)
    made = stripe_read_findings(node, language.family, functions, dynamic, path) if dynamic else ()
    made += inlined  # what the code makes or reads in Stripe: a wrapper's callers say it too
    if language.family == "php" and "apply_filters" in text:  # X033, for its callers too
        made += filter_findings(node, extractor.scope(node))
    if dynamic:  # a URL whose local or setting holds a Stripe template (C003)
        found = templated_locals(node, functions, dynamic, file=path, family=language.family)
        extra += made + found
        extra += stale_findings(node, functions, extracted.params, dynamic)  # RT058
        extra += configured_templates(dynamic, text) or helper_templates(
            node, dynamic, language.family, path
        )
        extra += spread_sets(node, extractor, dynamic)  # RT054
    else:
        extra += made
    extra += tuple(unseen(extractor.hidden, (*extracted.dynamic, *marked(extracted.params))))
    chosen = client_chosen(callee, extractor.scope(node))  # a client per account (X038)
    extra += (chosen,) if chosen is not None else ()
    extra += site_line_findings(node, extractor, extracted, translation.findings)
    extra += handed_findings(node, frozenset(functions), language.call_kinds)  # RT059
    translation = translation._replace(dodo=unread_inline_carts(translation.dodo, extra))
    frame = call_frame(node, language.family)
    site = CallSite(
        kind="create",
        params=extracted.params,
        dynamic=extracted.dynamic,
        translation=translation,
        findings=extra + said_once(translation.findings, extra),
        suggestion=suggestion(
            language.family,
            translation.dodo,
            extracted.dynamic,
            path=translation.request[1] if translation.request else ENDPOINT,
            fallback=translation.fallback,
            findings=translation.findings,
            typescript=language.name in ("typescript", "tsx"),
            ident=ids.ident,
            handled=ids.handled,
            frame=frame,
        ),
        **common,
    )
    site = with_borrowed(site, extractor.borrowed, node.get_root().root(), language.family, path)
    if pattern.guard in _GUARD_FINDINGS:
        return site, None
    wrapper = wrapper_of(
        node,
        extracted.params,
        extracted.dynamic,
        family=language.family,
        path=path,
        endpoint=endpoint,
        option_keys=_option_keys(pattern),
        options=passed,
        text=text,
    )
    if wrapper is None:
        return site, None
    wrapper = replace(wrapper, made=made)  # its calls say what it makes in Stripe too
    said = _by_the_caller(site, as_wrapper(site, wrapper), wrapper, extracted.params)
    return forward_site(said, wrapper, frame), wrapper  # X039: params passed on whole


def _own_options(
    node: SgNode,
    pattern: CallPattern,
    language: Language,
    found: tuple[tuple[str, str], ...],
    extractor: Extractor,
) -> tuple[tuple[str, str], ...]:
    """The request options a creation passes (``found``: those its params reader met), and
    the tenant's keys it is made with (``migrate/scan/tenant_keys.py``), each a tenant's
    marked so."""
    at = 2 if pattern.id_arg else 1
    family = language.family
    pairs = (
        []
        if pattern.own_receiver
        else option_pairs(node, family, found, extractor=extractor, at=at)
    )
    judged = tenant_marked(pairs, judge_at(node, family, extractor))
    return (*judged, *client_keys(node, family, extractor))


def _option_keys(pattern: CallPattern) -> frozenset[str]:
    """The request options a call's SDK reads among its keyword params, spread ones included
    (a resource call's ``**kwargs``): none for a call that takes one params argument."""
    return pattern.ignored_keywords if pattern.args == "kwargs" else frozenset()


def _by_the_caller(
    site: CallSite, wrapped: CallSite, wrapper: Wrapper, params: dict[str, Any]
) -> CallSite:
    """``wrapped`` (the wrapper's site) with "set by the caller" said only of values that come
    from the wrapper's parameters: a finding that quotes a run-time value of its path (a
    branch of a choice: ``priceIdYearly`` in ``yearly ? priceIdYearly : priceIdMonthly``)
    naming none of them is about a field or a local, which no caller sets."""
    offset = len(wrapped.findings) - len(site.findings)  # the wrapper's own finding first
    findings = list(wrapped.findings)
    for i, before in enumerate(site.findings):
        after = findings[offset + i]
        if after.message == before.message:
            continue
        said = [s for s in _sources_at(params, after.path) if f"({short(s)})" in before.message]
        if said and not any(n in wrapper.uses for s in said for n in _NAME.findall(s)):
            findings[offset + i] = before
    return replace(wrapped, findings=tuple(findings))


_NAME: Final = re.compile(r"(?<![\w$.>:@'\"])[$@]?[A-Za-z_]\w*")
"""A name an expression reads (not a member after ``.``, ``->`` or ``::``)."""


def _sources_at(params: dict[str, Any], path: str) -> list[str]:
    """The run-time sources of the value at ``path`` in ``params``: its own, and those of a
    choice's branches or an each's item, nested."""
    node: Any = params
    for index, key in re.findall(r"\[(\d+)\]|([^.\[\]]+)", path):
        if index and type(node) is list and int(index) < len(node):
            node = node[int(index)]
        elif key and type(node) is dict and not is_dynamic(node) and key in node:
            node = node[key]
        else:
            return []
    out: list[str] = []
    stack = [node]
    while stack:
        value = stack.pop()
        if type(value) is dict:
            if is_dynamic(value):
                out.append(str(value["$dynamic"]))
            stack.extend(v for k, v in value.items() if k != "$dynamic")
        elif type(value) is list:
            stack.extend(value)
    return out


RENEWAL_READ: Final = "X027"
_PREVIEWS: Final = frozenset({"/v1/invoices/create_preview", "/v1/invoices/upcoming"})
_READ_ONLY: Final = frozenset(
    {"customer", "subscription", "expand", "automatic_tax", "currency", "preview_mode"}
)
"""An invoice preview's params that change nothing about the subscription it previews."""


def _reads_renewal(endpoint: str, extracted: Extracted) -> bool:
    """Whether an invoice preview only reads a subscription's next renewal (X027): it names
    the subscription or customer and nothing it would change (no items, proration, trial,
    cancellation, invoice items; no params the scanner cannot read)."""
    if endpoint not in _PREVIEWS:
        return False
    keys = {str(k) for k in extracted.params}
    paths = {d.path.partition(".")[0].partition("[")[0] for d in extracted.dynamic}
    return bool(keys & {"customer", "subscription"}) and keys | paths <= _READ_ONLY


def endpoint_of(extractor: Extractor, node: SgNode, pattern: CallPattern) -> Endpoint | None:
    """Where a call around Checkout goes, so the translator routes it: its Stripe endpoint,
    with the object id when the code passes it as a literal (``{id}`` for one known at run
    time, with its source). None for a Checkout Session creation."""
    if pattern.endpoint is None:
        return None
    endpoint, source = pattern.endpoint, None
    if "{id}" in endpoint:
        first = extractor.id_node(node, pattern)
        got = extractor.value(first, "", record=False) if first is not None else None
        ident = got if type(got) is str and got and "/" not in got else "{id}"
        source = first.text() if ident == "{id}" and first is not None else None
        endpoint = endpoint.replace("{id}", ident)
    return Endpoint(endpoint, pattern.method, source)
