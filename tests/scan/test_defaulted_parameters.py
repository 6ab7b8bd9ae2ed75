"""A Python wrapper's parameter given its default in the body, not in its signature (``if
success_url is None: success_url = url_for(...)``: a Flask billing module's shape). At a call
passing nothing the Dodo call holds the default, at a call passing a value the choice the
wrapper makes; it was ``TODO_success_url`` (X021), a URL lost at every caller."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

PY = """import stripe
from flask import url_for


def open_checkout(member, tier, back=None, leave=None):
    if back is None:
        back = url_for("club.welcome", _external=True)
    if not leave:
        leave = url_for("club.tiers", _external=True)
    return stripe.checkout.Session.create(
        mode="subscription",
        customer=member.billing_ref,
        line_items=[{"price": tier.price_ref, "quantity": 1}],
        success_url=back,
        cancel_url=leave,
    )


def join(member, tier):
    return open_checkout(member, tier)


def join_from_mail(member, tier, link):
    return open_checkout(member, tier, back=link)
"""


def _by_line(top: Path) -> dict[int, str]:
    return {s.line: s.suggestion for s in creates(top) if s.via is not None}


def test_python_parameter_defaulted_in_the_body_reaches_each_caller(tmp_path: Path) -> None:
    calls = _by_line(write_tree(tmp_path, {"club/billing.py": PY}))
    bare, given = calls[20], calls[24]
    assert 'return_url=url_for("club.welcome", _external=True),' in bare
    assert 'cancel_url=url_for("club.tiers", _external=True),' in bare
    assert "TODO_" not in bare and "TODO_" not in given
    assert 'return_url=(url_for("club.welcome", _external=True) if link is None else link),' in (
        given
    )
