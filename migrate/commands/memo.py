"""A memo of ``translate`` by payload shape: the payloads of a real account share a few dozen
shapes, so a shape is translated and rendered twice, then every other payload of it is its
rendered text with the payload's own values filled in.

What may differ between two payloads of one shape is declared by the rule table: a rule with
``copies: true`` (``migrate/mapping/table.py``) reads its field's text values only to copy
them into the Dodo body and to check their length and characters. Such a value is left out of
the shape's key when it is *plain* (letters, digits and ``_.@+-``, at least six characters, so
no format escapes it and a stand-in for it can be found again in the output); the key keeps its
length and which such values are equal, and everything else of the payload, exactly. The line
number of a JSON Lines record is filled in the same way (the key keeps its number of digits).

A shape's template is made from its second payload: that payload is translated and rendered as
always, and once more with a stand-in of the same length for each value left out of the key
(and a stand-in line number); the template is the stand-in's output cut where the stand-ins
are, and it is used only if, filled with the payload's own values, it gives the payload's real
output byte for byte. A shape that fails this, and any payload the key cannot describe (values
that are not plain, an item that is not a JSON Lines record), is translated as always.
``tests/test_translate_memo.py`` holds every ``copies`` rule to its declaration on every sample
payload, with values drawn at random.

Memory stays flat: at most :data:`MAX_SEEN` keys are remembered (then forgotten all at once),
and templates are kept up to :data:`MAX_BYTES` of text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from migrate.formats.translation import Outline, Text
from migrate.mapping.translate import Translation
from migrate.readers.base import InputProblem, RawPayload, SourceRef

MAX_SEEN = 4096
"""Keys of shapes seen once (a template is made on the second sight); forgotten all at once
when full, so a stream of payloads that all differ costs a key each and no memory."""
PROBE = 4096
"""Payloads after which a memo that made no template stands aside (:meth:`Memo.lookup`)."""
MAX_BYTES = 16 * 1024 * 1024
"""Text the templates may hold in all; one template holds at most a sixteenth of it."""

_PLAIN = re.compile(r"[A-Za-z0-9_.@+\-]{6,}").fullmatch
"""A value that every output format writes as it is (no escaping), long enough for a stand-in of
its length to be told from the rest of the output."""
_LETTERS = "bcdfghjkmnpqrstvwxz"


class _Hole:
    """Stands for a value left out of a shape's key: its length and which hole it is (values
    that are equal share a hole), never its text."""

    __slots__ = ("k", "n")

    def __init__(self, k: int, n: int) -> None:
        self.k = k
        self.n = n

    def __repr__(self) -> str:  # no JSON value's repr starts with "<"
        return f"<{self.k}:{self.n}>"


@dataclass(frozen=True, slots=True)
class Template:
    """A shape's rendered text, cut where its payload's values go (``holes[i]`` goes between
    ``parts[i]`` and ``parts[i + 1]``; hole 0 is the line number), and its outline."""

    parts: tuple[str, ...]
    holes: tuple[int, ...]
    status: str
    error: str | None
    levels: tuple[int, int, int]
    money: str | None
    texts: tuple[Text, ...]

    def fill(self, values: list[str]) -> str:
        parts = self.parts
        out = [parts[0]]
        for hole, part in zip(self.holes, parts[1:], strict=True):
            out.append(values[hole])
            out.append(part)
        return "".join(out)

    @property
    def size(self) -> int:
        return sum(map(len, self.parts))


Key = tuple[Any, ...]
Found = tuple[Key, list[str]] | None
"""A payload's shape and the values left out of it (the line number first)."""
Hit = tuple[str, Outline]
Render = Callable[[RawPayload], tuple[Translation, str]]


