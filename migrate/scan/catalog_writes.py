"""Writes to the Stripe catalog anywhere in the scanned code (X031): a product, price, plan or
SKU created or updated at run time.

Applications often make their catalog as they go (a course platform creates a product and a
price when a course is created, stores the price id on the course and checks out with it
later). After the move such a price exists in Stripe only, in no id map, so each checkout of it
fails. The site says so and suggests the Dodo call that replaces the write: ``products.create``
with the price read from the Stripe params, translated the way the catalog planner maps a Stripe
price (``migrate/mapping/products.py``: the amount as it is, the currency upper-case, the
interval capitalised, a recurring price running 20 years), run-time values carried as the code
computes them; an update is ``products.update``. The Dodo product id it returns is what the code
must store where it stored the Stripe id.

A creation that the checkout of the same function reads at once is already X026 (a blocker, at
the checkout: ``migrate/scan/stripe_reads.py``), which records where it found it; such a write
is not reported a second time (:func:`unsaid`).
"""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.mapping.expr import Expr, Op, Type, is_expr
from migrate.mapping.products import product_spec
from migrate.mapping.trace import short
from migrate.readers.idmap import INTERVALS
from migrate.scan.call_frame import ANYWHERE, call_frame
from migrate.scan.catalog_calls import CATALOG_WRITE
from migrate.scan.extract import CHOICE, DYNAMIC, Dynamic, Extractor, file_cache, is_dynamic
from migrate.scan.kotlin_symbols import argument_list
from migrate.scan.lang.go import stripe_callee
from migrate.scan.patterns import CallPattern, Language, callee_matches, normalise_callee
from migrate.scan.site import CallSite, related_finding
from migrate.scan.suggest import suggestion

MADE_BY_CHECKOUT: Final = "catalog_writes.x026"
"""The file cache's key for where X026 found a creation (absolute indexes in the file)."""
_WRITES: Final = "catalog_writes.sites"
_DODO: Final = re.compile(r"\bdodo", re.IGNORECASE)
_DODO_PARAMS: Final = re.compile(r"\btax_?[cC]ategory\b|\bpayment_?[fF]requency")
"""What only Dodo's own ``products.create`` is given (``tax_category``; a price's
``payment_frequency_interval``): the call is Dodo's, not Stripe's."""
_COMMENT: Final = {"python": "#", "ruby": "#", "shell": "#"}
_WHAT: Final = {"product": "a product", "price": "a price", "plan": "a plan", "sku": "a SKU"}
_PRICE_KEYS: Final = frozenset(
    {"unit_amount", "unit_amount_decimal", "amount", "price", "currency", "recurring"}
    | {"interval", "interval_count", "trial_period_days", "tax_behavior", "product_data"}
    | {"product", "nickname", "name", "description", "default_price_data", "metadata"}
    | {"custom_unit_amount"}
)
"""The Stripe params the suggested ``products.create`` carries (or that name the product); any
other param a creation passes (tiers, ``billing_scheme``, ``transform_quantity``, ``active``,
``images``) is said in a comment above it."""
_UPDATE_KEYS: Final = frozenset({"name", "description", "metadata", "active"})
"""What the suggested ``products.update`` carries (``active``: the finding says to archive)."""


def not_stripe(call: SgNode, pattern: CallPattern, family: str, source: str) -> bool:
    """Whether a call spelled like a catalog write is not Stripe's: Dodo's own
    ``products.create`` (its receiver names Dodo, or it is given Dodo's ``tax_category``), or,
    in Python and JavaScript, where ``products`` and ``Product`` are common names of the
    application's own models (peewee's ``Product.create``, ``db.products.create``), a receiver
    that neither names Stripe (``stripe``, ``client.v1``) nor is bound to a Stripe client in
    the file (``client = StripeClient(...)``, ``const api = new Stripe(...)``, a class imported
    from ``stripe``, ``self.api = stripe``)."""
    if pattern.rule != CATALOG_WRITE:
        return False
    function = call.field("function") or call.field("method") or call
    args = call.field("arguments")
    receiver = function.text() if function is not call else call.text().split("(", 1)[0]
    if _DODO.search(receiver) or (args is not None and _DODO_PARAMS.search(args.text())):
        return True
    if family not in ("python", "node") or _STRIPE_NAMED.search(receiver):
        return False
    root = _ROOT_NAME.match(receiver.strip())
    if root is None:
        return True
    name = re.escape(root.group(1))
    at = rf"(?:(?<![\w$.])|(?<=this\.)|(?<=self\.)){name}"
    client = r"(?:[\w.]+\.)?(?:Stripe|StripeClient)"
    bound = rf"{at}\s*(?::\s*[\w.]+\s*)?=\s*(?:await\s+)?(?:new\s+)?{client}\s*\("
    typed = rf"{at}\s*:\s*{client}\b"
    imported = rf"^\s*from\s+stripe(?:\.[\w.]+)?\s+import\s+[^\n]*\b{name}\b"
    module = rf"{at}\s*=\s*stripe\s*$"  # self.api = stripe: the module held by an object
    return not (
        re.search(bound, source)
        or re.search(typed, source)
        or re.search(imported, source, re.MULTILINE)
        or re.search(module, source, re.MULTILINE)
    )


