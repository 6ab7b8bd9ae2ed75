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
from typing import Any, Literal, NamedTuple, cast

from migrate.findings import Finding, Outcome
from migrate.mapping.controls import CODE as CONTROL_CODE
from migrate.mapping.controls import screen_controls
from migrate.mapping.expr import Expr, exprs_in, is_expr, json_view, keep, lift, put
from migrate.mapping.money import MoneyLine, check_money, format_amount, out_of_range
from migrate.mapping.normalise import LEGACY_PATHS, Normalised, normalise
from migrate.mapping.products import content_hash, placeholder_id, product_spec
from migrate.mapping.stripe_params import validate_lenient
from migrate.mapping.table import DodoEnums, Rule, Subject, load_enums, load_table, pattern_of
from migrate.mapping.trace import Trace, short
from migrate.mapping.walk import walk
from migrate.readers.base import InputProblem, RawPayload, SourceRef
from migrate.readers.idmap import INTERVALS, IdMap

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
    """What the Dodo call is: ``checkout_session`` or one of ``migrate.mapping.lifecycle.KINDS``."""
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
            out["dodo"] = json_view(self.dodo)
        if self.fallback is not None:
            out["fallback"] = json_view(self.fallback)
        if self.requires:
            out["requires"] = list(self.requires)
        out["findings"] = [f.as_dict() for f in self.findings]
        if self.money is not None:
            out["money"] = self.money
        if full and self.stripe is not None:
            out["stripe"] = json_view(self.stripe)
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
        self.metadata: dict[str, tuple[str | Expr, str]] = {}
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
        self.metadata_expr: Expr | None = None
        """Metadata passed whole as a run-time value (``metadata=meta`` in scanned code)."""
        self.save_for_later: str | None = None
        """Where ``payment_intent_data.setup_future_usage: off_session`` was given."""

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
        text = value if isinstance(value, str) or is_expr(value) else str(value)
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
    """``success_url`` and embedded Checkout's ``return_url``: Dodo's ``return_url``, without
    Stripe's templates (Dodo appends its own query parameters)."""
    url = str(value)
    templates = _TEMPLATE.findall(url) if "{" in url else None
    if templates:
        url = _strip_templates(url)
        template = ", ".join(sorted(set(templates)))
        cart.trace.emit("C003", path, field=path, template=template)
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
        # not `always_create_new_customer`: one buyer would become several Dodo customers
        effect = (
            "dropped; Dodo attaches the checkout to the customer with the same email (or creates "
            "one), which keeps one buyer one customer"
        )
        cart.trace.emit(rule.code, path, value=value, effect=effect)
        return Outcome.DROPPED
    effect = "Dodo always records a customer, matched by email"
    cart.trace.emit(rule.code, path, value=value, effect=effect)
    return Outcome.APPROXIMATED


