"""How values are shown to people, in every output: amounts in major units with the currency's
decimals, billing intervals, and file names any output can hold. Shared by the pipeline and
the formats (which import only models and this)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def shown_path(path: str) -> str:
    """A file name as text every output can hold (UTF-8, JSON, HTML, SARIF): the bytes of a
    name that is not UTF-8 (which Python reads as lone surrogates, ``surrogateescape``) are
    written ``\\xNN``, as Python's ``backslashreplace`` writes them; any other name is
    unchanged. For display only: open files by the name as read."""
    return _SURROGATE.sub(_escaped, path)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


SHOWN_LINE: Final = 200
"""The most of a source line an output shows (a minified bundle's line can hold a megabyte)."""


def shown_line(line: str, column: int = 1) -> str:
    """A source line as an output shows it: whole when short, else the part around ``column``
    (1-based; where the site starts) with ``…`` where it was cut."""
    if len(line) <= SHOWN_LINE:
        return line
    start = max(0, min(column - 1 - SHOWN_LINE // 4, len(line) - SHOWN_LINE))
    end = start + SHOWN_LINE
    return ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")


_EXPONENT = {
    **dict.fromkeys(
        [
            "BIF",
            "CLP",
            "DJF",
            "GNF",
            "JPY",
            "KMF",
            "KRW",
            "MGA",
            "PYG",
            "RWF",
            "UGX",
            "VND",
            "VUV",
            "XAF",
            "XOF",
            "XPF",
        ],
        0,
    ),
    **dict.fromkeys(["BHD", "JOD", "KWD", "OMR", "TND"], 3),
}


def format_amount(minor: Decimal | int, currency: str) -> str:
    """``1999, "USD"`` -> ``19.99 USD``; ``500, "JPY"`` -> ``500 JPY``."""
    exponent = _EXPONENT.get(currency.upper(), 2)
    if isinstance(minor, Decimal) and not minor.is_finite():
        return f"{minor} {currency.upper()}"
    major = Decimal(minor).scaleb(-exponent)
    text = (
        f"{major:.{exponent}f}"
        if major == major.quantize(Decimal(1).scaleb(-exponent))
        else str(major)
    )
    return f"{text} {currency.upper()}"


def per_interval(interval: str | None, count: int = 1) -> str:
    """`("Month", 1)` -> `" / month"`; `("month", 3)` -> `" every 3 months"`; once: `""`."""
    if not interval:
        return ""
    unit = interval.lower()
    return f" / {unit}" if count == 1 else f" every {count} {unit}s"
