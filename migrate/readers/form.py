"""Form-encoded (``application/x-www-form-urlencoded``) bodies to nested JSON, Rack style.

Stripe v1 takes its parameters this way (``line_items[0][price_data][currency]=usd``). The
conventions, as stripe-mock applies them:

* pairs are split on ``&``, each pair on its first ``=``; key and value are then decoded
  (``+`` is a space, ``%XX`` a UTF-8 byte); a pair without ``=`` has the value ``""``;
* a key is a name followed by bracket segments: ``[]`` appends to a list, ``[N]`` (a
  canonical non-negative integer) is a list index, anything else is a map key;
* a map whose keys are all integers becomes a list ordered by index (gaps close up), so
  ``expand[]=a&expand[]=b`` and ``expand[0]=a&expand[1]=b`` give the same list;
* ``a[][x]=1&a[][y]=2`` fills one list element until a key repeats (Rack's rule);
* every value stays a string (``""`` included: Stripe uses it to unset); types are applied
  later, with schema knowledge; unknown keys are kept verbatim;
* a key repeated with a scalar value keeps the last value.

A malformed key (empty name, unbalanced or nested brackets, text after a ``]``, a key used
both as a value and as a container) raises :class:`FormParseError`, which carries the key; so
does a key past the limits of :mod:`migrate.readers.limits` (more than 63 bracket segments, so
that the document nests at most 64 deep, or a list index of more than 100 digits).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote_plus

from migrate.errors import InputError
from migrate.readers.limits import HINT as _HINT_LIMIT
from migrate.readers.limits import MAX_DEPTH, MAX_DIGITS

__all__ = ["FormParseError", "iter_pairs", "parse_form", "parse_pairs", "split_key"]

_INDEX = re.compile(r"(?:0|[1-9][0-9]*)\Z")
_SHOWN_KEY_MAX = 80
_HINT = "write keys as name[a][0][b] (brackets balanced, one value or one container per key)"

Segment = str | int | None
"""One part of a key: a map key (str), a list index (int) or an append (None)."""


class FormParseError(InputError):
    """A form body whose key cannot be placed in a JSON document. ``key`` is the decoded key."""

    def __init__(self, key: str, reason: str, hint: str = _HINT) -> None:
        shown = key if len(key) <= _SHOWN_KEY_MAX else key[: _SHOWN_KEY_MAX - 3] + "..."
        super().__init__(f"malformed form key {shown!r}: {reason}", hint=hint)
        self.key = key
        self.reason = reason


class _Map(dict[str | int, Any]):
    """A container under construction; ``next_index`` is where the next ``[]`` goes."""

    __slots__ = ("next_index",)

    def __init__(self) -> None:
        super().__init__()
        self.next_index = 0


def _decode(text: str, key: str, what: str) -> str:
    try:
        return unquote_plus(text, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise FormParseError(key, f"{what} is not UTF-8 once percent-decoded") from None


def iter_pairs(body: str) -> Iterator[tuple[str, str]]:
    """The decoded ``(key, value)`` pairs of a body, in order; empty pairs are skipped."""
    for pair in body.split("&"):
        if not pair:
            continue
        raw_key, _, raw_value = pair.partition("=")
        key = _decode(raw_key, raw_key, "key")
        yield key, _decode(raw_value, key, "value")


def split_key(key: str) -> list[Segment]:
    """The segments of a decoded key: its name, then one per bracket pair.

    ``line_items[0][price]`` gives ``["line_items", 0, "price"]``; ``expand[]`` gives
    ``["expand", None]``.
    """
    if key.count("[") >= MAX_DEPTH:
        raise FormParseError(key, f"nests deeper than {MAX_DEPTH} levels", _HINT_LIMIT)
    open_at = key.find("[")
    name = key if open_at < 0 else key[:open_at]
    if not name:
        raise FormParseError(key, "empty name")
    if "]" in name:
        raise FormParseError(key, "unbalanced brackets")
    segments: list[Segment] = [name]
    pos = open_at
    while 0 <= pos < len(key):
        if key[pos] != "[":
            raise FormParseError(key, "text after a closing bracket")
        close = key.find("]", pos + 1)
        if close < 0:
            raise FormParseError(key, "unbalanced brackets")
        inner = key[pos + 1 : close]
        if "[" in inner:
            raise FormParseError(key, "nested brackets")
        if len(inner) > MAX_DIGITS and _INDEX.match(inner):
            raise FormParseError(key, f"list index with more than {MAX_DIGITS} digits", _HINT_LIMIT)
        segments.append(_segment(inner))
        pos = close + 1
    return segments


def _segment(inner: str) -> Segment:
    if not inner:
        return None
    if _INDEX.match(inner):
        return int(inner)
    return inner


def _child_key(node: _Map, segment: Segment, following: Segment | None, last: bool) -> str | int:
    """The key ``segment`` designates in ``node`` (``[]`` resolved to a concrete index)."""
    if segment is not None:
        if isinstance(segment, int) and segment >= node.next_index:
            node.next_index = segment + 1
        return segment
    if not last and node.next_index:
        previous = node.get(node.next_index - 1)
        if isinstance(previous, _Map) and following is not None and following not in previous:
            return node.next_index - 1
    node.next_index += 1
    return node.next_index - 1


def _insert(root: _Map, key: str, value: str) -> None:
    segments = split_key(key)
    node = root
    last_at = len(segments) - 1
    for at, segment in enumerate(segments):
        last = at == last_at
        following = None if last else segments[at + 1]
        slot = _child_key(node, segment, following, last)
        existing = node.get(slot)
        if last:
            if isinstance(existing, _Map):
                raise FormParseError(key, "used both as a container and as a value")
            node[slot] = value
            return
        if existing is None:
            existing = node[slot] = _Map()
        elif not isinstance(existing, _Map):
            raise FormParseError(key, "used both as a value and as a container")
        node = existing


def _finish(node: _Map) -> dict[str, Any] | list[Any]:
    """Plain JSON containers: all-integer maps become lists ordered by index."""
    items = [(k, _finish(v) if isinstance(v, _Map) else v) for k, v in node.items()]
    if items and all(isinstance(k, int) for k, _ in items):
        return [v for _, v in sorted(items, key=lambda kv: kv[0])]
    return {str(k): v for k, v in items}


def parse_pairs(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Nested JSON from decoded ``(key, value)`` pairs (see the module docstring)."""
    root = _Map()
    for key, value in pairs:
        _insert(root, key, value)
    done = {str(k): _finish(v) if isinstance(v, _Map) else v for k, v in root.items()}
    return done


def parse_form(body: str) -> dict[str, Any]:
    """Nested JSON from a form-encoded body; values stay strings.

    Raises :class:`FormParseError` for a malformed key.
    """
    return parse_pairs(iter_pairs(body))
