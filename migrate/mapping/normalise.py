"""Normalise: legacy and recorded Stripe shapes -> current Checkout Session create params.

Handles webhook events, recorded session objects (``display_items``, expanded ``line_items``,
``customer_details``), pre-Prices inline items, ``subscription_data.items``/``coupon``,
``shipping_rates``, old ``ui_mode`` names, Stripe.js ``redirectToCheckout`` options and a missing
``mode``. Every rewrite is reported through the trace with a ``legacy.yaml``/``recorded.yaml``
rule. The input is never mutated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from migrate.findings import Outcome
from migrate.mapping.expr import Expr, distribute, element_name, leaves, rebuilt
from migrate.mapping.params_check import param_paths
from migrate.mapping.trace import Trace, short
from migrate.readers.idmap import IdMap

SESSION_ENDPOINT = "/v1/checkout/sessions"

_CAMEL = {
    "lineItems": "line_items",
    "successUrl": "success_url",
    "cancelUrl": "cancel_url",
    "clientReferenceId": "client_reference_id",
    "customerEmail": "customer_email",
    "billingAddressCollection": "billing_address_collection",
    "shippingAddressCollection": "shipping_address_collection",
    "submitType": "submit_type",
}
_CAMEL_MARKERS = frozenset([*_CAMEL, "items", "sessionId"])
LEGACY_PATHS = {
    "line_items[].amount": "line_items[].price_data.unit_amount",
    "line_items[].currency": "line_items[].price_data.currency",
    "line_items[].name": "line_items[].price_data.product_data.name",
    "line_items[].description": "line_items[].price_data.product_data.description",
    "line_items[].images": "line_items[].price_data.product_data.images",
    "lineItems": "line_items",
    "lineItems[]": "line_items[]",
    "lineItems[].price": "line_items[].price",
    "lineItems[].quantity": "line_items[].quantity",
    "items[].plan": "line_items[].price",
    "items[].sku": "line_items[].price",
    "items[].quantity": "line_items[].quantity",
    "subscription_data.items[].plan": "line_items[].price",
    "subscription_data.items[].quantity": "line_items[].quantity",
    **{
        old: new
        for old, new in _CAMEL.items()
        if old not in ("lineItems", "shippingAddressCollection")
    },
}
"""Where the rewrites below move a legacy field (as path patterns): a value known only at run
time there is carried, or not, as the current field's rule says."""
_INLINE_KEYS = ("name", "description", "amount", "currency", "images")
UI_MODES = {"hosted": "hosted_page", "embedded": "embedded_page", "custom": "elements"}
"""The pre-2026-03-25 ``ui_mode`` names and the current ones they become (G008)."""
_TOP_LEVEL = frozenset(p for p in param_paths() if "." not in p and "[" not in p) | {
    "shipping_rates",
    "display_items",
    "items",
    "sessionId",
    *_CAMEL,
}
_NOT_SESSIONS = frozenset(
    [
        "product",
        "price",
        "plan",
        "sku",
        "coupon",
        "promotion_code",
        "customer",
        "list",
        "payment_intent",
        "subscription",
        "invoice",
        "charge",
        "payment_link",
        "item",
        "stripe2dodo.snapshot",
        "stripe2dodo.snapshot_end",
    ]
)


@dataclass(frozen=True, slots=True)
class KnownPrice:
    """What a Stripe price charges, when the input itself says so (recorded sessions)."""

    currency: str
    amount: Decimal
    interval: str | None = None
    interval_count: int = 1
    name: str | None = None
    product: str | None = None
    usage_type: str | None = None
    """``recurring.usage_type`` (``licensed`` or ``metered``) when the price object says it."""


@dataclass(slots=True)
class Recorded:
    """What a recorded session (not a create request) tells about the original purchase."""

    session_id: str | None = None
    created: int | None = None
    currency: str | None = None
    amount_subtotal: int | None = None
    shipping_amount: int | None = None
    customer_details: dict[str, Any] | None = None


@dataclass(slots=True)
class Normalised:
    """Current-shape create params plus what the recording told us. ``skipped`` says why the
    document is not a checkout session request (then ``params`` is empty)."""

    params: dict[str, Any]
    recorded: Recorded | None = None
    known_prices: dict[str, KnownPrice] = field(default_factory=dict)
    skipped: str | None = None


