"""The id map as a Python module (``dodo_ids.py``): ``dodo_product_id``, ``dodo_customer_id``,
``dodo_discount_code`` and ``dodo_subscription_id``, typed (it passes ``mypy --strict``), raising
``UnknownStripeId`` (a ``LookupError``) on an id the map does not hold."""

from __future__ import annotations

import json
from typing import Final

from migrate.codegen import amounts
from migrate.codegen.table import KINDS, OF, WHAT, IdTable, header_lines

NAMES: Final = {
    "product": ("dodo_product_id", "_PRODUCTS"),
    "customer": ("dodo_customer_id", "_CUSTOMERS"),
    "discount": ("dodo_discount_code", "_DISCOUNT_CODES"),
    "subscription": ("dodo_subscription_id", "_SUBSCRIPTIONS"),
}


def _q(text: str) -> str:
    return json.dumps(text)  # printable ASCII only: a JSON string is a Python string


def render(table: IdTable, command: str) -> str:
    lines = [f"# {line}".rstrip() for line in header_lines(command, table)]
    exported = sorted(
        ["REGENERATE", "UnknownStripeId", amounts.NAMES["python"], *(f for f, _ in NAMES.values())]
    )
    lines += [
        '"""Stripe id -> Dodo id lookups; each raises UnknownStripeId on an unknown id."""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Mapping",
        "from decimal import Decimal, InvalidOperation",
        "from typing import Final",
        "",
        "__all__ = [",
        *(f"    {_q(name)}," for name in exported),
        "]",
        "",
        f"REGENERATE: Final = {_q(command)}",
        "",
        "",
        "class UnknownStripeId(LookupError):",
        '    """A Stripe id the generated id map does not hold."""',
        "",
    ]
    for kind in KINDS:
        pairs = table.of(kind)
        name = NAMES[kind][1]
        lines += ["", f"# {OF[kind]} -> Dodo {WHAT[kind]}"]
        if not pairs:
            lines.append(f"{name}: Final[Mapping[str, str]] = {{}}")
            continue
        lines.append(f"{name}: Final[Mapping[str, str]] = {{")
        lines += [f"    {_q(k)}: {_q(v)}," for k, v in pairs]
        lines.append("}")
    lines += [
        "",
        "",
        "def _lookup(table: Mapping[str, str], what: str, stripe_id: object) -> str:",
        "    if not isinstance(stripe_id, str):  # a Stripe object stands for its id, as",
        '        stripe_id = getattr(stripe_id, "id", stripe_id)  # stripe-python sends it',
        "    found = table.get(stripe_id) if isinstance(stripe_id, str) else None",
        "    if not found:",
        "        raise UnknownStripeId(",
        '            f"stripe2dodo: no Dodo {what} for the Stripe id \\"{stripe_id}\\" in the "',
        '            f"generated id map: migrate it, then rerun `{REGENERATE}`"',
        "        )",
        "    return found",
    ]
    for kind in KINDS:
        function, name = NAMES[kind]
        lines += [
            "",
            "",
            f"def {function}(stripe_id: object) -> str:",
            f'    """The Dodo {WHAT[kind]} of {OF[kind]}."""',
            f"    return _lookup({name}, {_q(WHAT[kind])}, stripe_id)",
        ]
    lines += amounts.python()
    return "\n".join(lines) + "\n"
