"""Walk files and folders, find Checkout code, and translate each creation call.

A file is parsed only when its bytes name Stripe (``names_stripe``). Folders are walked as every
command walks them (``migrate/readers/files.py``): in name order, skipping hidden folders, vendored
folders (``node_modules``, ``vendor``, virtualenvs) and what ``.gitignore`` files exclude.
Markdown files are read fence by fence, HTML files script by script and Astro pages by their
frontmatter, each in its own
language. Problems (an unreadable file, a missing path) are recorded in ``ScanStats`` as
one-line messages; the scan goes on. With ``jobs`` > 1 the files are read and parsed in worker
processes; the result is the same, in the same order.

A tree is read in two passes, each file parsed once. The first reads every file: the wrappers of
a creation it defines (:class:`~migrate.scan.wrappers.WrapperIndex`) and its sites as if the
tree had no other wrappers, which wait on disk (memory stays flat). The second hands the sites
on in order; a file that names one of the tree's wrappers (or that the first pass could not
read) is scanned again with the whole index, as are the files that do not name Stripe but call
a wrapper.
"""

from __future__ import annotations

import os
import pickle
import re
import tempfile
import traceback
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Final

from migrate.display import shown_path
from migrate.errors import tracebacks_wanted
from migrate.mapping.table import cache_dir, load_table
from migrate.mapping.translate import Options
from migrate.mapping.webhooks import load_events
from migrate.readers.files import read_head, walk_files
from migrate.readers.limits import too_large
from migrate.scan import project_files
from migrate.scan.config import config_format, is_config, scan_config
from migrate.scan.file_scan import (
    file_wrappers,
    parse,
    scan_source,
    scan_text,
    wrapper_sites,
)
from migrate.scan.patterns import SUFFIXES, is_shell_script, language_for
from migrate.scan.result import ScanResult
from migrate.scan.scan_cache import ScanCache, watching
from migrate.scan.site import CallSite, ScanStats, internal_problem, site_kind
from migrate.scan.source import Skipped, read_source, special_kind
from migrate.scan.spill import Ref, Spilled, pickled
from migrate.scan.stripe_named import forget_projects, may_name_stripe, names_stripe
from migrate.scan.symbols import forget_go_modules
from migrate.scan.tree_constants import use_tree
from migrate.scan.words import Part, SharedWords, Words, shared_words, word_counts
from migrate.scan.wrapper_compose import complete
from migrate.scan.wrapper_index import Wrapper, WrapperIndex
from migrate.support.workers import OrderedPool

__all__ = ["CallSite", "ScanStats", "files", "scan_paths", "scan_source", "scan_text", "site_kind"]
"""``CallSite`` and ``site_kind`` live in ``migrate/scan/site.py``, ``scan_source`` and
``scan_text`` in ``migrate/scan/file_scan.py``; the scan hands them on."""


PARALLEL_MIN_FILES: Final = 200
"""Below this many files, starting worker processes costs more than it saves."""
BATCH_FILES: Final = 32
"""Files per task sent to a worker process."""


# -- the whole scan ---------------------------------------------------------------------------


def scan_paths(
    paths: Iterable[str],
    *,
    stats: ScanStats | None = None,
    options: Options | None = None,
    jobs: int = 1,
    cache: bool = False,
) -> Iterator[CallSite]:
    """Every site in ``paths`` (files or folders), file by file, in source order.

    With ``jobs`` > 1 and a tree of at least ``PARALLEL_MIN_FILES`` files, batches of files are
    read and parsed in worker processes; the sites come back in the same order as a serial
    scan. A worker that dies costs only the file it was on (a problem); see
    :class:`~migrate.support.workers.OrderedPool`. ``cache``: the first pass over a tree keeps
    each file's result in the cache folder and uses those of earlier scans that still hold
    (``migrate/scan/scan_cache.py``): the same sites, sooner."""
    stats = stats if stats is not None else ScanStats()
    walked = ScanStats()
    listing = list(files(paths, walked))  # walked once, for both passes: paths, not contents
    stats.problems.extend(walked.problems)
    forget_go_modules()  # the go.mod and .NET project files above the files, as they are now
    forget_projects()
    project_files.forget()
    if len(listing) <= 1:  # no other file: no wrappers of the tree
        for path in listing:
            stats.files += 1
            yield from _scan_one(path, options, stats)
        return
    use_tree(listing)  # the constants other files declare (read when a file names one)
    try:
        store = ScanCache.at(cache_dir(), options) if cache else None
        yield from _scan_tree(listing, options, stats, jobs, store)
        if store is not None:
            store.prune()
    finally:
        use_tree(())


