"""Walk files and folders, find Checkout code, and translate each creation call.

A file is parsed only when its bytes pass ``PREFILTER``. Folders are walked as every command
walks them (``migrate/readers/files.py``): in name order, skipping hidden folders, vendored
folders (``node_modules``, ``vendor``, virtualenvs) and what ``.gitignore`` files exclude.
Markdown files are read fence by fence and HTML files script by script, each in its own
language. Problems (an unreadable file, a missing path) are recorded in ``ScanStats`` as
one-line messages; the scan goes on. With ``jobs`` > 1 the files that pass the prefilter are
parsed in worker processes; the result is the same, in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

from ast_grep_py import SgNode, SgRoot

from migrate.display import shown_path
from migrate.mapping.plan_change import KEEP_CYCLE
from migrate.mapping.plan_change import PRORATION as PRORATION_MODES
from migrate.mapping.table import load_table
from migrate.mapping.translate import Options, translate_params
from migrate.mapping.webhooks import by_squashed, load_events
from migrate.readers.base import Format, SourceRef
from migrate.readers.files import HEAD_BYTES, read_head, walk_files
from migrate.readers.limits import too_large
from migrate.scan import embedded
from migrate.scan.config import config_format, is_config, scan_config
from migrate.scan.extract import (
    Extractor,
    arguments,
    quoted,
    with_exprs,
)
from migrate.scan.http import http_sites, http_wrappers
from migrate.scan.identity import resolve
from migrate.scan.lang import extractor_for, php_source, python
from migrate.scan.patterns import (
    BY_NAME,
    CHECKOUT_JS,
    CLIENT_ONLY,
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    PREFILTER,
    PRORATION,
    RETRY_LOOP,
    SUFFIXES,
    WEBHOOK_EVENT,
    CallPattern,
    Language,
    callee_matches,
    is_shell_script,
    language_for,
    normalise_callee,
    patterns_by_tail,
    snake,
)
from migrate.scan.result import ScanResult
from migrate.scan.retry import RetryLoop, retry_loops
from migrate.scan.site import (
    CallSite,
    ScanStats,
    located,
    related_finding,
    session_meta,
    site_kind,
    stand_ins,
    static_view,
)
from migrate.scan.source import Skipped, read_source, special_kind
from migrate.scan.suggest import ENDPOINT, suggestion
from migrate.scan.wrappers import (
    Wrapper,
    WrapperIndex,
    as_wrapper,
    may_wrap,
    shared_words,
    wrapper_calls,
    wrapper_of,
)
from migrate.support.workers import OrderedPool

__all__ = ["CallSite", "ScanStats", "files", "scan_paths", "scan_source", "scan_text", "site_kind"]
"""``CallSite`` and ``site_kind`` live in ``migrate/scan/site.py``; the scan hands them on."""


PARALLEL_MIN_FILES: Final = 200
"""Below this many files, starting worker processes costs more than it saves."""
BATCH_FILES: Final = 32
"""Files per task sent to a worker process."""

CODE_FORMAT: Final[Format] = "code"
"""The ``SourceRef.format`` of a call site."""

_GUARD_FINDINGS: Final = {"checkout_js": CHECKOUT_JS, "client_only": CLIENT_ONLY}
_EVENT_TEXT: Final = re.compile(
    r"^(checkout\.session|customer|invoice|payment_intent|charge|setup_intent|product|price)\."
)


# -- the whole scan ---------------------------------------------------------------------------


def scan_paths(
    paths: Iterable[str],
    *,
    stats: ScanStats | None = None,
    options: Options | None = None,
    jobs: int = 1,
) -> Iterator[CallSite]:
    """Every site in ``paths`` (files or folders), file by file, in source order.

    With ``jobs`` > 1 and a tree of at least ``PARALLEL_MIN_FILES`` files, batches of files are
    read, filtered and parsed in worker processes while the walk goes on here; the sites come
    back in the same order as a serial scan. A worker that dies costs only the file it was on
    (a problem); see :class:`~migrate.support.workers.OrderedPool`."""
    stats = stats if stats is not None else ScanStats()
    walked = ScanStats()
    listing = list(files(paths, walked))  # walked once, for both passes: paths, not contents
    stats.problems.extend(walked.problems)
    parallel = jobs > 1 and len(listing) >= PARALLEL_MIN_FILES
    index: WrapperIndex | None = None
    if len(listing) > 1:
        shared = shared_words(listing)
        if parallel:
            index = _wrappers_in_workers(listing, jobs, shared)
        else:
            index = wrappers_of(listing, shared)
    if not parallel:
        for path in listing:
            stats.files += 1
            yield from _scan_one(path, options, stats, index)
        return
    load_table(), load_events()  # once here, inherited by forked workers
    # the index goes to each worker once (its start), not with every batch
    workers: OrderedPool[str, _Part] = OrderedPool(
        jobs, _scan_batch, _dead_worker, initializer=_worker_state, initargs=(options, index)
    )
    try:
        batch: list[str] = []
        for path in listing:
            stats.files += 1
            batch.append(path)
            if len(batch) == BATCH_FILES:
                workers.submit(batch)
                batch = []
            while workers.front_done():
                yield from _collect(workers.next_results(), stats)
        if batch:
            workers.submit(batch)
        while workers.pending:
            yield from _collect(workers.next_results(), stats)
    finally:
        workers.shutdown()


def _wrappers_in_workers(listing: list[str], jobs: int, shared: frozenset[bytes]) -> WrapperIndex:
    """The first pass (:func:`wrappers_of`) in ``jobs`` worker processes, batch by batch;
    the wrappers are added in the order of the files, as one process would."""
    index = WrapperIndex()
    workers: OrderedPool[str, list[Wrapper]] = OrderedPool(
        jobs, _wrappers_batch, lambda path: [[]], initializer=_worker_shared, initargs=(shared,)
    )
    try:
        for start in range(0, len(listing), BATCH_FILES):
            workers.submit(listing[start : start + BATCH_FILES])
        while workers.pending:
            for found in workers.next_results():
                for wrapper in found:
                    index.add(wrapper)
    finally:
        workers.shutdown()
    return index


def _wrappers_batch(paths: list[str]) -> list[list[Wrapper]]:
    return [_wrappers_at(path, _SHARED[0]) for path in paths]


_SHARED: list[frozenset[bytes] | None] = [None]
"""A first-pass worker's words shared by files of the tree (set once, when it starts)."""


