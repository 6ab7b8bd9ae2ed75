"""A return URL whose session parameter follows a separator the code computes (``const sep =
path.includes("?") ? "&" : "?"`` then ``` `${base}${path}${sep}sessionId={CHECKOUT_SESSION_ID}`
```): the template stayed (C003 "could not remove it") and Dodo would send the buyer to a URL
with a placeholder it never fills, while the other branch of the same ternary was cleaned. The
parameter goes, the computed separator left last (a URL may end with ``?`` or ``&``)."""

from __future__ import annotations

import pytest

from migrate.mapping.url_templates import without_session_template


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "`${base}${path}${sep}sessionId={CHECKOUT_SESSION_ID}`",
            "`${base}${path}${sep}`",
        ),
        (
            'f"{base}{path}{sep}session_id={{CHECKOUT_SESSION_ID}}"',
            'f"{base}{path}{sep}"',
        ),
        ('$"{root}{sep}sid={CHECKOUT_SESSION_ID}"', '$"{root}{sep}"'),
        # more of the URL after it: still left to the reader
        ("`${base}${sep}sid={CHECKOUT_SESSION_ID}&ok=1`", None),
    ],
)
def test_a_parameter_after_a_computed_separator_goes(source: str, expected: str | None) -> None:
    assert without_session_template(source) == expected