def _scan_tree(
    listing: list[str],
    options: Options | None,
    stats: ScanStats,
    jobs: int,
    store: ScanCache | None = None,
) -> Iterator[CallSite]:
    jobs = jobs if jobs > 1 and len(listing) >= PARALLEL_MIN_FILES else 1
    if jobs > 1:
        load_table(), load_events()  # once here, inherited by forked workers
    if store is not None:
        store.projects(listing)
    tree = store.tree_key(listing) if store is not None else b""
    if store is not None:
        store.tree = tree
    shared = store.shared_words(tree) if store is not None else None
    if shared is None:
        shared = _shared_in_workers(listing, jobs) if jobs > 1 else shared_words(listing)
        if store is not None:
            store.keep_shared_words(tree, shared)
    with tempfile.TemporaryDirectory(prefix="stripe2dodo-scan-") as folder:
        looks, index = _first_pass(listing, options, shared, jobs, folder, store=store)
        count_implementers(listing, index)
        yield from _second_pass(
            listing, looks, index, options=options, stats=stats, jobs=jobs, store=store, tree=tree
        )


def _shared_in_workers(listing: list[str], jobs: int) -> SharedWords:
    """:func:`~migrate.scan.words.shared_words` in ``jobs`` processes, batch by batch."""
    total = Words()
    workers: OrderedPool[str, Part] = OrderedPool(jobs, _words_batch, lambda path: [(set(), set())])
    try:
        for start in range(0, len(listing), BATCH_FILES):
            workers.submit(listing[start : start + BATCH_FILES])
        while workers.pending:
            for part in workers.next_results():
                total.add(part)
    finally:
        workers.shutdown()
    return total.shared()


def _words_batch(paths: list[str]) -> list[Part]:
    return [word_counts(paths)]


# -- the first pass: each file parsed once ----------------------------------------------------

_AGAIN: Final = 0
"""The second pass scans the file (the first could not read or parse it)."""
_UNNAMED: Final = 1
"""A file that does not name Stripe: the second pass reads its calls to the tree's wrappers."""
_SCANNED: Final = 2
"""Scanned as if the tree had no other wrappers: kept unless it names one of them."""
_FIXED: Final = 3
"""Scanned, and the tree's wrappers play no part in it (configuration, Markdown, HTML, shell)."""

_Look = tuple[int, "Ref | None"]
"""What the first pass made of a file: one of ``_AGAIN``..``_FIXED`` and where its sites are."""
_Found = tuple[list[Wrapper], int, "Ref | None"]


def _first_pass(
    listing: list[str],
    options: Options | None,
    shared: SharedWords,
    jobs: int,
    folder: str,
    *,
    store: ScanCache | None = None,
) -> tuple[list[_Look], WrapperIndex]:
    """Each file read, parsed once and scanned (its sites written to a spill file under
    ``folder``), in ``jobs`` processes; the index of the tree's wrappers, in the order of the
    files, as one process would find them."""
    index = WrapperIndex()
    looks: list[_Look] = []

    def add(found: list[_Found]) -> None:
        for wrappers, kind, ref in found:
            for wrapper in wrappers:
                index.add(wrapper)
            looks.append((kind, ref))

    _worker_first(options, shared, folder, store)
    try:
        # what the cache keeps is read here, before any worker starts: only the other files
        # are scanned (in workers with jobs, where a file that kills its process costs only
        # itself)
        kept = {n: k for n, path in enumerate(listing) if (k := _kept(path, shared, store))}
        rest = [path for n, path in enumerate(listing) if n not in kept]
        made = iter(
            _first_batch(rest)
            if jobs == 1 or not rest
            else _first_in_workers(rest, options, shared, folder, store=store, jobs=jobs)
        )
        add([kept[n] if n in kept else next(made) for n in range(len(listing))])
    finally:
        _spill_close()
    return looks, index