def normalise(doc: dict[str, Any], meta: dict[str, str], trace: Trace, ids: IdMap) -> Normalised:
    """Rewrite one document into current create params, recording each step in ``trace``."""
    endpoint = meta.get("endpoint")
    if endpoint is not None:
        method = meta.get("method", "POST")
        if endpoint.rstrip("/") != SESSION_ENDPOINT or method != "POST":
            what = f"{method} {endpoint}"
            trace.emit("G012", "", what=what)
            return Normalised({}, skipped=what)
    if meta.get("stripe_version"):
        trace.emit("G015", "", version=meta["stripe_version"])

    obj = doc.get("object")
    if obj == "event":
        inner = (doc.get("data") or {}).get("object") if isinstance(doc.get("data"), dict) else None
        event = str(doc.get("type", "?"))
        if not isinstance(inner, dict) or inner.get("object") != "checkout.session":
            what = f"event {event}"
            trace.emit("G012", "", what=what)
            return Normalised({}, skipped=what)
        trace.emit("G011", "", event=event, api_version=doc.get("api_version", "unknown version"))
        trace.prefix = "data.object"
        doc, obj = inner, "checkout.session"
    elif isinstance(obj, str) and obj in _NOT_SESSIONS:
        what = f"a Stripe {obj} object"
        trace.emit("G012", "", what=what)
        return Normalised({}, skipped=what)

    if obj != "checkout.session" and not _TOP_LEVEL.intersection(doc) and endpoint is None:
        # a request known to go to the Checkout Session endpoint (a curl command, a call in
        # scanned code) is a session whatever its params: its cart is checked like any other
        what = "no Checkout Session parameter in it"
        trace.emit("G012", "", what=what)
        return Normalised({}, skipped=what)
    out = Normalised(dict(doc))
    params = out.params
    if obj == "checkout.session":
        _recorded(params, out, trace)
    elif _CAMEL_MARKERS.intersection(params):
        if set(params) <= {"sessionId"}:
            trace.emit("G013", "sessionId")
            out.params = {}
            out.skipped = "redirectToCheckout with a sessionId"
            return out
        _camel(params, trace)
    _inline_items(params, trace)
    _subscription_items(params, trace)
    if "shipping_rates" in params:
        rates = params.pop("shipping_rates")
        if isinstance(rates, list):
            params["shipping_options"] = [{"shipping_rate": r} for r in rates]
        trace.emit("G004", "shipping_rates")
        trace.field("shipping_rates", Outcome.TRANSFORMED, "G004")
    ui_mode = params.get("ui_mode")
    if isinstance(ui_mode, str) and ui_mode in UI_MODES:
        params["ui_mode"] = UI_MODES[ui_mode]
        trace.emit("G008", "ui_mode", old=ui_mode, new=UI_MODES[ui_mode])
    if not params.get("mode"):
        _infer_mode(params, out, trace, ids)
    return out


def _recorded(params: dict[str, Any], out: Normalised, trace: Trace) -> None:
    table = trace.table
    response_only = set((table.by_code["RC004"].values or {}).get("fields", ()))
    rec = Recorded()
    out.recorded = rec
    rec.session_id = _str(params.pop("id", None))
    if rec.session_id:
        trace.field("id", Outcome.TRANSFORMED, "RC001")
    rec.created = _int(params.get("created"))
    rec.currency = _str(params.get("currency"))
    rec.amount_subtotal = _int(params.pop("amount_subtotal", None))
    params.pop("amount_total", None)
    if rec.amount_subtotal is not None:
        trace.field("amount_subtotal", Outcome.TRANSFORMED, "RC003")
    cost = params.get("shipping_cost")
    if isinstance(cost, dict):
        rec.shipping_amount = _int(cost.get("amount_subtotal"))
    details = params.pop("customer_details", None)
    if isinstance(details, dict):
        rec.customer_details = details
        trace.field("customer_details", Outcome.TRANSFORMED, "RC002")
    shipping = params.get("shipping_options")
    if isinstance(shipping, list) and any(
        isinstance(o, dict) and "shipping_amount" in o for o in shipping
    ):
        params.pop("shipping_options")
        trace.field("shipping_options", Outcome.TRANSFORMED, "RC004")
        if rec.shipping_amount and rec.currency:
            params["shipping_options"] = [_recorded_shipping(rec.shipping_amount, rec.currency)]
    for key in list(params):
        if key in response_only:
            value = params.pop(key)
            if value not in (None, {}, []):
                trace.field(key, Outcome.DROPPED, "RC004")
    items = params.pop("line_items", None)
    display = params.pop("display_items", None)
    lines: list[dict[str, Any]] = []
    if isinstance(items, dict) and isinstance(items.get("data"), list):
        for i, item in enumerate(items["data"]):
            line = _from_recorded_item(item, out, f"line_items.data[{i}]")
            if line:
                lines.append(line)
        trace.field("line_items", Outcome.TRANSFORMED, "RC003")
        if items.get("has_more"):
            trace.emit("G016", "line_items.has_more", count=len(items["data"]))
    elif isinstance(items, list):
        lines.extend(items)
    if isinstance(display, list) and display:
        for i, item in enumerate(display):
            line = _from_display_item(item, out)
            if line:
                lines.append(line)
            trace.field(f"display_items[{i}]", Outcome.TRANSFORMED, "G007")
        trace.emit("G007", "display_items", count=len(display))
    if lines:
        params["line_items"] = lines


