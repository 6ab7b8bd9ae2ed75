"""Checkout Sessions made by the Firebase extension "Run Payments with Stripe" (JavaScript and
Python).

An app using the extension (``firestore-stripe-payments``) never calls Stripe for a checkout: the
browser writes a document into the signed-in user's ``checkout_sessions`` collection, and the
extension's Cloud Function creates the Checkout Session from the document's fields, then writes
the session's ``url`` back for the page to redirect to::

    const ref = await addDoc(collection(db, "customers", uid, "checkout_sessions"), {
      price: priceId, success_url: origin, cancel_url: origin,
    });
    // v8: db.collection("customers").doc(uid).collection("checkout_sessions").add({...})
    # Python (firebase-admin): db.collection("customers").document(uid)
    #     .collection("checkout_sessions").add({...})

Each such write is a Checkout Session creation, read here as the Stripe params the extension
sends (its handler's defaults: ``mode`` subscription, ``quantity`` 1, the billing address
required; a ``price`` with its ``quantity`` is the one line item unless ``line_items`` is given;
``metadata`` goes on the subscription or the payment, ``trial_period_days`` and ``tax_rates`` on
the subscription, ``promotion_code`` is the discount; ``automatic_tax``, ``tax_id_collection``,
``invoice_creation`` are switches; ``collect_shipping_address`` collects an address in the
countries an extension document lists). A field the extension does not read (``createdAt``)
is the app's own record, no param. A ``client: "mobile"`` document makes a PaymentIntent for the
payment sheet, not a session: it is no creation here. The customer is the one the extension keeps
for the user (``customers/{uid}.stripeId``), no param of the code.
"""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import DYNAMIC, Dynamic, Extractor, arguments, is_dynamic

_COLLECTION: Final = re.compile(r"""^["'`](?:.*/)?checkout_sessions["'`]$""", re.DOTALL)
"""A collection path's last part, as the code writes it."""

_SAME: Final = frozenset(
    {
        "mode",
        "line_items",
        "success_url",
        "cancel_url",
        "locale",
        "payment_method_types",
        "shipping_rates",
        "customer_update",
        "after_expiration",
        "consent_collection",
        "phone_number_collection",
        "expires_at",
        "billing_address_collection",
        "client_reference_id",
        "allow_promotion_codes",
        "payment_method_collection",
    }
)
"""Fields the extension passes to Stripe under the same name."""

_MOVED: Final = {
    "price": "line_items[0].price",
    "quantity": "line_items[0].quantity",
    "trial_period_days": "subscription_data.trial_period_days",
    "tax_rates": "subscription_data.default_tax_rates",
    "promotion_code": "discounts[0].promotion_code",
    "setup_future_usage": "payment_intent_data.setup_future_usage",
}
"""Fields the extension passes elsewhere (``metadata`` goes by the mode)."""

_SWITCHES: Final = ("automatic_tax", "tax_id_collection", "invoice_creation")
"""Fields the extension turns into ``{enabled: true}`` when they are set."""
_SOLD: Final = frozenset({"price", "line_items"})
"""A request names what it sells (a document without either makes no session)."""

SHIPPING_COUNTRIES: Final = "the allowed_countries of the extension's shipping_countries document"


_CALLS: Final = {"node": "call_expression", "python": "call"}
_MEMBERS: Final = {"node": ("member_expression", "property"), "python": ("attribute", "attribute")}
_DOCS: Final = frozenset({"doc", "document"})
"""A document reference: ``x.doc(uid)`` (JavaScript), ``x.document(uid)`` (Python)."""


def checkout_document(call: SgNode, ex: Extractor, family: str = "node") -> SgNode | None:
    """The document ``call`` writes when it adds one to a ``checkout_sessions`` collection
    (``addDoc(ref, doc)``, ``ref.add(doc)``; Python's ``ref.add({...})``) that makes a web
    Checkout Session; None otherwise."""
    if "checkout_sessions" not in ex.source:  # most files: every .add() call is another's
        return None
    callee = call.field("function")
    if callee is None:
        return None
    args = arguments(call)
    ref: SgNode | None
    member = _member(callee, family)
    if family == "node" and callee.kind() == "identifier" and callee.text() == "addDoc":
        if len(args) != 2:
            return None
        ref, doc = args
    elif member is not None and member[1] == "add" and len(args) == 1:
        ref, doc = member[0], args[0]
    else:
        return None
    if ref is None or not _sessions(ref, ex, family):
        return None
    fields = ex.value(doc, "", record=False)
    if type(fields) is not dict or is_dynamic(fields) or not _SOLD & set(fields):
        return None  # a record the app keeps of its sessions (no price) is no request
    return None if fields.get("client", "web") != "web" else doc


def _member(node: SgNode, family: str) -> tuple[SgNode | None, str] | None:
    """``(object, name)`` when ``node`` is a member access (``a.b``), else None."""
    kind, field = _MEMBERS[family]
    if node.kind() != kind:
        return None
    name = node.field(field)
    return (node.field("object"), name.text()) if name is not None else None


