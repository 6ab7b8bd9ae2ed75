"""Map: current Stripe Checkout Session params -> a Dodo ``POST /checkouts`` body, plus findings.

Pure: no I/O. The walker (``migrate/mapping/walk.py``) visits every Stripe field; the rule
declared for its path (mappings/) names a transform, an outcome and a level. The transforms
here write into a ``Cart`` being built; a final pass resolves the lines
(``migrate/mapping/lines.py``), assembles the body, checks Dodo's rules and compares the money.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Any, Final

from migrate.display import format_amount
from migrate.findings import Outcome
from migrate.mapping.cart import (
    BODY_ORDER,
    RUN_TIME_MODE,
    TEMPLATE,
    Cart,
    Options,
    Translation,
    build_customer,
    build_metadata,
    check_body,
    created,
    mandate_product,
)
from migrate.mapping.controls import CODE as CONTROL_CODE
from migrate.mapping.expr import (
    Expr,
    filled,
    has_expr,
    is_expr,
    leaves,
    lift,
    map_leaves,
    put,
    short_sources,
    spliced,
)
from migrate.mapping.lines import (
    Money,
    chosen_cart,
    part_entry,
    resolve_line,
    run_time_cart,
    whole,
)
from migrate.mapping.money import MoneyLine, check_money, out_of_range
from migrate.mapping.normalise import UI_MODES, normalise
from migrate.mapping.params_check import typed_choices, validate_lenient
from migrate.mapping.products import placeholder_id, product_spec
from migrate.mapping.table import Rule, load_enums, transform
from migrate.mapping.trace import Trace, short
from migrate.mapping.url_templates import without_session_template
from migrate.mapping.walk import walk_rules
from migrate.readers.base import SourceRef

MAX_CART = 20
MAX_CUSTOM_FIELDS = 5
_TEMPLATE = re.compile(r"\{CHECKOUT_SESSION_ID\}")
"""The one template Stripe Checkout fills in a URL (``{FRONTEND}`` in an f-string is code)."""
_QUOTES = frozenset("\"'`")


# ---------------------------------------------------------------------------------------------
# Transforms: each gets the cart, the rule, the concrete path and the value


_INDEX = re.compile(r"^line_items\[(\d*)\]\.(.+)$")


@transform("line", "checkout")
def _line(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    m = _INDEX.match(path)
    if m:  # `line_items[].x`: the element template of line items known only at run time
        index = int(m.group(1)) if m.group(1) else TEMPLATE
        cart.line(index).fields[m.group(2)] = value
    return None


@transform("mode", "checkout")
def _mode(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if is_expr(value):  # Dodo has no mode: the cart's products decide
        cart.mode = RUN_TIME_MODE
        cart.trace.emit("RT005", path, source=short(value.source))
        return Outcome.APPROXIMATED
    cart.mode = str(value)
    return None


@transform("success_url", "checkout")
def _success_url(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    """``success_url`` and embedded Checkout's ``return_url``: Dodo's ``return_url``, without
    Stripe's templates (Dodo appends its own query parameters)."""
    return _url(cart, path, value, "return_url")


