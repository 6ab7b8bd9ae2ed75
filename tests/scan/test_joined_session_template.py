"""A return URL whose ``{CHECKOUT_SESSION_ID}`` is a literal of its own, joined after the one
that ends with the parameter's name (``$"{root}/paid?sid=" + "{CHECKOUT_SESSION_ID}"``, as an
ASP.NET Core shop wrote it) kept the template in the Dodo call, C003 asking for its removal by
hand: Dodo would send the buyer to ``/paid?sid={CHECKOUT_SESSION_ID}``. The parameter and the
joined literal are now removed as a parameter written in one literal is; a template joined
after a fragment (``#``) or followed by more of the URL is still left to the reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.mapping.url_templates import without_session_template
from migrate.scan.fix import plan_fixes
from migrate.scan.scan import scan_paths
from tests.scan.trees import creates, write_tree


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('$"{root}/paid?sid=" + "{CHECKOUT_SESSION_ID}"', '$"{root}/paid"'),
        ('home + "/done?a=1&cs=" + "{CHECKOUT_SESSION_ID}"', 'home + "/done?a=1"'),
        ("$home . '/done?cs=' . '{CHECKOUT_SESSION_ID}'", "$home . '/done'"),
        ('home + "/done#" + "{CHECKOUT_SESSION_ID}"', None),
        ('home + "?cs=" + "{CHECKOUT_SESSION_ID}" + "&b=2"', None),
    ],
)
def test_a_template_joined_as_its_own_literal_goes_with_its_parameter(
    source: str, expected: str | None
) -> None:
    assert without_session_template(source) == expected


_SERVICE = """using Stripe.Checkout;

public class TicketDesk
{
    public async Task<string> Open(string root)
    {
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            SuccessUrl = $"{root}/tickets/paid?sid=" + "{CHECKOUT_SESSION_ID}",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = "price_1Ticket", Quantity = 3 },
            },
        };
        var session = await new SessionService().CreateAsync(options);
        return session.Url;
    }
}
"""


def test_the_dodo_return_url_has_no_template_left(tmp_path: Path) -> None:
    (site,) = creates(write_tree(tmp_path / "app", {"TicketDesk.cs": _SERVICE}))
    suggestion = site.suggestion or ""
    assert 'SerializeToNode($"{root}/tickets/paid");' in suggestion
    assert "CHECKOUT_SESSION_ID" not in suggestion
    (c003,) = [f.message for f in site.findings if f.code == "C003"]
    assert "it was removed" in c003


_SPLIT_VIEW = """\
import stripe
from django.conf import settings


def buy(course, done_path):
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": course.price_id, "quantity": 1}],
        success_url=f"{settings.SITE}{done_path}?course={course.pk}"
        + "&session_id={CHECKOUT_SESSION_ID}",
        cancel_url=f"{settings.SITE}/courses/{course.slug}",
    )
    return session.url
"""


def test_a_join_split_over_two_lines_is_removed_whole_by_fix(tmp_path: Path) -> None:
    """Read in a Django shop's view: the template joined on the next line (``f"..."`` then
    ``+ "&session_id=..."``). ``--fix`` holds a carried source's line breaks while it indents
    the call, and the join's removal did not see them as white space: the rewrite kept the
    line break, and the comma after it stood alone on its own line."""
    path = tmp_path / "views.py"
    path.write_text(_SPLIT_VIEW, encoding="utf-8")
    (fix,) = plan_fixes(list(scan_paths([str(path)])), unsafe=True, roots=[str(tmp_path)])
    assert (
        '        return_url=f"{settings.SITE}{done_path}?course={course.pk}",\n'
        '        cancel_url=f"{settings.SITE}/courses/{course.slug}",\n'
    ) in fix.after
    assert 'session_id={CHECKOUT_SESSION_ID}"' not in fix.after
    assert "\n," not in fix.after


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            '"/back.html?sid={CHECKOUT_SESSION_ID}" + f"&user={name}"',
            '"/back.html" + f"?user={name}"',
        ),
        (
            "$home . '/done?sid={CHECKOUT_SESSION_ID}' . '&order=' . $id",
            "$home . '/done' . '?order=' . $id",
        ),
        (
            "`${base}/ok?s={CHECKOUT_SESSION_ID}` + `&plan=${plan}`",
            "`${base}/ok` + `?plan=${plan}`",
        ),
        ('"/a?x=1&sid={CHECKOUT_SESSION_ID}" + "&y=2"', '"/a?x=1" + "&y=2"'),  # not the first: kept
    ],
)
def test_the_query_going_on_in_the_next_literal_keeps_its_question_mark(
    source: str, expected: str
) -> None:
    """Read in a Streamlit paywall: ``"...return.html?session_id={CHECKOUT_SESSION_ID}" +
    f"&username={user}"``. Removing the template, the query's first parameter, left
    ``return.html&username=...``: a path, no query, and the return page read no username."""
    assert without_session_template(source) == expected


_PAYWALL = """\
import stripe


def open_paywall(user, token):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_1Pass", "quantity": 1}],
        success_url="https://app.example/back.html?session_id={CHECKOUT_SESSION_ID}"
        + f"&user={user}&token={token}",
    )
"""


def test_the_dodo_return_url_keeps_the_callers_query(tmp_path: Path) -> None:
    (site,) = creates(write_tree(tmp_path / "app", {"paywall.py": _PAYWALL}))
    suggestion = site.suggestion or ""
    assert 'return_url="https://app.example/back.html"' in suggestion
    assert '+ f"?user={user}&token={token}",' in suggestion
