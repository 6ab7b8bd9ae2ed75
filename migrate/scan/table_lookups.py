"""A literal table looked up in the params: its entry for a key written in the code, or, for a
key known only at run time, the choice between its entries.

Real checkouts keep their plans' inline prices in a table (``SUBSCRIPTION_PRICE_DATA = {
"MONTHLY": {"unit_amount": 2000, ..., "recurring": {"interval": "month"}}, "YEARLY": {...}}``)
and look the plan's up by a request's value: ``"price_data": SUBSCRIPTION_PRICE_DATA[kind]``.
Read as one object known only at run time, the line blocked (RT002: its fields cannot be read)
and the cart was unknown (RT007), though each entry is a price given in full. A table of a few
objects looked up by a run-time key is the choice between its entries on the key (``kind ==
"MONTHLY"``), key by key, as a ternary between two objects is read; the translation then splits
on that condition (``migrate/mapping/condition_split.py``, RT053) into a choice of products. A
table of plain values (price ids) stays a run-time lookup, carried as it is (L113).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Final

from migrate.scan.follow_base import plain_dict

MAX_ENTRIES: Final = 4
"""At most so many entries are made a choice (each costs a translation of the branch)."""


def entry(obj: Any, key: tuple[Any] | None) -> Any:
    """``obj[key]`` when both are known and the key is there; None otherwise."""
    if key is None:
        return None
    if plain_dict(obj) and type(key[0]) is str and key[0] in obj:
        return obj[key[0]]
    if type(obj) is list and type(key[0]) is int and -len(obj) <= key[0] < len(obj):
        return obj[key[0]]
    return None


def table_choice(
    table: Any, key: str, choice: Callable[[str, Any, Any], Any], equals: str = "=="
) -> Any:
    """For a literal ``table`` of one to :data:`MAX_ENTRIES` objects looked up by ``key`` (the
    source of a value known only at run time): the choice between its entries on ``key``
    (``key == "MONTHLY"``, the last entry where no other key matched; a table of one entry is
    that entry, any other key failing on Stripe too), made by ``choice(cond, then, else)``;
    None for any other table."""
    if not plain_dict(table) or not 1 <= len(table) <= MAX_ENTRIES:
        return None
    if not all(plain_dict(v) and v for v in table.values()):
        return None
    entries = list(table.items())
    value = entries[-1][1]
    for name, item in reversed(entries[:-1]):
        value = choice(f"{key} {equals} {json.dumps(name)}", item, value)
    return value
