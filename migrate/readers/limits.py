"""Limits on what one payload may hold, checked where payloads are read.

Stripe payloads nest a few levels and carry numbers of at most 19 digits (an int64), so a real
payload is far inside these limits; a hostile or broken one (JSON nested 100,000 deep, a form
key with 10,000 brackets, a number with 5,000 digits or an exponent of a billion) would
otherwise exhaust Python's recursion limit, hit its 4,300-digit int conversion limit, or make an
``int()`` of a ``Decimal`` run for minutes. Such an item is *unreadable*: the readers report it
as one problem (file, line, JSON path, what to do) and go on with the next item.

* :data:`MAX_DEPTH`: objects and arrays nested at most 64 deep (a form key has at most 64
  bracket segments);
* :data:`MAX_DIGITS`: a number has at most 100 digits and lies between 10^-100 and 10^100 in
  magnitude. This holds for JSON numbers and for strings that are numbers (form values, and
  Stripe's own ``unit_amount_decimal`` strings), except metadata values, which are free text and
  never read as numbers.

:func:`loads` decodes JSON (integers stay ``int``, other numbers become ``Decimal``) and checks
the result; :func:`check` checks a value built another way (form bodies).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

__all__ = [
    "HINT",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "LimitError",
    "Violation",
    "check",
    "decode",
    "loads",
    "too_large",
]

MAX_DEPTH: Final = 64
"""How deep objects and arrays may nest (the top-level object is depth 1)."""

MAX_DIGITS: Final = 100
"""The most digits a number may have, and the largest power of ten it may reach."""

HINT: Final = "no Stripe payload needs this: fix or remove this item; the other items are read"

_INT_LIMIT: Final = 10**MAX_DIGITS
_SHOWN_PATH: Final = 80
_SHOWN_VALUE: Final = 24
_PLAIN_DECODER: Final = json.JSONDecoder(parse_float=Decimal, parse_constant=Decimal)
_NUMBER_TEXT: Final = re.compile(r"[+-]?(?:\d[\d_]*)?(?:\.[\d_]*)?(?:[eE][+-]?\d[\d_]*)?")
"""A number as ``Decimal`` reads it, once stripped (no blanks around it: matching those here
would backtrack over every blank, in time growing with the square of their number)."""
_TOKENS: Final = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[{]|[\]}]|[-+0-9.eE]+', re.DOTALL)


@dataclass(frozen=True, slots=True)
class Violation:
    """Where a value breaks a limit (``path`` as ``line_items[0].price_data``; ``""`` for the
    top level) and how."""

    path: str
    message: str


class LimitError(ValueError):
    """JSON text that breaks a limit. ``path`` is set when the value was decoded; ``line`` and
    ``column`` (1-based) when it could not be, because decoding itself overflowed."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column


def decode(text: str, decoder: json.JSONDecoder = _PLAIN_DECODER) -> Any:
    """Decode JSON ``text`` with ``decoder``, without checking the limits of the result.

    Raises :class:`json.JSONDecodeError` for a syntax error, and :class:`LimitError` (with the
    line and column) when Python cannot decode the text because it nests past the recursion
    limit or holds an integer past Python's 4,300 digits.
    """
    try:
        return decoder.decode(text)
    except json.JSONDecodeError:
        raise
    except (RecursionError, ValueError):
        raise _located(text) from None


def loads(text: str, decoder: json.JSONDecoder = _PLAIN_DECODER) -> Any:
    """:func:`decode`, then :func:`check`: raises :class:`LimitError` (with the JSON path)
    when the decoded value breaks a limit."""
    value = decode(text, decoder)
    found = check(value)
    if found is not None:
        raise LimitError(found.message, path=found.path)
    return value


