"""The sites of a file that are neither calls nor creations: a string or SDK constant naming a
Stripe webhook event (X004), and a loop retrying a Stripe call (the retry rule)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ast_grep_py import SgNode

from migrate.mapping.webhooks import by_squashed, load_events
from migrate.scan.extract import quoted
from migrate.scan.nodes import of_kind
from migrate.scan.patterns import RETRY_LOOP, WEBHOOK_EVENT, Language
from migrate.scan.retry import RetryLoop
from migrate.scan.site import CallSite, located, related_finding

_EVENT_OBJECTS: Final = (
    "checkout.session",
    "customer",
    "invoice",
    "payment_intent",
    "charge",
    "setup_intent",
    "product",
    "price",
)
_EVENT_TEXT: Final = re.compile(r"^(" + "|".join(re.escape(o) for o in _EVENT_OBJECTS) + r")\.")
_EVENT_STARTS: Final = tuple(f"{o}." for o in _EVENT_OBJECTS)
"""What a string naming an event starts with (``customer.``...), as a file's text holds it (no
escape in them: a string's content is its text between the quotes)."""
_STRIPE: Final = re.compile("stripe", re.IGNORECASE)
"""A file's text naming Stripe: there a string of a Stripe event's name is Stripe's event."""
_TYPICAL: Final = (
    "checkout.session.",
    "customer.subscription.",
    "payment_intent.",
    "invoice.paid",
    "invoice.payment_succeeded",
    "invoice.payment_failed",
)
"""Events of Stripe's own vocabulary: a file naming no Stripe but one of these (and no name of
their shape Stripe lacks) is Stripe's webhook dispatch code, split from the rest."""


def _longest_name(prefix: str) -> str:
    """The longest name in an SDK constant's prefix (``EventType`` in ``stripe.EventType``): a
    constant written with spaces or line breaks around its dots still holds it as written."""
    names: list[str] = re.findall(r"\w+", prefix)
    return max(names, key=len)


def event_names(root: SgNode, language: Language, text: str) -> Iterator[tuple[SgNode, str]]:
    """String literals (and SDK constants) naming a Stripe webhook event type. Their strings
    (constants) are read only in a file whose text holds what each must start with; in a file
    naming no Stripe, only when they are Stripe's (:data:`_TYPICAL`)."""
    events = load_events()
    strings = any(start in text for start in _EVENT_STARTS)
    found: list[tuple[SgNode, str]] = []
    foreign = False  # a name of the same shape Stripe has no event of
    for kind in language.string_kinds if strings else ():
        for node in of_kind(root, kind, r"^[\"'`@]*[a-z_]+\.[a-z_.]+[\"'`]$"):
            content = quoted(node.text())
            if content is not None and _EVENT_TEXT.match(content):
                if content in events:
                    found.append((node, content))
                else:
                    foreign = True
    if found and _STRIPE.search(text) is None:
        # a file naming no Stripe: another system's events of the same names (a billing app's
        # own outgoing webhooks, "invoice.created" beside "invoice.drafted"), unless it names
        # events only Stripe's vocabulary has and none it lacks (dispatch code split off)
        typical = any(e.startswith(_TYPICAL) for _, e in found)
        found = found if typical and not foreign else []
    yield from found
    if language.event_constants and any(
        _longest_name(prefix) in text for prefix in language.event_constants
    ):
        squashed = by_squashed()
        for node in of_kind(root, language.constant_kind):
            flat = "".join(node.text().split())
            for prefix in language.event_constants:
                if flat.startswith(prefix):
                    entry = squashed.get(flat[len(prefix) :].lower())
                    if entry is not None:
                        yield node, entry.stripe
                    break


def event_site(
    node: SgNode, event: str, language: Language, path: str, lines: list[str]
) -> CallSite:
    entry = load_events()[event]
    finding = related_finding(
        WEBHOOK_EVENT, event=event, dodo=entry.describe(), advice=entry.note, level=entry.level
    )
    return CallSite(
        file=path,
        **located(node, lines),
        language=language.name,
        kind="related",
        callee=node.text(),
        params={},
        dynamic=(),
        translation=None,
        findings=(finding,),
        suggestion=finding.suggestion,
        rule=WEBHOOK_EVENT,
        event=event,
    )


def retry_site(loop: RetryLoop, language: Language, path: str, lines: list[str]) -> CallSite:
    finding = related_finding(RETRY_LOOP, breaks="; ".join(loop.breaks))
    return CallSite(
        file=path,
        **located(loop.node, lines),
        language=language.name,
        kind="related",
        callee=loop.callee,
        params={},
        dynamic=(),
        translation=None,
        findings=(finding,),
        suggestion=finding.suggestion,
        rule=RETRY_LOOP,
    )
