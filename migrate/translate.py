"""Map: current Stripe Checkout Session params -> a Dodo ``POST /checkouts`` body, plus findings.

Pure: no I/O. A walker visits every Stripe field; the rule declared for its path (mappings/)
names a transform, an outcome and a level. Transforms write into a ``Cart`` being built; a final
pass assembles the body, checks Dodo's rules and compares the money.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from migrate.controls import CODE as CONTROL_CODE
from migrate.controls import screen_controls
from migrate.findings import Finding, Outcome
from migrate.idmap import INTERVALS, IdMap
from migrate.money import MoneyLine, check_money, format_amount
from migrate.normalise import Normalised, normalise
from migrate.products import content_hash, placeholder_id, product_spec
from migrate.rules import DodoEnums, Rule, load_enums, load_table
from migrate.sources.base import InputProblem, RawPayload, SourceRef
from migrate.stripe_params import validate_lenient
from migrate.trace import Trace, short
from migrate.walk import walk

Status = Literal["translated", "skipped", "error"]

BODY_ORDER = (
    "product_cart",
    "customer",
    "billing_address",
    "allowed_payment_method_types",
    "billing_currency",
    "discount_codes",
    "feature_flags",
    "metadata",
    "minimal_address",
    "return_url",
    "cancel_url",
    "custom_fields",
    "customization",
    "show_saved_payment_methods",
    "subscription_data",
    "confirm",
    "payment_method_id",
)
MAX_CART = 20
MAX_CUSTOM_FIELDS = 5
MAX_METADATA_KEYS = 50
MAX_METADATA_VALUE = 500
_META_KEY = re.compile(r"[^A-Za-z0-9_-]")
_TEMPLATE = re.compile(r"\{[A-Z_]+\}")
_LAST_TIMESTAMP = 253_402_300_799  # 9999-12-31T23:59:59Z, the last instant gmtime can show
_DOC_TEMPLATE = re.compile(r"^\{\{.*\}\}$")


_NO_FIELDS: Mapping[str, tuple[Outcome, str]] = MappingProxyType({})


class Translation(NamedTuple):
    """The result for one input item: the Dodo body, what it needs, and what was found.

    Immutable (a NamedTuple: one is made per payload, so construction must be cheap)."""

    source: SourceRef
    status: Status
    stripe: dict[str, Any] | None = None
    dodo: dict[str, Any] | None = None
    requires: tuple[dict[str, Any], ...] = ()
    findings: tuple[Finding, ...] = ()
    fields: Mapping[str, tuple[Outcome, str]] = _NO_FIELDS
    money: dict[str, Any] | None = None
    error: str | None = None
    kind: str = "checkout_session"
    """What the Dodo call is: ``checkout_session`` or one of ``migrate.lifecycle.KINDS``."""
    request: tuple[str, str] | None = None
    """The Dodo call's method and path (``POST``, ``/subscriptions/{id}/charge``); None for a
    checkout session (always ``POST /checkouts``)."""
    fallback: dict[str, Any] | None = None
    """For a one-click upsell: the normal checkout body to send when the customer has no saved
    payment method."""

    def as_dict(self, *, full: bool = False) -> dict[str, Any]:
        """The result as JSON-able data; ``full`` adds the normalised Stripe params and the
        outcome of every Stripe field."""
        out: dict[str, Any] = {"source": self.source.as_dict(), "status": self.status}
        if self.error is not None:
            out["error"] = self.error
        if self.request is not None:
            out["kind"] = self.kind
            out["request"] = {"method": self.request[0], "path": self.request[1]}
        if self.dodo is not None:
            out["dodo"] = self.dodo
        if self.fallback is not None:
            out["fallback"] = self.fallback
        if self.requires:
            out["requires"] = list(self.requires)
        out["findings"] = [f.as_dict() for f in self.findings]
        if self.money is not None:
            out["money"] = self.money
        if full and self.stripe is not None:
            out["stripe"] = self.stripe
        if full and self.fields:
            out["fields"] = {p: [o.value, c] for p, (o, c) in self.fields.items()}
        return out


@dataclass(frozen=True)
class Options:
    """Translation settings. ``now`` (unix seconds) is the reference for ``trial_end``."""

    ids: IdMap = field(default_factory=IdMap.empty)
    now: int | None = None


@dataclass(slots=True)
class Line:
    """One Stripe line item while it is being translated."""

    index: int
    fields: dict[str, Any] = field(default_factory=dict)
    prefix: str = "line_items"
    """Where the line is in the Stripe params (``items`` for a subscription update)."""


class Cart:
    """Everything the transforms learn about one session, turned into a body at the end."""

    def __init__(self, trace: Trace, norm: Normalised, opts: Options, enums: DodoEnums) -> None:
        self.trace = trace
        self.norm = norm
        self.opts = opts
        self.enums = enums
        self.body: dict[str, Any] = {}
        self.flags: dict[str, bool] = {}
        self.lines: dict[int, Line] = {}
        self.metadata: dict[str, tuple[str, str]] = {}
        self.payment_methods: list[str] = []
        self.discounts: list[str] = []
        self.requires: dict[str, dict[str, Any]] = {}
        self.extra_lines: list[tuple[str, dict[str, Any], MoneyLine]] = []
        self.mode: str = "payment"
        self.customer_id: str | None = None
        self.customer_email: str | None = None
        self.minimal_address: bool | None = None
        self.trial_given = False
        self.money_lines: list[tuple[MoneyLine | None, MoneyLine | None]] = []

    def line(self, index: int) -> Line:
        got = self.lines.get(index)
        if got is None:
            got = self.lines[index] = Line(index)
        return got

    def set_body(self, dotted: str, value: Any) -> None:
        node = self.body
        *parents, last = dotted.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value

    def add_metadata(self, key: str, value: Any, path: str) -> None:
        text = value if isinstance(value, str) else str(value)
        self.metadata[key] = (text, path)

    def require(self, dodo_id: str, entry: dict[str, Any]) -> None:
        self.requires.setdefault(dodo_id, {"id": dodo_id, **entry})


Transform = Callable[[Cart, Rule, str, Any], Outcome | None]
TRANSFORMS: dict[str, Transform] = {}


def transform(
    name: str, registry: dict[str, Transform] = TRANSFORMS
) -> Callable[[Transform], Transform]:
    """Register a transform under ``name`` (in the checkout registry unless told)."""

    def register(fn: Transform) -> Transform:
        registry[name] = fn
        return fn

    return register


# ---------------------------------------------------------------------------------------------
# The walker


def walk_rules(
    cart: Cart,
    params: Mapping[str, Any],
    tree: Mapping[str, Any],
    unknown_code: str,
    transforms: Mapping[str, Transform],
) -> None:
    """Visit every Stripe parameter with the rule declared for its path in ``tree``, running
    its transform from ``transforms``; a parameter no rule covers gets ``unknown_code``."""

    def unknown(path: str, value: Any) -> None:
        cart.trace.emit(unknown_code, path, path=cart.trace.where(path))
        cart.trace.field(path, Outcome.DROPPED, unknown_code)

    walk(
        params,
        tree,
        "",
        lambda rule, path, value: _apply(cart, rule, path, value, transforms),
        unknown,
    )


def _apply(
    cart: Cart, rule: Rule, path: str, value: Any, transforms: Mapping[str, Transform]
) -> None:
    outcome: Outcome | None = None
    if rule.transform is not None:
        outcome = transforms[rule.transform](cart, rule, path, value)
    if outcome is None:
        assert rule.outcome is not None
        outcome = rule.outcome
        if cart.trace.table.levels[rule.code] is not None:
            shown = short(value) if "{value}" in rule.summary else ""
            cart.trace.emit(rule.code, path, value=shown, path=path)
    cart.trace.field(path, outcome, rule.code)


# ---------------------------------------------------------------------------------------------
# Transforms: each gets the rule, the concrete path and the value


_INDEX = re.compile(r"^line_items\[(\d+)\]\.(.+)$")


@transform("copy")
def _copy(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    assert rule.dodo is not None
    cart.set_body(rule.dodo, value)
    return None


@transform("line")
def _line(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    m = _INDEX.match(path)
    if m:
        cart.line(int(m.group(1))).fields[m.group(2)] = value
    return None


@transform("mode")
def _mode(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    cart.mode = str(value)
    return None


@transform("success_url")
def _success_url(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    url = str(value)
    templates = _TEMPLATE.findall(url) if "{" in url else None
    if templates:
        url = _strip_templates(url)
        cart.trace.emit("C003", path, template=", ".join(sorted(set(templates))))
        cart.set_body("return_url", url)
        return Outcome.APPROXIMATED
    cart.set_body("return_url", url)
    return None


def _strip_templates(url: str) -> str:
    base, _, query = url.partition("?")
    kept = [p for p in query.split("&") if p and not _TEMPLATE.search(p)]
    base = _TEMPLATE.sub("", base).replace("//", "/").replace(":/", "://")
    return base + ("?" + "&".join(kept) if kept else "")


@transform("customer")
def _customer(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    cart.customer_id = str(value)
    return None


@transform("customer_email")
def _customer_email(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    cart.customer_email = str(value)
    return None


@transform("customer_creation")
def _customer_creation(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if value == "always":
        cart.flags["always_create_new_customer"] = True
        effect = "every checkout creates a new Dodo customer (`always_create_new_customer`)"
    else:
        effect = "Dodo always records a customer, matched by email"
    cart.trace.emit(rule.code, path, value=value, effect=effect)
    return Outcome.APPROXIMATED


@transform("client_reference_id")
def _client_reference_id(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    cart.add_metadata("client_reference_id", value, path)
    return None


@transform("metadata")
def _metadata(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if isinstance(value, dict):
        for key, item in value.items():
            if item is not None and item != "":
                cart.add_metadata(str(key), item, f"{path}.{key}")
    return None


@transform("merge_metadata")
def _merge_metadata(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if isinstance(value, dict):
        for key, item in value.items():
            if item is not None and item != "" and key not in cart.metadata:
                cart.add_metadata(str(key), item, f"{path}.{key}")
    return None


@transform("allow_promotion_codes")
def _allow_promotion_codes(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    cart.flags["allow_discount_code"] = bool(value)
    return None


@transform("discounts")
def _discounts(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if not isinstance(value, list):
        return None
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            continue
        where = f"{path}[{i}]"
        coupon, promo = item.get("coupon"), item.get("promotion_code")
        stripe_id = coupon or promo
        if not isinstance(stripe_id, str):
            continue
        mapped = cart.opts.ids.get(stripe_id)
        if mapped is not None:
            code = mapped.id
        elif coupon:
            code = coupon.upper()
            cart.trace.emit("C016", where, coupon=coupon, code=code)
        else:
            code = "S2D" + content_hash(stripe_id)[:10].upper()
            what = "Promotion code"
            cart.trace.emit("C017", where, what=what, stripe_id=stripe_id, code=code)
            cart.require(code, {"kind": "discount", "stripe_id": stripe_id})
        if len(code) < 3:
            cart.trace.emit("D014", where, code=code)
        cart.discounts.append(code)
    return None


@transform("currency")
def _currency(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    currency = str(value).upper()
    if currency not in cart.enums.currencies:
        cart.trace.emit("D009", path, currency=currency)
        return Outcome.BLOCKED
    cart.body["billing_currency"] = currency
    cart.trace.emit(rule.code, path, currency=currency)
    return Outcome.APPROXIMATED


@transform("locale")
def _locale(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    table = rule.values or {}
    locale = str(value)
    if locale not in table:
        cart.trace.emit("C021", path, locale=locale)
        return Outcome.DROPPED
    language = table[locale]
    if language is None:
        return Outcome.MAPPED
    cart.set_body("customization.force_language", language)
    if language != locale:
        cart.trace.emit("C020", path, locale=locale, language=language)
        return Outcome.APPROXIMATED
    return None


@transform("billing_address_collection")
def _billing_address_collection(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    cart.minimal_address = value != "required"
    return None


@transform("phone_number_collection")
def _phone(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    enabled = bool(value.get("enabled")) if isinstance(value, dict) else False
    cart.flags["allow_phone_number_collection"] = enabled
    cart.flags["require_phone_number"] = enabled
    return None


@transform("tax_id_collection")
def _tax_id(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    enabled = bool(value.get("enabled")) if isinstance(value, dict) else False
    cart.flags["allow_tax_id"] = enabled
    if enabled and value.get("required") == "if_supported":
        cart.flags["require_tax_id"] = True
    return None


@transform("ui_mode")
def _ui_mode(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if value in ("hosted_page", "hosted"):
        return None
    cart.trace.emit("C031", path, mode=value)
    return Outcome.APPROXIMATED


@transform("custom_fields")
def _custom_fields(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if not isinstance(value, list):
        return None
    fields = []
    approximated = False
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            continue
        where = f"{path}[{i}]"
        key = str(item.get("key", f"field_{i}"))
        kind = item.get("type") or "text"
        label = item.get("label")
        label_text = label.get("custom") if isinstance(label, dict) else label
        out: dict[str, Any] = {
            "field_type": {"numeric": "number"}.get(str(kind), str(kind)),
            "key": key,
            "label": str(label_text or key),
            "required": not bool(item.get("optional", False)),
        }
        details = []
        sub = item.get(str(kind))
        if kind == "dropdown" and isinstance(sub, dict):
            options = sub.get("options") or []
            out["options"] = [
                str(o.get("label", o.get("value"))) for o in options if isinstance(o, dict)
            ]
            if any(isinstance(o, dict) and o.get("label") != o.get("value") for o in options):
                details.append("the buyer's choice comes back as the option label, not its value")
        if isinstance(sub, dict):
            if sub.get("minimum_length") is not None or sub.get("maximum_length") is not None:
                details.append("length limits are not enforced by Dodo")
            if sub.get("default_value") is not None:
                out["placeholder"] = str(sub["default_value"])
                details.append("the default value becomes a placeholder")
        if kind == "numeric":
            details.insert(0, "numeric becomes a number field")
        if details:
            approximated = True
            cart.trace.emit("C035", where, key=key, detail="; ".join(details))
        fields.append(out)
    if len(fields) > MAX_CUSTOM_FIELDS:
        cart.trace.emit("D013", path, count=len(fields))
    cart.body["custom_fields"] = fields
    return Outcome.APPROXIMATED if approximated else None


@transform("saved_payment_method_options")
def _saved_pm(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    show = False
    if isinstance(value, dict):
        filters = value.get("allow_redisplay_filters") or []
        show = "always" in filters or value.get("payment_method_save") == "enabled"
    if show:
        cart.body["show_saved_payment_methods"] = True
    cart.trace.emit(rule.code, path, show=str(show).lower())
    return Outcome.APPROXIMATED


@transform("payment_method_collection")
def _pm_collection(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if value == "always" or cart.mode != "subscription":
        return Outcome.MAPPED
    effect = "a trial may start without a card only if the Dodo product allows it"
    cart.trace.emit(rule.code, path, value=value, effect=effect)
    return Outcome.APPROXIMATED


@transform("trial_period_days")
def _trial_days(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    cart.trial_given = True
    cart.set_body("subscription_data.trial_period_days", value)
    return None


@transform("trial_end")
def _trial_end(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if not 0 <= int(value) <= _LAST_TIMESTAMP:
        error = "not a time before the year 10000"
        cart.trace.emit("C091", path, path=cart.trace.where(path), error=error, value=value)
        return Outcome.BLOCKED
    cart.trial_given = True
    recorded = cart.norm.recorded
    if recorded is not None and recorded.created:
        ref, label = recorded.created, "the recorded session's creation"
    elif cart.opts.now is not None:
        ref, label = cart.opts.now, "--now"
    else:
        ref, label = int(time.time()), "now"
    days = max(0, math.ceil((int(value) - ref) / 86400))
    body_sub = cart.body.setdefault("subscription_data", {})
    body_sub.setdefault("trial_period_days", days)
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(int(value)))
    cart.trace.emit(rule.code, path, trial_end=stamp, days=days, reference=label)
    return Outcome.APPROXIMATED


@transform("capture_method")
def _capture(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if value == "manual":
        cart.trace.emit(rule.code, path, value=value)
        return Outcome.BLOCKED
    return Outcome.MAPPED


@transform("setup_future_usage")
def _setup_future_usage(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    return None


@transform("payment_methods")
def _payment_methods(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if not isinstance(value, list):
        return None
    table = cart.trace.table.by_code["P021"].values or {}
    approximated = False
    for i, method in enumerate(value):
        targets = table.get(str(method))
        if not targets:
            cart.trace.emit("P022", f"{path}[{i}]", method=method)
            approximated = True
            continue
        for target in targets:
            if target not in cart.payment_methods:
                cart.payment_methods.append(target)
    if rule.code == "P020" and list(value) == ["card"]:
        cart.trace.emit("P023", path)
    return Outcome.APPROXIMATED if approximated else None


@transform("shipping_options")
def _shipping(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if not isinstance(value, list) or not value:
        return None
    charged = []
    for i, option in enumerate(value):
        if not isinstance(option, dict):
            continue
        data = option.get("shipping_rate_data")
        if not isinstance(data, dict):
            cart.trace.emit(
                "C026",
                f"{path}[{i}]",
                reason=f"rate {option.get('shipping_rate')} is referenced by id, "
                "so its amount is unknown",
            )
            return Outcome.BLOCKED
        fixed = data.get("fixed_amount")
        fixed = fixed if isinstance(fixed, dict) else {}
        amount, currency = fixed.get("amount"), fixed.get("currency")
        if amount == 0:
            cart.trace.emit("C027", f"{path}[{i}]", name=data.get("display_name", "?"))
            continue
        if not isinstance(amount, int) or not isinstance(currency, str):
            cart.trace.emit("C026", f"{path}[{i}]", reason="the rate has no fixed amount")
            return Outcome.BLOCKED
        charged.append((i, data.get("display_name") or "Shipping", amount, currency.upper()))
    if not charged:
        return Outcome.DROPPED
    if len(charged) > 1:
        cart.trace.emit("C026", path, reason="the buyer chooses between several paid rates")
        return Outcome.BLOCKED
    if cart.mode != "payment":
        cart.trace.emit(
            "C026", path, reason=f"a `{cart.mode}` checkout cannot hold a one-time shipping product"
        )
        return Outcome.BLOCKED
    i, name, amount, currency = charged[0]
    spec = product_spec(
        name=str(name),
        description=None,
        currency=currency,
        amount=amount,
        interval=None,
        interval_count=1,
        tax_inclusive=None,
        metadata={"stripe2dodo_role": "shipping"},
    )
    pid = placeholder_id("pdt", spec)
    cart.extra_lines.append(
        (
            f"{path}[{i}]",
            {"product_id": pid, "quantity": 1},
            MoneyLine(currency, Decimal(amount), None, 1),
        )
    )
    cart.require(
        pid, {"kind": "product", "stripe": {"shipping_rate_data": f"{path}[{i}]"}, "product": spec}
    )
    cart.trace.emit(rule.code, path, amount=format_amount(amount, currency))
    return Outcome.APPROXIMATED


# ---------------------------------------------------------------------------------------------
# Building the body


def resolve_line(
    cart: Cart, line: Line, money: list[tuple[MoneyLine | None, MoneyLine | None]]
) -> dict[str, Any] | None:
    trace = cart.trace
    where = f"{line.prefix}[{line.index}]"
    f = line.fields
    quantity = f.get("quantity", 1)
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        trace.emit("L109", f"{where}.quantity", quantity=quantity)
        return None
    price_id = f.get("price")
    if isinstance(price_id, str):
        return _resolve_price_id(cart, where, price_id, quantity, money)
    if any(k.startswith("price_data.") for k in f):
        return _resolve_price_data(cart, where, f, quantity, money)
    trace.emit("L103", where)
    return None


def _resolve_price_id(
    cart: Cart,
    where: str,
    price_id: str,
    quantity: int,
    money: list[tuple[MoneyLine | None, MoneyLine | None]],
) -> dict[str, Any]:
    trace, ids = cart.trace, cart.opts.ids
    if _DOC_TEMPLATE.match(price_id):
        trace.emit("L107", f"{where}.price", value=price_id)
    known = cart.norm.known_prices.get(price_id)
    stripe_side = None
    if known is not None:
        stripe_side = MoneyLine(
            known.currency, known.amount * quantity, _interval(known.interval), known.interval_count
        )
    mapped = ids.get(price_id)
    if mapped is None and known is not None and known.product and ids.get(known.product):
        mapped = ids.get(known.product)
        trace.emit("L111", f"{where}.price", stripe_id=price_id, product=known.product)
    dodo_side = None
    recurring = None
    if known is not None:
        recurring = known.interval is not None
    if stripe_side is None and mapped is not None and mapped.stripe is not None:
        said = mapped.stripe
        if said.price is not None and said.currency:
            stripe_side = MoneyLine(
                said.currency, Decimal(said.price) * quantity, said.interval, said.interval_count
            )
    if mapped is not None:
        product_id = mapped.id
        if mapped.price is not None and mapped.currency:
            dodo_side = MoneyLine(
                mapped.currency,
                Decimal(mapped.price) * quantity,
                mapped.interval,
                mapped.interval_count,
            )
            recurring = mapped.interval is not None
    else:
        product_id = placeholder_id("pdt", f"stripe_price_id:{price_id}")
        code = "L101" if ids.given else "L100"
        trace.emit(code, f"{where}.price", stripe_id=price_id, placeholder=product_id)
        entry: dict[str, Any] = {"kind": "product", "stripe": {"price": price_id}}
        if known is not None and _whole(known.amount) is None:
            trace.emit("L105", f"{where}.price", unit=known.amount, quantity=quantity)
        elif known is not None:
            spec = product_spec(
                name=known.name or f"Stripe {_id_kind(price_id)} {price_id}",
                description=None,
                currency=known.currency,
                amount=int(known.amount),
                interval=_interval(known.interval),
                interval_count=known.interval_count,
                tax_inclusive=None,
                metadata={"stripe_price_id": price_id},
            )
            entry["product"] = spec
            dodo_side = MoneyLine(
                known.currency,
                known.amount * quantity,
                _interval(known.interval),
                known.interval_count,
            )
        cart.require(product_id, entry)
    if recurring is None and price_id.startswith("plan_"):
        recurring = True
    money.append((stripe_side, dodo_side))
    return {
        "product_id": product_id,
        "quantity": quantity,
        "_recurring": recurring,
        "_where": where,
    }


def _resolve_price_data(
    cart: Cart,
    where: str,
    f: dict[str, Any],
    quantity: int,
    money: list[tuple[MoneyLine | None, MoneyLine | None]],
) -> dict[str, Any] | None:
    trace = cart.trace
    pd = f"{where}.price_data"
    currency = f.get("price_data.currency")
    if not isinstance(currency, str):
        trace.emit("L106", pd, field="currency")
        return None
    currency = currency.upper()
    if currency not in cart.enums.currencies:
        trace.emit("D009", f"{pd}.currency", currency=currency)
    raw = f.get("price_data.unit_amount", f.get("price_data.unit_amount_decimal"))
    if raw is None:
        trace.emit("L106", pd, field="unit_amount")
        return None
    try:
        unit = Decimal(str(raw))
    except InvalidOperation:
        trace.emit("L106", pd, field="unit_amount")
        return None
    interval_raw = f.get("price_data.recurring.interval")
    count = f.get("price_data.recurring.interval_count", 1)
    interval = _interval(interval_raw)
    if interval_raw is not None and (interval is None or not isinstance(count, int) or count < 1):
        trace.emit("L110", f"{pd}.recurring", interval=interval_raw, count=count)
        return None
    total = unit * quantity
    stripe_side = MoneyLine(currency, total, interval, count)
    cart_quantity = quantity
    amount = _whole(unit)
    if amount is None:
        whole_total = _whole(total)
        if whole_total is None:
            trace.emit("L105", f"{pd}.unit_amount_decimal", unit=unit, quantity=quantity)
            money.append((stripe_side, None))
            return None
        trace.emit("L104", f"{pd}.unit_amount_decimal", unit=unit, total=whole_total)
        amount, cart_quantity = whole_total, 1
    product = f.get("price_data.product")
    name = f.get("price_data.product_data.name")
    if not name:
        name = f"Stripe product {product}" if product else "Unnamed product"
        if product:
            trace.emit("L108", f"{pd}.product", product=product)
    metadata = {
        str(k): str(v) for k, v in (f.get("price_data.product_data.metadata") or {}).items()
    }
    if product:
        metadata["stripe_product_id"] = str(product)
    behaviour = f.get("price_data.tax_behavior")
    spec = product_spec(
        name=str(name),
        description=f.get("price_data.product_data.description"),
        currency=currency,
        amount=amount,
        interval=interval,
        interval_count=count,
        tax_inclusive={"inclusive": True, "exclusive": False}.get(str(behaviour)),
        metadata=metadata,
    )
    pid = placeholder_id("pdt", spec)
    entry: dict[str, Any] = {"kind": "product", "stripe": {"price_data": pd}, "product": spec}
    if f.get("price_data.product_data.images"):
        entry["images"] = list(f["price_data.product_data.images"])
    if f.get("price_data.product_data.tax_code"):
        entry["stripe_tax_code"] = f["price_data.product_data.tax_code"]
    cart.require(pid, entry)
    trace.emit("L102", pd, placeholder=pid)
    money.append(
        (stripe_side, MoneyLine(currency, Decimal(amount) * cart_quantity, interval, count))
    )
    return {
        "product_id": pid,
        "quantity": cart_quantity,
        "_recurring": interval is not None,
        "_where": where,
    }


def _id_kind(stripe_id: str) -> str:
    return {"sku": "SKU", "plan": "plan"}.get(stripe_id.split("_", 1)[0], "price")


def _interval(value: Any) -> str | None:
    return INTERVALS.get(str(value).lower()) if value else None


def _whole(value: Decimal) -> int | None:
    return int(value) if value == value.to_integral_value() else None


def _build_cart(cart: Cart) -> list[dict[str, Any]]:
    trace = cart.trace
    money: list[tuple[MoneyLine | None, MoneyLine | None]] = []
    entries = []
    for index in sorted(cart.lines):
        entry = resolve_line(cart, cart.lines[index], money)
        if entry is not None:
            entries.append(entry)
    if cart.mode == "setup" and not entries:
        currency = str(cart.norm.params.get("currency") or "usd").upper()
        pid = mandate_product(cart, currency, {"mode": "setup"})
        entries.append({"product_id": pid, "quantity": 1, "_recurring": True, "_where": "mode"})
        cart.set_body("subscription_data.on_demand", {"mandate_only": True})
        trace.emit("S100", "mode")
    for where, extra, line_money in cart.extra_lines:
        entries.append({**extra, "_recurring": False, "_where": where})
        money.append((line_money, line_money))
    if not entries and not cart.lines:
        trace.emit("D004", "line_items")
    kinds = [e["_recurring"] for e in entries]
    if True in kinds and False in kinds:
        detail = ", ".join(
            f"{e['_where']} {'recurring' if e['_recurring'] else 'one-time'}" for e in entries
        )
        trace.emit("D001", "line_items", detail=detail)
    elif len(entries) > 1 and (
        kinds.count(True) > 1 or (cart.mode == "subscription" and None in kinds)
    ):
        trace.emit("D002", "line_items", count=len(entries))
    if len(entries) > MAX_CART:
        trace.emit("D003", "line_items", count=len(entries))
    cart.money_lines = money
    return [{k: v for k, v in e.items() if not k.startswith("_")} for e in entries]


def mandate_product(cart: Cart, currency: str, stripe: dict[str, Any]) -> str:
    """The on-demand subscription product that authorises a mandate (Stripe's setup mode,
    SetupIntents, "charge now and save"): required by the cart, its placeholder id returned."""
    spec = product_spec(
        name="Payment method mandate",
        description="On-demand subscription that saves a payment method (Stripe setup mode)",
        currency=currency,
        amount=0,
        interval="Month",
        interval_count=1,
        tax_inclusive=None,
        metadata={"stripe2dodo_role": "setup_mandate"},
    )
    pid = placeholder_id("pdt", spec)
    cart.require(pid, {"kind": "product", "stripe": stripe, "product": spec, "on_demand": True})
    return pid


def build_customer(cart: Cart) -> None:
    trace, ids = cart.trace, cart.opts.ids
    details = cart.norm.recorded.customer_details if cart.norm.recorded else None
    email = cart.customer_email or (details or {}).get("email")
    if cart.customer_id:
        mapped = ids.get(cart.customer_id)
        if mapped is not None:
            cart.body["customer"] = {"customer_id": mapped.id}
        elif email:
            trace.emit("D017", "customer", stripe_id=cart.customer_id, email=email)
            cart.customer_id = None
        else:
            pid = placeholder_id("cus", f"stripe_customer_id:{cart.customer_id}")
            code = "D016" if ids.given else "D015"
            trace.emit(code, "customer", stripe_id=cart.customer_id, placeholder=pid)
            cart.require(pid, {"kind": "customer", "stripe_id": cart.customer_id})
            cart.body["customer"] = {"customer_id": pid}
    if not cart.customer_id and email:
        customer = {"email": str(email)}
        if details and details.get("name"):
            customer["name"] = str(details["name"])
        if details and details.get("phone"):
            customer["phone_number"] = str(details["phone"])
        cart.body["customer"] = customer
    address = (details or {}).get("address")
    if isinstance(address, dict) and address.get("country"):
        country = str(address["country"]).upper()
        if country not in cart.enums.countries:
            trace.emit("D008", "customer_details.address.country", country=address["country"])
        else:
            street = ", ".join(str(address[k]) for k in ("line1", "line2") if address.get(k))
            billing = {"country": country}
            for key, value in (
                ("street", street),
                ("city", address.get("city")),
                ("state", address.get("state")),
                ("zipcode", address.get("postal_code")),
            ):
                if value:
                    billing[key] = str(value)
            cart.body["billing_address"] = billing


def build_metadata(cart: Cart) -> None:
    trace = cart.trace
    recorded = cart.norm.recorded
    if recorded is not None and recorded.session_id:
        cart.metadata.setdefault("stripe_checkout_session_id", (recorded.session_id, "id"))
    if not cart.metadata:
        return
    out: dict[str, str] = {}
    for key, (value, path) in cart.metadata.items():
        new_key = _META_KEY.sub("_", key)[:40]
        if new_key != key:
            trace.emit("D010", path, key=key, new_key=new_key)
        if len(value) > MAX_METADATA_VALUE:
            trace.emit("D012", path, key=key, length=len(value))
        out[new_key] = value
    if len(out) > MAX_METADATA_KEYS:
        trace.emit("D011", "metadata", count=len(out))
    cart.body["metadata"] = out


def _finish(cart: Cart) -> dict[str, Any]:
    trace, body = cart.trace, cart.body
    body["product_cart"] = _build_cart(cart)
    build_customer(cart)
    if cart.payment_methods:
        methods = list(cart.payment_methods)
        if "credit" not in methods or "debit" not in methods:
            methods += [m for m in ("credit", "debit") if m not in methods]
            trace.emit("D007", "allowed_payment_method_types")
        body["allowed_payment_method_types"] = methods
    if cart.discounts:
        body["discount_codes"] = cart.discounts
    flags = {
        "allow_discount_code": False,
        "allow_phone_number_collection": False,
        "allow_tax_id": False,
        **cart.flags,
    }
    body["feature_flags"] = flags
    body["minimal_address"] = cart.minimal_address if cart.minimal_address is not None else True
    build_metadata(cart)
    if cart.trial_given and cart.mode != "subscription":
        trace.emit("S102", "subscription_data", mode=cart.mode)
    trial = (body.get("subscription_data") or {}).get("trial_period_days")
    if isinstance(trial, int) and not 0 <= trial <= 10000:
        trace.emit("S101", "subscription_data.trial_period_days", days=trial)
    check_body(body, trace, cart.enums)
    return {k: body[k] for k in BODY_ORDER if k in body}


def check_body(body: Mapping[str, Any], trace: Trace, enums: DodoEnums) -> None:
    """Dodo's own rules that only the assembled body shows."""
    if body.get("confirm") is True and not body.get("minimal_address"):
        address = body.get("billing_address") or {}
        missing = [
            k for k in ("street", "city", "state", "zipcode", "country") if not address.get(k)
        ]
        if missing:
            trace.emit("D005", "billing_address", missing=", ".join(missing))
    if body.get("payment_method_id"):
        customer = body.get("customer") or {}
        missing = []
        if body.get("confirm") is not True:
            missing.append("`confirm` is not true")
        if not customer.get("customer_id"):
            missing.append("no `customer.customer_id`")
        if missing:
            trace.emit("D006", "payment_method_id", missing="; ".join(missing))
    country = (body.get("billing_address") or {}).get("country")
    if country is not None and country not in enums.countries:
        trace.emit("D008", "billing_address.country", country=country)


