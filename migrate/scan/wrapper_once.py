"""A caller's argument with effects, read once: bound to a local before the Dodo call.

At a call of a wrapper, the caller's argument is written where the wrapper uses its parameter
(migrate/scan/wrapper_args.py). An argument that awaits, calls or makes something
(``go(await request.json())``, ``handler(make_params())``, ``next(it)``) written into each of
several uses would run each time: a request body read twice throws on the second read. Where
the suggested call writes such an argument more than once, it is bound once, to a local named
after the parameter (``const body = await request.json();``, ``body = await request.json()``)
written before the call, and the uses read the local. A plain name, member, index or literal
argument stays inline: reading it again gives the same value, and an argument written once is
read once. The site's params and run-time values keep the caller's text (a wrapper the caller
makes of its own function reads them); only the suggestion reads the local."""

from __future__ import annotations

import functools
import re
from typing import Any, Final, NamedTuple

from ast_grep_py import SgNode

from migrate.scan.extract import DYNAMIC, file_cache, is_dynamic, start

_EFFECT: Final = re.compile(r"\bawait\b|\byield\b|\bnew\s|[\w\])]\s*\(")
"""Code that may do something each time it runs: an await, a yield, a construction or a call."""
_PURE_CALL: Final = re.compile(
    r"\.(?:(?:get|is|has)[A-Z_]\w*|to[Ss]tring|ToString|trim|strip|lower|upper"
    r"|to(?:Lower|Upper)Case)\(\s*\)"
)
"""A call that reads and gives a value back, doing nothing else: a getter (``order.getTotal()``),
a conversion or a trim. Written again, it gives the same value."""
_STRINGS: Final = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`")
_NAME: Final = re.compile(r"^[$]?[A-Za-z_]\w*$")
_WORDS: Final = re.compile(r"(?<![\w$.])[$]?[A-Za-z_]\w*")
"""A name the caller's code may bind (not a member read: ``.origin``)."""
_BINDINGS: Final = {
    "python": "{name} = {code}",
    "node": "const {name} = {code};",
    "ruby": "{name} = {code}",
    "php": "{name} = {code};",
    "go": "{name} := {code}",
    "java": "var {name} = {code};",
    "kotlin": "val {name} = {code}",
    "csharp": "var {name} = {code};",
}
"""How each family binds a local (an untyped one where the language infers its type)."""


class Once(NamedTuple):
    """An argument to read once: its code, the local that holds it, the statement binding it."""

    code: str
    name: str
    binding: str


def read_once(
    bound: dict[str, tuple[Any, str]], family: str, call: SgNode, text: str
) -> tuple[Once, ...]:
    """The arguments of ``bound`` that have effects, each with a local of its parameter's
    name (numbered when the text of the function the ``call`` is in, or the file's ``text``,
    uses that name) and the statement binding it."""
    template = _BINDINGS.get(family)
    if template is None or not bound:
        return ()
    found: list[Once] = []
    taken: set[str] | None = None
    mine: set[str] = set()
    for param, (value, _) in bound.items():
        if not _effects(value) or not _NAME.match(param):
            continue
        if taken is None:
            taken, mine = taken_at(call, text, "once")
        name = _free(param, taken)
        taken.add(name)
        mine.add(name)
        code = str(value[DYNAMIC]).strip()
        found.append(Once(code, name, template.format(name=name, code=code)))
    return tuple(found)


def read_in(call: str, once: tuple[Once, ...]) -> tuple[str, list[str]]:
    """``call`` (a suggested call's code) with each argument of ``once`` it writes more than
    once read from its local, and the statements binding the locals it reads."""
    bindings: list[str] = []
    for arg in once:
        code = re.escape(arg.code)
        pattern = re.compile(rf"(?P<call>[\w$\])>])?\(\s*{code}\s*\)|(?<![\w$.]){code}(?![\w$])")
        if len(pattern.findall(call)) < 2:
            continue
        call = pattern.sub(functools.partial(_local, name=arg.name), call)
        bindings.append(arg.binding)
    return call, bindings


def _local(m: re.Match[str], name: str) -> str:
    """The local ``name`` in place of a match of an argument's code: in parentheses where
    they are a call's (``String.valueOf(String.valueOf(x))``: ``String.valueOf(seats)``),
    without them where they only group the argument (``(await request.json()).price``)."""
    before = m.group("call")
    return f"{before}({name})" if before is not None else name


def caller_text(call: SgNode, text: str) -> str:
    """The text of the function the call is in (the file's, outside any): the names a local
    bound before the call must not take."""
    function = _caller(call)
    return function.text() if function is not None else text


def _caller(call: SgNode) -> SgNode | None:
    for node in call.ancestors():
        kind = node.kind()
        if ("function" in kind or "method" in kind) and not _USE.search(kind):
            return node
        if kind in ("func_literal", "lambda"):
            return node
    return None


_USE: Final = re.compile(r"invocation|call|reference|type")
"""Kinds naming a function that are no function (Java's ``method_invocation``, a method
reference, Kotlin's ``function_type``): the text of the function the call is in is not theirs."""


def taken_at(call: SgNode, text: str, purpose: str) -> tuple[set[str], set[str]]:
    """The names a local bound before ``call``'s Dodo call must not take: those of the function
    it is in (:func:`caller_text`) and those the other Dodo calls of that function bind before
    theirs (two calls of a wrapper in one function each binding ``course``: the second's is
    ``course2``); and the set of this call's own (for ``purpose``: an argument read once, a
    wrapper's statement), which the function's other calls see: a name taken goes in both."""
    function = _caller(call)
    key = ("bound-in-function", start(function) if function is not None else -1)
    bound: dict[tuple[int, str], set[str]] = file_cache(call).setdefault(key, {})
    mine = bound[(start(call), purpose)] = set()
    others = [names for at, names in bound.items() if at != (start(call), purpose)]
    return set(_WORDS.findall(caller_text(call, text))).union(*others), mine


def effects(code: str) -> bool:
    """Whether ``code`` may do something each time it runs (:data:`_EFFECT`, or a Kotlin call
    of a trailing lambda: ``items.sumOf { it.cents }``)."""
    code = _PURE_CALL.sub("", _STRINGS.sub('""', code))
    return bool(_EFFECT.search(code) or re.search(r"\w\s*\{", code))


def chooses(code: str) -> bool:
    """Whether ``code`` chooses between values (Python's ``a if c else b``, Kotlin's ``if (c) a
    else b``, the C family's ``c ? a : b``; not ``?.`` nor ``??``): written into each value
    that reads it, the choice is made twice, and a type checker no longer narrows it (``(x if
    c else None)["id"]`` under ``if (x if c else None)``)."""
    code = _STRINGS.sub('""', code)
    return bool(_CHOICE.search(code))


_CHOICE: Final = re.compile(r"\bif\b[\s\S]*\belse\b|(?<![?.])\?(?![?.:])[\s\S]*:")


def _effects(value: Any) -> bool:
    """Whether an argument's value is code that may do something each time it runs."""
    if not is_dynamic(value) or len(value) != 1:
        return False
    code = _PURE_CALL.sub("", _STRINGS.sub('""', str(value[DYNAMIC])))
    return bool(_EFFECT.search(code))


def _free(param: str, taken: set[str]) -> str:
    """The parameter's name, numbered when the caller's text uses it already."""
    if param not in taken:
        return param
    n = 2
    while f"{param}{n}" in taken:
        n += 1
    return f"{param}{n}"


__all__ = ["Once", "caller_text", "chooses", "effects", "read_in", "read_once"]