@transform("cancel_url", "checkout")
def _cancel_url(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    """``cancel_url``: Dodo's ``cancel_url``, without Stripe's templates as for ``success_url``
    (Dodo fills none in: the cancel page would get the template's text)."""
    return _url(cart, path, value, "cancel_url")


def _url(cart: Cart, path: str, value: Any, dodo: str) -> Outcome | None:
    if is_expr(value):
        return _run_time_url(cart, path, value, dodo)
    url, template = _without_templates(str(value))
    cart.set_body(dodo, url)
    if template:
        removed = _in_path(str(value), url) if _SEGMENT.search(str(value)) else _REMOVED
        cart.trace.emit("C003", path, field=path, template=template, removed=removed)
        return Outcome.APPROXIMATED
    return None


@functools.lru_cache(maxsize=1024)
def _without_templates(url: str) -> tuple[str, str]:
    """``url`` without Stripe's templates, and the templates it had (``""``: none). The same
    URLs recur from payload to payload."""
    templates = _TEMPLATE.findall(url) if "{" in url else None
    if not templates:
        return url, ""
    return _strip_templates(url), ", ".join(sorted(set(templates)))


_REMOVED: Final = "it was removed"


def _in_path(was: str = "", now: str = "") -> str:
    """C003's end for a template in the URL's path: the URL and what it is now when the code
    writes it, else an example of the change (never shown as the project's own path)."""
    change = (
        f"`{was}` is now `{now}`"
        if was
        else "a path like `/success/{CHECKOUT_SESSION_ID}` becomes `/success`"
    )
    return (
        f"it was removed from the URL's path ({change}): a route that takes the session from"
        " the path (`/success/{id}`) no longer matches the return, so point it at a page that"
        " reads Dodo's `payment_id` (or `subscription_id`) query parameter, and store the Dodo"
        " call's `session_id` where the code stored Stripe's"
    )


_SEGMENT: Final = re.compile(r"/\{CHECKOUT_SESSION_ID\}")
"""The template as a segment of the URL's path, not a query value (``/success/{...}``)."""
_KEPT: Final = (
    "the suggested code could not remove it (it is in no query parameter or path segment the"
    " code shows): remove it by hand"
)


def _run_time_url(cart: Cart, path: str, value: Expr, dodo: str) -> Outcome | None:
    """A return (or cancel) URL known only at run time (op ``return_url``, which removes the
    templates): a literal in a choice loses its templates here; where the source shows a
    template, the suggested code removes it there (C003), otherwise, for the return URL, RT008
    says to check the URL (a cancel page reads no payment)."""
    templates: set[str] = set()
    unseen = False
    kept = False  # a template the suggested code cannot remove (not in a query or path part)

    def url(leaf: Any) -> Any:
        nonlocal unseen, kept
        if is_expr(leaf):
            found = _TEMPLATE.findall(leaf.source)
            templates.update(found)
            kept = kept or bool(found and without_session_template(leaf.source) is None)
            # a URL whose source shows its string parts shows a template there, if it has one
            unseen = unseen or not (found or _QUOTES.intersection(leaf.source))
            return leaf
        if isinstance(leaf, str) and _TEMPLATE.search(leaf):
            templates.update(_TEMPLATE.findall(leaf))
            return _strip_templates(leaf)
        return leaf

    carried = map_leaves(value.with_op("return_url").typed("str"), url)
    if dodo == "cancel_url" and not templates:  # nothing to remove: carried as it is
        carried = value.typed("str")
    before = cart.body.get(dodo)
    if path == "return_url" and is_expr(before) and is_expr(carried) and not carried.missing:
        # success_url and (embedded) return_url both set by the code, each where its value is
        # not null (`if (x != null) b.setReturnUrl(x)`): whichever is, in that order
        test = f"{value.source} is not null"
        carried = Expr.choice(f"{value.source} ?? {before.source}", dodo, test, carried, before)
    cart.set_body(dodo, carried)
    if unseen and dodo == "return_url":
        cart.trace.emit("RT008", path, field=path, source=short(value.source))
    if templates:
        template = ", ".join(sorted(templates))
        segment = any(_SEGMENT.search(str(leaf)) for leaf in value.leaves())
        segment = segment or _SEGMENT.search(value.source) is not None
        done = _KEPT if kept else _in_path() if segment else _REMOVED
        cart.trace.emit("C003", path, field=path, template=template, removed=done)
        return Outcome.APPROXIMATED
    return None


def _strip_templates(url: str) -> str:
    base, _, query = url.partition("?")
    kept = [p for p in query.split("&") if p and not _TEMPLATE.search(p)]
    base = _TEMPLATE.sub("", base).replace("//", "/").replace(":/", "://")
    return base + ("?" + "&".join(kept) if kept else "")


@transform("customer", "checkout")
def _customer(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    cart.customer_id = value if is_expr(value) else str(value)  # built in build_customer
    return None


@transform("customer_email", "checkout")
def _customer_email(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    cart.customer_email = value if is_expr(value) else str(value)
    return None


@transform("customer_creation", "checkout")
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


@transform("client_reference_id", "checkout")
def _client_reference_id(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    cart.add_metadata("client_reference_id", value, path)
    return None


@transform("merge_metadata", "checkout")
def _merge_metadata(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if is_expr(value) and value.form == "merge":  # objects merged with keys written
        cart.merged_parts(value, path, lambda part: _merge_metadata(cart, rule, path, part))
    elif is_expr(value):  # merged whole, or reported (build_metadata)
        cart.metadata_exprs.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if item is None or item == "":
                continue
            known = cart.metadata.get(str(key))
            if known is None:
                cart.add_metadata(str(key), item, f"{path}.{key}")
            elif is_expr(known[0]) and None in known[0].leaves():
                # present only under a condition (`{...} if mode == "payment" else None`):
                # where it is absent, this object's value (`subscription_data` in the other
                # mode) is the key's, a choice too; never the empty text in its place
                cart.add_metadata(str(key), filled(known[0], item), known[1])
            elif not _same_value(known[0], item):  # the session's value stays
                cart.trace.emit(
                    "C104",
                    f"{path}.{key}",
                    path=f"{path}.{key}",
                    key=key,
                    value=_shown_value(item),
                    kept=_shown_value(known[0]),
                )
    return None


def _same_value(kept: Any, other: Any) -> bool:
    """Whether a metadata key's other value is the session's where it is given: the same
    code, or a choice whose every value that sets the key is (``organization_id`` in the
    payment's metadata built in one branch, the session's ``organization_id`` beside it)."""
    shown = _shown_value(kept)
    if _shown_value(other) == shown:
        return True
    given = [v for v in leaves(other) if v is not None and v != ""]
    return is_expr(other) and bool(given) and all(_shown_value(v) == shown for v in given)


def _shown_value(value: Any) -> str:
    """A metadata value as a finding quotes it: the code that computes it, or the literal."""
    return short(value.source) if is_expr(value) else repr(value)


@transform("currency", "checkout")
def _currency(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if is_expr(value):  # upper-cased by the code; literals in a choice checked here
        unknown = [c for c in value.leaves() if isinstance(c, str)]
        unknown = [c for c in unknown if c.upper() not in cart.enums.currencies]
        if unknown:
            cart.trace.emit("D009", path, currency=unknown[0].upper())
            return Outcome.BLOCKED
        upper = value.with_op("upper").typed("str")
        cart.body["billing_currency"] = map_leaves(
            upper, lambda leaf: leaf.upper() if isinstance(leaf, str) else leaf
        )
        cart.trace.emit(rule.code, path, currency=short(value.source))
        return Outcome.APPROXIMATED
    currency = str(value).upper()
    if currency not in cart.enums.currencies:
        cart.trace.emit("D009", path, currency=currency)
        return Outcome.BLOCKED
    cart.body["billing_currency"] = currency
    cart.trace.emit(rule.code, path, currency=currency)
    return Outcome.APPROXIMATED


@transform("locale", "checkout")
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


@transform("billing_address_collection", "checkout")
def _billing_address_collection(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    cart.minimal_address = value != "required"
    return None


@transform("ui_mode", "checkout")
def _ui_mode(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if value in ("hosted_page", "hosted"):
        return None
    if any(f.code == "G008" and f.path == path for f in cart.trace.findings):
        # renamed from its old name (G008): say what the code wrote
        value = next((old for old, new in UI_MODES.items() if new == value), value)
    cart.trace.emit("C031", path, mode=value)
    return Outcome.APPROXIMATED


@transform("custom_fields", "checkout")
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


@transform("saved_payment_method_options", "checkout")
def _saved_pm(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    show = False
    if isinstance(value, dict):
        filters = value.get("allow_redisplay_filters") or []
        show = "always" in filters or value.get("payment_method_save") == "enabled"
    if show:
        cart.body["show_saved_payment_methods"] = True
    cart.trace.emit(rule.code, path, show=str(show).lower())
    return Outcome.APPROXIMATED


@transform("payment_method_collection", "checkout")
def _pm_collection(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if value == "always" or cart.mode != "subscription":
        return Outcome.MAPPED
    effect = "a trial may start without a card only if the Dodo product allows it"
    cart.trace.emit(rule.code, path, value=value, effect=effect)
    return Outcome.APPROXIMATED


@transform("setup_future_usage", "checkout")
def _setup_future_usage(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if value == "off_session":  # decided once the cart is known (P100 or P101)
        cart.save_for_later = path
        return Outcome.TRANSFORMED
    return None


@transform("payment_methods", "checkout")
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


@transform("shipping_options", "checkout")
def _shipping(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    if not isinstance(value, list) or not value:
        return None
    charged = []
    free: list[str] = []
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
            free.append(str(data.get("display_name") or "?"))
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
    if free:
        # a free rate beside a paid one: the buyer may pick the free one on Stripe's page, so a
        # shipping product in every cart would charge them for a rate they did not choose
        reason = (
            f"the buyer chooses between the free rate {', '.join(free)} "
            f"and the paid rate {charged[0][1]}"
        )
        cart.trace.emit("C026", path, reason=reason)
        return Outcome.BLOCKED
    if cart.mode != "payment":
        reason = f"a `{cart.mode}` checkout cannot hold a one-time shipping product"
        if cart.mode == RUN_TIME_MODE:
            reason = (
                "the mode is chosen at run time, and only a payment can hold a shipping product"
            )
        cart.trace.emit("C026", path, reason=reason)
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


def _build_cart(cart: Cart) -> list[dict[str, Any]] | Expr:
    trace = cart.trace
    if cart.run_time_lines is not None:
        each, kind = run_time_cart(cart)
        extras = [{**x, "_recurring": False, "_where": at} for at, x, _ in cart.extra_lines]
        _check_kinds(cart, [kind, *extras])
        if not extras:
            return each
        # a shipping line after the cart built at run time: the list it maps, then the line
        parts = [each, *map(_plain, extras)]
        return Expr.concat(short(short_sources(parts)), "line_items", parts)
    if cart.cart_choice is not None:
        chosen, branches = chosen_cart(cart)
        for branch in branches:
            _check_kinds(cart, branch)
        cart.money_lines = []
        return chosen
    money: Money = []
    entries = []
    for index in sorted({*cart.lines, *cart.parts}):
        part = cart.parts.get(index)
        entry = part_entry(cart, part) if part else resolve_line(cart, cart.lines[index], money)
        if entry is not None:
            entries.append(entry)
    if cart.runtime and not entries and cart.mode != "setup" and not cart.extra_lines:
        # never an empty cart in code: a name defined nowhere stands for what is unknown
        spread = short(cart.spread) if cart.spread else ""
        detail = f" (the params are built at run time: {spread})" if spread else ""
        if spread in ("*", "**", "..."):  # Ruby's anonymous forwarding: def open(**) ... (**)
            detail = f" (the params are the method's own arguments, passed on whole by `{spread}`)"
        trace.emit("RT007", "line_items", detail=detail)
        absent = Expr.absent("product_id", "str", "line_items")
        entries.append({"product_id": absent, "quantity": 1, "_recurring": None, "_where": ""})
        cart.unpriced.append("the line items are not in the code")
    if cart.mode == "setup" and not entries:
        # One product for a currency known only at run time: the mandate charges nothing, and
        # the checkout's billing_currency carries the run-time value.
        given = cart.norm.params.get("currency")
        currency = "USD" if is_expr(given) or not given else str(given).upper()
        pid = mandate_product(cart, currency, {"mode": "setup"})
        entries.append({"product_id": pid, "quantity": 1, "_recurring": True, "_where": "mode"})
        cart.set_body("subscription_data.on_demand", {"mandate_only": True})
        trace.emit("S100", "mode")
        if cart.norm.params.get("customer"):  # a customer's card: often a subscription's
            trace.emit("S104", "mode")
    for where, extra, line_money in cart.extra_lines:
        entries.append({**extra, "_recurring": False, "_where": where})
        money.append((line_money, line_money))
    _check_kinds(cart, entries)
    cart.money_lines = money
    lines = [e["_part"] if "_part" in e else _plain(e) for e in entries]
    if any(spliced(line) for line in lines):
        # a list spliced in, or a line present only under a condition: the cart is built so
        return Expr.concat(short(short_sources(lines)), "line_items", lines)
    return lines


def _plain(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if not k.startswith("_")}


def _check_kinds(cart: Cart, entries: list[dict[str, Any]]) -> None:
    """Dodo's rules for a whole cart: no recurring beside one-time lines, one subscription
    line, at most ``MAX_CART`` lines (a list spliced in counts as one)."""
    trace = cart.trace
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
    elif many := [
        e["_many"]
        for e in entries
        if "_many" in e
        and (e["_recurring"] or (e["_recurring"] is None and cart.mode == "subscription"))
    ]:
        # a list built at run time may hold several subscription products (D002's case)
        trace.emit("RT014", "line_items", source=short(str(many[0])))
    if len(entries) > MAX_CART:
        trace.emit("D003", "line_items", count=len(entries))


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
    if not isinstance(lines, list):
        return "the cart is built at run time"
    if cart.mode == RUN_TIME_MODE:
        return "the mode is chosen at run time"
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
        or whole(dodo_side.amount) is None
        or has_expr(lines)
    ):
        return "the cart's amount is not known as one whole one-time amount"
    if cart.discounts or cart.flags.get("allow_discount_code"):
        return "discount codes would change the initial charge, which is one fixed amount"
    return ""


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
    if cart.discounts and any(spliced(code) for code in cart.discounts):
        body["discount_codes"] = Expr.concat(
            short(short_sources(cart.discounts)), "discounts", list(cart.discounts)
        )
    elif cart.discounts:
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
    if cart.trial_given and cart.mode not in ("subscription", RUN_TIME_MODE):
        trace.emit("S102", "subscription_data", mode=cart.mode)
    trial = (body.get("subscription_data") or {}).get("trial_period_days")
    for days in leaves(trial):
        if isinstance(days, int) and not 0 <= days <= 10000:
            trace.emit("S101", "subscription_data.trial_period_days", days=days)
    check_body(body, trace, cart.enums)
    return {k: body[k] for k in BODY_ORDER if k in body}


# ---------------------------------------------------------------------------------------------
# Entry point


def translate_checkout(
    doc: dict[str, Any],
    meta: dict[str, str],
    source: SourceRef,
    opts: Options,
    trace: Trace,
    *,
    runtime: bool = False,
    unpriced: list[str] | None = None,
) -> Translation:
    """Translate one Checkout Session document (create params, legacy shape, recorded session
    or event); ``runtime`` when it holds values known only at run time (scanned code), and
    ``unpriced`` what of them the money check cannot hold. ``meta["runtime_params"]`` is the
    source of params spread in at run time (scanned code: ``**options``)."""
    norm = normalise(doc, meta, trace, opts.ids)
    if norm.skipped is not None:  # nothing goes to Dodo: control characters do not matter
        findings = tuple(f for f in trace.findings if f.code != CONTROL_CODE)
        return Translation(source, "skipped", findings=findings, fields=trace.fields)
    literal, lifted = lift(norm.params) if runtime else (norm.params, [])
    params, invalid = validate_lenient(literal)
    if lifted:  # the validator checks literals; a run-time value is checked by its rule
        params = put(params, typed_choices(lifted))
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
    cart.spread = meta.get("runtime_params", "")
    cart.runtime = runtime or bool(cart.spread)
    cart.unpriced.extend(unpriced or ())
    if isinstance(params.get("mode"), str):
        cart.mode = params["mode"]
    elif is_expr(params.get("mode")):
        cart.mode = RUN_TIME_MODE
    walk_rules(cart, params, "checkout")
    body = _finish(cart)
    if cart.spread and not any(f.code == "RT007" for f in trace.findings):
        trace.emit("RT006", "", source=short(cart.spread))
    money = check_money(
        cart.money_lines, norm.recorded, trace, trial=cart.trial_given, unpriced=cart.unpriced
    )
    body, requires = created(body, cart.requires, opts.ids)
    made = set(cart.requires) - {need["id"] for need in requires}
    if made:  # already in Dodo: what was said about creating these products no longer holds
        trace.findings[:] = [
            f
            for f in trace.findings
            if f.code not in _PLACEHOLDER_CODES or not any(pid in f.message for pid in made)
        ]
    return Translation(
        source,
        "translated",
        stripe=params,
        dodo=body,
        requires=requires,
        findings=tuple(trace.findings),
        fields=trace.fields,
        money=money,
    )