def _first_in_workers(
    listing: list[str],
    options: Options | None,
    shared: SharedWords,
    folder: str,
    *,
    store: ScanCache | None,
    jobs: int,
) -> list[_Found]:
    """:func:`_first_batch` of ``listing`` in ``jobs`` worker processes, in order."""
    found: list[_Found] = []
    workers: OrderedPool[str, _Found] = OrderedPool(
        jobs,
        _first_batch,
        lambda path: [([], _AGAIN, None)],
        initializer=_worker_first,
        initargs=(options, shared, folder, store),
    )
    try:
        for start in range(0, len(listing), BATCH_FILES):
            workers.submit(listing[start : start + BATCH_FILES])
        while workers.pending:
            found.extend(workers.next_results())
    finally:
        workers.shutdown()
    return found


_FIRST: list[tuple[Options | None, SharedWords, str, ScanCache | None]] = []
"""A first-pass worker's options, the words shared by files of the tree, the spill folder and
the scan's cache (set once, when it starts)."""
_SPILL: list[IO[bytes]] = []
"""The spill file a process of the first pass writes (opened on its first file)."""


def _worker_first(
    options: Options | None, shared: SharedWords, folder: str, store: ScanCache | None = None
) -> None:
    _FIRST[:] = [(options, shared, folder, store)]
    _SPILL.clear()


def _spill_close() -> None:
    for handle in _SPILL:
        handle.close()
    _SPILL.clear()


def _first_batch(paths: list[str]) -> list[_Found]:
    options, shared, _folder, store = _FIRST[0]
    out: list[_Found] = []
    for path in paths:
        wrappers, kind, blob = _cached_look(path, options, shared, store)
        out.append((wrappers, kind, None if blob is None else _spill(blob)))
    if _SPILL:
        _SPILL[0].flush()
    return out


def _kept(path: str, shared: SharedWords, store: ScanCache | None) -> _Found | None:
    """A file's first pass as the cache keeps it (its sites copied to this process's spill
    file), or None: a file to scan."""
    if store is None:
        return None
    try:
        data = read_source(path)
    except (Skipped, OSError):
        return None
    if _unnamed(path, data):  # nothing to keep: as cheap as a look in the cache
        return [], _UNNAMED, None
    hit = store.get(store.key(path, data), shared)
    if hit is None:
        return None
    (wrappers, kind), blob = hit
    return wrappers, kind, _spill(blob)


def _spill(blob: bytes) -> Ref:
    """Where ``blob`` (a file's sites, pickled) is written in this process's spill file."""
    if not _SPILL:
        _options, _shared, folder, _store = _FIRST[0]
        _SPILL.append((Path(folder) / f"{os.getpid()}.spill").open("wb"))
    handle = _SPILL[0]
    ref = (handle.name, handle.tell())
    handle.write(blob)
    return ref


def _cached_look(
    path: str, options: Options | None, shared: SharedWords, store: ScanCache | None
) -> tuple[list[Wrapper], int, bytes | None]:
    """:func:`_look`, its sites pickled, and kept in ``store`` (a file :func:`_kept` did not
    find there)."""
    try:
        data = read_source(path)
    except (Skipped, OSError):
        return [], _AGAIN, None  # the second pass reports it
    if store is None:
        wrappers, kind, sites = _look(path, data, options, shared)
        return wrappers, kind, None if sites is None else pickled(sites)
    key = store.key(path, data)
    with watching(shared) as (words, asked):
        wrappers, kind, sites = _look(path, data, options, words)
    if sites is None:
        return wrappers, kind, None
    blob = pickled(sites)
    if kind != _AGAIN:
        store.put(key, asked, (wrappers, kind), blob)
    return wrappers, kind, blob


