"""Where the calls worth reading are in a file: the calls in which the last name of one of its
language's patterns' callees starts (``create``, ``checkout``), found by searching the file's
text once per name rather than reading every call (``migrate/scan/file_scan.py`` reads them)."""

from __future__ import annotations

import bisect
from functools import cache

from ast_grep_py import SgNode

from migrate.scan.extract import file_cache
from migrate.scan.nodes import of_kind
from migrate.scan.patterns import CallPattern, Language


def candidates(root: SgNode, language: Language, text: str) -> list[SgNode]:
    """The calls of a file worth reading (of each of the language's kinds of call in turn, in
    source order): those in which the last name of one of its patterns' callees starts (read
    once per file)."""
    cache = file_cache(root)
    found: list[SgNode] | None = cache.get("candidates")
    if found is not None:
        return found
    tails = tuple(sorted(patterns_by_tail(language, language.calls)))
    found_spots = spots(text, tails)
    found = cache["candidates"] = []
    for kind in language.call_kinds if found_spots else ():
        for node in of_kind(root, kind):
            rng = node.range()
            at = bisect.bisect_left(found_spots, rng.start.index)
            if at < len(found_spots) and found_spots[at] < rng.end.index:
                found.append(node)
    return found


def spots(text: str, tails: tuple[str, ...]) -> list[int]:
    """Where the calls worth reading are: a call is read when one of ``tails`` (the last names
    of the patterns' callees, sorted) starts in it. A call's last name is in its text as
    written (the callee is only normalised around it), so no call that matches a pattern is
    left out; the file's text is searched once per tail, not the text of each call.

    The places are those ``re.finditer`` gives for the alternation of ``tails`` in their
    order (a tail that starts inside the one found before it is skipped), by ``str.find``, faster
    than a regular expression of alternatives. A tail that starts with another is left out:
    the other sorts before it and is found first wherever it is."""
    hits: list[tuple[int, int]] = []
    for tail in _searched(tails):
        at = text.find(tail)
        while at >= 0:
            hits.append((at, len(tail)))
            at = text.find(tail, at + 1)
    hits.sort()
    places: list[int] = []
    end = 0
    for at, size in hits:
        if at >= end:
            places.append(at)
            end = at + size
    return places


@cache
def _searched(tails: tuple[str, ...]) -> tuple[str, ...]:
    """The ``tails`` that do not start with another one."""
    return tuple(t for t in tails if not any(t != o and t.startswith(o) for o in tails))


_BY_TAIL: dict[tuple[str, tuple[CallPattern, ...]], dict[str, tuple[CallPattern, ...]]] = {}


def patterns_by_tail(
    language: Language, patterns: tuple[CallPattern, ...]
) -> dict[str, tuple[CallPattern, ...]]:
    """``patterns`` by the last name of their callees (``create``), in their order: a callee
    can only match a pattern one of whose callees ends with its own last name, so each call
    is tried against those only, not against every pattern of the language."""
    key = (language.name, patterns)
    found = _BY_TAIL.get(key)
    if found is None:
        tails = {c.rsplit(".", 1)[-1] for p in patterns for c in p.callees}
        found = {
            tail: tuple(p for p in patterns if any(c.rsplit(".", 1)[-1] == tail for c in p.callees))
            for tail in tails
        }
        _BY_TAIL[key] = found
    return found
