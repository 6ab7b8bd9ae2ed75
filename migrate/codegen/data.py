"""The id map as a dotenv file (``dodo-ids.env``): one variable per Stripe id,
``DODO_PRODUCT_<stripe id>``, ``DODO_CUSTOMER_<stripe id>``, ``DODO_DISCOUNT_CODE_<stripe id>``,
``DODO_SUBSCRIPTION_<stripe id>``.
The Stripe id keeps its case (``price_1Ab`` and ``price_1aB`` are two prices); a character a
variable name cannot hold becomes ``_`` (``gold-yearly``: ``DODO_PRODUCT_gold_yearly``), and two
ids that would share a name are refused, as is a Dodo id that would need quoting: every dotenv
reader (the shell, docker compose, python-dotenv, dotenv) must read the same."""

from __future__ import annotations

import re
from typing import Final

from migrate.codegen.table import KINDS, IdTable, Kind, header_lines
from migrate.errors import ConfigError

PREFIX: Final[dict[Kind, str]] = {
    "product": "DODO_PRODUCT_",
    "customer": "DODO_CUSTOMER_",
    "discount": "DODO_DISCOUNT_CODE_",
    "subscription": "DODO_SUBSCRIPTION_",
}
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")
_VALUE = re.compile(r"[A-Za-z0-9_.:-]+")


def variable(kind: Kind, stripe_id: str) -> str:
    """The variable that holds the Dodo id of ``stripe_id``."""
    return PREFIX[kind] + _NOT_NAME.sub("_", stripe_id)


def render_dotenv(table: IdTable, command: str) -> str:
    lines = [f"# {line}".rstrip() for line in header_lines(command, table, lookups=False)]
    named: dict[str, str] = {}
    for kind in KINDS:
        for stripe_id, dodo_id in table.of(kind):
            name = variable(kind, stripe_id)
            if name in named:
                raise ConfigError(
                    f"id map: {named[name]!r} and {stripe_id!r} would both be {name}",
                    hint="write the id map as a module or as JSON (--format)",
                )
            named[name] = stripe_id
            if not _VALUE.fullmatch(dodo_id):
                raise ConfigError(
                    f"id map: {dodo_id!r} (for {stripe_id}) would need quoting in a dotenv file",
                    hint="write the id map as a module or as JSON (--format)",
                )
            lines.append(f"{name}={dodo_id}")
    return "\n".join(lines) + "\n"