def _unnamed(path: str, data: bytes) -> bool:
    """A file that is no configuration file and does not name Stripe: the first pass leaves
    it to the second (which reads its calls to the tree's wrappers)."""
    return not names_stripe(data, path) and config_format(Path(path)) is None


def _look(
    path: str, data: bytes, options: Options | None, shared: SharedWords
) -> tuple[list[Wrapper], int, list[CallSite] | None]:
    """The first pass over one file (its bytes ``data``): the wrappers it defines that
    another file can name, what the second pass does with it, and its sites when they are
    known."""
    if _unnamed(path, data):
        return [], _UNNAMED, None
    fmt = config_format(Path(path))
    if fmt is not None:
        text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        return [], _FIXED, list(scan_config(text, path, fmt, options.ids if options else None))
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    language = language_for(path)
    try:
        if language is None or language.family == "shell":
            return [], _FIXED, list(scan_text(text, path, options=options))
        root = parse(text, language)
        creates = _may_create(data, path)
        wrappers = file_wrappers(text, path, language, shared, root=root) if creates else []
    except Exception:  # too large, or a bug: the second pass reads it again and reports it
        return [], _AGAIN, None
    try:
        sites = list(scan_source(text, path, language, options=options, root=root))
    except Exception:
        return wrappers, _AGAIN, None
    return wrappers, _SCANNED, sites


# -- the second pass: the sites in order ------------------------------------------------------


def _second_pass(
    listing: list[str],
    looks: list[_Look],
    index: WrapperIndex,
    *,
    options: Options | None,
    stats: ScanStats,
    jobs: int,
    store: ScanCache | None = None,
    tree: bytes = b"",
) -> Iterator[CallSite]:
    """The sites of every file in order: those the first pass wrote, or, for a file that names
    one of the tree's wrappers (and those it could not read), a scan with the whole index (in
    ``jobs`` processes; from ``store`` when a scan of the same tree, ``tree``, made it)."""
    again = [_again(path, kind, index) for path, (kind, _) in zip(listing, looks, strict=True)]
    paths = [p for p, a in zip(listing, again, strict=True) if a]
    parts = _rescans(paths, options, index, jobs, store=store, tree=tree)
    spilled = Spilled()
    try:
        for (_, ref), rescan in zip(looks, again, strict=True):
            stats.files += 1
            if rescan:
                found, part = next(parts)
                stats.parsed += part.parsed
                stats.problems.extend(part.problems)
                yield from found
            elif ref is not None:
                stats.parsed += 1
                yield from spilled.load(ref)
    finally:
        spilled.close()
        parts.close()


def _again(path: str, kind: int, index: WrapperIndex) -> bool:
    """Whether the second pass scans a file: the first could not, or the file names one of the
    tree's wrappers (a call to it may be a creation) while the first scan knew none of them.
    A name is looked for as bytes anywhere in the file: a file without it calls no wrapper of
    that name, so its first scan stands."""
    if kind == _AGAIN:
        return True
    if kind == _FIXED or not index:
        return False
    try:
        data = read_source(path)
    except (Skipped, OSError):
        return True  # gone since: the scan reports it
    if kind == _UNNAMED:
        return index.mentioned(data)
    return index.named_in(data)


_Part = tuple[list[CallSite], ScanStats]
"""What a scan of one file gives the second pass: its sites, and what it saw."""


