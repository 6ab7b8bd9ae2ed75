"""A return or cancel URL a helper of the project builds with a Stripe template (C003).

Read in a screen-recording app's guest checkout: ``const u = backUrls(process.env.BASE!)``,
``success_url: u.ok``, where ``backUrls`` (another module of the project) returns
``{ ok: `${base}/thanks?sid={CHECKOUT_SESSION_ID}` }``. The call shows only a run-time URL, so
the scan said only that it *may* hold a template (RT008, an info, hidden without ``-v``), and
Dodo's return page got the template's text. Where the URL is a helper's call (or a local bound
to one), and that helper's text (in the file, or imported from another file of the tree) writes
the template, C003 says so, naming the helper: the template is to be removed there by hand.
A helper of the file itself is read where the URL is (``template_locals.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from ast_grep_py import SgNode

from migrate.findings import Finding
from migrate.scan.configured_urls import FIELDS, template_finding
from migrate.scan.extract import Dynamic
from migrate.scan.helper_reads import calls_helper, helper_texts
from migrate.scan.made_fields import bound_value
from migrate.scan.template_locals import TEMPLATE

_ROOT: Final = re.compile(r"^\s*[$@]?([A-Za-z_]\w*)\b")
_MEMBER: Final = re.compile(r"(?:\.|->|\[['\"])([A-Za-z_]\w*)['\"]?\]?$")
"""The key a URL reads of what the helper returns (``u.ok``, ``urls['ok']``)."""


def _writes(body: str, key: str) -> bool:
    """Whether a helper's text writes the template (on a line that sets ``key``, when the URL
    is one key of what it returns)."""
    return any(
        TEMPLATE.search(line) and (not key or key in line) and not _COMMENT.match(line)
        for line in body.splitlines()
    )


_COMMENT: Final = re.compile(r"^\s*(?://|#|\*|/\*)")


def helper_templates(
    node: SgNode, dynamic: Iterable[Dynamic], family: str, path: str
) -> tuple[Finding, ...]:
    """C003 at each return or cancel URL of the call at ``node`` that a helper of the project
    builds with ``{CHECKOUT_SESSION_ID}`` (the URL its call, or a member of a local bound to
    one)."""
    out: list[Finding] = []
    own = ""  # the file's text, read once: its own helpers are template_locals.py's
    for found in dynamic:
        if found.path not in FIELDS or TEMPLATE.search(found.source):
            continue  # a template the call shows is the translator's (C003, removed)
        texts = [found.source]
        root = _ROOT.match(found.source)
        value = bound_value(root.group(1), node, family) if root is not None else None
        if value is not None:
            texts.append(value.text())
        key = _MEMBER.search(found.source.strip())  # u.ok: only the line that sets `ok`
        own = own or node.get_root().root().text()
        helper = next(
            (
                name
                for text in texts
                if calls_helper(text)
                for name, body in helper_texts(text, node, family, path)
                if body not in own  # the file's own helpers: template_locals.py reads them
                and _writes(body, key.group(1) if key is not None else "")
            ),
            None,
        )
        if helper is None:
            continue
        removed = (
            f"it comes from `{found.source.strip()}`, which the helper `{helper}` builds with it:"
            " remove it there by hand"
        )
        out.append(template_finding(found.path, removed))
    return tuple(out)
