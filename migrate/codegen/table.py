"""The id map sorted into what an application looks up: Dodo product ids (for Stripe price,
plan, SKU and product ids), Dodo customer ids, Dodo discount codes (for coupon and
promotion-code ids) and Dodo subscription ids (for the Stripe subscriptions whose subscribers
moved: ``subscribers create`` / ``status`` record them in the ledger); checked before any module
is written.

What kind an entry is comes from its ids: a Stripe ``price_``, ``plan_``, ``sku_`` or ``prod_`` id,
or a Dodo ``pdt_`` id, is a product; ``cus_`` on either side a customer; ``sub_`` on either side a
subscription; ``promo_`` and every other Stripe id (a coupon's id is whatever the account chose) a
discount, whose value is the Dodo code. An entry whose two sides disagree (``price_1`` -> ``cus_2``)
is refused: a lookup must never hand out an id of the wrong kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from migrate.errors import ConfigError
from migrate.readers.idmap import PLACEHOLDER_PREFIX, IdMap, is_currency_key

Kind = Literal["product", "customer", "discount", "subscription"]
KINDS: Final[tuple[Kind, ...]] = ("product", "customer", "discount", "subscription")

PRODUCT_PREFIXES: Final = ("price_", "plan_", "sku_", "prod_")
"""Stripe ids a Dodo product stands for (``plan`` makes one product per price, plan or SKU;
``prod_`` names the product of a one-price Stripe product)."""
DODO_PREFIX: Final[dict[Kind, str]] = {
    "product": "pdt_",
    "customer": "cus_",
    "subscription": "sub_",
}
"""The Dodo id prefix of each kind whose value is an id (a discount's value is its code)."""
OF: Final[dict[Kind, str]] = {
    "product": "a Stripe price, plan, SKU or product id",
    "customer": "a Stripe customer id",
    "discount": "a Stripe coupon or promotion-code id",
    "subscription": "a Stripe subscription id",
}
"""What each kind's lookup takes, for the generated docs."""
WHAT: Final[dict[Kind, str]] = {
    "product": "product id",
    "customer": "customer id",
    "discount": "discount code",
    "subscription": "subscription id",
}
"""What each kind's lookup returns (a Dodo ...)."""


@dataclass(frozen=True, slots=True)
class IdTable:
    """Stripe id -> Dodo id per kind, each sorted by Stripe id; ``placeholders`` counts the
    entries that are still a plan's ``s2d_`` placeholder (only with ``allow_placeholders``)."""

    products: tuple[tuple[str, str], ...]
    customers: tuple[tuple[str, str], ...]
    discounts: tuple[tuple[str, str], ...]
    subscriptions: tuple[tuple[str, str], ...] = ()
    placeholders: int = 0

    def of(self, kind: Kind) -> tuple[tuple[str, str], ...]:
        return {
            "product": self.products,
            "customer": self.customers,
            "discount": self.discounts,
            "subscription": self.subscriptions,
        }[kind]

    def __len__(self) -> int:
        return sum(len(self.of(kind)) for kind in KINDS)


def kind_of(stripe_id: str, dodo_id: str) -> Kind:
    """What an id-map entry maps: refuses an entry whose Stripe and Dodo sides disagree."""
    bare = dodo_id.removeprefix(PLACEHOLDER_PREFIX)
    by_dodo: Kind | None = next((k for k, p in DODO_PREFIX.items() if bare.startswith(p)), None)
    by_stripe: Kind | None = None
    if stripe_id.startswith(PRODUCT_PREFIXES):
        by_stripe = "product"
    elif stripe_id.startswith("cus_"):
        by_stripe = "customer"
    elif stripe_id.startswith("sub_"):
        by_stripe = "subscription"
    elif stripe_id.startswith("promo_"):
        by_stripe = "discount"
    if by_stripe == "subscription" and by_dodo is None:
        by_stripe = None  # a coupon the merchant named `sub_...`: its Dodo side is a code
    if by_stripe is None:  # a coupon's own id, or a legacy plan's: the Dodo side tells
        return by_dodo or "discount"
    if by_stripe != by_dodo and not (by_stripe == "discount" and by_dodo is None):
        raise ConfigError(
            f"id map: {stripe_id} maps to {dodo_id!r}, which is not a Dodo {WHAT[by_stripe]}",
            hint="fix the entry (or apply the plan again and rerun `stripe2dodo ledger ids`)",
        )
    return by_stripe


def _printable(text: str) -> bool:
    return bool(text) and all(" " <= ch <= "~" for ch in text)


def id_table(ids: IdMap, *, allow_placeholders: bool = False) -> IdTable:
    """The entries of ``ids`` per kind, checked: every id printable ASCII (no line break can
    reach generated code), no two kinds disagreeing, and no ``s2d_`` placeholder unless
    ``allow_placeholders`` (a placeholder in production code is a bug: the object does not
    exist in Dodo yet). An entry keyed by a placeholder (a product made from inline
    ``price_data``, which the application's code never looks up: ``scan --fix`` writes its Dodo
    id) stays in the JSON map only, but for a currency key's product (``s2d_pdt_....EUR``), which
    the code looks up by the currency it charges in (migrate/mapping/currency_lines.py)."""
    rows: dict[Kind, list[tuple[str, str]]] = {k: [] for k in KINDS}
    placeholders: list[str] = []
    for stripe_id, entry in sorted(ids.entries.items()):
        if stripe_id.startswith(PLACEHOLDER_PREFIX) and not is_currency_key(stripe_id):
            continue
        for side in (stripe_id, entry.id):
            if not _printable(side):
                raise ConfigError(
                    f"id map: {side!r} is not an id (only printable ASCII is written into code)",
                    hint="fix the entry in the id map",
                )
        if entry.id.startswith(PLACEHOLDER_PREFIX):
            placeholders.append(stripe_id)
        rows[kind_of(stripe_id, entry.id)].append((stripe_id, entry.id))
    if placeholders and not allow_placeholders:
        shown = ", ".join(placeholders[:3]) + (", ..." if len(placeholders) > 3 else "")
        raise ConfigError(
            f"the id map has {len(placeholders)} placeholder id(s) of objects not created in "
            f"Dodo yet ({shown}): code must not ship them",
            hint="apply the plan, then `stripe2dodo ledger ids LEDGER --merge MAP -o FILE`; "
            "or pass --allow-placeholders for a module that is not for production",
        )
    return IdTable(
        tuple(rows["product"]),
        tuple(rows["customer"]),
        tuple(rows["discount"]),
        tuple(rows["subscription"]),
        len(placeholders),
    )


def header_lines(command: str, table: IdTable, *, lookups: bool = True) -> tuple[str, ...]:
    """The generated file's header, as comment text without the comment marks: what it is,
    that it is generated, and the command that writes it again (no date: it diffs cleanly)."""
    counts = (
        f"{len(table.products)} product(s), {len(table.customers)} customer(s), "
        f"{len(table.discounts)} discount code(s), {len(table.subscriptions)} subscription(s)"
    )
    lines = [
        "Generated by stripe2dodo: the Dodo Payments ids of this application's Stripe ids.",
        "Do not edit. Regenerate with:",
        f"  {command}",
        f"{counts}.",
        "An unknown Stripe id fails loudly: no lookup returns an empty or a wrong id."
        if lookups
        else "A Stripe id without a variable here has no Dodo id yet: never fall back to it.",
    ]
    if table.placeholders:
        lines.append(
            f"NOT FOR PRODUCTION: {table.placeholders} id(s) are placeholders (s2d_...) of "
            "objects not created in Dodo yet."
        )
    return tuple(lines)


MARKER: Final = "Generated by stripe2dodo"
"""Text every generated file holds in its first lines: a file without it is not replaced."""


def unknown_message(what: str, stripe_id: str, command: str) -> str:
    """The error an unknown id raises (each language builds this text around the id)."""
    return (
        f'stripe2dodo: no Dodo {what} for the Stripe id "{stripe_id}" in the generated id map: '
        f"migrate it, then rerun `{command}`"
    )


def printable(text: str) -> str:
    """``text`` with every character that is not printable ASCII replaced by ``?``: what a
    generated file's comments and messages may hold (a path's line break never ends one)."""
    return "".join(ch if " " <= ch <= "~" else "?" for ch in text)