# ---------------------------------------------------------------------------------------------
# Entry points


def translate_params(
    doc: dict[str, Any],
    source: SourceRef,
    opts: Options | None = None,
    meta: Mapping[str, str] | None = None,
) -> Translation:
    """Translate one Stripe document (create params, legacy shape, recorded session or event)."""
    opts = opts or Options()
    table = load_table()
    trace = Trace(table)
    meta = dict(meta or {})
    doc = screen_controls(doc, trace)
    where = lifecycle.route(doc, meta)
    if where is not None:
        if meta.get("stripe_version"):
            trace.emit("G015", "", version=meta["stripe_version"])
        return lifecycle.translate_lifecycle(doc, where, source, opts, trace)
    norm = normalise(doc, meta, trace, opts.ids)
    if norm.skipped is not None:  # nothing goes to Dodo: control characters do not matter
        findings = tuple(f for f in trace.findings if f.code != CONTROL_CODE)
        return Translation(source, "skipped", findings=findings, fields=trace.fields)
    params, invalid = validate_lenient(norm.params)
    for problem in invalid:
        trace.emit(
            "C091",
            problem.path,
            path=trace.where(problem.path),
            error=problem.message,
            value=problem.value,
        )
        trace.field(problem.path, Outcome.BLOCKED, "C091")
    norm.params = params
    cart = Cart(trace, norm, opts, load_enums())
    if isinstance(params.get("mode"), str):
        cart.mode = params["mode"]
    walk_rules(cart, params, table.tree, "C090", TRANSFORMS)
    body = _finish(cart)
    money = check_money(cart.money_lines, norm.recorded, trace, trial=cart.trial_given)
    return Translation(
        source,
        "translated",
        stripe=params,
        dodo=body,
        requires=tuple(cart.requires.values()),
        findings=tuple(trace.findings),
        fields=trace.fields,
        money=money,
    )


def translate_item(item: RawPayload | InputProblem, opts: Options | None = None) -> Translation:
    """Translate one reader item; an unreadable item becomes an ``error`` result."""
    if isinstance(item, InputProblem):
        return Translation(item.source, "error", error=f"{item.message}: {item.hint}")
    return translate_params(item.data, item.source, opts, item.meta)


# The calls around Checkout (PaymentIntents, SetupIntents, subscription updates) build on this
# module's cart, so they are imported last.
from migrate import lifecycle  # noqa: E402