@transform("client_reference_id")
def _client_reference_id(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    cart.add_metadata("client_reference_id", value, path)
    return None


@transform("metadata")
def _metadata(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if is_expr(value):  # carried whole (rules with `runtime: carry`)
        cart.metadata_expr = value
    elif isinstance(value, dict):
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
        cart.trace.emit("C057", f"{path}.required")
        return Outcome.APPROXIMATED
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
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(int(value)))
    given = cart.norm.params.get("subscription_data")
    sent = given.get("trial_period_days") if isinstance(given, dict) else None
    if sent is not None:  # Stripe refuses both; the day count is what is sent (S001)
        where = path.rpartition(".")[0] or path
        cart.trace.emit("S103", where, sent=sent, trial_end=stamp, days=days, reference=label)
        return Outcome.DROPPED
    cart.set_body("subscription_data.trial_period_days", days)
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
    if value == "off_session":  # decided once the cart is known (P100 or P101)
        cart.save_for_later = path
        return Outcome.TRANSFORMED
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
        if (problem := out_of_range(amount)) is not None:
            what = f"The shipping amount {short(format_amount(amount, currency))}"
            where = f"{path}[{i}].shipping_rate_data.fixed_amount.amount"
            cart.trace.emit("M005", where, what=what, reason=problem)
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
    if (problem := out_of_range(quantity)) is not None:
        trace.emit("M005", f"{where}.quantity", what=f"Quantity {short(quantity)}", reason=problem)
        return None
    price_id = f.get("price")
    if is_expr(price_id):
        return _runtime_price(cart, where, price_id, quantity, money)
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
    bad = known is not None and _amount_problem(
        trace, f"{where}.price", known.currency, known.amount, quantity
    )
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
            said = mapped.charged_by_stripe
            if stripe_side is None and said.price is not None and said.currency:
                # the id map says what the Stripe price charges: the product's own charge,
                # or its "stripe" part (migrate/readers/idmap.py); a snapshot's or recording's wins
                stripe_side = MoneyLine(
                    said.currency,
                    Decimal(said.price) * quantity,
                    said.interval,
                    said.interval_count,
                )
    else:
        product_id = placeholder_id("pdt", f"stripe_price_id:{price_id}")
        code = "L101" if ids.given else "L100"
        trace.emit(code, f"{where}.price", stripe_id=price_id, placeholder=product_id)
        entry: dict[str, Any] = {"kind": "product", "stripe": {"price": price_id}}
        if known is not None and not bad and _whole(known.amount) is None:
            unit = format_amount(known.amount, known.currency)
            trace.emit("L105", f"{where}.price", unit=unit, quantity=quantity)
        elif known is not None and not bad:  # a bad amount makes no product (M005 says why)
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
    interval_raw = f.get("price_data.recurring.interval")
    count = f.get("price_data.recurring.interval_count", 1)
    interval = _interval(interval_raw)
    if interval_raw is not None and (interval is None or not isinstance(count, int) or count < 1):
        trace.emit("L110", f"{pd}.recurring", interval=interval_raw, count=count)
        return None
    raw = f.get("price_data.unit_amount", f.get("price_data.unit_amount_decimal"))
    if raw is None or is_expr(raw):
        return _open_amount(
            cart,
            where,
            f,
            currency=currency,
            interval=interval,
            quantity=quantity,
            raw=raw,
            money=money,
        )
    try:
        unit = Decimal(str(raw))
    except InvalidOperation:
        trace.emit("L106", pd, field="unit_amount")
        return None
    if not unit.is_finite():
        trace.emit("L106", pd, field="unit_amount")
        return None
    total = unit * quantity
    stripe_side = MoneyLine(currency, total, interval, count)
    field = "unit_amount" if "price_data.unit_amount" in f else "unit_amount_decimal"
    if _amount_problem(trace, f"{pd}.{field}", currency, unit, quantity):
        money.append((stripe_side, None))
        return None
    cart_quantity = quantity
    amount = _whole(unit)
    if amount is None:
        whole_total = _whole(total)
        if whole_total is None:
            shown = format_amount(unit, currency)
            trace.emit("L105", f"{pd}.unit_amount_decimal", unit=shown, quantity=quantity)
            money.append((stripe_side, None))
            return None
        trace.emit(
            "L104",
            f"{pd}.unit_amount_decimal",
            unit=format_amount(unit, currency),
            total=format_amount(whole_total, currency),
        )
        amount, cart_quantity = whole_total, 1
    pid = _inline_product(
        cart, pd, f, currency=currency, amount=amount, interval=interval, count=count
    )
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


def _amount_problem(trace: Trace, path: str, currency: str, unit: Decimal, quantity: int) -> bool:
    """Emit M005 (and say True) when a unit amount or its line total cannot be charged."""
    problem = out_of_range(unit)
    what = f"Unit amount {short(format_amount(unit, currency))}"
    if problem is None and (problem := out_of_range(unit * quantity)) is not None:
        what = f"The line total {short(format_amount(unit * quantity, currency))}"
    if problem is None:
        return False
    trace.emit("M005", path, what=what, reason=problem)
    return True


def _inline_product(
    cart: Cart,
    pd: str,
    f: dict[str, Any],
    *,
    currency: str,
    amount: int,
    interval: str | None,
    count: int,
    pay_what_you_want: bool = False,
) -> str:
    """The Dodo product an inline ``price_data`` describes, required by the cart."""
    product = f.get("price_data.product")
    name = f.get("price_data.product_data.name")
    if not name or is_expr(name):
        name = f"Stripe product {product}" if isinstance(product, str) else "Unnamed product"
        if isinstance(product, str):
            cart.trace.emit("L108", f"{pd}.product", product=product)
    raw_metadata = f.get("price_data.product_data.metadata")
    metadata = {
        str(k): str(v)
        for k, v in (raw_metadata if isinstance(raw_metadata, dict) else {}).items()
        if not is_expr(v)
    }
    if isinstance(product, str):
        metadata["stripe_product_id"] = product
    if pay_what_you_want:
        metadata["stripe2dodo_role"] = "pay_what_you_want"
    behaviour = f.get("price_data.tax_behavior")
    description = f.get("price_data.product_data.description")
    spec = product_spec(
        name=str(name),
        description=description if isinstance(description, str) else None,
        currency=currency,
        amount=amount,
        interval=interval,
        interval_count=count,
        tax_inclusive={"inclusive": True, "exclusive": False}.get(str(behaviour)),
        metadata=metadata,
        pay_what_you_want=pay_what_you_want,
    )
    pid = placeholder_id("pdt", spec)
    entry: dict[str, Any] = {"kind": "product", "stripe": {"price_data": pd}, "product": spec}
    if f.get("price_data.product_data.images"):
        entry["images"] = list(f["price_data.product_data.images"])
    if f.get("price_data.product_data.tax_code"):
        entry["stripe_tax_code"] = f["price_data.product_data.tax_code"]
    cart.require(pid, entry)
    return pid


PWYW_MINIMUM = 0
"""The ``price`` of the pay-what-you-want products made for amounts known only at run time:
the lowest amount Dodo accepts for them (PI110, L112 say to raise it)."""


def _open_amount(
    cart: Cart,
    where: str,
    f: dict[str, Any],
    *,
    currency: str,
    interval: str | None,
    quantity: int,
    raw: Expr | None,
    money: list[tuple[MoneyLine | None, MoneyLine | None]],
) -> dict[str, Any] | None:
    """An inline price whose ``unit_amount`` is known only at run time (``raw``, an expression
    in scanned code) or not given at all (``None``): a one-time line sells a pay-what-you-want
    product with the amount set per line, as Dodo does it; a recurring one cannot."""
    trace = cart.trace
    pd = f"{where}.price_data"
    if raw is None:
        trace.emit("L106", pd, field="unit_amount")
    if interval is not None:
        if raw is None:
            return None  # L106 says why
        trace.emit("L114", f"{pd}.unit_amount", source=raw.source)
        return {
            "product_id": Expr.absent("product_id", "str", f"{pd}.unit_amount"),
            "quantity": quantity,
            "_recurring": True,
            "_where": where,
        }
    pid = _inline_product(
        cart,
        pd,
        f,
        currency=currency,
        amount=PWYW_MINIMUM,
        interval=None,
        count=1,
        pay_what_you_want=True,
    )
    amount = raw.source if raw is not None else "not given"
    trace.emit("L112", pd, placeholder=pid, amount=amount, minimum=PWYW_MINIMUM)
    entry: dict[str, Any] = {"product_id": pid, "quantity": quantity}
    if raw is not None:
        entry["amount"] = raw.typed("int")
    else:
        money.append((None, None))  # the amount is unknown: the money check cannot hold
    return {**entry, "_recurring": False, "_where": where}


def _runtime_price(
    cart: Cart,
    where: str,
    price: Expr,
    quantity: int,
    money: list[tuple[MoneyLine | None, MoneyLine | None]],
) -> dict[str, Any]:
    """A price id known only at run time: its Dodo product is the id map's entry for it, looked
    up at run time (the suggestion writes the look-up)."""
    cart.trace.emit("L113", f"{where}.price", source=price.source)
    money.append((None, None))
    return {
        "product_id": price.then("dodo_id").typed("str"),
        "quantity": quantity,
        "_recurring": None,
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


def _save_for_later(cart: Cart, path: str) -> None:
    """``payment_intent_data.setup_future_usage: off_session``: Stripe charges the cart and
    keeps the method for charges without the buyer. On Dodo only an on-demand subscription's
    mandate allows those (seed 001), so where the cart is one one-time line of known amount the
    checkout sells the mandate product with that amount as its initial charge, as PI105 does
    for a PaymentIntent (P100); otherwise it stays a plain payment and P101 says what breaks."""
    trace, cart_lines = cart.trace, cart.body["product_cart"]
    reason = _no_on_demand(cart)
    if reason:
        trace.emit("P101", path, reason=reason)
        trace.field(path, Outcome.APPROXIMATED, "P101")
        return
    (line,) = cart_lines
    _, dodo_side = cart.money_lines[0]
    assert dodo_side is not None
    amount, currency = int(dodo_side.amount), dodo_side.currency
    old_id = line["product_id"]
    replaced = cart.requires.pop(old_id, None) or {}
    if replaced:  # what was said about the replaced product no longer holds
        trace.findings[:] = [
            f for f in trace.findings if f.code not in _PLACEHOLDER_CODES or old_id not in f.message
        ]
    name = (replaced.get("product") or {}).get("name")
    on_demand: dict[str, Any] = {
        "mandate_only": False,
        "product_price": amount,
        "product_currency": currency,
    }
    if name:
        on_demand["product_description"] = str(name)
    product = mandate_product(cart, currency, {"setup_future_usage": path})
    cart.body["product_cart"] = [{"product_id": product, "quantity": 1}]
    cart.set_body("subscription_data.on_demand", on_demand)
    trace.emit(
        "P100",
        path,
        amount=format_amount(amount, currency),
        product=name or old_id,
        quantity=line["quantity"],
    )
    trace.field(path, Outcome.TRANSFORMED, "P100")


_PLACEHOLDER_CODES = frozenset({"L100", "L101", "L102"})
"""Findings that name a cart line's placeholder product (listed under `requires`)."""


def _no_on_demand(cart: Cart) -> str:
    """Why the cart cannot become an on-demand subscription's initial charge ("" when it can)."""
    lines = cart.body["product_cart"]
    if cart.mode != "payment":
        return f"the session is in {cart.mode} mode"
    if len(lines) != 1:
        return f"the cart has {len(lines)} lines, and the initial charge is one amount"
    pairs = cart.money_lines
    stripe_side, dodo_side = pairs[0] if len(pairs) == 1 else (None, None)
    if (
        stripe_side is None
        or dodo_side is None
        or stripe_side != dodo_side
        or dodo_side.interval is not None
        or _whole(dodo_side.amount) is None
        or any(True for _ in exprs_in(lines))
    ):
        return "the cart's amount is not known as one whole one-time amount"
    if cart.discounts or cart.flags.get("allow_discount_code"):
        return "discount codes would change the initial charge, which is one fixed amount"
    return ""


def pay_what_you_want_product(
    cart: Cart, currency: str, name: str | None, stripe: dict[str, Any]
) -> str:
    """The one-time pay-what-you-want product that sells an amount known only at run time
    (one per currency and name): required by the cart, its placeholder id returned. Its
    ``price`` is the minimum (``PWYW_MINIMUM``); each cart line sets ``amount``."""
    spec = product_spec(
        name=name or "One-time payment",
        description=None,
        currency=currency,
        amount=PWYW_MINIMUM,
        interval=None,
        interval_count=1,
        tax_inclusive=None,
        metadata={"stripe2dodo_role": "pay_what_you_want"},
        pay_what_you_want=True,
    )
    pid = placeholder_id("pdt", spec)
    cart.require(pid, {"kind": "product", "stripe": stripe, "product": spec})
    return pid


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
        if cart.metadata_expr is not None:
            cart.body["metadata"] = cart.metadata_expr.typed("metadata")
        return
    out: dict[str, str | Expr] = {}
    for key, (value, path) in cart.metadata.items():
        new_key = _META_KEY.sub("_", key)[:40]
        if new_key != key:
            trace.emit("D010", path, key=key, new_key=new_key)
        if isinstance(value, Expr):
            out[new_key] = value.typed("str")
            continue
        if len(value) > MAX_METADATA_VALUE:
            trace.emit("D012", path, key=key, length=len(value))
        out[new_key] = value
    if len(out) > MAX_METADATA_KEYS:
        trace.emit("D011", "metadata", count=len(out))
    cart.body["metadata"] = out


def _finish(cart: Cart) -> dict[str, Any]:
    trace, body = cart.trace, cart.body
    body["product_cart"] = _build_cart(cart)
    if cart.save_for_later is not None:
        _save_for_later(cart, cart.save_for_later)
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


def check_body(
    body: Mapping[str, Any], trace: Trace, enums: DodoEnums, cart_path: str = "line_items"
) -> None:
    """Dodo's own rules that only the assembled body shows. ``cart_path`` is where the Stripe
    document keeps what becomes the cart (a finding about the cart points there)."""
    if body.get("product_cart") == [] and not body.get("product_collection_id"):
        trace.emit("D004", cart_path)  # Dodo rejects an empty cart: it is never sent
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
    runtime = any(True for _ in exprs_in(doc))
    if where is not None:
        if meta.get("stripe_version"):
            trace.emit("G015", "", version=meta["stripe_version"])
        if runtime:
            doc = keep(doc, carried(where.subject))
        return lifecycle.translate_lifecycle(doc, where, source, opts, trace)
    if runtime:
        doc = keep(doc, carried("checkout"))
    norm = normalise(doc, meta, trace, opts.ids)
    if norm.skipped is not None:  # nothing goes to Dodo: control characters do not matter
        findings = tuple(f for f in trace.findings if f.code != CONTROL_CODE)
        return Translation(source, "skipped", findings=findings, fields=trace.fields)
    literal, lifted = lift(norm.params) if runtime else (norm.params, [])
    params, invalid = validate_lenient(literal)
    if lifted:  # the validator checks literals; a run-time value is checked by its rule
        params = put(params, lifted)
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


def carried(subject: str) -> Callable[[str], bool]:
    """Whether a value known only at run time at a Stripe params path (an ``Expr`` from scanned
    code) is carried into the Dodo call: its rule (or the nearest rule above it, for a key of
    ``metadata``) says ``runtime: carry``. Legacy paths count as the field normalise moves them
    to."""
    table = load_table()

    def check(path: str) -> bool:
        pattern = pattern_of(path)
        if subject == "checkout":
            pattern = LEGACY_PATHS.get(pattern, pattern)
        parts = pattern.split(".")
        for cut in range(len(parts), 0, -1):
            rule = table.by_stripe.get((cast(Subject, subject), ".".join(parts[:cut])))
            if rule is not None:
                return rule.runtime == "carry"
        return False

    return check


def translate_item(item: RawPayload | InputProblem, opts: Options | None = None) -> Translation:
    """Translate one reader item; an unreadable item becomes an ``error`` result."""
    if isinstance(item, InputProblem):
        return Translation(item.source, "error", error=f"{item.message}: {item.hint}")
    return translate_params(item.data, item.source, opts, item.meta)


# The calls around Checkout (PaymentIntents, SetupIntents, subscription updates) build on this
# module's cart, so they are imported last.
from migrate.mapping import lifecycle  # noqa: E402
