"""The cart: what a translation builds, and the Dodo checkout body it becomes.

Every translation writes into a ``Cart`` (the Stripe lines, metadata, customer, discounts and
products it needs) and ends as a ``Translation``: the result of one input item. What checkout
sessions and the calls around Checkout share is here too: the transforms of the fields they
have in common (metadata, discounts, capture), the parts of a checkout body they assemble alike
(customer, metadata, the products that sell a run-time amount or a mandate), and the check of
Dodo's rules that only the assembled body shows. Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final, Literal, NamedTuple

from migrate.findings import Finding, Outcome
from migrate.mapping.absent_values import unset_as_nothing
from migrate.mapping.expr import (
    Expr,
    filled,
    is_expr,
    json_view,
    leaves,
    map_leaves,
    rebuilt,
    substitute,
)
from migrate.mapping.money import MoneyLine
from migrate.mapping.normalise import Normalised
from migrate.mapping.products import (
    PLACEHOLDER_PREFIX,
    content_hash,
    placeholder_id,
    product_spec,
)
from migrate.mapping.runtime import lost
from migrate.mapping.table import LIFECYCLE_SUBJECTS, DodoEnums, Rule, transform
from migrate.mapping.trace import Trace, short
from migrate.readers.base import SourceRef
from migrate.readers.idmap import IdMap, is_currency_key

METADATA_SUBJECTS = tuple(
    s for s in LIFECYCLE_SUBJECTS if s not in ("subscription_cancel", "usage_event")
)
"""The calls around Checkout whose Stripe params have `metadata` (a cancellation and a usage
report have none)."""

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
MAX_METADATA_KEYS = 50
MAX_METADATA_VALUE = 500
_META_KEY = re.compile(r"[^A-Za-z0-9_-]")

KINDS = (
    "on_demand_charge",
    "on_demand_mandate",
    "upsell",
    "change_plan",
    "change_plan_preview",
    "subscription_patch",
    "saved_method_subscription",
    "usage_event",
    "checkout_session",
)
"""What a translation's Dodo call is (``Translation.kind``)."""
KIND_TEXT: Mapping[str, str] = {
    "checkout_session": "checkout session",
    "on_demand_mandate": "on-demand subscription mandate (checkout)",
    "on_demand_charge": "on-demand charge",
    "upsell": "one-click upsell (checkout with a saved method)",
    "change_plan": "plan change",
    "change_plan_preview": "plan change preview",
    "subscription_patch": "subscription update (PATCH)",
    "saved_method_subscription": "subscription on a saved method (confirmed checkout)",
    "usage_event": "usage event (meter)",
}


def kind_text(kind: str) -> str:
    """What a kind of Dodo call is, in words."""
    return KIND_TEXT.get(kind, kind.replace("_", " "))


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
    """What the Dodo call is: one of ``KINDS``."""
    request: tuple[str, str] | None = None
    """The Dodo call's method and path (``POST``, ``/subscriptions/{id}/charge``); None for a
    checkout session (always ``POST /checkouts``)."""
    fallback: dict[str, Any] | None = None
    """For a one-click upsell: the normal checkout body to send when the customer has no saved
    payment method."""
    review: bool = False
    """Translated from code with values known only at run time (``Expr``): carried into the
    Dodo call or reported as lost, either way to review (the text output says "translated,
    run-time values: review")."""

    def as_dict(
        self, *, full: bool = False, refs: bool = False, findings: bool = True
    ) -> dict[str, Any]:
        """The result as JSON-able data; ``full`` adds the normalised Stripe params and the
        outcome of every Stripe field; ``refs``: each finding names its text by ``ref``
        (:func:`~migrate.findings.text_ref`) instead of carrying it; ``findings=False``:
        without the ``findings`` key (the JSON formats write it from a cache of each
        finding's JSON text)."""
        out: dict[str, Any] = {"source": self.source.as_dict(), "status": self.status}
        if self.review:
            out["review"] = True
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
        if not findings:
            pass
        elif refs:
            out["findings"] = [f.as_ref() for f in self.findings]
        else:
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


TEMPLATE = -1
"""The index of the line that stands for every element of line items known only at run time
(the element template of a list mapped from a collection): its path is ``line_items[]``."""