def _worker_shared(shared: frozenset[bytes]) -> None:
    _SHARED[0] = shared


_STATE: list[tuple[Options | None, WrapperIndex | None]] = []
"""A worker's options and index of the tree's wrappers (set once, when it starts)."""


def _worker_state(options: Options | None, index: WrapperIndex | None) -> None:
    _STATE[:] = [(options, index)]


_Part = tuple[list[CallSite], ScanStats]
"""What a worker sends back for a batch of files: their sites, and what it saw."""


def _collect(parts: list[_Part], stats: ScanStats) -> list[CallSite]:
    sites: list[CallSite] = []
    for found, part in parts:
        sites.extend(found)
        stats.parsed += part.parsed
        stats.problems.extend(part.problems)
    return sites


def _scan_batch(paths: list[str]) -> list[_Part]:
    options, index = _STATE[0]
    stats = ScanStats()
    sites = [site for path in paths for site in _scan_one(path, options, stats, index)]
    return [(sites, stats)]


def _dead_worker(path: str) -> list[_Part]:
    """A file whose worker process died (killed, out of memory, a crash in native code)."""
    problem = f"{path}: the scan of this file stopped its worker process: check it by hand"
    return [([], ScanStats(problems=[problem]))]


def _scan_one(
    path: str, options: Options | None, stats: ScanStats, index: WrapperIndex | None = None
) -> Iterator[CallSite]:
    """Read one file (a regular file within ``MAX_FILE_BYTES``), and parse it when it passes
    the byte prefilter or names one of the tree's wrappers."""
    try:
        data = read_source(path)
    except Skipped as exc:
        stats.problems.append(f"{shown_path(path)}: {exc}")
        return
    except OSError as exc:
        stats.problems.append(f"{shown_path(path)}: cannot read: {exc.strerror or exc}")
        return
    fmt = config_format(Path(path))
    if fmt is not None:  # an environment or configuration file: the ids it holds
        stats.parsed += 1
        text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        yield from scan_config(text, path, fmt, options.ids if options is not None else None)
        return
    named = PREFILTER.search(data) is not None
    if not named and (index is None or not index.mentioned(data)):
        return
    stats.parsed += 1
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    yield from _guarded_scan(text, path, options, stats, index, calls_only=not named)


