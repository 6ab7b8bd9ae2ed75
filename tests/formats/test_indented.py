"""``migrate/formats/indented.py`` writes the text ``json.dumps(indent=2)`` writes."""

from __future__ import annotations

import enum
import json
from decimal import Decimal
from typing import Any

import pytest

from migrate.formats.indented import indented


class Mode(enum.StrEnum):
    PAYMENT = "payment"


class Rank(enum.IntEnum):
    HIGH = 3


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


VALUES: list[Any] = [
    {},
    [],
    "plain",
    {"a": {}, "b": [], "c": [[], {}], "d": [{"e": None}]},
    {"text": 'quote " backslash \\ newline \n tab \t é 漢 \u2028 \x00 emoji 😀'},
    {"n": 1, "f": 1.5, "big": 10**30, "neg": -0.0, "exp": 1e-7, "t": True, "no": False},
    {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")},
    {7: "int key", 2.5: "float key", True: "bool key", False: "no", None: "none key"},
    {"tuple": (1, (2, 3)), "amount": Decimal("12.50"), "nested": [Decimal("1")]},
    {"mode": Mode.PAYMENT, "rank": Rank.HIGH, Mode.PAYMENT: "enum key"},
    [1, "two", [3, [4, [5]]], {"six": {"seven": [8]}}],
]


@pytest.mark.parametrize("value", VALUES)
def test_indented_json_is_the_text_json_dumps_writes(value: Any) -> None:
    want = json.dumps(value, indent=2, ensure_ascii=False, default=_default)
    assert indented(value, _default) == want
    assert indented(value, _default, margin="    ") == want.replace("\n", "\n    ")


def test_what_json_cannot_write_fails_as_json_does() -> None:
    with pytest.raises(TypeError):
        indented({"x": object()}, _default)
    with pytest.raises(TypeError):
        indented({(1, 2): "tuple key"}, _default)
