"""Stripe.net's services as C# code names them (``migrate/scan/lang/csharp.py``): which service
class, ``StripeClient`` path and options class each guard stands for, and what a file's
``using`` directives, fields and properties say a name is (a ``SessionService`` of
``Stripe.Checkout``, not its ``Stripe.BillingPortal`` namesake)."""

from __future__ import annotations

import json
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import OMIT, is_dynamic, text
from migrate.scan.nodes import of_kind

SERVICES: Final = {
    "csharp_session_service": ("SessionService", "Checkout.Sessions", "SessionCreateOptions"),
    "csharp_subscription_service": (
        "SubscriptionService",
        "V1.Subscriptions",
        "SubscriptionUpdateOptions",
    ),
    "csharp_payment_intent_service": (
        "PaymentIntentService",
        "V1.PaymentIntents",
        "PaymentIntentCreateOptions",
    ),
    "csharp_setup_intent_service": (
        "SetupIntentService",
        "V1.SetupIntents",
        "SetupIntentCreateOptions",
    ),
    "csharp_charge_service": ("ChargeService", "V1.Charges", "ChargeCreateOptions"),
    "csharp_subscription_item_service": (
        "SubscriptionItemService",
        "V1.SubscriptionItems",
        "SubscriptionItemUpdateOptions",
    ),
    "csharp_invoice_service": ("InvoiceService", "V1.Invoices", "InvoiceCreatePreviewOptions"),
    "csharp_usage_record_service": (
        "UsageRecordService",
        "V1.SubscriptionItems.UsageRecords",
        "UsageRecordCreateOptions",
    ),
    "csharp_meter_event_service": (
        "MeterEventService",
        "V1.Billing.MeterEvents",
        "MeterEventCreateOptions",
    ),
    # the catalog's writes (X031)
    "csharp_product_service": ("ProductService", "V1.Products", "ProductCreateOptions"),
    "csharp_price_service": ("PriceService", "V1.Prices", "PriceCreateOptions"),
    "csharp_plan_service": ("PlanService", "V1.Plans", "PlanCreateOptions"),
}
"""Guard -> (service class, ``StripeClient`` property path, the options class its call takes)."""


def using_names(root: SgNode) -> dict[str, str]:
    """``using`` directives: namespace -> itself, alias -> what it names."""
    out: dict[str, str] = {}
    for node in of_kind(root, "using_directive"):
        alias = node.field("name")
        names = [c for c in node.named_children() if c.kind() in ("qualified_name", "identifier")]
        target = "".join(names[-1].text().split()) if names else ""
        if alias is not None and names and names[-1] != alias:
            out[alias.text()] = target
        elif target:
            out[target] = target
    return out


def member_types(root: SgNode) -> dict[str, str]:
    """The declared type of each field, property and primary-constructor parameter."""
    out: dict[str, str] = {}
    for node in of_kind(root, "variable_declarator"):
        parent = node.parent()
        grand = parent.parent() if parent is not None else None
        if (
            parent is None
            or grand is None
            or grand.kind()
            not in (
                "field_declaration",
                "event_field_declaration",
            )
        ):
            continue
        out.setdefault(text(node.field("name")), text(parent.field("type")))
    for node in of_kind(root, "property_declaration"):
        out.setdefault(text(node.field("name")), text(node.field("type")))
    for node in of_kind(root, "parameter"):
        owner = node.parent()
        owner = owner.parent() if owner is not None else None
        if owner is not None and owner.kind() in (
            "class_declaration",
            "record_declaration",
            "struct_declaration",
        ):
            out.setdefault(text(node.field("name")), text(node.field("type")))
    return out


def flat_type(typ: str, usings: dict[str, str]) -> str:
    flat = "".join(typ.split()).removeprefix("global::").split("<", 1)[0].rstrip("?")
    return usings.get(flat, flat)


def service_kind(
    typ: str | None, service: tuple[str, str, str], usings: dict[str, str]
) -> bool | None:
    """True when ``typ`` is the service, False when it is its billing portal namesake (or
    another known type), None when it says nothing."""
    if typ is None:
        return None
    flat = flat_type(typ, usings)
    cls, client_path, _ = service
    if flat == client_path or flat.endswith("." + client_path):
        return True
    if "BillingPortal" in flat:
        return False
    if cls == "MeterEventService" and flat in (f"Stripe.Billing.{cls}", f"Billing.{cls}"):
        return True
    if flat in (cls, f"Stripe.{cls}", f"Stripe.Checkout.{cls}", f"Checkout.{cls}"):
        if cls == "SessionService" and flat in ("SessionService", "Stripe.SessionService"):
            return not portal_only(usings)
        return True
    return None