def _rescans(
    paths: list[str],
    options: Options | None,
    index: WrapperIndex,
    jobs: int,
    *,
    store: ScanCache | None = None,
    tree: bytes = b"",
) -> Generator[_Part, None, None]:
    """:func:`_scans`, each from ``store`` when a scan of the same tree (``tree``) kept it."""
    if store is None:
        yield from _scans(paths, options, index, jobs)
        return
    keys = [_rescan_key(store, tree, path) for path in paths]
    kept = {n for n, key in enumerate(keys) if key is not None and store.get(key) is not None}
    made = _scans([p for n, p in enumerate(paths) if n not in kept], options, index, jobs)
    try:
        for n, (path, key) in enumerate(zip(paths, keys, strict=True)):
            hit = store.get(key) if n in kept and key is not None else None
            if hit is not None:
                (parsed, problems), blob = hit
                sites: list[CallSite] = pickle.loads(blob)
                yield sites, ScanStats(parsed=parsed, problems=list(problems))
                continue
            if n in kept:  # removed since: scanned here
                part = ScanStats()
                yield list(_scan_one(path, options, part, index)), part
                continue
            found, part = next(made)
            if key is not None:
                store.put(key, [], (part.parsed, part.problems), pickled(found))
            yield found, part
    finally:
        made.close()


def _rescan_key(store: ScanCache, tree: bytes, path: str) -> str | None:
    """The key of a file's scan with the whole index of the tree ``tree`` hashes."""
    try:
        data = read_source(path)
    except (Skipped, OSError):
        return None
    return store.key(f"\0again\0{path}", tree + data)


def _scans(
    paths: list[str], options: Options | None, index: WrapperIndex, jobs: int
) -> Generator[_Part, None, None]:
    """The scans of ``paths`` with the whole index, in order, in ``jobs`` processes (never here
    when there are workers: a file the first pass could not read may be one that kills the
    process scanning it)."""
    if jobs == 1 or not paths:
        for path in paths:
            part = ScanStats()
            found = list(_scan_one(path, options, part, index))
            yield found, part
        return
    # the index goes to each worker once (its start), not with every batch
    workers: OrderedPool[str, _Part] = OrderedPool(
        jobs, _scan_batch, _dead_worker, initializer=_worker_state, initargs=(options, index)
    )
    try:
        for start in range(0, len(paths), BATCH_FILES):
            workers.submit(paths[start : start + BATCH_FILES])
        while workers.pending:
            yield from workers.next_results()
    finally:
        workers.shutdown()


_STATE: list[tuple[Options | None, WrapperIndex | None]] = []
"""A worker's options and index of the tree's wrappers (set once, when it starts)."""


def _worker_state(options: Options | None, index: WrapperIndex | None) -> None:
    _STATE[:] = [(options, index)]


def _scan_batch(paths: list[str]) -> list[_Part]:
    options, index = _STATE[0]
    out: list[_Part] = []
    for path in paths:
        stats = ScanStats()
        out.append((list(_scan_one(path, options, stats, index)), stats))
    return out


def _dead_worker(path: str) -> list[_Part]:
    """A file whose worker process died (killed, out of memory, a crash in native code)."""
    problem = f"{path}: the scan of this file stopped its worker process: check it by hand"
    return [([], ScanStats(problems=[problem]))]