def _bound(node: SgNode, ex: Extractor) -> SgNode:
    """``node`` unwrapped, through the one binding of a name."""
    node = ex.unwrap(node)
    if node.kind() == "identifier":
        found = ex.binding(node)
        if found is not None:
            return ex.unwrap(found[0])
    return node


def _sessions(ref: SgNode, ex: Extractor, family: str) -> bool:
    """Whether ``ref`` is a user's ``checkout_sessions`` collection: ``collection(db, ...,
    "checkout_sessions")``, ``x.doc(uid).collection("checkout_sessions")`` (Python's
    ``document``), a path ending in it, or a name bound to one of those."""
    ref = _bound(ref, ex)
    if ref.kind() != _CALLS[family]:
        return False
    callee = ref.field("function")
    member = _member(callee, family) if callee is not None else None
    name = member[1] if member is not None else (callee.text() if callee is not None else "")
    args = arguments(ref)
    if name != "collection" or not args or _COLLECTION.match(args[-1].text()) is None:
        return False
    # the extension's is a user's subcollection: customers/{uid}/checkout_sessions
    if args[-1].text().count("/") >= 2:  # the path in one string
        return True
    if member is not None:  # x.doc(uid).collection(...), or a name bound to x.doc(uid)
        return member[0] is not None and _document(member[0], ex, family)
    return len(args) >= 4 or (len(args) == 2 and _document(args[0], ex, family))


def _document(node: SgNode, ex: Extractor, family: str) -> bool:
    """Whether ``node`` is a document reference: ``x.doc(uid)``, ``doc(db, "customers",
    uid)``, or a name bound to one."""
    node = _bound(node, ex)
    if node.kind() != _CALLS[family]:
        return False
    callee = node.field("function")
    if callee is None:
        return False
    member = _member(callee, family)
    name = member[1] if member is not None else callee.text()
    return name in _DOCS


def firestore_params(doc: SgNode, ex: Extractor) -> dict[str, Any]:
    """The Stripe params the extension sends for the document ``doc`` (see the module
    docstring); ``ex.dynamic`` is kept in the same terms."""
    fields: dict[str, Any] = {}
    ex.merge(fields, doc, "", doc.text())
    mode = fields.get("mode", "subscription")
    moved = dict(_MOVED)
    moved["metadata"] = (
        "payment_intent_data.metadata" if mode == "payment" else "subscription_data.metadata"
    )
    if mode == "payment":  # the extension sends these for a subscription only
        for key in ("trial_period_days", "tax_rates"):
            moved.pop(key)
    else:
        moved.pop("setup_future_usage")
    params: dict[str, Any] = {"mode": "subscription", "billing_address_collection": "required"}
    for key, value in fields.items():
        if key in _SAME:
            params[key] = value
        elif key in moved and key not in _ITEM:
            _put(params, moved[key], value)
        elif key in _SWITCHES:
            params[key] = {"enabled": True} if value is True else _switch(value)
        elif key == "collect_shipping_address" and value is not False:
            countries = {DYNAMIC: SHIPPING_COUNTRIES}
            params["shipping_address_collection"] = {"allowed_countries": countries}
            ex.dynamic.append(
                Dynamic("shipping_address_collection.allowed_countries", SHIPPING_COUNTRIES)
            )
    given = "line_items" in fields and fields["line_items"] not in (None, [])
    if not given and "price" in fields:  # the one line the extension makes of a price
        params["line_items"] = [{"price": fields["price"], "quantity": fields.get("quantity", 1)}]
    if "promotion_code" in fields:
        params.pop("allow_promotion_codes", None)
    read = [d for d in ex.dynamic if _read(d.path, moved) and not (given and d.path in _ITEM)]
    ex.dynamic[:] = [_moved(d, moved) for d in read]
    return params


_ITEM: Final = ("price", "quantity")


def _switch(value: Any) -> Any:
    """A switch known only at run time: on when it holds."""
    if is_dynamic(value):
        return {"enabled": value}
    return {"enabled": bool(value)}


def _put(params: dict[str, Any], path: str, value: Any) -> None:
    """``value`` at the dotted ``path`` (``line_items[0].price``) of ``params``."""
    head, _, leaf = path.rpartition(".")
    into = params
    for part in head.split(".") if head else ():
        name, _, index = part.partition("[")
        if index:
            items = into.setdefault(name, [{}])
            into = items[int(index.rstrip("]"))]
        else:
            into = into.setdefault(name, {})
    into[leaf] = value


def _read(path: str, moved: dict[str, str]) -> bool:
    """Whether a field's run-time value is one the extension reads (``moved``: those it moves,
    for the document's mode)."""
    first = re.split(r"[.\[]", path, maxsplit=1)[0]
    known = _SAME | set(moved) | set(_SWITCHES) | {"collect_shipping_address"}
    return first in known or path.startswith("shipping_address_collection")


def _moved(dynamic: Dynamic, moved: dict[str, str]) -> Dynamic:
    first, sep, rest = dynamic.path.partition(".")
    if first in moved:
        return Dynamic(moved[first] + (sep + rest if rest else ""), dynamic.source)
    if first in _SWITCHES:
        return Dynamic(f"{first}.enabled", dynamic.source)
    return dynamic