_STRIPE_NAMED: Final = re.compile(r"stripe|\bv1\b", re.IGNORECASE)
_ROOT_NAME: Final = re.compile(r"(?:await\s+)?(?:this\.|self\.)?([A-Za-z_$][\w$]*)")


def catalog_site(
    node: SgNode,
    pattern: CallPattern,
    extractor: Extractor,
    common: dict[str, Any],
    language: Language,
) -> CallSite:
    """The X031 site of a catalog write: the finding, and the Dodo call when it can be
    written from the params the scan reads."""
    resource = _resource(common["callee"], pattern.guard)
    update = bool(pattern.id_arg)
    try:
        extracted = extractor.call(node, pattern)
        params, dynamic = extracted.params, extracted.dynamic
    except NotImplementedError:
        params, dynamic = {}, ()
    made = None  # the product made for the price just above: its name is the Dodo product's
    if resource in ("price", "plan") and not update and is_dynamic(params.get("product")):
        made = _made_product(node, _source(params["product"]), extractor, language)
    ident = None
    if update:
        id_node = extractor.id_node(node, pattern)
        ident = _ident(id_node.text() if id_node is not None else "", resource)
    rng = node.range()
    file_cache(node).setdefault(_WRITES, {})[rng.start.index] = rng.end.index
    return write_site(
        resource,
        update,
        params,
        dynamic,
        common,
        family=language.family,
        typescript=language.name in ("typescript", "tsx"),
        ident=ident,
        frame_node=node,
        made=made,
    )


def write_site(
    resource: str,
    update: bool,
    params: dict[str, Any],
    dynamic: tuple[Dynamic, ...],
    common: dict[str, Any],
    *,
    family: str,
    typescript: bool = False,
    ident: Expr | None = None,
    frame_node: SgNode | None = None,
    made: dict[str, Any] | None = None,
) -> CallSite:
    """The X031 site of a write to ``resource`` (``product``, ``price``, ``plan``, ``sku``)
    with the Stripe ``params`` (run-time values marked, listed in ``dynamic``); ``made``: the
    params of the Stripe product a price is made for, created just above."""
    what = ("Updates " if update else "Creates ") + _WHAT[resource]
    call = short(common["callee"]) + ("" if family == "shell" else "(...)")
    if update and ident is None:
        ident = Expr.absent("product_id", "str", "id")
    body = _update_body(params) if update else _create_body(resource, params, made or {})
    finding = related_finding(
        CATALOG_WRITE,
        what=what,
        call=call,
        effect=_UPDATED if update else _CREATED,
        instead=_instead(resource, update, params, body),
        stored="product" if resource == "product" else resource,
    )
    if body is None or not body:
        text = finding.suggestion
    else:
        path = "/products/{id}" if update else "/products"
        frame = (
            call_frame(frame_node, family, counted=False) if frame_node is not None else ANYWHERE
        )
        text = suggestion(
            family, body, dynamic, path=path, typescript=typescript, ident=ident, frame=frame
        )
        carried = _UPDATE_KEYS if update else _PRICE_KEYS
        if not update and isinstance(body.get("metadata"), dict):
            carried = carried | {"lookup_key"}  # kept as metadata.stripe_lookup_key
        left = sorted(k for k in params if k not in carried and not k.startswith("$"))
        if left:
            comment = _COMMENT.get(family, "//")
            text = f"{comment} not carried into the Dodo product: {', '.join(left)}\n{text}"
    return CallSite(
        kind="related",
        params=params,
        dynamic=dynamic,
        translation=None,
        findings=(finding,),
        suggestion=text,
        rule=CATALOG_WRITE,
        **common,
    )


