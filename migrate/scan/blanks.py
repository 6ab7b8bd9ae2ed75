"""Parse less of each file: the bodies of functions that cannot matter to the scan are blanked.

Most of a file that holds Stripe code is other code: the functions of a controller, a service or
a model that never name Stripe. Parsing them is most of what a first scan costs (tree-sitter
through ast-grep-py, and every later walk of the tree). :func:`blanked` gives the parser a text
in which the body of each such function is spaces: the same length and the same lines (every
offset, line and column of the rest is the same), so the parser skips it at the cost of reading
whitespace, and the scan reads the rest as it would read the whole.

A function body is blanked only when nothing in it can change what the scan reports:

* it holds nothing the scan looks for in a text (:data:`NEEDLES`: Stripe, its host, the names
  of Checkout, payments, subscriptions, invoices and webhook events, in any spelling a pattern
  or a search of the scan reads) and no call named as a pattern's callee ends (``create``,
  ``retrieve``... as words);
* nothing kept names it (the scan follows a call into a helper by its name), and it names
  nothing the kept code can see: no name the file declares outside function bodies (module
  constants, fields, properties, the names a wrapper's class keeps), no function kept, and
  no member of ``this`` / ``self`` the kept code reads. What it names only for itself (its
  locals, the members of its own values) is not looked at. Each body kept for one of these
  reasons is read in turn for what it names, until no more is kept.

Only outermost functions are blanked (a callback in a kept function is part of it): a function
whose body is indented deeper than its header, up to a closing line at the header's indentation
(``}`` for the brace languages; Python's next line at that indentation). A body that does not
read that way is kept: the cut is made only where the text's layout says where a function ends,
and is checked: a blanked text whose tree has a syntax error the parser reports is parsed again
whole (:func:`migrate.scan.file_scan.parse`). Ruby (bodies closed by ``end``) and shell are
parsed whole.

Used for the first pass of a tree's scan, where a file is read as if the tree had no other
wrappers (a file that names one is scanned again, whole, in the second pass).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from typing import Final

from migrate.scan.patterns import LANGUAGES

__all__ = ["NEEDLES", "blanked"]

NEEDLES: Final = (
    "tripe",
    "heckout",
    "ession",
    "aymentintent",
    "ayment_intent",
    "etupintent",
    "etup_intent",
    "harge",
    "ubscription",
    "nvoice",
    "eterevent",
    "eter_event",
    "customer.",
    "product.",
    "price.",
    "eventtype",
    "events.",
)
"""Text a blanked body may not hold, in any case: what the scan's searches of a file's text
start from (``PREFILTER``, ``CREATION_HINT``, the hints of calls around Checkout, the starts
of webhook event names and constants, the charges a retry loop makes, Stripe's host). A test
checks that every literal those searches need is matched here."""

_WORD: Final = re.compile(r"[A-Za-z_$][\w$]*")
_SELF_MEMBER: Final = re.compile(
    r"\b(?:this|self|cls|static|parent)\s*(?:\.|->|::|\?\.)\s*\$?(\w+)"
)
_IMPORT_LINE: Final = re.compile(
    r"^[ \t]*(?:import|from|using|use|package|namespace|require_once|require|include|"
    r"include_once)\b[^\n]*",
    re.MULTILINE,
)
_OPENS: Final = re.compile(r"\{[ \t]*\r?$", re.MULTILINE)
"""A line that ends by opening a block (a function's header, in the brace languages; a line
holding only ``{``: the header is the line before, as C# and PHP write it)."""
_PY_DEF: Final = re.compile(
    r"^([ \t]*)(?:async[ \t]+)?def[ \t]+(\w+)[ \t]*\([^\n]*\)[ \t]*(?:->[^\n:]*)?:"
    r"[ \t]*(?:#[^\n]*)?\r?$",
    re.MULTILINE,
)
_BLANK_FAMILIES: Final = frozenset({"python", "node", "go", "java", "kotlin", "csharp", "php"})

_RESERVED: Final = {
    "python": "False None True and as assert async await break class continue def del elif "
    "else except finally for from global if import in is lambda nonlocal not or pass raise "
    "return try while with yield self cls",
    "node": "break case catch class const continue debugger default delete do else export "
    "extends false finally for function if import in instanceof new null return super switch "
    "this throw true try typeof var void while with yield let static async await of undefined "
    "implements interface private protected public readonly declare abstract number string "
    "boolean any unknown never",
    "go": "break case chan const continue default defer else fallthrough for func go goto if "
    "import interface map package range return select struct switch type var nil true false "
    "string int int64 int32 error bool byte rune float64 uint any",
    "java": "abstract assert boolean break byte case catch char class const continue default do "
    "double else enum extends final finally float for goto if implements import instanceof int "
    "interface long native new package private protected public return short static strictfp "
    "super switch synchronized this throw throws transient try void volatile while true false "
    "null var String Override Long Integer Object",
    "kotlin": "as break class continue do else false for fun if in interface is null object "
    "package return super this throw true try typealias typeof val var when while catch "
    "constructor finally import init companion const enum final inline internal lateinit open "
    "operator override private protected public sealed suspend String Int Long Boolean Unit Any",
    "csharp": "abstract as base bool break byte case catch char checked class const continue "
    "decimal default delegate do double else enum event explicit extern false finally fixed "
    "float for foreach goto if implicit in int interface internal is lock long namespace new "
    "null object operator out override params private protected public readonly ref return "
    "sbyte sealed short sizeof stackalloc static string struct switch this throw true try "
    "typeof uint ulong unchecked unsafe ushort using virtual void volatile while var async "
    "await",
    "php": "abstract and array as break callable case catch class clone const continue declare "
    "default do echo else elseif empty extends final finally fn for foreach function global "
    "goto if implements include instanceof interface isset list match namespace new or print "
    "private protected public readonly require return static switch throw trait try unset use "
    "var while xor yield true false null self parent this",
}
"""The reserved words of each language (and its builtin types): naming one is not naming
something of the file. Words a program may also use as names (``data``, ``value``, ``type``)
are not in them."""


@dataclass(slots=True)
class _Unit:
    names: tuple[str, ...]
    """What its header names it (a function's name, the name it is bound to)."""
    start: int
    """Where the header's line starts (the unit is [start, end) of the text)."""
    body: int
    """Where the blanked lines start (the line after the header's opening)."""
    end: int
    """Where the closing line starts (kept)."""
    python: bool
    kept: bool = False
    owner: int | str | None = None
    """The class it is a method of (where its header starts; Go: its receiver's type)."""


def blanked(text: str, family: str) -> str:
    """``text`` with the bodies of the functions that cannot matter to the scan blanked
    (spaces, line breaks kept), or ``text`` itself when there is none."""
    if family not in _BLANK_FAMILIES or (family == "php" and "?>" in text):
        return text
    units = _units(text, family)
    if not units:
        return text
    hits = _hits(text, family)
    for unit in units:
        at = bisect.bisect_left(hits, unit.start)
        unit.kept = at < len(hits) and hits[at] < unit.end
    _owners(text, units, family)
    classes = {u.owner for u in units if u.kept and u.owner is not None}
    for unit in units:
        unit.kept = unit.kept or unit.owner in classes
    if all(u.kept for u in units):
        return text
    _keep_named(text, units, _reserved(family))
    cut = [u for u in units if not u.kept]
    if not cut:
        return text
    parts: list[str] = []
    at = 0
    for unit in cut:
        parts.append(text[at : unit.body])
        parts.append(_spaces(text[unit.body : unit.end], unit.python))
        at = unit.end
    parts.append(text[at:])
    return "".join(parts)


def _hits(text: str, family: str) -> list[int]:
    """Where the text holds one of :data:`NEEDLES`, or a pattern's callee's last name as a
    word, in order (a unit holding one is kept)."""
    hits: list[int] = []
    lowered = text.lower()  # the same offsets: a lower-cased character is one character
    if len(lowered) != len(text):
        return [0, len(text)]  # (not for every character outside ASCII: every unit kept)
    for needle in NEEDLES:
        at = lowered.find(needle)
        while at >= 0:
            hits.append(at)
            at = lowered.find(needle, at + 1)
    for tail in _tails(family):
        size = len(tail)
        at = text.find(tail)
        while at >= 0:
            if not _word_char(text, at - 1) and not _word_char(text, at + size):
                hits.append(at)
            at = text.find(tail, at + 1)
    hits.sort()
    return hits


def _word_char(text: str, at: int) -> bool:
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] in "_$")


def _keep_named(text: str, units: list[_Unit], reserved: frozenset[str]) -> None:
    """Keep the units the kept code names, or that name what it can see, until none is added."""
    outside: list[str] = []
    at = 0
    for unit in units:
        outside.append(text[at : unit.start])
        at = unit.end
    outside.append(text[at:])
    around = _IMPORT_LINE.sub("", "".join(outside))
    seen = set(_WORD.findall(around))  # what the kept code names (a unit is followed by name)
    named = seen - reserved  # what a unit may not name: the file's own names outside bodies
    words: dict[int, set[str]] = {}
    fresh = [u for u in units if u.kept]
    while True:
        for unit in fresh:  # what a kept unit names counts now
            span = text[unit.start : unit.end]
            seen.update(_WORD.findall(span))
            named.update(unit.names)
            named.update(_SELF_MEMBER.findall(span))
        fresh = []
        classes = {u.owner for u in units if u.kept and u.owner is not None}
        for n, unit in enumerate(units):
            if unit.kept:
                continue
            if unit.owner in classes:  # a class the scan reads is read whole
                unit.kept = True
                fresh.append(unit)
                continue
            own = words.get(n)
            if own is None:
                own = words[n] = set(_WORD.findall(text, unit.body, unit.end))
            if not seen.isdisjoint(unit.names) or not named.isdisjoint(own):
                unit.kept = True
                fresh.append(unit)
        if not fresh:
            return


def _owners(text: str, units: list[_Unit], family: str) -> None:
    """Set each unit's class: the scan reads a class's fields, constructor and methods by
    their roles (a request class's data and method methods; the state a wrapper method
    reads), so a class one of whose methods is kept is kept whole."""
    if family == "go":
        for unit in units:
            m = _GO_RECEIVER.match(text, unit.start)
            unit.owner = m.group(1) if m else None
        return
    spans: list[tuple[int, int]] = []
    for start, indent, end in _class_headers(text, family):
        stop = _shallower(indent).search(text, end)
        if stop is not None and _ALONE.match(text, stop.start() + 1):  # Allman: past its ``{``
            stop = _shallower(indent).search(text, stop.start() + 1)
        spans.append((start, len(text) if stop is None else stop.start()))
    if not spans:
        return
    starts = [start for start, _ in spans]
    for unit in units:
        at = bisect.bisect_right(starts, unit.start) - 1
        while at >= 0 and spans[at][1] <= unit.start:  # a class that ended before it
            at -= 1
        unit.owner = spans[at][0] if at >= 0 else None


def _class_headers(text: str, family: str) -> list[tuple[int, str, int]]:
    """Where each class's header line starts, its indentation and where the line ends, in
    order: a line that declares a class, an interface, an enum, a struct, a record, an object
    or a trait (modifiers before it); its body ends at the next line not indented deeper."""
    found: list[tuple[int, str, int]] = []
    for word in ("class", "interface", "enum", "struct", "record", "object", "trait"):
        at = text.find(word)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            line = text[start:end]
            m = (_PY_CLASS if family == "python" else _CLASS).match(line)
            if m is not None and m.start(2) == at - start:
                found.append((start, m.group(1), end))
            at = text.find(word, end)
    found.sort()
    return found


_CLASS: Final = re.compile(
    r"([ \t]*)(?:[\w@$]+[ \t]+)*?(class|interface|enum|struct|record|object|trait)[ \t]+[\w$]+"
    r"[^;]*$"
)
"""A class's header line (its ``{`` on the line or the next one)."""
_ALONE: Final = re.compile(r"[ \t]*\{[ \t]*\r?$", re.MULTILINE)
_PY_CLASS: Final = re.compile(r"([ \t]*)(class)[ \t]+\w+[^\n]*:[ \t]*(?:#[^\n]*)?\r?$")
_GO_RECEIVER: Final = re.compile(r"func\s*\(\s*(?:\w+\s+)?\*?\s*(\w+)")


_SPACES: Final = {c: " " for c in range(128) if chr(c) not in "\r\n"}


def _spaces(body: str, python: bool) -> str:
    """``body`` blanked: a space for each character but line breaks; a Python body keeps one
    statement (``0`` where its first line's text starts) so the function still parses."""
    out = body.translate(_SPACES)
    if not out.isascii():  # what the table does not map: characters outside ASCII
        out = "".join(c if c in "\r\n" else " " for c in body)
    if python:
        first = re.search(r"\S", body)
        if first is None:
            return body
        out = out[: first.start()] + "0" + out[first.start() + 1 :]
    return out


# -- where functions are ----------------------------------------------------------------------


def _units(text: str, family: str) -> list[_Unit]:
    """The outermost functions of ``text`` whose layout says where they end, in order (a
    header inside a function found before is not looked at)."""
    units: list[_Unit] = []
    at = 0
    python = family == "python"
    search = _PY_DEF.search if python else _OPENS.search
    while (m := search(text, at)) is not None:
        unit = _python_unit(text, m) if python else _brace_unit(text, m, family)
        if unit is None:
            at = m.end()
        else:
            units.append(unit)
            at = unit.end
    return units


def _python_unit(text: str, m: re.Match[str]) -> _Unit | None:
    body = m.end() + 1
    stop = _shallower(m.group(1)).search(text, m.end())
    end = len(text) if stop is None else stop.start() + 1
    if end > body and _whole(text, body, end):
        return _Unit((m.group(2),), m.start(), body, end, python=True)
    return None


def _brace_unit(text: str, m: re.Match[str], family: str) -> _Unit | None:
    start = text.rfind("\n", 0, m.start()) + 1
    indent = _INDENT.match(text, start).group()  # type: ignore[union-attr]
    if m.start() == start + len(indent):  # Allman: ``{`` alone, the header the line before
        if start == 0:
            return None
        head = text.rfind("\n", 0, start - 1) + 1
        header = text[head : start - 1]
        if not header.startswith(indent) or header[len(indent) : len(indent) + 1] in " \t\r":
            return None
    else:
        head, header = start, text[start : m.start()]
    names = _function_names(header.strip(), family)
    if not names:
        return None
    body = m.end() + 1
    stop = _shallower(indent).search(text, m.end())
    if stop is None or not text.startswith(indent + "}", stop.start() + 1):
        return None
    end = stop.start() + 1
    if end > body and _whole(text, body, end):
        return _Unit(names, head, body, end, python=False)
    return None


def _whole(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` closes every bracket and string it opens, as far as counts
    tell (a count that differs, a bracket or quote in a string, keeps the body)."""
    part = text[start:end]
    return (
        part.count("(") == part.count(")")
        and part.count("[") == part.count("]")
        and part.count("{") == part.count("}")
        and part.count('"""') % 2 == 0
        and part.count("'''") % 2 == 0
        and part.count("`") % 2 == 0
    )


_INDENT: Final = re.compile(r"[ \t]*")
_GO_FUNC: Final = re.compile(r"^func\s*(?:\([^()]*\)\s*)?(\w+)\s*(?:\[[^\]]*\]\s*)?\(")
_BOUND: Final = re.compile(r"([A-Za-z_$][\w$]*)\s*[:=](?![:=])")
_NOT_FUNCTION_WORDS: Final = (
    "if for while switch catch using lock fixed synchronized foreach when elseif else do try "
    "return new throw await yield with class interface enum struct record object trait impl "
    "namespace module"
)
_NOT_FUNCTION: Final = frozenset(_NOT_FUNCTION_WORDS.split(" "))


def _function_names(header: str, family: str) -> tuple[str, ...]:
    """The names a function's header gives it (its name; the name it is bound to; a callback's
    callee), or none for a header that is no function's (``if (...) {``, a class, an object
    literal, an anonymous function)."""
    if family == "go":
        m = _GO_FUNC.match(header)
        return (m.group(1),) if m else ()
    paren = header.find("(")
    if paren <= 0 or ")" not in header[paren:]:
        return ()
    before = header[:paren].rstrip()
    if before.endswith(">"):  # a generic method's type parameters: ``name<T>(``
        before = before[: before.rfind("<")].rstrip()
    words = _NOT_WORD.split(before)
    if not _NOT_FUNCTION.isdisjoint(words):
        return ()
    reserved = _reserved(family)
    names = [words[-1]] if words[-1] and words[-1] not in reserved else []
    if "=" in before or ":" in before:
        names.extend(b for b in _BOUND.findall(before) if b not in reserved)
    return tuple(names)


_NOT_WORD: Final = re.compile(r"[^\w$]+")


@cache
def _shallower(indent: str) -> re.Pattern[str]:
    """The line break before the next line with text that is not indented deeper than
    ``indent`` (searched from a line break: a literal first, which the search skips to)."""
    return re.compile(r"\n(?!" + re.escape(indent) + r"[ \t]|[ \t]*\r?(?:\n|$))")


@cache
def _tails(family: str) -> frozenset[str]:
    """The last names of the family's patterns' callees (a call named so is read)."""
    return frozenset(
        callee.rsplit(".", 1)[-1]
        for language in LANGUAGES
        if language.family == family
        for pattern in language.calls
        for callee in pattern.callees
    )


@cache
def _reserved(family: str) -> frozenset[str]:
    return frozenset(_RESERVED.get(family, "").split(" "))