@dataclass(slots=True)
class Line:
    """One Stripe line item while it is being translated."""

    index: int
    fields: dict[str, Any] = field(default_factory=dict)
    prefix: str = "line_items"
    """Where the line is in the Stripe params (``items`` for a subscription update)."""

    @property
    def where(self) -> str:
        """Its Stripe path: ``line_items[2]``, ``line_items[]`` for the template."""
        return f"{self.prefix}[{'' if self.index == TEMPLATE else self.index}]"


class Cart:
    """Everything the transforms learn about one session, turned into a body at the end."""

    def __init__(self, trace: Trace, norm: Normalised, opts: Options, enums: DodoEnums) -> None:
        self.trace = trace
        self.norm = norm
        self.opts = opts
        self.enums = enums
        self.body: dict[str, Any] = {}
        self.flags: dict[str, bool | Expr] = {}
        self.lines: dict[int, Line] = {}
        self.metadata: dict[str, tuple[str | Expr, str]] = {}
        self.payment_methods: list[str] = []
        self.discounts: list[str | Expr] = []
        self.requires: dict[str, dict[str, Any]] = {}
        self.extra_lines: list[tuple[str, dict[str, Any], MoneyLine]] = []
        self.mode: str = "payment"
        """``RUN_TIME_MODE`` when the code chooses it at run time."""
        self.customer_id: str | Expr | None = None
        self.customer_email: str | Expr | None = None
        self.minimal_address: bool | None = None
        self.trial_given = False
        self.money_lines: list[tuple[MoneyLine | None, MoneyLine | None]] = []
        self.unpriced: list[str] = []
        """Why the money check cannot hold: what only run time decides (a price chosen by the
        code, a quantity, a line known only at run time)."""
        self.metadata_exprs: list[Expr] = []
        """Metadata objects passed whole as run-time values (``metadata=meta`` in scanned
        code), in the order met."""
        self.metadata_under: dict[str, str] = {}
        """Keys of ``metadata`` written before a run-time object merged into the same object
        (``{"k": v, **extra}``, ``array_merge(['k' => v], $extra)``): the object's keys win over
        them, as on Stripe. Each key's object path."""
        self.save_for_later: str | None = None
        """Where ``payment_intent_data.setup_future_usage: off_session`` was given."""
        self.runtime = False
        """The document holds values known only at run time (scanned code)."""
        self.spread = ""
        """The source of params spread in at run time (``**options``), when there is one."""
        self.run_time_lines: Expr | None = None
        """``line_items`` as a whole known only at run time (a list mapped from a collection,
        or one the scanner cannot read): the cart is built from it."""
        self.parts: dict[int, Expr] = {}
        """Elements of ``line_items`` known only at run time that are not one line each: a list
        spliced in (an each whose ``item`` is the ``Line`` of its template) or a choice between
        lines (``Line`` values, ``None`` for no line), by index."""
        self.cart_choice: Expr | None = None
        """``line_items`` chosen at run time between lists that do not line up: a choice whose
        values are lists of ``Line``."""

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
        if type(value) is bool:  # as Stripe sends it (a key beside a merged object)
            value = "true" if value else "false"
        text = value if isinstance(value, str) or is_expr(value) else str(value)
        self.metadata[key] = (text, path)
        self.metadata_under.pop(key, None)

    def merged_parts(self, value: Expr, path: str, each: Callable[[Any], Any]) -> None:
        """Each part of the metadata merge ``value`` given to ``each``, in order; the keys a
        part adds that a run-time object follows are marked as under it."""
        for at, part in enumerate(value.parts):
            each(part)
            if not isinstance(part, dict) or not any(map(is_expr, value.parts[at + 1 :])):
                continue
            for key in map(str, part):
                known = self.metadata.get(key)
                if known is not None and known[1] == f"{path}.{key}":
                    self.metadata_under[key] = path

    def require(self, dodo_id: str, entry: dict[str, Any]) -> None:
        self.requires.setdefault(dodo_id, {"id": dodo_id, **entry})