def check(value: Any) -> Violation | None:
    """The first place where ``value`` (JSON-like data) breaks a limit, or ``None``."""
    if _surely_within(value):
        return None
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        node, path = stack.pop()
        kind = node.__class__
        if kind is dict or kind is list:
            if len(path) >= MAX_DEPTH:
                return Violation(_path(path), f"nested deeper than {MAX_DEPTH} levels")
            items = node.items() if kind is dict else enumerate(node)
            stack.extend((v, (*path, k)) for k, v in items)
        elif kind is str:
            if not _number_text_ok(node, path):
                return Violation(_path(path), f"number {_shown(node)} is out of range")
        elif kind is int:
            if not -_INT_LIMIT < node < _INT_LIMIT:
                return Violation(_path(path), f"number with more than {MAX_DIGITS} digits")
        elif kind is Decimal and not _decimal_ok(node):
            return Violation(_path(path), f"number {_shown(node)} is out of range")
    return None


def _surely_within(value: Any) -> bool:
    """Whether ``value`` surely breaks no limit: the walk of :func:`check` without the paths
    (the hot path: nearly every payload is fine). False means "look closer", not a violation."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        kind = node.__class__
        if kind is dict or kind is list:
            if depth >= MAX_DEPTH - 1:
                return False
            for child in node.values() if kind is dict else node:
                ckind = child.__class__
                if ckind is str:
                    if (len(child) > MAX_DIGITS or "e" in child or "E" in child) and (
                        _NUMBER_TEXT.fullmatch(child.strip()) is not None
                    ):
                        return False
                elif ckind is dict or ckind is list:
                    push((child, depth + 1))
                elif ckind is int:
                    if not -_INT_LIMIT < child < _INT_LIMIT:
                        return False
                elif ckind is not bool and ckind is not float and child is not None:
                    return False  # Decimal and anything else: the full check
        elif kind is not bool and kind is not float and node is not None:
            return False
    return True


def too_large(exc: BaseException) -> bool:
    """Whether ``exc`` says an item was too big for Python rather than that the code is wrong:
    recursion or memory exhausted, a decimal overflow, an integer past Python's 4,300-digit
    conversion limit. The last-resort guards make such an item unreadable, not a crash."""
    if isinstance(exc, RecursionError | MemoryError | ArithmeticError):
        return True
    return isinstance(exc, ValueError) and "integer string conversion" in str(exc)


def _number_text_ok(text: str, path: tuple[str | int, ...]) -> bool:
    """A string is fine unless it is a number out of range (metadata values are never read
    as numbers: ``path`` ends under a ``metadata`` key then)."""
    if len(text) <= MAX_DIGITS and "e" not in text and "E" not in text:
        return True  # too short to break a limit without an exponent
    if len(path) >= 2 and path[-2] == "metadata":
        return True
    text = text.strip()
    if _NUMBER_TEXT.fullmatch(text) is None:
        return True
    try:
        number = Decimal(text)
    except InvalidOperation:
        return True
    return _decimal_ok(number)


def _decimal_ok(number: Decimal) -> bool:
    if not number.is_finite():
        return True  # NaN and infinities are reported by the translation
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    if len(digits) > MAX_DIGITS or not -MAX_DIGITS <= exponent <= MAX_DIGITS:
        return False
    return not number or -MAX_DIGITS <= number.adjusted() < MAX_DIGITS


def _path(parts: tuple[str | int, ...]) -> str:
    out: list[str] = []
    for part in parts:
        out.append(f"[{part}]" if isinstance(part, int) else f".{part}" if out else part)
    text = "".join(out)
    return text if len(text) <= _SHOWN_PATH else text[: _SHOWN_PATH - 3] + "..."


def _shown(value: object) -> str:
    text = value.strip() if isinstance(value, str) else str(value)
    return text if len(text) <= _SHOWN_VALUE else f"{text[:12]}...({len(text)} characters)"


def _located(text: str) -> LimitError:
    """The limit error for text Python could not decode: where it first nests too deep or
    holds too long a number."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in ("{", "["):
            depth += 1
            if depth > MAX_DEPTH:
                return _at(text, match.start(), f"nested deeper than {MAX_DEPTH} levels")
        elif token in ("}", "]"):
            depth -= 1
        elif token[0] != '"' and sum(c.isdigit() for c in token) > MAX_DIGITS:
            return _at(text, match.start(), f"number with more than {MAX_DIGITS} digits")
    return LimitError("too deeply nested or too large to read")


def _at(text: str, offset: int, message: str) -> LimitError:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return LimitError(message, line=line, column=column)