def _guarded_scan(
    text: str,
    path: str,
    options: Options | None,
    stats: ScanStats,
    index: WrapperIndex | None = None,
    *,
    calls_only: bool = False,
) -> list[CallSite]:
    """The sites of one file (``calls_only``: a file that does not name Stripe, only its calls
    to the tree's wrappers), or none and a problem when the file is too large or nested too
    deep to read: one such file never stops the scan of the others."""
    try:
        if calls_only and index is not None:
            return _wrapper_sites(text, path, options, index)
        return list(scan_text(text, path, options=options, wrappers=index))
    except Exception as exc:
        if not too_large(exc):
            raise
        stats.problems.append(
            f"{shown_path(path)}: too large or nested too deep to read ({type(exc).__name__}): "
            "check this file by hand"
        )
        return []


def scan_text(
    text: str, path: str, *, options: Options | None = None, wrappers: WrapperIndex | None = None
) -> Iterator[CallSite]:
    """The sites in one file's text, read as its suffix says; ``wrappers`` are the tree's
    wrappers of a creation, whose calls are creation sites too."""
    suffix = Path(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        for block in embedded.markdown_blocks(text):
            yield from _scan_block(block, path, options)
        return
    if suffix in HTML_SUFFIXES:
        yield from embedded.checkout_js_buttons(text, path, options)
        for block in embedded.html_scripts(text):
            yield from _scan_block(block, path, options)
        return
    language = language_for(path) or _script_language(path, text)
    if language is not None:
        yield from scan_source(text, path, language, options=options, wrappers=wrappers)


def _wrapper_sites(
    text: str, path: str, options: Options | None, index: WrapperIndex
) -> list[CallSite]:
    """The calls to the tree's wrappers in a source file that does not name Stripe (its own
    calls are not searched: what looks like a Stripe call there is not one)."""
    language = language_for(path)
    if language is None or language.family == "shell":
        return []
    parsed = parser_text(text, language.family)
    root = SgRoot(parsed, language.name).root()
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
    return [site for _, site in sorted(found, key=lambda f: f[0])]


def _script_language(path: str, text: str) -> Language | None:
    """Bash for a file without a suffix that starts with a shell shebang; None otherwise."""
    if Path(path).suffix or not is_shell_script(text[:HEAD_BYTES].encode("utf-8", "replace")):
        return None
    return BY_NAME["bash"]


def parser_text(text: str, family: str) -> str:
    """What the parser reads of ``text``: the same length, with what tree-sitter misreads
    blanked (see the ``parser_text`` function of each language that has one)."""
    if family == "python":
        return python.parser_text(text)
    if family == "php":
        return php_source.parser_text(text)
    return text


def scannable(path: str | Path) -> bool:
    """Whether the scanner reads a file given by name: one of ``SUFFIXES``, an environment or
    configuration file, or a shell script without a suffix (its first bytes a shebang)."""
    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES or is_config(Path(path)):
        return True
    return not suffix and is_shell_script(read_head(str(path)))


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
) -> Iterator[CallSite]:
    """The sites in ``text`` (already read), in source order: with the calls that reach a
    wrapper of a creation, the tree's (``wrappers``) or one this text defines."""
    parsed = parser_text(text, language.family)
    root = SgRoot(parsed, language.name).root()
    lines = text.splitlines()
    found: list[tuple[int, CallSite]] = []
    if language.family == "shell":
        for site in embedded.curl_sites(root, path, lines, options):
            found.append((0, site))
        yield from (s for _, s in found)
        return
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
    http = http_sites(
        root, language, extractor_type, text=text, path=path, lines=lines, options=options
    )
    for at, site, wrapper in http:
        if wrapper is not None:
            own.append(wrapper)
        found.append((at, site))
    index = (wrappers or WrapperIndex()).merged(own)
    found.extend(
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
    for node, event in _event_names(root, language):
        found.append((node.range().start.index, _event_site(node, event, language, path, lines)))
    for loop in retry_loops(root, language, text):
        found.append((loop.node.range().start.index, _retry_site(loop, language, path, lines)))
    found.sort(key=lambda f: f[0])
    yield from (site for _, site in found)


def _creations(
    root: SgNode, language: Language, text: str, *, only_creations: bool = False
) -> Iterator[tuple[SgNode, CallPattern, str]]:
    """Each call the language's patterns report (a creation, a call around Checkout, related
    code): its node, the pattern it matches and its callee. ``only_creations``: the Checkout
    Session creations only, the calls searched by the names they end with."""
    extractor_type = extractor_for(language.family)
    patterns = language.calls
    regex = ""
    if only_creations:
        patterns = tuple(p for p in patterns if p.kind == "create" and p.endpoint is None)
        tails = sorted({c.rsplit(".", 1)[-1] for p in patterns for c in p.callees})
        if not tails:
            return
        regex = r"\b(?:" + "|".join(re.escape(t) for t in tails) + r")\b"
    by_tail = patterns_by_tail(language, patterns)
    for kind in language.call_kinds:
        nodes = root.find_all(kind=kind, regex=regex) if regex else root.find_all(kind=kind)
        for node in nodes:
            callee = _callee(node)
            if not callee:
                continue
            for pattern in by_tail.get(callee.rsplit(".", 1)[-1], ()):
                if not callee_matches(pattern, callee):
                    continue
                extractor = extractor_type(source=text)
                if not extractor.accept(node, pattern):
                    continue
                if pattern.needs and not _needs_met(node, pattern, extractor):
                    continue
                yield node, pattern, callee
                break


# -- the wrappers of a tree (the first pass) --------------------------------------------------

CREATION_HINT: Final = re.compile(
    rb"[Cc]heckout(?:[./\\:_>-])*[Ss]ession|SessionService|SessionCreate|checkout/sessions"
)
"""Bytes a file must contain, besides ``PREFILTER``'s, to hold a Checkout Session creation (an
SDK call, a raw request to the endpoint): only those files are parsed in the first pass."""


def _may_create(data: bytes) -> bool:
    """``CREATION_HINT`` and ``PREFILTER`` both match. Literal searches first: a creation names
    Stripe (its SDK, its host), and a regex without a literal prefix walks every byte."""
    if b"tripe" not in data and b"TRIPE" not in data:
        return False
    if b"heckout" not in data and b"Session" not in data:
        return False
    return CREATION_HINT.search(data) is not None and PREFILTER.search(data) is not None


def index_wrappers(paths: Sequence[str]) -> WrapperIndex:
    """The first pass of a scan: the wrappers of a creation the files under ``paths`` define
    (their signatures and params; no syntax tree is kept)."""
    return wrappers_of(files(paths, ScanStats()))


def wrappers_of(listing: Iterable[str], shared: frozenset[bytes] | None = None) -> WrapperIndex:
    """The wrappers the files of a scan define. Only files whose bytes can hold a creation
    (``CREATION_HINT``) are parsed, and in them only the calls named like one. Unreadable files
    are skipped here: the second pass reports them."""
    index = WrapperIndex()
    for path in listing:
        for wrapper in _wrappers_at(path, shared):
            index.add(wrapper)
    return index


def _wrappers_at(path: str, shared: frozenset[bytes] | None = None) -> list[Wrapper]:
    """The wrappers one file of a scan defines (none when it cannot be read)."""
    try:
        data = read_source(path)
    except (Skipped, OSError):
        return []
    if not _may_create(data):
        return []
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    language = language_for(path)
    if language is None or language.family == "shell":
        return []
    try:
        return file_wrappers(text, path, language, shared)
    except Exception as exc:
        if not too_large(exc):
            raise
        return []


def file_wrappers(
    text: str, path: str, language: Language, shared: frozenset[bytes] | None = None
) -> list[Wrapper]:
    """The wrappers of a Checkout Session creation one source text defines; with ``shared``
    (:func:`shared_words`), only those another file of the tree can name (the file's own
    calls to its wrappers are found in its own scan, which reads every creation anyway)."""
    parsed = parser_text(text, language.family)
    root = SgRoot(parsed, language.name).root()
    extractor_type = extractor_for(language.family)
    out: list[Wrapper] = []
    for node, pattern, _ in _creations(root, language, text, only_creations=True):
        if pattern.guard in _GUARD_FINDINGS or not may_wrap(node, language.family, shared):
            continue
        extracted = extractor_type(source=text).call(node, pattern)
        found = wrapper_of(
            node, extracted.params, extracted.dynamic, family=language.family, path=path
        )
        if found is not None:
            out.append(found)
    out.extend(http_wrappers(root, language, extractor_type, text=text, path=path))
    return out


def _callee(node: SgNode) -> str:
    """The normalised text of a call before its arguments (``stripe.checkout.sessions.create``)."""
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
    the params they evaluate to (a params object built above the call)."""
    if _mentions(call, pattern.needs):
        return True
    try:
        params = extractor.params(call, pattern)
    except NotImplementedError:
        return False
    finally:
        extractor.dynamic.clear()
    return any(snake(str(key)) in pattern.needs for key in params)


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
    extractor = extractor_for(language.family)(source=text)
    if pattern.kind == "related":
        assert pattern.rule is not None
        details: dict[str, Any] = {}
        if pattern.rule == PRORATION:
            details = _proration(extractor, node, pattern)
        finding = related_finding(pattern.rule, **details)
        return CallSite(
            kind="related",
            params={},
            dynamic=(),
            translation=None,
            findings=(finding,),
            suggestion=finding.suggestion,
            rule=pattern.rule,
            **common,
        ), None
    extracted = extractor.call(node, pattern)
    source = SourceRef(path, CODE_FORMAT, line=common["line"])
    endpoint, id_source = _endpoint_meta(extractor, node, pattern)
    params = with_exprs(extracted.params)
    if endpoint:
        params.update(stand_ins(extracted.params))
    # a Checkout Session creation: a session whatever its params hold
    meta = endpoint or session_meta(extracted.dynamic)
    translation = static_view(translate_params(params, source, options, meta), extracted.dynamic)
    ids = resolve(translation, extracted.dynamic, endpoint=meta["endpoint"], id_source=id_source)
    translation = ids.translation
    extra = (
        (related_finding(_GUARD_FINDINGS[pattern.guard]),)
        if pattern.guard in _GUARD_FINDINGS
        else ()
    )
    site = CallSite(
        kind="create",
        params=extracted.params,
        dynamic=extracted.dynamic,
        translation=translation,
        findings=extra + translation.findings,
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
        ),
        **common,
    )
    if endpoint or pattern.guard in _GUARD_FINDINGS:  # a call around Checkout, a guard
        return site, None
    wrapper = wrapper_of(
        node, extracted.params, extracted.dynamic, family=language.family, path=path
    )
    return (as_wrapper(site, wrapper), wrapper) if wrapper is not None else (site, None)


def _endpoint_meta(
    extractor: Extractor, node: SgNode, pattern: CallPattern
) -> tuple[dict[str, str], str | None]:
    """What the translator needs to route a call around Checkout: its Stripe endpoint, with
    the object id when the code passes it as a literal (``{id}``: one known at run time, whose
    source comes second)."""
    if pattern.endpoint is None:
        return {}, None
    endpoint, source = pattern.endpoint, None
    if "{id}" in endpoint:
        first = extractor.id_node(node, pattern)
        got = extractor.value(first, "", record=False) if first is not None else None
        ident = got if type(got) is str and got and "/" not in got else "{id}"
        source = first.text() if ident == "{id}" and first is not None else None
        endpoint = endpoint.replace("{id}", ident)
    return {"endpoint": endpoint, "method": pattern.method}, source


def _proration(extractor: Extractor, node: SgNode, pattern: CallPattern) -> dict[str, Any]:
    value: Any = None
    if pattern.args in ("kwargs", "params_arg"):
        try:
            params = extractor.params(node, pattern)
        except NotImplementedError:
            params = {}
        value = params.get("proration_behavior")
        if value is None:
            for arg in arguments(node)[1:2]:  # update(id, {...})
                got = extractor.value(arg, "", record=False)
                if type(got) is dict:
                    value = got.get("proration_behavior")
    if type(value) is str:
        known = PRORATION_MODES.get(value)
        return {"value": value, "mode": known[0] if known else KEEP_CYCLE}
    return {"value": "(set at run time)", "mode": KEEP_CYCLE}


def _event_names(root: SgNode, language: Language) -> Iterator[tuple[SgNode, str]]:
    """String literals (and SDK constants) naming a Stripe webhook event type."""
    events = load_events()
    for kind in language.string_kinds:
        for node in root.find_all(kind=kind, regex=r"^[\"'`@]*[a-z_]+\.[a-z_.]+[\"'`]$"):
            content = quoted(node.text())
            if content is not None and _EVENT_TEXT.match(content) and content in events:
                yield node, content
    if language.event_constants:
        squashed = by_squashed()
        for node in root.find_all(kind=language.constant_kind):
            flat = "".join(node.text().split())
            for prefix in language.event_constants:
                if flat.startswith(prefix):
                    entry = squashed.get(flat[len(prefix) :].lower())
                    if entry is not None:
                        yield node, entry.stripe
                    break


def _event_site(
    node: SgNode, event: str, language: Language, path: str, lines: list[str]
) -> CallSite:
    entry = load_events()[event]
    finding = related_finding(
        WEBHOOK_EVENT, event=event, dodo=entry.describe(), advice=entry.note, level=entry.level
    )
    return CallSite(
        file=path,
        **located(node, lines),
        language=language.name,
        kind="related",
        callee=node.text(),
        params={},
        dynamic=(),
        translation=None,
        findings=(finding,),
        suggestion=finding.suggestion,
        rule=WEBHOOK_EVENT,
        event=event,
    )


def _retry_site(loop: RetryLoop, language: Language, path: str, lines: list[str]) -> CallSite:
    finding = related_finding(RETRY_LOOP, breaks="; ".join(loop.breaks))
    return CallSite(
        file=path,
        **located(loop.node, lines),
        language=language.name,
        kind="related",
        callee=loop.callee,
        params={},
        dynamic=(),
        translation=None,
        findings=(finding,),
        suggestion=finding.suggestion,
        rule=RETRY_LOOP,
    )


# -- walking ----------------------------------------------------------------------------------


def files(paths: Iterable[str], stats: ScanStats) -> Iterator[str]:
    """The files to read under ``paths``, in order; problems go to ``stats``."""
    for raw in paths:
        path = Path(raw)
        try:
            mode = path.stat().st_mode
        except OSError:
            stats.problems.append(f"{shown_path(raw)}: no such file or folder")
            continue
        kind = special_kind(mode)
        if kind == "a folder":
            yield from _walk(path)
        elif kind is not None:
            stats.problems.append(f"{shown_path(raw)}: not a regular file ({kind}): skipped")
        elif not scannable(path):
            what = repr(shown_path(path.suffix)) if path.suffix else "no suffix, not a shell script"
            stats.problems.append(f"{shown_path(raw)}: not a file the scanner reads: {what}")
        else:
            yield raw


def _walk(top: Path) -> Iterator[str]:
    """The files of a folder the scanner reads (``migrate/readers/files.py`` walks it): code by
    suffix, shell scripts without one (only their first bytes are read to tell), configuration
    files by name."""
    for found in walk_files(top, SUFFIXES, named=is_config, unsuffixed=is_shell_script):
        if isinstance(found, Path):
            yield str(found)


def collect(
    paths: Sequence[str],
    *,
    options: Options | None = None,
    jobs: int = 1,
    on_problem: Callable[[str], None] | None = None,
) -> ScanResult:
    """Scan ``paths``: every site under them, and what the scan looked at. ``on_problem`` also
    gets each unreadable path's one-line message (the CLI prints them on stderr)."""
    stats = ScanStats()
    sites = tuple(scan_paths(paths, stats=stats, options=options, jobs=jobs))
    if on_problem is not None:
        for problem in stats.problems:
            on_problem(problem)
    return ScanResult(sites, stats)
