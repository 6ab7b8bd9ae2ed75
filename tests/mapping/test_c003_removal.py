"""C003 says what happened to a ``{CHECKOUT_SESSION_ID}`` template in a URL built at run time:
removed where the suggested code can remove it (a query parameter or path segment the code
shows), "remove it by hand" where it cannot (``sprintf('%s?id=%s', $u, '{...}')``): the mapping
reads the same test the suggestion uses (``migrate/mapping/url_templates.py``)."""

from __future__ import annotations

import pytest

from migrate.mapping.expr import Expr
from migrate.mapping.translate import translate_params
from migrate.readers.base import SourceRef


def _c003(url_source: str) -> str:
    doc = {
        "mode": "payment",
        "line_items": [{"price": "price_1A", "quantity": 1}],
        "success_url": Expr(url_source, "success_url", type="str"),
    }
    meta = {"endpoint": "/v1/checkout/sessions", "method": "POST"}
    t = translate_params(doc, SourceRef("pay.php", "code", line=1), None, meta)
    (finding,) = [f for f in t.findings if f.code == "C003"]
    return finding.message


@pytest.mark.parametrize(
    "source",
    [
        "$u . '?session_id={CHECKOUT_SESSION_ID}'",
        "f'{FRONTEND}/welcome/{{CHECKOUT_SESSION_ID}}'",
        "url_for('paid', session_id='{CHECKOUT_SESSION_ID}')",
    ],
)
def test_a_template_the_suggestion_removes_is_said_removed(source: str) -> None:
    message = _c003(source)
    assert message.endswith("it was removed.")
    assert "by hand" not in message


@pytest.mark.parametrize(
    "source",
    [
        "sprintf('%s?id=%s', $u, '{CHECKOUT_SESSION_ID}')",
        "base + '{CHECKOUT_SESSION_ID}'",
    ],
)
def test_a_template_the_suggestion_cannot_remove_is_left_to_the_user(source: str) -> None:
    message = _c003(source)
    assert "remove it by hand" in message
    assert "it was removed" not in message
