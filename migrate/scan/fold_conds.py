"""A condition made only of literals decided (``None is None``, ``'SAVE10' == null``, ``!null``).

A wrapper's choice whose condition reads its parameters (``None if coupon is None else [...]``)
is decided at a call that passes literals for them (or leaves them at a literal default): with
the caller's values written in, the condition is a small expression of literals, which this
module evaluates the way each language does. Anything else (a name, a call, an operator not
listed) is not decided: ``None``.
"""

from __future__ import annotations

import operator
import re
from typing import Any, Final

from migrate.scan.retry_values import closes_at_end, strip_parens
from migrate.scan.suggest_values import IS_SET, NOT_NULL

_NOTHING: Final = object()
"""Not a literal."""
NOT_LITERAL: Final = _NOTHING
"""What :func:`literal` gives for a text that is not a literal."""
_NULLS: Final = frozenset({"None", "null", "NULL", "nil", "undefined"})
_BOOLS: Final = {"True": True, "true": True, "TRUE": True, "False": False, "false": False}
_NUMBER: Final = re.compile(r"-?\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?(?P<suffix>[lLfFdDmM]|[uU][lL]?)?")
"""A number, with the digit separators most languages allow (``5_000``) and the type suffix
of Java, Kotlin and C# (``5L``, ``2.5f``, ``9.99m``)."""
_STRING: Final = re.compile(r"""'[^'\\]*'|"[^"\\$#{]*\"""")
_EMPTY: Final = re.compile(r"\[\s*\]|\{\s*\}|\(\s*\)|array\(\s*\)")
_COMPARE: Final = re.compile(
    r"\s+(is\s+not|is)\s+|\s*(===|!==|==|!=)\s*|\s*(?<![=!<>-])(>=|<=|>|<)(?![=>])\s*"
)
_ORDER: Final = {">": operator.gt, "<": operator.lt, ">=": operator.ge, "<=": operator.le}
_NOT: Final = re.compile(r"^(?:not\s+|!(?!=)\s*)")
_CALLS: Final = re.compile(
    r"^(is_null|empty|isset|string\.IsNullOrEmpty|string\.IsNullOrWhiteSpace)\(\s*(.+?)\s*\)$"
)
_MEMBER: Final = re.compile(
    r"^(?P<of>.+?)\s*(?P<op>\??\.)\s*(?P<name>HasValue|Value|Length)$", re.DOTALL
)
"""A member of a literal the condition can read: C#'s ``Nullable<T>`` ``HasValue`` and
``Value`` (``(5).HasValue``, once the caller's ``5`` is in), a text's ``Length``; through ``?.``
a null's member is null."""


def decide(text: str) -> bool | None:
    """Whether a condition of literals holds (True/False), or None when it is not one."""
    text = strip_parens(text)
    if not text or len(text) > 200:
        return None
    negated = _NOT.match(text)
    if negated is not None:
        rest = text[negated.end() :]
        if text.startswith("!") and literal(rest) is _NOTHING and not closes_at_end(rest):
            return None  # ``!a === b`` is ``(!a) === b``: not read
        inner = decide(rest)
        return None if inner is None else not inner
    # the operator that binds least first: `a || b && c` is `a || (b && c)`
    for word, short in ((" or ", True), (" and ", False), (" || ", True), (" && ", False)):
        if word in text:
            split = _split(text, word)
            if len(split) < 2:  # only inside brackets or quotes: the whole is something else
                continue
            parts = [decide(p) for p in split]
            if short in parts:  # one decides it (`null != null && null > 0`: false)
                return short
            return None if None in parts else not short
    not_null = NOT_NULL.match(text)
    if not_null is not None:  # `a ?? b` read as "a is not null"
        value = literal(not_null["what"])
        return None if value is _NOTHING else value is not None
    is_set = IS_SET.match(text)
    if is_set is not None:  # `a || b` read as "a is set": decided when `a` is plainly set or not
        value = literal(is_set["what"])
        if value is None or (value is not _NOTHING and value):
            return value is not None
        return None  # not a literal, or one that `||` and `??` read differently (0, "", false)
    called = _CALLS.match(text)
    if called is not None:
        value = literal(called.group(2))
        if value is _NOTHING:
            return None
        if called.group(1) == "is_null":
            return value is None
        if called.group(1) == "isset":
            return value is not None
        if called.group(1).startswith("string."):  # C#'s string.IsNullOrEmpty(null)
            if value is not None and type(value) is not str:
                return None
            blank = called.group(1).endswith("WhiteSpace")
            return not ((value or "").strip() if blank else value)
        return not _truthy(value)  # empty()
    if text.endswith(".nil?"):
        value = literal(text[: -len(".nil?")])
        return None if value is _NOTHING else value is None
    compared = list(_COMPARE.finditer(text))
    if len(compared) == 1:
        match = compared[0]
        left, right = literal(text[: match.start()]), literal(text[match.end() :])
        if left is _NOTHING or right is _NOTHING:
            return None
        if match.group(3):  # an order: of two numbers only (`14 > 0` at `f(14)`)
            numbers = all(type(v) in (int, float) for v in (left, right))
            if not numbers and None in (left, right) and "?." in text:
                return False  # C#'s lifted `null?.Length > 0`, JavaScript's `undefined > 0`
            return _ORDER[match.group(3)](left, right) if numbers else None
        op = re.sub(r"\s+", " ", match.group(1) or match.group(2))
        same = left == right and (type(left) is bool) == (type(right) is bool)
        if op in ("===", "!==") and left is None and right is None:
            same = strip_parens(text[: match.start()].strip()) == strip_parens(
                text[match.end() :].strip()
            )
        if op in ("==", "!=") and (left is None or right is None):
            same = left is right  # null == undefined, 0 != null
        return same if op in ("is", "==", "===") else not same
    if compared:
        return None
    value = literal(text)
    return None if value is _NOTHING else _truthy(value)


