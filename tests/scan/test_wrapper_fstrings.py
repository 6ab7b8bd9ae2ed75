"""A caller's argument written into a wrapper's Python f-string.

A Django helper built its success URL as ``f'https://{request.get_host()}{next_path}'`` and its
caller passed ``reverse('thanks')``: written into the hole as it was, the single quotes closed the
f-string, and the suggested call did not parse before Python 3.12 (the project's floor is 3.11).
The argument's own strings now take the other quote there."""

from __future__ import annotations

import ast
from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite


def sites_at(tmp_path: Path, name: str) -> list[CallSite]:
    found = list(scan_paths([str(tmp_path)], jobs=1))
    return [s for s in found if Path(s.file).name == name and s.kind == "create"]


FSTRING_HELPER = """\
import stripe


def open_for(request, lines, next_path):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=lines,
        success_url=f'https://{request.get_host()}{next_path}',
    )
"""

FSTRING_VIEW = """\
from django.urls import reverse

from payments import open_for


def poster(request):
    return open_for(request, [{"price": "price_1Poster", "quantity": 1}], reverse('thanks'))
"""


def test_an_argument_written_into_an_f_string_hole_keeps_the_string_whole(tmp_path: Path) -> None:
    # the caller's reverse('thanks') in the helper's f'...{next_path}' closed the string: the
    # suggestion did not parse before Python 3.12
    (tmp_path / "payments.py").write_text(FSTRING_HELPER)
    (tmp_path / "views.py").write_text(FSTRING_VIEW)
    (site,) = sites_at(tmp_path, "views.py")
    assert 'reverse("thanks")' in site.suggestion and "reverse('thanks')" not in site.suggestion
    body = site.suggestion[site.suggestion.index("client.checkout_sessions.create(") :]
    ast.parse(body, feature_version=(3, 11))