def unsaid(root: SgNode, found: list[tuple[int, CallSite]]) -> list[tuple[int, CallSite]]:
    """``found`` without the catalog writes X026 reports at a checkout (recorded by
    ``stripe_reads``: the write is that finding's, a blocker)."""
    cache = file_cache(root)
    made: set[int] = cache.get(MADE_BY_CHECKOUT, set())
    ends: dict[int, int] = cache.get(_WRITES, {})
    if not made or not ends:
        return found
    return [
        (at, site)
        for at, site in found
        if site.rule != CATALOG_WRITE or not any(at <= m < ends.get(at, at) for m in made)
    ]


def record_made(node: SgNode, at: int) -> None:
    """Record that X026 found a creation at ``at`` (an index in the file of ``node``)."""
    file_cache(node).setdefault(MADE_BY_CHECKOUT, set()).add(at)


# -- what is written -----------------------------------------------------------------------

_ID_OF: Final = re.compile(
    r"^\s*(\$?[A-Za-z_]\w*)\s*(?:(?:\.|->|\?\.)\s*(?:id|ID|Id|getId\(\s*\))"
    r"""|\[\s*(?:"id"|'id'|:id)\s*\])\s*$"""
)
"""A price's ``product`` that is the id of a local (``product.id``, ``$product->id``, Go's
``p.ID``, Java's ``product.getId()``, C#'s ``product.Id``; read as a key: Python's
``price["id"]``, PHP's ``$price['id']``, Ruby's ``price[:id]``)."""


def _made_product(
    node: SgNode, source: str, extractor: Extractor, language: Language
) -> dict[str, Any] | None:
    """The params of the Stripe product created earlier in the function around ``node`` and
    bound to the local whose id ``source`` reads (``product = stripe.Product.create(...)``
    then ``product=product.id``); None when there is none."""
    found = made_call(node, source, extractor, language, "product")
    if found is None:
        return None
    try:
        return extractor.call(*found).params
    except NotImplementedError:
        return None
    finally:
        extractor.dynamic.clear()


def made_call(
    node: SgNode, source: str, extractor: Extractor, language: Language, resource: str
) -> tuple[SgNode, CallPattern] | None:
    """The Stripe creation of a ``resource`` (``product``, ``price``) made earlier in the
    function around ``node`` and bound to the local whose id ``source`` reads (``price =
    stripe.Price.create(...)`` then ``price.id``), with its pattern; None when there is none.
    The last such binding before ``node`` when the local is bound more than once."""
    m = _ID_OF.match(source)
    fn = next((a for a in node.ancestors() if a.kind() in extractor.functions), None)
    if m is None or fn is None:
        return None
    local, start = m.group(1), node.range().start.index
    bound = re.compile(rf"(?<![\w$]){re.escape(local)}\s*(?:,\s*\w+\s*)?:?=\s*(?:await\s+)?$")
    text = fn.get_root().root().text()
    found: list[tuple[SgNode, CallPattern]] = []
    for kind in language.call_kinds:
        for call in fn.find_all(kind=kind):
            at = call.range().start.index
            if at >= start or argument_list(call) is None:
                continue
            head = text[text.rfind("\n", 0, at) + 1 : at]
            pattern = write_pattern(call, language, resource)
            if pattern is not None and bound.search(head):
                found.append((call, pattern))
    return max(found, key=lambda f: f[0].range().start.index, default=None)


def write_pattern(call: SgNode, language: Language, resource: str) -> CallPattern | None:
    """The pattern of the Stripe catalog write ``call`` is when it makes a ``resource``
    (``Price.create(...)``, ``stripe.prices.create(...)``), else None."""
    args = argument_list(call)
    if args is None:
        return None
    text = call.get_root().root().text()
    callee = normalise_callee(text[call.range().start.index : args.range().start.index])
    if language.family == "go":  # an aliased stripe-go package (``stripePrice.New``)
        callee = stripe_callee(call, callee)
    for pattern in language.calls:
        if pattern.rule != CATALOG_WRITE or pattern.id_arg or not callee_matches(pattern, callee):
            continue
        if _resource(callee, pattern.guard) == resource:
            return pattern
    return None


def _resource(callee: str, guard: str | None) -> str:
    """``product``, ``price``, ``plan`` or ``sku``: what the write makes (a C# service's guard
    names it, the others the part of the callee before the method)."""
    parts = callee.split(".")
    owner = (
        guard if guard and guard.startswith("csharp_") else (parts[-2] if len(parts) > 1 else "")
    )
    owner = owner.lower()
    for word in ("product", "price", "plan", "sku"):
        if word in owner:
            return word
    return "price"


