"""Where a file's calls worth reading start: the places a regular expression of the patterns'
last names finds (``re.finditer`` of their alternation, in sorted order), found faster."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from migrate.scan.call_spots import patterns_by_tail, spots
from migrate.scan.patterns import language_for

ROOT = Path(__file__).resolve().parents[2]


def _regex_spots(text: str, tails: tuple[str, ...]) -> list[int]:
    if not tails:
        return []
    return [m.start() for m in re.finditer("|".join(re.escape(t) for t in tails), text)]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "stripe.checkout.Session.create_async(**p); create_preview create",
        "createcreate_async listlist_line_items retrieve_line_itemsretrieve",
        "x.update(); x.upcoming(); updateupdate; crea te; CREATE",
        "list_line_items list_line list_ list",
        "createxpire expirexpire listupdatexpire",
    ],
)
def test_spots_are_where_the_alternation_of_the_tails_matches(text: str) -> None:
    # tails that start with another (create_async, create_preview), that overlap (expire
    # starts inside create in "createxpire": the regex skips it) or follow one another
    # without a gap: each place is the one the regex reports
    tails = ("create", "create_async", "create_preview", "list", "list_line_items", "update")
    tails += ("retrieve", "retrieve_line_items", "upcoming", "expire")
    assert spots(text, tuple(sorted(tails))) == _regex_spots(text, tuple(sorted(tails)))


def test_spots_match_the_regex_on_every_code_sample() -> None:
    checked = 0
    for path in sorted((ROOT / "samples" / "code").rglob("*")):
        language = language_for(str(path))
        if language is None or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        tails = tuple(sorted(patterns_by_tail(language, language.calls)))
        assert spots(text, tails) == _regex_spots(text, tails), path
        checked += 1
    assert checked > 20
