"""How each SDK spells a write to the Stripe catalog: a product, price, plan or SKU created or
updated (X031, ``migrate/scan/catalog_writes.py``), as data ``patterns.py`` turns into
``CallPattern`` entries of kind ``related``.

Each entry is ``(callees, fields)``: the dotted callee tails, and the ``CallPattern`` fields of
that spelling (how the params are passed, a guard on what the callee refers to, the id first).
A guard that names its class or package by the callee (PHP's ``php_stripe``, Go's
``go_stripe_package``, Java's ``java_stripe_model``) gets one entry per class. Reads
(``retrieve``, ``list``, ``search``) are never spelled here, so they never count.
"""

from __future__ import annotations

from typing import Final

CATALOG_WRITE: Final = "X031"

Spelling = tuple[tuple[str, ...], dict[str, object]]

_CLASSES: Final = ("Product", "Price", "Plan")
_SERVICES: Final = ("products", "prices", "plans")
_UPDATE: Final[dict[str, object]] = {"id_arg": True}


def _python() -> tuple[Spelling, ...]:
    """stripe-python: ``stripe.Price.create(unit_amount=...)`` (and ``modify(id, ...)``, the
    ``_async`` forms) and StripeClient's ``stripe_client.prices.create(params={...})`` /
    ``client.v1.prices.create(...)``."""
    resource: dict[str, object] = {"args": "kwargs"}
    client: dict[str, object] = {"params_keyword": "params"}

    def both(names: list[str]) -> tuple[str, ...]:
        return tuple(n for name in names for n in (name, f"{name}_async"))

    return (
        (both([f"{c}.create" for c in (*_CLASSES, "SKU")]), resource),
        (both([f"{c}.modify" for c in (*_CLASSES, "SKU")]), {**resource, **_UPDATE}),
        (both([f"{s}.create" for s in _SERVICES]), client),
        (both([f"{s}.update" for s in _SERVICES]), {**client, **_UPDATE}),
    )


def _node() -> tuple[Spelling, ...]:
    """stripe-node: ``stripe.prices.create({...})``, ``stripe.products.update(id, {...})``."""
    services = (*_SERVICES, "skus")
    return (
        (tuple(f"{s}.create" for s in services), {}),
        (tuple(f"{s}.update" for s in services), _UPDATE),
    )


def _ruby() -> tuple[Spelling, ...]:
    """stripe-ruby: ``Stripe::Price.create(...)``, ``Stripe::Product.update(id, ...)`` and
    StripeClient's ``client.v1.prices.create(...)``."""
    resource: dict[str, object] = {"args": "kwargs"}
    classes = (*_CLASSES, "SKU")
    return (
        (tuple(f"Stripe.{c}.create" for c in classes), resource),
        (tuple(f"Stripe.{c}.update" for c in classes), {**resource, **_UPDATE}),
        (tuple(f"v1.{s}.create" for s in _SERVICES), {}),
        (tuple(f"v1.{s}.update" for s in _SERVICES), _UPDATE),
    )


def _php() -> tuple[Spelling, ...]:
    """stripe-php: ``\\Stripe\\Price::create([...])`` (the class imported or in full) and
    StripeClient's ``$stripe->prices->create([...])``, ``->update($id, [...])``."""
    out: list[Spelling] = []
    for cls in (*_CLASSES, "SKU"):
        out.append(((f"{cls}.create",), {"guard": "php_stripe"}))
        out.append(((f"{cls}.update",), {"guard": "php_stripe", **_UPDATE}))
    out.append((tuple(f"{s}.create" for s in _SERVICES), {"guard": "php_client"}))
    out.append((tuple(f"{s}.update" for s in _SERVICES), {"guard": "php_client", **_UPDATE}))
    return tuple(out)


def _go() -> tuple[Spelling, ...]:
    """stripe-go: ``price.New(&stripe.PriceParams{...})`` (the package imported from stripe-go),
    ``product.Update(id, params)``, and the client API's ``sc.V1Prices.Create(ctx, params)``
    (older ``sc.Prices.New(params)``)."""
    struct: dict[str, object] = {"args": "struct"}
    package: dict[str, object] = {"args": "struct", "guard": "go_stripe_package"}
    out: list[Spelling] = []
    for pkg, service in (("product", "Products"), ("price", "Prices"), ("plan", "Plans")):
        out.append(((f"{pkg}.New",), package))
        out.append(((f"{pkg}.Update",), {**package, **_UPDATE}))
        out.append(((f"V1{service}.Create", f"{service}.New"), struct))
        out.append(((f"V1{service}.Update", f"{service}.Update"), {**struct, **_UPDATE}))
    out.append((("sku.New",), package))
    return tuple(out)


def _java() -> tuple[Spelling, ...]:
    """stripe-java (and Kotlin): the static ``Price.create(PriceCreateParams...)`` of
    ``com.stripe.model`` and StripeClient's ``client.prices().create(params)`` /
    ``client.v1().products().update(id, params)``."""
    builder: dict[str, object] = {"args": "builder"}
    out: list[Spelling] = [
        ((f"{cls}.create",), {**builder, "guard": "java_stripe_model"})
        for cls in (*_CLASSES, "Sku")
    ]
    out.append((tuple(f"{s}.create" for s in _SERVICES), builder))
    out.append((tuple(f"{s}.update" for s in _SERVICES), {**builder, **_UPDATE}))
    return tuple(out)


def _csharp() -> tuple[Spelling, ...]:
    """Stripe.net: ``new PriceService().Create(new PriceCreateOptions {...})`` (``...Async``, a
    service held in a field, StripeClient's ``client.V1.Prices``), ``Update(id, options)``."""
    out: list[Spelling] = []
    for guard in ("csharp_product_service", "csharp_price_service", "csharp_plan_service"):
        out.append((("Create", "CreateAsync"), {"args": "options", "guard": guard}))
        out.append((("Update", "UpdateAsync"), {"args": "options", "guard": guard, **_UPDATE}))
    return tuple(out)


_RELATED: Final[dict[str, object]] = {"kind": "related", "rule": CATALOG_WRITE}

CATALOG_CALLS: Final[dict[str, tuple[Spelling, ...]]] = {
    family: tuple((callees, {**_RELATED, **fields}) for callees, fields in spelled())
    for family, spelled in (
        ("python", _python),
        ("node", _node),
        ("ruby", _ruby),
        ("php", _php),
        ("go", _go),
        ("java", _java),
        ("csharp", _csharp),
    )
}
"""Family -> its spellings of a catalog write, each a related call of rule X031 (Kotlin reads
Java's)."""
