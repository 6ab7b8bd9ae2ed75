"""Validated model of Stripe's Checkout Session *create* params (API ``2026-10-28.endive``).

Shapes and enums follow the typed params of stripe-python 16.1.0
(``stripe/params/checkout/_session_create_params.py``) and ``stripe-api.md`` §1; the model is
our own. It is written as ``TypedDict`` classes validated by one ``pydantic.TypeAdapter``
(measured faster than ``BaseModel`` + ``model_dump`` and it yields plain dicts directly).

Rules the model follows:

* Nothing is required and every field also accepts ``None`` (Stripe's schema requires no
  top-level param; the semantic checks live elsewhere). Only keys present in the input appear
  in the output.
* ``extra="allow"`` everywhere: unknown keys (legacy payloads) are kept verbatim, unvalidated.
* Lax coercion for form-encoded values: ``"2000"`` -> ``int``, ``"true"`` -> ``bool``,
  ``*_decimal`` and percentages -> ``decimal.Decimal``, numbers -> ``str`` for string fields.
  Metadata values are always strings (``True`` -> ``"true"``, ``42`` -> ``"42"``).
* Enums are closed ``Literal`` types: a value Stripe does not know is reported, not kept.

Legacy keys that are *modelled*: top-level ``payment_method_types`` (removed from create in
endive, present in nearly every old payload) and ``line_items[].dynamic_tax_rates`` (dahlia).
Other legacy keys (``line_items[].name``/``amount``, ``subscription_data.items``/``coupon`` ...)
are simply kept as unknown keys for the legacy normaliser.

``payment_method_options`` is modelled per payment method; ``card`` is modelled in full, the
other payment methods are opaque JSON objects (kept verbatim: they have no Dodo counterpart).

The nested objects and scalar types are in :mod:`migrate.mapping.stripe_shapes`; this module
holds the root type, its validator, the parameter paths and the lenient validation.

Public API: :func:`validate_lenient`, :class:`InvalidParam`, :data:`PARAM_PATHS`,
:class:`CheckoutSessionCreate` (the root type) and :data:`SESSION_CREATE_ADAPTER`.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, cast

from pydantic import (
    TypeAdapter,
    ValidationError,
    with_config,
)
from pydantic_core import ErrorDetails
from typing_extensions import TypedDict, is_typeddict

from migrate.mapping.stripe_shapes import (
    CONFIG,
    AfterExpiration,
    AllowedPaymentMethodType,
    AutomaticTax,
    BrandingSettings,
    ConsentCollection,
    CustomerUpdate,
    CustomField,
    CustomText,
    Discount,
    EnabledFlag,
    ExcludablePaymentMethodType,
    InvoiceCreation,
    LineItem,
    Locale,
    Metadata,
    NameCollection,
    OptionalItem,
    PaymentIntentData,
    PaymentMethodData,
    PaymentMethodOptions,
    Permissions,
    SavedPaymentMethodOptions,
    SetupIntentData,
    ShippingAddressCollection,
    ShippingOption,
    SubscriptionData,
    TaxIdCollection,
    WalletOptions,
)

__all__ = [
    "PARAM_PATHS",
    "SESSION_CREATE_ADAPTER",
    "CheckoutSessionCreate",
    "InvalidParam",
    "validate_lenient",
]


# --------------------------------------------------------------------------- the session


@with_config(CONFIG)
class CheckoutSessionCreate(TypedDict, total=False):
    """``POST /v1/checkout/sessions`` body (endive), plus legacy ``payment_method_types``."""

    adaptive_pricing: EnabledFlag | None
    after_expiration: AfterExpiration | None
    allow_promotion_codes: bool | None
    allowed_payment_method_types: list[AllowedPaymentMethodType] | None
    automatic_tax: AutomaticTax | None
    billing_address_collection: Literal["auto", "required"] | None
    branding_settings: BrandingSettings | None
    cancel_url: str | None
    client_reference_id: str | None
    consent_collection: ConsentCollection | None
    currency: str | None
    custom_fields: list[CustomField] | None
    custom_text: CustomText | None
    customer: str | None
    customer_account: str | None
    customer_creation: Literal["always", "if_required"] | None
    customer_email: str | None
    customer_update: CustomerUpdate | None
    discounts: list[Discount] | None
    excluded_payment_method_types: list[ExcludablePaymentMethodType] | None
    expand: list[str] | None
    expires_at: int | None
    integration_identifier: str | None
    invoice_creation: InvoiceCreation | None
    line_items: list[LineItem] | None
    locale: Locale | None
    managed_payments: EnabledFlag | None
    metadata: Metadata | None
    mode: Literal["payment", "setup", "subscription"] | None
    name_collection: NameCollection | None
    optional_items: list[OptionalItem] | None
    origin_context: Literal["mobile_app", "web"] | None
    payment_intent_data: PaymentIntentData | None
    payment_method_collection: Literal["always", "if_required"] | None
    payment_method_configuration: str | None
    payment_method_data: PaymentMethodData | None
    payment_method_options: PaymentMethodOptions | None
    # Legacy: removed from *create* in endive (now allowed_payment_method_types); kept because
    # nearly every old payload has payment_method_types[]=card.
    payment_method_types: list[str] | None
    permissions: Permissions | None
    phone_number_collection: EnabledFlag | None
    redirect_on_completion: Literal["always", "if_required", "never"] | None
    return_url: str | None
    saved_payment_method_options: SavedPaymentMethodOptions | None
    setup_intent_data: SetupIntentData | None
    shipping_address_collection: ShippingAddressCollection | None
    shipping_options: list[ShippingOption] | None
    submit_type: Literal["auto", "book", "donate", "pay", "subscribe"] | None
    subscription_data: SubscriptionData | None
    success_url: str | None
    tax_id_collection: TaxIdCollection | None
    ui_mode: Literal["elements", "embedded_page", "form", "hosted_page"] | None
    wallet_options: WalletOptions | None


SESSION_CREATE_ADAPTER: TypeAdapter[CheckoutSessionCreate] = TypeAdapter(CheckoutSessionCreate)
"""The validator. ``validate_python`` returns a plain ``dict`` holding only the given keys."""


# --------------------------------------------------------------------------- parameter paths


def _param_paths(root: type) -> frozenset[str]:
    """All paths of the model in pattern style: ``line_items[].price_data.unit_amount``.

    Lists add ``[]``; maps with object values (``currency_options``) add ``.*``. Metadata and
    opaque objects are leaves. Containers are included.
    """
    paths: set[str] = set()
    hints_cache: dict[type, dict[str, Any]] = {}

    def walk(cls: type, prefix: str) -> None:
        hints = hints_cache.get(cls)
        if hints is None:
            hints = typing.get_type_hints(cls)
            hints_cache[cls] = hints
        for name, tp in hints.items():
            path = f"{prefix}{name}"
            paths.add(path)
            walk_type(tp, path)

    def walk_type(tp: Any, path: str) -> None:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            walk_type(typing.get_args(tp)[0], path)
        elif origin is Union or origin is types.UnionType:
            for arg in typing.get_args(tp):
                walk_type(arg, path)
        elif origin is list:
            (item,) = typing.get_args(tp)
            if _has_fields(item):
                walk_type(item, f"{path}[]")
        elif origin is dict:
            _, value = typing.get_args(tp)
            if _has_fields(value):
                walk_type(value, f"{path}.*")
        elif isinstance(tp, type) and is_typeddict(tp):
            walk(tp, f"{path}.")

    walk(root, "")
    return frozenset(paths)


def _has_fields(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    if origin is Annotated:
        return _has_fields(typing.get_args(tp)[0])
    if origin is Union or origin is types.UnionType:
        return any(_has_fields(arg) for arg in typing.get_args(tp))
    return isinstance(tp, type) and is_typeddict(tp)


PARAM_PATHS: frozenset[str] = _param_paths(CheckoutSessionCreate)
"""Every parameter path the model knows (pattern style, containers included)."""


# --------------------------------------------------------------------------- lenient validation

_MAX_PASSES = 8
_VALUE_CHARS = 60
_MESSAGE_CHARS = 160


@dataclass(frozen=True, slots=True)
class InvalidParam:
    """A value removed by :func:`validate_lenient`.

    ``path`` is concrete, e.g. ``line_items[0].price_data.unit_amount`` (map keys are dotted:
    ``metadata.order_id``); ``value`` is a repr cut to 60 characters.
    """

    path: str
    message: str
    value: str


def validate_lenient(data: Mapping[str, Any]) -> tuple[dict[str, Any], list[InvalidParam]]:
    """Validate a Checkout Session create payload, dropping what cannot be validated.

    Returns the validated payload (only the keys given, Stripe's names, coerced values,
    unknown keys verbatim) and the values that were removed, each at its deepest location:
    a bad field inside a list element removes that field, a list element of the wrong type
    removes that element. Never raises for bad input.
    """
    if type(data) is not dict and not isinstance(data, Mapping):
        return {}, [InvalidParam("", "expected an object", _short_repr(data))]
    try:
        return cast(dict[str, Any], SESSION_CREATE_ADAPTER.validate_python(data)), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_context=False, include_input=False)

    work = cast(dict[str, Any], _copy(data))
    invalid: list[InvalidParam] = []
    for _ in range(_MAX_PASSES):
        removed = _remove_invalid(work, errors)
        if not removed:
            break
        invalid.extend(removed)
        try:
            return cast(dict[str, Any], SESSION_CREATE_ADAPTER.validate_python(work)), invalid
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_context=False, include_input=False)
    # Could not converge (should not happen): keep nothing rather than unvalidated data.
    invalid.append(InvalidParam("", "could not be validated", _short_repr(data)))
    return {}, invalid


def _copy(value: Any) -> Any:
    """Copy the JSON containers (dicts, lists) so removal never touches the caller's data."""
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_copy(v) for v in value]
    return value