def options_kind(typ: str | None, options: str, usings: dict[str, str]) -> bool:
    if typ is None:
        return False
    flat = flat_type(typ, usings)
    if options == "SessionCreateOptions":
        if flat in ("Stripe.Checkout.SessionCreateOptions", "Checkout.SessionCreateOptions"):
            return True
        return flat == options and "Stripe.Checkout" in usings
    return flat in (options, f"Stripe.{options}")


def csharp_choice(cond: str, then: Any, else_: Any) -> str:
    """A choice a statement under an ``if`` makes, as C# writes it (``promo ? refId : null``),
    for a finding to quote instead of the whole ``if`` statement."""
    return f"{' '.join(cond.split())} ? {_source(then)} : {_source(else_)}"


def _source(value: Any) -> str:
    if is_dynamic(value):
        return " ".join(str(value["$dynamic"]).split())
    if value is None or value is OMIT:
        return "null"
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is str:
        return json.dumps(value, ensure_ascii=False)
    if type(value) is dict:  # the params' keys, as the finding's paths name them
        return "new { " + ", ".join(f"{k} = {_source(v)}" for k, v in value.items()) + " }"
    if type(value) is list:
        return "new[] { " + ", ".join(_source(v) for v in value) + " }"
    return repr(value)


_NUMBERS: Final = frozenset(
    {
        "int",
        "long",
        "short",
        "byte",
        "sbyte",
        "uint",
        "ulong",
        "ushort",
        "decimal",
        "double",
        "float",
    }
)
_FUNCTION_KINDS: Final = (
    "method_declaration",
    "constructor_declaration",
    "local_function_statement",
)


def nullable_default(receiver: SgNode) -> Any:
    """What ``receiver.GetValueOrDefault()`` gives when ``receiver`` is null, where the method
    it is in declares it once as a nullable number (0) or bool (False): a parameter or a local
    (``int? seats``); OMIT when its type is not known here."""
    if receiver.kind() != "identifier":
        return OMIT
    function = next((a for a in receiver.ancestors() if a.kind() in _FUNCTION_KINDS), None)
    if function is None:
        return OMIT
    name, types = receiver.text(), []
    for param in function.find_all(kind="parameter"):
        if text(param.field("name")) == name:
            types.append(param.field("type"))
    for declaration in function.find_all(kind="variable_declaration"):
        names = [
            c.child(0) for c in declaration.named_children() if c.kind() == "variable_declarator"
        ]
        if any(n is not None and n.text() == name for n in names):
            types.append(declaration.field("type"))
    if len(types) != 1 or types[0] is None or types[0].kind() != "nullable_type":
        return OMIT
    inner = "".join(types[0].text().split()).removesuffix("?")
    return 0 if inner in _NUMBERS else False if inner == "bool" else OMIT


BILLING_PORTAL_GUARD: Final = "csharp_billing_portal"
"""The guard of ``Create`` on Stripe.net's billing portal ``SessionService`` (X036)."""
_PORTAL: Final = "Stripe.BillingPortal"


def portal_only(usings: dict[str, str]) -> bool:
    """Whether a file's ``using`` directives name the billing portal's namespace and not
    Checkout's: there ``SessionService`` and ``SessionCreateOptions`` are the portal's."""
    return _PORTAL in usings and "Stripe.Checkout" not in usings


def portal_service(typ: str | None, usings: dict[str, str]) -> bool | None:
    """True when ``typ`` is the billing portal's ``SessionService`` (or its ``StripeClient``
    path), False when it is another known type, None when it says nothing."""
    if typ is None:
        return None
    flat = flat_type(typ, usings)
    if flat in (f"{_PORTAL}.SessionService", "BillingPortal.SessionService"):
        return True
    if flat.endswith("BillingPortal.Sessions"):
        return True
    if flat in ("SessionService", "Stripe.SessionService"):
        return portal_only(usings)
    return None


def portal_options(typ: str | None, usings: dict[str, str]) -> bool:
    """Whether ``typ`` is the billing portal's ``SessionCreateOptions``."""
    if typ is None:
        return False
    flat = flat_type(typ, usings)
    if flat in (f"{_PORTAL}.SessionCreateOptions", "BillingPortal.SessionCreateOptions"):
        return True
    return flat == "SessionCreateOptions" and portal_only(usings)