def _recorded_shipping(amount: int, currency: str) -> dict[str, Any]:
    return {
        "shipping_rate_data": {
            "display_name": "Shipping",
            "type": "fixed_amount",
            "fixed_amount": {"amount": amount, "currency": currency},
        }
    }


def _from_recorded_item(item: Any, out: Normalised, path: str) -> dict[str, Any] | None:
    if not isinstance(item, dict):
        return None
    price = item.get("price") or item.get("plan")
    quantity = item.get("quantity", 1)
    if isinstance(price, dict) and isinstance(price.get("id"), str):
        known = _known_from_price(price, item.get("description"))
        if known:
            out.known_prices[price["id"]] = known
        return {"price": price["id"], "quantity": quantity}
    if isinstance(price, str):
        return {"price": price, "quantity": quantity}
    return None


def _known_from_price(price: dict[str, Any], name: Any = None) -> KnownPrice | None:
    currency = price.get("currency")
    amount = price.get("unit_amount", price.get("amount"))
    if amount is None and price.get("unit_amount_decimal") is not None:
        amount = price["unit_amount_decimal"]
    if not isinstance(currency, str) or amount is None:
        return None
    try:
        dec = Decimal(str(amount))
    except ArithmeticError:
        return None
    recurring = price.get("recurring")
    interval = count = usage = None
    if isinstance(recurring, dict):
        interval, count = recurring.get("interval"), recurring.get("interval_count")
        usage = recurring.get("usage_type")
    elif price.get("object") == "plan" or "interval" in price:
        interval, count = price.get("interval"), price.get("interval_count")
    product = price.get("product")
    label = price.get("nickname") or (product.get("name") if isinstance(product, dict) else None)
    product_id = product.get("id") if isinstance(product, dict) else product
    return KnownPrice(
        currency=currency.upper(),
        amount=dec,
        interval=str(interval) if interval else None,
        interval_count=_int(count) or 1,
        name=str(label or name) if (label or name) else None,
        product=product_id if isinstance(product_id, str) else None,
        usage_type=usage if isinstance(usage, str) else None,
    )


def _from_display_item(item: Any, out: Normalised) -> dict[str, Any] | None:
    if not isinstance(item, dict):
        return None
    kind = item.get("type")
    quantity = item.get("quantity", 1)
    if kind == "custom" and isinstance(item.get("custom"), dict):
        custom = item["custom"]
        product_data = {k: custom[k] for k in ("name", "description", "images") if custom.get(k)}
        return {
            "price_data": {
                "currency": item.get("currency"),
                "unit_amount": item.get("amount"),
                "product_data": product_data,
            },
            "quantity": quantity,
        }
    inner = item.get(kind) if isinstance(kind, str) else None
    if kind in ("plan", "sku") and isinstance(inner, dict) and isinstance(inner.get("id"), str):
        known = _known_from_price(
            {**inner, "object": kind, "unit_amount": inner.get("amount", inner.get("price"))}
        )
        if known is not None and kind == "sku":
            known = KnownPrice(known.currency, known.amount, None, 1, known.name, known.product)
        if known is None and item.get("amount") is not None and item.get("currency"):
            known = KnownPrice(str(item["currency"]).upper(), Decimal(str(item["amount"])))
        if known:
            out.known_prices[inner["id"]] = known
        return {"price": inner["id"], "quantity": quantity}
    return None