def created(
    body: dict[str, Any], requires: dict[str, dict[str, Any]], ids: IdMap
) -> tuple[dict[str, Any], tuple[dict[str, Any], ...]]:
    """The body and what it still requires, once the products already created in Dodo are
    put in: a placeholder product (inline ``price_data``, a pay-what-you-want or mandate
    product) whose id the id map holds (``ledger ids`` writes it after ``apply``) is replaced by
    its Dodo id and no longer required."""
    done = {
        pid: mapped.id
        for pid in requires
        if pid.startswith(PLACEHOLDER_PREFIX)
        and (mapped := ids.get(pid)) is not None
        and not mapped.id.startswith(PLACEHOLDER_PREFIX)
    }
    per_currency = [pid for pid, entry in requires.items() if entry.get("per_currency")]
    made = {pid for pid in per_currency if _made_in_a_currency(ids, pid)}
    if not done and not made:
        return body, tuple(requires.values())
    left = tuple(entry for pid, entry in requires.items() if pid not in done and pid not in made)
    return substitute(body, done), left


def _made_in_a_currency(ids: IdMap, key: str) -> bool:
    """Whether the id map holds a Dodo product of currency key ``key`` (``<key>.<CURRENCY>``,
    migrate/mapping/currency_lines.py): the code looks it up by currency, so it needs no id
    written in; the look-up fails loudly for a currency not made."""
    return any(
        is_currency_key(stripe_id)
        and stripe_id.startswith(f"{key}.")
        and not mapped.id.startswith(PLACEHOLDER_PREFIX)
        for stripe_id, mapped in ids.entries.items()
    )


RUN_TIME_MODE = ""
"""``Cart.mode`` when the code chooses the mode at run time (RT005)."""

PWYW_MINIMUM = 0
"""The ``price`` of the pay-what-you-want products made for amounts known only at run time:
the lowest amount Dodo accepts for them (PI110, L112 say to raise it)."""


# ---------------------------------------------------------------------------------------------
# Transforms every cart shares: checkout sessions and the calls around Checkout


