"""The index of a tree's wrappers made whole, between the two passes of a scan
(``migrate/scan/scan.py``): the implementers of their classes' interfaces, and the wrappers of
wrappers.

The first pass finds each function whose own Stripe call takes values from its parameters. A
function that calls such a wrapper with its own parameters (a gateway class over the project's
helper module: ``create_checkout(self, price_id, customer)`` calling
``sdk.create_session(price=price_id, ...)``) is a wrapper too, and so is one calling it, up to
``DEPTH`` levels: the files that can hold such a call are read for them, level by level (a file
is parsed only when it calls a wrapper of the last level with an argument that names something
it declared before the call; the calls themselves are read as the second pass reads them,
``migrate/scan/wrappers.py``). After each level the implementers of the new wrappers' interfaces
are counted, as the first pass's are.
"""

from __future__ import annotations

import re
from typing import Final

from migrate.readers.limits import too_large
from migrate.scan.classes import implementers
from migrate.scan.file_scan import parse
from migrate.scan.lang import extractor_for
from migrate.scan.patterns import language_for
from migrate.scan.source import Skipped, read_source
from migrate.scan.wrapper_index import (
    Wrapper,
    WrapperIndex,
    calls_family,
    mock_file,
    test_file,
    test_source,
)
from migrate.scan.wrappers import DEPTH, composed_wrappers


def complete(listing: list[str], index: WrapperIndex) -> None:
    """Count the implementers of the wrappers' interfaces in the files of a scan, then add
    the wrappers of wrappers those files define (and count their interfaces' implementers),
    level by level, up to ``DEPTH``."""
    counted: set[tuple[str, str]] = set()
    count_implementers(listing, index, counted)
    fresh = [w for ws in index.by_name.values() for w in ws]
    for _ in range(DEPTH - 1):
        fresh = [w for w in fresh if w.depth < DEPTH]
        if not fresh:
            return
        fresh = _level(listing, index, fresh)
        if fresh:
            count_implementers(listing, index, counted)


def count_implementers(
    listing: list[str], index: WrapperIndex, counted: set[tuple[str, str]] | None = None
) -> None:
    """Count, in the files of a scan, the classes that implement an interface of a wrapper's
    class (a receiver declared as the interface reaches the wrapper only when its class is the
    one implementer). Only files of the wrapper's language that name the interface are read;
    for a Go method, those that name the method (Go's interfaces are found by their methods:
    :meth:`~migrate.scan.wrapper_index.WrapperIndex.count_go`). A test's or a mock's file (by
    its path, or a Java or C# file importing a test framework) defines none: it never runs in
    the program. ``counted``: the (family, name) pairs counted already (skipped; updated)."""
    done = counted if counted is not None else set()
    wanted = {
        family: {n for n in names if (family, n) not in done}
        for family, names in index.interfaces().items()
    }
    methods = {n for n in index.go_methods() if ("go", n) not in done}
    done.update((family, n) for family, names in wanted.items() for n in names)
    done.update(("go", n) for n in methods)
    if not any(wanted.values()) and not methods:
        return
    for path in listing:
        language = language_for(path)
        if language is None:
            continue
        family = language.family
        names = methods if family == "go" else wanted.get(family)
        if not names or mock_file(path):
            continue
        try:
            data = read_source(path)
        except (Skipped, OSError):
            continue
        named = [name for name in names if name.encode() in data]
        if not named or test_source(data, family):
            continue
        text = data.decode("utf-8", errors="replace")
        if family == "go":
            index.count_go(path, text, named)
        else:
            index.count(implementers(text, family, names))


def _level(listing: list[str], index: WrapperIndex, fresh: list[Wrapper]) -> list[Wrapper]:
    """The wrappers the calls of ``fresh`` wrappers in other files than theirs make (added to
    ``index``): those of their own file were made with them, when it was read for them."""
    part = _part(index, fresh)
    homes = {w.file for w in fresh}
    families = {calls_family(w.family) for w in fresh}
    known = {w.place for ws in index.by_name.values() for w in ws}
    made: list[Wrapper] = []
    for path in listing:
        language = language_for(path)
        if language is None or calls_family(language.family) not in families or test_file(path):
            continue
        try:
            data = read_source(path)
        except (Skipped, OSError):
            continue
        others = part if path not in homes else _part(index, [w for w in fresh if w.file != path])
        if not others or not others.mentioned(data):
            continue
        text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        if not _passes_own(text, others.names_in(text)):
            continue
        try:
            root = parse(text, language)
            found = composed_wrappers(
                root, language, extractor_for(language.family), text=text, path=path, index=others
            )
        except Exception as exc:
            if not too_large(exc):
                raise
            continue  # the second pass reports it
        for wrapper in found:
            if wrapper.place not in known:
                known.add(wrapper.place)
                index.add(wrapper)
                made.append(wrapper)
            elif wrapper.raw and index.prefer(wrapper):
                made.append(wrapper)
    return made


def _part(index: WrapperIndex, wrappers: list[Wrapper]) -> WrapperIndex:
    """An index of some wrappers, with what ``index`` counted of the tree's implementers."""
    part = WrapperIndex(implementers=index.implementers, methods=index.methods)
    for wrapper in wrappers:
        part.add(wrapper)
    return part


_ARGUMENTS: Final = 2000
"""How far after a wrapper's name its arguments are looked for."""
_IDENTIFIER: Final = re.compile(r"[$@]?[A-Za-z_]\w*")


def _passes_own(text: str, names: set[str]) -> bool:
    """Whether a text may call one of the wrappers ``names`` with a value of the function it
    is in: the arguments after a name (to the closing parenthesis, or the end of the line
    when there is none: a Ruby call) name something the text names first before the call, and
    not in the arguments of such a call (a parameter is declared before its function's
    calls). A cheap test before a parse: a call with literals only, or with names the text
    holds nowhere before it, makes no wrapper."""
    calls: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for name in names:
        for found in re.finditer(rf"(?<![\w$]){re.escape(name)}(?![\w$])", text):
            start, arguments = _arguments(text, found.end())
            calls.append((found.start(), arguments))
            spans.append((start, start + len(arguments)))
    first: dict[str, int] = {}
    for at, arguments in calls:
        for word in set(_IDENTIFIER.findall(arguments)):
            if word not in first:
                seen = re.search(rf"(?<![\w$]){re.escape(word)}(?![\w$])", text)
                first[word] = seen.start() if seen is not None else len(text)
            where = first[word]
            if where < at and not any(s <= where < e for s, e in spans):
                return True
    return False


def _arguments(text: str, at: int) -> tuple[int, str]:
    """Where the arguments of a call whose callee ends at ``at`` start, and their text."""
    rest = text[at : at + _ARGUMENTS]
    opened = re.match(r"\s*\(", rest)
    if opened is None:
        return at, rest.split("\n", 1)[0]
    depth = 0
    for end, char in enumerate(rest):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return at + opened.end(), rest[opened.end() : end]
    return at + opened.end(), rest[opened.end() :]
