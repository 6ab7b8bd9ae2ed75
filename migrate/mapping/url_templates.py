"""Stripe's URL templates (``{CHECKOUT_SESSION_ID}``) in the source of an expression that builds
a return URL: where the suggested code can remove the query parameter or path segment holding
one, and where it cannot (then C003 says to remove it by hand). The mapping decides the finding,
the scan's suggestion writes the removal: both read this one test."""

from __future__ import annotations

import re
from typing import Final

_S: Final = r"[\s\x00-\x02]"
"""White space, and the marks ``scan --fix`` holds a carried source's line breaks as while it
indents the call (``\\x00``-``\\x02``): a join split over lines is one."""
_TEMPLATE: Final = r"(?:\{\{CHECKOUT_SESSION_ID\}\}|\{CHECKOUT_SESSION_ID\})"
"""Stripe's URL templates (``{CHECKOUT_SESSION_ID}``), doubled in Python f-strings and C#
interpolated strings."""
_PARAM: Final = r"[A-Za-z0-9_.~%\[\]-]+"
_QUOTED: Final = rf"""(?:'{_TEMPLATE}'|"{_TEMPLATE}")"""
_NAMED: Final = rf"""(?::?\w+|'\w+'|"\w+"){_S}*(?:=>|:|=){_S}*{_QUOTED}"""
_PAIR: Final = re.compile(_NAMED)
_PAIR_AFTER: Final = re.compile(rf"{_S}*,{_S}*{_NAMED}")
_PAIR_BEFORE: Final = re.compile(rf"{_NAMED}{_S}*,{_S}*")
"""The query parameter a URL helper is given by name, its value the template alone: a keyword
argument (Rails' ``success_url(session_id: "{CHECKOUT_SESSION_ID}")``, Flask's ``url_for(...,
session_id="...")``) or a pair of an array or hash (Laravel's ``route('paid', ['session_id' =>
'...'])``), removed with the comma beside it."""
_ADD_QUERY_ARG: Final = re.compile(
    rf"""\badd_query_arg\(\s*(?:'\w+'|"\w+")\s*,\s*{_QUOTED}\s*,\s*"""
    r"(?P<url>[^(),]*(?:\([^()]*\)[^(),]*)*)\s*\)"
)
"""WordPress's ``add_query_arg('session_id', '{CHECKOUT_SESSION_ID}', $url)``: the URL itself."""
_QUERY_LINK: Final = re.compile(
    rf"""{_S}*\.{_S}*(?:queryParam|addParameter|setParameter|appendQueryParameter)\(\s*"""
    rf"""(?:'\w+'|"\w+")\s*,\s*{_QUOTED}\s*\)"""
)
"""A URL builder's link adding the template as a query parameter (Spring's
``UriComponentsBuilder....queryParam("session_id", "{CHECKOUT_SESSION_ID}")``, Apache's
``URIBuilder.addParameter``, Android's ``appendQueryParameter``): the chain without it."""


def without_session_template(text: str) -> str | None:
    """``text`` (a URL, or the source of an expression that builds one) without the query
    parameter or path segment that holds a Stripe template such as ``{CHECKOUT_SESSION_ID}``,
    removed from the text as written; ``None`` when a template stays (it is not in a query
    parameter or a path segment: C003 says to deal with it by hand)."""
    if not re.search(_TEMPLATE, text):
        return text
    out = _QUERY_GOES_ON.sub(r"\g<end>\g<join>?", text)
    out = re.sub(rf"([?&]){_PARAM}={_TEMPLATE}&", r"\1", out)
    out = re.sub(rf"[?&]{_PARAM}={_TEMPLATE}", "", out)
    out = re.sub(rf"/{_TEMPLATE}", "", out)
    out = _JOINED_VALUE.sub(r"\g<q>", out)
    out = _ADD_QUERY_ARG.sub(r"\g<url>", out)
    out = _QUERY_LINK.sub("", out)
    out = _PAIR_AFTER.sub("", out)
    out = _PAIR_BEFORE.sub("", out)
    out = _PAIR.sub("", out)
    out = _AFTER_COMPUTED.sub("", out)
    if re.search(_TEMPLATE, out):
        return None
    out = _EMPTY_ADJACENT.sub("", out)  # (f"{base}/ok" "?session_id={...}"): no `""` after
    return _EMPTY_JOIN.sub("", out)  # `base + "?session_id={...}"`: `base`, not `base + ""`


_AFTER_COMPUTED: Final = re.compile(rf"""(?<=\}}){_PARAM}={_TEMPLATE}(?=["'`])""")
"""A parameter last in an interpolated literal, after a separator the code computes
(`` `${base}${sep}sid={CHECKOUT_SESSION_ID}` ``): it goes, the separator left last."""
_QUERY_GOES_ON: Final = re.compile(
    rf"""\?{_PARAM}={_TEMPLATE}(?P<end>["'`]{_S}*)(?P<join>(?:\+|\.){_S}*(?:[fF]|\$|@)?["'`])&"""
)
"""The query's first parameter, the template, ending its literal while the query goes on in
the literal joined after it (``"/back?sid={CHECKOUT_SESSION_ID}" + f"&user={name}"``): the next
parameter becomes the first (``"/back" + f"?user={name}"``), not ``/back&user=...``."""
_JOINED_VALUE: Final = re.compile(
    rf"""[?&]{_PARAM}=(?P<q>["']){_S}*(?:\+|\.){_S}*{_QUOTED}{_S}*$"""
)
"""A parameter whose value is a literal of its own joined last (``base + "?sid=" +
"{CHECKOUT_SESSION_ID}"``): the name ends the literal before it, both go."""
_EMPTY_JOIN: Final = re.compile(rf"""{_S}*(?:\+|\.){_S}*(?:""|''){_S}*$""")
"""An empty string literal the removal leaves joined at the end of the expression."""
_EMPTY_ADJACENT: Final = re.compile(rf"""(?<=["']){_S}+(?:\\{_S}*)?(?:""|'')(?={_S}*\)?{_S}*$)""")
"""An empty string literal the removal leaves last among adjacent literals, which Python and
Ruby join (``(f"{base}/ok"`` then ``"")`` on the next line; in Ruby after a backslash)."""