@transform("metadata", "checkout", *METADATA_SUBJECTS)
def _metadata(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if is_expr(value) and value.form == "merge":  # objects merged with keys written
        cart.merged_parts(value, path, lambda part: _metadata(cart, rule, path, part))
    elif is_expr(value):  # carried whole (rules with `runtime: carry`)
        cart.metadata_exprs.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if item is not None and item != "":
                cart.add_metadata(str(key), item, f"{path}.{key}")
    return None


@transform("discounts", "checkout", "subscription_update", "subscription_create")
def discounts(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if is_expr(value):  # the whole list, known only at run time
        return _run_time_discounts(cart, path, value)
    if not isinstance(value, list):
        return None
    outcome = None
    for i, item in enumerate(value):
        where = f"{path}[{i}]"
        if is_expr(item):
            code = _run_time_discount(cart, where, item)
            if code is None:  # which of coupon or promotion code it holds is unknown
                outcome = lost(cart.trace, "checkout", item, where)
            else:
                cart.discounts.append(code)
            continue
        if not isinstance(item, dict):
            continue
        code = _discount(cart, where, item)
        if code is not None:
            cart.discounts.append(code)
    return outcome


def _discount(cart: Cart, where: str, item: dict[str, Any]) -> Any:
    """The Dodo discount code of one Stripe discount (``{coupon}`` or ``{promotion_code}``):
    an id known only at run time is looked up by the code (op ``discount_code``), a literal
    one (also in a choice) through the id map."""
    coupon, promo = item.get("coupon"), item.get("promotion_code")
    stripe_id = coupon or promo
    kind = "coupon" if coupon else "promotion_code"
    if is_expr(stripe_id):
        expr = stripe_id.with_op("discount_code").typed("str")
        return map_leaves(expr, lambda leaf: _literal_code(cart, where, leaf, kind))
    if not isinstance(stripe_id, str):
        return None  # no discount id (``false``, a number): nothing to apply
    return _literal_code(cart, where, stripe_id, kind)


def _run_time_discount(cart: Cart, where: str, item: Expr) -> Expr | None:
    """An element of ``discounts`` known only at run time: a list of discounts mapped from a
    collection (spliced in) is the same mapping to codes; a choice between discounts, ``None``
    among them for one given only under a condition, the same choice between codes. None when
    a value in it does not say which coupon or promotion code it is."""
    if item.form == "each" and type(item.item) is dict and len(item.item) == 1:
        code = _discount(cart, f"{where}[]", item.item)
        return dataclasses.replace(item, item=code) if is_expr(code) else None
    branches = item.leaves() if item.form == "choice" else []
    if not any(type(b) is dict for b in branches) or any(
        b is not None and type(b) is not dict for b in branches
    ):
        return None
    chosen: Expr = rebuilt(
        item, lambda leaf: None if leaf is None else _discount(cart, where, leaf)
    )
    return chosen


def _literal_code(cart: Cart, where: str, stripe_id: Any, kind: str) -> Any:
    if not isinstance(stripe_id, str):
        return stripe_id  # an Expr (already looked up by the code), or nothing
    mapped = cart.opts.ids.get(stripe_id)
    if mapped is not None:
        code = mapped.id
    elif kind == "coupon":
        code = stripe_id.upper()
        cart.trace.emit("C016", where, coupon=stripe_id, code=code)
    else:
        code = "S2D" + content_hash(stripe_id)[:10].upper()
        what = "Promotion code"
        cart.trace.emit("C017", where, what=what, stripe_id=stripe_id, code=code)
        cart.require(code, {"kind": "discount", "stripe_id": stripe_id})
    if len(code) < 3:
        cart.trace.emit("D014", where, code=code)
    return code


def _run_time_discounts(cart: Cart, path: str, value: Expr) -> Outcome | None:
    """``discounts`` known only at run time: a list mapped from a collection whose element
    names a coupon or a promotion code is the same mapping to discount codes; a choice between
    two literal lists is the same choice; any other list is lost, and blocks (RT002): a
    discount changes what the buyer pays."""
    if value.form == "each" and type(value.item) is dict and len(value.item) == 1:
        code = _discount(cart, f"{path}[]", value.item)
        if is_expr(code):
            cart.body["discount_codes"] = dataclasses.replace(value, item=code)
            return None
    if value.form == "choice":
        # a list that may not be given (`coupon ? [{coupon}] : undefined`): no codes then
        branches = [b for b in value.leaves() if b is not None]
        if branches and all(type(b) is list and all(type(i) is dict for i in b) for b in branches):
            codes = map_leaves(
                value,
                lambda b: (
                    None
                    if b is None
                    else [c for i, d in enumerate(b) if (c := _discount(cart, f"{path}[{i}]", d))]
                ),
            )
            cart.body["discount_codes"] = codes
            return None
    return lost(cart.trace, "checkout", value, path)


@transform("capture_method", "checkout", "payment_intent")
def _capture(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if value == "manual":
        cart.trace.emit(rule.code, path, value=value)
        return Outcome.BLOCKED
    return Outcome.MAPPED


# ---------------------------------------------------------------------------------------------
# Assembling the body


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
    customer_id = cart.customer_id
    if is_expr(customer_id):
        _run_time_customer(cart, customer_id, email)
    elif isinstance(customer_id, str) and customer_id:
        mapped = ids.get(customer_id)
        if mapped is not None:
            cart.body["customer"] = {"customer_id": mapped.id}
        elif email:
            trace.emit("D017", "customer", stripe_id=customer_id, email=_shown(email))
            cart.customer_id = None
        else:
            pid = placeholder_id("cus", f"stripe_customer_id:{customer_id}")
            code = "D016" if ids.given else "D015"
            trace.emit(code, "customer", stripe_id=customer_id, placeholder=pid)
            cart.require(pid, {"kind": "customer", "stripe_id": customer_id})
            cart.body["customer"] = {"customer_id": pid}
    if not cart.customer_id and is_expr(email):
        cart.body["customer"] = _email_customer(email)
    elif not cart.customer_id and email:
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


def _shown(value: Any) -> str:
    return value.source if is_expr(value) else str(value)


def _email_customer(email: Expr) -> Any:
    """``customer: {email}`` for an email known only at run time, when the code gives one (a
    value that may be missing, or a choice that may give none: no customer then)."""
    email = email.typed("str")
    if email.form == "code":
        # Stripe leaves a missing email out and asks for it; Dodo refuses a customer without
        # one (and the SDKs' types a possibly missing one): no customer then, as on Stripe
        return Expr.choice(
            email.source, email.path, f"{email.source} is set", {"email": email}, None
        )
    if not any(leaf is None or leaf == "" or _code(leaf) for leaf in leaves(email)):
        return {"email": email}
    # a choice's run-time email may be missing too (Kotlin's `email?.let { b.setX(it) }` in
    # one branch): each such leaf is guarded as a plain one is
    return rebuilt(email, lambda leaf: _email_customer(leaf) if _code(leaf) else _email_of(leaf))


def _code(value: Any) -> bool:
    return is_expr(value) and value.form == "code"


def _email_of(leaf: Any) -> Any:
    return {"email": leaf} if leaf else None


_ATTRIBUTE: Final = re.compile(
    r"[@$]?[A-Za-z_]\w*(?:(?:\.|->|\?\.|::)[A-Za-z_]\w*|\[\s*['\"]?\w+['\"]?\s*\])+"
)
"""A read of a record's attribute or key (``user.stripeCustomerId``, ``$user->stripe_id``,
``user["customer"]``), no call: a value a record may not hold yet."""


def _run_time_customer(cart: Cart, value: Expr, email: Any) -> None:
    """``customer`` known only at run time: ``customer: {customer_id}`` through the look-up
    (op ``customer_id``); a literal id in a choice through the id map. A choice that may give
    no customer gives the email then (or no customer)."""
    ids, trace = cart.opts.ids, cart.trace

    def dodo_id(leaf: Any) -> Any:
        if is_expr(leaf) or leaf is None or leaf == "":
            return None if leaf == "" else leaf
        mapped = ids.get(str(leaf))
        if mapped is not None:
            return mapped.id
        pid = placeholder_id("cus", f"stripe_customer_id:{leaf}")
        code = "D016" if ids.given else "D015"
        trace.emit(code, "customer", stripe_id=leaf, placeholder=pid)
        cart.require(pid, {"kind": "customer", "stripe_id": str(leaf)})
        return pid

    chosen = map_leaves(value.with_op("customer_id").typed("str"), dodo_id)
    # a record's attribute (`current_user.stripe_customer_id`) is unset for a user with no
    # Stripe customer yet: Stripe made a guest checkout, the id map's look-up of nothing throws
    unset = value.form == "code" and _ATTRIBUTE.fullmatch(value.source) is not None
    if None not in leaves(chosen) and not email and not unset:
        cart.body["customer"] = {"customer_id": chosen}
        return
    if None not in leaves(chosen):
        if email:  # Stripe takes one of the two: the code sets `customer` or the email
            trace.emit("RT009", "customer_email", customer=value.source, email=_shown(email))
        chosen = Expr.choice(value.source, value.path, f"{value.source} is set", chosen, None)
    otherwise = None
    if email:
        otherwise = _email_customer(email) if is_expr(email) else {"email": str(email)}
    cart.body["customer"] = rebuilt(
        chosen, lambda leaf: otherwise if leaf is None else {"customer_id": leaf}
    )


def build_metadata(cart: Cart) -> None:
    trace = cart.trace
    recorded = cart.norm.recorded
    if recorded is not None and recorded.session_id:
        cart.metadata.setdefault("stripe_checkout_session_id", (recorded.session_id, "id"))
    keys = _metadata_keys(cart) if cart.metadata else {}
    under = {_META_KEY.sub("_", k)[:40]: p for k, p in cart.metadata_under.items()}
    merged: Any = {k: v for k, v in keys.items() if k not in under} or None
    wholes: dict[str, Expr] = {}
    for whole in sorted(cart.metadata_exprs, key=lambda e: e.path != "metadata"):
        wholes.setdefault(whole.source, whole)  # the same object given twice is one
    for whole in wholes.values():
        if _literal_objects(whole) and not (is_expr(merged) and merged.form != "choice"):
            # `x ? {a: 1} : {}`: each branch merged with the keys known (choices nest)
            merged = rebuilt(whole, functools.partial(_merged, merged))
        elif merged is None:
            merged = whole.typed("metadata")  # one object, carried whole
        elif is_expr(merged) and None in merged.leaves():
            # an object given only under a condition (`mode == "payment" ? {metadata} :
            # undefined`): where it is absent, this one (`subscription_data` in the other mode)
            merged = filled(merged, whole.typed("metadata"))
        else:  # merged with the keys and objects known (keys written before it: _under)
            trace.emit("RT010", whole.path, path=whole.path, source=short(whole.source))
            merged = _merged_whole(merged, whole)
    if any(k in under for k in keys):
        merged = _under(merged, keys, under, trace)
    if merged is not None:
        cart.body["metadata"] = merged


def _under(merged: Any, keys: dict[str, Any], under: dict[str, str], trace: Trace) -> Any:
    """The keys of ``keys`` written before a run-time object merged into their object (its
    path in ``under``) put just before the first object of that path in ``merged``: its keys
    win over them, and they win over any object before it (a subscription's)."""
    weak: dict[str, dict[str, Any]] = {}
    for key, value in keys.items():
        if key in under:
            weak.setdefault(under[key], {})[key] = value
    if merged is None or isinstance(merged, dict):
        return {k: v for group in weak.values() for k, v in group.items()} | (merged or {})
    if merged.form != "merge":  # one object, after the keys
        trace.emit("RT010", merged.path, path=merged.path, source=short(merged.source))
    parts: list[Any] = []
    for part in merged.parts if merged.form == "merge" else [merged]:
        if is_expr(part) and part.path in weak:
            parts.append(weak.pop(part.path))
        parts.append(part)
    parts[:0] = weak.values()  # no object of their path left: first
    source = ", ".join(p.source for p in parts if is_expr(p) and p.source)
    return Expr.merge(source, "metadata", parts)


def _merged_whole(known: Any, whole: Expr) -> Expr:
    """``whole`` (an object known only at run time) merged under ``known`` (the keys written
    in the code, or what was merged so far): the objects first, the session's last among
    them (``whole`` comes after it: a subscription's or a payment's), then the keys (those
    written after every object; a key written before one is put before it: :func:`_under`)."""
    parts = list(known.parts) if is_expr(known) and known.form == "merge" else [known]
    objects = [whole.typed("metadata"), *(p for p in parts if is_expr(p))]
    keys = [p for p in parts if not is_expr(p) and p]
    source = ", ".join(p.source for p in objects if p.source)
    return Expr.merge(source, "metadata", [*objects, *keys])


def _metadata_keys(cart: Cart) -> dict[str, str | Expr]:
    trace = cart.trace
    out: dict[str, str | Expr] = {}
    for key, (value, path) in cart.metadata.items():
        new_key = _META_KEY.sub("_", key)[:40]
        if new_key != key:
            trace.emit("D010", path, key=key, new_key=new_key)
        if isinstance(value, Expr):
            text = unset_as_nothing(value).with_op("str").typed("str")
            out[new_key] = map_leaves(text, _text)
            continue
        if len(value) > MAX_METADATA_VALUE:
            trace.emit("D012", path, key=key, length=len(value))
        out[new_key] = value
    if len(out) > MAX_METADATA_KEYS:
        trace.emit("D011", "metadata", count=len(out))
    return out


def _literal_objects(whole: Expr) -> bool:
    """A choice between metadata objects written in the code (or none)."""
    branches = whole.leaves()
    return whole.form == "choice" and all(b is None or type(b) is dict for b in branches)


def _merged(base: Any, leaf: dict[str, Any] | None) -> Any:
    """One branch's metadata object merged under the keys already known (``base``: None, a
    dict, or a choice of dicts), its values as text."""
    own: dict[str, Any] = {}
    for key, value in (leaf or {}).items():
        if value is None or value == "":
            continue
        text = unset_as_nothing(value).with_op("str").typed("str") if is_expr(value) else value
        own[_META_KEY.sub("_", str(key))[:40]] = map_leaves(text, _text)
    if base is None:
        return own
    return rebuilt(base, lambda known: {**own, **known})


def _text(leaf: Any) -> Any:
    """A metadata value in a choice, as Dodo takes it: text; nothing stays nothing (no key
    there: the suggestion writes the key only where it is set, migrate/scan/suggest_unset.py)."""
    if is_expr(leaf) or leaf is None:
        return leaf
    return leaf if isinstance(leaf, str) else str(leaf)


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
