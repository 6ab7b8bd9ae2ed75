"""The shapes inside Stripe's Checkout Session create params (API ``2026-10-28.endive``): the
scalar types (metadata strings, bounded decimals, the closed enums) and every nested object
(line items, subscription and payment intent data, shipping, custom fields, collection options,
payment method options), as ``TypedDict`` classes. The root type, its validator and the lenient
validation are in :mod:`migrate.mapping.stripe_params`, which documents the rules they follow.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    with_config,
)
from typing_extensions import TypedDict

from migrate.readers.limits import MAX_DIGITS, check

CONFIG = ConfigDict(extra="allow", coerce_numbers_to_str=True)
"""Every object: unknown keys kept verbatim, numbers accepted for strings (form values)."""
_config = with_config(CONFIG)


# --------------------------------------------------------------------------- scalar types


def _metadata_strings(value: Any) -> Any:
    """Stripe metadata is str -> str: turn JSON numbers and booleans into their form strings."""
    if isinstance(value, dict):
        for item in value.values():
            if type(item) is not str:
                return {k: _metadata_string(v) for k, v in value.items()}
    return value


def _metadata_string(value: Any) -> Any:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    return value  # anything else is reported by the str validator


Metadata = Annotated[dict[str, str], BeforeValidator(_metadata_strings)]
"""``metadata``: str -> str; numbers and booleans given in JSON become strings."""


def _in_range(value: Decimal) -> Decimal:
    if check(value) is not None:
        raise ValueError(f"more than {MAX_DIGITS} digits, or beyond 10^{MAX_DIGITS} in size")
    return value


Dec = Annotated[Decimal, Field(allow_inf_nan=False), AfterValidator(_in_range)]
"""Decimal from ``"12.5"``, ``12.5`` or ``12``; NaN and infinities are rejected, and so are
numbers past :data:`migrate.readers.limits.MAX_DIGITS` (``"1e999999999"``): their arithmetic
would overflow or run for minutes."""

OpaqueObject = dict[str, Any]
"""A JSON object kept verbatim (no schema)."""

Interval = Literal["day", "week", "month", "year"]
TaxBehavior = Literal["exclusive", "inclusive", "unspecified"]
LiabilityType = Literal["account", "self"]
AutoNever = Literal["auto", "never"]
EnabledDisabled = Literal["enabled", "disabled"]
AllowRedisplay = Literal["always", "limited", "unspecified"]
DeliveryUnit = Literal["business_day", "day", "hour", "month", "week"]
IfAvailableNever = Literal["if_available", "never"]

ExcludablePaymentMethodType = Literal[
    "acss_debit", "affirm", "afterpay_clearpay", "alipay", "alma", "amazon_pay",
    "au_becs_debit", "bacs_debit", "bancontact", "billie", "bizum", "blik", "boleto", "card",
    "cashapp", "crypto", "customer_balance", "eps", "fpx", "giropay", "grabpay", "ideal",
    "kakao_pay", "klarna", "konbini", "kr_card", "mb_way", "mobilepay", "multibanco",
    "naver_pay", "nz_bank_account", "oxxo", "p24", "pay_by_bank", "payco", "paynow", "paypal",
    "paypay", "payto", "pix", "promptpay", "revolut_pay", "samsung_pay", "satispay", "scalapay",
    "sepa_debit", "sequra", "sofort", "sunbit", "swish", "twint", "upi", "us_bank_account",
    "wechat_pay", "zip",
]  # fmt: skip
"""``excluded_payment_method_types[]`` values (endive)."""

AllowedPaymentMethodType = Literal[ExcludablePaymentMethodType, "link"]
"""``allowed_payment_method_types[]`` values (endive): the excludable ones plus ``link``."""

Locale = Literal[
    "auto", "bg", "cs", "da", "de", "el", "en", "en-GB", "es", "es-419", "et", "fi", "fil",
    "fr", "fr-CA", "hi-IN", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "mt", "nb",
    "nl", "pl", "pt", "pt-BR", "ro", "ru", "sk", "sl", "sv", "th", "tr", "vi", "zh", "zh-HK",
    "zh-TW",
]  # fmt: skip

ShippingCountry = Literal[
    "AC", "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AT", "AU", "AW", "AX",
    "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ",
    "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CD", "CF", "CG", "CH", "CI", "CK", "CL",
    "CM", "CN", "CO", "CR", "CV", "CW", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC",
    "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FO", "FR", "GA", "GB", "GD", "GE",
    "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY",
    "HK", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IS", "IT", "JE",
    "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KR", "KW", "KY", "KZ", "LA", "LB",
    "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG",
    "MK", "ML", "MM", "MN", "MO", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ",
    "NA", "NC", "NE", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF",
    "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PY", "QA", "RE", "RO", "RS", "RU",
    "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO",
    "SR", "SS", "ST", "SV", "SX", "SZ", "TA", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL",
    "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "US", "UY", "UZ", "VA", "VC",
    "VE", "VG", "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW", "ZZ",
]  # fmt: skip
"""``shipping_address_collection.allowed_countries[]`` values."""

FontFamily = Literal[
    "", "be_vietnam_pro", "bitter", "chakra_petch", "default", "hahmlet", "inconsolata",
    "inter", "lato", "lora", "m_plus_1_code", "montserrat", "noto_sans", "noto_sans_jp",
    "noto_serif", "nunito", "open_sans", "pridi", "pt_sans", "pt_serif", "raleway", "roboto",
    "roboto_slab", "source_sans_pro", "titillium_web", "ubuntu_mono", "zen_maru_gothic",
]  # fmt: skip


# --------------------------------------------------------------------------- line_items[]


@_config
class ProductTaxDetails(TypedDict, total=False):
    """``line_items[].price_data.product_data.tax_details``."""

    performance_location: str | None
    tax_code: str | None  # "" allowed


@_config
class ProductData(TypedDict, total=False):
    """``line_items[].price_data.product_data`` (``name`` is required by Stripe)."""

    name: str | None
    description: str | None
    images: list[str] | None
    metadata: Metadata | None
    tax_code: str | None
    tax_details: ProductTaxDetails | None
    unit_label: str | None


@_config
class Recurring(TypedDict, total=False):
    """``line_items[].price_data.recurring`` (``interval`` is required by Stripe)."""

    interval: Interval | None
    interval_count: int | None


@_config
class PriceData(TypedDict, total=False):
    """``line_items[].price_data``: an inline Price."""

    currency: str | None
    product: str | None
    product_data: ProductData | None
    recurring: Recurring | None
    tax_behavior: TaxBehavior | None
    unit_amount: int | None
    unit_amount_decimal: Dec | None


@_config
class AdjustableQuantity(TypedDict, total=False):
    """``line_items[].adjustable_quantity`` and ``optional_items[].adjustable_quantity``."""

    enabled: bool | None
    maximum: int | None
    minimum: int | None


@_config
class LineItem(TypedDict, total=False):
    """``line_items[]``. ``dynamic_tax_rates`` is legacy (dahlia; absent from 16.1.0)."""

    adjustable_quantity: AdjustableQuantity | None
    dynamic_tax_rates: list[str] | None
    metadata: Metadata | None
    price: str | None
    price_data: PriceData | None
    quantity: int | None
    tax_rates: list[str] | None


@_config
class OptionalItem(TypedDict, total=False):
    """``optional_items[]`` (``price`` and ``quantity`` are required by Stripe)."""

    adjustable_quantity: AdjustableQuantity | None
    price: str | None
    quantity: int | None


# --------------------------------------------------------------------------- subscription_data


@_config
class TrialEndBehavior(TypedDict, total=False):
    """``subscription_data.trial_settings.end_behavior``."""

    missing_payment_method: Literal["cancel", "create_invoice", "pause"] | None


@_config
class TrialSettings(TypedDict, total=False):
    """``subscription_data.trial_settings``."""

    end_behavior: TrialEndBehavior | None


@_config
class BillingCycleAnchorConfig(TypedDict, total=False):
    """``subscription_data.billing_cycle_anchor_config``."""

    day_of_month: int | None
    hour: int | None
    minute: int | None
    month: int | None
    second: int | None


@_config
class BillingModeFlexible(TypedDict, total=False):
    """``subscription_data.billing_mode.flexible``."""

    proration_discounts: Literal["included", "itemized"] | None


@_config
class BillingMode(TypedDict, total=False):
    """``subscription_data.billing_mode``."""

    type: Literal["classic", "flexible"] | None
    flexible: BillingModeFlexible | None


@_config
class NameValue(TypedDict, total=False):
    """An invoice custom field ``{name, value}``."""

    name: str | None
    value: str | None


@_config
class Issuer(TypedDict, total=False):
    """``{type: account|self, account}`` (invoice issuer, tax liability)."""

    type: LiabilityType | None
    account: str | None


@_config
class SubscriptionInvoiceSettings(TypedDict, total=False):
    """``subscription_data.invoice_settings``."""

    account_tax_ids: Literal[""] | list[str] | None
    custom_fields: Literal[""] | list[NameValue] | None
    description: str | None
    footer: str | None
    issuer: Issuer | None


@_config
class PendingInvoiceItemInterval(TypedDict, total=False):
    """``subscription_data.pending_invoice_item_interval``."""

    interval: Interval | None
    interval_count: int | None


@_config
class SubscriptionTransferData(TypedDict, total=False):
    """``subscription_data.transfer_data``."""

    amount_percent: Dec | None
    destination: str | None


@_config
class SubscriptionData(TypedDict, total=False):
    """``subscription_data`` (subscription mode)."""

    application_fee_percent: Dec | None
    billing_cycle_anchor: int | None
    billing_cycle_anchor_config: BillingCycleAnchorConfig | None
    billing_mode: BillingMode | None
    default_tax_rates: list[str] | None
    description: str | None
    invoice_settings: SubscriptionInvoiceSettings | None
    metadata: Metadata | None
    on_behalf_of: str | None
    pending_invoice_item_interval: PendingInvoiceItemInterval | None
    proration_behavior: Literal["create_prorations", "none"] | None
    transfer_data: SubscriptionTransferData | None
    trial_end: int | None
    trial_period_days: int | None
    trial_settings: TrialSettings | None


# --------------------------------------------------------------------------- payment_intent_data


@_config
class ShippingAddress(TypedDict, total=False):
    """``payment_intent_data.shipping.address``."""

    city: str | None
    country: str | None
    line1: str | None
    line2: str | None
    postal_code: str | None
    state: str | None


@_config
class Shipping(TypedDict, total=False):
    """``payment_intent_data.shipping``."""

    address: ShippingAddress | None
    carrier: str | None
    name: str | None
    phone: str | None
    tracking_number: str | None


@_config
class PaymentIntentTransferData(TypedDict, total=False):
    """``payment_intent_data.transfer_data``."""

    amount: int | None
    destination: str | None


@_config
class PaymentIntentData(TypedDict, total=False):
    """``payment_intent_data`` (payment mode)."""

    application_fee_amount: int | None
    capture_method: Literal["automatic", "automatic_async", "manual"] | None
    description: str | None
    metadata: Metadata | None
    on_behalf_of: str | None
    receipt_email: str | None
    setup_future_usage: Literal["off_session", "on_session"] | None
    shipping: Shipping | None
    statement_descriptor: str | None
    statement_descriptor_suffix: str | None
    transfer_data: PaymentIntentTransferData | None
    transfer_group: str | None


@_config
class SetupIntentData(TypedDict, total=False):
    """``setup_intent_data`` (setup mode)."""

    description: str | None
    metadata: Metadata | None
    on_behalf_of: str | None


# --------------------------------------------------------------------------- shipping


@_config
class ShippingAddressCollection(TypedDict, total=False):
    """``shipping_address_collection``."""

    allowed_countries: list[ShippingCountry] | None


@_config
class CurrencyOption(TypedDict, total=False):
    """``shipping_options[].shipping_rate_data.fixed_amount.currency_options.<currency>``."""

    amount: int | None
    tax_behavior: TaxBehavior | None


@_config
class FixedAmount(TypedDict, total=False):
    """``shipping_options[].shipping_rate_data.fixed_amount``."""

    amount: int | None
    currency: str | None
    currency_options: dict[str, CurrencyOption] | None


@_config
class DeliveryEstimateBound(TypedDict, total=False):
    """``...delivery_estimate.minimum`` / ``.maximum``."""

    unit: DeliveryUnit | None
    value: int | None


@_config
class DeliveryEstimate(TypedDict, total=False):
    """``shipping_options[].shipping_rate_data.delivery_estimate``."""

    maximum: DeliveryEstimateBound | None
    minimum: DeliveryEstimateBound | None


@_config
class ShippingRateData(TypedDict, total=False):
    """``shipping_options[].shipping_rate_data``: an inline ShippingRate."""

    delivery_estimate: DeliveryEstimate | None
    display_name: str | None
    fixed_amount: FixedAmount | None
    metadata: Metadata | None
    tax_behavior: TaxBehavior | None
    tax_code: str | None
    type: Literal["fixed_amount"] | None


@_config
class ShippingOption(TypedDict, total=False):
    """``shipping_options[]``: ``shipping_rate`` (id) or ``shipping_rate_data``."""

    shipping_rate: str | None
    shipping_rate_data: ShippingRateData | None


# --------------------------------------------------------------------------- custom fields / text


@_config
class CustomFieldLabel(TypedDict, total=False):
    """``custom_fields[].label``."""

    custom: str | None
    type: Literal["custom"] | None


@_config
class DropdownOption(TypedDict, total=False):
    """``custom_fields[].dropdown.options[]``."""

    label: str | None
    value: str | None


@_config
class CustomFieldDropdown(TypedDict, total=False):
    """``custom_fields[].dropdown``."""

    default_value: str | None
    options: list[DropdownOption] | None


@_config
class CustomFieldInput(TypedDict, total=False):
    """``custom_fields[].numeric`` and ``custom_fields[].text``."""

    default_value: str | None
    maximum_length: int | None
    minimum_length: int | None


@_config
class CustomField(TypedDict, total=False):
    """``custom_fields[]``."""

    dropdown: CustomFieldDropdown | None
    key: str | None
    label: CustomFieldLabel | None
    numeric: CustomFieldInput | None
    optional: bool | None
    text: CustomFieldInput | None
    type: Literal["dropdown", "numeric", "text"] | None


@_config
class CustomTextMessage(TypedDict, total=False):
    """``custom_text.<position>`` = ``{message}``."""

    message: str | None


@_config
class CustomText(TypedDict, total=False):
    """``custom_text``: each position is ``{message}`` or ``""`` (unset)."""

    after_submit: Literal[""] | CustomTextMessage | None
    shipping_address: Literal[""] | CustomTextMessage | None
    submit: Literal[""] | CustomTextMessage | None
    terms_of_service_acceptance: Literal[""] | CustomTextMessage | None


# --------------------------------------------------------------------------- collection options


@_config
class EnabledFlag(TypedDict, total=False):
    """``{enabled}``: adaptive_pricing, phone_number_collection, managed_payments, ..."""

    enabled: bool | None


@_config
class TaxIdCollection(TypedDict, total=False):
    """``tax_id_collection``."""

    enabled: bool | None
    required: Literal["if_supported", "never"] | None


@_config
class AutomaticTax(TypedDict, total=False):
    """``automatic_tax``."""

    enabled: bool | None
    liability: Issuer | None


@_config
class PaymentMethodReuseAgreement(TypedDict, total=False):
    """``consent_collection.payment_method_reuse_agreement``."""

    position: Literal["auto", "hidden"] | None


@_config
class ConsentCollection(TypedDict, total=False):
    """``consent_collection``."""

    payment_method_reuse_agreement: PaymentMethodReuseAgreement | None
    promotions: Literal["auto", "none"] | None
    terms_of_service: Literal["none", "required"] | None


@_config
class CustomerUpdate(TypedDict, total=False):
    """``customer_update`` (needs ``customer``)."""

    address: AutoNever | None
    name: AutoNever | None
    shipping: AutoNever | None


@_config
class Discount(TypedDict, total=False):
    """``discounts[]``: ``{coupon}`` or ``{promotion_code}``."""

    coupon: str | None
    promotion_code: str | None


@_config
class InvoiceRenderingOptions(TypedDict, total=False):
    """``invoice_creation.invoice_data.rendering_options``."""

    amount_tax_display: Literal["", "exclude_tax", "include_inclusive_tax"] | None
    template: str | None


@_config
class InvoiceData(TypedDict, total=False):
    """``invoice_creation.invoice_data``."""

    account_tax_ids: Literal[""] | list[str] | None
    custom_fields: Literal[""] | list[NameValue] | None
    description: str | None
    footer: str | None
    issuer: Issuer | None
    metadata: Metadata | None
    rendering_options: Literal[""] | InvoiceRenderingOptions | None


@_config
class InvoiceCreation(TypedDict, total=False):
    """``invoice_creation`` (payment mode post-payment invoice)."""

    enabled: bool | None
    invoice_data: InvoiceData | None


@_config
class SavedPaymentMethodOptions(TypedDict, total=False):
    """``saved_payment_method_options``."""

    allow_redisplay_filters: list[AllowRedisplay] | None
    payment_method_remove: EnabledDisabled | None
    payment_method_save: EnabledDisabled | None


@_config
class PaymentMethodData(TypedDict, total=False):
    """``payment_method_data``."""

    allow_redisplay: AllowRedisplay | None


@_config
class AfterExpirationRecovery(TypedDict, total=False):
    """``after_expiration.recovery``."""

    allow_promotion_codes: bool | None
    enabled: bool | None


@_config
class AfterExpiration(TypedDict, total=False):
    """``after_expiration``."""

    recovery: AfterExpirationRecovery | None


@_config
class NameCollectionOption(TypedDict, total=False):
    """``name_collection.business`` / ``name_collection.individual``."""

    enabled: bool | None
    optional: bool | None


@_config
class NameCollection(TypedDict, total=False):
    """``name_collection``."""

    business: NameCollectionOption | None
    individual: NameCollectionOption | None


@_config
class Permissions(TypedDict, total=False):
    """``permissions``."""

    update_shipping_details: Literal["client_only", "server_only"] | None


@_config
class WalletOptionsLink(TypedDict, total=False):
    """``wallet_options.link``."""

    display: AutoNever | None


@_config
class WalletOptions(TypedDict, total=False):
    """``wallet_options``."""

    link: WalletOptionsLink | None


@_config
class BrandingImage(TypedDict, total=False):
    """``branding_settings.icon`` / ``branding_settings.logo``."""

    file: str | None
    type: Literal["file", "url"] | None
    url: str | None


@_config
class BrandingSettings(TypedDict, total=False):
    """``branding_settings``."""

    background_color: str | None
    border_style: Literal["", "pill", "rectangular", "rounded"] | None
    button_color: str | None
    display_name: str | None
    font_family: FontFamily | None
    icon: BrandingImage | None
    logo: BrandingImage | None


# --------------------------------------------------------------------------- payment_method_options


@_config
class CardInstallments(TypedDict, total=False):
    """``payment_method_options.card.installments``."""

    enabled: bool | None


@_config
class CardRestrictions(TypedDict, total=False):
    """``payment_method_options.card.restrictions``."""

    brands_blocked: (
        list[Literal["american_express", "discover_global_network", "mastercard", "visa"]] | None
    )
    funding_types_blocked: list[Literal["credit", "debit", "prepaid"]] | None


@_config
class CardOptions(TypedDict, total=False):
    """``payment_method_options.card``."""

    capture_method: Literal["manual"] | None
    installments: CardInstallments | None
    request_extended_authorization: IfAvailableNever | None
    request_incremental_authorization: IfAvailableNever | None
    request_multicapture: IfAvailableNever | None
    request_overcapture: IfAvailableNever | None
    request_three_d_secure: Literal["any", "automatic", "challenge"] | None
    restrictions: CardRestrictions | None
    setup_future_usage: Literal["off_session", "on_session"] | None
    statement_descriptor_suffix_kana: str | None
    statement_descriptor_suffix_kanji: str | None


@_config
class PaymentMethodOptions(TypedDict, total=False):
    """``payment_method_options``: ``card`` modelled; other methods are opaque objects."""

    acss_debit: OpaqueObject | None
    affirm: OpaqueObject | None
    afterpay_clearpay: OpaqueObject | None
    alipay: OpaqueObject | None
    alma: OpaqueObject | None
    amazon_pay: OpaqueObject | None
    au_becs_debit: OpaqueObject | None
    bacs_debit: OpaqueObject | None
    bancontact: OpaqueObject | None
    billie: OpaqueObject | None
    blik: OpaqueObject | None
    boleto: OpaqueObject | None
    card: CardOptions | None
    cashapp: OpaqueObject | None
    crypto: OpaqueObject | None
    customer_balance: OpaqueObject | None
    demo_pay: OpaqueObject | None
    eps: OpaqueObject | None
    fpx: OpaqueObject | None
    giropay: OpaqueObject | None
    grabpay: OpaqueObject | None
    ideal: OpaqueObject | None
    kakao_pay: OpaqueObject | None
    klarna: OpaqueObject | None
    konbini: OpaqueObject | None
    kr_card: OpaqueObject | None
    link: OpaqueObject | None
    mobilepay: OpaqueObject | None
    multibanco: OpaqueObject | None
    naver_pay: OpaqueObject | None
    oxxo: OpaqueObject | None
    p24: OpaqueObject | None
    pay_by_bank: OpaqueObject | None
    payco: OpaqueObject | None
    paynow: OpaqueObject | None
    paypal: OpaqueObject | None
    payto: OpaqueObject | None
    pix: OpaqueObject | None
    revolut_pay: OpaqueObject | None
    samsung_pay: OpaqueObject | None
    satispay: OpaqueObject | None
    scalapay: OpaqueObject | None
    sepa_debit: OpaqueObject | None
    sequra: OpaqueObject | None
    sofort: OpaqueObject | None
    sunbit: OpaqueObject | None
    swish: OpaqueObject | None
    twint: OpaqueObject | None
    upi: OpaqueObject | None
    us_bank_account: OpaqueObject | None
    wechat_pay: OpaqueObject | None