def _ident(source: str, resource: str) -> Expr:
    """The Dodo product an update acts on: a Stripe price's (or plan's) id looked up in the id
    map; a Stripe product id is in no id map (each Dodo product is one price): a name to fill
    in."""
    if resource == "product" or not source:
        return Expr.absent("product_id", "str", "id")
    return Expr(source, "id", "product_id", "str")


def _source(marker: Any) -> str:
    return str(marker[DYNAMIC])


def _value(value: Any, path: str, op: Op = "", type_: Type | None = None) -> Any:
    if is_dynamic(value):
        return Expr(_source(value), path, op, type_)
    return value


def _text(holder: Any, key: str, path: str) -> Any:
    """A text param of ``holder`` (a literal or a run-time value), or None."""
    if not isinstance(holder, dict) or is_dynamic(holder):
        return None
    value = holder.get(key)
    if isinstance(value, str) or is_dynamic(value):
        return _value(value, path, "", "str")
    return None


def _amount(price: dict[str, Any], keys: tuple[str, ...], prefix: str) -> Any:
    for key in keys:
        value = price.get(key)
        if type(value) is int:
            return value
        if isinstance(value, str) and value.isdigit():
            return int(value)  # unit_amount_decimal written whole, or form-encoded
        if is_dynamic(value):
            return Expr(_source(value), prefix + key, "", "int")
    return Expr.absent("price", "int", prefix + keys[0])


def _currency(price: dict[str, Any], prefix: str) -> Any:
    value = price.get("currency")
    if isinstance(value, str):
        return value.upper()
    if is_dynamic(value):
        return Expr(_source(value), prefix + "currency", "upper", "str")
    return Expr.absent("currency", "str", prefix + "currency")


def _price(price: dict[str, Any], recurring: Any, prefix: str, amount_keys: tuple[str, ...]) -> Any:
    """The Dodo ``price`` of a Stripe price's params (``recurring`` its recurring part, or a
    plan's own interval), as the catalog planner writes it."""
    interval: Any = None
    count: Any = 1
    if isinstance(recurring, dict) and not is_dynamic(recurring):
        interval = _interval(recurring.get("interval"), prefix + "recurring.interval")
        raw_count = recurring.get("interval_count", 1)
        count = _value(raw_count, prefix + "recurring.interval_count", "", "int")
        if isinstance(count, str) and count.isdigit():
            count = int(count)
    elif is_dynamic(recurring):
        interval = Expr.absent("payment_frequency_interval", "str", prefix + "recurring")
    pwyw = price.get("custom_unit_amount")
    if isinstance(pwyw, dict) and not is_dynamic(pwyw) and interval is None:
        minimum = pwyw.get("minimum", 0)
        amount = _value(minimum, prefix + "custom_unit_amount.minimum", "", "int")
    else:
        pwyw, amount = None, _amount(price, amount_keys, prefix)
    spec = product_spec(
        name="-",
        description=None,
        currency="USD",
        amount=0,
        interval="Month" if interval is not None else None,
        interval_count=1,
        tax_inclusive=None,
        metadata={},
        pay_what_you_want=pwyw is not None,
    )
    body: dict[str, Any] = spec["price"]
    body["price"], body["currency"] = amount, _currency(price, prefix)
    if interval is not None:
        body["payment_frequency_interval"], body["payment_frequency_count"] = interval, count
        trial = recurring.get("trial_period_days") if isinstance(recurring, dict) else None
        if type(trial) is int or is_dynamic(trial):
            body["trial_period_days"] = _value(trial, prefix + "trial_period_days", "", "int")
    behavior = price.get("tax_behavior")
    if behavior in ("inclusive", "exclusive"):
        body["tax_inclusive"] = behavior == "inclusive"
    return body


def _interval(value: Any, path: str) -> Any:
    """Dodo's interval for a Stripe one (``month`` -> ``Month``), through a choice made at run
    time between literals (``yearly ? "year" : "month"``); a name to fill in otherwise."""
    if isinstance(value, str) and value in INTERVALS:
        return INTERVALS[value]
    if is_dynamic(value) and CHOICE in value:
        choice = value[CHOICE]
        then, other = _interval(choice["then"], path), _interval(choice["else"], path)
        if not (isinstance(then, Expr) and then.missing) and not (
            isinstance(other, Expr) and other.missing
        ):
            return Expr.choice(_source(value), path, str(choice["if"]), then, other)
    return Expr.absent("payment_frequency_interval", "str", path)


