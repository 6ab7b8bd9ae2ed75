"""A PHP array filled by index (``$lines[0]['price_data'] = $price; $lines[0]['quantity'] = 1;``)
is a list, as PHP reads it: an array whose keys are 0, 1, ... n-1 in order is a list
(``array_is_list``), sent to Stripe as one. The hash flow reads each key as written, so such
an array was a hash with the keys ``"0"``, ``"1"``: a cart of no line the translator could read
(RT007), its amount and currency left as fields no rule maps (C090). Seen in a WooCommerce
gateway's Checkout Session, its one order line set by index in a helper."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Final

from migrate.scan.extract import Dynamic

_KEPT: Final = frozenset({"metadata"})
"""Keys whose value is a map whatever its keys (``metadata`` with keys ``"0"``, ``"1"``)."""


def as_lists(value: Any) -> Any:
    """``value`` with each array whose keys are ``"0"``, ``"1"``, ... in order made a list (a
    run-time value's marker, a ``$``-key, is kept as it is)."""
    if type(value) is list:
        return [as_lists(v) for v in value]
    if type(value) is not dict or any(str(k).startswith("$") for k in value):
        return value
    keys = list(value)
    if keys and keys == [str(i) for i in range(len(keys))]:
        return [as_lists(v) for v in value.values()]
    return {k: v if k in _KEPT else as_lists(v) for k, v in value.items()}


_INDEX: Final = re.compile(r"\.(\d+)(?=\.|$)")


def indexed(found: Dynamic) -> Dynamic:
    """``found`` at its path with a list's index written as one (``line_items.0.price`` ->
    ``line_items[0].price``)."""
    path = _INDEX.sub(r"[\1]", found.path)
    return found if path == found.path else dataclasses.replace(found, path=path)