def _camel(params: dict[str, Any], trace: Trace) -> None:
    for old, new in _CAMEL.items():
        if old in params:
            value = params.pop(old)
            if old == "shippingAddressCollection" and isinstance(value, dict):
                value = {"allowed_countries": value.get("allowedCountries", [])}
            params.setdefault(new, value)
            trace.field(old, Outcome.TRANSFORMED, "G009")
    items = params.pop("items", None)
    if isinstance(items, list):
        existing = params.get("line_items")
        lines = list(existing) if isinstance(existing, list) else []
        params["line_items"] = lines
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            kind = "sku" if "sku" in item else "plan"
            stripe_id = item.get(kind)
            lines.append({"price": stripe_id, "quantity": item.get("quantity", 1)})
            trace.emit("G010", f"items[{i}]", kind=kind, stripe_id=stripe_id)
            trace.field(f"items[{i}]", Outcome.TRANSFORMED, "G010")
    trace.emit("G009", "")


def _inline_items(params: dict[str, Any], trace: Trace) -> None:
    items = params.get("line_items")
    if type(items) is Expr and items.form == "each":
        # a list mapped in the code to pre-Prices items (`items.map { {amount:, currency:} }`):
        # each element is the same inline price, its run-time values moved with their keys
        rewritten = _modern_list(items)
        if rewritten is not items:
            params["line_items"] = rewritten
            trace.emit("G001", "line_items[]", name=short_name(_first_name(rewritten)))
            trace.field("line_items[]", Outcome.TRANSFORMED, "G001")
        return
    if not isinstance(items, list):
        return
    new_items = []
    changed = False
    for i, item in enumerate(items):
        if type(item) is Expr and item.form == "each":  # lines appended in a loop, spliced in
            mapped = _modern_list(item)
            if mapped is not item:
                trace.emit("G001", f"line_items[{i}]", name=short_name(_first_name(mapped)))
                trace.field(f"line_items[{i}]", Outcome.TRANSFORMED, "G001")
                changed = True
            new_items.append(mapped)
            continue
        modern = _modern_item(item)
        if modern is not None:
            name = short_name(modern["price_data"]["product_data"].get("name"))
            trace.emit("G001", f"line_items[{i}]", name=name)
            trace.field(f"line_items[{i}]", Outcome.TRANSFORMED, "G001")
            changed = True
            item = modern  # noqa: PLW2901 - the legacy item is replaced by its modern form
        new_items.append(item)
    if changed:
        params["line_items"] = new_items


def _modern_list(items: Expr) -> Expr:
    """A list mapped in the code (an each) with its pre-Prices element in its current form (the
    same ``Expr`` when it is not one)."""
    modern = _modern_item(items.item, relabel=True)
    return items if modern is None else replace(items, item=modern)


def _first_name(items: Expr) -> Any:
    """The product name of a rewritten each's element, for G001's message."""
    return items.item["price_data"]["product_data"].get("name")


_INLINE_MOVES = {
    "name": "product_data.name",
    "description": "product_data.description",
    "images": "product_data.images",
    "currency": "currency",
    "amount": "unit_amount",
}
"""Where a pre-Prices line item's keys live in its current form (under ``price_data``)."""


def _relabelled(value: Any, key: str, where: str) -> Any:
    """``value`` (a line's ``key``) with each run-time value in it (the value itself, or an
    element of it: ``images: [row.image]``) named by its path under ``where`` instead."""
    if type(value) is Expr:
        at = value.path.rfind(f"].{key}")
        tail = value.path[at + len(key) + 2 :] if at >= 0 else None
        if tail is None or (tail and tail[0] not in ".["):
            return value
        return replace(value, path=f"{value.path[: at + 2]}{where}{tail}")
    if type(value) is list:
        return [_relabelled(v, key, where) for v in value]
    if type(value) is dict:
        return {k: _relabelled(v, key, where) for k, v in value.items()}
    return value


def _modern_item(item: Any, *, relabel: bool = False) -> dict[str, Any] | None:
    """A pre-Prices inline line item (``name``, ``amount``, ``currency`` on the line itself) in
    its current form (``price_data``), or None for any other element. With ``relabel`` (the
    element of a list mapped in the code), a run-time value moved is relabelled with its new
    path, so what is said of it names the field it now is."""
    if not (
        isinstance(item, dict)
        and "price" not in item
        and "price_data" not in item
        and any(k in item for k in _INLINE_KEYS)
    ):
        return None
    modern = dict(item)
    product_data: dict[str, Any] = {}
    price_data: dict[str, Any] = {"product_data": product_data}
    for key, where in _INLINE_MOVES.items():
        if key not in modern:
            continue
        value = modern.pop(key)
        if relabel:
            value = _relabelled(value, key, f"price_data.{where}")
        if where.startswith("product_data."):
            product_data[where.removeprefix("product_data.")] = value
        else:
            price_data[where] = value
    modern["price_data"] = price_data
    return modern


