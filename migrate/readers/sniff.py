"""Whether a file found in a project's folder holds Stripe payloads at all.

``stripe2dodo report .`` (and ``plan --payloads .``) walk a whole repository, where every JSON,
text and shell file has a payload's extension: ``package.json``, ``tsconfig.json``, translation
catalogs, ``robots.txt``, release scripts. Read as payloads they were counted as Checkout
sessions (skipped ones counted clean), a locale's ``"expand": "Rozbalit"`` was a Checkout
parameter with a wrong type (blocked), and every script without a curl command was an error.
A file found in a folder is read as payloads only when its content shows Stripe's: a JSON
document (or the first of a JSON array or JSON Lines file) whose keys or values only a Stripe
request, object or event has, a form body or text naming a Checkout parameter, a curl command to
Stripe's API, a stripe2dodo snapshot. A file named on the command line is always read (and
reports what is wrong with it); a file found in a folder whose JSON does not parse is read when
its text names a Checkout parameter (so a broken payload file is still reported).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

from migrate.readers.limits import LimitError, loads

_HEAD: Final = 1 << 20
"""The bytes of a file read to tell (a larger JSON document is told by its text alone)."""

_KEYS: Final = frozenset(
    {
        "line_items",
        "lineItems",
        "success_url",
        "successUrl",
        "cancel_url",
        "cancelUrl",
        "ui_mode",
        "sessionId",
        "display_items",
        "client_reference_id",
        "customer_email",
        "payment_method_types",
        "subscription_data",
        "payment_intent_data",
        "allow_promotion_codes",
        "price_data",
        "off_session",
        "setup_future_usage",
        "capture_method",
        "proration_behavior",
        "payment_behavior",
        "cancel_at_period_end",
        "subscription_details",
        "subscription_items",
        "flow_directions",
        "billing_address_collection",
        "shipping_address_collection",
        "automatic_tax",
        "tax_id_collection",
        "consent_collection",
        "phone_number_collection",
        "custom_fields",
        "invoice_creation",
    }
)
"""Keys only a Stripe request or object has (``expand``, ``locale``, ``metadata``, ``mode``,
``amount`` and ``currency`` are words any JSON may use: they are told by their values)."""
_VALUES: Final = {
    "mode": frozenset({"payment", "subscription", "setup"}),
    "usage": frozenset({"on_session", "off_session"}),
}
_OBJECT: Final = re.compile(
    r"^(?:checkout\.session|payment_intent|setup_intent|subscription|stripe2dodo\.\w+)$"
)
"""Objects a payload file may record (an event is told by the object it carries; a customer,
price or invoice fixture is not a payload)."""
_ID: Final = re.compile(r"^(?:cs|pi|seti|sub)_\w+$")
_TEXT: Final = re.compile(
    r"line_items|lineItems|success_url|successUrl|cancel_url|payment_method_types"
    r"|client_reference_id|price_data|api\.stripe\.com|/v1/(?:checkout|payment_intents"
    r"|setup_intents|subscriptions|prices|products)|stripe2dodo"
)


_JSON_TEXT: Final = re.compile(
    r'"(?:' + "|".join(sorted(_KEYS)) + r')"\s*:'
    r'|"mode"\s*:\s*"(?:payment|subscription|setup)"|"object"\s*:\s*"checkout\.session"'
)
"""A Stripe key or value in the text of a JSON document that does not parse."""
_FORM_TEXT: Final = re.compile(
    r"(?:^|[&\s'\"])(?:mode=(?:payment|subscription|setup)|usage=o|off_session=|amount=\d"
    r"|setup_future_usage=|capture_method=|proration_behavior=|customer_email=|"
    r"(?:" + "|".join(sorted(_KEYS)) + r")(?:\[|=))",
    re.MULTILINE,
)
"""A Stripe parameter in a form body (``mode=payment&...``)."""


def looks_like_payload(path: Path) -> bool:
    """Whether the file at ``path``, found in a folder, holds Stripe payloads (see the module
    doc); a file that cannot be read is read anyway (its error is then reported)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
            whole = not handle.read(1)
    except OSError:
        return True
    text = head.decode("utf-8", "replace").lstrip("\ufeff").lstrip()
    named = _TEXT.search(text) is not None
    if not text.startswith(("{", "[")):  # form bodies, curl commands, prose holding curl
        return named or _FORM_TEXT.search(text) is not None
    first, _, rest = text.partition("\n")
    try:  # JSON Lines (or one document on its first line): its first record tells
        return stripe_document(_parsed(first)) or (named and bool(rest.strip()))
    except ValueError:
        pass
    if not whole:
        return named  # a large JSON document: by its text
    try:
        return stripe_document(_parsed(text))
    except ValueError:
        return named or _JSON_TEXT.search(text) is not None  # broken: read, and reported


def _parsed(text: str) -> Any:
    try:
        return loads(text)
    except (LimitError, RecursionError) as err:
        raise ValueError(str(err)) from err


def stripe_document(doc: Any) -> bool:
    """Whether a JSON value is a Stripe request, object or event (an array: one of its first
    elements is)."""
    if isinstance(doc, list):
        return any(stripe_document(d) for d in doc[:5])
    if not isinstance(doc, dict):
        return False
    if _KEYS & doc.keys():
        return True
    for key, allowed in _VALUES.items():
        if doc.get(key) in allowed:
            return True
    if isinstance(doc.get("amount"), int) and isinstance(doc.get("currency"), str):
        return True
    kind, ident = doc.get("object"), doc.get("id")
    if isinstance(kind, str) and _OBJECT.match(kind):
        return True
    if isinstance(ident, str) and _ID.match(ident):
        return True
    data = doc.get("data")
    return isinstance(data, dict) and stripe_document(data.get("object"))


__all__ = ["looks_like_payload", "stripe_document"]
