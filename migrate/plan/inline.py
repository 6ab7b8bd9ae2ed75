"""The products the checkout code's inline prices need (``plan --code``, ``--payloads``, the
snapshot's recorded sessions): each ``price_data`` becomes a product, identical content sharing
one. A line whose currency the code passes at run time (migrate/mapping/currency_lines.py)
becomes one product per currency ``--currency`` lists, each keyed ``<currency key>.<CURRENCY>``
in the ledger and the id map; without the list, it is manual work (K115): creating it in a
guessed currency would charge buyers in another one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from migrate.mapping.catalog import KEY_FIELD, PlanOptions
from migrate.mapping.products import placeholder_id
from migrate.mapping.table import RuleTable
from migrate.mapping.trace import Trace
from migrate.mapping.translate import Translation
from migrate.plan.ops import Action, Operation
from migrate.readers.idmap import currency_key


class CatalogPlanner(Protocol):
    """What planning the inline products reads of the catalog planner (planner.py)."""

    inline: Iterable[Translation]
    opts: PlanOptions
    table: RuleTable
    direct_coupons: set[str]
    planned_prices: set[str]

    def tax_category(
        self, trace: Trace, mapped: str | None, tax_code: str | None, product: str
    ) -> str | None: ...


def plan_inline(planner: CatalogPlanner) -> Iterator[Operation]:
    """The inline products of ``planner``'s translations, in first-seen order."""
    seen: dict[str, tuple[dict[str, Any], str, int, str | None]] = {}
    per_currency: set[str] = set()
    for result in planner.inline:
        for discount in (result.stripe or {}).get("discounts") or []:
            if isinstance(discount, dict) and isinstance(discount.get("coupon"), str):
                planner.direct_coupons.add(discount["coupon"])
        for req in result.requires:
            stripe = req.get("stripe") or {}
            if req.get("kind") != "product" or "product" not in req:
                continue
            if "price" in stripe and stripe["price"] in planner.planned_prices:
                continue  # the snapshot's price is planned as itself
            entry = seen.get(req["id"])
            where = f"{result.source.label()} {next(iter(stripe.values()), '')}".strip()
            if entry is None:
                seen[req["id"]] = (req["product"], where, 1, req.get("stripe_tax_code"))
            else:
                seen[req["id"]] = (entry[0], entry[1], entry[2] + 1, entry[3])
            if req.get("per_currency"):
                per_currency.add(req["id"])
    for pid, (spec, where, uses, tax_code) in seen.items():
        if pid not in per_currency:
            found: tuple[str, dict[str, Any]] = ("K111", {"uses": uses})
            yield _product(
                planner, key=pid, pid=pid, spec=spec, where=where, tax_code=tax_code, found=found
            )
            continue
        currencies = planner.opts.code_currencies
        if not currencies:
            yield _unlisted(planner, pid, spec, where)
        for currency in currencies:
            key = currency_key(pid, currency)
            priced = {**spec, "price": {**spec["price"], "currency": currency}}
            found = ("K114", {"currency": currency, "key": key})
            made = placeholder_id("pdt", key)
            yield _product(
                planner, key=key, pid=made, spec=priced, where=where, tax_code=tax_code, found=found
            )


def _product(
    planner: CatalogPlanner,
    *,
    key: str,
    pid: str,
    spec: dict[str, Any],
    where: str,
    tax_code: str | None,
    found: tuple[str, dict[str, Any]],
) -> Operation:
    """The creation of one inline product (``key``: its ledger key after ``product:inline:``;
    ``pid``: its placeholder id), with ``found`` (a finding's code and values) saying why."""
    trace = Trace(planner.table)
    trace.emit(found[0], "", where=where, **found[1])
    body = {**spec, "metadata": {**spec.get("metadata", {}), KEY_FIELD: f"product:inline:{key}"}}
    name = str(spec.get("name"))
    category = planner.opts.tax_map.get(tax_code or "") or planner.tax_category(
        trace, None, tax_code, name
    )
    if category is not None:
        body["tax_category"] = category
    action: Action = "manual" if category is None else "create"
    price = body["price"]
    charge = {
        "price": price["price"],
        "currency": price["currency"],
        "interval": price.get("payment_frequency_interval"),
        "interval_count": price.get("payment_frequency_count", 1),
    }
    return Operation(
        f"product:inline:{key}",
        action,
        "product",
        where,
        pid,
        {"method": "POST", "path": "/products", "body": body},
        (),
        tuple(trace.findings),
        name,
        charge,
    )


def _unlisted(planner: CatalogPlanner, pid: str, spec: dict[str, Any], where: str) -> Operation:
    """The product of a run-time currency when ``--currency`` lists none: manual work."""
    trace = Trace(planner.table)
    trace.emit("K115", "", where=where, key=pid)
    name = str(spec.get("name"))
    return Operation(
        f"product:inline:{pid}",
        "manual",
        "product",
        where,
        None,
        None,
        (),
        tuple(trace.findings),
        name,
    )