def short_name(value: Any) -> str:
    if type(value) is Expr:
        return f"(named at run time: {short(value.source)})"
    return repr(value) if isinstance(value, str) else "(unnamed)"


def _subscription_items(params: dict[str, Any], trace: Trace) -> None:
    sub = params.get("subscription_data")
    if not isinstance(sub, dict):
        return
    if not {"items", "coupon", "trial_from_plan"}.intersection(sub):
        return
    sub = dict(sub)
    params["subscription_data"] = sub
    items = sub.pop("items", None)
    if isinstance(items, list):
        lines = list(params.get("line_items") or [])
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            line = {"price": item.get("plan"), "quantity": item.get("quantity", 1)}
            if item.get("tax_rates"):
                line["tax_rates"] = item["tax_rates"]
            lines.append(line)
            trace.emit("G002", f"subscription_data.items[{i}]", plan=_plan_text(item.get("plan")))
            trace.field(f"subscription_data.items[{i}]", Outcome.TRANSFORMED, "G002")
        params["line_items"] = lines
        if not params.get("mode"):
            params["mode"] = "subscription"
            trace.emit(
                "G005", "mode", mode="subscription", reason="subscription_data.items holds plans"
            )
    if "coupon" in sub:
        coupon = sub.pop("coupon")
        params.setdefault("discounts", [{"coupon": coupon}])
        trace.emit("G003", "subscription_data.coupon")
        trace.field("subscription_data.coupon", Outcome.TRANSFORMED, "G003")
    if "trial_from_plan" in sub:
        sub.pop("trial_from_plan")
        trace.emit("G014", "subscription_data.trial_from_plan")
        trace.field("subscription_data.trial_from_plan", Outcome.TRANSFORMED, "G014")
    if not sub:
        params.pop("subscription_data")


def _chosen_lines(items: Any) -> list[Any] | None:
    """The line items of legacy ``subscription_data.items`` chosen at run time between lists of
    literal items (``[pro] if c else None``, ``[pro, seats] if team else [pro]``): each element
    the line of its ``plan`` and ``quantity`` where its branch has one, nothing where it has
    none (an element present only then); None for any other shape."""
    if type(items) is Expr and items.form == "choice":
        branches = items.leaves()
        if not all(b is None or type(b) is list for b in branches):
            return None
        width = max((len(b) for b in branches if b), default=0)
        elements = [rebuilt(items, _nth(i)) for i in range(width)]
    elif type(items) is list and any(type(i) is Expr and i.form == "choice" for i in items):
        elements = list(items)
    else:
        return None
    out: list[Any] = []
    for element in elements:
        for leaf in leaves(element):
            if leaf is not None and (type(leaf) is not dict or "plan" not in leaf):
                return None
            if leaf is not None and not set(leaf) <= {"plan", "quantity", "tax_rates"}:
                return None
        out.append(distribute(rebuilt(element, _legacy_line)))
    return out


def _nth(index: int) -> Callable[[Any], Any]:
    """A list's element at ``index`` (nothing past its end, or of no list)."""

    def pick(branch: Any) -> Any:
        return branch[index] if type(branch) is list and index < len(branch) else None

    return pick


def _plan_text(plan: Any) -> str:
    """A plan as a message names it: its id, or the code choosing it."""
    return plan.source if type(plan) is Expr else str(plan)


def _legacy_line(item: Any) -> Any:
    if item is None:
        return None
    line = {"price": item["plan"], "quantity": item.get("quantity", 1)}
    if item.get("tax_rates"):
        line["tax_rates"] = item["tax_rates"]
    return line


def _is_code(value: Any) -> bool:
    """A value known only at run time as a whole (not a choice or a list mapped in the code)."""
    return type(value) is Expr and value.form in ("code", "field")


def _plan_line(var: str, where: str) -> dict[str, Any]:
    """The line item a legacy subscription item known only at run time stands for: the Dodo
    product of its ``plan`` and its ``quantity`` (1 when it has none), read from it."""
    return {
        "price": Expr.field_of(var, "plan", f"{where}.plan"),
        "quantity": Expr.field_of(var, "quantity", f"{where}.quantity", default=1).typed("int"),
    }