# -- one file ---------------------------------------------------------------------------------


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
    named = names_stripe(data, path)
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
    deep to read, or its scan raised (a bug: the problem says so, the exit code is 3): one
    such file never stops the scan of the others."""
    try:
        if calls_only and index is not None:
            return wrapper_sites(text, path, options, index)
        return list(scan_text(text, path, options=options, wrappers=index))
    except Exception as exc:
        if not too_large(exc):
            stats.problems.append(internal_problem(shown_path(path), exc))
            if tracebacks_wanted():
                traceback.print_exc()
            return []
        stats.problems.append(
            f"{shown_path(path)}: too large or nested too deep to read ({type(exc).__name__}): "
            "check this file by hand"
        )
        return []


def scannable(path: str | Path) -> bool:
    """Whether the scanner reads a file given by name: one of ``SUFFIXES``, an environment or
    configuration file, or a shell script without a suffix (its first bytes a shebang)."""
    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES or is_config(Path(path)):
        return True
    return not suffix and is_shell_script(read_head(str(path)))


# -- the wrappers of a tree (the first pass) --------------------------------------------------

CREATION_HINT: Final = re.compile(
    rb"[Cc]heckout(?:[./\\:_>-])*[Ss]ession|SessionService|SessionCreate|checkout/sessions"
)
"""Bytes a file must contain, besides ``PREFILTER``'s, to hold a Checkout Session creation (an
SDK call, a raw request to the endpoint): only those files (and those that can hold a call
around Checkout, ``_AROUND_HINTS``) are read for wrappers in the first pass."""


_AROUND_HINTS: Final = (
    b"aymentIntent",
    b"ayment_intent",
    b"aymentintent",
    b"etupIntent",
    b"etup_intent",
    b"etupintent",
    b"harge",
    b"ubscription",
    b"nvoice",
    b"eterEvent",
    b"eter_event",
    b"eterevent",
)
"""Bytes one of which a file must contain, besides ``PREFILTER``'s, to hold a call around
Checkout a wrapper can make (a PaymentIntent, a charge, a SetupIntent, a subscription's
creation or change, an invoice preview, a meter event: every SDK spells its name so; a usage
record names its subscription item)."""


_HOST: Final = b"api.stripe.com"
"""What a raw-HTTP wrapper's file holds (a request to a Stripe base joined to a parameter: its
calls name the endpoint)."""


def _may_create(data: bytes, path: str) -> bool:
    """``PREFILTER`` matches, and ``CREATION_HINT``, one of ``_AROUND_HINTS`` or ``_HOST`` does.
    Literal searches first: a creation names Stripe (its SDK, its host), and a regex without a
    literal prefix walks every byte."""
    if not may_name_stripe(data):
        return False
    hinted = (b"heckout" in data or b"Session" in data) and CREATION_HINT.search(data) is not None
    if not hinted and not any(hint in data for hint in _AROUND_HINTS) and _HOST not in data:
        return False
    return names_stripe(data, path)


def index_wrappers(paths: Sequence[str]) -> WrapperIndex:
    """The first pass of a scan: the wrappers of a creation the files under ``paths`` define
    (their signatures and params; no syntax tree is kept)."""
    return wrappers_of(files(paths, ScanStats()))


def wrappers_of(listing: Iterable[str], shared: SharedWords | None = None) -> WrapperIndex:
    """The wrappers the files of a scan define. Only files whose bytes can hold a creation
    (``CREATION_HINT``) are parsed, and in them only the calls named like one. Unreadable files
    are skipped here: the second pass reports them."""
    index = WrapperIndex()
    listing = list(listing)
    for path in listing:
        for wrapper in _wrappers_at(path, shared):
            index.add(wrapper)
    count_implementers(listing, index)
    return index


def count_implementers(listing: list[str], index: WrapperIndex) -> None:
    """Make the index of a tree's wrappers whole: count, in the files of a scan, the classes
    that implement an interface of a wrapper's class (a receiver declared as the interface
    reaches the wrapper only when its class is the one implementer; a test's or a mock's
    class never runs in the program), and add the wrappers of wrappers those files define
    (``migrate/scan/wrapper_compose.py``)."""
    complete(listing, index)


def _wrappers_at(path: str, shared: SharedWords | None = None) -> list[Wrapper]:
    """The wrappers one file of a scan defines (none when it cannot be read)."""
    try:
        data = read_source(path)
    except (Skipped, OSError):
        return []
    if not _may_create(data, path):
        return []
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    language = language_for(path)
    if language is None or language.family == "shell":
        return []
    try:
        return file_wrappers(text, path, language, shared)
    except Exception:  # the second pass reports the file
        return []


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
    cache: bool = False,
) -> ScanResult:
    """Scan ``paths``: every site under them, and what the scan looked at. ``on_problem`` also
    gets each unreadable path's one-line message (the CLI prints them on stderr). ``cache``:
    as :func:`scan_paths`."""
    stats = ScanStats()
    sites = tuple(scan_paths(paths, stats=stats, options=options, jobs=jobs, cache=cache))
    if on_problem is not None:
        for problem in stats.problems:
            on_problem(problem)
    return ScanResult(sites, stats)
