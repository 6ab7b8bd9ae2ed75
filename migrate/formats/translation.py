"""What the formats of ``stripe2dodo translate`` (json, jsonl, text) share: a run's counts
(``Summary``), the little each rendered result tells the run (``Outline``), and ``dumps``.

The formats stream: ``start()`` once, ``item()`` per translation, ``end(summary)`` once, so
memory stays flat however many payloads are translated (``migrate/formats/base.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from migrate.findings import Finding, Level
from migrate.mapping.cart import Translation

SCHEMA_VERSION = 1
REFS_SCHEMA_VERSION = 2
"""``--refs``: findings name their text by ``ref``; each distinct text is written once."""

Text = tuple[str, str, str]
"""A finding text written once with ``--refs``: its ref, message and suggestion."""


class Outline(NamedTuple):
    """What the run needs to know of one rendered result (so results can be rendered in
    worker processes and only this travels back)."""

    status: str
    label: str
    error: str | None
    levels: tuple[int, int, int]
    money: str | None
    texts: tuple[Text, ...] = ()
    """With ``--refs``: the finding texts this result names that the process rendering it had
    not named before (the writing process writes each one once)."""

    @classmethod
    def of(cls, result: Translation, texts: tuple[Text, ...] = ()) -> Outline:
        counts = [0, 0, 0]
        for finding in result.findings:
            counts[_RANK[finding.level]] += 1
        money = str(result.money.get("status")) if result.money is not None else None
        return cls(
            result.status,
            result.source.label(),
            result.error,
            (counts[0], counts[1], counts[2]),
            money,
            texts,
        )


_RANK = {level: level.rank for level in Level}
_LEVEL_NAMES = tuple(level.value for level in Level)


@dataclass
class Summary:
    """Counts over a whole run; what the exit code is computed from."""

    items: int = 0
    translated: int = 0
    skipped: int = 0
    errors: int = 0
    levels: dict[str, int] = field(default_factory=lambda: {lv.value: 0 for lv in Level})
    money: dict[str, int] = field(default_factory=dict)

    def add(self, outline: Outline) -> None:
        self.items += 1
        if outline.status == "translated":
            self.translated += 1
        elif outline.status == "skipped":
            self.skipped += 1
        else:
            self.errors += 1
        for name, count in zip(_LEVEL_NAMES, outline.levels, strict=True):
            if count:
                self.levels[name] += count
        if outline.money is not None:
            self.money[outline.money] = self.money.get(outline.money, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "translated": self.translated,
            "skipped": self.skipped,
            "errors": self.errors,
            "findings": dict(self.levels),
            "money": dict(sorted(self.money.items())),
        }


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(value: Any, *, indent: int | None = None) -> str:
    return json.dumps(value, default=_default, ensure_ascii=False, indent=indent)


_AFTER_FINDINGS = frozenset({"money", "stripe", "fields"})
"""The keys :meth:`Translation.as_dict` writes after ``findings``."""
_FINDINGS: dict[tuple[bool, Finding], str] = {}
"""Each finding's JSON text (with ``--refs`` or without): findings repeat from payload to
payload (the same rule, path and text), and encoding their long texts is most of the output."""
_FINDINGS_MAX = 16_384


def _finding_json(finding: Finding, refs: bool) -> str:
    key = (refs, finding)
    text = _FINDINGS.get(key)
    if text is None:
        text = dumps(finding.as_ref() if refs else finding.as_dict())
        if len(_FINDINGS) >= _FINDINGS_MAX:
            _FINDINGS.clear()
        _FINDINGS[key] = text
    return text


_SOURCES: dict[tuple[str, str], str] = {}
"""The JSON of a line's source up to its line number, per file and format."""


def _source_json(result: Translation) -> str:
    """``dumps(result.source.as_dict())``; for a line of a file (the common source: only the
    line number changes from item to item) the text before the number is cached."""
    source = result.source
    plain_line = source.index is None and source.path is None and source.column is None
    if source.line is None or not plain_line:
        return dumps(source.as_dict())
    key = (source.file, source.format)
    head = _SOURCES.get(key)
    if head is None:
        head = dumps({**source.as_dict(), "line": 0})[: -len("0}")]
        if len(_SOURCES) >= 1024:
            _SOURCES.clear()
        _SOURCES[key] = head
    return head + str(source.line) + "}"


def result_json(result: Translation, *, full: bool = False, refs: bool = False) -> str:
    """``dumps(result.as_dict(full=full, refs=refs))``, the same text, with each finding's JSON
    taken from a cache (:func:`_finding_json`) instead of encoded again."""
    out = result.as_dict(full=full, refs=refs, findings=False)
    del out["source"]  # written first, from its own cache
    head = {k: v for k, v in out.items() if k not in _AFTER_FINDINGS}
    tail = {k: v for k, v in out.items() if k in _AFTER_FINDINGS}
    findings = ", ".join([_finding_json(f, refs) for f in result.findings])
    end = ", " + dumps(tail)[1:] if tail else "}"
    body = dumps(head)[1:-1]  # head always holds the status
    return (
        '{"source": '
        + _source_json(result)
        + ", "
        + body
        + ', "findings": ['
        + findings
        + "]"
        + end
    )


class TextRefs:
    """The finding texts a renderer has named (``--refs``): :meth:`fresh` gives those of a
    result not named before in this process."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def fresh(self, result: Translation) -> tuple[Text, ...]:
        from migrate.findings import text_ref

        out: list[Text] = []
        for f in result.findings:
            ref = text_ref(f.code, f.message, f.suggestion)
            if ref not in self.seen:
                self.seen.add(ref)
                out.append((ref, f.message, f.suggestion))
        return tuple(out)

    def fresh_texts(self, texts: tuple[Text, ...]) -> tuple[Text, ...]:
        """Those of ``texts`` (every text a result names) not named before in this process."""
        out: list[Text] = []
        for text in texts:
            if text[0] not in self.seen:
                self.seen.add(text[0])
                out.append(text)
        return tuple(out)