class Memo:
    """Templates of one run's payload shapes (one per process: a worker has its own).

    ``fields``: the top-level Stripe fields whose values the rules only copy (a field holding
    an object: each of its values); ``render`` translates and renders one payload."""

    def __init__(self, fields: tuple[str, ...], render: Render) -> None:
        self.fields = fields
        self.render = render
        self.seen: set[Key] = set()
        self.templates: dict[Key, Template | None] = {}
        self.bytes = 0
        self.looked = 0
        self.off = False

    def key(self, item: RawPayload | InputProblem) -> Found:
        """The shape of ``item`` and the values left out of it (the line number first), or
        ``None`` when it cannot be memoised."""
        if item.__class__ is not RawPayload:
            return None
        assert isinstance(item, RawPayload)
        source = item.source
        if (
            source.line is None
            or source.index is not None
            or source.path is not None
            or source.column is not None
        ):
            return None
        values = [str(source.line)]
        holes: dict[str, _Hole] = {}
        data = item.data
        shape = data
        for name in self.fields:
            value = data.get(name)
            if value is None:
                continue
            if value.__class__ is str:
                if _PLAIN(value):
                    if shape is data:
                        shape = dict(data)
                    shape[name] = _hole(value, holes, values)
            elif value.__class__ is dict:
                inner = None
                for sub, val in value.items():
                    if val.__class__ is str and _PLAIN(val):
                        if inner is None:
                            inner = dict(value)
                        inner[sub] = _hole(val, holes, values)
                if inner is not None:
                    if shape is data:
                        shape = dict(data)
                    shape[name] = inner
        meta = repr(item.meta) if item.meta else ""
        return (repr(shape), len(values[0]), source.file, source.format, meta), values

    def lookup(self, item: RawPayload | InputProblem, refs: Any) -> tuple[Hit | None, Found]:
        """The rendered text and outline of ``item`` from its shape's template, or ``None``
        (then :meth:`learn` is told of its real rendering, with the shape found here).
        ``refs``: the run's :class:`~migrate.formats.translation.TextRefs` with ``--refs``,
        else ``None``.

        A stream whose shapes do not repeat would only pay for their keys: when the first
        :data:`PROBE` payloads made no template, the memo stands aside for the rest."""
        if self.off:
            return None, None
        self.looked += 1
        if self.looked == PROBE and not any(self.templates.values()):
            self.off = True
        found = self.key(item)
        if found is None:
            return None, None
        template = self.templates.get(found[0])
        if template is None:
            return None, found
        assert isinstance(item, RawPayload)
        texts = refs.fresh_texts(template.texts) if refs is not None else ()
        outline = Outline(
            template.status,
            item.source.label(),
            template.error,
            template.levels,
            template.money,
            texts,
        )
        return (template.fill(found[1]), outline), found

    def learn(
        self, item: RawPayload | InputProblem, found: Found, result: Translation, text: str
    ) -> None:
        """``item`` (of the shape :meth:`lookup` ``found``) was translated to ``result`` and
        rendered as ``text``: on the second sight of its shape, make the shape's template."""
        if found is None:
            return
        key, values = found
        if key in self.templates:
            return
        if key not in self.seen:
            if len(self.seen) >= MAX_SEEN:
                self.seen.clear()
            self.seen.add(key)
            return
        self.seen.discard(key)
        assert isinstance(item, RawPayload)  # only a payload has a shape
        template = self._template(item, values, result, text)
        if template is not None:
            size = template.size
            if size * 16 > MAX_BYTES or self.bytes + size > MAX_BYTES:
                return
            self.bytes += size
        self.templates[key] = template

    def _template(
        self, item: RawPayload, values: list[str], result: Translation, text: str
    ) -> Template | None:
        if result.status == "error":
            return None
        taken = {text}
        stand_ins = [_stand_in_line(values[0], taken)]
        for k, value in enumerate(values[1:], start=1):
            stand_ins.append(_stand_in(value, k, taken))
        by_value = dict(zip(values[1:], stand_ins[1:], strict=True))
        data = dict(item.data)
        for name in self.fields:
            given: Any = data.get(name)
            if given.__class__ is str and given in by_value:
                data[name] = by_value[given]
            elif given.__class__ is dict:
                data[name] = {
                    sub: by_value.get(val, val) if val.__class__ is str else val
                    for sub, val in given.items()
                }
        source = item.source
        line = int(stand_ins[0])
        twin = RawPayload(SourceRef(source.file, source.format, line), data, item.meta)
        try:
            twin_result, twin_text = self.render(twin)
        except Exception:  # rendering the stand-in failed: translate this shape as always
            return None
        cut = re.split("(" + "|".join(map(re.escape, stand_ins)) + ")", twin_text)
        index = {s: k for k, s in enumerate(stand_ins)}
        made = Template(
            tuple(cut[0::2]), tuple(index[s] for s in cut[1::2]), "", None, (0, 0, 0), None, ()
        )
        if made.fill(values) != text:
            return None
        own, twins = Outline.of(result), Outline.of(twin_result)
        if (own.status, own.error, own.levels, own.money) != (
            twins.status,
            twins.error,
            twins.levels,
            twins.money,
        ):
            return None
        texts = _texts(result)
        if _texts(twin_result) != texts:
            return None
        return Template(made.parts, made.holes, own.status, own.error, own.levels, own.money, texts)


def _hole(value: str, holes: dict[str, _Hole], values: list[str]) -> _Hole:
    hole = holes.get(value)
    if hole is None:
        hole = holes[value] = _Hole(len(values), len(value))
        values.append(value)
    return hole


def _stand_in(value: str, k: int, taken: set[str]) -> str:
    """A plain text of ``value``'s length found nowhere in ``taken`` (the output, the other
    stand-ins)."""
    rng = random.Random(k * 7919 + len(value))
    while True:
        text = "Qz" + "".join(rng.choice(_LETTERS) for _ in range(len(value) - 2))
        if not any(text in t for t in taken):
            taken.add(text)
            return text


def _stand_in_line(line: str, taken: set[str]) -> str:
    """A line number found nowhere in ``taken``, longer than any real one."""
    rng = random.Random(len(line))
    while True:
        text = str(rng.randrange(7 * 10**11, 8 * 10**11))
        if not any(text in t for t in taken):
            taken.add(text)
            return text


def _texts(result: Translation) -> tuple[Text, ...]:
    from migrate.findings import text_ref

    return tuple(
        (text_ref(f.code, f.message, f.suggestion), f.message, f.suggestion)
        for f in result.findings
    )


_TRANSLATED = frozenset(
    {
        "checkout",
        "payment_intent",
        "setup_intent",
        "subscription_update",
        "subscription_create",
        "subscription_cancel",
        "usage_event",
    }
)
"""The subjects ``translate`` reads (the others are the catalog's and the subscribers')."""


def copied_fields() -> tuple[str, ...]:
    """The top-level Stripe fields that every rule naming them (of the subjects ``translate``
    reads, of any kind) declares ``copies``: a field one rule reads otherwise is not one."""
    from migrate.mapping.table import load_table

    declared: dict[str, bool] = {}
    for rule in load_table():
        if rule.subject not in _TRANSLATED or not rule.stripe:
            continue
        for name in (n.strip() for n in rule.stripe.split(",")):
            declared[name] = declared.get(name, True) and rule.copies
    return tuple(sorted(n for n, copies in declared.items() if copies and n.isidentifier()))