def _resolve(data: dict[str, Any], loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """The deepest concrete path of an error location inside ``data``.

    Location parts that are not keys/indexes of the data (pydantic's union member tags such as
    ``literal['']`` or ``CustomTextMessage``, ``[key]`` markers) are skipped.
    """
    path: list[int | str] = []
    node: Any = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            path.append(part)
    return tuple(path)


def _remove_invalid(work: dict[str, Any], errors: list[ErrorDetails]) -> list[InvalidParam]:
    """Delete the value at each error's deepest location; report what was deleted."""
    messages: dict[tuple[int | str, ...], list[str]] = {}
    for err in errors:
        path = _resolve(work, tuple(err["loc"]))
        if path:
            msgs = messages.setdefault(path, [])
            if err["msg"] not in msgs:
                msgs.append(err["msg"])
    # Keep the deepest paths: a shallower one that prefixes another comes from a union branch
    # and is re-checked on the next pass.
    chosen = [
        p for p in messages if not any(len(q) > len(p) and q[: len(p)] == p for q in messages)
    ]
    # Resolve every container before deleting anything (list deletions shift indexes).
    targets: list[tuple[Any, int | str, tuple[int | str, ...]]] = []
    for path in chosen:
        parent: Any = work
        for part in path[:-1]:
            parent = parent[part]
        targets.append((parent, path[-1], path))
    removed = [
        InvalidParam(
            _format_path(path), _shorten("; ".join(messages[path])), _short_repr(parent[key])
        )
        for parent, key, path in targets
    ]
    for parent, key, _ in sorted(targets, key=_deletion_order):
        del parent[key]
    return removed


def _deletion_order(target: tuple[Any, int | str, tuple[int | str, ...]]) -> tuple[int, int]:
    """List indexes are deleted from the highest down; dict keys in any order."""
    _, key, _ = target
    return (0, -key) if isinstance(key, int) else (1, 0)


def _format_path(path: tuple[int | str, ...]) -> str:
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(f".{part}" if out else part)
    return "".join(out)


def _short_repr(value: Any) -> str:
    return _shorten(repr(value), _VALUE_CHARS)


def _shorten(text: str, limit: int = _MESSAGE_CHARS) -> str:
    """Cut ``text`` to ``limit`` characters (long enum lists in pydantic's messages)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