def run_time_subscription_items(doc: dict[str, Any], trace: Trace) -> dict[str, Any]:
    """Scanned code's legacy ``subscription_data.items`` known only at run time, before the
    values no rule carries are left out: an element (``[account.stripe_item]``) is the line item
    of its ``plan`` and ``quantity``; the whole list, with no ``line_items`` beside it, the same
    list mapped element by element (RT036); a choice between lists of literal items (``[pro] if
    c else None``), each element the line of its plan where its branch has one (G002), as
    outside a choice. Anything else stays, and is lost as any run-time value no rule carries
    (RT002)."""
    sub = doc.get("subscription_data")
    if type(sub) is Expr and sub.form == "choice":
        sub = distribute(sub, field=True)  # `{"items": [...]} if c else None`: key by key
    items = sub.get("items") if type(sub) is dict else None
    if type(sub) is not dict or items is None:
        return doc
    doc, sub = dict(doc), dict(sub)
    chosen = _chosen_lines(distribute(items))
    lines = doc.get("line_items")
    if chosen is not None and (lines is None or type(lines) is list):
        doc["line_items"] = [*(lines or []), *chosen]
        del sub["items"]
        for n, line in enumerate(chosen):
            where = f"subscription_data.items[{n}]"
            plan = line.source if type(line) is Expr else _plan_text(line.get("price"))
            trace.emit("G002", where, plan=short(plan))
            trace.field(where, Outcome.TRANSFORMED, "G002")
        found: list[tuple[str, Expr]] = []
    elif _is_code(items) and doc.get("line_items") is None:
        where = "subscription_data.items"
        var = element_name(items.source)
        template = _plan_line(var, "line_items[]")
        doc["line_items"] = Expr.each(items.source, where, items.source, var, template)
        found = [(where, items)]
        del sub["items"]
    elif type(items) is list and any(_is_code(i) for i in items):
        where = "subscription_data.items"
        found = [(f"{where}[{n}]", i) for n, i in enumerate(items) if _is_code(i)]
        lines = doc.get("line_items")
        if lines is not None and type(lines) is not list:
            return doc  # beside a list known only at run time: lost (RT002), not guessed
        doc["line_items"] = [*(lines or []), *(_plan_line(i.source, at) for at, i in found)]
        kept = [i for i in items if not _is_code(i)]
        if kept:
            sub["items"] = kept
        else:
            del sub["items"]
    else:
        return doc
    for at, item in found:
        trace.emit("RT036", at, source=short(item.source))
        trace.field(at, Outcome.TRANSFORMED, "RT036")
    if not doc.get("mode"):
        doc["mode"] = "subscription"
        reason = "subscription_data.items holds plans"
        trace.emit("G005", "mode", mode="subscription", reason=reason)
    if sub:
        doc["subscription_data"] = sub
    else:
        del doc["subscription_data"]
    return doc


def _infer_mode(params: dict[str, Any], out: Normalised, trace: Trace, ids: IdMap) -> None:
    items = params.get("line_items")
    recurring = unknown = None
    if items is not None and not isinstance(items, list):
        unknown = "the price of a line item built at run time"
    items = items if isinstance(items, list) else []
    for item in items:
        if not isinstance(item, dict):
            continue
        pd = item.get("price_data")
        if isinstance(pd, dict):
            if pd.get("recurring"):
                recurring = "a recurring price_data item"
            continue
        for price in leaves(item.get("price")):  # each price a choice can give
            if price is not None and not isinstance(price, str):
                unknown = "a price chosen at run time"
                continue
            if not isinstance(price, str):
                continue
            known = out.known_prices.get(price)
            mapped = ids.get(price)
            if (known and known.interval) or (mapped and mapped.interval):
                recurring = f"recurring price {price}"
            elif price.startswith("plan_"):
                recurring = f"plan {price}"
            elif (
                known is None
                and (mapped is None or mapped.price is None)
                and not price.startswith("sku_")
            ):
                unknown = price
    if recurring:
        mode, code, reason = "subscription", "G005", recurring
    elif unknown:
        mode, code = "payment", "G006"
        reason = f"nothing says whether {unknown} is recurring"
    elif items:
        mode, code, reason = "payment", "G005", "every item is one-time"
    else:
        mode, code, reason = "payment", "G006", "there are no line items"
    params["mode"] = mode
    trace.emit(code, "mode", mode=mode, reason=reason)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str | Decimal):
        try:
            return int(Decimal(str(value)))
        except ArithmeticError:
            return None
    return None