def literal(text: str) -> Any:
    """The value of a literal (``None``, ``true``, ``3``, ``'a'``, ``[]``), else ``_NOTHING``."""
    text = strip_parens(text)
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    number = _NUMBER.fullmatch(text)
    if number is not None:
        digits = text[: number.start("suffix")] if number["suffix"] else text
        digits = digits.replace("_", "")
        floating = "." in digits or (number["suffix"] or "").lower() in ("f", "d", "m")
        return float(digits) if floating else int(digits)
    if _STRING.fullmatch(text):
        return text[1:-1]
    if _EMPTY.fullmatch(text):
        return ()
    member = _MEMBER.fullmatch(text)
    if member is not None:
        return _member(literal(member["of"]), member["name"], member["op"] == "?.")
    for word in (" || ", " or ", " ?? "):
        parts = _split(text, word)
        if len(parts) > 1:
            return _first_set([literal(part) for part in parts], nullish=word == " ?? ")
    return _NOTHING


_TO_INT: Final = frozenset({"longValue", "intValue", "toLong", "toInt", "to_i"})
_TO_FLOAT: Final = frozenset({"doubleValue", "floatValue", "toDouble", "toFloat", "to_f"})
"""A number's conversions to another number type (Java's boxed ``longValue()``, Kotlin's
``toLong()``, Ruby's ``to_i``)."""


def converted(value: Any, member: str | None) -> tuple[Any] | None:
    """The literal number ``value`` converted by its ``member`` without loss (``5`` for
    ``longValue`` of 5 or C#'s ``Value``, ``2.0`` for ``toDouble`` of 2); None for anything
    else."""
    if type(value) not in (int, float) or member is None:
        return None
    if member == "Value":  # C#'s Nullable<long>.Value of a literal 5: 5
        return (value,)
    if member in _TO_FLOAT:
        return (float(value),)
    return (value,) if member in _TO_INT and type(value) is int else None


def _member(value: Any, name: str, safe: bool) -> Any:
    """The member ``name`` of the literal ``value`` (see ``_MEMBER``), else ``_NOTHING``."""
    if value is _NOTHING or value == ():
        return _NOTHING
    if value is None:  # null.HasValue is false; null?.Length is null; null.Value throws
        return False if name == "HasValue" else None if safe else _NOTHING
    if name == "HasValue":
        return True
    if name == "Length":
        return len(value) if type(value) is str else _NOTHING
    return value if type(value) in (int, float, bool) else _NOTHING  # (5).Value


def _first_set(values: list[Any], *, nullish: bool) -> Any:
    """The value of ``a || b || c`` (``or``; ``??`` when ``nullish``) of literals: the first
    one set (truthy; not null for ``??``), else the last. An empty list or map is not decided
    (JavaScript holds it true, Python false); nor is anything but literals."""
    if any(v is _NOTHING or v == () for v in values):
        return _NOTHING
    for value in values[:-1]:
        if value is not None and (nullish or value):
            return value
    return values[-1]


def _truthy(value: Any) -> bool:
    return value is not None and bool(value)


def unwrapped(text: str) -> str:
    """``text`` without the parentheses around all of it."""
    return strip_parens(text)


def _split(text: str, word: str) -> list[str]:
    """``text`` split at ``word`` outside brackets and quotes (an empty list when one is in a
    string, which is then not decided)."""
    parts, depth, begin, quote = [], 0, 0, ""
    at = 0
    while at < len(text):
        char = text[at]
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0 and text.startswith(word, at):
            parts.append(text[begin:at])
            at += len(word)
            begin = at
            continue
        at += 1
    parts.append(text[begin:])
    return parts


_ONLY_SET: Final = re.compile(
    r"(?:\s|[()!]|\bnot\b|\bis\b|\bNone\b|\bnull\b|\bNULL\b|\bnil\b|\bundefined\b|"
    r"!==?|===?|\bisset\b|\bempty\b|\.nil\?|\bpresent\?|\?\s*$)*"
)


def tests_itself(cond: str, value: str) -> bool:
    """Whether ``cond`` only tests that ``value`` is set (``extra``, ``extra is not None``,
    ``opts.extra != null``, ``isset($extra)``): merging ``value`` under it is merging it."""
    value = value.strip()
    if not value or value not in cond:
        return False
    rest = re.sub(rf"(?<![\w$.]){re.escape(value)}(?![\w(])", " ", cond)
    return rest != cond and _ONLY_SET.fullmatch(rest) is not None