def _create_body(
    resource: str, params: dict[str, Any], made: dict[str, Any]
) -> dict[str, Any] | None:
    """The Dodo ``products.create`` body of a creation; None for a product made without a
    price (Dodo makes a product with its price: where the code makes the price)."""
    name: Any = None
    if resource == "product":
        price = params.get("default_price_data")
        if not isinstance(price, dict) or is_dynamic(price):
            return None
        name = _text(params, "name", "name")
        dodo_price = _price(price, price.get("recurring"), "default_price_data.", ("unit_amount",))
    elif resource == "plan":
        product = params.get("product")
        name = (
            _text(product, "name", "product.name")
            or _text(made, "name", "product")
            or _text(params, "nickname", "nickname")
        )
        keys = ("interval", "interval_count", "trial_period_days")
        recurring: dict[str, Any] = {k: params[k] for k in keys if k in params}
        dodo_price = _price(params, recurring, "", ("amount", "amount_decimal"))
    elif resource == "sku":
        dodo_price = _price(params, None, "", ("price",))
    else:
        name = (
            _text(params.get("product_data"), "name", "product_data.name")
            or _text(made, "name", "product")
            or _text(params, "nickname", "nickname")
        )
        dodo_price = _price(params, params.get("recurring"), "", _AMOUNTS)
    body: dict[str, Any] = {
        "name": name if name is not None else Expr.absent("name", "str", "product_data.name"),
        "price": dodo_price,
        "tax_category": Expr.absent("tax_category", "str", "tax_category"),
    }
    description = _text(params, "description", "description")
    if resource == "product" and description is not None:
        body["description"] = description
    description = _text(made, "description", "product")
    if description is not None:
        body["description"] = description
    metadata = _with_lookup_key(_metadata(params.get("metadata")), params.get("lookup_key"))
    if metadata is not None:
        body["metadata"] = metadata
    return body


def _with_lookup_key(metadata: Any, key: Any) -> Any:
    """The product's metadata with a price's ``lookup_key`` kept as ``stripe_lookup_key``, as
    the catalog plan keeps it (mappings/catalog.yaml); not when the metadata is known only as
    a whole at run time (the key is then said not carried)."""
    if key is None or is_expr(metadata):
        return metadata
    kept = key if isinstance(key, str) else Expr(_source(key), "lookup_key", "", "str")
    if isinstance(key, str) or is_dynamic(key):
        return {**(metadata or {}), "stripe_lookup_key": kept}
    return metadata


_AMOUNTS: Final = ("unit_amount", "unit_amount_decimal")
_CREATED: Final = (
    "after the move it exists in Stripe only, in no id map, so a checkout that later uses the "
    "id the code stores finds no Dodo product and fails."
)
_UPDATED: Final = (
    "after the move the change reaches Stripe only: the Dodo product the checkout sells stays "
    "as it was."
)


def _metadata(value: Any) -> Any:
    if is_dynamic(value):
        return Expr(_source(value), "metadata", "", "metadata")
    if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
        return {str(k): v for k, v in value.items()}
    return None


def _update_body(params: dict[str, Any]) -> dict[str, Any]:
    """The Dodo ``products.update`` body of an update: its name, description and metadata
    (a Stripe price's amount cannot be changed: an update never carries one)."""
    body: dict[str, Any] = {}
    for key in ("name", "description"):
        value = _text(params, key, key)
        if value is not None:
            body[key] = value
    metadata = _metadata(params.get("metadata"))
    if metadata is not None:
        body["metadata"] = metadata
    return body


def _instead(resource: str, update: bool, params: dict[str, Any], body: Any) -> str:
    if update:
        off = "; to take it off sale, client.products.archive(id)" if "active" in params else ""
        return (
            "client.products.update(id, ...) on the Dodo product (PATCH /products/{id}; "
            "a migrated price's Dodo product id comes from the id map, a new one is the id the "
            f"code stored){off}"
        )
    if body is None:
        return (
            "a Dodo product carries its price, so make it with client.products.create where "
            "the code makes this product's Stripe price (the name from here, the amount, "
            "currency and interval from there), one Dodo product per price"
        )
    return (
        "client.products.create(name=..., price={type: one_time_price or recurring_price, "
        "price, currency, ...}, tax_category=...), as the suggested call shows; a Dodo product "
        "carries one price, so a new price of an existing product is a new Dodo product (or "
        "client.products.update(id, price=...) when it replaces the product's only price)"
    )


__all__ = ["catalog_site", "not_stripe", "record_made", "unsaid", "write_site"]
